//! Helpers every page shares: its chrome, labels in the reader's language, names as the
//! reader may see them, and the small formatting rules of the interface.

use memoria_auth::roles::Permission;
use memoria_core::entity::{Entity, Person, Sensitivity, Status};
use memoria_core::id::RecordId;
use memoria_core::vocab::VocabularySet;
use memoria_store::{Store, Stored};

use crate::error::WebError;
use crate::extract::User;
use crate::i18n::Tr;
use crate::state::AppState;
use crate::view::{Choice, Chrome};

pub fn chrome(
    user: &User,
    state: &AppState,
    title: impl Into<String>,
    section: &'static str,
) -> Chrome {
    Chrome {
        tr: user.tr(state),
        title: title.into(),
        account: Some(user.account.name.clone()),
        csrf: user.csrf(),
        section,
        is_admin: user.access.is_admin,
        can_admin: user.access.is_admin
            || user
                .access
                .roles
                .keys()
                .any(|c| user.can(Some(*c), Permission::ManageMembers)),
        can_analyse: user.access.is_admin
            || user.access.roles.keys().any(|c| may_analyse(user, *c)),
        can_read_policy: user.access.is_admin || !user.access.readable_collections().is_empty(),
    }
}

/// Whether the account may see the analysis of a collection: it reads victims' names
/// (the lists and the pairs to review) and is a kind of export of the collection.
pub fn may_analyse(user: &User, collection: RecordId) -> bool {
    user.can(Some(collection), Permission::ReadNames)
        && user.can(Some(collection), Permission::ExportData)
}

pub fn status_code(s: Status) -> &'static str {
    s.as_str()
}

pub fn status_label(tr: &Tr, s: Status) -> String {
    tr.t(&format!("status-{}", s.as_str().replace('_', "-")))
}

pub fn sensitivity_code(s: Sensitivity) -> &'static str {
    match s {
        Sensitivity::Public => "public",
        Sensitivity::Internal => "internal",
        Sensitivity::Restricted => "restricted",
        Sensitivity::Confidential => "confidential",
    }
}

pub const SENSITIVITIES: [Sensitivity; 4] = [
    Sensitivity::Public,
    Sensitivity::Internal,
    Sensitivity::Restricted,
    Sensitivity::Confidential,
];

pub fn parse_sensitivity(s: &str) -> Option<Sensitivity> {
    SENSITIVITIES
        .into_iter()
        .find(|x| sensitivity_code(*x) == s)
}

pub fn sensitivity_label(tr: &Tr, s: Sensitivity) -> String {
    tr.t(&format!("sensitivity-{}", sensitivity_code(s)))
}

/// The badge a list row shows: the sensitivity when it is restricted or above, else
/// nothing (internal and public rows are the unremarkable default).
pub fn restricted_badge(tr: &Tr, s: Sensitivity) -> String {
    if s >= Sensitivity::Restricted {
        sensitivity_label(tr, s)
    } else {
        String::new()
    }
}

pub fn status_choices(tr: &Tr, selected: Option<Status>) -> Vec<Choice> {
    Status::ALL
        .into_iter()
        .map(|s| Choice {
            value: s.as_str().into(),
            label: status_label(tr, s),
            selected: selected == Some(s),
        })
        .collect()
}

pub fn sensitivity_choices(tr: &Tr, selected: Option<Sensitivity>) -> Vec<Choice> {
    SENSITIVITIES
        .into_iter()
        .map(|s| Choice {
            value: sensitivity_code(s).into(),
            label: sensitivity_label(tr, s),
            selected: selected == Some(s),
        })
        .collect()
}

/// A term's label in the reader's language, or its code when the vocabulary lacks it.
pub fn term_label(vocabs: &VocabularySet, vocab: &str, code: &str, tr: &Tr) -> String {
    vocabs
        .get(vocab)
        .and_then(|v| v.term(code))
        .and_then(|t| t.labels.best(tr.code()))
        .map(str::to_string)
        .unwrap_or_else(|| code.to_string())
}

/// A short, non-identifying handle for a record whose name the reader may not see.
pub fn short_id(id: RecordId) -> String {
    id.to_string()[..8].to_string()
}

