//! The live tracker's per-push work stays bounded however long the session, in every
//! arrival pattern: work is counted (`TurnTracker::work_units`: drafts assembled and
//! metrics read), not timed. Where the arrival pattern is one a real session produces,
//! the live turns also equal `compute_turn_latency` on the same metrics.

use voice_agent_metrics::metric::{EouMetrics, LlmMetrics, RealtimeModelMetrics, TtsMetrics};
use voice_agent_metrics::turns::MAX_OPEN_TURNS;
use voice_agent_metrics::{compute_turn_latency, Metric, TurnKind, TurnLatency, TurnTracker};

const T0: f64 = 1_795_280_000_000.0;

/// The most work one push may do: re-assembling the open turns (at most
/// `MAX_OPEN_TURNS`) and as many reopened ones a few times, each with its handful of
/// metrics. (Before overlapping user turns settled, one push there did up to 2.1 million.)
const MAX_WORK_PER_PUSH: u64 = 64 * MAX_OPEN_TURNS as u64;

/// Python-dialect EOU: the end of speech is `timestamp − delay`.
fn eou(id: &str, commit_ms: f64, delay_ms: f64) -> Metric {
    Metric::Eou(EouMetrics {
        timestamp_ms: commit_ms,
        end_of_utterance_delay_ms: Some(delay_ms),
        transcription_delay_ms: Some(delay_ms / 2.0),
        on_user_turn_completed_delay_ms: Some(0.0),
        last_speaking_time_ms: None,
        speech_id: Some(id.into()),
        ..EouMetrics::default()
    })
}

fn llm(id: &str, start_ms: f64) -> Metric {
    Metric::Llm(LlmMetrics {
        request_id: format!("req_{id}"),
        timestamp_ms: start_ms + 800.0,
        duration_ms: 800.0,
        ttft_ms: Some(300.0),
        completion_tokens: 20,
        prompt_tokens: 900,
        total_tokens: 920,
        speech_id: Some(id.into()),
        ..Default::default()
    })
}

fn tts(id: &str, start_ms: f64) -> Metric {
    Metric::Tts(TtsMetrics {
        request_id: format!("tts_{id}"),
        timestamp_ms: start_ms + 300.0,
        duration_ms: 300.0,
        ttfb_ms: Some(200.0),
        audio_duration_ms: 1_500.0,
        characters_count: 40,
        streamed: true,
        speech_id: Some(id.into()),
        ..Default::default()
    })
}

fn response(id: &str, at_ms: f64) -> Metric {
    Metric::RealtimeModel(RealtimeModelMetrics {
        request_id: format!("resp_{id}"),
        timestamp_ms: at_ms,
        duration_ms: 900.0,
        ttft_ms: Some(400.0),
        ..Default::default()
    })
}

fn emitted_at(m: &Metric) -> f64 {
    match m {
        Metric::Eou(e) => e.timestamp_ms,
        Metric::Llm(l) => l.timestamp_ms,
        Metric::Tts(t) => t.timestamp_ms,
        Metric::RealtimeModel(r) => r.timestamp_ms,
        _ => 0.0,
    }
}

/// Pipeline turns (EOU, LLM, TTS under one speech id), one every `every_ms`, each
/// committed `delay_ms` after the user stopped speaking, in emission order. With a delay
/// above the spacing the user turns overlap: each user stopped speaking before the
/// previous turn was committed.
fn pipeline(turns: usize, every_ms: f64, delay_ms: f64, with_tts: bool) -> Vec<Metric> {
    let mut out = Vec::new();
    for k in 0..turns {
        let id = format!("s{k}");
        let commit = T0 + every_ms * k as f64;
        out.push(eou(&id, commit, delay_ms));
        out.push(llm(&id, commit + 10.0));
        if with_tts {
            out.push(tts(&id, commit + 400.0));
        }
    }
    out.sort_by(|a, b| emitted_at(a).total_cmp(&emitted_at(b)));
    out
}

/// The attack pattern: EOU delays of 3 s, EOUs 2.5 s apart.
fn overlapping(turns: usize) -> Vec<Metric> {
    pipeline(turns, 2_500.0, 3_000.0, true)
}

