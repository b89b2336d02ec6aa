//! TopoJSON topologies: shared arcs, quantized and delta-encoded, that rings refer to
//! by index (github.com/topojson/topojson-specification).
//!
//! Only what a choropleth needs is read: the arcs, the `transform`, and the Polygon
//! and MultiPolygon geometries of one object. Points, lines and the `bbox` are
//! ignored.

use serde_json::{Map, Value};

use super::{Collector, MapError, Ring, bad_feature, position, quote};

/// The quantization of a topology: positions are integers on a grid, and each arc
/// stores its first position and then the difference to the previous one.
pub(super) struct Transform {
    scale: (f64, f64),
    translate: (f64, f64),
}

impl Transform {
    pub(super) fn apply(&self, x: f64, y: f64) -> (f64, f64) {
        (
            x * self.scale.0 + self.translate.0,
            y * self.scale.1 + self.translate.1,
        )
    }
}

pub(super) fn read(
    root: &Map<String, Value>,
    object: Option<&str>,
    out: &mut Collector,
) -> Result<(), MapError> {
    let transform = match root.get("transform") {
        None | Some(Value::Null) => None,
        Some(t) => Some(transform(t)?),
    };
    let arcs = arcs(root, transform.as_ref())?;
    let Some(objects) = root.get("objects").and_then(Value::as_object) else {
        return Err(bad("has no \"objects\""));
    };
    // serde_json's map is sorted by name (unless a crate in the build turns on its
    // `preserve_order` feature), so "first" is said as "alphabetically first" and
    // computed that way, whichever map the build has.
    let mut names: Vec<&String> = objects.keys().collect();
    names.sort();
    let name = match object {
        Some(wanted) => names
            .iter()
            .find(|n| n.as_str() == wanted)
            .copied()
            .ok_or_else(|| {
                bad(&format!(
                    "has no object {}; it has {}",
                    quote(wanted),
                    list(&names)
                ))
            })?,
        None => {
            let first = *names.first().ok_or_else(|| bad("has no objects"))?;
            if names.len() > 1 {
                out.warnings.push(format!(
                    "the topology has objects {}; drew {}, the first: name another to draw it",
                    list(&names),
                    quote(first)
                ));
            }
            first
        }
    };
    let mut geometries = Vec::new();
    flatten(&objects[name.as_str()], &mut geometries);
    for (i, geometry) in geometries.into_iter().enumerate() {
        let label = format!("geometry {} of object {}", i + 1, quote(name));
        let polygons = match geometry.get("type").and_then(Value::as_str) {
            Some("Polygon") => vec![polygon(geometry.get("arcs"), &arcs, &label, out)?],
            Some("MultiPolygon") => {
                let Some(parts) = geometry.get("arcs").and_then(Value::as_array) else {
                    return Err(bad_feature(&label, "has no \"arcs\" array"));
                };
                let mut polygons = Vec::with_capacity(parts.len());
                for part in parts {
                    polygons.push(polygon(Some(part), &arcs, &label, out)?);
                }
                polygons
            }
            Some(other) => {
                out.skip(&format!("with a {} geometry", quote(other)));
                continue;
            }
            None => {
                out.skip("without geometry");
                continue;
            }
        };
        out.add(
            &label,
            geometry.get("id"),
            geometry.get("properties").and_then(Value::as_object),
            polygons,
        )?;
    }
    Ok(())
}

fn bad(problem: &str) -> MapError {
    MapError::BadTopology {
        problem: problem.to_string(),
    }
}

fn list(names: &[&String]) -> String {
    names
        .iter()
        .map(|n| quote(n))
        .collect::<Vec<_>>()
        .join(", ")
}

fn transform(value: &Value) -> Result<Transform, MapError> {
    let pair = |field: &str| -> Option<(f64, f64)> {
        let xy = value.get(field)?.as_array()?;
        let (x, y) = (xy.first()?.as_f64()?, xy.get(1)?.as_f64()?);
        (x.is_finite() && y.is_finite()).then_some((x, y))
    };
    match (pair("scale"), pair("translate")) {
        (Some(scale), Some(translate)) => Ok(Transform { scale, translate }),
        _ => Err(bad(
            "has a \"transform\" without a numeric \"scale\" and \"translate\" pair",
        )),
    }
}

