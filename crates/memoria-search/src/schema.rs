//! The fields of the index and the codes stored in them.
//!
//! One index holds every searchable record; `kind` tells them apart. Text fields are
//! fed tokens we fold ourselves (see `analyze`), so the tokenizer named in the schema is
//! never run. Everything a filter, a facet, a sort or a hit needs is a fast field (a
//! column), so that no stored document is ever read.

use memoria_core::entity::{EntityKind, Sensitivity, Status};
use memoria_core::id::RecordId;
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STRING, Schema, TextFieldIndexing, TextOptions,
};

/// Bumped whenever the fields or what goes into them change: an index written with
/// another version is wiped and rebuilt from the store.
pub(crate) const SCHEMA_VERSION: u32 = 5;

/// Levels of the place hierarchy kept per incident, from the top; deeper chains (which
/// the place levels do not allow) are cut.
pub(crate) const PLACE_DEPTHS: usize = 6;

#[derive(Clone, Debug)]
pub(crate) struct Fields {
    /// The record id's 16 bytes: the term a record's document is replaced or deleted by.
    pub id: Field,
    /// The record id as two columns, read for hits.
    pub id_hi: Field,
    pub id_lo: Field,
    pub kind: Field,
    /// The collection as two columns (both 0 for none), read for hits.
    pub coll_hi: Field,
    pub coll_lo: Field,
    /// The collection as text, on incidents only, for the incident list's filter.
    pub collection: Field,
    /// Who may see the document: `{collection}/{sensitivity}`, with `/n` appended for
    /// records found only by personal names (see `query::scope`).
    pub acl: Field,
    /// Titles and organisation names, folded, all languages.
    pub text: Field,
    /// Incident narratives, folded, all languages.
    pub body: Field,
    /// Personal names (persons, list records), folded.
    pub names: Field,
    /// Latin skeletons of the words of `text` and `names`.
    pub text_skel: Field,
    pub names_skel: Field,
    pub status: Field,
    /// An incident's confidentiality (other records carry theirs in `acl` only).
    pub sensitivity: Field,
    /// Day numbers (days since 1970-01-01) of the earliest and latest day an incident
    /// may have happened; `i64::MIN`/`i64::MAX` for an open end; absent when undated.
    pub date_lo: Field,
    pub date_hi: Field,
    pub uncertain: Field,
    /// Microseconds since 1970 of the last write to the incident or one of its acts.
    pub updated: Field,
    /// Violation codes of the acts and their broader terms (filter).
    pub violation: Field,
    /// Violation codes of the acts as written (facet).
    pub violation_code: Field,
    /// Perpetrator person and organisation ids, the ids of the units above each
    /// perpetrating unit (so a brigade finds what its battalions did), and perpetrator
    /// kind codes (filter).
    pub perpetrator: Field,
    /// Perpetrator kind codes (facet).
    pub perpetrator_kind: Field,
    /// The incident's place and every place above it (filter).
    pub place: Field,
    /// The place chain by depth, 0 the top (facet).
    pub place_at: [Field; PLACE_DEPTHS],
    /// The ids of the incident's acts (16 bytes each), to find the incident when an act
    /// is purged.
    pub acts: Field,
    /// The incidents an intervention is about (record ids as text).
    pub about: Field,
    /// The day number of an open intervention's next follow-up; absent when it is
    /// closed or has none.
    pub follow_up: Field,
}

