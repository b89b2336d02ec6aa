//! The mapping file: how the columns of one spreadsheet become Memoria records.
//!
//! A mapping is TOML written by a documentalist, so every key is spelt out (no
//! shorthand that changes meaning with its type) and unknown keys are refused, so that
//! a typo is an error and not a silently ignored setting. `MAPPING.md` in this crate
//! documents every key; the files in `mappings/` at the workspace root are worked
//! examples.
//!
//! This module only parses and checks the mapping itself; turning rows into records
//! is [`crate::table`]'s job.

use std::collections::{BTreeMap, BTreeSet};

use serde::Deserialize;

use memoria_core::vocab::VocabularySet;

/// What each row of the file becomes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Target {
    /// A victim list: each row is one [`memoria_core::entity::Record`] of a source list.
    Records,
    /// Each row is an incident with one act of violation.
    Incidents,
}

/// The kind of file, when the extension does not say it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    Csv,
    Xlsx,
    Geojson,
}

impl Format {
    /// The format a file name's extension names, if any.
    pub fn from_file_name(name: &str) -> Option<Format> {
        let ext = name.rsplit_once('.')?.1.to_ascii_lowercase();
        match ext.as_str() {
            "csv" | "txt" | "tsv" => Some(Format::Csv),
            "xlsx" | "xlsm" => Some(Format::Xlsx),
            "geojson" | "json" => Some(Format::Geojson),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
            Format::Geojson => "geojson",
        }
    }
}

/// How the bytes of a CSV file are to be read as text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
pub enum Encoding {
    #[default]
    #[serde(rename = "utf-8", alias = "utf8", alias = "UTF-8")]
    Utf8,
    /// ISO 8859-1: every byte is the code point of the same number.
    #[serde(rename = "latin1", alias = "iso-8859-1", alias = "ISO-8859-1")]
    Latin1,
    /// Latin-1 with printable characters (€, curly quotes, …) in 0x80–0x9F, as
    /// spreadsheets on Windows write it.
    #[serde(rename = "windows-1252", alias = "cp1252")]
    Windows1252,
}

/// The whole mapping file.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mapping {
    pub target: Target,
    /// The collection's short name; created (with this name as title) if missing.
    pub collection: String,
    /// The language that texts from the file (titles, narratives, place and
    /// organisation names) are written in; `en` when not said.
    #[serde(default = "default_language")]
    pub language: String,
    /// For `target = "records"`: the source list the rows belong to, by name; created
    /// if the collection has no list of that name.
    #[serde(default)]
    pub list: Option<String>,
    #[serde(default)]
    pub list_description: Option<String>,
    /// Whether rows may be added to a list that already holds records. Off by default,
    /// since importing the same file twice would double every victim.
    #[serde(default)]
    pub append: bool,
    #[serde(default)]
    pub input: InputSpec,
    /// For `target = "records"`.
    #[serde(default)]
    pub record: Option<RecordSpec>,
    /// For `target = "incidents"`.
    #[serde(default)]
    pub incident: Option<IncidentSpec>,
    #[serde(default)]
    pub act: Option<ActSpec>,
    /// The place hierarchy, from the largest level down.
    #[serde(default)]
    pub place: Option<PlaceSpec>,
    /// An exact point (incidents only).
    #[serde(default)]
    pub point: Option<PointSpec>,
}

fn default_language() -> String {
    "en".to_string()
}

/// How to read the file.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InputSpec {
    #[serde(default)]
    pub format: Option<Format>,
    #[serde(default)]
    pub encoding: Encoding,
    /// The CSV field separator, one ASCII character; `,` when not said.
    #[serde(default)]
    pub delimiter: Option<char>,
    /// The XLSX worksheet by name; the first sheet when not said.
    #[serde(default)]
    pub sheet: Option<String>,
}

