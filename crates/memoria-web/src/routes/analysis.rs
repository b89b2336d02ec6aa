//! The analysis of a collection's source lists: the lists, how blocking found
//! candidate pairs, the clusters linkage made, the estimate of the victims no list
//! documented (LCMCR and the log-linear model chosen by AIC, each with its interval,
//! method, assumptions and warnings), and the uncertain pairs that people should review.
//!
//! Only accounts that may read names and export data in the collection see it: the
//! lists are victims' names, and the pairs to review show them side by side. Reading the
//! lists is audited by `memoria_analysis::read_lists` under the signed-in account, and
//! every view that shows names writes a read-sensitive entry of its own.
//!
//! The analysis (linkage and both estimates) is kept (see [`AppState::derived`]) until
//! a record is written, so reloading does not recompute it. It holds record ids, never
//! names: names are read from the store for each view, as the reader may see them.
//!
//! Each pair to review has a form: same person, different people, not sure. The answer
//! is a `MatchDecision` record (written under the reviewer's account, so audited and
//! versioned like any record); the next linkage takes it over the model's score, and
//! the pair leaves the queue. Answering again changes the same record.

use std::collections::HashMap;
use std::time::Instant;

use axum::Form;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::Redirect;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use memoria_analysis::{AnalysisError, ListInput};
use memoria_auth::roles::redact;
use memoria_core::entity::{Entity, EntityKind, MatchDecision, Verdict};
use memoria_core::id::RecordId;
use memoria_core::vocab::{VocabularySet, well_known};
use memoria_estimate::{
    Estimate, LcmcrError, LcmcrOptions, LoglinearSpec, Method, SearchOptions, WarningKind,
};
use memoria_linkage::LevelName;
use memoria_linkage::{BlockingReport, FieldContribution};
use memoria_store::Store;
use serde::Deserialize;

use crate::error::WebError;
use crate::extract::User;
use crate::i18n::Tr;
use crate::page::{self, chrome};
use crate::state::AppState;
use crate::view::{
    AnalysisPage, BlockingRow, Candidate, Choice, ClusterMember, ClustersPage, EstimateRow,
    ExplainRow, Focus, ListRow, Page, ReviewPairView, ReviewSide,
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/analysis", get(analysis))
        .route("/analysis/decisions", post(decide))
        .route("/analysis/keep", post(keep))
        .route("/analysis/clusters", get(clusters_page))
        .route("/analysis/split", post(split))
        .route("/analysis/merge", post(merge))
        .route("/analysis/undo", post(undo_edit))
}

#[derive(Deserialize)]
struct Params {
    collection: Option<String>,
    #[serde(default)]
    saved: Option<String>,
    #[serde(default)]
    kept: Option<String>,
}

#[derive(Deserialize)]
struct KeepForm {
    csrf: String,
    collection: String,
}

/// Keeps the collection's linkage as it stands (lists and reviewers' answers read now)
/// in the store, as a new revision of its kept linkage: what `memoria link` does
/// without `--out`. Estimates take it while the lists and answers are unchanged.
async fn keep(
    State(state): State<AppState>,
    user: User,
    Form(form): Form<KeepForm>,
) -> Result<Response, WebError> {
    let collection = analysing(&user, &form.csrf, &form.collection)?;
    state
        .blocking(move |s| {
            let store = s.store.as_ref();
            let analysis_error = |e: AnalysisError| match e {
                AnalysisError::Store(e) => e.into(),
                other => WebError::BadRequest(other.to_string()),
            };
            let config = memoria_analysis::record_config();
            let (records, lists, config) =
                memoria_analysis::read_lists_decided(store, &user.actor, collection, &config)
                    .map_err(analysis_error)?;
            let decisions =
                memoria_analysis::match_decisions(store, collection).map_err(analysis_error)?;
            let basis = memoria_analysis::basis(&records, &decisions);
            let linkage = memoria_linkage::link(&records, &config.settings)
                .map_err(|e| WebError::BadRequest(e.to_string()))?;
            memoria_analysis::keep(
                store,
                &user.actor,
                collection,
                &lists,
                &records,
                &linkage,
                config.settings.decisions.len(),
                basis,
                None,
            )
            .map_err(analysis_error)?;
            Ok(Redirect::to(&format!("/analysis?collection={collection}&kept=1")).into_response())
        })
        .await
}

#[derive(Deserialize)]
struct DecisionForm {
    csrf: String,
    collection: String,
    a: String,
    b: String,
    verdict: String,
}

/// Records a reviewer's answer about two list records of a collection, or changes the
/// answer already recorded for the pair. Reviewers are those who may see the analysis.
async fn decide(
    State(state): State<AppState>,
    user: User,
    Form(form): Form<DecisionForm>,
) -> Result<Response, WebError> {
    let collection = analysing(&user, &form.csrf, &form.collection)?;
    let verdict: Verdict = form
        .verdict
        .parse()
        .map_err(|_| WebError::BadRequest("answer same, different or unsure".into()))?;
    let (a, b) = (page::record_id(&form.a)?, page::record_id(&form.b)?);
    if a == b {
        return Err(WebError::BadRequest(
            "a pair is two different list records".into(),
        ));
    }
    state
        .blocking(move |s| {
            let store = s.store.as_ref();
            for id in [a, b] {
                list_record_of(store, &user, collection, id)?;
            }
            let decisions = decisions_of(store, collection)?;
            let mut tx = store.begin(&user.actor)?;
            put_decision(tx.as_mut(), &decisions, collection, [a, b], verdict, None)?;
            tx.commit()?;
            Ok(Redirect::to(&format!("/analysis?collection={collection}&saved=1")).into_response())
        })
        .await
}

/// Checks the form's token and that `user` may analyse the collection it names.
fn analysing(user: &User, csrf: &str, collection: &str) -> Result<RecordId, WebError> {
    user.check_csrf(csrf)?;
    let collection = page::record_id(collection)?;
    if !page::may_analyse(user, collection) {
        return Err(WebError::Forbidden);
    }
    Ok(collection)
}

