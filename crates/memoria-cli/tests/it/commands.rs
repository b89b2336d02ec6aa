//! Each subcommand through its documented forms.

use std::io::Write;
use std::process::Stdio;

use crate::{Backend, data_file, fails, memoria, ok};

#[test]
fn data_option_is_accepted_before_or_after_the_subcommand_and_from_the_environment() {
    let dir = tempfile::tempdir().unwrap();
    let (_, err) = ok(memoria().arg("--data").arg(dir.path()).arg("init"));
    assert!(err.contains("Created the local administrator"), "{err}");
    assert!(dir.path().join("memoria.sqlite").is_file());
    let (out, _) = ok(memoria().args(["vocab", "list", "--data"]).arg(dir.path()));
    assert!(out.contains("violation-types"));
    let (out, _) = ok(memoria()
        .env("MEMORIA_DATA", dir.path())
        .args(["vocab", "show", "sex", "--lang", "es"]));
    assert!(out.contains("Mujer") || out.contains("Femenino"), "{out}");
    let (_, err) = ok(memoria().arg("--data").arg(dir.path()).arg("init"));
    assert!(err.contains("nothing changed"), "{err}");
}

#[test]
fn a_missing_data_directory_says_how_to_make_one() {
    let dir = tempfile::tempdir().unwrap();
    let err = fails(
        memoria()
            .arg("--data")
            .arg(dir.path().join("nowhere"))
            .args(["vocab", "list"]),
    );
    assert!(err.contains("memoria init"), "{err}");
}

