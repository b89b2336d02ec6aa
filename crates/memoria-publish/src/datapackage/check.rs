//! Everything `frictionless validate` would check, checked before a byte is written,
//! and each cell turned into its CSV text.
//!
//! Values are compared the way the validator compares them once it has read the CSV:
//! `1`, `1.0` and `true` are the same number to it (Python's `Decimal`, `int` and `bool`
//! are equal), `"1"` in a string field is not. [`Key`] is that comparison, for unique
//! fields, primary keys, `enum` constraints and foreign keys alike.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde_json::Value;

use super::{Cell, Field, FieldType, Package, Resource};

/// Why a package cannot be written: every problem found, in the order of the package.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub struct PackageError {
    pub problems: Vec<Problem>,
}

impl fmt::Display for PackageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const SHOWN: usize = 10;
        write!(f, "the data package is not valid")?;
        for (i, problem) in self.problems.iter().take(SHOWN).enumerate() {
            write!(f, "{} {problem}", if i == 0 { ":" } else { ";" })?;
        }
        if self.problems.len() > SHOWN {
            write!(f, "; and {} more", self.problems.len() - SHOWN)?;
        }
        Ok(())
    }
}

/// One problem and where it is.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// The resource's name, unless the problem is the package's.
    pub resource: Option<String>,
    /// Counting data rows from 1: row 1 is the one under the header.
    pub row: Option<usize>,
    pub field: Option<String>,
    pub kind: ProblemKind,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut at = Vec::new();
        if let Some(resource) = &self.resource {
            at.push(format!("resource {resource:?}"));
        }
        if let Some(row) = self.row {
            at.push(format!("row {row}"));
        }
        if let Some(field) = &self.field {
            at.push(format!("field {field:?}"));
        }
        if at.is_empty() {
            write!(f, "{}", self.kind)
        } else {
            write!(f, "{}: {}", at.join(", "), self.kind)
        }
    }
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ProblemKind {
    #[error("the package has no resources: add at least one table")]
    NoResources,
    #[error(
        "name {0:?} is not allowed: use lowercase letters, digits, '-', '_' and '.', starting with a letter or digit"
    )]
    BadName(String),
    #[error("another resource is also named {0:?}: give each resource its own name")]
    DuplicateResource(String),
    #[error(
        "created {0:?} is not a date and time with a time zone: write it like 2024-05-01T12:00:00Z"
    )]
    BadCreated(String),
    #[error("a licence needs a name, such as CC-BY-4.0")]
    LicenseWithoutName,
    #[error("the resource has no fields: add at least one")]
    NoFields,
    #[error(
        "field name {0:?} is not allowed: use a non-empty name without surrounding spaces or control characters"
    )]
    BadFieldName(String),
    #[error("another field of the resource is also named {0:?}: give each field its own name")]
    DuplicateField(String),
    #[error("{0:?} is not an HXL hashtag: write it like #affected+killed")]
    BadHashtag(String),
    #[error("the {constraint} constraint cannot apply to a {kind} field")]
    UnsupportedConstraint {
        constraint: &'static str,
        kind: FieldType,
    },
    #[error("the {constraint} constraint {value:?} is not a valid {kind}: write it as {}", .kind.format())]
    BadConstraint {
        constraint: &'static str,
        value: String,
        kind: FieldType,
    },
    #[error("the minimum {minimum} is greater than the maximum {maximum}")]
    EmptyRange { minimum: f64, maximum: f64 },
    #[error("the {key} names field {field:?}, which the resource does not have")]
    UnknownKeyField { key: &'static str, field: String },
    #[error("the {key} names field {field:?} twice")]
    RepeatedKeyField { key: &'static str, field: String },
    #[error(
        "the foreign key has {fields} field(s) and {reference} reference field(s): give both the same non-zero number"
    )]
    ForeignKeyArity { fields: usize, reference: usize },
    #[error("the foreign key refers to resource {0:?}, which the package does not have")]
    UnknownResource(String),
    #[error(
        "the foreign key refers to field {field:?} of resource {resource:?}, which it does not have"
    )]
    UnknownReferenceField { resource: String, field: String },
    #[error("the row has {found} cells but the resource has {expected} fields")]
    RowLength { expected: usize, found: usize },
    #[error(
        "every cell of the row is missing, which validators reject as a blank row: drop the row"
    )]
    BlankRow,
    #[error("a {cell} cell cannot go in a {kind} field")]
    WrongCell { cell: &'static str, kind: FieldType },
    #[error("{value:?} is not a valid {kind}: write it as {}", .kind.format())]
    BadValue { value: String, kind: FieldType },
    #[error("{0} is not a finite number: NaN and infinities cannot be published")]
    NotFinite(f64),
    #[error("the value is missing but the field is required")]
    MissingRequired,
    #[error("the value is missing but the field is part of the primary key")]
    MissingKey,
    #[error("{0} is not one of the allowed values")]
    NotAllowed(String),
    #[error("{value} is less than the minimum {minimum}")]
    BelowMinimum { value: String, minimum: f64 },
    #[error("{value} is greater than the maximum {maximum}")]
    AboveMaximum { value: String, maximum: f64 },
    #[error("{value} is also in row {first}, but the field is unique")]
    NotUnique { value: String, first: usize },
    #[error("the primary key ({value}) is also that of row {first}")]
    DuplicateKey { value: String, first: usize },
    #[error("({values}) is not a value of ({fields}) in resource {resource:?}")]
    ForeignKeyNotFound {
        values: String,
        resource: String,
        fields: String,
    },
}