/// Records `verdict` about the two list records, or a new version of the decision
/// already recorded about them (found in `decisions`, in either order).
fn put_decision(
    tx: &mut dyn memoria_store::Tx,
    decisions: &[(memoria_store::Stored, MatchDecision)],
    collection: RecordId,
    [a, b]: [RecordId; 2],
    verdict: Verdict,
    note: Option<&str>,
) -> Result<(), WebError> {
    let decision = Entity::MatchDecision(MatchDecision {
        collection,
        records: [a.min(b), a.max(b)],
        verdict,
        note: note.map(str::to_string),
    });
    match decisions
        .iter()
        .find(|(_, d)| d.records == [a, b] || d.records == [b, a])
    {
        Some((s, _)) => tx.update(s.id, s.version, decision)?,
        None => tx.create(decision)?,
    };
    Ok(())
}

/// The note each decision of one merge or split carries: what was done, and the edit's
/// token, by which undoing the edit finds exactly its decisions (and none that anyone
/// has answered again since).
fn edit_note(what: &str, token: &str) -> String {
    format!("{what} (edit {token})")
}

/// The token of the merge or split that wrote a decision's note, if one did.
fn edit_token(note: Option<&str>) -> Option<&str> {
    let (_, token) = note?.strip_suffix(')')?.rsplit_once("(edit ")?;
    Some(token)
}

/// Adds to `answers` "same person" for each pair of `people` recorded as different
/// people, which would otherwise keep them apart; returns how many.
fn join_those_kept_apart(
    decisions: &[(memoria_store::Stored, MatchDecision)],
    people: &std::collections::BTreeSet<RecordId>,
    answers: &mut std::collections::BTreeMap<[RecordId; 2], Verdict>,
) -> usize {
    let mut turned = 0;
    for (_, d) in decisions {
        let [a, b] = d.records;
        if d.verdict == Verdict::Different && people.contains(&a) && people.contains(&b) {
            answers.insert(pair_of(a, b), Verdict::Same);
            turned += 1;
        }
    }
    turned
}

/// Writes `answers` as one edit (a merge or a split, `what`) under the reader's account,
/// in one transaction, each decision marked with the edit's note: created, or a new
/// version of the one recorded; a pair already answered so is left as it is (undoing
/// the edit then leaves it too). Returns the edit's token, for its undo form.
fn commit_edit(
    store: &dyn Store,
    user: &User,
    decisions: &[(memoria_store::Stored, MatchDecision)],
    collection: RecordId,
    answers: &std::collections::BTreeMap<[RecordId; 2], Verdict>,
    what: &str,
) -> Result<String, WebError> {
    let token = RecordId::random().to_string();
    let note = edit_note(what, &token);
    let mut tx = store.begin(&user.actor)?;
    for (&[a, b], &verdict) in answers {
        let already = decisions
            .iter()
            .any(|(_, d)| (d.records == [a, b] || d.records == [b, a]) && d.verdict == verdict);
        if !already {
            put_decision(
                tx.as_mut(),
                decisions,
                collection,
                [a, b],
                verdict,
                Some(&note),
            )?;
        }
    }
    tx.commit()?;
    Ok(token)
}

/// A pair as a key that does not depend on its order.
fn pair_of(a: RecordId, b: RecordId) -> [RecordId; 2] {
    [a.min(b), a.max(b)]
}

/// How many pairs of the collection reviewers have answered same or different.
fn decided_count(store: &dyn Store, collection: RecordId) -> Result<usize, WebError> {
    Ok(decisions_of(store, collection)?
        .iter()
        .filter(|(_, d)| d.verdict != Verdict::Unsure)
        .count())
}

fn decisions_of(
    store: &dyn Store,
    collection: RecordId,
) -> Result<Vec<(memoria_store::Stored, MatchDecision)>, WebError> {
    memoria_analysis::match_decisions(store, collection).map_err(|e| match e {
        AnalysisError::Store(e) => e.into(),
        other => WebError::internal(other.to_string()),
    })
}

/// Pairs to review shown at most, most likely first.
const REVIEW_SHOWN: usize = 50;

/// The sampler's settings: the package's defaults (K = 5, its prior on α) with a
/// burn-in and a number of draws that keep a page under about two seconds in a release
/// build, and a fixed seed, so that every reload (and every process) agrees.
pub fn lcmcr_options() -> LcmcrOptions {
    LcmcrOptions {
        classes: 5,
        burn_in: 5_000,
        samples: 1_000,
        thinning: 10,
        chains: 2,
        seed: 19_481_210,
        ..LcmcrOptions::default()
    }
}

/// Why there is no analysis to show, as a message key and its arguments.
pub enum Refusal {
    NoLists,
    TooManyLists(usize),
    /// Blocking was refused; the linkage error names rules and counts, never values.
    Blocking(String),
    Table(String),
}

/// A pair of records for review, by position in the lists.
pub struct Pair {
    a: (u16, RecordId),
    b: (u16, RecordId),
    probability: f64,
    prior_bits: f64,
    weight: f64,
    fields: Vec<FieldContribution>,
}

/// One linkage and estimation of a collection's lists.
pub struct Linked {
    lists: Vec<ListInput>,
    report: BlockingReport,
    records: usize,
    clusters: usize,
    linked_pairs: usize,
    lcmcr: Result<Estimate, LcmcrError>,
    loglinear: Result<Estimate, String>,
    review_total: usize,
    review: Vec<Pair>,
    seconds: f64,
    /// The digest of the records and answers linked ([`memoria_analysis::basis`]).
    basis: String,
    /// The estimates were made from the kept linkage (it was current), not this run's.
    from_kept: bool,
    /// Every cluster (the same clusters as the estimates'), largest first: each
    /// record's list input and id. The first `groups` have more than one record.
    people: Vec<Vec<(u16, RecordId)>>,
    groups: usize,
    /// Each record's place in `people`.
    person_of: HashMap<RecordId, usize>,
    /// For each record, the records outside its cluster it was compared with, most
    /// likely first (at most [`NEAR_SHOWN`]), with the match probability.
    near: HashMap<RecordId, Vec<(u16, RecordId, f64)>>,
}

impl Linked {
    /// The name of list `input` (from 1).
    fn list_name(&self, input: u16) -> String {
        self.lists
            .get(usize::from(input).wrapping_sub(1))
            .map(|l| l.name.clone())
            .unwrap_or_default()
    }
}

