//! Re-indexing records one by one, after writes.
//!
//! A write to one record can change other documents: an act or a claim changes its
//! incident's document, and moving a place under another parent changes the place
//! chain of every incident below it. A purged act leaves nothing to say which incident
//! it belonged to, so incident documents list their acts' ids (`acts`) and the index
//! itself answers.

use std::collections::BTreeSet;

use memoria_core::entity::{Entity, EntityKind};
use memoria_core::id::RecordId;
use memoria_core::vocab::{self, well_known};
use memoria_store::{ListQuery, Store, Stored};
use tantivy::Term;
use tantivy::collector::DocSetCollector;
use tantivy::query::TermQuery;
use tantivy::schema::{Field, IndexRecordOption};

use crate::doc::{self, ActFacts, Violations};
use crate::schema::{PLACE_DEPTHS, id_from_halves, place_at_name};
use crate::{Index, Result, Writer};

/// Places above a place are followed at most this far (a cycle ends the walk).
const MAX_CHAIN: usize = 32;

/// Acts of one incident read per store call.
const ACT_PAGE: usize = 1000;

impl Index {
    /// Re-indexes these records now, after a write made by this process: each record
    /// itself, and for an act or a claim the incident it belongs to. Deleted and purged
    /// records leave the index. Commits, so that the next search sees the change.
    ///
    /// While a rebuild runs this returns at once without waiting for it: the rebuild's
    /// follow position is the audit log's head as of its start, so the next
    /// [`Index::follow`] after it applies the write.
    pub fn refresh(&self, store: &dyn Store, ids: &[RecordId]) -> Result<()> {
        if self.rebuilding.load(std::sync::atomic::Ordering::Acquire) {
            return Ok(());
        }
        let mut w = self.lock();
        let built = !self.needs_rebuild();
        match self.reindex(&mut w, store, ids) {
            Ok(()) => self.commit(&mut w, built),
            Err(e) => {
                self.discard(&mut w);
                Err(e)
            }
        }
    }

    /// Drops what the writer holds uncommitted, after a failure half-way.
    pub(crate) fn discard(&self, w: &mut Writer) {
        if let Some(writer) = w.writer.as_mut() {
            // If even the rollback fails, the next commit writes what it held, which is
            // no worse than the index being stale until the next refresh.
            let _ = writer.rollback();
        }
    }

    /// Replaces the documents of `ids` and of what depends on them, uncommitted.
    pub(crate) fn reindex(
        &self,
        w: &mut Writer,
        store: &dyn Store,
        ids: &[RecordId],
    ) -> Result<()> {
        let f = &self.fields;
        let mut incidents: BTreeSet<RecordId> = BTreeSet::new();
        for &id in ids {
            let stored = store.get(id)?;
            let writer = w.writer.as_ref().expect("a writer outside rebuilds");
            match stored {
                None => {
                    // Purged: gone, and if it was an act, its incident changes.
                    writer.delete_term(id_term(f.id, id));
                    incidents.extend(self.incidents_where(id_term(f.acts, id))?);
                }
                Some(s) => match &s.entity {
                    Entity::Incident(_) => {
                        incidents.insert(id);
                    }
                    Entity::Act(act) => {
                        incidents.insert(act.incident);
                        // The act may have moved from another incident.
                        incidents.extend(self.incidents_where(id_term(f.acts, id))?);
                    }
                    Entity::Claim(claim) => {
                        if let Some(subject) = store.get(claim.subject)? {
                            match &subject.entity {
                                Entity::Incident(_) => {
                                    incidents.insert(subject.id);
                                }
                                Entity::Act(act) => {
                                    incidents.insert(act.incident);
                                }
                                _ => {}
                            }
                        }
                    }
                    Entity::Organization(_) => {
                        let writer = w.writer.as_ref().expect("a writer outside rebuilds");
                        writer.delete_term(id_term(f.id, id));
                        if !s.deleted
                            && let Some(d) = doc::record_doc(f, &s)
                        {
                            writer.add_document(d)?;
                        }
                        // The unit may answer to another unit now, or be deleted: every
                        // incident by it or by a unit below it names it, and changes.
                        w.units.clear();
                        incidents.extend(self.incidents_where(Term::from_field_text(
                            f.perpetrator,
                            &id.to_string(),
                        ))?);
                    }
                    Entity::Place(_) => {
                        let writer = w.writer.as_ref().expect("a writer outside rebuilds");
                        writer.delete_term(id_term(f.id, id));
                        if !s.deleted
                            && let Some(d) = doc::record_doc(f, &s)
                        {
                            writer.add_document(d)?;
                        }
                        w.places.remove(&id);
                        incidents.extend(self.moved_place(w, store, id)?);
                    }
                    Entity::Vocabulary(v) if v.code == well_known::VIOLATION_TYPES => {
                        // The incidents indexed under a term whose broader terms moved
                        // are written again with the new hierarchy. Without a known old
                        // one no incident has been indexed since this index started.
                        let new = violations(store)?;
                        if let Some(old) = w.violations.take() {
                            for code in old.changed_codes(&new) {
                                incidents.extend(
                                    self.incidents_where(Term::from_field_text(f.violation, code))?,
                                );
                            }
                        }
                        w.violations = Some(new);
                    }
                    _ => {
                        let writer = w.writer.as_ref().expect("a writer outside rebuilds");
                        writer.delete_term(id_term(f.id, id));
                        if !s.deleted
                            && let Some(d) = doc::record_doc(f, &s)
                        {
                            writer.add_document(d)?;
                        }
                    }
                },
            }
        }
        for id in incidents {
            self.reindex_incident(w, store, id)?;
        }
        Ok(())
    }

