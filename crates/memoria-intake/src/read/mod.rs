//! Readers that turn a file into a header and rows of text cells.
//!
//! Every format goes through the same [`RowSink`], so that the mapping code sees
//! rows, never files. Readers stream: a CSV or GeoJSON file is never held in memory
//! whole, and no single row may grow past a cap (see [`meter`]). XLSX is the exception:
//! the format is a zip archive whose sheets `calamine` loads whole, so an XLSX file is
//! read into memory (Excel itself stops at 1,048,576 rows).
//!
//! Readers report what is wrong with the *file* (encoding, ragged rows, a row too big,
//! broken syntax); what is wrong with the *values* is the mapper's business.

pub(crate) mod csv;
pub(crate) mod encoding;
pub(crate) mod geojson;
pub(crate) mod meter;
pub(crate) mod xlsx;

use crate::problem::Problems;

/// One cell of a row.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Cell {
    pub text: String,
    /// The cell holds a spreadsheet formula (XLSX), or its text starts with `=` as a
    /// formula would (CSV): its value is not data someone typed.
    pub formula: Formula,
    /// The cell is a spreadsheet date, rendered as ISO 8601 (`1999-03-05`), whatever
    /// date format the mapping expects for text.
    pub is_date: bool,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) enum Formula {
    #[default]
    No,
    /// An XLSX cell with a formula.
    Cell,
    /// A CSV value that starts with `=`.
    Looks,
}

impl Cell {
    pub fn text(text: impl Into<String>) -> Cell {
        Cell {
            text: text.into(),
            ..Cell::default()
        }
    }
}

/// Where rows go.
pub(crate) trait RowSink {
    /// The header row, once, before any row. Returns false when the mapping cannot
    /// use this header (missing columns): the reader then stops.
    fn header(&mut self, columns: &[String]) -> bool;
    /// One row, numbered as the problems should name it. `cells` has exactly one
    /// cell per header column.
    fn row(&mut self, number: u64, cells: &[Cell]);
    /// Where the reader reports problems with the file.
    fn problems(&mut self) -> &mut Problems;
    /// How far reading has come.
    fn progress(&mut self, bytes_done: u64, rows_done: u64);
}

/// What every reader is told.
#[derive(Clone, Debug)]
pub(crate) struct ReadOptions {
    pub encoding: crate::mapping::Encoding,
    pub delimiter: u8,
    pub sheet: Option<String>,
    /// The most bytes one row may take; longer rows stop the reading.
    pub max_row_bytes: u64,
}

pub(crate) const FILE_HINT_EMPTY: &str = "check that this is the right file; a file to import needs a header row and at least one data row";
