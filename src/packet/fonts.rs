//! The packet's fonts (shipped in `fonts/`, so a case renders the same on any machine) and the
//! turning of a line of text into positioned glyphs: right-to-left runs put in visual order
//! (`unicode-bidi`), each character given the first font of the style's fallback chain that has
//! it, and complex scripts shaped (`rustybuzz`) so Arabic letters join.
//!
//! Text that needs none of that (Latin, Greek, Cyrillic, CJK…) takes a fast path: one glyph
//! per character at the font's own advance, written as plain text so the PDF stays small.

use printpdf::{Codepoint, FontId, ParsedFont, TextItem};
use std::collections::HashMap;
use std::sync::OnceLock;
use unicode_bidi::{BidiInfo, Level};

struct FaceData {
    /// Resource name in the PDF; its first six letters are also the subset tag.
    id: &'static str,
    bytes: &'static [u8],
}

const FACES: [FaceData; 7] = [
    FaceData {
        id: "CBNSRG",
        bytes: include_bytes!("../../fonts/NotoSans-Regular.ttf"),
    },
    FaceData {
        id: "CBNSBD",
        bytes: include_bytes!("../../fonts/NotoSans-Bold.ttf"),
    },
    FaceData {
        id: "CBDJMO",
        bytes: include_bytes!("../../fonts/DejaVuSansMono.ttf"),
    },
    FaceData {
        id: "CBNSAR",
        bytes: include_bytes!("../../fonts/NotoSansArabic-Regular.ttf"),
    },
    FaceData {
        id: "CBNSHE",
        bytes: include_bytes!("../../fonts/NotoSansHebrew-Regular.ttf"),
    },
    FaceData {
        id: "CBDRFB",
        bytes: include_bytes!("../../fonts/DroidSansFallbackFull.ttf"),
    },
    FaceData {
        id: "CBNNGT",
        bytes: include_bytes!("../../fonts/NanumGothic.ttf"),
    },
];

const REGULAR: usize = 0;
const BOLD: usize = 1;
const MONO: usize = 2;
const ARABIC: usize = 3;
const HEBREW: usize = 4;
const CJK: usize = 5;
/// Droid Sans Fallback has Hangul jamo but not the precomposed syllables Korean names use.
const HANGUL: usize = 6;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Style {
    Regular,
    Bold,
    /// Hashes and ids: every character the same width, so a hash wraps predictably.
    Mono,
}

impl Style {
    fn chain(self) -> &'static [usize] {
        match self {
            Style::Regular => &[REGULAR, ARABIC, HEBREW, CJK, HANGUL, MONO],
            Style::Bold => &[BOLD, REGULAR, ARABIC, HEBREW, CJK, HANGUL, MONO],
            Style::Mono => &[MONO, REGULAR, ARABIC, HEBREW, CJK, HANGUL],
        }
    }
}

struct Face {
    rb: rustybuzz::Face<'static>,
    upem: f32,
}

fn faces() -> &'static [Face] {
    static F: OnceLock<Vec<Face>> = OnceLock::new();
    F.get_or_init(|| {
        FACES
            .iter()
            .map(|f| {
                let rb = rustybuzz::Face::from_slice(f.bytes, 0).expect("shipped fonts parse");
                let upem = rb.units_per_em() as f32;
                Face { rb, upem }
            })
            .collect()
    })
}

/// The shipped font file named `file` (its name in `fonts/`), so the desktop UI can use the
/// bytes already compiled in as web fonts instead of shipping each font a second time.
pub fn shipped(file: &str) -> Option<&'static [u8]> {
    let face = match file {
        "NotoSans-Regular.ttf" => REGULAR,
        "NotoSans-Bold.ttf" => BOLD,
        "DejaVuSansMono.ttf" => MONO,
        "NotoSansArabic-Regular.ttf" => ARABIC,
        "NotoSansHebrew-Regular.ttf" => HEBREW,
        "DroidSansFallbackFull.ttf" => CJK,
        "NanumGothic.ttf" => HANGUL,
        _ => return None,
    };
    Some(FACES[face].bytes)
}

/// printpdf's parse of the shipped faces for one packet: made when its first chunk of pages is
/// serialised, cloned (cheaply) into each chunk's document, and dropped with the packet. Kept
/// for the whole process instead, the parse held about 20 MiB of the desktop app for good after
/// its first packet (README, "Start-up and memory"), to save a parse that costs a fraction of
/// what generating any packet does.
#[derive(Default)]
pub(crate) struct Parsed(Vec<ParsedFont>);

