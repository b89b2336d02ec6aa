//! The planted collection published: nothing planted leaves, in any byte of any file
//! (pages, search index, feed, open data, the published photo's metadata); what
//! should be published is; the same input gives the same bytes; a withdrawn consent
//! takes the name out of the next publication and into its report; and the hidden
//! cells of the published tables cannot be recovered from their margins.

use std::collections::BTreeMap;

use memoria_publish::{Output, publish};

use crate::fixture::{CONSENTED, PLANTED, WITHDRAWN, photo, snapshot};

fn files_containing(out: &Output, needle: &str) -> Vec<String> {
    let needle = needle.to_lowercase();
    out.files
        .iter()
        .filter(|(_, bytes)| {
            String::from_utf8_lossy(bytes)
                .to_lowercase()
                .contains(&needle)
        })
        .map(|(p, _)| p.clone())
        .collect()
}

#[test]
fn nothing_planted_leaves_in_any_byte_of_the_output() {
    let out = publish(&snapshot(true)).unwrap();
    assert!(out.files.len() > 50, "a whole site: {}", out.files.len());
    for value in PLANTED {
        let found = files_containing(&out, value);
        assert!(found.is_empty(), "{value:?} appears in {found:?}");
        // Also as JSON or HTML would escape it.
        let escaped = value.replace('+', "\\u002b");
        assert!(files_containing(&out, &escaped).is_empty());
    }
    // The published photo is the stripped copy: no EXIF, GPS or C2PA in it.
    let (original, stripped) = photo();
    let media: Vec<&Vec<u8>> = out
        .files
        .iter()
        .filter(|(p, _)| p.starts_with("media/"))
        .map(|(_, b)| b)
        .collect();
    assert_eq!(
        media,
        vec![&stripped],
        "exactly the stripped copy is published"
    );
    assert_ne!(stripped, original);
    let read = memoria_media::inspect(&stripped);
    assert!(read.exif.is_none() && read.c2pa.is_none(), "{read:?}");
}

#[test]
fn what_the_policy_allows_is_there() {
    let out = publish(&snapshot(true)).unwrap();
    let page = |p: &str| String::from_utf8(out.files[p].clone()).unwrap();
    // The consented victim is named, on the page and in the open data.
    assert!(!files_containing(&out, CONSENTED).is_empty());
    assert!(page("opendata/data/victims.csv").contains(CONSENTED));
    // The raid's village became its district, in the title too; the date is kept.
    let raid = page("en/incidents/00000000-0000-4000-8000-000000000100.html");
    assert!(raid.contains("Raid in Harbour District"), "{raid}");
    assert!(raid.contains("Security forces raided several homes at dawn."));
    assert!(raid.contains("2019-03-05"));
    // The restricted incident shows its month only.
    let beating = page("en/incidents/00000000-0000-4000-8000-000000000102.html");
    assert!(beating.contains("2020-05") && !beating.contains("2020-05-17"));
    // The title naming an unconsented victim is withheld, the incident is not.
    let arrest = page("en/incidents/00000000-0000-4000-8000-000000000101.html");
    assert!(arrest.contains("Incident without a published title"));
    // The south's count of 3 is hidden everywhere it is tabled.
    let stats = page("en/statistics.html");
    assert!(stats.contains("Southern Region"));
    let regions = page("opendata/data/victims-by-region.csv");
    let south = regions
        .lines()
        .find(|l| l.starts_with("00000000-0000-4000-8000-000000000012"))
        .expect("a row for the south");
    assert!(south.ends_with(",,true"), "{south}");
    // The report says what was hidden, and why.
    let report = out.report.to_string();
    assert!(report.contains("below the threshold"), "{report}");
    assert!(
        report.contains("names a person who may not be named"),
        "{report}"
    );
    assert!(out.report.withheld.len() >= 5, "{report}");
    // And never a name or planted value itself.
    for value in PLANTED {
        assert!(!report.contains(value), "{value} in the report");
    }
}

