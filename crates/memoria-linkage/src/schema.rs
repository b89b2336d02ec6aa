//! What the records hold and how to link them: the field declaration ([`Schema`]) and
//! the run's settings ([`Settings`]), written in TOML or built in code.
//!
//! ```toml
//! mode = "link"                # "link" (across inputs), "dedupe", "link_and_dedupe"
//! match_probability = 0.5      # pairs at or above join a cluster
//! review = [0.3, 0.9]          # the band of uncertain pairs for people to review
//!
//! [[field]]
//! name = "name"                # kind "name": full name, or its parts in several columns
//! kind = "name"
//! columns = ["given", "family"]
//!
//! [[field]]
//! name = "born"
//! kind = "date"                # EDTF; `format = "m/d/y"` reads US-style dates instead
//! within_days = [1, 10, 366]
//!
//! [[field]]
//! name = "age"
//! kind = "age"
//! from = "born"                # an age worked out from the birth date when missing
//! on = "2024-08-31"
//!
//! [[field]]
//! name = "place"
//! kind = "place"               # one hierarchy: "country > region > district", or
//! columns = ["state", "city"]  # one column per level, coarse to fine
//!
//! [[field]]
//! name = "document"
//! kind = "exact"               # an identifier: same or different, and with bands
//! within_edits = [1, 2]        # levels between: at most 1, 2 characters apart
//! jaro_winkler = [0.9]         # then Jaro-Winkler similarity 0.9 or more
//!
//! # Any field: `compare = false` (blocking only), `term_frequency = false` (a shared
//! # rare value counts as much as a common one), `fuzzy = 0.88` (names and places: the
//! # Jaro-Winkler similarity at which two parts are alike), `m = [...]` (given, not
//! # estimated; one per level).
//!
//! [[block]]
//! on = ["name:first", "name:last"]
//! [[block]]
//! on = ["born:day", "place:1"]
//!
//! [[train]]                    # pairs only for estimating m, never scored
//! on = ["age", "sex"]
//! ```
//!
//! Blocking keys are `field` or `field:how`; see [`KeyHow`] for the choices per kind.

use std::fmt;

use serde::Deserialize;

use crate::error::ConfigError;

/// The kind of a field, which decides how its values are read and compared.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldKind {
    /// A person's name, whole or in parts (the parts of several columns are joined).
    Name,
    /// An EDTF date (or a plain `m/d/y` / `d/m/y` date with `format`).
    Date,
    /// An age in years: `34`, `40s`, `20-25`, `0`.
    Age,
    /// Sex or gender: m/f and their words in several languages; anything else is unknown.
    Sex,
    /// A place: levels from coarse to fine, compared as one hierarchy.
    Place,
    /// An identifier or code compared for equality only.
    Exact,
    /// Free text compared by its words.
    Text,
}

impl FieldKind {
    pub fn parse(s: &str) -> Option<FieldKind> {
        Some(match s {
            "name" => FieldKind::Name,
            "date" => FieldKind::Date,
            "age" => FieldKind::Age,
            "sex" | "gender" => FieldKind::Sex,
            "place" => FieldKind::Place,
            "exact" | "id" => FieldKind::Exact,
            "text" => FieldKind::Text,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            FieldKind::Name => "name",
            FieldKind::Date => "date",
            FieldKind::Age => "age",
            FieldKind::Sex => "sex",
            FieldKind::Place => "place",
            FieldKind::Exact => "exact",
            FieldKind::Text => "text",
        }
    }
}

impl fmt::Display for FieldKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How the text of a date column is written besides EDTF, which is always understood.
/// Two-digit years are read as 2000–2029 for 00–29 and 1930–1999 for 30–99.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateFormat {
    /// EDTF (ISO 8601 and its extensions): `2015-01-02`, `2015-01`, `1984?`.
    Edtf,
    /// Month/day/year as in the United States, `7/15/18` or `07/15/2018`.
    MonthDayYear,
    /// Day/month/year, `15/7/2018`.
    DayMonthYear,
}

