//! Reading a capture table from CSV.
//!
//! The shape is the one `memoria estimate --input` documents: one column per list
//! holding `0` or `1`, optional stratum columns the caller names, and an optional
//! `count` column (without it each row is one individual). Every problem comes back at
//! once, each with its row (the file's line number, the header being line 1) and
//! column, and never with the cell's value: a capture table can sit next to names.
//!
//! The reader must never panic, whatever the bytes: it is the one place untrusted
//! input enters this crate (see the garbage-input test).
//!
//! What it does not do: guess which columns are lists beyond "every column that is
//! not a stratum, the count or ignored", or repair values; `N/A`-style cells are read
//! as "not on this list" only when the caller says so ([`CsvOptions::absent_values`]),
//! because that is an analyst's decision (HRDAG makes it for the Philippines data).

use std::fmt;
use std::io::Read;

use crate::table::{CaptureTable, MAX_LISTS};

/// How to read a capture-history CSV.
#[derive(Clone, Debug)]
pub struct CsvOptions {
    /// Columns that split the table into strata (region, period, …).
    pub strata: Vec<String>,
    /// The list columns, in this order. `None`: every column that is not a stratum,
    /// the count column or in `ignore`, in file order.
    pub lists: Option<Vec<String>>,
    /// Columns to skip when `lists` is `None` (ids, dates, notes).
    pub ignore: Vec<String>,
    /// The column holding how many individuals a row stands for, if present.
    pub count_column: String,
    /// Cell values read as "not on this list" besides `0` (for example `N/A`).
    pub absent_values: Vec<String>,
    /// Rows on no list are skipped and counted instead of being reported as problems.
    pub skip_uncaptured: bool,
    /// The field delimiter (`b','`; `b'|'` for pipe-separated files).
    pub delimiter: u8,
}

impl Default for CsvOptions {
    fn default() -> Self {
        CsvOptions {
            strata: Vec::new(),
            lists: None,
            ignore: Vec::new(),
            count_column: "count".into(),
            absent_values: Vec::new(),
            skip_uncaptured: false,
            delimiter: b',',
        }
    }
}

/// A table read from CSV, with what was set aside on the way.
#[derive(Clone, Debug)]
pub struct CsvTable {
    pub table: CaptureTable,
    /// Rows (or individuals, with a count column) on no list, skipped because
    /// [`CsvOptions::skip_uncaptured`] was set.
    pub skipped_uncaptured: u64,
}

/// One thing wrong with the input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CsvProblem {
    /// The line in the file (the header is line 1); `None` for the file as a whole.
    pub row: Option<u64>,
    /// The column's header, or its 1-based position when the header is unusable.
    pub column: Option<String>,
    /// What is wrong and what to do. Never contains a cell's value.
    pub message: String,
}

impl fmt::Display for CsvProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.row, &self.column) {
            (Some(r), Some(c)) => write!(f, "row {r}, column {c}: {}", self.message),
            (Some(r), None) => write!(f, "row {r}: {}", self.message),
            (None, Some(c)) => write!(f, "column {c}: {}", self.message),
            (None, None) => write!(f, "{}", self.message),
        }
    }
}

/// The input could not be read as a capture table; every problem found is listed.
#[derive(Clone, Debug, thiserror::Error)]
#[error("the capture table has {} problem(s); the first: {}{}", problems.len(), first(problems), if *truncated { " (more were not listed)" } else { "" })]
pub struct CsvError {
    pub problems: Vec<CsvProblem>,
    /// More problems existed than the [`MAX_PROBLEMS`] listed.
    pub truncated: bool,
}

fn first(problems: &[CsvProblem]) -> String {
    problems.first().map(|p| p.to_string()).unwrap_or_default()
}

/// No more than this many problems are listed; a wrong file produces one per cell.
pub const MAX_PROBLEMS: usize = 200;

struct Problems {
    list: Vec<CsvProblem>,
    truncated: bool,
}

impl Problems {
    fn push(&mut self, row: Option<u64>, column: Option<String>, message: impl Into<String>) {
        if self.list.len() >= MAX_PROBLEMS {
            self.truncated = true;
            return;
        }
        self.list.push(CsvProblem {
            row,
            column,
            message: message.into(),
        });
    }
}

/// Reads a capture table from CSV bytes.
pub fn read_csv_bytes(bytes: &[u8], options: &CsvOptions) -> Result<CsvTable, CsvError> {
    read_csv(bytes, options)
}

