//! Incidents: the filtered list, the incident page, the create and edit forms.
//!
//! The list comes from the search index (filters, facets, sorting over a million
//! incidents need it); each row's display is read from the store, which stays the
//! source of truth. Saving goes through the store's transaction, then refreshes the
//! index so the list shows the change at once.

use std::collections::BTreeMap;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Form, Router};
use memoria_auth::roles::Permission;
use memoria_core::edtf::Edtf;
use memoria_core::entity::{Entity, EntityKind, Incident, Sensitivity, Status};
use memoria_core::id::RecordId;
use memoria_core::text::MultiText;
use memoria_core::vocab::well_known;
use memoria_search::{IncidentFilter, IncidentRow, IncidentSort};
use memoria_store::{ListQuery, StoreError, Stored};
use serde::Deserialize;

use crate::error::WebError;
use crate::extract::User;
use crate::i18n::{Lang, Tr};
use crate::page::{
    self, chrome, encode, parse_sensitivity, person_name, sensitivity_label, status_code,
    status_label, term_label,
};
use crate::state::AppState;
use crate::view::*;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/incidents", get(list).post(create))
        .route("/incidents/new", get(new_form))
        .route("/incidents/{id}", get(show).post(update))
        .route("/incidents/{id}/edit", get(edit_form))
        .route(
            "/incidents/{id}/acts",
            axum::routing::post(crate::routes::parts::add_act),
        )
        .route(
            "/incidents/{id}/sources",
            axum::routing::post(crate::routes::parts::add_source),
        )
        .route(
            "/incidents/{id}/interventions",
            axum::routing::post(crate::routes::parts::add_intervention),
        )
        .route(
            "/incidents/{id}/history",
            get(crate::routes::records::history),
        )
}

const PAGE_SIZE: usize = 50;
/// The last page the list offers (zero-based), as deep as the index pages.
const LAST_PAGE: usize = memoria_search::MAX_OFFSET / PAGE_SIZE - 1;

#[derive(Deserialize, Default, Clone)]
pub struct ListParams {
    #[serde(default)]
    q: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    #[serde(default)]
    violation: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    confidentiality: String,
    #[serde(default)]
    place: String,
    #[serde(default)]
    perpetrator: String,
    #[serde(default)]
    sort: String,
    #[serde(default)]
    page: Option<usize>,
    /// Past the numbered pages: the rows after this place in the order (a row's
    /// cursor), and the position of the first of them (only shown, never trusted).
    #[serde(default)]
    after: String,
    #[serde(default)]
    at: Option<usize>,
}

impl ListParams {
    /// This query with one parameter replaced (and the page reset unless it is the page).
    fn with(&self, key: &str, value: &str) -> String {
        let mut pairs: Vec<(&str, String)> = vec![
            ("q", self.q.clone()),
            ("from", self.from.clone()),
            ("to", self.to.clone()),
            ("violation", self.violation.clone()),
            ("status", self.status.clone()),
            ("confidentiality", self.confidentiality.clone()),
            ("place", self.place.clone()),
            ("perpetrator", self.perpetrator.clone()),
            ("sort", self.sort.clone()),
        ];
        if key == "page" {
            pairs.push(("page", value.to_string()));
        } else if key == "after" {
            // `value` is "CURSOR AT": the page after a row, and where it starts.
            let (cursor, at) = value.split_once(' ').unwrap_or((value, ""));
            pairs.push(("after", cursor.to_string()));
            pairs.push(("at", at.to_string()));
        } else if let Some(p) = pairs.iter_mut().find(|(k, _)| *k == key) {
            p.1 = value.to_string();
        }
        let query: Vec<String> = pairs
            .into_iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| format!("{k}={}", encode(&v)))
            .collect();
        format!("/incidents?{}", query.join("&"))
    }
}

