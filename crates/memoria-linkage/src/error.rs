//! Errors, named for what failed. None carries a value from a record: configuration
//! errors name fields and keys, input errors rows and columns, refusals counts.

use crate::schema::FieldKind;

/// A field declaration or settings that cannot be used.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ConfigError {
    #[error("the configuration is not valid TOML: {0}")]
    Toml(String),
    #[error("no field is declared; declare at least one with [[field]] or --field COLUMN:KIND")]
    NoFields,
    #[error("field `{0}` is declared twice; give each field its own name")]
    DuplicateField(String),
    #[error("field `{0}` reads no column; give it `column` or `columns`")]
    NoColumns(String),
    #[error("field `{0}` reads several columns, which only name and place fields may")]
    SeveralColumns(String),
    #[error(
        "more than 16 fields are compared, or more than 32 declared; mark some `compare = false`, or leave out those used for nothing"
    )]
    TooManyFields,
    #[error(
        "field `{field}` has unknown kind `{kind}`; use name, date, age, sex, place, exact or text"
    )]
    UnknownKind { field: String, kind: String },
    #[error("field `{field}`: {what}")]
    Invalid { field: String, what: &'static str },
    #[error("unknown mode `{0}`; use link, dedupe or link_and_dedupe")]
    UnknownMode(String),
    #[error("a blocking key names `{0}`, which is not a declared field")]
    UnknownField(String),
    #[error(
        "blocking key `{key}` does not fit a {kind} field; see the kinds' keys in the documentation of KeyHow"
    )]
    BadKey { key: String, kind: FieldKind },
    #[error(
        "thresholds must be probabilities with 0 < match_probability < 1 and review = [low, high], low <= high"
    )]
    Thresholds,
    #[error("more than 16 blocking rules; combine some")]
    TooManyRules,
    #[error("min_cluster_density must be between 0 and 1, and max_cluster_size at least 2")]
    Clustering,
}

/// Why a run was refused before or during its work.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum LinkageError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error("there are no records to link")]
    NoRecords,
    #[error("linking needs at least two inputs in link mode; with one input use dedupe mode")]
    OneInput,
    #[error("no blocking rule is given and none can be made from the fields; add [[block]] rules")]
    NoRules,
    #[error(
        "blocking rule {rule} (`{text}`) has no key, so it would compare every record with every other; give it at least one field"
    )]
    EveryoneWithEveryone { rule: usize, text: String },
    #[error(
        "blocking rule {rule} (`{text}`) would make about {pairs} candidate pairs, more than the limit of {limit}; its largest block holds {largest_block} records. Add a field to the rule (a year, a place level, sex) or use a more specific key, such as name:pairs instead of name:parts"
    )]
    RuleTooBroad {
        rule: usize,
        text: String,
        pairs: u64,
        limit: u64,
        largest_block: u64,
    },
    #[error(
        "blocking rule {rule} (`{text}`) {what}: every combination of its fields' values is a key, so two fields with many values a record (name parts or pairs, words) multiply. Keep at most one such field in a rule and add single-valued ones (a year, a place level, sex)"
    )]
    RuleTooManyKeys {
        rule: usize,
        text: String,
        /// What overflowed, as a phrase: "gives one record 4096 keys, …".
        what: String,
    },
    #[error(
        "the blocking rules together would make {pairs} candidate pairs, more than the limit of {limit}; make the broadest rules more specific (see the report), or raise max_pairs if memory allows (about 30 bytes a pair)"
    )]
    TooManyPairs { pairs: u64, limit: u64 },
    #[error("no field is compared; mark at least one field `compare = true`")]
    NothingCompared,
    #[error(
        "no record has a value in any compared field (every cell is empty, a placeholder such as \"unknown\", or unreadable): check that the declared columns are the ones holding names, dates, ages or places"
    )]
    NothingKnown,
    #[error("more than {0} records; split the input")]
    TooManyRecords(u64),
}

/// A problem with a CSV input: the file cannot be read as declared.
#[derive(Debug, thiserror::Error)]
pub enum CsvError {
    #[error("the input has no column `{0}`, which the field declaration or --id names")]
    MissingColumn(String),
    #[error("the header row cannot be read: {0}")]
    Header(String),
    #[error("row {row} cannot be read ({reason}); check the file's quoting and encoding")]
    Row { row: u64, reason: String },
    #[error(transparent)]
    Io(#[from] std::io::Error),
    #[error(transparent)]
    Linkage(#[from] LinkageError),
}
