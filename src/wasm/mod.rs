//! The wasm-bindgen binding layer (only with the `wasm` feature).