/// Reads the list's parameters into an index filter, with a message for each one that
/// does not parse (the list still shows, without that filter).
fn filter_of(p: &ListParams, tr: &Tr) -> (IncidentFilter, Vec<String>) {
    let mut problems = Vec::new();
    let mut f = IncidentFilter {
        limit: PAGE_SIZE,
        // The index pages through the first MAX_OFFSET rows; past them, narrow the filters.
        offset: p.page.unwrap_or(1).saturating_sub(1).min(LAST_PAGE) * PAGE_SIZE,
        ..Default::default()
    };
    let date = |s: &str, problems: &mut Vec<String>| -> Option<Edtf> {
        if s.trim().is_empty() {
            return None;
        }
        match Edtf::parse(s.trim()) {
            Ok(d) => Some(d),
            Err(_) => {
                problems.push(tr.t("filter-bad-date"));
                None
            }
        }
    };
    f.date_from = date(&p.from, &mut problems).and_then(|d| d.earliest());
    f.date_to = date(&p.to, &mut problems).and_then(|d| d.latest());
    if !p.q.trim().is_empty() {
        f.text = Some(p.q.chars().take(200).collect());
    }
    if !p.violation.is_empty() {
        f.violation = Some(p.violation.clone());
    }
    if !p.perpetrator.is_empty() {
        f.perpetrator = Some(p.perpetrator.clone());
    }
    f.status = p.status.parse::<Status>().ok();
    f.confidentiality = parse_sensitivity(&p.confidentiality);
    if !p.place.is_empty() {
        match p.place.parse::<RecordId>() {
            Ok(id) => f.place = Some(id),
            Err(_) => problems.push(tr.t("filter-bad-place")),
        }
    }
    f.sort = match p.sort.as_str() {
        "date-asc" => IncidentSort::DateAsc,
        "updated" => IncidentSort::UpdatedDesc,
        _ => IncidentSort::DateDesc,
    };
    if !p.after.is_empty() {
        match p.after.parse::<memoria_search::IncidentCursor>() {
            Ok(c) if c.sort() == f.sort => {
                f.after = Some(c);
                f.offset = 0;
            }
            _ => problems.push(tr.t("filter-bad-cursor")),
        }
    }
    (f, problems)
}

/// One row of an incident list, as the reader may see it.
pub fn incident_line(
    state: &AppState,
    user: &User,
    tr: &Tr,
    stored: &Stored,
    row: &IncidentRow,
) -> IncidentLine {
    let Entity::Incident(incident) = &stored.entity else {
        return IncidentLine {
            href: format!("/incidents/{}", stored.id),
            title: page::short_id(stored.id),
            date: String::new(),
            date_uncertain: false,
            status: String::new(),
            status_code: "",
            confidentiality: String::new(),
            place: String::new(),
        };
    };
    let place = incident
        .place
        .and_then(|p| state.store.get(p).ok().flatten())
        .and_then(|p| page::record_title(&p, user, tr))
        .unwrap_or_default();
    IncidentLine {
        href: format!("/incidents/{}", stored.id),
        title: incident
            .title
            .best(tr.code())
            .filter(|t| !t.is_empty())
            .map(str::to_string)
            .unwrap_or_else(|| page::short_id(stored.id)),
        date: incident
            .date
            .as_ref()
            .map(|d| d.to_string())
            .unwrap_or_default(),
        date_uncertain: row.date_uncertain,
        status: status_label(tr, incident.status),
        status_code: status_code(incident.status),
        confidentiality: page::restricted_badge(tr, incident.confidentiality),
        place,
    }
}

