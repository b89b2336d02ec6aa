//! Record identifiers.
//!
//! Ids are random UUIDs, never derived from content: an id must reveal nothing about
//! the person or incident it names, since ids do appear in logs and URLs.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RecordId(uuid::Uuid);

impl RecordId {
    /// A fresh random id (UUID v4).
    pub fn random() -> RecordId {
        RecordId(uuid::Uuid::new_v4())
    }

    /// An id from 16 bytes chosen by the caller, so that seeded generators (the
    /// demonstration collection) are reproducible. The bytes are shaped into a v4 UUID.
    pub fn from_random_bytes(bytes: [u8; 16]) -> RecordId {
        RecordId(uuid::Builder::from_random_bytes(bytes).into_uuid())
    }

    pub fn as_uuid(&self) -> &uuid::Uuid {
        &self.0
    }
}

impl fmt::Display for RecordId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.hyphenated().fmt(f)
    }
}

#[derive(Debug, thiserror::Error)]
#[error("not a record id (expected a UUID such as 0b6c9a7e-1f2d-4c3b-9a8e-5d4c3b2a1f0e)")]
pub struct ParseRecordIdError;

impl FromStr for RecordId {
    type Err = ParseRecordIdError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        uuid::Uuid::parse_str(s.trim())
            .map(RecordId)
            .map_err(|_| ParseRecordIdError)
    }
}
