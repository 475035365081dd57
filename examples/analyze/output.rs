//! Writing to the terminal: input-derived text made printable, and stdout that may be
//! closed early (`analyze ... | head -1`).
//!
//! Once stdout is closed (a broken pipe) nothing more is written to it and the run
//! finishes quietly with the exit status it would have had, as the npm CLI does. Any
//! other write error is reported once on stderr and makes the exit status 1.

use std::borrow::Cow;
use std::fmt;
use std::io::{self, Write};
use std::sync::atomic::{AtomicBool, Ordering::Relaxed};

static CLOSED: AtomicBool = AtomicBool::new(false);
static FAILED: AtomicBool = AtomicBool::new(false);

fn stop(e: &io::Error) {
    CLOSED.store(true, Relaxed);
    if e.kind() != io::ErrorKind::BrokenPipe {
        FAILED.store(true, Relaxed);
        warn(format_args!("analyze: cannot write the output: {e}"));
    }
}

/// One line on stdout (the `out!` macro), unless stdout was closed.
pub(crate) fn line(args: fmt::Arguments) {
    if CLOSED.load(Relaxed) {
        return;
    }
    let mut out = io::stdout().lock();
    if let Err(e) = out.write_fmt(args).and_then(|()| out.write_all(b"\n")) {
        stop(&e);
    }
}

/// One line on stderr; a failure to write it is ignored (there is nowhere to say so).
pub(crate) fn warn(args: fmt::Arguments) {
    let _ = writeln!(io::stderr().lock(), "{args}");
}

/// Flushes stdout; whether all the output was written or stdout was closed early.
pub(crate) fn finish() -> bool {
    if !CLOSED.load(Relaxed) {
        if let Err(e) = io::stdout().lock().flush() {
            stop(&e);
        }
    }
    !FAILED.load(Relaxed)
}

/// Bidirectional-text controls, which reorder what a terminal shows.
const BIDI: [char; 12] = [
    '\u{061c}', '\u{200e}', '\u{200f}', '\u{202a}', '\u{202b}', '\u{202c}', '\u{202d}', '\u{202e}',
    '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}',
];

fn escaped(c: char) -> bool {
    c.is_control() || BIDI.contains(&c)
}

/// `s` safe to print on a terminal: control characters (C0, DEL, C1) and bidirectional
/// controls escaped as `\n`, `\r`, `\t`, `\x1b`, `\u{202e}`. Other text, backslashes
/// included, is unchanged, so escaping twice changes nothing. The same rule as the npm
/// CLI's (pkg-template/cli/printable.mjs).
pub(crate) fn printable(s: &str) -> Cow<'_, str> {
    if !s.chars().any(escaped) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if escaped(c) && (c as u32) < 0x100 => out.push_str(&format!("\\x{:02x}", c as u32)),
            c if escaped(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// JSON text with DEL, C1 and bidirectional controls written as `\uXXXX` (serde_json
/// escapes only C0 controls; outside strings JSON text is ASCII, so only string
/// contents change, not their values). The npm CLI's `jsonPrintable`.
pub(crate) fn json_printable(json: String) -> String {
    let unsafe_char = |c: char| c as u32 >= 0x7f && escaped(c);
    if !json.chars().any(unsafe_char) {
        return json;
    }
    json.chars()
        .fold(String::with_capacity(json.len()), |mut out, c| {
            if unsafe_char(c) {
                out.push_str(&format!("\\u{:04x}", c as u32));
            } else {
                out.push(c);
            }
            out
        })
}