async fn list(
    State(state): State<AppState>,
    user: User,
    Query(params): Query<ListParams>,
) -> Result<Response, WebError> {
    state
        .clone()
        .blocking(move |s| {
            let tr = user.tr(s);
            let (mut filter, problems) = filter_of(&params, &tr);
            // After a cursor the total says nothing of what follows: ask for one row
            // more than the page to know whether another page does.
            let by_cursor = filter.after.is_some();
            if by_cursor {
                filter.limit = PAGE_SIZE + 1;
            }
            let mut page = s.index.incidents(&filter, &user.scope())?;
            let more = if by_cursor {
                let more = page.rows.len() > PAGE_SIZE;
                page.rows.truncate(PAGE_SIZE);
                more
            } else {
                filter.offset + page.rows.len() < page.total
            };
            let mut rows = Vec::new();
            for row in &page.rows {
                // The index already scoped the query; the store check is the final word.
                if let Ok(stored) = page::visible(s.store.as_ref(), &user, row.id) {
                    let mut line = incident_line(s, &user, &tr, &stored, row);
                    // A date range that reaches outside the filter's range is a possible,
                    // not a certain, match: say so.
                    if let (Some(from), Some(e)) = (filter.date_from, row.earliest)
                        && e < from
                    {
                        line.date_uncertain = true;
                    }
                    if let (Some(to), Some(l)) = (filter.date_to, row.latest)
                        && l > to
                    {
                        line.date_uncertain = true;
                    }
                    rows.push(line);
                }
            }
            // Past the numbered pages, the position comes with the link (for the
            // "showing" line only; the rows are the cursor's).
            let first = if by_cursor {
                params.at.unwrap_or(memoria_search::MAX_OFFSET + 1).max(1)
            } else {
                filter.offset + 1
            };
            let last = first - 1 + page.rows.len();
            let showing = if page.total == 0 {
                String::new()
            } else {
                tr.ta(
                    "incidents-showing",
                    &[
                        ("first", first.to_string()),
                        ("last", last.to_string()),
                        ("total", page.total.to_string()),
                    ],
                )
            };
            // Numbered pages as deep as the index pages by offset, then links that carry
            // the last row's place in the order: every incident is reachable.
            let current = (first - 1) / PAGE_SIZE + 1;
            let numbered = |n: usize| params.with("page", &n.to_string());
            let prev = (current > 1 && current - 1 <= LAST_PAGE + 1).then(|| numbered(current - 1));
            let next = if !more || page.rows.is_empty() {
                None
            } else if !by_cursor && current <= LAST_PAGE {
                Some(numbered(current + 1))
            } else {
                let cursor = page.rows.last().expect("not empty").cursor;
                Some(params.with("after", &format!("{cursor} {}", last + 1)))
            };
            let vocabs = &s.vocabs();
            let facet =
                |key: &str, value: String, label: String, count: u64, current: &str| Facet {
                    active: current == value,
                    href: params.with(key, if current == value { "" } else { &value }),
                    label,
                    count,
                };
            let mut facets = vec![
                FacetGroup {
                    title: tr.t("field-status"),
                    facets: page
                        .facets
                        .status
                        .iter()
                        .map(|(st, n)| {
                            facet(
                                "status",
                                status_code(*st).into(),
                                status_label(&tr, *st),
                                *n,
                                &params.status,
                            )
                        })
                        .collect(),
                },
                FacetGroup {
                    title: tr.t("filter-violation"),
                    facets: page
                        .facets
                        .violation
                        .iter()
                        .take(15)
                        .map(|(code, n)| {
                            facet(
                                "violation",
                                code.clone(),
                                term_label(vocabs, well_known::VIOLATION_TYPES, code, &tr),
                                *n,
                                &params.violation,
                            )
                        })
                        .collect(),
                },
                FacetGroup {
                    title: tr.t("filter-perpetrator-type"),
                    facets: page
                        .facets
                        .perpetrator_kind
                        .iter()
                        .take(15)
                        .map(|(code, n)| {
                            facet(
                                "perpetrator",
                                code.clone(),
                                term_label(vocabs, well_known::PERPETRATOR_TYPES, code, &tr),
                                *n,
                                &params.perpetrator,
                            )
                        })
                        .collect(),
                },
                FacetGroup {
                    title: tr.t("field-place"),
                    facets: page
                        .facets
                        .place
                        .iter()
                        .take(20)
                        .map(|(id, n)| {
                            let label = s
                                .store
                                .get(*id)
                                .ok()
                                .flatten()
                                .and_then(|p| page::record_title(&p, &user, &tr))
                                .unwrap_or_else(|| page::short_id(*id));
                            facet("place", id.to_string(), label, *n, &params.place)
                        })
                        .collect(),
                },
                FacetGroup {
                    title: tr.t("field-confidentiality"),
                    facets: page
                        .facets
                        .confidentiality
                        .iter()
                        .map(|(c, n)| {
                            facet(
                                "confidentiality",
                                page::sensitivity_code(*c).into(),
                                sensitivity_label(&tr, *c),
                                *n,
                                &params.confidentiality,
                            )
                        })
                        .collect(),
                },
            ];
            facets.retain(|g| !g.facets.is_empty());
            let violations = vocabs
                .get(well_known::VIOLATION_TYPES)
                .map(|v| {
                    v.terms
                        .iter()
                        .filter(|t| !t.deprecated)
                        .map(|t| Choice {
                            value: t.code.clone(),
                            label: t.labels.best(tr.code()).unwrap_or(&t.code).to_string(),
                            selected: t.code == params.violation,
                        })
                        .collect()
                })
                .unwrap_or_default();
            let sorts = [
                ("date-desc", "sort-date-desc"),
                ("date-asc", "sort-date-asc"),
                ("updated", "sort-updated"),
            ]
            .into_iter()
            .map(|(v, key)| Choice {
                value: v.into(),
                label: tr.t(key),
                selected: params.sort == v || (params.sort.is_empty() && v == "date-desc"),
            })
            .collect();
            let can_create = user.access.is_admin
                || user
                    .access
                    .roles
                    .keys()
                    .any(|c| user.can(Some(*c), Permission::CreateRecords));
            let view = IncidentList {
                chrome: chrome(&user, s, tr.t("incidents-title"), "incidents"),
                rows,
                showing,
                q: params.q.clone(),
                from: params.from.clone(),
                to: params.to.clone(),
                statuses: page::status_choices(&tr, filter.status),
                confidentialities: page::sensitivity_choices(&tr, filter.confidentiality),
                violations,
                sorts,
                place: params.place.clone(),
                perpetrator: params.perpetrator.clone(),
                facets,
                prev,
                next,
                problems,
                can_create,
            };
            Ok(view.render_html().into_response())
        })
        .await
}

