//! Reading an affected-records file, whatever its shape: CSV/TSV in UTF-8 (with or without a
//! BOM), UTF-16 with a BOM or Windows-1252, with any of four delimiters, and `.xlsx` workbooks.
//! Detection looks at the bytes; the user can override both guesses. Rows come out as strings
//! with their row number in the file, blank rows included, so every row can be accounted for.

use crate::error::{Error, Result};
use crate::util::csv::unneutralise;
use crate::vocab::vocabulary;
use calamine::{Data, Reader};
use serde::{Deserialize, Serialize};
use specta::Type;
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

vocabulary! {
    TextEncoding {
        Utf8 = "utf-8", "UTF-8";
        Utf8Bom = "utf-8-bom", "UTF-8 with BOM";
        Utf16Le = "utf-16le", "UTF-16 (little-endian)";
        Utf16Be = "utf-16be", "UTF-16 (big-endian)";
        Windows1252 = "windows-1252", "Windows-1252 (Western European)";
    }
}

vocabulary! {
    FileFormat {
        Delimited = "delimited", "Delimited text (CSV/TSV)";
        Xlsx = "xlsx", "Excel workbook (.xlsx)";
    }
}

/// The delimiters a file may use, in the order ties are broken.
const DELIMITERS: [u8; 4] = [b',', b';', b'\t', b'|'];

/// How a file will be read: detected, then possibly overridden by the user.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct Shape {
    pub format: FileFormat,
    /// For delimited text.
    pub encoding: TextEncoding,
    /// One character: `,` `;` tab or `|`.
    pub delimiter: String,
    /// For workbooks: the sheet read, and all the sheets there are.
    pub sheet: String,
    pub sheets: Vec<String>,
}

/// The user's overrides of what detection found.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Type)]
pub struct ShapeOverride {
    pub encoding: Option<TextEncoding>,
    pub delimiter: Option<String>,
    pub sheet: Option<String>,
}

fn is_xlsx(path: &Path) -> Result<bool> {
    let mut magic = [0u8; 4];
    let mut f = open(path)?;
    let n = f
        .read(&mut magic)
        .map_err(|e| Error::io(format!("cannot read {}", path.display()), e))?;
    // A zip archive: .xlsx (the legacy .xls is refused below with a message).
    Ok(n == 4 && magic == *b"PK\x03\x04")
}

/// Detects the file's shape and applies the user's overrides.
pub fn detect(path: &Path, over: &ShapeOverride) -> Result<Shape> {
    if is_xlsx(path)? {
        check_archive(open(path)?, path)?;
        let wb = calamine::open_workbook_auto(path).map_err(|e| bad_workbook(path, e))?;
        let sheets = wb.sheet_names().to_vec();
        let sheet = match &over.sheet {
            Some(s) if !s.trim().is_empty() => {
                if !sheets.contains(s) {
                    return Err(Error::invalid(
                        "sheet",
                        format!(
                            "the workbook has no sheet {s:?}; its sheets are: {}",
                            sheets.join(", ")
                        ),
                    ));
                }
                s.clone()
            }
            _ => sheets
                .first()
                .cloned()
                .ok_or_else(|| Error::invalid("file", "the workbook has no sheets"))?,
        };
        return Ok(Shape {
            format: FileFormat::Xlsx,
            encoding: TextEncoding::Utf8,
            delimiter: String::new(),
            sheet,
            sheets,
        });
    }
    if path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xls"))
    {
        return Err(Error::invalid(
            "file",
            "legacy .xls workbooks are not read; save the sheet as .xlsx or CSV and import that",
        ));
    }
    let encoding = match over.encoding {
        Some(e) => e,
        None => detect_encoding(path)?,
    };
    let delimiter = match over.delimiter.as_deref().map(parse_delimiter).transpose()? {
        Some(d) => d,
        None => detect_delimiter(path, encoding)?,
    };
    Ok(Shape {
        format: FileFormat::Delimited,
        encoding,
        delimiter: (delimiter as char).to_string(),
        sheet: String::new(),
        sheets: Vec::new(),
    })
}

