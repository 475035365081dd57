//! The native CLI (`examples/analyze`) on hostile inputs: FIFOs and devices refused
//! without being opened or read, the per-file size limit (checked before and while
//! reading), file names with control characters escaped, and a closed stdout.
//!
//! Every child has a deadline and is killed past it, so a regression fails instead of
//! hanging. Unix only (FIFOs, `/dev/zero`, `/proc`).
#![cfg(unix)]

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

const DEADLINE: Duration = Duration::from_secs(20);

/// The example's binary, built once by `cargo build --example analyze`.
fn analyze() -> &'static Path {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        let out = Command::new(env!("CARGO"))
            .args([
                "build",
                "-q",
                "--example",
                "analyze",
                "--message-format=json",
            ])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .stderr(Stdio::inherit())
            .output()
            .expect("cargo runs");
        assert!(out.status.success(), "cargo build --example analyze failed");
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .filter(|m| m["target"]["name"] == "analyze")
            .find_map(|m| m["executable"].as_str().map(PathBuf::from))
            .expect("cargo names the example's executable")
    })
}

struct Run {
    status: ExitStatus,
    stdout: String,
    stderr: String,
}

/// Waits for `child` until the deadline, killing it past it.
fn finish(mut child: Child, what: &str) -> Run {
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > DEADLINE {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{what}: still running after {DEADLINE:?} (killed)");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let mut stdout = String::new();
    let mut stderr = String::new();
    if let Some(mut s) = child.stdout.take() {
        s.read_to_string(&mut stdout).unwrap();
    }
    if let Some(mut s) = child.stderr.take() {
        s.read_to_string(&mut stderr).unwrap();
    }
    Run {
        status,
        stdout,
        stderr,
    }
}

/// Runs the CLI with `args` in `dir`. Output goes to files, not pipes, so a child that
/// writes a lot cannot block on a full pipe while we wait.
fn run(dir: &Path, args: &[&str]) -> Run {
    let (out, err) = (dir.join(".stdout"), dir.join(".stderr"));
    let child = Command::new(analyze())
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out).unwrap())
        .stderr(std::fs::File::create(&err).unwrap())
        .spawn()
        .unwrap();
    let mut r = finish(child, &format!("analyze {args:?}"));
    r.stdout = std::fs::read_to_string(out).unwrap();
    r.stderr = std::fs::read_to_string(err).unwrap();
    r
}

/// A fresh directory under target/, with a good session report as `report.json`.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target/cli-native-tests")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/py-01-pipeline-3turns/session_report.json"),
        dir.join("report.json"),
    )
    .unwrap();
    dir
}

fn mkfifo(path: &Path) {
    let ok = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(ok.success(), "mkfifo {}", path.display());
}

