//! The page itself: A4 geometry and margins, colours, and the drawing primitives (a line of
//! shaped text, hairlines, word wrap) that both the layout and the page furniture use. It
//! knows nothing of sections or of how pages reach the file.

use super::fonts::{font_id, Shaper, Style};
use printpdf::{Color, Op, PdfFontHandle, Point, Pt, Rect, Rgb, TextItem, TextMatrix};

pub(crate) const PAGE_W: f32 = 595.28;
pub(crate) const PAGE_H: f32 = 841.89;
pub(crate) const LEFT: f32 = 56.0;
pub(crate) const RIGHT: f32 = PAGE_W - 56.0;
pub(crate) const TOP: f32 = PAGE_H - 84.0;
pub(crate) const BOTTOM: f32 = 72.0;
pub(crate) const BODY: f32 = 9.5;

pub(crate) fn grey(level: f32) -> Color {
    Color::Rgb(Rgb::new(level, level, level, None))
}

pub(crate) fn navy() -> Color {
    Color::Rgb(Rgb::new(0.08, 0.16, 0.32, None))
}

/// Draws one line of text in its own text object, in `color` (then back to black).
pub(crate) fn draw(
    shaper: &mut Shaper,
    ops: &mut Vec<Op>,
    (x, y): (f32, f32),
    text: &str,
    style: Style,
    size: f32,
    color: Option<Color>,
) -> f32 {
    let shaped = shaper.shape(text, style, size);
    ops.push(Op::StartTextSection);
    if let Some(c) = color.clone() {
        ops.push(Op::SetFillColor { col: c });
    }
    emit(ops, shaped.pieces, x, y, size, &mut None);
    ops.push(Op::EndTextSection);
    if color.is_some() {
        ops.push(Op::SetFillColor { col: grey(0.0) });
    }
    shaped.width
}

/// Draws shaped pieces with the line starting at (x, y). `font` is the font already set in
/// this text object, if any, so it is not set again.
pub(crate) fn emit(
    ops: &mut Vec<Op>,
    pieces: Vec<super::fonts::Piece>,
    x: f32,
    y: f32,
    size: f32,
    font: &mut Option<(u8, u32)>,
) {
    for p in pieces {
        if *font != Some((p.face, size.to_bits())) {
            *font = Some((p.face, size.to_bits()));
            ops.push(Op::SetFont {
                font: PdfFontHandle::External(font_id(p.face)),
                size: Pt(size),
            });
        }
        ops.push(Op::SetTextMatrix {
            matrix: TextMatrix::Translate(Pt(x + p.x), Pt(y)),
        });
        let items: Vec<TextItem> = vec![p.items];
        ops.push(Op::ShowText { items });
    }
}

pub(crate) fn filled(x: f32, y: f32, w: f32, h: f32) -> Rect {
    Rect {
        mode: Some(printpdf::PaintMode::Fill),
        ..Rect::from_xywh(Pt(x), Pt(y), Pt(w), Pt(h))
    }
}

pub(crate) fn line(ops: &mut Vec<Op>, x0: f32, x1: f32, y: f32) {
    if x1 <= x0 {
        return;
    }
    ops.push(Op::DrawLine {
        line: printpdf::Line {
            points: vec![
                printpdf::LinePoint {
                    p: Point {
                        x: Pt(x0),
                        y: Pt(y),
                    },
                    bezier: false,
                },
                printpdf::LinePoint {
                    p: Point {
                        x: Pt(x1),
                        y: Pt(y),
                    },
                    bezier: false,
                },
            ],
            is_closed: false,
        },
    });
}

/// A full-width hairline at `y`.
pub(crate) fn rule(ops: &mut Vec<Op>, y: f32, level: f32, thickness: f32) {
    ops.push(Op::SetOutlineColor { col: grey(level) });
    ops.push(Op::SetOutlineThickness { pt: Pt(thickness) });
    line(ops, LEFT, RIGHT, y);
}

/// Greedy word wrap to `width` points. Words wider than a line (hashes, long e-mails) are
/// broken between characters, so nothing ever runs outside its cell.
pub(crate) fn wrap(
    shaper: &mut Shaper,
    text: &str,
    style: Style,
    size: f32,
    width: f32,
) -> Vec<String> {
    let mut out = Vec::new();
    for para in text.split('\n') {
        let para = para.trim_end();
        if para.is_empty() {
            out.push(String::new());
            continue;
        }
        if shaper.width(para, style, size) <= width {
            out.push(para.to_string());
            continue;
        }
        let space = shaper.width(" ", style, size);
        let mut line = String::new();
        let mut line_w = 0.0;
        for word in para.split(' ').filter(|w| !w.is_empty()) {
            let w = shaper.width(word, style, size);
            if !line.is_empty() && line_w + space + w <= width {
                line.push(' ');
                line.push_str(word);
                line_w += space + w;
                continue;
            }
            if !line.is_empty() {
                out.push(std::mem::take(&mut line));
            }
            if w <= width {
                line = word.to_string();
                line_w = w;
                continue;
            }
            // Break the long word between characters.
            let mut piece = String::new();
            let mut piece_w = 0.0;
            for c in word.chars() {
                let cw = shaper.width(c.encode_utf8(&mut [0; 4]), style, size);
                if !piece.is_empty() && piece_w + cw > width {
                    out.push(std::mem::take(&mut piece));
                    piece_w = 0.0;
                }
                piece.push(c);
                piece_w += cw;
            }
            line = piece;
            line_w = piece_w;
        }
        if !line.is_empty() {
            out.push(line);
        }
    }
    if out.is_empty() {
        out.push(String::new());
    }
    out
}
