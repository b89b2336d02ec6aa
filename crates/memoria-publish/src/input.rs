//! What a publication is made from: a collection's records as the store holds them,
//! read by the caller, and the few things the caller computes (estimates, the stripped
//! copies of evidence files).

use std::collections::BTreeMap;

use memoria_core::entity::{
    Act, Collection, Consent, Evidence, Incident, Intervention, Organization, Person, Place,
    Publication, PublicationPolicy, Source, SourceList,
};
use memoria_core::id::RecordId;
use memoria_core::vocab::VocabularySet;

/// A record with the time of its last change (RFC 3339, UTC), which the feed shows.
#[derive(Clone, Debug)]
pub struct Dated<T> {
    pub id: RecordId,
    pub record: T,
    pub updated: String,
}

/// Everything one publication reads. Records are the collection's current, undeleted
/// versions; the caller reads them all (the publication is made in memory, checked,
/// then written).
#[derive(Clone, Debug)]
pub struct Snapshot {
    pub collection_id: RecordId,
    pub collection: Collection,
    pub policy: PublicationPolicy,
    pub incidents: Vec<Dated<Incident>>,
    pub acts: Vec<(RecordId, Act)>,
    pub persons: BTreeMap<RecordId, Person>,
    pub organizations: BTreeMap<RecordId, Organization>,
    pub places: BTreeMap<RecordId, Place>,
    pub sources: Vec<(RecordId, Source)>,
    pub consents: Vec<(RecordId, Consent)>,
    pub interventions: Vec<Dated<Intervention>>,
    pub evidence: Vec<(RecordId, Evidence)>,
    /// Each source list with how many records it holds.
    pub source_lists: Vec<(RecordId, SourceList, u64)>,
    pub vocabularies: VocabularySet,
    /// The last publication of the collection, if any.
    pub previous: Option<Publication>,
    /// Estimates of undocumented victims the caller computed (with their intervals).
    pub estimates: Vec<EstimateSummary>,
    /// The copies without metadata of evidence files, by the SHA-256 of the copy, for
    /// the items the policy lets out. A missing copy withholds the item.
    pub stripped_copies: BTreeMap<String, Vec<u8>>,
    /// When the data were read: the newest change among them (RFC 3339, UTC), so that
    /// the same data always give the same site.
    pub as_of: String,
}

/// What a publication reads of an incident the policy does not admit: its status and
/// confidentiality, to say in the report why it was withheld, and nothing else. A
/// caller reading a large collection may keep only this of such incidents, and leave
/// out their acts, so that the snapshot holds what may be published; the publication
/// is the same byte for byte.
pub fn as_withheld(policy: &PublicationPolicy, incident: Incident) -> Incident {
    if policy.admits(incident.status, incident.confidentiality) {
        return incident;
    }
    Incident {
        collection: incident.collection,
        title: Default::default(),
        narrative: Default::default(),
        public_narrative: Default::default(),
        date: None,
        place: None,
        point: None,
        status: incident.status,
        confidentiality: incident.confidentiality,
        external_id: None,
    }
}

/// Whether a publication reads the acts of `incident` (one [`as_withheld`] kept whole).
pub fn reads_acts_of(policy: &PublicationPolicy, incident: &Incident) -> bool {
    policy.admits(incident.status, incident.confidentiality)
}

/// What a publication reads of a source: its kind (counted on the methodology page)
/// and its reference (which must never appear). A caller may keep only this.
pub fn as_counted(source: Source) -> Source {
    Source {
        collection: source.collection,
        title: Default::default(),
        kind: source.kind,
        reliability: source.reliability,
        credibility: source.credibility,
        date: None,
        informant: None,
        reference: source.reference,
        sensitivity: source.sensitivity,
    }
}

/// One estimate as the site shows it: never a number without its interval and method.
#[derive(Clone, Debug, PartialEq)]
pub struct EstimateSummary {
    /// What was estimated ("all victims", or a stratum's name).
    pub label: String,
    pub documented: u64,
    pub estimate: f64,
    pub lower95: f64,
    pub upper95: f64,
    /// `lcmcr` or `loglinear`.
    pub method: String,
    /// How many lists the estimate rests on.
    pub lists: usize,
    pub warnings: Vec<String>,
}