fn sequential(turns: usize) -> Vec<Metric> {
    pipeline(turns, 10_000.0, 500.0, true)
}

/// Every window of `size` consecutive metrics reversed.
fn reversed_in_windows(mut metrics: Vec<Metric>, size: usize) -> Vec<Metric> {
    metrics.chunks_mut(size).for_each(<[Metric]>::reverse);
    metrics
}

/// Each turn's LLM metric arrives after the next turn's EOU, and its TTS metric after
/// the EOU of the turn after that (three speech ids in flight at once).
fn interleaved(turns: usize) -> Vec<Metric> {
    let mut out = Vec::new();
    for k in 0..turns + 2 {
        let at = |j: usize| T0 + 10_000.0 * j as f64;
        if k < turns {
            out.push(eou(&format!("s{k}"), at(k), 500.0));
        }
        if let Some(j) = k.checked_sub(1).filter(|&j| j < turns) {
            out.push(llm(&format!("s{j}"), at(j) + 10.0));
        }
        if let Some(j) = k.checked_sub(2) {
            out.push(tts(&format!("s{j}"), at(j) + 400.0));
        }
    }
    out
}

/// Client-side turn detection with a realtime model: EOU, then the response joins it;
/// the user turns overlap as in [`overlapping`].
fn realtime_overlapping(turns: usize) -> Vec<Metric> {
    let mut out = Vec::new();
    for k in 0..turns {
        let id = format!("s{k}");
        let commit = T0 + 2_500.0 * k as f64;
        out.push(eou(&id, commit, 3_000.0));
        out.push(response(&id, commit + 20.0));
    }
    out
}

/// A deterministic shuffle of every window of `size` metrics.
fn shuffled_in_windows(mut metrics: Vec<Metric>, size: usize, seed: u64) -> Vec<Metric> {
    let mut x = seed | 1;
    for w in metrics.chunks_mut(size) {
        for i in (1..w.len()).rev() {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            w.swap(i, (x % (i as u64 + 1)) as usize);
        }
    }
    metrics
}

/// Pushes every metric one by one (then flushes), failing as soon as one push does
/// more than [`MAX_WORK_PER_PUSH`]; returns the tracker and every turn reported.
fn push_all(what: &str, metrics: &[Metric]) -> (TurnTracker, Vec<TurnLatency>) {
    let mut tracker = TurnTracker::with_max_turns_detail(usize::MAX);
    let mut reported = Vec::new();
    let mut worst = (0, 0);
    for (i, m) in metrics.iter().enumerate() {
        let before = tracker.work_units();
        reported.extend(tracker.push(m));
        let work = tracker.work_units() - before;
        if work > worst.0 {
            worst = (work, i);
        }
        assert!(
            work <= MAX_WORK_PER_PUSH,
            "{what}: push {i} of {} did {work} units of work",
            metrics.len()
        );
    }
    let before = tracker.work_units();
    reported.extend(tracker.flush());
    let flush = tracker.work_units() - before;
    assert!(flush <= MAX_WORK_PER_PUSH, "{what}: flush did {flush}");
    // Flat: the second half of the session costs no more per push than the first.
    let (mut t, mut first_half) = (TurnTracker::with_max_turns_detail(usize::MAX), 0);
    let half = metrics.len() / 2;
    metrics[..half].iter().for_each(|m| drop(t.push(m)));
    first_half += t.work_units();
    metrics[half..].iter().for_each(|m| drop(t.push(m)));
    let second_half = t.work_units() - first_half;
    assert!(
        second_half <= first_half + first_half / 4 + 1_000,
        "{what}: work {first_half} over the first half, {second_half} over the second"
    );
    eprintln!(
        "{what}: {} metrics, {:.1} units per push, worst {} (push {})",
        metrics.len(),
        t.work_units() as f64 / metrics.len() as f64,
        worst.0,
        worst.1
    );
    (tracker, reported)
}