/// One declared field.
#[derive(Clone, Debug)]
pub struct Field {
    /// The field's name, used in blocking keys and explanations.
    pub name: String,
    pub kind: FieldKind,
    /// The input columns it reads, joined with a space (names), or as levels from
    /// coarse to fine (places). Defaults to one column named like the field.
    pub columns: Vec<String>,
    /// Whether the field is scored; a field may serve for blocking only.
    pub compare: bool,
    /// Jaro–Winkler similarity at which two name parts (or place names) are "alike".
    pub fuzzy: f64,
    /// Dates: the bands of days, in increasing order, each a comparison level.
    pub within_days: Vec<u32>,
    /// Ages: the bands of years, in increasing order, each a comparison level.
    pub within_years: Vec<u32>,
    /// Exact values (identifiers, codes): bands of edits apart (insertions, deletions,
    /// changes and swaps of neighbours), in increasing order, each a level between
    /// "same" and "different": an id typed with a letter wrong is not a stranger's.
    pub within_edits: Vec<u32>,
    /// Exact values: bands of Jaro–Winkler similarity, in decreasing order, each a
    /// level after the edit bands.
    pub jaro_winkler: Vec<f64>,
    /// Whether agreement on a rare value counts more than on a common one.
    pub term_frequency: bool,
    /// Dates: how the text is written.
    pub format: DateFormat,
    /// Ages: a date field holding the birth date, to work the age out when it is missing.
    pub age_from: Option<String>,
    /// Ages: the day at which an age worked out from a birth date is counted.
    pub age_on: Option<memoria_core::edtf::Day>,
    /// m-probabilities given rather than estimated, one per level (sex by default:
    /// given names predict it, which biases its estimate on pairs blocked by name).
    pub m: Option<Vec<f64>>,
}

impl Field {
    /// A field of `kind` reading the column of the same name, with the default
    /// comparison of its kind.
    pub fn new(name: &str, kind: FieldKind) -> Field {
        Field {
            name: name.to_string(),
            kind,
            columns: vec![name.to_string()],
            compare: true,
            fuzzy: match kind {
                FieldKind::Place => 0.9,
                _ => 0.88,
            },
            within_days: vec![1, 10, 366],
            within_years: vec![1, 3],
            within_edits: Vec::new(),
            jaro_winkler: Vec::new(),
            term_frequency: matches!(kind, FieldKind::Name | FieldKind::Place | FieldKind::Exact),
            format: DateFormat::Edtf,
            age_from: None,
            age_on: None,
            m: (kind == FieldKind::Sex).then(|| vec![0.98, 0.02]),
        }
    }

    /// The same field reading other columns (several name parts, or place levels).
    pub fn columns(mut self, columns: &[&str]) -> Field {
        self.columns = columns.iter().map(|c| c.to_string()).collect();
        self
    }

    pub fn format(mut self, format: DateFormat) -> Field {
        self.format = format;
        self
    }

    pub fn within_days(mut self, days: &[u32]) -> Field {
        self.within_days = days.to_vec();
        self
    }

    pub fn within_years(mut self, years: &[u32]) -> Field {
        self.within_years = years.to_vec();
        self
    }

    /// Exact values: a level per band of edits apart (see [`Field::within_edits`]).
    pub fn within_edits(mut self, edits: &[u32]) -> Field {
        self.within_edits = edits.to_vec();
        self
    }

    /// Exact values: a level per band of Jaro–Winkler similarity, highest first.
    pub fn jaro_winkler(mut self, bands: &[f64]) -> Field {
        self.jaro_winkler = bands.to_vec();
        self
    }

    /// Ages: work the age out from the birth date in `date_field` at day `on` when the
    /// age itself is missing.
    pub fn age_from(mut self, date_field: &str, on: memoria_core::edtf::Day) -> Field {
        self.age_from = Some(date_field.to_string());
        self.age_on = Some(on);
        self
    }

    /// A field used for blocking only, never scored.
    pub fn blocking_only(mut self) -> Field {
        self.compare = false;
        self
    }
}

/// The declared fields, in order.
#[derive(Clone, Debug, Default)]
pub struct Schema {
    fields: Vec<Field>,
}

impl Schema {
    pub fn new() -> Schema {
        Schema::default()
    }

    /// Adds a field (builder style).
    pub fn field(mut self, field: Field) -> Schema {
        self.fields.push(field);
        self
    }

    pub fn fields(&self) -> &[Field] {
        &self.fields
    }

    /// The index of the field called `name`.
    pub fn position(&self, name: &str) -> Option<usize> {
        self.fields.iter().position(|f| f.name == name)
    }

