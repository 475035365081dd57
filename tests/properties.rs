//! Properties of the turn and usage engines over generated sessions (proptest):
//! turns and totals are invariant under permutation of the events and under duplicate
//! delivery, live equals batch, usage never decreases as events arrive, usage merging
//! is associative and commutative, and units round-trip (seconds → ms → seconds in the
//! LiveKit Python output shapes). Aggregator merging is covered in `tests/aggregate.rs`.

mod robustness_synth;

use proptest::prelude::*;
use robustness_synth::{Rng, Session};
use voice_agent_metrics::usage::{LlmUsage, ModelUsage, SttUsage, TtsUsage};
use voice_agent_metrics::{
    compute_turn_latency, compute_usage, normalize_json, sum_usage, summarize, Metric,
    NormalizeOptions, SessionMetrics, SessionOptions, TurnTracker, Value,
};

fn shuffle<T>(xs: &mut [T], seed: u64) {
    let mut r = Rng::new(seed);
    for i in (1..xs.len()).rev() {
        xs.swap(i, r.next() as usize % (i + 1));
    }
}

/// Rows compared as a set (their order is first-seen order, which arrival changes).
fn same_rows(a: &[ModelUsage], b: &[ModelUsage]) -> bool {
    a.len() == b.len() && a.iter().all(|r| b.contains(r))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn turns_and_totals_do_not_depend_on_arrival_order(seed in 1u64..10_000, turns in 1usize..40, order in any::<u64>()) {
        let all = Session::new(seed).take_turns(turns);
        let mut shuffled = all.clone();
        shuffle(&mut shuffled, order);
        let batch = compute_turn_latency(&all);
        prop_assert_eq!(&compute_turn_latency(&shuffled), &batch);
        prop_assert_eq!(summarize(&compute_turn_latency(&shuffled)), summarize(&batch));
        let (u1, u2) = (compute_usage(&all, SessionOptions::default()), compute_usage(&shuffled, SessionOptions::default()));
        prop_assert!(same_rows(&u1.models, &u2.models));
        // Live, one by one in the shuffled order: the same turns.
        let mut tracker = TurnTracker::new();
        shuffled.iter().for_each(|m| drop(tracker.push(m)));
        prop_assert_eq!(tracker.turns(), batch);
    }

    #[test]
    fn overlapping_user_turns_live_equals_batch_in_any_order(seed in 1u64..10_000, turns in 1usize..40, spacing in 100u64..1_500, order in any::<u64>()) {
        // Each user stops speaking 100 ms to `spacing` after the previous one: with EOU
        // delays of 300–900 ms, many turns overlap the previous turn's commit.
        let mut session = Session::new(seed);
        session.spacing_ms = Some((100, spacing + 1));
        let all = session.take_turns(turns);
        let batch = compute_turn_latency(&all);
        let mut tracker = TurnTracker::new();
        all.iter().for_each(|m| drop(tracker.push(m)));
        prop_assert_eq!(tracker.turns(), batch.clone());
        let mut shuffled = all.clone();
        shuffle(&mut shuffled, order);
        prop_assert_eq!(&compute_turn_latency(&shuffled), &batch);
        let mut tracker = TurnTracker::new();
        shuffled.iter().for_each(|m| drop(tracker.push(m)));
        prop_assert_eq!(tracker.turns(), batch.clone());
        let mut t = TurnTracker::new();
        for chunk in shuffled.chunks(1 + (order % 7) as usize) {
            t.push_many(chunk);
        }
        prop_assert_eq!(t.turns(), batch);
    }

    #[test]
    fn long_sessions_live_equals_batch_under_local_reordering(seed in 1u64..10_000, turns in 100usize..300, spacing in prop::option::of(100u64..3_000), window in 2usize..40) {
        // Longer than MAX_OPEN_TURNS turns, each window of metrics shuffled: no turn is
        // sealed (nothing is far out of place), so live equals batch.
        let mut session = Session::new(seed);
        session.spacing_ms = spacing.map(|s| (100, s + 1));
        let all = session.take_turns(turns);
        let mut reordered = all.clone();
        for (i, w) in reordered.chunks_mut(window).enumerate() {
            shuffle(w, seed ^ i as u64);
        }
        let batch = compute_turn_latency(&all);
        let mut tracker = TurnTracker::with_max_turns_detail(usize::MAX);
        reordered.iter().for_each(|m| drop(tracker.push(m)));
        tracker.flush();
        prop_assert_eq!(tracker.late_metrics(), 0);
        prop_assert_eq!(tracker.turns(), batch);
    }

    #[test]
    fn duplicate_delivery_changes_nothing(seed in 1u64..10_000, turns in 1usize..30, dup in any::<u64>()) {
        let all = Session::new(seed).take_turns(turns);
        // Some events delivered twice, the copy right after or a little later.
        let mut r = Rng::new(dup);
        let mut doubled = Vec::new();
        for m in &all {
            doubled.push(m.clone());
            if r.chance(30) {
                doubled.push(m.clone());
            }
        }
        let extra = doubled.len() - all.len();
        prop_assert_eq!(compute_turn_latency(&doubled), compute_turn_latency(&all));
        let once = compute_usage(&all, SessionOptions::default());
        let twice = compute_usage(&doubled, SessionOptions::default());
        prop_assert_eq!(&twice.models, &once.models);
        prop_assert_eq!(twice.duplicates_dropped as usize, extra);
        let mut live = SessionMetrics::default();
        doubled.iter().for_each(|m| drop(live.push(m)));
        prop_assert_eq!(live.turns(), compute_turn_latency(&all));
        prop_assert_eq!(live.usage().models, once.models);
    }

    #[test]
    fn usage_never_decreases_as_events_arrive(seed in 1u64..10_000, turns in 1usize..25) {
        let all = Session::new(seed).take_turns(turns);
        let mut live = SessionMetrics::default();
        let mut before: Vec<ModelUsage> = Vec::new();
        for m in &all {
            live.push(m);
            let now = live.usage().models;
            for old in &before {
                let new = now.iter().find(|r| r.key() == old.key() && r.kind() == old.kind());
                prop_assert!(new.is_some(), "a usage row disappeared");
                prop_assert!(covers(new.unwrap(), old), "{:?} < {:?}", new, old);
            }
            before = now;
        }
    }

    #[test]
    fn merging_usage_is_associative_and_commutative(a in rows(), b in rows(), c in rows()) {
        let ab_c = sum_usage(sum_usage(a.iter().chain(&b)).iter().chain(&c));
        let a_bc = sum_usage(a.iter().chain(&sum_usage(b.iter().chain(&c))));
        prop_assert!(same_rows(&ab_c, &a_bc));
        let cba = sum_usage(c.iter().chain(&b).chain(&a));
        prop_assert!(same_rows(&ab_c, &cba));
    }

    #[test]
    fn seconds_round_trip_through_ms_in_the_python_shapes(
        audio_ms in 0u64..100_000_000, session_ms in 0u64..100_000_000, chars in 0u64..1_000_000,
    ) {
        // Python writes seconds with up to 3 decimals: stt.audio_duration = 12.345.
        let (audio_s, session_s) = (audio_ms as f64 / 1000.0, session_ms as f64 / 1000.0);
        let log = format!(
            r#"[{{"type":"stt_metrics","timestamp":1795280001.0,"request_id":"r","duration":0.0,
                "audio_duration":{audio_s},"streamed":true,"metadata":{{"model_provider":"deepgram","model_name":"nova-3"}}}},
               {{"type":"tts_metrics","timestamp":1795280002.0,"request_id":"t","ttfb":0.1,"duration":0.3,
                "audio_duration":{audio_s},"cancelled":false,"characters_count":{chars},"streamed":true}},
               {{"type":"realtime_model_metrics","timestamp":1795280003.0,"request_id":"x","duration":0.5,
                "session_duration":{session_s},"ttft":0.2,"cancelled":false,"input_tokens":1,"output_tokens":1,
                "total_tokens":2,"tokens_per_second":1.0,"input_token_details":{{"audio_tokens":0,"text_tokens":1,
                "image_tokens":0,"cached_tokens":0}},"output_token_details":{{"text_tokens":1,"audio_tokens":0,"image_tokens":0}}}}]"#
        );
        let metrics: Vec<Metric> = normalize_json(log.as_bytes(), &NormalizeOptions::default())
            .unwrap().records.into_iter().map(|r| r.metric).collect();
        let usage = compute_usage(&metrics, SessionOptions::default());
        let py = usage.to_livekit_python();
        let get = |kind: &str, key: &str| -> f64 {
            py.iter()
                .find(|r| r.get("type").and_then(Value::as_str) == Some(kind))
                .and_then(|r| r.get(key)).and_then(Value::as_f64).unwrap()
        };
        prop_assert_eq!(get("stt_usage", "audio_duration"), audio_s);
        prop_assert_eq!(get("tts_usage", "audio_duration"), audio_s);
        prop_assert_eq!(get("llm_usage", "session_duration"), session_s);
        prop_assert_eq!(get("tts_usage", "characters_count"), chars as f64);
        // And ms in between: exactly the decimal value × 1000.
        let ms = usage.models.iter().find_map(|r| match r { ModelUsage::Stt(s) => Some(s.audio_duration_ms), _ => None });
        prop_assert_eq!(ms, Some(audio_ms as f64));
    }
}

