//! The shapes of Valdoria's regions, for maps: a GeoJSON FeatureCollection that a
//! publisher reads like the boundaries any real collection would bring.
//!
//! Valdoria has no surveyed borders, so they are made up, the same way every time:
//! an irregular outline around the region centres (with enough margin for every
//! locality), cut into one cell per region by the Voronoi rule (each point belongs to
//! the region whose centre is nearest), and an island off the south-east coast. The
//! outline is the convex hull of wobbled points, so that clipping it against the
//! perpendicular bisectors of the centres, one half-plane at a time, is exact; a
//! coastline with bays would need a general polygon clipper for little gain in a
//! demonstration.
//!
//! Distances are measured on a plane where a degree of longitude is shortened by the
//! cosine of the country's latitude, so that cells are as a map shows them.

use std::f64::consts::TAU;
use std::fmt::Write;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::world::{REGIONS, RegionDef};

/// The seed of the outline's wobble: fixed, so that the country keeps its shape.
const OUTLINE_SEED: u64 = 0x4f55_544c_494e_4531; // "OUTLINE1"

/// The latitude whose cosine shortens longitudes on the working plane.
const MIDDLE_LATITUDE: f64 = -30.0;

/// How far the coast stays from every region centre, in degrees of latitude: more than
/// the farthest locality (a district lies 0.3° and 0.35° of longitude from its region's
/// centre, and a locality up to 0.16° more in each direction).
const MARGIN: f64 = 0.8;

const OUTLINE_POINTS: usize = 40;

/// Where the island lies (latitude, longitude), and its radius in degrees of latitude.
const ISLAND: (f64, f64, f64) = (-32.75, -21.85, 0.22);

type Point = (f64, f64);

