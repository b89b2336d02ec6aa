//! Reading records from CSV: the header names the columns, the fields of the
//! [`Schema`](crate::Schema) say which to read. Problems are reported with row and
//! column, never with the cell's value (the cell may hold a person's name).

use std::io::Read;

use crate::error::CsvError;
use crate::records::Records;

/// A cell that could not be read and was taken as missing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CellProblem {
    /// The row's line in the file (the header is line 1).
    pub line: u64,
    pub column: String,
    pub reason: &'static str,
}

/// What reading one file did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CsvSummary {
    pub rows: u64,
    /// The first problems (at most [`MAX_PROBLEMS`]); `problem_count` has them all.
    pub problems: Vec<CellProblem>,
    pub problem_count: u64,
}

/// The most problems kept one by one.
pub const MAX_PROBLEMS: usize = 1000;

/// Reads every row of `reader` (CSV with a header row, UTF-8, a byte-order mark
/// allowed) into `records` as input `input`, the id from column `id_column`.
///
/// The whole file is refused (`Err`) when a column is missing or a row cannot be
/// parsed as CSV; a cell that is not UTF-8, or not a date or age where one is
/// declared, is taken as missing and reported in the summary.
pub fn read_csv<R: Read>(
    reader: R,
    input: u16,
    id_column: &str,
    records: &mut Records,
) -> Result<CsvSummary, CsvError> {
    read_csv_renamed(reader, input, id_column, &[], records)
}

/// [`read_csv`] for a file whose headers differ from the declared columns: `renames`
/// pairs a declared column with this file's header for it (lists from different
/// publishers rarely agree on headers).
pub fn read_csv_renamed<R: Read>(
    reader: R,
    input: u16,
    id_column: &str,
    renames: &[(&str, &str)],
    records: &mut Records,
) -> Result<CsvSummary, CsvError> {
    let mut csv = csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(true)
        .from_reader(reader);
    let header = csv
        .byte_headers()
        .map_err(|e| CsvError::Header(describe(&e)))?
        .clone();
    let names: Vec<String> = header
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let h = String::from_utf8_lossy(h);
            let h = if i == 0 {
                h.trim_start_matches('\u{feff}')
            } else {
                &h
            };
            h.trim().to_string()
        })
        .collect();
    let find = |c: &str| {
        names
            .iter()
            .position(|n| n == c)
            .ok_or_else(|| CsvError::MissingColumn(c.to_string()))
    };
    let id_at = find(id_column)?;
    let columns: Vec<String> = records
        .schema()
        .columns()
        .iter()
        .map(|c| c.to_string())
        .collect();
    let at: Vec<usize> = columns
        .iter()
        .map(|c| {
            let header = renames
                .iter()
                .find(|(declared, _)| declared == c)
                .map_or(c.as_str(), |(_, h)| h);
            find(header)
        })
        .collect::<Result<_, _>>()?;
    let fields_columns: Vec<(usize, usize)> = {
        // For each field, its first column's index in `columns` and how many.
        let mut out = Vec::new();
        let mut k = 0;
        for f in records.schema().fields() {
            out.push((k, f.columns.len()));
            k += f.columns.len();
        }
        out
    };
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
    let normaliser = records.normaliser();
    // Rows are read a batch at a time and normalised on every core, then added one by
    // one in file order (see `Normaliser::normalise`) on a thread of their own, while
    // the next batch is read and normalised: adding (interning) cannot be shared out,
    // and done in turn with the rest it was half of reading.
    let (to_add, batches) = std::sync::mpsc::sync_channel::<Batch>(1);
    let (to_reuse, emptied) = std::sync::mpsc::channel::<Vec<csv::ByteRecord>>();
    let file = FileColumns {
        input,
        id_column,
        id_at,
        columns: &columns,
        fields_columns: &fields_columns,
    };
    std::thread::scope(|s| {
        let adder = s.spawn(move || {
            let mut summary = CsvSummary::default();
            for batch in batches {
                add_batch(&batch, &file, records, &mut summary)?;
                // The main thread may have stopped reading; its rows are then dropped here.
                let _ = to_reuse.send(batch.rows);
            }
            Ok::<CsvSummary, CsvError>(summary)
        });
        let mut failed = None;
        while failed.is_none() {
            let mut rows = emptied.try_recv().unwrap_or_default();
            let mut lines: Vec<u64> = Vec::with_capacity(BATCH);
            while lines.len() < BATCH {
                if rows.len() == lines.len() {
                    rows.push(csv::ByteRecord::new());
                }
                let row = &mut rows[lines.len()];
                let line_before = csv.position().line();
                match csv.read_byte_record(row) {
                    Ok(true) => lines.push(row.position().map_or(line_before, |p| p.line())),
                    Ok(false) => break,
                    Err(e) => {
                        failed = Some(CsvError::Row {
                            row: line_before,
                            reason: describe(&e),
                        });
                        break;
                    }
                }
            }
            if lines.is_empty() {
                break;
            }
            rows.truncate(lines.len());
            // Cells that are not UTF-8 are empty here and reported below, in row order.
            let mut not_utf8: Vec<(usize, usize)> = Vec::new();
            let values: Vec<Vec<&str>> = rows
                .iter()
                .enumerate()
                .map(|(k, row)| {
                    at.iter()
                        .enumerate()
                        .map(|(c, &i)| {
                            std::str::from_utf8(row.get(i).unwrap_or(b"")).unwrap_or_else(|_| {
                                not_utf8.push((k, c));
                                ""
                            })
                        })
                        .collect()
                })
                .collect();
            let normalised = normaliser.normalise(&values, threads);
            drop(values);
            let last = lines.len() < BATCH;
            let batch = Batch {
                rows,
                lines,
                not_utf8,
                normalised,
            };
            // The adder stopped on an error of its own: it is reported below.
            if to_add.send(batch).is_err() || last {
                break;
            }
        }
        drop(to_add);
        let added = adder.join().expect("the thread adding records panicked")?;
        match failed {
            Some(e) => Err(e),
            None => Ok(added),
        }
    })
}

