//! The evidence vault's bad input and faults, as they happen: a zip bomb is kept as the
//! small file it is, and a disk that fills up half-way through an evidence file or a
//! backup refuses it with a clear message and loses nothing already stored.
//!
//! The full disk is a real one: a 40 MiB tmpfs mounted in a private mount namespace
//! (`unshare -rm`, so no privilege is needed on the host and nothing outside the test
//! sees it), holding the data directory.

use std::path::Path;
use std::process::Command;

use crate::evidence::{first_incident, first_incident_in, fixture, write_noise};
use crate::{Backend, ok};

fn required() -> bool {
    std::env::var_os("MEMORIA_REQUIRE_VALIDATORS").is_some_and(|v| !v.is_empty() && v != "0")
}

#[test]
fn a_zip_bomb_is_kept_as_the_small_file_it_is() {
    let backend = Backend::sqlite();
    let dir = backend.dir().to_path_buf();
    ok(backend
        .memoria()
        .args(["demo", "--no-serve", "--incidents", "2"]));
    let incident = first_incident(&backend);
    // 1 GiB of zeros in a gzip stream of about a megabyte, made by Python's zlib.
    let bomb = dir.join("report.gz");
    let made = Command::new("python3")
        .arg("-c")
        .arg(
            "import sys, zlib\n\
             c = zlib.compressobj(9, zlib.DEFLATED, 31)\n\
             block = bytes(1 << 20)\n\
             out = open(sys.argv[1], 'wb')\n\
             for _ in range(1024): out.write(c.compress(block))\n\
             out.write(c.flush())\n",
        )
        .arg(&bomb)
        .status();
    if !made.is_ok_and(|s| s.success()) {
        assert!(!required(), "python3 is needed to make the zip bomb");
        eprintln!("note: python3 missing; skipping the zip bomb");
        return;
    }
    let size = std::fs::metadata(&bomb).unwrap().len();
    assert!(size < 4 << 20, "{size}");
    let (out, _) = ok(backend
        .memoria()
        .args(["evidence", "add", "--incident", &incident])
        .arg(&bomb));
    let (id, _) = out.trim().split_once('\t').unwrap();
    let (list, _) = ok(backend
        .memoria()
        .args(["evidence", "list", "--incident", &incident]));
    assert!(list.contains("application/gzip"), "{list}");
    let back = dir.join("back.gz");
    ok(backend
        .memoria()
        .args(["evidence", "get", id, "--out"])
        .arg(&back));
    assert_eq!(std::fs::read(&back).unwrap(), std::fs::read(&bomb).unwrap());
    // Nothing in the data directory grew towards the bomb's inflated size.
    let stored: u64 = crate::evidence::walk(&dir)
        .iter()
        .map(|p| std::fs::metadata(p).unwrap().len())
        .sum();
    assert!(stored < 64 << 20, "the data directory holds {stored} bytes");
}