#[test]
fn a_fifo_is_refused_without_waiting_for_a_writer() {
    let dir = scratch("fifo");
    mkfifo(&dir.join("pipe.json"));
    let r = run(&dir, &["pipe.json", "report.json"]);
    assert_eq!(r.status.code(), Some(1), "{}", r.stderr);
    assert!(
        r.stderr
            .contains("analyze: pipe.json: [NotRegularFile] not a regular file (a FIFO)"),
        "{}",
        r.stderr
    );
    // The other file is still analysed.
    assert!(
        r.stdout.contains("══ all files: 1 analysed, 1 failed"),
        "{}",
        r.stdout
    );

    // In a directory, a FIFO is not a candidate at all (as before).
    let r = run(&dir, &["."]);
    assert_eq!(r.status.code(), Some(0), "{}", r.stderr);
    assert!(r.stdout.contains("══ all files: 1 analysed, 0 failed"));

    // --prices: a usage error, exit 2.
    let r = run(&dir, &["--prices", "pipe.json", "report.json"]);
    assert_eq!(r.status.code(), Some(2), "{}", r.stderr);
    assert!(
        r.stderr
            .contains("cannot read --prices pipe.json: [NotRegularFile]"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_device_is_refused_without_reading_it() {
    let dir = scratch("device");
    let r = run(&dir, &["/dev/zero"]);
    assert_eq!(r.status.code(), Some(1), "{}", r.stderr);
    assert!(
        r.stderr.contains(
            "analyze: /dev/zero: [NotRegularFile] not a regular file (a character device)"
        ),
        "{}",
        r.stderr
    );
    let r = run(&dir, &["--prices", "/dev/zero", "report.json"]);
    assert_eq!(r.status.code(), Some(2), "{}", r.stderr);
}

#[test]
fn files_over_max_file_bytes_fail() {
    let dir = scratch("size");
    let size = std::fs::metadata(dir.join("report.json")).unwrap().len();
    let limit = (size - 1).to_string();
    let r = run(&dir, &["--max-file-bytes", &limit, "report.json"]);
    assert_eq!(r.status.code(), Some(1), "{}", r.stderr);
    let want = format!(
        "analyze: report.json: [FileTooLarge] {size} bytes, more than the limit of {limit} bytes (--max-file-bytes)"
    );
    assert!(r.stderr.contains(&want), "{}", r.stderr);
    // At the limit exactly: read.
    let r = run(
        &dir,
        &["--max-file-bytes", &size.to_string(), "report.json"],
    );
    assert_eq!(r.status.code(), Some(0), "{}", r.stderr);
    // The price table too.
    let prices = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/prices.example.json");
    let r = run(
        &dir,
        &[
            "--max-file-bytes",
            "10",
            "--prices",
            prices.to_str().unwrap(),
            "report.json",
        ],
    );
    assert_eq!(r.status.code(), Some(2), "{}", r.stderr);
    assert!(r.stderr.contains("[FileTooLarge]"), "{}", r.stderr);
    // Not a number of bytes: a usage error.
    for bad in ["0", "-1", "+5", "1e6", "lots", ""] {
        let r = run(&dir, &["--max-file-bytes", bad, "report.json"]);
        assert_eq!(
            r.status.code(),
            Some(2),
            "--max-file-bytes {bad}: {}",
            r.stderr
        );
    }
}

#[test]
fn a_file_larger_than_its_stat_size_fails_while_read() {
    // /proc files are regular files whose stat size is 0, whatever they hold.
    let dir = scratch("lies");
    let r = run(&dir, &["--max-file-bytes", "16", "/proc/self/status"]);
    assert_eq!(r.status.code(), Some(1), "{}", r.stderr);
    assert!(
        r.stderr.contains(
            "analyze: /proc/self/status: [FileTooLarge] grew past the limit of 16 bytes (--max-file-bytes) while being read"
        ),
        "{}",
        r.stderr
    );
}

#[test]
fn control_characters_in_file_names_are_escaped() {
    let dir = scratch("names");
    let name = "evil\u{1b}[31m\nname\u{202e}.json";
    std::fs::copy(dir.join("report.json"), dir.join(name)).unwrap();
    std::fs::write(dir.join("bad\u{7}\r.json"), "{").unwrap();
    let r = run(&dir, &["."]);
    assert_eq!(r.status.code(), Some(1), "{}", r.stderr);
    let shown = "evil\\x1b[31m\\nname\\u{202e}.json";
    assert!(
        r.stdout.contains(&format!("── ./{shown}: session report")),
        "{}",
        r.stdout
    );
    assert!(
        r.stderr
            .contains("analyze: ./bad\\x07\\r.json: [InvalidJson]"),
        "{}",
        r.stderr
    );
    for text in [&r.stdout, &r.stderr] {
        assert!(
            !text.contains(['\u{1b}', '\u{7}', '\r', '\u{202e}']),
            "raw control characters: {text:?}"
        );
    }
    // --json: the name exactly, JSON-escaped (bidi controls too).
    let r = run(&dir, &["--json", name]);
    assert_eq!(r.status.code(), Some(0), "{}", r.stderr);
    assert!(
        r.stdout
            .contains(r#""path": "evil\u001b[31m\nname\u202e.json""#),
        "{}",
        r.stdout
    );
    let doc: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(doc["files"][0]["path"], name);
}

#[test]
fn a_closed_stdout_ends_the_output_quietly() {
    let dir = scratch("epipe");
    // Far more output than a pipe holds (64 KiB on Linux), so writes fail once closed.
    std::fs::create_dir(dir.join("many")).unwrap();
    for i in 0..100 {
        std::fs::copy(
            dir.join("report.json"),
            dir.join(format!("many/{i:03}.json")),
        )
        .unwrap();
    }
    for args in [&["many"][..], &["--json", "many"]] {
        let mut child = Command::new(analyze())
            .args(args)
            .current_dir(&dir)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // `| head -1`: read one line, then close the pipe.
        let mut stdout = child.stdout.take().unwrap();
        let mut first = [0u8; 1];
        stdout.read_exact(&mut first).unwrap();
        drop(stdout);
        let r = finish(child, "analyze with stdout closed");
        assert_eq!(r.status.code(), Some(0), "{args:?}: {}", r.stderr);
        assert!(!r.stderr.contains("panicked"), "{args:?}: {}", r.stderr);
        assert!(
            r.stderr.contains("analyze: 100 files (0 failed)"),
            "{}",
            r.stderr
        );
    }
}
