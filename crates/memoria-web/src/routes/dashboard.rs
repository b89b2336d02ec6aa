//! The dashboard (counts by status, recent changes, follow-ups due) and search.

use axum::Router;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use memoria_core::edtf::Day;
use memoria_core::entity::{Entity, EntityKind};
use memoria_search::{IncidentFilter, IncidentSort, SearchQuery};
use memoria_store::ListQuery;
use serde::Deserialize;

use crate::error::WebError;
use crate::extract::User;
use crate::page::{self, chrome, record_href, record_title, status_code, status_label};
use crate::routes::incidents::incident_line;
use crate::state::AppState;
use crate::view::{Dashboard, DueLine, Facet, Page, SearchLine, SearchPage};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(dashboard))
        .route("/search", get(search))
}

/// Follow-ups due within this many days are listed.
const DUE_WITHIN_DAYS: i64 = 14;

async fn dashboard(State(state): State<AppState>, user: User) -> Result<Response, WebError> {
    state
        .clone()
        .blocking(move |s| {
            let tr = user.tr(s);
            let scope = user.scope();
            let page = s.index.incidents(
                &IncidentFilter {
                    sort: IncidentSort::UpdatedDesc,
                    limit: 10,
                    ..Default::default()
                },
                &scope,
            )?;
            let by_status = page
                .facets
                .status
                .iter()
                .map(|(st, n)| Facet {
                    label: status_label(&tr, *st),
                    count: *n,
                    href: format!("/incidents?status={}", status_code(*st)),
                    active: false,
                })
                .collect();
            let mut recent = Vec::new();
            for row in &page.rows {
                if let Ok(stored) = page::visible(s.store.as_ref(), &user, row.id) {
                    recent.push(incident_line(s, &user, &tr, &stored, row));
                }
            }
            // Follow-ups: interventions whose next follow-up falls before the horizon.
            let today = today();
            let horizon = today + DUE_WITHIN_DAYS;
            let mut due = Vec::new();
            let mut after = None;
            loop {
                let batch = s.store.list(&ListQuery {
                    kind: Some(EntityKind::Intervention),
                    after,
                    limit: 1000,
                    ..Default::default()
                })?;
                let Some(last) = batch.last() else { break };
                after = Some(last.id);
                for stored in &batch {
                    let Entity::Intervention(i) = &stored.entity else {
                        continue;
                    };
                    if !user.can_see(
                        stored.collection,
                        memoria_core::entity::Sensitivity::Internal,
                    ) {
                        continue;
                    }
                    let Some(when) = i.next_follow_up.as_ref().and_then(|d| d.earliest()) else {
                        continue;
                    };
                    if when.to_days() > horizon || i.status == "closed" {
                        continue;
                    }
                    due.push((
                        when.to_days(),
                        DueLine {
                            href: record_href(stored.kind, stored.id),
                            label: record_title(stored, &user, &tr).unwrap_or_default(),
                            due: i
                                .next_follow_up
                                .as_ref()
                                .map(|d| d.to_string())
                                .unwrap_or_default(),
                            overdue: when.to_days() < today,
                        },
                    ));
                }
                if batch.len() < 1000 {
                    break;
                }
            }
            due.sort_by_key(|(d, _)| *d);
            let view = Dashboard {
                chrome: chrome(&user, s, tr.t("dashboard-title"), "dashboard"),
                by_status,
                total: page.total,
                recent,
                due: due.into_iter().take(50).map(|(_, d)| d).collect(),
            };
            Ok(view.render_html().into_response())
        })
        .await
}

pub fn today() -> i64 {
    let now = time::OffsetDateTime::now_utc().date();
    Day::new(now.year(), now.month() as u8, now.day())
        .map(|d| d.to_days())
        .unwrap_or(0)
}

#[derive(Deserialize)]
struct SearchParams {
    #[serde(default)]
    q: String,
}

async fn search(
    State(state): State<AppState>,
    user: User,
    Query(params): Query<SearchParams>,
) -> Result<Response, WebError> {
    let q: String = params.q.chars().take(200).collect();
    state
        .clone()
        .blocking(move |s| {
            let tr = user.tr(s);
            let mut hits = Vec::new();
            let mut total = 0;
            if !q.trim().is_empty() {
                let results = s.index.search(
                    &SearchQuery {
                        text: q.clone(),
                        kinds: Vec::new(),
                        offset: 0,
                        limit: 50,
                    },
                    &user.scope(),
                )?;
                total = results.total;
                for hit in results.hits {
                    let Ok(stored) = page::visible(s.store.as_ref(), &user, hit.id) else {
                        continue;
                    };
                    hits.push(SearchLine {
                        href: record_href(stored.kind, stored.id),
                        kind: tr.t(&format!("kind-{}", stored.kind.as_str().replace('_', "-"))),
                        title: record_title(&stored, &user, &tr)
                            .unwrap_or_else(|| page::short_id(stored.id)),
                    });
                }
            }
            let view = SearchPage {
                chrome: chrome(&user, s, tr.t("search-title"), "search"),
                q,
                total,
                hits,
            };
            Ok(view.render_html().into_response())
        })
        .await
}