/// The collection's analysis, computed under the reader's account (which audits the
/// list reads) or taken from the cache while no record has changed.
fn analysed(
    s: &AppState,
    user: &User,
    collection: RecordId,
) -> Result<std::sync::Arc<Result<Linked, Refusal>>, WebError> {
    let actor = user.actor.clone();
    s.derived(format!("analysis/{collection}"), || {
        compute(s.store.as_ref(), &actor, collection)
    })
}

/// Refuses anything but a list record of `collection` that `user` may see, as if it
/// did not exist.
fn list_record_of(
    store: &dyn Store,
    user: &User,
    collection: RecordId,
    id: RecordId,
) -> Result<(), WebError> {
    let stored = page::visible(store, user, id)?;
    if stored.kind != EntityKind::Record || stored.collection != Some(collection) {
        return Err(WebError::NotFound);
    }
    Ok(())
}

async fn analysis(
    State(state): State<AppState>,
    user: User,
    Query(params): Query<Params>,
) -> Result<Response, WebError> {
    state
        .clone()
        .blocking(move |s| {
            let tr = user.tr(s);
            let collections: Vec<(RecordId, String)> =
                crate::routes::statistics::readable_collections(s.store.as_ref(), &user)?
                    .into_iter()
                    .filter(|(c, _)| page::may_analyse(&user, *c))
                    .collect();
            let chosen = match params.collection.as_deref().filter(|c| !c.is_empty()) {
                Some(text) => {
                    let id = page::record_id(text)?;
                    if !page::may_analyse(&user, id) {
                        return Err(WebError::Forbidden);
                    }
                    collections
                        .iter()
                        .find(|(c, _)| *c == id)
                        .ok_or(WebError::NotFound)?
                        .0
                }
                None => collections.first().ok_or(WebError::Forbidden)?.0,
            };
            let outcome = analysed(s, &user, chosen)?;
            let mut view = AnalysisPage {
                chrome: chrome(&user, s, tr.t("analysis-title"), "analysis"),
                collections: collections
                    .iter()
                    .map(|(id, label)| Choice {
                        value: id.to_string(),
                        label: label.clone(),
                        selected: *id == chosen,
                    })
                    .collect(),
                refusal: None,
                lists: Vec::new(),
                blocking: Vec::new(),
                blocking_summary: String::new(),
                clusters: String::new(),
                estimates: Vec::new(),
                settings: String::new(),
                review: Vec::new(),
                review_summary: String::new(),
                collection: chosen.to_string(),
                csrf: user.csrf(),
                decisions: {
                    let n = decided_count(s.store.as_ref(), chosen)?;
                    tr.t1("analysis-decisions", "count", n.to_string())
                },
                saved: params.saved.is_some(),
                kept: String::new(),
                groups: String::new(),
                may_keep: false,
                kept_now: params.kept.is_some(),
            };
            match &*outcome {
                Err(refusal) => view.refusal = Some(refusal_text(&tr, refusal)),
                Ok(linked) => {
                    fill(s.store.as_ref(), &s.vocabs(), &user, &tr, linked, &mut view)?;
                    kept_status(s.store.as_ref(), &tr, chosen, linked, &mut view)?;
                    // The pairs show names (as the reader may see them): audited per view,
                    // whether or not the analysis was computed for it.
                    if !view.review.is_empty() {
                        let mut tx = s.store.begin(&user.actor)?;
                        tx.audit("read-sensitive", Some(chosen), "analysis page")?;
                        tx.commit()?;
                    }
                }
            }
            Ok(view.render_html().into_response())
        })
        .await
}

/// Reads the lists (audited under `actor`), links them, and estimates.
fn compute(
    store: &dyn Store,
    actor: &memoria_store::Actor,
    collection: RecordId,
) -> Result<Result<Linked, Refusal>, WebError> {
    let started = Instant::now();
    let config = memoria_analysis::record_config();
    let (records, lists, config) =
        match memoria_analysis::read_lists_decided(store, actor, collection, &config) {
            Ok(r) => r,
            Err(AnalysisError::Store(e)) => return Err(e.into()),
            Err(AnalysisError::NoLists) => return Ok(Err(Refusal::NoLists)),
            Err(AnalysisError::TooManyLists(n)) => return Ok(Err(Refusal::TooManyLists(n))),
            Err(e) => return Ok(Err(Refusal::Table(e.to_string()))),
        };
    let decisions = match memoria_analysis::match_decisions(store, collection) {
        Ok(d) => d,
        Err(AnalysisError::Store(e)) => return Err(e.into()),
        Err(e) => return Ok(Err(Refusal::Table(e.to_string()))),
    };
    let basis = memoria_analysis::basis(&records, &decisions);
    let plan = match memoria_linkage::plan(&records, &config.settings) {
        Ok(p) => p,
        Err(e) => return Ok(Err(Refusal::Blocking(e.to_string()))),
    };
    let report = plan.report().clone();
    let linkage = plan.run();
    let names: Vec<String> = lists.iter().map(|l| l.name.clone()).collect();
    // The estimates take the kept linkage while it is current, as the command line does.
    let kept = match memoria_analysis::kept(store, collection) {
        Ok(k) => k.and_then(|(_, k)| memoria_analysis::current_clusters(&k, &records, &basis)),
        Err(AnalysisError::Store(e)) => return Err(e.into()),
        Err(_) => None,
    };
    let from_kept = kept.is_some();
    let rows = kept.unwrap_or_else(|| linkage.clusters().map(|c| (c.input, c.cluster)).collect());
    let people = people_of(&records, &rows);
    let groups = people.iter().take_while(|p| p.len() > 1).count();
    let person_of: HashMap<RecordId, usize> = people
        .iter()
        .enumerate()
        .flat_map(|(i, p)| p.iter().map(move |&(_, id)| (id, i)))
        .collect();
    let near = near_of(&records, &linkage, &rows);
    let clusters = rows
        .iter()
        .map(|r| r.1)
        .collect::<std::collections::HashSet<u32>>()
        .len();
    let table = match memoria_analysis::capture_table_of_rows(&rows, &names) {
        Ok(t) => t,
        Err(e) => return Ok(Err(Refusal::Table(e.to_string()))),
    };
    let side = |r: usize| {
        let rec = records.record(r);
        rec.id.parse::<RecordId>().ok().map(|id| (rec.input, id))
    };
    let band = linkage.review();
    let review = band
        .iter()
        .take(REVIEW_SHOWN)
        .filter_map(|p| {
            let why = linkage.explain(p.a, p.b);
            Some(Pair {
                a: side(p.a)?,
                b: side(p.b)?,
                probability: p.probability,
                prior_bits: why.prior_bits,
                weight: why.weight,
                fields: why.fields,
            })
        })
        .collect();
    // One stratum: the table has no stratum columns.
    let lcmcr = memoria_estimate::lcmcr(&table, &lcmcr_options())
        .and_then(|r| r.estimates.into_iter().next().ok_or(LcmcrError::NoData));
    let loglinear =
        memoria_estimate::loglinear(&table, &LoglinearSpec::Select(SearchOptions::default()))
            .map_err(|e| e.to_string())
            .and_then(|r| {
                r.estimates
                    .into_iter()
                    .next()
                    .ok_or_else(|| "the table has no stratum".to_string())
            });
    Ok(Ok(Linked {
        lists,
        records: records.len(),
        report,
        clusters,
        linked_pairs: linkage.linked_pairs().count(),
        lcmcr,
        loglinear,
        review_total: band.len(),
        review,
        seconds: started.elapsed().as_secs_f64(),
        basis,
        from_kept,
        people,
        groups,
        person_of,
        near,
    }))
}