/// A person as the reader may see them: the primary name, or `None` if withheld.
pub fn person_name(person: &Person, user: &User) -> Option<String> {
    if !user.can(Some(person.collection), Permission::ReadNames) {
        return None;
    }
    let mut name = person
        .names
        .first()
        .map(|n| n.text.clone())
        .unwrap_or_default();
    if let Some(size) = person.group_size {
        name = format!("{name} ({size})");
    }
    Some(name)
}

/// The title a list or search result shows for a record, in the reader's language;
/// `None` when the only title is a name the reader may not see.
pub fn record_title(stored: &Stored, user: &User, tr: &Tr) -> Option<String> {
    let lang = tr.code();
    Some(match &stored.entity {
        Entity::Collection(c) => c.title.best(lang).unwrap_or(&c.name).to_string(),
        Entity::Incident(i) => i.title.best(lang).unwrap_or_default().to_string(),
        Entity::Act(a) => a.violation.clone(),
        Entity::Person(p) => return person_name(p, user),
        Entity::Organization(o) => o.name.best(lang).unwrap_or_default().to_string(),
        Entity::Source(s) => s.title.best(lang).unwrap_or_default().to_string(),
        Entity::Claim(c) => c.field.clone(),
        Entity::Intervention(i) => i.target_name.clone().unwrap_or_else(|| i.kind.clone()),
        Entity::SourceList(l) => l.name.clone(),
        Entity::Record(r) => {
            if !user.can(stored.collection, Permission::ReadNames) {
                return None;
            }
            r.name
                .clone()
                .or_else(|| {
                    Some(format!(
                        "{} {}",
                        r.given_name.clone().unwrap_or_default(),
                        r.family_name.clone().unwrap_or_default()
                    ))
                })
                .unwrap_or_default()
        }
        Entity::Place(p) => p.name.best(lang).unwrap_or_default().to_string(),
        Entity::Vocabulary(v) => v.labels.best(lang).unwrap_or(&v.code).to_string(),
        // Not the file name: it can name who is in the file.
        Entity::MatchDecision(d) => d.verdict.as_str().to_string(),
        Entity::LinkageResult(l) => format!("linkage of {} records", l.records.len()),
        Entity::Consent(c) => c
            .uses
            .iter()
            .map(|u| u.as_str())
            .collect::<Vec<_>>()
            .join(", "),
        Entity::PublicationPolicy(_) => "publication policy".to_string(),
        Entity::Publication(p) => format!("publication {}", &p.digest[..p.digest.len().min(12)]),
        Entity::Evidence(e) => match e.description.best(lang) {
            Some(d) => d.to_string(),
            None => format!("{} · {}", e.media_type, &e.sha256[..e.sha256.len().min(12)]),
        },
    })
}

/// The sensitivity a record declares (records that declare none are `Internal`, or take
/// their incident's confidentiality).
pub fn record_sensitivity(entity: &Entity) -> Sensitivity {
    match entity {
        Entity::Incident(i) => i.confidentiality,
        Entity::Person(p) => p.sensitivity,
        Entity::Source(s) => s.sensitivity,
        Entity::Evidence(e) => e.confidentiality,
        Entity::Consent(c) => c.sensitivity,
        _ => Sensitivity::Internal,
    }
}

/// What writing (creating, changing, deleting, restoring) a record of `kind` needs
/// beyond the usual record permissions: a publication policy decides what leaves the
/// collection, so only those who manage its members (administrators, coordinators)
/// change it, through any route.
pub fn require_for_kind(
    user: &User,
    collection: Option<memoria_core::id::RecordId>,
    kind: memoria_core::EntityKind,
) -> Result<(), WebError> {
    if kind == memoria_core::EntityKind::PublicationPolicy {
        user.require(collection, Permission::ManageMembers)?;
    }
    Ok(())
}

/// The record, if it exists and the reader may know it does; otherwise `NotFound`, the
/// same answer as for an id that never existed.
pub fn visible(store: &dyn Store, user: &User, id: RecordId) -> Result<Stored, WebError> {
    let stored = store.get(id)?.ok_or(WebError::NotFound)?;
    let mut sensitivity = record_sensitivity(&stored.entity);
    // Acts, claims and evidence items inherit the confidentiality of the incident they
    // hang from, consents that of their person: an item marked lower would otherwise
    // show that a hidden record exists.
    if matches!(
        stored.entity,
        Entity::Act(_) | Entity::Claim(_) | Entity::Evidence(_) | Entity::Consent(_)
    ) && let Some(parent) = stored.parent
        && let Some(p) = store.get(parent)?
    {
        sensitivity = sensitivity.max(record_sensitivity(&p.entity));
    }
    if !user.can_see(stored.collection, sensitivity) {
        return Err(WebError::NotFound);
    }
    if stored.deleted && !user.can(stored.collection, Permission::RestoreRevisions) {
        return Err(WebError::NotFound);
    }
    Ok(stored)
}

