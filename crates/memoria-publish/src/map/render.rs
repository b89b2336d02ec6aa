//! Drawing the map: projection, simplification, classes, colours, legend, SVG text.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::{Boundaries, Region};

/// What a region shows.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Shade {
    /// How many victims were documented (or estimated) there. A count that is
    /// negative or not finite is drawn as [`Shade::NoData`]: it cannot be a count.
    Count(f64),
    /// Withheld by disclosure control: drawn with a hatch, never with its class.
    Suppressed,
    /// Nothing known; also what a region without a shade shows.
    NoData,
}

/// What every map needs besides its boundaries and shades. Every text is the caller's,
/// already translated.
pub struct MapOptions<'a> {
    /// The map's name, drawn at the top and given to screen readers.
    pub title: &'a str,
    /// What the map shows, in a sentence or two, for screen readers.
    pub description: &'a str,
    /// Above the legend: what the colours count ("Documented victims").
    pub legend_title: &'a str,
    /// For regions whose count is withheld ("Withheld: fewer than 5").
    pub suppressed_label: &'a str,
    /// For regions without data ("No data").
    pub no_data_label: &'a str,
    /// The drawing's width in `viewBox` units (clamped to 200…4000). The SVG has no
    /// fixed size and scales to its container; the width sets how much detail is kept,
    /// since points closer than half a unit are merged.
    pub width: u32,
    /// The language of the texts (a BCP 47 tag such as `ar`), so that screen readers
    /// pronounce them right.
    pub lang: Option<&'a str>,
    /// Mirror the title and legend for right-to-left languages (the map itself keeps
    /// its geography).
    pub right_to_left: bool,
    /// How numbers are written: `memoria_estimate::chart::plain` for Western digits.
    pub number: &'a dyn Fn(f64) -> String,
}

/// The sequential ramp, light to dark, each with the text colour readable on it.
/// Every fill has at least 3:1 contrast against the white background (WCAG 1.4.11),
/// so that no class fades into the page; neighbouring classes differ by about 1.5:1,
/// and the value written on a region, its `<title>` and the page's table carry the
/// number for anyone who cannot tell the shades apart. Text colours give at least
/// 4.5:1 on their fill (checked in the tests).
pub(super) const RAMP: [(&str, &str); 5] = [
    ("#ef6548", "#000000"),
    ("#d7301f", "#ffffff"),
    ("#b30000", "#ffffff"),
    ("#7f0000", "#ffffff"),
    ("#4a0000", "#ffffff"),
];
pub(super) const BACKGROUND: &str = "#ffffff";
pub(super) const NO_DATA: &str = "#e6e6e6";
/// Region outlines and the hatch: 7:1 against the background, so that even a grey
/// no-data region stands out from the page by its outline.
pub(super) const INK: &str = "#595959";
const HATCH_ID: &str = "memoria-map-hatch";

const PAD: f64 = 8.0;
const TITLE_HEIGHT: f64 = 36.0;
const ROW: f64 = 22.0;

/// How counts are cut into (at most five) classes.
///
/// The breaks come from the data: the values at the 20th, 40th, 60th and 80th
/// percentiles, each rounded *down* to two significant digits (137 → 130, 7 → 7,
/// 0.374 → 0.37), so that the legend reads in round numbers while each class still
/// holds the value its break came from. Breaks that would repeat or fall at or below
/// the smallest value are dropped, so few distinct values give fewer classes, and no
/// class is empty. Class `i` holds the values from its lower bound up to, not
/// including, the next class's.
#[derive(Clone, Debug, PartialEq)]
pub struct Classes {
    pub min: f64,
    pub max: f64,
    /// The lower bounds of the classes after the first, increasing.
    pub breaks: Vec<f64>,
    /// Whether every count is a whole number: the legend then writes "10–49" for the
    /// class from 10 to under 50.
    pub whole: bool,
}