/// The current terms of a vocabulary as choices, labelled in the reader's language.
pub fn term_choices(s: &AppState, vocab: &str, tr: &Tr) -> Vec<Choice> {
    s.vocabs()
        .get(vocab)
        .map(|v| {
            v.terms
                .iter()
                .filter(|t| !t.deprecated)
                .map(|t| Choice {
                    value: t.code.clone(),
                    label: t.labels.best(tr.code()).unwrap_or(&t.code).to_string(),
                    selected: false,
                })
                .collect()
        })
        .unwrap_or_default()
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
            let store = s.store.as_ref();
            let stored = page::visible(store, &user, id)?;
            let Entity::Incident(incident) = &stored.entity else {
                return Ok(Redirect::to(&format!("/records/{id}")).into_response());
            };
            let tr = user.tr(s);
            let lang = tr.code();
            let mut names_shown = 0usize;
            let mut fields = vec![
                Row {
                    label: tr.t("field-date"),
                    value: incident
                        .date
                        .as_ref()
                        .map(|d| d.to_string())
                        .unwrap_or_default(),
                    withheld: false,
                    href: None,
                },
                Row {
                    label: tr.t("field-status"),
                    value: status_label(&tr, incident.status),
                    withheld: false,
                    href: None,
                },
                Row {
                    label: tr.t("field-confidentiality"),
                    value: sensitivity_label(&tr, incident.confidentiality),
                    withheld: false,
                    href: None,
                },
            ];
            if let Some(place) = incident.place {
                let label = store
                    .get(place)?
                    .and_then(|p| page::record_title(&p, &user, &tr))
                    .unwrap_or_default();
                fields.push(Row {
                    label: tr.t("field-place"),
                    value: label,
                    withheld: false,
                    href: Some(format!("/records/{place}")),
                });
            }
            if let Some(ext) = &incident.external_id {
                fields.push(Row {
                    label: tr.t("field-external-id"),
                    value: ext.clone(),
                    withheld: false,
                    href: None,
                });
            }
            let children = store.list(&ListQuery {
                parent: Some(id),
                limit: 1000,
                ..Default::default()
            })?;
            let mut acts = Vec::new();
            let mut evidence = Vec::new();
            let mut claims: BTreeMap<String, Vec<ClaimView>> = BTreeMap::new();
            let mut sources: BTreeMap<RecordId, Row> = BTreeMap::new();
            for child in &children {
                match &child.entity {
                    Entity::Act(act) => {
                        let mut victims = Vec::new();
                        for v in &act.victims {
                            let Some(p) = store.get(*v)? else { continue };
                            let Entity::Person(person) = &p.entity else {
                                continue;
                            };
                            if !user.can_see(p.collection, person.sensitivity) {
                                continue;
                            }
                            match person_name(person, &user) {
                                Some(name) => {
                                    names_shown += 1;
                                    victims.push(Row {
                                        label: String::new(),
                                        value: name,
                                        withheld: false,
                                        href: Some(format!("/records/{v}")),
                                    });
                                }
                                None => victims.push(Row {
                                    label: page::short_id(*v),
                                    value: String::new(),
                                    withheld: true,
                                    href: None,
                                }),
                            }
                        }
                        let mut perpetrators = Vec::new();
                        for p in &act.perpetrators {
                            let kind = p
                                .kind
                                .as_deref()
                                .map(|k| {
                                    term_label(&s.vocabs(), well_known::PERPETRATOR_TYPES, k, &tr)
                                })
                                .unwrap_or_default();
                            let target = p.organization.or(p.person);
                            // A perpetrator the reader may not see is withheld, unlinked.
                            let (value, href) = match target {
                                None => (tr.t("perpetrator-unidentified"), None),
                                Some(t) => match page::visible(store, &user, t) {
                                    Ok(o) => (
                                        page::record_title(&o, &user, &tr)
                                            .unwrap_or_else(|| tr.t("withheld")),
                                        Some(format!("/records/{}", o.id)),
                                    ),
                                    Err(_) => (tr.t("withheld"), None),
                                },
                            };
                            perpetrators.push(Row {
                                label: kind,
                                value,
                                withheld: false,
                                href,
                            });
                        }
                        acts.push(ActView {
                            violation: term_label(
                                &s.vocabs(),
                                well_known::VIOLATION_TYPES,
                                &act.violation,
                                &tr,
                            ),
                            date: act.date.as_ref().map(|d| d.to_string()).unwrap_or_default(),
                            method: act
                                .method
                                .as_deref()
                                .map(|m| term_label(&s.vocabs(), well_known::METHODS, m, &tr))
                                .unwrap_or_default(),
                            victims,
                            perpetrators,
                        });
                    }
                    Entity::Evidence(_) => evidence.extend(crate::routes::evidence::incident_line(
                        s,
                        &user,
                        &tr,
                        child,
                        incident.confidentiality,
                    )),
                    Entity::Claim(claim) => {
                        // A source the reader may not see is neither named, graded nor
                        // linked: its id alone would say that it exists.
                        let source = store
                            .get(claim.source)?
                            .filter(|_| page::visible(store, &user, claim.source).is_ok());
                        let (source_name, grade) = match source.as_ref().map(|s| &s.entity) {
                            Some(Entity::Source(src)) => (
                                src.title.best(lang).unwrap_or_default().to_string(),
                                format!("{}{}", src.reliability, src.credibility),
                            ),
                            _ => (tr.t("withheld"), String::new()),
                        };
                        if let Some(Stored {
                            entity: Entity::Source(src),
                            ..
                        }) = &source
                        {
                            sources.insert(
                                claim.source,
                                Row {
                                    label: format!("{}{}", src.reliability, src.credibility),
                                    value: source_name.clone(),
                                    withheld: false,
                                    href: Some(format!("/records/{}", claim.source)),
                                },
                            );
                        }
                        claims
                            .entry(claim.field.clone())
                            .or_default()
                            .push(ClaimView {
                                value: claim.value.clone(),
                                source: source_name,
                                source_href: if source.is_some() {
                                    format!("/records/{}", claim.source)
                                } else {
                                    String::new()
                                },
                                grade,
                                preferred: claim.preferred,
                                note: claim.note.clone().unwrap_or_default(),
                            });
                    }
                    _ => {}
                }
            }
            // In the order they were captured (as the files say), undated ones last.
            evidence.sort_by(|a, b| {
                (a.captured.is_empty(), &a.captured, &a.title).cmp(&(
                    b.captured.is_empty(),
                    &b.captured,
                    &b.title,
                ))
            });
            let claims = claims
                .into_iter()
                .map(|(field, claims)| {
                    let mut values: Vec<&str> = claims.iter().map(|c| c.value.as_str()).collect();
                    values.sort();
                    values.dedup();
                    ClaimGroup {
                        field,
                        conflicting: values.len() > 1,
                        claims,
                    }
                })
                .collect();
            let mut interventions = Vec::new();
            for iv in s.index.interventions_about(id, &user.scope())? {
                let Ok(iv) = page::visible(store, &user, iv) else {
                    continue;
                };
                // The index may be a moment behind: the record itself decides.
                let Entity::Intervention(i) = &iv.entity else {
                    continue;
                };
                if !i.about.contains(&id) {
                    continue;
                }
                interventions.push(Row {
                    label: term_label(&s.vocabs(), well_known::INTERVENTION_STATUS, &i.status, &tr),
                    value: format!(
                        "{} · {}",
                        term_label(&s.vocabs(), well_known::INTERVENTION_TYPES, &i.kind, &tr),
                        i.target_name.clone().unwrap_or_default()
                    ),
                    withheld: false,
                    href: Some(format!("/records/{}", iv.id)),
                });
            }
            // Reading victims' names, or a restricted incident, is a read of sensitive data.
            if names_shown > 0 || incident.confidentiality >= Sensitivity::Restricted {
                let mut tx = store.begin(&user.actor)?;
                tx.audit(
                    "read-sensitive",
                    Some(id),
                    &format!("incident page, {names_shown} names"),
                )?;
                tx.commit()?;
            }
            let title = incident.title.best(lang).unwrap_or_default().to_string();
            let other_titles = incident
                .title
                .0
                .iter()
                .filter(|(l, t)| l.as_str() != lang && t.as_str() != title)
                .map(|(l, t)| Row {
                    label: l.clone(),
                    value: t.clone(),
                    withheld: false,
                    href: None,
                })
                .collect();
            let view = IncidentPage {
                chrome: chrome(&user, s, title.clone(), "incidents"),
                id: id.to_string(),
                version: stored.version,
                deleted: stored.deleted,
                title,
                other_titles,
                narrative: incident
                    .narrative
                    .best(lang)
                    .unwrap_or_default()
                    .to_string(),
                fields,
                acts,
                claims,
                sources: sources.into_values().collect(),
                interventions,
                evidence,
                can_edit: user.can(stored.collection, Permission::EditRecords) && !stored.deleted,
                can_add_evidence: user.can(stored.collection, Permission::CreateRecords)
                    && !stored.deleted
                    && s.vault.is_some(),
                evidence_levels: page::SENSITIVITIES
                    .into_iter()
                    .filter(|l| {
                        *l >= incident.confidentiality && user.can_see(stored.collection, *l)
                    })
                    .map(|l| Choice {
                        value: page::sensitivity_code(l).to_string(),
                        label: sensitivity_label(&tr, l),
                        selected: false,
                    })
                    .collect(),
                upload_limit: tr.t1(
                    "evidence-add-limit",
                    "size",
                    page::byte_size(s.settings.max_upload_bytes),
                ),
                can_delete: user.can(stored.collection, Permission::DeleteRecords),
                can_intervene: user.can(stored.collection, Permission::ManageInterventions)
                    && !stored.deleted,
                intervention_kinds: term_choices(s, well_known::INTERVENTION_TYPES, &tr),
                intervention_statuses: term_choices(s, well_known::INTERVENTION_STATUS, &tr),
                violations: term_choices(s, well_known::VIOLATION_TYPES, &tr),
                perpetrator_kinds: term_choices(s, well_known::PERPETRATOR_TYPES, &tr),
                reliabilities: reliability_choices(None),
                credibilities: credibility_choices(None),
            };
            Ok(view.render_html().into_response())
        })
        .await
}

