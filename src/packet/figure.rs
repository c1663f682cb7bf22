//! The timeline figure drawn as vector paths: the same data as the app's visual timeline
//! ([`TimelineFigure`]), on one page of the timeline section. A row per lane with its events
//! as ticks, the access window as a shaded band behind every row, law-enforcement delays as
//! bars, deadlines as red ticks, harm reports as a density strip, key dates as numbered lines
//! across the figure (named in a legend below it, where a label on the line would collide),
//! and a dated axis. It spans the incident (`focus_from`..`focus_to`); events outside are
//! counted in a line under it.

use super::fonts::Style;
use super::layout::Writer;
use super::page::{filled, grey, line, navy, LEFT, RIGHT};
use crate::timeline::{BandKind, TimelineFigure};
use chrono::DateTime;
use printpdf::{Color, Op, Pt, Rgb};

const LABEL_W: f32 = 92.0;
const ROW: f32 = 15.0;
const SMALL: f32 = 7.5;

fn rgb(r: f32, g: f32, b: f32) -> Color {
    Color::Rgb(Rgb::new(r, g, b, None))
}

fn seconds(rfc3339: &str) -> Option<f64> {
    DateTime::parse_from_rfc3339(rfc3339)
        .ok()
        .map(|t| t.timestamp() as f64)
}

/// Maps instants onto the plot's width, with a margin so nothing sits on its edges.
struct Scale {
    from: f64,
    span: f64,
    x0: f32,
    width: f32,
}

impl Scale {
    fn new(from: f64, to: f64, x0: f32, x1: f32) -> Scale {
        // A figure of one instant still needs a width: a day either side.
        let (from, to) = if to - from < 86_400.0 {
            (from - 86_400.0, to + 86_400.0)
        } else {
            (from, to)
        };
        let pad = (to - from) * 0.03;
        Scale {
            from: from - pad,
            span: (to - from) + 2.0 * pad,
            x0,
            width: x1 - x0,
        }
    }

    fn x(&self, t: f64) -> f32 {
        self.x0 + ((t - self.from) / self.span) as f32 * self.width
    }

    fn at(&self, rfc3339: &str) -> Option<f32> {
        seconds(rfc3339).map(|t| self.x(t))
    }
}

fn rect(ops: &mut Vec<Op>, color: Color, x: f32, y: f32, w: f32, h: f32) {
    ops.push(Op::SetFillColor { col: color });
    ops.push(Op::DrawRectangle {
        rectangle: filled(x, y, w.max(0.6), h),
    });
}

fn vline(ops: &mut Vec<Op>, color: Color, thickness: f32, x: f32, y0: f32, y1: f32) {
    ops.push(Op::SetOutlineColor { col: color });
    ops.push(Op::SetOutlineThickness { pt: Pt(thickness) });
    ops.push(Op::DrawLine {
        line: printpdf::Line {
            points: [y0, y1]
                .iter()
                .map(|y| printpdf::LinePoint {
                    p: printpdf::Point {
                        x: Pt(x),
                        y: Pt(*y),
                    },
                    bezier: false,
                })
                .collect(),
            is_closed: false,
        },
    });
}

