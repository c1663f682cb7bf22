//! What the fuzz targets in `fuzz/` run, here so that the normal test suite runs the same code
//! over every input a fuzzer once found (`tests/fuzz_regressions.rs`). Each function takes any
//! bytes; an error is a fine outcome, a panic, an abort or a hang is a bug.

use crate::affected::normalise::{self, Columns, ElementBits};
use crate::affected::source::{self, FileFormat, Shape, SourceRow, TextEncoding};
use std::path::Path;

/// An affected-records export as the import reads it: the first byte chooses workbook or
/// delimited text, the encoding and the delimiter; the rest is the file. Every row is
/// normalised with the mapping the wizard would suggest.
pub fn affected_source(data: &[u8]) {
    let Some((&how, bytes)) = data.split_first() else {
        return;
    };
    let format = if how & 0x80 != 0 {
        FileFormat::Xlsx
    } else {
        FileFormat::Delimited
    };
    let encoding = [
        TextEncoding::Utf8,
        TextEncoding::Utf8Bom,
        TextEncoding::Utf16Le,
        TextEncoding::Utf16Be,
        TextEncoding::Windows1252,
    ][usize::from(how & 0x7) % 5];
    let delimiter = [",", ";", "\t", "|"][usize::from((how >> 3) & 0x3)];
    let shape = Shape {
        format,
        encoding,
        delimiter: delimiter.into(),
        sheet: String::new(),
        sheets: Vec::new(),
    };
    let input = Box::new(std::io::Cursor::new(bytes.to_vec()));
    let Ok(table) = source::read_from(input, bytes.len() as u64, Path::new("fuzz"), &shape) else {
        return;
    };
    let mapping = normalise::suggest(&table.headers);
    let Ok(cols) = Columns::resolve(&mapping, &table.headers) else {
        return;
    };
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 7).expect("a valid date");
    for row in table {
        match row {
            Ok(SourceRow::Data { fields, .. }) => {
                let _ = source::oversized_field(&fields);
                let _ = normalise::record(&cols, &fields, today, &mut NoCustom);
            }
            Ok(SourceRow::Blank { .. }) => {}
            Err(_) => break,
        }
    }
}

/// The packet's text layout with the bytes as text (when they are UTF-8).
pub fn packet_layout(data: &[u8]) {
    if let Ok(text) = std::str::from_utf8(data) {
        crate::packet::fuzzing::layout(text);
    }
}

/// A receipt as `audit verify --receipt` and `packets --check` read one: parsed, its
/// signature checked, written back out.
pub fn receipt(data: &[u8]) {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(r) = crate::receipt::Receipt::parse(text) {
            let _ = r.signature_holds();
            let _ = crate::receipt::Receipt::parse(&r.to_text());
        }
    }
}

/// A sealed bundle as `case open-bundle` reads it, from a file in a private temporary folder
/// into a case folder there (whatever an accepted input placed is removed again).
pub fn bundle(data: &[u8]) {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let dir = std::env::temp_dir().join(format!(
        "casebook-fuzz-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    ));
    if crate::util::fs::private_dir(&dir).is_err() {
        return;
    }
    let file = dir.join("in.cbx");
    if std::fs::write(&file, data).is_ok() {
        let _ =
            crate::bundle::open_bundle(&file, &dir.join("case"), None, &crate::progress::Silent);
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// Custom elements are the case's; a fuzzed file declares none.
struct NoCustom;

impl ElementBits for NoCustom {
    fn bit_for(&mut self, _: &str, _: &str) -> Option<u32> {
        None
    }
}
