//! Turning laid-out pages into the PDF file: the header (case reference, privilege marking)
//! and footer ("Page N of M", Bates number) on every page, the outline, embedded subset fonts,
//! and fixed document ids and dates so the same inputs give the same bytes.

use super::fonts::{self, Shaper, Style};
use super::layout::PageSink;
use super::page::{draw, grey, rule, wrap, LEFT, PAGE_H, RIGHT};
use super::pdfa;
use crate::error::{Error, Result};
use lopdf::{Object, ObjectId};
use printpdf::{Mm, Op, PdfDocument, PdfPage, PdfSaveOptions};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::fs::File;
use std::io::{BufWriter, Write};

/// What every page carries besides its content.
pub(crate) struct Furniture {
    pub reference: String,
    pub marking: Option<String>,
    pub bates_prefix: String,
    pub bates_start: u32,
}

impl Furniture {
    pub fn bates(&self, page: usize) -> String {
        format!(
            "{}{:06}",
            self.bates_prefix,
            self.bates_start as usize + page
        )
    }
}

/// Where the packet's bytes go: the file, through a hash, counting offsets for the xref table.
struct Output {
    file: BufWriter<File>,
    sha: Sha256,
    written: u64,
}

impl Output {
    fn write(&mut self, bytes: &[u8]) -> Result<()> {
        self.sha.update(bytes);
        self.written += bytes.len() as u64;
        self.file
            .write_all(bytes)
            .map_err(|e| Error::io("writing the packet", e))
    }
}

/// The file as written: its hash and length.
pub(crate) struct Written {
    pub sha256: String,
    pub bytes: u64,
}

/// Serialises pages a chunk at a time straight into the file: each chunk goes through printpdf
/// (which embeds and subsets the fonts the chunk uses), its objects are renumbered into the
/// packet's numbering and written, and only their offsets are kept. Memory is one chunk's,
/// whatever the page count.
///
/// Numbering: object 1 is the page tree and objects `2..2+M` are the M pages, reserved up front
/// so that the contents page (written first) can link to pages not drawn yet, and the outline
/// can point at them at the end.
pub(crate) struct Assembler {
    out: Output,
    /// Byte offset of each object written, by object number (0 = not written).
    offsets: Vec<u64>,
    next_id: u32,
    pages_written: usize,
    furniture: Furniture,
    marking: Vec<String>,
    total: usize,
    outline: Vec<(String, usize)>,
    contents_page: usize,
    fonts: fonts::Parsed,
}

const PAGES_ROOT: ObjectId = (1, 0);

fn page_id(page: usize) -> ObjectId {
    (2 + page as u32, 0)
}

impl PageSink for Assembler {
    fn draws(&self) -> bool {
        true
    }

    fn take(&mut self, shaper: &mut Shaper, first: usize, pages: Vec<Vec<Op>>) -> Result<()> {
        self.add(shaper, first, pages)
    }
}

