//! Building turns from grouped metrics: user side, reply, realtime join, kind, and
//! whether each turn is complete (for [`crate::TurnTracker`]).
//!
//! [`Assembly::new`] does the cheap part for every turn (times, kinds, completeness,
//! no allocation per turn beyond the draft); [`Assembly::turn`] builds the public
//! record only when asked, so a live tracker pays for the turns it reports.

use super::groups::{Group, Groups};
use super::heard::heard;
use super::kind::{kind_without_eou, next_user_turn, sort_anchors, UserAnchor};
use super::latency::{LatencyComponent, TurnKind, TurnLatency};
use super::realtime::{join, JoinTarget};
use super::steps::{reply, Reply};
use super::waterfall::{part_ms, WaterfallPart};
use crate::metric::{EouMetrics, RealtimeModelMetrics};
use crate::usage::UsageCollector;
use alloc::collections::BTreeMap;
use alloc::string::String;
use alloc::vec::Vec;
use core::cmp::Ordering;

/// A turn's identity, stable as metrics arrive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum TurnKey<'a> {
    /// A turn with a `speech_id`.
    Speech(&'a str),
    /// A realtime response joined to nothing: its `request_id` and, for the rare
    /// repeated id, its rank among the responses with that id.
    Realtime(&'a str, usize),
}

/// End of user speech, epoch ms: Node's `lastSpeakingTimeMs`, else the EOU timestamp
/// minus the EOU delay and the `on_user_turn_completed` hook (both ran between the end
/// of speech and the emission), else the EOU timestamp.
pub(crate) fn end_of_speech_ms(eou: &EouMetrics) -> f64 {
    if let Some(t) = eou.last_speaking_time_ms {
        return t;
    }
    match eou.end_of_utterance_delay_ms {
        Some(d) => eou.timestamp_ms - d - eou.on_user_turn_completed_delay_ms.unwrap_or(0.0),
        None => eou.timestamp_ms,
    }
}

/// A turn being built.
struct Draft<'a> {
    key: TurnKey<'a>,
    eou: Option<&'a EouMetrics>,
    group: Option<&'a Group>,
    reply: Reply,
    realtime: Vec<&'a RealtimeModelMetrics>,
    started_at_ms: f64,
    kind: TurnKind,
    complete: bool,
    /// For a turn without EOU whose kind depends on the next user turn (it has LLM
    /// steps): that turn's commit time (`+∞` when there is none yet).
    next_commit_ms: Option<f64>,
}

impl<'a> Draft<'a> {
    fn from_group(id: &'a str, group: &'a Group) -> Self {
        let eou = group.eou.first();
        let reply = reply(&group.llm, &group.tts);
        let started_at_ms = match eou {
            Some(e) => end_of_speech_ms(e),
            None => reply.started_at_ms().unwrap_or(0.0),
        };
        Draft {
            key: TurnKey::Speech(id),
            eou,
            group: Some(group),
            reply,
            realtime: Vec::new(),
            started_at_ms,
            kind: TurnKind::User,
            complete: false,
            next_commit_ms: None,
        }
    }

    fn from_response(r: &'a RealtimeModelMetrics, rank: usize) -> Self {
        Draft {
            key: TurnKey::Realtime(&r.request_id, rank),
            eou: None,
            group: None,
            reply: Reply::default(),
            realtime: alloc::vec![r],
            started_at_ms: r.timestamp_ms,
            kind: TurnKind::User,
            complete: false,
            next_commit_ms: None,
        }
    }

    fn llm_steps(&self) -> usize {
        self.group.map_or(0, |g| g.llm.len())
    }

    fn tts_segments(&self) -> usize {
        self.group.map_or(0, |g| g.tts.len())
    }

    /// User turns: an EOU, or a realtime response joined to nothing.
    fn anchor(&self) -> Option<UserAnchor> {
        let committed_ms = match (self.eou, self.group) {
            (Some(e), _) => e.timestamp_ms,
            (None, None) => self.started_at_ms,
            (None, Some(_)) => return None,
        };
        Some(UserAnchor {
            ended_speaking_ms: self.started_at_ms,
            committed_ms,
        })
    }

    fn order(&self, other: &Self) -> Ordering {
        self.started_at_ms
            .total_cmp(&other.started_at_ms)
            .then_with(|| self.key.cmp(&other.key))
    }
}

/// Every turn of a set of groups, in chronological order (`started_at_ms`, then identity).
pub(crate) struct Assembly<'a> {
    drafts: Vec<Draft<'a>>,
}

impl<'a> Assembly<'a> {
    /// Groups → drafts, realtime responses joined, kinds and completeness decided.
    pub fn new(groups: &'a Groups) -> Self {
        Self::with_prior(groups, false)
    }

