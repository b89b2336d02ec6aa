//! Replays the `boundaries` fuzzer's corpus (`fuzz/corpus/boundaries`) on every test
//! run, so an input that once broke the reader keeps being tried without cargo-fuzz.

use memoria_publish::map::{self, MapOptions, Shade};

/// What the fuzzer checks: any text is read or refused, never a panic; what is read
/// keeps the promises of `Region`, and draws the same map twice.
#[test]
fn boundaries_corpus_replays() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/corpus/boundaries");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        n += 1;
        let Ok(text) = std::str::from_utf8(&bytes) else {
            continue;
        };
        let Ok(boundaries) = map::parse(text) else {
            continue;
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
                (
                    r.key.clone(),
                    [Shade::Count(i as f64), Shade::Suppressed, Shade::NoData][i % 3],
                )
            })
            .collect();
        let options = MapOptions {
            title: "t",
            description: "d",
            legend_title: "l",
            suppressed_label: "s",
            no_data_label: "n",
            width: 400,
            lang: None,
            right_to_left: false,
            number: &memoria_estimate::chart::plain,
        };
        let svg = map::choropleth(&boundaries, &shades, &options);
        assert_eq!(svg, map::choropleth(&boundaries, &shades, &options));
        assert!(!svg.contains("<script"));
    }
    assert!(n > 0, "the boundaries corpus is empty");
}
