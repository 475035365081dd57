//! Bounded memory and flat per-event cost of the live path (`TurnTracker`,
//! `SessionMetrics`), and live == batch on long sessions, in order and out of order.
//!
//! The heap is measured with a counting global allocator (live bytes). The long runs
//! print their numbers (`--nocapture`); `VAM_MEMORY_EVENTS` sets the event count of the
//! long run (default 200,000; `scripts/ci` runs 1,000,000 in release).

mod robustness_synth;

use robustness_synth::Session;
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicIsize, Ordering::Relaxed};
use std::time::Instant;
use voice_agent_metrics::{
    compute_turn_latency, compute_usage, sum_usage, summarize, Metric, ModelUsage, SessionMetrics,
    SessionOptions, TurnLatency, TurnTracker,
};

struct Counting;

static LIVE: AtomicIsize = AtomicIsize::new(0);

// SAFETY: forwards every call to the system allocator unchanged; only counts bytes.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size() as isize, Relaxed);
        System.alloc(layout)
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size() as isize, Relaxed);
        System.dealloc(ptr, layout)
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LIVE.fetch_add(new_size as isize - layout.size() as isize, Relaxed);
        System.realloc(ptr, layout, new_size)
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Pushes every metric one by one; returns every turn reported (pushes, then flush).
fn track(tracker: &mut TurnTracker, metrics: &[Metric]) -> Vec<TurnLatency> {
    let mut reported: Vec<TurnLatency> = metrics.iter().flat_map(|m| tracker.push(m)).collect();
    reported.extend(tracker.flush());
    reported
}

fn assert_reported_once(reported: &[TurnLatency], turns: &[TurnLatency], what: &str) {
    // As many reports as turns (a realtime response reported alone before the EOU
    // that joins it arrived is its turn's report: tests/turns_realtime_live.rs).
    assert_eq!(reported.len(), turns.len(), "{what}: reported count");
    // A turn is reported once, with what was known then (its start may still move).
    let same = |a: &TurnLatency, b: &TurnLatency| match (&a.speech_id, &b.speech_id) {
        (Some(x), Some(y)) => x == y,
        (None, None) => a.started_at_ms == b.started_at_ms,
        _ => false,
    };
    for t in turns {
        let n = reported.iter().filter(|r| same(r, t)).count();
        if t.realtime && t.speech_id.is_some() {
            assert!(n <= 1, "{what}: {t:?}"); // or reported as its response, alone
        } else {
            assert_eq!(n, 1, "{what}: {t:?}");
        }
    }
}

#[test]
fn live_equals_batch_on_long_sessions_in_order() {
    for seed in 1..=6 {
        let all = Session::new(seed).take_turns(300);
        let batch = compute_turn_latency(&all);
        let mut tracker = TurnTracker::new();
        let reported = track(&mut tracker, &all);
        assert_eq!(tracker.turns(), batch, "seed {seed}");
        assert_reported_once(&reported, &batch, &format!("seed {seed}"));
        assert_eq!(tracker.summary(), summarize(&batch));
        assert_eq!((tracker.evicted_turns(), tracker.late_metrics()), (0, 0));
    }
}

#[test]
fn live_equals_batch_when_metrics_arrive_out_of_order() {
    for (seed, percent) in [(11, 10), (12, 30), (13, 60)] {
        let mut session = Session::new(seed);
        session.reorder_percent = percent;
        let mut all = session.take_turns(200);
        // And a few metrics very late: moved 1 to 40 positions later.
        let mut rng = robustness_synth::Rng::new(seed);
        for _ in 0..30 {
            let i = rng.next() as usize % (all.len() - 41);
            let m = all.remove(i);
            all.insert(i + 1 + rng.next() as usize % 40, m);
        }
        let batch = compute_turn_latency(&all);
        let mut tracker = TurnTracker::new();
        let reported = track(&mut tracker, &all);
        assert_eq!(tracker.turns(), batch, "seed {seed}");
        assert_reported_once(&reported, &batch, &format!("seed {seed}"));
        // Batches of any size agree too.
        for size in [2, 7, 50] {
            let mut t = TurnTracker::new();
            for chunk in all.chunks(size) {
                t.push_many(chunk);
            }
            assert_eq!(t.turns(), batch, "seed {seed}, batches of {size}");
        }
    }
}

