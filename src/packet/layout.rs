//! Laying the packet out on A4 pages: headings, wrapped paragraphs, label/value lists, tables
//! that break across pages and repeat their header row, and a bar chart. Pages are printpdf
//! operation lists handed to a [`PageSink`]; page furniture (header, footer, Bates number)
//! and the contents page are added once the page count is known.

use super::fonts::{Shaper, Style};
use super::page::{draw, emit, filled, grey, line, navy, wrap, BODY, BOTTOM, LEFT, RIGHT, TOP};
use printpdf::{Actions, Color, Destination, LinkAnnotation, Op, Pt, Rect};

/// A contents entry: the title and the page (0-based) where the section starts.
pub(crate) struct Entry {
    pub title: String,
    pub page: usize,
}

/// A table column: its heading, share of the text width, and the style of its cells.
pub(crate) struct Column<'a> {
    pub title: &'a str,
    pub share: f32,
    pub style: Style,
}

/// Where finished pages go. The layout runs twice: the first pass hands its pages to a
/// [`Counter`], which drops them (it only learns the page count and where sections start);
/// the second hands them, a chunk at a time, to the file's assembler, so memory holds one
/// chunk of pages whatever the packet's length.
pub(crate) trait PageSink {
    /// False for a pass that only counts: text is measured, never drawn.
    fn draws(&self) -> bool;
    /// Takes pages `first..first + pages.len()`, in order.
    fn take(
        &mut self,
        shaper: &mut Shaper,
        first: usize,
        pages: Vec<Vec<Op>>,
    ) -> crate::error::Result<()>;
}

/// The counting pass's sink: every page is dropped as soon as the next one starts.
pub(crate) struct Counter;

impl PageSink for Counter {
    fn draws(&self) -> bool {
        false
    }

    fn take(&mut self, _: &mut Shaper, _: usize, _: Vec<Vec<Op>>) -> crate::error::Result<()> {
        Ok(())
    }
}

/// Pages kept before a chunk is handed on.
const CHUNK: usize = 128;

/// A column of plain text.
pub(crate) fn col(title: &str, share: f32) -> Column<'_> {
    Column {
        title,
        share,
        style: Style::Regular,
    }
}

/// A column of hashes or ids, in the monospaced face.
pub(crate) fn mono(title: &str, share: f32) -> Column<'_> {
    Column {
        title,
        share,
        style: Style::Mono,
    }
}

pub(crate) struct Writer<'s> {
    pub shaper: Shaper,
    /// Pages not yet handed on: page `first + i` is `pages[i]`.
    pages: Vec<Vec<Op>>,
    first: usize,
    /// Where the next block starts, in points from the bottom of the page.
    y: f32,
    pub outline: Vec<Entry>,
    sink: &'s mut dyn PageSink,
    failed: Option<crate::error::Error>,
}