    fn reindex_incident(&self, w: &mut Writer, store: &dyn Store, id: RecordId) -> Result<()> {
        let f = &self.fields;
        w.writer
            .as_ref()
            .expect("a writer outside rebuilds")
            .delete_term(id_term(f.id, id));
        let Some(s) = store.get(id)? else {
            return Ok(());
        };
        let Entity::Incident(incident) = &s.entity else {
            return Ok(());
        };
        if s.deleted {
            return Ok(());
        }
        let mut acts = acts_of(store, id)?;
        let mut failure = None;
        doc::with_units_above(&mut acts, |unit| match self.unit_parent(w, store, unit) {
            Ok(p) => p,
            Err(e) => {
                failure.get_or_insert(e);
                None
            }
        });
        if let Some(e) = failure {
            return Err(e);
        }
        let chain = match incident.place {
            Some(p) => self.chain(w, store, p)?,
            None => Vec::new(),
        };
        if w.violations.is_none() {
            w.violations = Some(violations(store)?);
        }
        let violations = w.violations.as_ref().expect("just loaded");
        let d = doc::incident_doc(
            f,
            id,
            incident,
            doc::micros(s.updated_at),
            &acts,
            &chain,
            violations,
        );
        w.writer
            .as_ref()
            .expect("a writer outside rebuilds")
            .add_document(d)?;
        Ok(())
    }

    /// The unit `unit` answers to, read through the writer's cache; `None` for anything
    /// that is not a unit of the store, or is deleted (as a rebuild sees them).
    fn unit_parent(
        &self,
        w: &mut Writer,
        store: &dyn Store,
        unit: RecordId,
    ) -> Result<Option<RecordId>> {
        if let Some(p) = w.units.get(&unit) {
            return Ok(*p);
        }
        let parent = match store.get(unit)? {
            Some(Stored {
                entity: Entity::Organization(o),
                deleted: false,
                ..
            }) => o.parent,
            _ => None,
        };
        w.units.insert(unit, parent);
        Ok(parent)
    }

    /// The place and every place above it, top first, read through the writer's cache.
    fn chain(&self, w: &mut Writer, store: &dyn Store, place: RecordId) -> Result<Vec<RecordId>> {
        let mut chain = vec![place];
        let mut cur = place;
        while chain.len() < MAX_CHAIN {
            let parent = match w.places.get(&cur) {
                Some(p) => *p,
                None => {
                    let p = match store.get(cur)? {
                        Some(Stored {
                            entity: Entity::Place(p),
                            ..
                        }) => p.parent,
                        _ => None,
                    };
                    w.places.insert(cur, p);
                    p
                }
            };
            match parent {
                Some(p) if !chain.contains(&p) => {
                    chain.push(p);
                    cur = p;
                }
                _ => break,
            }
        }
        chain.reverse();
        Ok(chain)
    }

