//! Choropleth maps: regions shaded by how many victims were documented in each, drawn
//! as self-contained SVG from the boundaries a collection brings.
//!
//! A group knows its own country's regions better than any atlas we could ship, and
//! the boundaries of contested regions are themselves a political statement; so the
//! boundaries come with the collection, as GeoJSON or TopoJSON (the two formats
//! mapping tools export), and [`parse`] turns them into [`Boundaries`]. A region is
//! matched to the counts by its *key* (see [`parse`] for where the key comes from).
//! [`choropleth`] then draws the map: an equirectangular projection fitted to the
//! regions, five classes on a sequential ramp, a hatch for suppressed counts, grey for
//! regions without data, and a legend.
//!
//! The SVG follows the charts of `memoria_estimate::chart`: no script, no event
//! handler, no `style`, no link and no external reference; colours are presentation
//! attributes that a page may override through the classes; `role="img"` with
//! `<title>` and `<desc>`, and a `<title>` on every region for the pointer. The same
//! boundaries, shades and options always give the same bytes.
//!
//! What this module does not do: read files (the caller hands over the text), any
//! projection but equirectangular (fine for one country, plain for the world), place
//! labels cleverly (a region's count is written on it only where it fits), or show
//! the numbers in a form a screen reader can browse: the page carries that table.

mod antimeridian;
mod render;
mod topojson;

use std::collections::BTreeMap;

use serde_json::{Map, Value};

pub use render::{Classes, MapOptions, Shade, choropleth};

/// Boundaries larger than this are refused: a web page cannot carry them anyway.
pub const MAX_BYTES: usize = 50 * 1024 * 1024;

/// At most this many points in all the regions' rings (and, in TopoJSON, in the arcs),
/// so that a small file that repeats one arc many times cannot exhaust memory.
pub const MAX_POINTS: usize = 1_000_000;

/// One closed ring of (longitude, latitude) points in degrees; the last point repeats
/// the first.
pub type Ring = Vec<(f64, f64)>;

/// A polygon: its outer ring first, then its holes.
pub type Polygon = Vec<Ring>;

/// The regions a map can shade, as [`parse`] found them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Boundaries {
    /// In file order; keys are unique (features sharing a key are merged).
    pub regions: Vec<Region>,
    /// What was left out or changed, for the person who brought the file: skipped
    /// geometry types, merged features, dropped degenerate rings.
    pub warnings: Vec<String>,
}

/// One region: what the counts are matched by, what it is called, and its shape.
#[derive(Clone, Debug, PartialEq)]
pub struct Region {
    pub key: String,
    pub name: String,
    /// Never empty; every ring closed with at least three distinct points, every
    /// coordinate finite, longitude within ±360 and latitude within ±90.
    pub polygons: Vec<Polygon>,
}

/// Why boundaries could not be read. Every message says what to do about it.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum MapError {
    #[error(
        "the file is {bytes} bytes, more than the {limit} a map can take: simplify the boundaries first (for example with mapshaper -simplify 10%)"
    )]
    TooLarge { bytes: usize, limit: usize },
    #[error(
        "the boundaries have more than {limit} points: simplify them first (for example with mapshaper -simplify 10%)"
    )]
    TooManyPoints { limit: usize },
    #[error("the file is not GeoJSON or TopoJSON: {reason}")]
    NotBoundaries { reason: String },
    /// `feature` names the feature ("feature 12", counting from 1, or "geometry 3 of
    /// object \"regions\"" in TopoJSON); `problem` completes the sentence.
    #[error("{feature} {problem}")]
    BadFeature { feature: String, problem: String },
    #[error("the topology {problem}")]
    BadTopology { problem: String },
    #[error("the file has no region to draw: {reason}")]
    NoRegions { reason: String },
}

