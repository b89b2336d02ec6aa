//! `memoria evidence` and `memoria verify` as a documentalist uses them: a photo and a
//! document that lies about its type added to an incident, the photo back exactly as
//! it went in, a copy without its GPS position, the custody of each item in the audit
//! log, and a flipped bit in the vault found and refused.

use std::path::{Path, PathBuf};

use crate::{Backend, fails, ok};

pub(crate) fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../memoria-media/tests/data")
        .join(name)
}

pub(crate) fn first_incident(backend: &Backend) -> String {
    first_of_kind(
        &String::from_utf8(backend.export()).unwrap(),
        "incident",
        "",
    )
}

/// The first incident in the data directory `data`.
pub(crate) fn first_incident_in(data: &Path) -> String {
    let (export, _) = crate::ok(crate::memoria_at(data).args(["export", "--out", "-"]));
    first_of_kind(&export, "incident", "")
}

/// The id of the first record of `kind` in a JSON Lines export whose line holds `also`.
pub(crate) fn first_of_kind(export: &str, kind: &str, also: &str) -> String {
    let line = export
        .lines()
        .find(|l| l.contains(&format!("\"kind\":\"{kind}\"")) && l.contains(also))
        .unwrap_or_else(|| panic!("the export has no {kind} with {also:?}"));
    let v: serde_json::Value = serde_json::from_str(line).unwrap();
    v["id"].as_str().unwrap().to_string()
}

