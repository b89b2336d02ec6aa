//! Records to index documents.
//!
//! An incident's document carries what its acts say (violations, perpetrators) and the
//! chain of places above its own, so that the incident list filters and counts with
//! one query and no join. What is *not* copied into an incident is as deliberate: no
//! victim or perpetrator name, so that searching incidents never reveals a name to
//! someone who may not search names.

use std::collections::BTreeMap;

use memoria_core::entity::{Act, Entity, EntityKind, Incident, Sensitivity};
use memoria_core::id::RecordId;
use memoria_core::text::MultiText;
use memoria_core::vocab::Vocabulary;
use memoria_store::{Stored, Timestamp};
use tantivy::TantivyDocument;

use crate::analyze::{pre_tokenized, skeletons, words};
use crate::schema::{Fields, PLACE_DEPTHS, acl_term, id_halves, is_named_kind, kind_code};
use crate::schema::{sensitivity_code, status_code};

/// What one act contributes to its incident's document.
#[derive(Clone, Debug)]
pub(crate) struct ActFacts {
    pub id: RecordId,
    pub violation: String,
    /// Person and organisation ids (as text) and kind codes.
    pub perpetrators: Vec<String>,
    pub perpetrator_kinds: Vec<String>,
    pub updated: i64,
}

impl ActFacts {
    pub fn of(id: RecordId, act: &Act, updated: i64) -> ActFacts {
        let mut perpetrators = Vec::new();
        let mut perpetrator_kinds = Vec::new();
        for p in &act.perpetrators {
            perpetrators.extend(p.person.map(|x| x.to_string()));
            perpetrators.extend(p.organization.map(|x| x.to_string()));
            if let Some(k) = &p.kind {
                perpetrators.push(k.clone());
                perpetrator_kinds.push(k.clone());
            }
        }
        ActFacts {
            id,
            violation: act.violation.clone(),
            perpetrators,
            perpetrator_kinds,
            updated,
        }
    }
}

/// Most units followed up a chain of command (a cycle ends the walk sooner).
pub(crate) const MAX_UNITS_ABOVE: usize = 32;

/// Adds, to each act's perpetrators, the units above each perpetrating unit, so that a
/// filter on a brigade finds what its battalions did. `parent` gives the unit a unit
/// answers to (`None` for anything that is not a unit, or a deleted one).
pub(crate) fn with_units_above(
    acts: &mut [ActFacts],
    mut parent: impl FnMut(RecordId) -> Option<RecordId>,
) {
    for act in acts {
        let mut above = Vec::new();
        for p in &act.perpetrators {
            let Ok(mut unit) = p.parse::<RecordId>() else {
                continue;
            };
            let mut seen = vec![unit];
            while seen.len() <= MAX_UNITS_ABOVE {
                match parent(unit) {
                    Some(up) if !seen.contains(&up) => {
                        above.push(up.to_string());
                        seen.push(up);
                        unit = up;
                    }
                    _ => break,
                }
            }
        }
        act.perpetrators.extend(above);
    }
}

/// The broader terms of each violation code, so that a filter on a broad term finds
/// incidents recorded with a narrower one.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub(crate) struct Violations {
    broader: BTreeMap<String, Vec<String>>,
}

impl Violations {
    pub fn of(vocabulary: &Vocabulary) -> Violations {
        let broader = vocabulary
            .terms
            .iter()
            .map(|t| {
                let up = vocabulary.ancestors(&t.code);
                (t.code.clone(), up.iter().map(|a| a.code.clone()).collect())
            })
            .collect();
        Violations { broader }
    }

    /// The codes whose broader terms differ between `self` and `other` (including codes
    /// only one of them has): the incidents indexed under them must be written again.
    pub fn changed_codes<'a>(&'a self, other: &'a Violations) -> Vec<&'a str> {
        let mut codes: Vec<&str> = self
            .broader
            .iter()
            .filter(|(code, up)| other.broader.get(*code) != Some(*up))
            .chain(
                other
                    .broader
                    .iter()
                    .filter(|(code, up)| self.broader.get(*code) != Some(*up)),
            )
            .map(|(code, _)| code.as_str())
            .collect();
        codes.sort_unstable();
        codes.dedup();
        codes
    }

