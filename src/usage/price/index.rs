//! The index of a [`PriceTable`](super::PriceTable)'s entries: kind/provider/model →
//! position in `prices`, in a `BTreeMap`, so a lookup costs O(log n) key comparisons.

use super::ModelPrice;
use crate::usage::model::UsageKind;
use alloc::collections::btree_map::{BTreeMap, Entry};
use alloc::string::String;
use core::cmp::Ordering;
use core::fmt;

/// What an entry is looked up by.
#[derive(Clone, PartialEq, Eq)]
struct PriceKey {
    kind: UsageKind,
    provider: String,
    model: String,
}

impl Ord for PriceKey {
    fn cmp(&self, other: &Self) -> Ordering {
        #[cfg(all(test, feature = "std"))]
        tests::count_comparison();
        (self.kind, &self.provider, &self.model).cmp(&(other.kind, &other.provider, &other.model))
    }
}

impl PartialOrd for PriceKey {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// The position in `prices` of each kind/provider/model's first entry, and how many
/// entries were inserted (the table compares it with `prices.len()`).
#[derive(Clone, Default)]
pub(super) struct PriceIndex {
    first: BTreeMap<PriceKey, usize>,
    entries: usize,
}

impl PriceIndex {
    /// Adds the entry at position `i`; false (and the earlier entry kept) when an
    /// earlier entry has the same kind/provider/model.
    pub(super) fn insert(&mut self, p: &ModelPrice, i: usize) -> bool {
        self.entries += 1;
        let key = PriceKey {
            kind: p.kind,
            provider: p.provider.clone(),
            model: p.model.clone(),
        };
        match self.first.entry(key) {
            Entry::Vacant(v) => {
                v.insert(i);
                true
            }
            Entry::Occupied(_) => false,
        }
    }

    /// The position of the entry for exactly this kind/provider/model.
    pub(super) fn get(&self, kind: UsageKind, provider: &str, model: &str) -> Option<usize> {
        let key = PriceKey {
            kind,
            provider: String::from(provider),
            model: String::from(model),
        };
        self.first.get(&key).copied()
    }

    /// How many entries were inserted (duplicates included).
    pub(super) fn entries(&self) -> usize {
        self.entries
    }
}

impl fmt::Debug for PriceIndex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PriceIndex")
            .field("entries", &self.entries)
            .finish_non_exhaustive()
    }
}

#[cfg(all(test, feature = "std"))]
mod tests {
    //! Work, not time: the number of key comparisons a lookup makes, counted in
    //! `PriceKey::cmp`, so a return to scanning the table (or to checking duplicates
    //! pairwise) fails here however fast the machine is.
    use super::super::{ModelPrice, PriceTable};
    use crate::usage::model::UsageKind;
    use alloc::format;
    use alloc::string::String;
    use alloc::vec::Vec;
    use core::cell::Cell;

    std::thread_local! {
        static COMPARISONS: Cell<u64> = const { Cell::new(0) };
    }

    pub(super) fn count_comparison() {
        COMPARISONS.with(|c| c.set(c.get() + 1));
    }

    /// Runs `f`, returning its result and the key comparisons it made.
    fn counted<T>(f: impl FnOnce() -> T) -> (T, u64) {
        let before = COMPARISONS.with(Cell::get);
        let out = f();
        (out, COMPARISONS.with(Cell::get) - before)
    }

    fn price(kind: UsageKind, provider: &str, model: &str, per_audio_minute: f64) -> ModelPrice {
        ModelPrice {
            kind,
            provider: String::from(provider),
            model: String::from(model),
            input_per_million: None,
            cached_input_per_million: None,
            cache_creation_per_million: None,
            output_per_million: None,
            audio_input_per_million: None,
            audio_cached_input_per_million: None,
            audio_output_per_million: None,
            session_per_minute: None,
            per_audio_minute: Some(per_audio_minute),
            per_million_characters: None,
            per_thousand_requests: None,
        }
    }

