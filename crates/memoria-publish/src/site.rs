//! The static site: pages in four languages, charts and a map as SVG, a search index
//! the browser reads without a server, an Atom feed per language, and the open data.
//!
//! Every page is an askama template, so every value is HTML-escaped; the only text
//! put in unescaped is SVG that this crate's chart and map code built with its own
//! escaping. Links are relative, so the site works from a USB stick or any static
//! host; nothing is loaded from another host, and no page has an inline script.

use std::collections::BTreeMap;

use askama::Template;
use memoria_core::edtf::Edtf;
use memoria_core::entity::Place;
use memoria_core::id::RecordId;
use memoria_core::text::MultiText;
use memoria_core::vocab::well_known as wk;
use memoria_estimate::chart::{self, Bar, ChartOptions, escape_xml as xml};

use crate::i18n::{Lang, Messages, Tr};
use crate::input::Snapshot;
use crate::model::{Age, PubIncident, Published};
use crate::sdc::Shown;
use crate::stats::{OneWay, Tables, region_of};

/// Rows per page of the incident list.
pub const LIST_PAGE: usize = 250;

/// A number as the site writes it: whole numbers as they are, others to one decimal.
pub fn number(v: f64) -> String {
    chart::plain(v)
}

pub struct NavItem {
    pub href: String,
    pub label: String,
    pub current: bool,
}

pub struct LangLink {
    pub code: &'static str,
    pub name: &'static str,
    pub href: String,
    pub current: bool,
}

/// What every page shares: language, paths, navigation.
pub struct Chrome<'a> {
    pub tr: &'a Tr<'a>,
    pub lang: &'static str,
    pub dir: &'static str,
    pub root: &'static str,
    pub site_title: String,
    pub page_title: String,
    pub feed_title: String,
    pub nav: Vec<NavItem>,
    pub langs: Vec<LangLink>,
    pub footer_as_of: String,
    pub footer_licence: String,
}

impl Chrome<'_> {
    pub fn t(&self, key: &str) -> String {
        self.tr.t(key)
    }
}

pub struct Row {
    pub href: String,
    pub date: String,
    pub title: String,
    pub place: String,
    pub violations: String,
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage<'a> {
    c: Chrome<'a>,
    title: String,
    description: Vec<(String, String)>,
    incidents_line: String,
    victims_line: String,
    period_line: Option<String>,
    chart: Option<String>,
    latest: Vec<Row>,
}

#[derive(Template)]
#[template(path = "incidents.html")]
struct ListPage<'a> {
    c: Chrome<'a>,
    rows: Vec<Row>,
    page_line: String,
    previous: Option<String>,
    next: Option<String>,
    with_search: bool,
    regions: Vec<(usize, String)>,
    violations: Vec<(usize, String)>,
    years: Vec<i32>,
    /// The result count's wording for each CLDR plural category, `{count}` in place of
    /// the number: the script picks one with `Intl.PluralRules`.
    result_forms: Vec<(&'static str, String)>,
    result_more: String,
    untitled: String,
}

pub struct ActView {
    pub violation: String,
    pub date: Option<String>,
    pub victims: Vec<String>,
    pub perpetrators: Vec<String>,
}

#[derive(Template)]
#[template(path = "incident.html")]
struct IncidentPage<'a> {
    c: Chrome<'a>,
    title: String,
    title_lang: Option<String>,
    other_titles: Vec<(String, String)>,
    date: String,
    place: String,
    point: Option<String>,
    status: String,
    narrative: Vec<(String, String)>,
    acts: Vec<ActView>,
    interventions: Vec<String>,
    evidence: Vec<(String, String)>,
}

pub struct ChartView {
    pub id: &'static str,
    pub title: String,
    pub svg: String,
    pub note: Option<String>,
    pub key_label: String,
    pub rows: Vec<(String, String)>,
    pub total: String,
}

#[derive(Template)]
#[template(path = "statistics.html")]
struct StatisticsPage<'a> {
    c: Chrome<'a>,
    suppressed_note: String,
    charts: Vec<ChartView>,
    estimates: Vec<(String, Vec<String>)>,
}

