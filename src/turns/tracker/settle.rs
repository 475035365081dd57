//! How [`TurnTracker`] moves turns between its open working set, the final turns held
//! in detail and the evicted summary: admission of a metric, re-assembly of the open
//! turns after a push (`settle`), finalization and eviction (see "Cost and memory" on
//! [`TurnTracker`]).

use super::{turn_ref, TurnTracker, MAX_OPEN_TURNS};
use crate::metric::Metric;
use crate::turns::assemble::{Assembly, TurnKey};
use crate::turns::latency::{TurnKind, TurnLatency};
use crate::turns::ledger::{Closed, Frontier, OwnedKey, Reported};
use alloc::vec::Vec;

/// Suffix minima over the open turns (in order), for [`Frontier::admits`]: from turn
/// `i` on, the earliest start or commit, and the earliest start of a reply without EOU
/// (`+∞` past the end).
struct Tail {
    earliest_ms: Vec<f64>,
    waiting_ms: Vec<f64>,
}

impl Tail {
    fn of(asm: &Assembly) -> Tail {
        let n = asm.len();
        let mut earliest_ms = alloc::vec![f64::INFINITY; n + 1];
        let mut waiting_ms = alloc::vec![f64::INFINITY; n + 1];
        for i in (0..n).rev() {
            // A commit before the end of speech is malformed; taking the earlier of the
            // two keeps such a turn apart from the final turns it could reach.
            let start = asm.started_at_ms(i);
            let own = asm.commit_ms(i).map_or(start, |c| c.min(start));
            earliest_ms[i] = earliest_ms[i + 1].min(own);
            waiting_ms[i] = match asm.waits_for_user_turn(i) {
                true => waiting_ms[i + 1].min(start),
                false => waiting_ms[i + 1],
            };
        }
        Tail {
            earliest_ms,
            waiting_ms,
        }
    }
}

impl Frontier {
    /// Whether open turns `i..` can be assembled apart from the turns up to this
    /// frontier (assembling them alone gives what assembling everything would).
    fn admits(&self, asm: &Assembly, tail: &Tail, i: usize) -> bool {
        i >= asm.len()
            || (tail.earliest_ms[i] > self.reach_ms
                && tail.waiting_ms[i] > self.commit_ms
                && (asm.has_eou(i) || !self.accepts_realtime))
    }
}

impl TurnTracker {
    /// Decides where a metric goes before it is inserted: `false` for a late metric
    /// (counted): one of a sealed or evicted turn, or one before the sealed turns'
    /// reach. A metric of a final turn that is not sealed reopens it.
    pub(super) fn admit(&mut self, metric: &Metric) -> bool {
        let Some((id, at_ms)) = turn_ref(metric) else {
            return true;
        };
        let mut late = false;
        if let Some(id) = id {
            if self.closed_ids.contains(id) {
                let reopenable = self.closed.len() - self.sealed;
                let back = (self.closed.iter().rev().take(reopenable))
                    .position(|c| matches!(&c.key, OwnedKey::Speech(k) if k == id));
                match back {
                    Some(back) => {
                        for _ in 0..=back {
                            self.reopen_last();
                        }
                        return true;
                    }
                    None => late = true,
                }
            }
        }
        // NaN compares false: such a time is never late (and normalize rejects it).
        late |= at_ms <= self.sealed_frontier().reach_ms
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

    /// Moves the last final turn back into the open working set (never a sealed one);
    /// returns when it started.
    fn reopen_last(&mut self) -> f64 {
        if self.closed.len() <= self.sealed {
            return f64::INFINITY;
        }
        let Some(c) = self.closed.pop_back() else {
            return f64::INFINITY;
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
        c.turn.started_at_ms
    }

    /// Whether the open turns can be assembled apart from the final ones, or no final
    /// turn can be reopened.
    fn consistent(&self, asm: &Assembly, tail: &Tail) -> bool {
        self.closed.len() <= self.sealed || self.frontier().admits(asm, tail, 0)
    }

    /// Re-assembles the open turns, reports the complete ones (all with `all`),
    /// finalizes what can no longer change and evicts past the detail window.
    pub(super) fn settle(&mut self, all: bool) -> Vec<TurnLatency> {
        // A metric before the final turns' reach reopens them until the open turns
        // are consistent again (rare: late or out-of-order metrics), never past the
        // sealed turns. The assembly checked is the one used below (assembling is most
        // of a push).
        self.count_assembly();
        let mut asm = Assembly::with_prior(&self.open, self.prior_user_turn());
        let mut tail = Tail::of(&asm);
        if !self.consistent(&asm, &tail) {
            drop(asm);
            loop {
                self.count_assembly();
                let asm = self.assemble();
                let tail = Tail::of(&asm);
                if self.consistent(&asm, &tail) {
                    break;
                }
                let mut first = tail.earliest_ms[0];
                drop(asm);
                first = first.min(self.reopen_last());
                while self.closed.len() > self.sealed
                    && self
                        .closed
                        .back()
                        .is_some_and(|c| c.frontier.reach_ms >= first)
                {
                    first = first.min(self.reopen_last());
                }
            }
            self.count_assembly();
            asm = Assembly::with_prior(&self.open, self.prior_user_turn());
            tail = Tail::of(&asm);
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
        let (closing, forced) = self.closable(&asm, &tail);
        let mut frontier = self.frontier();
        let mut closed = Vec::with_capacity(closing);
        for i in 0..closing {
            if i < forced && first_report(&mut self.reported, &asm, i) {
                done.push(asm.turn(i));
            }
            frontier.advance(&asm, i, i < forced);
            closed.push(Closed {
                turn: asm.turn(i),
                usage: asm.usage(i),
                key: OwnedKey::from(asm.key(i)),
                group: None,
                responses: asm.responses(i).cloned().collect(),
                frontier,
            });
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
        // Turns settled as they stand, and every final turn more than MAX_OPEN_TURNS
        // back, are sealed (see "Sealed turns" on `TurnTracker`).
        if forced > 0 {
            self.sealed = self.closed.len();
        }
        self.sealed = self
            .sealed
            .max(self.closed.len().saturating_sub(MAX_OPEN_TURNS));
        self.evict();
        done
    }

    /// How many leading open turns can be finalized, and how many of those are forced
    /// (too many open turns).
    fn closable(&self, asm: &Assembly, tail: &Tail) -> (usize, usize) {
        let mut frontier = self.frontier();
        let mut pivot = 0;
        for i in 0..asm.len() {
            // Turns before `i` can be final if the turns from `i` on can be assembled
            // apart from them.
            if i > 0 && frontier.admits(asm, tail, i) {
                pivot = i;
            }
            if !was_reported(&self.reported, asm, i) {
                break;
            }
            frontier.advance(asm, i, false);
        }
        let forced = asm.len().saturating_sub(MAX_OPEN_TURNS / 2);
        if asm.len() > MAX_OPEN_TURNS && forced > pivot {
            return (forced, forced);
        }
        (pivot, 0)
    }

    /// Drops the oldest final turns past the detail window, keeping their summary
    /// values and usage.
    fn evict(&mut self) {
        while self.closed.len() > self.max_turns_detail {
            let Some(c) = self.closed.pop_front() else {
                return;
            };
            self.sealed = self.sealed.saturating_sub(1);
            self.evicted.add(&c.turn);
            self.evicted_turns += 1;
            self.evicted_frontier = c.frontier;
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
