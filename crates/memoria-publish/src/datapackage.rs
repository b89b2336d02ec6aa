//! The open data package: published tables as CSV files described by a Frictionless
//! Data Package, with a data dictionary for people and HXL-tagged copies for
//! humanitarian tools.
//!
//! [`write`] turns a [`Package`] into files in memory:
//!
//! - `datapackage.json`, a Data Package v1 descriptor (profile `tabular-data-package`)
//!   with a Table Schema per resource: field types, constraints, primary and foreign
//!   keys. v1 rather than v2 because every reader of v2 reads v1, and not the reverse.
//! - `data/<resource>.csv`: UTF-8, a header row, RFC 4180 quoting, `\n` line ends. A
//!   missing value is an empty cell, declared as the only `missingValues` entry.
//! - `README.md`, the data dictionary: one section per resource with a table of its
//!   fields.
//! - `hxl/<resource>.csv` for each resource with HXL hashtags: the same table with the
//!   hashtag row under the header. It stays out of `data/` because to a typed reader
//!   the hashtag row is a data row, and `#date` is not a date.
//!
//! The package is checked before anything is written, so that an independent validator
//! (`frictionless validate`) accepts whatever `write` returns: every problem comes back
//! in [`PackageError`] with its resource, row and field. The same package gives the same
//! bytes: descriptors are structs serialised in declaration order, never maps.
//!
//! What this module does not do: decide what may be published, or build the tables from
//! records (the caller does both); read or write files; compute hashes of the CSV files
//! (the descriptor gives their sizes, which `frictionless validate` checks). Nor does it
//! rewrite cells that a spreadsheet would read as formulas (`=…`): prefixing them would
//! change the data, so the README warns instead.

mod check;
mod readme;
#[cfg(test)]
mod tests;

use std::fmt;

use serde::Serialize;
use serde_json::Value;

pub use check::{PackageError, Problem, ProblemKind};

/// A Table Schema field type: how a column's text is to be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldType {
    /// Any text.
    String,
    /// A whole number, `-12`.
    Integer,
    /// A decimal number with `.` and no exponent, `0.25`.
    Number,
    /// `true` or `false`.
    Boolean,
    /// `YYYY-MM-DD`.
    Date,
    /// `YYYY-MM`: a date published only to the month.
    YearMonth,
    /// `YYYY`.
    Year,
}

impl FieldType {
    /// The name Table Schema gives the type.
    pub fn as_str(self) -> &'static str {
        match self {
            FieldType::String => "string",
            FieldType::Integer => "integer",
            FieldType::Number => "number",
            FieldType::Boolean => "boolean",
            FieldType::Date => "date",
            FieldType::YearMonth => "yearmonth",
            FieldType::Year => "year",
        }
    }

    /// How a value of this type is written, for people.
    pub fn format(self) -> &'static str {
        match self {
            FieldType::String => "text",
            FieldType::Integer => "a whole number such as -12",
            FieldType::Number => "a number such as 0.25 (no exponent, no thousands separator)",
            FieldType::Boolean => "true or false",
            FieldType::Date => "YYYY-MM-DD",
            FieldType::YearMonth => "YYYY-MM",
            FieldType::Year => "YYYY",
        }
    }
}

impl fmt::Display for FieldType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One column of a resource.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The column's header: non-empty, unique in its resource, no surrounding spaces or
    /// control characters.
    pub name: String,
    pub title: String,
    pub description: String,
    pub kind: FieldType,
    /// Every row has a value.
    pub required: bool,
    /// No two rows have the same value (missing values aside).
    pub unique: bool,
    /// The only values allowed (Table Schema `enum`), written as the CSV would have them:
    /// `"3"` for an integer field, `"true"` for a boolean one.
    pub allowed: Option<Vec<String>>,
    /// Bounds, for integer, number and year fields only; whole for integers and years.
    pub minimum: Option<f64>,
    pub maximum: Option<f64>,
    /// An HXL hashtag with attributes, such as `#affected+killed`.
    pub hxl: Option<String>,
}

impl Field {
    /// A field with no title, description, constraints or hashtag.
    pub fn new(name: impl Into<String>, kind: FieldType) -> Field {
        Field {
            name: name.into(),
            title: String::new(),
            description: String::new(),
            kind,
            required: false,
            unique: false,
            allowed: None,
            minimum: None,
            maximum: None,
            hxl: None,
        }
    }
}

/// One table: a CSV file and its schema.
#[derive(Debug, Clone, PartialEq)]
pub struct Resource {
    /// Lowercase letters, digits, `-`, `_` and `.`, starting with a letter or digit; it
    /// names the file, `data/<name>.csv`.
    pub name: String,
    pub title: String,
    pub description: String,
    pub fields: Vec<Field>,
    /// Names of the fields whose values together identify a row; may be empty.
    pub primary_key: Vec<String>,
    pub foreign_keys: Vec<ForeignKey>,
    /// One cell per field, in the order of `fields`.
    pub rows: Vec<Vec<Cell>>,
}

