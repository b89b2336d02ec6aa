//! The dashboard (counts by status, recent changes, follow-ups due) and search.

use axum::Router;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use memoria_core::edtf::Day;
use memoria_core::entity::Entity;
use memoria_search::{IncidentFilter, IncidentSort, SearchQuery};
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
/// At most this many follow-ups are listed, earliest first.
const DUE_LISTED: usize = 50;

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
            let due = due_follow_ups(s, &user, &tr)?;
            let view = Dashboard {
                chrome: chrome(&user, s, tr.t("dashboard-title"), "dashboard"),
                by_status,
                total: page.total,
                recent,
                due,
            };
            Ok(view.render_html().into_response())
        })
        .await
}

/// Open interventions whose next follow-up falls within [`DUE_WITHIN_DAYS`] (or has
/// passed), earliest first: found by the index, read from the store.
pub fn due_follow_ups(
    s: &AppState,
    user: &User,
    tr: &crate::i18n::Tr,
) -> Result<Vec<DueLine>, WebError> {
    let today = today();
    let mut due = Vec::new();
    for d in s
        .index
        .follow_ups_due(today + DUE_WITHIN_DAYS, &user.scope(), DUE_LISTED)?
    {
        let Ok(stored) = page::visible(s.store.as_ref(), user, d.intervention) else {
            continue;
        };
        let Entity::Intervention(i) = &stored.entity else {
            continue;
        };
        due.push(DueLine {
            href: record_href(stored.kind, stored.id),
            label: record_title(&stored, user, tr).unwrap_or_default(),
            due: i
                .next_follow_up
                .as_ref()
                .map(|d| d.to_string())
                .unwrap_or_default(),
            overdue: d.day < today,
        });
    }
    Ok(due)
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
