//! The records a collection holds.
//!
//! The model is the HURIDOCS events model — *who did what to whom, when and where* —
//! extended with claim-level sourcing: a [`Claim`] ties one [`Source`] to one field of one
//! record, so that conflicting accounts stay side by side instead of being overwritten.
//!
//! Every record is one of the variants of [`Entity`]. The store keeps the variant's name
//! ([`EntityKind`]) beside a serialised body, so the shape of these structs is the shape
//! of the stored data: add fields with `#[serde(default)]`, never rename or remove one.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::edtf::Edtf;
use crate::grade::{Credibility, Reliability};
use crate::id::RecordId;
use crate::place::{GeoPoint, PlaceLevel};
pub use crate::publication::{Consent, Publication, PublicationPolicy};
use crate::text::MultiText;

/// A code from a controlled vocabulary (`killing`, `torture`, …). Which vocabulary is
/// implied by the field that holds it; see [`crate::vocab::well_known`].
pub type TermCode = String;

/// Who may see a record or a field. Ordered from least to most protected.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Sensitivity {
    /// May be published once the publication policy allows it.
    Public,
    /// Anyone with access to the collection.
    #[default]
    Internal,
    /// Only roles granted restricted access.
    Restricted,
    /// Only named accounts; the existence of the record may itself be sensitive.
    Confidential,
}

/// Where an incident stands in the documentation workflow.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    #[default]
    Draft,
    UnderReview,
    Verified,
    Closed,
}

impl Status {
    pub const ALL: [Status; 4] = [
        Status::Draft,
        Status::UnderReview,
        Status::Verified,
        Status::Closed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::UnderReview => "under_review",
            Status::Verified => "verified",
            Status::Closed => "closed",
        }
    }
}

impl FromStr for Status {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let norm = s.trim().to_ascii_lowercase().replace([' ', '-'], "_");
        Status::ALL
            .into_iter()
            .find(|st| st.as_str() == norm)
            .ok_or_else(|| "expected one of draft, under_review, verified, closed".to_string())
    }
}

/// A documentation project: owns its records, members, vocabularies and policy.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Collection {
    /// Short stable name used on the command line (`detentions-2021`).
    pub name: String,
    pub title: MultiText,
    #[serde(default, skip_serializing_if = "MultiText::is_empty")]
    pub description: MultiText,
}

/// What happened.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Incident {
    pub collection: RecordId,
    pub title: MultiText,
    #[serde(default, skip_serializing_if = "MultiText::is_empty")]
    pub narrative: MultiText,
    /// The narrative as it may be published: written for the public, without what
    /// could identify a witness. The working narrative is never published.
    #[serde(default, skip_serializing_if = "MultiText::is_empty")]
    pub public_narrative: MultiText,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<Edtf>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<RecordId>,
    /// An exact location, when one is known; coarser knowledge lives in `place`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub point: Option<GeoPoint>,
    #[serde(default)]
    pub status: Status,
    #[serde(default)]
    pub confidentiality: Sensitivity,
    /// The identifier the incident has in the data set it was imported from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
}

/// One violation inside an incident.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Act {
    pub incident: RecordId,
    /// From the `violation-types` vocabulary.
    pub violation: TermCode,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub victims: Vec<RecordId>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub perpetrators: Vec<Perpetrator>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<Edtf>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<RecordId>,
    /// From the `methods` vocabulary.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<TermCode>,
    /// From the `rights` vocabulary.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rights_violated: Vec<TermCode>,
}

/// Who committed an act: a person, an organisation (a unit), or both.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Perpetrator {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person: Option<RecordId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization: Option<RecordId>,
    /// From the `perpetrator-types` vocabulary, when only the type is known
    /// ("police", "unidentified armed men").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<TermCode>,
}

/// The part a person plays in the documentation. One person may play several.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Victim,
    Witness,
    Source,
    Perpetrator,
}

/// How a name is used.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NameUse {
    #[default]
    Primary,
    Alias,
}

/// One name of a person, in the script it was written in, with its transliteration.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonName {
    pub text: String,
    /// ISO 15924 script code (`Latn`, `Arab`, `Cyrl`), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub script: Option<String>,
    /// The name in Latin script, when `text` is in another script.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transliteration: Option<String>,
    #[serde(default)]
    pub usage: NameUse,
}

impl PersonName {
    pub fn primary(text: impl Into<String>) -> PersonName {
        PersonName {
            text: text.into(),
            script: None,
            transliteration: None,
            usage: NameUse::Primary,
        }
    }
}

