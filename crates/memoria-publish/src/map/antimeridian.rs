//! Polygons that cross the antimeridian (Russia's far east, Fiji, Kiribati) are stored
//! in most files with a jump from +180° to −180°; drawn as they are, each jump becomes
//! a stripe across the whole map. Here such a polygon is cut at ±180° into a western
//! and an eastern piece, each drawn on its own side of the map.
//!
//! A ring that goes *around* a pole (Antarctica) also jumps, but it comes back where
//! it began only after a full turn; it is left alone, since cutting would lose the
//! pole.

use super::{Polygon, Ring};

/// The polygon, or its two pieces when its outer ring crosses the antimeridian.
pub(super) fn split(polygon: Polygon) -> Vec<Polygon> {
    let Some(outer) = polygon.first() else {
        return vec![polygon];
    };
    let Some(outer) = unwrap(outer) else {
        return vec![polygon];
    };
    let (lowest, highest) = range(&outer);
    // Which side the ring spills over; both would mean a ring wider than the world.
    let edge = match (lowest < -180.0, highest > 180.0) {
        (false, true) => 180.0,
        (true, false) => -180.0,
        _ => return vec![polygon],
    };
    let mut rings = vec![outer];
    for hole in &polygon[1..] {
        let mut hole = unwrap(hole).unwrap_or_else(|| hole.clone());
        // A hole unwrapped from its own first point may sit a turn away from the outer
        // ring; bring it alongside.
        let first = hole.first().map_or(0.0, |p| p.0);
        let turns = if first < lowest {
            ((lowest - first) / 360.0).ceil()
        } else if first > highest {
            -((first - highest) / 360.0).ceil()
        } else {
            0.0
        };
        for p in &mut hole {
            p.0 += turns * 360.0;
        }
        rings.push(hole);
    }
    // Inside the map (lon·sign ≤ 180) and beyond it, brought back by a full turn.
    let sign: f64 = if edge > 0.0 { 1.0 } else { -1.0 };
    let inside: Polygon = rings.iter().map(|r| clip(r, sign, edge)).collect();
    let beyond: Polygon = rings
        .iter()
        .map(|r| {
            clip(r, -sign, edge)
                .into_iter()
                .map(|(lon, lat)| (lon - sign * 360.0, lat))
                .collect()
        })
        .collect();
    vec![inside, beyond]
}

/// The ring with longitudes made continuous (no step over 180°), or `None` when it
/// has no such step or goes around a pole.
fn unwrap(ring: &Ring) -> Option<Ring> {
    let mut shift = 0.0;
    let mut out = Vec::with_capacity(ring.len());
    let mut jumped = false;
    let mut previous: Option<f64> = None;
    for &(lon, lat) in ring {
        if let Some(p) = previous {
            let step = lon - p;
            if step > 180.0 {
                shift -= 360.0;
                jumped = true;
            } else if step < -180.0 {
                shift += 360.0;
                jumped = true;
            }
        }
        previous = Some(lon);
        out.push((lon + shift, lat));
    }
    // A closed ring ends where it began; after a turn around a pole it ends 360° off.
    let closes = out.first().map(|p| p.0) == out.last().map(|p| p.0);
    (jumped && closes).then_some(out)
}

fn range(ring: &Ring) -> (f64, f64) {
    ring.iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), p| {
            (lo.min(p.0), hi.max(p.0))
        })
}

/// Sutherland–Hodgman against the half-plane `sign · lon ≤ sign · edge`, closed. On a
/// concave ring the result may run twice along the cut, with no area between: the
/// even–odd fill does not show it, and the cut lies on the map's edge.
fn clip(ring: &Ring, sign: f64, edge: f64) -> Ring {
    let side = |p: (f64, f64)| sign * (p.0 - edge);
    let open = &ring[..ring.len().saturating_sub(1)];
    let mut out: Ring = Vec::with_capacity(open.len() + 2);
    for (k, &a) in open.iter().enumerate() {
        let b = open[(k + 1) % open.len()];
        let (sa, sb) = (side(a), side(b));
        if sa <= 0.0 {
            out.push(a);
        }
        if (sa < 0.0 && sb > 0.0) || (sa > 0.0 && sb < 0.0) {
            let t = sa / (sa - sb);
            out.push((edge, a.1 + t * (b.1 - a.1)));
        }
    }
    if let Some(&first) = out.first() {
        out.push(first);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_ring_across_the_antimeridian_is_cut_in_two() {
        // From 170°E across to 170°W and back.
        let ring = vec![
            (170.0, 0.0),
            (-170.0, 0.0),
            (-170.0, 10.0),
            (170.0, 10.0),
            (170.0, 0.0),
        ];
        let pieces = split(vec![ring]);
        assert_eq!(
            pieces,
            vec![
                vec![vec![
                    (170.0, 0.0),
                    (180.0, 0.0),
                    (180.0, 10.0),
                    (170.0, 10.0),
                    (170.0, 0.0)
                ]],
                vec![vec![
                    (-180.0, 0.0),
                    (-170.0, 0.0),
                    (-170.0, 10.0),
                    (-180.0, 10.0),
                    (-180.0, 0.0)
                ]],
            ]
        );
    }

    #[test]
    fn rings_around_a_pole_and_ordinary_rings_are_left_alone() {
        let antarctica = vec![
            (-180.0, -80.0),
            (0.0, -70.0),
            (180.0, -80.0),
            (180.0, -90.0),
            (-180.0, -90.0),
            (-180.0, -80.0),
        ];
        assert_eq!(split(vec![antarctica.clone()]), vec![vec![antarctica]]);
        let square = vec![(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 0.0)];
        assert_eq!(split(vec![square.clone()]), vec![vec![square]]);
    }
}
