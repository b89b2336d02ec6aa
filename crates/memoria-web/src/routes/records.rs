//! Every other kind of record: lists per kind, a generic record page, the history of
//! any record with its diffs and restore, and the audit log.

use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use memoria_auth::roles::{Permission, redact};
use memoria_core::entity::{Entity, EntityKind};
use memoria_core::id::RecordId;
use memoria_store::{ListQuery, Stored};
use serde::Deserialize;

use crate::error::WebError;
use crate::extract::User;
use crate::page::{self, chrome, record_href, record_title};
use crate::state::AppState;
use crate::view::*;

pub fn router() -> Router<AppState> {
    let mut r = Router::new()
        .route("/records/{id}", get(show))
        .route("/records/{id}/history", get(history))
        .route("/records/{id}/restore", post(restore))
        .route("/records/{id}/delete", post(delete))
        .route("/records/{id}/follow-up", post(follow_up))
        .route("/records/{id}/undelete", post(undelete))
        .route("/audit", get(audit));
    for (path, _, _) in LISTS {
        r = r.route(path, get(list));
    }
    r
}

/// The lists the navigation offers: path, kind, message key of the heading.
const LISTS: [(&str, EntityKind, &str); 7] = [
    ("/persons", EntityKind::Person, "nav-persons"),
    (
        "/organizations",
        EntityKind::Organization,
        "nav-organizations",
    ),
    ("/sources", EntityKind::Source, "nav-sources"),
    (
        "/interventions",
        EntityKind::Intervention,
        "nav-interventions",
    ),
    ("/source-lists", EntityKind::SourceList, "nav-source-lists"),
    ("/places", EntityKind::Place, "nav-places"),
    ("/collections", EntityKind::Collection, "nav-collections"),
];

#[derive(Deserialize)]
struct ListParams {
    after: Option<String>,
}

async fn list(
    State(state): State<AppState>,
    user: User,
    uri: axum::http::Uri,
    Query(params): Query<ListParams>,
) -> Result<Response, WebError> {
    let path = uri.path().to_string();
    let (path, kind, heading) = LISTS
        .into_iter()
        .find(|(p, _, _)| *p == path)
        .ok_or(WebError::NotFound)?;
    let after = params
        .after
        .as_deref()
        .and_then(|a| a.parse::<RecordId>().ok());
    state
        .clone()
        .blocking(move |s| {
            let tr = user.tr(s);
            let batch = s.store.list(&ListQuery {
                kind: Some(kind),
                after,
                limit: 50,
                ..Default::default()
            })?;
            let next = (batch.len() == 50).then(|| format!("{path}?after={}", batch[49].id));
            let lines = batch
                .iter()
                .filter(|st| page::visible(s.store.as_ref(), &user, st.id).is_ok())
                .map(|st| RecordLine {
                    href: record_href(st.kind, st.id),
                    title: record_title(st, &user, &tr).unwrap_or_else(|| {
                        format!("{} · {}", tr.t("withheld"), page::short_id(st.id))
                    }),
                    detail: detail(st, &user, &tr, s),
                })
                .collect();
            // Totals would tell a reader how many records they cannot see exist; only
            // accounts that see everything get one.
            let total = if user.access.is_admin {
                s.store.count(&ListQuery {
                    kind: Some(kind),
                    ..Default::default()
                })?
            } else {
                0
            };
            let view = RecordList {
                chrome: chrome(&user, s, tr.t(heading), section(kind)),
                heading: tr.t(heading),
                lines,
                next,
                total,
                due: if kind == EntityKind::Intervention && after.is_none() {
                    crate::routes::dashboard::due_follow_ups(s, &user, &tr)?
                } else {
                    Vec::new()
                },
                new: crate::routes::editing::new_href(kind)
                    .filter(|_| {
                        user.access.is_admin
                            || user
                                .access
                                .roles
                                .keys()
                                .any(|c| user.can(Some(*c), Permission::CreateRecords))
                    })
                    .map(|href| {
                        let label = tr.t(&format!("kind-{}", kind.as_str().replace('_', "-")));
                        (href, tr.t1("record-new-title", "kind", label))
                    }),
            };
            Ok(view.render_html().into_response())
        })
        .await
}

fn section(kind: EntityKind) -> &'static str {
    match kind {
        EntityKind::Person => "persons",
        EntityKind::Organization => "organizations",
        EntityKind::Source => "sources",
        EntityKind::Intervention => "interventions",
        EntityKind::Incident | EntityKind::Act | EntityKind::Claim => "incidents",
        _ => "records",
    }
}

