//! Who may do what: roles, permissions, and the redaction of what one may not read.
//!
//! An account holds one [`Role`] in each collection it is a member of; installation
//! administrators (a flag on the account) hold every permission everywhere. A role
//! grants a fixed set of [`Permission`]s, listed in [`grants`]: that table is the
//! product's decision, written once, and the web server asks it rather than naming
//! roles in handlers.
//!
//! Reading has levels. [`Permission::ReadRecords`] shows that a record exists and its
//! ordinary fields: a viewer sees that victim 123 was detained on a date in a district,
//! not who they are. Names, contact details and sensitive attributes each need their
//! own permission, and [`redact`] removes what an account may not read before a record
//! leaves the server. Records themselves are hidden by their [`Sensitivity`]
//! ([`Access::can_see`]).

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use memoria_core::entity::{Entity, Sensitivity};
use memoria_core::id::RecordId;
use serde::{Deserialize, Serialize};

/// An account's role in one collection. The order is from most to least trusted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Runs the collection: everything, vocabularies included.
    Administrator,
    /// Leads the documentation: everything but vocabularies.
    Coordinator,
    /// Studies the data: reads names and restricted records, exports; never writes.
    Analyst,
    /// Keeps the records: reads contact details and restricted records, writes, deletes
    /// and restores, follows interventions.
    Documentalist,
    /// Gathers testimony: adds and edits ordinary records.
    FieldResearcher,
    /// Follows the work: sees which records exist, without names.
    Viewer,
}

impl Role {
    pub const ALL: [Role; 6] = [
        Role::Administrator,
        Role::Coordinator,
        Role::Analyst,
        Role::Documentalist,
        Role::FieldResearcher,
        Role::Viewer,
    ];

    /// The stored and displayed name (`field_researcher`), also the serde form.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Administrator => "administrator",
            Role::Coordinator => "coordinator",
            Role::Analyst => "analyst",
            Role::Documentalist => "documentalist",
            Role::FieldResearcher => "field_researcher",
            Role::Viewer => "viewer",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Role {
    type Err = String;
    /// Accepts the names of [`Role::as_str`] in any case, with spaces or hyphens for
    /// the underscore (`Field researcher`).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let norm = s.trim().to_ascii_lowercase().replace([' ', '-'], "_");
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == norm)
            .ok_or_else(|| {
                "expected one of administrator, coordinator, analyst, documentalist, \
                 field_researcher, viewer"
                    .to_string()
            })
    }
}

/// Something an account may be allowed to do in a collection.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Permission {
    /// See that records exist, and their fields that identify no one.
    ReadRecords,
    /// Names of persons and of list records, birth dates, a list record's extra columns.
    ReadNames,
    /// A person's contact details (`Person.sensitive.contact`).
    ReadContact,
    /// A person's ethnicity and religion (`Person.sensitive`).
    ReadSensitiveAttributes,
    /// Records marked [`Sensitivity::Restricted`].
    ReadRestricted,
    /// Records marked [`Sensitivity::Confidential`].
    ReadConfidential,
    CreateRecords,
    EditRecords,
    DeleteRecords,
    RestoreRevisions,
    ManageInterventions,
    ManageVocabularies,
    /// Add and remove members of the collection, and change their roles.
    ManageMembers,
    ReadAudit,
    ExportData,
}

impl Permission {
    pub const ALL: [Permission; 15] = [
        Permission::ReadRecords,
        Permission::ReadNames,
        Permission::ReadContact,
        Permission::ReadSensitiveAttributes,
        Permission::ReadRestricted,
        Permission::ReadConfidential,
        Permission::CreateRecords,
        Permission::EditRecords,
        Permission::DeleteRecords,
        Permission::RestoreRevisions,
        Permission::ManageInterventions,
        Permission::ManageVocabularies,
        Permission::ManageMembers,
        Permission::ReadAudit,
        Permission::ExportData,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Permission::ReadRecords => "read_records",
            Permission::ReadNames => "read_names",
            Permission::ReadContact => "read_contact",
            Permission::ReadSensitiveAttributes => "read_sensitive_attributes",
            Permission::ReadRestricted => "read_restricted",
            Permission::ReadConfidential => "read_confidential",
            Permission::CreateRecords => "create_records",
            Permission::EditRecords => "edit_records",
            Permission::DeleteRecords => "delete_records",
            Permission::RestoreRevisions => "restore_revisions",
            Permission::ManageInterventions => "manage_interventions",
            Permission::ManageVocabularies => "manage_vocabularies",
            Permission::ManageMembers => "manage_members",
            Permission::ReadAudit => "read_audit",
            Permission::ExportData => "export_data",
        }
    }
}

