//! The XLSX reader. `calamine` loads a sheet whole, so the file is read into memory;
//! formula cells are flagged, since their cached value is not data someone typed and
//! may be stale.

use std::collections::HashSet;
use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};

use super::{Cell, FILE_HINT_EMPTY, Formula, ReadOptions, RowSink};

pub(crate) fn read_xlsx(bytes: Vec<u8>, opts: &ReadOptions, sink: &mut dyn RowSink) {
    let total = bytes.len() as u64;
    if bytes.is_empty() {
        sink.problems()
            .add(None, None, None, "the file is empty", FILE_HINT_EMPTY);
        return;
    }
    let mut book = match Xlsx::new(Cursor::new(bytes)) {
        Ok(b) => b,
        Err(e) => {
            sink.problems().add(
                None,
                None,
                None,
                format!("not a readable XLSX workbook: {e}"),
                "open it in a spreadsheet program and save it again as .xlsx, or export the sheet as CSV",
            );
            return;
        }
    };
    let names = book.sheet_names();
    let sheet = match &opts.sheet {
        Some(s) if names.contains(s) => s.clone(),
        Some(s) => {
            sink.problems().add(
                None,
                None,
                None,
                format!(
                    "the workbook has no sheet named {s:?} (it has {})",
                    quoted(&names)
                ),
                "set sheet = \"…\" under [input] in the mapping to one of these",
            );
            return;
        }
        None => match names.first() {
            Some(s) => s.clone(),
            None => {
                sink.problems().add(
                    None,
                    None,
                    None,
                    "the workbook has no sheets",
                    FILE_HINT_EMPTY,
                );
                return;
            }
        },
    };
    let range = match book.worksheet_range(&sheet) {
        Ok(r) => r,
        Err(e) => {
            sink.problems().add(
                None,
                None,
                None,
                format!("the sheet could not be read: {e}"),
                "save the workbook again and retry",
            );
            return;
        }
    };
    let formulas: HashSet<(u32, u32)> = match book.worksheet_formula(&sheet) {
        Ok(f) => f
            .used_cells()
            .filter(|(_, _, t)| !t.is_empty())
            .filter_map(|(r, c, _)| {
                let (r0, c0) = f.start()?;
                Some((r0 + r as u32, c0 + c as u32))
            })
            .collect(),
        Err(e) => {
            sink.problems().add(
                None,
                None,
                None,
                format!("the sheet's formulas could not be read: {e}"),
                "save the workbook again and retry",
            );
            return;
        }
    };
    let Some((row0, col0)) = range.start() else {
        sink.problems()
            .add(None, None, None, "the sheet is empty", FILE_HINT_EMPTY);
        return;
    };
    let mut rows = range.rows();
    let Some(head) = rows.next() else {
        sink.problems()
            .add(None, None, None, "the sheet is empty", FILE_HINT_EMPTY);
        return;
    };
    let header: Vec<String> = head
        .iter()
        .map(|d| render(d).0.trim().to_string())
        .collect();
    if !sink.header(&header) {
        return;
    }
    let mut n_rows = 0u64;
    let mut cells = Vec::with_capacity(header.len());
    for (i, row) in rows.enumerate() {
        let abs_row = row0 + 1 + i as u32;
        let number = u64::from(abs_row) + 1;
        if row.iter().all(|d| matches!(d, Data::Empty)) {
            continue;
        }
        n_rows += 1;
        cells.clear();
        let mut size = 0u64;
        for (j, d) in row.iter().enumerate() {
            let (text, is_date) = render(d);
            if let Data::Error(e) = d {
                sink.problems().add(
                    Some(number),
                    Some(&header[j]),
                    None,
                    format!("the cell holds a spreadsheet error ({e})"),
                    "fix the cell in the spreadsheet or empty it",
                );
            }
            let formula = if formulas.contains(&(abs_row, col0 + j as u32)) {
                Formula::Cell
            } else {
                Formula::No
            };
            size += text.len() as u64;
            cells.push(Cell {
                text,
                formula,
                is_date,
            });
        }
        if size > opts.max_row_bytes {
            sink.problems().add(
                Some(number),
                None,
                None,
                format!(
                    "this row is larger than {} KiB, the most one row may hold",
                    opts.max_row_bytes / 1024
                ),
                "split the long text",
            );
            continue;
        }
        sink.row(number, &cells);
        if n_rows.is_multiple_of(1024) {
            sink.progress(0, n_rows);
        }
    }
    if n_rows == 0 {
        sink.problems().add(
            None,
            None,
            None,
            "the sheet has a header but no data rows",
            FILE_HINT_EMPTY,
        );
    }
    sink.progress(total, n_rows);
}

fn quoted(names: &[String]) -> String {
    names
        .iter()
        .map(|n| format!("{n:?}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A cell's text, and whether it is a date.
fn render(d: &Data) -> (String, bool) {
    match d {
        Data::Empty => (String::new(), false),
        Data::String(s) => (s.clone(), false),
        Data::Int(i) => (i.to_string(), false),
        Data::Float(f) => (float(*f), false),
        Data::Bool(b) => (b.to_string(), false),
        Data::DateTime(dt) if dt.is_datetime() => {
            let (y, mo, da, h, mi, s, _) = dt.to_ymd_hms_milli();
            if (h, mi, s) == (0, 0, 0) {
                (format!("{y:04}-{mo:02}-{da:02}"), true)
            } else {
                (
                    format!("{y:04}-{mo:02}-{da:02}T{h:02}:{mi:02}:{s:02}"),
                    true,
                )
            }
        }
        Data::DateTime(dt) => (float(dt.as_f64()), false),
        Data::DateTimeIso(s) => (s.clone(), true),
        Data::DurationIso(s) => (s.clone(), false),
        Data::Error(_) => (String::new(), false),
    }
}

/// Whole numbers without a decimal point, as people typed them (`53`, not `53.0`).
fn float(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        f.to_string()
    }
}
