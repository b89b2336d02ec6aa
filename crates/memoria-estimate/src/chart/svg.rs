//! The small pieces of SVG writing the charts share: escaping, coordinates, the root
//! element, and round axis ticks.

use std::fmt::{self, Write};

use super::ChartOptions;

/// Text as XML character data or an attribute value: the five special characters
/// escaped, and the control characters XML 1.0 forbids dropped (they would make the
/// document ill-formed, and no label needs them).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// A coordinate with one decimal at most, so that output is short and stable.
pub(super) struct Num(pub f64);

impl fmt::Display for Num {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let v = (self.0 * 10.0).round() / 10.0 + 0.0;
        if v.fract() == 0.0 {
            write!(f, "{v:.0}")
        } else {
            write!(f, "{v:.1}")
        }
    }
}

/// Opens the root element with its accessible name and description, and draws the
/// visible title.
pub(super) fn open(out: &mut String, kind: &str, width: f64, height: f64, options: &ChartOptions) {
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" role="img" class="chart {kind}" font-family="sans-serif" font-size="12""#,
        Num(width),
        Num(height),
    );
    if let Some(lang) = options.lang.filter(|l| is_language_tag(l)) {
        let _ = write!(out, r#" lang="{lang}" xml:lang="{lang}""#);
    }
    let _ = write!(
        out,
        "><title>{}</title><desc>{}</desc>",
        escape(options.title),
        escape(options.description)
    );
    let (x, anchor) = if options.right_to_left {
        (width - 8.0, "end")
    } else {
        (8.0, "start")
    };
    text(
        out,
        options,
        "title",
        x,
        22.0,
        anchor,
        options.title,
        Some("16"),
    );
}

/// Closes the root element, after the note under the chart if there is one.
pub(super) fn close(out: &mut String, width: f64, height: f64, options: &ChartOptions) {
    if let Some(note) = options.note {
        let (x, anchor) = if options.right_to_left {
            (width - 8.0, "end")
        } else {
            (8.0, "start")
        };
        text(out, options, "note", x, height - 8.0, anchor, note, None);
    }
    out.push_str("</svg>");
}

/// One `<text>` element. In right-to-left charts the content is wrapped in a
/// right-to-left isolate (U+2067 … U+2069), so that a label mixing Arabic words and
/// digits reads in the right order while `text-anchor` keeps its physical meaning.
#[allow(clippy::too_many_arguments)]
pub(super) fn text(
    out: &mut String,
    options: &ChartOptions,
    class: &str,
    x: f64,
    y: f64,
    anchor: &str,
    content: &str,
    size: Option<&str>,
) {
    let _ = write!(
        out,
        r##"<text class="{class}" x="{}" y="{}" text-anchor="{anchor}" fill="#222""##,
        Num(x),
        Num(y)
    );
    if let Some(size) = size {
        let _ = write!(out, r#" font-size="{size}""#);
    }
    out.push('>');
    if options.right_to_left {
        out.push('\u{2067}');
        out.push_str(&escape(content));
        out.push('\u{2069}');
    } else {
        out.push_str(&escape(content));
    }
    out.push_str("</text>");
}

/// Letters, digits and hyphens only: anything else is not a BCP 47 tag and is left out.
pub fn is_language_tag(tag: &str) -> bool {
    !tag.is_empty()
        && tag.len() <= 35
        && tag.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

/// Round axis ticks from 0 to at least `max`: steps of 1, 2 or 5 times a power of
/// ten, about five of them; whole steps only when every value is whole.
pub(super) fn ticks(max: f64, whole: bool) -> Vec<f64> {
    let max = if max.is_finite() && max > 0.0 {
        max
    } else {
        1.0
    };
    let raw = max / 5.0;
    let magnitude = 10f64.powf(raw.log10().floor());
    let f = raw / magnitude;
    let nice = if f <= 1.0 {
        1.0
    } else if f <= 2.0 {
        2.0
    } else if f <= 5.0 {
        5.0
    } else {
        10.0
    };
    let mut step = nice * magnitude;
    if whole && step < 1.0 {
        step = 1.0;
    }
    let count = (max / step - 1e-9).ceil().max(1.0) as usize;
    // Multiplying, not adding, keeps ticks like 0.3 free of accumulated error.
    (0..=count).map(|i| i as f64 * step).collect()
}

/// A value a chart can draw: finite and not negative (counts never are).
pub(super) fn drawable(v: f64) -> f64 {
    if v.is_finite() && v > 0.0 { v } else { 0.0 }
}

/// `label` cut to `max` characters, with an ellipsis when cut.
pub(super) fn shorten(label: &str, max: usize) -> String {
    if label.chars().count() <= max {
        label.to_string()
    } else {
        let mut s: String = label.chars().take(max.saturating_sub(1)).collect();
        s.push('…');
        s
    }
}
