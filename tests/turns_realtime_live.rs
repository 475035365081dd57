//! Live reporting of realtime turns when the EOU arrives after the response it commits.
//!
//! In a live session the SDK emits the EOU before it asks the model for a response, so a
//! response normally finds its turn. Replayed or merged logs can deliver the response
//! first: it is then a turn of its own (reported on arrival, it may be all there is:
//! server-side turn detection emits no EOU) until the EOU joins it. The tracker still
//! reports every turn once: the joined turn is not reported a second time.

mod common;
#[path = "common/turn_events.rs"]
mod events;

use events::*;
use voice_agent_metrics::{compute_turn_latency, Metric, TurnLatency, TurnTracker};

fn pushed_one_by_one(order: &[Metric]) -> (Vec<TurnLatency>, Vec<TurnLatency>) {
    let mut tracker = TurnTracker::new();
    let mut reported = Vec::new();
    for m in order {
        reported.extend(tracker.push(m));
    }
    reported.extend(tracker.flush());
    (tracker.turns(), reported)
}

#[test]
fn a_response_before_its_eou_is_reported_once() {
    let eou = node_eou("u1", 5_000.0, 4_500.0, 500.0, 200.0);
    let response = node_realtime("resp_1", 5_010.0, 1_000.0, 400.0);
    let follow_up = node_realtime("resp_2", 7_000.0, 800.0, 300.0);
    let in_order = [eou.clone(), response.clone(), follow_up.clone()];
    let baseline = compute_turn_latency(&in_order);
    assert_eq!(baseline.len(), 1);
    assert_eq!(baseline[0].formula_latency_ms, Some(900.0)); // 500 + 400

    // In order: reported once, when complete (EOU and first response; the follow-up
    // step updates `turns()` only).
    let (turns, reported) = pushed_one_by_one(&in_order);
    assert_eq!(turns, baseline);
    assert_eq!(reported.len(), 1);
    assert_eq!(reported[0].speech_id.as_deref(), Some("u1"));
    assert_eq!(reported[0].formula_latency_ms, Some(900.0));
    assert_eq!(reported[0].llm_steps, 1);

    // The response first: reported alone on arrival (no EOU to join yet, none may come).
    let mut tracker = TurnTracker::new();
    let first = tracker.push(&response);
    assert_eq!(first.len(), 1);
    assert!(first[0].realtime && first[0].speech_id.is_none());
    assert_eq!(first[0].formula_latency_ms, None);
    // The EOU then joins it: `turns()` has the joined turn, nothing is reported again.
    assert!(
        tracker.push(&eou).is_empty(),
        "the turn was reported already"
    );
    assert!(tracker.push(&follow_up).is_empty());
    assert!(tracker.flush().is_empty());
    assert_eq!(tracker.turns(), baseline);
}

#[test]
fn every_order_reports_as_many_turns_as_there_are() {
    let greeting = node_realtime("resp_greet", 100.0, 900.0, 350.0);
    let eou1 = node_eou("u1", 5_000.0, 4_500.0, 500.0, 200.0);
    let r1 = node_realtime("resp_1", 5_010.0, 1_000.0, 400.0);
    let eou2 = node_eou("u2", 12_000.0, 11_400.0, 600.0, 150.0);
    let r2 = node_realtime("resp_2", 12_020.0, 700.0, 250.0);
    let all = [greeting, eou1, r1, eou2, r2];
    let baseline = compute_turn_latency(&all);
    assert_eq!(baseline.len(), 3);
    // All 120 orders.
    let mut idx: Vec<usize> = (0..all.len()).collect();
    let mut orders = 0;
    permute(&mut idx, 0, &mut |order| {
        orders += 1;
        let metrics: Vec<Metric> = order.iter().map(|&i| all[i].clone()).collect();
        let (turns, reported) = pushed_one_by_one(&metrics);
        assert_eq!(turns, baseline, "order {order:?}");
        assert_eq!(
            reported.len(),
            baseline.len(),
            "order {order:?}: {reported:#?}"
        );
    });
    assert_eq!(orders, 120);
}

fn permute(idx: &mut Vec<usize>, k: usize, f: &mut impl FnMut(&[usize])) {
    if k == idx.len() {
        f(idx);
        return;
    }
    for i in k..idx.len() {
        idx.swap(k, i);
        permute(idx, k + 1, f);
        idx.swap(k, i);
    }
}
