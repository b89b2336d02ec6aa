//! Draws a choropleth to look at: the demonstration collection's regions with made-up
//! counts, or any boundaries file with counts made up from each region's position.
//!
//! ```text
//! cargo run -p memoria-publish --example map -- /tmp/demo-map.svg [boundaries.json] [width]
//! ```

use memoria_publish::map::{self, MapOptions, Shade};

fn main() {
    let mut args = std::env::args().skip(1);
    let out = args
        .next()
        .expect("usage: map OUT.svg [BOUNDARIES.json] [WIDTH]");
    let text = match args.next() {
        Some(path) => std::fs::read_to_string(path).expect("reading the boundaries"),
        None => memoria_demo::boundaries_geojson(),
    };
    let width = args.next().map_or(640, |w| w.parse().expect("a width"));
    let boundaries = map::parse(&text).unwrap_or_else(|e| panic!("{e}"));
    for warning in &boundaries.warnings {
        eprintln!("warning: {warning}");
    }
    let made_up = [
        412.0, 57.0, -1.0, 1_203.0, 8.0, -2.0, 230.0, 19.0, 3.0, 96.0, 610.0,
    ];
    let shades: Vec<(String, Shade)> = boundaries
        .regions
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let shade = match made_up[i % made_up.len()] {
                -1.0 => Shade::Suppressed,
                -2.0 => Shade::NoData,
                n => Shade::Count(n * (1 + i / made_up.len()) as f64),
            };
            (r.key.clone(), shade)
        })
        .collect();
    let options = MapOptions {
        title: "Documented victims by region, 2015–2022",
        description: "Regions shaded by the number of documented victims (made-up numbers).",
        legend_title: "Documented victims",
        suppressed_label: "Withheld (fewer than 10)",
        no_data_label: "No data",
        width,
        lang: Some("en"),
        right_to_left: false,
        number: &memoria_estimate::chart::plain,
    };
    std::fs::write(&out, map::choropleth(&boundaries, &shades, &options)).expect("writing the map");
}