/// Where one field's value comes from, and how its words are read.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldSpec {
    /// The column holding the value.
    #[serde(default)]
    pub column: Option<String>,
    /// A constant: the same value for every row.
    #[serde(default)]
    pub value: Option<String>,
    /// Text built from columns: `"{dyad_name} at {where_coordinates}"`.
    #[serde(default)]
    pub template: Option<String>,
    /// Dates only: the column of the first day of an interval, with `end`.
    #[serde(default)]
    pub start: Option<String>,
    /// Dates only: the column of the last day of an interval, with `start`.
    #[serde(default)]
    pub end: Option<String>,
    /// Dates only: how the column writes dates (`%Y-%m-%d`, `%m/%d/%Y`, `%Y`, `edtf`).
    #[serde(default)]
    pub format: Option<String>,
    /// The file's words and what each means: a vocabulary code, or for numbers the
    /// number to use instead.
    #[serde(default)]
    pub map: BTreeMap<String, String>,
    /// Words that mean "not known"; the field is left empty for them.
    #[serde(default)]
    pub missing: Vec<String>,
    /// A row with no value here is a problem.
    #[serde(default)]
    pub required: bool,
    /// Use the field only on rows where another column holds one of some values.
    #[serde(default)]
    pub when: Option<When>,
    /// Places only: the ISO 3166 code — a constant for a constant place, or
    /// `"column"` when the column itself holds codes (`WA` under country `US`
    /// becomes `US-WA`).
    #[serde(default)]
    pub iso_code: Option<String>,
}

/// A condition on another column of the same row.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct When {
    pub column: String,
    #[serde(rename = "is")]
    pub one_of: Vec<String>,
}

/// A column kept in `Record.extra`: a column name, or a column under another key.
#[derive(Clone, Debug, Deserialize)]
#[serde(untagged)]
pub enum ExtraSpec {
    Column(String),
    Renamed { name: String, column: String },
}

impl ExtraSpec {
    pub fn key(&self) -> &str {
        match self {
            ExtraSpec::Column(c) => c,
            ExtraSpec::Renamed { name, .. } => name,
        }
    }
    pub fn column(&self) -> &str {
        match self {
            ExtraSpec::Column(c) => c,
            ExtraSpec::Renamed { column, .. } => column,
        }
    }
}

/// The fields of a victim-list record.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordSpec {
    pub external_id: Option<FieldSpec>,
    pub name: Option<FieldSpec>,
    pub given_name: Option<FieldSpec>,
    pub family_name: Option<FieldSpec>,
    pub sex: Option<FieldSpec>,
    pub age: Option<FieldSpec>,
    pub birth_date: Option<FieldSpec>,
    pub date: Option<FieldSpec>,
    /// What the list says happened, from the `violation-types` vocabulary.
    pub violation: Option<FieldSpec>,
    /// The kind of perpetrator the list names, from the `perpetrator-types` vocabulary.
    pub perpetrator: Option<FieldSpec>,
    #[serde(default)]
    pub extra: Vec<ExtraSpec>,
}

/// The fields of an incident.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IncidentSpec {
    pub external_id: Option<FieldSpec>,
    pub title: Option<FieldSpec>,
    pub narrative: Option<FieldSpec>,
    pub date: Option<FieldSpec>,
    pub status: Option<FieldSpec>,
    pub confidentiality: Option<FieldSpec>,
}

/// The act of violation each incident row holds.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActSpec {
    pub violation: Option<FieldSpec>,
    pub method: Option<FieldSpec>,
    pub date: Option<FieldSpec>,
    pub victim: Option<VictimSpec>,
    #[serde(default)]
    pub perpetrators: Vec<PerpetratorSpec>,
}

/// The victim of the act: one person, or a group with a count.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VictimSpec {
    pub name: Option<FieldSpec>,
    pub sex: Option<FieldSpec>,
    pub age: Option<FieldSpec>,
    /// How many people the victim stands for; 0 or empty means no victim is recorded.
    pub group_size: Option<FieldSpec>,
}

