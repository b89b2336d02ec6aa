//! A collection's publication policy and its consents: what `memoria publish` may let
//! out, and whose name it may print.
//!
//! The policy is one record per collection, shown as a form: a rule for every field of
//! [`FIELDS`] (only the rules the field allows are offered; a field the policy does not
//! mention shows its safe default), what is never published and why ([`NEVER`]), the
//! workflow states and confidentiality an incident may have, whose consent names a
//! victim, the small-count threshold and the licence. Saving writes a revision under the
//! editor's account; a save based on a stale version is refused with the differences,
//! as the incident form does, never applied over the newer version. Regional boundaries
//! and public figures are kept as they are: they come through the JSON API.
//!
//! Consents are records of their own, listed under the policy. Recording one takes the
//! person record's id; a person the reader may not see, or one of another collection,
//! gets the answer an id that does not exist gets. Withdrawing sets `withdrawn_on` to
//! today in a new revision: the consent and its end both stay in the history.
//!
//! Who may do what, and why:
//! - Reading the page: any member who may read the collection
//!   ([`Permission::ReadRecords`]). Knowing what will be published, and what never is,
//!   is part of working in the collection. Persons in the consent list show by name only
//!   to readers of names, else by a short id; consents are hidden with their person.
//! - Changing the policy: [`Permission::ManageMembers`] (administrators and
//!   coordinators). The policy decides what leaves the collection for everyone to read,
//!   the same order of decision as who may read the collection at all.
//! - Recording a consent ([`Permission::CreateRecords`]) and withdrawing one
//!   ([`Permission::EditRecords`]): whoever keeps the records, field researchers
//!   included, who are often the ones a person gives or withdraws consent to. A
//!   withdrawal must be quick to record; it can only narrow what is published. Persons
//!   they may not see stay out of reach, as everywhere else.

use axum::Form;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use memoria_auth::roles::Permission;
use memoria_core::edtf::Edtf;
use memoria_core::entity::{Entity, EntityKind, Sensitivity, Status};
use memoria_core::id::RecordId;
use memoria_core::publication::{
    Consent, ConsentGiver, ConsentRecording, ConsentUse, FIELDS, NEVER, PublicationPolicy, Rule,
};
use memoria_store::{ListQuery, Store, StoreError, Stored};
use serde::Deserialize;

use crate::error::WebError;
use crate::extract::User;
use crate::i18n::Tr;
use crate::page::{self, chrome};
use crate::state::AppState;
use crate::view::{
    Choice, ConflictView, ConsentForm, ConsentLine, NeverView, Page, PublicationPage, RuleView,
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/publication", get(show).post(save))
        .route("/publication/consents", post(record_consent))
        .route("/publication/consents/{id}/withdraw", post(withdraw))
}

/// The levels a policy may publish up to: confidential incidents never leave.
const UP_TO: [Sensitivity; 3] = [
    Sensitivity::Public,
    Sensitivity::Internal,
    Sensitivity::Restricted,
];

/// Longest note accepted on a consent.
const MAX_NOTE: usize = 2000;

#[derive(Deserialize)]
struct Params {
    collection: Option<String>,
    #[serde(default)]
    saved: Option<String>,
}

/// What was posted: every name with its values in order (checkboxes repeat a name).
struct Posted(Vec<(String, String)>);

impl Posted {
    fn get(&self, name: &str) -> &str {
        self.0
            .iter()
            .find(|(n, _)| n == name)
            .map_or("", |(_, v)| v.as_str())
    }