/// The Admiralty reliability grades as choices, `selected` (or F, "cannot be judged")
/// chosen.
pub fn reliability_choices(selected: Option<memoria_core::grade::Reliability>) -> Vec<Choice> {
    use memoria_core::grade::Reliability;
    let selected = selected.unwrap_or(Reliability::F);
    [
        Reliability::A,
        Reliability::B,
        Reliability::C,
        Reliability::D,
        Reliability::E,
        Reliability::F,
    ]
    .into_iter()
    .map(|r| {
        let code = format!("{r:?}");
        Choice {
            label: format!("{code} · {}", r.meaning()),
            value: code,
            selected: r == selected,
        }
    })
    .collect()
}

/// The credibility grades 1–6 as choices, `selected` (or 6) chosen.
pub fn credibility_choices(selected: Option<memoria_core::grade::Credibility>) -> Vec<Choice> {
    let selected = selected.map_or(6, |c| c.get());
    (1..=6u8)
        .filter_map(memoria_core::grade::Credibility::new)
        .map(|c| Choice {
            value: c.get().to_string(),
            label: format!("{} · {}", c.get(), c.meaning()),
            selected: c.get() == selected,
        })
        .collect()
}

/// The incident form's fields, as posted.
#[derive(Deserialize, Default)]
pub struct IncidentFormData {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    version: u64,
    #[serde(default)]
    collection: String,
    #[serde(default)]
    title_en: String,
    #[serde(default)]
    title_es: String,
    #[serde(default)]
    title_fr: String,
    #[serde(default)]
    title_ar: String,
    #[serde(default)]
    narrative_en: String,
    #[serde(default)]
    narrative_es: String,
    #[serde(default)]
    narrative_fr: String,
    #[serde(default)]
    narrative_ar: String,
    #[serde(default)]
    date: String,
    #[serde(default)]
    place: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    confidentiality: String,
    #[serde(default)]
    external_id: String,
}