#[derive(Template)]
#[template(path = "map.html")]
struct MapPage<'a> {
    c: Chrome<'a>,
    map: Option<String>,
    rows: Vec<(String, String)>,
}

#[derive(Template)]
#[template(path = "methodology.html")]
struct MethodologyPage<'a> {
    c: Chrome<'a>,
    sources_intro: String,
    source_kinds: Vec<(String, usize)>,
    lists: Vec<(String, Option<String>)>,
    policy_intro: String,
}

#[derive(Template)]
#[template(path = "data.html")]
struct DataPage<'a> {
    c: Chrome<'a>,
    intro: String,
    files: Vec<(String, String)>,
}

#[derive(Template)]
#[template(path = "root.html")]
struct RootPage {
    site_title: String,
    langs: Vec<(&'static str, &'static str, String)>,
}

/// Labels of vocabulary terms and places in one language.
pub struct Labels<'a> {
    s: &'a Snapshot,
    lang: &'static str,
}

impl Labels<'_> {
    pub fn term(&self, vocab: &str, code: &str) -> String {
        self.s
            .vocabularies
            .get(vocab)
            .and_then(|v| v.term(code))
            .and_then(|t| t.labels.best(self.lang))
            .unwrap_or(code)
            .to_string()
    }

    pub fn place(&self, id: &RecordId) -> String {
        self.s
            .places
            .get(id)
            .and_then(|p: &Place| p.name.best(self.lang))
            .unwrap_or_default()
            .to_string()
    }

    pub fn places(&self, ids: &[RecordId]) -> String {
        // Most precise first, as addresses are read: district, region, country.
        ids.iter()
            .rev()
            .map(|id| self.place(id))
            .filter(|n| !n.is_empty())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

fn texts(t: &MultiText) -> Vec<(String, String)> {
    t.0.iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

fn date_text(tr: &Tr<'_>, d: Option<&Edtf>) -> String {
    d.map_or_else(|| tr.t("date-unknown"), |d| d.as_str().to_string())
}

fn title_of(tr: &Tr<'_>, t: &MultiText) -> String {
    t.best(tr.lang.code())
        .filter(|s| !s.trim().is_empty())
        .map_or_else(|| tr.t("untitled"), str::to_string)
}

/// Everything the renderer needs besides the language.
pub struct Context<'a> {
    pub s: &'a Snapshot,
    pub published: &'a Published,
    pub tables: &'a Tables,
    pub messages: &'a Messages,
    pub boundaries: Option<&'a crate::map::Boundaries>,
    /// The open data's files and their descriptions, relative to `opendata/`.
    pub data_files: &'a [(String, String)],
}

/// Renders the pages of one language, handing each to `put` as (path, bytes) as soon as
/// it is made, so that a language's pages are never all held at once.
pub fn language(ctx: &Context<'_>, lang: Lang, put: &mut dyn FnMut(String, Vec<u8>)) {
    let tr = Tr {
        lang,
        messages: ctx.messages,
    };
    let s = ctx.s;
    let labels = Labels {
        s,
        lang: lang.code(),
    };
    let code = lang.code();
    let site_title = s
        .collection
        .title
        .best(code)
        .unwrap_or(&s.collection.name)
        .to_string();
    let as_of_date = s.as_of.get(..10).unwrap_or(&s.as_of).to_string();
    let chrome = |root: &'static str, here: &str, current: &str, page_title: String| {
        let nav = [
            ("index.html", "nav-home"),
            ("incidents/index.html", "nav-incidents"),
            ("statistics.html", "nav-statistics"),
            ("map.html", "nav-map"),
            ("methodology.html", "nav-methodology"),
            ("data.html", "nav-data"),
        ]
        .into_iter()
        .map(|(href, key)| NavItem {
            href: format!("{root}{code}/{href}"),
            label: tr.t(key),
            current: key == current,
        })
        .collect();
        Chrome {
            tr: &tr,
            lang: code,
            dir: lang.dir(),
            root,
            site_title: site_title.clone(),
            page_title,
            feed_title: tr.ta("feed-title", &[("collection", site_title.clone())]),
            nav,
            langs: Lang::ALL
                .into_iter()
                .map(|l| LangLink {
                    code: l.code(),
                    name: l.native_name(),
                    href: format!("{root}{}/{here}", l.code()),
                    current: l == lang,
                })
                .collect(),
            footer_as_of: tr.ta("footer-as-of", &[("date", as_of_date.clone())]),
            footer_licence: tr.ta("footer-licence", &[("licence", s.policy.licence.clone())]),
        }
    };
    let mut put = |path: String, html: String| put(path, html.into_bytes());

    let row = |inc: &PubIncident, prefix: &str| Row {
        href: format!("{prefix}{}.html", inc.id),
        date: date_text(&tr, inc.date.as_ref()),
        title: title_of(&tr, &inc.title),
        place: labels.places(&inc.places),
        violations: {
            let mut v: Vec<String> = inc
                .acts
                .iter()
                .map(|a| labels.term(wk::VIOLATION_TYPES, &a.violation))
                .collect();
            v.dedup();
            v.join(", ")
        },
    };

    // Home.
    let mut latest: Vec<&PubIncident> = ctx.published.incidents.iter().collect();
    latest.sort_by(|a, b| b.updated.cmp(&a.updated).then(a.id.cmp(&b.id)));
    let t = ctx.tables;
    let home = HomePage {
        c: chrome("../", "index.html", "nav-home", tr.t("nav-home")),
        title: site_title.clone(),
        description: texts(&s.collection.description),
        incidents_line: tr.ta(
            "home-incidents",
            &[("count", ctx.published.incidents.len().to_string())],
        ),
        victims_line: tr.ta("home-victims", &[("count", t.victims.to_string())]),
        period_line: match (t.first_year, t.last_year) {
            (Some(a), Some(b)) => Some(tr.ta(
                "home-period",
                &[("from", a.to_string()), ("to", b.to_string())],
            )),
            _ => None,
        },
        chart: (!t.years.keys.is_empty()).then(|| year_chart(&tr, t)),
        latest: latest
            .iter()
            .take(10)
            .map(|i| row(i, "incidents/"))
            .collect(),
    };
    put(
        format!("{code}/index.html"),
        home.render().expect("home renders"),
    );

    // The incident list, page by page, with the search form on the first.
    let region_ids: Vec<String> = t
        .regions
        .keys
        .iter()
        .filter(|k| !k.is_empty())
        .cloned()
        .collect();
    let violation_codes: Vec<String> = t.violations.keys.clone();
    let pages = ctx.published.incidents.len().div_ceil(LIST_PAGE).max(1);
    let mut ordered: Vec<&PubIncident> = ctx.published.incidents.iter().collect();
    // Newest first by the earliest day the date may denote; undated last.
    ordered.sort_by(|a, b| {
        let day = |i: &PubIncident| {
            i.date
                .as_ref()
                .and_then(|d| d.earliest())
                .map(|d| d.to_days())
        };
        day(b).cmp(&day(a)).then(a.id.cmp(&b.id))
    });
    let page_name = |n: usize| {
        if n == 1 {
            "index.html".to_string()
        } else {
            format!("page-{n}.html")
        }
    };
    for n in 1..=pages {
        let chunk = &ordered[(n - 1) * LIST_PAGE..(n * LIST_PAGE).min(ordered.len())];
        let here = format!("incidents/{}", page_name(n));
        let page = ListPage {
            c: chrome("../../", &here, "nav-incidents", tr.t("nav-incidents")),
            rows: chunk.iter().map(|i| row(i, "")).collect(),
            page_line: tr.ta(
                "incidents-page",
                &[("page", n.to_string()), ("pages", pages.to_string())],
            ),
            previous: (n > 1).then(|| page_name(n - 1)),
            next: (n < pages).then(|| page_name(n + 1)),
            with_search: n == 1,
            regions: region_ids
                .iter()
                .enumerate()
                .map(|(i, id)| {
                    (
                        i,
                        id.parse().map(|id| labels.place(&id)).unwrap_or_default(),
                    )
                })
                .collect(),
            violations: violation_codes
                .iter()
                .enumerate()
                .map(|(i, c)| (i, labels.term(wk::VIOLATION_TYPES, c)))
                .collect(),
            years: match (t.first_year, t.last_year) {
                (Some(a), Some(b)) => (a..=b).rev().collect(),
                _ => Vec::new(),
            },
            result_forms: plural_forms(&tr, "incidents-results"),
            result_more: tr.ta("incidents-more", &[("count", "{count}".into())]),
            untitled: tr.t("untitled"),
        };
        put(
            format!("{code}/{here}"),
            page.render().expect("list renders"),
        );
    }

    // Incident pages.
    for inc in &ctx.published.incidents {
        let title_lang = inc
            .title
            .0
            .contains_key(code)
            .then(|| code.to_string())
            .or_else(|| {
                inc.title
                    .0
                    .keys()
                    .find(|k| inc.title.best(code) == inc.title.0.get(*k).map(String::as_str))
                    .cloned()
            });
        let shown = title_of(&tr, &inc.title);
        let page = IncidentPage {
            c: chrome(
                "../../",
                &format!("incidents/{}.html", inc.id),
                "nav-incidents",
                shown.clone(),
            ),
            other_titles: texts(&inc.title)
                .into_iter()
                .filter(|(_, t)| *t != shown)
                .collect(),
            title: shown,
            title_lang,
            date: date_text(&tr, inc.date.as_ref()),
            place: labels.places(&inc.places),
            point: inc.point.map(|(lat, lon)| format!("{lat:.1}, {lon:.1}")),
            status: tr.t(&format!("status-{}", inc.status)),
            narrative: texts(&inc.narrative),
            acts: inc
                .acts
                .iter()
                .map(|a| ActView {
                    violation: labels.term(wk::VIOLATION_TYPES, &a.violation),
                    date: a.date.as_ref().map(|d| d.as_str().to_string()),
                    victims: a
                        .victims
                        .iter()
                        .map(|v| {
                            let mut parts = vec![match (&v.name, v.group_size) {
                                (Some(n), _) => n.clone(),
                                (None, Some(g)) if g > 1 => {
                                    tr.ta("incident-victim-group", &[("count", g.to_string())])
                                }
                                (None, _) => tr.t("incident-victim-unnamed"),
                            }];
                            if let Some(sex) = &v.sex {
                                parts.push(labels.term(wk::SEX, sex));
                            }
                            match v.age {
                                Some(Age::Minor) => parts.push(tr.t("age-minor")),
                                Some(Age::Years(a, b)) if a == b => {
                                    parts.push(format!("{} {a}", tr.t("incident-age")))
                                }
                                Some(Age::Years(a, b)) => {
                                    parts.push(format!("{} {a}–{b}", tr.t("incident-age")))
                                }
                                None => {}
                            }
                            parts.join(" · ")
                        })
                        .collect(),
                    perpetrators: a
                        .perpetrators
                        .iter()
                        .map(|p| {
                            let mut parts = Vec::new();
                            if let Some(o) = &p.organization {
                                parts.push(o.best(code).unwrap_or_default().to_string());
                            }
                            if let Some(n) = &p.person {
                                parts.push(n.clone());
                            }
                            if let Some(k) = &p.kind {
                                parts.push(format!("({})", labels.term(wk::PERPETRATOR_TYPES, k)));
                            }
                            parts.join(" ")
                        })
                        .collect(),
                })
                .collect(),
            interventions: inc
                .interventions
                .iter()
                .map(|i| {
                    let mut line = labels.term(wk::INTERVENTION_TYPES, &i.kind);
                    if let Some(t) = &i.target {
                        line.push_str(&format!(" → {t}"));
                    }
                    if let Some(d) = &i.submitted {
                        line.push_str(&format!(" · {}", d.as_str()));
                    }
                    line.push_str(&format!(
                        " · {}",
                        labels.term(wk::INTERVENTION_STATUS, &i.status)
                    ));
                    line
                })
                .collect(),
            evidence: inc
                .evidence
                .iter()
                .map(|e| {
                    (
                        format!("../../{}", media_path(&e.sha256, &e.media_type)),
                        e.description
                            .best(code)
                            .map_or_else(|| e.media_type.clone(), str::to_string),
                    )
                })
                .collect(),
        };
        put(
            format!("{code}/incidents/{}.html", inc.id),
            page.render().expect("incident renders"),
        );
    }

    // Statistics.
    let charts = vec![
        chart_view(
            &tr,
            "by-year",
            "stats-time",
            "stats-time-desc",
            "col-year",
            &t.years,
            &|k| k.to_string(),
            Some(tr.ta(
                "stats-undated",
                &[
                    ("count", t.undated.to_string()),
                    ("open", t.open_ended.to_string()),
                ],
            )),
        ),
        chart_view(
            &tr,
            "by-violation",
            "stats-violation",
            "stats-violation-desc",
            "col-category",
            &t.violations,
            &|k| labels.term(wk::VIOLATION_TYPES, k),
            None,
        ),
        chart_view(
            &tr,
            "by-perpetrator",
            "stats-perpetrator",
            "stats-perpetrator-desc",
            "col-category",
            &t.perpetrators,
            &|k| {
                if k.is_empty() {
                    tr.t("stats-no-value")
                } else {
                    labels.term(wk::PERPETRATOR_TYPES, k)
                }
            },
            None,
        ),
        chart_view(
            &tr,
            "by-region",
            "stats-region",
            "stats-region-desc",
            "col-region",
            &t.regions,
            &|k| {
                k.parse()
                    .map(|id| labels.place(&id))
                    .unwrap_or_else(|_| tr.t("stats-no-value"))
            },
            None,
        ),
    ];
    // An estimate resting on fewer documented people than the threshold is a small
    // count like any other: it is not published.
    let estimates = s
        .estimates
        .iter()
        .filter(|e| e.documented >= u64::from(s.policy.threshold))
        .map(|e| {
            (
                tr.ta(
                    "stats-estimate-line",
                    &[
                        ("label", e.label.clone()),
                        ("documented", e.documented.to_string()),
                        ("estimate", number(e.estimate.round())),
                        ("lower", number(e.lower95.round())),
                        ("upper", number(e.upper95.round())),
                        ("method", e.method.clone()),
                        ("lists", e.lists.to_string()),
                    ],
                ),
                e.warnings.clone(),
            )
        })
        .collect();
    let stats = StatisticsPage {
        c: chrome(
            "../",
            "statistics.html",
            "nav-statistics",
            tr.t("stats-heading"),
        ),
        suppressed_note: tr.ta(
            "stats-suppressed",
            &[("threshold", s.policy.threshold.to_string())],
        ),
        charts,
        estimates,
    };
    put(
        format!("{code}/statistics.html"),
        stats.render().expect("statistics render"),
    );

    // Map.
    let region_rows = shown_rows(
        &t.regions,
        &|k| {
            k.parse()
                .map(|id| labels.place(&id))
                .unwrap_or_else(|_| tr.t("stats-no-value"))
        },
        &tr,
    );
    let map = ctx.boundaries.map(|b| {
        let shades: Vec<(String, crate::map::Shade)> = t
            .regions
            .keys
            .iter()
            .zip(&t.regions.protected.cells)
            .filter_map(|(k, cells)| {
                let id: RecordId = k.parse().ok()?;
                let key = map_key(s.places.get(&id)?);
                Some((
                    key,
                    match cells[0] {
                        Shown::Value(v) => crate::map::Shade::Count(v),
                        Shown::Suppressed => crate::map::Shade::Suppressed,
                    },
                ))
            })
            .collect();
        let title = tr.t("map-title");
        let desc = tr.t("map-desc");
        let legend = tr.t("map-legend");
        let sup = tr.t("map-suppressed");
        let nodata = tr.t("map-no-data");
        crate::map::choropleth(
            b,
            &shades,
            &crate::map::MapOptions {
                title: &title,
                description: &desc,
                legend_title: &legend,
                suppressed_label: &sup,
                no_data_label: &nodata,
                width: 800,
                lang: Some(code),
                right_to_left: lang == Lang::Ar,
                number: &number,
            },
        )
    });
    let map_page = MapPage {
        c: chrome("../", "map.html", "nav-map", tr.t("map-heading")),
        map,
        rows: region_rows,
    };
    put(
        format!("{code}/map.html"),
        map_page.render().expect("map renders"),
    );

    // Methodology.
    let mut kinds: BTreeMap<String, usize> = BTreeMap::new();
    for (_, src) in &s.sources {
        let k = src.kind.as_deref().map_or_else(
            || tr.t("stats-no-value"),
            |k| labels.term(wk::SOURCE_TYPES, k),
        );
        *kinds.entry(k).or_default() += 1;
    }
    let method = MethodologyPage {
        c: chrome(
            "../",
            "methodology.html",
            "nav-methodology",
            tr.t("method-heading"),
        ),
        sources_intro: tr.ta(
            "method-sources-intro",
            &[("count", s.sources.len().to_string())],
        ),
        source_kinds: kinds.into_iter().collect(),
        lists: s
            .source_lists
            .iter()
            .map(|(_, l, n)| {
                (
                    tr.ta(
                        "method-list-line",
                        &[("name", l.name.clone()), ("count", n.to_string())],
                    ),
                    l.description.best(code).map(str::to_string),
                )
            })
            .collect(),
        policy_intro: tr.ta(
            "method-policy-intro",
            &[("threshold", s.policy.threshold.to_string())],
        ),
    };
    put(
        format!("{code}/methodology.html"),
        method.render().expect("methodology renders"),
    );

    let data = DataPage {
        c: chrome("../", "data.html", "nav-data", tr.t("data-heading")),
        intro: tr.ta("data-intro", &[("licence", s.policy.licence.clone())]),
        files: ctx.data_files.to_vec(),
    };
    put(
        format!("{code}/data.html"),
        data.render().expect("data page renders"),
    );

    put(
        format!("{code}/feed.atom"),
        feed(ctx, &tr, &labels, &site_title),
    );
}

