//! A `kill -9` in the middle of an import leaves the store exactly as it was.
//!
//! The import runs as a real child process on a file large enough to take a while; the
//! test waits until the import is a quarter of the way through its input, kills it with
//! SIGKILL (no destructor, no rollback code of ours runs), and compares a full export of
//! the store with the one taken before.

use std::fmt::Write as _;
use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::{Backend, data_file, ok};

/// Rows in the generated file: enough that the kill lands well before the end.
const ROWS: usize = 200_000;

fn big_csv(dir: &std::path::Path) -> std::path::PathBuf {
    let mut text = String::with_capacity(ROWS * 48);
    text.push_str("id,name,sex,age,date,town\n");
    for i in 0..ROWS {
        // Fictional names made of syllables: no real person.
        let name = format!(
            "Ka{}lo Vin{}",
            ["ra", "mi", "so", "te"][i % 4],
            ["do", "sa", "li"][i % 3]
        );
        writeln!(
            text,
            "k{i},{name},{},{},2010-{:02}-{:02},Town{}",
            ["M", "F"][i % 2],
            18 + i % 60,
            1 + i % 12,
            1 + i % 28,
            i % 97
        )
        .unwrap();
    }
    let path = dir.join("big.csv");
    std::fs::write(&path, text).unwrap();
    path
}

/// The test mapping, writing to a list of its own (a list that already holds records
/// takes no second import unless the mapping says `append`).
fn big_mapping(dir: &std::path::Path) -> std::path::PathBuf {
    let text = std::fs::read_to_string(data_file("victims.toml"))
        .unwrap()
        .replace("list = \"victims\"", "list = \"big\"");
    assert!(text.contains("list = \"big\""));
    let path = dir.join("big.toml");
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn kill_9_during_an_import_leaves_the_store_unchanged() {
    for backend in Backend::all() {
        ok(backend.memoria().arg("init"));
        ok(backend
            .memoria()
            .arg("import")
            .arg("--mapping")
            .arg(data_file("victims.toml"))
            .arg(data_file("victims.csv")));
        let before = backend.export();
        let csv = big_csv(backend.dir());

        let mut child = backend
            .memoria()
            .arg("import")
            .arg("--mapping")
            .arg(big_mapping(backend.dir()))
            .arg(&csv)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        wait_until_writing(&mut child, &csv);
        child.kill().unwrap(); // SIGKILL on Unix
        let status = child.wait().unwrap();
        assert!(
            !status.success(),
            "the import finished before it could be killed; raise ROWS"
        );

        assert!(
            backend.export() == before,
            "the store changed after a killed import"
        );
        // And the store still works, without a trace of the killed list.
        let (_, err) = ok(backend
            .memoria()
            .args(["import", "--dry-run", "--mapping"])
            .arg(big_mapping(backend.dir()))
            .arg(data_file("victims.csv")));
        assert!(err.contains("0 problems"), "{err}");
    }
}

/// Waits until the import is well under way: it has read a quarter of its input, and
/// its transaction began before it read the first row.
fn wait_until_writing(child: &mut std::process::Child, csv: &std::path::Path) {
    let size = std::fs::metadata(csv).unwrap().len();
    let deadline = Instant::now() + Duration::from_secs(300);
    loop {
        assert!(
            Instant::now() < deadline,
            "the import never got a quarter of the way"
        );
        if let Some(status) = child.try_wait().unwrap() {
            panic!("the import ended ({status}) before it could be killed");
        }
        if read_bytes(child.id()) > size / 4 {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Bytes the process has read so far (Linux's `/proc/PID/io`).
fn read_bytes(pid: u32) -> u64 {
    let io = std::fs::read_to_string(format!("/proc/{pid}/io")).unwrap_or_default();
    io.lines()
        .find_map(|l| l.strip_prefix("rchar: "))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0)
}