/// An age as a range of whole years, since sources often say "about 30" or "a minor".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgeRange {
    pub min: u16,
    pub max: u16,
}

impl AgeRange {
    pub fn exact(age: u16) -> AgeRange {
        AgeRange { min: age, max: age }
    }
}

/// Attributes that can get a person hurt if they leak; each reader needs the
/// permission for sensitive attributes, beyond the permission to see the person.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SensitiveAttributes {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ethnicity: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub religion: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<String>,
}

impl SensitiveAttributes {
    pub fn is_empty(&self) -> bool {
        self.ethnicity.is_none() && self.religion.is_none() && self.contact.is_none()
    }
}

/// A victim, witness, source or perpetrator.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Person {
    pub collection: RecordId,
    /// At least one name, unless the person is unidentified or a group.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub names: Vec<PersonName>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<Role>,
    /// From the `sex` vocabulary.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sex: Option<TermCode>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub birth_date: Option<Edtf>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age: Option<AgeRange>,
    /// For a group victim ("37 villagers"): how many people the record stands for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_size: Option<u32>,
    #[serde(default, skip_serializing_if = "SensitiveAttributes::is_empty")]
    pub sensitive: SensitiveAttributes,
    #[serde(default)]
    pub sensitivity: Sensitivity,
}

/// A state unit, armed group, company or NGO.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Organization {
    pub collection: RecordId,
    pub name: MultiText,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// From the `organization-types` vocabulary.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<TermCode>,
    /// The unit this one answers to, so that a chain of command can be followed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<RecordId>,
}

/// Where information comes from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Source {
    pub collection: RecordId,
    pub title: MultiText,
    /// From the `source-types` vocabulary.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<TermCode>,
    pub reliability: Reliability,
    pub credibility: Credibility,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<Edtf>,
    /// A person who gave the information (a witness), kept apart from the title so
    /// that it can be withheld on its own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub informant: Option<RecordId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    #[serde(default)]
    pub sensitivity: Sensitivity,
}

/// A source's statement about one field of one record.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Claim {
    pub source: RecordId,
    pub subject: RecordId,
    /// The field of the subject the claim is about, by its stored name (`age`, `date`).
    pub field: String,
    /// The value as the source gave it, written as the field's own text form.
    pub value: String,
    /// Among the claims on one field of one record, at most one is preferred: the
    /// value shown on the record. The others stay beside it as contradictions.
    #[serde(default)]
    pub preferred: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// An advocacy action about incidents or persons.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Intervention {
    pub collection: RecordId,
    /// From the `intervention-types` vocabulary.
    pub kind: TermCode,
    /// The institution addressed: an organisation record, or its name as text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<RecordId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_name: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub about: Vec<RecordId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub submitted: Option<Edtf>,
    /// From the `intervention-status` vocabulary.
    pub status: TermCode,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_date: Option<Edtf>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_follow_up: Option<Edtf>,
}

/// A file in the evidence vault as an incident cites it: the vault keeps the bytes,
/// addressed by their SHA-256; this record says what they are and where they came from.
/// The file is never changed; a copy with its metadata stripped is what may leave for
/// publication.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    pub collection: RecordId,
    pub incident: RecordId,
    /// SHA-256 of the file as it arrived, 64 lowercase hexadecimal digits: its address
    /// in the vault and the digest courts and the Berkeley Protocol ask for.
    pub sha256: String,
    pub size: u64,
    /// The type read from the bytes (a MIME type), never from the file name.
    pub media_type: String,
    /// The name the file arrived with. It can say who is in the file, so it is shown
    /// only to readers of the record and never logged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_name: Option<String>,
    #[serde(default, skip_serializing_if = "MultiText::is_empty")]
    pub description: MultiText,
    /// When the file says it was captured (its EXIF time), as written there.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub captured_at: Option<String>,
    /// The metadata embedded in the file (EXIF with GPS, XMP, C2PA) as read at ingest.
    /// A capture position can locate a witness: readers need the record's access.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<serde_json::Value>,
    /// The copy with every metadata segment removed, when one could be made.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stripped_sha256: Option<String>,
    pub confidentiality: Sensitivity,
}

/// A source seen as a list of victims, for record linkage and estimation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SourceList {
    pub collection: RecordId,
    pub name: String,
    #[serde(default, skip_serializing_if = "MultiText::is_empty")]
    pub description: MultiText,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<RecordId>,
}