/// A value in a row. Which cells fit which field type: `Text` for string, date (as
/// `YYYY-MM-DD`) and yearmonth (`YYYY-MM`); `Integer` for integer, number and year;
/// `Number` for number; `Bool` for boolean; `Missing` anywhere.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Empty text is a missing value too: an empty cell cannot say which it is.
    Text(String),
    Integer(i64),
    /// Finite only: NaN and infinities are refused.
    Number(f64),
    Bool(bool),
    /// Withheld, unknown or not applicable: written as an empty cell.
    Missing,
}

impl From<&str> for Cell {
    fn from(text: &str) -> Cell {
        Cell::Text(text.to_owned())
    }
}

impl From<String> for Cell {
    fn from(text: String) -> Cell {
        Cell::Text(text)
    }
}

impl From<i64> for Cell {
    fn from(n: i64) -> Cell {
        Cell::Integer(n)
    }
}

impl From<f64> for Cell {
    fn from(x: f64) -> Cell {
        Cell::Number(x)
    }
}

impl From<bool> for Cell {
    fn from(b: bool) -> Cell {
        Cell::Bool(b)
    }
}

impl<T: Into<Cell>> From<Option<T>> for Cell {
    fn from(value: Option<T>) -> Cell {
        value.map_or(Cell::Missing, Into::into)
    }
}

/// The fields of a resource whose values must be found among the values of fields of
/// a resource in the same package (possibly itself).
#[derive(Debug, Clone, PartialEq)]
pub struct ForeignKey {
    pub fields: Vec<String>,
    pub resource: String,
    pub reference_fields: Vec<String>,
}

/// The licence the data is published under.
#[derive(Debug, Clone, PartialEq)]
pub struct License {
    /// An SPDX or Open Definition identifier, such as `CC-BY-4.0` or `ODbL-1.0`.
    pub name: String,
    /// Where its text is, such as `https://creativecommons.org/licenses/by/4.0/`.
    pub path: Option<String>,
    pub title: Option<String>,
}

/// An open data package.
#[derive(Debug, Clone, PartialEq)]
pub struct Package {
    /// Same rule as a resource's name.
    pub name: String,
    pub title: String,
    pub description: String,
    /// Preferably semantic, `1.0.0`; may be empty.
    pub version: String,
    pub licenses: Vec<License>,
    /// RFC 3339 with a time zone, `2024-05-01T12:00:00Z`. Passed in, not read from the
    /// clock, so that the output is reproducible.
    pub created: Option<String>,
    pub resources: Vec<Resource>,
}

/// The package's files: paths relative to its root, `/`-separated, each with its
/// bytes: `datapackage.json`, `README.md`, `data/<resource>.csv` for each resource,
/// then `hxl/<resource>.csv` for each resource with hashtags.
pub fn write(package: &Package) -> Result<Vec<(String, Vec<u8>)>, PackageError> {
    let tables = check::check(package)?;
    let data: Vec<Vec<u8>> = package
        .resources
        .iter()
        .zip(&tables)
        .map(|(resource, rows)| csv_file(resource, rows, false))
        .collect();

    let descriptor = descriptor(package, &data);
    let mut json = serde_json::to_vec_pretty(&descriptor).expect("descriptors serialise");
    json.push(b'\n');

    let mut files = vec![
        ("datapackage.json".to_owned(), json),
        ("README.md".to_owned(), readme::render(package).into_bytes()),
    ];
    for (resource, bytes) in package.resources.iter().zip(data) {
        files.push((data_path(resource), bytes));
    }
    for (resource, rows) in package.resources.iter().zip(&tables) {
        if has_hxl(resource) {
            files.push((hxl_path(resource), csv_file(resource, rows, true)));
        }
    }
    Ok(files)
}

fn data_path(resource: &Resource) -> String {
    format!("data/{}.csv", resource.name)
}

fn hxl_path(resource: &Resource) -> String {
    format!("hxl/{}.csv", resource.name)
}

fn has_hxl(resource: &Resource) -> bool {
    resource.fields.iter().any(|f| f.hxl.is_some())
}

/// The CSV text of a checked resource, `rows` being its cells as text; with the
/// hashtag row under the header when `hxl`.
fn csv_file(resource: &Resource, rows: &[Vec<String>], hxl: bool) -> Vec<u8> {
    let mut out = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    let infallible = "writing CSV to memory cannot fail";
    out.write_record(resource.fields.iter().map(|f| &f.name))
        .expect(infallible);
    if hxl {
        out.write_record(
            resource
                .fields
                .iter()
                .map(|f| f.hxl.as_deref().unwrap_or("")),
        )
        .expect(infallible);
    }
    for row in rows {
        out.write_record(row).expect(infallible);
    }
    out.into_inner().expect(infallible)
}

// The descriptor, field by field in the order the JSON shows them.

#[derive(Serialize)]
struct PackageJson<'a> {
    profile: &'static str,
    name: &'a str,
    #[serde(skip_serializing_if = "is_empty")]
    title: &'a str,
    #[serde(skip_serializing_if = "is_empty")]
    description: &'a str,
    #[serde(skip_serializing_if = "is_empty")]
    version: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    created: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    licenses: Vec<LicenseJson<'a>>,
    resources: Vec<ResourceJson<'a>>,
}

