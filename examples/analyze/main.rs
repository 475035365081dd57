//! Analyses LiveKit Agents session reports and metrics event logs, natively: the same
//! analysis as the npm package's CLI (`npx voice-agent-metrics`), for Rust users and
//! for the native throughput benchmark.
//!
//! ```text
//! cargo run --release --example analyze -- [--json] [--prices FILE] [--skip-invalid] [--summary]
//!     [--max-file-bytes N] [FILE | DIR]...
//! ```
//!
//! Each FILE is a session report (`session_report.json`, Python or Node SDK) or a
//! metrics event log (a JSON array, one event, or JSON lines); the kind is detected per
//! file as the CLI does it (`*.jsonl`, or not an object with `chat_history` /
//! `chatHistory`: an event log). A DIR is walked recursively for `*.json` and `*.jsonl`
//! (entries in name order, symbolic links to directories not followed). Without
//! arguments it analyses the CLI's sample reports (tests/fixtures). Only regular files
//! are read, each at most `--max-file-bytes` (default 256 MiB; `--prices` too): a FIFO,
//! a device or a bigger file fails (`NotRegularFile`, `FileTooLarge`), like a file
//! that cannot be read, and the other files are still analysed.
//!
//! Prints per file a per-turn table, the session summary and the usage (with cost
//! under `--prices`), then the across-files summary (exact percentiles over every
//! file's user turns); `--json` prints the CLI's `--json` document instead (README,
//! "Command line"), with the same numbers: CI compares the two
//! (`scripts/ci/54-cli.sh`). The files, megabytes and time taken go to stderr. Exit
//! status: 0 if every file was analysed, 1 if any failed, 2 for a usage error. File
//! names and other input-derived text are printed with control characters escaped
//! (`\x1b`, `\n`); a closed stdout (`| head`) ends the output quietly.

use serde_json::json;
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;
use voice_agent_metrics::usage::UsageCost;
use voice_agent_metrics::{
    analyze_session_report, analyze_session_report_json, normalize_json, parse_json, ChatTurn,
    LatencySummary, NormalizeOptions, OnInvalid, ReportError, ReportOptions, SessionAnalysis,
    SessionMetrics, SessionOptions, TurnLatency, Usage, Value,
};

/// `println!`, through [`output::line`]: nothing once stdout is closed (`| head`).
macro_rules! out {
    () => { $crate::output::line(format_args!("")) };
    ($($arg:tt)*) => { $crate::output::line(format_args!($($arg)*)) };
}

/// `eprintln!`, through [`output::warn`].
macro_rules! warn {
    ($($arg:tt)*) => { $crate::output::warn(format_args!($($arg)*)) };
}

mod args;
mod input;
mod json;
mod output;
mod text;

use args::Options;
use input::{expand, read_file};
use output::printable;

/// The CLI's bundled samples (pkg-template/assemble.mjs copies these), in the
/// repository (read from beside Cargo.toml, shown relative to it).
const SAMPLES: [&str; 4] = [
    "tests/fixtures/js-02-tool-call/session_report.json",
    "tests/fixtures/py-01-pipeline-3turns/session_report.json",
    "tests/fixtures/py-04-realtime/session_report.json",
    "tests/fixtures/py-05a-preemptive-llm/session_report.json",
];

/// The --json document's shape version (the CLI's `FORMAT`).
const FORMAT: u32 = 1;

type Measure<T> = (&'static str, &'static str, fn(&T) -> Option<f64>);

/// The statistics of `ChatLatencySummary`, in its order: JSON name, label, value.
const REPORT_MEASURES: [Measure<ChatTurn>; 10] = [
    ("e2eLatencyMs", "e2e", |t| t.e2e_latency_ms),
    ("endOfTurnDelayMs", "end of turn", |t| {
        t.end_of_turn_delay_ms
    }),
    ("transcriptionDelayMs", "transcription", |t| {
        t.transcription_delay_ms
    }),
    ("onUserTurnCompletedDelayMs", "hook", |t| {
        t.on_user_turn_completed_delay_ms
    }),
    ("llmNodeTtftMs", "llm ttft", |t| t.llm_node_ttft_ms),
    ("llmNodeTtfsMs", "llm ttfs", |t| t.llm_node_ttfs_ms),
    ("firstSentenceMs", "first sentence", |t| {
        first_sentence_ms(&t.waterfall)
    }),
    ("ttsNodeTtfbMs", "tts ttfb", |t| t.tts_node_ttfb_ms),
    ("playbackLatencyMs", "playback", |t| t.playback_latency_ms),
    ("unexplainedMs", "unexplained", |t| t.unexplained_ms),
];