fn bad_workbook(path: &Path, e: calamine::Error) -> Error {
    Error::invalid(
        "file",
        format!(
            "{} cannot be read as an .xlsx workbook ({e})",
            path.display()
        ),
    )
}

pub fn parse_delimiter(s: &str) -> Result<u8> {
    let d = match s {
        "," | "comma" => b',',
        ";" | "semicolon" => b';',
        "\t" | "\\t" | "tab" => b'\t',
        "|" | "pipe" => b'|',
        _ => {
            return Err(Error::invalid(
                "delimiter",
                format!(
                    "{s:?} is not a delimiter Casebook reads; use comma, semicolon, tab or pipe"
                ),
            ))
        }
    };
    Ok(d)
}

/// A BOM decides; otherwise a file that is valid UTF-8 throughout is UTF-8, and anything else
/// is taken as Windows-1252 (which maps every byte, so it never fails to decode).
fn detect_encoding(path: &Path) -> Result<TextEncoding> {
    let mut f = BufReader::with_capacity(1 << 20, open(path)?);
    let mut buf = vec![0u8; 1 << 20];
    let mut carry = 0usize;
    let mut first = true;
    loop {
        let n = f
            .read(&mut buf[carry..])
            .map_err(|e| Error::io(format!("cannot read {}", path.display()), e))?;
        if first {
            first = false;
            let head = &buf[..carry + n];
            if head.starts_with(b"\xEF\xBB\xBF") {
                return Ok(TextEncoding::Utf8Bom);
            }
            if head.starts_with(b"\xFF\xFE") {
                return Ok(TextEncoding::Utf16Le);
            }
            if head.starts_with(b"\xFE\xFF") {
                return Ok(TextEncoding::Utf16Be);
            }
        }
        let len = carry + n;
        if n == 0 {
            return Ok(if carry == 0 {
                TextEncoding::Utf8
            } else {
                TextEncoding::Windows1252
            });
        }
        match std::str::from_utf8(&buf[..len]) {
            Ok(_) => carry = 0,
            // A character cut by the chunk boundary: keep its bytes for the next round.
            Err(e) if e.error_len().is_none() => {
                let valid = e.valid_up_to();
                buf.copy_within(valid..len, 0);
                carry = len - valid;
            }
            Err(_) => return Ok(TextEncoding::Windows1252),
        }
    }
}

/// Only a regular file: a pipe would block the import, a link may point anywhere.
fn open(path: &Path) -> Result<File> {
    crate::util::fs::open_regular(path, "path")
}

fn decoder(encoding: TextEncoding) -> &'static encoding_rs::Encoding {
    match encoding {
        TextEncoding::Utf8 | TextEncoding::Utf8Bom => encoding_rs::UTF_8,
        TextEncoding::Utf16Le => encoding_rs::UTF_16LE,
        TextEncoding::Utf16Be => encoding_rs::UTF_16BE,
        TextEncoding::Windows1252 => encoding_rs::WINDOWS_1252,
    }
}

/// The text read from `input` as UTF-8, BOM removed, counting the raw bytes consumed for
/// progress.
fn text_reader(input: impl Read, encoding: TextEncoding, consumed: Arc<AtomicU64>) -> impl Read {
    let counted = Counted {
        inner: input,
        consumed,
    };
    encoding_rs_io::DecodeReaderBytesBuilder::new()
        .encoding(Some(decoder(encoding)))
        .bom_override(true)
        .utf8_passthru(false)
        .build(BufReader::with_capacity(1 << 20, counted))
}

