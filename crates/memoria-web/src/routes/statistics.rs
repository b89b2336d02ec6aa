//! Descriptive statistics of a collection: acts by period (uncertain dates shared out,
//! with their min–max band), acts by violation type, victims by sex and by age group.
//!
//! Every count is of what the reader may see: acts of incidents above the reader's
//! sensitivity are left out, and so are victims whose own record is. Each chart says
//! how many records had no value for what it shows, and its numbers are in a table
//! under it. Charts are SVG from `memoria_estimate::chart`, inline in the page.
//!
//! The counts are computed by reading the collection's incidents, acts and persons,
//! and kept (see [`AppState::derived`]) until a record is written, keyed by the
//! collection, the reader's highest sensitivity and the granularity: what differs
//! between readers of the same keys is only the language, applied when rendering.

use std::collections::{HashMap, HashSet};

use axum::Router;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use memoria_core::entity::{Entity, EntityKind, Incident, Person, Sensitivity};
use memoria_core::id::RecordId;
use memoria_core::vocab::well_known;
use memoria_estimate::chart::{self, Bar, ChartOptions};
use memoria_estimate::describe::{
    self, AgeBands, CategoryCounts, Counts, Dimension, Granularity, Item, Keys, Mode, Periods,
};
use memoria_store::{ListQuery, Store, Stored};
use serde::Deserialize;

use crate::error::WebError;
use crate::extract::User;
use crate::i18n::Tr;
use crate::page::{self, chrome};
use crate::state::AppState;
use crate::view::{ChartView, Choice, Page, StatisticsPage, TableRow};

pub fn router() -> Router<AppState> {
    Router::new().route("/statistics", get(statistics))
}

#[derive(Deserialize)]
struct Params {
    by: Option<String>,
    collection: Option<String>,
}

/// The granularities offered: query value, granularity, message key of its name.
const GRANULARITIES: [(&str, Granularity, &str); 3] = [
    ("year", Granularity::Year, "statistics-by-year"),
    ("quarter", Granularity::Quarter, "statistics-by-quarter"),
    ("month", Granularity::Month, "statistics-by-month"),
];

/// Records read per store call.
const PAGE: usize = 1000;

/// What the page counts, in vocabulary codes and language-neutral period labels.
pub struct Stats {
    /// `Err` holds the message key saying why there is no series.
    periods: Result<(Periods, Counts), &'static str>,
    violations: CategoryCounts,
    sex: CategoryCounts,
    age: Counts,
    age_labels: Vec<String>,
    acts: u64,
    /// Distinct victims, weighted by group size.
    victims: u64,
}

async fn statistics(
    State(state): State<AppState>,
    user: User,
    Query(params): Query<Params>,
) -> Result<Response, WebError> {
    let (by, granularity, _) = GRANULARITIES
        .into_iter()
        .find(|(code, _, _)| Some(*code) == params.by.as_deref())
        .unwrap_or(GRANULARITIES[0]);
    state
        .clone()
        .blocking(move |s| {
            let tr = user.tr(s);
            let collections = readable_collections(s.store.as_ref(), &user)?;
            let chosen = match params.collection.as_deref().filter(|c| !c.is_empty()) {
                Some(text) => {
                    let id = page::record_id(text)?;
                    collections
                        .iter()
                        .find(|(c, _)| *c == id)
                        .ok_or(WebError::NotFound)?
                        .0
                }
                None => match collections.first() {
                    Some((c, _)) => *c,
                    None => {
                        let view = StatisticsPage {
                            chrome: chrome(&user, s, tr.t("statistics-title"), "statistics"),
                            collections: Vec::new(),
                            granularities: Vec::new(),
                            charts: Vec::new(),
                            empty: Some(tr.t("statistics-no-collection")),
                        };
                        return Ok(view.render_html().into_response());
                    }
                },
            };
            let max = if user.access.is_admin {
                Sensitivity::Confidential
            } else {
                user.access
                    .max_sensitivity(chosen)
                    .ok_or(WebError::NotFound)?
            };
            let key = format!("statistics/{chosen}/{}/{by}", page::sensitivity_code(max));
            let stats = s.derived(key, || compute(s.store.as_ref(), chosen, max, granularity))?;
            let charts = render(s, &tr, &stats, by);
            let view = StatisticsPage {
                chrome: chrome(&user, s, tr.t("statistics-title"), "statistics"),
                collections: collections
                    .iter()
                    .map(|(id, label)| Choice {
                        value: id.to_string(),
                        label: label.clone(),
                        selected: *id == chosen,
                    })
                    .collect(),
                granularities: GRANULARITIES
                    .iter()
                    .map(|(code, _, key)| Choice {
                        value: code.to_string(),
                        label: tr.t(key),
                        selected: *code == by,
                    })
                    .collect(),
                charts,
                empty: None,
            };
            Ok(view.render_html().into_response())
        })
        .await
}