fn multi(pairs: [(&str, &str); 4]) -> MultiText {
    let mut m = MultiText::new();
    for (lang, text) in pairs {
        let t = text.trim();
        if !t.is_empty() {
            m.0.insert(lang.to_string(), t.replace("\r\n", "\n"));
        }
    }
    m
}

/// Longest text accepted in a title or narrative (characters): beyond this is a mistake
/// or an attack, not documentation.
const MAX_TITLE: usize = 500;
const MAX_NARRATIVE: usize = 100_000;

/// Builds an incident from the form over `base` (the stored one when editing), and
/// every problem with it, each naming its field.
fn incident_from_form(
    form: &IncidentFormData,
    base: Option<&Incident>,
    state: &AppState,
    tr: &Tr,
) -> (Option<Incident>, Vec<(String, String)>) {
    let mut problems = Vec::new();
    let title = multi([
        ("en", &form.title_en),
        ("es", &form.title_es),
        ("fr", &form.title_fr),
        ("ar", &form.title_ar),
    ]);
    let narrative = multi([
        ("en", &form.narrative_en),
        ("es", &form.narrative_es),
        ("fr", &form.narrative_fr),
        ("ar", &form.narrative_ar),
    ]);
    if title.0.values().any(|t| t.chars().count() > MAX_TITLE) {
        problems.push(("title".into(), tr.t1("form-too-long", "max", MAX_TITLE)));
    }
    if narrative
        .0
        .values()
        .any(|t| t.chars().count() > MAX_NARRATIVE)
    {
        problems.push((
            "narrative".into(),
            tr.t1("form-too-long", "max", MAX_NARRATIVE),
        ));
    }
    let date = if form.date.trim().is_empty() {
        None
    } else {
        match Edtf::parse(form.date.trim()) {
            Ok(d) => Some(d),
            Err(_) => {
                problems.push(("date".into(), tr.t("date-invalid")));
                None
            }
        }
    };
    let place = if form.place.trim().is_empty() {
        None
    } else {
        match form.place.parse::<RecordId>() {
            Ok(id)
                if matches!(
                    state.store.get(id).ok().flatten().map(|p| p.kind),
                    Some(EntityKind::Place)
                ) =>
            {
                Some(id)
            }
            _ => {
                problems.push(("place".into(), tr.t("place-invalid")));
                None
            }
        }
    };
    let collection = match base {
        Some(b) => Some(b.collection),
        None => match form.collection.parse::<RecordId>() {
            Ok(c) => Some(c),
            Err(_) => {
                problems.push(("collection".into(), tr.t("collection-invalid")));
                None
            }
        },
    };
    let status = form.status.parse::<Status>().unwrap_or_default();
    let confidentiality = parse_sensitivity(&form.confidentiality).unwrap_or_default();
    let Some(collection) = collection else {
        return (None, problems);
    };
    let incident = Incident {
        collection,
        title,
        narrative,
        // Not on the form yet: kept as it was, so that an edit never loses it.
        public_narrative: base.map(|b| b.public_narrative.clone()).unwrap_or_default(),
        date,
        place,
        point: base.and_then(|b| b.point),
        status,
        confidentiality,
        external_id: Some(form.external_id.trim().to_string()).filter(|s| !s.is_empty()),
    };
    let entity = Entity::Incident(incident.clone());
    for p in memoria_core::validate::validate(&entity, &state.vocabs()) {
        if !problems.iter().any(|(f, _)| f == &p.field) {
            let message = if p.field == "title" {
                tr.t("title-required")
            } else {
                p.message
            };
            problems.push((p.field, message));
        }
    }
    (Some(incident), problems)
}