impl fmt::Display for Permission {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether `role` holds `permission`:
///
/// | permission                | admin | coord | analyst | documentalist | field | viewer |
/// |---------------------------|:-----:|:-----:|:-------:|:-------------:|:-----:|:------:|
/// | ReadRecords               |   ✓   |   ✓   |    ✓    |       ✓       |   ✓   |   ✓    |
/// | ReadNames                 |   ✓   |   ✓   |    ✓    |       ✓       |   ✓   |        |
/// | ReadContact               |   ✓   |   ✓   |         |       ✓       |       |        |
/// | ReadSensitiveAttributes   |   ✓   |   ✓   |         |               |       |        |
/// | ReadRestricted            |   ✓   |   ✓   |    ✓    |       ✓       |       |        |
/// | ReadConfidential          |   ✓   |   ✓   |         |               |       |        |
/// | CreateRecords             |   ✓   |   ✓   |         |       ✓       |   ✓   |        |
/// | EditRecords               |   ✓   |   ✓   |         |       ✓       |   ✓   |        |
/// | DeleteRecords             |   ✓   |   ✓   |         |       ✓       |       |        |
/// | RestoreRevisions          |   ✓   |   ✓   |         |       ✓       |       |        |
/// | ManageInterventions       |   ✓   |   ✓   |         |       ✓       |       |        |
/// | ManageVocabularies        |   ✓   |       |         |               |       |        |
/// | ManageMembers             |   ✓   |   ✓   |         |               |       |        |
/// | ReadAudit                 |   ✓   |   ✓   |         |               |       |        |
/// | ExportData                |   ✓   |   ✓   |    ✓    |               |       |        |
///
/// Writing is limited to what the writer can read: a field researcher edits ordinary
/// records only, since restricted ones are hidden from them.
pub fn grants(role: Role, permission: Permission) -> bool {
    use Permission as P;
    match role {
        Role::Administrator => true,
        Role::Coordinator => !matches!(permission, P::ManageVocabularies),
        Role::Analyst => matches!(
            permission,
            P::ReadRecords | P::ReadNames | P::ReadRestricted | P::ExportData
        ),
        Role::Documentalist => matches!(
            permission,
            P::ReadRecords
                | P::ReadNames
                | P::ReadContact
                | P::ReadRestricted
                | P::CreateRecords
                | P::EditRecords
                | P::DeleteRecords
                | P::RestoreRevisions
                | P::ManageInterventions
        ),
        Role::FieldResearcher => matches!(
            permission,
            P::ReadRecords | P::ReadNames | P::CreateRecords | P::EditRecords
        ),
        Role::Viewer => matches!(permission, P::ReadRecords),
    }
}

/// What one account may do: the installation administrator flag and its role in each
/// collection it is a member of.
#[derive(Clone, Debug, Default)]
pub struct Access {
    pub is_admin: bool,
    pub roles: BTreeMap<RecordId, Role>,
}

impl Access {
    /// Whether the account holds `permission` in `collection`. `None` stands for what
    /// belongs to no collection (the installation's own settings and vocabularies):
    /// only installation administrators may act there. Installation administrators
    /// hold every permission in every collection.
    pub fn can(&self, collection: Option<RecordId>, permission: Permission) -> bool {
        if self.is_admin {
            return true;
        }
        collection
            .and_then(|c| self.roles.get(&c))
            .is_some_and(|&role| grants(role, permission))
    }

    /// Whether the account may learn that a record of `sensitivity` exists in
    /// `collection`. Public and internal records need [`Permission::ReadRecords`],
    /// restricted ones [`Permission::ReadRestricted`] too, confidential ones
    /// [`Permission::ReadConfidential`] too.
    pub fn can_see(&self, collection: Option<RecordId>, sensitivity: Sensitivity) -> bool {
        let extra = match sensitivity {
            Sensitivity::Public | Sensitivity::Internal => None,
            Sensitivity::Restricted => Some(Permission::ReadRestricted),
            Sensitivity::Confidential => Some(Permission::ReadConfidential),
        };
        self.can(collection, Permission::ReadRecords)
            && extra.is_none_or(|p| self.can(collection, p))
    }

    /// The highest sensitivity the account may see in `collection`, `None` if it may
    /// see nothing there. Every lower level is visible too, so a listing can filter on
    /// `sensitivity <= max`.
    pub fn max_sensitivity(&self, collection: RecordId) -> Option<Sensitivity> {
        [
            Sensitivity::Confidential,
            Sensitivity::Restricted,
            Sensitivity::Internal,
            Sensitivity::Public,
        ]
        .into_iter()
        .find(|&s| self.can_see(Some(collection), s))
    }