    /// `code` and every term above it.
    pub fn with_broader<'a>(&'a self, code: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        std::iter::once(code).chain(
            self.broader
                .get(code)
                .into_iter()
                .flatten()
                .map(String::as_str),
        )
    }
}

/// Microseconds since 1970, for sorting by the time of the last write.
pub(crate) fn micros(t: Timestamp) -> i64 {
    let nanos = t.as_offset_date_time().unix_timestamp_nanos() / 1000;
    i64::try_from(nanos).unwrap_or(i64::MAX)
}

fn base(
    f: &Fields,
    id: RecordId,
    kind: EntityKind,
    collection: Option<RecordId>,
    sensitivity: Sensitivity,
) -> TantivyDocument {
    let mut doc = TantivyDocument::new();
    doc.add_bytes(f.id, id.as_uuid().as_bytes());
    let (hi, lo) = id_halves(id);
    doc.add_u64(f.id_hi, hi);
    doc.add_u64(f.id_lo, lo);
    doc.add_u64(f.kind, kind_code(kind));
    if kind == EntityKind::Incident {
        // Other records' sensitivity is only ever tested through `acl`.
        doc.add_u64(f.sensitivity, sensitivity_code(sensitivity));
    }
    let (chi, clo) = collection.map(id_halves).unwrap_or((0, 0));
    doc.add_u64(f.coll_hi, chi);
    doc.add_u64(f.coll_lo, clo);
    if let Some(c) = collection {
        if kind == EntityKind::Incident {
            doc.add_text(f.collection, c.to_string());
        }
        doc.add_text(f.acl, acl_term(c, sensitivity, is_named_kind(kind)));
    }
    doc
}

fn multi_words(texts: &MultiText) -> Vec<String> {
    texts.0.values().flat_map(|t| words(t)).collect()
}

/// Adds words to a text field and, when given, their skeletons to another.
fn add_words(
    doc: &mut TantivyDocument,
    field: tantivy::schema::Field,
    skel: Option<tantivy::schema::Field>,
    w: Vec<String>,
) {
    if w.is_empty() {
        return;
    }
    if let Some(skel) = skel {
        let s = skeletons(&w);
        if !s.is_empty() {
            doc.add_pre_tokenized_text(skel, pre_tokenized(s));
        }
    }
    doc.add_pre_tokenized_text(field, pre_tokenized(w));
}

