//! A real Prometheus server (Debian's `prometheus`) scrapes our exposition from a small
//! HTTP endpoint on 127.0.0.1 and answers `histogram_quantile` queries through its HTTP
//! API. Loopback only, bounded to 60 s, and everything it starts is stopped by `Drop`.

use super::*;

const DEADLINE: Duration = Duration::from_secs(60);

/// Serves `body` to every request on `listener` until dropped.
struct Exporter {
    stop: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
    port: u16,
}

impl Exporter {
    fn start(body: String) -> Exporter {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let port = listener.local_addr().unwrap().port();
        let stop = Arc::new(AtomicBool::new(false));
        let flag = stop.clone();
        let thread = std::thread::spawn(move || {
            while !flag.load(Ordering::Relaxed) {
                match listener.accept() {
                    Ok((mut stream, _)) => {
                        stream.set_nonblocking(false).unwrap();
                        stream
                            .set_read_timeout(Some(Duration::from_secs(2)))
                            .unwrap();
                        let mut buf = [0u8; 4096];
                        let _ = stream.read(&mut buf); // the request; every path gets the metrics
                        let head = format!(
                            "HTTP/1.1 200 OK\r\nContent-Type: text/plain; version=0.0.4; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                            body.len()
                        );
                        let _ = stream.write_all(head.as_bytes());
                        let _ = stream.write_all(body.as_bytes());
                    }
                    Err(_) => std::thread::sleep(Duration::from_millis(20)),
                }
            }
        });
        Exporter {
            stop,
            thread: Some(thread),
            port,
        }
    }
}