/// A value as the validator compares it: whole numbers of any type (and booleans) as
/// integers, other numbers by their bits, texts and dates by their text but apart.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Key {
    Int(i64),
    Float(u64),
    Text(String),
    Date(String),
    YearMonth(String),
}

impl Key {
    fn number(x: f64) -> Key {
        // 2^63: the first whole f64 out of i64's range.
        const LIMIT: f64 = 9_223_372_036_854_775_808.0;
        if x.fract() == 0.0 && (-LIMIT..LIMIT).contains(&x) {
            Key::Int(x as i64)
        } else {
            Key::Float(x.to_bits())
        }
    }

    fn as_f64(&self) -> Option<f64> {
        match *self {
            Key::Int(i) => Some(i as f64),
            Key::Float(bits) => Some(f64::from_bits(bits)),
            _ => None,
        }
    }
}

/// A cell's CSV text and key, `None` when missing.
fn value(kind: FieldType, cell: &Cell) -> Result<Option<(String, Key)>, ProblemKind> {
    let wrong = |cell| Err(ProblemKind::WrongCell { cell, kind });
    let bad = |value: &str| {
        Err(ProblemKind::BadValue {
            value: value.to_owned(),
            kind,
        })
    };
    Ok(Some(match (kind, cell) {
        (_, Cell::Missing) => return Ok(None),
        (_, Cell::Text(t)) if t.is_empty() => return Ok(None),
        (FieldType::String, Cell::Text(t)) => (t.clone(), Key::Text(t.clone())),
        (FieldType::Date, Cell::Text(t)) if is_date(t) => (t.clone(), Key::Date(t.clone())),
        (FieldType::YearMonth, Cell::Text(t)) if is_year_month(t) => {
            (t.clone(), Key::YearMonth(t.clone()))
        }
        (FieldType::Date | FieldType::YearMonth, Cell::Text(t)) => return bad(t),
        (FieldType::Integer | FieldType::Number, Cell::Integer(i)) => (i.to_string(), Key::Int(*i)),
        (FieldType::Year, Cell::Integer(y)) if (0..=9999).contains(y) => {
            (format!("{y:04}"), Key::Int(*y))
        }
        (FieldType::Year, Cell::Integer(y)) => return bad(&y.to_string()),
        (FieldType::Number, Cell::Number(x)) if !x.is_finite() => {
            return Err(ProblemKind::NotFinite(*x));
        }
        (FieldType::Number, Cell::Number(x)) => {
            // Rust prints the shortest text that reads back as the same f64, never with
            // an exponent; -0 is written 0, which the validator takes as equal anyway.
            let x = if *x == 0.0 { 0.0 } else { *x };
            (x.to_string(), Key::number(x))
        }
        (FieldType::Boolean, Cell::Bool(b)) => (b.to_string(), Key::Int(i64::from(*b))),
        (_, Cell::Text(_)) => return wrong("text"),
        (_, Cell::Integer(_)) => return wrong("integer"),
        (_, Cell::Number(_)) => return wrong("number"),
        (_, Cell::Bool(_)) => return wrong("boolean"),
    }))
}

