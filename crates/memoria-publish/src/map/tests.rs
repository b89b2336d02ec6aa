//! Boundaries read from both formats and refused with a reason; maps that are
//! well-formed, escaped, deterministic, accessible and safe under a strict content
//! security policy.

use quick_xml::XmlVersion;
use quick_xml::events::Event;

use super::render::{BACKGROUND, INK, NO_DATA, RAMP};
use super::*;

fn plain(v: f64) -> String {
    memoria_estimate::chart::plain(v)
}

fn options() -> MapOptions<'static> {
    MapOptions {
        title: "Documented victims by region",
        description: "A map of the regions, shaded by the number of documented victims.",
        legend_title: "Documented victims",
        suppressed_label: "Withheld (fewer than 5)",
        no_data_label: "No data",
        width: 600,
        lang: Some("en"),
        right_to_left: false,
        number: &plain,
    }
}

/// Two squares side by side, a third square with a hole, and a point to skip.
const SMALL: &str = r#"{
  "type": "FeatureCollection",
  "features": [
    {"type": "Feature", "id": "ignored", "properties": {"iso_code": "XV-01", "code": "no", "name": "West"},
     "geometry": {"type": "Polygon", "coordinates": [[[0,0],[1,0],[1,1],[0,1],[0,0]]]}},
    {"type": "Feature", "id": 7, "properties": {"name": "East"},
     "geometry": {"type": "MultiPolygon", "coordinates": [[[[1,0],[2,0],[2,1],[1,1]]]]}},
    {"type": "Feature", "properties": {"name": "Ring"},
     "geometry": {"type": "Polygon", "coordinates": [
        [[0,-2],[2,-2],[2,-1],[0,-1],[0,-2]],
        [[0.5,-1.75],[1.5,-1.75],[1.5,-1.25],[0.5,-1.25],[0.5,-1.75]]]}},
    {"type": "Feature", "properties": {"name": "Town"},
     "geometry": {"type": "Point", "coordinates": [0.5, 0.5]}}
  ]
}"#;

#[test]
fn geojson_regions_come_with_keys_names_and_closed_rings() {
    let b = parse(SMALL).unwrap();
    let keys: Vec<&str> = b.regions.iter().map(|r| r.key.as_str()).collect();
    // iso_code before code before id; a number id in decimal; the name last.
    assert_eq!(keys, ["XV-01", "7", "Ring"]);
    assert_eq!(b.regions[1].name, "East");
    // The open ring of "East" was closed.
    assert_eq!(
        b.regions[1].polygons,
        vec![vec![vec![
            (1.0, 0.0),
            (2.0, 0.0),
            (2.0, 1.0),
            (1.0, 1.0),
            (1.0, 0.0)
        ]]]
    );
    assert_eq!(b.regions[2].polygons[0].len(), 2, "the hole is kept");
    assert_eq!(
        b.warnings,
        [
            "1 feature with a \"Point\" geometry skipped: a choropleth draws only Polygon and MultiPolygon features"
        ]
    );
}

#[test]
fn features_sharing_a_key_become_one_region() {
    let text = r#"{"type":"FeatureCollection","features":[
      {"properties":{"code":"A","name":"Main"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}},
      {"properties":{"code":"A","name":"Island"},"geometry":{"type":"Polygon","coordinates":[[[5,5],[6,5],[6,6],[5,5]]]}}]}"#;
    let b = parse(text).unwrap();
    assert_eq!(b.regions.len(), 1);
    assert_eq!(b.regions[0].name, "Main");
    assert_eq!(b.regions[0].polygons.len(), 2);
    assert!(
        b.warnings[0].starts_with("feature 2 has the same key"),
        "{:?}",
        b.warnings
    );
}

