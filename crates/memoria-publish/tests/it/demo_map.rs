//! The demonstration collection's boundaries: read like any collection's, one region
//! per region place, cells that do not overlap, and every place inside the region its
//! record names.

use std::collections::BTreeMap;

use memoria_core::place::PlaceLevel;
use memoria_core::{Entity, RecordId};
use memoria_demo::{DemoConfig, boundaries_geojson, generate};
use memoria_publish::map::{self, Boundaries, MapOptions, Shade};

fn boundaries() -> Boundaries {
    let b = map::parse(&boundaries_geojson()).expect("the demo's boundaries parse");
    assert_eq!(b.warnings, Vec::<String>::new());
    b
}

/// The demo's places, by id.
fn places() -> BTreeMap<RecordId, memoria_core::entity::Place> {
    let mut places = BTreeMap::new();
    let config = DemoConfig {
        seed: 1,
        incidents: 1,
    };
    generate(&config, &mut |id, e| {
        if let Entity::Place(p) = e {
            places.insert(id, p);
        }
    });
    places
}

/// The map key of a place: the `iso_code` of the region it lies in (itself, or the
/// nearest ancestor at the region level).
fn region_key(
    places: &BTreeMap<RecordId, memoria_core::entity::Place>,
    id: RecordId,
) -> Option<String> {
    let mut at = places.get(&id)?;
    loop {
        if at.level == PlaceLevel::Region {
            return at.iso_code.clone();
        }
        at = places.get(&at.parent?)?;
    }
}

/// Even–odd over every ring of every polygon, holes included.
fn contains(region: &map::Region, (x, y): (f64, f64)) -> bool {
    let mut odd = false;
    for ring in region.polygons.iter().flatten() {
        for w in ring.windows(2) {
            let ((x0, y0), (x1, y1)) = (w[0], w[1]);
            if (y0 > y) != (y1 > y) && x < x0 + (y - y0) * (x1 - x0) / (y1 - y0) {
                odd = !odd;
            }
        }
    }
    odd
}

#[test]
fn every_region_place_has_exactly_one_boundary() {
    let b = boundaries();
    let places = places();
    let mut region_places: Vec<(String, String)> = places
        .values()
        .filter(|p| p.level == PlaceLevel::Region)
        .map(|p| {
            (
                p.iso_code.clone().expect("a region has an ISO code"),
                p.name.best("en").unwrap().to_string(),
            )
        })
        .collect();
    region_places.sort();
    let mut regions: Vec<(String, String)> = b
        .regions
        .iter()
        .map(|r| (r.key.clone(), r.name.clone()))
        .collect();
    regions.sort();
    assert_eq!(regions, region_places);
    // One feature each: nothing was merged.
    let json: serde_json::Value = serde_json::from_str(&boundaries_geojson()).unwrap();
    assert_eq!(
        json["features"].as_array().unwrap().len(),
        region_places.len()
    );
}

#[test]
fn cells_do_not_overlap() {
    let b = boundaries();
    let (mut min, mut max) = (
        (f64::INFINITY, f64::INFINITY),
        (f64::NEG_INFINITY, f64::NEG_INFINITY),
    );
    for &(x, y) in b
        .regions
        .iter()
        .flat_map(|r| &r.polygons)
        .flatten()
        .flatten()
    {
        min = (min.0.min(x), min.1.min(y));
        max = (max.0.max(x), max.1.max(y));
    }
    let steps: u32 = 200;
    let mut covered = 0;
    for i in 0..steps {
        for j in 0..steps {
            // Off the grid of round coordinates, so that no sample sits on an edge.
            let point = (
                min.0 + (max.0 - min.0) * (f64::from(i) + 0.4871) / f64::from(steps),
                min.1 + (max.1 - min.1) * (f64::from(j) + 0.5129) / f64::from(steps),
            );
            let n = b.regions.iter().filter(|r| contains(r, point)).count();
            assert!(n <= 1, "{point:?} lies in {n} regions");
            covered += n;
        }
    }
    // Most of the box is land: the regions tile the country rather than dot it.
    assert!(
        covered > (steps * steps / 2) as usize,
        "{covered} samples on land"
    );
}

#[test]
fn every_place_lies_in_the_region_its_record_names() {
    let b = boundaries();
    let places = places();
    let mut checked = 0;
    for (&id, place) in &places {
        if !matches!(
            place.level,
            PlaceLevel::Region | PlaceLevel::District | PlaceLevel::Locality
        ) {
            continue;
        }
        let key = region_key(&places, id).expect("every place below the country has a region");
        let region = b
            .regions
            .iter()
            .find(|r| r.key == key)
            .expect("a boundary for each key");
        let point = place.point.as_ref().expect("demo places have points");
        assert!(
            contains(region, (point.lon, point.lat)),
            "{:?} is outside {key}",
            place.name
        );
        checked += 1;
    }
    assert!(checked > 50, "{checked}");
}

#[test]
fn the_demo_map_draws_every_region() {
    let b = boundaries();
    let shades: Vec<(String, Shade)> = b
        .regions
        .iter()
        .zip([
            Shade::Count(412.0),
            Shade::Count(57.0),
            Shade::Suppressed,
            Shade::Count(1_203.0),
            Shade::Count(8.0),
            Shade::NoData,
        ])
        .map(|(r, s)| (r.key.clone(), s))
        .collect();
    let options = MapOptions {
        title: "Documented victims by region, 2015–2022",
        description: "Valdoria's six regions shaded by documented victims.",
        legend_title: "Documented victims",
        suppressed_label: "Withheld (fewer than 10)",
        no_data_label: "No data",
        width: 640,
        lang: Some("en"),
        right_to_left: false,
        number: &memoria_estimate::chart::plain,
    };
    let svg = map::choropleth(&b, &shades, &options);
    assert_eq!(svg.matches(r#"<path class="region"#).count(), 6);
    assert!(svg.contains("<title>Capital Region: 412</title>"), "{svg}");
    assert_eq!(svg, map::choropleth(&b, &shades, &options));
}