/// Reads boundaries from GeoJSON or TopoJSON text.
///
/// - A GeoJSON `FeatureCollection`: its `Polygon` and `MultiPolygon` features become
///   regions. Features of any other geometry type, or without geometry, are skipped
///   and counted in [`Boundaries::warnings`].
/// - A TopoJSON `Topology`: the arcs are decoded (quantized and delta-encoded when the
///   topology has a `transform`), and the geometries of one object become regions:
///   the alphabetically first object, with a warning naming the others; use
///   [`parse_object`] to choose one.
///
/// A region's key is the first of the feature's properties `iso_code`, `code` and
/// `iso_3166_2`, then the feature's `id`, then its property `name`; a number is written
/// in decimal, so an `id` of `4` becomes `"4"` while `"004"` stays `"004"`. Its name
/// is the property `name`, or else the key. Features that share a key are merged into
/// one region (with a warning): some files split a region with islands into several
/// features. A feature with none of these is an error, not a skip: a region that no
/// count can reach would be drawn as "no data" and mislead.
///
/// Coordinates must be longitude and latitude in degrees (WGS 84, as GeoJSON requires).
/// Rings that are not closed are closed; rings with fewer than three distinct points
/// are dropped, with a warning. A polygon that crosses the antimeridian (jumping from
/// +180° to −180°) is cut in two there, so that it is not drawn across the world.
pub fn parse(text: &str) -> Result<Boundaries, MapError> {
    parse_object(text, None)
}

/// [`parse`], naming which object of a TopoJSON topology to read (ignored for GeoJSON).
pub fn parse_object(text: &str, object: Option<&str>) -> Result<Boundaries, MapError> {
    if text.len() > MAX_BYTES {
        return Err(MapError::TooLarge {
            bytes: text.len(),
            limit: MAX_BYTES,
        });
    }
    let root: Value = serde_json::from_str(text).map_err(|e| MapError::NotBoundaries {
        reason: format!("it is not valid JSON ({e})"),
    })?;
    let Value::Object(root) = root else {
        return Err(not_boundaries("it is JSON but not an object"));
    };
    let mut collector = Collector::default();
    match root.get("type").and_then(Value::as_str) {
        Some("FeatureCollection") => read_feature_collection(&root, &mut collector)?,
        Some("Topology") => topojson::read(&root, object, &mut collector)?,
        Some(other) => {
            return Err(not_boundaries(&format!(
                "its type is {}, where a FeatureCollection or a Topology was expected",
                quote(other)
            )));
        }
        None => {
            return Err(not_boundaries(
                "it has no \"type\" (FeatureCollection or Topology)",
            ));
        }
    }
    collector.finish()
}

fn not_boundaries(reason: &str) -> MapError {
    MapError::NotBoundaries {
        reason: reason.to_string(),
    }
}

fn read_feature_collection(root: &Map<String, Value>, out: &mut Collector) -> Result<(), MapError> {
    let Some(features) = root.get("features").and_then(Value::as_array) else {
        return Err(not_boundaries(
            "the FeatureCollection has no \"features\" array",
        ));
    };
    for (i, feature) in features.iter().enumerate() {
        let label = format!("feature {}", i + 1);
        let Value::Object(feature) = feature else {
            return Err(bad_feature(&label, "is not a JSON object"));
        };
        let properties = feature.get("properties").and_then(Value::as_object);
        let geometry = match feature.get("geometry") {
            None | Some(Value::Null) => {
                out.skip("without geometry");
                continue;
            }
            Some(Value::Object(g)) => g,
            Some(_) => return Err(bad_feature(&label, "has a geometry that is not an object")),
        };
        let polygons = match geometry.get("type").and_then(Value::as_str) {
            Some("Polygon") => {
                let rings = coordinates(geometry, &label)?;
                vec![geo_polygon(rings, &label, out)?]
            }
            Some("MultiPolygon") => {
                let mut polygons = Vec::new();
                for rings in coordinates(geometry, &label)? {
                    let Value::Array(rings) = rings else {
                        return Err(bad_feature(
                            &label,
                            "has a MultiPolygon part that is not an array of rings",
                        ));
                    };
                    polygons.push(geo_polygon(rings, &label, out)?);
                }
                polygons
            }
            Some(other) => {
                out.skip(&format!("with a {} geometry", quote(other)));
                continue;
            }
            None => return Err(bad_feature(&label, "has a geometry without a \"type\"")),
        };
        out.add(&label, feature.get("id"), properties, polygons)?;
    }
    Ok(())
}

