//! The CSV reader: bytes to decoded rows, one row in memory at a time.

use std::io::Read;
use std::rc::Rc;

use super::encoding::decode;
use super::meter::{Meter, MeteredRead};
use super::{Cell, FILE_HINT_EMPTY, Formula, ReadOptions, RowSink};

const BOM: &[u8] = b"\xEF\xBB\xBF";
const ENCODING_HINT: &str = "save the file as UTF-8, or say its encoding under [input] in the mapping: encoding = \"windows-1252\" or \"latin1\"";

/// Reads a CSV file into `sink`. Stops early only when the file cannot be read on
/// (broken bytes under the parser, a row over the cap, a header the mapping rejects).
pub(crate) fn read_csv<R: Read>(
    input: R,
    meter: Rc<Meter>,
    opts: &ReadOptions,
    sink: &mut dyn RowSink,
) {
    let cap = opts.max_row_bytes;
    meter.allow_after(0, cap);
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(opts.delimiter)
        .from_reader(MeteredRead::new(input, meter.clone()));
    let mut rec = csv::ByteRecord::new();

    // The header.
    match rdr.read_byte_record(&mut rec) {
        Ok(true) => {}
        Ok(false) => {
            sink.problems()
                .add(None, None, None, "the file is empty", FILE_HINT_EMPTY);
            return;
        }
        Err(e) => return read_error(e, 1, cap, sink),
    }
    let mut header = Vec::with_capacity(rec.len());
    for (i, raw) in rec.iter().enumerate() {
        let raw = if i == 0 {
            raw.strip_prefix(BOM).unwrap_or(raw)
        } else {
            raw
        };
        match decode(raw, opts.encoding) {
            Ok(t) => header.push(t.trim().to_string()),
            Err(at) => {
                let start = rec.position().map_or(0, |p| p.byte());
                sink.problems().add(
                    Some(1),
                    None,
                    Some(&String::from_utf8_lossy(raw)),
                    format!(
                        "the header is not valid UTF-8 (invalid byte in the row that starts at byte {start}, byte {at} of this name)"
                    ),
                    ENCODING_HINT,
                );
                return;
            }
        }
    }
    if header.iter().all(String::is_empty) {
        sink.problems()
            .add(None, None, None, "the file is empty", FILE_HINT_EMPTY);
        return;
    }
    if !sink.header(&header) {
        return;
    }

    let mut cells: Vec<Cell> = Vec::with_capacity(header.len());
    let mut rows: u64 = 0;
    loop {
        meter.allow_after(rdr.position().byte(), cap);
        let number = rdr.position().record() + 1;
        match rdr.read_byte_record(&mut rec) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => return read_error(e, number, cap, sink),
        }
        rows += 1;
        if rows.is_multiple_of(1024) {
            sink.progress(meter.bytes(), rows);
        }
        if rec.len() != header.len() {
            sink.problems().add(
                Some(number),
                None,
                None,
                format!(
                    "this row has {} fields but the header has {}",
                    rec.len(),
                    header.len()
                ),
                "look for a stray separator or a quote that is not closed, in this row or the one before",
            );
            continue;
        }
        cells.clear();
        let mut ok = true;
        for (i, raw) in rec.iter().enumerate() {
            match decode(raw, opts.encoding) {
                Ok(text) => {
                    let formula = if text.starts_with('=') {
                        Formula::Looks
                    } else {
                        Formula::No
                    };
                    cells.push(Cell {
                        text,
                        formula,
                        is_date: false,
                    });
                }
                Err(at) => {
                    let start = rec.position().map_or(0, |p| p.byte());
                    sink.problems().add(
                        Some(number),
                        Some(&header[i]),
                        Some(&String::from_utf8_lossy(raw)),
                        format!(
                            "not valid UTF-8 (invalid byte in the row that starts at byte {start} of the file, byte {at} of this value)"
                        ),
                        ENCODING_HINT,
                    );
                    ok = false;
                }
            }
        }
        if ok {
            sink.row(number, &cells);
        }
    }
    if rows == 0 {
        sink.problems().add(
            None,
            None,
            None,
            "the file has a header but no data rows",
            FILE_HINT_EMPTY,
        );
    }
    sink.progress(meter.bytes(), rows);
}

fn read_error(e: csv::Error, row: u64, cap: u64, sink: &mut dyn RowSink) {
    let (message, hint) = match e.kind() {
        csv::ErrorKind::Io(io) if Meter::is_limit_error(io) => (
            format!("this row is larger than {} KiB, the most one row may hold; reading stopped here", cap / 1024),
            "check for a quote that is never closed (it makes the rest of the file one field), or split the long text".to_string(),
        ),
        csv::ErrorKind::Io(io) => (
            format!("the file could not be read on: {io}"),
            "check that the file is complete and readable".to_string(),
        ),
        _ => (
            format!("the file could not be read as CSV: {e}"),
            "check that this is a CSV file and that the mapping's delimiter is right".to_string(),
        ),
    };
    sink.problems().add(Some(row), None, None, message, hint);
}
