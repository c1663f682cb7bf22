//! Any table the app shows, saved as the CSV a user opens in a spreadsheet: the columns and
//! rows as the table shows them, every cell made formula-safe (`util::csv`), and one audit
//! entry per file naming which table, how many rows and the file's name — never a cell, as
//! several tables (people, harm reports, the audit log) hold personal data.

use crate::error::{Error, Result};
use crate::store::Case;
use crate::util::fs::write_unnamed;
use crate::vocab::vocabulary;
use serde::{Deserialize, Serialize};
use specta::Type;
use std::path::PathBuf;

vocabulary! {
    /// The tables that can be exported, as the app names them.
    Table {
        Evidence = "evidence", "Evidence";
        Timeline = "timeline", "Timeline";
        People = "people", "Affected people";
        Harm = "harm", "Harm reports";
        Referrals = "referrals", "Law-enforcement referrals";
        Obligations = "obligations", "Notification obligations";
        Audit = "audit", "Activity (audit log)";
    }
}

/// A table as shown: its column headings and its rows of cells, written to `dest`.
#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct TableExport {
    pub table: Table,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<String>>,
    pub dest: String,
}

/// More rows than any table pages in at once; a request past it is not a table the app showed.
const MAX_ROWS: usize = 1_000_000;

impl Case {
    /// Writes the table as CSV and records the export; returns the number of rows written.
    /// The file gets its name only once the audit entry commits, so no export exists that
    /// the audit chain does not show.
    pub fn export_table(&mut self, t: &TableExport) -> Result<u32> {
        if t.dest.trim().is_empty() {
            return Err(Error::invalid("dest", "choose where to save the CSV file"));
        }
        if t.columns.is_empty() {
            return Err(Error::invalid(
                "columns",
                "a table needs at least one column",
            ));
        }
        if t.rows.len() > MAX_ROWS {
            return Err(Error::invalid(
                "rows",
                format!("export at most {MAX_ROWS} rows at a time; narrow the table first"),
            ));
        }
        if let Some((i, row)) = t
            .rows
            .iter()
            .enumerate()
            .find(|(_, r)| r.len() != t.columns.len())
        {
            return Err(Error::invalid(
                "rows",
                format!(
                    "row {} has {} cells but the table has {} columns",
                    i + 1,
                    row.len(),
                    t.columns.len()
                ),
            ));
        }
        let dest = PathBuf::from(t.dest.trim());
        let (n, written) = write_unnamed(&dest, |f| {
            let mut w = crate::util::csv::Writer::from_writer(f);
            let io = |e: csv::Error| Error::io("writing the CSV file", e.into());
            w.write_record(&t.columns).map_err(io)?;
            for row in &t.rows {
                w.write_record(row).map_err(io)?;
            }
            w.flush()
                .map_err(|e| Error::io("writing the CSV file", e))?;
            Ok(t.rows.len() as u32)
        })?;
        let file = dest
            .file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_default();
        self.transact(|tx| {
            tx.record(
                "table.export",
                "table",
                t.table.code(),
                None,
                Some(serde_json::json!({
                    "table": t.table.code(),
                    "rows": n,
                    "columns": t.columns.len(),
                    "file": file,
                })),
            )
        })?;
        written.name()?;
        Ok(n)
    }
}
