//! Bad files: each gives the expected problem at the right row and column, and
//! neither a dry run nor a real import writes anything.

use std::io::Write;
use std::path::Path;

use memoria_core::entity::{Entity, EntityKind};
use memoria_intake::{Format, ImportReport, Input, NoProgress, check_table, import_table};

use crate::{all, export, import, mapping, options, problem_lines, sqlite_store, test_data};

/// Imports `file` for real into a fresh store, checks nothing changed, and returns
/// the report after checking the dry run gave the same problems.
fn bad(file: &Path) -> ImportReport {
    let m = mapping(&test_data("people.toml"));
    let (_dir, store, actor) = sqlite_store();
    let before = export(store.as_ref());
    let dry = import(store.as_ref(), &actor, file, &m, true);
    let real = import(store.as_ref(), &actor, file, &m, false);
    assert!(!real.committed && !dry.committed);
    assert!(!real.is_clean(), "expected problems");
    assert_eq!(problem_lines(&dry), problem_lines(&real));
    assert!(
        export(store.as_ref()) == before,
        "a failed import changed the store"
    );
    assert!(
        store
            .audit_log(0, 100)
            .unwrap()
            .iter()
            .all(|e| e.action != "import")
    );
    real
}

#[test]
fn a_good_file_imports_and_says_so_in_the_audit_log() {
    let m = mapping(&test_data("people.toml"));
    let (_dir, store, actor) = sqlite_store();
    let dry = import(store.as_ref(), &actor, &test_data("good.csv"), &m, true);
    assert!(dry.is_clean(), "{:?}", problem_lines(&dry));
    assert!(
        all(store.as_ref(), EntityKind::Record).is_empty(),
        "a dry run wrote"
    );
    let r = import(store.as_ref(), &actor, &test_data("good.csv"), &m, false);
    assert!(r.is_clean() && r.committed, "{:?}", problem_lines(&r));
    assert_eq!(r.rows, 2);
    assert_eq!(r.created.get(&EntityKind::Record), Some(&2));
    // One collection, one list, one country and one town shared by both rows.
    assert_eq!(r.created.get(&EntityKind::Place), Some(&2));
    let audit: Vec<_> = store
        .audit_log(0, 1000)
        .unwrap()
        .into_iter()
        .filter(|e| e.action == "import")
        .collect();
    assert_eq!(audit.len(), 1);
    assert!(audit[0].detail.contains("rows=2"), "{}", audit[0].detail);
    assert!(audit[0].detail.contains(r.sha256.as_deref().unwrap()));
    let records = crate::entities(store.as_ref(), EntityKind::Record);
    let Entity::Record(second) = records
        .iter()
        .find(|e| matches!(e, Entity::Record(r) if r.external_id.as_deref() == Some("2")))
        .unwrap()
    else {
        unreachable!()
    };
    assert_eq!(second.age, None, "\"unknown\" must leave the age empty");
    assert_eq!(second.sex.as_deref(), Some("male"));
    assert_eq!(second.extra.get("note").map(String::as_str), Some("ok"));

    // The same file again into the same list would double every victim.
    let again = import(store.as_ref(), &actor, &test_data("good.csv"), &m, false);
    assert!(!again.committed);
    assert!(
        problem_lines(&again)[0].contains("already holds 2 records"),
        "{:?}",
        problem_lines(&again)
    );
}

#[test]
fn wrong_encoding() {
    let r = bad(&test_data("latin1.csv"));
    assert_eq!(
        problem_lines(&r),
        [
            "2/name: not valid UTF-8 (invalid byte in the row that starts at byte 31 of the file, byte 3 of this value)",
            "3/town: not valid UTF-8 (invalid byte in the row that starts at byte 61 of the file, byte 1 of this value)",
        ]
    );
    assert!(r.problems[0].hint.contains("latin1"));

    // Said in the mapping, the same file reads.
    let mut m = mapping(&test_data("people.toml"));
    m.input.encoding = memoria_intake::mapping::Encoding::Latin1;
    let bytes = std::fs::read(test_data("latin1.csv")).unwrap();
    let r = check_table(
        Input::Bytes {
            name: "latin1.csv",
            bytes: &bytes,
        },
        &m,
        &options(true),
        &mut NoProgress,
    );
    assert!(r.is_clean(), "{:?}", problem_lines(&r));
}

#[test]
fn ragged_rows() {
    let r = bad(&test_data("ragged.csv"));
    assert_eq!(
        problem_lines(&r),
        [
            "3/-: this row has 6 fields but the header has 7",
            "4/-: this row has 8 fields but the header has 7"
        ]
    );
}

#[test]
fn formula_in_csv() {
    let r = bad(&test_data("formula.csv"));
    assert_eq!(
        problem_lines(&r),
        ["3/name: the value looks like a spreadsheet formula (it starts with =)"]
    );
}