impl Assembler {
    /// `outline` is where each section starts (from the counting pass): the contents page's
    /// links point there.
    pub fn new(
        file: File,
        mut furniture: Furniture,
        shaper: &mut Shaper,
        total: usize,
        outline: Vec<(String, usize)>,
        contents_page: usize,
    ) -> Result<Self> {
        // A long case title would run off the page in every header: cut it to one line.
        furniture.reference = fit(shaper, &furniture.reference, Style::Bold, 8.0, RIGHT - LEFT);
        let marking = furniture
            .marking
            .as_deref()
            .map(|m| wrap(shaper, m, Style::Regular, 7.0, RIGHT - LEFT))
            .unwrap_or_default();
        let mut asm = Assembler {
            out: Output {
                file: BufWriter::with_capacity(1 << 16, file),
                sha: Sha256::new(),
                written: 0,
            },
            offsets: vec![0; total + 2],
            next_id: total as u32 + 2,
            pages_written: 0,
            furniture,
            marking,
            total,
            outline,
            contents_page,
            fonts: fonts::Parsed::default(),
        };
        // The second line's high bytes tell transfer tools the file is binary (PDF 7.5.2).
        asm.out.write(b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n")?;
        Ok(asm)
    }

    /// Adds pages `first..` (furnishing each with header, footer and Bates number).
    fn add(&mut self, shaper: &mut Shaper, first: usize, pages: Vec<Vec<Op>>) -> Result<()> {
        if pages.is_empty() {
            return Ok(());
        }
        if first != self.pages_written || first + pages.len() > self.total {
            return Err(Error::internal(format!(
                "pages {first}.. arrived after {} of {}",
                self.pages_written, self.total
            )));
        }
        let mut doc = PdfDocument::new("");
        self.fonts.register(&mut doc);
        let count = pages.len();
        doc.pages = pages
            .into_iter()
            .enumerate()
            .map(|(i, mut ops)| {
                self.furnish(shaper, &mut ops, first + i);
                PdfPage::new(Mm(210.0), Mm(297.0), ops)
            })
            .collect();
        let opts = PdfSaveOptions {
            optimize: true,
            subset_fonts: true,
            secure: true,
            image_optimization: None,
        };
        let mut warnings = Vec::new();
        let mut lo = doc.to_lopdf_document(&opts, &mut warnings);
        drop(doc);
        lo.compress();
        let reference =
            |d: &lopdf::Dictionary, key: &[u8]| d.get(key).and_then(Object::as_reference).ok();
        let root = reference(&lo.trailer, b"Root");
        let info = reference(&lo.trailer, b"Info");
        let chunk_root = root
            .and_then(|r| lo.get_dictionary(r).ok())
            .and_then(|c| reference(c, b"Pages"));
        let chunk_pages: Vec<ObjectId> = lo.get_pages().into_values().collect();
        if chunk_pages.len() != count {
            return Err(Error::internal(format!(
                "printpdf made {} pages of {count}",
                chunk_pages.len()
            )));
        }
        // The chunk's own catalog, info and page tree are dropped; its pages join ours.
        let mut renumber: HashMap<ObjectId, ObjectId> = HashMap::new();
        renumber.extend(
            chunk_pages
                .iter()
                .enumerate()
                .map(|(i, &id)| (id, page_id(first + i))),
        );
        if let Some(r) = chunk_root {
            renumber.insert(r, PAGES_ROOT);
        }
        let mut objects = std::mem::take(&mut lo.objects);
        objects.retain(|id, _| Some(*id) != root && Some(*id) != info && Some(*id) != chunk_root);
        for id in objects.keys() {
            if !renumber.contains_key(id) {
                renumber.insert(*id, (self.next_id, 0));
                self.next_id += 1;
            }
        }
        let mut renumbered: Vec<(ObjectId, Object)> = objects
            .into_iter()
            .map(|(id, mut obj)| {
                rewrite_references(&mut obj, &renumber);
                (renumber[&id], obj)
            })
            .collect();
        renumbered.sort_by_key(|(id, _)| *id);
        let contents = page_id(self.contents_page);
        for (id, obj) in &mut renumbered {
            if *id == contents {
                self.link_contents(obj);
            }
            printable_annotations(obj);
            self.write_object(*id, obj)?;
        }
        self.pages_written += count;
        Ok(())
    }

    /// Contents lines link, in order, to the pages their sections start on.
    fn link_contents(&self, page: &mut Object) {
        let Object::Dictionary(page) = page else {
            return;
        };
        let Ok(Object::Array(annots)) = page.get_mut(b"Annots") else {
            return;
        };
        for (annot, (_, target)) in annots.iter_mut().zip(&self.outline) {
            if let Object::Dictionary(a) = annot {
                if let Ok(Object::Dictionary(action)) = a.get_mut(b"A") {
                    action.set("D", destination(page_id(*target)));
                }
            }
        }
    }

    fn write_object(&mut self, id: ObjectId, obj: &mut Object) -> Result<()> {
        let n = id.0 as usize;
        if self.offsets.len() <= n {
            self.offsets.resize(n + 1, 0);
        }
        self.offsets[n] = self.out.written;
        if let Object::Stream(s) = obj {
            s.dict
                .set("Length", Object::Integer(s.content.len() as i64));
        }
        let mut buf = format!("{} 0 obj\n", id.0).into_bytes();
        serialize(&mut buf, obj);
        buf.extend_from_slice(b"\nendobj\n");
        self.out.write(&buf)
    }

    fn add_object(&mut self, mut obj: Object) -> Result<ObjectId> {
        let id = (self.next_id, 0);
        self.next_id += 1;
        self.write_object(id, &mut obj)?;
        Ok(id)
    }

    fn furnish(&self, shaper: &mut Shaper, ops: &mut Vec<Op>, page: usize) {
        let f = &self.furniture;
        let gray = |l| Some(grey(l));
        let header_y = PAGE_H - 40.0;
        draw(
            shaper,
            ops,
            (LEFT, header_y),
            &f.reference,
            Style::Bold,
            8.0,
            gray(0.2),
        );
        let mut y = header_y;
        for line in &self.marking {
            y -= 9.0;
            draw(
                shaper,
                ops,
                (LEFT, y),
                line,
                Style::Regular,
                7.0,
                gray(0.45),
            );
        }
        rule(ops, y - 6.0, 0.6, 0.5);
        rule(ops, 52.0, 0.6, 0.5);
        let label = format!("Page {} of {}", page + 1, self.total);
        draw(
            shaper,
            ops,
            (LEFT, 38.0),
            &label,
            Style::Regular,
            8.0,
            gray(0.2),
        );
        let bates = f.bates(page);
        let bw = shaper.width(&bates, Style::Mono, 8.0);
        draw(
            shaper,
            ops,
            (RIGHT - bw, 38.0),
            &bates,
            Style::Mono,
            8.0,
            gray(0.2),
        );
    }

    /// The page tree, the outline, the document info and its XMP copy, the output intent, the
    /// xref table and the trailer, whose /ID is `id`; then the file is flushed and its hash
    /// returned.
    pub fn finish(mut self, doc: &pdfa::DocumentInfo, id: [u8; 16]) -> Result<Written> {
        if self.pages_written != self.total {
            return Err(Error::internal(format!(
                "laid out {} pages, expected {}",
                self.pages_written, self.total
            )));
        }
        let kids = (0..self.total)
            .map(|p| Object::Reference(page_id(p)))
            .collect();
        self.write_object(
            PAGES_ROOT,
            &mut Object::Dictionary(dict(vec![
                ("Type", name("Pages")),
                ("Kids", Object::Array(kids)),
                ("Count", Object::Integer(self.total as i64)),
            ])),
        )?;
        let outline = std::mem::take(&mut self.outline);
        let outlines_id = (self.next_id, 0);
        let first_item = self.next_id + 1;
        if !outline.is_empty() {
            self.next_id += 1 + outline.len() as u32;
        }
        let item = |i: usize| Object::Reference((first_item + i as u32, 0));
        for (i, (title, target)) in outline.iter().enumerate() {
            let mut d = dict(vec![
                ("Title", utf16(title)),
                ("Parent", Object::Reference(outlines_id)),
                ("Dest", destination(page_id(*target))),
            ]);
            if i > 0 {
                d.set("Prev", item(i - 1));
            }
            if i + 1 < outline.len() {
                d.set("Next", item(i + 1));
            }
            self.write_object((first_item + i as u32, 0), &mut Object::Dictionary(d))?;
        }
        let mut catalog = dict(vec![
            ("Type", name("Catalog")),
            ("Pages", Object::Reference(PAGES_ROOT)),
        ]);
        if !outline.is_empty() {
            self.write_object(
                outlines_id,
                &mut Object::Dictionary(dict(vec![
                    ("Type", name("Outlines")),
                    ("First", item(0)),
                    ("Last", item(outline.len() - 1)),
                    ("Count", Object::Integer(outline.len() as i64)),
                ])),
            )?;
            catalog.set("Outlines", Object::Reference(outlines_id));
            catalog.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
        }
        let mut profile = lopdf::Stream::new(
            dict(vec![("N", Object::Integer(3))]),
            pdfa::SRGB_PROFILE.to_vec(),
        );
        profile
            .compress()
            .map_err(|e| Error::internal(e.to_string()))?;
        let profile_id = self.add_object(Object::Stream(profile))?;
        let intent_id = self.add_object(Object::Dictionary(dict(vec![
            ("Type", name("OutputIntent")),
            ("S", name("GTS_PDFA1")),
            (
                "OutputConditionIdentifier",
                Object::string_literal(pdfa::SRGB_CONDITION),
            ),
            ("Info", Object::string_literal(pdfa::SRGB_CONDITION)),
            ("DestOutputProfile", Object::Reference(profile_id)),
        ])))?;
        // Uncompressed, so that tools which only scan for XMP still find it.
        let metadata_id = self.add_object(Object::Stream(lopdf::Stream::new(
            dict(vec![("Type", name("Metadata")), ("Subtype", name("XML"))]),
            pdfa::xmp(doc),
        )))?;
        catalog.set("Metadata", Object::Reference(metadata_id));
        catalog.set(
            "OutputIntents",
            Object::Array(vec![Object::Reference(intent_id)]),
        );
        let catalog_id = self.add_object(Object::Dictionary(catalog))?;
        let date = Object::string_literal(pdfa::pdf_date(doc.date));
        let mut info = dict(vec![
            ("Creator", Object::string_literal(doc.creator)),
            ("Producer", Object::string_literal(doc.producer)),
            ("CreationDate", date.clone()),
            ("ModDate", date),
        ]);
        for (key, value) in [
            ("Title", doc.title),
            ("Author", doc.author),
            ("Subject", doc.subject),
            ("Keywords", doc.keywords),
        ] {
            if !value.is_empty() {
                info.set(key, utf16(value));
            }
        }
        let info_id = self.add_object(Object::Dictionary(info))?;

        let size = self.next_id as usize;
        self.offsets.resize(size, 0);
        let xref_at = self.out.written;
        // One section from object 0; every number below `size` has been written.
        let mut xref = format!("xref\n0 {size}\n0000000000 65535 f\r\n").into_bytes();
        for &offset in &self.offsets[1..] {
            if offset == 0 {
                xref.extend_from_slice(b"0000000000 65535 f\r\n");
            } else {
                xref.extend_from_slice(format!("{offset:010} 00000 n\r\n").as_bytes());
            }
        }
        // The /ID is the packet's own, so regenerating gives the same bytes.
        let id = Object::String(id.to_vec(), lopdf::StringFormat::Hexadecimal);
        let trailer = Object::Dictionary(dict(vec![
            ("Size", Object::Integer(size as i64)),
            ("Root", Object::Reference(catalog_id)),
            ("Info", Object::Reference(info_id)),
            ("ID", Object::Array(vec![id.clone(), id])),
        ]));
        xref.extend_from_slice(b"trailer\n");
        serialize(&mut xref, &trailer);
        xref.extend_from_slice(format!("\nstartxref\n{xref_at}\n%%EOF\n").as_bytes());
        self.out.write(&xref)?;
        self.out
            .file
            .flush()
            .map_err(|e| Error::io("writing the packet", e))?;
        Ok(Written {
            sha256: hex::encode(self.out.sha.finalize()),
            bytes: self.out.written,
        })
    }
}

/// PDF/A wants every annotation printed with the page (flag 3, "Print"); printpdf sets no flags.
fn printable_annotations(page: &mut Object) {
    let Object::Dictionary(page) = page else {
        return;
    };
    if let Ok(Object::Array(annots)) = page.get_mut(b"Annots") {
        for annot in annots {
            if let Object::Dictionary(a) = annot {
                a.set("F", Object::Integer(4));
            }
        }
    }
}

/// `text` cut to `width` with an ellipsis when it is wider.
fn fit(shaper: &mut Shaper, text: &str, style: Style, size: f32, width: f32) -> String {
    if shaper.width(text, style, size) <= width {
        return text.to_string();
    }
    let mut cut = String::new();
    for c in text.chars() {
        cut.push(c);
        if shaper.width(&format!("{cut}\u{2026}"), style, size) > width {
            cut.pop();
            break;
        }
    }
    format!("{}\u{2026}", cut.trim_end())
}

fn rewrite_references(obj: &mut Object, map: &HashMap<ObjectId, ObjectId>) {
    match obj {
        Object::Reference(id) => {
            if let Some(new) = map.get(id) {
                *id = *new;
            }
        }
        Object::Array(items) => items.iter_mut().for_each(|o| rewrite_references(o, map)),
        Object::Dictionary(d) => d.iter_mut().for_each(|(_, o)| rewrite_references(o, map)),
        Object::Stream(s) => s
            .dict
            .iter_mut()
            .for_each(|(_, o)| rewrite_references(o, map)),
        _ => {}
    }
}

/// PDF object syntax (ISO 32000 7.3). lopdf's own writer is private to its whole-document save,
/// which needs every object in memory at once.
fn serialize(out: &mut Vec<u8>, obj: &Object) {
    match obj {
        Object::Null => out.extend_from_slice(b"null"),
        Object::Boolean(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        Object::Integer(i) => out.extend_from_slice(i.to_string().as_bytes()),
        Object::Real(r) => out.extend_from_slice(real(*r).as_bytes()),
        Object::Name(n) => serialize_name(out, n),
        Object::String(bytes, lopdf::StringFormat::Hexadecimal) => {
            out.push(b'<');
            out.extend_from_slice(hex::encode_upper(bytes).as_bytes());
            out.push(b'>');
        }
        Object::String(bytes, lopdf::StringFormat::Literal) => {
            out.push(b'(');
            for &b in bytes {
                match b {
                    b'(' | b')' | b'\\' => out.extend_from_slice(&[b'\\', b]),
                    b'\r' => out.extend_from_slice(b"\\r"),
                    _ => out.push(b),
                }
            }
            out.push(b')');
        }
        Object::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 && needs_separator(item) {
                    out.push(b' ');
                }
                serialize(out, item);
            }
            out.push(b']');
        }
        Object::Dictionary(d) => serialize_dict(out, d),
        Object::Stream(s) => {
            serialize_dict(out, &s.dict);
            out.extend_from_slice(b"\nstream\n");
            out.extend_from_slice(&s.content);
            out.extend_from_slice(b"\nendstream");
        }
        Object::Reference((n, g)) => out.extend_from_slice(format!("{n} {g} R").as_bytes()),
    }
}