    /// [`Assembly::new`] for the open tail of a live session: `prior_user_turn` says
    /// whether a user turn was committed before every turn in `groups` (one that was
    /// already finalized, see [`crate::TurnTracker`]).
    pub fn with_prior(groups: &'a Groups, prior_user_turn: bool) -> Self {
        let mut drafts: Vec<Draft> = groups
            .by_speech
            .iter()
            .map(|(id, g)| Draft::from_group(id, g))
            .collect();
        drafts.sort_by(|a, b| a.order(b));
        join_realtime(&mut drafts, &groups.realtime);
        drafts.sort_by(|a, b| a.order(b));

        let mut anchors: Vec<UserAnchor> = drafts.iter().filter_map(Draft::anchor).collect();
        sort_anchors(&mut anchors);
        let latest_end = anchors.iter().map(|a| a.ended_speaking_ms).reduce(f64::max);
        let latest_commit = anchors.last().map(|a| a.committed_ms);
        for d in &mut drafts {
            if d.eou.is_none() && d.group.is_some() {
                d.kind = kind_without_eou(
                    &d.reply,
                    d.llm_steps(),
                    d.started_at_ms,
                    &anchors,
                    prior_user_turn,
                );
                if d.llm_steps() > 0 {
                    let next = next_user_turn(&anchors, d.started_at_ms);
                    d.next_commit_ms = Some(next.map_or(f64::INFINITY, |a| a.committed_ms));
                }
            }
            d.complete = is_complete(d, latest_end, latest_commit);
        }
        Assembly { drafts }
    }

    /// How many turns there are.
    pub fn len(&self) -> usize {
        self.drafts.len()
    }

    /// The identity of turn `i`.
    pub fn key(&self, i: usize) -> TurnKey<'a> {
        self.drafts[i].key
    }

    /// Whether turn `i` is complete.
    pub fn is_complete(&self, i: usize) -> bool {
        self.drafts[i].complete
    }

    /// The public record of turn `i`.
    pub fn turn(&self, i: usize) -> TurnLatency {
        finish(&self.drafts[i])
    }

    /// When turn `i` started, epoch ms (turns are in this order).
    pub fn started_at_ms(&self, i: usize) -> f64 {
        self.drafts[i].started_at_ms
    }

    /// Whether turn `i` has an EOU (so a realtime response after it may join it).
    pub fn has_eou(&self, i: usize) -> bool {
        self.drafts[i].eou.is_some()
    }

    /// Whether turn `i` is an EOU turn without LLM requests: realtime responses
    /// created after its end of speech join it.
    pub fn accepts_realtime(&self, i: usize) -> bool {
        self.drafts[i].eou.is_some() && self.drafts[i].llm_steps() == 0
    }

    /// The latest time at which turn `i` can still interact with any later turn, epoch
    /// ms: its start, its realtime responses' creation, and for a turn whose kind waits
    /// for the next user turn, that turn's commit (`+∞` while there is none). With
    /// `forced`, the wait for the next user turn is ignored. A user turn's own commit is
    /// apart ([`Assembly::commit_ms`]): only turns that wait for a user turn read it.
    pub fn reach_ms(&self, i: usize, forced: bool) -> f64 {
        let d = &self.drafts[i];
        let mut reach = d.started_at_ms;
        for r in &d.realtime {
            reach = reach.max(r.timestamp_ms);
        }
        match d.next_commit_ms {
            Some(next) if !forced => reach.max(next),
            _ => reach,
        }
    }

    /// When user turn `i` was committed (see [`UserAnchor`]); `None` for other turns.
    ///
    /// Only the kind and completeness of turns without EOU (those with LLM/TTS metrics,
    /// [`Assembly::waits_for_user_turn`]) read other turns' commit times. A user turn
    /// whose user stopped speaking before the previous turn was committed (overlapping
    /// user turns) depends on nothing in it.
    pub fn commit_ms(&self, i: usize) -> Option<f64> {
        self.drafts[i].anchor().map(|a| a.committed_ms)
    }

    /// Whether turn `i` is a reply without EOU: its kind and completeness are decided
    /// by the user turns committed around it.
    pub fn waits_for_user_turn(&self, i: usize) -> bool {
        self.drafts[i].eou.is_none() && self.drafts[i].group.is_some()
    }

    /// Turn `i`'s usage (its LLM steps, TTS segments and realtime responses).
    pub fn usage(&self, i: usize) -> UsageCollector {
        usage_of(&self.drafts[i])
    }

    /// The realtime responses in turn `i`.
    pub fn responses(&self, i: usize) -> impl Iterator<Item = &'a RealtimeModelMetrics> + '_ {
        self.drafts[i].realtime.iter().copied()
    }

    /// Every public record, in order.
    pub fn turns(&self) -> Vec<TurnLatency> {
        self.drafts.iter().map(finish).collect()
    }

    /// Every turn with the usage of its own metrics (LLM steps, TTS segments, realtime
    /// responses), in order.
    pub fn turns_with_usage(&self) -> Vec<(TurnLatency, UsageCollector)> {
        self.drafts
            .iter()
            .map(|d| (finish(d), usage_of(d)))
            .collect()
    }
}

/// The usage of a draft's own metrics.
fn usage_of(d: &Draft) -> UsageCollector {
    let mut usage = UsageCollector::new();
    if let Some(g) = d.group {
        for m in &g.llm {
            usage.collect_llm(m);
        }
        for m in &g.tts {
            usage.collect_tts(m);
        }
    }
    for r in &d.realtime {
        usage.collect_realtime(r);
    }
    usage
}

