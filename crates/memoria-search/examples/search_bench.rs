//! The search index benchmark: builds an index in memory from the demonstration
//! collection (no store) and times searches and filtered incident lists.
//!
//! ```sh
//! cargo run --release -p memoria-search --example search_bench -- 1000000 [DIR]
//! ```
//!
//! The first argument is the number of incidents (default 100,000). With a second, the
//! index is kept on disk in DIR and reused by later runs with the same number (to time
//! queries again without rebuilding); without it, the index is built in memory. With
//! `store` as the second argument instead, the records are first written to a SQLite
//! store in a temporary folder and the index is rebuilt from that store, to time the
//! rebuild as `memoria serve` runs it (queries are then not timed).
//! Every other record every other record of the
//! demonstration collection (persons, sources, acts, list records…) comes with them, so
//! the index holds several documents per incident. The rebuild reads the generator
//! twice, as it reads a store twice; the generator's own time is measured apart and
//! printed beside it. Queries run as a collection member (scope filter on), with names.

use std::cell::RefCell;
use std::collections::HashMap;
use std::time::{Duration, Instant};

use memoria_core::edtf::Day;
use memoria_core::entity::{Entity, Sensitivity, Status};
use memoria_core::id::RecordId;
use memoria_core::place::PlaceLevel;
use memoria_demo::{DemoConfig, generate};
use memoria_search::{
    CollectionScope, IncidentFilter, IncidentSort, Index, RecordSource, Scope, SearchQuery,
};
use memoria_store::{AccountId, Stored, Timestamp};

/// What the first pass notices, to make realistic queries from.
#[derive(Default)]
struct Samples {
    collection: Option<RecordId>,
    names: Vec<String>,
    title_words: Vec<String>,
    regions: Vec<RecordId>,
    violations: HashMap<String, u64>,
    seen: u64,
}

struct Demo {
    config: DemoConfig,
    samples: RefCell<Samples>,
}

fn stored(id: RecordId, entity: Entity, now: Timestamp) -> Stored {
    Stored {
        id,
        kind: entity.kind(),
        collection: entity.collection(),
        parent: entity.parent(),
        version: 1,
        deleted: false,
        entity,
        created_at: now,
        updated_at: now,
        updated_by: AccountId::SYSTEM,
    }
}

impl Demo {
    fn notice(&self, id: RecordId, e: &Entity) {
        let mut s = self.samples.borrow_mut();
        s.seen += 1;
        let sample = s.seen.is_multiple_of(97);
        match e {
            Entity::Collection(_) => s.collection = Some(id),
            Entity::Place(p) if p.level == PlaceLevel::Region => s.regions.push(id),
            Entity::Person(p) if sample && s.names.len() < 5000 => {
                if let Some(n) = p.names.first() {
                    s.names
                        .push(n.transliteration.clone().unwrap_or(n.text.clone()));
                }
            }
            Entity::Incident(i) if sample && s.title_words.len() < 5000 => {
                if let Some(t) = i.title.0.get("en") {
                    s.title_words.extend(
                        t.split_whitespace()
                            .filter(|w| w.len() > 4)
                            .take(1)
                            .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_string()),
                    );
                }
            }
            Entity::Act(a) => *s.violations.entry(a.violation.clone()).or_default() += 1,
            _ => {}
        }
    }
}

impl RecordSource for Demo {
    fn scan(
        &self,
        visit: &mut dyn FnMut(Stored) -> memoria_search::Result<()>,
    ) -> memoria_search::Result<()> {
        let now = Timestamp::now();
        let mut failure = None;
        generate(&self.config, &mut |id, e| {
            self.notice(id, &e);
            // Persons and list records dominate the records; list records are not
            // needed for the figures beyond their share of the index, which is kept.
            if failure.is_none()
                && let Err(err) = visit(stored(id, e, now))
            {
                failure = Some(err);
            }
        });
        failure.map_or(Ok(()), Err)
    }

    fn incidents(
        &self,
        collection: RecordId,
        visit: &mut dyn FnMut(Stored) -> memoria_search::Result<()>,
    ) -> memoria_search::Result<()> {
        let now = Timestamp::now();
        let mut failure = None;
        generate(&self.config, &mut |id, e| {
            if failure.is_none()
                && let Entity::Incident(i) = &e
                && i.collection == collection
                && let Err(err) = visit(stored(id, e, now))
            {
                failure = Some(err);
            }
        });
        failure.map_or(Ok(()), Err)
    }
}

/// A small deterministic generator for picking queries.
struct Pick(u64);

impl Pick {
    fn next(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n.max(1) as u64) as usize
    }
}