impl Parsed {
    /// Every shipped font, under fixed resource names (printpdf's own ids come from a
    /// process-wide counter, which would make two generations differ). printpdf embeds only
    /// the fonts a document draws glyphs with, subset to those glyphs.
    pub fn register(&mut self, doc: &mut printpdf::PdfDocument) {
        if self.0.is_empty() {
            self.0 = FACES
                .iter()
                .map(|f| {
                    ParsedFont::from_bytes(f.bytes, 0, &mut Vec::new())
                        .expect("shipped fonts parse")
                })
                .collect();
        }
        for (f, parsed) in FACES.iter().zip(&self.0) {
            doc.resources.fonts.map.insert(
                FontId(f.id.to_string()),
                printpdf::PdfFont::new(parsed.clone()),
            );
        }
    }
}

pub(crate) fn font_id(face: u8) -> FontId {
    FontId(FACES[face as usize].id.to_string())
}

/// A stretch of one line in one font, starting `x` points from the line's start.
pub(crate) struct Piece {
    pub face: u8,
    pub x: f32,
    pub items: TextItem,
}

/// A shaped line: its pieces in visual order and its width at the size it was shaped for.
pub(crate) struct Shaped {
    pub pieces: Vec<Piece>,
    pub width: f32,
}

/// Advance of a glyph as the PDF's `/W` array will state it (thousandths of an em, truncated,
/// the same arithmetic printpdf uses), so our positions and the viewer's agree.
fn pdf_width(face: usize, gid: u16) -> f32 {
    let f = &faces()[face];
    let adv =
        f.rb.glyph_hor_advance(rustybuzz::ttf_parser::GlyphId(gid))
            .unwrap_or(0) as f32;
    (adv * 1000.0 / f.upem).trunc()
}

fn complex(c: char) -> bool {
    matches!(c as u32,
        0x0300..=0x036F | 0x0483..=0x0489 | 0x0590..=0x08FF | 0x0900..=0x0DFF | 0x0E00..=0x0EFF
        | 0x0F00..=0x109F | 0x1780..=0x17FF | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF
        | 0x200C..=0x200F | 0x202A..=0x202E | 0x2066..=0x2069 | 0x20D0..=0x20FF
        | 0xFB1D..=0xFDFF | 0xFE20..=0xFE2F | 0xFE70..=0xFEFF | 0x10800..=0x10FFF)
}

/// Which face of the chain draws `c`, and with which glyph; the chain's first face (with its
/// .notdef) when none has it.
fn pick(style: Style, c: char) -> (usize, u16) {
    for &f in style.chain() {
        if let Some(g) = faces()[f].rb.glyph_index(c) {
            return (f, g.0);
        }
    }
    (style.chain()[0], 0)
}

type Cache = HashMap<(Style, char), (u8, u16, f32)>;

/// Shapes text for layout and drawing. Holds a cache of simple characters' glyphs, so a long
/// appendix does not look the same letters up again for every row.
#[derive(Default)]
pub(crate) struct Shaper {
    simple: Cache,
}

impl Shaper {
    fn simple_glyph(&mut self, style: Style, c: char) -> (u8, u16, f32) {
        *self.simple.entry((style, c)).or_insert_with(|| {
            let (f, g) = pick(style, c);
            (f as u8, g, pdf_width(f, g))
        })
    }

    /// Width in points of `text` at `size`.
    pub fn width(&mut self, text: &str, style: Style, size: f32) -> f32 {
        if !text.chars().any(complex) {
            let units: f32 = text.chars().map(|c| self.simple_glyph(style, c).2).sum();
            return units * size / 1000.0;
        }
        self.shape(text, style, size).width
    }

    /// One line of text, ready to draw: pieces in visual order.
    pub fn shape(&mut self, text: &str, style: Style, size: f32) -> Shaped {
        let mut pieces = Vec::new();
        let mut x = 0.0;
        if !text.chars().any(complex) {
            self.simple_pieces(text, style, size, &mut x, &mut pieces);
        } else {
            let bidi = BidiInfo::new(text, Some(Level::ltr()));
            for para in &bidi.paragraphs {
                let line = para.range.clone();
                let (levels, runs) = bidi.visual_runs(para, line);
                for run in runs {
                    let rtl = levels[run.start].is_rtl();
                    self.complex_pieces(&text[run], rtl, style, size, &mut x, &mut pieces);
                }
            }
        }
        Shaped { pieces, width: x }
    }