/// Attaches each realtime response to the user turn it joins (see [`super::realtime`]),
/// or adds it as a turn of its own. `drafts` must be in order.
fn join_realtime<'a>(drafts: &mut Vec<Draft<'a>>, responses: &'a [RealtimeModelMetrics]) {
    let users: Vec<usize> = (0..drafts.len())
        .filter(|&i| drafts[i].eou.is_some())
        .collect();
    let targets: Vec<JoinTarget> = users
        .iter()
        .map(|&i| JoinTarget {
            started_at_ms: drafts[i].started_at_ms,
            has_llm: drafts[i].llm_steps() > 0,
        })
        .collect();
    let mut ranks: BTreeMap<&str, usize> = BTreeMap::new();
    for (r, target) in responses.iter().zip(join(responses, &targets)) {
        match target {
            Some(t) => drafts[users[t]].realtime.push(r),
            None => {
                let rank = ranks.entry(r.request_id.as_str()).or_insert(0);
                drafts.push(Draft::from_response(r, *rank));
                *rank += 1;
            }
        }
    }
}

/// A turn is complete when its parts are all there (EOU + first LLM step + first TTS
/// segment; EOU + first realtime response; a realtime response without EOU on arrival),
/// or when a later user turn supersedes it (`latest_end`/`latest_commit`: the latest end
/// of user speech and commit over all user turns).
fn is_complete(d: &Draft, latest_end: Option<f64>, latest_commit: Option<f64>) -> bool {
    let after = |t: Option<f64>| t.is_some_and(|t| t > d.started_at_ms);
    if d.kind != TurnKind::User {
        // Only a user turn committed after it decides between agent-initiated and
        // speculative.
        return after(latest_commit);
    }
    let has_parts = match d.eou {
        None => true, // a realtime response with no EOU to join
        Some(_) if !d.realtime.is_empty() => true,
        Some(_) => d.llm_steps() > 0 && d.tts_segments() > 0,
    };
    has_parts || after(latest_end)
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn finish(d: &Draft) -> TurnLatency {
    let realtime = !d.realtime.is_empty();
    let (llm_ttft_ms, llm_steps, llm_duration_ms) = match d.realtime.first() {
        Some(first) => (
            first.ttft_ms,
            d.realtime.len(),
            Some(d.realtime.iter().map(|r| r.duration_ms).sum()),
        ),
        None => (d.reply.llm_ttft_ms, d.llm_steps(), d.reply.llm_duration_ms),
    };
    let eou_delay_ms = d.eou.and_then(|e| e.end_of_utterance_delay_ms);
    let tts_needed = !realtime || d.tts_segments() > 0;
    let mut missing = Vec::new();
    if eou_delay_ms.is_none() {
        missing.push(LatencyComponent::Eou);
    }
    if llm_ttft_ms.is_none() {
        missing.push(LatencyComponent::Llm);
    }
    if tts_needed && d.reply.tts_ttfb_ms.is_none() {
        missing.push(LatencyComponent::Tts);
    }
    let formula_latency_ms = match (eou_delay_ms, llm_ttft_ms) {
        (Some(eou), Some(llm)) if missing.is_empty() && d.kind == TurnKind::User => {
            let tts = if tts_needed {
                d.reply.tts_ttfb_ms
            } else {
                None
            };
            Some(eou + llm + tts.unwrap_or(0.0))
        }
        _ => None,
    };
    let heard = match (d.kind, d.eou) {
        (TurnKind::User, Some(eou)) => {
            let (steps, segments) = d
                .group
                .map_or((&[][..], &[][..]), |g| (&g.llm[..], &g.tts[..]));
            heard(eou, steps, segments, &d.realtime)
        }
        _ => None,
    };
    let (e2e_latency_ms, waterfall) = match heard {
        Some((e2e, w)) => (Some(e2e), w),
        None => (None, Vec::new()),
    };
    let unexplained_ms = e2e_latency_ms.map(|_| part_ms(&waterfall, WaterfallPart::Unexplained));
    TurnLatency {
        speech_id: match d.key {
            TurnKey::Speech(id) => Some(String::from(id)),
            TurnKey::Realtime(..) => None,
        },
        kind: d.kind,
        started_at_ms: d.started_at_ms,
        e2e_latency_ms,
        eou_delay_ms,
        transcription_delay_ms: d.eou.and_then(|e| e.transcription_delay_ms),
        on_user_turn_completed_delay_ms: d.eou.and_then(|e| e.on_user_turn_completed_delay_ms),
        llm_ttft_ms,
        tts_ttfb_ms: d.reply.tts_ttfb_ms,
        formula_latency_ms,
        missing,
        llm_steps: count(llm_steps),
        llm_duration_ms,
        tts_segments: count(d.tts_segments()),
        cancelled: d.reply.cancelled
            || d.realtime.iter().any(|r| r.cancelled)
            || d.kind == TurnKind::Speculative,
        realtime,
        unexplained_ms,
        waterfall,
        first_transcript_after_eos_delay_ms: d
            .eou
            .and_then(|e| e.first_transcript_after_eos_delay_ms),
    }
}
