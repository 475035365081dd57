//! How [`TurnTracker`] moves turns between its open working set, the final turns held
//! in detail and the evicted summary: admission of a metric, re-assembly of the open
//! turns after a push (`settle`), finalization and eviction (see "Cost and memory" on
//! [`TurnTracker`]).

use super::{turn_ref, TurnTracker, MAX_OPEN_TURNS};
use crate::metric::Metric;
use crate::turns::assemble::{Assembly, TurnKey};
use crate::turns::latency::{TurnKind, TurnLatency};
use crate::turns::ledger::{Closed, OwnedKey, Reported};
use alloc::vec::Vec;

impl TurnTracker {
    /// Decides where a metric goes before it is inserted: `false` for a late metric of
    /// an evicted turn (counted); a metric of a final turn reopens it.
    pub(super) fn admit(&mut self, metric: &Metric) -> bool {
        let Some((id, at_ms)) = turn_ref(metric) else {
            return true;
        };
        if let Some(id) = id {
            if self.closed_ids.contains(id) {
                while let Some(c) = self.closed.back() {
                    let found = matches!(&c.key, OwnedKey::Speech(k) if k == id);
                    self.reopen_last();
                    if found {
                        break;
                    }
                }
                return true;
            }
        }
        // NaN compares false: such a time is never late (and normalize rejects it).
        let late = at_ms <= self.evicted_reach_ms
            || id.is_some_and(|id| self.evicted_ids.set.contains(id));
        if late {
            self.late_metrics += 1;
            self.evicted_usage.collect(metric);
        }
        !late
    }

    /// Counts the work of assembling the open turns once (see `work_units`).
    fn count_assembly(&mut self) {
        let metrics: usize = (self.open.by_speech.values())
            .map(|g| g.eou.len() + g.llm.len() + g.tts.len())
            .sum();
        let drafts = self.open.by_speech.len() + self.open.realtime.len();
        self.work += (drafts + metrics + self.open.realtime.len()) as u64;
    }

    /// Moves the last final turn back into the open working set.
    fn reopen_last(&mut self) {
        let Some(c) = self.closed.pop_back() else {
            return;
        };
        self.work += 1;
        if let OwnedKey::Speech(id) = &c.key {
            self.closed_ids.remove(id);
            if let Some(group) = c.group {
                self.open.restore(id.clone(), group);
            }
        }
        for r in &c.responses {
            self.open.insert(&Metric::RealtimeModel(r.clone()));
        }
        self.reported.insert_owned(&c.key);
    }

    /// Whether the open turns all start after everything the final turns can interact
    /// with (so assembling them alone gives what assembling everything would).
    fn consistent(&self, asm: &Assembly) -> bool {
        let (reach, accepts) = match self.closed.back() {
            Some(c) => (c.reach_ms, c.accepts_realtime),
            None => (self.evicted_reach_ms, self.evicted_accepts_realtime),
        };
        asm.len() == 0 || (asm.started_at_ms(0) > reach && (asm.has_eou(0) || !accepts))
    }

    /// Re-assembles the open turns, reports the complete ones (all with `all`),
    /// finalizes what can no longer change and evicts past the detail window.
    pub(super) fn settle(&mut self, all: bool) -> Vec<TurnLatency> {
        // A metric before the final turns' reach reopens them until the open turns
        // are consistent again (rare: late or out-of-order metrics).
        // The assembly checked is the one used below (assembling is most of a push).
        self.count_assembly();
        let mut asm = Assembly::with_prior(&self.open, self.prior_user_turn());
        if !(self.consistent(&asm) || self.closed.is_empty()) {
            drop(asm);
            loop {
                self.count_assembly();
                let asm = self.assemble();
                if self.consistent(&asm) || self.closed.is_empty() {
                    break;
                }
                let first = asm.started_at_ms(0);
                drop(asm);
                self.reopen_last();
                while self.closed.back().is_some_and(|c| c.reach_ms >= first) {
                    self.reopen_last();
                }
            }
            self.count_assembly();
            asm = Assembly::with_prior(&self.open, self.prior_user_turn());
        }
        let mut done = Vec::new();
        for i in 0..asm.len() {
            if (all || asm.is_complete(i)) && first_report(&mut self.reported, &asm, i) {
                done.push(asm.turn(i));
            }
        }
        // A realtime response reported as a turn of its own and later joined to its EOU
        // (out of order) leaves a key behind: drop keys no open turn has, but keep those
        // of the responses an open turn holds (a later EOU may take one over, and the
        // key says its turn was reported).
        let live_keys = self.reported.speech.len() + self.reported.realtime.len();
        if live_keys > asm.len() {
            let mut keep = Reported::default();
            for i in 0..asm.len() {
                if self.reported.contains(asm.key(i)) {
                    keep.insert(asm.key(i));
                }
                for r in asm.responses(i) {
                    if let Some(ranks) = self.reported.realtime.get(&r.request_id) {
                        keep.realtime.insert(r.request_id.clone(), ranks.clone());
                    }
                }
            }
            self.reported = keep;
        }
        let (closing, forced) = self.closable(&asm);
        let mut finals = Vec::with_capacity(closing);
        for i in 0..closing {
            if i < forced && first_report(&mut self.reported, &asm, i) {
                done.push(asm.turn(i));
            }
            finals.push((i, OwnedKey::from(asm.key(i))));
        }
        let mut closed = Vec::with_capacity(finals.len());
        for (i, key) in finals {
            closed.push(self.close(&asm, i, key, i < forced));
        }
        drop(asm);
        for mut c in closed {
            self.reported.remove(&c.key);
            match &c.key {
                OwnedKey::Speech(id) => {
                    c.group = self.open.by_speech.remove(id);
                    self.closed_ids.insert(id.clone());
                }
                OwnedKey::Realtime(..) => {}
            }
            self.open.realtime.retain(|r| !c.responses.contains(r));
            self.closed.push_back(c);
        }
        self.evict();
        done
    }

