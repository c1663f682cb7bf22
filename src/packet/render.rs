//! Turning laid-out pages into the PDF file: the header (case reference, privilege marking)
//! and footer ("Page N of M", Bates number) on every page, the outline, embedded subset fonts,
//! and fixed document ids and dates so the same inputs give the same bytes.

use super::fonts::{self, Style};
use super::layout::{grey, rule, Writer, LEFT, PAGE_H, RIGHT};
use crate::error::{Error, Result};
use lopdf::Object;
use printpdf::{Mm, PageAnnotId, PageAnnotation, PdfDocument, PdfPage, PdfSaveOptions};

/// What every page carries besides its content.
pub(crate) struct Furniture<'a> {
    pub reference: &'a str,
    pub marking: Option<&'a str>,
    pub bates_prefix: &'a str,
    pub bates_start: u32,
}

impl Furniture<'_> {
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

pub(crate) fn furnish(w: &mut Writer, f: &Furniture) {
    let total = w.page_count();
    let marking = f
        .marking
        .map(|m| super::layout::wrap(&mut w.shaper, m, Style::Regular, 7.0, RIGHT - LEFT))
        .unwrap_or_default();
    for page in 0..total {
        let header_y = PAGE_H - 40.0;
        w.text_on(
            page,
            (LEFT, header_y),
            f.reference,
            Style::Bold,
            8.0,
            Some(grey(0.2)),
        );
        let mut y = header_y;
        for line in &marking {
            y -= 9.0;
            w.text_on(page, (LEFT, y), line, Style::Regular, 7.0, Some(grey(0.45)));
        }
        rule(&mut w.pages[page], y - 6.0, 0.6, 0.5);
        rule(&mut w.pages[page], 52.0, 0.6, 0.5);
        let label = format!("Page {} of {}", page + 1, total);
        w.text_on(
            page,
            (LEFT, 38.0),
            &label,
            Style::Regular,
            8.0,
            Some(grey(0.2)),
        );
        let bates = f.bates(page);
        let bw = w.shaper.width(&bates, Style::Mono, 8.0);
        w.text_on(
            page,
            (RIGHT - bw, 38.0),
            &bates,
            Style::Mono,
            8.0,
            Some(grey(0.2)),
        );
    }
}

/// Serialises the pages; the writer is consumed so its pages are freed as the file is built.
pub(crate) fn pdf(w: Writer, meta: &Meta) -> Result<Vec<u8>> {
    let mut doc = PdfDocument::new(meta.title);
    fonts::register(&mut doc, &w.shaper.used);
    for (i, e) in w.outline.iter().enumerate() {
        doc.bookmarks.map.insert(
            PageAnnotId(format!("B{i:04}")),
            PageAnnotation {
                name: e.title.clone(),
                page: e.page + 1,
            },
        );
    }
    doc.pages = w
        .pages
        .into_iter()
        .map(|ops| PdfPage::new(Mm(210.0), Mm(297.0), ops))
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

    // printpdf draws the trailer /ID from a random source and leaves the dates at the epoch:
    // both are set from the case so the bytes depend on nothing else.
    let id = Object::String(meta.id.to_vec(), lopdf::StringFormat::Hexadecimal);
    lo.trailer.set("ID", Object::Array(vec![id.clone(), id]));
    let info_id = lo
        .trailer
        .get(b"Info")
        .and_then(Object::as_reference)
        .map_err(|e| Error::invalid("packet", format!("internal error: no document info ({e})")))?;
    if let Ok(Object::Dictionary(info)) = lo.get_object_mut(info_id) {
        let date = Object::string_literal(meta.date);
        info.set("CreationDate", date.clone());
        info.set("ModDate", date);
        info.set("Creator", utf16(meta.author));
        info.set("Author", utf16(meta.author));
        info.set("Producer", Object::string_literal("Casebook"));
        info.set("Subject", utf16(meta.subject));
        info.remove(b"GTS_PDFXVersion");
        info.remove(b"Identifier");
        info.remove(b"Keywords");
        info.remove(b"Trapped");
    }
    if let Ok(catalog) = lo.catalog_mut() {
        if catalog.has(b"Outlines") {
            catalog.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
        }
    }
    let mut out = Vec::new();
    lo.save_to(&mut out)
        .map_err(|e| Error::io("writing the packet", e))?;
    Ok(out)
}

fn utf16(s: &str) -> Object {
    let mut bytes = vec![0xFE, 0xFF];
    for u in s.encode_utf16() {
        bytes.extend_from_slice(&u.to_be_bytes());
    }
    Object::String(bytes, lopdf::StringFormat::Hexadecimal)
}