    fn all(&self, name: &str) -> impl Iterator<Item = &str> {
        self.0
            .iter()
            .filter(move |(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// The collections the reader may read (id and title), by title.
type Collections = Vec<(RecordId, String)>;

/// The collections the reader may read, and the one the page is about: the one asked
/// for (404 if the reader may not read it), else the first.
fn choose(
    store: &dyn Store,
    user: &User,
    asked: Option<&str>,
) -> Result<(Collections, Option<RecordId>), WebError> {
    let collections = crate::routes::statistics::readable_collections(store, user)?;
    let chosen = match asked.filter(|c| !c.is_empty()) {
        Some(text) => {
            let id = page::record_id(text)?;
            Some(
                collections
                    .iter()
                    .find(|(c, _)| *c == id)
                    .ok_or(WebError::NotFound)?
                    .0,
            )
        }
        None => collections.first().map(|(c, _)| *c),
    };
    Ok((collections, chosen))
}

/// The collection's policy record, if it has one; should two exist, the newest speaks
/// (as `memoria publish` reads it).
fn current_policy(
    store: &dyn Store,
    collection: RecordId,
) -> Result<Option<(Stored, PublicationPolicy)>, WebError> {
    let mut found: Option<(Stored, PublicationPolicy)> = None;
    each(store, collection, EntityKind::PublicationPolicy, &mut |s| {
        if let Entity::PublicationPolicy(p) = &s.entity
            && found
                .as_ref()
                .is_none_or(|(f, _)| s.updated_at.to_string() > f.updated_at.to_string())
        {
            let p = p.clone();
            found = Some((s, p));
        }
    })?;
    Ok(found)
}

/// Every record of `kind` in `collection` that is not deleted.
fn each(
    store: &dyn Store,
    collection: RecordId,
    kind: EntityKind,
    visit: &mut dyn FnMut(Stored),
) -> Result<(), WebError> {
    let query = ListQuery {
        kind: Some(kind),
        collection: Some(collection),
        ..Default::default()
    };
    Ok(memoria_store::StoreExt::each_live(store, &query, visit)?)
}

async fn show(
    State(state): State<AppState>,
    user: User,
    Query(params): Query<Params>,
) -> Result<Response, WebError> {
    state
        .clone()
        .blocking(move |s| {
            let tr = user.tr(s);
            let (collections, chosen) =
                choose(s.store.as_ref(), &user, params.collection.as_deref())?;
            let Some(chosen) = chosen else {
                return Err(WebError::Forbidden);
            };
            let (policy, version, policy_id) = match current_policy(s.store.as_ref(), chosen)? {
                Some((stored, p)) => (p, stored.version, Some(stored.id)),
                None => (PublicationPolicy::new(chosen), 0, None),
            };
            let mut view = page_view(
                s,
                &user,
                &tr,
                &collections,
                chosen,
                Shown {
                    threshold: policy.threshold.to_string(),
                    policy,
                    version,
                    policy_id,
                },
                blank_consent(&tr),
            )?;
            view.saved = match params.saved.as_deref() {
                Some("policy") => Some(tr.t("policy-saved")),
                Some("consent") => Some(tr.t("consent-saved")),
                Some("withdrawn") => Some(tr.t("consent-withdrawn-saved")),
                _ => None,
            };
            Ok(view.render_html().into_response())
        })
        .await
}

/// The policy as the form shows it: as stored, or as posted.
struct Shown {
    policy: PublicationPolicy,
    /// As typed, so that a number that did not parse can be fixed.
    threshold: String,
    version: u64,
    policy_id: Option<RecordId>,
}

fn rule_label(tr: &Tr, rule: Rule) -> String {
    tr.t(&format!("policy-rule-{}", rule.as_str()))
}

/// A key of [`FIELDS`] or [`NEVER`] as it appears in message keys and element ids.
fn slug(key: &str) -> String {
    key.replace(['.', '_'], "-")
}

fn use_label(tr: &Tr, u: ConsentUse) -> String {
    tr.t(&format!("consent-use-{}", slug(u.as_str())))
}

fn giver_label(tr: &Tr, g: ConsentGiver) -> String {
    tr.t(&format!("consent-given-by-{}", g.as_str()))
}

fn recording_label(tr: &Tr, r: ConsentRecording) -> String {
    tr.t(&format!("consent-recorded-{}", slug(r.as_str())))
}

fn blank_consent(tr: &Tr) -> ConsentForm {
    ConsentForm {
        person: String::new(),
        uses: ConsentUse::ALL
            .into_iter()
            .map(|u| Choice {
                value: u.as_str().into(),
                label: use_label(tr, u),
                selected: false,
            })
            .collect(),
        givers: ConsentGiver::ALL
            .into_iter()
            .map(|g| Choice {
                value: g.as_str().into(),
                label: giver_label(tr, g),
                selected: g == ConsentGiver::Person,
            })
            .collect(),
        given_on: String::new(),
        recordings: ConsentRecording::ALL
            .into_iter()
            .map(|r| Choice {
                value: r.as_str().into(),
                label: recording_label(tr, r),
                selected: r == ConsentRecording::Written,
            })
            .collect(),
        note: String::new(),
        problems: Vec::new(),
    }
}

/// The whole page: the policy form as `shown`, the consents, and the consent form.
fn page_view(
    s: &AppState,
    user: &User,
    tr: &Tr,
    collections: &[(RecordId, String)],
    chosen: RecordId,
    shown: Shown,
    consent_form: ConsentForm,
) -> Result<PublicationPage, WebError> {
    let policy = &shown.policy;
    let rules = FIELDS
        .iter()
        .map(|spec| {
            let current = policy.rule(spec.key);
            RuleView {
                key: spec.key.to_string(),
                id: format!("rule-{}", slug(spec.key)),
                label: tr.t(&format!("policy-field-{}", slug(spec.key))),
                help: tr.t(&format!("policy-field-{}-help", slug(spec.key))),
                choices: spec
                    .allowed
                    .iter()
                    .map(|r| Choice {
                        value: r.as_str().into(),
                        label: if *r == spec.default {
                            tr.t1("policy-rule-default", "rule", rule_label(tr, *r))
                        } else {
                            rule_label(tr, *r)
                        },
                        selected: *r == current,
                    })
                    .collect(),
                current: rule_label(tr, current),
                problem: None,
            }
        })
        .collect();
    let never = NEVER
        .iter()
        .map(|(key, _)| NeverView {
            label: tr.t(&format!("policy-never-{}", slug(key))),
            reason: tr.t(&format!("policy-never-{}-why", slug(key))),
        })
        .collect();
    let (consents, names_shown) = consent_lines(s.store.as_ref(), user, tr, chosen)?;
    if names_shown > 0 {
        // The list names victims: a read of sensitive data, as on their own pages.
        let mut tx = s.store.begin(&user.actor)?;
        tx.audit(
            "read-sensitive",
            Some(chosen),
            &format!("publication page, {names_shown} names"),
        )?;
        tx.commit()?;
    }
    Ok(PublicationPage {
        chrome: chrome(user, s, tr.t("publication-title"), "publication"),
        collections: collections
            .iter()
            .map(|(id, label)| Choice {
                value: id.to_string(),
                label: label.clone(),
                selected: *id == chosen,
            })
            .collect(),
        collection: chosen.to_string(),
        version: shown.version,
        policy_id: shown.policy_id.map(|i| i.to_string()),
        can_edit: user.can(Some(chosen), Permission::ManageMembers),
        can_record: user.can(Some(chosen), Permission::CreateRecords),
        can_withdraw: user.can(Some(chosen), Permission::EditRecords),
        saved: None,
        conflict: None,
        problems: Vec::new(),
        rules,
        never,
        statuses: Status::ALL
            .into_iter()
            .map(|st| Choice {
                value: st.as_str().into(),
                label: page::status_label(tr, st),
                selected: policy.statuses.contains(&st),
            })
            .collect(),
        up_to: UP_TO
            .into_iter()
            .map(|x| Choice {
                value: page::sensitivity_code(x).into(),
                label: page::sensitivity_label(tr, x),
                selected: policy.up_to == x,
            })
            .collect(),
        givers: ConsentGiver::ALL
            .into_iter()
            .map(|g| Choice {
                value: g.as_str().into(),
                label: giver_label(tr, g),
                selected: policy.consent_from.contains(&g),
            })
            .collect(),
        threshold: shown.threshold,
        licence: policy.licence.clone(),
        boundaries: match &policy.boundaries {
            Some(b) => tr.t1(
                "policy-boundaries-set",
                "size",
                page::byte_size(b.len() as u64),
            ),
            None => tr.t("policy-boundaries-none"),
        },
        public_figures: tr.t1(
            "policy-public-figures",
            "count",
            policy.public_figures.len(),
        ),
        consents,
        consent_form,
    })
}

/// The collection's consents the reader may see, newest first, and how many of them
/// show a name.
fn consent_lines(
    store: &dyn Store,
    user: &User,
    tr: &Tr,
    collection: RecordId,
) -> Result<(Vec<ConsentLine>, usize), WebError> {
    let mut found = Vec::new();
    each(store, collection, EntityKind::Consent, &mut |s| {
        found.push(s)
    })?;
    let mut lines: Vec<(String, ConsentLine)> = Vec::new();
    let mut names = 0;
    for stored in found {
        // Hidden with their person: a consent must not show that a hidden person exists.
        let stored = match page::visible(store, user, stored.id) {
            Ok(s) => s,
            Err(WebError::NotFound) => continue,
            Err(e) => return Err(e),
        };
        let Entity::Consent(c) = &stored.entity else {
            continue;
        };
        let person = match page::visible(store, user, c.person) {
            Ok(p) => Some(p),
            Err(WebError::NotFound) => None,
            Err(e) => return Err(e),
        };
        let name = person
            .as_ref()
            .and_then(|p| page::record_title(p, user, tr))
            .filter(|n| !n.trim().is_empty());
        if name.is_some() {
            names += 1;
        }
        lines.push((
            stored.updated_at.to_string(),
            ConsentLine {
                id: stored.id.to_string(),
                version: stored.version,
                person_withheld: name.is_none(),
                person: name.unwrap_or_else(|| page::short_id(c.person)),
                person_href: format!("/records/{}", c.person),
                uses: c
                    .uses
                    .iter()
                    .map(|u| use_label(tr, *u))
                    .collect::<Vec<_>>()
                    .join(", "),
                given_by: giver_label(tr, c.given_by),
                given_on: c.given_on.to_string(),
                recorded: recording_label(tr, c.recorded),
                withdrawn: c.withdrawn_on.as_ref().map(|d| d.to_string()),
                history_href: format!("/records/{}/history", stored.id),
            },
        ));
    }
    lines.sort_by(|a, b| b.0.cmp(&a.0));
    Ok((lines.into_iter().map(|(_, l)| l).collect(), names))
}

/// The policy as posted, over `base` (what the form does not show is kept), with the
/// problems found, each saying how to fix it.
fn policy_from_form(
    posted: &Posted,
    base: PublicationPolicy,
    s: &AppState,
    tr: &Tr,
) -> (PublicationPolicy, Vec<(String, String)>) {
    let mut problems: Vec<(String, String)> = Vec::new();
    let mut policy = base;
    policy.rules.clear();
    for spec in FIELDS {
        let field = format!("rules.{}", spec.key);
        match posted.get(&format!("rule_{}", spec.key)).parse::<Rule>() {
            Ok(r) if spec.allowed.contains(&r) => {
                policy.rules.insert(spec.key.to_string(), r);
            }
            _ => problems.push((
                field,
                tr.t1(
                    "policy-rule-invalid",
                    "rules",
                    spec.allowed
                        .iter()
                        .map(|r| rule_label(tr, *r))
                        .collect::<Vec<_>>()
                        .join(" / "),
                ),
            )),
        }
    }
    let mut statuses = Vec::new();
    for v in posted.all("statuses") {
        match v.parse::<Status>() {
            Ok(st) if !statuses.contains(&st) => statuses.push(st),
            Ok(_) => {}
            Err(_) => problems.push(("statuses".into(), tr.t("policy-statuses-invalid"))),
        }
    }
    statuses.sort();
    policy.statuses = statuses;
    match page::parse_sensitivity(posted.get("up_to")).filter(|x| UP_TO.contains(x)) {
        Some(x) => policy.up_to = x,
        None => problems.push(("up_to".into(), tr.t("policy-up-to-invalid"))),
    }
    let mut givers = Vec::new();
    for v in posted.all("consent_from") {
        match ConsentGiver::ALL.into_iter().find(|g| g.as_str() == v) {
            Some(g) if !givers.contains(&g) => givers.push(g),
            Some(_) => {}
            None => problems.push(("consent_from".into(), tr.t("policy-consent-from-invalid"))),
        }
    }
    givers.sort();
    policy.consent_from = givers;
    match posted.get("threshold").trim().parse::<u32>() {
        Ok(n) => policy.threshold = n,
        Err(_) => problems.push(("threshold".into(), tr.t("policy-threshold-invalid"))),
    }
    policy.licence = posted.get("licence").trim().to_string();
    let entity = Entity::PublicationPolicy(policy.clone());
    for p in memoria_core::validate::validate(&entity, &s.vocabs()) {
        if problems.iter().any(|(f, _)| f == &p.field) {
            continue;
        }
        let message = match p.field.as_str() {
            "threshold" => tr.t("policy-threshold-invalid"),
            "licence" => tr.t("policy-licence-invalid"),
            _ => p.message,
        };
        problems.push((p.field, message));
    }
    (policy, problems)
}

/// Saves the policy: creates the collection's policy record if it has none, else
/// writes a revision of it based on the version the form was read at.
async fn save(
    State(state): State<AppState>,
    user: User,
    Form(posted): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let posted = Posted(posted);
    user.check_csrf(posted.get("csrf"))?;
    state
        .clone()
        .blocking(move |s| {
            let tr = user.tr(s);
            let store = s.store.as_ref();
            let (collections, chosen) = choose(store, &user, Some(posted.get("collection")))?;
            let chosen = chosen.ok_or(WebError::NotFound)?;
            user.require(Some(chosen), Permission::ManageMembers)?;
            let version: u64 = posted
                .get("version")
                .parse()
                .map_err(|_| WebError::BadRequest(tr.t("form-has-problems")))?;
            let current = current_policy(store, chosen)?;
            let base = current
                .as_ref()
                .map(|(_, p)| p.clone())
                .unwrap_or_else(|| PublicationPolicy::new(chosen));
            let (policy, problems) = policy_from_form(&posted, base, s, &tr);
            let reshow = |policy: PublicationPolicy,
                          version: u64,
                          problems: Vec<(String, String)>,
                          conflict: Option<ConflictView>|
             -> Result<PublicationPage, WebError> {
                let mut view = page_view(
                    s,
                    &user,
                    &tr,
                    &collections,
                    chosen,
                    Shown {
                        policy,
                        threshold: posted.get("threshold").to_string(),
                        version,
                        policy_id: current.as_ref().map(|(c, _)| c.id),
                    },
                    blank_consent(&tr),
                )?;
                for r in &mut view.rules {
                    r.problem = problems
                        .iter()
                        .find(|(f, _)| *f == format!("rules.{}", r.key))
                        .map(|(_, m)| m.clone());
                }
                view.problems = problems;
                view.conflict = conflict;
                Ok(view)
            };
            if !problems.is_empty() {
                let view = reshow(policy, version, problems, None)?;
                return Ok((StatusCode::UNPROCESSABLE_ENTITY, view.render_html()).into_response());
            }
            let mut tx = store.begin(&user.actor)?;
            let written = match &current {
                // Based on version 0 (read before the policy existed), this is a conflict
                // too: the store refuses it and says who saved first.
                Some((stored, _)) => tx.update(
                    stored.id,
                    version,
                    Entity::PublicationPolicy(policy.clone()),
                ),
                None => tx.create(Entity::PublicationPolicy(policy.clone())),
            };
            match written {
                Ok(_) => {
                    tx.commit()?;
                    Ok(
                        Redirect::to(&format!("/publication?collection={chosen}&saved=policy"))
                            .into_response(),
                    )
                }
                Err(StoreError::Conflict {
                    actual, changed_by, ..
                }) => {
                    drop(tx);
                    let (stored, _) = current.as_ref().ok_or(WebError::NotFound)?;
                    // Someone saved first: show what differs between their version and
                    // this edit, keep the edit in the form, and let the person decide.
                    let conflict = page::conflict(
                        &user,
                        Some(chosen),
                        &stored.entity,
                        &Entity::PublicationPolicy(policy.clone()),
                        actual,
                        changed_by,
                    );
                    let view = reshow(policy, actual, Vec::new(), Some(conflict))?;
                    Ok((StatusCode::CONFLICT, view.render_html()).into_response())
                }
                Err(e) => Err(e.into()),
            }
        })
        .await
}

/// Records a consent given by (or for) a person of the collection.
async fn record_consent(
    State(state): State<AppState>,
    user: User,
    Form(posted): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let posted = Posted(posted);
    user.check_csrf(posted.get("csrf"))?;
    state
        .clone()
        .blocking(move |s| {
            let tr = user.tr(s);
            let store = s.store.as_ref();
            let (collections, chosen) = choose(store, &user, Some(posted.get("collection")))?;
            let chosen = chosen.ok_or(WebError::NotFound)?;
            user.require(Some(chosen), Permission::CreateRecords)?;
            let mut form = blank_consent(&tr);
            let mut problems: Vec<(String, String)> = Vec::new();

            form.person = posted.get("person").trim().to_string();
            // A person the reader may not see, deleted, or of another collection gets
            // the answer an id that never existed gets.
            let person = form
                .person
                .parse::<RecordId>()
                .ok()
                .map(|id| match page::visible(store, &user, id) {
                    Ok(p)
                        if p.kind == EntityKind::Person
                            && p.collection == Some(chosen)
                            && !p.deleted =>
                    {
                        Ok(Some(id))
                    }
                    Ok(_) | Err(WebError::NotFound) => Ok(None),
                    Err(e) => Err(e),
                })
                .transpose()?
                .flatten();
            if person.is_none() {
                problems.push(("person".into(), tr.t("consent-person-unknown")));
            }

            let mut uses = Vec::new();
            for v in posted.all("uses") {
                match ConsentUse::ALL.into_iter().find(|u| u.as_str() == v) {
                    Some(u) if !uses.contains(&u) => uses.push(u),
                    Some(_) => {}
                    None => problems.push(("uses".into(), tr.t("consent-uses-invalid"))),
                }
            }
            uses.sort();
            if uses.is_empty() && !problems.iter().any(|(f, _)| f == "uses") {
                problems.push(("uses".into(), tr.t("consent-uses-invalid")));
            }
            for c in &mut form.uses {
                c.selected = uses.iter().any(|u| u.as_str() == c.value);
            }
            let given_by = ConsentGiver::ALL
                .into_iter()
                .find(|g| g.as_str() == posted.get("given_by"));
            if given_by.is_none() {
                problems.push(("given_by".into(), tr.t("consent-given-by-invalid")));
            }
            for c in &mut form.givers {
                c.selected = c.value == posted.get("given_by");
            }
            let recorded = ConsentRecording::ALL
                .into_iter()
                .find(|r| r.as_str() == posted.get("recorded"));
            if recorded.is_none() {
                problems.push(("recorded".into(), tr.t("consent-recorded-invalid")));
            }
            for c in &mut form.recordings {
                c.selected = c.value == posted.get("recorded");
            }
            form.given_on = posted.get("given_on").trim().to_string();
            let given_on = match Edtf::parse(&form.given_on) {
                Ok(d) => Some(d),
                Err(_) => {
                    problems.push(("given_on".into(), tr.t("date-invalid")));
                    None
                }
            };
            form.note = posted.get("note").trim().replace("\r\n", "\n");
            if form.note.chars().count() > MAX_NOTE {
                problems.push(("note".into(), tr.t1("form-too-long", "max", MAX_NOTE)));
            }

            let consent = match (person, given_by, given_on, recorded) {
                (Some(person), Some(given_by), Some(given_on), Some(recorded)) => Some(Consent {
                    collection: chosen,
                    person,
                    uses,
                    given_by,
                    given_on,
                    recorded,
                    withdrawn_on: None,
                    note: Some(form.note.clone()).filter(|n| !n.is_empty()),
                    sensitivity: Sensitivity::Internal,
                }),
                _ => None,
            };
            if let Some(c) = &consent {
                for p in memoria_core::validate::validate(&Entity::Consent(c.clone()), &s.vocabs())
                {
                    if problems.iter().any(|(f, _)| f == &p.field) {
                        continue;
                    }
                    let message = match p.field.as_str() {
                        "uses" => tr.t("consent-uses-invalid"),
                        _ => p.message,
                    };
                    problems.push((p.field, message));
                }
            }
            match consent {
                Some(c) if problems.is_empty() => {
                    let mut tx = store.begin(&user.actor)?;
                    tx.create(Entity::Consent(c))?;
                    tx.commit()?;
                    Ok(
                        Redirect::to(&format!("/publication?collection={chosen}&saved=consent"))
                            .into_response(),
                    )
                }
                _ => {
                    form.problems = problems;
                    let (policy, version, policy_id) = match current_policy(store, chosen)? {
                        Some((stored, p)) => (p, stored.version, Some(stored.id)),
                        None => (PublicationPolicy::new(chosen), 0, None),
                    };
                    let view = page_view(
                        s,
                        &user,
                        &tr,
                        &collections,
                        chosen,
                        Shown {
                            threshold: policy.threshold.to_string(),
                            policy,
                            version,
                            policy_id,
                        },
                        form,
                    )?;
                    Ok((StatusCode::UNPROCESSABLE_ENTITY, view.render_html()).into_response())
                }
            }
        })
        .await
}

#[derive(Deserialize)]
struct WithdrawForm {
    csrf: String,
    version: u64,
}

/// Today, as a day.
fn today() -> Edtf {
    let d = time::OffsetDateTime::now_utc().date();
    Edtf::parse(&format!(
        "{:04}-{:02}-{:02}",
        d.year(),
        u8::from(d.month()),
        d.day()
    ))
    .expect("a calendar day is a valid EDTF date")
}

/// Withdraws a consent as of today: a new revision, never a deletion.
async fn withdraw(
    State(state): State<AppState>,
    user: User,
    Path(id): Path<String>,
    Form(form): Form<WithdrawForm>,
) -> Result<Response, WebError> {
    let id = page::record_id(&id)?;
    user.check_csrf(&form.csrf)?;
    state
        .clone()
        .blocking(move |s| {
            let store = s.store.as_ref();
            let stored = page::visible(store, &user, id)?;
            let Entity::Consent(consent) = &stored.entity else {
                return Err(WebError::NotFound);
            };
            user.require(stored.collection, Permission::EditRecords)?;
            let collection = consent.collection;
            let done = Redirect::to(&format!(
                "/publication?collection={collection}&saved=withdrawn"
            ))
            .into_response();
            if consent.withdrawn_on.is_some() {
                return Ok(done);
            }
            let mut withdrawn = consent.clone();
            withdrawn.withdrawn_on = Some(today());
            let entity = Entity::Consent(withdrawn);
            if let Some(p) = memoria_core::validate::validate(&entity, &s.vocabs()).first() {
                return Err(WebError::BadRequest(format!("{}: {}", p.field, p.message)));
            }
            let mut tx = store.begin(&user.actor)?;
            tx.update(id, form.version, entity)?;
            tx.commit()?;
            Ok(done)
        })
        .await
}
