//! Turning laid-out pages into the PDF file: the header (case reference, privilege marking)
//! and footer ("Page N of M", Bates number) on every page, the outline, embedded subset fonts,
//! and fixed document ids and dates so the same inputs give the same bytes.

use super::fonts::{self, Shaper, Style};
use super::layout::{draw, grey, rule, wrap, LEFT, PAGE_H, RIGHT};
use crate::error::{Error, Result};
use lopdf::{Object, ObjectId};
use printpdf::{Mm, Op, PdfDocument, PdfPage, PdfSaveOptions};

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

/// The document's metadata, all of it derived from the case state and options.
pub(crate) struct Meta<'a> {
    pub title: &'a str,
    pub author: &'a str,
    pub subject: &'a str,
    /// PDF date string (`D:YYYYMMDDHHmmSSZ`) of the case state the packet covers.
    pub date: &'a str,
    /// 16 bytes that identify this exact packet, for the trailer's /ID.
    pub id: [u8; 16],
}

/// Serialises pages a chunk at a time into one PDF: each chunk goes through printpdf (which
/// embeds and subsets the fonts the chunk uses) and its objects are moved into the final
/// document, so only one chunk's drawing operations are ever in memory.
pub(crate) struct Assembler {
    doc: lopdf::Document,
    pages_root: ObjectId,
    page_ids: Vec<ObjectId>,
    furniture: Furniture,
    marking: Vec<String>,
    total: usize,
}

impl Assembler {
    pub fn new(furniture: Furniture, shaper: &mut Shaper, total: usize) -> Self {
        let marking = furniture
            .marking
            .as_deref()
            .map(|m| wrap(shaper, m, Style::Regular, 7.0, RIGHT - LEFT))
            .unwrap_or_default();
        let mut doc = lopdf::Document::with_version("1.7");
        let pages_root = doc.new_object_id();
        Assembler {
            doc,
            pages_root,
            page_ids: Vec::new(),
            furniture,
            marking,
            total,
        }
    }

    /// Adds pages `first..` (furnishing each with header, footer and Bates number).
    pub fn add(&mut self, shaper: &mut Shaper, first: usize, pages: Vec<Vec<Op>>) -> Result<()> {
        if pages.is_empty() {
            return Ok(());
        }
        let mut doc = PdfDocument::new("");
        fonts::register(&mut doc);
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
        lo.renumber_objects_with(self.doc.max_id + 1);
        let reference =
            |d: &lopdf::Dictionary, key: &[u8]| d.get(key).and_then(Object::as_reference).ok();
        let root = reference(&lo.trailer, b"Root");
        let info = reference(&lo.trailer, b"Info");
        let pages = root
            .and_then(|r| lo.get_dictionary(r).ok())
            .and_then(|c| reference(c, b"Pages"));
        let chunk_pages: Vec<ObjectId> = lo.get_pages().into_values().collect();
        for (id, mut obj) in std::mem::take(&mut lo.objects) {
            if Some(id) == root || Some(id) == info || Some(id) == pages {
                continue;
            }
            if chunk_pages.contains(&id) {
                if let Object::Dictionary(d) = &mut obj {
                    d.set("Parent", Object::Reference(self.pages_root));
                }
            }
            self.doc.objects.insert(id, obj);
        }
        self.doc.max_id = self.doc.max_id.max(lo.max_id);
        self.page_ids.extend(chunk_pages);
        Ok(())
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

    /// The page tree, the outline, the contents links, the document info and the trailer.
    pub fn finish(
        mut self,
        outline: &[(String, usize)],
        contents_page: usize,
        meta: &Meta,
    ) -> Result<Vec<u8>> {
        if self.page_ids.len() != self.total {
            return Err(Error::invalid(
                "packet",
                format!(
                    "internal error: laid out {} pages, expected {}",
                    self.page_ids.len(),
                    self.total
                ),
            ));
        }
        let kids = self
            .page_ids
            .iter()
            .map(|&id| Object::Reference(id))
            .collect();
        self.doc.objects.insert(
            self.pages_root,
            Object::Dictionary(dict(vec![
                ("Type", name("Pages")),
                ("Kids", Object::Array(kids)),
                ("Count", Object::Integer(self.page_ids.len() as i64)),
            ])),
        );
        // Contents lines link, in order, to the pages their sections start on.
        let contents_id = self.page_ids[contents_page];
        if let Ok(Object::Dictionary(page)) = self.doc.get_object_mut(contents_id) {
            if let Ok(Object::Array(annots)) = page.get_mut(b"Annots") {
                for (annot, (_, target)) in annots.iter_mut().zip(outline) {
                    if let Object::Dictionary(a) = annot {
                        if let Ok(Object::Dictionary(action)) = a.get_mut(b"A") {
                            action.set("D", destination(self.page_ids[*target]));
                        }
                    }
                }
            }
        }
        let outlines_id = self.doc.new_object_id();
        let item_ids: Vec<ObjectId> = outline.iter().map(|_| self.doc.new_object_id()).collect();
        for (i, (title, target)) in outline.iter().enumerate() {
            let mut d = dict(vec![
                ("Title", utf16(title)),
                ("Parent", Object::Reference(outlines_id)),
                ("Dest", destination(self.page_ids[*target])),
            ]);
            if i > 0 {
                d.set("Prev", Object::Reference(item_ids[i - 1]));
            }
            if i + 1 < item_ids.len() {
                d.set("Next", Object::Reference(item_ids[i + 1]));
            }
            self.doc.objects.insert(item_ids[i], Object::Dictionary(d));
        }
        let mut catalog = dict(vec![
            ("Type", name("Catalog")),
            ("Pages", Object::Reference(self.pages_root)),
        ]);
        if !item_ids.is_empty() {
            self.doc.objects.insert(
                outlines_id,
                Object::Dictionary(dict(vec![
                    ("Type", name("Outlines")),
                    ("First", Object::Reference(item_ids[0])),
                    (
                        "Last",
                        Object::Reference(*item_ids.last().expect("not empty")),
                    ),
                    ("Count", Object::Integer(item_ids.len() as i64)),
                ])),
            );
            catalog.set("Outlines", Object::Reference(outlines_id));
            catalog.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
        }
        let catalog_id = self.doc.add_object(Object::Dictionary(catalog));
        let date = Object::string_literal(meta.date);
        let info_id = self.doc.add_object(Object::Dictionary(dict(vec![
            ("Title", utf16(meta.title)),
            ("Author", utf16(meta.author)),
            ("Subject", utf16(meta.subject)),
            ("Creator", utf16(meta.author)),
            ("Producer", Object::string_literal("Casebook")),
            ("CreationDate", date.clone()),
            ("ModDate", date),
        ])));
        // printpdf would draw the /ID from a random source: it is the packet's own.
        let id = Object::String(meta.id.to_vec(), lopdf::StringFormat::Hexadecimal);
        self.doc.trailer.set("Root", Object::Reference(catalog_id));
        self.doc.trailer.set("Info", Object::Reference(info_id));
        self.doc
            .trailer
            .set("ID", Object::Array(vec![id.clone(), id]));
        let mut out = Vec::new();
        self.doc
            .save_to(&mut out)
            .map_err(|e| Error::io("writing the packet", e))?;
        Ok(out)
    }
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