    fn simple_pieces(
        &mut self,
        text: &str,
        style: Style,
        size: f32,
        x: &mut f32,
        pieces: &mut Vec<Piece>,
    ) {
        let mut current: Option<(u8, f32, String)> = None;
        for c in text.chars() {
            let (face, _, w) = self.simple_glyph(style, c);
            match &mut current {
                Some((f, _, s)) if *f == face => s.push(c),
                _ => {
                    if let Some((f, start, s)) = current.take() {
                        pieces.push(Piece {
                            face: f,
                            x: start,
                            items: TextItem::Text(s),
                        });
                    }
                    current = Some((face, *x, c.to_string()));
                }
            }
            *x += w * size / 1000.0;
        }
        if let Some((f, start, s)) = current {
            pieces.push(Piece {
                face: f,
                x: start,
                items: TextItem::Text(s),
            });
        }
    }

    /// A directional run: split by font (a combining mark stays with its base's font), each
    /// split shaped with rustybuzz; for right-to-left runs the splits go right to left.
    fn complex_pieces(
        &mut self,
        run: &str,
        rtl: bool,
        style: Style,
        size: f32,
        x: &mut f32,
        pieces: &mut Vec<Piece>,
    ) {
        let mut splits: Vec<(usize, &str)> = Vec::new();
        let mut start = 0;
        let mut face = None;
        for (i, c) in run.char_indices() {
            let mark = matches!(c as u32, 0x0300..=0x036F | 0x064B..=0x065F | 0x0670 | 0x05B0..=0x05C7 | 0x200C..=0x200F);
            let f = match face {
                Some(g) if mark => g,
                _ => pick(style, c).0,
            };
            if face.is_some_and(|g| g != f) {
                splits.push((face.unwrap(), &run[start..i]));
                start = i;
            }
            face = Some(f);
        }
        if let Some(f) = face {
            splits.push((f, &run[start..]));
        }
        if rtl {
            splits.reverse();
        }
        for (f, s) in splits {
            let shaped = shape_with(f, s, rtl);
            let face = &faces()[f];
            let scale = 1000.0 / face.upem;
            let mut glyphs = Vec::with_capacity(shaped.len());
            let mut pending_shift = 0.0f32;
            let mut lead = 0.0f32;
            let mut width = 0.0f32;
            for g in &shaped {
                let natural = pdf_width(f, g.gid);
                let adv = g.x_advance as f32 * scale;
                let shift = g.x_offset as f32 * scale;
                // Move to this glyph's own offset, then back, so offsets never accumulate.
                let before = shift - pending_shift;
                if before != 0.0 {
                    match glyphs.last_mut() {
                        Some(prev) => {
                            let prev: &mut Codepoint = prev;
                            prev.offset -= before;
                        }
                        None => lead -= before,
                    }
                }
                pending_shift = shift;
                glyphs.push(Codepoint {
                    gid: g.gid,
                    offset: natural - adv,
                    cid: g.text.clone(),
                });
                width += adv;
            }
            if pending_shift != 0.0 {
                if let Some(last) = glyphs.last_mut() {
                    last.offset += pending_shift;
                }
            }
            // A leading offset (a first glyph moved by the shaper) moves the piece instead.
            pieces.push(Piece {
                face: f as u8,
                x: *x - lead * size / 1000.0,
                items: TextItem::GlyphIds(glyphs),
            });
            *x += width * size / 1000.0;
        }
    }
}

struct Glyph {
    gid: u16,
    x_advance: i32,
    x_offset: i32,
    /// The characters this glyph stands for, for copy and search (ToUnicode).
    text: Option<String>,
}

fn shape_with(face: usize, text: &str, rtl: bool) -> Vec<Glyph> {
    let mut buf = rustybuzz::UnicodeBuffer::new();
    buf.push_str(text);
    buf.set_direction(if rtl {
        rustybuzz::Direction::RightToLeft
    } else {
        rustybuzz::Direction::LeftToRight
    });
    buf.guess_segment_properties();
    let out = rustybuzz::shape(&faces()[face].rb, &[], buf);
    let infos = out.glyph_infos();
    let positions = out.glyph_positions();
    // Cluster starts, to cut the text each glyph maps back to.
    let mut starts: Vec<usize> = infos.iter().map(|i| i.cluster as usize).collect();
    starts.sort_unstable();
    starts.dedup();
    let end_of = |c: usize| -> usize {
        match starts.binary_search(&c) {
            Ok(i) if i + 1 < starts.len() => starts[i + 1],
            _ => text.len(),
        }
    };
    let mut seen_cluster = std::collections::HashSet::new();
    infos
        .iter()
        .zip(positions)
        .map(|(info, pos)| {
            let c = info.cluster as usize;
            // Only the first glyph of a cluster carries its text, so it is extracted once.
            let t = seen_cluster
                .insert(c)
                .then(|| text[c..end_of(c)].to_string());
            Glyph {
                gid: info.glyph_id as u16,
                x_advance: pos.x_advance,
                x_offset: pos.x_offset,
                text: t,
            }
        })
        .collect()
}