#[derive(Serialize)]
struct LicenseJson<'a> {
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    path: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<&'a str>,
}

#[derive(Serialize)]
struct ResourceJson<'a> {
    profile: &'static str,
    name: &'a str,
    path: String,
    #[serde(skip_serializing_if = "is_empty")]
    title: &'a str,
    #[serde(skip_serializing_if = "is_empty")]
    description: &'a str,
    format: &'static str,
    mediatype: &'static str,
    encoding: &'static str,
    bytes: usize,
    dialect: DialectJson,
    schema: SchemaJson<'a>,
}

/// CSV Dialect 1.0, stated in full so that no reader has to sniff it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct DialectJson {
    delimiter: &'static str,
    line_terminator: &'static str,
    quote_char: &'static str,
    double_quote: bool,
    header: bool,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SchemaJson<'a> {
    fields: Vec<FieldJson<'a>>,
    missing_values: [&'static str; 1],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    primary_key: &'a [String],
    #[serde(skip_serializing_if = "Vec::is_empty")]
    foreign_keys: Vec<ForeignKeyJson<'a>>,
}

#[derive(Serialize)]
struct FieldJson<'a> {
    name: &'a str,
    #[serde(skip_serializing_if = "is_empty")]
    title: &'a str,
    #[serde(skip_serializing_if = "is_empty")]
    description: &'a str,
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "ConstraintsJson::is_empty")]
    constraints: ConstraintsJson,
}

#[derive(Serialize)]
struct ConstraintsJson {
    #[serde(skip_serializing_if = "is_false")]
    required: bool,
    #[serde(skip_serializing_if = "is_false")]
    unique: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    minimum: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    maximum: Option<Value>,
    #[serde(rename = "enum", skip_serializing_if = "Option::is_none")]
    allowed: Option<Vec<Value>>,
}

impl ConstraintsJson {
    fn is_empty(&self) -> bool {
        !self.required
            && !self.unique
            && self.minimum.is_none()
            && self.maximum.is_none()
            && self.allowed.is_none()
    }
}

#[derive(Serialize)]
struct ForeignKeyJson<'a> {
    fields: &'a [String],
    reference: ReferenceJson<'a>,
}

#[derive(Serialize)]
struct ReferenceJson<'a> {
    resource: &'a str,
    fields: &'a [String],
}

fn is_empty(s: &&str) -> bool {
    s.is_empty()
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// The descriptor of a checked package whose CSV files are `data`.
fn descriptor<'a>(package: &'a Package, data: &[Vec<u8>]) -> PackageJson<'a> {
    PackageJson {
        profile: "tabular-data-package",
        name: &package.name,
        title: &package.title,
        description: &package.description,
        version: &package.version,
        created: package.created.as_deref(),
        licenses: package
            .licenses
            .iter()
            .map(|l| LicenseJson {
                name: &l.name,
                path: l.path.as_deref(),
                title: l.title.as_deref(),
            })
            .collect(),
        resources: package
            .resources
            .iter()
            .zip(data)
            .map(|(resource, bytes)| ResourceJson {
                profile: "tabular-data-resource",
                name: &resource.name,
                path: data_path(resource),
                title: &resource.title,
                description: &resource.description,
                format: "csv",
                mediatype: "text/csv",
                encoding: "utf-8",
                bytes: bytes.len(),
                dialect: DialectJson {
                    delimiter: ",",
                    line_terminator: "\n",
                    quote_char: "\"",
                    double_quote: true,
                    header: true,
                },
                schema: SchemaJson {
                    fields: resource.fields.iter().map(field_json).collect(),
                    missing_values: [""],
                    primary_key: &resource.primary_key,
                    foreign_keys: resource
                        .foreign_keys
                        .iter()
                        .map(|fk| ForeignKeyJson {
                            fields: &fk.fields,
                            reference: ReferenceJson {
                                resource: &fk.resource,
                                fields: &fk.reference_fields,
                            },
                        })
                        .collect(),
                },
            })
            .collect(),
    }
}

/// A checked field's descriptor: constraint values typed as the field is (`enum`
/// entries of an integer field are JSON integers), which is how Table Schema wants them.
fn field_json(field: &Field) -> FieldJson<'_> {
    let bound = |b: Option<f64>| {
        b.map(|b| match field.kind {
            // Checked whole and in range.
            FieldType::Integer | FieldType::Year => Value::from(b as i64),
            _ => Value::from(b),
        })
    };
    FieldJson {
        name: &field.name,
        title: &field.title,
        description: &field.description,
        kind: field.kind.as_str(),
        constraints: ConstraintsJson {
            required: field.required,
            unique: field.unique,
            minimum: bound(field.minimum),
            maximum: bound(field.maximum),
            allowed: field.allowed.as_ref().map(|values| {
                values
                    .iter()
                    .map(|v| check::typed_json(field.kind, v))
                    .collect()
            }),
        },
    }
}