/// The regions of the demonstration collection as a GeoJSON FeatureCollection (RFC
/// 7946: longitude before latitude, outer rings counter-clockwise), one feature per
/// region in the order of the regions' codes, the same text every time.
///
/// Each feature's properties hold `iso_code`, the region's ISO 3166-2 code exactly as
/// the region's Place record stores it in `iso_code` (`XV-01` … `XV-06`), its `name`
/// in English, and `name_es`, `name_fr` and, where the region has one, `name_ar`. To
/// shade the map from records, walk each place up its `parent` links to the place
/// whose level is `region` and use that place's `iso_code` as the key.
pub fn boundaries_geojson() -> String {
    let cells = cells();
    let mut out = String::from(r#"{"type":"FeatureCollection","features":["#);
    for (i, (def, polygons)) in REGIONS.iter().zip(&cells).enumerate() {
        if i > 0 {
            out.push(',');
        }
        let _ = write!(
            out,
            r#"{{"type":"Feature","properties":{{"iso_code":{},"name":{},"name_es":{},"name_fr":{}"#,
            json_string(def.code),
            json_string(def.en),
            json_string(def.es),
            json_string(def.fr)
        );
        if !def.ar.is_empty() {
            let _ = write!(out, r#","name_ar":{}"#, json_string(def.ar));
        }
        out.push_str(r#"},"geometry":"#);
        let (kind, open, close) = if polygons.len() == 1 {
            ("Polygon", "", "")
        } else {
            ("MultiPolygon", "[", "]")
        };
        let _ = write!(out, r#"{{"type":"{kind}","coordinates":[{open}"#);
        for (j, ring) in polygons.iter().enumerate() {
            if j > 0 {
                out.push_str("],[");
            }
            out.push('[');
            write_ring(&mut out, ring);
            out.push(']');
        }
        let _ = write!(out, "{close}]}}}}");
    }
    out.push_str("]}");
    out
}

/// Each region's polygons on the working plane, in the order of [`REGIONS`]: its
/// cell of the outline, and the island for the region whose centre is nearest it.
fn cells() -> Vec<Vec<Vec<Point>>> {
    let centres: Vec<Point> = REGIONS.iter().map(to_plane).collect();
    let outline = outline(&centres);
    let island_centre = to_plane_lat_lon(ISLAND.0, ISLAND.1);
    let island: Vec<Point> = (0..12)
        .map(|k| {
            let a = TAU * k as f64 / 12.0;
            // Longer east–west, like a ridge rising from the sea.
            let r = ISLAND.2 * (1.0 + 0.35 * (2.0 * a).cos());
            (island_centre.0 + r * a.cos(), island_centre.1 + r * a.sin())
        })
        .collect();
    let island_owner = nearest(&centres, island_centre);
    centres
        .iter()
        .enumerate()
        .map(|(i, _)| {
            let mut polygons = vec![voronoi_cell(&outline, &centres, i)];
            if i == island_owner {
                polygons.push(island.clone());
            }
            polygons
        })
        .collect()
}

/// The country's outline: points around the centres at the margin plus a smoothed
/// random wobble, and their convex hull, counter-clockwise.
fn outline(centres: &[Point]) -> Vec<Point> {
    let n = centres.len() as f64;
    let middle = (
        centres.iter().map(|c| c.0).sum::<f64>() / n,
        centres.iter().map(|c| c.1).sum::<f64>() / n,
    );
    let mut rng = ChaCha8Rng::seed_from_u64(OUTLINE_SEED);
    let raw: Vec<f64> = (0..OUTLINE_POINTS)
        .map(|_| rng.random_range(0.0..0.35))
        .collect();
    let points: Vec<Point> = (0..OUTLINE_POINTS)
        .map(|k| {
            let angle = TAU * k as f64 / OUTLINE_POINTS as f64;
            let u = (angle.cos(), angle.sin());
            // How far the farthest centre reaches in this direction, plus the margin:
            // the radius never falls below it, so no locality is left in the sea.
            let reach = centres
                .iter()
                .map(|c| (c.0 - middle.0) * u.0 + (c.1 - middle.1) * u.1)
                .fold(f64::NEG_INFINITY, f64::max);
            let previous = raw[(k + OUTLINE_POINTS - 1) % OUTLINE_POINTS];
            let next = raw[(k + 1) % OUTLINE_POINTS];
            let wobble = (previous + 2.0 * raw[k] + next) / 4.0;
            let r = reach + MARGIN + wobble;
            (middle.0 + r * u.0, middle.1 + r * u.1)
        })
        .collect();
    convex_hull(points)
}

/// The part of the convex `outline` nearer to centre `i` than to any other.
fn voronoi_cell(outline: &[Point], centres: &[Point], i: usize) -> Vec<Point> {
    let mut cell = outline.to_vec();
    let p = centres[i];
    for (j, &q) in centres.iter().enumerate() {
        if j == i {
            continue;
        }
        // Nearer to p than to q: (q − p) · x ≤ (|q|² − |p|²) / 2.
        let normal = (q.0 - p.0, q.1 - p.1);
        let limit = (q.0 * q.0 + q.1 * q.1 - p.0 * p.0 - p.1 * p.1) / 2.0;
        cell = clip(&cell, normal, limit);
    }
    cell
}

/// Sutherland–Hodgman against one half-plane `normal · x ≤ limit`: exact for a convex
/// polygon, whose intersection with a half-plane is convex.
fn clip(polygon: &[Point], normal: Point, limit: f64) -> Vec<Point> {
    let side = |x: Point| normal.0 * x.0 + normal.1 * x.1 - limit;
    let mut out = Vec::with_capacity(polygon.len() + 1);
    for (k, &a) in polygon.iter().enumerate() {
        let b = polygon[(k + 1) % polygon.len()];
        let (sa, sb) = (side(a), side(b));
        if sa <= 0.0 {
            out.push(a);
        }
        if (sa < 0.0 && sb > 0.0) || (sa > 0.0 && sb < 0.0) {
            let t = sa / (sa - sb);
            out.push((a.0 + t * (b.0 - a.0), a.1 + t * (b.1 - a.1)));
        }
    }
    out
}

/// Andrew's monotone chain; counter-clockwise, without repeating the first point.
fn convex_hull(mut points: Vec<Point>) -> Vec<Point> {
    points.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
    let cross =
        |o: Point, a: Point, b: Point| (a.0 - o.0) * (b.1 - o.1) - (a.1 - o.1) * (b.0 - o.0);
    let mut hull: Vec<Point> = Vec::with_capacity(points.len() + 1);
    for pass in 0..2 {
        let start = hull.len();
        let ordered: Box<dyn Iterator<Item = &Point>> = if pass == 0 {
            Box::new(points.iter())
        } else {
            Box::new(points.iter().rev())
        };
        for &p in ordered {
            while hull.len() >= start + 2
                && cross(hull[hull.len() - 2], hull[hull.len() - 1], p) <= 0.0
            {
                hull.pop();
            }
            hull.push(p);
        }
        // The last point of each chain starts the other.
        hull.pop();
    }
    hull
}

fn nearest(centres: &[Point], x: Point) -> usize {
    let distance = |c: &Point| (c.0 - x.0).powi(2) + (c.1 - x.1).powi(2);
    (0..centres.len())
        .min_by(|&a, &b| distance(&centres[a]).total_cmp(&distance(&centres[b])))
        .expect("there are regions")
}

fn squeeze() -> f64 {
    MIDDLE_LATITUDE.to_radians().cos()
}

fn to_plane(def: &RegionDef) -> Point {
    to_plane_lat_lon(def.lat, def.lon)
}

fn to_plane_lat_lon(lat: f64, lon: f64) -> Point {
    (lon * squeeze(), lat)
}

fn to_lon_lat(p: Point) -> Point {
    (p.0 / squeeze(), p.1)
}

/// A closed ring as GeoJSON positions, to four decimals (about ten metres).
fn write_ring(out: &mut String, ring: &[Point]) {
    for (k, &p) in ring.iter().chain(ring.first()).enumerate() {
        if k > 0 {
            out.push(',');
        }
        let (lon, lat) = to_lon_lat(p);
        // `+ 0.0` turns a rounded −0 into 0.
        let _ = write!(out, "[{:.4},{:.4}]", lon + 0.0, lat + 0.0);
    }
}

/// A JSON string literal. The names are the generator's own, but escaping them costs
/// nothing and keeps the output valid if one ever holds a quote.
fn json_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::Streams;
    use crate::world::World;

    fn area(ring: &[Point]) -> f64 {
        (0..ring.len())
            .map(|k| {
                let (a, b) = (ring[k], ring[(k + 1) % ring.len()]);
                a.0 * b.1 - b.0 * a.1
            })
            .sum::<f64>()
            / 2.0
    }

    fn contains(ring: &[Point], (x, y): Point) -> bool {
        let mut odd = false;
        for k in 0..ring.len() {
            let ((x0, y0), (x1, y1)) = (ring[k], ring[(k + 1) % ring.len()]);
            if (y0 > y) != (y1 > y) && x < x0 + (y - y0) * (x1 - x0) / (y1 - y0) {
                odd = !odd;
            }
        }
        odd
    }

    #[test]
    fn the_outline_is_convex_counter_clockwise_and_irregular() {
        let centres: Vec<Point> = REGIONS.iter().map(to_plane).collect();
        let outline = outline(&centres);
        assert!(outline.len() >= 12, "{} corners", outline.len());
        for k in 0..outline.len() {
            let (o, a, b) = (
                outline[k],
                outline[(k + 1) % outline.len()],
                outline[(k + 2) % outline.len()],
            );
            assert!((a.0 - o.0) * (b.1 - o.1) - (a.1 - o.1) * (b.0 - o.0) > 0.0);
        }
        // Irregular: edges of many lengths.
        let lengths: Vec<f64> = (0..outline.len())
            .map(|k| {
                let (a, b) = (outline[k], outline[(k + 1) % outline.len()]);
                (a.0 - b.0).hypot(a.1 - b.1)
            })
            .collect();
        let (shortest, longest) = lengths
            .iter()
            .fold((f64::INFINITY, 0.0f64), |(s, l), &x| (s.min(x), l.max(x)));
        assert!(longest > 2.0 * shortest, "{shortest} … {longest}");
    }

    #[test]
    fn the_cells_tile_the_outline_and_hold_their_own_places() {
        let centres: Vec<Point> = REGIONS.iter().map(to_plane).collect();
        let outline = outline(&centres);
        let cells: Vec<Vec<Point>> = (0..centres.len())
            .map(|i| voronoi_cell(&outline, &centres, i))
            .collect();
        let total: f64 = cells.iter().map(|c| area(c)).sum();
        assert!(
            (total - area(&outline)).abs() < 1e-9,
            "{total} vs {}",
            area(&outline)
        );
        for (i, cell) in cells.iter().enumerate() {
            assert!(area(cell) > 0.5, "region {i} is a sliver");
            assert!(contains(cell, centres[i]));
        }
        // Every district and locality lies in its own region's cell: a map agrees with
        // the place hierarchy.
        let world = World::new(&Streams::new(1));
        for l in &world.localities {
            let region = world.districts[l.district].region;
            let point = to_plane_lat_lon(l.lat, l.lon);
            assert!(
                contains(&cells[region], point),
                "{} outside region {region}",
                l.name
            );
        }
    }

    #[test]
    fn the_island_is_off_the_coast() {
        let text = boundaries_geojson();
        let centres: Vec<Point> = REGIONS.iter().map(to_plane).collect();
        let outline = outline(&centres);
        let island = &cells()[nearest(&centres, to_plane_lat_lon(ISLAND.0, ISLAND.1))][1];
        assert!(island.iter().all(|&p| !contains(&outline, p)));
        assert!(outline.iter().all(|&p| !contains(island, p)));
        assert_eq!(text.matches("MultiPolygon").count(), 1);
        assert_eq!(text, boundaries_geojson(), "the same text every time");
        assert_eq!(text.matches(r#""iso_code":"XV-0"#).count(), REGIONS.len());
    }
}