/// Tokens that do not start with a delimiter need white space before them.
fn needs_separator(obj: &Object) -> bool {
    matches!(
        obj,
        Object::Null
            | Object::Boolean(_)
            | Object::Integer(_)
            | Object::Real(_)
            | Object::Reference(_)
    )
}

fn serialize_dict(out: &mut Vec<u8>, d: &lopdf::Dictionary) {
    out.extend_from_slice(b"<<");
    for (key, value) in d {
        serialize_name(out, key);
        if needs_separator(value) {
            out.push(b' ');
        }
        serialize(out, value);
    }
    out.extend_from_slice(b">>");
}

fn serialize_name(out: &mut Vec<u8>, name: &[u8]) {
    out.push(b'/');
    for &b in name {
        if b"()<>[]{}/%#".contains(&b) || !(33..=126).contains(&b) {
            out.extend_from_slice(format!("#{b:02X}").as_bytes());
        } else {
            out.push(b);
        }
    }
}

/// Rust prints floats without exponent notation, which PDF does not have.
fn real(r: f32) -> String {
    r.to_string()
}

fn dict(entries: Vec<(&str, Object)>) -> lopdf::Dictionary {
    let mut d = lopdf::Dictionary::new();
    for (k, v) in entries {
        d.set(k, v);
    }
    d
}

fn name(n: &str) -> Object {
    Object::Name(n.as_bytes().to_vec())
}

fn destination(page: ObjectId) -> Object {
    Object::Array(vec![
        Object::Reference(page),
        Object::Name(b"XYZ".to_vec()),
        Object::Null,
        Object::Null,
        Object::Null,
    ])
}

fn utf16(s: &str) -> Object {
    let mut bytes = vec![0xFE, 0xFF];
    for u in s.encode_utf16() {
        bytes.extend_from_slice(&u.to_be_bytes());
    }
    Object::String(bytes, lopdf::StringFormat::Hexadecimal)
}
