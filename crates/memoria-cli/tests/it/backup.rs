//! Encrypted bags, `memoria backup` and `memoria restore`, checked with tools Memoria
//! did not write: the `age` command decrypts, `tar` unpacks, `bagit.py` validates. A
//! restored data directory holds exactly what the original held, and a `kill -9` in
//! the middle of a backup or a restore leaves nothing that looks whole.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::evidence::{
    bagit_python, bagit_validates, first_incident, first_incident_in, first_of_kind, fixture, walk,
    write_noise,
};
use crate::{Backend, fails, ok};

/// `age` and `age-keygen` (Debian package `age`); `None` when missing, unless
/// `MEMORIA_REQUIRE_VALIDATORS` is set.
fn age_tools() -> Option<()> {
    let found = ["age", "age-keygen"].iter().all(|tool| {
        Command::new(tool)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    });
    if found {
        return Some(());
    }
    let required =
        std::env::var_os("MEMORIA_REQUIRE_VALIDATORS").is_some_and(|v| !v.is_empty() && v != "0");
    assert!(!required, "age is required: apt-get install age");
    eprintln!("note: age missing; skipping the encrypted bag and backup tests");
    None
}

/// A new age key pair from `age-keygen`: (identity file, recipient).
fn key_pair(dir: &Path, name: &str) -> (PathBuf, String) {
    let path = dir.join(name);
    let out = Command::new("age-keygen")
        .arg("-o")
        .arg(&path)
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = std::fs::read_to_string(&path).unwrap();
    let recipient = text
        .lines()
        .find_map(|l| l.strip_prefix("# public key: "))
        .expect("age-keygen writes the public key")
        .to_string();
    (path, recipient)
}

