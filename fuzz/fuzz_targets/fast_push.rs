//! The flat encoding behind `SessionMetrics.push`'s JS fast path. The first byte picks
//! the options and the mode: JSON events encoded as the JS encoder does, read through
//! the flat reader and the tree reader (they must agree); or raw bytes read as an
//! encoding (malformed encodings must not panic). The body lives in the crate
//! (`normalize::fuzzing::fast_push`) so the unit tests replay regressions through it.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| voice_agent_metrics::normalize::fuzzing::fast_push(data));