    /// The collections in which the account may read records, in id order. For an
    /// installation administrator these are only the collections they are a member of;
    /// the caller treats `is_admin` as all.
    pub fn readable_collections(&self) -> Vec<RecordId> {
        self.roles
            .iter()
            .filter(|&(_, &role)| grants(role, Permission::ReadRecords))
            .map(|(&c, _)| c)
            .collect()
    }
}

/// A copy of `entity` without what `access` may not read in its collection, and the
/// names of the fields withheld, for the interface to say "name withheld".
///
/// - Person: `names` and `birth_date` need [`Permission::ReadNames`];
///   `sensitive.contact` needs [`Permission::ReadContact`]; `sensitive.ethnicity` and
///   `sensitive.religion` need [`Permission::ReadSensitiveAttributes`].
/// - List record: `name`, `given_name`, `family_name`, `birth_date` and `extra` (any
///   column, often an identity number or a relative's name) need
///   [`Permission::ReadNames`]. Its `sex`, `violation` and `perpetrator` (a kind of
///   perpetrator, never a named unit or person) identify no one and stay readable.
/// - Claim: a claim states the value of one field of its subject, so a claim on a field
///   above has its `value` and `note` withheld under the same permission.
/// - Evidence: where the file was made (the GPS position in its EXIF and XMP metadata)
///   can locate a witness as surely as an address, so it needs
///   [`Permission::ReadContact`]; it is withheld as [`POSITION`].
/// - Every other kind is returned unchanged.
///
/// Withheld values are removed, not replaced by a placeholder: a placeholder would be
/// taken for data by anything downstream (search, export, linkage). Names become an
/// empty list, other fields `None` or empty. A field the account may not read is listed
/// whether or not it held a value, since even knowing that a religion is recorded can
/// say something about a person.
///
/// `collection` is the collection the record belongs to, needed for list records and
/// claims, which do not say; a record that names its own collection is judged by that
/// one. This does not decide whether the record may be shown at all: check
/// [`Access::can_see`] first. A redacted copy is for display only; never store it.
pub fn redact(
    entity: &Entity,
    access: &Access,
    collection: Option<RecordId>,
) -> (Entity, Vec<&'static str>) {
    let collection = entity.collection().or(collection);
    let can = |p| access.can(collection, p);
    let mut out = entity.clone();
    let mut withheld = Vec::new();
    match &mut out {
        Entity::Person(p) => {
            if !can(Permission::ReadNames) {
                p.names.clear();
                p.birth_date = None;
                withheld.extend(["names", "birth_date"]);
            }
            if !can(Permission::ReadContact) {
                p.sensitive.contact = None;
                withheld.push("sensitive.contact");
            }
            if !can(Permission::ReadSensitiveAttributes) {
                p.sensitive.ethnicity = None;
                p.sensitive.religion = None;
                withheld.extend(["sensitive.ethnicity", "sensitive.religion"]);
            }
        }
        Entity::Record(r) if !can(Permission::ReadNames) => {
            r.name = None;
            r.given_name = None;
            r.family_name = None;
            r.birth_date = None;
            r.extra.clear();
            withheld.extend(["name", "given_name", "family_name", "birth_date", "extra"]);
        }
        Entity::Claim(c) if !claim_field_permissions(&c.field).iter().all(|&p| can(p)) => {
            c.value.clear();
            c.note = None;
            withheld.extend(["value", "note"]);
        }
        Entity::Evidence(e) if !can(Permission::ReadContact) => {
            if let Some(metadata) = &mut e.metadata {
                remove_positions(metadata);
            }
            withheld.push(POSITION);
        }
        _ => {}
    }
    (out, withheld)
}

/// How [`redact`] names an evidence item's withheld capture position.
pub const POSITION: &str = "metadata.gps";

/// Removes every position from an evidence item's metadata (the JSON `memoria-media`
/// writes): EXIF's `gps` and XMP's `gps_latitude`/`gps_longitude`.
fn remove_positions(metadata: &mut serde_json::Value) {
    for (block, fields) in [
        ("exif", &["gps"][..]),
        ("xmp", &["gps_latitude", "gps_longitude"][..]),
    ] {
        if let Some(block) = metadata.get_mut(block).and_then(|b| b.as_object_mut()) {
            for field in fields {
                block.remove(*field);
            }
        }
    }
}

/// The permissions needed to read a claim on `field` of a person or list record. The
/// field is its stored name, perhaps with a path below it (`sensitive.contact`,
/// `extra.id_number`); names are matched whole, so `names` covers `names.0.text`.
fn claim_field_permissions(field: &str) -> &'static [Permission] {
    let mut parts = field.split(['.', '/']);
    let head = parts.next().unwrap_or_default();
    match head {
        "names" | "name" | "given_name" | "family_name" | "birth_date" | "extra" => {
            &[Permission::ReadNames]
        }
        "contact" => &[Permission::ReadContact],
        "ethnicity" | "religion" => &[Permission::ReadSensitiveAttributes],
        "sensitive" => match parts.next() {
            Some("contact") => &[Permission::ReadContact],
            Some("ethnicity" | "religion") => &[Permission::ReadSensitiveAttributes],
            _ => &[Permission::ReadContact, Permission::ReadSensitiveAttributes],
        },
        _ => &[],
    }
}