/// A record id from a URL; anything else is a page that does not exist.
pub fn record_id(text: &str) -> Result<RecordId, WebError> {
    text.parse().map_err(|_| WebError::NotFound)
}

/// Where a record's own page is.
pub fn record_href(kind: memoria_core::EntityKind, id: RecordId) -> String {
    match kind {
        memoria_core::EntityKind::Incident => format!("/incidents/{id}"),
        memoria_core::EntityKind::Evidence => format!("/evidence/{id}"),
        _ => format!("/records/{id}"),
    }
}

/// A file size for reading: bytes up to a thousand, then kB, MB, GB (powers of ten,
/// as file managers show them), with one decimal below ten.
pub fn byte_size(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["kB", "MB", "GB", "TB"];
    if bytes < 1000 {
        return format!("{bytes} B");
    }
    let mut value = bytes as f64 / 1000.0;
    let mut unit = 0;
    while value >= 999.5 && unit < UNITS.len() - 1 {
        value /= 1000.0;
        unit += 1;
    }
    if value < 9.95 {
        format!("{value:.1} {}", UNITS[unit])
    } else {
        format!("{value:.0} {}", UNITS[unit])
    }
}

/// The first digits of a SHA-256, enough to tell files apart on a page (the whole hash
/// is on the item's page).
pub fn short_hash(hex: &str) -> &str {
    hex.get(..12).unwrap_or(hex)
}

/// An EXIF time (`2023:05:01 10:22:03`) as a date reads elsewhere (`2023-05-01
/// 10:22:03`); anything else as written.
pub fn exif_time(text: &str) -> String {
    let b = text.as_bytes();
    if b.len() >= 10 && b[4] == b':' && b[7] == b':' {
        format!("{}-{}-{}", &text[..4], &text[5..7], &text[8..])
    } else {
        text.to_string()
    }
}

/// Percent-encodes a query-string value (forms send `+` for space; we send `%20`).
pub fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// A JSON value of a revision as one line of text for a diff table.
pub fn show_value(value: Option<&serde_json::Value>) -> String {
    let text = display_value(value);
    // A diff row is for recognising a change, not for reading a whole narrative.
    if text.chars().count() > 400 {
        let cut: String = text.chars().take(400).collect();
        format!("{cut}…")
    } else {
        text
    }
}

/// A field's JSON value as text, whole.
pub fn display_value(value: Option<&serde_json::Value>) -> String {
    match value {
        None => "—".into(),
        Some(serde_json::Value::String(s)) => s.clone(),
        // A text in several languages reads as "en: … · ar: …" rather than as JSON.
        Some(serde_json::Value::Object(m))
            if !m.is_empty() && m.values().all(|v| v.is_string()) =>
        {
            m.iter()
                .map(|(lang, text)| format!("{lang}: {}", text.as_str().unwrap_or_default()))
                .collect::<Vec<_>>()
                .join(" · ")
        }
        Some(v) => v.to_string(),
    }
}

/// A stale save refused: how the version someone saved first (`theirs`) differs from
/// this edit (`mine`), compared only on the fields the reader may see.
pub fn conflict(
    user: &User,
    collection: Option<RecordId>,
    theirs: &Entity,
    mine: &Entity,
    current_version: u64,
    changed_by: String,
) -> crate::view::ConflictView {
    let (theirs, _) = memoria_auth::roles::redact(theirs, &user.access, collection);
    let (mine, _) = memoria_auth::roles::redact(mine, &user.access, collection);
    let changes = memoria_core::revision::diff(&theirs.to_body(), &mine.to_body())
        .into_iter()
        .map(|c| crate::view::DiffRow {
            field: c.field,
            before: show_value(c.before.as_ref()),
            after: show_value(c.after.as_ref()),
        })
        .collect();
    crate::view::ConflictView {
        current_version,
        changed_by,
        changes,
    }
}