impl Writer<'_> {
    /// Draws the figure at the cursor, all on one page, and moves the cursor below it.
    pub fn timeline_figure(&mut self, figure: &TimelineFigure) {
        let (Some(from), Some(to)) = (
            figure.focus_from.as_deref().and_then(seconds),
            figure.focus_to.as_deref().and_then(seconds),
        ) else {
            self.paragraph("Nothing dated is recorded yet.", Style::Regular, 9.5);
            return;
        };
        let scale = Scale::new(from, to, LEFT + LABEL_W, RIGHT);
        let delays: Vec<_> = figure
            .bands
            .iter()
            .filter(|b| b.kind == BandKind::Delay)
            .collect();
        // Rows top to bottom: lanes, then delays, deadlines and harm when there are any.
        let mut rows: Vec<&str> = figure.lanes.iter().map(|c| c.label()).collect();
        if !delays.is_empty() {
            rows.push("Delays");
        }
        if !figure.deadlines.is_empty() {
            rows.push("Deadlines");
        }
        if !figure.harm_per_day.is_empty() {
            rows.push("Harm reports");
        }
        let legend = (figure.markers.len().div_ceil(2) + 1) as f32 * 11.0;
        let height = ROW + rows.len() as f32 * ROW + 22.0 + legend + 8.0;
        self.room(height);
        let top = self.cursor();
        let plot_top = top - ROW;
        let plot_bottom = plot_top - rows.len() as f32 * ROW;
        let row_y = |name: &str| {
            let i = rows.iter().position(|r| *r == name).unwrap_or(0);
            plot_top - (i as f32 + 1.0) * ROW
        };

        // Behind everything: the access window, across every row, named above them.
        for b in &figure.bands {
            if b.kind != BandKind::AccessWindow {
                continue;
            }
            let x0 = scale.at(&b.from).unwrap_or(scale.x0);
            let x1 = b.to.as_deref().and_then(|t| scale.at(t)).unwrap_or(RIGHT);
            let ops = self.ops();
            rect(
                ops,
                rgb(0.98, 0.86, 0.84),
                x0,
                plot_bottom,
                x1 - x0,
                plot_top - plot_bottom,
            );
            ops.push(Op::SetFillColor {
                col: rgb(0.6, 0.12, 0.1),
            });
            self.text(x0 + 2.0, plot_top + 3.0, &b.label, Style::Bold, SMALL);
        }

        // Row labels and their guide lines.
        for (i, name) in rows.iter().enumerate() {
            let y = plot_top - (i as f32 + 1.0) * ROW;
            let ops = self.ops();
            ops.push(Op::SetFillColor { col: grey(0.25) });
            self.text(LEFT, y + 4.5, name, Style::Regular, SMALL + 0.5);
            let ops = self.ops();
            ops.push(Op::SetOutlineColor { col: grey(0.85) });
            ops.push(Op::SetOutlineThickness { pt: Pt(0.3) });
            line(ops, scale.x0, RIGHT, y);
        }

        // Events outside the incident's span are counted under the figure, not drawn.
        let mut outside = 0;
        for e in &figure.events {
            let (Some(x), lane) = (scale.at(&e.at), e.category.label()) else {
                continue;
            };
            if x < scale.x0 || x > RIGHT {
                outside += 1;
                continue;
            }
            let y = row_y(lane);
            let color = if e.derived { grey(0.45) } else { navy() };
            rect(self.ops(), color, x - 1.5, y + 3.5, 3.0, ROW - 7.0);
        }
        for d in &delays {
            let x0 = scale.at(&d.from).unwrap_or(scale.x0);
            // An open delay runs to the figure's edge: it has not ended.
            let x1 = d.to.as_deref().and_then(|t| scale.at(t)).unwrap_or(RIGHT);
            let y = row_y("Delays");
            rect(
                self.ops(),
                rgb(0.55, 0.45, 0.75),
                x0,
                y + 4.0,
                x1 - x0,
                ROW - 8.0,
            );
        }
        for d in &figure.deadlines {
            if let Some(x) = scale.at(&d.at) {
                let y = row_y("Deadlines");
                vline(
                    self.ops(),
                    rgb(0.8, 0.1, 0.1),
                    1.6,
                    x,
                    y + 2.0,
                    y + ROW - 2.0,
                );
            }
        }
        let most = figure
            .harm_per_day
            .iter()
            .map(|d| d.count)
            .max()
            .unwrap_or(1) as f32;
        for d in &figure.harm_per_day {
            if let Some(x) = scale.at(&format!("{}T00:00:00Z", d.day)) {
                let y = row_y("Harm reports");
                let h = (d.count as f32 / most) * (ROW - 3.0);
                rect(
                    self.ops(),
                    rgb(0.85, 0.45, 0.1),
                    x - 0.8,
                    y + 1.0,
                    1.6,
                    h.max(1.0),
                );
            }
        }

        // Key dates: numbered lines across every row.
        for (i, m) in figure.markers.iter().enumerate() {
            let Some(x) = scale.at(&m.at) else { continue };
            vline(self.ops(), navy(), 0.7, x, plot_bottom, plot_top);
            self.ops().push(Op::SetFillColor { col: navy() });
            let n = (i + 1).to_string();
            self.text(x - 2.0, plot_bottom - 8.0, &n, Style::Bold, SMALL);
        }

        // The axis: five dates evenly spaced, oldest left.
        let axis_y = plot_bottom - 18.0;
        let ops = self.ops();
        ops.push(Op::SetOutlineColor { col: grey(0.4) });
        ops.push(Op::SetOutlineThickness { pt: Pt(0.5) });
        line(ops, scale.x0, RIGHT, plot_bottom);
        ops.push(Op::SetFillColor { col: grey(0.3) });
        for i in 0..5 {
            let t = scale.from + scale.span * (0.05 + 0.225 * i as f64);
            let Some(day) = DateTime::from_timestamp(t as i64, 0) else {
                continue;
            };
            let label = day.format("%Y-%m-%d").to_string();
            let x = scale.x(t);
            vline(
                self.ops(),
                grey(0.4),
                0.5,
                x,
                plot_bottom - 2.0,
                plot_bottom,
            );
            let w = self.shaper.width(&label, Style::Regular, SMALL);
            self.text(x - w / 2.0, axis_y, &label, Style::Regular, SMALL);
        }

        let mut y = axis_y - 13.0;
        if outside > 0 {
            self.ops().push(Op::SetFillColor { col: grey(0.3) });
            let note = format!(
                "{outside} event{} outside the dates shown; the table below lists every event.",
                if outside == 1 { "" } else { "s" }
            );
            self.text(LEFT, y, &note, Style::Regular, SMALL);
            y -= 11.0;
        }
        // The legend of key dates, two to a line.
        let half = (RIGHT - LEFT) / 2.0;
        for (i, m) in figure.markers.iter().enumerate() {
            let x = LEFT + (i % 2) as f32 * half;
            let day = m.at.get(..10).unwrap_or(&m.at);
            self.ops().push(Op::SetFillColor { col: navy() });
            self.text(x, y, &(i + 1).to_string(), Style::Bold, SMALL);
            self.ops().push(Op::SetFillColor { col: grey(0.0) });
            self.text(
                x + 10.0,
                y,
                &format!("{} — {day}", m.label),
                Style::Regular,
                SMALL,
            );
            if i % 2 == 1 {
                y -= 11.0;
            }
        }
        self.ops().push(Op::SetFillColor { col: grey(0.0) });
        let used = top - y
            + if figure.markers.len() % 2 == 1 {
                11.0
            } else {
                0.0
            };
        self.space(used.max(height) + 6.0);
    }
}