/// One edit in a word of 5 letters or more: the misspellings search must forgive.
fn misspell(name: &str, pick: &mut Pick) -> String {
    name.split_whitespace()
        .map(|w| {
            let chars: Vec<char> = w.chars().collect();
            if chars.len() < 5 {
                return w.to_string();
            }
            let mut c = chars.clone();
            let i = 1 + pick.next(chars.len() - 2);
            c.remove(i);
            c.into_iter().collect()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// CPU seconds this process has used (user and system), from `/proc/self/stat`: on a
/// shared machine, less noisy than the wall clock.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // The fields after the command name, which is in parentheses and may hold spaces.
    let after = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<&str> = after.split_whitespace().collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    // utime and stime are fields 14 and 15 of the whole line, 12 and 13 here.
    (ticks(11) + ticks(12)) / 100.0
}

fn percentile(times: &mut [Duration], p: f64) -> f64 {
    times.sort();
    let i = ((times.len() as f64 - 1.0) * p).round() as usize;
    times[i].as_secs_f64() * 1000.0
}

fn report(label: &str, times: &mut [Duration], extra: &str) {
    println!(
        "{label:<44} p50 {:>7.2} ms   p99 {:>7.2} ms   max {:>7.2} ms   ({} runs{extra})",
        percentile(times, 0.5),
        percentile(times, 0.99),
        percentile(times, 1.0),
        times.len()
    );
}

fn main() {
    let incidents: usize = std::env::args()
        .nth(1)
        .map(|a| a.replace('_', "").parse().expect("a number of incidents"))
        .unwrap_or(100_000);
    let runs = 400;
    let config = DemoConfig { seed: 7, incidents };

    let t = Instant::now();
    let cpu = cpu_seconds();
    let summary = generate(&config, &mut |_, _| {});
    let generation = t.elapsed();
    let generation_cpu = cpu_seconds() - cpu;
    println!("{incidents} incidents; the demonstration collection holds:\n{summary}");
    println!(
        "generating it once: {:.1} s ({generation_cpu:.1} s CPU)",
        generation.as_secs_f64()
    );

    let demo = Demo {
        config,
        samples: RefCell::default(),
    };
    if std::env::args().nth(2).as_deref() == Some("store") {
        rebuild_from_store(&demo.config);
        return;
    }
    let dir = std::env::args().nth(2).map(std::path::PathBuf::from);
    let index = match &dir {
        Some(d) => Index::open(d).expect("the index directory"),
        None => Index::in_ram().expect("an index in memory"),
    };
    if index.needs_rebuild() {
        let cpu = cpu_seconds();
        let t = Instant::now();
        let docs = index
            .rebuild_from(&demo, &mut |done, total| {
                if done % 1_000_000 == 0 && done > 0 {
                    eprintln!("  {done} / {total} records");
                }
            })
            .expect("the rebuild");
        let rebuild = t.elapsed();
        println!(
            "rebuild: {docs} documents in {:.1} s ({:.1} s of it generating records twice; {:.1} s indexing)",
            rebuild.as_secs_f64(),
            2.0 * generation.as_secs_f64(),
            rebuild.as_secs_f64() - 2.0 * generation.as_secs_f64()
        );
        println!("rebuild CPU time: {:.1} s", cpu_seconds() - cpu);
    } else {
        // Only the samples are needed: one pass of the generator.
        demo.scan(&mut |_| Ok(())).expect("a scan");
        println!(
            "reusing the index in {}",
            dir.as_ref().expect("a directory").display()
        );
    }
    println!("segments: {}", index.segment_count());
    if let Some(rss) = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM"))
                .map(str::to_string)
        })
    {
        println!(
            "peak memory: {}",
            rss.split_whitespace().skip(1).collect::<Vec<_>>().join(" ")
        );
    }

    let s = demo.samples.into_inner();
    let collection = s.collection.expect("a collection");
    let scope = Scope {
        all: false,
        collections: vec![CollectionScope {
            collection,
            max_sensitivity: Sensitivity::Restricted,
            names: true,
        }],
    };
    let mut violations: Vec<(String, u64)> = s.violations.into_iter().collect();
    violations.sort_by_key(|v| std::cmp::Reverse(v.1));
    let violations: Vec<String> = violations.into_iter().take(8).map(|(c, _)| c).collect();
    let mut pick = Pick(0x9E37_79B9_7F4A_7C15);

    let search = |text: String, pick_limit: usize| {
        let t = Instant::now();
        let r = index
            .search(
                &SearchQuery {
                    text,
                    kinds: vec![],
                    offset: 0,
                    limit: pick_limit,
                },
                &scope,
            )
            .expect("a search");
        (t.elapsed(), r.total)
    };
    // Warm up: the first queries fault pages in.
    for n in s.names.iter().take(50) {
        search(n.clone(), 20);
    }
    let mut kinds: Vec<(&str, Vec<Duration>, usize)> = vec![
        ("search: a full name", Vec::new(), 0),
        ("search: a misspelled full name", Vec::new(), 0),
        ("search: one title word", Vec::new(), 0),
        ("search: a surname", Vec::new(), 0),
    ];
    for _ in 0..runs {
        let name = &s.names[pick.next(s.names.len())];
        let (t, n) = search(name.clone(), 20);
        kinds[0].1.push(t);
        kinds[0].2 += n;
        let (t, n) = search(misspell(name, &mut pick), 20);
        kinds[1].1.push(t);
        kinds[1].2 += n;
        let word = &s.title_words[pick.next(s.title_words.len())];
        let (t, n) = search(word.clone(), 20);
        kinds[2].1.push(t);
        kinds[2].2 += n;
        let surname = name.split_whitespace().last().unwrap_or(name).to_string();
        let (t, n) = search(surname, 20);
        kinds[3].1.push(t);
        kinds[3].2 += n;
    }
    let mut all_search: Vec<Duration> = kinds.iter().flat_map(|k| k.1.clone()).collect();
    for (label, times, hits) in &mut kinds {
        report(label, times, &format!(", {} hits on average", *hits / runs));
    }
    report("search: all of the above", &mut all_search, "");

    let list = |filter: IncidentFilter| {
        let t = Instant::now();
        let page = index.incidents(&filter, &scope).expect("a list");
        (t.elapsed(), page.total)
    };
    let year_window = |pick: &mut Pick| {
        let y = 2015 + pick.next(8) as i32;
        let m = 1 + pick.next(12) as u8;
        (
            Day::new(y, m, 1).expect("a day"),
            Day::new(y + (m as i32 + 2) / 12, ((m + 2) % 12) + 1, 1).expect("a day"),
        )
    };
    let mut lists: Vec<(&str, Vec<Duration>, usize)> = vec![
        ("list: 3 months + violation, by date", Vec::new(), 0),
        ("list: region + status, by date", Vec::new(), 0),
        (
            "list: violation + perpetrator kind, by update",
            Vec::new(),
            0,
        ),
        ("list: everything, by date (no filter)", Vec::new(), 0),
    ];
    for _ in 0..runs {
        let (from, to) = year_window(&mut pick);
        let (t, n) = list(IncidentFilter {
            date_from: Some(from),
            date_to: Some(to),
            violation: Some(violations[pick.next(violations.len())].clone()),
            limit: 50,
            ..Default::default()
        });
        lists[0].1.push(t);
        lists[0].2 += n;
        let (t, n) = list(IncidentFilter {
            place: Some(s.regions[pick.next(s.regions.len())]),
            status: Some(Status::ALL[pick.next(4)]),
            limit: 50,
            ..Default::default()
        });
        lists[1].1.push(t);
        lists[1].2 += n;
        let (t, n) = list(IncidentFilter {
            violation: Some(violations[pick.next(violations.len())].clone()),
            perpetrator: Some(["military", "police", "non-state-armed-group"][pick.next(3)].into()),
            sort: IncidentSort::UpdatedDesc,
            limit: 50,
            ..Default::default()
        });
        lists[2].1.push(t);
        lists[2].2 += n;
        if pick.next(4) == 0 {
            let (t, n) = list(IncidentFilter {
                limit: 50,
                ..Default::default()
            });
            lists[3].1.push(t);
            lists[3].2 += n;
        }
    }
    let mut two_filters: Vec<Duration> = lists[..3].iter().flat_map(|k| k.1.clone()).collect();
    for (label, times, total) in &mut lists {
        let n = times.len().max(1);
        report(
            label,
            times,
            &format!(", {} matching on average", *total / n),
        );
    }
    report("list: two filters, all of the above", &mut two_filters, "");
}