    /// The incidents to re-index because `place` now sits under other places than
    /// their documents say; none when its chain is unchanged.
    fn moved_place(
        &self,
        w: &mut Writer,
        store: &dyn Store,
        place: RecordId,
    ) -> Result<Vec<RecordId>> {
        let searcher = self.reader.searcher();
        let q = TermQuery::new(
            Term::from_field_text(self.fields.place, &place.to_string()),
            IndexRecordOption::Basic,
        );
        let docs = searcher.search(&q, &DocSetCollector)?;
        let Some(sample) = docs.iter().next() else {
            return Ok(Vec::new());
        };
        let ff = searcher.segment_reader(sample.segment_ord).fast_fields();
        let mut indexed = Vec::new();
        for d in 0..PLACE_DEPTHS {
            let Some(col) = ff.str(&place_at_name(d))? else {
                break;
            };
            let Some(ord) = col.term_ords(sample.doc_id).next() else {
                break;
            };
            let mut s = String::new();
            col.ord_to_str(ord, &mut s)
                .map_err(tantivy::TantivyError::from)?;
            indexed.push(s.clone());
            if s == place.to_string() {
                break;
            }
        }
        let now: Vec<String> = self
            .chain(w, store, place)?
            .iter()
            .take(PLACE_DEPTHS)
            .map(|p| p.to_string())
            .collect();
        if indexed == now {
            return Ok(Vec::new());
        }
        self.ids_of(&docs)
    }

    /// Incidents whose documents hold `term`.
    fn incidents_where(&self, term: Term) -> Result<Vec<RecordId>> {
        let searcher = self.reader.searcher();
        let q = TermQuery::new(term, IndexRecordOption::Basic);
        let docs = searcher.search(&q, &DocSetCollector)?;
        self.ids_of(&docs)
    }

    fn ids_of(
        &self,
        docs: &std::collections::HashSet<tantivy::DocAddress>,
    ) -> Result<Vec<RecordId>> {
        let searcher = self.reader.searcher();
        let mut out = Vec::with_capacity(docs.len());
        for a in docs {
            let ff = searcher.segment_reader(a.segment_ord).fast_fields();
            let hi = ff.u64("id_hi")?.first(a.doc_id).unwrap_or(0);
            let lo = ff.u64("id_lo")?.first(a.doc_id).unwrap_or(0);
            out.push(id_from_halves(hi, lo));
        }
        Ok(out)
    }
}

/// A record id as the term of a bytes field (`id`, `acts`).
fn id_term(field: Field, id: RecordId) -> Term {
    Term::from_field_bytes(field, id.as_uuid().as_bytes())
}

/// The acts of an incident that are not deleted.
fn acts_of(store: &dyn Store, incident: RecordId) -> Result<Vec<ActFacts>> {
    let mut out = Vec::new();
    let mut after = None;
    loop {
        let page = store.list(&ListQuery {
            kind: Some(EntityKind::Act),
            parent: Some(incident),
            after,
            limit: ACT_PAGE,
            ..Default::default()
        })?;
        for s in &page {
            if let Entity::Act(act) = &s.entity {
                out.push(ActFacts::of(s.id, act, doc::micros(s.updated_at)));
            }
        }
        if page.len() < ACT_PAGE {
            return Ok(out);
        }
        after = page.last().map(|s| s.id);
    }
}

/// The violation hierarchy: the store's `violation-types` vocabulary if it holds one,
/// else the one Memoria ships.
pub(crate) fn violations(store: &dyn Store) -> Result<Violations> {
    let mut after = None;
    loop {
        let page = store.list(&ListQuery {
            kind: Some(EntityKind::Vocabulary),
            after,
            limit: 100,
            ..Default::default()
        })?;
        for s in &page {
            if let Entity::Vocabulary(v) = &s.entity
                && v.code == well_known::VIOLATION_TYPES
            {
                return Ok(Violations::of(v));
            }
        }
        if page.len() < 100 {
            break;
        }
        after = page.last().map(|s| s.id);
    }
    Ok(shipped_violations())
}

pub(crate) fn shipped_violations() -> Violations {
    vocab::defaults()
        .get(well_known::VIOLATION_TYPES)
        .map(Violations::of)
        .unwrap_or_default()
}
