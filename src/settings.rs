//! Per-case settings, kept in the case database and audited when they change: which legacy
//! digests evidence intake computes besides SHA-256.

use crate::error::Result;
use crate::store::Case;
use crate::util::json::to_json;
use crate::vault::LegacyHashes;
use rusqlite::OptionalExtension;
use serde::{Deserialize, Serialize};
use specta::Type;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Type)]
pub struct CaseSettings {
    /// SHA-1 and MD5 beside SHA-256, for teams whose older tools quote them.
    pub legacy_hashes: LegacyHashes,
}

impl Case {
    pub fn settings(&self) -> Result<CaseSettings> {
        let v: Option<String> = self
            .conn()
            .query_row("SELECT value FROM settings WHERE key = 'case'", [], |r| {
                r.get(0)
            })
            .optional()?;
        Ok(v.and_then(|v| serde_json::from_str(&v).ok())
            .unwrap_or_default())
    }

    pub fn set_settings(&mut self, new: CaseSettings) -> Result<CaseSettings> {
        let old = self.settings()?;
        if old == new {
            return Ok(old);
        }
        self.transact(|tx| {
            tx.conn().execute(
                "INSERT INTO settings (key, value) VALUES ('case', ?1)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [serde_json::to_string(&new).expect("plain data")],
            )?;
            tx.record(
                "settings.update",
                "settings",
                "case",
                Some(to_json(&old)),
                Some(to_json(&new)),
            )
        })?;
        Ok(new)
    }
}