    /// Every input column the fields read, in field order (a column read by two fields
    /// appears twice). [`crate::Records::push`] takes values in this order.
    pub fn columns(&self) -> Vec<&str> {
        self.fields
            .iter()
            .flat_map(|f| f.columns.iter().map(String::as_str))
            .collect()
    }

    /// Checks that names are unique and references resolve.
    pub fn check(&self) -> Result<(), ConfigError> {
        if self.fields.is_empty() {
            return Err(ConfigError::NoFields);
        }
        for (i, f) in self.fields.iter().enumerate() {
            if self.fields[..i].iter().any(|g| g.name == f.name) {
                return Err(ConfigError::DuplicateField(f.name.clone()));
            }
            if f.columns.is_empty() {
                return Err(ConfigError::NoColumns(f.name.clone()));
            }
            if f.columns.len() > 1 && !matches!(f.kind, FieldKind::Name | FieldKind::Place) {
                return Err(ConfigError::SeveralColumns(f.name.clone()));
            }
            if !(0.5..=1.0).contains(&f.fuzzy) {
                return Err(ConfigError::Invalid {
                    field: f.name.clone(),
                    what: "fuzzy must be between 0.5 and 1",
                });
            }
            if f.within_days.windows(2).any(|w| w[0] >= w[1])
                || f.within_years.windows(2).any(|w| w[0] >= w[1])
            {
                return Err(ConfigError::Invalid {
                    field: f.name.clone(),
                    what: "bands must increase",
                });
            }
            if f.within_days.is_empty() {
                return Err(ConfigError::Invalid {
                    field: f.name.clone(),
                    what: "within_days needs at least one band",
                });
            }
            let fuzzy_bands = !f.within_edits.is_empty() || !f.jaro_winkler.is_empty();
            if fuzzy_bands && f.kind != FieldKind::Exact {
                return Err(ConfigError::Invalid {
                    field: f.name.clone(),
                    what: "within_edits and jaro_winkler are for exact fields (names are already paired part by part, by Jaro-Winkler and by sound)",
                });
            }
            if f.within_edits.windows(2).any(|w| w[0] >= w[1])
                || f.within_edits.first().is_some_and(|&e| e == 0)
                || f.within_edits.last().is_some_and(|&e| e > 8)
            {
                return Err(ConfigError::Invalid {
                    field: f.name.clone(),
                    what: "within_edits must increase, from 1 to at most 8",
                });
            }
            if f.jaro_winkler.windows(2).any(|w| w[0] <= w[1])
                || f.jaro_winkler.iter().any(|&j| !(j > 0.0 && j < 1.0))
            {
                return Err(ConfigError::Invalid {
                    field: f.name.clone(),
                    what: "jaro_winkler bands must decrease, each between 0 and 1",
                });
            }
            if f.within_edits.len() + f.jaro_winkler.len() > 6 {
                return Err(ConfigError::Invalid {
                    field: f.name.clone(),
                    what: "at most 6 bands of edits and Jaro-Winkler together",
                });
            }
            if f.within_days.len() > 6 || f.within_years.len() > 6 {
                return Err(ConfigError::Invalid {
                    field: f.name.clone(),
                    what: "at most 6 bands",
                });
            }
            if let Some(m) = &f.m
                && (m.iter().any(|&x| !(x > 0.0 && x <= 1.0))
                    || (m.iter().sum::<f64>() - 1.0).abs() > 1e-6)
            {
                return Err(ConfigError::Invalid {
                    field: f.name.clone(),
                    what: "m must be probabilities above 0 that add up to 1, one per level",
                });
            }
            if let Some(from) = &f.age_from {
                match self.position(from) {
                    Some(j) if self.fields[j].kind == FieldKind::Date => {}
                    _ => {
                        return Err(ConfigError::Invalid {
                            field: f.name.clone(),
                            what: "`from` must name a date field",
                        });
                    }
                }
                if f.age_on.is_none() {
                    return Err(ConfigError::Invalid {
                        field: f.name.clone(),
                        what: "`from` needs `on`, the day ages are counted at",
                    });
                }
            }
        }
        // Unread cells are kept as a bit per field of a u32 (see `Unread`).
        if self.fields.iter().filter(|f| f.compare).count() > 16 || self.fields.len() > 32 {
            return Err(ConfigError::TooManyFields);
        }
        Ok(())
    }
}