#[test]
fn the_same_input_gives_the_same_bytes() {
    let a = publish(&snapshot(true)).unwrap();
    let b = publish(&snapshot(true)).unwrap();
    assert_eq!(a.publication.digest, b.publication.digest);
    assert!(
        a.files == b.files,
        "two publications of the same data differ"
    );
}

#[test]
fn a_withdrawn_consent_removes_the_person_from_the_next_publication() {
    let before = publish(&snapshot(false)).unwrap();
    assert!(
        !files_containing(&before, WITHDRAWN).is_empty(),
        "named while consented"
    );
    let mut later = snapshot(true);
    later.previous = Some(before.publication.clone());
    let after = publish(&later).unwrap();
    assert!(files_containing(&after, WITHDRAWN).is_empty());
    let withdrawn_id: memoria_core::id::RecordId =
        "00000000-0000-4000-8000-000000000023".parse().unwrap();
    assert!(after.report.withdrawals.contains(&withdrawn_id));
    assert_eq!(after.report.difference.no_longer_named, vec![withdrawn_id]);
    assert!(after.report.to_string().contains("Consent withdrawals"));
    assert!(
        after
            .report
            .difference
            .changed
            .contains(&"00000000-0000-4000-8000-000000000100".parse().unwrap())
    );
}

/// Reads a published table: (row key, column key) → count, `None` where hidden.
fn table(csv: &str) -> BTreeMap<(String, String), Option<f64>> {
    let mut out = BTreeMap::new();
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    for row in reader.records() {
        let row = row.unwrap();
        let count = if &row[3] == "true" {
            None
        } else {
            Some(row[2].parse::<f64>().unwrap())
        };
        out.insert((row[0].to_string(), row[1].to_string()), count);
    }
    out
}

#[test]
fn hidden_cells_cannot_be_recovered_by_subtracting_from_the_margins() {
    let out = publish(&snapshot(true)).unwrap();
    let cross = table(
        &String::from_utf8(out.files["opendata/data/victims-by-region-and-violation.csv"].clone())
            .unwrap(),
    );
    assert!(
        cross.values().any(Option::is_none),
        "the small southern counts are hidden"
    );
    let rows: Vec<String> = cross.keys().map(|(r, _)| r.clone()).collect();
    let columns: Vec<String> = cross.keys().map(|(_, c)| c.clone()).collect();
    // Each line (a row with its total, a column with its total) holds no hidden entry
    // or at least two: one alone would be its total minus the rest.
    for r in &rows {
        let hidden = cross
            .iter()
            .filter(|((row, _), v)| row == r && v.is_none())
            .count();
        assert!(hidden != 1, "row {r} has one hidden entry: recoverable");
    }
    for c in &columns {
        let hidden = cross
            .iter()
            .filter(|((_, col), v)| col == c && v.is_none())
            .count();
        assert!(hidden != 1, "column {c} has one hidden entry: recoverable");
    }
    // And the attack itself, on every line: total minus shown never equals a hidden
    // value it could be attributed to alone.
    for r in &rows {
        let line: Vec<_> = cross.iter().filter(|((row, _), _)| row == r).collect();
        let total = line
            .iter()
            .find(|((_, c), _)| c == "total")
            .and_then(|(_, v)| **v);
        if let Some(total) = total {
            let shown: f64 = line
                .iter()
                .filter(|((_, c), _)| c != "total")
                .filter_map(|(_, v)| **v)
                .sum();
            let hidden = line.iter().filter(|(_, v)| v.is_none()).count();
            assert!(hidden == 0 || hidden >= 2 || (total - shown).abs() < 1e-9);
        }
    }
}

#[test]
fn each_language_has_a_well_formed_atom_feed_of_the_latest_changes() {
    let out = publish(&snapshot(true)).unwrap();
    for lang in ["en", "es", "fr", "ar"] {
        let feed = &out.files[&format!("{lang}/feed.atom")];
        let mut reader = quick_xml::Reader::from_reader(feed.as_slice());
        let mut buf = Vec::new();
        let mut entries = 0;
        loop {
            match reader.read_event_into(&mut buf) {
                Ok(quick_xml::events::Event::Start(e)) if e.name().into_inner() == "entry" => {
                    entries += 1
                }
                Ok(quick_xml::events::Event::Eof) => break,
                Ok(_) => {}
                Err(e) => panic!("{lang}/feed.atom is not well-formed: {e}"),
            }
            buf.clear();
        }
        assert!(entries >= 40, "{lang}: {entries} entries");
        let text = String::from_utf8_lossy(feed);
        assert!(text.contains(&format!("xml:lang=\"{lang}\"")));
    }
}

