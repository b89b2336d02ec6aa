//! Memory stays flat however long the file: a million rows are read one at a time.
//! Slow, so opt-in: set `MEMORIA_SLOW_TESTS=1`.

use std::io::Write;

use memoria_intake::{Input, NoProgress, check_table};

use crate::{mapping, options, test_data};

/// The process's peak resident memory so far, in KiB (Linux).
fn peak_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

#[test]
fn a_million_rows_in_flat_memory() {
    if std::env::var_os("MEMORIA_SLOW_TESTS").is_none() {
        eprintln!("note: set MEMORIA_SLOW_TESTS=1 to run the million-row test");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("million.csv");
    let mut f = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    writeln!(f, "id,name,sex,age,date,town,note").unwrap();
    for i in 0..1_000_000u32 {
        let sex = if i % 2 == 0 { "M" } else { "F" };
        writeln!(
            f,
            "{i},Person {i},{sex},{},2001-{:02}-{:02},Town {},note {i}",
            i % 90,
            i % 12 + 1,
            i % 28 + 1,
            i % 500
        )
        .unwrap();
    }
    drop(f);
    let m = mapping(&test_data("people.toml"));
    let before = peak_kib();
    let r = check_table(Input::Path(&path), &m, &options(true), &mut NoProgress);
    assert!(
        r.is_clean(),
        "{:?}",
        crate::problem_lines(&r).iter().take(5).collect::<Vec<_>>()
    );
    assert_eq!(r.rows, 1_000_000);
    if let (Some(a), Some(b)) = (before, peak_kib()) {
        let grown_mib = b.saturating_sub(a) / 1024;
        eprintln!("peak memory grew by {grown_mib} MiB over {} rows", r.rows);
        assert!(
            grown_mib < 64,
            "memory grew by {grown_mib} MiB: rows are being kept"
        );
    }
}