#[test]
fn evicted_turns_stay_in_the_summary_and_the_usage_totals() {
    let all = Session::new(21).take_turns(400);
    let batch = compute_turn_latency(&all);
    let mut tracker = TurnTracker::with_max_turns_detail(40);
    track(&mut tracker, &all);
    let kept = tracker.turns();
    assert!(kept.len() >= 40 && kept.len() < 45, "{}", kept.len());
    assert_eq!(kept, batch[batch.len() - kept.len()..]);
    assert_eq!(tracker.evicted_turns() as usize, batch.len() - kept.len());
    assert_eq!(
        tracker.summary(),
        summarize(&batch),
        "exact below the limit"
    );

    let mut live = SessionMetrics::new(SessionOptions {
        max_turns_detail: 40,
        ..SessionOptions::default()
    });
    all.iter().for_each(|m| drop(live.push(m)));
    let usage = live.usage();
    let whole = compute_usage(&all, SessionOptions::default());
    assert_eq!(usage.models, whole.models, "totals are exact");
    assert_eq!(
        usage.speculative, whole.speculative,
        "evicted speculative turns count"
    );
    assert_eq!(usage.turns.len(), kept.len());
    assert!(!usage.earlier_turns.is_empty());
    let parts: Vec<&ModelUsage> = usage
        .turns
        .iter()
        .flat_map(|t| &t.models)
        .chain(&usage.session_level)
        .chain(&usage.earlier_turns)
        .collect();
    let sum = sum_usage(parts);
    assert_eq!(sum.len(), usage.models.len());
    for row in &usage.models {
        assert!(
            sum.contains(row),
            "turns + session + earlier = totals: {row:?}"
        );
    }
}

#[test]
fn late_metrics_of_evicted_turns_are_counted_not_lost() {
    let mut session = Session::new(31);
    let first = session.take_turns(5);
    let rest = session.take_turns(60);
    let mut live = SessionMetrics::new(SessionOptions {
        max_turns_detail: 10,
        ..SessionOptions::default()
    });
    // The first five turns' TTS metrics are held back until the end.
    let (late, early): (Vec<Metric>, Vec<Metric>) =
        first.into_iter().partition(|m| matches!(m, Metric::Tts(_)));
    for m in early.iter().chain(&rest) {
        live.push(m);
    }
    let before = live.usage();
    for m in &late {
        assert!(live.push(m).is_empty());
    }
    assert_eq!(live.late_metrics() as usize, late.len());
    let after = live.usage();
    let tts_chars = |rows: &[ModelUsage]| -> u64 {
        rows.iter()
            .map(|r| match r {
                ModelUsage::Tts(t) => t.characters_count,
                _ => 0,
            })
            .sum()
    };
    assert_eq!(
        tts_chars(&after.models),
        tts_chars(&before.models) + 40 * late.len() as u64,
        "late usage is in the totals"
    );
    assert_eq!(
        tts_chars(&after.earlier_turns),
        tts_chars(&before.earlier_turns) + 40 * late.len() as u64
    );
}

fn live_bytes() -> isize {
    LIVE.load(Relaxed)
}