/// Runs `script` with `sh` in a private mount namespace where `$T` is a fresh 40 MiB
/// tmpfs; `None` when namespaces are not available here.
fn on_a_small_disk(script: &str, vars: &[(&str, &Path)]) -> Option<std::process::Output> {
    let probe = Command::new("unshare")
        .args(["-rm", "true"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !probe {
        assert!(
            !required(),
            "`unshare -rm` (util-linux) must work to test a full disk"
        );
        eprintln!("note: no mount namespaces here; skipping the full-disk test");
        return None;
    }
    let mut cmd = Command::new("unshare");
    cmd.args(["-rm", "sh", "-c"])
        .arg(format!(
            "set -u\nmount -t tmpfs -o size=40m tmpfs \"$T\" || exit 90\n{script}"
        ))
        .env("MEMORIA", env!("CARGO_BIN_EXE_memoria"));
    for (k, v) in vars {
        cmd.env(k, v);
    }
    for (k, _) in std::env::vars_os() {
        if k.to_string_lossy().starts_with("MEMORIA_") {
            cmd.env_remove(k);
        }
    }
    Some(cmd.output().unwrap())
}

#[test]
fn a_full_disk_refuses_the_file_and_loses_nothing() {
    let backend = Backend::sqlite();
    let dir = backend.dir().to_path_buf();
    let data = dir.join("data");
    ok(crate::memoria_at(&data).args(["demo", "--no-serve", "--incidents", "3"]));
    let incident = first_incident_in(&data);
    // Larger than the disk, in bytes that do not repeat.
    let big = dir.join("recording.bin");
    write_noise(&big, 64 << 20, 0x2545f4914f6cdd1d);
    let small = dir.join("small");
    let report = dir.join("report");
    std::fs::create_dir_all(&small).unwrap();
    std::fs::create_dir_all(&report).unwrap();
    // On the small disk: the data directory, one photo that fits, then the recording
    // that does not, then a backup onto the disk filled to its last megabyte; after each failure, the
    // vault and the log must still check out and the photo must come back whole.
    let script = r#"
cp -a "$SRC" "$T/data" || exit 91
M() { "$MEMORIA" --data "$T/data" "$@"; }
M evidence add --incident "$INCIDENT" "$PHOTO" > "$R/photo.out" 2> "$R/photo.err" || exit 92
M export --out - > "$R/before.jsonl" || exit 93
M evidence add --incident "$INCIDENT" "$BIG" > "$R/big.out" 2> "$R/big.err"
echo $? > "$R/big.status"
M export --out - > "$R/after.jsonl" || exit 94
M verify 2> "$R/verify.err" || exit 95
M evidence get "$(cut -f1 "$R/photo.out")" --out "$R/photo-back.jpg" || exit 96
age-keygen -o "$R/key.txt" 2> /dev/null || exit 0
avail=$(df -k --output=avail "$T" | tail -n 1)
dd if=/dev/zero of="$T/filler" bs=1k count=$((avail - 1024)) 2> /dev/null
M backup --recipient "$(age-keygen -y "$R/key.txt")" --out "$T/backup.age" 2> "$R/backup.err"
echo $? > "$R/backup.status"
ls -a "$T" > "$R/ls"
rm -f "$T/filler"
M verify 2> "$R/verify2.err" || exit 97
"#;
    let incident_dir = dir.join("incident-id");
    std::fs::write(&incident_dir, &incident).unwrap();
    let Some(out) = on_a_small_disk(
        &format!("INCIDENT=$(cat \"$ID_FILE\")\n{script}"),
        &[
            ("T", &small),
            ("SRC", &data),
            ("PHOTO", &fixture("photo.jpg")),
            ("BIG", &big),
            ("R", &report),
            ("ID_FILE", &incident_dir),
        ],
    ) else {
        return;
    };
    let read = |name: &str| std::fs::read_to_string(report.join(name)).unwrap_or_default();
    assert!(
        out.status.success(),
        "step {:?} failed: {}{}{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr),
        read("big.err"),
        read("verify.err")
    );
    assert_ne!(
        read("big.status").trim(),
        "0",
        "a file larger than the disk was accepted"
    );
    let big_err = read("big.err");
    assert!(
        big_err.contains("the disk that holds the vault is full"),
        "{big_err}"
    );
    // Nothing changed but the failed attempt's audit entries (none for a refused file).
    assert_eq!(read("before.jsonl"), read("after.jsonl"));
    assert!(
        read("verify.err").contains("Everything checks out"),
        "{}",
        read("verify.err")
    );
    assert_eq!(
        std::fs::read(report.join("photo-back.jpg")).unwrap(),
        std::fs::read(fixture("photo.jpg")).unwrap()
    );
    if report.join("backup.status").exists() {
        assert_ne!(read("backup.status").trim(), "0", "{}", read("backup.err"));
        assert!(
            read("backup.err").contains("the disk filled up"),
            "{}",
            read("backup.err")
        );
        let ls = read("ls");
        assert!(
            !ls.lines().any(|l| l.starts_with("backup.age")),
            "a failed backup left {ls}"
        );
        assert!(read("verify2.err").contains("Everything checks out"));
    }
}
