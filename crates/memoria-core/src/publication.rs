//! What may leave a collection: the publication policy, consents, and the record each
//! publication leaves behind.
//!
//! A [`PublicationPolicy`] names, for every field that could be published, one
//! [`Rule`]: publish it, coarsen it, or withhold it. A field the policy does not
//! mention takes its safe default from [`FIELDS`], so an empty policy already
//! publishes nothing that can hurt anyone. Some things are never published whatever
//! a policy says (witnesses, sources and informants, contact details, ethnicity and
//! religion, evidence file names); they are listed in [`NEVER`] so that the policy page
//! can say so instead of offering a choice.
//!
//! A victim's name needs more than the policy: a [`Consent`] to publication that has
//! not been withdrawn, given by someone the policy accepts, or the person's mark as a
//! public figure in the policy.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::edtf::Edtf;
use crate::entity::{Sensitivity, Status};
use crate::id::RecordId;

/// What a policy does with one field.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    Publish,
    /// Publish a less precise form: a month for a day, a district for a village,
    /// an age group for an age.
    Coarsen,
    Withhold,
}

impl Rule {
    pub const ALL: [Rule; 3] = [Rule::Publish, Rule::Coarsen, Rule::Withhold];

    pub fn as_str(self) -> &'static str {
        match self {
            Rule::Publish => "publish",
            Rule::Coarsen => "coarsen",
            Rule::Withhold => "withhold",
        }
    }
}

impl FromStr for Rule {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Rule::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| "a rule is one of publish, coarsen, withhold".to_string())
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A field a policy decides on: its key, the rules it may take, and its safe default.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FieldSpec {
    pub key: &'static str,
    pub allowed: &'static [Rule],
    pub default: Rule,
}

const PW: &[Rule] = &[Rule::Publish, Rule::Withhold];
const PCW: &[Rule] = &[Rule::Publish, Rule::Coarsen, Rule::Withhold];
const CW: &[Rule] = &[Rule::Coarsen, Rule::Withhold];

/// Every field a policy decides on, with its safe default.
pub const FIELDS: &[FieldSpec] = &[
    // Titles are written to be read; a documentalist who fears one can withhold it.
    FieldSpec {
        key: "incident.title",
        allowed: PW,
        default: Rule::Publish,
    },
    // Publishing a narrative means publishing its public version
    // (`Incident::public_narrative`), never the working narrative.
    FieldSpec {
        key: "incident.narrative",
        allowed: PW,
        default: Rule::Withhold,
    },
    // Coarsen: months for every incident. Publish: days, but months for restricted
    // incidents whatever the policy says.
    FieldSpec {
        key: "incident.date",
        allowed: PCW,
        default: Rule::Publish,
    },
    // Coarsen: the district (or the coarser place an incident names).
    FieldSpec {
        key: "incident.place",
        allowed: PCW,
        default: Rule::Coarsen,
    },
    // Coarsen: rounded to a tenth of a degree (about 11 km). Never exact.
    FieldSpec {
        key: "incident.point",
        allowed: CW,
        default: Rule::Withhold,
    },
    // Publish: only with a consent to publication, or as a public figure.
    FieldSpec {
        key: "victim.name",
        allowed: PW,
        default: Rule::Publish,
    },
    FieldSpec {
        key: "victim.sex",
        allowed: PW,
        default: Rule::Publish,
    },
    // Coarsen: five-year age groups, and minors as minors.
    FieldSpec {
        key: "victim.age",
        allowed: PCW,
        default: Rule::Coarsen,
    },
    FieldSpec {
        key: "perpetrator.organization",
        allowed: PW,
        default: Rule::Publish,
    },
    // Naming an individual as a perpetrator is an allegation against a person: it
    // waits for a policy that decides so.
    FieldSpec {
        key: "perpetrator.person",
        allowed: PW,
        default: Rule::Withhold,
    },
    // Urgent actions and other interventions about published incidents.
    FieldSpec {
        key: "intervention",
        allowed: PW,
        default: Rule::Publish,
    },
    // Evidence leaves only as copies stripped of metadata.
    FieldSpec {
        key: "evidence",
        allowed: PW,
        default: Rule::Withhold,
    },
];