/// Which pairs of records may be the same person.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Only records of different inputs (each list is taken as free of duplicates).
    Link,
    /// Only records within the one input (or within each input).
    Dedupe,
    /// Any two records.
    LinkAndDedupe,
}

/// How one part of a blocking key is made from a field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyHow {
    /// Names: the first part's phonetic skeleton (`name:first`).
    NameFirst,
    /// Names: the last part's skeleton (`name:last`).
    NameLast,
    /// Names: each part's skeleton, one key each (`name:parts`).
    NameParts,
    /// Names: each unordered pair of parts' skeletons (`name:pairs`), robust to order
    /// and to a missing part.
    NamePairs,
    /// Dates: the exact day (`date:day`).
    DateDay,
    /// Dates: year and month (`date:month`).
    DateMonth,
    /// Dates: the year (`date:year`).
    DateYear,
    /// Ages, sexes, exact fields: the value (`age`, `sex`, `id`).
    Value,
    /// Ages: two keys, so that ages a year apart still meet (`age:near`).
    AgeNear,
    /// Places: the path down to level n, from 1 (`place:1`, `place:2`).
    PlaceLevel(u8),
    /// Text: each word (`text:words`).
    Words,
}

/// One part of a blocking rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KeyPart {
    /// Index of the field in the schema.
    pub field: usize,
    pub how: KeyHow,
}

/// A blocking rule: records that share a key made of all its parts are compared.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BlockingRule {
    pub parts: Vec<KeyPart>,
    /// The rule as written, for reports.
    pub text: String,
}

impl BlockingRule {
    /// Parses `["name:first", "born:year"]` against `schema`.
    pub fn parse(schema: &Schema, keys: &[&str]) -> Result<BlockingRule, ConfigError> {
        let mut parts = Vec::with_capacity(keys.len());
        for key in keys {
            let (field_name, how) = match key.split_once(':') {
                Some((f, h)) => (f.trim(), Some(h.trim())),
                None => (key.trim(), None),
            };
            let field = schema
                .position(field_name)
                .ok_or_else(|| ConfigError::UnknownField(field_name.to_string()))?;
            let kind = schema.fields[field].kind;
            let bad = || ConfigError::BadKey {
                key: key.to_string(),
                kind,
            };
            let how = match (kind, how) {
                (FieldKind::Name, None | Some("first")) => KeyHow::NameFirst,
                (FieldKind::Name, Some("last")) => KeyHow::NameLast,
                (FieldKind::Name, Some("parts")) => KeyHow::NameParts,
                (FieldKind::Name, Some("pairs")) => KeyHow::NamePairs,
                (FieldKind::Date, None | Some("day")) => KeyHow::DateDay,
                (FieldKind::Date, Some("month")) => KeyHow::DateMonth,
                (FieldKind::Date, Some("year")) => KeyHow::DateYear,
                (FieldKind::Age | FieldKind::Sex | FieldKind::Exact, None | Some("value")) => {
                    KeyHow::Value
                }
                (FieldKind::Age, Some("near")) => KeyHow::AgeNear,
                (FieldKind::Place, None) => KeyHow::PlaceLevel(u8::MAX),
                (FieldKind::Place, Some(n)) => match n.parse::<u8>() {
                    Ok(n) if n >= 1 => KeyHow::PlaceLevel(n),
                    _ => return Err(bad()),
                },
                (FieldKind::Text, None | Some("words")) => KeyHow::Words,
                _ => return Err(bad()),
            };
            parts.push(KeyPart { field, how });
        }
        Ok(BlockingRule {
            parts,
            text: keys.join(" + "),
        })
    }
}

/// The least number of random pairs u is estimated from, however few the records.
pub const U_SAMPLE_LEAST: usize = 300_000;