/// One victim as one source list reported them, kept as reported: linkage compares
/// records, it never edits them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Record {
    pub list: RecordId,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub given_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub family_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sex: Option<TermCode>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age: Option<AgeRange>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub birth_date: Option<Edtf>,
    /// The date of the violation (death, disappearance) as the list gives it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<Edtf>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<RecordId>,
    /// What the list says happened to the victim, from the `violation-types`
    /// vocabulary, at whatever level of it the list reports (`killing`, not
    /// necessarily `extrajudicial-execution`). Estimates can be split by it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub violation: Option<TermCode>,
    /// Who the list says did it, from the `perpetrator-types` vocabulary: lists report a
    /// kind of perpetrator (`police`), not a named unit, so there is no organisation
    /// here. It names no one, and stays readable like `sex`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub perpetrator: Option<TermCode>,
    /// Columns the mapping kept without a field of their own.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub extra: BTreeMap<String, String>,
}

/// What a reviewer said about two list records: the same person, two people, or that
/// they cannot tell. Linkage takes "same" and "different" over its own score, and the
/// review queue no longer offers the pair. Changing one's mind is a new revision.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MatchDecision {
    pub collection: RecordId,
    /// The two list records, in either order.
    pub records: [RecordId; 2],
    pub verdict: Verdict,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A linkage kept in the store: which records of a collection's source lists refer to
/// one person, as `memoria link` or the analysis page found them, and the pairs it left
/// for a person to review. A collection keeps one: linking again writes a new revision,
/// so an earlier linkage can be restored, and deleting it sends estimates back to
/// linking afresh. It holds record ids and numbers, never a value from a list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LinkageResult {
    pub collection: RecordId,
    /// The source lists linked, input 1 first.
    pub lists: Vec<RecordId>,
    /// The list records linked, in the order they were read.
    pub records: Vec<RecordId>,
    /// The cluster of each of `records` (same position): records with one cluster
    /// number are taken to be one person.
    pub clusters: Vec<u32>,
    /// The pairs whose match probability fell in the review band.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub review: Vec<ReviewPair>,
    /// How many reviewers' decisions went over the model's score.
    #[serde(default)]
    pub decisions: u32,
    /// SHA-256 (hex) of what the linkage was computed from: the records read, in order,
    /// and each reviewer's decision at its version. While the lists and the decisions
    /// give the same digest, the kept linkage is current.
    pub basis: String,
    /// The linkage configuration (TOML) when it was not the default for list records.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub settings: Option<String>,
}

impl LinkageResult {
    /// Larger linkages are written to a file (`memoria link --out`), not kept in one record.
    pub const MAX_RECORDS: usize = 200_000;
}

/// A pair of list records left for review, with the model's match probability.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReviewPair {
    pub records: [RecordId; 2],
    pub probability: f64,
}

/// A reviewer's answer about a pair of list records.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Same,
    Different,
    Unsure,
}

impl Verdict {
    pub const ALL: [Verdict; 3] = [Verdict::Same, Verdict::Different, Verdict::Unsure];

    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Same => "same",
            Verdict::Different => "different",
            Verdict::Unsure => "unsure",
        }
    }
}

impl FromStr for Verdict {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Verdict::ALL
            .into_iter()
            .find(|v| v.as_str() == s)
            .ok_or_else(|| "a verdict is one of same, different, unsure".to_string())
    }
}

/// A place in the hierarchy.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Place {
    pub collection: RecordId,
    pub name: MultiText,
    pub level: PlaceLevel,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<RecordId>,
    /// ISO 3166-1 alpha-2 for countries, ISO 3166-2 for subdivisions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iso_code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub point: Option<GeoPoint>,
}

/// A record of any kind.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "body", rename_all = "snake_case")]
pub enum Entity {
    Collection(Collection),
    Incident(Incident),
    Act(Act),
    Person(Person),
    Organization(Organization),
    Source(Source),
    Claim(Claim),
    Intervention(Intervention),
    SourceList(SourceList),
    Record(Record),
    Place(Place),
    Vocabulary(crate::vocab::Vocabulary),
    Evidence(Evidence),
    MatchDecision(MatchDecision),
    LinkageResult(LinkageResult),
    Consent(Consent),
    PublicationPolicy(PublicationPolicy),
    Publication(Publication),
}

/// The kind of a record, stored beside its body.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntityKind {
    Collection,
    Incident,
    Act,
    Person,
    Organization,
    Source,
    Claim,
    Intervention,
    SourceList,
    Record,
    Place,
    Vocabulary,
    Evidence,
    MatchDecision,
    LinkageResult,
    Consent,
    PublicationPolicy,
    Publication,
}