/// A message with a count in each CLDR plural category, rendered with a number of that
/// category (for the languages here) and the number then replaced by `{count}`.
fn plural_forms(tr: &Tr<'_>, key: &str) -> Vec<(&'static str, String)> {
    [
        ("zero", 0),
        ("one", 1),
        ("two", 2),
        ("few", 3),
        ("many", 11),
        ("other", 100),
    ]
    .into_iter()
    .map(|(category, n)| {
        let text = tr.ta(key, &[("count", n.to_string())]);
        (category, text.replacen(&n.to_string(), "{count}", 1))
    })
    .collect()
}

/// The key a place is matched to boundaries by: its ISO code, else its English name.
pub fn map_key(p: &Place) -> String {
    p.iso_code
        .clone()
        .unwrap_or_else(|| p.name.best("en").unwrap_or_default().to_string())
}

fn shown(v: Shown, tr: &Tr<'_>) -> String {
    match v {
        Shown::Value(x) => number(x),
        Shown::Suppressed => format!("— ({})", tr.t("stats-hidden")),
    }
}

fn shown_rows(t: &OneWay, label: &dyn Fn(&str) -> String, tr: &Tr<'_>) -> Vec<(String, String)> {
    t.keys
        .iter()
        .zip(&t.protected.cells)
        .map(|(k, c)| (label(k), shown(c[0], tr)))
        .collect()
}

