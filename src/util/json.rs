//! Records as JSON values, for audit entries and stored options.

use serde::Serialize;

/// `v` as a JSON value. The core's records are plain data (no maps with non-string keys, no
/// failing `Serialize`), so this cannot fail.
pub(crate) fn to_json<T: Serialize>(v: &T) -> serde_json::Value {
    serde_json::to_value(v).expect("plain data serialises")
}