/// The arcs as absolute (longitude, latitude) points.
fn arcs(
    root: &Map<String, Value>,
    transform: Option<&Transform>,
) -> Result<Vec<Vec<(f64, f64)>>, MapError> {
    let Some(arcs) = root.get("arcs").and_then(Value::as_array) else {
        return Err(bad("has no \"arcs\" array"));
    };
    // The arcs count against their own budget: the regions' rings, which repeat
    // shared arcs, are counted again as they are assembled.
    let mut budget = super::Budget::new();
    let mut decoded = Vec::with_capacity(arcs.len());
    for (i, arc) in arcs.iter().enumerate() {
        let Some(positions) = arc.as_array() else {
            return Err(bad(&format!("has an arc ({i}) that is not an array")));
        };
        budget.take(positions.len())?;
        let mut points = Vec::with_capacity(positions.len());
        // Deltas are summed on the grid before the transform, as the format defines.
        let (mut x, mut y) = (0.0, 0.0);
        for p in positions {
            let invalid = || {
                bad(&format!(
                    "has an arc ({i}) with a position that is not a pair of numbers"
                ))
            };
            let point = match transform {
                Some(t) => {
                    let (dx, dy) = position(p).ok_or_else(invalid)?;
                    x += dx;
                    y += dy;
                    t.apply(x, y)
                }
                None => position(p).ok_or_else(invalid)?,
            };
            if !(point.0.is_finite() && point.1.is_finite()) {
                return Err(invalid());
            }
            points.push(point);
        }
        decoded.push(points);
    }
    Ok(decoded)
}

/// A geometry object and, for a GeometryCollection, its members, depth first.
fn flatten<'a>(value: &'a Value, out: &mut Vec<&'a Map<String, Value>>) {
    let Value::Object(object) = value else { return };
    if object.get("type").and_then(Value::as_str) == Some("GeometryCollection") {
        for member in object
            .get("geometries")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            flatten(member, out);
        }
    } else {
        out.push(object);
    }
}

/// One polygon: an array of rings, each an array of arc indexes.
fn polygon(
    rings: Option<&Value>,
    arcs: &[Vec<(f64, f64)>],
    label: &str,
    out: &mut Collector,
) -> Result<Vec<Ring>, MapError> {
    let Some(rings) = rings.and_then(Value::as_array) else {
        return Err(bad_feature(
            label,
            "has a polygon that is not an array of rings",
        ));
    };
    let mut polygon = Vec::with_capacity(rings.len());
    for ring in rings {
        let Some(indexes) = ring.as_array() else {
            return Err(bad_feature(
                label,
                "has a ring that is not an array of arc indexes",
            ));
        };
        let mut points: Ring = Vec::new();
        for index in indexes {
            let arc = arc(index, arcs).ok_or_else(|| {
                bad_feature(
                    label,
                    &format!(
                        "refers to arc {}, which the topology does not have ({} arcs)",
                        index,
                        arcs.len()
                    ),
                )
            })?;
            out.budget.take(arc.len())?;
            // Consecutive arcs share their meeting point: keep it once.
            let skip = usize::from(!points.is_empty());
            if arc.reversed {
                points.extend(arc.points.iter().rev().skip(skip));
            } else {
                points.extend(arc.points.iter().skip(skip));
            }
        }
        polygon.push(points);
    }
    Ok(polygon)
}

struct ArcRef<'a> {
    points: &'a [(f64, f64)],
    reversed: bool,
}

impl ArcRef<'_> {
    fn len(&self) -> usize {
        self.points.len()
    }
}

/// Arc `i`, or for a negative index `!i` (the one's complement) the arc `!i` read
/// backwards.
fn arc<'a>(index: &Value, arcs: &'a [Vec<(f64, f64)>]) -> Option<ArcRef<'a>> {
    let i = index.as_i64()?;
    let (at, reversed) = if i >= 0 { (i, false) } else { (!i, true) };
    let points = arcs.get(usize::try_from(at).ok()?)?;
    Some(ArcRef { points, reversed })
}
