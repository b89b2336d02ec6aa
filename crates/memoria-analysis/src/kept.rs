//! The linkage a collection keeps ([`LinkageResult`]): written by `memoria link`
//! without `--out` and by the analysis page, read by estimates.
//!
//! Linkage is deterministic: the same records, reviewers' decisions and settings give
//! the same clusters. A kept linkage therefore carries the digest of what it was made
//! from (its *basis*); while the lists and the decisions give the same digest it is
//! current, and an estimate may take its clusters instead of linking again. Once a
//! list or a decision changes, the kept linkage is stale and says so.
//!
//! A collection keeps one linkage record: keeping again writes a new revision of it,
//! so `memoria restore` brings back an earlier one, and deleting it (a revision too)
//! sends estimates back to linking afresh.

use memoria_core::entity::{Entity, EntityKind, LinkageResult, MatchDecision, ReviewPair};
use memoria_core::id::RecordId;
use memoria_core::vocab::VocabularySet;
use memoria_linkage::{Linkage, Records};
use memoria_store::{Actor, ListQuery, Store, Stored};
use sha2::{Digest, Sha256};

use crate::{AnalysisError, ListInput, Result};

/// The digest of what a linkage is made from: every record read (its input and id, in
/// the order read) and every reviewer's decision at its current version.
pub fn basis(records: &Records, decisions: &[(Stored, MatchDecision)]) -> String {
    let mut h = Sha256::new();
    h.update(b"memoria linkage basis 1\n");
    for r in 0..records.len() {
        let rec = records.record(r);
        h.update(format!("{}\t{}\n", rec.input, rec.id).as_bytes());
    }
    h.update(b"decisions\n");
    let mut decided: Vec<(String, u64, &str)> = decisions
        .iter()
        .map(|(s, d)| (s.id.to_string(), s.version, d.verdict.as_str()))
        .collect();
    decided.sort();
    for (id, version, verdict) in decided {
        h.update(format!("{id}\t{version}\t{verdict}\n").as_bytes());
    }
    h.finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect::<String>()
}

/// The linkage `collection` keeps, if any (deleted ones are not).
pub fn kept(store: &dyn Store, collection: RecordId) -> Result<Option<(Stored, LinkageResult)>> {
    let found = store.list(&ListQuery {
        kind: Some(EntityKind::LinkageResult),
        collection: Some(collection),
        limit: 2,
        ..Default::default()
    })?;
    Ok(found.into_iter().find_map(|s| match &s.entity {
        Entity::LinkageResult(l) => {
            let l = l.clone();
            Some((s, l))
        }
        _ => None,
    }))
}

/// What [`keep`] wrote.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeptLinkage {
    pub id: RecordId,
    /// 1 when the collection kept no linkage before; one more each time after.
    pub version: u64,
}

/// Keeps `linkage` of `records` (read from `lists` of `collection`) as the collection's
/// linkage, under `actor`: a new record, or a new revision of the one kept before.
/// `decisions` is how many reviewers' decisions went over the model, `basis` what
/// [`basis`] said of the records and decisions, and `settings` the configuration's
/// TOML text when it was not the default.
#[allow(clippy::too_many_arguments)]
pub fn keep(
    store: &dyn Store,
    actor: &Actor,
    collection: RecordId,
    lists: &[ListInput],
    records: &Records,
    linkage: &Linkage<'_>,
    decisions: usize,
    basis: String,
    settings: Option<String>,
) -> Result<KeptLinkage> {
    if records.len() > LinkageResult::MAX_RECORDS {
        return Err(AnalysisError::TooLargeToKeep(records.len()));
    }
    let id_at = |r: usize| -> Result<RecordId> {
        records.record(r).id.parse().map_err(|_| {
            AnalysisError::Table("a record read from the store has no store id".into())
        })
    };
    let ids = (0..records.len()).map(id_at).collect::<Result<Vec<_>>>()?;
    let review = linkage
        .review()
        .into_iter()
        .map(|p| {
            Ok(ReviewPair {
                records: [id_at(p.a)?, id_at(p.b)?],
                probability: p.probability,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let result = LinkageResult {
        collection,
        lists: lists.iter().map(|l| l.id).collect(),
        records: ids,
        clusters: (0..records.len()).map(|r| linkage.cluster_of(r)).collect(),
        review,
        decisions: u32::try_from(decisions).unwrap_or(u32::MAX),
        basis,
        settings,
    };
    let entity = Entity::LinkageResult(result);
    let problems = memoria_core::validate::validate(&entity, &VocabularySet::new());
    if let Some(p) = problems.first() {
        return Err(AnalysisError::Table(format!(
            "the linkage cannot be kept: {} {}",
            p.field, p.message
        )));
    }
    let before = kept(store, collection)?;
    let mut tx = store.begin(actor)?;
    let stored = match before {
        Some((s, _)) => tx.update(s.id, s.version, entity)?,
        None => tx.create(entity)?,
    };
    tx.commit()?;
    Ok(KeptLinkage {
        id: stored.id,
        version: stored.version,
    })
}

/// The kept linkage's clusters, as (input, cluster) per record, when it was made from
/// exactly `records` and the decisions summed up in `basis`; `None` when it is stale.
pub fn current_clusters(
    kept: &LinkageResult,
    records: &Records,
    basis: &str,
) -> Option<Vec<(u16, u32)>> {
    if kept.basis != basis || kept.clusters.len() != records.len() {
        return None;
    }
    Some(
        (0..records.len())
            .map(|r| (records.record(r).input, kept.clusters[r]))
            .collect(),
    )
}

/// Where the clusters an estimate is made from came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ClusterSource {
    /// The collection's kept linkage, current: its record id and version.
    Kept { id: RecordId, version: u64 },
    /// Linked now; `stale` names the kept linkage that was out of date, if any.
    Fresh { stale: Option<(RecordId, u64)> },
}

/// Each of `records`' (input, cluster) for an estimate: the kept linkage's while it is
/// current, otherwise a linkage made now with `settings` and the reviewers' decisions.
/// `records` are the collection's lists as [`crate::read_lists`] read them.
pub fn clusters_for_estimates(
    store: &dyn Store,
    collection: RecordId,
    records: &Records,
    settings: &memoria_linkage::Settings,
) -> Result<(Vec<(u16, u32)>, ClusterSource)> {
    let decisions = crate::match_decisions(store, collection)?;
    let basis = basis(records, &decisions);
    let kept = kept(store, collection)?;
    if let Some((stored, k)) = &kept
        && let Some(rows) = current_clusters(k, records, &basis)
    {
        return Ok((
            rows,
            ClusterSource::Kept {
                id: stored.id,
                version: stored.version,
            },
        ));
    }
    let mut settings = settings.clone();
    settings.decisions = crate::decisions(store, collection, records)?;
    let linkage = memoria_linkage::link(records, &settings)?;
    let rows = linkage.clusters().map(|c| (c.input, c.cluster)).collect();
    Ok((
        rows,
        ClusterSource::Fresh {
            stale: kept.map(|(s, _)| (s.id, s.version)),
        },
    ))
}