#[test]
fn formula_cell_in_xlsx() {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in ["id", "name", "sex", "age", "date", "town", "note"]
        .into_iter()
        .enumerate()
    {
        sheet.write_string(0, c as u16, h).unwrap();
    }
    sheet.write_number(1, 0, 1).unwrap();
    sheet.write_string(1, 1, "A").unwrap();
    sheet.write_string(1, 2, "F").unwrap();
    sheet.write_number(1, 3, 30).unwrap();
    sheet.write_string(1, 4, "2001-05-06").unwrap();
    sheet.write_number(2, 0, 2).unwrap();
    sheet.write_string(2, 1, "B").unwrap();
    sheet.write_string(2, 2, "M").unwrap();
    sheet.write_formula(2, 3, "=20+20").unwrap();
    sheet.write_string(2, 4, "2001-05-07").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("formula.xlsx");
    book.save(&path).unwrap();
    let r = bad(&path);
    assert_eq!(
        problem_lines(&r),
        ["3/age: the cell holds a spreadsheet formula: its value was computed, not typed"]
    );
    assert_eq!(r.format, Some(Format::Xlsx));
}

#[test]
fn a_20_mb_field_is_refused_without_being_read_whole() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.csv");
    let mut f = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    writeln!(f, "id,name,sex,age,date,town,note").unwrap();
    writeln!(f, "1,Ana,F,34,2001-05-06,North,").unwrap();
    write!(f, "2,Ben,M,40,2001-05-07,North,\"").unwrap();
    let chunk = vec![b'x'; 1 << 20];
    for _ in 0..20 {
        f.write_all(&chunk).unwrap();
    }
    writeln!(f, "\"").unwrap();
    drop(f);
    let r = bad(&path);
    assert_eq!(
        problem_lines(&r),
        ["3/-: this row is larger than 1024 KiB, the most one row may hold; reading stopped here"]
    );
}

#[test]
fn empty_and_header_only_files() {
    let r = bad(&test_data("empty.csv"));
    assert_eq!(problem_lines(&r), ["-/-: the file is empty"]);
    let r = bad(&test_data("header-only.csv"));
    assert_eq!(
        problem_lines(&r),
        ["-/-: the file has a header but no data rows"]
    );
}

#[test]
fn unknown_vocabulary_word() {
    let r = bad(&test_data("unknown-word.csv"));
    assert_eq!(
        problem_lines(&r),
        [
            "3/sex: not a word the mapping knows for record.sex, nor a code or label of the sex vocabulary"
        ]
    );
    assert_eq!(r.problems[0].value.as_deref(), Some("X"));
    assert!(
        r.problems[0].hint.contains("map = { \"X\" = "),
        "{}",
        r.problems[0].hint
    );
}

#[test]
fn impossible_date() {
    let r = bad(&test_data("impossible-date.csv"));
    assert_eq!(
        problem_lines(&r),
        ["3/date: 1999-02-30 is not a day of the calendar; fix the value or leave it empty"]
    );
}

#[test]
fn missing_columns_are_named_once_up_front() {
    let r = bad(&test_data("missing-column.csv"));
    assert_eq!(
        problem_lines(&r),
        [
            "1/date: the mapping reads this column, but the header has no column of that name",
            "1/note: the mapping reads this column, but the header has no column of that name",
        ]
    );
}

#[test]
fn unreadable_paths() {
    let r = bad(&test_data("no-such-file.csv"));
    assert_eq!(problem_lines(&r).len(), 1);
    assert!(
        problem_lines(&r)[0].starts_with("-/-: the file could not be opened"),
        "{:?}",
        problem_lines(&r)
    );
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("folder.csv");
    std::fs::create_dir(&folder).unwrap();
    let r = bad(&folder);
    assert!(
        problem_lines(&r)[0].starts_with("-/-: the file could not be opened"),
        "{:?}",
        problem_lines(&r)
    );
}

#[test]
fn every_problem_of_a_file_at_once() {
    let text = "id,name,sex,age,date,town,note\n1,A,Q,abc,1999-02-30,N,\n2,B,M,200,2001-13-01,N,\n3,C,F,30,2001-01-01,N\n";
    let m = mapping(&test_data("people.toml"));
    let r = check_table(
        Input::Bytes {
            name: "many.csv",
            bytes: text.as_bytes(),
        },
        &m,
        &options(true),
        &mut NoProgress,
    );
    assert_eq!(
        problem_lines(&r),
        [
            "2/sex: not a word the mapping knows for record.sex, nor a code or label of the sex vocabulary",
            "2/age: not an age; write whole years (53), a range (40-49) or a decade (40s), or list the word under missing",
            "2/date: 1999-02-30 is not a day of the calendar; fix the value or leave it empty",
            "3/age: no one is older than 130; check the value",
            "3/date: 2001-13-01 is not a day of the calendar; fix the value or leave it empty",
            "4/-: this row has 6 fields but the header has 7",
        ]
    );
    assert!(r.problems.iter().all(|p| p.file == "many.csv"));
}

#[test]
fn store_failures_are_not_problems() {
    // A dry run without a store checks, and never claims to have committed.
    let m = mapping(&test_data("people.toml"));
    let bytes = std::fs::read(test_data("good.csv")).unwrap();
    let r = check_table(
        Input::Bytes {
            name: "good.csv",
            bytes: &bytes,
        },
        &m,
        &options(true),
        &mut NoProgress,
    );
    assert!(r.is_clean() && r.dry_run && !r.committed);
    let (_dir, store, actor) = sqlite_store();
    let r = import_table(
        store.as_ref(),
        &actor,
        Input::Bytes {
            name: "good.csv",
            bytes: &bytes,
        },
        &m,
        &options(false),
        &mut NoProgress,
    )
    .unwrap();
    assert!(r.committed);
}
