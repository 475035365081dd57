//! Cost of usage rows under a [`PriceTable`].
//!
//! Amounts are `f64` in the table's currency, computed without intermediate
//! rounding (round only for display). Token counts are split so nothing is billed
//! twice, assuming, as OpenAI and the LiveKit plugins report them, that
//! `input_tokens` includes cached, cache-creation and audio tokens and
//! `output_tokens` includes audio tokens:
//!
//! * cached text input = `input_cached_tokens − input_cached_audio_tokens`;
//! * uncached text input = `input_tokens − input_audio_tokens − cached text − cache-creation`;
//! * uncached audio input = `input_audio_tokens − input_cached_audio_tokens`;
//! * text output = `output_tokens − output_audio_tokens`;
//! * reasoning tokens (`output_reasoning_tokens`) are already inside `output_tokens`
//!   and billed there, at the output price, never a second time.
//!
//! A row with usage but without a price for every part of it is listed in
//! `unpriced` with the missing price fields, and adds nothing to the total: a cost is
//! never silently zero. Rows with no usage at all cost 0 and are not listed.

use super::model::*;
use super::price::{ModelPrice, PriceTable};
use alloc::string::String;
use alloc::vec::Vec;

/// The largest price a [`PriceTable`] accepts (per million tokens, per million
/// characters, per hour, per thousand requests): 10^9 in the table's currency. A larger
/// one is a unit mistake (and 10^308 would overflow the cost to infinity); with it, every
/// cost of counts up to 2^64 stays finite (below 2 × 10^22 per part).
pub const MAX_PRICE: f64 = 1e9;

/// The cost of one usage row.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct ModelCost {
    /// Usage kind.
    pub kind: UsageKind,
    /// Provider.
    pub provider: String,
    /// Model.
    pub model: String,
    /// Cost, in the table's currency.
    pub cost: f64,
}

/// A usage row that could not be priced.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct UnpricedModel {
    /// Usage kind.
    pub kind: UsageKind,
    /// Provider.
    pub provider: String,
    /// Model.
    pub model: String,
    /// The price fields it lacks, or `["entry"]` when the table has no entry for it.
    pub missing: Vec<String>,
}

/// Costs of a set of usage rows.
#[derive(Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct CostReport {
    /// The table's currency.
    pub currency: String,
    /// Sum of `models[*].cost` (unpriced rows excluded: see `unpriced`).
    pub total: f64,
    /// Cost per priced row, in row order.
    pub models: Vec<ModelCost>,
    /// Rows with usage that the table cannot price.
    pub unpriced: Vec<UnpricedModel>,
}

/// Accumulates `quantity × price` parts and remembers the prices it lacked.
struct Bill<'a> {
    price: &'a ModelPrice,
    cost: f64,
    missing: Vec<String>,
}

impl Bill<'_> {
    /// Adds `quantity / per × price`; a missing price for a non-zero quantity is noted.
    fn add(&mut self, quantity: f64, per: f64, price: Option<f64>, field: &str) {
        if quantity <= 0.0 {
            return;
        }
        match price {
            Some(p) => self.cost += quantity / per * p,
            None => self.missing.push(String::from(field)),
        }
    }
}

const M: f64 = 1_000_000.0;

fn bill_llm(b: &mut Bill, u: &LlmUsage) {
    let p = b.price;
    let cached_audio = u.input_cached_audio_tokens.min(u.input_audio_tokens);
    let cached_text = u.input_cached_tokens.saturating_sub(cached_audio);
    let text_in = u
        .input_tokens
        .saturating_sub(u.input_audio_tokens)
        .saturating_sub(cached_text)
        .saturating_sub(u.input_cache_creation_tokens);
    let audio_in = u.input_audio_tokens - cached_audio;
    let audio_out = u.output_audio_tokens.min(u.output_tokens);
    let text_out = u.output_tokens - audio_out;
    let input = p.input_per_million;
    b.add(text_in as f64, M, input, "inputPerMillion");
    b.add(
        cached_text as f64,
        M,
        p.cached_input_per_million.or(input),
        "cachedInputPerMillion",
    );
    b.add(
        u.input_cache_creation_tokens as f64,
        M,
        p.cache_creation_per_million.or(input),
        "cacheCreationPerMillion",
    );
    b.add(
        audio_in as f64,
        M,
        p.audio_input_per_million,
        "audioInputPerMillion",
    );
    b.add(
        cached_audio as f64,
        M,
        p.audio_cached_input_per_million
            .or(p.audio_input_per_million),
        "audioCachedInputPerMillion",
    );
    b.add(text_out as f64, M, p.output_per_million, "outputPerMillion");
    b.add(
        audio_out as f64,
        M,
        p.audio_output_per_million,
        "audioOutputPerMillion",
    );
    b.add(
        u.session_duration_ms,
        60_000.0,
        p.session_per_minute,
        "sessionPerMinute",
    );
}