/// The settings of one run.
#[derive(Clone, Debug)]
pub struct Settings {
    /// `None`: [`Mode::Dedupe`] for one input, [`Mode::Link`] for several.
    pub mode: Option<Mode>,
    /// Blocking rules, combined by union. Empty: [`crate::block::default_rules`].
    pub blocking: Vec<BlockingRule>,
    /// Rules whose pairs only train the m-probabilities (never scored): needed when
    /// every blocking rule uses a field, whose m then cannot be learnt from them.
    pub training: Vec<BlockingRule>,
    /// The most candidate pairs a run may score; beyond it the run is refused.
    pub max_pairs: u64,
    /// Pairs whose match probability reaches this join a cluster.
    pub match_probability: f64,
    /// The band `[low, high)` of probabilities whose pairs go to review.
    pub review: (f64, f64),
    /// Two clusters join only if the mean match probability of the pairs between them
    /// reaches this; stops chains of look-alikes.
    pub min_cluster_density: f64,
    /// No cluster grows past this size.
    pub max_cluster_size: u32,
    /// How many random pairs estimate the u-probabilities; by default three per
    /// record, at least [`U_SAMPLE_LEAST`]. The rarest levels' u shrink as records grow
    /// (twice as many people, twice as many family names, half the chance two strangers
    /// share one), so a fixed number of random pairs would find them ever fewer times,
    /// and their estimates would be noisier, the larger the data.
    pub u_sample: Option<usize>,
    /// How many candidate pairs per blocking rule train the m-probabilities.
    pub em_sample: usize,
    /// Seed for the random pairs.
    pub seed: u64,
    /// Threads for comparing pairs.
    pub threads: usize,
    /// What people who reviewed pairs said, taken over the model's score: see
    /// [`Decision`].
    pub decisions: Vec<Decision>,
}

/// A reviewer's answer about records `a` and `b` (positions in the records): `same`
/// pairs are linked whatever the model says (unless that would join a pair decided
/// different), `different` pairs never end in one cluster, and neither is offered
/// for review again. Both also train the model: a `same` pair counts as an observed
/// match in the m-probabilities, a `different` pair as an observed non-match in the
/// u-probabilities.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Decision {
    pub a: usize,
    pub b: usize,
    pub same: bool,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            mode: None,
            blocking: Vec::new(),
            training: Vec::new(),
            max_pairs: 40_000_000,
            match_probability: 0.5,
            review: (0.3, 0.9),
            min_cluster_density: 0.5,
            max_cluster_size: 64,
            u_sample: None,
            em_sample: 300_000,
            seed: 0x006d_656d_6f72_6961,
            threads: std::thread::available_parallelism().map_or(1, |n| n.get().min(8)),
            decisions: Vec::new(),
        }
    }
}