pub(crate) fn text_inputs(text: &MultiText) -> Vec<TextInput> {
    Lang::ALL
        .into_iter()
        .map(|l| TextInput {
            lang: l.code(),
            lang_name: l.native_name(),
            value: text.0.get(l.code()).cloned().unwrap_or_default(),
        })
        .collect()
}

pub(crate) fn creatable_collections(
    state: &AppState,
    user: &User,
    tr: &Tr,
) -> Result<Vec<Choice>, WebError> {
    let all = state.store.list(&ListQuery {
        kind: Some(EntityKind::Collection),
        limit: 1000,
        ..Default::default()
    })?;
    Ok(all
        .into_iter()
        .filter(|c| user.can(Some(c.id), Permission::CreateRecords))
        .map(|c| Choice {
            value: c.id.to_string(),
            label: page::record_title(&c, user, tr).unwrap_or_default(),
            selected: false,
        })
        .collect())
}

/// The form for an incident (`id` `None` for a new one), without problems or conflict;
/// callers add those.
fn form_view(
    state: &AppState,
    user: &User,
    id: Option<RecordId>,
    version: u64,
    incident: &Incident,
) -> Result<IncidentForm, WebError> {
    let tr = user.tr(state);
    let mut collections = if id.is_none() {
        creatable_collections(state, user, &tr)?
    } else {
        Vec::new()
    };
    for c in &mut collections {
        c.selected = c.value == incident.collection.to_string();
    }
    Ok(IncidentForm {
        chrome: chrome(
            user,
            state,
            if id.is_some() {
                tr.t("incident-edit-title")
            } else {
                tr.t("incidents-new")
            },
            "incidents",
        ),
        id: id.map(|i| i.to_string()),
        version,
        titles: text_inputs(&incident.title),
        narratives: text_inputs(&incident.narrative),
        date: incident
            .date
            .as_ref()
            .map(|d| d.to_string())
            .unwrap_or_default(),
        place: incident.place.map(|p| p.to_string()).unwrap_or_default(),
        external_id: incident.external_id.clone().unwrap_or_default(),
        statuses: page::status_choices(&tr, Some(incident.status)),
        confidentialities: page::sensitivity_choices(&tr, Some(incident.confidentiality)),
        collections,
        problems: Vec::new(),
        conflict: None,
    })
}

fn blank_incident(collection: RecordId) -> Incident {
    Incident {
        collection,
        title: MultiText::new(),
        narrative: MultiText::new(),
        public_narrative: memoria_core::text::MultiText::new(),
        date: None,
        place: None,
        point: None,
        status: Status::Draft,
        confidentiality: Sensitivity::Internal,
        external_id: None,
    }
}