#[test]
fn a_long_live_session_keeps_memory_bounded_and_push_cost_flat() {
    let events: usize = std::env::var("VAM_MEMORY_EVENTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200_000);
    let checkpoints: Vec<usize> = [1_000, 10_000, 100_000, 1_000_000]
        .into_iter()
        .filter(|&c| c <= events)
        .chain((!matches!(events, 1_000 | 10_000 | 100_000 | 1_000_000)).then_some(events))
        .collect();
    let mut session = Session::new(41);
    let mut live = SessionMetrics::default();
    let base = live_bytes();
    let (mut pushed, mut turns) = (0usize, 0usize);
    let mut rows = Vec::new();
    let mut window_start = Instant::now();
    let mut window_events = 0usize;
    let mut at = checkpoints.iter().peekable();
    while let Some(&&next) = at.peek() {
        let metrics = session.next_turn();
        turns += 1;
        for m in &metrics {
            live.push(m);
        }
        pushed += metrics.len();
        window_events += metrics.len();
        drop(metrics);
        if pushed >= next {
            let ns = window_start.elapsed().as_nanos() as f64 / window_events as f64;
            let bytes = live_bytes() - base;
            println!(
                "events {pushed:>9}  turns {turns:>7}  live heap {:>8.1} KiB  push {:>7.0} ns/event (last window)",
                bytes as f64 / 1024.0,
                ns
            );
            rows.push((pushed, bytes, ns));
            at.next();
            window_start = Instant::now();
            window_events = 0;
        }
    }
    let summary = live.summary();
    // Every turn but `say()` is a user turn, less the server-side realtime replies that
    // join a client-side realtime turn just before them.
    let users = summary.user_turns as usize;
    assert!(users <= turns - session.says && users * 100 > (turns - session.says) * 99);
    assert!(live.turns().len() <= 1_000 + 64);
    // Bounded: the heap is the detail window (1,000 turns with their metrics), the
    // exact summary values (≤ 10,000 turns × 6 f64) and the dedupe window.
    let (_, last_bytes, _) = *rows.last().unwrap();
    assert!(last_bytes < 6 * 1024 * 1024, "{last_bytes} bytes");
    if let (Some(a), Some(b)) = (
        rows.iter().find(|r| r.0 >= 200_000),
        rows.iter().rev().find(|r| r.0 >= 200_000),
    ) {
        assert!(
            b.1 <= a.1 + 256 * 1024,
            "grew from {} to {} bytes",
            a.1,
            b.1
        );
    }
}

#[test]
fn the_live_chat_turn_builder_keeps_a_bounded_window_that_groups_exactly() {
    use voice_agent_metrics::{ChatTurnBuilder, ReportOptions, Value};
    let item = |id: String, role: &str, at: f64, metrics: &str| -> Value {
        let text = format!(
            r#"{{"id":"{id}","type":"message","role":"{role}","content":["x"],"interrupted":false,
               "created_at":{at},"metrics":{metrics}}}"#
        );
        serde_json::from_str(&text).unwrap()
    };
    let mut items = Vec::new();
    for k in 0..3_000 {
        let t = 1_795_280_000.0 + 10.0 * k as f64;
        items.push(item(
            format!("u{k}"),
            "user",
            t,
            r#"{"started_speaking_at":0,"stopped_speaking_at":0,"end_of_turn_delay":0.5}"#,
        ));
        items.push(item(
            format!("a{k}"),
            "assistant",
            t + 1.0,
            r#"{"llm_node_ttft":0.3,"tts_node_ttfb":0.2,"e2e_latency":1.3}"#,
        ));
        if k % 7 == 0 {
            // A say() after the reply: an agent-initiated turn of its own.
            items.push(item(
                format!("say{k}"),
                "assistant",
                t + 5.0,
                r#"{"tts_node_ttfb":0.1}"#,
            ));
        }
    }
    let mut all = ChatTurnBuilder::new(ReportOptions::default()).with_max_turns(usize::MAX);
    let mut live = ChatTurnBuilder::new(ReportOptions::default()).with_max_turns(100);
    for i in &items {
        all.push_item(i).unwrap();
        live.push_item(i).unwrap();
    }
    let (all, kept) = (all.turns(), live.turns());
    let users = kept.iter().filter(|t| t.user_item_id.is_some()).count();
    assert!((100..=125).contains(&users), "{users} user turns kept");
    assert!(live.evicted_items() > 5_000);
    // The kept turns group exactly as in the unbounded builder (same last turns).
    let tail = &all[all.len() - kept.len()..];
    let ids = |ts: &[voice_agent_metrics::ChatTurn]| -> Vec<Option<String>> {
        ts.iter().map(|t| t.user_item_id.clone()).collect()
    };
    assert_eq!(ids(&kept), ids(tail));
    // An item older than the window is late: dropped and counted.
    live.push_item(&items[0]).unwrap();
    assert_eq!(live.late_items(), 1);
    assert_eq!(live.turns().len(), kept.len());
}
