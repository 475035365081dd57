//! What the live [`super::TurnTracker`] remembers besides the open turns' metrics: which
//! open turns were reported, the final turns held in detail (with their metrics, so a
//! late metric can reopen them), and the speech ids of the last evicted turns.

use super::assemble::{Assembly, TurnKey};
use super::groups::Group;
use super::latency::TurnLatency;
use crate::metric::RealtimeModelMetrics;
use crate::usage::UsageCollector;
use alloc::collections::{BTreeMap, BTreeSet, VecDeque};
use alloc::string::String;
use alloc::vec::Vec;

/// How many speech ids of evicted turns are remembered, to recognise late metrics.
const EVICTED_IDS: usize = 4_096;

/// The identities of the open turns already reported.
#[derive(Debug, Clone, Default)]
pub(super) struct Reported {
    pub(super) speech: BTreeSet<String>,
    pub(super) realtime: BTreeMap<String, BTreeSet<usize>>,
}

impl Reported {
    /// Records `key`; `false` if it was already there.
    pub(super) fn insert(&mut self, key: TurnKey) -> bool {
        match key {
            TurnKey::Speech(id) if self.speech.contains(id) => false,
            TurnKey::Speech(id) => self.speech.insert(String::from(id)),
            TurnKey::Realtime(id, rank) => match self.realtime.get_mut(id) {
                Some(ranks) => ranks.insert(rank),
                None => {
                    let ranks = BTreeSet::from([rank]);
                    self.realtime.insert(String::from(id), ranks);
                    true
                }
            },
        }
    }

    /// Whether `key` was reported.
    pub(super) fn contains(&self, key: TurnKey) -> bool {
        match key {
            TurnKey::Speech(id) => self.speech.contains(id),
            TurnKey::Realtime(id, rank) => self.realtime.get(id).is_some_and(|r| r.contains(&rank)),
        }
    }

    /// Forgets `key` (its turn became final).
    pub(super) fn remove(&mut self, key: &OwnedKey) {
        match key {
            OwnedKey::Speech(id) => {
                self.speech.remove(id);
            }
            OwnedKey::Realtime(id, rank) => {
                if let Some(ranks) = self.realtime.get_mut(id) {
                    ranks.remove(rank);
                    if ranks.is_empty() {
                        self.realtime.remove(id);
                    }
                }
            }
        }
    }

    /// Records an owned key (a final turn reopened).
    pub(super) fn insert_owned(&mut self, key: &OwnedKey) {
        match key {
            OwnedKey::Speech(id) => self.insert(TurnKey::Speech(id)),
            OwnedKey::Realtime(id, rank) => self.insert(TurnKey::Realtime(id, *rank)),
        };
    }
}

/// A [`TurnKey`] that owns its id.
#[derive(Debug, Clone)]
pub(super) enum OwnedKey {
    /// A turn with a `speech_id`.
    Speech(String),
    /// A realtime response of its own: `request_id` and rank.
    Realtime(String, usize),
}

impl From<TurnKey<'_>> for OwnedKey {
    fn from(key: TurnKey) -> Self {
        match key {
            TurnKey::Speech(id) => OwnedKey::Speech(String::from(id)),
            TurnKey::Realtime(id, rank) => OwnedKey::Realtime(String::from(id), rank),
        }
    }
}

/// A final turn still held in detail, with the metrics it was built from (so a late
/// metric can reopen it).
#[derive(Debug, Clone)]
pub(super) struct Closed {
    /// The final record.
    pub(super) turn: TurnLatency,
    /// The usage of its own metrics.
    pub(super) usage: UsageCollector,
    /// Its identity.
    pub(super) key: OwnedKey,
    /// Its metrics (for a turn with a `speech_id`).
    pub(super) group: Option<Group>,
    /// Its realtime responses.
    pub(super) responses: Vec<RealtimeModelMetrics>,
    /// What the final turns up to this one leave for the turns after it.
    pub(super) frontier: Frontier,
}

/// What the final turns up to one turn leave for the turns after it: the open turns
/// can be assembled apart from them only if they start after `reach_ms`, every reply
/// without EOU among them starts after `commit_ms`, and (while `accepts_realtime`)
/// the first has an EOU.
#[derive(Debug, Clone, Copy)]
pub(super) struct Frontier {
    /// The latest time any of these turns can interact with any later turn (see
    /// [`Assembly::reach_ms`]), epoch ms.
    pub(super) reach_ms: f64,
    /// The latest commit of a user turn among them (see [`Assembly::commit_ms`]), epoch
    /// ms: a reply without EOU that starts before it may be decided by it.
    pub(super) commit_ms: f64,
    /// Whether a user turn was committed among them.
    pub(super) user_turn: bool,
    /// Whether the latest EOU turn among them takes realtime responses.
    pub(super) accepts_realtime: bool,
}

impl Frontier {
    /// Before any turn.
    pub(super) const START: Frontier = Frontier {
        reach_ms: f64::NEG_INFINITY,
        commit_ms: f64::NEG_INFINITY,
        user_turn: false,
        accepts_realtime: false,
    };

    /// The frontier once turn `i` of `asm` is final too (`forced`: settled as it stands,
    /// without waiting for the user turn that decides its kind).
    pub(super) fn advance(&mut self, asm: &Assembly, i: usize, forced: bool) {
        self.reach_ms = self.reach_ms.max(asm.reach_ms(i, forced));
        if let Some(c) = asm.commit_ms(i) {
            self.commit_ms = self.commit_ms.max(c);
            self.user_turn = true;
        }
        if asm.has_eou(i) {
            self.accepts_realtime = asm.accepts_realtime(i);
        }
    }
}

/// The speech ids of the last evicted turns (bounded).
#[derive(Debug, Clone, Default)]
pub(super) struct RecentIds {
    pub(super) set: BTreeSet<String>,
    order: VecDeque<String>,
}

impl RecentIds {
    /// Remembers `id`, forgetting the oldest past the bound.
    pub(super) fn insert(&mut self, id: String) {
        if self.set.insert(id.clone()) {
            self.order.push_back(id);
        }
        if self.order.len() > EVICTED_IDS {
            if let Some(old) = self.order.pop_front() {
                self.set.remove(&old);
            }
        }
    }
}
