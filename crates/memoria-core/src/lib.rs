//! Memoria's domain model: who did what to whom, when and where, and who says so.
//!
//! This crate is pure: it reads no file, opens no socket, knows nothing of SQL or HTTP,
//! and so cannot fail for reasons outside its inputs. Everything that touches the world
//! (the store, importers, the command line) depends on it, never the other way round.
//!
//! - [`entity`]: the records a collection holds (incidents, acts, persons, sources, …).
//! - [`edtf`]: uncertain dates (ISO 8601-2 / EDTF levels 0 and 1).
//! - [`place`]: the place hierarchy and coordinates.
//! - [`vocab`]: controlled vocabularies and the defaults Memoria ships.
//! - [`validate`]: every problem with a record at once, each naming its field.
//! - [`revision`]: what one change did, field by field.
//! - [`publication`]: what may leave a collection: policy, consents, publications.

pub mod edtf;
pub mod entity;
pub mod fold;
pub mod grade;
pub mod id;
pub mod place;
pub mod publication;
pub mod revision;
pub mod text;
pub mod validate;
pub mod vocab;

pub use edtf::Edtf;
pub use entity::{Entity, EntityKind};
pub use id::RecordId;