#[allow(clippy::too_many_arguments)]
fn chart_view(
    tr: &Tr<'_>,
    id: &'static str,
    title: &str,
    desc: &str,
    key_label: &str,
    t: &OneWay,
    label: &dyn Fn(&str) -> String,
    note: Option<String>,
) -> ChartView {
    let title = tr.t(title);
    let desc = tr.t(desc);
    let labels: Vec<String> = t.keys.iter().map(|k| label(k)).collect();
    let hidden = tr.t("stats-hidden");
    let bar_labels: Vec<String> = labels
        .iter()
        .zip(&t.protected.cells)
        .map(|(l, c)| match c[0] {
            Shown::Value(_) => l.clone(),
            Shown::Suppressed => format!("{l} ({hidden})"),
        })
        .collect();
    // Hidden counts are left out of the chart (a bar of 0 would read as "none"); the
    // table under it lists them as hidden.
    let bars: Vec<Bar<'_>> = bar_labels
        .iter()
        .zip(&t.protected.cells)
        .filter_map(|(l, c)| match c[0] {
            Shown::Value(v) => Some(Bar { label: l, value: v }),
            Shown::Suppressed => None,
        })
        .collect();
    let mut options = ChartOptions::new(&title, &desc);
    options.lang = Some(tr.lang.code());
    options.right_to_left = tr.lang == Lang::Ar;
    let svg = chart::bars(&bars, &options);
    ChartView {
        id,
        title: title.clone(),
        svg,
        note,
        key_label: tr.t(key_label),
        rows: shown_rows(t, label, tr),
        total: shown(t.protected.total, tr),
    }
}

