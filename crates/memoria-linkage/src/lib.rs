//! Record linkage: finding the records, in one list or several, that refer to the same
//! person — spelled differently, with an age instead of a birth date, a wrong day, a
//! village for a district.
//!
//! The pipeline is Fellegi–Sunter, unsupervised: normalise names and values
//! ([`name`], [`value`]), make candidate pairs by blocking ([`block`]), compare each pair
//! field by field into levels ([`compare`]), estimate how often true and random pairs
//! land on each level ([`model`]: EM for m, random pairs for u, term frequencies),
//! score, and cluster the matching pairs without chaining ([`cluster`]).
//!
//! This crate does no IO beyond the CSV helper, which reads from any `Read`; it knows
//! nothing of the store, terminals or the review pages. It never prints, and no error
//! or explanation it returns carries a value from a record: only ids, rows, columns,
//! field names and counts.
//!
//! # Use
//!
//! ```
//! use memoria_linkage::{Config, Records, link};
//!
//! // Fields and settings, from TOML (or built in code: Schema::new().field(...)).
//! let config = Config::from_toml(r#"
//!     mode = "link"
//!     [[field]]
//!     name = "name"
//!     kind = "name"
//!     [[field]]
//!     name = "born"
//!     kind = "date"
//!     [[field]]
//!     name = "sex"
//!     kind = "sex"
//!     [[block]]
//!     on = ["name:first", "name:last"]
//!     [[block]]
//!     on = ["born:day"]
//! "#).unwrap();
//!
//! // Records: input number, id, one cell per column of `schema.columns()`
//! // (or `read_csv(file, input, "id", &mut records)` for a CSV file).
//! let mut records = Records::new(&config.schema).unwrap();
//! records.push(1, "a1", &["Mohammed Ahmed Salem", "1980-03-04", "m"]).unwrap();
//! records.push(1, "a2", &["Fatima Khalil", "1975", "f"]).unwrap();
//! records.push(2, "b7", &["محمد أحمد سالم", "1980-03-04", "male"]).unwrap();
//! records.push(2, "b8", &["Maria de la Cruz", "1990-01-01", "f"]).unwrap();
//!
//! // Blocking first: the report can be shown, and an exploding rule is refused.
//! let plan = memoria_linkage::plan(&records, &config.settings).unwrap();
//! assert!(plan.report().union >= 1);
//! let linkage = plan.run(); // or link(&records, &settings) in one step
//!
//! // A cluster per record: (input, id, cluster).
//! let rows: Vec<_> = linkage.clusters().collect();
//! assert_eq!(rows[0].cluster, rows[2].cluster);
//! assert_ne!(rows[1].cluster, rows[3].cluster);
//!
//! // The band of uncertain pairs for review, and why a pair scores as it does.
//! let _to_review = linkage.review_band(0.3, 0.9);
//! let why = linkage.explain(0, 2);
//! assert!(why.fields.iter().any(|f| f.field == "name" && f.bits > 0.0));
//! ```
//!
//! # What each part does
//!
//! - [`schema`]: [`Schema`] (fields and their [`FieldKind`]s), [`Settings`] (mode,
//!   blocking rules, thresholds, the pair limit), [`Config`] (both from TOML).
//! - [`records`]: [`Records`], the normalised columns; [`Records::push`].
//! - [`csv_input`]: reading records from CSV ([`read_csv`], [`read_csv_renamed`]).
//! - [`name`]: names cut into comparable parts (particles, compounds, placeholders,
//!   repairs of Arabic text extracted from PDFs).
//! - [`block`]: blocking rules and the [`BlockingReport`].
//! - [`compare`]: levels per kind, term frequencies.
//! - [`model`]: m, u and the prior.
//! - [`cluster`]: clusters from matching pairs.
//! - [`linkage`]: the run ([`plan`], [`Plan::run`], [`link`]) and its result
//!   ([`Linkage`]: clusters, pairs, [`Linkage::review_band`], [`Linkage::explain`]).
//! - [`synth`]: a seeded generator of people and their records with known truth, for
//!   tests and benchmarks.
//! - [`eval`]: pairwise precision and recall against known truth.

pub mod block;
pub mod cluster;
pub mod compare;
pub mod csv_input;
pub mod error;
pub mod eval;
pub mod level;
pub mod linkage;
pub mod model;
pub mod name;
mod par;
pub mod records;
pub mod schema;
pub mod synth;
pub mod value;

pub use block::{BlockingReport, RuleReport, default_rules};
pub use csv_input::{CellProblem, CsvSummary, read_csv, read_csv_renamed};
pub use error::{ConfigError, CsvError, LinkageError};
pub use level::LevelName;
pub use linkage::{
    ClusterRow, Explanation, FEW_RECORDS, FieldContribution, Linkage, Plan, ScoredPair, Stage,
    link, plan,
};
pub use model::{ComparisonModel, Model};
pub use records::{InputPresence, RecordRef, Records, Unread};
pub use schema::{
    BlockingRule, Config, DateFormat, Decision, Field, FieldKind, KeyHow, KeyPart, Mode, Schema,
    Settings,
};
