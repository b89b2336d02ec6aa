//! Charts as self-contained SVG text: a time series of counts per period, with the
//! min–max band of uncertain dates shaded, and horizontal bars of counts by category.
//!
//! The output is meant to be put inline in a page under Memoria's content security
//! policy and printed in publications, so it holds no script, no event handler, no
//! `style` attribute or element, no link and no external reference: colours come
//! from presentation attributes (`fill`, `stroke`), which a page may override through
//! the classes every part carries (`bar`, `band`, `line`, `point`, `axis`, `grid`,
//! `label`, `value`, `title`, `note`). Sizes are in `viewBox` units with no fixed
//! width, so a chart scales to a phone. `role="img"` with `<title>` and `<desc>` gives
//! screen readers its name and description; each bar and point also carries a
//! `<title>` with its label and value.
//!
//! Every text is the caller's, already translated; numbers are written by the
//! caller's function ([`ChartOptions::number`]), so that Arabic pages can use their
//! own digits. Right to left ([`ChartOptions::right_to_left`]) mirrors the chart:
//! bars grow from the right, the value axis moves to the right and time runs from
//! right to left, and text anchors flip.
//!
//! What this module does not do: measure text (labels beyond 32 characters are
//! shortened with an ellipsis, the full text staying in the `<title>`), choose
//! wording, or draw anything but these two kinds of chart.

mod svg;

/// XML escaping and language-tag checking, shared with other SVG and XML writers (the
/// publication's map and feeds) so that there is one escaping rule.
pub use svg::{escape as escape_xml, is_language_tag};

use std::fmt::Write;

use crate::describe::{Counts, Mode};
use svg::{Num, close, drawable, open, shorten, text, ticks};

/// What every chart needs besides its data.
pub struct ChartOptions<'a> {
    /// The chart's name, drawn at the top and given to screen readers.
    pub title: &'a str,
    /// What the chart shows, in a sentence or two, for screen readers.
    pub description: &'a str,
    /// A line under the chart: what is not shown ("312 acts without a date").
    pub note: Option<&'a str>,
    /// The language of the texts (a BCP 47 tag such as `ar`), so that screen readers
    /// pronounce them right.
    pub lang: Option<&'a str>,
    /// Mirror the chart for right-to-left languages.
    pub right_to_left: bool,
    /// How numbers are written; [`plain`] unless set.
    pub number: &'a dyn Fn(f64) -> String,
}

impl<'a> ChartOptions<'a> {
    pub fn new(title: &'a str, description: &'a str) -> ChartOptions<'a> {
        ChartOptions {
            title,
            description,
            note: None,
            lang: None,
            right_to_left: false,
            number: &plain,
        }
    }
}

/// A number as Western digits: whole numbers as they are, others to one decimal.
pub fn plain(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0 + 0.0;
    if r.fract() == 0.0 {
        format!("{r:.0}")
    } else {
        format!("{r:.1}")
    }
}

/// One period of a time series.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Point<'a> {
    pub label: &'a str,
    pub value: f64,
    /// From the least to the most the period may hold, shaded when present.
    pub band: Option<(f64, f64)>,
}

/// One category of a bar chart.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Bar<'a> {
    pub label: &'a str,
    pub value: f64,
}

/// The points of a period series: `labels` (one per period, the caller's words), the
/// spread counts as values, and in [`Mode::Band`] the min–max band.
///
/// # Panics
///
/// If there are not as many labels as periods.
pub fn points<'a, S: AsRef<str>>(counts: &Counts, labels: &'a [S], mode: Mode) -> Vec<Point<'a>> {
    assert_eq!(labels.len(), counts.len(), "one label per period");
    labels
        .iter()
        .enumerate()
        .map(|(i, label)| Point {
            label: label.as_ref(),
            value: counts.spread[i],
            band: match mode {
                Mode::Spread => None,
                Mode::Band => Some((counts.min[i] as f64, counts.max[i] as f64)),
            },
        })
        .collect()
}

const WIDTH: f64 = 640.0;
/// Beyond this many periods, labels are thinned and points not marked.
const MAX_LABELS: usize = 12;
const MAX_MARKED: usize = 60;