/// The statistics of `LatencySummary`, in its order.
const EVENT_MEASURES: [Measure<TurnLatency>; 9] = [
    ("e2eLatencyMs", "e2e", |t| t.e2e_latency_ms),
    ("formulaLatencyMs", "formula", |t| t.formula_latency_ms),
    ("eouDelayMs", "eou", |t| t.eou_delay_ms),
    ("transcriptionDelayMs", "transcription", |t| {
        t.transcription_delay_ms
    }),
    ("onUserTurnCompletedDelayMs", "hook", |t| {
        t.on_user_turn_completed_delay_ms
    }),
    ("llmTtftMs", "llm ttft", |t| t.llm_ttft_ms),
    ("firstSentenceMs", "first sentence", |t| {
        first_sentence_ms(&t.waterfall)
    }),
    ("ttsTtfbMs", "tts ttfb", |t| t.tts_ttfb_ms),
    ("unexplainedMs", "unexplained", |t| t.unexplained_ms),
];

/// The waterfall's first-sentence part, ms (absent without a waterfall).
fn first_sentence_ms(waterfall: &[voice_agent_metrics::WaterfallStep]) -> Option<f64> {
    (!waterfall.is_empty()).then(|| {
        voice_agent_metrics::turns::waterfall::part_ms(
            waterfall,
            voice_agent_metrics::WaterfallPart::FirstSentence,
        )
    })
}

/// What the library said went wrong (the JS error's `code`, `message`, position).
struct Failure {
    code: String,
    message: String,
    field: Option<&'static str>,
    index: Option<usize>,
    position: Option<(usize, usize)>,
}

impl Failure {
    fn new(code: &str, message: String) -> Self {
        Failure {
            code: code.into(),
            message,
            field: None,
            index: None,
            position: None,
        }
    }

    /// Cannot happen with the library as documented; reported rather than panicking.
    fn internal(message: &str) -> Self {
        Failure {
            code: "Internal".into(),
            message: message.into(),
            field: None,
            index: None,
            position: None,
        }
    }

    fn io(e: &std::io::Error) -> Self {
        // Node's codes for the common cases, so both tools name them alike.
        let code = match e.kind() {
            std::io::ErrorKind::NotFound => "ENOENT",
            std::io::ErrorKind::PermissionDenied => "EACCES",
            _ => "EIO",
        };
        Failure {
            code: code.into(),
            message: e.to_string(),
            field: None,
            index: None,
            position: None,
        }
    }
}

/// One analysed file: the library's own results, as the CLI's `--json` carries them.
enum Analysis {
    Report {
        analysis: Box<SessionAnalysis>,
        cost: Option<UsageCost>,
    },
    Events {
        turns: Vec<TurnLatency>,
        summary: Box<LatencySummary>,
        usage: Usage,
        skipped: usize,
        cost: Option<UsageCost>,
    },
}

/// A file as shown, its size, and its analysis or why it failed.
struct FileResult {
    path: String,
    bytes: usize,
    result: Result<Analysis, Failure>,
}

// --- analysis -----------------------------------------------------------------------