/// Bounded work, live == batch, and every turn reported exactly once.
fn assert_live_is_batch(what: &str, metrics: &[Metric]) {
    let (tracker, reported) = push_all(what, metrics);
    let batch = compute_turn_latency(metrics);
    assert_eq!(tracker.turns(), batch, "{what}");
    assert_eq!(tracker.late_metrics(), 0, "{what}");
    let mut ids: Vec<_> = reported.iter().map(|t| t.speech_id.clone()).collect();
    ids.sort();
    let mut want: Vec<_> = batch.iter().map(|t| t.speech_id.clone()).collect();
    want.sort();
    assert_eq!(ids, want, "{what}: reported once each");
}

const TURNS: usize = 3_000;

#[test]
fn overlapping_user_turns_settle_and_cost_the_same_at_any_length() {
    let metrics = overlapping(TURNS);
    // The pattern: each user stopped speaking before the previous turn was committed.
    let turns = compute_turn_latency(&metrics);
    assert_eq!(turns.len(), TURNS);
    assert_eq!(turns[1].started_at_ms, T0 + 2_500.0 - 3_000.0);
    assert!(turns[1].started_at_ms < T0, "overlaps turn 0's commit");
    assert!(turns.iter().all(|t| t.formula_latency_ms == Some(3_500.0)));
    assert_live_is_batch("overlapping", &metrics);
    // Each turn is final once the next one started: one or two open turns at a time.
    let mut tracker = TurnTracker::new();
    for m in &metrics[..3 * 500] {
        tracker.push(m);
    }
    let before = tracker.work_units();
    tracker.push(&metrics[3 * 500]);
    assert!(
        tracker.work_units() - before <= 12,
        "one push re-assembles 1-2 turns"
    );
}

#[test]
fn overlapping_user_turns_without_tts_or_with_realtime_replies() {
    assert_live_is_batch(
        "overlapping, no TTS",
        &pipeline(TURNS, 2_500.0, 3_000.0, false),
    );
    assert_live_is_batch("overlapping, realtime", &realtime_overlapping(TURNS));
    // Turns overlapping by far more than one turn (EOU delay 20 s, 2.5 s apart).
    assert_live_is_batch(
        "overlapping by eight turns",
        &pipeline(TURNS, 2_500.0, 20_000.0, true),
    );
}

#[test]
fn sequential_reordered_and_interleaved_turns_cost_the_same_at_any_length() {
    assert_live_is_batch("sequential", &sequential(TURNS));
    for size in [2, 9, 30] {
        assert_live_is_batch(
            &format!("sequential, reversed in windows of {size}"),
            &reversed_in_windows(sequential(TURNS), size),
        );
        assert_live_is_batch(
            &format!("overlapping, reversed in windows of {size}"),
            &reversed_in_windows(overlapping(TURNS), size),
        );
    }
    assert_live_is_batch(
        "sequential, shuffled in windows of 60",
        &shuffled_in_windows(sequential(TURNS), 60, 7),
    );
    assert_live_is_batch(
        "overlapping, shuffled in windows of 60",
        &shuffled_in_windows(overlapping(TURNS), 60, 9),
    );
    assert_live_is_batch("interleaved speech ids", &interleaved(TURNS));
}

#[test]
fn adversarial_orders_stay_bounded() {
    // Every LLM/TTS metric first, then every EOU.
    let all = sequential(TURNS);
    let (replies, eous): (Vec<Metric>, Vec<Metric>) = all
        .iter()
        .cloned()
        .partition(|m| !matches!(m, Metric::Eou(_)));
    let replies_first: Vec<Metric> = replies.into_iter().chain(eous).collect();
    let (tracker, _) = push_all("replies before every EOU", &replies_first);
    assert_eq!(tracker.turns().len(), TURNS);
    // In blocks of 100 turns: replies, then the block's EOUs.
    let blocks: Vec<Metric> = all
        .chunks(300)
        .flat_map(|block| {
            let (r, e): (Vec<&Metric>, Vec<&Metric>) =
                block.iter().partition(|m| !matches!(m, Metric::Eou(_)));
            r.into_iter().chain(e).cloned().collect::<Vec<_>>()
        })
        .collect();
    push_all("replies before EOUs, blocks of 100", &blocks);
    // The whole session in reverse.
    let mut reversed = all.clone();
    reversed.reverse();
    let (tracker, _) = push_all("reversed", &reversed);
    assert!(tracker.late_metrics() > 0);
    // EOUs only; LLM metrics only (no user turn ever decides their kind); TTS only.
    let only = |keep: fn(&Metric) -> bool| all.iter().filter(|m| keep(m)).cloned().collect();
    let eous: Vec<Metric> = only(|m| matches!(m, Metric::Eou(_)));
    assert_live_is_batch("EOUs only", &eous);
    let llms: Vec<Metric> = only(|m| matches!(m, Metric::Llm(_)));
    push_all("LLM only", &llms);
    let ttss: Vec<Metric> = only(|m| matches!(m, Metric::Tts(_)));
    push_all("TTS only", &ttss);
    // Realtime responses of their own (server-side turn detection), all at one time.
    let same_time: Vec<Metric> = (0..TURNS).map(|k| response(&k.to_string(), T0)).collect();
    push_all("realtime responses at one time", &same_time);
    // Every metric at the same instant.
    let mut pile = Vec::new();
    for k in 0..TURNS / 3 {
        let id = format!("p{k}");
        pile.extend([eou(&id, T0, 500.0), llm(&id, T0), tts(&id, T0)]);
    }
    push_all("everything at one instant", &pile);
}