/// Reads a capture table from CSV. Never panics; bad input is an error listing every
/// problem with its row and column.
pub fn read_csv<R: Read>(reader: R, options: &CsvOptions) -> Result<CsvTable, CsvError> {
    let mut problems = Problems {
        list: Vec::new(),
        truncated: false,
    };
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(options.delimiter)
        .from_reader(reader);
    let mut records = rdr.byte_records();

    let header = match records.next() {
        None => {
            problems.push(None, None, "the file is empty; it needs a header row");
            return Err(finish(problems));
        }
        Some(Err(e)) => {
            problems.push(Some(1), None, read_failure(&e));
            return Err(finish(problems));
        }
        Some(Ok(h)) => h,
    };
    let mut names: Vec<String> = Vec::with_capacity(header.len());
    for (i, field) in header.iter().enumerate() {
        let field = if i == 0 {
            field.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(field)
        } else {
            field
        };
        match std::str::from_utf8(field) {
            Ok(s) => names.push(s.trim().to_string()),
            Err(_) => {
                problems.push(
                    Some(1),
                    Some(format!("#{}", i + 1)),
                    "the header is not UTF-8 text; save the file as UTF-8",
                );
                names.push(String::new());
            }
        }
    }
    for (i, name) in names.iter().enumerate() {
        if !name.is_empty() && names[..i].contains(name) {
            problems.push(
                Some(1),
                Some(name.clone()),
                "this header appears twice; give every column its own name",
            );
        }
    }

    let find = |name: &str| names.iter().position(|n| n == name);
    let missing = |what: &str, name: &str, problems: &mut Problems| {
        problems.push(
            Some(1),
            Some(name.to_string()),
            format!("the {what} column is not in the header; check its spelling"),
        );
    };
    let mut stratum_idx = Vec::new();
    for s in &options.strata {
        match find(s) {
            Some(i) => stratum_idx.push(i),
            None => missing("stratum", s, &mut problems),
        }
    }
    let count_idx = find(&options.count_column);
    let list_idx: Vec<usize> = match &options.lists {
        Some(lists) => {
            let mut idx = Vec::new();
            for l in lists {
                match find(l) {
                    Some(i) => idx.push(i),
                    None => missing("list", l, &mut problems),
                }
            }
            idx
        }
        None => (0..names.len())
            .filter(|&i| {
                !stratum_idx.contains(&i)
                    && Some(i) != count_idx
                    && !options.ignore.contains(&names[i])
            })
            .collect(),
    };
    for &i in &list_idx {
        if names[i].is_empty() {
            problems.push(
                Some(1),
                Some(format!("#{}", i + 1)),
                "a list column has no header; name it, or list the columns to use",
            );
        }
    }
    if list_idx.is_empty() && problems.list.is_empty() {
        problems.push(
            Some(1),
            None,
            "no list columns; a capture table needs one 0/1 column per list",
        );
    }
    if list_idx.len() > MAX_LISTS {
        problems.push(
            Some(1),
            None,
            format!(
                "{} list columns; at most {MAX_LISTS} are supported, merge lists or ignore columns",
                list_idx.len()
            ),
        );
    }
    if !problems.list.is_empty() {
        return Err(finish(problems));
    }
    let lists: Vec<String> = list_idx.iter().map(|&i| names[i].clone()).collect();
    let strata: Vec<String> = stratum_idx.iter().map(|&i| names[i].clone()).collect();
    let mut table = match CaptureTable::stratified(lists, strata) {
        Ok(t) => t,
        Err(e) => {
            problems.push(Some(1), None, e.to_string());
            return Err(finish(problems));
        }
    };

    let mut skipped = 0u64;
    let mut line = 1u64;
    for record in records {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let row = e.position().map(|p| p.line()).unwrap_or(line + 1);
                problems.push(Some(row), None, read_failure(&e));
                // A UTF-8 or field-count error leaves the reader usable; an IO error
                // does not, and the next read reports it again, so stop there.
                if matches!(e.kind(), csv::ErrorKind::Io(_)) {
                    break;
                }
                line = row;
                continue;
            }
        };
        line = record.position().map(|p| p.line()).unwrap_or(line + 1);
        if record.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) {
            continue; // blank lines carry nothing
        }
        if record.len() != names.len() {
            problems.push(
                Some(line),
                None,
                format!(
                    "{} fields where the header has {}; check for a stray delimiter or quote",
                    record.len(),
                    names.len()
                ),
            );
            continue;
        }
        let mut ok = true;
        let mut pattern = 0u32;
        for (j, &i) in list_idx.iter().enumerate() {
            let cell = trim(&record[i]);
            if cell == b"1" {
                pattern |= 1 << j;
            } else if cell == b"0" || options.absent_values.iter().any(|a| a.as_bytes() == cell) {
            } else {
                ok = false;
                problems.push(
                    Some(line),
                    Some(names[i].clone()),
                    "a list column must hold 0 or 1",
                );
            }
        }
        let count = match count_idx {
            None => 1,
            Some(i) => match parse_count(trim(&record[i])) {
                Some(c) => c,
                None => {
                    ok = false;
                    problems.push(
                        Some(line),
                        Some(names[i].clone()),
                        "the count must be a whole number of individuals, 0 or more",
                    );
                    0
                }
            },
        };
        let mut key: Vec<&str> = Vec::with_capacity(stratum_idx.len());
        for &i in &stratum_idx {
            match std::str::from_utf8(&record[i]) {
                Ok(s) if !s.trim().is_empty() => key.push(s.trim()),
                Ok(_) => {
                    ok = false;
                    problems.push(
                        Some(line),
                        Some(names[i].clone()),
                        "the stratum is empty; fill it in (for example with \"unknown\")",
                    );
                }
                Err(_) => {
                    ok = false;
                    problems.push(
                        Some(line),
                        Some(names[i].clone()),
                        "the stratum is not UTF-8 text; save the file as UTF-8",
                    );
                }
            }
        }
        if !ok {
            continue;
        }
        if pattern == 0 {
            if options.skip_uncaptured {
                skipped = skipped.saturating_add(count);
            } else if count > 0 {
                problems.push(
                    Some(line),
                    None,
                    "this row is on no list; every documented individual is on at least one",
                );
            }
            continue;
        }
        if let Err(e) = table.add(&key, pattern, count) {
            problems.push(Some(line), None, e.to_string());
        }
    }
    if !problems.list.is_empty() {
        return Err(finish(problems));
    }
    Ok(CsvTable {
        table,
        skipped_uncaptured: skipped,
    })
}