impl EntityKind {
    pub const ALL: [EntityKind; 18] = [
        EntityKind::Collection,
        EntityKind::Incident,
        EntityKind::Act,
        EntityKind::Person,
        EntityKind::Organization,
        EntityKind::Source,
        EntityKind::Claim,
        EntityKind::Intervention,
        EntityKind::SourceList,
        EntityKind::Record,
        EntityKind::Place,
        EntityKind::Vocabulary,
        EntityKind::Evidence,
        EntityKind::MatchDecision,
        EntityKind::LinkageResult,
        EntityKind::Consent,
        EntityKind::PublicationPolicy,
        EntityKind::Publication,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Collection => "collection",
            EntityKind::Incident => "incident",
            EntityKind::Act => "act",
            EntityKind::Person => "person",
            EntityKind::Organization => "organization",
            EntityKind::Source => "source",
            EntityKind::Claim => "claim",
            EntityKind::Intervention => "intervention",
            EntityKind::SourceList => "source_list",
            EntityKind::Record => "record",
            EntityKind::Place => "place",
            EntityKind::Vocabulary => "vocabulary",
            EntityKind::Evidence => "evidence",
            EntityKind::MatchDecision => "match_decision",
            EntityKind::LinkageResult => "linkage_result",
            EntityKind::Consent => "consent",
            EntityKind::PublicationPolicy => "publication_policy",
            EntityKind::Publication => "publication",
        }
    }
}

impl fmt::Display for EntityKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for EntityKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        EntityKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| format!("unknown record kind (expected one of {})", kind_list()))
    }
}

fn kind_list() -> String {
    EntityKind::ALL
        .iter()
        .map(|k| k.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// A body that does not fit its kind: the stored data is damaged or from a newer version.
#[derive(Debug, thiserror::Error)]
#[error("a stored {kind} record does not have the expected shape: {reason}")]
pub struct BodyError {
    pub kind: EntityKind,
    pub reason: String,
}

impl Entity {
    pub fn kind(&self) -> EntityKind {
        match self {
            Entity::Collection(_) => EntityKind::Collection,
            Entity::Incident(_) => EntityKind::Incident,
            Entity::Act(_) => EntityKind::Act,
            Entity::Person(_) => EntityKind::Person,
            Entity::Organization(_) => EntityKind::Organization,
            Entity::Source(_) => EntityKind::Source,
            Entity::Claim(_) => EntityKind::Claim,
            Entity::Intervention(_) => EntityKind::Intervention,
            Entity::SourceList(_) => EntityKind::SourceList,
            Entity::Record(_) => EntityKind::Record,
            Entity::Place(_) => EntityKind::Place,
            Entity::Vocabulary(_) => EntityKind::Vocabulary,
            Entity::Evidence(_) => EntityKind::Evidence,
            Entity::MatchDecision(_) => EntityKind::MatchDecision,
            Entity::LinkageResult(_) => EntityKind::LinkageResult,
            Entity::Consent(_) => EntityKind::Consent,
            Entity::PublicationPolicy(_) => EntityKind::PublicationPolicy,
            Entity::Publication(_) => EntityKind::Publication,
        }
    }

    /// The record's fields as a JSON object, the form in which it is stored and diffed.
    pub fn to_body(&self) -> serde_json::Value {
        let tagged = serde_json::to_value(self).expect("entities always serialise");
        match tagged {
            serde_json::Value::Object(mut m) => m.remove("body").unwrap_or(serde_json::Value::Null),
            _ => unreachable!("an adjacently tagged enum serialises to an object"),
        }
    }

    /// The inverse of [`Entity::to_body`].
    pub fn from_body(kind: EntityKind, body: serde_json::Value) -> Result<Entity, BodyError> {
        let tagged = serde_json::json!({ "kind": kind.as_str(), "body": body });
        serde_json::from_value(tagged).map_err(|e| BodyError {
            kind,
            reason: e.to_string(),
        })
    }

    /// The inverse of [`Entity::to_body`], from the body's JSON text, parsed straight
    /// into the record's type: the store's scans read a million bodies this way without
    /// building a JSON tree for each.
    pub fn from_body_str(kind: EntityKind, body: &str) -> Result<Entity, BodyError> {
        macro_rules! parse {
            ($($variant:ident),*) => {
                match kind {
                    $(EntityKind::$variant => serde_json::from_str(body).map(Entity::$variant),)*
                }
            };
        }
        parse!(
            Collection,
            Incident,
            Act,
            Person,
            Organization,
            Source,
            Claim,
            Intervention,
            SourceList,
            Record,
            Place,
            Vocabulary,
            Evidence,
            MatchDecision,
            LinkageResult,
            Consent,
            PublicationPolicy,
            Publication
        )
        .map_err(|e| BodyError {
            kind,
            reason: e.to_string(),
        })
    }

    /// The record's fields serialised directly, in the order the type declares them:
    /// the same fields as [`Entity::to_body`] without building a JSON tree first.
    pub fn body(&self) -> EntityBody<'_> {
        EntityBody(self)
    }

    /// The record this one hangs from: an act's incident, a claim's subject, a list
    /// record's list, a place's parent, an organisation's parent unit.
    pub fn parent(&self) -> Option<RecordId> {
        match self {
            Entity::Act(x) => Some(x.incident),
            Entity::Claim(x) => Some(x.subject),
            Entity::Record(x) => Some(x.list),
            Entity::Place(x) => x.parent,
            Entity::Organization(x) => x.parent,
            Entity::Evidence(x) => Some(x.incident),
            Entity::Consent(x) => Some(x.person),
            _ => None,
        }
    }

    /// The collection a record belongs to, where the record says so itself. Acts,
    /// claims and list records belong to the collection of the record they hang from.
    pub fn collection(&self) -> Option<RecordId> {
        match self {
            Entity::Incident(x) => Some(x.collection),
            Entity::Person(x) => Some(x.collection),
            Entity::Organization(x) => Some(x.collection),
            Entity::Source(x) => Some(x.collection),
            Entity::Intervention(x) => Some(x.collection),
            Entity::SourceList(x) => Some(x.collection),
            Entity::Place(x) => Some(x.collection),
            Entity::Evidence(x) => Some(x.collection),
            Entity::MatchDecision(x) => Some(x.collection),
            Entity::LinkageResult(x) => Some(x.collection),
            Entity::Consent(x) => Some(x.collection),
            Entity::PublicationPolicy(x) => Some(x.collection),
            Entity::Publication(x) => Some(x.collection),
            Entity::Collection(_)
            | Entity::Act(_)
            | Entity::Claim(_)
            | Entity::Record(_)
            | Entity::Vocabulary(_) => None,
        }
    }
}

/// See [`Entity::body`].
pub struct EntityBody<'a>(&'a Entity);