/// A time series as SVG: a line through the counts, over the shaded band where
/// points have one.
pub fn time_series(points: &[Point<'_>], options: &ChartOptions<'_>) -> String {
    let height = 360.0;
    let rtl = options.right_to_left;
    // The value axis sits on the left (on the right when mirrored).
    let (left, right) = if rtl {
        (16.0, WIDTH - 64.0)
    } else {
        (64.0, WIDTH - 16.0)
    };
    let (top, bottom) = (44.0, height - 56.0);

    let highest = points
        .iter()
        .map(|p| drawable(p.value).max(p.band.map_or(0.0, |(_, hi)| drawable(hi))))
        .fold(0.0, f64::max);
    let whole = points.iter().all(|p| drawable(p.value).fract() == 0.0);
    let ticks = ticks(highest, whole);
    let ceiling = *ticks.last().expect("at least two ticks");
    let y = |v: f64| bottom - drawable(v) / ceiling * (bottom - top);
    let slot = (right - left) / points.len().max(1) as f64;
    let x = |i: usize| {
        let offset = (i as f64 + 0.5) * slot;
        if rtl { right - offset } else { left + offset }
    };

    let mut out = String::new();
    open(&mut out, "chart-time-series", WIDTH, height, options);
    value_axis(&mut out, options, &ticks, ceiling, left, right, top, bottom);

    if points.iter().any(|p| p.band.is_some()) {
        // Down the upper edge, back along the lower; a lone period gets some width.
        let half = if points.len() == 1 { slot / 4.0 } else { 0.0 };
        let band = |i: usize| points[i].band.unwrap_or((points[i].value, points[i].value));
        let mut shape = Vec::with_capacity(2 * points.len() + 2);
        for i in 0..points.len() {
            if half > 0.0 {
                shape.push((x(i) - half, y(band(i).1)));
            }
            shape.push((x(i) + half, y(band(i).1)));
        }
        for i in (0..points.len()).rev() {
            shape.push((x(i) + half, y(band(i).0)));
            if half > 0.0 {
                shape.push((x(i) - half, y(band(i).0)));
            }
        }
        out.push_str(r##"<polygon class="band" fill="#4a6fa5" fill-opacity="0.25" points=""##);
        push_points(&mut out, &shape);
        out.push_str(r#""/>"#);
    }
    if points.len() > 1 {
        let line: Vec<(f64, f64)> = (0..points.len())
            .map(|i| (x(i), y(points[i].value)))
            .collect();
        out.push_str(
            r##"<polyline class="line" fill="none" stroke="#1f3b63" stroke-width="2" stroke-linejoin="round" points=""##,
        );
        push_points(&mut out, &line);
        out.push_str(r#""/>"#);
    }
    if points.len() <= MAX_MARKED {
        for (i, p) in points.iter().enumerate() {
            let _ = write!(
                out,
                r##"<circle class="point" cx="{}" cy="{}" r="3" fill="#1f3b63"><title>{}</title></circle>"##,
                Num(x(i)),
                Num(y(p.value)),
                svg::escape(&point_title(p, options)),
            );
        }
    }

    // Period labels under the axis, thinned to about a dozen.
    let every = points.len().div_ceil(MAX_LABELS).max(1);
    for (i, p) in points.iter().enumerate().step_by(every) {
        text(
            &mut out,
            options,
            "label",
            x(i),
            bottom + 18.0,
            "middle",
            p.label,
            None,
        );
    }
    close(&mut out, WIDTH, height, options);
    out
}

/// Horizontal bars as SVG, one per category in the order given.
pub fn bars(bars: &[Bar<'_>], options: &ChartOptions<'_>) -> String {
    let rtl = options.right_to_left;
    let (row, thickness, first_row) = (28.0, 18.0, 40.0);
    let label_width = 200.0;
    let value_room = 56.0;
    let bottom = first_row + row * bars.len() as f64;
    let height = bottom + 28.0 + if options.note.is_some() { 20.0 } else { 0.0 };
    // Bars start at `origin` and grow towards the far side, leaving room for values.
    let length_max = WIDTH - label_width - 8.0 - 8.0 - value_room;
    let origin = if rtl {
        WIDTH - label_width - 8.0
    } else {
        label_width + 8.0
    };
    let along = |len: f64| if rtl { origin - len } else { origin + len };

    let highest = bars.iter().map(|b| drawable(b.value)).fold(0.0, f64::max);
    let whole = bars.iter().all(|b| drawable(b.value).fract() == 0.0);
    let ticks = ticks(highest, whole);
    let ceiling = *ticks.last().expect("at least two ticks");
    let length = |v: f64| drawable(v) / ceiling * length_max;

    let mut out = String::new();
    open(&mut out, "chart-bars", WIDTH, height, options);
    for &t in &ticks {
        let gx = along(length(t));
        let _ = write!(
            out,
            r##"<line class="grid" x1="{0}" y1="{1}" x2="{0}" y2="{2}" stroke="#ddd" stroke-width="1"/>"##,
            Num(gx),
            Num(first_row - 4.0),
            Num(bottom),
        );
        text(
            &mut out,
            options,
            "label",
            gx,
            bottom + 16.0,
            "middle",
            &(options.number)(t),
            None,
        );
    }
    let (label_x, label_anchor, value_anchor) = if rtl {
        (origin + 8.0, "start", "end")
    } else {
        (origin - 8.0, "end", "start")
    };
    for (i, bar) in bars.iter().enumerate() {
        let y = first_row + row * i as f64;
        let len = length(bar.value);
        let x = if rtl { origin - len } else { origin };
        let _ = write!(
            out,
            r##"<g><title>{}</title><rect class="bar" x="{}" y="{}" width="{}" height="{}" fill="#4a6fa5"/>"##,
            svg::escape(&format!("{}: {}", bar.label, (options.number)(bar.value))),
            Num(x),
            Num(y + (row - thickness) / 2.0),
            Num(len),
            Num(thickness),
        );
        let baseline = y + row / 2.0 + 4.0;
        text(
            &mut out,
            options,
            "label",
            label_x,
            baseline,
            label_anchor,
            &shorten(bar.label, 32),
            None,
        );
        let value_x = if rtl {
            along(len) - 4.0
        } else {
            along(len) + 4.0
        };
        text(
            &mut out,
            options,
            "value",
            value_x,
            baseline,
            value_anchor,
            &(options.number)(bar.value),
            None,
        );
        out.push_str("</g>");
    }
    let _ = write!(
        out,
        r##"<line class="axis" x1="{0}" y1="{1}" x2="{0}" y2="{2}" stroke="#555" stroke-width="1"/>"##,
        Num(origin),
        Num(first_row - 4.0),
        Num(bottom),
    );
    close(&mut out, WIDTH, height, options);
    out
}

/// Grid lines and labels at each tick, and the two axis lines.
#[allow(clippy::too_many_arguments)]
fn value_axis(
    out: &mut String,
    options: &ChartOptions,
    ticks: &[f64],
    ceiling: f64,
    left: f64,
    right: f64,
    top: f64,
    bottom: f64,
) {
    let (axis_x, label_x, anchor) = if options.right_to_left {
        (right, right + 6.0, "start")
    } else {
        (left, left - 6.0, "end")
    };
    for &t in ticks {
        let ty = bottom - t / ceiling * (bottom - top);
        let _ = write!(
            out,
            r##"<line class="grid" x1="{0}" y1="{1}" x2="{2}" y2="{1}" stroke="#ddd" stroke-width="1"/>"##,
            Num(left),
            Num(ty),
            Num(right),
        );
        text(
            out,
            options,
            "label",
            label_x,
            ty + 4.0,
            anchor,
            &(options.number)(t),
            None,
        );
    }
    let _ = write!(
        out,
        r##"<line class="axis" x1="{0}" y1="{1}" x2="{0}" y2="{2}" stroke="#555" stroke-width="1"/><line class="axis" x1="{3}" y1="{2}" x2="{4}" y2="{2}" stroke="#555" stroke-width="1"/>"##,
        Num(axis_x),
        Num(top),
        Num(bottom),
        Num(left),
        Num(right),
    );
}

fn push_points(out: &mut String, points: &[(f64, f64)]) {
    for (i, (x, y)) in points.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let _ = write!(out, "{},{}", Num(*x), Num(*y));
    }
}

/// `March 2003: 4.5 (2–7)`, for the tooltip and screen readers.
fn point_title(p: &Point, options: &ChartOptions) -> String {
    let n = options.number;
    match p.band {
        Some((lo, hi)) => format!("{}: {} ({}–{})", p.label, n(p.value), n(lo), n(hi)),
        None => format!("{}: {}", p.label, n(p.value)),
    }
}