    const N: usize = 20_000;

    /// `N` entries: `N - 2` STT models of provider `p<i % 100>`, a `"*"` entry for
    /// provider `p7`, and one LLM entry sharing an STT entry's provider/model.
    fn big_table() -> PriceTable {
        let mut prices: Vec<ModelPrice> = (0..N - 2)
            .map(|i| {
                price(
                    UsageKind::Stt,
                    &format!("p{}", i % 100),
                    &format!("m{i}"),
                    i as f64,
                )
            })
            .collect();
        prices.push(price(UsageKind::Stt, "p7", "*", 0.5));
        prices.push(price(UsageKind::Llm, "p3", "m3", 0.25));
        PriceTable::new(String::from("USD"), None, prices).unwrap()
    }

    /// Key comparisons one search of an n-key index may make: a BTreeMap node holds
    /// at most 11 keys and the tree has at most log2 n levels, so 12 per bit of n.
    fn bound(n: usize) -> u64 {
        let levels = (usize::BITS - n.leading_zeros()) as u64; // ≥ log2 n ≥ log_6 n
        12 * levels
    }

    #[test]
    fn lookups_compare_logarithmically_many_keys() {
        let t = big_table();
        for (kind, provider, model, want) in [
            (UsageKind::Stt, "p42", "m19942", Some(19_942.0)),
            (UsageKind::Stt, "p7", "m7", Some(7.0)),
            // Not in the table: the exact lookup misses, then the "*" one.
            (UsageKind::Stt, "p7", "unknown", Some(0.5)),
            (UsageKind::Stt, "p8", "unknown", None),
            (UsageKind::Llm, "p3", "m3", Some(0.25)),
            (UsageKind::Tts, "p3", "m3", None),
        ] {
            let (found, comparisons) = counted(|| t.find(kind, provider, model));
            assert_eq!(
                found.and_then(|p| p.per_audio_minute),
                want,
                "{provider}/{model}"
            );
            // Some comparisons: the index was used (a scan compares no keys at all);
            // at most two searches of the index.
            assert!(
                (1..=2 * bound(N)).contains(&comparisons),
                "{provider}/{model}: {comparisons} comparisons for {N} entries"
            );
        }
    }

    #[test]
    fn building_compares_n_log_n_keys() {
        let (t, comparisons) = counted(big_table);
        assert_eq!(t.prices.len(), N);
        // Pairwise duplicate checks would be N²/2 = 5·10⁹.
        assert!(
            comparisons <= N as u64 * bound(N),
            "{comparisons} comparisons to build {N} entries"
        );
    }

    #[test]
    fn edited_prices_are_still_found() {
        let mut t = big_table();
        // An entry added without reindexing: found by scanning (no key comparisons).
        t.prices.push(price(UsageKind::Tts, "new", "voice", 3.0));
        let (found, comparisons) = counted(|| t.find(UsageKind::Tts, "new", "voice"));
        assert_eq!(found.and_then(|p| p.per_audio_minute), Some(3.0));
        assert_eq!(comparisons, 0);
        t.reindex();
        let (found, comparisons) = counted(|| t.find(UsageKind::Tts, "new", "voice"));
        assert_eq!(found.and_then(|p| p.per_audio_minute), Some(3.0));
        assert!((1..=bound(N + 1)).contains(&comparisons));
        // An entry renamed in place: the index's stale position is not trusted.
        t.prices[5].model = String::from("renamed");
        assert_eq!(
            t.find(UsageKind::Stt, "p5", "m5").map(|p| p.model.as_str()),
            None
        );
        assert_eq!(
            t.find(UsageKind::Stt, "p5", "renamed")
                .and_then(|p| p.per_audio_minute),
            None,
            "renamed in place without reindex: not indexed under its new name"
        );
        t.reindex();
        assert_eq!(
            t.find(UsageKind::Stt, "p5", "renamed")
                .and_then(|p| p.per_audio_minute),
            Some(5.0)
        );
    }
}