/// Two unit squares sharing their middle edge (arc 1), quantized on a grid of 0.5°:
/// the shared arc is read forwards by one ring and backwards (`~1` = -2) by the other.
const TOPOLOGY: &str = r#"{
  "type": "Topology",
  "transform": {"scale": [0.5, 0.5], "translate": [10, 20]},
  "objects": {
    "zones": {"type": "GeometryCollection", "geometries": [
      {"type": "Polygon", "id": 4, "properties": {"name": "Left"}, "arcs": [[0, 1]]},
      {"type": "Polygon", "properties": {"name": "Right"}, "arcs": [[2, -2]]},
      {"type": "LineString", "arcs": [0]}
    ]},
    "outline": {"type": "GeometryCollection", "geometries": []}
  },
  "arcs": [
    [[2, 0], [-2, 0], [0, 2], [2, 0]],
    [[2, 2], [0, -2]],
    [[2, 0], [2, 0], [0, 2], [-2, 0]]
  ]
}"#;

#[test]
fn topojson_arcs_are_decoded_shared_and_reversed() {
    let b = parse_object(TOPOLOGY, Some("zones")).unwrap();
    assert_eq!(b.regions.len(), 2);
    assert_eq!(b.regions[0].key, "4");
    assert_eq!(
        b.regions[0].polygons[0][0],
        [
            (11.0, 20.0),
            (10.0, 20.0),
            (10.0, 21.0),
            (11.0, 21.0),
            (11.0, 20.0)
        ]
    );
    assert_eq!(b.regions[1].key, "Right");
    assert_eq!(
        b.regions[1].polygons[0][0],
        [
            (11.0, 20.0),
            (12.0, 20.0),
            (12.0, 21.0),
            (11.0, 21.0),
            (11.0, 20.0)
        ]
    );
    assert!(b.warnings.iter().any(|w| w.contains("\"LineString\"")));

    // Without a name, the alphabetically first object, and a warning naming the rest.
    let err = parse(TOPOLOGY).unwrap_err();
    assert!(matches!(err, MapError::NoRegions { .. }), "{err}");
    let err = parse_object(TOPOLOGY, Some("provinces")).unwrap_err();
    assert_eq!(
        err.to_string(),
        "the topology has no object \"provinces\"; it has \"outline\", \"zones\""
    );
}

#[test]
fn the_world_atlas_parses_with_every_country() {
    let Some(path) = memoria_testkit::shared_file("world-atlas/countries-110m.json") else {
        return;
    };
    let text = std::fs::read_to_string(path).unwrap();
    let b = parse(&text).unwrap();
    assert_eq!(b.regions.len(), 177);
    let netherlands = b.regions.iter().find(|r| r.key == "528").unwrap();
    assert_eq!(netherlands.name, "Netherlands");
    // Countries without an ISO number are keyed by name.
    assert!(b.regions.iter().any(|r| r.key == "Kosovo"));
    for region in &b.regions {
        for ring in region.polygons.iter().flatten() {
            assert!(ring.len() >= 4 && ring.first() == ring.last());
            assert!(
                ring.iter()
                    .all(|(lon, lat)| lon.abs() <= 180.0 && lat.abs() <= 90.0)
            );
        }
    }
    assert_eq!(
        b.warnings,
        [
            "the topology has objects \"countries\", \"land\"; drew \"countries\", the first: name another to draw it",
            "1 ring with fewer than three distinct points dropped",
        ]
    );

    let shades: Vec<(String, Shade)> = b
        .regions
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let shade = match i % 7 {
                0 => Shade::Suppressed,
                1 => Shade::NoData,
                _ => Shade::Count((i * 37 % 500) as f64),
            };
            (r.key.clone(), shade)
        })
        .collect();
    let svg = choropleth(
        &b,
        &shades,
        &MapOptions {
            width: 900,
            ..options()
        },
    );
    let root = assert_safe_and_accessible(&svg);
    // Every country is drawn, the islets too, and the file stays small.
    assert_eq!(
        root.all()
            .iter()
            .filter(|e| e.name == "path" && has_class(e, "region"))
            .count(),
        177
    );
    assert!(svg.len() < 250_000, "{} bytes", svg.len());
}

