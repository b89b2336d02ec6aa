//! Keeping up with writes made by any process, through the store's audit log.
//!
//! The index remembers the last audit `seq` it has applied (the cursor) in the payload
//! of its own commits, so that the position and the documents it describes are saved
//! together, atomically.
//!
//! On PostgreSQL a `seq` is taken when an entry is written, before its transaction
//! commits, so an entry can become visible after a later one has been read. Every seq
//! skipped over is therefore kept as a *hole* and looked at again, one cheap query per
//! run of missing seqs, until it appears or 60 seconds have passed (a transaction that
//! rolled back leaves its seqs missing for good). On SQLite writers take turns and
//! holes do not occur.
//!
//! The audit log is read rather than the store's narrower change feed because only the
//! log shows every seq, reads and imports included: a gap in it is a real hole, not an
//! entry of another kind.

use std::time::{SystemTime, UNIX_EPOCH};

use memoria_core::id::RecordId;
use memoria_store::{AuditEntry, Store};
use serde::{Deserialize, Serialize};

use crate::doc::Violations;
use crate::schema::SCHEMA_VERSION;
use crate::{Index, Result};

/// How long a missing seq is waited for.
pub(crate) const HOLE_SECONDS: u64 = 60;

/// Audit entries read per query.
const BATCH: usize = 5000;

/// Holes kept at most; beyond this the oldest are given up.
const MAX_HOLES: usize = 1024;

/// How far behind the head a rebuild looks for seqs not yet visible.
const REBUILD_WINDOW: i64 = 10_000;

/// The actions of audit entries that change a record.
const WRITES: [&str; 6] = ["create", "update", "delete", "undelete", "restore", "purge"];

/// Seqs `from..=to`, missing since `since` (seconds since 1970).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Hole {
    pub from: i64,
    pub to: i64,
    pub since: u64,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Follow {
    /// Every entry up to here has been read (except the holes).
    pub cursor: i64,
    pub holes: Vec<Hole>,
}

/// What each commit records beside the documents.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct Payload {
    pub schema: u32,
    /// A rebuild has completed into this index.
    pub built: bool,
    pub cursor: i64,
    #[serde(default)]
    pub holes: Vec<Hole>,
    /// The violation hierarchy the incidents' documents were written with, so that a
    /// change to it, even one made while this index was closed or by another process,
    /// re-indexes the incidents whose broader terms moved.
    #[serde(default)]
    pub violations: Option<Violations>,
}

impl Payload {
    pub fn new(built: bool, follow: &Follow, violations: Option<&Violations>) -> Payload {
        Payload {
            schema: SCHEMA_VERSION,
            built,
            cursor: follow.cursor,
            holes: follow.holes.clone(),
            violations: violations.cloned(),
        }
    }

    pub fn parse(text: Option<&str>) -> Option<Payload> {
        serde_json::from_str(text?).ok()
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("a payload serialises")
    }

    pub fn follow(self) -> Follow {
        Follow {
            cursor: self.cursor,
            holes: self.holes,
        }
    }
}

pub(crate) fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

fn is_write(e: &AuditEntry) -> Option<RecordId> {
    e.record.filter(|_| WRITES.contains(&e.action.as_str()))
}

/// Reads what was written after `state`, returning the records to refresh and the
/// state after them. Does not touch the index.
/// The audit log as the follower reads it: entries after a seq, at most so many.
pub(crate) type Log<'a> = dyn Fn(i64, usize) -> memoria_store::Result<Vec<AuditEntry>> + 'a;

pub(crate) fn log_of(
    store: &dyn Store,
) -> impl Fn(i64, usize) -> memoria_store::Result<Vec<AuditEntry>> + '_ {
    move |after, limit| store.audit_log(after, limit)
}

pub(crate) fn read(log: &Log<'_>, state: &Follow, now: u64) -> Result<(Vec<RecordId>, Follow)> {
    let mut ids = Vec::new();
    let mut holes = Vec::new();
    for hole in state
        .holes
        .iter()
        .filter(|h| now.saturating_sub(h.since) <= HOLE_SECONDS)
    {
        let probe = log(hole.from - 1, 1)?;
        if probe.first().is_none_or(|e| e.seq > hole.to) {
            holes.push(*hole);
            continue;
        }
        // Something in the hole has appeared: read it, and keep what is still missing.
        let mut next = hole.from;
        let mut after = hole.from - 1;
        'range: loop {
            let batch = log(after, BATCH)?;
            for e in &batch {
                if e.seq > hole.to {
                    break 'range;
                }
                if e.seq > next {
                    holes.push(Hole {
                        from: next,
                        to: e.seq - 1,
                        since: hole.since,
                    });
                }
                next = e.seq + 1;
                ids.extend(is_write(e));
            }
            match batch.last() {
                Some(last) if batch.len() == BATCH => after = last.seq,
                _ => break,
            }
        }
        if next <= hole.to {
            holes.push(Hole {
                from: next,
                to: hole.to,
                since: hole.since,
            });
        }
    }
    let mut cursor = state.cursor;
    loop {
        let batch = log(cursor, BATCH)?;
        for e in &batch {
            if e.seq > cursor + 1 {
                holes.push(Hole {
                    from: cursor + 1,
                    to: e.seq - 1,
                    since: now,
                });
            }
            cursor = cursor.max(e.seq);
            ids.extend(is_write(e));
        }
        if batch.len() < BATCH {
            break;
        }
    }
    holes.sort_by_key(|h| h.from);
    if holes.len() > MAX_HOLES {
        holes.drain(..holes.len() - MAX_HOLES);
    }
    ids.sort_unstable();
    ids.dedup();
    Ok((ids, Follow { cursor, holes }))
}