/// Rows read and normalised, waiting to be added.
struct Batch {
    rows: Vec<csv::ByteRecord>,
    /// Each row's line in the file.
    lines: Vec<u64>,
    /// (row, column) of the cells that are not UTF-8.
    not_utf8: Vec<(usize, usize)>,
    normalised: Vec<crate::records::Normalised>,
}

/// Where a file's records go and where their cells are.
struct FileColumns<'a> {
    input: u16,
    id_column: &'a str,
    id_at: usize,
    /// The declared columns, in the schema's order.
    columns: &'a [String],
    /// Per field, its first column's index in `columns` and how many it has.
    fields_columns: &'a [(usize, usize)],
}

/// Adds a batch's records to `records` in file order, noting its problems in `summary`.
fn add_batch(
    batch: &Batch,
    file: &FileColumns<'_>,
    records: &mut Records,
    summary: &mut CsvSummary,
) -> Result<(), CsvError> {
    let FileColumns {
        input,
        id_column,
        id_at,
        columns,
        fields_columns,
    } = *file;
    let problem = |summary: &mut CsvSummary, line: u64, column: &str, reason| {
        summary.problem_count += 1;
        if summary.problems.len() < MAX_PROBLEMS {
            summary.problems.push(CellProblem {
                line,
                column: column.to_string(),
                reason,
            });
        }
    };
    let mut bad_cells = batch.not_utf8.iter().peekable();
    let mut k = 0;
    for part in &batch.normalised {
        for j in 0..part.len() {
            let line = batch.lines[k];
            summary.rows += 1;
            let raw_id = batch.rows[k].get(id_at).unwrap_or(b"");
            let id = match std::str::from_utf8(raw_id) {
                Ok(s) => s.trim().to_string(),
                Err(_) => {
                    problem(summary, line, id_column, "not UTF-8");
                    String::from_utf8_lossy(raw_id).trim().to_string()
                }
            };
            if id.is_empty() {
                problem(summary, line, id_column, "empty id");
            }
            while let Some(&(_, c)) = bad_cells.next_if(|(row, _)| *row == k) {
                problem(summary, line, &columns[c], "not UTF-8");
            }
            let unread = records.push_normalised(input, &id, part, j)?;
            for f in unread.fields() {
                let (c, _) = fields_columns[f];
                let kind = records.schema().fields()[f].kind;
                problem(
                    summary,
                    line,
                    &columns[c],
                    match kind {
                        crate::FieldKind::Date => "not a date in the declared format",
                        crate::FieldKind::Age => "not an age",
                        _ => "unreadable",
                    },
                );
            }
            k += 1;
        }
    }
    Ok(())
}

/// How many rows are read before they are normalised together.
const BATCH: usize = 8192;

/// What went wrong, without the bytes that did.
fn describe(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::Io(io) => format!("input error: {}", io.kind()),
        csv::ErrorKind::Utf8 { .. } => "not UTF-8".to_string(),
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!("{len} fields where {expected_len} were expected"),
        _ => "malformed CSV".to_string(),
    }
}