/// What a file holds, detected as the CLI does it (pkg-template/cli/analyze.mjs).
enum Kind {
    /// A parsed session report (an object with a chat history).
    Report(Value),
    /// Text starting with `{` that is neither JSON nor JSON lines but names a chat
    /// history: a broken report, for the report reader to say where it breaks.
    BrokenReport,
    /// Anything else: a metrics event log (array, one event, JSON lines), or not JSON.
    Events,
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

fn kind(path: &str, bytes: &[u8]) -> Kind {
    let start = bytes.iter().position(|b| !b.is_ascii_whitespace());
    if path.ends_with(".jsonl") || start.map(|i| bytes[i]) != Some(b'{') {
        return Kind::Events;
    }
    match parse_json(bytes) {
        Ok(v) if v.get("chat_history").is_some() || v.get("chatHistory").is_some() => {
            Kind::Report(v)
        }
        Ok(_) => Kind::Events,
        Err(_) => {
            let rest = &bytes[start.unwrap_or(0)..];
            let first_line = rest.split(|&b| b == b'\n').next().unwrap_or(rest);
            let broken = parse_json(first_line).is_err()
                && (contains(bytes, b"\"chat_history\"") || contains(bytes, b"\"chatHistory\""));
            if broken {
                Kind::BrokenReport
            } else {
                Kind::Events
            }
        }
    }
}

fn report_failure(e: ReportError) -> Failure {
    Failure {
        code: e.code().to_string(),
        message: e.to_string(),
        field: e.field(),
        index: None,
        position: match e {
            ReportError::InvalidJson { line, column } => Some((line, column)),
            _ => None,
        },
    }
}

fn analyze(path: &str, bytes: &[u8], opts: &Options) -> Result<Analysis, Failure> {
    let starts_as_object = bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{');
    // A session report (the common case) straight from its bytes: the library's
    // report reader, which skips what the analysis does not read (3× the throughput of
    // a full parse). It succeeds exactly when the text is JSON with a usable
    // `chat_history`/`chatHistory`, which `kind` would call a report too; anything
    // else (an event log, a broken report) is told apart below.
    if starts_as_object && !path.ends_with(".jsonl") {
        if let Ok(analysis) = analyze_session_report_json(bytes, &ReportOptions::default()) {
            return Ok(report_analysis(analysis, opts));
        }
    }
    let report = match kind(path, bytes) {
        Kind::Report(report) => report,
        Kind::BrokenReport => {
            let e = analyze_session_report_json(bytes, &ReportOptions::default()).err();
            return Err(e.map_or_else(
                || Failure::internal("a broken report was read"),
                report_failure,
            ));
        }
        Kind::Events => return analyze_events(bytes, opts),
    };
    let analysis =
        analyze_session_report(&report, &ReportOptions::default()).map_err(report_failure)?;
    Ok(report_analysis(analysis, opts))
}

fn report_analysis(analysis: SessionAnalysis, opts: &Options) -> Analysis {
    let cost = opts.prices.as_ref().map(|p| analysis.usage.cost(p));
    Analysis::Report {
        analysis: Box::new(analysis),
        cost,
    }
}

fn analyze_events(bytes: &[u8], opts: &Options) -> Result<Analysis, Failure> {
    let on_invalid = if opts.skip_invalid {
        OnInvalid::Skip
    } else {
        OnInvalid::Fail
    };
    let report = normalize_json(
        bytes,
        &NormalizeOptions {
            on_invalid,
            ..Default::default()
        },
    )
    .map_err(|e| Failure {
        code: e.error.code().to_string(),
        message: e.to_string(),
        field: e.error.field(),
        index: Some(e.index),
        position: match e.error {
            voice_agent_metrics::NormalizeError::InvalidJson { line, column } => {
                Some((line, column))
            }
            _ => None,
        },
    })?;
    let metrics: Vec<_> = report.records.into_iter().map(|r| r.metric).collect();
    // A whole log is analyzed at once: every turn is kept in detail (the live default
    // keeps the last 1,000).
    let mut session = SessionMetrics::new(SessionOptions {
        max_turns_detail: usize::MAX,
        ..Default::default()
    });
    session.push_many(&metrics);
    session.flush();
    let usage = session.usage();
    let cost = opts.prices.as_ref().map(|p| usage.cost(p));
    Ok(Analysis::Events {
        turns: session.turns(),
        summary: Box::new(session.summary()),
        usage,
        skipped: report.skipped.len(),
        cost,
    })
}

// --- main ---------------------------------------------------------------------------

fn main() -> ExitCode {
    let (opts, args) = match args::parse(std::env::args().skip(1)) {
        Ok(parsed) => parsed,
        Err(code) => return code,
    };
    let inputs = if args.is_empty() {
        SAMPLES
            .iter()
            .map(|s| {
                (
                    s.to_string(),
                    Ok(Path::new(env!("CARGO_MANIFEST_DIR")).join(s)),
                )
            })
            .collect()
    } else {
        expand(&args)
    };
    let started = Instant::now();
    let mut files = Vec::with_capacity(inputs.len());
    for (path, file) in inputs {
        let (bytes, result) = match file.and_then(|f| read_file(&f, opts.max_file_bytes)) {
            Ok(b) => (b.len(), analyze(&path, &b, &opts)),
            Err(e) => (0, Err(e)),
        };
        if let Err(e) = &result {
            warn!(
                "analyze: {}: [{}] {}",
                printable(&path),
                printable(&e.code),
                printable(&e.message)
            );
        }
        if let (false, false, Ok(a)) = (opts.json, opts.summary, &result) {
            text::print_file(&path, a);
        }
        files.push(FileResult {
            path,
            bytes,
            result,
        });
    }
    let elapsed = started.elapsed();
    let overall = json::overall_json(&files, opts.prices.as_ref().map(|p| p.currency.as_str()));
    if opts.json {
        let entries: Vec<_> = files.iter().map(json::file_json).collect();
        let doc = json!({ "format": FORMAT, "files": entries, "overall": overall });
        let text = serde_json::to_string_pretty(&doc).unwrap_or_default();
        out!("{}", output::json_printable(text));
    } else {
        text::print_overall(&files, &overall);
    }
    let written = output::finish();
    let megabytes = files.iter().map(|f| f.bytes).sum::<usize>() as f64 / 1e6;
    warn!(
        "analyze: {} files ({} failed), {megabytes:.3} MB in {:.1} ms ({:.1} MB/s)",
        files.len(),
        overall["failed"],
        elapsed.as_secs_f64() * 1e3,
        megabytes / elapsed.as_secs_f64().max(1e-9),
    );
    if overall["failed"] == 0 && written {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
