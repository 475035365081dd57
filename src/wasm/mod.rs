//! The wasm-bindgen binding layer (only with the `wasm` feature).
//!
//! Everything `#[wasm_bindgen]` lives here, one concept per file; the arrow points
//! one way, from this layer to the core. Nothing here may panic on input: every
//! conversion returns a `Result` that becomes a thrown JS error (see [`error`]).
//!
//! | file | what it holds |
//! |---|---|
//! | `mod.rs` | the start function and `version()` |
//! | `error.rs` | core errors → JS `TypeError` / `RangeError` with a stable `code` |
//! | `input.rs` | the one input dispatch: JSON text, bytes or a JS value |
//! | `js_value.rs` | JS values and bytes → `Value` / `Vec<u8>`, catching every JS exception, within the call's limits |
//! | `serializer.rs` | the one serializer for every output (JSON text, one `JSON.parse`) |
//! | `text.rs` | JSON text given as a JS string → UTF-8 bytes, one native copy |
//! | `options.rs` | `NormalizeMetricsOptions`, the JS options object |
//! | `normalize.rs` | `normalizeMetrics(input, options?)` |
//! | `turns.rs` | `computeTurnLatency(events, options?)` |
//! | `usage.rs` | the `Usage` class, `computeUsage(events, options?)` |
//! | `session.rs` | the `SessionMetrics` class (live) |
//! | `report.rs` | `analyzeSessionReport(input, options?)` |
//! | `aggregate.rs` | the `LatencyAggregator` class (sketches, Prometheus, OTLP) |
//! | `types.d.ts` | the few TS types derivation cannot express |

mod aggregate;
mod aggregate_input;
mod error;
mod fast_push;
mod input;
mod js_value;
mod normalize;
mod options;
mod report;
mod serializer;
mod session;
mod text;
mod turns;
mod usage;

use alloc::string::String;
use wasm_bindgen::prelude::*;

/// The module's allocator: talc instead of Rust's default for wasm (dlmalloc). A live
/// `push` allocates a few small blocks per event and a report analysis thousands; with
/// talc both are faster and the module smaller (BENCHMARKS.md). Memory still only grows
/// (`memory.grow`), as with dlmalloc; freed blocks are reused.
#[cfg(all(target_family = "wasm", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

// The hand-written part of the `.d.ts`: only what tsify cannot derive (the input
// union and the thrown error's shape). Everything else is generated.
#[wasm_bindgen(typescript_custom_section)]
const HAND_WRITTEN_TS: &str = include_str!("types.d.ts");

/// Runs once when the module is instantiated (at `require`/`import` in Node, in
/// `init()` on the web): installs the panic hook so that a bug would print a Rust
/// panic message to the console instead of an opaque `unreachable` trap.
///
/// wasm-bindgen also exports it from its glue; it is left out of the `.d.ts`, and
/// the package's entry points re-export only the typed API.
#[wasm_bindgen(start, skip_typescript)]
fn start() {
    #[cfg(feature = "console_error_panic_hook")]
    console_error_panic_hook::set_once();
}

/// Traps the instance on purpose (`unreachable`): how the tests prove that the JS
/// wrapper recovers from a trapped instance. Not part of the API: no TS type, and the
/// package reaches it only through a symbol-keyed property of `version`
/// (`Symbol.for('voice-agent-metrics.trap')`).
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen(js_name = __trap, skip_typescript)]
pub fn trap() {
    core::arch::wasm32::unreachable()
}

/// The version of this package (the Rust crate's `CARGO_PKG_VERSION`), e.g. `"0.1.0"`.
///
/// @example
/// ```js
/// import { version } from 'voice-agent-metrics';
/// console.log(version()); // "0.1.0"
/// ```
#[wasm_bindgen]
pub fn version() -> String {
    String::from(crate::VERSION)
}