fn detail(st: &Stored, _user: &User, tr: &crate::i18n::Tr, s: &AppState) -> String {
    use memoria_core::vocab::well_known as wk;
    match &st.entity {
        Entity::Person(p) => p
            .roles
            .iter()
            .map(|r| tr.t(&format!("role-{}", format!("{r:?}").to_lowercase())))
            .collect::<Vec<_>>()
            .join(", "),
        Entity::Organization(o) => o
            .kind
            .as_deref()
            .map(|k| page::term_label(&s.vocabs(), wk::ORGANIZATION_TYPES, k, tr))
            .unwrap_or_default(),
        Entity::Source(src) => format!("{}{}", src.reliability, src.credibility),
        Entity::Intervention(i) => format!(
            "{} · {}",
            page::term_label(&s.vocabs(), wk::INTERVENTION_STATUS, &i.status, tr),
            i.next_follow_up
                .as_ref()
                .map(|d| d.to_string())
                .unwrap_or_default()
        ),
        _ => String::new(),
    }
}

async fn show(
    State(state): State<AppState>,
    user: User,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let id = page::record_id(&id)?;
    state
        .clone()
        .blocking(move |s| {
            let stored = page::visible(s.store.as_ref(), &user, id)?;
            // Incidents and evidence items have pages of their own.
            if matches!(stored.kind, EntityKind::Incident | EntityKind::Evidence) {
                return Ok(Redirect::to(&record_href(stored.kind, id)).into_response());
            }
            let tr = user.tr(s);
            let (entity, mut withheld) = redact(&stored.entity, &user.access, stored.collection);
            let mut body = entity.to_body();
            withheld.extend(crate::references::withhold(
                s.store.as_ref(),
                &user,
                stored.kind,
                &mut body,
            ));
            let mut fields = Vec::new();
            if let Some(obj) = body.as_object() {
                for (k, v) in obj {
                    let href = v
                        .as_str()
                        .and_then(|t| t.parse::<RecordId>().ok())
                        .map(|r| format!("/records/{r}"));
                    fields.push(Row {
                        label: k.clone(),
                        value: page::display_value(Some(v)),
                        withheld: false,
                        href,
                    });
                }
            }
            for w in &withheld {
                if let Some(f) = fields.iter_mut().find(|f| f.label == *w) {
                    f.withheld = true;
                } else {
                    fields.push(Row {
                        label: w.to_string(),
                        value: String::new(),
                        withheld: true,
                        href: None,
                    });
                }
            }
            // Records edited field by field read as their form does, in the reader's
            // language; other kinds show their stored fields.
            if let Some(rows) = crate::routes::editing::readable_rows(s, &user, &tr, &entity) {
                fields = rows;
            }
            let children = s
                .store
                .list(&ListQuery {
                    parent: Some(id),
                    limit: 200,
                    ..Default::default()
                })?
                .into_iter()
                .filter(|c| page::visible(s.store.as_ref(), &user, c.id).is_ok())
                .map(|c| Row {
                    label: tr.t(&format!("kind-{}", c.kind.as_str().replace('_', "-"))),
                    value: record_title(&c, &user, &tr).unwrap_or_else(|| page::short_id(c.id)),
                    withheld: false,
                    href: Some(record_href(c.kind, c.id)),
                })
                .collect();
            let shows_personal = matches!(stored.entity, Entity::Person(_) | Entity::Record(_))
                && withheld.len() < 3;
            if shows_personal
                || page::record_sensitivity(&stored.entity)
                    >= memoria_core::entity::Sensitivity::Restricted
            {
                let mut tx = s.store.begin(&user.actor)?;
                tx.audit("read-sensitive", Some(id), &format!("{} page", stored.kind))?;
                tx.commit()?;
            }
            let heading = record_title(&stored, &user, &tr)
                .unwrap_or_else(|| format!("{} · {}", tr.t("withheld"), page::short_id(id)));
            let view = RecordPage {
                chrome: chrome(&user, s, heading.clone(), section(stored.kind)),
                heading,
                kind: tr.t(&format!("kind-{}", stored.kind.as_str().replace('_', "-"))),
                fields,
                children,
                history_href: format!("/records/{id}/history"),
                id: id.to_string(),
                version: stored.version,
                deleted: stored.deleted,
                can_delete: user.can(stored.collection, Permission::DeleteRecords),
                edit_href: (crate::routes::editing::is_editable(stored.kind)
                    && !stored.deleted
                    && user.can(stored.collection, Permission::EditRecords))
                .then(|| format!("/records/{id}/edit")),
                follow_up: match &stored.entity {
                    Entity::Intervention(i)
                        if user.can(stored.collection, Permission::ManageInterventions)
                            && !stored.deleted =>
                    {
                        let mut statuses = crate::routes::incidents::term_choices(
                            s,
                            memoria_core::vocab::well_known::INTERVENTION_STATUS,
                            &tr,
                        );
                        for c in &mut statuses {
                            c.selected = c.value == i.status;
                        }
                        Some(FollowUpForm {
                            statuses,
                            response: i.response.clone().unwrap_or_default(),
                            response_date: i
                                .response_date
                                .as_ref()
                                .map(|d| d.to_string())
                                .unwrap_or_default(),
                            next_follow_up: i
                                .next_follow_up
                                .as_ref()
                                .map(|d| d.to_string())
                                .unwrap_or_default(),
                        })
                    }
                    _ => None,
                },
            };
            Ok(view.render_html().into_response())
        })
        .await
}