/// What the page says of the collection's kept linkage, and whether to offer keeping
/// this one.
fn kept_status(
    store: &dyn Store,
    tr: &Tr,
    collection: RecordId,
    linked: &Linked,
    view: &mut AnalysisPage,
) -> Result<(), WebError> {
    let kept = memoria_analysis::kept(store, collection).map_err(|e| match e {
        AnalysisError::Store(e) => e.into(),
        other => WebError::internal(other.to_string()),
    })?;
    let (text, may_keep) = match kept {
        None => (tr.t("analysis-kept-none"), true),
        Some((stored, k)) => {
            let args = [
                ("version", stored.version.to_string()),
                (
                    "date",
                    stored.updated_at.to_string().chars().take(10).collect(),
                ),
                ("people", {
                    let mut c = k.clusters.clone();
                    c.sort_unstable();
                    c.dedup();
                    c.len().to_string()
                }),
            ];
            if k.basis == linked.basis && linked.from_kept {
                (tr.ta("analysis-kept-current", &args), false)
            } else {
                (tr.ta("analysis-kept-stale", &args), true)
            }
        }
    };
    view.kept = text;
    view.may_keep = may_keep;
    view.groups = tr.t1("analysis-groups-link", "count", linked.groups.to_string());
    Ok(())
}

/// Every cluster, largest first (then by its first record).
fn people_of(records: &memoria_linkage::Records, rows: &[(u16, u32)]) -> Vec<Vec<(u16, RecordId)>> {
    let mut by_cluster: HashMap<u32, Vec<(u16, RecordId)>> = HashMap::new();
    for (r, &(input, cluster)) in rows.iter().enumerate() {
        if let Ok(id) = records.record(r).id.parse::<RecordId>() {
            by_cluster.entry(cluster).or_default().push((input, id));
        }
    }
    let mut people: Vec<Vec<(u16, RecordId)>> = by_cluster
        .into_values()
        .map(|mut g| {
            g.sort();
            g
        })
        .collect();
    people.sort_by(|x, y| y.len().cmp(&x.len()).then_with(|| x.cmp(y)));
    people
}

/// Candidates shown for one record in the clusters view.
const NEAR_SHOWN: usize = 10;

/// For each record, the candidate pairs that join it to a record of another cluster,
/// most likely first: where a reviewer looks for a link the model missed.
fn near_of(
    records: &memoria_linkage::Records,
    linkage: &memoria_linkage::Linkage<'_>,
    rows: &[(u16, u32)],
) -> HashMap<RecordId, Vec<(u16, RecordId, f64)>> {
    let id = |r: usize| records.record(r).id.parse::<RecordId>().ok();
    let mut near: HashMap<RecordId, Vec<(u16, RecordId, f64)>> = HashMap::new();
    for p in linkage.pairs() {
        if rows[p.a].1 == rows[p.b].1 || p.probability < 0.01 {
            continue;
        }
        if let (Some(a), Some(b)) = (id(p.a), id(p.b)) {
            near.entry(a)
                .or_default()
                .push((rows[p.b].0, b, p.probability));
            near.entry(b)
                .or_default()
                .push((rows[p.a].0, a, p.probability));
        }
    }
    for list in near.values_mut() {
        list.sort_by(|x, y| y.2.total_cmp(&x.2).then_with(|| x.1.cmp(&y.1)));
        list.truncate(NEAR_SHOWN);
    }
    near
}

/// A count carried in a page's address; anything else (an address from an older
/// version, say) is taken as absent rather than refused.
fn count_in(param: &Option<String>) -> Option<usize> {
    param.as_deref().and_then(|p| p.parse().ok())
}

/// People shown per page of the clusters view.
const GROUPS_SHOWN: usize = 25;

/// What a split's decisions say they are ([`edit_note`]).
const SPLIT_NOTE: &str = "split in the clusters view";

/// What a merge's decisions say they are ([`edit_note`]).
const MERGE_NOTE: &str = "merged in the clusters view";

#[derive(Deserialize)]
struct ClustersParams {
    collection: String,
    #[serde(default)]
    page: Option<usize>,
    /// How many records a split just took off (its undo form uses `edit`).
    #[serde(default)]
    split: Option<String>,
    /// Why a split was not made: `none` ticked, or `all` of a cluster.
    #[serde(default)]
    split_refused: Option<String>,
    /// How many answers an undo just took back.
    #[serde(default)]
    undone: Option<String>,
    /// A record to look for others who may be the same person.
    #[serde(default)]
    record: Option<String>,
    /// How many records the merge with `record` just made one person.
    #[serde(default)]
    merged: Option<String>,
    /// How many earlier "different people" answers that merge turned.
    #[serde(default)]
    overruled: Option<String>,
    /// The merge or split just made, for its undo form.
    #[serde(default)]
    edit: Option<String>,
    /// The record typed in to merge with `record` was not one of the collection's.
    #[serde(default)]
    unknown: Option<String>,
}

