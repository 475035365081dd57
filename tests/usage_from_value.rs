//! The hand-written usage reader (`Usage.fromJSON` in JS) accepts exactly what serde's
//! derived `Deserialize` accepts, and reads the same values: on the usage of every
//! fixture session, and on every one-field mutation of it (field removed, or set to
//! null, a string, a negative, a fraction, an object, an array, a unit-variant object).

use serde_json::{json, Value as Json};
use voice_agent_metrics::usage::{model_usages_from_value, session_usage_from_value};
use voice_agent_metrics::{
    compute_usage, normalize_json, ModelUsage, NormalizeOptions, SessionOptions, Usage, Value,
};

/// `j` as the crate's `Value`, number for number (as a JS object arrives; going through
/// JSON text would let the text parser's last-digit rounding in).
fn value(j: &Json) -> Value {
    match j {
        Json::Null => Value::Null,
        Json::Bool(b) => Value::Bool(*b),
        Json::Number(n) => Value::Number(n.as_f64().unwrap()),
        Json::String(s) => Value::String(s.clone()),
        Json::Array(a) => Value::Array(a.iter().map(value).collect()),
        Json::Object(m) => Value::Object(m.iter().map(|(k, v)| (k.clone(), value(v))).collect()),
    }
}

fn ours(j: &Json) -> Result<Usage, String> {
    session_usage_from_value(&value(j))
}

fn serdes(j: &Json) -> Result<Usage, String> {
    serde_json::from_value::<Usage>(j.clone()).map_err(|e| e.to_string())
}

fn agree(j: &Json, what: &str) {
    let (a, b) = (ours(j), serdes(j));
    match (&a, &b) {
        (Ok(x), Ok(y)) => assert_eq!(x, y, "{what}"),
        (Err(_), Err(_)) => {}
        _ => panic!("{what}: hand-written {a:?} vs serde {b:?}\n{j}"),
    }
}

/// `root` with the value at `path` changed by `f`.
fn at(root: &Json, path: &[String], f: &dyn Fn(&mut Json)) -> Json {
    let mut r = root.clone();
    let mut cur = &mut r;
    for p in path {
        cur = match cur {
            Json::Object(m) => m.get_mut(p).unwrap(),
            Json::Array(a) => &mut a[p.parse::<usize>().unwrap()],
            _ => unreachable!(),
        };
    }
    f(cur);
    r
}

/// Every value reachable in `j` replaced in turn by each of a set of wrong values, and
/// every object key removed in turn.
fn mutations(j: &Json, out: &mut Vec<Json>, path: &mut Vec<String>, root: &Json) {
    let subs = [
        Json::Null,
        json!("x"),
        json!(-1),
        json!(1.5),
        json!({}),
        json!([]),
        json!({ "user": null }),
        json!(9.1e15),
    ];
    for s in &subs {
        out.push(at(root, path, &|v| *v = s.clone()));
    }
    match j {
        Json::Object(m) => {
            for (k, v) in m {
                out.push(at(root, path, &|o| {
                    o.as_object_mut().unwrap().remove(k);
                }));
                path.push(k.clone());
                mutations(v, out, path, root);
                path.pop();
            }
        }
        Json::Array(a) => {
            for (i, v) in a.iter().enumerate().take(2) {
                path.push(i.to_string());
                mutations(v, out, path, root);
                path.pop();
            }
        }
        _ => {}
    }
}

#[test]
fn same_as_serde_on_fixtures_and_every_mutation() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut n = 0;
    for name in [
        "py-02-tool-call",
        "js-04-realtime",
        "js-00-collector-catalog",
        "py-05b-preemptive-tts",
    ] {
        let Ok(bytes) = std::fs::read(dir.join(name).join("metrics_events.json"))
            .or_else(|_| std::fs::read(dir.join(name).join("input_metrics.json")))
        else {
            continue;
        };
        let report = normalize_json(&bytes, &NormalizeOptions::default()).unwrap();
        let metrics: Vec<_> = report.records.into_iter().map(|r| r.metric).collect();
        let usage = compute_usage(&metrics, SessionOptions::default());
        let j = serde_json::to_value(&usage).unwrap();
        assert_eq!(ours(&j).unwrap(), usage, "{name}: round trip");
        let mut all = Vec::new();
        mutations(&j, &mut all, &mut Vec::new(), &j);
        for m in &all {
            agree(m, name);
        }
        // The rows-only form (`Usage.fromJSON(rows)`).
        let rows = serde_json::to_value(&usage.models).unwrap();
        let got = model_usages_from_value(&value(&rows));
        assert_eq!(got.unwrap(), usage.models);
        n += all.len();
    }
    assert!(n > 500, "{n} mutations");
    // Rows missing their model or with an unknown type are refused.
    let bad = json!([{ "type": "llm_usage", "provider": "a" }]);
    assert!(model_usages_from_value(&value(&bad)).is_err());
    assert!(serde_json::from_value::<Vec<ModelUsage>>(bad).is_err());
}
