//! [`normalize_flat`]: one event from the flat encoding the JS fast path writes
//! (`SessionMetrics.push` in the npm package), read by the same [`Reader`] as JSON.

use super::source::{self, Field, Flat};
use super::{created_at_ms, dialect, read_known, NormalizeOptions, NormalizedMetric, Reader};
use crate::dialect::{detect_from, key_style};
use crate::error::NormalizeError;

/// Where a flat-encoded event's `created_at` came from (see [`normalize_flat`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum CreatedAt {
    /// The event had none (or was a bare metrics object).
    None,
    /// Node's `createdAt` (epoch ms).
    Node(f64),
    /// `created_at` (Python epoch s, or epoch ms by magnitude).
    Snake(f64),
}

/// Normalizes one event from the JS fast encoder's [`Flat`] form: the same result
/// (and the same error) as [`normalize_metric`] on the same event as a [`Value`].
///
/// The encoder only sends a `metrics_collected` wrapper with just `type`, `metrics`
/// and a number `createdAt`/`created_at`, or a bare metrics object, of a known metrics
/// type; `key_flags` is the union of [`crate::dialect::key_flags`] of the metrics
/// object's keys (but `type`).
pub(crate) fn normalize_flat(
    flat: &Flat,
    key_flags: u8,
    created_at: CreatedAt,
    options: &NormalizeOptions,
) -> Result<NormalizedMetric, NormalizeError> {
    let created_at_ms = match created_at {
        CreatedAt::None => None,
        CreatedAt::Node(n) => Some(created_at_ms(n, "createdAt", false)?),
        CreatedAt::Snake(n) => Some(created_at_ms(n, "created_at", true)?),
    };
    const TYPE: u8 = source::name_id("type");
    const TIMESTAMP: u8 = source::name_id("timestamp");
    let root = flat.root();
    let Some(Field::Str(metric_type)) = root.get("type", TYPE) else {
        return Err(NormalizeError::MissingField { field: "type" });
    };
    let dialect = dialect(
        options,
        || key_style(key_flags),
        || {
            let ts = match root.get("timestamp", TIMESTAMP) {
                Some(Field::Number(n)) => Some(n),
                _ => None,
            };
            detect_from(key_flags, ts)
        },
    )?;
    let r = Reader { obj: root, dialect };
    let metric = read_known(metric_type, &r)
        .unwrap_or(Err(NormalizeError::MissingField { field: "type" }))?;
    Ok(NormalizedMetric {
        dialect,
        created_at_ms,
        metric,
    })
}