fn coordinates<'a>(geometry: &'a Map<String, Value>, label: &str) -> Result<&'a [Value], MapError> {
    match geometry.get("coordinates") {
        Some(Value::Array(c)) => Ok(c),
        _ => Err(bad_feature(
            label,
            "has a geometry without a \"coordinates\" array",
        )),
    }
}

/// One GeoJSON polygon: an array of rings, each an array of positions.
fn geo_polygon(rings: &[Value], label: &str, out: &mut Collector) -> Result<Vec<Ring>, MapError> {
    let mut polygon = Vec::with_capacity(rings.len());
    for ring in rings {
        let Value::Array(positions) = ring else {
            return Err(bad_feature(
                label,
                "has a ring that is not an array of positions",
            ));
        };
        out.budget.take(positions.len())?;
        let ring = positions
            .iter()
            .map(|p| position(p).ok_or_else(|| bad_position(label, p)))
            .collect::<Result<Ring, MapError>>()?;
        polygon.push(ring);
    }
    Ok(polygon)
}

/// A position `[x, y, …]` as (x, y); `None` unless the first two members are finite
/// numbers. Further members (an altitude) are ignored.
fn position(value: &Value) -> Option<(f64, f64)> {
    let Value::Array(xy) = value else { return None };
    let x = xy.first()?.as_f64()?;
    let y = xy.get(1)?.as_f64()?;
    (x.is_finite() && y.is_finite()).then_some((x, y))
}

fn bad_position(label: &str, value: &Value) -> MapError {
    let mut shown = value.to_string();
    if shown.len() > 40 {
        shown = format!("{}…", shown.chars().take(40).collect::<String>());
    }
    bad_feature(
        label,
        &format!("has a position that is not a pair of numbers: {shown}"),
    )
}

fn bad_feature(label: &str, problem: &str) -> MapError {
    MapError::BadFeature {
        feature: label.to_string(),
        problem: problem.to_string(),
    }
}

/// A text from the file, quoted and cut short, for an error message.
fn quote(text: &str) -> String {
    let short: String = text.chars().take(40).collect();
    if short.len() < text.len() {
        format!("{short:?}…")
    } else {
        format!("{short:?}")
    }
}

/// How many points may still be read.
struct Budget {
    left: usize,
}

impl Budget {
    fn new() -> Budget {
        Budget { left: MAX_POINTS }
    }

    fn take(&mut self, n: usize) -> Result<(), MapError> {
        self.left = self
            .left
            .checked_sub(n)
            .ok_or(MapError::TooManyPoints { limit: MAX_POINTS })?;
        Ok(())
    }
}

/// Gathers regions from either format: keys, names, cleaned rings, merged duplicates
/// and the warnings about all of it.
struct Collector {
    regions: Vec<Region>,
    by_key: BTreeMap<String, usize>,
    budget: Budget,
    /// Skipped features by reason, counted; sorted so that warnings come out in a
    /// stable order.
    skipped: BTreeMap<String, usize>,
    dropped_rings: usize,
    warnings: Vec<String>,
}

impl Default for Collector {
    fn default() -> Collector {
        Collector {
            regions: Vec::new(),
            by_key: BTreeMap::new(),
            budget: Budget::new(),
            skipped: BTreeMap::new(),
            dropped_rings: 0,
            warnings: Vec::new(),
        }
    }
}

impl Collector {
    fn skip(&mut self, reason: &str) {
        *self.skipped.entry(reason.to_string()).or_default() += 1;
    }

