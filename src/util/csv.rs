//! CSV files a user opens in a spreadsheet. A cell that begins with `=`, `+`, `-`, `@`, a tab
//! or a carriage return may be evaluated there as a formula (OWASP, "CSV Injection"), and file
//! names, rejected rows and people's names come from outside; such a cell is written with a
//! leading `'`, the spreadsheets' own mark for "this is text", which they do not display.
//!
//! Every such cell, phone numbers and signed numbers included, as OWASP advises: a spreadsheet
//! computes "+1-555-0100" as -654 and "-2+3+cmd|' /C calc'!A0" runs a command, and telling the
//! two apart by their characters is the game the attacker plays. A raw writer leaves cells as
//! they are, for a file meant to go back into Casebook, whose reader ([`unneutralise`]) takes
//! the mark off again, so either form re-imports to the same values.

use std::borrow::Cow;
use std::io::Write;

/// A `csv::Writer` whose every cell is neutralised (or, made [`Writer::raw`], none): the only
/// way the core writes CSV.
pub(crate) struct Writer<W: Write> {
    inner: csv::Writer<W>,
    raw: bool,
}

impl<W: Write> Writer<W> {
    pub(crate) fn from_writer(w: W) -> Self {
        Writer {
            inner: csv::Writer::from_writer(w),
            raw: false,
        }
    }

    /// Cells written exactly as given: only for a file to be read back by Casebook, never
    /// one meant for a spreadsheet.
    pub(crate) fn raw(w: W) -> Self {
        Writer {
            inner: csv::Writer::from_writer(w),
            raw: true,
        }
    }

    pub(crate) fn write_record<I, T>(&mut self, record: I) -> csv::Result<()>
    where
        I: IntoIterator<Item = T>,
        T: AsRef<str>,
    {
        let raw = self.raw;
        self.inner.write_record(record.into_iter().map(|cell| {
            if raw {
                cell.as_ref().to_owned()
            } else {
                neutralise(cell.as_ref()).into_owned()
            }
        }))
    }

    pub(crate) fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }

    pub(crate) fn into_inner(self) -> std::io::Result<W> {
        self.inner.into_inner().map_err(|e| e.into_error())
    }
}

fn formula_like(cell: &str) -> bool {
    matches!(
        cell.chars().next(),
        Some('=' | '+' | '-' | '@' | '\t' | '\r')
    )
}

/// The cell as it is safe to write: unchanged, or with a leading `'` when a spreadsheet could
/// read it as a formula.
pub(crate) fn neutralise(cell: &str) -> Cow<'_, str> {
    if formula_like(cell) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// A cell as [`neutralise`] found it: the leading `'` taken off where it marks a formula-like
/// cell. A `'` before anything else ("'Ohana") is the value's own and stays.
pub(crate) fn unneutralise(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if formula_like(rest) => rest,
        _ => cell,
    }
}

#[cfg(test)]
mod tests {
    use super::{neutralise, unneutralise};

    #[test]
    fn every_formula_prefix_is_marked_as_text_and_read_back_unmarked() {
        for (cell, written) in [
            ("=SUM(A1:A9)", "'=SUM(A1:A9)"),
            ("@cmd", "'@cmd"),
            ("+HYPERLINK(\"http://x\")", "'+HYPERLINK(\"http://x\")"),
            ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
            ("\t=1", "'\t=1"),
            ("\r=1", "'\r=1"),
            ("+44 20 7946 0000", "'+44 20 7946 0000"),
            ("-3.5", "'-3.5"),
            ("Dana Whitlock", "Dana Whitlock"),
            ("'Ohana", "'Ohana"),
            ("a=b", "a=b"),
            ("", ""),
        ] {
            assert_eq!(neutralise(cell), written, "cell {cell:?}");
            assert_eq!(
                unneutralise(&neutralise(cell)),
                cell,
                "a neutralised cell re-imports as the value it was: {cell:?}"
            );
        }
    }
}