fn year_chart(tr: &Tr<'_>, t: &Tables) -> String {
    let title = tr.t("stats-time");
    let desc = tr.t("stats-time-desc");
    let hidden = tr.t("stats-hidden");
    let labels: Vec<String> = t
        .years
        .keys
        .iter()
        .zip(&t.years.protected.cells)
        .map(|(k, c)| match c[0] {
            Shown::Value(_) => k.clone(),
            Shown::Suppressed => format!("{k} ({hidden})"),
        })
        .collect();
    let bars: Vec<Bar<'_>> = labels
        .iter()
        .zip(&t.years.protected.cells)
        .filter_map(|(l, c)| match c[0] {
            Shown::Value(v) => Some(Bar { label: l, value: v }),
            Shown::Suppressed => None,
        })
        .collect();
    let mut options = ChartOptions::new(&title, &desc);
    options.lang = Some(tr.lang.code());
    options.right_to_left = tr.lang == Lang::Ar;
    chart::bars(&bars, &options)
}

/// Where a published evidence copy lives in the site.
pub fn media_path(sha256: &str, media_type: &str) -> String {
    let ext = match media_type {
        "image/jpeg" => "jpg",
        "image/png" => "png",
        "image/webp" => "webp",
        "application/pdf" => "pdf",
        "video/mp4" => "mp4",
        "audio/mpeg" => "mp3",
        _ => "bin",
    };
    format!("media/{sha256}.{ext}")
}

