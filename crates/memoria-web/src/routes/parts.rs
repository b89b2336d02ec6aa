//! Adding the parts of an incident from its page: an act (with a new victim), and a
//! source with the claim it makes.
//!
//! Each form writes everything it creates in one transaction: a victim without its act,
//! or a source without its claim, is never left behind by a refused form.

use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use memoria_auth::roles::Permission;
use memoria_core::edtf::Edtf;
use memoria_core::entity::{
    Act, Claim, Entity, Intervention, Perpetrator, Person, PersonName, Role, Source,
};
use memoria_core::grade::{Credibility, Reliability};
use memoria_core::id::RecordId;
use memoria_core::text::MultiText;
use serde::Deserialize;

use crate::error::{FieldProblem, WebError};
use crate::extract::User;
use crate::page;
use crate::state::AppState;

/// Longest name or short text accepted from these forms.
const MAX_SHORT: usize = 500;

#[derive(Deserialize)]
pub struct ActForm {
    csrf: String,
    violation: String,
    #[serde(default)]
    date: String,
    #[serde(default)]
    victim_name: String,
    #[serde(default)]
    group_size: String,
    #[serde(default)]
    perpetrator_kind: String,
}

pub(crate) fn problem(field: &str, message: String) -> FieldProblem {
    FieldProblem {
        field: field.into(),
        message,
    }
}

/// An optional EDTF date typed in a form: `None` when blank; when it does not parse,
/// also `None`, with a problem naming `field` that says how to write it.
pub(crate) fn form_date(
    field: &str,
    text: &str,
    tr: &crate::i18n::Tr,
    problems: &mut Vec<FieldProblem>,
) -> Option<Edtf> {
    match text.trim() {
        "" => None,
        d => Edtf::parse(d).ok().or_else(|| {
            problems.push(problem(field, tr.t("date-invalid")));
            None
        }),
    }
}

/// The incident, if the account may add to it.
fn editable(
    s: &AppState,
    user: &User,
    id: &str,
) -> Result<(RecordId, memoria_core::entity::Incident), WebError> {
    let id: RecordId = id.parse().map_err(|_| WebError::NotFound)?;
    let stored = page::visible(s.store.as_ref(), user, id)?;
    let Entity::Incident(incident) = stored.entity else {
        return Err(WebError::NotFound);
    };
    user.require(Some(incident.collection), Permission::CreateRecords)?;
    if stored.deleted {
        return Err(WebError::BadRequest(
            "the incident is deleted; undelete it first".into(),
        ));
    }
    Ok((id, incident))
}

/// A refused form: the incident page would lose the input, so the problems are shown
/// on their own page with a way back.
pub(crate) fn refused(problems: Vec<FieldProblem>) -> Result<Response, WebError> {
    let message = problems
        .iter()
        .map(|p| format!("{}: {}", p.field, p.message))
        .collect::<Vec<_>>()
        .join("; ");
    Ok(crate::error::invalid_page(message))
}

pub async fn add_act(
    State(state): State<AppState>,
    user: User,
    Path(id): Path<String>,
    Form(form): Form<ActForm>,
) -> Result<Response, WebError> {
    user.check_csrf(&form.csrf)?;
    state
        .clone()
        .blocking(move |s| {
            let tr = user.tr(s);
            let (incident_id, incident) = editable(s, &user, &id)?;
            let mut problems = Vec::new();
            let date = form_date("date", &form.date, &tr, &mut problems);
            let name = form.victim_name.trim();
            if name.chars().count() > MAX_SHORT {
                problems.push(problem(
                    "victim_name",
                    tr.t1("form-too-long", "max", MAX_SHORT),
                ));
            }
            let group_size = match form.group_size.trim() {
                "" => None,
                n => n
                    .parse::<u32>()
                    .ok()
                    .filter(|n| *n > 0)
                    .map(Some)
                    .unwrap_or_else(|| {
                        problems.push(problem(
                            "group_size",
                            "a whole number of people, 1 or more".into(),
                        ));
                        None
                    }),
            };
            let victim = (!name.is_empty()).then(|| Person {
                collection: incident.collection,
                names: vec![PersonName::primary(name)],
                roles: vec![Role::Victim],
                sex: None,
                birth_date: None,
                age: None,
                group_size,
                sensitive: Default::default(),
                // A victim is as protected as the incident, and never less than internal.
                sensitivity: incident
                    .confidentiality
                    .max(memoria_core::entity::Sensitivity::Internal),
            });
            let mut act = Act {
                incident: incident_id,
                violation: form.violation.trim().to_string(),
                victims: Vec::new(),
                perpetrators: match form.perpetrator_kind.trim() {
                    "" => Vec::new(),
                    k => vec![Perpetrator {
                        person: None,
                        organization: None,
                        kind: Some(k.to_string()),
                    }],
                },
                date,
                place: None,
                method: None,
                rights_violated: Vec::new(),
            };
            for p in memoria_core::validate::validate(&Entity::Act(act.clone()), &s.vocabs()) {
                problems.push(problem(&p.field, p.message));
            }
            if let Some(v) = &victim {
                for p in memoria_core::validate::validate(&Entity::Person(v.clone()), &s.vocabs()) {
                    problems.push(problem(&format!("victim.{}", p.field), p.message));
                }
            }
            if !problems.is_empty() {
                return refused(problems);
            }
            let mut tx = s.store.begin(&user.actor)?;
            let mut written = Vec::new();
            if let Some(v) = victim {
                let p = tx.create(Entity::Person(v))?;
                act.victims.push(p.id);
                written.push(p.id);
            }
            written.push(tx.create(Entity::Act(act))?.id);
            tx.commit()?;
            s.index.refresh(s.store.as_ref(), &written)?;
            Ok(Redirect::to(&format!("/incidents/{incident_id}")).into_response())
        })
        .await
}