/// What no policy can publish, with the reason shown on the policy page.
pub const NEVER: &[(&str, &str)] = &[
    ("witness", "witnesses are never named"),
    ("source", "sources and informants are never named"),
    ("contact", "contact details are never published"),
    (
        "sensitive_attributes",
        "ethnicity and religion are never published per person",
    ),
    (
        "evidence.file_name",
        "file names can say who is in a file; they are never published",
    ),
    (
        "evidence.metadata",
        "capture metadata (EXIF, GPS, C2PA) is stripped from every published file",
    ),
];

/// The spec of a field key, if the key is known.
pub fn field(key: &str) -> Option<&'static FieldSpec> {
    FIELDS.iter().find(|f| f.key == key)
}

/// Who gave a consent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConsentGiver {
    /// The person themself.
    Person,
    /// The family of a person who cannot answer (killed, disappeared).
    Family,
    /// A guardian of a minor or a legal representative.
    Representative,
}

impl ConsentGiver {
    pub const ALL: [ConsentGiver; 3] = [
        ConsentGiver::Person,
        ConsentGiver::Family,
        ConsentGiver::Representative,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ConsentGiver::Person => "person",
            ConsentGiver::Family => "family",
            ConsentGiver::Representative => "representative",
        }
    }
}

/// What a consent allows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConsentUse {
    /// The group's own public site and open data.
    Publication,
    /// Sharing with a UN mechanism (a special procedure, a treaty body).
    UnMechanism,
    Media,
}

impl ConsentUse {
    pub const ALL: [ConsentUse; 3] = [
        ConsentUse::Publication,
        ConsentUse::UnMechanism,
        ConsentUse::Media,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ConsentUse::Publication => "publication",
            ConsentUse::UnMechanism => "un_mechanism",
            ConsentUse::Media => "media",
        }
    }
}

/// How a consent was recorded, so that it can be found and shown if questioned.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConsentRecording {
    /// A signed form.
    Written,
    /// Said aloud and recorded (audio or video).
    Recorded,
    /// Said aloud before a witness from the group.
    OralWitnessed,
    /// Given through an electronic form or message.
    Electronic,
}

impl ConsentRecording {
    pub const ALL: [ConsentRecording; 4] = [
        ConsentRecording::Written,
        ConsentRecording::Recorded,
        ConsentRecording::OralWitnessed,
        ConsentRecording::Electronic,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ConsentRecording::Written => "written",
            ConsentRecording::Recorded => "recorded",
            ConsentRecording::OralWitnessed => "oral_witnessed",
            ConsentRecording::Electronic => "electronic",
        }
    }
}

/// A person's consent to uses of what the collection holds about them, and its
/// withdrawal. A withdrawal is a new revision of the same record: the consent and
/// when it ended both stay in the history.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Consent {
    pub collection: RecordId,
    pub person: RecordId,
    pub uses: Vec<ConsentUse>,
    pub given_by: ConsentGiver,
    pub given_on: Edtf,
    pub recorded: ConsentRecording,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub withdrawn_on: Option<Edtf>,
    /// Where the form or the recording is kept; never shown outside the collection.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(default)]
    pub sensitivity: Sensitivity,
}

impl Consent {
    /// Whether the consent allows `usage` now: it names the use and is not withdrawn.
    pub fn allows(&self, usage: ConsentUse) -> bool {
        self.withdrawn_on.is_none() && self.uses.contains(&usage)
    }
}

/// The largest boundaries file a policy may hold: a region map at district level
/// simplified for the web is well under a megabyte; this leaves room without letting
/// one record grow without bound.
pub const BOUNDARIES_MAX_BYTES: usize = 8 << 20;

fn default_statuses() -> Vec<Status> {
    vec![Status::Verified, Status::Closed]
}

fn default_up_to() -> Sensitivity {
    Sensitivity::Restricted
}

fn default_threshold() -> u32 {
    5
}

fn default_givers() -> Vec<ConsentGiver> {
    ConsentGiver::ALL.to_vec()
}

fn default_licence() -> String {
    "CC-BY-4.0".to_string()
}

