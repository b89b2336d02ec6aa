//! Importers and exporters: how data gets into Memoria and out of it again.
//!
//! - [`table`]: CSV, XLSX and GeoJSON files turned into records by a [`Mapping`]
//!   (a TOML file a documentalist writes; see `MAPPING.md`), with a dry run that
//!   reports every problem and imports that are all or nothing.
//! - [`jsonl`]: the lossless JSON Lines export and import of a whole store.
//! - [`huridocs`]: the HURIDOCS micro-thesauri.
//!
//! Every import writes through one store transaction and leaves one `import` audit
//! entry; none writes anything when it finds a problem. This crate knows nothing of
//! terminals: progress goes through the [`Progress`] trait, and problems come back as
//! data for the caller to show.

pub mod huridocs;
pub mod jsonl;
mod mapper;
pub mod mapping;
pub mod problem;
pub mod progress;
mod read;
pub mod table;
mod value;

pub use jsonl::{JsonlError, JsonlReport, export_jsonl, import_jsonl};
pub use mapping::{Format, Mapping, MappingError, Target};
pub use problem::Problem;
pub use progress::{NoProgress, Progress};
pub use table::{ImportError, ImportOptions, ImportReport, Input, check_table, import_table};