struct Counted<R> {
    inner: R,
    consumed: Arc<AtomicU64>,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.consumed.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// Picks the delimiter that splits the first rows into the same number of fields (more than
/// one), preferring the one that gives the most fields.
fn detect_delimiter(path: &Path, encoding: TextEncoding) -> Result<u8> {
    let mut sample = String::new();
    text_reader(open(path)?, encoding, Arc::default())
        .take(64 * 1024)
        .read_to_string(&mut sample)
        .or_else(|e| {
            if e.kind() == std::io::ErrorKind::InvalidData {
                Ok(0)
            } else {
                Err(e)
            }
        })
        .map_err(|e| Error::io(format!("cannot read {}", path.display()), e))?;
    // The sample may end inside a row; drop the partial last line.
    if let Some(cut) = sample.rfind('\n') {
        if sample.len() >= 64 * 1024 {
            sample.truncate(cut);
        }
    }
    let mut best: Option<(u8, usize, usize)> = None; // delimiter, fields, consistent rows
    for d in DELIMITERS {
        let mut rdr = csv::ReaderBuilder::new()
            .delimiter(d)
            .has_headers(false)
            .flexible(true)
            .from_reader(sample.as_bytes());
        let mut widths = Vec::new();
        for rec in rdr.records().take(50) {
            match rec {
                Ok(r) => widths.push(r.len()),
                Err(_) => break,
            }
        }
        let Some(&first) = widths.first() else {
            continue;
        };
        let consistent = widths.iter().filter(|&&w| w == first).count();
        if first < 2 {
            continue;
        }
        let better = match best {
            None => true,
            Some((_, f, c)) => consistent > c || (consistent == c && first > f),
        };
        if better {
            best = Some((d, first, consistent));
        }
    }
    Ok(best.map(|b| b.0).unwrap_or(b','))
}

/// One row of the file. `row` is its number as a spreadsheet would show it (the header is 1).
#[derive(Debug, Clone, PartialEq)]
pub enum SourceRow {
    Blank { row: u64 },
    Data { row: u64, fields: Vec<String> },
}

/// The rows after the header, and how far through the file reading has got.
pub struct Table {
    pub headers: Vec<String>,
    rows: Box<dyn Iterator<Item = Result<SourceRow>>>,
    consumed: Arc<AtomicU64>,
    pub total: u64,
}

impl Table {
    /// Units done of [`Table::total`] (bytes for text, rows for workbooks).
    pub fn done(&self) -> u64 {
        self.consumed.load(Ordering::Relaxed)
    }
}

impl Iterator for Table {
    type Item = Result<SourceRow>;
    fn next(&mut self) -> Option<Self::Item> {
        self.rows.next()
    }
}

/// Rows shown in an import preview.
pub const PREVIEW_ROWS: usize = 20;

/// The first [`PREVIEW_ROWS`] data rows of a table and the file line each starts on.
pub fn first_rows(table: Table) -> Result<(Vec<Vec<String>>, Vec<u32>)> {
    let (mut rows, mut lines) = (Vec::new(), Vec::new());
    for row in table {
        if let SourceRow::Data { row, fields } = row? {
            rows.push(fields);
            lines.push(row as u32);
            if rows.len() == PREVIEW_ROWS {
                break;
            }
        }
    }
    Ok((rows, lines))
}

/// Opens the file as a [`Table`] of the given shape. A file without a header row is refused.
/// A first row that looks like data is refused too ([`super::normalise::refuse_data_header`]).
pub fn read(path: &Path, shape: &Shape) -> Result<Table> {
    let total = std::fs::metadata(path)
        .map_err(|e| Error::io(format!("cannot read {}", path.display()), e))?
        .len();
    read_from(Box::new(open(path)?), total, path, shape)
}

/// Reads a [`Table`] of the given shape from `input`, `total` bytes long: a file's bytes as
/// they come from wherever they are kept (the vault decrypts as it is read). `path` names the
/// file in messages. A workbook is read into memory (calamine needs to seek), never to disk.
pub fn read_from(
    mut input: Box<dyn Read>,
    total: u64,
    path: &Path,
    shape: &Shape,
) -> Result<Table> {
    let table = match shape.format {
        FileFormat::Xlsx => {
            let mut bytes = Vec::new();
            input
                .read_to_end(&mut bytes)
                .map_err(|e| Error::io(format!("cannot read {}", path.display()), e))?;
            check_archive(std::io::Cursor::new(&bytes[..]), path)?;
            let wb = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes))
                .map_err(|e| bad_workbook(path, e))?;
            xlsx_table(wb, path, &shape.sheet)
        }
        FileFormat::Delimited => read_delimited(input, total, path, shape),
    }?;
    if table.headers.len() > MAX_COLUMNS {
        return Err(too_big(
            path,
            format!(
                "its header has {} columns, past the {MAX_COLUMNS} Casebook reads",
                table.headers.len()
            ),
        ));
    }
    super::normalise::refuse_data_header(&table.headers)?;
    Ok(table)
}