/// A schema and settings read together from one TOML file.
#[derive(Clone, Debug)]
pub struct Config {
    pub schema: Schema,
    pub settings: Settings,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    mode: Option<String>,
    max_pairs: Option<u64>,
    match_probability: Option<f64>,
    review: Option<(f64, f64)>,
    min_cluster_density: Option<f64>,
    max_cluster_size: Option<u32>,
    u_sample: Option<usize>,
    em_sample: Option<usize>,
    seed: Option<u64>,
    #[serde(default)]
    field: Vec<RawField>,
    #[serde(default)]
    block: Vec<RawBlock>,
    #[serde(default)]
    train: Vec<RawBlock>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawField {
    name: String,
    kind: String,
    column: Option<String>,
    columns: Option<Vec<String>>,
    compare: Option<bool>,
    fuzzy: Option<f64>,
    within_days: Option<Vec<u32>>,
    within_years: Option<Vec<u32>>,
    within_edits: Option<Vec<u32>>,
    jaro_winkler: Option<Vec<f64>>,
    term_frequency: Option<bool>,
    format: Option<String>,
    from: Option<String>,
    on: Option<String>,
    m: Option<Vec<f64>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBlock {
    on: Vec<String>,
}

impl Config {
    /// Reads a configuration; the schema may also be given in code and only the
    /// settings read (leave `[[field]]` out and pass `schema`).
    pub fn from_toml(text: &str) -> Result<Config, ConfigError> {
        Config::from_toml_with(text, None)
    }

    /// Like [`Config::from_toml`], with fields declared in code added before the file's;
    /// a field the file declares again takes the file's declaration.
    pub fn from_toml_with(text: &str, schema: Option<Schema>) -> Result<Config, ConfigError> {
        let raw: RawConfig =
            toml::from_str(text).map_err(|e| ConfigError::Toml(e.message().to_string()))?;
        let mut schema = schema.unwrap_or_default();
        // Fields declared in code (the command line's `--field`) that the file declares
        // again take the file's declaration, in their place: the flags say which columns
        // to compare, the file how.
        let given = schema.fields.len();
        let mut replaced = vec![false; given];
        for f in raw.field {
            let kind = FieldKind::parse(&f.kind).ok_or_else(|| ConfigError::UnknownKind {
                field: f.name.clone(),
                kind: f.kind.clone(),
            })?;
            let mut field = Field::new(&f.name, kind);
            if let Some(c) = f.column {
                field.columns = vec![c];
            }
            if let Some(cs) = f.columns {
                field.columns = cs;
            }
            if let Some(v) = f.compare {
                field.compare = v;
            }
            if let Some(v) = f.fuzzy {
                field.fuzzy = v;
            }
            if let Some(v) = f.within_days {
                field.within_days = v;
            }
            if let Some(v) = f.within_years {
                field.within_years = v;
            }
            if let Some(v) = f.within_edits {
                field.within_edits = v;
            }
            if let Some(v) = f.jaro_winkler {
                field.jaro_winkler = v;
            }
            if let Some(v) = f.term_frequency {
                field.term_frequency = v;
            }
            if let Some(v) = f.format {
                field.format = match v.as_str() {
                    "edtf" => DateFormat::Edtf,
                    "m/d/y" => DateFormat::MonthDayYear,
                    "d/m/y" => DateFormat::DayMonthYear,
                    _ => {
                        return Err(ConfigError::Invalid {
                            field: f.name,
                            what: "format must be \"edtf\", \"m/d/y\" or \"d/m/y\"",
                        });
                    }
                };
            }
            field.age_from = f.from;
            if f.m.is_some() {
                field.m = f.m;
            }
            if let Some(on) = f.on {
                let day = memoria_core::Edtf::parse(&on)
                    .ok()
                    .and_then(|d| d.earliest())
                    .ok_or_else(|| ConfigError::Invalid {
                        field: f.name.clone(),
                        what: "`on` must be an EDTF day",
                    })?;
                field.age_on = Some(day);
            }
            match (0..given).find(|&i| !replaced[i] && schema.fields[i].name == field.name) {
                Some(i) => {
                    replaced[i] = true;
                    schema.fields[i] = field;
                }
                None => schema.fields.push(field),
            }
        }
        schema.check()?;
        let mut settings = Settings::default();
        if let Some(m) = raw.mode {
            settings.mode = Some(match m.as_str() {
                "link" => Mode::Link,
                "dedupe" => Mode::Dedupe,
                "link_and_dedupe" => Mode::LinkAndDedupe,
                _ => return Err(ConfigError::UnknownMode(m)),
            });
        }
        if let Some(v) = raw.max_pairs {
            settings.max_pairs = v;
        }
        if let Some(v) = raw.match_probability {
            settings.match_probability = v;
        }
        if let Some(v) = raw.review {
            settings.review = v;
        }
        if let Some(v) = raw.min_cluster_density {
            settings.min_cluster_density = v;
        }
        if let Some(v) = raw.max_cluster_size {
            settings.max_cluster_size = v;
        }
        if let Some(v) = raw.u_sample {
            settings.u_sample = Some(v);
        }
        if let Some(v) = raw.em_sample {
            settings.em_sample = v;
        }
        if let Some(v) = raw.seed {
            settings.seed = v;
        }
        for b in raw.block {
            let keys: Vec<&str> = b.on.iter().map(String::as_str).collect();
            settings.blocking.push(BlockingRule::parse(&schema, &keys)?);
        }
        for b in raw.train {
            let keys: Vec<&str> = b.on.iter().map(String::as_str).collect();
            settings.training.push(BlockingRule::parse(&schema, &keys)?);
        }
        settings.check()?;
        Ok(Config { schema, settings })
    }
}

impl Settings {
    /// Checks that thresholds are probabilities in order.
    pub fn check(&self) -> Result<(), ConfigError> {
        let p = self.match_probability;
        let (lo, hi) = self.review;
        if !(0.0..1.0).contains(&p) || p <= 0.0 || !(0.0..=1.0).contains(&lo) || lo > hi || hi > 1.0
        {
            return Err(ConfigError::Thresholds);
        }
        if !(0.0..=1.0).contains(&self.min_cluster_density) || self.max_cluster_size < 2 {
            return Err(ConfigError::Clustering);
        }
        if self.blocking.len() > 16 || self.training.len() > 16 {
            return Err(ConfigError::TooManyRules);
        }
        Ok(())
    }
}