/// Whether every count of `new` is at least that of `old` (same row).
fn covers(new: &ModelUsage, old: &ModelUsage) -> bool {
    let nums = |r: &ModelUsage| -> Vec<f64> {
        let v = serde_json::to_value(r).unwrap();
        v.as_object()
            .unwrap()
            .values()
            .filter_map(|x| x.as_f64())
            .collect()
    };
    nums(new).iter().zip(nums(old)).all(|(n, o)| *n >= o)
}

fn rows() -> impl Strategy<Value = Vec<ModelUsage>> {
    let row = (0u8..3, 0u8..3, 0u64..1_000_000, 0u64..100_000).prop_map(|(kind, model, a, b)| {
        let model = format!("m{model}");
        match kind {
            0 => ModelUsage::Llm(LlmUsage {
                provider: "p".into(),
                model,
                input_tokens: a,
                output_tokens: b,
                ..Default::default()
            }),
            1 => ModelUsage::Tts(TtsUsage {
                provider: "p".into(),
                model,
                characters_count: a,
                audio_duration_ms: b as f64,
                ..Default::default()
            }),
            _ => ModelUsage::Stt(SttUsage {
                provider: "p".into(),
                model,
                audio_duration_ms: a as f64,
                ..Default::default()
            }),
        }
    });
    proptest::collection::vec(row, 0..8)
}