/// Writes the collection to a SQLite store, then times a rebuild from it.
fn rebuild_from_store(config: &DemoConfig) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let store = memoria_store::open(dir.path().join("bench.db").to_str().expect("a path"))
        .expect("a store");
    let t = Instant::now();
    {
        let actor = memoria_store::Actor::system();
        let mut tx = store.begin(&actor).expect("a transaction");
        generate(config, &mut |id, e| {
            tx.create_with_id(id, e).expect("a record");
        });
        tx.commit().expect("the commit");
    }
    println!("writing the store: {:.1} s", t.elapsed().as_secs_f64());
    let t = Instant::now();
    let mut n = 0u64;
    store
        .scan_records(&mut |_| {
            n += 1;
            Ok(())
        })
        .expect("a scan");
    println!(
        "scanning the store alone: {n} records in {:.1} s",
        t.elapsed().as_secs_f64()
    );
    let t = Instant::now();
    let mut n = 0;
    let mut after = None;
    let collection = store
        .list(&memoria_store::ListQuery {
            kind: Some(memoria_core::entity::EntityKind::Collection),
            ..Default::default()
        })
        .expect("collections")[0]
        .id;
    loop {
        let page = store
            .list(&memoria_store::ListQuery {
                kind: Some(memoria_core::entity::EntityKind::Incident),
                collection: Some(collection),
                after,
                limit: 2000,
                ..Default::default()
            })
            .expect("a page");
        n += page.len();
        after = page.last().map(|s| s.id);
        if page.len() < 2000 {
            break;
        }
    }
    println!(
        "listing the incidents alone: {n} in {:.1} s",
        t.elapsed().as_secs_f64()
    );
    let index = Index::in_ram().expect("an index in memory");
    let t = Instant::now();
    let cpu = cpu_seconds();
    let docs = index
        .rebuild(store.as_ref(), &mut |_, _| {})
        .expect("the rebuild");
    println!(
        "rebuild from the store: {docs} documents in {:.1} s ({:.1} s CPU)",
        t.elapsed().as_secs_f64(),
        cpu_seconds() - cpu
    );
}