/// The people the linkage found on more than one record, each with their records side
/// by side and a way to split a record off. Shows names as the reader may see them, so
/// every view is audited.
async fn clusters_page(
    State(state): State<AppState>,
    user: User,
    Query(params): Query<ClustersParams>,
) -> Result<Response, WebError> {
    let collection = page::record_id(&params.collection)?;
    if !page::may_analyse(&user, collection) {
        return Err(WebError::Forbidden);
    }
    state
        .blocking(move |s| {
            let tr = user.tr(s);
            let store = s.store.as_ref();
            let vocabs = s.vocabs();
            if store
                .get(collection)?
                .is_none_or(|c| c.kind != EntityKind::Collection)
            {
                return Err(WebError::NotFound);
            }
            let outcome = analysed(s, &user, collection)?;
            let mut view = ClustersPage {
                chrome: chrome(&user, s, tr.t("clusters-title"), "analysis"),
                back: format!("/analysis?collection={collection}"),
                collection: collection.to_string(),
                csrf: user.csrf(),
                refusal: None,
                groups: Vec::new(),
                summary: String::new(),
                previous: None,
                next: None,
                edit: params
                    .edit
                    .as_deref()
                    .and_then(|e| e.parse::<RecordId>().ok())
                    .map(|e| e.to_string()),
                split_done: count_in(&params.split)
                    .map(|n| tr.t1("clusters-split-done", "count", n)),
                split_refused: params.split_refused.as_deref().map(|why| match why {
                    "all" => tr.t("clusters-split-all"),
                    _ => tr.t("clusters-split-none"),
                }),
                undone: count_in(&params.undone).map(|n| {
                    if n == 0 {
                        tr.t("clusters-undo-nothing")
                    } else {
                        tr.t1("clusters-undone", "count", n)
                    }
                }),
                focus: None,
            };
            match &*outcome {
                Err(refusal) => view.refusal = Some(refusal_text(&tr, refusal)),
                Ok(linked) => {
                    let pages = linked.groups.div_ceil(GROUPS_SHOWN).max(1);
                    let page_no = params.page.unwrap_or(1).clamp(1, pages);
                    let member = |(input, id): (u16, RecordId)| -> Result<ClusterMember, WebError> {
                        Ok(ClusterMember {
                            side: side_of(store, &vocabs, &user, &tr, linked.list_name(input), id)?,
                            id: id.to_string(),
                        })
                    };
                    if let Some(text) = params.record.as_deref().filter(|r| !r.is_empty()) {
                        let record = page::record_id(text)?;
                        list_record_of(store, &user, collection, record)?;
                        let person = linked
                            .person_of
                            .get(&record)
                            .map(|&i| linked.people[i].as_slice())
                            .unwrap_or_default();
                        let mut focus = Focus {
                            record: record.to_string(),
                            person: Vec::new(),
                            candidates: Vec::new(),
                            merged: count_in(&params.merged).map(|n| {
                                let mut text = tr.t1("clusters-merge-done", "count", n);
                                if let Some(k) = count_in(&params.overruled).filter(|&k| k > 0) {
                                    text.push(' ');
                                    text.push_str(&tr.t1("clusters-merge-overruled", "count", k));
                                }
                                text
                            }),
                            unknown: params.unknown.is_some(),
                        };
                        for &m in person {
                            focus.person.push(member(m)?);
                        }
                        for &(input, id, p) in linked.near.get(&record).into_iter().flatten() {
                            focus.candidates.push(Candidate {
                                member: member((input, id))?,
                                probability: format!("{:.0}%", p * 100.0),
                            });
                        }
                        view.focus = Some(focus);
                    }
                    for group in linked.people[..linked.groups]
                        .iter()
                        .skip((page_no - 1) * GROUPS_SHOWN)
                        .take(GROUPS_SHOWN)
                    {
                        let members = group
                            .iter()
                            .map(|&m| member(m))
                            .collect::<Result<Vec<_>, _>>()?;
                        view.groups.push(members);
                    }
                    view.summary = if linked.groups == 0 {
                        tr.t("clusters-none")
                    } else {
                        tr.ta(
                            "clusters-summary",
                            &[
                                ("count", linked.groups.to_string()),
                                ("page", page_no.to_string()),
                                ("pages", pages.to_string()),
                            ],
                        )
                    };
                    let at =
                        |n: usize| format!("/analysis/clusters?collection={collection}&page={n}");
                    view.previous = (page_no > 1).then(|| at(page_no - 1));
                    view.next = (page_no < pages).then(|| at(page_no + 1));
                    if !view.groups.is_empty() || view.focus.is_some() {
                        let mut tx = store.begin(&user.actor)?;
                        tx.audit("read-sensitive", Some(collection), "analysis clusters page")?;
                        tx.commit()?;
                    }
                }
            }
            Ok(view.render_html().into_response())
        })
        .await
}

#[derive(Deserialize)]
struct MergeForm {
    csrf: String,
    collection: String,
    record: String,
    other: String,
    /// Set by the form where a reviewer types or pastes the other record (its id or
    /// its page's address) rather than choosing a candidate: a record the linkage
    /// never compared with this one. What does not name a list record of the
    /// collection is then said on the page, not refused as a bad request.
    #[serde(default)]
    typed: Option<String>,
}

/// The record a reviewer names by its id or by its page's address (the id is its
/// last path segment).
fn record_named(text: &str) -> Option<RecordId> {
    let text = text.trim();
    let path = text.split(['?', '#']).next().unwrap_or_default();
    let last = path
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or_default();
    last.parse().ok()
}