/// Entries in each feed.
const FEED_ENTRIES: usize = 50;

/// An Atom feed (RFC 4287) of the incidents and urgent actions changed last.
fn feed(ctx: &Context<'_>, tr: &Tr<'_>, labels: &Labels<'_>, site_title: &str) -> String {
    let code = tr.lang.code();
    let mut entries: Vec<(String, String, String, String)> = Vec::new(); // updated, id, title, href
    for inc in &ctx.published.incidents {
        entries.push((
            inc.updated.clone(),
            format!("urn:uuid:{}", inc.id),
            tr.ta("feed-incident", &[("title", title_of(tr, &inc.title))]),
            format!("incidents/{}.html", inc.id),
        ));
        for i in &inc.interventions {
            if i.kind.contains("urgent") {
                entries.push((
                    i.updated.clone(),
                    format!("urn:uuid:{}", i.id),
                    tr.ta(
                        "feed-intervention",
                        &[("kind", labels.term(wk::INTERVENTION_TYPES, &i.kind))],
                    ),
                    format!("incidents/{}.html#interventions", inc.id),
                ));
            }
        }
    }
    entries.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    entries.truncate(FEED_ENTRIES);
    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    out.push_str(&format!(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{code}\">\n"
    ));
    out.push_str(&format!(
        "<title>{}</title>\n",
        xml(&tr.ta("feed-title", &[("collection", site_title.to_string())]))
    ));
    out.push_str(&format!("<id>urn:uuid:{}</id>\n", ctx.s.collection_id));
    out.push_str(&format!("<updated>{}</updated>\n", xml(&ctx.s.as_of)));
    out.push_str(&format!(
        "<author><name>{}</name></author>\n",
        xml(site_title)
    ));
    out.push_str("<link rel=\"alternate\" href=\"index.html\"/>\n");
    for (updated, id, title, href) in entries {
        out.push_str("<entry>\n");
        out.push_str(&format!("<id>{id}</id>\n<title>{}</title>\n", xml(&title)));
        out.push_str(&format!("<updated>{}</updated>\n", xml(&updated)));
        out.push_str(&format!(
            "<link rel=\"alternate\" href=\"{}\"/>\n",
            xml(&href)
        ));
        out.push_str("</entry>\n");
    }
    out.push_str("</feed>\n");
    out
}