/// The highest seq in the audit log (0 for an empty log), found by galloping and
/// bisecting with one-entry reads, so that a rebuild does not read the whole log.
/// `known` is a seq believed to exist (the last cursor), where the search starts.
pub(crate) fn head(log: &Log<'_>, known: i64) -> Result<i64> {
    let after = |x: i64| -> Result<Option<i64>> { Ok(log(x, 1)?.first().map(|e| e.seq)) };
    // Invariant: lo <= head <= hi, where lo is 0 or a seq that exists, and nothing
    // exists after hi.
    let mut lo = match known {
        k if k > 0 => after(k - 1)?.unwrap_or(0),
        _ => 0,
    };
    let mut step: i64 = 1024;
    let mut hi = loop {
        match after(lo + step)? {
            Some(s) => {
                lo = s;
                step = step.saturating_mul(2);
            }
            None => break lo + step,
        }
    };
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        match after(mid)? {
            Some(s) => lo = s,
            None => hi = mid,
        }
    }
    Ok(lo)
}

/// Seqs missing from the last stretch of the log before `head`, as holes: entries of
/// transactions still open when a rebuild starts, which its scan did not see either.
pub(crate) fn recent_holes(log: &Log<'_>, head: i64, now: u64) -> Result<Vec<Hole>> {
    let from = (head - REBUILD_WINDOW).max(0);
    let entries = log(from, REBUILD_WINDOW as usize)?;
    let mut holes = Vec::new();
    let mut next = from + 1;
    for e in entries.iter().take_while(|e| e.seq <= head) {
        if e.seq > next {
            holes.push(Hole {
                from: next,
                to: e.seq - 1,
                since: now,
            });
        }
        next = e.seq + 1;
    }
    Ok(holes)
}