#[test]
fn too_many_open_turns_are_settled_as_they_stand_and_sealed() {
    // Replies (LLM + TTS) of many turns before any EOU: each waits for a user turn.
    let all = sequential(200);
    let (replies, eous): (Vec<Metric>, Vec<Metric>) = all
        .iter()
        .cloned()
        .partition(|m| !matches!(m, Metric::Eou(_)));
    let mut tracker = TurnTracker::new();
    let mut reported = Vec::new();
    for m in &replies {
        reported.extend(tracker.push(m));
    }
    // Past MAX_OPEN_TURNS open turns, the oldest were settled as they stand: reported
    // (no user turn had been committed, so agent-initiated) and final.
    let open = 200 - reported.len();
    assert!(
        (MAX_OPEN_TURNS / 2..=MAX_OPEN_TURNS).contains(&open),
        "{open} open"
    );
    assert!(reported.iter().all(|t| t.kind == TurnKind::AgentInitiated));
    // Their EOUs are late: counted, not applied (the turns stay as they were settled).
    for m in &eous {
        tracker.push(m);
    }
    tracker.flush();
    let sealed = reported.len() as u64;
    assert_eq!(tracker.late_metrics(), sealed);
    let turns = tracker.turns();
    assert_eq!(turns.len(), 200);
    assert_eq!(turns[..sealed as usize], reported[..]);
    // The turns still open took their EOUs: as in batch.
    let batch = compute_turn_latency(&all);
    assert_eq!(turns[sealed as usize..], batch[sealed as usize..]);
}

#[test]
fn a_late_metric_reopens_at_most_max_open_turns_final_turns() {
    let all = sequential(300);
    let batch = compute_turn_latency(&all);
    for (back, reopened) in [(MAX_OPEN_TURNS - 1, true), (MAX_OPEN_TURNS + 1, false)] {
        // Turn `k`'s TTS metric held back until `back` later turns are final.
        let k = 200 - back;
        let id = format!("s{k}");
        let tts_k = (all.iter())
            .position(|m| matches!(m, Metric::Tts(t) if t.speech_id.as_ref() == Some(&id)))
            .expect("turn k's TTS");
        let mut tracker = TurnTracker::new();
        for (i, m) in all.iter().enumerate() {
            if i != tts_k && i < 3 * 201 {
                tracker.push(m);
            }
        }
        let before = tracker.work_units();
        tracker.push(&all[tts_k]);
        assert!(tracker.work_units() - before <= MAX_WORK_PER_PUSH);
        for m in &all[3 * 201..] {
            tracker.push(m);
        }
        tracker.flush();
        if reopened {
            assert_eq!(tracker.turns(), batch, "{back} turns back: reopened");
            assert_eq!(tracker.late_metrics(), 0);
        } else {
            assert_eq!(tracker.late_metrics(), 1, "{back} turns back: late");
            let turns = tracker.turns();
            assert_eq!(turns[k].tts_segments, 0);
            assert_eq!(turns[k + 1..], batch[k + 1..]);
        }
    }
}