fn bill(b: &mut Bill, row: &ModelUsage) {
    let p = b.price;
    match row {
        ModelUsage::Llm(u) => bill_llm(b, u),
        ModelUsage::Tts(u) => {
            // Character-billed or token-billed: whichever the table prices.
            if p.per_million_characters.is_some() || (u.input_tokens == 0 && u.output_tokens == 0) {
                b.add(
                    u.characters_count as f64,
                    M,
                    p.per_million_characters,
                    "perMillionCharacters",
                );
            } else {
                b.add(
                    u.input_tokens as f64,
                    M,
                    p.input_per_million,
                    "inputPerMillion",
                );
                b.add(
                    u.output_tokens as f64,
                    M,
                    p.output_per_million,
                    "outputPerMillion",
                );
            }
        }
        ModelUsage::Stt(u) => {
            if p.per_audio_minute.is_some() || (u.input_tokens == 0 && u.output_tokens == 0) {
                b.add(
                    u.audio_duration_ms,
                    60_000.0,
                    p.per_audio_minute,
                    "perAudioMinute",
                );
            } else {
                b.add(
                    u.input_tokens as f64,
                    M,
                    p.input_per_million,
                    "inputPerMillion",
                );
                b.add(
                    u.output_tokens as f64,
                    M,
                    p.output_per_million,
                    "outputPerMillion",
                );
            }
        }
        ModelUsage::Interruption(u) | ModelUsage::Eot(u) => {
            b.add(
                u.total_requests as f64,
                1000.0,
                p.per_thousand_requests,
                "perThousandRequests",
            );
        }
    }
}

fn has_usage(row: &ModelUsage) -> bool {
    match row {
        ModelUsage::Llm(u) => {
            u.input_tokens + u.output_tokens + u.input_cache_creation_tokens > 0
                || u.session_duration_ms > 0.0
        }
        ModelUsage::Tts(u) => {
            u.characters_count + u.input_tokens + u.output_tokens > 0 || u.audio_duration_ms > 0.0
        }
        ModelUsage::Stt(u) => u.input_tokens + u.output_tokens > 0 || u.audio_duration_ms > 0.0,
        ModelUsage::Interruption(u) | ModelUsage::Eot(u) => u.total_requests > 0,
    }
}

/// Prices every row of `rows` with `table`.
pub fn cost(rows: &[ModelUsage], table: &PriceTable) -> CostReport {
    let mut report = CostReport {
        currency: table.currency.clone(),
        ..Default::default()
    };
    for row in rows.iter().filter(|r| has_usage(r)) {
        let (provider, model) = row.key();
        let unpriced = |missing| UnpricedModel {
            kind: row.kind(),
            provider: String::from(provider),
            model: String::from(model),
            missing,
        };
        let Some(price) = table.find(row.kind(), provider, model) else {
            report
                .unpriced
                .push(unpriced(alloc::vec![String::from("entry")]));
            continue;
        };
        let mut b = Bill {
            price,
            cost: 0.0,
            missing: Vec::new(),
        };
        bill(&mut b, row);
        if b.missing.is_empty() {
            report.total += b.cost;
            report.models.push(ModelCost {
                kind: row.kind(),
                provider: String::from(provider),
                model: String::from(model),
                cost: b.cost,
            });
        } else {
            report.unpriced.push(unpriced(b.missing));
        }
    }
    report
}