impl Classes {
    /// Classes for these counts; `None` when none is a count (finite, not negative).
    pub fn from_counts(counts: &[f64]) -> Option<Classes> {
        let mut values: Vec<f64> = counts
            .iter()
            .copied()
            .filter(|c| c.is_finite() && *c >= 0.0)
            .collect();
        values.sort_by(f64::total_cmp);
        let (&min, &max) = (values.first()?, values.last()?);
        let mut breaks: Vec<f64> = Vec::new();
        for k in 1..5 {
            let at = values[k * values.len() / 5];
            let bound = round_down_two_digits(at);
            if bound > min && breaks.last().is_none_or(|&last| bound > last) {
                breaks.push(bound);
            }
        }
        Some(Classes {
            min,
            max,
            breaks,
            whole: values.iter().all(|v| v.fract() == 0.0),
        })
    }

    pub fn len(&self) -> usize {
        self.breaks.len() + 1
    }

    pub fn is_empty(&self) -> bool {
        false
    }

    /// The class of a count.
    pub fn of(&self, count: f64) -> usize {
        self.breaks.iter().take_while(|&&b| b <= count).count()
    }

    /// The legend's words for class `i`: its range of values.
    pub fn label(&self, i: usize, number: &dyn Fn(f64) -> String) -> String {
        let low = if i == 0 { self.min } else { self.breaks[i - 1] };
        let high = match self.breaks.get(i) {
            Some(&next) if self.whole => next - 1.0,
            Some(&next) => next,
            None => self.max,
        };
        if high <= low {
            number(low)
        } else {
            format!("{}–{}", number(low), number(high))
        }
    }

    /// The fill and text colour of class `i`: the ramp's five colours spread over
    /// however many classes there are, so that two classes are light and dark rather
    /// than the two lightest.
    pub fn colours(&self, i: usize) -> (&'static str, &'static str) {
        let n = self.len();
        let at = if n == 1 {
            2
        } else {
            (i * 4 + (n - 1) / 2) / (n - 1)
        };
        RAMP[at.min(4)]
    }
}

/// `v` rounded down to two significant digits.
fn round_down_two_digits(v: f64) -> f64 {
    if v <= 0.0 || !v.is_finite() {
        return 0.0;
    }
    let exponent = v.log10().floor() as i32 - 1;
    // Dividing by an exact power of ten (rather than multiplying by 0.1) keeps whole
    // results whole.
    if exponent >= 0 {
        let p = 10f64.powi(exponent);
        (v / p).floor() * p
    } else {
        let p = 10f64.powi(-exponent);
        (v * p).floor() / p
    }
}