#[test]
fn the_same_input_gives_the_same_bytes() {
    let b = parse(SMALL).unwrap();
    let shades = vec![
        ("XV-01".to_string(), Shade::Count(3.0)),
        ("7".to_string(), Shade::Count(40.0)),
    ];
    let first = choropleth(&b, &shades, &options());
    assert_eq!(
        first,
        choropleth(&parse(SMALL).unwrap(), &shades, &options())
    );
    assert_eq!(
        parse_object(TOPOLOGY, Some("zones")),
        parse_object(TOPOLOGY, Some("zones"))
    );
}

#[test]
fn names_from_the_file_are_escaped() {
    let hostile = r#"<script>alert("x")</script> "&' ]]> <!--"#;
    let text = serde_json::json!({
        "type": "FeatureCollection",
        "features": [{
            "properties": {"code": "K&<", "name": hostile},
            "geometry": {"type": "Polygon", "coordinates": [[[0,0],[4,0],[4,4],[0,4],[0,0]]]}
        }]
    })
    .to_string();
    let b = parse(&text).unwrap();
    let options = MapOptions {
        title: "<title>&",
        description: "\"quoted\" 'words' \u{1} control",
        legend_title: "</g>",
        no_data_label: "<b>none</b>",
        ..options()
    };
    for shade in [Shade::Count(5.0), Shade::Suppressed, Shade::NoData] {
        let svg = choropleth(&b, &[("K&<".to_string(), shade)], &options);
        assert!(!svg.contains("<script"), "{svg}");
        assert!(!svg.contains("<b>"));
        let root = assert_safe_and_accessible(&svg);
        assert_eq!(root.children[0].text, "<title>&");
        assert_eq!(root.children[1].text, "\"quoted\" 'words'  control");
        let region = root
            .all()
            .into_iter()
            .find(|e| has_class(e, "region"))
            .unwrap();
        assert!(region.children[0].text.starts_with(&format!("{hostile}: ")));
    }
}