/// One perpetrator of the act; skipped on rows where it resolves to nothing.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PerpetratorSpec {
    /// From the `perpetrator-types` vocabulary.
    pub kind: Option<FieldSpec>,
    /// An organisation by name, found in the collection or created.
    pub organization: Option<FieldSpec>,
    /// From the `organization-types` vocabulary, for organisations this import creates.
    pub organization_kind: Option<FieldSpec>,
}

/// The place hierarchy; each level found by name under its parent, or created.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlaceSpec {
    pub country: Option<FieldSpec>,
    pub region: Option<FieldSpec>,
    pub district: Option<FieldSpec>,
    pub locality: Option<FieldSpec>,
}

/// An exact point with its precision.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PointSpec {
    pub lat: FieldSpec,
    pub lon: FieldSpec,
    /// Radius of uncertainty in metres.
    pub precision_m: Option<FieldSpec>,
}

/// A mapping that cannot be used, with every reason.
#[derive(Debug, thiserror::Error)]
#[error("the mapping cannot be used: {}", .problems.join("; "))]
pub struct MappingError {
    pub problems: Vec<String>,
}

impl Mapping {
    /// Parses and checks a mapping file's text.
    pub fn from_toml(text: &str) -> Result<Mapping, MappingError> {
        let m: Mapping = toml::from_str(text).map_err(|e| MappingError {
            problems: vec![e.to_string().trim().to_string()],
        })?;
        let problems = m.problems(None);
        if problems.is_empty() {
            Ok(m)
        } else {
            Err(MappingError { problems })
        }
    }

    /// Problems with the mapping on its own, and, given vocabularies, map entries
    /// pointing at codes those vocabularies lack.
    pub fn problems(&self, vocabs: Option<&VocabularySet>) -> Vec<String> {
        let mut out = Vec::new();
        match self.target {
            Target::Records => {
                if self.list.as_deref().is_none_or(|l| l.trim().is_empty()) {
                    out.push(
                        "target = \"records\" needs list = \"…\", the name of the source list"
                            .into(),
                    );
                }
                if self.record.is_none() {
                    out.push("target = \"records\" needs a [record] table".into());
                }
                if self.incident.is_some() || self.act.is_some() || self.point.is_some() {
                    out.push(
                        "[incident], [act] and [point] are for target = \"incidents\"; remove them"
                            .into(),
                    );
                }
            }
            Target::Incidents => {
                if self
                    .incident
                    .as_ref()
                    .and_then(|i| i.title.as_ref())
                    .is_none()
                {
                    out.push(
                        "target = \"incidents\" needs [incident] with a title (a column or a template)"
                            .into(),
                    );
                }
                if self
                    .act
                    .as_ref()
                    .and_then(|a| a.violation.as_ref())
                    .is_none()
                {
                    out.push("target = \"incidents\" needs [act] with a violation".into());
                }
                if self.record.is_some() || self.list.is_some() {
                    out.push("[record] and list are for target = \"records\"; remove them".into());
                }
            }
        }
        if self.collection.trim().is_empty() {
            out.push("collection must name a collection".into());
        }
        for (name, spec, vocab) in self.fields() {
            spec_problems(&name, spec, &mut out);
            if let (Some(vocab), Some(vocabs)) = (vocab, vocabs)
                && vocabs.get(vocab).is_some()
            {
                for (word, code) in &spec.map {
                    if !vocabs.has_term(vocab, code) {
                        out.push(format!(
                            "{name}: map sends {word:?} to {code:?}, which is not a code of the {vocab} vocabulary"
                        ));
                    }
                }
            }
        }
        if let Some(d) = self.input.delimiter
            && !d.is_ascii()
        {
            out.push("input.delimiter must be one ASCII character, such as \",\" or \";\"".into());
        }
        out
    }