/// The collections whose records the reader may read, with their titles, by title.
pub fn readable_collections(
    store: &dyn Store,
    user: &User,
) -> Result<Vec<(RecordId, String)>, WebError> {
    let tr_lang = user.lang.code();
    let ids: Vec<RecordId> = if user.access.is_admin {
        store
            .list(&ListQuery {
                kind: Some(EntityKind::Collection),
                limit: PAGE,
                ..Default::default()
            })?
            .into_iter()
            .filter(|c| !c.deleted)
            .map(|c| c.id)
            .collect()
    } else {
        user.access.readable_collections()
    };
    let mut out = Vec::new();
    for id in ids {
        if let Some(stored) = store.get(id)?
            && !stored.deleted
            && let Entity::Collection(c) = &stored.entity
        {
            out.push((id, c.title.best(tr_lang).unwrap_or(&c.name).to_string()));
        }
    }
    out.sort_by(|a, b| a.1.cmp(&b.1).then(a.0.cmp(&b.0)));
    Ok(out)
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

/// Reads the collection and counts what a reader of sensitivity up to `max` may see.
fn compute(
    store: &dyn Store,
    collection: RecordId,
    max: Sensitivity,
    granularity: Granularity,
) -> Result<Stats, WebError> {
    // As `page::visible` decides: an act is seen with its incident, and takes its
    // confidentiality; a person by their own sensitivity.
    let mut incidents: HashMap<RecordId, Incident> = HashMap::new();
    each(store, collection, EntityKind::Incident, &mut |s| {
        if let Entity::Incident(i) = s.entity
            && i.confidentiality <= max
        {
            incidents.insert(s.id, i);
        }
    })?;
    let mut persons: HashMap<RecordId, Person> = HashMap::new();
    each(store, collection, EntityKind::Person, &mut |s| {
        if let Entity::Person(p) = s.entity
            && p.sensitivity <= max
        {
            persons.insert(s.id, p);
        }
    })?;
    let mut keys = Keys::new();
    let mut acts = Vec::new();
    let mut victims = Vec::new();
    let mut counted: HashSet<RecordId> = HashSet::new();
    each(store, collection, EntityKind::Act, &mut |s| {
        let Entity::Act(act) = &s.entity else { return };
        let Some(incident) = incidents.get(&act.incident) else {
            return;
        };
        acts.push(Item::from_act(act, Some(incident), &mut keys));
        // Each person once (at their first act met), a group as its size.
        for v in &act.victims {
            if let Some(person) = persons.get(v)
                && counted.insert(*v)
            {
                victims.push(Item::from_victim(person, act, Some(incident), &mut keys));
            }
        }
    })?;
    let periods = match Periods::covering(&acts, granularity) {
        Ok(p) => {
            let counts = describe::by_period(&acts, &p);
            Ok((p, counts))
        }
        Err(describe::DescribeError::TooManyPeriods { .. }) => Err("statistics-too-many-periods"),
        Err(_) => Err("statistics-no-series"),
    };
    let bands = AgeBands::standard();
    Ok(Stats {
        periods,
        violations: describe::by_category(&acts, &keys, Dimension::Violation),
        sex: describe::by_category(&victims, &keys, Dimension::Sex),
        age: describe::by_age(&victims, &bands),
        age_labels: bands.labels(),
        acts: acts.iter().map(|i| u64::from(i.weight)).sum(),
        victims: victims.iter().map(|i| u64::from(i.weight)).sum(),
    })
}

/// A number as the charts and tables write it.
fn number(v: f64) -> String {
    chart::plain(v)
}

fn options<'a>(tr: &'a Tr, title: &'a str, description: &'a str) -> ChartOptions<'a> {
    ChartOptions {
        lang: Some(tr.code()),
        right_to_left: tr.dir() == "rtl",
        number: &number,
        ..ChartOptions::new(title, description)
    }
}