#[derive(Deserialize)]
pub struct SourceForm {
    csrf: String,
    title: String,
    reliability: String,
    credibility: String,
    #[serde(default)]
    field: String,
    #[serde(default)]
    value: String,
}

pub async fn add_source(
    State(state): State<AppState>,
    user: User,
    Path(id): Path<String>,
    Form(form): Form<SourceForm>,
) -> Result<Response, WebError> {
    user.check_csrf(&form.csrf)?;
    state
        .clone()
        .blocking(move |s| {
            let tr = user.tr(s);
            let (incident_id, incident) = editable(s, &user, &id)?;
            let mut problems = Vec::new();
            let title = form.title.trim();
            if title.chars().count() > MAX_SHORT || form.value.chars().count() > MAX_SHORT {
                problems.push(problem("title", tr.t1("form-too-long", "max", MAX_SHORT)));
            }
            let reliability = form.reliability.parse::<Reliability>().unwrap_or_else(|_| {
                problems.push(problem("reliability", "one of A to F".into()));
                Reliability::F
            });
            let credibility = form.credibility.parse::<Credibility>().unwrap_or_else(|_| {
                problems.push(problem("credibility", "a number from 1 to 6".into()));
                Credibility::new(6).expect("6 is a grade")
            });
            let source = Source {
                collection: incident.collection,
                title: MultiText::single(tr.code(), title),
                kind: None,
                reliability,
                credibility,
                date: None,
                informant: None,
                reference: None,
                sensitivity: incident
                    .confidentiality
                    .max(memoria_core::entity::Sensitivity::Internal),
            };
            for p in memoria_core::validate::validate(&Entity::Source(source.clone()), &s.vocabs())
            {
                problems.push(problem(&p.field, p.message));
            }
            let field = form.field.trim();
            let value = form.value.trim();
            if field.is_empty() != value.is_empty() {
                problems.push(problem("value", tr.t("claim-needs-both")));
            }
            if !problems.is_empty() {
                return refused(problems);
            }
            let mut tx = s.store.begin(&user.actor)?;
            let stored = tx.create(Entity::Source(source))?;
            let mut written = vec![stored.id];
            if !field.is_empty() {
                let claim = tx.create(Entity::Claim(Claim {
                    source: stored.id,
                    subject: incident_id,
                    field: field.to_string(),
                    value: value.to_string(),
                    preferred: false,
                    note: None,
                }))?;
                written.push(claim.id);
            }
            tx.commit()?;
            s.index.refresh(s.store.as_ref(), &written)?;
            Ok(Redirect::to(&format!("/incidents/{incident_id}")).into_response())
        })
        .await
}

#[derive(Deserialize)]
pub struct InterventionForm {
    csrf: String,
    kind: String,
    #[serde(default)]
    target_name: String,
    #[serde(default)]
    submitted: String,
    status: String,
    #[serde(default)]
    next_follow_up: String,
}

/// An advocacy action about this incident (an urgent appeal, a complaint, a letter to
/// an authority), with the date its follow-up is due, which the dashboard lists.
pub async fn add_intervention(
    State(state): State<AppState>,
    user: User,
    Path(id): Path<String>,
    Form(form): Form<InterventionForm>,
) -> Result<Response, WebError> {
    user.check_csrf(&form.csrf)?;
    state
        .clone()
        .blocking(move |s| {
            let tr = user.tr(s);
            let (incident_id, incident) = editable(s, &user, &id)?;
            user.require(Some(incident.collection), Permission::ManageInterventions)?;
            let mut problems = Vec::new();
            let submitted = form_date("submitted", &form.submitted, &tr, &mut problems);
            let next_follow_up =
                form_date("next_follow_up", &form.next_follow_up, &tr, &mut problems);
            let target_name = form.target_name.trim();
            if target_name.chars().count() > MAX_SHORT {
                problems.push(problem(
                    "target_name",
                    tr.t1("form-too-long", "max", MAX_SHORT),
                ));
            }
            let intervention = Intervention {
                collection: incident.collection,
                kind: form.kind.trim().to_string(),
                target: None,
                target_name: Some(target_name.to_string()).filter(|t| !t.is_empty()),
                about: vec![incident_id],
                submitted,
                status: form.status.trim().to_string(),
                response: None,
                response_date: None,
                next_follow_up,
            };
            for p in memoria_core::validate::validate(
                &Entity::Intervention(intervention.clone()),
                &s.vocabs(),
            ) {
                problems.push(problem(&p.field, p.message));
            }
            if !problems.is_empty() {
                return refused(problems);
            }
            let mut tx = s.store.begin(&user.actor)?;
            let stored = tx.create(Entity::Intervention(intervention))?;
            tx.commit()?;
            s.index.refresh(s.store.as_ref(), &[stored.id])?;
            Ok(Redirect::to(&format!("/incidents/{incident_id}")).into_response())
        })
        .await
}