fn read_delimited(input: Box<dyn Read>, total: u64, path: &Path, shape: &Shape) -> Result<Table> {
    let delimiter = parse_delimiter(&shape.delimiter)?;
    let consumed = Arc::new(AtomicU64::new(0));
    let starts = LineStarts::default();
    let text = BlankLines::new(
        text_reader(input, shape.encoding, consumed.clone()),
        delimiter,
        starts.clone(),
    );
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .buffer_capacity(1 << 16)
        .from_reader(text);
    let mut rec = csv::StringRecord::new();
    let got = rdr.read_record(&mut rec).map_err(|e| csv_error(path, e))?;
    if !got || rec.iter().all(|f| f.trim().is_empty()) {
        return Err(Error::invalid(
            "file",
            "the file is empty: the first row must name the columns",
        ));
    }
    let headers: Vec<String> = rec
        .iter()
        .map(|h| unneutralise(h).trim().to_string())
        .collect();
    starts.0.borrow_mut().pop_front();
    let rows = DelimitedRows {
        rdr,
        rec,
        starts,
        done: false,
        path: path.display().to_string(),
    };
    Ok(Table {
        headers,
        rows: Box::new(rows),
        consumed,
        total,
    })
}

/// Records of a delimited file; blank lines arrive as records of empty fields (see
/// [`BlankLines`]).
struct DelimitedRows<R> {
    rdr: csv::Reader<R>,
    rec: csv::StringRecord,
    starts: LineStarts,
    done: bool,
    path: String,
}

impl<R: Read> Iterator for DelimitedRows<R> {
    type Item = Result<SourceRow>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        match self.rdr.read_record(&mut self.rec) {
            Ok(true) => {
                let row = self.starts.0.borrow_mut().pop_front().unwrap_or(0);
                Some(Ok(if self.rec.iter().all(|f| f.trim().is_empty()) {
                    SourceRow::Blank { row }
                } else {
                    SourceRow::Data {
                        row,
                        // A file Casebook exported for spreadsheets reads as the values it holds.
                        fields: self
                            .rec
                            .iter()
                            .map(|f| unneutralise(f).to_string())
                            .collect(),
                    }
                }))
            }
            Ok(false) => {
                self.done = true;
                None
            }
            Err(e) => {
                self.done = true;
                Some(Err(csv_error_text(&self.path, e)))
            }
        }
    }
}

/// Where a CSV field stands, as the csv reader sees it, to tell line ends from newlines inside
/// quoted values.
#[derive(Clone, Copy, PartialEq)]
enum Lexeme {
    LineStart,
    FieldStart,
    Unquoted,
    Quoted,
    QuoteInQuoted,
}

/// The line on which each record begins, in order, as [`BlankLines`] saw them: the csv reader's
/// own line numbers lag by one in files with CRLF line ends.
#[derive(Clone, Default)]
struct LineStarts(std::rc::Rc<std::cell::RefCell<std::collections::VecDeque<u64>>>);