    /// Every field spec with its dotted name and the vocabulary its words map into.
    pub(crate) fn fields(&self) -> Vec<(String, &FieldSpec, Option<&'static str>)> {
        use memoria_core::vocab::well_known as wk;
        type Fields<'m> = Vec<(String, &'m FieldSpec, Option<&'static str>)>;
        fn push<'m>(
            v: &mut Fields<'m>,
            n: &str,
            s: &'m Option<FieldSpec>,
            voc: Option<&'static str>,
        ) {
            if let Some(s) = s {
                v.push((n.to_string(), s, voc));
            }
        }
        let mut v: Fields<'_> = Vec::new();
        if let Some(r) = &self.record {
            push(&mut v, "record.external_id", &r.external_id, None);
            push(&mut v, "record.name", &r.name, None);
            push(&mut v, "record.given_name", &r.given_name, None);
            push(&mut v, "record.family_name", &r.family_name, None);
            push(&mut v, "record.sex", &r.sex, Some(wk::SEX));
            push(&mut v, "record.age", &r.age, None);
            push(&mut v, "record.birth_date", &r.birth_date, None);
            push(&mut v, "record.date", &r.date, None);
            push(
                &mut v,
                "record.violation",
                &r.violation,
                Some(wk::VIOLATION_TYPES),
            );
            push(
                &mut v,
                "record.perpetrator",
                &r.perpetrator,
                Some(wk::PERPETRATOR_TYPES),
            );
        }
        if let Some(i) = &self.incident {
            push(&mut v, "incident.external_id", &i.external_id, None);
            push(&mut v, "incident.title", &i.title, None);
            push(&mut v, "incident.narrative", &i.narrative, None);
            push(&mut v, "incident.date", &i.date, None);
            push(&mut v, "incident.status", &i.status, None);
            push(&mut v, "incident.confidentiality", &i.confidentiality, None);
        }
        if let Some(a) = &self.act {
            push(
                &mut v,
                "act.violation",
                &a.violation,
                Some(wk::VIOLATION_TYPES),
            );
            push(&mut v, "act.method", &a.method, Some(wk::METHODS));
            push(&mut v, "act.date", &a.date, None);
            if let Some(vic) = &a.victim {
                push(&mut v, "act.victim.name", &vic.name, None);
                push(&mut v, "act.victim.sex", &vic.sex, Some(wk::SEX));
                push(&mut v, "act.victim.age", &vic.age, None);
                push(&mut v, "act.victim.group_size", &vic.group_size, None);
            }
            for (i, p) in a.perpetrators.iter().enumerate() {
                push(
                    &mut v,
                    &format!("act.perpetrators.{i}.kind"),
                    &p.kind,
                    Some(wk::PERPETRATOR_TYPES),
                );
                push(
                    &mut v,
                    &format!("act.perpetrators.{i}.organization"),
                    &p.organization,
                    None,
                );
                push(
                    &mut v,
                    &format!("act.perpetrators.{i}.organization_kind"),
                    &p.organization_kind,
                    Some(wk::ORGANIZATION_TYPES),
                );
            }
        }
        if let Some(p) = &self.place {
            push(&mut v, "place.country", &p.country, None);
            push(&mut v, "place.region", &p.region, None);
            push(&mut v, "place.district", &p.district, None);
            push(&mut v, "place.locality", &p.locality, None);
        }
        if let Some(p) = &self.point {
            v.push(("point.lat".into(), &p.lat, None));
            v.push(("point.lon".into(), &p.lon, None));
            push(&mut v, "point.precision_m", &p.precision_m, None);
        }
        v
    }

    /// Every column the mapping reads, each once, in a stable order.
    pub fn columns(&self) -> BTreeSet<String> {
        let mut cols = BTreeSet::new();
        for (_, spec, _) in self.fields() {
            cols.extend(spec.columns());
        }
        if let Some(r) = &self.record {
            cols.extend(r.extra.iter().map(|e| e.column().to_string()));
        }
        cols
    }
}