/// Merges two people: the person `record` is part of and the person `other` is part of
/// (each as the linkage now finds them) become one. "Same person" is recorded between
/// `record` and every other record of both, and an earlier "different people" between
/// any two of them becomes "same person" too, so that every later linkage joins them
/// whatever the model says; all of it is one edit, which [`undo_edit`] takes back.
/// Back to the record's candidates, with an undo form.
async fn merge(
    State(state): State<AppState>,
    user: User,
    Form(form): Form<MergeForm>,
) -> Result<Response, WebError> {
    let collection = analysing(&user, &form.csrf, &form.collection)?;
    let record = page::record_id(&form.record)?;
    let typed = form.typed.is_some();
    let unknown = Redirect::to(&format!(
        "/analysis/clusters?collection={collection}&record={record}&unknown=1#focus"
    ))
    .into_response();
    let other = match (typed, record_named(&form.other)) {
        (_, Some(other)) => other,
        (true, None) => return Ok(unknown),
        (false, None) => page::record_id(&form.other)?,
    };
    if record == other {
        return Err(WebError::BadRequest(
            "a merge joins two different list records".into(),
        ));
    }
    state
        .blocking(move |s| {
            let store = s.store.as_ref();
            list_record_of(store, &user, collection, record)?;
            match list_record_of(store, &user, collection, other) {
                Err(WebError::NotFound) if typed => return Ok(unknown),
                found => found?,
            }
            let outcome = analysed(s, &user, collection)?;
            let Ok(linked) = &*outcome else {
                return Err(WebError::BadRequest("the lists cannot be linked".into()));
            };
            let mut members = std::collections::BTreeSet::new();
            for id in [record, other] {
                members.insert(id);
                if let Some(&i) = linked.person_of.get(&id) {
                    members.extend(linked.people[i].iter().map(|&(_, m)| m));
                }
            }
            let decisions = decisions_of(store, collection)?;
            let mut answers = std::collections::BTreeMap::new();
            for &m in members.iter().filter(|&&m| m != record) {
                answers.insert(pair_of(record, m), Verdict::Same);
            }
            let overruled = join_those_kept_apart(&decisions, &members, &mut answers);
            let token = commit_edit(store, &user, &decisions, collection, &answers, MERGE_NOTE)?;
            Ok(Redirect::to(&format!(
                "/analysis/clusters?collection={collection}&record={record}&merged={}&overruled={overruled}&edit={token}#focus",
                members.len()
            ))
            .into_response())
        })
        .await
}

/// One record as a review page shows it: its list, and its name as the reader may see
/// it (a short id when the reader may not see the record).
fn side_of(
    store: &dyn Store,
    vocabs: &VocabularySet,
    user: &User,
    tr: &Tr,
    list: String,
    id: RecordId,
) -> Result<ReviewSide, WebError> {
    Ok(match page::visible(store, user, id) {
        Ok(stored) => {
            // What was compared, as far as the reader may read it.
            let mut values = match redact(&stored.entity, &user.access, stored.collection).0 {
                Entity::Record(r) => memoria_analysis::record_cells(store, &r),
                _ => Vec::new(),
            };
            // The sex as the vocabulary words it in the reader's language.
            for (field, value) in &mut values {
                if field == "sex" && !value.is_empty() {
                    *value = page::term_label(vocabs, well_known::SEX, value, tr);
                }
            }
            let details = values
                .iter()
                .filter(|(field, value)| field != "name" && !value.is_empty())
                .map(|(field, value)| format!("{}: {value}", field_label(tr, field)))
                .collect::<Vec<_>>()
                .join(" · ");
            ReviewSide {
                list,
                href: Some(format!("/records/{id}")),
                label: page::record_title(&stored, user, tr)
                    .filter(|t| !t.trim().is_empty())
                    .unwrap_or_else(|| format!("{} · {}", tr.t("withheld"), page::short_id(id))),
                values,
                details,
            }
        }
        Err(WebError::NotFound) => ReviewSide {
            list,
            href: None,
            label: page::short_id(id),
            values: Vec::new(),
            details: String::new(),
        },
        Err(e) => return Err(e),
    })
}

/// Splits a person in two: the records ticked (`record`, one or more, all of one
/// cluster) are another person than the cluster's other records. "Different people" is
/// recorded between each ticked record and each other one, and "same person" among the
/// ticked ones (they are the other person), all as one edit that [`undo_edit`] takes
/// back. The form sends each ticked record as its own `record` field, so it is read as
/// a list of pairs.
async fn split(
    State(state): State<AppState>,
    user: User,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let field = |name: &str| {
        fields
            .iter()
            .find(|(k, _)| k == name)
            .map_or("", |(_, v)| v.as_str())
    };
    let collection = analysing(&user, field("csrf"), field("collection"))?;
    let ticked = fields
        .iter()
        .filter(|(k, _)| k == "record")
        .map(|(_, v)| page::record_id(v))
        .collect::<Result<std::collections::BTreeSet<RecordId>, _>>()?;
    let back = move |why: &str| {
        Ok(Redirect::to(&format!(
            "/analysis/clusters?collection={collection}&split_refused={why}"
        ))
        .into_response())
    };
    let Some(&first) = ticked.first() else {
        return back("none");
    };
    state
        .blocking(move |s| {
            let store = s.store.as_ref();
            for &id in &ticked {
                list_record_of(store, &user, collection, id)?;
            }
            let outcome = analysed(s, &user, collection)?;
            let Ok(linked) = &*outcome else {
                return Err(WebError::BadRequest("the lists cannot be linked".into()));
            };
            let Some(group) = linked
                .person_of
                .get(&first)
                .map(|&i| &linked.people[i])
                .filter(|g| g.len() > 1)
            else {
                return Err(WebError::BadRequest(
                    "the record is alone in its cluster: there is nothing to split it from".into(),
                ));
            };
            let group: std::collections::BTreeSet<RecordId> =
                group.iter().map(|&(_, id)| id).collect();
            if !ticked.is_subset(&group) {
                return Err(WebError::BadRequest(
                    "the records ticked are not of one cluster (the linkage may have changed since the page was shown): reload the page".into(),
                ));
            }
            if ticked.len() == group.len() {
                return back("all");
            }
            let mut answers = std::collections::BTreeMap::new();
            for &a in &ticked {
                for &b in group.difference(&ticked) {
                    answers.insert(pair_of(a, b), Verdict::Different);
                }
                if a != first {
                    answers.insert(pair_of(first, a), Verdict::Same);
                }
            }
            let decisions = decisions_of(store, collection)?;
            // A "different people" already recorded among the ticked ones would keep the
            // other person in pieces.
            join_those_kept_apart(&decisions, &ticked, &mut answers);
            let token = commit_edit(store, &user, &decisions, collection, &answers, SPLIT_NOTE)?;
            Ok(Redirect::to(&format!(
                "/analysis/clusters?collection={collection}&split={}&edit={token}",
                ticked.len()
            ))
            .into_response())
        })
        .await
}

#[derive(Deserialize)]
struct UndoForm {
    csrf: String,
    collection: String,
    edit: String,
}

