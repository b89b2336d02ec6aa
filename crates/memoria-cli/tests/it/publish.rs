//! `memoria publish` on the demonstration collection, on each backend: the dry run
//! writes nothing, the site lands complete with its map and open data, publishing
//! again with nothing changed gives the same bytes and says so, and a folder that is
//! not an earlier publication is never overwritten.

use std::collections::BTreeMap;
use std::path::Path;

use crate::{Backend, fails, ok};

fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let e = e.unwrap();
            if e.file_type().unwrap().is_dir() {
                stack.push(e.path());
            } else {
                let rel = e
                    .path()
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                out.insert(rel, std::fs::read(e.path()).unwrap());
            }
        }
    }
    out
}

#[test]
fn the_demonstration_collection_is_published_through_its_policy() {
    for backend in Backend::all() {
        ok(backend
            .memoria()
            .args(["demo", "--no-serve", "--incidents", "300"]));
        let site = backend.dir().join("site");

        let (report, _) = ok(backend
            .memoria()
            .args([
                "publish",
                "--collection",
                "demo-valdoria",
                "--dry-run",
                "--out",
            ])
            .arg(&site));
        assert!(report.contains("Would publish"), "{report}");
        assert!(report.contains("Withheld") && report.contains("Consent withdrawals"));
        assert!(report.contains("first publication"), "{report}");
        assert!(!site.exists(), "a dry run writes nothing");

        let (first_report, said) = ok(backend
            .memoria()
            .args(["publish", "--collection", "demo-valdoria", "--out"])
            .arg(&site));
        let first = tree(&site);
        assert!(
            !backend.dir().join(".site.partial").exists(),
            "the folder the site was written into is gone once moved into place"
        );
        assert!(first.contains_key(".memoria-publication"));
        for page in [
            "index.html",
            "en/index.html",
            "ar/statistics.html",
            "es/map.html",
            "fr/methodology.html",
            "en/feed.atom",
            "assets/search-index.js",
            "opendata/datapackage.json",
            "opendata/data/incidents.csv",
        ] {
            assert!(first.contains_key(page), "{page} missing");
        }
        let map = String::from_utf8(first["en/map.html"].clone()).unwrap();
        assert!(
            map.contains("<svg") && map.matches("<path").count() >= 6,
            "the map draws the six regions"
        );
        assert!(first_report.contains("Would publish"), "{first_report}");
        assert!(
            said.contains("Published") && said.contains("index.html"),
            "{said}"
        );

        // Nothing changed: the same bytes, and the report says there is no change.
        let (second_report, _) = ok(backend
            .memoria()
            .args(["publish", "--collection", "demo-valdoria", "--out"])
            .arg(&site));
        assert!(second_report.contains("no change"), "{second_report}");
        assert!(
            tree(&site) == first,
            "publishing the same data twice changed the site"
        );

        // A folder that holds something else is left alone.
        let other = backend.dir().join("photos");
        std::fs::create_dir(&other).unwrap();
        std::fs::write(other.join("holiday.jpg"), b"not ours").unwrap();
        let err = fails(
            backend
                .memoria()
                .args(["publish", "--collection", "demo-valdoria", "--out"])
                .arg(&other),
        );
        assert!(err.contains("not an earlier publication"), "{err}");
        assert_eq!(
            std::fs::read(other.join("holiday.jpg")).unwrap(),
            b"not ours"
        );
    }
}