/// The csv reader skips empty lines without a trace, but an empty line is a row the user must
/// see accounted for. This filter writes the delimiter into every empty line outside quoted
/// values, so the reader yields it as a record of empty fields, counted blank — and its line
/// numbers stay those of the file.
struct BlankLines<R> {
    inner: R,
    buf: Vec<u8>,
    pos: usize,
    len: usize,
    state: Lexeme,
    delimiter: u8,
    line: u64,
    starts: LineStarts,
}

impl<R: Read> BlankLines<R> {
    fn new(inner: R, delimiter: u8, starts: LineStarts) -> Self {
        BlankLines {
            inner,
            buf: vec![0; 1 << 16],
            pos: 0,
            len: 0,
            state: Lexeme::LineStart,
            delimiter,
            line: 1,
            starts,
        }
    }
}

impl<R: Read> Read for BlankLines<R> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        if self.pos == self.len {
            self.len = self.inner.read(&mut self.buf)?;
            self.pos = 0;
            if self.len == 0 {
                return Ok(0);
            }
        }
        let mut n = 0;
        // Room for one injected byte per input byte.
        while self.pos < self.len && n + 2 <= out.len() {
            let b = self.buf[self.pos];
            if self.state == Lexeme::LineStart {
                self.starts.0.borrow_mut().push_back(self.line);
                if b == b'\r' || b == b'\n' {
                    out[n] = self.delimiter;
                    n += 1;
                }
            }
            if b == b'\n' {
                self.line += 1;
            }
            self.state = match (self.state, b) {
                (Lexeme::Quoted, b'"') => Lexeme::QuoteInQuoted,
                (Lexeme::Quoted, _) => Lexeme::Quoted,
                (Lexeme::QuoteInQuoted, b'"') => Lexeme::Quoted,
                (_, b'\n') => Lexeme::LineStart,
                // The \n of a \r\n follows; a lone \r ending a line is rare enough to ignore.
                (_, b'\r') => Lexeme::Unquoted,
                (_, d) if d == self.delimiter => Lexeme::FieldStart,
                (Lexeme::LineStart | Lexeme::FieldStart, b'"') => Lexeme::Quoted,
                _ => Lexeme::Unquoted,
            };
            out[n] = b;
            n += 1;
            self.pos += 1;
        }
        Ok(n)
    }
}

fn csv_error(path: &Path, e: csv::Error) -> Error {
    csv_error_text(&path.display().to_string(), e)
}

fn csv_error_text(path: &str, e: csv::Error) -> Error {
    let at = e
        .position()
        .map(|p| format!(" at row {}", p.line()))
        .unwrap_or_default();
    match e.into_kind() {
        csv::ErrorKind::Io(io) => Error::io(format!("cannot read {path}{at}"), io),
        // Never echo the offending bytes: they may be personal data.
        _ => Error::invalid(
            "file",
            format!(
                "{path} cannot be read as delimited text{at}; check the encoding and delimiter"
            ),
        ),
    }
}