impl Drop for Exporter {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// The Prometheus process and its temporary directory; killed and removed on drop.
struct Server {
    child: Child,
    dir: std::path::PathBuf,
    port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl Server {
    fn start(target_port: u16) -> Server {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos();
        let dir =
            std::env::temp_dir().join(format!("vam-prometheus-{}-{nanos}", std::process::id()));
        std::fs::create_dir_all(dir.join("data")).unwrap();
        let config = format!(
            "global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n  evaluation_interval: 1s\nscrape_configs:\n  - job_name: vam\n    static_configs:\n      - targets: ['127.0.0.1:{target_port}']\n"
        );
        std::fs::write(dir.join("prometheus.yml"), config).unwrap();
        let port = free_port();
        let log = std::fs::File::create(dir.join("prometheus.log")).unwrap();
        let child = Command::new("prometheus")
            .arg(format!(
                "--config.file={}",
                dir.join("prometheus.yml").display()
            ))
            .arg(format!(
                "--storage.tsdb.path={}",
                dir.join("data").display()
            ))
            .arg(format!("--web.listen-address=127.0.0.1:{port}"))
            .arg("--log.level=warn")
            .stdin(Stdio::null())
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .expect("prometheus on PATH (apt-get install prometheus)");
        Server { child, dir, port }
    }

    fn log(&self) -> String {
        std::fs::read_to_string(self.dir.join("prometheus.log")).unwrap_or_default()
    }

    /// GET `path` on the server; (status line, body).
    fn get(&self, path: &str) -> Option<(String, String)> {
        let mut s = TcpStream::connect(("127.0.0.1", self.port)).ok()?;
        s.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
        write!(
            s,
            "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
        )
        .ok()?;
        let mut raw = String::new();
        s.read_to_string(&mut raw).ok()?;
        let (head, body) = raw.split_once("\r\n\r\n")?;
        let body = if head
            .to_ascii_lowercase()
            .contains("transfer-encoding: chunked")
        {
            dechunk(body)
        } else {
            body.to_string()
        };
        Some((head.lines().next()?.to_string(), body))
    }

    /// An instant query; the `result` array of a successful answer.
    fn query(&self, promql: &str) -> Vec<serde_json::Value> {
        let (_, body) = self
            .get(&format!("/api/v1/query?query={}", encode(promql)))
            .unwrap_or_default();
        let v: serde_json::Value = serde_json::from_str(&body).unwrap_or_default();
        v["data"]["result"].as_array().cloned().unwrap_or_default()
    }
}

fn dechunk(mut body: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = body.split_once("\r\n") {
        let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if n == 0 || rest.len() < n {
            break;
        }
        out.push_str(&rest[..n]);
        body = rest[n..].trim_start_matches("\r\n");
    }
    out
}

fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Prometheus' `histogram_quantile` over cumulative `(le, count)` buckets (v2.42
/// `promql/quantile.go` `bucketQuantile`), for the expected answer.
fn bucket_quantile(q: f64, buckets: &[(f64, f64)]) -> f64 {
    let total = buckets.last().unwrap().1;
    let rank = q * total;
    let b = buckets.iter().position(|(_, c)| *c >= rank).unwrap();
    if b == buckets.len() - 1 {
        return buckets[b - 1].0;
    }
    let (start, below) = if b == 0 { (0.0, 0.0) } else { buckets[b - 1] };
    let (end, count) = buckets[b];
    start + (end - start) * ((rank - below) / (count - below))
}

/// Cumulative `(le seconds, count)` of explicit counts.
fn cumulative(explicit: &[u64]) -> Vec<(f64, f64)> {
    let mut c = 0.0;
    explicit
        .iter()
        .enumerate()
        .map(|(i, n)| {
            c += *n as f64;
            (
                EXPLICIT_BOUNDS_MS
                    .get(i)
                    .map_or(f64::INFINITY, |ms| f64::from(*ms) / 1000.0),
                c,
            )
        })
        .collect()
}

/// Type-7 quantile of `values` (ms → s).
fn exact(values: &mut [f64], q: f64) -> f64 {
    values.sort_by(f64::total_cmp);
    let h = (values.len() - 1) as f64 * q;
    let lo = h.floor() as usize;
    let v = match values.get(lo + 1) {
        Some(n) => values[lo] + (h - lo as f64) * (n - values[lo]),
        None => values[lo],
    };
    v / 1000.0
}

#[test]
#[ignore = "needs Debian's prometheus package; run by scripts/ci/55-prometheus.sh"]
fn real_prometheus_scrapes_and_answers_p95() {
    let started = Instant::now();
    // The fixture sessions plus a synthetic agent with 2,000 lognormal e2e latencies.
    let mut agg = all_sessions();
    let mut synthetic: Vec<f64> = Vec::new();
    let mut seed = 7u64;
    let mut uniform = move || {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((seed >> 11) as f64 + 0.5) / (1u64 << 53) as f64
    };
    for _ in 0..2_000 {
        let z = (-2.0 * uniform().ln()).sqrt() * (2.0 * std::f64::consts::PI * uniform()).cos();
        let ms = 1_100.0 * (0.45 * z).exp();
        synthetic.push(ms);
        let t = TurnSample {
            e2e_latency_ms: Some(ms),
            ..Default::default()
        };
        agg.record(
            &t,
            &[
                ("agent_name", "synthetic"),
                ("deployment", "real-prometheus-test"),
            ],
        )
        .unwrap();
    }
    let exporter = Exporter::start(agg.to_prometheus().unwrap());
    let server = Server::start(exporter.port);

    // Ready, scraped, and answering.
    let name = "lk_agents_turn_e2e_latency_seconds";
    let synthetic_query =
        format!("histogram_quantile(0.95, {name}_bucket{{agent_name=\"synthetic\"}})");
    let all_query = format!("histogram_quantile(0.95, sum by (le) ({name}_bucket))");
    let answer = |q: &str| -> Option<f64> {
        let r = server.query(q);
        r.first()?["value"][1].as_str()?.parse().ok()
    };
    let (got_synthetic, got_all) = loop {
        assert!(
            started.elapsed() < DEADLINE,
            "no answer within 60 s; prometheus log:\n{}",
            server.log()
        );
        if let (Some(a), Some(b)) = (answer(&synthetic_query), answer(&all_query)) {
            if a.is_finite() && b.is_finite() {
                break (a, b);
            }
        }
        std::thread::sleep(Duration::from_millis(250));
    };

    // Synthetic series: Prometheus' answer is exactly its interpolation of our buckets,
    // and the exact p95 lies within the bucket it interpolated in.
    let series = agg
        .series()
        .find(|s| s.labels().any(|(_, v)| v == "synthetic"))
        .unwrap();
    let buckets = cumulative(series.sketch(LatencyMetric::E2eLatency).explicit_counts());
    let want = bucket_quantile(0.95, &buckets);
    let p95 = exact(&mut synthetic.clone(), 0.95);
    let b = buckets
        .iter()
        .position(|(le, _)| *le >= got_synthetic)
        .unwrap();
    let lower = if b == 0 { 0.0 } else { buckets[b - 1].0 };
    println!(
        "synthetic (2,000 turns): Prometheus p95 = {got_synthetic:.6} s, our bucket interpolation = {want:.6} s, exact p95 = {p95:.6} s, bucket ({lower}, {}], sketch p95 = {:.6} s",
        buckets[b].0,
        series.sketch(LatencyMetric::E2eLatency).quantile(0.95).unwrap() / 1000.0
    );
    assert!(
        (got_synthetic - want).abs() < 1e-9,
        "{got_synthetic} vs {want}"
    );
    assert!(
        lower <= p95 && p95 <= buckets[b].0,
        "exact p95 {p95} outside ({lower}, {}]",
        buckets[b].0
    );

    // All series summed by `le`: same checks against every e2e value we recorded.
    let all = agg.total(LatencyMetric::E2eLatency);
    let mut values = aggregate_fixtures::e2e_values();
    values.extend(&synthetic);
    assert_eq!(values.len() as u64, all.count());
    let buckets = cumulative(all.explicit_counts());
    let want = bucket_quantile(0.95, &buckets);
    let p95 = exact(&mut values, 0.95);
    let b = buckets.iter().position(|(le, _)| *le >= got_all).unwrap();
    let lower = if b == 0 { 0.0 } else { buckets[b - 1].0 };
    println!(
        "all series ({} turns): Prometheus p95 = {got_all:.6} s, our bucket interpolation = {want:.6} s, exact p95 = {p95:.6} s, bucket ({lower}, {}], sketch p95 = {:.6} s",
        all.count(),
        buckets[b].0,
        all.quantile(0.95).unwrap() / 1000.0
    );
    assert!((got_all - want).abs() < 1e-9, "{got_all} vs {want}");
    assert!(
        lower <= p95 && p95 <= buckets[b].0,
        "exact p95 {p95} outside ({lower}, {}]",
        buckets[b].0
    );

    // A usage counter and the turn count came through unchanged.
    let tokens: f64 = agg
        .series()
        .flat_map(|s| s.usage())
        .map(|r| match r {
            voice_agent_metrics::ModelUsage::Llm(u) => u.input_tokens as f64,
            _ => 0.0,
        })
        .sum();
    let r = server.query("sum(lk_agents_usage_llm_input_tokens_total)");
    let got: f64 = r[0]["value"][1].as_str().unwrap().parse().unwrap();
    assert_eq!(got, tokens);
    let r = server.query(&format!("sum({name}_count)"));
    let got: f64 = r[0]["value"][1].as_str().unwrap().parse().unwrap();
    assert_eq!(got, all.count() as f64);
    // The connection acquire time (the catalog's 0.085 s, not reused) with its labels.
    let r = server.query(
        "sum by (model_provider, model_name, connection_reused) (lk_agents_connection_acquire_time_seconds_sum)",
    );
    assert_eq!(r.len(), 1, "{r:?}");
    assert_eq!(r[0]["metric"]["model_provider"], "xai");
    assert_eq!(r[0]["metric"]["model_name"], "grok-voice");
    assert_eq!(r[0]["metric"]["connection_reused"], "false");
    assert_eq!(r[0]["value"][1], "0.085");
    println!(
        "real Prometheus: scraped and answered in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    drop(server);
    drop(exporter);
}
