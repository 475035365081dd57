//! The command line: options, and the price table `--prices` names.

use crate::input::{read_file, DEFAULT_MAX_FILE_BYTES};
use crate::output::printable;
use std::path::Path;
use std::process::ExitCode;
use voice_agent_metrics::{parse_json, PriceTable};

/// The command line.
pub(crate) struct Options {
    pub(crate) json: bool,
    pub(crate) summary: bool,
    pub(crate) skip_invalid: bool,
    pub(crate) prices: Option<PriceTable>,
    /// `--max-file-bytes`: the largest file read (inputs and `--prices`).
    pub(crate) max_file_bytes: u64,
}

const USAGE: &str = "usage: analyze [--json] [--prices FILE|example] [--skip-invalid] [--summary] \
    [--max-file-bytes N] [FILE | DIR]...";

fn usage_error(message: &str) -> ExitCode {
    warn!("analyze: {}", printable(message));
    warn!("{USAGE}");
    ExitCode::from(2)
}

/// `--prices example`: the example table the npm package ships (prices.example.json).
const EXAMPLE_PRICES: &[u8] = include_bytes!("../prices.example.json");

/// The price table at `path`, read as input files are (a regular file within the limit);
/// `example` is the bundled example table (a file of that name is `./example`).
fn load_prices(path: &str, max_file_bytes: u64) -> Result<PriceTable, String> {
    let bytes = if path == "example" {
        EXAMPLE_PRICES.to_vec()
    } else {
        read_file(Path::new(path), max_file_bytes)
            .map_err(|e| format!("cannot read --prices {path}: [{}] {}", e.code, e.message))?
    };
    parse_json(&bytes)
        .map_err(|e| format!("[{}] {e}", e.code()))
        .and_then(|v| PriceTable::from_value(&v).map_err(|e| format!("[{}] {e}", e.code())))
        .map_err(|e| format!("invalid --prices {path}: {e}"))
}

/// The options and the FILE / DIR arguments; or, after a usage error is printed, the
/// exit status (2).
pub(crate) fn parse(
    mut argv: impl Iterator<Item = String>,
) -> Result<(Options, Vec<String>), ExitCode> {
    let mut opts = Options {
        json: false,
        summary: false,
        skip_invalid: false,
        prices: None,
        max_file_bytes: DEFAULT_MAX_FILE_BYTES,
    };
    let mut prices = None;
    let mut args = Vec::new();
    while let Some(arg) = argv.next() {
        // `--name=value` as well as `--name value`, as the npm CLI's parseArgs takes them.
        let (name, inline) = match arg.split_once('=') {
            Some((name, value)) if name.starts_with("--") => (name, Some(value.to_string())),
            _ => (arg.as_str(), None),
        };
        let takes_value = matches!(name, "--prices" | "--max-file-bytes");
        if inline.is_some() && !takes_value {
            return Err(usage_error(&format!("{name} takes no value")));
        }
        let mut value = || inline.clone().or_else(|| argv.next());
        match name {
            "--json" => opts.json = true,
            "--summary" => opts.summary = true,
            "--skip-invalid" => opts.skip_invalid = true,
            "--prices" => {
                let Some(path) = value() else {
                    return Err(usage_error("--prices needs a FILE"));
                };
                prices = Some(path);
            }
            "--max-file-bytes" => {
                // Digits only (no sign, as the npm CLI takes it).
                let n = value()
                    .filter(|v| v.bytes().all(|b| b.is_ascii_digit()))
                    .and_then(|v| v.parse::<u64>().ok());
                match n {
                    Some(n) if n >= 1 => opts.max_file_bytes = n,
                    _ => {
                        return Err(usage_error(
                            "--max-file-bytes needs a whole number of bytes ≥ 1",
                        ))
                    }
                }
            }
            s if s.starts_with('-') && s.len() > 1 => {
                return Err(usage_error(&format!("unknown option {s}")))
            }
            _ => args.push(arg.clone()),
        }
    }
    if let Some(path) = prices {
        match load_prices(&path, opts.max_file_bytes) {
            Ok(t) => opts.prices = Some(t),
            Err(e) => return Err(usage_error(&e)),
        }
    }
    Ok((opts, args))
}