impl Index {
    /// Catches up with writes made by any process: reads the audit log after the
    /// index's position, refreshes the records it names, and re-checks seqs skipped
    /// over until they appear or 60 seconds pass. Returns how many records were
    /// refreshed. One small query when nothing changed; nothing at all while a rebuild
    /// runs (it reads from where the rebuild started once it ends).
    pub fn follow(&self, store: &dyn Store) -> Result<usize> {
        if self.rebuilding.load(std::sync::atomic::Ordering::Acquire) {
            return Ok(0);
        }
        let mut w = self.lock();
        let (ids, next) = read(&log_of(store), &w.follow, now())?;
        if ids.is_empty() {
            // Nothing to write: keep the position in memory only. Re-reading entries
            // that changed nothing after a restart costs little.
            w.follow = next;
            return Ok(0);
        }
        let n = ids.len();
        let built = !self.needs_rebuild();
        match self.reindex(&mut w, store, &ids) {
            Ok(()) => {
                w.follow = next;
                self.commit(&mut w, built)?;
                Ok(n)
            }
            Err(e) => {
                self.discard(&mut w);
                Err(e)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::cell::RefCell;

    use memoria_store::{AccountId, Timestamp};

    use super::*;

    /// An audit log whose entries become visible one by one, as PostgreSQL's do.
    struct FakeLog {
        visible: RefCell<Vec<AuditEntry>>,
    }

    impl FakeLog {
        fn new() -> FakeLog {
            FakeLog {
                visible: RefCell::new(Vec::new()),
            }
        }

        fn commit(&self, seq: i64, action: &str, record: Option<RecordId>) {
            let mut v = self.visible.borrow_mut();
            v.push(AuditEntry {
                seq,
                at: Timestamp::now(),
                account: AccountId::SYSTEM,
                action: action.into(),
                record,
                detail: String::new(),
                log_index: None,
            });
            v.sort_by_key(|e| e.seq);
        }

        fn read(&self, after: i64, limit: usize) -> memoria_store::Result<Vec<AuditEntry>> {
            Ok(self
                .visible
                .borrow()
                .iter()
                .filter(|e| e.seq > after)
                .take(limit)
                .cloned()
                .collect())
        }
    }

    #[test]
    fn entries_committed_late_are_picked_up_while_their_seq_is_a_hole() {
        let log = FakeLog::new();
        let read_log = |a, l| log.read(a, l);
        let (a, b, c) = (RecordId::random(), RecordId::random(), RecordId::random());
        log.commit(1, "create", Some(a));
        // Seqs 2 and 3 belong to transactions still open; 4 commits first.
        log.commit(4, "update", Some(b));
        let (ids, state) = read(&read_log, &Follow::default(), 1000).unwrap();
        assert_eq!(ids.len(), 2);
        assert_eq!(state.cursor, 4);
        assert_eq!(
            state.holes,
            [Hole {
                from: 2,
                to: 3,
                since: 1000
            }]
        );

        // Nothing new: nothing to refresh, the hole stays.
        let (ids, state) = read(&read_log, &state, 1010).unwrap();
        assert!(ids.is_empty());
        assert_eq!(state.holes.len(), 1);

        // Seq 3 commits; 2 is still open. A non-write entry is not a record to refresh.
        log.commit(3, "delete", Some(c));
        log.commit(5, "read-sensitive", Some(a));
        let (ids, state) = read(&read_log, &state, 1020).unwrap();
        assert_eq!(ids, [c]);
        assert_eq!(state.cursor, 5);
        assert_eq!(
            state.holes,
            [Hole {
                from: 2,
                to: 2,
                since: 1000
            }]
        );

        // Seq 2 never commits (rolled back): after 60 s it is given up.
        let (ids, state) = read(&read_log, &state, 1000 + HOLE_SECONDS + 1).unwrap();
        assert!(ids.is_empty());
        assert!(state.holes.is_empty());
        // And a late commit after that is missed by design (the rebuild catches it).
        log.commit(2, "create", Some(RecordId::random()));
        let (ids, _) = read(&read_log, &state, 2000).unwrap();
        assert!(ids.is_empty());
    }

    #[test]
    fn long_runs_are_read_in_batches_and_holes_inside_them_kept() {
        let log = FakeLog::new();
        let read_log = |a, l| log.read(a, l);
        let n = (BATCH as i64) * 2 + 10;
        for seq in 1..=n {
            if seq != 7 && seq != BATCH as i64 + 3 {
                log.commit(seq, "create", Some(RecordId::random()));
            }
        }
        let (ids, state) = read(&read_log, &Follow::default(), 50).unwrap();
        assert_eq!(ids.len() as i64, n - 2);
        assert_eq!(state.cursor, n);
        let holes: Vec<(i64, i64)> = state.holes.iter().map(|h| (h.from, h.to)).collect();
        assert_eq!(holes, [(7, 7), (BATCH as i64 + 3, BATCH as i64 + 3)]);
        log.commit(BATCH as i64 + 3, "purge", Some(RecordId::random()));
        let (ids, state) = read(&read_log, &state, 60).unwrap();
        assert_eq!(ids.len(), 1);
        assert_eq!(state.holes.len(), 1);
    }

    #[test]
    fn the_head_is_found_without_reading_the_log() {
        for last in [0i64, 1, 2, 1023, 1024, 1025, 70_001] {
            let log = FakeLog::new();
            if last > 0 {
                // A sparse log, as after rolled-back transactions.
                for seq in (1..last).step_by(97) {
                    log.commit(seq, "create", None);
                }
                log.commit(last, "create", None);
            }
            let reads = RefCell::new(0);
            let read_log = |a, l| {
                *reads.borrow_mut() += 1;
                log.read(a, l)
            };
            assert_eq!(head(&read_log, 0).unwrap(), last, "{last}");
            assert_eq!(head(&read_log, last).unwrap(), last, "{last} from itself");
            assert!(*reads.borrow() < 80, "{last}: {} reads", reads.borrow());
        }
    }

    #[test]
    fn a_rebuild_marks_recent_missing_seqs_as_holes() {
        let log = FakeLog::new();
        for seq in [1, 2, 5, 6, 9] {
            log.commit(seq, "create", None);
        }
        let holes = recent_holes(&|a, l| log.read(a, l), 9, 7).unwrap();
        let runs: Vec<(i64, i64)> = holes.iter().map(|h| (h.from, h.to)).collect();
        assert_eq!(runs, [(3, 4), (7, 8)]);
    }

    #[test]
    fn payloads_round_trip() {
        let f = Follow {
            cursor: 42,
            holes: vec![Hole {
                from: 40,
                to: 41,
                since: 9,
            }],
        };
        let p = Payload::parse(Some(&Payload::new(true, &f, None).to_json())).unwrap();
        assert!(p.built);
        assert_eq!(p.schema, SCHEMA_VERSION);
        assert_eq!(p.follow(), f);
        assert!(Payload::parse(Some("not json")).is_none());
        assert!(Payload::parse(None).is_none());
    }
}