/// The document of an incident that is not deleted. `chain` is its place and the places
/// above it, top first; `acts` its acts that are not deleted.
pub(crate) fn incident_doc(
    f: &Fields,
    id: RecordId,
    incident: &Incident,
    updated: i64,
    acts: &[ActFacts],
    chain: &[RecordId],
    violations: &Violations,
) -> TantivyDocument {
    let mut doc = base(
        f,
        id,
        EntityKind::Incident,
        Some(incident.collection),
        incident.confidentiality,
    );
    add_words(
        &mut doc,
        f.text,
        Some(f.text_skel),
        multi_words(&incident.title),
    );
    add_words(&mut doc, f.body, None, multi_words(&incident.narrative));
    doc.add_u64(f.status, status_code(incident.status));
    if let Some(date) = &incident.date {
        let lo = date.earliest().map_or(i64::MIN, |d| d.to_days());
        let hi = date.latest().map_or(i64::MAX, |d| d.to_days());
        doc.add_i64(f.date_lo, lo);
        doc.add_i64(f.date_hi, hi);
        doc.add_bool(f.uncertain, date.is_uncertain());
    }
    let updated = acts.iter().map(|a| a.updated).fold(updated, i64::max);
    doc.add_i64(f.updated, updated);

    let mut codes: Vec<&str> = acts.iter().map(|a| a.violation.as_str()).collect();
    codes.sort_unstable();
    codes.dedup();
    let mut with_broader: Vec<&str> = codes
        .iter()
        .flat_map(|c| violations.with_broader(c))
        .collect();
    with_broader.sort_unstable();
    with_broader.dedup();
    for c in codes {
        doc.add_text(f.violation_code, c);
    }
    for c in with_broader {
        doc.add_text(f.violation, c);
    }
    let mut perpetrators: Vec<&str> = acts
        .iter()
        .flat_map(|a| a.perpetrators.iter().map(String::as_str))
        .collect();
    perpetrators.sort_unstable();
    perpetrators.dedup();
    for p in perpetrators {
        doc.add_text(f.perpetrator, p);
    }
    let mut kinds: Vec<&str> = acts
        .iter()
        .flat_map(|a| a.perpetrator_kinds.iter().map(String::as_str))
        .collect();
    kinds.sort_unstable();
    kinds.dedup();
    for k in kinds {
        doc.add_text(f.perpetrator_kind, k);
    }
    for a in acts {
        doc.add_bytes(f.acts, a.id.as_uuid().as_bytes());
    }
    for (depth, place) in chain.iter().take(PLACE_DEPTHS).enumerate() {
        let p = place.to_string();
        doc.add_text(f.place, &p);
        doc.add_text(f.place_at[depth], &p);
    }
    doc
}

/// The document of a person, organisation, source, list record, place or intervention
/// that is not deleted; `None` for other kinds, which are not searched on their own.
pub(crate) fn record_doc(f: &Fields, s: &Stored) -> Option<TantivyDocument> {
    let doc = match &s.entity {
        Entity::Person(p) => {
            let mut doc = base(f, s.id, s.kind, Some(p.collection), p.sensitivity);
            let mut w = Vec::new();
            for n in &p.names {
                w.extend(words(&n.text));
                if let Some(t) = &n.transliteration {
                    w.extend(words(t));
                }
            }
            add_words(&mut doc, f.names, Some(f.names_skel), w);
            doc
        }
        Entity::Organization(o) => {
            let mut doc = base(f, s.id, s.kind, Some(o.collection), Sensitivity::Internal);
            let mut w = multi_words(&o.name);
            for a in &o.aliases {
                w.extend(words(a));
            }
            add_words(&mut doc, f.text, Some(f.text_skel), w);
            doc
        }
        Entity::Source(x) => {
            let mut doc = base(f, s.id, s.kind, Some(x.collection), x.sensitivity);
            add_words(&mut doc, f.text, Some(f.text_skel), multi_words(&x.title));
            doc
        }
        Entity::Record(r) => {
            // A list record belongs to its list's collection, which the store records.
            let mut doc = base(f, s.id, s.kind, s.collection, Sensitivity::Internal);
            let mut w = Vec::new();
            for part in [&r.name, &r.given_name, &r.family_name]
                .into_iter()
                .flatten()
            {
                w.extend(words(part));
            }
            add_words(&mut doc, f.names, Some(f.names_skel), w);
            doc
        }
        Entity::Place(p) => {
            // Places are found by name so that a place can be picked to filter by.
            let mut doc = base(f, s.id, s.kind, Some(p.collection), Sensitivity::Internal);
            add_words(&mut doc, f.text, Some(f.text_skel), multi_words(&p.name));
            doc
        }
        Entity::Intervention(i) => {
            // No words: interventions are found through the incidents they are about
            // and by when they are due, never by text (the institution's name is not
            // what anyone searches the collection for).
            let mut doc = base(f, s.id, s.kind, Some(i.collection), Sensitivity::Internal);
            for incident in &i.about {
                doc.add_text(f.about, incident.to_string());
            }
            if i.status != "closed"
                && let Some(day) = i.next_follow_up.as_ref().and_then(|d| d.earliest())
            {
                doc.add_i64(f.follow_up, day.to_days());
            }
            doc
        }
        _ => return None,
    };
    Some(doc)
}