/// Decrypts `file` with the `age` command and unpacks it with `tar` into `into`.
fn age_untar(file: &Path, identity: &Path, into: &Path) {
    std::fs::create_dir_all(into).unwrap();
    let mut age = Command::new("age")
        .arg("-d")
        .arg("-i")
        .arg(identity)
        .arg(file)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let tar = Command::new("tar")
        .arg("-x")
        .arg("-C")
        .arg(into)
        .stdin(age.stdout.take().unwrap())
        .status()
        .unwrap();
    assert!(
        age.wait().unwrap().success(),
        "age failed on {}",
        file.display()
    );
    assert!(tar.success(), "tar failed on {}", file.display());
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn an_encrypted_bag_opens_with_age_and_validates_with_bagit() {
    if age_tools().is_none() {
        return;
    }
    let backend = Backend::sqlite();
    let dir = backend.dir().to_path_buf();
    ok(backend
        .memoria()
        .args(["demo", "--no-serve", "--incidents", "3"]));
    let incident = first_incident(&backend);
    let (out, _) = ok(backend
        .memoria()
        .args(["evidence", "add", "--incident", &incident])
        .arg(fixture("photo.jpg")));
    let (evidence, _) = out.trim().split_once('\t').unwrap();
    let (identity, recipient) = key_pair(&dir, "partner-key.txt");
    let (_, other) = key_pair(&dir, "other-key.txt");

    // A recipient that is not one changes nothing: no file, no audit entry.
    let file = dir.join("case.tar.age");
    let log_before = ok(backend.memoria().args(["log", "checkpoint"])).0;
    let err = fails(
        backend
            .memoria()
            .args([
                "export",
                "bag",
                "--incident",
                &incident,
                "--recipient",
                "age1nope",
                "--out",
            ])
            .arg(&file),
    );
    assert!(err.contains("is not an age recipient"), "{err}");
    assert!(!file.exists());
    assert_eq!(
        ok(backend.memoria().args(["log", "checkpoint"])).0,
        log_before
    );

    let (_, err) = ok(backend
        .memoria()
        .args(["export", "bag", "--incident", &incident])
        .args(["--recipient", &recipient, "--recipient", &other, "--out"])
        .arg(&file));
    assert!(err.contains("Wrote the encrypted bag"), "{err}");
    assert!(!dir.join("case.tar.age.partial").exists());
    let sealed = std::fs::read(&file).unwrap();
    assert!(sealed.starts_with(b"age-encryption.org/v1\n"));
    let photo = std::fs::read(fixture("photo.jpg")).unwrap();
    assert!(
        !contains(&sealed, &photo[200..264]),
        "the photo shows through"
    );
    assert!(
        !contains(&sealed, incident.as_bytes()),
        "the incident id shows through"
    );

    let opened = dir.join("opened");
    age_untar(&file, &identity, &opened);
    let bag = opened.join("case");
    let item = bag.join(format!("data/incidents/{incident}/evidence/{evidence}"));
    assert_eq!(std::fs::read(item.join("original.jpg")).unwrap(), photo);
    // The custody in the bag ends with this transfer, to two recipients.
    let custody = std::fs::read_to_string(item.join("custody.jsonl")).unwrap();
    assert!(
        custody
            .trim_end()
            .lines()
            .last()
            .unwrap()
            .contains("bagit age-recipients:2"),
        "{custody}"
    );
    if let Some(python) = bagit_python() {
        assert!(bagit_validates(&python, &bag), "bagit.py refused the bag");
    }
}

/// Every row of every table, sorted, as text: VACUUM INTO may renumber rowids, so rows
/// are compared as sets.
fn database_rows(path: &Path) -> Vec<(String, Vec<String>)> {
    let conn =
        rusqlite::Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .unwrap();
    let mut tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    tables.retain(|t| !t.starts_with("sqlite_"));
    tables
        .into_iter()
        .map(|table| {
            let sql = format!("SELECT * FROM \"{table}\"");
            let mut stmt = conn.prepare(&sql).unwrap();
            let columns = stmt.column_count();
            let mut rows: Vec<String> = stmt
                .query_map([], |r| {
                    Ok((0..columns)
                        .map(|i| format!("{:?}", r.get_ref(i).unwrap()))
                        .collect::<Vec<_>>()
                        .join("|"))
                })
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap();
            rows.sort();
            (table, rows)
        })
        .collect()
}

/// Every file under `dir` but the database and the search index, with its bytes.
fn files(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out: Vec<(PathBuf, Vec<u8>)> = walk(dir)
        .into_iter()
        .map(|p| p.strip_prefix(dir).unwrap().to_path_buf())
        .filter(|p| {
            let first = p.components().next().unwrap().as_os_str().to_string_lossy();
            !first.starts_with("memoria.sqlite") && first != "search" && first != "vault"
                || p.starts_with("vault/objects")
                || p == Path::new("vault/vault.json")
        })
        .map(|p| {
            let bytes = std::fs::read(dir.join(&p)).unwrap();
            (p, bytes)
        })
        .collect();
    out.sort();
    out
}

#[test]
fn a_backup_restores_to_exactly_the_same_content() {
    if age_tools().is_none() {
        return;
    }
    let backend = Backend::sqlite();
    let dir = backend.dir().to_path_buf();
    let data = dir.join("data");
    let at = crate::memoria_at;
    ok(at(&data).args(["demo", "--no-serve", "--incidents", "20"]));
    let incident = first_incident_in(&data);
    ok(at(&data)
        .args(["evidence", "add", "--incident", &incident])
        .arg(fixture("photo.jpg"))
        .arg(fixture("report.pdf")));
    ok(at(&data).args(["log", "checkpoint"]));
    let (identity, recipient) = key_pair(&dir, "backup-key.txt");
    let (stranger, _) = key_pair(&dir, "stranger-key.txt");

    let err = fails(at(&data).args(["backup", "--out"]).arg(dir.join("x.age")));
    assert!(err.contains("--recipient"), "{err}");
    // A PostgreSQL store is not a data directory: the backup says what to use instead.
    let err = fails(
        at(&data)
            .args(["--database", "postgres://nobody@127.0.0.1:1/none"])
            .args(["backup", "--recipient", &recipient, "--out"])
            .arg(dir.join("x.age")),
    );
    assert!(err.contains("pg_dump"), "{err}");
    let file = dir.join("backup.tar.age");
    let (_, err) = ok(at(&data)
        .args(["backup", "--recipient", &recipient, "--out"])
        .arg(&file));
    assert!(err.contains("Wrote the backup"), "{err}");
    let sealed = std::fs::read(&file).unwrap();
    assert!(sealed.starts_with(b"age-encryption.org/v1\n"));
    assert!(
        !contains(&sealed, b"SQLite format 3"),
        "the database shows through"
    );
    let vault_key = std::fs::read(data.join("vault-key")).unwrap();
    assert!(
        !contains(&sealed, &vault_key[..16]),
        "the vault key shows through"
    );

    // The `age` command opens it too: a tar of the data directory and its manifest.
    let opened = dir.join("opened");
    age_untar(&file, &identity, &opened);
    assert!(opened.join("memoria-backup/MANIFEST.json").is_file());
    assert!(opened.join("memoria-backup/memoria.sqlite").is_file());

    // A key the backup was not made for opens nothing and creates nothing.
    let restored = dir.join("restored");
    let err = fails(
        at(&restored)
            .arg("restore")
            .arg(&file)
            .arg("--identity")
            .arg(&stranger),
    );
    assert!(
        err.contains("not encrypted to any of the given identities"),
        "{err}"
    );
    assert!(!restored.exists() && !dir.join("restored.restoring").exists());
    // A data directory that holds data is never overwritten.
    let err = fails(
        at(&data)
            .arg("restore")
            .arg(&file)
            .arg("--identity")
            .arg(&identity),
    );
    assert!(err.contains("already holds data"), "{err}");

    let (_, err) = ok(at(&restored)
        .arg("restore")
        .arg(&file)
        .arg("--identity")
        .arg(&identity));
    assert!(err.contains("Restored"), "{err}");
    assert_eq!(
        database_rows(&data.join("memoria.sqlite")),
        database_rows(&restored.join("memoria.sqlite"))
    );
    assert_eq!(files(&data), files(&restored));
    assert!(
        files(&restored)
            .iter()
            .any(|(p, _)| p.starts_with("vault/objects"))
    );
    let (_, err) = ok(at(&restored).arg("verify"));
    assert!(
        err.contains("Everything checks out: 3 evidence file(s)"),
        "{err}"
    );
    // The restored vault opens with the restored key: the photo comes out as it went in.
    ok(at(&restored)
        .args(["evidence", "get"])
        .arg(first_evidence(&restored))
        .arg("--out")
        .arg(dir.join("out.jpg")));
    assert_eq!(
        std::fs::read(dir.join("out.jpg")).unwrap(),
        std::fs::read(fixture("photo.jpg")).unwrap()
    );

    // A backup cut short is refused, and leaves nothing behind.
    let short = dir.join("short.tar.age");
    std::fs::write(&short, &sealed[..sealed.len() * 2 / 3]).unwrap();
    let again = dir.join("again");
    let err = fails(
        at(&again)
            .arg("restore")
            .arg(&short)
            .arg("--identity")
            .arg(&identity),
    );
    assert!(err.contains("nothing was restored"), "{err}");
    assert!(!again.exists() && !dir.join("again.restoring").exists());
}

fn first_evidence(data: &Path) -> String {
    let out = ok(crate::memoria_at(data).args(["export", "--out", "-"])).0;
    first_of_kind(&out, "evidence", "image/jpeg")
}

/// Waits until `path` holds at least `bytes`, or the child ends.
fn wait_for_growth(child: &mut std::process::Child, path: &Path, bytes: u64) -> bool {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(120) {
        if child.try_wait().unwrap().is_some() {
            return false;
        }
        if std::fs::metadata(path).is_ok_and(|m| m.len() >= bytes) {
            return true;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    panic!("{} never grew", path.display());
}

#[test]
fn kill_9_during_a_backup_or_a_restore_leaves_nothing_that_looks_whole() {
    if age_tools().is_none() {
        return;
    }
    let backend = Backend::sqlite();
    let dir = backend.dir().to_path_buf();
    let data = dir.join("data");
    let at = crate::memoria_at;
    ok(at(&data).args(["demo", "--no-serve", "--incidents", "3"]));
    let incident = first_incident_in(&data);
    // A recording large enough that the kill lands in the middle (bytes that do not
    // repeat, so nothing compresses or deduplicates them away).
    let video = dir.join("recording.bin");
    write_noise(&video, 192 << 20, 0x9e3779b97f4a7c15);
    ok(at(&data)
        .args(["evidence", "add", "--incident", &incident])
        .arg(&video));
    let (identity, recipient) = key_pair(&dir, "backup-key.txt");
    let before = database_rows(&data.join("memoria.sqlite"));

    let file = dir.join("backup.tar.age");
    let partial = dir.join("backup.tar.age.partial");
    let mut child = at(&data)
        .args(["backup", "--recipient", &recipient, "--out"])
        .arg(&file)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    assert!(
        wait_for_growth(&mut child, &partial, 16 << 20),
        "the backup ended before it could be killed"
    );
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(!file.exists(), "a killed backup looks whole");
    // The store is untouched, but for the backup's own audit entry.
    let after = database_rows(&data.join("memoria.sqlite"));
    let audit = |rows: &[(String, Vec<String>)]| {
        rows.iter()
            .filter(|(t, _)| t != "audit" && !t.starts_with("log_"))
            .cloned()
            .collect::<Vec<_>>()
    };
    assert_eq!(audit(&before), audit(&after));
    ok(at(&data).arg("verify"));

    // The next backup sweeps what the killed one left, and completes.
    ok(at(&data)
        .args(["backup", "--recipient", &recipient, "--out"])
        .arg(&file));
    assert!(!partial.exists());
    let leftovers: Vec<_> = std::fs::read_dir(&data)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with(".backup-"))
        .collect();
    assert!(leftovers.is_empty(), "a database snapshot was left behind");

    // A restore killed half-way leaves no data directory; the next one completes.
    let restored = dir.join("restored");
    let staging = dir.join("restored.restoring");
    let mut child = at(&restored)
        .arg("restore")
        .arg(&file)
        .arg("--identity")
        .arg(&identity)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while !staging.join("vault").exists() && start.elapsed() < Duration::from_secs(120) {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(!restored.exists(), "a killed restore looks whole");
    ok(at(&restored)
        .arg("restore")
        .arg(&file)
        .arg("--identity")
        .arg(&identity));
    assert!(!staging.exists());
    ok(at(&restored).arg("verify"));
}