/// Undoes a merge or a split: each decision it wrote, and no one has answered again
/// since, goes back to what it said before the edit (a restore to its earlier
/// version), or is deleted where the edit created it. Both are revisions, so the undo
/// itself can be taken back from the record's history.
async fn undo_edit(
    State(state): State<AppState>,
    user: User,
    Form(form): Form<UndoForm>,
) -> Result<Response, WebError> {
    let collection = analysing(&user, &form.csrf, &form.collection)?;
    let token = page::record_id(&form.edit)?.to_string();
    state
        .blocking(move |s| {
            let store = s.store.as_ref();
            let decisions = decisions_of(store, collection)?;
            let mut tx = store.begin(&user.actor)?;
            let mut undone = 0;
            for (stored, _) in decisions
                .iter()
                .filter(|(_, d)| edit_token(d.note.as_deref()) == Some(token.as_str()))
            {
                if stored.version <= 1 {
                    tx.delete(stored.id, stored.version)?;
                } else {
                    tx.restore(stored.id, stored.version - 1, stored.version)?;
                }
                undone += 1;
            }
            tx.commit()?;
            Ok(Redirect::to(&format!(
                "/analysis/clusters?collection={collection}&undone={undone}"
            ))
            .into_response())
        })
        .await
}

fn refusal_text(tr: &Tr, refusal: &Refusal) -> String {
    match refusal {
        Refusal::NoLists => tr.t("analysis-no-lists"),
        Refusal::TooManyLists(n) => tr.t1("analysis-too-many-lists", "count", n),
        Refusal::Blocking(why) => tr.t1("analysis-blocking-refused", "reason", why),
        Refusal::Table(why) => tr.t1("analysis-table-refused", "reason", why),
    }
}

/// A count or estimate as a whole number.
fn whole(v: f64) -> String {
    format!("{:.0}", v.round())
}

fn fill(
    store: &dyn Store,
    vocabs: &VocabularySet,
    user: &User,
    tr: &Tr,
    linked: &Linked,
    view: &mut AnalysisPage,
) -> Result<(), WebError> {
    view.lists = linked
        .lists
        .iter()
        .map(|l| ListRow {
            href: format!("/records/{}", l.id),
            name: l.name.clone(),
            records: l.records.to_string(),
        })
        .collect();
    let r = &linked.report;
    view.blocking = r
        .rules
        .iter()
        .map(|rule| BlockingRow {
            rule: rule.text.clone(),
            pairs: rule.pairs.to_string(),
            keyed: rule.records_keyed.to_string(),
            largest: rule.largest_block.to_string(),
        })
        .collect();
    view.blocking_summary = tr.ta(
        "analysis-blocking-summary",
        &[
            ("records", r.records.to_string()),
            ("possible", r.all_pairs.to_string()),
            ("union", r.union.to_string()),
        ],
    );
    view.clusters = tr.ta(
        "analysis-clusters",
        &[
            ("records", linked.records.to_string()),
            ("clusters", linked.clusters.to_string()),
            ("linked", linked.linked_pairs.to_string()),
        ],
    );
    let options = lcmcr_options();
    view.settings = tr.ta(
        "analysis-settings",
        &[
            ("classes", options.classes.to_string()),
            ("burnin", options.burn_in.to_string()),
            ("samples", options.samples.to_string()),
            ("thinning", options.thinning.to_string()),
            ("chains", options.chains.to_string()),
            ("seed", options.seed.to_string()),
            ("seconds", format!("{:.1}", linked.seconds)),
        ],
    );
    view.estimates.push(match &linked.lcmcr {
        Ok(e) => estimate_row(tr, e),
        Err(e) => EstimateRow::none(
            tr.t("analysis-method-lcmcr-short"),
            match e {
                LcmcrError::TooFewLists { lists } => tr.t1("warning-too-few-lists", "lists", lists),
                LcmcrError::NoData => tr.t("warning-no-data"),
                LcmcrError::Options { .. } => tr.t("analysis-lcmcr-failed"),
            },
            tr,
        ),
    });
    view.estimates.push(match &linked.loglinear {
        Ok(e) => estimate_row(tr, e),
        Err(why) => EstimateRow::none(
            tr.t("analysis-method-loglinear-short"),
            tr.t1("warning-fit-failed", "reason", why),
            tr,
        ),
    });

    let side = |(input, id): (u16, RecordId)| {
        side_of(store, vocabs, user, tr, linked.list_name(input), id)
    };
    for p in &linked.review {
        let (a, b) = (side(p.a)?, side(p.b)?);
        let mut rows: Vec<ExplainRow> = vec![ExplainRow {
            field: tr.t("analysis-prior"),
            a: String::new(),
            b: String::new(),
            level: String::new(),
            bits: format!("{:+.2}", p.prior_bits),
        }];
        rows.extend(p.fields.iter().map(|f| ExplainRow {
            field: field_label(tr, &f.field),
            a: a.value(&f.field),
            b: b.value(&f.field),
            level: level_text(tr, &f.name),
            bits: format!("{:+.2}", f.bits + f.tf_bits),
        }));
        view.review.push(ReviewPairView {
            a,
            b,
            a_id: p.a.1.to_string(),
            b_id: p.b.1.to_string(),
            probability: format!("{:.0}%", p.probability * 100.0),
            total_bits: format!("{:+.2}", p.weight),
            rows,
        });
    }
    view.review_summary = if linked.review_total == 0 {
        tr.t("analysis-review-none")
    } else {
        tr.ta(
            "analysis-review-summary",
            &[
                ("total", linked.review_total.to_string()),
                ("shown", linked.review.len().to_string()),
            ],
        )
    };
    Ok(())
}