    /// How many leading open turns can be finalized, and how many of those are forced
    /// (too many open turns).
    fn closable(&self, asm: &Assembly) -> (usize, usize) {
        let (mut reach, mut accepts) = match self.closed.back() {
            Some(c) => (c.reach_ms, c.accepts_realtime),
            None => (self.evicted_reach_ms, self.evicted_accepts_realtime),
        };
        let mut pivot = 0;
        for i in 0..asm.len() {
            // Turns before `i` can be final if `i` starts after all they can reach and
            // no realtime response after it could join one of them.
            if i > 0 && asm.started_at_ms(i) > reach && (asm.has_eou(i) || !accepts) {
                pivot = i;
            }
            if !was_reported(&self.reported, asm, i) {
                break;
            }
            reach = reach.max(asm.reach_ms(i, false));
            if asm.has_eou(i) {
                accepts = asm.accepts_realtime(i);
            }
        }
        let forced = asm.len().saturating_sub(MAX_OPEN_TURNS / 2);
        if asm.len() > MAX_OPEN_TURNS && forced > pivot {
            return (forced, forced);
        }
        (pivot, 0)
    }

    /// The final record of open turn `i`.
    fn close(&self, asm: &Assembly, i: usize, key: OwnedKey, forced: bool) -> Closed {
        let (reach, user_turn, accepts) = match self.closed.back() {
            Some(c) => (c.reach_ms, c.user_turn, c.accepts_realtime),
            None => (
                self.evicted_reach_ms,
                self.evicted_user_turn,
                self.evicted_accepts_realtime,
            ),
        };
        // Within one batch, the previous turn's cumulative values are not in `closed`
        // yet: fold over the batch's own turns.
        let mut reach = reach;
        let mut user_turn = user_turn;
        let mut accepts = accepts;
        for j in 0..=i {
            reach = reach.max(asm.reach_ms(j, forced));
            user_turn |= asm.is_anchor(j);
            if asm.has_eou(j) {
                accepts = asm.accepts_realtime(j);
            }
        }
        Closed {
            turn: asm.turn(i),
            usage: asm.usage(i),
            key,
            group: None,
            responses: asm.responses(i).cloned().collect(),
            reach_ms: reach,
            user_turn,
            accepts_realtime: accepts,
        }
    }

    /// Drops the oldest final turns past the detail window, keeping their summary
    /// values and usage.
    fn evict(&mut self) {
        while self.closed.len() > self.max_turns_detail {
            let Some(c) = self.closed.pop_front() else {
                return;
            };
            self.evicted.add(&c.turn);
            self.evicted_turns += 1;
            self.evicted_reach_ms = self.evicted_reach_ms.max(c.reach_ms);
            self.evicted_user_turn |= c.user_turn;
            self.evicted_accepts_realtime = c.accepts_realtime;
            for row in c.usage.flatten() {
                self.evicted_usage.add_row(&row);
                if c.turn.kind == TurnKind::Speculative {
                    self.evicted_speculative.add_row(&row);
                }
            }
            if let OwnedKey::Speech(id) = c.key {
                self.closed_ids.remove(&id);
                self.evicted_ids.insert(id);
            }
        }
    }
}

/// Whether turn `i` was reported: under its key, or as one of its realtime responses
/// reported as a turn of its own before the EOU that joins them arrived (out of order:
/// the SDKs emit the EOU first). `turns()` shows the joined turn; it is not reported
/// again (a response a later EOU takes over takes that with it).
fn was_reported(reported: &Reported, asm: &Assembly, i: usize) -> bool {
    let key = asm.key(i);
    reported.contains(key)
        || (matches!(key, TurnKey::Speech(_))
            && asm
                .responses(i)
                .any(|r| reported.realtime.contains_key(&r.request_id)))
}

/// Records turn `i` as reported; `true` if it was not (see [`was_reported`]): every
/// turn is reported once.
fn first_report(reported: &mut Reported, asm: &Assembly, i: usize) -> bool {
    !was_reported(reported, asm, i) && reported.insert(asm.key(i))
}