    fn add(
        &mut self,
        label: &str,
        id: Option<&Value>,
        properties: Option<&Map<String, Value>>,
        polygons: Vec<Vec<Ring>>,
    ) -> Result<(), MapError> {
        let property = |name: &str| properties.and_then(|p| p.get(name)).and_then(key_text);
        let key = ["iso_code", "code", "iso_3166_2"]
            .into_iter()
            .find_map(property)
            .or_else(|| id.and_then(key_text))
            .or_else(|| property("name"))
            .ok_or_else(|| bad_feature(label, "has no key: give it a property iso_code or name"))?;
        let name = properties
            .and_then(|p| p.get("name"))
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map_or_else(|| key.clone(), str::to_string);
        let mut cleaned = Vec::with_capacity(polygons.len());
        for polygon in polygons {
            let mut rings = polygon.into_iter();
            let Some(outer) = rings.next() else { continue };
            let Some(outer) = clean_ring(outer, label)? else {
                // Without its outer ring the holes mean nothing.
                self.dropped_rings += 1 + rings.len();
                continue;
            };
            let mut kept = vec![outer];
            for hole in rings {
                match clean_ring(hole, label)? {
                    Some(hole) => kept.push(hole),
                    None => self.dropped_rings += 1,
                }
            }
            let pieces = antimeridian::split(kept);
            if pieces.len() == 1 {
                cleaned.extend(pieces);
                continue;
            }
            // A cut piece can be a sliver along the antimeridian: cleaned again, and
            // dropped quietly if nothing is left, since the other piece carries it.
            for piece in pieces {
                let mut rings = piece.into_iter();
                let Some(Some(outer)) = rings.next().map(|r| clean_ring(r, label)).transpose()?
                else {
                    continue;
                };
                let mut kept = vec![outer];
                for hole in rings {
                    kept.extend(clean_ring(hole, label)?);
                }
                cleaned.push(kept);
            }
        }
        if cleaned.is_empty() {
            self.warnings.push(format!(
                "{label} ({}) has no ring with three distinct points; it is left off the map",
                quote(&key)
            ));
            return Ok(());
        }
        match self.by_key.get(&key) {
            Some(&first) => {
                self.warnings.push(format!(
                    "{label} has the same key as an earlier feature ({}); their shapes are drawn as one region",
                    quote(&key)
                ));
                self.regions[first].polygons.extend(cleaned);
            }
            None => {
                self.by_key.insert(key.clone(), self.regions.len());
                self.regions.push(Region {
                    key,
                    name,
                    polygons: cleaned,
                });
            }
        }
        Ok(())
    }

    fn finish(mut self) -> Result<Boundaries, MapError> {
        let mut warnings = std::mem::take(&mut self.warnings);
        for (reason, n) in &self.skipped {
            let noun = if *n == 1 { "feature" } else { "features" };
            warnings.push(format!(
                "{n} {noun} {reason} skipped: a choropleth draws only Polygon and MultiPolygon features"
            ));
        }
        if self.dropped_rings > 0 {
            let n = self.dropped_rings;
            let noun = if n == 1 { "ring" } else { "rings" };
            warnings.push(format!(
                "{n} {noun} with fewer than three distinct points dropped"
            ));
        }
        if self.regions.is_empty() {
            return Err(MapError::NoRegions {
                reason: "it has no Polygon or MultiPolygon feature with an area; export the regions as polygons".to_string(),
            });
        }
        Ok(Boundaries {
            regions: self.regions,
            warnings,
        })
    }
}

/// A key from a property or an id: trimmed text, or a number in decimal.
fn key_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.trim()).filter(|s| !s.is_empty()).map(str::to_string),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Checks a ring's coordinates, removes repeated points and closes it; `None` when
/// fewer than three distinct points remain, which encloses no area.
fn clean_ring(ring: Ring, label: &str) -> Result<Option<Ring>, MapError> {
    // A little slack for quantization: a decoded TopoJSON pole can land a hair past 90.
    const SLACK: f64 = 1e-6;
    let mut out: Ring = Vec::with_capacity(ring.len() + 1);
    for (lon, lat) in ring {
        if lon.abs() > 360.0 + SLACK || lat.abs() > 90.0 + SLACK {
            return Err(bad_feature(
                label,
                &format!(
                    "has a point ({lon}, {lat}) outside longitude −360…360 and latitude −90…90: coordinates must be WGS 84 longitude and latitude in degrees (reproject the file, for example with ogr2ogr -t_srs EPSG:4326)"
                ),
            ));
        }
        let point = (lon.clamp(-360.0, 360.0), lat.clamp(-90.0, 90.0));
        if out.last() != Some(&point) {
            out.push(point);
        }
    }
    if out.len() > 1 && out.first() == out.last() {
        out.pop();
    }
    if out.len() < 3 {
        return Ok(None);
    }
    out.push(out[0]);
    Ok(Some(out))
}

#[cfg(test)]
mod tests;