/// The key of an `enum` entry, written as the CSV would have it.
fn allowed_key(kind: FieldType, text: &str) -> Option<Key> {
    match kind {
        FieldType::String if !text.is_empty() => Some(Key::Text(text.to_owned())),
        FieldType::Integer => text.parse().ok().map(Key::Int),
        FieldType::Number => text
            .parse::<f64>()
            .ok()
            .filter(|x| x.is_finite())
            .map(Key::number),
        FieldType::Boolean => match text {
            "true" => Some(Key::Int(1)),
            "false" => Some(Key::Int(0)),
            _ => None,
        },
        FieldType::Date if is_date(text) => Some(Key::Date(text.to_owned())),
        FieldType::YearMonth if is_year_month(text) => Some(Key::YearMonth(text.to_owned())),
        FieldType::Year if text.len() == 4 && text.bytes().all(|b| b.is_ascii_digit()) => {
            text.parse().ok().map(Key::Int)
        }
        _ => None,
    }
}

/// A checked `enum` entry as the descriptor gives it: typed as its field.
pub(super) fn typed_json(kind: FieldType, text: &str) -> Value {
    match (kind, allowed_key(kind, text)) {
        (FieldType::Integer | FieldType::Year, Some(Key::Int(i))) => Value::from(i),
        (FieldType::Boolean, Some(Key::Int(i))) => Value::Bool(i == 1),
        (FieldType::Number, Some(_)) => text.parse::<f64>().map_or(Value::Null, Value::from),
        _ => Value::from(text),
    }
}

fn digits(s: &str) -> Option<u32> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

fn is_year_month(s: &str) -> bool {
    year_month(s).is_some()
}

fn year_month(s: &str) -> Option<(u32, u32)> {
    let (y, m) = (s.get(..4)?, s.get(4..)?.strip_prefix('-')?);
    let (y, m) = (digits(y)?, digits(m)?);
    (s.len() == 7 && (1..=12).contains(&m)).then_some((y, m))
}