/// The last check stands before every file is handed over: when a value that must not
/// leave turns up in the output (here a witness's "contact" that is also the
/// collection's title, so on every page), the publication is refused, the file that
/// holds it is never handed over, nor any after it, and the message names the record
/// but not the value.
#[test]
fn a_file_the_last_check_refuses_is_never_handed_over() {
    use memoria_publish::{PublishError, Sink, publish_into};
    use std::sync::Mutex;

    struct Record(Mutex<Vec<(String, Vec<u8>)>>);
    impl Sink for Record {
        fn put(&self, path: &str, bytes: &[u8]) -> std::io::Result<()> {
            self.0
                .lock()
                .unwrap()
                .push((path.to_string(), bytes.to_vec()));
            Ok(())
        }
    }
    let whole = publish(&snapshot(true)).unwrap().files.len();
    let mut s = snapshot(true);
    let title = "Planted test collection";
    for p in s.persons.values_mut() {
        if p.sensitive.contact.is_some() {
            p.sensitive.contact = Some(title.into());
        }
    }
    let sink = Record(Mutex::new(Vec::new()));
    let Err(PublishError::Leak(what)) = publish_into(s, &sink) else {
        panic!("a contact on every page must refuse the publication");
    };
    assert!(what.contains("contact details"), "{what}");
    assert!(!what.to_lowercase().contains("planted"), "{what}");
    let put = sink.0.into_inner().unwrap();
    assert!(
        put.len() < whole,
        "files after the refusal were still handed over"
    );
    for (path, bytes) in &put {
        assert!(
            !String::from_utf8_lossy(bytes)
                .to_lowercase()
                .contains(&title.to_lowercase()),
            "{path} was handed over with the forbidden value"
        );
    }
}

/// A caller may keep of withheld incidents only what the report counts, drop their
/// acts, and keep of sources only their kind and reference (as `memoria publish`
/// does, to hold a large collection in less memory): the site is the same byte for
/// byte, and so is the report.
#[test]
fn a_lean_snapshot_publishes_the_same_bytes() {
    use memoria_publish::input::{as_counted, as_withheld, reads_acts_of};

    let mut full = snapshot(true);
    // An act of a withheld incident, which the lean snapshot leaves out.
    let withheld = full
        .incidents
        .iter()
        .find(|d| !reads_acts_of(&full.policy, &d.record))
        .expect("the fixture withholds some incidents")
        .id;
    let (id, mut act) = full.acts[0].clone();
    act.incident = withheld;
    full.acts.push((memoria_core::id::RecordId::random(), act));
    assert_ne!(full.acts.last().unwrap().0, id);
    let mut lean = full.clone();
    for d in &mut lean.incidents {
        d.record = as_withheld(&lean.policy, d.record.clone());
    }
    let admitted: Vec<_> = lean
        .incidents
        .iter()
        .filter(|d| reads_acts_of(&lean.policy, &d.record))
        .map(|d| d.id)
        .collect();
    assert!(
        admitted.len() < lean.incidents.len(),
        "the fixture withholds some incidents"
    );
    lean.acts.retain(|(_, a)| admitted.contains(&a.incident));
    assert!(lean.acts.len() < full.acts.len(), "and so some acts");
    lean.sources = lean
        .sources
        .into_iter()
        .map(|(id, s)| (id, as_counted(s)))
        .collect();
    let (a, b) = (publish(&full).unwrap(), publish(&lean).unwrap());
    assert_eq!(a.publication.digest, b.publication.digest);
    assert!(a.files == b.files);
    assert_eq!(a.report.to_string(), b.report.to_string());
}