#[test]
fn bad_files_are_refused_with_a_reason() {
    let polygon = |coordinates: &str| {
        format!(
            r#"{{"type":"FeatureCollection","features":[{{"properties":{{"name":"A"}},"geometry":{{"type":"Polygon","coordinates":{coordinates}}}}}]}}"#
        )
    };
    let cases: Vec<(String, &str)> = vec![
        (SMALL[..SMALL.len() / 2].to_string(), "the file is not GeoJSON or TopoJSON: it is not valid JSON"),
        ("".to_string(), "not valid JSON"),
        ("[1, 2]".to_string(), "it is JSON but not an object"),
        (r#"{"type": "Feature"}"#.to_string(), "its type is \"Feature\""),
        (r#"{"features": []}"#.to_string(), "it has no \"type\""),
        (r#"{"type": "FeatureCollection", "features": 5}"#.to_string(), "no \"features\" array"),
        (r#"{"type": "FeatureCollection", "features": []}"#.to_string(), "the file has no region to draw"),
        (r#"{"type": "FeatureCollection", "features": [7]}"#.to_string(), "feature 1 is not a JSON object"),
        (polygon(r#""[[0,0]]""#), "without a \"coordinates\" array"),
        (polygon(r#"[[["0","0"],[1,0],[1,1]]]"#), "feature 1 has a position that is not a pair of numbers: [\"0\",\"0\"]"),
        (polygon(r#"[[[0],[1,0],[1,1]]]"#), "not a pair of numbers"),
        (polygon(r#"[[[1e300,0],[1,0],[1,1]]]"#), "outside longitude −360…360 and latitude −90…90"),
        (polygon(r#"[[[0,91],[1,0],[1,1]]]"#), "reproject the file"),
        (polygon(r#"[[[1e400,0],[1,0],[1,1]]]"#), "not valid JSON"),
        (polygon(r#"[[[NaN,0],[1,0],[1,1]]]"#), "not valid JSON"),
        (polygon(r#"[[[0,0],[1,0],[0,0]]]"#), "the file has no region to draw"),
        (polygon("[5]"), "has a ring that is not an array of positions"),
        (
            r#"{"type":"FeatureCollection","features":[{"properties":{"kind":"x"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}}]}"#.to_string(),
            "feature 1 has no key: give it a property iso_code or name",
        ),
        (r#"{"type":"Topology","objects":{"a":{"type":"Polygon","arcs":[[0]]}}}"#.to_string(), "the topology has no \"arcs\" array"),
        (r#"{"type":"Topology","arcs":[],"objects":{"a":{"type":"Polygon","arcs":[[0]]}}}"#.to_string(), "geometry 1 of object \"a\" refers to arc 0, which the topology does not have (0 arcs)"),
        (r#"{"type":"Topology","arcs":[[[0,0],[1,0],[0,1]]],"objects":{"a":{"type":"Polygon","arcs":[[-9223372036854775808]]}}}"#.to_string(), "refers to arc"),
        (r#"{"type":"Topology","arcs":[[[0,0],[1,0],[0,1]]],"objects":{"a":{"type":"Polygon","arcs":[[1.5]]}}}"#.to_string(), "refers to arc 1.5"),
        (r#"{"type":"Topology","transform":{"scale":[1]},"arcs":[],"objects":{}}"#.to_string(), "without a numeric \"scale\" and \"translate\" pair"),
        (r#"{"type":"Topology","transform":{"scale":[1e300,1e300],"translate":[0,0]},"arcs":[[[1e300,0],[1,0],[0,1]]],"objects":{"a":{"type":"Polygon","arcs":[[0]]}}}"#.to_string(), "with a position that is not a pair of numbers"),
        (r#"{"type":"Topology","arcs":[],"objects":{}}"#.to_string(), "the topology has no objects"),
        (r#"{"type":"Topology","arcs":[[[0,0],[1,0]]],"objects":{"a":{"type":"MultiPolygon","arcs":{}}}}"#.to_string(), "has no \"arcs\" array"),
    ];
    for (text, expected) in cases {
        let err = parse(&text).expect_err(&text);
        assert!(
            err.to_string().contains(expected),
            "{text}\n  gave: {err}\n  expected: {expected}"
        );
    }
}

#[test]
fn huge_files_are_refused_before_reading() {
    let text = " ".repeat(MAX_BYTES + 1);
    assert_eq!(
        parse(&text).unwrap_err(),
        MapError::TooLarge {
            bytes: MAX_BYTES + 1,
            limit: MAX_BYTES
        }
    );
}

#[test]
fn an_arc_repeated_without_end_is_refused() {
    // 1,000 points in one arc, referred to 2,000 times: 2 million points from 100 KB.
    let arc: Vec<String> = (0..1000)
        .map(|i| format!("[{},{}]", i % 2, i / 2 % 2))
        .collect();
    let refs = vec!["0"; 2000].join(",");
    let text = format!(
        r#"{{"type":"Topology","arcs":[[{}]],"objects":{{"a":{{"type":"Polygon","arcs":[[{refs}]]}}}}}}"#,
        arc.join(",")
    );
    assert_eq!(
        parse(&text).unwrap_err(),
        MapError::TooManyPoints { limit: MAX_POINTS }
    );
}

#[test]
fn suppressed_and_missing_regions_are_drawn_apart_from_counts() {
    let b = parse(SMALL).unwrap();
    let shades = vec![
        ("XV-01".to_string(), Shade::Suppressed),
        ("7".to_string(), Shade::Count(12.0)),
        // "Ring" has no shade: no data.
        ("7".to_string(), Shade::Count(99.0)), // the first entry for a key counts
        ("elsewhere".to_string(), Shade::Count(1.0)),
    ];
    let svg = choropleth(&b, &shades, &options());
    let root = assert_safe_and_accessible(&svg);
    let regions: Vec<&Element> = root
        .all()
        .into_iter()
        .filter(|e| has_class(e, "region"))
        .collect();
    assert_eq!(regions.len(), 3);
    assert_eq!(
        regions[0].attribute("fill"),
        Some("url(#memoria-map-hatch)")
    );
    assert_eq!(regions[0].children[0].text, "West: Withheld (fewer than 5)");
    assert_eq!(
        regions[1].attribute("fill"),
        Some(RAMP[2].0),
        "one class: the middle colour"
    );
    assert_eq!(regions[1].children[0].text, "East: 12");
    assert_eq!(regions[2].attribute("fill"), Some(NO_DATA));
    assert_eq!(regions[2].children[0].text, "Ring: No data");
    // The pattern is defined inside the document, and the legend names all three.
    assert!(svg.contains(r#"<pattern id="memoria-map-hatch""#));
    let legend: Vec<&str> = root
        .all()
        .into_iter()
        .filter(|e| has_class(e, "label"))
        .map(|e| e.text.as_str())
        .collect();
    assert_eq!(legend, ["12", "Withheld (fewer than 5)", "No data"]);
    // The count is written on its region (which is big enough), not only coloured.
    let values: Vec<&str> = root
        .all()
        .into_iter()
        .filter(|e| e.name == "text" && e.attributes.iter().all(|(k, _)| k != "class"))
        .map(|e| e.text.as_str())
        .collect();
    assert_eq!(values, ["12"]);
}

#[test]
fn classes_have_round_breaks_from_the_data() {
    let one_to_hundred: Vec<f64> = (1..=100).map(f64::from).collect();
    let c = Classes::from_counts(&one_to_hundred).unwrap();
    assert_eq!(c.breaks, [21.0, 41.0, 61.0, 81.0]);
    let labels: Vec<String> = (0..c.len()).map(|i| c.label(i, &plain)).collect();
    assert_eq!(labels, ["1–20", "21–40", "41–60", "61–80", "81–100"]);
    assert_eq!(
        (c.of(1.0), c.of(20.0), c.of(21.0), c.of(100.0)),
        (0, 0, 1, 4)
    );

    // The 20th to 80th percentiles of ten values are the 3rd, 5th, 7th and 9th.
    let skewed = [
        0.0, 0.0, 3.0, 7.0, 12.0, 137.0, 141.0, 1_234.0, 5_321.0, 12_345.0,
    ];
    let c = Classes::from_counts(&skewed).unwrap();
    assert_eq!(c.breaks, [3.0, 12.0, 140.0, 5_300.0]);
    let labels: Vec<String> = (0..c.len()).map(|i| c.label(i, &plain)).collect();
    assert_eq!(labels, ["0–2", "3–11", "12–139", "140–5299", "5300–12345"]);
    assert_eq!(
        c.of(141.0),
        3,
        "the value a break came from stays in its class"
    );

    let estimates = [0.25, 0.374, 1.5, 2.0, 2.5];
    let c = Classes::from_counts(&estimates).unwrap();
    assert_eq!(c.breaks, [0.37, 1.5, 2.0, 2.5]);
    assert!(!c.whole);

    let same = Classes::from_counts(&[4.0, 4.0, 4.0]).unwrap();
    assert_eq!((same.len(), same.label(0, &plain)), (1, "4".to_string()));
    assert_eq!(Classes::from_counts(&[f64::NAN, -1.0, f64::INFINITY]), None);

    // Two classes take the lightest and darkest colours, five take all of them.
    let two = Classes::from_counts(&[1.0, 9.0]).unwrap();
    assert_eq!((two.colours(0), two.colours(1)), (RAMP[0], RAMP[4]));
    let five = Classes::from_counts(&one_to_hundred).unwrap();
    assert_eq!((0..5).map(|i| five.colours(i)).collect::<Vec<_>>(), RAMP);
}

/// WCAG 2.2: 3:1 for the shapes against the page (1.4.11), 4.5:1 for text (1.4.3).
#[test]
fn colours_have_enough_contrast() {
    for (fill, text) in RAMP {
        assert!(
            contrast(fill, BACKGROUND) >= 3.0,
            "{fill} on the background"
        );
        assert!(contrast(fill, text) >= 4.5, "{text} on {fill}");
    }
    assert!(contrast(INK, BACKGROUND) >= 4.5);
    assert!(
        contrast(INK, NO_DATA) >= 3.0,
        "the outline of a no-data region"
    );
    assert!(contrast("#222222", BACKGROUND) >= 4.5);
    // Neighbouring classes are told apart by lightness, not hue alone.
    for pair in RAMP.windows(2) {
        assert!(contrast(pair[0].0, pair[1].0) >= 1.3, "{pair:?}");
    }
}

#[test]
fn regions_are_simplified_but_never_lost() {
    // A square with a spike of points a hundredth of a degree apart, and an islet
    // smaller than half a unit at this scale, far away.
    let mut ring = vec![(0.0, 0.0)];
    ring.extend((1..100).map(|i| (f64::from(i) * 0.01, 0.0)));
    ring.extend([(1.0, 0.0), (1.0, 1.0), (0.0, 1.0), (0.0, 0.0)]);
    let islet = vec![(50.0, 0.0), (50.02, 0.0), (50.02, 0.02), (50.0, 0.0)];
    let b = Boundaries {
        regions: vec![
            Region {
                key: "a".into(),
                name: "A".into(),
                polygons: vec![vec![ring]],
            },
            Region {
                key: "b".into(),
                name: "B".into(),
                polygons: vec![vec![islet]],
            },
        ],
        warnings: vec![],
    };
    let svg = choropleth(&b, &[], &options());
    let root = assert_safe_and_accessible(&svg);
    let paths: Vec<&str> = root
        .all()
        .into_iter()
        .filter(|e| has_class(e, "region"))
        .map(|e| e.attribute("d").unwrap())
        .collect();
    assert_eq!(paths.len(), 2);
    // Width 600, 50 degrees: about 11.7 units a degree; 0.01° apart is 0.12 units,
    // so about one point in five of the spike's stays.
    let points = paths[0].matches(' ').count() / 2 + 1;
    assert!(
        (15..=30).contains(&points),
        "{} points: {}",
        points,
        paths[0]
    );
    assert!(paths[0].starts_with('M') && paths[0].ends_with('Z'));
    // The islet, a quarter of a unit wide, would collapse: it is drawn unsimplified
    // rather than left off.
    assert_eq!(paths[1].matches(' ').count() / 2 + 1, 3, "{}", paths[1]);
}

#[test]
fn hand_made_boundaries_with_odd_values_do_not_panic() {
    let odd = vec![
        (f64::NAN, 0.0),
        (f64::INFINITY, 1e308),
        (-1e308, f64::NEG_INFINITY),
        (0.0, 0.0),
    ];
    let b = Boundaries {
        regions: vec![
            Region {
                key: "x".into(),
                name: "X".into(),
                polygons: vec![vec![odd], vec![], vec![vec![]]],
            },
            Region {
                key: "y".into(),
                name: "Y".into(),
                polygons: vec![],
            },
        ],
        warnings: vec![],
    };
    let shades = [
        ("x".to_string(), Shade::Count(f64::NAN)),
        ("y".to_string(), Shade::Count(-3.0)),
    ];
    let svg = choropleth(&b, &shades, &options());
    assert_safe_and_accessible(&svg);
    let empty = choropleth(
        &Boundaries::default(),
        &[],
        &MapOptions {
            width: 0,
            ..options()
        },
    );
    assert_safe_and_accessible(&empty);
}

#[test]
fn right_to_left_mirrors_the_legend() {
    let b = parse(SMALL).unwrap();
    let options = MapOptions {
        right_to_left: true,
        lang: Some("ar"),
        ..options()
    };
    let svg = choropleth(&b, &[("7".to_string(), Shade::Count(3.0))], &options);
    let root = assert_safe_and_accessible(&svg);
    assert_eq!(root.attribute("lang"), Some("ar"));
    for label in root.all().into_iter().filter(|e| has_class(e, "label")) {
        assert_eq!(label.attribute("text-anchor"), Some("end"));
        assert!(label.text.starts_with('\u{2067}'));
    }
}

// ---- reading the SVG back --------------------------------------------------------

/// An element of a parsed map.
#[derive(Debug)]
struct Element {
    name: String,
    attributes: Vec<(String, String)>,
    children: Vec<Element>,
    text: String,
}

impl Element {
    fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    fn all(&self) -> Vec<&Element> {
        let mut out = vec![self];
        for c in &self.children {
            out.extend(c.all());
        }
        out
    }
}

fn has_class(e: &Element, class: &str) -> bool {
    e.attribute("class")
        .is_some_and(|c| c.split(' ').any(|c| c == class))
}

/// Parses `svg` as XML, failing on anything ill-formed.
fn parse_svg(svg: &str) -> Element {
    assert!(
        !svg.chars()
            .any(|c| (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r')),
        "a character XML forbids"
    );
    let mut reader = quick_xml::Reader::from_str(svg);
    let mut stack: Vec<Element> = Vec::new();
    let mut root = None;
    loop {
        let event = reader.read_event().expect("well-formed XML");
        let empty = matches!(event, Event::Empty(_));
        match event {
            Event::Start(e) | Event::Empty(e) => {
                stack.push(Element {
                    name: e.name().as_ref().to_string(),
                    attributes: e
                        .attributes()
                        .map(|a| {
                            let a = a.expect("well-formed attribute");
                            let key = a.key.as_ref().to_string();
                            let value = a
                                .normalized_value(XmlVersion::Implicit1_0)
                                .expect("entities");
                            (key, value.into_owned())
                        })
                        .collect(),
                    children: vec![],
                    text: String::new(),
                });
                if empty {
                    close(&mut stack, &mut root);
                }
            }
            Event::End(_) => close(&mut stack, &mut root),
            Event::Text(t) => {
                let text = t.xml10_content();
                match stack.last_mut() {
                    Some(e) => e.text.push_str(&text),
                    None => assert!(text.trim().is_empty(), "text outside the root"),
                }
            }
            Event::GeneralRef(r) => {
                let c = match &*r.into_inner() {
                    "amp" => '&',
                    "lt" => '<',
                    "gt" => '>',
                    "quot" => '"',
                    "apos" => '\'',
                    other => panic!("unknown entity {other:?}"),
                };
                stack.last_mut().expect("inside the root").text.push(c);
            }
            Event::Eof => break,
            other => panic!("unexpected {other:?}"),
        }
    }
    assert!(stack.is_empty(), "unclosed elements");
    root.expect("a root element")
}

fn close(stack: &mut Vec<Element>, root: &mut Option<Element>) {
    let done = stack.pop().expect("an open element");
    match stack.last_mut() {
        Some(parent) => parent.children.push(done),
        None => {
            assert!(root.is_none(), "more than one root element");
            *root = Some(done);
        }
    }
}

/// Well-formed, with an accessible name and description, and nothing a strict
/// content security policy would block or a publisher would not want.
#[track_caller]
fn assert_safe_and_accessible(svg: &str) -> Element {
    let root = parse_svg(svg);
    assert_eq!(root.name, "svg");
    assert_eq!(root.attribute("role"), Some("img"));
    assert_eq!(root.children[0].name, "title");
    assert_eq!(root.children[1].name, "desc");
    for e in root.all() {
        assert!(
            !matches!(
                e.name.as_str(),
                "script" | "style" | "foreignObject" | "a" | "image" | "use" | "iframe"
            ),
            "forbidden element {}",
            e.name
        );
        for (k, v) in &e.attributes {
            assert!(!k.starts_with("on"), "event attribute {k}");
            assert!(!k.contains("href") && k != "style", "attribute {k}");
            assert!(
                !v.contains("http") || k == "xmlns",
                "external reference {k}={v}"
            );
        }
        if e.name == "path" && has_class(e, "region") {
            assert_eq!(e.children.len(), 1, "a region has its <title>");
            assert_eq!(e.children[0].name, "title");
        }
    }
    root
}

/// The WCAG contrast ratio of two `#rrggbb` colours.
fn contrast(a: &str, b: &str) -> f64 {
    let luminance = |hex: &str| {
        let channel = |i: usize| {
            let c = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap()) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5)
    };
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}