/// The root page: a choice of language.
pub fn root(s: &Snapshot, messages: &Messages) -> Vec<u8> {
    let page = RootPage {
        site_title: s
            .collection
            .title
            .best("en")
            .unwrap_or(&s.collection.name)
            .to_string(),
        langs: Lang::ALL
            .into_iter()
            .map(|l| {
                (
                    l.code(),
                    l.native_name(),
                    messages.get(l, "lang-chooser", None),
                )
            })
            .collect(),
    };
    page.render().expect("root renders").into_bytes()
}

/// The search index the list page's script reads: one row per incident with its id,
/// titles, date, years, region and violations (as indexes into the lists at the top).
pub fn search_index(s: &Snapshot, published: &Published, tables: &Tables) -> Vec<u8> {
    let regions: Vec<&String> = tables
        .regions
        .keys
        .iter()
        .filter(|k| !k.is_empty())
        .collect();
    let region_index: BTreeMap<&str, usize> = regions
        .iter()
        .enumerate()
        .map(|(i, k)| (k.as_str(), i))
        .collect();
    let violation_index: BTreeMap<&str, usize> = tables
        .violations
        .keys
        .iter()
        .enumerate()
        .map(|(i, k)| (k.as_str(), i))
        .collect();
    let mut rows = Vec::with_capacity(published.incidents.len());
    for inc in &published.incidents {
        let titles: serde_json::Value = if inc.title.0.len() == 1 {
            serde_json::Value::String(inc.title.0.values().next().cloned().unwrap_or_default())
        } else {
            serde_json::to_value(&inc.title.0).expect("titles serialise")
        };
        let (from, to) = match inc.date.as_ref().map(|d| (d.earliest(), d.latest())) {
            Some((Some(a), Some(b))) => (serde_json::json!(a.year), serde_json::json!(b.year)),
            _ => (serde_json::Value::Null, serde_json::Value::Null),
        };
        let region = region_of(s, &inc.places)
            .and_then(|r| region_index.get(r.to_string().as_str()).copied());
        let mut violations: Vec<usize> = inc
            .acts
            .iter()
            .filter_map(|a| violation_index.get(a.violation.as_str()).copied())
            .collect();
        violations.sort_unstable();
        violations.dedup();
        rows.push(serde_json::json!([
            inc.id.to_string(),
            titles,
            inc.date.as_ref().map(|d| d.as_str()),
            from,
            to,
            region,
            violations
        ]));
    }
    let body = serde_json::to_string(&rows).expect("index serialises");
    // A script that sets a global, since browsers refuse `fetch` on file:// pages.
    format!("window.MEMORIA_INCIDENTS={body};\n").into_bytes()
}