/// Writes `bytes` of noise that never repeats to `path`: a recording stand-in that
/// nothing compresses or deduplicates away.
pub(crate) fn write_noise(path: &Path, bytes: usize, seed: u64) {
    std::fs::write(path, memoria_testkit::noise(bytes, seed)).unwrap();
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn evidence_goes_in_and_comes_out_unchanged_with_its_custody() {
    for backend in Backend::all() {
        let dir = backend.dir().to_path_buf();
        ok(backend
            .memoria()
            .args(["demo", "--no-serve", "--incidents", "5"]));
        let incident = first_incident(&backend);
        let photo = fixture("photo.jpg");
        // A PDF under a photo's name: its real type is kept, and the user is told.
        let liar = dir.join("statement.jpg");
        std::fs::copy(fixture("report.pdf"), &liar).unwrap();

        let (out, err) = ok(backend
            .memoria()
            .args(["evidence", "add", "--incident", &incident])
            .arg(&photo)
            .arg(&liar));
        assert!(err.contains("Created the evidence vault's key"), "{err}");
        assert!(err.contains("is named like another type of file"), "{err}");
        let added: Vec<(&str, &str)> = out.lines().map(|l| l.split_once('\t').unwrap()).collect();
        assert_eq!(added.len(), 2);
        let (photo_id, photo_hash) = added[0];
        assert_eq!(photo_hash.len(), 64);

        let (list, _) = ok(backend
            .memoria()
            .args(["evidence", "list", "--incident", &incident]));
        assert!(list.contains("image/jpeg\t2023:05:01 10:22:03"), "{list}");
        assert!(list.contains("application/pdf"), "{list}");

        // Exactly the bytes that went in.
        let back = dir.join("back.jpg");
        ok(backend
            .memoria()
            .args(["evidence", "get", photo_id, "--out"])
            .arg(&back));
        assert_eq!(
            std::fs::read(&back).unwrap(),
            std::fs::read(&photo).unwrap()
        );
        // The stripped copy has no EXIF (and so no GPS position) left.
        let stripped = dir.join("stripped.jpg");
        ok(backend
            .memoria()
            .args(["evidence", "get", photo_id, "--stripped", "--out"])
            .arg(&stripped));
        let stripped = std::fs::read(&stripped).unwrap();
        assert!(contains(&std::fs::read(&photo).unwrap(), b"Exif\0\0"));
        assert!(!contains(&stripped, b"Exif\0\0"));
        assert!(stripped.starts_with(&[0xFF, 0xD8]));
        // An existing file is never overwritten.
        let err = fails(
            backend
                .memoria()
                .args(["evidence", "get", photo_id, "--out"])
                .arg(&back),
        );
        assert!(err.contains("exists"), "{err}");

        // Custody: ingest, derivation, two downloads, each with its hash and log place.
        let (custody, _) = ok(backend
            .memoria()
            .args(["evidence", "custody", photo_id, "--json"]));
        let events: Vec<serde_json::Value> = custody
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        let actions: Vec<&str> = events
            .iter()
            .map(|e| e["action"].as_str().unwrap())
            .collect();
        assert_eq!(
            actions,
            [
                "create",
                "custody-ingest",
                "custody-derive",
                "custody-download",
                "custody-download-stripped"
            ]
        );
        assert!(events[1]["detail"].as_str().unwrap().contains(photo_hash));
        assert!(events.iter().all(|e| e["log_index"].is_u64()));
        assert!(events.iter().all(|e| e["account"] == "admin"));

        let (_, err) = ok(backend.memoria().arg("verify"));
        assert!(
            err.contains("Everything checks out: 3 evidence file(s)"),
            "{err}"
        );

        // A flipped bit in a stored file is found by verify, and get refuses it
        // without leaving a partial file behind.
        let vault = dir.join("vault");
        let mut stored: Vec<PathBuf> = walk(&vault.join("objects"));
        stored.sort_by_key(|p| std::fs::metadata(p).unwrap().len());
        let biggest = stored.last().unwrap().clone();
        let mut bytes = std::fs::read(&biggest).unwrap();
        let middle = bytes.len() / 2;
        bytes[middle] ^= 0x01;
        std::fs::write(&biggest, bytes).unwrap();
        let err = fails(backend.memoria().arg("verify"));
        assert!(err.contains("is damaged"), "{err}");
        assert!(err.contains("1 problem(s) found"), "{err}");
        let again = dir.join("again.jpg");
        let err = fails(
            backend
                .memoria()
                .args(["evidence", "get", photo_id, "--out"])
                .arg(&again),
        );
        assert!(err.contains("could not be read back whole"), "{err}");
        assert!(!again.exists() && !dir.join("again.partial").exists());

        // Another key does not open the vault.
        let other_key = dir.join("other-key");
        std::fs::write(&other_key, [7u8; 32]).unwrap();
        let err = fails(
            backend
                .memoria()
                .arg("--vault-key")
                .arg(&other_key)
                .args(["evidence", "get", photo_id, "--out"])
                .arg(dir.join("x.jpg")),
        );
        assert!(
            err.contains("does not open this vault") || err.contains("key"),
            "{err}"
        );
    }
}

pub(crate) fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

/// The Library of Congress's `bagit.py` (PyPI `bagit`), run as a module of
/// `$MEMORIA_PYTHON` (CI's validators venv) or `python3`; `None` when it is missing,
/// unless `MEMORIA_REQUIRE_VALIDATORS` is set.
pub(crate) fn bagit_python() -> Option<String> {
    let python = std::env::var("MEMORIA_PYTHON").unwrap_or_else(|_| "python3".into());
    let found = std::process::Command::new(&python)
        .args(["-c", "import bagit"])
        .status()
        .is_ok_and(|s| s.success());
    if found {
        return Some(python);
    }
    let required =
        std::env::var_os("MEMORIA_REQUIRE_VALIDATORS").is_some_and(|v| !v.is_empty() && v != "0");
    assert!(
        !required,
        "bagit (PyPI) is required: pip install bagit==1.9.0"
    );
    eprintln!("note: bagit.py missing; skipping its validation of the bag");
    None
}

pub(crate) fn bagit_validates(python: &str, bag: &Path) -> bool {
    std::process::Command::new(python)
        .args(["-m", "bagit", "--validate"])
        .arg(bag)
        .output()
        .unwrap()
        .status
        .success()
}

#[test]
fn an_incident_exports_as_a_bag_that_bagit_and_go_accept() {
    let backend = Backend::sqlite();
    let dir = backend.dir().to_path_buf();
    ok(backend
        .memoria()
        .args(["demo", "--no-serve", "--incidents", "5"]));
    let incident = first_incident(&backend);
    let (out, _) = ok(backend
        .memoria()
        .args(["evidence", "add", "--incident", &incident])
        .arg(fixture("photo.jpg")));
    let (evidence, _) = out.trim().split_once('\t').unwrap();

    let bag = dir.join("case-bag");
    let (_, err) = ok(backend
        .memoria()
        .args(["export", "bag", "--incident", &incident, "--out"])
        .arg(&bag));
    assert!(err.contains("Wrote the bag"), "{err}");
    let item = bag.join(format!("data/incidents/{incident}/evidence/{evidence}"));
    assert_eq!(
        std::fs::read(item.join("original.jpg")).unwrap(),
        std::fs::read(fixture("photo.jpg")).unwrap()
    );
    let custody = std::fs::read_to_string(item.join("custody.jsonl")).unwrap();
    assert!(
        custody.contains("\"action\":\"custody-export\""),
        "{custody}"
    );
    let info = std::fs::read_to_string(bag.join("bag-info.txt")).unwrap();
    assert!(
        info.contains(&format!("External-Identifier: {incident}\n")),
        "{info}"
    );
    // A bag is never written over.
    let err = fails(
        backend
            .memoria()
            .args(["export", "bag", "--incident", &incident, "--out"])
            .arg(&bag),
    );
    assert!(err.contains("exists"), "{err}");

    // The receipt in the bag proves the ingest with Go's sumdb, from the bag alone.
    if let Some(check) = memoria_testkit::build_go_program(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/go"),
        &dir.join("receipt-check"),
    ) {
        let out = std::process::Command::new(check)
            .arg(bag.join("log/log.vkey"))
            .arg(item.join("ingest.tlog-proof"))
            .arg(item.join("ingest-entry.json"))
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stdout)
        );
    }

    if let Some(python) = bagit_python() {
        assert!(bagit_validates(&python, &bag), "bagit.py refused the bag");
        // One changed byte in the payload, same size: bagit.py finds it.
        let original = item.join("original.jpg");
        let mut bytes = std::fs::read(&original).unwrap();
        bytes[100] ^= 0x01;
        std::fs::write(&original, bytes).unwrap();
        assert!(
            !bagit_validates(&python, &bag),
            "bagit.py accepted a changed file"
        );
    }
}