impl Serialize for EntityBody<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            Entity::Collection(x) => x.serialize(s),
            Entity::Incident(x) => x.serialize(s),
            Entity::Act(x) => x.serialize(s),
            Entity::Person(x) => x.serialize(s),
            Entity::Organization(x) => x.serialize(s),
            Entity::Source(x) => x.serialize(s),
            Entity::Claim(x) => x.serialize(s),
            Entity::Intervention(x) => x.serialize(s),
            Entity::SourceList(x) => x.serialize(s),
            Entity::Record(x) => x.serialize(s),
            Entity::Place(x) => x.serialize(s),
            Entity::Vocabulary(x) => x.serialize(s),
            Entity::Evidence(x) => x.serialize(s),
            Entity::MatchDecision(x) => x.serialize(s),
            Entity::LinkageResult(x) => x.serialize(s),
            Entity::Consent(x) => x.serialize(s),
            Entity::PublicationPolicy(x) => x.serialize(s),
            Entity::Publication(x) => x.serialize(s),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_read_from_text_equal_bodies_read_from_trees() {
        let e = Entity::Record(Record {
            list: RecordId::random(),
            external_id: Some("7".into()),
            name: Some("A B".into()),
            given_name: None,
            family_name: None,
            sex: Some("female".into()),
            age: Some(AgeRange::exact(30)),
            birth_date: None,
            date: Some(Edtf::parse("2001-05?").unwrap()),
            place: None,
            violation: Some("killing".into()),
            perpetrator: Some("police".into()),
            extra: [("k".to_string(), "v".to_string())].into(),
        });
        let text = serde_json::to_string(&e.body()).unwrap();
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&text).unwrap(),
            e.to_body()
        );
        assert_eq!(Entity::from_body_str(EntityKind::Record, &text).unwrap(), e);
        assert!(Entity::from_body_str(EntityKind::Incident, &text).is_err());
    }

    #[test]
    fn list_records_stored_before_violation_and_perpetrator_still_read() {
        let list = RecordId::random();
        let old = format!(r#"{{"list":"{list}","name":"A B","sex":"male"}}"#);
        let Entity::Record(r) = Entity::from_body_str(EntityKind::Record, &old).unwrap() else {
            unreachable!()
        };
        assert_eq!((&r.violation, &r.perpetrator), (&None, &None));
        // And a record without them is stored without them, as before.
        let body = Entity::Record(r).to_body();
        assert!(body.get("violation").is_none() && body.get("perpetrator").is_none());
    }
}