/// The history of any record: every revision with its diff, and restore buttons for
/// accounts that may restore.
pub async fn history(
    State(state): State<AppState>,
    user: User,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let id = page::record_id(&id)?;
    state
        .clone()
        .blocking(move |s| {
            let stored = page::visible(s.store.as_ref(), &user, id)?;
            let tr = user.tr(s);
            // Fields the reader may not see stay withheld in old versions too.
            let (_, withheld) = redact(&stored.entity, &user.access, stored.collection);
            let can_restore = user.can(stored.collection, Permission::RestoreRevisions);
            let names: std::collections::HashMap<_, _> = s
                .store
                .accounts()?
                .into_iter()
                .map(|a| (a.id, a.name))
                .collect();
            let mut revisions: Vec<RevisionView> = s
                .store
                .history(id)?
                .into_iter()
                .map(|r| RevisionView {
                    version: r.version,
                    at: r
                        .at
                        .to_string()
                        .replace('T', " ")
                        .chars()
                        .take(19)
                        .collect(),
                    account: names
                        .get(&r.account)
                        .cloned()
                        .unwrap_or_else(|| r.account.to_string()),
                    action: tr.t(&format!("action-{}", r.action.as_str())),
                    changes: r
                        .changes
                        .iter()
                        .map(|c| {
                            let hidden = withheld.iter().any(|w| {
                                c.field == *w
                                    || c.field.starts_with(&format!("{w}."))
                                    || w.starts_with(&format!("{}.", c.field))
                            });
                            DiffRow {
                                field: c.field.clone(),
                                before: if hidden {
                                    tr.t("withheld")
                                } else {
                                    page::show_value(c.before.as_ref())
                                },
                                after: if hidden {
                                    tr.t("withheld")
                                } else {
                                    page::show_value(c.after.as_ref())
                                },
                            }
                        })
                        .collect(),
                    can_restore: can_restore && r.version < stored.version && !stored.deleted,
                })
                .collect();
            revisions.reverse();
            let title = record_title(&stored, &user, &tr).unwrap_or_else(|| page::short_id(id));
            let view = History {
                chrome: chrome(&user, s, tr.t("history-title"), section(stored.kind)),
                id: id.to_string(),
                back: record_href(stored.kind, id),
                title,
                current_version: stored.version,
                revisions,
            };
            Ok(view.render_html().into_response())
        })
        .await
}

#[derive(Deserialize)]
struct RestoreForm {
    csrf: String,
    to_version: u64,
    version: u64,
}

async fn restore(
    State(state): State<AppState>,
    user: User,
    Path(id): Path<String>,
    Form(form): Form<RestoreForm>,
) -> Result<Response, WebError> {
    let id = page::record_id(&id)?;
    user.check_csrf(&form.csrf)?;
    state
        .clone()
        .blocking(move |s| {
            let stored = page::visible(s.store.as_ref(), &user, id)?;
            user.require(stored.collection, Permission::RestoreRevisions)?;
            page::require_for_kind(&user, stored.collection, stored.kind)?;
            let mut tx = s.store.begin(&user.actor)?;
            tx.restore(id, form.to_version, form.version)?;
            tx.commit()?;
            s.index.refresh(s.store.as_ref(), &[id])?;
            let to = match stored.kind {
                EntityKind::Incident => format!("/incidents/{id}/history"),
                _ => format!("/records/{id}/history"),
            };
            Ok(Redirect::to(&to).into_response())
        })
        .await
}

#[derive(Deserialize)]
struct AuditParams {
    after: Option<i64>,
}

