//! Problems with an input file: bad input is data, reported whole.
//!
//! An import never stops at the first problem. Each [`Problem`] names the file, the
//! row as a spreadsheet shows it (the header is row 1), the column, the value cut to 40
//! characters, what is wrong and what to do, so that a documentalist can fix the whole
//! file in one pass.
//!
//! A problem may show a cell's value, which can be a victim's name: problems are for
//! the person running the import, on their screen, never for logs.

use std::fmt;

use serde::Serialize;

/// One thing wrong with the input or the mapping.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// The file's name as given to the import.
    pub file: String,
    /// The row, 1-based as a spreadsheet shows it (header = row 1); for GeoJSON, the
    /// feature's number (first feature = 1). `None` for problems with the whole file.
    pub row: Option<u64>,
    /// The column (or GeoJSON property) by its header name.
    pub column: Option<String>,
    /// The offending value, at most 40 characters.
    pub value: Option<String>,
    /// What is wrong.
    pub message: String,
    /// What to do about it.
    pub hint: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.file)?;
        if let Some(r) = self.row {
            write!(f, ", row {r}")?;
        }
        if let Some(c) = &self.column {
            write!(f, ", column {c:?}")?;
        }
        if let Some(v) = &self.value {
            write!(f, ", value {v:?}")?;
        }
        write!(f, ": {}", self.message)?;
        if !self.hint.is_empty() {
            write!(f, "; {}", self.hint)?;
        }
        Ok(())
    }
}

/// Problems gathered during one import, up to a limit so that a systematically wrong
/// file of a million rows cannot exhaust memory; the rest are counted.
#[derive(Debug)]
pub(crate) struct Problems {
    pub file: String,
    pub list: Vec<Problem>,
    pub limit: usize,
    pub omitted: u64,
}

impl Problems {
    pub fn new(file: &str, limit: usize) -> Problems {
        Problems {
            file: file.to_string(),
            list: Vec::new(),
            limit,
            omitted: 0,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty() && self.omitted == 0
    }

    pub fn add(
        &mut self,
        row: Option<u64>,
        column: Option<&str>,
        value: Option<&str>,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) {
        if self.list.len() >= self.limit {
            self.omitted += 1;
            return;
        }
        self.list.push(Problem {
            file: self.file.clone(),
            row,
            column: column.map(str::to_string),
            value: value.map(crate::value::truncate),
            message: message.into(),
            hint: hint.into(),
        });
    }
}