impl Fields {
    pub fn build() -> (Schema, Fields) {
        let mut b = Schema::builder();
        let words = |freqs: bool| {
            let option = if freqs {
                IndexRecordOption::WithFreqs
            } else {
                IndexRecordOption::Basic
            };
            TextOptions::default().set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer("raw")
                    .set_index_option(option)
                    .set_fieldnorms(freqs),
            )
        };
        let fields = Fields {
            id: b.add_bytes_field("id", INDEXED),
            id_hi: b.add_u64_field("id_hi", FAST),
            id_lo: b.add_u64_field("id_lo", FAST),
            kind: b.add_u64_field("kind", INDEXED | FAST),
            coll_hi: b.add_u64_field("coll_hi", FAST),
            coll_lo: b.add_u64_field("coll_lo", FAST),
            collection: b.add_text_field("collection", STRING),
            acl: b.add_text_field("acl", STRING),
            text: b.add_text_field("text", words(true)),
            body: b.add_text_field("body", words(true)),
            names: b.add_text_field("names", words(true)),
            text_skel: b.add_text_field("text_skel", words(false)),
            names_skel: b.add_text_field("names_skel", words(false)),
            status: b.add_u64_field("status", INDEXED | FAST),
            sensitivity: b.add_u64_field("sensitivity", INDEXED | FAST),
            date_lo: b.add_i64_field("date_lo", FAST),
            date_hi: b.add_i64_field("date_hi", FAST),
            uncertain: b.add_bool_field("uncertain", FAST),
            updated: b.add_i64_field("updated", FAST),
            violation: b.add_text_field("violation", STRING),
            violation_code: b.add_text_field("violation_code", FAST),
            perpetrator: b.add_text_field("perpetrator", STRING),
            perpetrator_kind: b.add_text_field("perpetrator_kind", FAST),
            place: b.add_text_field("place", STRING),
            place_at: std::array::from_fn(|d| b.add_text_field(&place_at_name(d), FAST)),
            acts: b.add_bytes_field("acts", INDEXED),
            about: b.add_text_field("about", STRING),
            follow_up: b.add_i64_field("follow_up", INDEXED | FAST),
        };
        (b.build(), fields)
    }
}

pub(crate) fn place_at_name(depth: usize) -> String {
    format!("place_{depth}")
}

pub(crate) fn kind_code(kind: EntityKind) -> u64 {
    match kind {
        EntityKind::Collection => 0,
        EntityKind::Incident => 1,
        EntityKind::Act => 2,
        EntityKind::Person => 3,
        EntityKind::Organization => 4,
        EntityKind::Source => 5,
        EntityKind::Claim => 6,
        EntityKind::Intervention => 7,
        EntityKind::SourceList => 8,
        EntityKind::Record => 9,
        EntityKind::Place => 10,
        EntityKind::Vocabulary => 11,
        EntityKind::Evidence => 12,
        EntityKind::MatchDecision => 13,
        EntityKind::Consent => 14,
        EntityKind::PublicationPolicy => 15,
        EntityKind::Publication => 16,
        EntityKind::LinkageResult => 17,
    }
}

pub(crate) fn kind_from_code(code: u64) -> Option<EntityKind> {
    EntityKind::ALL.into_iter().find(|k| kind_code(*k) == code)
}

pub(crate) fn sensitivity_code(s: Sensitivity) -> u64 {
    match s {
        Sensitivity::Public => 0,
        Sensitivity::Internal => 1,
        Sensitivity::Restricted => 2,
        Sensitivity::Confidential => 3,
    }
}

pub(crate) const SENSITIVITIES: [Sensitivity; 4] = [
    Sensitivity::Public,
    Sensitivity::Internal,
    Sensitivity::Restricted,
    Sensitivity::Confidential,
];

pub(crate) fn status_code(s: Status) -> u64 {
    match s {
        Status::Draft => 0,
        Status::UnderReview => 1,
        Status::Verified => 2,
        Status::Closed => 3,
    }
}

/// Whether a kind is found only by personal names, so that it needs the `names` grant.
pub(crate) fn is_named_kind(kind: EntityKind) -> bool {
    matches!(kind, EntityKind::Person | EntityKind::Record)
}

pub(crate) fn acl_term(collection: RecordId, sensitivity: Sensitivity, named: bool) -> String {
    let s = sensitivity_code(sensitivity);
    if named {
        format!("{collection}/{s}/n")
    } else {
        format!("{collection}/{s}")
    }
}

pub(crate) fn id_halves(id: RecordId) -> (u64, u64) {
    let v = id.as_uuid().as_u128();
    ((v >> 64) as u64, v as u64)
}

pub(crate) fn id_from_halves(hi: u64, lo: u64) -> RecordId {
    let v = (u128::from(hi) << 64) | u128::from(lo);
    // Record ids are UUIDs; the parse cannot fail for 16 bytes.
    uuid::Uuid::from_u128(v)
        .hyphenated()
        .to_string()
        .parse()
        .expect("a UUID is a record id")
}