async fn audit(
    State(state): State<AppState>,
    user: User,
    Query(params): Query<AuditParams>,
) -> Result<Response, WebError> {
    if !user.access.is_admin {
        return Err(WebError::Forbidden);
    }
    state
        .clone()
        .blocking(move |s| {
            let tr = user.tr(s);
            let names: std::collections::HashMap<_, _> = s
                .store
                .accounts()?
                .into_iter()
                .map(|a| (a.id, a.name))
                .collect();
            let entries = s.store.audit_log(params.after.unwrap_or(0), 200)?;
            let older =
                (entries.len() == 200).then(|| format!("/audit?after={}", entries[199].seq));
            let lines = entries
                .into_iter()
                .map(|e| AuditLine {
                    seq: e.seq,
                    at: e
                        .at
                        .to_string()
                        .replace('T', " ")
                        .chars()
                        .take(19)
                        .collect(),
                    account: names
                        .get(&e.account)
                        .cloned()
                        .unwrap_or_else(|| e.account.to_string()),
                    action: e.action,
                    record: e.record.map(|r| r.to_string()),
                    detail: e.detail,
                    log_index: e.log_index,
                })
                .collect();
            let view = AuditPage {
                chrome: chrome(&user, s, tr.t("audit-title"), "audit"),
                lines,
                older,
            };
            Ok(view.render_html().into_response())
        })
        .await
}

#[derive(Deserialize)]
struct VersionForm {
    csrf: String,
    version: u64,
}

/// Deletion is a revision: the record stays, marked deleted, out of lists and search,
/// and its history can undo it. Only an administrator's purge removes data.
async fn delete(
    State(state): State<AppState>,
    user: User,
    Path(id): Path<String>,
    Form(form): Form<VersionForm>,
) -> Result<Response, WebError> {
    set_deleted(state, user, id, form, true).await
}

async fn undelete(
    State(state): State<AppState>,
    user: User,
    Path(id): Path<String>,
    Form(form): Form<VersionForm>,
) -> Result<Response, WebError> {
    set_deleted(state, user, id, form, false).await
}

async fn set_deleted(
    state: AppState,
    user: User,
    id: String,
    form: VersionForm,
    deleted: bool,
) -> Result<Response, WebError> {
    let id = page::record_id(&id)?;
    user.check_csrf(&form.csrf)?;
    state
        .clone()
        .blocking(move |s| {
            let stored = page::visible(s.store.as_ref(), &user, id)?;
            user.require(stored.collection, Permission::DeleteRecords)?;
            page::require_for_kind(&user, stored.collection, stored.kind)?;
            let mut tx = s.store.begin(&user.actor)?;
            if deleted {
                tx.delete(id, form.version)?;
            } else {
                tx.undelete(id, form.version)?;
            }
            tx.commit()?;
            s.index.refresh(s.store.as_ref(), &[id])?;
            Ok(Redirect::to(&record_href(stored.kind, id)).into_response())
        })
        .await
}

#[derive(Deserialize)]
struct FollowUp {
    csrf: String,
    version: u64,
    status: String,
    #[serde(default)]
    response: String,
    #[serde(default)]
    response_date: String,
    #[serde(default)]
    next_follow_up: String,
}

/// Follows an intervention up: its status, the institution's response, and when to
/// look again. A save based on a stale version is refused as a conflict.
async fn follow_up(
    State(state): State<AppState>,
    user: User,
    Path(id): Path<String>,
    Form(form): Form<FollowUp>,
) -> Result<Response, WebError> {
    let id = page::record_id(&id)?;
    user.check_csrf(&form.csrf)?;
    state
        .clone()
        .blocking(move |s| {
            let tr = user.tr(s);
            let stored = page::visible(s.store.as_ref(), &user, id)?;
            user.require(stored.collection, Permission::ManageInterventions)?;
            let Entity::Intervention(mut i) = stored.entity else {
                return Err(WebError::NotFound);
            };
            use crate::routes::parts::{form_date, problem, refused};
            let mut problems = Vec::new();
            i.response_date = form_date("response_date", &form.response_date, &tr, &mut problems);
            i.next_follow_up =
                form_date("next_follow_up", &form.next_follow_up, &tr, &mut problems);
            i.status = form.status.trim().to_string();
            i.response = Some(form.response.trim().replace("\r\n", "\n")).filter(|r| !r.is_empty());
            if i.response
                .as_ref()
                .is_some_and(|r| r.chars().count() > 100_000)
            {
                problems.push(problem("response", tr.t1("form-too-long", "max", 100_000)));
            }
            let entity = Entity::Intervention(i);
            for p in memoria_core::validate::validate(&entity, &s.vocabs()) {
                problems.push(problem(&p.field, p.message));
            }
            if !problems.is_empty() {
                return refused(problems);
            }
            let mut tx = s.store.begin(&user.actor)?;
            tx.update(id, form.version, entity)?;
            tx.commit()?;
            s.index.refresh(s.store.as_ref(), &[id])?;
            Ok(Redirect::to(&format!("/records/{id}")).into_response())
        })
        .await
}