/// `YYYY-MM-DD`, a day of the proleptic Gregorian calendar from year 1 (Python's
/// `date` has no year 0).
fn is_date(s: &str) -> bool {
    let Some((y, m)) = s.get(..7).and_then(year_month) else {
        return false;
    };
    let Some(d) = s
        .get(7..)
        .and_then(|d| d.strip_prefix('-'))
        .filter(|d| d.len() == 2)
    else {
        return false;
    };
    let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
    let days = match m {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    y >= 1 && digits(d).is_some_and(|d| (1..=days).contains(&d))
}

/// RFC 3339 with a time zone: `YYYY-MM-DDTHH:MM:SS`, optional fraction, `Z` or `±HH:MM`.
fn is_created(s: &str) -> bool {
    let two = |t: &str, max: u32| digits(t).is_some_and(|n| t.len() == 2 && n <= max);
    let Some((date, time)) = s.split_once('T') else {
        return false;
    };
    let (clock, zone) = match time.find(['Z', '+', '-']) {
        Some(i) => time.split_at(i),
        None => return false,
    };
    let (clock, fraction) = clock.split_once('.').unwrap_or((clock, "0"));
    let zone_ok = zone == "Z"
        || zone
            .get(1..)
            .and_then(|z| z.split_once(':'))
            .is_some_and(|(h, m)| two(h, 23) && two(m, 59));
    let hms: Vec<&str> = clock.split(':').collect();
    is_date(date)
        && hms.len() == 3
        && two(hms[0], 23)
        && two(hms[1], 59)
        && two(hms[2], 60)
        && digits(fraction).is_some()
        && zone_ok
}

/// Data Package v1's name rule, narrowed to what is safe as a file name.
fn is_name(s: &str) -> bool {
    let ok = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    s.bytes().next().is_some_and(ok) && s.bytes().all(|b| ok(b) || b"-_.".contains(&b))
}

fn is_field_name(s: &str) -> bool {
    !s.is_empty() && s.trim() == s && !s.chars().any(char::is_control)
}

/// HXL 1.1: `#tag+attribute+…`, each part a letter then letters, digits or `_`.
fn is_hashtag(s: &str) -> bool {
    let part = |p: &str| {
        let mut b = p.bytes();
        b.next().is_some_and(|c| c.is_ascii_alphabetic())
            && b.all(|c| c.is_ascii_alphanumeric() || c == b'_')
    };
    s.strip_prefix('#')
        .is_some_and(|rest| rest.split('+').all(part))
}

/// The rules a field's values must follow, read from its constraints.
#[derive(Default)]
struct Rules {
    allowed: Option<BTreeSet<Key>>,
    minimum: Option<f64>,
    maximum: Option<f64>,
}

/// A foreign key whose fields all exist: their positions here and in the target.
struct Link {
    fields: Vec<usize>,
    target: usize,
    target_fields: Vec<usize>,
}

/// A resource's cells as CSV text and as keys, when its fields could be checked.
struct Table {
    texts: Vec<Vec<String>>,
    keys: Vec<Vec<Option<Key>>>,
}

/// The problems found so far.
struct Report {
    problems: Vec<Problem>,
}

impl Report {
    fn at(
        &mut self,
        resource: Option<&str>,
        row: Option<usize>,
        field: Option<&str>,
        kind: ProblemKind,
    ) {
        self.problems.push(Problem {
            resource: resource.map(str::to_owned),
            row,
            field: field.map(str::to_owned),
            kind,
        });
    }
}

/// Each resource's rows as CSV text, or every problem found.
pub(super) fn check(package: &Package) -> Result<Vec<Vec<Vec<String>>>, PackageError> {
    let mut report = Report {
        problems: Vec::new(),
    };
    if !is_name(&package.name) {
        report.at(None, None, None, ProblemKind::BadName(package.name.clone()));
    }
    if package.resources.is_empty() {
        report.at(None, None, None, ProblemKind::NoResources);
    }
    if let Some(created) = &package.created
        && !is_created(created)
    {
        report.at(None, None, None, ProblemKind::BadCreated(created.clone()));
    }
    if package.licenses.iter().any(|l| l.name.is_empty()) {
        report.at(None, None, None, ProblemKind::LicenseWithoutName);
    }

    let mut names = BTreeSet::new();
    let mut tables = Vec::new();
    let mut links = Vec::new();
    for resource in &package.resources {
        let name = Some(resource.name.as_str());
        if !is_name(&resource.name) {
            report.at(
                name,
                None,
                None,
                ProblemKind::BadName(resource.name.clone()),
            );
        }
        if !names.insert(resource.name.as_str()) {
            report.at(
                name,
                None,
                None,
                ProblemKind::DuplicateResource(resource.name.clone()),
            );
        }
        let fields_ok = check_fields(resource, &mut report);
        let rules: Vec<Rules> = resource
            .fields
            .iter()
            .map(|f| rules(resource, f, &mut report))
            .collect();
        let primary_key = if fields_ok {
            key_fields(resource, "primary key", &resource.primary_key, &mut report)
        } else {
            None
        };
        links.push(if fields_ok {
            resource_links(package, resource, &mut report)
        } else {
            Vec::new()
        });
        tables.push((fields_ok && primary_key.is_some()).then(|| {
            rows(
                resource,
                &rules,
                primary_key.as_deref().unwrap_or(&[]),
                &mut report,
            )
        }));
    }

    for (resource, (links, table)) in package.resources.iter().zip(links.iter().zip(&tables)) {
        for (link, fk) in links.iter().zip(&resource.foreign_keys) {
            let Some(link) = link else { continue };
            if let (Some(table), Some(target)) = (table, &tables[link.target]) {
                foreign_key(resource, fk, link, table, target, &mut report);
            }
        }
    }

    if report.problems.is_empty() {
        Ok(tables
            .into_iter()
            .map(|t| t.map(|t| t.texts).unwrap_or_default())
            .collect())
    } else {
        Err(PackageError {
            problems: report.problems,
        })
    }
}

/// Whether the fields have names good enough to check the rows by.
fn check_fields(resource: &Resource, report: &mut Report) -> bool {
    let name = Some(resource.name.as_str());
    if resource.fields.is_empty() {
        report.at(name, None, None, ProblemKind::NoFields);
        return false;
    }
    let mut ok = true;
    let mut seen = BTreeSet::new();
    for field in &resource.fields {
        let at = Some(field.name.as_str());
        if !is_field_name(&field.name) {
            report.at(
                name,
                None,
                at,
                ProblemKind::BadFieldName(field.name.clone()),
            );
            ok = false;
        } else if !seen.insert(field.name.as_str()) {
            report.at(
                name,
                None,
                at,
                ProblemKind::DuplicateField(field.name.clone()),
            );
            ok = false;
        }
        if let Some(tag) = &field.hxl
            && !is_hashtag(tag)
        {
            report.at(name, None, at, ProblemKind::BadHashtag(tag.clone()));
        }
    }
    ok
}

/// The field's rules, reporting constraints that cannot be.
fn rules(resource: &Resource, field: &Field, report: &mut Report) -> Rules {
    let mut problem = |kind| report.at(Some(&resource.name), None, Some(&field.name), kind);
    let mut rules = Rules::default();
    if let Some(allowed) = &field.allowed {
        let mut keys = BTreeSet::new();
        let mut ok = true;
        for text in allowed {
            match allowed_key(field.kind, text) {
                Some(key) => {
                    keys.insert(key);
                }
                None => {
                    ok = false;
                    problem(ProblemKind::BadConstraint {
                        constraint: "enum",
                        value: text.clone(),
                        kind: field.kind,
                    });
                }
            }
        }
        // With a bad entry the rows cannot be judged: say so once, not once a row.
        rules.allowed = ok.then_some(keys);
    }
    for (constraint, bound, slot) in [
        ("minimum", field.minimum, &mut rules.minimum),
        ("maximum", field.maximum, &mut rules.maximum),
    ] {
        let Some(b) = bound else { continue };
        let whole = match field.kind {
            FieldType::Number => true,
            FieldType::Integer => b.fract() == 0.0 && b.abs() < 9.0e18,
            FieldType::Year => b.fract() == 0.0 && (0.0..=9999.0).contains(&b),
            kind => {
                problem(ProblemKind::UnsupportedConstraint { constraint, kind });
                continue;
            }
        };
        if b.is_finite() && whole {
            *slot = Some(b);
        } else {
            problem(ProblemKind::BadConstraint {
                constraint,
                value: b.to_string(),
                kind: field.kind,
            });
        }
    }
    if let (Some(minimum), Some(maximum)) = (rules.minimum, rules.maximum)
        && minimum > maximum
    {
        problem(ProblemKind::EmptyRange { minimum, maximum });
        // Every value would be out of range: say so once, not once a row.
        rules.minimum = None;
        rules.maximum = None;
    }
    rules
}

/// The positions of a key's fields, if they all exist once each.
fn key_fields(
    resource: &Resource,
    key: &'static str,
    names: &[String],
    report: &mut Report,
) -> Option<Vec<usize>> {
    let mut positions = Vec::new();
    for name in names {
        let at = Some(resource.name.as_str());
        match resource.fields.iter().position(|f| &f.name == name) {
            None => report.at(
                at,
                None,
                None,
                ProblemKind::UnknownKeyField {
                    key,
                    field: name.clone(),
                },
            ),
            Some(i) if positions.contains(&i) => report.at(
                at,
                None,
                None,
                ProblemKind::RepeatedKeyField {
                    key,
                    field: name.clone(),
                },
            ),
            Some(i) => positions.push(i),
        }
    }
    (positions.len() == names.len()).then_some(positions)
}

/// The resource's foreign keys, all of them valid or `None` in their place.
fn resource_links(
    package: &Package,
    resource: &Resource,
    report: &mut Report,
) -> Vec<Option<Link>> {
    let at = Some(resource.name.as_str());
    resource
        .foreign_keys
        .iter()
        .map(|fk| {
            let fields = key_fields(resource, "foreign key", &fk.fields, report);
            if fk.fields.is_empty() || fk.fields.len() != fk.reference_fields.len() {
                report.at(
                    at,
                    None,
                    None,
                    ProblemKind::ForeignKeyArity {
                        fields: fk.fields.len(),
                        reference: fk.reference_fields.len(),
                    },
                );
                return None;
            }
            let Some(target) = package.resources.iter().position(|r| r.name == fk.resource) else {
                report.at(
                    at,
                    None,
                    None,
                    ProblemKind::UnknownResource(fk.resource.clone()),
                );
                return None;
            };
            let mut target_fields = Vec::new();
            for name in &fk.reference_fields {
                match package.resources[target]
                    .fields
                    .iter()
                    .position(|f| &f.name == name)
                {
                    Some(i) => target_fields.push(i),
                    None => report.at(
                        at,
                        None,
                        None,
                        ProblemKind::UnknownReferenceField {
                            resource: fk.resource.clone(),
                            field: name.clone(),
                        },
                    ),
                }
            }
            let fields = fields?;
            (target_fields.len() == fields.len()).then_some(Link {
                fields,
                target,
                target_fields,
            })
        })
        .collect()
}

/// The rows' text and keys, reporting every cell that breaks its field's type or rules,
/// blank rows and repeated primary keys.
fn rows(resource: &Resource, rules: &[Rules], primary_key: &[usize], report: &mut Report) -> Table {
    let name = Some(resource.name.as_str());
    let fields = &resource.fields;
    let mut table = Table {
        texts: Vec::with_capacity(resource.rows.len()),
        keys: Vec::with_capacity(resource.rows.len()),
    };
    let mut unique: Vec<BTreeMap<Key, usize>> = vec![BTreeMap::new(); fields.len()];
    let mut primary: BTreeMap<Vec<Key>, usize> = BTreeMap::new();
    for (i, cells) in resource.rows.iter().enumerate() {
        let row = Some(i + 1);
        if cells.len() != fields.len() {
            let kind = ProblemKind::RowLength {
                expected: fields.len(),
                found: cells.len(),
            };
            report.at(name, row, None, kind);
            table.texts.push(Vec::new());
            table.keys.push(vec![None; fields.len()]);
            continue;
        }
        let mut texts = Vec::with_capacity(fields.len());
        let mut keys = Vec::with_capacity(fields.len());
        let mut blank = true;
        for (j, (field, cell)) in fields.iter().zip(cells).enumerate() {
            let mut problem = |kind| report.at(name, row, Some(&field.name), kind);
            let (text, key) = match value(field.kind, cell) {
                Err(kind) => {
                    blank = false;
                    problem(kind);
                    (String::new(), None)
                }
                Ok(None) => {
                    if primary_key.contains(&j) {
                        problem(ProblemKind::MissingKey);
                    } else if field.required {
                        problem(ProblemKind::MissingRequired);
                    }
                    (String::new(), None)
                }
                Ok(Some((text, key))) => {
                    blank = false;
                    let rule = &rules[j];
                    if rule.allowed.as_ref().is_some_and(|a| !a.contains(&key)) {
                        problem(ProblemKind::NotAllowed(text.clone()));
                    }
                    let x = key.as_f64();
                    if let (Some(x), Some(minimum)) = (x, rule.minimum)
                        && compare(&key, x, minimum) == Ordering::Less
                    {
                        problem(ProblemKind::BelowMinimum {
                            value: text.clone(),
                            minimum,
                        });
                    }
                    if let (Some(x), Some(maximum)) = (x, rule.maximum)
                        && compare(&key, x, maximum) == Ordering::Greater
                    {
                        problem(ProblemKind::AboveMaximum {
                            value: text.clone(),
                            maximum,
                        });
                    }
                    if field.unique {
                        if let Some(first) = unique[j].get(&key) {
                            problem(ProblemKind::NotUnique {
                                value: text.clone(),
                                first: *first,
                            });
                        } else {
                            unique[j].insert(key.clone(), i + 1);
                        }
                    }
                    (text, Some(key))
                }
            };
            texts.push(text);
            keys.push(key);
        }
        if blank {
            report.at(name, row, None, ProblemKind::BlankRow);
        }
        let pk: Option<Vec<Key>> = primary_key.iter().map(|&j| keys[j].clone()).collect();
        if let Some(pk) = pk.filter(|pk| !pk.is_empty()) {
            if let Some(first) = primary.get(&pk) {
                let value = primary_key
                    .iter()
                    .map(|&j| texts[j].as_str())
                    .collect::<Vec<_>>()
                    .join(", ");
                report.at(
                    name,
                    row,
                    None,
                    ProblemKind::DuplicateKey {
                        value,
                        first: *first,
                    },
                );
            } else {
                primary.insert(pk, i + 1);
            }
        }
        table.texts.push(texts);
        table.keys.push(keys);
    }
    table
}

/// A value against a bound. Whole values and bounds compare exactly (integer fields'
/// bounds are whole), others as f64, which orders as the validator's `Decimal` of the
/// shortest texts does.
fn compare(key: &Key, x: f64, bound: f64) -> Ordering {
    match key {
        Key::Int(i) if bound.fract() == 0.0 && bound.abs() < 9.0e18 => i.cmp(&(bound as i64)),
        _ => x.partial_cmp(&bound).unwrap_or(Ordering::Equal),
    }
}

/// Reports the rows whose foreign key values are not in the target, skipping those
/// where all are missing (as the validator does).
fn foreign_key(
    resource: &Resource,
    fk: &super::ForeignKey,
    link: &Link,
    table: &Table,
    target: &Table,
    report: &mut Report,
) {
    let tuple = |keys: &[Option<Key>], positions: &[usize]| -> Option<Vec<Option<Key>>> {
        let t: Vec<Option<Key>> = positions
            .iter()
            .map(|&j| keys.get(j).cloned().flatten())
            .collect();
        t.iter().any(Option::is_some).then_some(t)
    };
    let known: BTreeSet<Vec<Option<Key>>> = target
        .keys
        .iter()
        .filter_map(|keys| tuple(keys, &link.target_fields))
        .collect();
    for (i, (keys, texts)) in table.keys.iter().zip(&table.texts).enumerate() {
        let Some(t) = tuple(keys, &link.fields) else {
            continue;
        };
        if !known.contains(&t) {
            let values = link
                .fields
                .iter()
                .map(|&j| texts[j].as_str())
                .collect::<Vec<_>>()
                .join(", ");
            report.at(
                Some(&resource.name),
                Some(i + 1),
                None,
                ProblemKind::ForeignKeyNotFound {
                    values,
                    resource: fk.resource.clone(),
                    fields: fk.reference_fields.join(", "),
                },
            );
        }
    }
}