/// What a collection publishes. One per collection; edited like any record, so every
/// change to it is a revision with its author.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PublicationPolicy {
    pub collection: RecordId,
    /// Incidents in these workflow states may be published; drafts never by default.
    #[serde(default = "default_statuses")]
    pub statuses: Vec<Status>,
    /// The most protected confidentiality an incident may have and still be published.
    /// Confidential incidents are never published, whatever this says.
    #[serde(default = "default_up_to")]
    pub up_to: Sensitivity,
    /// The rule for each field key of [`FIELDS`]; missing keys take their default.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub rules: BTreeMap<String, Rule>,
    /// Whose consent to publication lets a victim be named.
    #[serde(default = "default_givers")]
    pub consent_from: Vec<ConsentGiver>,
    /// Persons the group has decided to name as public figures (a detained member of
    /// parliament, a journalist whose case is already public), without a consent record.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub public_figures: Vec<RecordId>,
    /// Counts below this are suppressed in every published table and chart.
    #[serde(default = "default_threshold")]
    pub threshold: u32,
    /// The open data's licence, as an SPDX identifier.
    #[serde(default = "default_licence")]
    pub licence: String,
    /// The collection's regional boundaries as GeoJSON or TopoJSON text, for the map.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub boundaries: Option<String>,
}

impl PublicationPolicy {
    /// The safe default policy of a collection.
    pub fn new(collection: RecordId) -> PublicationPolicy {
        PublicationPolicy {
            collection,
            statuses: default_statuses(),
            up_to: default_up_to(),
            rules: BTreeMap::new(),
            consent_from: default_givers(),
            public_figures: Vec::new(),
            threshold: default_threshold(),
            licence: default_licence(),
            boundaries: None,
        }
    }

    /// The rule for `key`: the policy's own, or the field's default. An unknown key is
    /// withheld, so that a typo can never publish anything.
    pub fn rule(&self, key: &str) -> Rule {
        match (self.rules.get(key), field(key)) {
            (Some(r), Some(spec)) if spec.allowed.contains(r) => *r,
            (_, Some(spec)) => spec.default,
            (_, None) => Rule::Withhold,
        }
    }

    /// Whether an incident in `status` with `confidentiality` may be published.
    pub fn admits(&self, status: Status, confidentiality: Sensitivity) -> bool {
        confidentiality < Sensitivity::Confidential
            && confidentiality <= self.up_to
            && self.statuses.contains(&status)
    }
}

/// What one publication put out, kept so that the next one can say what changed and
/// whose consent was withdrawn in between.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Publication {
    pub collection: RecordId,
    /// SHA-256 of the whole site: of every path with its length and its own SHA-256,
    /// in path order.
    pub digest: String,
    /// Each published incident with a short digest of what was published of it.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub incidents: BTreeMap<RecordId, String>,
    /// The persons named in it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub named: Vec<RecordId>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_policy_takes_the_safe_defaults() {
        let p: PublicationPolicy =
            serde_json::from_str(&format!(r#"{{"collection":"{}"}}"#, RecordId::random())).unwrap();
        assert_eq!(p.threshold, 5);
        assert_eq!(p.rule("incident.point"), Rule::Withhold);
        assert_eq!(p.rule("incident.place"), Rule::Coarsen);
        assert_eq!(p.rule("perpetrator.person"), Rule::Withhold);
        assert_eq!(p.rule("incident.narrative"), Rule::Withhold);
        assert!(!p.admits(Status::Draft, Sensitivity::Public));
        assert!(!p.admits(Status::Verified, Sensitivity::Confidential));
        assert!(p.admits(Status::Verified, Sensitivity::Restricted));
    }

    #[test]
    fn a_rule_a_field_does_not_allow_or_an_unknown_key_never_publishes() {
        let mut p = PublicationPolicy::new(RecordId::random());
        p.rules.insert("incident.point".into(), Rule::Publish);
        p.rules.insert("witness.name".into(), Rule::Publish);
        assert_eq!(p.rule("incident.point"), Rule::Withhold);
        assert_eq!(p.rule("witness.name"), Rule::Withhold);
        p.up_to = Sensitivity::Confidential;
        assert!(!p.admits(Status::Verified, Sensitivity::Confidential));
    }

    #[test]
    fn a_withdrawn_consent_allows_nothing() {
        let mut c = Consent {
            collection: RecordId::random(),
            person: RecordId::random(),
            uses: vec![ConsentUse::Publication],
            given_by: ConsentGiver::Family,
            given_on: Edtf::parse("2024-03-01").unwrap(),
            recorded: ConsentRecording::Written,
            withdrawn_on: None,
            note: None,
            sensitivity: Sensitivity::Internal,
        };
        assert!(c.allows(ConsentUse::Publication));
        assert!(!c.allows(ConsentUse::Media));
        c.withdrawn_on = Some(Edtf::parse("2025-01-10").unwrap());
        assert!(!c.allows(ConsentUse::Publication));
    }
}
