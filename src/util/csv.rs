//! CSV files a user opens in a spreadsheet. A cell that begins like a formula (`=`, `@`, or `+`
//! / `-` followed by more than a number) would be evaluated there, and file names, rejected rows
//! and people's names come from outside; such a cell is written with a leading `'`, the
//! spreadsheets' own mark for "this is text". Phone numbers and signed numbers stay as they are.

use std::borrow::Cow;
use std::io::Write;

/// A `csv::Writer` whose every cell is neutralised: the only way the core writes CSV.
pub(crate) struct Writer<W: Write>(csv::Writer<W>);

impl<W: Write> Writer<W> {
    pub(crate) fn from_writer(w: W) -> Self {
        Writer(csv::Writer::from_writer(w))
    }

    pub(crate) fn write_record<I, T>(&mut self, record: I) -> csv::Result<()>
    where
        I: IntoIterator<Item = T>,
        T: AsRef<str>,
    {
        self.0.write_record(
            record
                .into_iter()
                .map(|cell| neutralise(cell.as_ref()).into_owned()),
        )
    }

    pub(crate) fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }

    pub(crate) fn into_inner(self) -> std::io::Result<W> {
        self.0.into_inner().map_err(|e| e.into_error())
    }
}

/// The cell as it is safe to write: unchanged, or with a leading `'` when a spreadsheet would
/// read it as a formula.
pub(crate) fn neutralise(cell: &str) -> Cow<'_, str> {
    let formula = match cell.chars().next() {
        Some('=' | '@' | '\t' | '\r') => true,
        // "+44 20 7946 0000", "-3.5" and "(555) 010-0199" are data; "+HYPERLINK(…)" and
        // "-2+3+cmd|' /C calc'!A0" are not.
        Some('+' | '-') => !cell[1..]
            .chars()
            .all(|c| c.is_ascii_digit() || " .-()/".contains(c)),
        _ => false,
    };
    if formula {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

#[cfg(test)]
mod tests {
    use super::neutralise;

    #[test]
    fn formulas_are_marked_as_text_and_numbers_are_left_alone() {
        for (cell, written) in [
            ("=SUM(A1:A9)", "'=SUM(A1:A9)"),
            ("@cmd", "'@cmd"),
            ("+HYPERLINK(\"http://x\")", "'+HYPERLINK(\"http://x\")"),
            ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
            ("\t=1", "'\t=1"),
            ("+44 20 7946 0000", "+44 20 7946 0000"),
            ("-3.5", "-3.5"),
            ("Dana Whitlock", "Dana Whitlock"),
            ("a=b", "a=b"),
            ("", ""),
        ] {
            assert_eq!(neutralise(cell), written, "cell {cell:?}");
        }
    }
}
