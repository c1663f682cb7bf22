//! The packet's text layout driven with arbitrary text, for the fuzz target and its
//! regression tests (see [`crate::fuzzing`]).

use super::fonts::Shaper;
use super::fonts::Style;
use super::layout::{col, mono, PageSink, Writer};
use printpdf::Op;

/// A sink that draws (so text is shaped and placed as for a real page) and drops the pages.
struct Drawn;

impl PageSink for Drawn {
    fn draws(&self) -> bool {
        true
    }

    fn take(&mut self, _: &mut Shaper, _: usize, _: Vec<Vec<Op>>) -> crate::error::Result<()> {
        Ok(())
    }
}

/// Lays `text` out the ways a packet does: a heading, paragraphs in every style, a field list
/// and a table whose cells are the text's lines.
pub fn layout(text: &str) {
    let mut sink = Drawn;
    let mut w = Writer::new(&mut sink);
    w.section(text);
    for style in [Style::Regular, Style::Bold, Style::Mono] {
        w.paragraph(text, style, 10.0);
    }
    w.fields(&[("Field", text.to_string(), Style::Regular)]);
    let rows = text
        .lines()
        .map(|l| vec![l.to_string(), l.chars().rev().collect()]);
    w.table(
        &[col("Text", 0.6), mono("Reversed", 0.4)],
        rows,
        9.0,
        |_| {},
    );
    w.finish().expect("a sink that drops pages cannot fail");
}