async fn new_form(State(state): State<AppState>, user: User) -> Result<Response, WebError> {
    state
        .clone()
        .blocking(move |s| {
            let tr = user.tr(s);
            let collections = creatable_collections(s, &user, &tr)?;
            let Some(first) = collections.first() else {
                return Err(WebError::Forbidden);
            };
            let collection = first.value.parse().map_err(|_| WebError::Forbidden)?;
            let view = form_view(s, &user, None, 0, &blank_incident(collection))?;
            Ok(view.render_html().into_response())
        })
        .await
}

async fn create(
    State(state): State<AppState>,
    user: User,
    Form(form): Form<IncidentFormData>,
) -> Result<Response, WebError> {
    user.check_csrf(&form.csrf)?;
    state
        .clone()
        .blocking(move |s| {
            let tr = user.tr(s);
            let (incident, problems) = incident_from_form(&form, None, s, &tr);
            if let Some(inc) = &incident {
                user.require(Some(inc.collection), Permission::CreateRecords)?;
            }
            match incident {
                Some(inc) if problems.is_empty() => {
                    let mut tx = s.store.begin(&user.actor)?;
                    let stored = tx.create(Entity::Incident(inc))?;
                    tx.commit()?;
                    s.index.refresh(s.store.as_ref(), &[stored.id])?;
                    Ok(Redirect::to(&format!("/incidents/{}", stored.id)).into_response())
                }
                incident => {
                    let inc = incident.unwrap_or_else(|| {
                        blank_incident(
                            form.collection
                                .parse()
                                .unwrap_or_else(|_| RecordId::random()),
                        )
                    });
                    let mut view = form_view(s, &user, None, 0, &inc)?;
                    view.place = form.place.clone();
                    view.problems = problems;
                    // Keep what was typed, even where it did not parse, so it can be fixed.
                    view.date = form.date.clone();
                    Ok((StatusCode::UNPROCESSABLE_ENTITY, view.render_html()).into_response())
                }
            }
        })
        .await
}

async fn edit_form(
    State(state): State<AppState>,
    user: User,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let id = page::record_id(&id)?;
    state
        .clone()
        .blocking(move |s| {
            let stored = page::visible(s.store.as_ref(), &user, id)?;
            user.require(stored.collection, Permission::EditRecords)?;
            let Entity::Incident(incident) = &stored.entity else {
                return Err(WebError::NotFound);
            };
            let view = form_view(s, &user, Some(id), stored.version, incident)?;
            Ok(view.render_html().into_response())
        })
        .await
}

async fn update(
    State(state): State<AppState>,
    user: User,
    Path(id): Path<String>,
    Form(form): Form<IncidentFormData>,
) -> Result<Response, WebError> {
    let id = page::record_id(&id)?;
    user.check_csrf(&form.csrf)?;
    state
        .clone()
        .blocking(move |s| {
            let tr = user.tr(s);
            let stored = page::visible(s.store.as_ref(), &user, id)?;
            user.require(stored.collection, Permission::EditRecords)?;
            let Entity::Incident(current) = &stored.entity else {
                return Err(WebError::NotFound);
            };
            let (incident, problems) = incident_from_form(&form, Some(current), s, &tr);
            let Some(incident) = incident else {
                return Err(WebError::BadRequest(tr.t("form-has-problems")));
            };
            if !problems.is_empty() {
                let mut view = form_view(s, &user, Some(id), form.version, &incident)?;
                view.place = form.place.clone();
                view.problems = problems;
                view.date = form.date.clone();
                return Ok((StatusCode::UNPROCESSABLE_ENTITY, view.render_html()).into_response());
            }
            let mut tx = s.store.begin(&user.actor)?;
            match tx.update(id, form.version, Entity::Incident(incident.clone())) {
                Ok(_) => {
                    tx.commit()?;
                    s.index.refresh(s.store.as_ref(), &[id])?;
                    Ok(Redirect::to(&format!("/incidents/{id}")).into_response())
                }
                Err(StoreError::Conflict {
                    actual, changed_by, ..
                }) => {
                    drop(tx);
                    // Someone saved first: show what differs between their version and
                    // this edit, keep the edit in the form, and let the person decide.
                    let conflict = page::conflict(
                        &user,
                        stored.collection,
                        &stored.entity,
                        &Entity::Incident(incident.clone()),
                        actual,
                        changed_by,
                    );
                    let mut view = form_view(s, &user, Some(id), actual, &incident)?;
                    view.place = form.place.clone();
                    view.conflict = Some(conflict);
                    Ok((StatusCode::CONFLICT, view.render_html()).into_response())
                }
                Err(e) => Err(e.into()),
            }
        })
        .await
}