fn render(s: &AppState, tr: &Tr, stats: &Stats, by: &str) -> Vec<ChartView> {
    let vocabs = s.vocabs();
    let mut charts = Vec::new();

    // Acts by period, with the band.
    let heading = tr.t(&format!("statistics-acts-by-{by}"));
    match &stats.periods {
        Ok((periods, counts)) if !periods.is_empty() => {
            let labels = periods.labels();
            let caption = tr.ta(
                "statistics-period-caption",
                &[
                    ("total", stats.acts.to_string()),
                    ("undated", counts.no_value.to_string()),
                    ("open", counts.open_ended.to_string()),
                ],
            );
            let description = tr.t("statistics-period-description");
            let svg = chart::time_series(
                &chart::points(counts, &labels, Mode::Band),
                &options(tr, &heading, &description),
            );
            let rows = labels
                .iter()
                .enumerate()
                .map(|(i, label)| TableRow {
                    label: label.clone(),
                    value: number(counts.spread[i]),
                    band: format!("{}–{}", counts.min[i], counts.max[i]),
                })
                .collect();
            charts.push(ChartView {
                heading,
                svg,
                caption,
                value_heading: tr.t("statistics-acts-spread"),
                band_heading: Some(tr.t("statistics-band")),
                rows,
                label_heading: tr.t("statistics-period"),
            });
        }
        Ok(_) => charts.push(ChartView::text_only(
            heading,
            tr.ta(
                "statistics-no-dated-acts",
                &[("total", stats.acts.to_string())],
            ),
        )),
        Err(key) => charts.push(ChartView::text_only(heading, tr.t(key))),
    }

    // Acts by violation type.
    charts.push(category_chart(
        tr,
        tr.t("statistics-acts-by-violation"),
        tr.ta(
            "statistics-violation-caption",
            &[
                ("total", stats.violations.total.to_string()),
                ("none", stats.violations.no_value.to_string()),
            ],
        ),
        tr.t("statistics-violation"),
        tr.t("statistics-acts"),
        &stats.violations,
        |code| page::term_label(&vocabs, well_known::VIOLATION_TYPES, code, tr),
    ));

    // Victims by sex.
    charts.push(category_chart(
        tr,
        tr.t("statistics-victims-by-sex"),
        tr.ta(
            "statistics-sex-caption",
            &[
                ("total", stats.victims.to_string()),
                ("none", stats.sex.no_value.to_string()),
            ],
        ),
        tr.t("statistics-sex"),
        tr.t("statistics-victims"),
        &stats.sex,
        |code| page::term_label(&vocabs, well_known::SEX, code, tr),
    ));

    // Victims by age group.
    let heading = tr.t("statistics-victims-by-age");
    let caption = tr.ta(
        "statistics-age-caption",
        &[
            ("total", stats.victims.to_string()),
            ("none", stats.age.no_value.to_string()),
        ],
    );
    let bars: Vec<Bar> = stats
        .age_labels
        .iter()
        .enumerate()
        .map(|(i, label)| Bar {
            label,
            value: stats.age.spread[i],
        })
        .collect();
    let description = caption.clone();
    let svg = chart::bars(&bars, &options(tr, &heading, &description));
    let rows = stats
        .age_labels
        .iter()
        .enumerate()
        .map(|(i, label)| TableRow {
            label: label.clone(),
            value: number(stats.age.spread[i]),
            band: format!("{}–{}", stats.age.min[i], stats.age.max[i]),
        })
        .collect();
    charts.push(ChartView {
        heading,
        svg,
        caption,
        label_heading: tr.t("statistics-age-group"),
        value_heading: tr.t("statistics-victims"),
        band_heading: Some(tr.t("statistics-band")),
        rows,
    });
    charts
}

#[allow(clippy::too_many_arguments)]
fn category_chart(
    tr: &Tr,
    heading: String,
    caption: String,
    label_heading: String,
    value_heading: String,
    counts: &CategoryCounts,
    label: impl Fn(&str) -> String,
) -> ChartView {
    let labels: Vec<String> = counts.rows.iter().map(|r| label(&r.code)).collect();
    let bars: Vec<Bar> = counts
        .rows
        .iter()
        .zip(&labels)
        .map(|(r, label)| Bar {
            label,
            value: r.count as f64,
        })
        .collect();
    let svg = if bars.is_empty() {
        String::new()
    } else {
        chart::bars(&bars, &options(tr, &heading, &caption))
    };
    let rows = counts
        .rows
        .iter()
        .zip(labels)
        .map(|(r, label)| TableRow {
            label,
            value: r.count.to_string(),
            band: String::new(),
        })
        .collect();
    ChartView {
        heading,
        svg,
        caption,
        label_heading,
        value_heading,
        band_heading: None,
        rows,
    }
}