fn cell_text(c: &Data) -> String {
    match c {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        // Whole numbers (ids, phone numbers typed as numbers) without a trailing ".0".
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) => match d.as_datetime() {
            Some(dt) if dt.time() == chrono::NaiveTime::MIN => {
                dt.date().format("%Y-%m-%d").to_string()
            }
            Some(dt) => dt.format("%Y-%m-%dT%H:%M:%S").to_string(),
            None => d.as_f64().to_string(),
        },
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

/// What a workbook may hold before Casebook reads it. A workbook is a zip archive: a few
/// kilobytes can unpack to gigabytes, and a sheet can declare (or place a cell at) column
/// XFD, row 1,048,576, which a reader that allocates by the sheet's size turns into hundreds
/// of gigabytes. The archive's own figures are checked before anything is unpacked, and the
/// sheet is read cell by cell, never by its declared size.
const XLSX_MAX_UNPACKED: u64 = 1 << 30;
/// Real workbooks compress 5–20 times; far more is a bomb.
const XLSX_MAX_RATIO: u64 = 100;
/// Columns of a row: more than any export of people has, few enough that padding a row to
/// its last cell stays small.
pub const MAX_COLUMNS: usize = 1024;
/// Cells of a sheet, so memory stays bounded whatever the archive holds.
const XLSX_MAX_CELLS: u64 = 50_000_000;
/// A field (cell) longer than this is no name, address or note but a payload.
pub const MAX_FIELD_BYTES: usize = 64 * 1024;

fn too_big(path: &Path, what: String) -> Error {
    Error::invalid(
        "file",
        format!(
            "{} is refused: {what}. Save the sheet as CSV, or only the rows and columns in use, \
             and import that",
            path.display()
        ),
    )
}

/// Refuses a workbook whose archive would unpack past the limits, from its directory alone.
fn check_archive<R: Read + std::io::Seek>(archive: R, path: &Path) -> Result<()> {
    let mut zip = zip::ZipArchive::new(archive).map_err(|e| {
        Error::invalid(
            "file",
            format!("{} is not a readable .xlsx workbook ({e})", path.display()),
        )
    })?;
    let mut unpacked = 0u64;
    for i in 0..zip.len() {
        let entry = zip.by_index_raw(i).map_err(|e| {
            Error::invalid(
                "file",
                format!("{} is not a readable .xlsx workbook ({e})", path.display()),
            )
        })?;
        let (size, packed) = (entry.size(), entry.compressed_size().max(1));
        if size > 1 << 20 && size / packed > XLSX_MAX_RATIO {
            return Err(too_big(
                path,
                format!(
                    "a part of it unpacks {}× ({} MiB from {} KiB), past the {XLSX_MAX_RATIO}× \
                     a workbook of data reaches",
                    size / packed,
                    size >> 20,
                    packed >> 10
                ),
            ));
        }
        unpacked = unpacked.saturating_add(size);
    }
    if unpacked > XLSX_MAX_UNPACKED {
        return Err(too_big(
            path,
            format!(
                "it unpacks to {} MiB, past the {} MiB Casebook reads",
                unpacked >> 20,
                XLSX_MAX_UNPACKED >> 20
            ),
        ));
    }
    Ok(())
}

/// The sheet's rows as text, read cell by cell (an `.xlsx` sheet through calamine's cell
/// reader, so its declared dimension allocates nothing), with the limits above.
fn sheet_rows<RS: Read + std::io::Seek>(
    wb: &mut calamine::Sheets<RS>,
    path: &Path,
    sheet: &str,
) -> Result<(u64, Vec<Vec<String>>)> {
    let calamine::Sheets::Xlsx(xlsx) = wb else {
        let range = wb
            .worksheet_range(sheet)
            .map_err(|e| bad_workbook(path, e))?;
        let first_row = range.start().map(|(r, _)| r as u64).unwrap_or(0);
        let first_col = range.start().map(|(_, c)| c as usize).unwrap_or(0);
        let rows = range
            .rows()
            .map(|r| {
                let mut v: Vec<String> = vec![String::new(); first_col];
                v.extend(r.iter().map(cell_text));
                v
            })
            .collect();
        return Ok((first_row, rows));
    };
    let mut cells = xlsx
        .worksheet_cells_reader(sheet)
        .map_err(|e| bad_workbook(path, e.into()))?;
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut first_row: Option<u32> = None;
    let mut count = 0u64;
    while let Some(cell) = cells
        .next_cell()
        .map_err(|e| bad_workbook(path, e.into()))?
    {
        let (r, c) = cell.get_position();
        let text = cell_text(&calamine::Data::from(cell.get_value().clone()));
        if text.is_empty() {
            continue;
        }
        let place = || format!("cell {}{}", column_name(c), r + 1);
        if c as usize >= MAX_COLUMNS {
            return Err(too_big(
                path,
                format!(
                    "{} lies past the {MAX_COLUMNS} columns Casebook reads",
                    place()
                ),
            ));
        }
        if text.len() > MAX_FIELD_BYTES {
            return Err(too_big(
                path,
                format!(
                    "{} holds {} KiB, past the {} KiB a field may hold",
                    place(),
                    text.len() >> 10,
                    MAX_FIELD_BYTES >> 10
                ),
            ));
        }
        count += 1;
        if count > XLSX_MAX_CELLS {
            return Err(too_big(
                path,
                format!("it holds more than {XLSX_MAX_CELLS} cells"),
            ));
        }
        let first = *first_row.get_or_insert(r);
        // Cells come in row order; a row with nothing in it stays an empty (blank) row.
        let index = r.saturating_sub(first) as usize;
        if index >= rows.len() {
            rows.resize_with(index + 1, Vec::new);
        }
        let row = &mut rows[index];
        if row.len() <= c as usize {
            row.resize(c as usize + 1, String::new());
        }
        row[c as usize] = text;
    }
    // The reader leaves out empty cells: every row as wide as the widest, as a sheet's range
    // would be, so a row with empty last cells is not taken for a short one.
    let width = rows.iter().map(Vec::len).max().unwrap_or(0);
    for row in &mut rows {
        row.resize(width, String::new());
    }
    Ok((first_row.unwrap_or(0) as u64, rows))
}

/// Why a row with a field past [`MAX_FIELD_BYTES`] is rejected (the field by position, never
/// its content), or `None` when every field is within it.
pub fn oversized_field(fields: &[String]) -> Option<String> {
    let (i, f) = fields
        .iter()
        .enumerate()
        .find(|(_, f)| f.len() > MAX_FIELD_BYTES)?;
    Some(format!(
        "field {} holds {} KiB, past the {} KiB a field may hold: a quote left open, or data \
         that is no name, address or note",
        i + 1,
        f.len() >> 10,
        MAX_FIELD_BYTES >> 10
    ))
}

/// The row as a rejected row is kept: each field cut to [`MAX_FIELD_BYTES`], so one hostile
/// field is not stored (and exported) whole.
pub fn capped(fields: &[String]) -> Vec<&str> {
    fields
        .iter()
        .map(|f| {
            let mut end = f.len().min(MAX_FIELD_BYTES);
            while !f.is_char_boundary(end) {
                end -= 1;
            }
            &f[..end]
        })
        .collect()
}

/// A column's letters, as a spreadsheet names it: 0 → A, 27 → AB.
fn column_name(mut c: u32) -> String {
    let mut name = Vec::new();
    loop {
        name.push(b'A' + (c % 26) as u8);
        if c < 26 {
            break;
        }
        c = c / 26 - 1;
    }
    name.reverse();
    String::from_utf8(name).expect("ASCII letters")
}

fn xlsx_table<RS: Read + std::io::Seek>(
    mut wb: calamine::Sheets<RS>,
    path: &Path,
    sheet: &str,
) -> Result<Table> {
    let (first_row, rows) = sheet_rows(&mut wb, path, sheet)?;
    let mut all = rows.into_iter();
    let headers: Vec<String> = match all.next() {
        Some(h) if h.iter().any(|c| !c.trim().is_empty()) => {
            h.iter().map(|c| c.trim().to_string()).collect()
        }
        _ => {
            return Err(Error::invalid(
                "file",
                format!("sheet {sheet:?} is empty: its first row must name the columns"),
            ))
        }
    };
    let rows: Vec<Vec<String>> = all.collect();
    let total = rows.len() as u64;
    let consumed = Arc::new(AtomicU64::new(0));
    let counter = consumed.clone();
    let iter = rows.into_iter().enumerate().map(move |(i, fields)| {
        counter.store(i as u64 + 1, Ordering::Relaxed);
        // Row 1 of the sheet is `first_row + 1`; the header took it.
        let row = first_row + 2 + i as u64;
        Ok(if fields.iter().all(|f| f.trim().is_empty()) {
            SourceRow::Blank { row }
        } else {
            SourceRow::Data { row, fields }
        })
    });
    Ok(Table {
        headers,
        rows: Box::new(iter),
        consumed,
        total,
    })
}
