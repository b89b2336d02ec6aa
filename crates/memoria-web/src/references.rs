//! References to records the reader may not know exist.
//!
//! A record the reader may see can point at one they may not: an act's victim marked
//! confidential, an intervention about a restricted incident, a source's informant. The
//! id alone says that the hidden record exists, so reads withhold it and name the field
//! in `withheld`, as redacted fields are; a write may not point at a record its author
//! cannot see; the API refuses to write back a record read with a reference withheld
//! (as it does for redacted fields), and a form keeps such a reference as it was.
//!
//! Only references that can lead to a hidden record are listed: to persons, incidents
//! and sources (which carry their own sensitivity). Acts, claims and evidence items hang
//! from their incident and are hidden with it (`page::visible`); organisations, places,
//! lists and collections are seen by every member.

use memoria_core::entity::{Entity, EntityKind};
use memoria_core::id::RecordId;
use memoria_store::Store;
use serde_json::Value;

use crate::extract::User;
use crate::page;

/// Where a kind's body holds references that may be hidden.
enum Slot {
    /// A field holding one id (or null).
    One(&'static str),
    /// A field holding a list of ids.
    Many(&'static str),
    /// A field holding a list of objects, each of which may hold an id under a key.
    Nested(&'static str, &'static str),
}

fn slots(kind: EntityKind) -> &'static [Slot] {
    match kind {
        EntityKind::Act => &[
            Slot::Many("victims"),
            Slot::Nested("perpetrators", "person"),
        ],
        EntityKind::Claim => &[Slot::One("source")],
        EntityKind::Intervention => &[Slot::Many("about")],
        EntityKind::Source => &[Slot::One("informant")],
        EntityKind::SourceList => &[Slot::One("source")],
        EntityKind::PublicationPolicy => &[Slot::Many("public_figures")],
        _ => &[],
    }
}

fn seen(store: &dyn Store, user: &User, id: &str) -> bool {
    id.parse::<RecordId>()
        .is_ok_and(|id| page::visible(store, user, id).is_ok())
}

/// Removes from `body` (a record's JSON body of `kind`) every reference to a record the
/// reader may not see; returns the fields that lost one.
pub fn withhold(
    store: &dyn Store,
    user: &User,
    kind: EntityKind,
    body: &mut Value,
) -> Vec<&'static str> {
    let mut withheld = Vec::new();
    for slot in slots(kind) {
        let lost = match slot {
            Slot::One(field) => match body.get(*field).and_then(Value::as_str) {
                Some(id) if !seen(store, user, id) => {
                    body.as_object_mut().expect("an object").remove(*field);
                    true
                }
                _ => false,
            },
            Slot::Many(field) => match body.get_mut(*field).and_then(Value::as_array_mut) {
                Some(ids) => {
                    let before = ids.len();
                    ids.retain(|v| v.as_str().is_some_and(|id| seen(store, user, id)));
                    ids.len() < before
                }
                None => false,
            },
            Slot::Nested(field, key) => match body.get_mut(*field).and_then(Value::as_array_mut) {
                Some(items) => {
                    let mut lost = false;
                    for item in items.iter_mut().filter_map(Value::as_object_mut) {
                        if let Some(id) = item.get(*key).and_then(Value::as_str)
                            && !seen(store, user, id)
                        {
                            item.remove(*key);
                            lost = true;
                        }
                    }
                    lost
                }
                None => false,
            },
        };
        if lost {
            withheld.push(match slot {
                Slot::One(f) | Slot::Many(f) | Slot::Nested(f, _) => *f,
            });
        }
    }
    withheld
}

/// The ids `entity` refers to in its slots.
fn referred(entity: &Entity) -> Vec<(&'static str, RecordId)> {
    match entity {
        Entity::Act(a) => a
            .victims
            .iter()
            .map(|v| ("victims", *v))
            .chain(
                a.perpetrators
                    .iter()
                    .filter_map(|p| p.person.map(|id| ("perpetrators", id))),
            )
            .collect(),
        Entity::Claim(c) => vec![("source", c.source)],
        Entity::Intervention(i) => i.about.iter().map(|id| ("about", *id)).collect(),
        Entity::Source(s) => s.informant.iter().map(|id| ("informant", *id)).collect(),
        Entity::SourceList(l) => l.source.iter().map(|id| ("source", *id)).collect(),
        Entity::PublicationPolicy(p) => p
            .public_figures
            .iter()
            .map(|id| ("public_figures", *id))
            .collect(),
        _ => Vec::new(),
    }
}

/// Whether `entity`, as stored, refers to a record the reader may not see: writing back
/// a copy read through [`withhold`] would then erase the reference.
pub fn hides_any(store: &dyn Store, user: &User, entity: &Entity) -> bool {
    referred(entity)
        .into_iter()
        .any(|(_, id)| page::visible(store, user, id).is_err())
}

/// The fields of `entity` that name a record the writer may not see, other than the
/// ones `kept` (what the stored version already named): a write may not be how an
/// account learns that a record exists.
pub fn unseen(
    store: &dyn Store,
    user: &User,
    entity: &Entity,
    kept: Option<&Entity>,
) -> Vec<&'static str> {
    let before: Vec<RecordId> = kept
        .map(|k| referred(k).into_iter().map(|(_, id)| id).collect())
        .unwrap_or_default();
    let mut fields: Vec<&'static str> = referred(entity)
        .into_iter()
        .filter(|(_, id)| !before.contains(id) && page::visible(store, user, *id).is_err())
        .map(|(f, _)| f)
        .collect();
    fields.dedup();
    fields
}