impl<'s> Writer<'s> {
    pub fn new(sink: &'s mut dyn PageSink) -> Writer<'s> {
        Writer {
            shaper: Shaper::default(),
            pages: Vec::new(),
            first: 0,
            y: TOP,
            outline: Vec::new(),
            sink,
            failed: None,
        }
    }

    pub fn page_count(&self) -> usize {
        self.first + self.pages.len()
    }

    pub fn new_page(&mut self) {
        // Nothing is drawn on a page once the next one starts, so a counting pass keeps none.
        let keep = if self.sink.draws() { CHUNK } else { 1 };
        if self.pages.len() >= keep && self.failed.is_none() {
            let chunk = std::mem::take(&mut self.pages);
            let n = chunk.len();
            if let Err(e) = self.sink.take(&mut self.shaper, self.first, chunk) {
                self.failed = Some(e);
            }
            self.first += n;
        }
        self.pages.push(Vec::new());
        self.y = TOP;
    }

    /// Hands on the last pages.
    pub fn finish(mut self) -> crate::error::Result<()> {
        if let Some(e) = self.failed.take() {
            return Err(e);
        }
        let pages = std::mem::take(&mut self.pages);
        self.sink.take(&mut self.shaper, self.first, pages)
    }

    pub(super) fn ops(&mut self) -> &mut Vec<Op> {
        if self.pages.is_empty() {
            self.new_page();
        }
        self.pages.last_mut().expect("a page exists")
    }

    fn page_ops(&mut self, page: usize) -> &mut Vec<Op> {
        &mut self.pages[page - self.first]
    }

    /// Draws one line of text with its baseline at `y`, starting at `x`, on page `page`
    /// (which must not have been handed on yet).
    pub fn text_on(
        &mut self,
        page: usize,
        at: (f32, f32),
        text: &str,
        style: Style,
        size: f32,
        color: Option<Color>,
    ) -> f32 {
        if !self.sink.draws() {
            return self.shaper.width(text, style, size);
        }
        let i = page - self.first;
        draw(
            &mut self.shaper,
            &mut self.pages[i],
            at,
            text,
            style,
            size,
            color,
        )
    }

    pub(super) fn text(&mut self, x: f32, y: f32, text: &str, style: Style, size: f32) -> f32 {
        self.ops();
        let page = self.page_count() - 1;
        self.text_on(page, (x, y), text, style, size, None)
    }

    /// Moves down by `h`, starting a new page first when less than `h` is left.
    pub(super) fn room(&mut self, h: f32) {
        if self.pages.is_empty() || self.y - h < BOTTOM {
            self.new_page();
        }
    }

    pub fn cursor(&self) -> f32 {
        self.y
    }

    pub fn space(&mut self, h: f32) {
        self.y -= h;
    }

    /// Starts a section on a new page, with its title in the contents and the outline.
    pub fn section(&mut self, title: &str) {
        self.new_page();
        self.outline.push(Entry {
            title: title.to_string(),
            page: self.page_count() - 1,
        });
        self.heading(title, 16.0);
    }

    /// A heading, wrapped to the text width: a long case or packet title on the cover must not
    /// run past the right margin. All its lines stay on one page.
    pub fn heading(&mut self, title: &str, size: f32) {
        let lead = size * 1.4;
        let lines = wrap(&mut self.shaper, title, Style::Bold, size, RIGHT - LEFT);
        self.room(lead * (lines.len() as f32 + 1.0));
        self.ops().push(Op::SetFillColor { col: navy() });
        for (i, line) in lines.iter().enumerate() {
            if i > 0 {
                self.y -= lead - size;
            }
            self.y -= size;
            let y = self.y;
            self.text(LEFT, y, line, Style::Bold, size);
        }
        self.ops().push(Op::SetFillColor { col: grey(0.0) });
        self.y -= lead - size + 4.0;
    }

    /// Text wrapped to the text width; blank lines in `text` separate paragraphs.
    pub fn paragraph(&mut self, text: &str, style: Style, size: f32) {
        let lead = size * 1.35;
        for line in wrap(&mut self.shaper, text, style, size, RIGHT - LEFT) {
            self.room(lead);
            self.y -= lead;
            let y = self.y + (lead - size) / 2.0;
            if !line.is_empty() {
                self.text(LEFT, y, &line, style, size);
            }
        }
        self.y -= size * 0.6;
    }

    /// Label/value pairs in two columns, values wrapped (a hash in `Mono` wraps by character).
    pub fn fields(&mut self, rows: &[(&str, String, Style)]) {
        let label_w = 150.0;
        let lead = BODY * 1.35;
        for (label, value, style) in rows {
            let lines = wrap(
                &mut self.shaper,
                value,
                *style,
                BODY,
                RIGHT - LEFT - label_w,
            );
            self.room(lead * lines.len().max(1) as f32);
            let top = self.y;
            self.ops().push(Op::SetFillColor { col: grey(0.35) });
            self.text(LEFT, top - BODY, label, Style::Bold, BODY);
            self.ops().push(Op::SetFillColor { col: grey(0.0) });
            for (i, line) in lines.iter().enumerate() {
                self.text(
                    LEFT + label_w,
                    top - BODY - i as f32 * lead,
                    line,
                    *style,
                    BODY,
                );
            }
            self.y = top - lead * lines.len().max(1) as f32 - 2.0;
        }
        self.y -= BODY * 0.6;
    }

    /// A table; rows break across pages and the header row repeats on each page. `progress` is
    /// told how many rows are done.
    pub fn table<I>(&mut self, cols: &[Column], rows: I, size: f32, mut progress: impl FnMut(u64))
    where
        I: IntoIterator<Item = Vec<String>>,
    {
        let width = RIGHT - LEFT;
        let total: f32 = cols.iter().map(|c| c.share).sum();
        let widths: Vec<f32> = cols.iter().map(|c| c.share / total * width).collect();
        let lead = size * 1.25;
        self.table_header(cols, &widths, size, lead);
        for (n, row) in rows.into_iter().enumerate() {
            let cells: Vec<Vec<String>> = row
                .iter()
                .zip(cols.iter().zip(&widths))
                .map(|(text, (c, w))| {
                    wrap(
                        &mut self.shaper,
                        text,
                        c.style,
                        size,
                        w - 2.0 * (size * 0.3),
                    )
                })
                .collect();
            let lines = cells.iter().map(|c| c.len().max(1)).max().unwrap_or(1);
            let h = lines as f32 * lead + 2.0 * (size * 0.3);
            if self.y - h < BOTTOM {
                self.new_page();
                self.table_header(cols, &widths, size, lead);
            }
            let top = self.y;
            let page = self.pages.len() - 1;
            self.y = top - h;
            if n % 256 == 255 {
                progress(n as u64 + 1);
            }
            if !self.sink.draws() {
                // The first pass needs row heights only.
                continue;
            }
            let mut x = LEFT;
            let ops = &mut self.pages[page];
            ops.push(Op::StartTextSection);
            // The font stays set across the row's cells; a long table is mostly one font.
            let mut font = None;
            for ((cell, col), w) in cells.iter().zip(cols).zip(&widths) {
                for (i, line) in cell.iter().enumerate() {
                    if line.is_empty() {
                        continue;
                    }
                    let shaped = self.shaper.shape(line, col.style, size);
                    let baseline =
                        top - (size * 0.3) - size - i as f32 * lead + (lead - size) / 2.0;
                    emit(
                        ops,
                        shaped.pieces,
                        x + (size * 0.3),
                        baseline,
                        size,
                        &mut font,
                    );
                }
                x += w;
            }
            ops.push(Op::EndTextSection);
            line(&mut self.pages[page], LEFT, RIGHT, self.y);
        }
        self.y -= size;
    }

    fn table_header(&mut self, cols: &[Column], widths: &[f32], size: f32, lead: f32) {
        let lines: Vec<Vec<String>> = cols
            .iter()
            .zip(widths)
            .map(|(c, w)| {
                wrap(
                    &mut self.shaper,
                    c.title,
                    Style::Bold,
                    size,
                    w - 2.0 * (size * 0.3),
                )
            })
            .collect();
        let n = lines.iter().map(Vec::len).max().unwrap_or(1);
        let h = n as f32 * lead + 2.0 * (size * 0.3);
        self.room(h + lead * 2.0);
        let top = self.y;
        let ops = self.ops();
        ops.push(Op::SetFillColor { col: grey(0.9) });
        ops.push(Op::DrawRectangle {
            rectangle: filled(LEFT, top - h, RIGHT - LEFT, h),
        });
        ops.push(Op::SetFillColor { col: grey(0.0) });
        // Row rules on this page are drawn with these.
        ops.push(Op::SetOutlineColor { col: grey(0.85) });
        ops.push(Op::SetOutlineThickness { pt: Pt(0.4) });
        let mut x = LEFT;
        for (cell, w) in lines.iter().zip(widths) {
            for (i, line) in cell.iter().enumerate() {
                let baseline = top - (size * 0.3) - size - i as f32 * lead + (lead - size) / 2.0;
                self.text(x + (size * 0.3), baseline, line, Style::Bold, size);
            }
            x += w;
        }
        self.y = top - h;
    }

    /// Horizontal bars, one per label, scaled to the largest count.
    pub fn bars(&mut self, bars: &[(String, u64)]) {
        let max = bars.iter().map(|b| b.1).max().unwrap_or(0).max(1) as f32;
        let label_w = 130.0;
        let count_w = 70.0;
        let track = RIGHT - LEFT - label_w - count_w;
        let h = 14.0;
        for (label, count) in bars {
            self.room(h + 2.0);
            let top = self.y;
            self.text(LEFT, top - 10.5, label, Style::Regular, BODY);
            let w = (*count as f32 / max * track).max(0.5);
            let ops = self.ops();
            ops.push(Op::SetFillColor { col: navy() });
            ops.push(Op::DrawRectangle {
                rectangle: filled(LEFT + label_w, top - h + 2.0, w, h - 4.0),
            });
            ops.push(Op::SetFillColor { col: grey(0.0) });
            self.text(
                LEFT + label_w + w + 6.0,
                top - 10.5,
                &count.to_string(),
                Style::Regular,
                BODY,
            );
            self.y = top - h - 2.0;
        }
        self.y -= BODY;
    }

    /// Fills the contents page `page` with the outline and a link from each line to its section.
    pub fn contents(&mut self, page: usize, entries: &[(String, usize)]) {
        let mut y = TOP - 16.0 - 24.0;
        for (title, target) in entries.iter().cloned() {
            let number = (target + 1).to_string();
            self.text_on(page, (LEFT, y), &title, Style::Regular, 11.0, None);
            let w = self.shaper.width(&number, Style::Regular, 11.0);
            self.text_on(page, (RIGHT - w, y), &number, Style::Regular, 11.0, None);
            let ops = self.page_ops(page);
            ops.push(Op::SetOutlineColor { col: grey(0.7) });
            ops.push(Op::SetOutlineThickness { pt: Pt(0.3) });
            ops.push(Op::SetLineDashPattern {
                dash: printpdf::LineDashPattern {
                    offset: 0.0,
                    pattern: vec![1.0, 2.0].into(),
                },
            });
            let title_w = self.shaper.width(&title, Style::Regular, 11.0);
            let ops = self.page_ops(page);
            line(ops, LEFT + title_w + 6.0, RIGHT - w - 6.0, y + 1.0);
            ops.push(Op::SetLineDashPattern {
                dash: printpdf::LineDashPattern {
                    offset: 0.0,
                    pattern: Default::default(),
                },
            });
            ops.push(Op::LinkAnnotation {
                link: LinkAnnotation::new(
                    Rect::from_xywh(Pt(LEFT), Pt(y - 4.0), Pt(RIGHT - LEFT), Pt(16.0)),
                    Actions::Goto(Destination::Xyz {
                        page: target + 1,
                        left: None,
                        top: None,
                        zoom: None,
                    }),
                    Some(printpdf::BorderArray::Solid([0.0, 0.0, 0.0])),
                    None,
                    None,
                ),
            });
            y -= 22.0;
        }
    }
}