#[test]
fn accounts_are_added_with_a_password_from_standard_input() {
    let dir = tempfile::tempdir().unwrap();
    let add = |name: &str, password: &str| {
        let mut child = memoria()
            .arg("--data")
            .arg(dir.path())
            .args(["user", "add", name, "--password-stdin"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(format!("{password}\n").as_bytes())
            .unwrap();
        child.wait_with_output().unwrap()
    };
    let short = add("dana", "short");
    assert!(!short.status.success());
    assert!(String::from_utf8_lossy(&short.stderr).contains("too short"));
    assert!(add("dana", "correct horse battery staple").status.success());
    assert!(
        !add("dana", "another long passphrase").status.success(),
        "a name is used once"
    );
    let (out, _) = ok(memoria()
        .arg("--data")
        .arg(dir.path())
        .args(["user", "list"]));
    assert!(out.contains("\tdana\t"), "{out}");
    assert!(out.contains("\tadmin\tadministrator, no password"), "{out}");
    // The hash is argon2id and the password itself is nowhere in the database.
    let db = std::fs::read(dir.path().join("memoria.sqlite")).unwrap();
    assert!(contains(&db, b"$argon2id$"));
    assert!(!contains(&db, b"correct horse battery staple"));
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn demo_creates_a_collection_once() {
    for backend in Backend::all() {
        let (_, err) = ok(backend
            .memoria()
            .args(["demo", "--no-serve", "--incidents", "60"]));
        assert!(
            err.contains("Created the demonstration collection"),
            "{err}"
        );
        assert!(err.contains("incident"), "{err}");
        let (_, err) = ok(backend.memoria().args(["demo", "--no-serve"]));
        assert!(err.contains("already holds data"), "{err}");
    }
}

#[test]
fn import_dry_run_import_history_restore_and_a_lossless_round_trip() {
    for backend in Backend::all() {
        ok(backend.memoria().arg("init"));
        let empty = backend.export();

        // A bad file: every problem, nothing written, a failing exit code.
        let err = fails(
            backend
                .memoria()
                .arg("import")
                .arg("--mapping")
                .arg(data_file("victims.toml"))
                .arg(data_file("victims-bad.csv")),
        );
        assert!(err.contains("row 3, column \"sex\""), "{err}");
        assert!(err.contains("row 3, column \"date\""), "{err}");
        assert!(err.contains("row 4"), "{err}");
        assert_eq!(backend.export(), empty, "a failed import changes nothing");

        // The dry run of a good file writes nothing.
        let (_, err) = ok(backend
            .memoria()
            .args(["import", "--dry-run", "--mapping"])
            .arg(data_file("victims.toml"))
            .arg(data_file("victims.csv")));
        assert!(err.contains("3 rows, 0 problems"), "{err}");
        assert_eq!(backend.export(), empty, "a dry run changes nothing");

        let (_, err) = ok(backend
            .memoria()
            .arg("import")
            .arg("--mapping")
            .arg(data_file("victims.toml"))
            .arg(data_file("victims.csv")));
        assert!(err.contains("3 rows imported"), "{err}");

        // Find a list record through the export, then read its history.
        let export = String::from_utf8(backend.export()).unwrap();
        let id = export
            .lines()
            .find(|l| l.contains("\"kind\":\"record\"") && l.contains("\"external_id\":\"1\""))
            .and_then(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .and_then(|v| v["id"].as_str().map(String::from))
            .expect("the imported record is exported");
        let (out, _) = ok(backend.memoria().args(["history", &id, "--json"]));
        let revisions: Vec<serde_json::Value> = out
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(revisions.len(), 1);
        assert_eq!(revisions[0]["action"], "create");
        assert_eq!(revisions[0]["account"], "admin");
        let fields: Vec<&str> = revisions[0]["changes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["field"].as_str().unwrap())
            .collect();
        assert!(
            fields.contains(&"age") && fields.contains(&"date"),
            "{fields:?}"
        );

        let err = fails(backend.memoria().args(["restore", &id, "--to", "7"]));
        assert!(err.contains("no version 7"), "{err}");

        // Export, load into an empty store, export again: the same bytes.
        let first = backend.export();
        let file = backend.dir().join("all.jsonl");
        std::fs::write(&file, &first).unwrap();
        let other = Backend::sqlite();
        ok(other
            .memoria()
            .args(["import", "--format", "jsonl"])
            .arg(&file));
        assert!(other.export() == first, "JSON Lines round trip is lossless");
        // Loading the same export twice is refused, not merged.
        fails(
            other
                .memoria()
                .args(["import", "--format", "jsonl"])
                .arg(&file),
        );
    }
}

#[test]
fn a_damaged_or_newer_database_is_refused_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("memoria.sqlite"), vec![0x5a; 8192]).unwrap();
    let err = fails(
        memoria()
            .arg("--data")
            .arg(dir.path())
            .args(["vocab", "list"]),
    );
    assert!(
        err.contains("not a Memoria database") || err.contains("damaged"),
        "{err}"
    );
    // Nothing was "repaired": the file is as it was.
    assert_eq!(
        std::fs::read(dir.path().join("memoria.sqlite")).unwrap(),
        vec![0x5a; 8192]
    );
}

#[test]
fn huridocs_micro_thesauri_import_as_vocabularies_once() {
    let Some(dir) = memoria_testkit::shared_file("huridocs-microthesauri") else {
        return;
    };
    for backend in Backend::all() {
        ok(backend.memoria().arg("init"));
        let (_, err) = ok(backend
            .memoria()
            .args(["vocab", "import", "--dry-run", "--huridocs"])
            .arg(&dir));
        assert!(err.contains("57 vocabularies"), "{err}");
        let (out, _) = ok(backend.memoria().args(["vocab", "list"]));
        assert!(!out.contains("huridocs-04"), "a dry run writes nothing");
        let (_, err) = ok(backend
            .memoria()
            .args(["vocab", "import", "--huridocs"])
            .arg(&dir));
        assert!(err.contains("57 vocabularies created"), "{err}");
        let (out, _) = ok(backend.memoria().args(["vocab", "list"]));
        assert!(
            out.contains("huridocs-04") && out.contains("violation-types"),
            "{out}"
        );
        // The same edition again changes nothing.
        let (_, err) = ok(backend
            .memoria()
            .args(["vocab", "import", "--huridocs"])
            .arg(&dir));
        assert!(err.contains("0 vocabularies created, 0 updated"), "{err}");
    }
}