/// A comparison level, in the reader's words. Every level has a message of its own, so
/// that a level added to the linkage cannot reach the page untranslated.
fn level_text(tr: &Tr, name: &LevelName) -> String {
    use LevelName::*;
    let long = |key: &str, long: bool| {
        if long {
            tr.t(&format!("analysis-level-{key}-long"))
        } else {
            tr.t(&format!("analysis-level-{key}"))
        }
    };
    match name {
        Missing => tr.t("analysis-level-missing"),
        SameNames { long: l } => long("same-names", *l),
        SameNamesSomeMissing { long: l } => long("same-names-some-missing", *l),
        AllPartsAlike { long: l } => long("all-parts-alike", *l),
        SameNamesBySound { long: l } => long("same-names-by-sound", *l),
        SameNamesBySoundSomeMissing { long: l } => long("same-names-by-sound-some-missing", *l),
        FirstAndOtherPartsAlike => tr.t("analysis-level-first-and-other-parts-alike"),
        SeveralPartsAlike => tr.t("analysis-level-several-parts-alike"),
        OnePartAlike => tr.t("analysis-level-one-part-alike"),
        SameDay => tr.t("analysis-level-same-day"),
        WithinDays(days) => tr.t1("analysis-level-within-days", "days", days),
        DayAndMonthSwapped => tr.t("analysis-level-day-month-swapped"),
        Overlapping => tr.t("analysis-level-overlapping"),
        WithinYears(years) => tr.t1("analysis-level-within-years", "years", years),
        Same => tr.t("analysis-level-same"),
        WithinEdits(edits) => tr.t1("analysis-level-within-edits", "edits", edits),
        AlikeAtLeast(thousandths) => tr.t1(
            "analysis-level-alike-at-least",
            "similarity",
            format!("{:.2}", f64::from(*thousandths) / 1000.0),
        ),
        SamePlace => tr.t("analysis-level-same-place"),
        SimilarPlace => tr.t("analysis-level-similar-place"),
        SameColumn(column) => tr.t1(
            "analysis-level-same-column",
            "column",
            field_label(tr, column),
        ),
        SameDownToLevel(level) => tr.t1("analysis-level-same-down-to", "level", level),
        SameWords => tr.t("analysis-level-same-words"),
        HalfTheWordsShared => tr.t("analysis-level-half-the-words"),
        SomeWordsShared => tr.t("analysis-level-some-words"),
        NoWordShared => tr.t("analysis-level-no-word"),
        Different => tr.t("analysis-level-different"),
    }
}

/// The fields of list records, in the reader's words.
fn field_label(tr: &Tr, field: &str) -> String {
    match field {
        "name" | "sex" | "age" | "birth_date" | "date" | "place" => {
            tr.t(&format!("analysis-field-{}", field.replace('_', "-")))
        }
        other => other.to_string(),
    }
}

fn method_text(tr: &Tr, method: &Method) -> String {
    match method {
        Method::Lcmcr(o) => tr.t1("analysis-method-lcmcr", "classes", o.classes),
        Method::Loglinear {
            formula,
            selected_by,
        } => tr.ta(
            "analysis-method-loglinear",
            &[
                ("model", formula.clone().unwrap_or_else(|| "—".into())),
                (
                    "criterion",
                    selected_by
                        .as_ref()
                        .map(|c| c.name())
                        .unwrap_or("—")
                        .to_string(),
                ),
            ],
        ),
    }
}

fn assumptions_text(tr: &Tr, method: &Method) -> String {
    let common = tr.t("assumption-common");
    let own = match method {
        Method::Lcmcr(o) => tr.t1("assumption-lcmcr", "classes", o.classes),
        Method::Loglinear { formula, .. } => match formula {
            Some(f) if !f.contains(':') && !f.contains('*') => {
                tr.t1("assumption-loglinear-independent", "model", f)
            }
            Some(f) => tr.t1("assumption-loglinear-dependent", "model", f),
            None => tr.t("assumption-loglinear"),
        },
    };
    format!("{common} {own}")
}

fn warning_text(tr: &Tr, kind: &WarningKind) -> String {
    match kind {
        WarningKind::ListsDropped { lists } => {
            tr.t1("warning-lists-dropped", "lists", lists.join(", "))
        }
        WarningKind::TermsRemoved { lists } => {
            tr.t1("warning-terms-removed", "lists", lists.join(", "))
        }
        WarningKind::TooFewLists { lists } => tr.t1("warning-too-few-lists", "lists", lists),
        WarningKind::NoData => tr.t("warning-no-data"),
        WarningKind::DivergentTerms { terms } => {
            tr.t1("warning-divergent-terms", "terms", terms.join(", "))
        }
        WarningKind::FitFailed { reason } => tr.t1("warning-fit-failed", "reason", reason),
        WarningKind::UnboundedInterval => tr.t("warning-unbounded"),
        WarningKind::DivergentModelsPassedOver { count, best } => tr.ta(
            "warning-divergent-passed-over",
            &[("count", count.to_string()), ("best", best.clone())],
        ),
        WarningKind::FewListsForLatentClasses { lists } => {
            tr.t1("warning-few-lists-lcmcr", "lists", lists)
        }
        WarningKind::PoorMixing { r_hat } => {
            tr.t1("warning-poor-mixing", "rhat", format!("{r_hat:.2}"))
        }
        WarningKind::LowEffectiveSampleSize { ess } => {
            tr.t1("warning-low-ess", "ess", format!("{ess:.0}"))
        }
        WarningKind::RunawayDraws { count } => tr.t1("warning-runaway", "count", count),
        WarningKind::IncompleteTotal { strata } => {
            tr.t1("warning-incomplete-total", "strata", strata)
        }
    }
}

/// An estimate as a row: a number only with its interval, else "no estimate" and why.
fn estimate_row(tr: &Tr, e: &Estimate) -> EstimateRow {
    let warnings: Vec<String> = e
        .warnings
        .iter()
        .map(|w| warning_text(tr, &w.kind))
        .collect();
    let (estimate, interval) = match (e.estimate, e.lower95) {
        (Some(n), Some(lo)) => (
            Some(whole(n)),
            tr.ta(
                "analysis-interval",
                &[
                    ("lower", whole(lo)),
                    (
                        "upper",
                        e.upper95
                            .map(whole)
                            .unwrap_or_else(|| tr.t("analysis-no-upper")),
                    ),
                ],
            ),
        ),
        _ => (None, String::new()),
    };
    let why_none = estimate.is_none().then(|| {
        if warnings.is_empty() {
            tr.t("analysis-no-estimate-why")
        } else {
            String::new()
        }
    });
    EstimateRow {
        method: method_text(tr, &e.method),
        model: match &e.method {
            Method::Loglinear { formula, .. } => formula.clone(),
            Method::Lcmcr(_) => None,
        },
        documented: e.documented.to_string(),
        estimate,
        interval,
        why_none,
        warnings,
        assumptions: assumptions_text(tr, &e.method),
    }
}