impl FieldSpec {
    /// Every column this field reads.
    pub fn columns(&self) -> Vec<String> {
        let mut out = Vec::new();
        out.extend(self.column.clone());
        out.extend(self.start.clone());
        out.extend(self.end.clone());
        if let Some(t) = &self.template {
            out.extend(template_columns(t).into_iter().map(str::to_string));
        }
        if let Some(w) = &self.when {
            out.push(w.column.clone());
        }
        out
    }

    /// The column a problem with this field is reported against.
    pub(crate) fn main_column(&self) -> Option<&str> {
        self.column
            .as_deref()
            .or(self.start.as_deref())
            .or(self.when.as_ref().map(|w| w.column.as_str()))
    }
}

fn spec_problems(name: &str, s: &FieldSpec, out: &mut Vec<String>) {
    let sources = usize::from(s.column.is_some())
        + usize::from(s.value.is_some())
        + usize::from(s.template.is_some())
        + usize::from(s.start.is_some() || s.end.is_some());
    if sources != 1 {
        out.push(format!(
            "{name}: give exactly one of column, value, template, or start and end"
        ));
    }
    if s.start.is_some() != s.end.is_some() {
        out.push(format!(
            "{name}: start and end go together; for a single date use column"
        ));
    }
    let is_date = name.ends_with("date");
    if (s.start.is_some() || s.format.is_some()) && !is_date {
        out.push(format!(
            "{name}: start, end and format are for dates only; remove them"
        ));
    }
    if let Some(f) = &s.format
        && let Err(e) = crate::value::check_date_format(f)
    {
        out.push(format!("{name}: {e}"));
    }
    if is_date && s.format.is_none() && s.value.is_none() {
        out.push(format!(
            "{name}: say how dates are written, e.g. format = \"%Y-%m-%d\", \"%m/%d/%Y\", \"%Y\" or \"edtf\""
        ));
    }
    if let Some(t) = &s.template
        && let Err(e) = check_template(t)
    {
        out.push(format!("{name}: {e}"));
    }
    if s.iso_code.is_some() && !name.starts_with("place.") {
        out.push(format!("{name}: iso_code is for places only; remove it"));
    }
}

/// The column names a template refers to, in order.
pub(crate) fn template_columns(t: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = t;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                out.push(&after[..close]);
                rest = &after[close + 1..];
            }
            None => break,
        }
    }
    out
}

fn check_template(t: &str) -> Result<(), String> {
    let opens = t.matches('{').count();
    let closes = t.matches('}').count();
    if opens != closes || template_columns(t).len() != opens {
        return Err("every { in a template needs its } (write column names between them)".into());
    }
    if template_columns(t).iter().any(|c| c.is_empty()) {
        return Err("a template has {} with no column name in it".into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_typos_and_contradictions() {
        let err = Mapping::from_toml(
            r#"
            target = "records"
            collection = "c"
            list = "l"
            [record]
            nmae = { column = "name" }
            "#,
        )
        .unwrap_err();
        assert!(err.to_string().contains("nmae"), "{err}");

        let err = Mapping::from_toml(
            r#"
            target = "records"
            collection = "c"
            list = "l"
            [record]
            name = { column = "name", value = "x" }
            date = { column = "d" }
            "#,
        )
        .unwrap_err();
        assert_eq!(err.problems.len(), 2, "{err}");
    }

    #[test]
    fn lists_every_column_it_reads() {
        let m = Mapping::from_toml(
            r#"
            target = "incidents"
            collection = "c"
            [incident]
            title = { template = "{a} at {b}" }
            date = { start = "s", end = "e", format = "%Y-%m-%d" }
            [act]
            violation = { column = "v", when = { column = "w", is = ["1"] } }
            "#,
        )
        .unwrap();
        let cols: Vec<_> = m.columns().into_iter().collect();
        assert_eq!(cols, ["a", "b", "e", "s", "v", "w"]);
    }
}
