//! Boundaries arrive as files a group brings from any mapping tool, so the reader must
//! survive any text: every input is read or refused with a reason, never a panic, and
//! what is read keeps the promises of `Region` and draws the same map twice.

#![no_main]

use libfuzzer_sys::fuzz_target;
use memoria_publish::map::{self, MapOptions, Shade};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let boundaries = match map::parse(text) {
        Ok(b) => b,
        Err(e) => {
            // Messages quote at most a few dozen characters of the file.
            assert!(e.to_string().len() < 1_000, "error too long: {e}");
            return;
        }
    };
    assert!(!boundaries.regions.is_empty());
    for region in &boundaries.regions {
        assert!(!region.key.is_empty() && !region.polygons.is_empty());
        for ring in region.polygons.iter().flatten() {
            assert!(ring.len() >= 4 && ring.first() == ring.last());
            assert!(
                ring.iter()
                    .all(|(lon, lat)| lon.abs() <= 360.0 && lat.abs() <= 90.0)
            );
        }
    }
    let shades: Vec<(String, Shade)> = boundaries
        .regions
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let shade = [Shade::Count(i as f64), Shade::Suppressed, Shade::NoData][i % 3];
            (r.key.clone(), shade)
        })
        .collect();
    let plain = |v: f64| format!("{v}");
    let options = MapOptions {
        title: "t",
        description: "d",
        legend_title: "l",
        suppressed_label: "s",
        no_data_label: "n",
        width: 400,
        lang: None,
        right_to_left: false,
        number: &plain,
    };
    let svg = map::choropleth(&boundaries, &shades, &options);
    assert_eq!(svg, map::choropleth(&boundaries, &shades, &options));
    assert!(!svg.contains("<script"));
});