/// The map as SVG text. `shades` gives each region's shade by key (the first entry
/// for a key counts; keys without a region are ignored, and regions without a shade
/// show no data). The same arguments always give the same bytes.
pub fn choropleth(
    boundaries: &Boundaries,
    shades: &[(String, Shade)],
    options: &MapOptions,
) -> String {
    let mut by_key: BTreeMap<&str, Shade> = BTreeMap::new();
    for (key, shade) in shades {
        by_key.entry(key.as_str()).or_insert(*shade);
    }
    let shade_of = |region: &Region| match by_key.get(region.key.as_str()) {
        Some(Shade::Count(c)) if c.is_finite() && *c >= 0.0 => Shade::Count(*c),
        Some(Shade::Suppressed) => Shade::Suppressed,
        _ => Shade::NoData,
    };
    let region_shades: Vec<Shade> = boundaries.regions.iter().map(shade_of).collect();
    let counts: Vec<f64> = region_shades
        .iter()
        .filter_map(|s| match s {
            Shade::Count(c) => Some(*c),
            _ => None,
        })
        .collect();
    let classes = Classes::from_counts(&counts);

    let width = f64::from(options.width.clamp(200, 4000));
    let projection = Projection::fit(&boundaries.regions, width);
    let mut out = String::new();
    let legend_top = TITLE_HEIGHT + projection.height + 20.0;
    let mut legend: Vec<(String, Swatch)> = Vec::new();
    if let Some(classes) = &classes {
        for i in 0..classes.len() {
            legend.push((
                classes.label(i, options.number),
                Swatch::Fill(classes.colours(i).0),
            ));
        }
    }
    if region_shades.contains(&Shade::Suppressed) {
        legend.push((options.suppressed_label.to_string(), Swatch::Hatch));
    }
    if region_shades.contains(&Shade::NoData) {
        legend.push((options.no_data_label.to_string(), Swatch::Fill(NO_DATA)));
    }
    let height = legend_top + ROW + legend.len() as f64 * ROW + PAD;

    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" role="img" class="chart map" font-family="sans-serif" font-size="12""#,
        Num(width),
        Num(height)
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
    // The hatch: dark diagonal lines on white, so that a suppressed region reads as
    // "withheld" without relying on colour, and never as a (light) class.
    let _ = write!(
        out,
        r#"<defs><pattern id="{HATCH_ID}" patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)"><rect width="6" height="6" fill="{BACKGROUND}"/><path d="M3 0V6" stroke="{INK}" stroke-width="2"/></pattern></defs>"#
    );
    let _ = write!(
        out,
        r#"<rect class="background" width="{}" height="{}" fill="{BACKGROUND}"/>"#,
        Num(width),
        Num(height)
    );
    text_line(
        &mut out,
        options,
        "title",
        width,
        24.0,
        options.title,
        Some("16"),
    );

    let _ = write!(
        out,
        r#"<g class="regions" stroke="{INK}" stroke-width="0.5" stroke-linejoin="round" fill-rule="evenodd">"#
    );
    let mut labels = String::new();
    for (region, shade) in boundaries.regions.iter().zip(&region_shades) {
        let d = projection.path(region);
        if d.is_empty() {
            continue;
        }
        let (class, fill, value) = match shade {
            Shade::Count(c) => {
                let classes = classes.as_ref().expect("a count gives classes");
                let i = classes.of(*c);
                let (fill, ink) = classes.colours(i);
                let value = (options.number)(*c);
                if let Some((x, y)) = projection.label_point(region, &value) {
                    let _ = write!(
                        labels,
                        r#"<text x="{}" y="{}" fill="{ink}">{}</text>"#,
                        Num(x),
                        Num(y),
                        escape(&value)
                    );
                }
                (format!("class-{}", i + 1), fill.to_string(), value)
            }
            Shade::Suppressed => (
                "suppressed".to_string(),
                format!("url(#{HATCH_ID})"),
                options.suppressed_label.to_string(),
            ),
            Shade::NoData => (
                "no-data".to_string(),
                NO_DATA.to_string(),
                options.no_data_label.to_string(),
            ),
        };
        let _ = write!(
            out,
            r#"<path class="region {class}" fill="{fill}" d="{d}"><title>{}: {}</title></path>"#,
            escape(&region.name),
            escape(&value)
        );
    }
    out.push_str("</g>");
    if !labels.is_empty() {
        let _ = write!(
            out,
            r#"<g class="value" font-size="11" text-anchor="middle" dominant-baseline="central">{labels}</g>"#
        );
    }

    out.push_str(r#"<g class="legend">"#);
    text_line(
        &mut out,
        options,
        "legend-title",
        width,
        legend_top + 12.0,
        options.legend_title,
        None,
    );
    for (i, (label, swatch)) in legend.iter().enumerate() {
        let top = legend_top + ROW + i as f64 * ROW;
        let x = if options.right_to_left {
            width - PAD - 18.0
        } else {
            PAD
        };
        let fill = match swatch {
            Swatch::Fill(colour) => colour.to_string(),
            Swatch::Hatch => format!("url(#{HATCH_ID})"),
        };
        let _ = write!(
            out,
            r#"<rect class="swatch" x="{}" y="{}" width="18" height="14" fill="{fill}" stroke="{INK}" stroke-width="0.5"/>"#,
            Num(x),
            Num(top)
        );
        let (x, anchor) = if options.right_to_left {
            (width - PAD - 26.0, "end")
        } else {
            (PAD + 26.0, "start")
        };
        text(
            &mut out,
            options,
            "label",
            x,
            top + 11.5,
            anchor,
            label,
            None,
        );
    }
    out.push_str("</g></svg>");
    out
}

enum Swatch {
    Fill(&'static str),
    Hatch,
}

/// Equirectangular: longitude scaled by the cosine of the middle latitude, so that a
/// country far from the equator keeps its proportions; fitted into the width (and at
/// most as tall as wide), north up, centred.
struct Projection {
    min_lon: f64,
    max_lat: f64,
    x_scale: f64,
    y_scale: f64,
    left: f64,
    height: f64,
}

impl Projection {
    fn fit(regions: &[Region], width: f64) -> Projection {
        let points = regions.iter().flat_map(|r| &r.polygons).flatten().flatten();
        let (mut min_lon, mut max_lon, mut min_lat, mut max_lat) = (
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::INFINITY,
            f64::NEG_INFINITY,
        );
        for &(lon, lat) in points {
            min_lon = min_lon.min(lon);
            max_lon = max_lon.max(lon);
            min_lat = min_lat.min(lat);
            max_lat = max_lat.max(lat);
        }
        let inner = width - 2.0 * PAD;
        if !min_lon.is_finite() {
            return Projection {
                min_lon: 0.0,
                max_lat: 0.0,
                x_scale: 1.0,
                y_scale: 1.0,
                left: PAD,
                height: 0.0,
            };
        }
        // Near a pole the cosine vanishes; a floor keeps the scale finite.
        let squeeze = ((min_lat + max_lat) / 2.0).to_radians().cos().max(0.05);
        let span_x = (max_lon - min_lon) * squeeze;
        let span_y = max_lat - min_lat;
        let fit = |span: f64| {
            if span > 0.0 {
                inner / span
            } else {
                f64::INFINITY
            }
        };
        let mut scale = fit(span_x).min(fit(span_y));
        if !scale.is_finite() {
            scale = 1.0;
        }
        Projection {
            min_lon,
            max_lat,
            x_scale: squeeze * scale,
            y_scale: scale,
            left: PAD + (inner - span_x * scale) / 2.0,
            height: span_y * scale,
        }
    }

    fn project(&self, (lon, lat): (f64, f64)) -> (f64, f64) {
        (
            self.left + (lon - self.min_lon) * self.x_scale,
            TITLE_HEIGHT + (self.max_lat - lat) * self.y_scale,
        )
    }

    /// The region's path data, simplified; empty when it is too small to draw even
    /// unsimplified.
    fn path(&self, region: &Region) -> String {
        // Half a unit, in tenths: closer points are one point on any screen.
        let mut d = self.path_with(region, 5);
        if d.is_empty() {
            // Too small to survive simplification (an islet on a world map): drawn as
            // it is rather than left off, so that its hover title is still there.
            d = self.path_with(region, 0);
        }
        d
    }

    fn path_with(&self, region: &Region, tolerance: i64) -> String {
        let mut d = String::new();
        for polygon in &region.polygons {
            for (i, ring) in polygon.iter().enumerate() {
                let Some(points) = self.simplify(ring, tolerance) else {
                    if i == 0 {
                        // A hole outlives its polygon only as an error.
                        break;
                    }
                    continue;
                };
                for (j, (x, y)) in points.into_iter().enumerate() {
                    d.push(match j {
                        0 => 'M',
                        1 => 'L',
                        _ => ' ',
                    });
                    tenths(&mut d, x);
                    d.push(' ');
                    tenths(&mut d, y);
                }
                d.push('Z');
            }
        }
        d
    }

    /// The ring in tenths of a unit, dropping each point closer than `tolerance`
    /// tenths to the last one kept; the closing point is left to `Z`. `None` when
    /// fewer than three points remain.
    fn simplify(&self, ring: &[(f64, f64)], tolerance: i64) -> Option<Vec<(i64, i64)>> {
        let open = &ring[..ring.len().saturating_sub(1)];
        let mut kept: Vec<(i64, i64)> = Vec::new();
        let far = |a: (i64, i64), b: (i64, i64)| {
            let (dx, dy) = (a.0 - b.0, a.1 - b.1);
            a != b && dx * dx + dy * dy >= tolerance * tolerance
        };
        for &point in open {
            let (x, y) = self.project(point);
            let p = ((x * 10.0).round() as i64, (y * 10.0).round() as i64);
            if kept.last().is_none_or(|&last| far(p, last)) {
                kept.push(p);
            }
        }
        while kept.len() > 1 && !far(kept[kept.len() - 1], kept[0]) {
            kept.pop();
        }
        (kept.len() >= 3).then_some(kept)
    }

    /// Where to write `value` on the region: the centroid of its largest polygon's
    /// outer ring, if the text's box around it (about 6.5 units a character at the
    /// labels' size, 14 tall) lies inside that ring, so that it neither spills over a
    /// neighbour nor hides a small region.
    fn label_point(&self, region: &Region, value: &str) -> Option<(f64, f64)> {
        let mut best: Option<(f64, Vec<(f64, f64)>)> = None;
        for polygon in &region.polygons {
            let Some(outer) = polygon.first() else {
                continue;
            };
            let ring: Vec<(f64, f64)> = outer.iter().map(|&p| self.project(p)).collect();
            let area = shoelace(&ring).abs();
            if best.as_ref().is_none_or(|(a, _)| area > *a) {
                best = Some((area, ring));
            }
        }
        let (_, ring) = best?;
        let (cx, cy) = centroid(&ring)?;
        let half_width = (value.chars().count() as f64 * 6.5 + 4.0) / 2.0;
        let half_height = 7.0;
        let box_points = [-1.0, 0.0, 1.0]
            .into_iter()
            .flat_map(|dx| [-1.0, 1.0].map(|dy| (cx + dx * half_width, cy + dy * half_height)));
        box_points
            .chain([(cx, cy)])
            .all(|p| inside(&ring, p))
            .then_some((cx, cy))
    }
}

/// Twice the signed area of a closed ring.
fn shoelace(ring: &[(f64, f64)]) -> f64 {
    ring.windows(2)
        .map(|w| w[0].0 * w[1].1 - w[1].0 * w[0].1)
        .sum()
}

fn centroid(ring: &[(f64, f64)]) -> Option<(f64, f64)> {
    let a = shoelace(ring);
    if a.abs() < 1e-9 {
        return None;
    }
    let (mut cx, mut cy) = (0.0, 0.0);
    for w in ring.windows(2) {
        let cross = w[0].0 * w[1].1 - w[1].0 * w[0].1;
        cx += (w[0].0 + w[1].0) * cross;
        cy += (w[0].1 + w[1].1) * cross;
    }
    Some((cx / (3.0 * a), cy / (3.0 * a)))
}

/// Even–odd point in polygon.
fn inside(ring: &[(f64, f64)], (x, y): (f64, f64)) -> bool {
    let mut odd = false;
    for w in ring.windows(2) {
        let ((x0, y0), (x1, y1)) = (w[0], w[1]);
        if (y0 > y) != (y1 > y) && x < x0 + (y - y0) * (x1 - x0) / (y1 - y0) {
            odd = !odd;
        }
    }
    odd
}

/// Tenths of a unit as a decimal: 123 → "12.3", 120 → "12", -5 → "-0.5".
fn tenths(out: &mut String, v: i64) {
    if v < 0 {
        out.push('-');
    }
    let v = v.unsigned_abs();
    let _ = write!(out, "{}", v / 10);
    if !v.is_multiple_of(10) {
        let _ = write!(out, ".{}", v % 10);
    }
}

/// A coordinate with at most one decimal.
struct Num(f64);

impl std::fmt::Display for Num {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut s = String::new();
        tenths(&mut s, (self.0 * 10.0).round() as i64);
        f.write_str(&s)
    }
}

/// The charts' escaping and language-tag rule, so the map and the charts agree.
pub(super) use memoria_estimate::chart::{escape_xml as escape, is_language_tag};

/// A line of text across the top of a block, anchored at the start of the reading
/// direction.
fn text_line(
    out: &mut String,
    options: &MapOptions,
    class: &str,
    width: f64,
    y: f64,
    content: &str,
    size: Option<&str>,
) {
    let (x, anchor) = if options.right_to_left {
        (width - PAD, "end")
    } else {
        (PAD, "start")
    };
    text(out, options, class, x, y, anchor, content, size);
}

/// One `<text>` element. Right to left, the content sits in a right-to-left isolate
/// (U+2067 … U+2069), so that Arabic words mixed with digits read in the right order.
#[allow(clippy::too_many_arguments)]
fn text(
    out: &mut String,
    options: &MapOptions,
    class: &str,
    x: f64,
    y: f64,
    anchor: &str,
    content: &str,
    size: Option<&str>,
) {
    let _ = write!(
        out,
        r##"<text class="{class}" x="{}" y="{}" text-anchor="{anchor}" fill="#222222""##,
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