fn finish(problems: Problems) -> CsvError {
    CsvError {
        problems: problems.list,
        truncated: problems.truncated,
    }
}

fn read_failure(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::Utf8 { .. } => "the row is not UTF-8 text; save the file as UTF-8".into(),
        csv::ErrorKind::Io(_) => "the input could not be read".into(),
        _ => "the row could not be read as CSV; check its quotes and delimiters".into(),
    }
}

fn trim(field: &[u8]) -> &[u8] {
    field.trim_ascii()
}

fn parse_count(field: &[u8]) -> Option<u64> {
    if field.is_empty() || field.len() > 19 || !field.iter().all(u8::is_ascii_digit) {
        return None;
    }
    std::str::from_utf8(field).ok()?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts() -> CsvOptions {
        CsvOptions::default()
    }

    #[test]
    fn reads_counts_and_individual_rows() {
        let t = read_csv_bytes(b"A,B,count\n1,0,3\n0,1,2\n1,1,1\n1,0,2\n", &opts()).unwrap();
        assert_eq!(t.table.lists(), ["A", "B"]);
        assert_eq!(t.table.count(&[], 0b01), 5);
        assert_eq!(t.table.documented(), 8);
        let t = read_csv_bytes(b"\xEF\xBB\xBFA,B\n1,0\n1,1\n\n", &opts()).unwrap();
        assert_eq!(t.table.documented(), 2);
    }

    #[test]
    fn reports_every_problem_with_row_and_column_but_no_value() {
        let err = read_csv_bytes(
            b"A,B,region\n1,secret,x\n0,0,y\n1,1\n1,0,\n",
            &CsvOptions {
                strata: vec!["region".into()],
                ..opts()
            },
        )
        .unwrap_err();
        let text: Vec<String> = err.problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(
            text,
            [
                "row 2, column B: a list column must hold 0 or 1",
                "row 3: this row is on no list; every documented individual is on at least one",
                "row 4: 2 fields where the header has 3; check for a stray delimiter or quote",
                "row 5, column region: the stratum is empty; fill it in (for example with \"unknown\")",
            ]
        );
        assert!(!err.to_string().contains("secret"));
    }

    #[test]
    fn named_lists_ignore_other_columns_and_absent_values() {
        let t = read_csv_bytes(
            b"id,P,N,X\n7,1,N/A,1\n8,N/A,1,0\n9,0,N/A,1\n",
            &CsvOptions {
                lists: Some(vec!["P".into(), "N".into()]),
                absent_values: vec!["N/A".into()],
                skip_uncaptured: true,
                ..opts()
            },
        )
        .unwrap();
        assert_eq!(t.table.documented(), 2);
        assert_eq!(t.skipped_uncaptured, 1);
    }

    #[test]
    fn garbage_never_panics() {
        let mut inputs: Vec<Vec<u8>> = vec![
            vec![],
            b"\n\n\n".to_vec(),
            b"\"".to_vec(),
            b"A,A\n1,1\n".to_vec(),
            b"count\n3\n".to_vec(),
            b",\n1,1\n".to_vec(),
            b"A,B,count\n1,1,-3\n1,1,99999999999999999999999\n1,1,18446744073709551615\n1,1,18446744073709551615\n".to_vec(),
            b"A,B\n\xff\xfe,1\n".to_vec(),
            b"\xff\n1\n".to_vec(),
            b"A,\"B\nC\",D\n1,\"0\n\",1\n".to_vec(),
            (0..20).map(|i| format!("L{i},")).collect::<String>().into_bytes(),
        ];
        // A small deterministic generator of junk: bytes biased towards the CSV
        // alphabet so the parser's states are actually visited.
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        let alphabet = b"01,\n\r\"ABcount \xff\x00|";
        for len in 0..400 {
            let mut v = Vec::with_capacity(len);
            for _ in 0..len {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                v.push(alphabet[(state % alphabet.len() as u64) as usize]);
            }
            inputs.push(v);
        }
        for input in &inputs {
            for o in [
                opts(),
                CsvOptions {
                    strata: vec!["B".into()],
                    skip_uncaptured: true,
                    ..opts()
                },
                CsvOptions {
                    lists: Some(vec!["A".into(), "0".into()]),
                    delimiter: b'|',
                    ..opts()
                },
            ] {
                let _ = read_csv_bytes(input, &o);
            }
        }
    }
}
