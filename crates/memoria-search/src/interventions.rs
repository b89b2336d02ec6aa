//! Interventions found by what they are about and by when they are due.
//!
//! The incident page lists the interventions about its incident and the dashboard the
//! follow-ups that fall due; without an index both would read every intervention of a
//! collection on every page. The index answers with ids only: callers read the records
//! from the store, which stays the source of truth (an index a moment behind can only
//! name a record whose latest version the caller then reads).

use std::ops::Bound;

use memoria_core::entity::EntityKind;
use memoria_core::id::RecordId;
use tantivy::collector::DocSetCollector;
use tantivy::query::{BooleanQuery, Occur, Query, RangeQuery};
use tantivy::{DocAddress, Term};

use crate::schema::{id_from_halves, kind_code};
use crate::{Index, Result, Scope, query};

/// An intervention whose next follow-up falls on or before the day asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DueFollowUp {
    pub intervention: RecordId,
    /// Days since 1970-01-01 of the earliest day the follow-up may fall on.
    pub day: i64,
}

impl Index {
    /// The interventions about `incident` that `scope` may see, in no particular order.
    pub fn interventions_about(&self, incident: RecordId, scope: &Scope) -> Result<Vec<RecordId>> {
        let f = &self.fields;
        let about = query::term(f.about, &incident.to_string());
        let found = self.interventions(about, scope)?;
        Ok(found.into_iter().map(|(id, _)| id).collect())
    }

    /// Open interventions `scope` may see whose next follow-up falls on or before
    /// `until` (a day number), earliest first, at most `limit` of them.
    pub fn follow_ups_due(
        &self,
        until: i64,
        scope: &Scope,
        limit: usize,
    ) -> Result<Vec<DueFollowUp>> {
        let f = &self.fields;
        let due = Box::new(RangeQuery::new(
            Bound::Unbounded,
            Bound::Included(Term::from_field_i64(f.follow_up, until)),
        ));
        let mut found: Vec<DueFollowUp> = self
            .interventions(due, scope)?
            .into_iter()
            .filter_map(|(intervention, day)| {
                Some(DueFollowUp {
                    intervention,
                    day: day?,
                })
            })
            .collect();
        found.sort_unstable_by_key(|d| (d.day, d.intervention));
        found.truncate(limit);
        Ok(found)
    }

    /// Intervention documents matching `q` within `scope`: ids and follow-up days.
    fn interventions(
        &self,
        q: Box<dyn Query>,
        scope: &Scope,
    ) -> Result<Vec<(RecordId, Option<i64>)>> {
        let f = &self.fields;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![
            query::filter(query::term_u64(f.kind, kind_code(EntityKind::Intervention))),
            query::filter(q),
        ];
        if let Some(s) = query::scope(f, scope) {
            clauses.push(query::filter(s));
        }
        let searcher = self.reader.searcher();
        let docs = searcher.search(&BooleanQuery::new(clauses), &DocSetCollector)?;
        let mut out = Vec::with_capacity(docs.len());
        for DocAddress {
            segment_ord,
            doc_id,
        } in docs
        {
            let ff = searcher.segment_reader(segment_ord).fast_fields();
            let hi = ff.u64("id_hi")?.first(doc_id).unwrap_or(0);
            let lo = ff.u64("id_lo")?.first(doc_id).unwrap_or(0);
            let day = ff.i64("follow_up")?.first(doc_id);
            out.push((id_from_halves(hi, lo), day));
        }
        Ok(out)
    }
}
