//! `memoria log` as an auditor uses it: a checkpoint handed out, later receipts and
//! consistency proofs checked by Go's `golang.org/x/mod/sumdb` (a tool Memoria did
//! not write, in `tests/go`), and `memoria log verify` catching an entry changed in the
//! database and a checkpoint that was not signed by the log's key.
//!
//! Without `go` (or Debian's x/mod source) the Go half is skipped with a note, unless
//! `MEMORIA_REQUIRE_VALIDATORS` is set, when it fails instead.

use std::path::Path;
use std::process::Command;

use crate::{Backend, fails, ok};

fn go_checker(dir: &Path) -> Option<std::path::PathBuf> {
    memoria_testkit::build_go_program(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/go"),
        &dir.join("receipt-check"),
    )
}

fn go(bin: &Path, args: &[&Path]) -> (bool, String) {
    let out = Command::new(bin).args(args).output().unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

/// Changes the detail of the audit entry at `index` behind Memoria's back.
fn tamper(backend: &Backend, index: u64) {
    let sql_index = index as i64;
    match backend {
        Backend::Sqlite(dir) => {
            let conn = rusqlite::Connection::open(dir.path().join("memoria.sqlite")).unwrap();
            let n = conn
                .execute(
                    "UPDATE audit SET detail = detail || ' (edited)' WHERE log_index = ?1",
                    [sql_index],
                )
                .unwrap();
            assert_eq!(n, 1);
        }
        Backend::Postgres(_, pg) => {
            let mut client = postgres::Client::connect(&pg.url, postgres::NoTls).unwrap();
            let n = client
                .execute(
                    "UPDATE audit SET detail = detail || ' (edited)' WHERE log_index = $1",
                    &[&sql_index],
                )
                .unwrap();
            assert_eq!(n, 1);
        }
    }
}

#[test]
fn receipts_and_proofs_check_out_in_go_and_verify_finds_tampering() {
    for backend in Backend::all() {
        let dir = backend.dir().to_path_buf();
        let file = |name: &str| dir.join(name);
        ok(backend
            .memoria()
            .args(["demo", "--no-serve", "--incidents", "25"]));
        let (vkey, _) = ok(backend.memoria().args(["log", "key"]));
        std::fs::write(file("vkey"), &vkey).unwrap();
        let (old, err) = ok(backend.memoria().args(["log", "checkpoint"]));
        assert!(err.contains("The log holds"), "{err}");
        std::fs::write(file("old-checkpoint"), &old).unwrap();
        let old_size: u64 = old.lines().nth(1).unwrap().parse().unwrap();
        assert!(
            old_size > 256,
            "the demo crosses a tile boundary ({old_size})"
        );

        // More writes after the checkpoint was handed out.
        ok(backend
            .memoria()
            .args(["token", "create", "--user", "admin"]));
        let index = old_size / 2;
        let (receipt, _) =
            ok(backend
                .memoria()
                .args(["log", "prove", "--index", &index.to_string()]));
        assert!(receipt.starts_with("c2sp.org/tlog-proof@v1\n"), "{receipt}");
        std::fs::write(file("receipt"), &receipt).unwrap();
        let (entry, _) =
            ok(backend
                .memoria()
                .args(["log", "entry", "--index", &index.to_string()]));
        assert!(entry.starts_with("{\"v\":1,"), "{entry}");
        std::fs::write(file("entry"), &entry).unwrap();
        let (other, _) =
            ok(backend
                .memoria()
                .args(["log", "entry", "--index", &(index + 1).to_string()]));
        std::fs::write(file("other-entry"), &other).unwrap();
        let (consistency, _) =
            ok(backend
                .memoria()
                .args(["log", "prove", "--old-size", &old_size.to_string()]));
        std::fs::write(file("consistency"), &consistency).unwrap();
        // The same entry, proved against the checkpoint the partner already holds.
        let (old_receipt, _) = ok(backend.memoria().args([
            "log",
            "prove",
            "--index",
            &index.to_string(),
            "--old-size",
            &old_size.to_string(),
        ]));
        assert!(old_receipt.ends_with(&old), "{old_receipt}");
        std::fs::write(file("old-receipt"), &old_receipt).unwrap();
        let err = fails(backend.memoria().args([
            "log",
            "prove",
            "--index",
            "0",
            "--old-size",
            &(old_size - 1).to_string(),
        ]));
        assert!(err.contains("no checkpoint of the log at"), "{err}");

        if let Some(bin) = go_checker(&dir) {
            let (good, out) = go(&bin, &[&file("vkey"), &file("old-receipt"), &file("entry")]);
            assert!(
                good,
                "Go refused the receipt against the old checkpoint: {out}"
            );
            let args = [
                file("vkey"),
                file("receipt"),
                file("entry"),
                file("old-checkpoint"),
                file("consistency"),
            ];
            let refs: Vec<&Path> = args.iter().map(|p| p.as_path()).collect();
            let (good, out) = go(&bin, &refs);
            assert!(good, "Go refused what memoria log printed: {out}");
            // The receipt proves its own entry, not its neighbour.
            let (good, out) = go(
                &bin,
                &[&file("vkey"), &file("receipt"), &file("other-entry")],
            );
            assert!(!good && out.contains("inclusion"), "{out}");
        }

        // Nothing is wrong yet; the handed-out checkpoint matches.
        let (_, err) = ok(backend
            .memoria()
            .args(["log", "verify", "--against"])
            .arg(file("old-checkpoint")));
        assert!(err.contains("The log is intact"), "{err}");

        // A checkpoint whose text was altered no longer carries a valid signature.
        let forged = old.replacen(
            &format!("\n{old_size}\n"),
            &format!("\n{}\n", old_size - 1),
            1,
        );
        std::fs::write(file("forged"), forged).unwrap();
        let err = fails(
            backend
                .memoria()
                .args(["log", "verify", "--against"])
                .arg(file("forged")),
        );
        assert!(err.contains("forged"), "{err}");

        // An entry edited in the database is found.
        tamper(&backend, index);
        let err = fails(backend.memoria().args(["log", "verify"]));
        assert!(err.contains("stored hash"), "{err}");
        assert!(err.contains("problem"), "{err}");
    }
}

#[test]
fn prove_says_what_it_needs() {
    let backend = Backend::sqlite();
    ok(backend.memoria().arg("init"));
    let err = fails(
        backend
            .memoria()
            .args(["log", "key", "--origin", "bad name"]),
    );
    assert!(err.contains("cannot name a log"), "{err}");
    let err = fails(backend.memoria().args(["log", "prove"]));
    assert!(err.contains("--index"), "{err}");
    let err = fails(backend.memoria().args(["log", "prove", "--index", "999"]));
    assert!(err.contains("no entry 999"), "{err}");
    let err = fails(backend.memoria().args(["log", "prove", "--old-size", "0"]));
    assert!(err.contains("--old-size"), "{err}");
    let err = fails(
        backend
            .memoria()
            .args(["log", "prove", "--index", "5", "--old-size", "3"]),
    );
    assert!(err.contains("no checkpoint"), "{err}");
    let err = fails(
        backend
            .memoria()
            .args(["log", "key", "--origin", "example.org/other"]),
    );
    assert!(err.contains("keeps its name"), "{err}");
}
