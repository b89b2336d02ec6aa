//! The demonstration collection: a fictional but realistic data set, generated from a
//! seed, that `memoria demo` writes into a new data directory.
//!
//! The data describe human rights violations in the Republic of Valdoria, a country that
//! does not exist, from 2015 to 2022: incidents with their acts, victims (some of them
//! groups), perpetrator units in a chain of command, uncertain dates, sources graded on
//! the Admiralty scale with claims that sometimes contradict each other, advocacy
//! interventions with deadlines, and three overlapping source lists of the killed and
//! disappeared, each spelling names its own way, for record linkage and multiple
//! systems estimation. Names are invented combinations of common names from several
//! naming traditions; nothing is drawn from a real victim list.
//!
//! This crate does no IO: [`generate`] hands each record to a sink, and the caller
//! stores it. The same [`DemoConfig`] always yields the same records in the same order,
//! byte for byte.
//!
//! # Streaming
//!
//! Records come out kind by kind, each after everything it refers to: the collection,
//! places top-down, organisations parent-first, persons, sources, incidents, acts,
//! claims, interventions, source lists, list records (the three lists' records come
//! interleaved, incident by incident). A million incidents would not fit in memory as
//! records, so nothing is kept: every incident is drawn from its own random stream (see
//! the `rng` module) and drawn again, identically, in each pass. Only the country
//! (places, organisations: a few hundred records) stays in memory for the whole run.
//!
//! - `world`: the country, its organisations and the records shared by all incidents.
//! - `plan`: what happened in one incident.
//! - `emit`: turning a plan into records.
//! - `lists`: the three victim lists and their spelling habits.
//! - `names`, `text`: names and prose.
//! - `boundaries`: the regions' shapes, for maps ([`boundaries_geojson`]).

use std::fmt;

use memoria_core::{Entity, EntityKind, RecordId};

mod boundaries;
mod emit;
mod lists;
mod names;
mod plan;
mod rng;
mod text;
mod world;

pub use boundaries::boundaries_geojson;
pub use lists::DEMO_PERSON_KEY;

/// What to generate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DemoConfig {
    /// The seed: the same seed gives the same collection, record ids included.
    pub seed: u64,
    /// How many incidents to generate. Every other count follows from it.
    pub incidents: usize,
}

impl Default for DemoConfig {
    fn default() -> DemoConfig {
        DemoConfig {
            seed: 1,
            incidents: 2000,
        }
    }
}

/// How many records of each kind were emitted.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub collections: usize,
    pub places: usize,
    pub organizations: usize,
    pub persons: usize,
    pub sources: usize,
    pub incidents: usize,
    pub acts: usize,
    pub claims: usize,
    pub interventions: usize,
    pub source_lists: usize,
    pub records: usize,
    /// Named victims of killings and disappearances: the population the three lists
    /// sample from, i.e. the true total that multiple systems estimation tries to find.
    pub list_population: usize,
    /// Records in each source list, in the order the lists were emitted.
    pub records_per_list: [usize; 3],
}

impl Summary {
    /// The count of records of `kind`.
    pub fn count(&self, kind: EntityKind) -> usize {
        match kind {
            EntityKind::Collection => self.collections,
            EntityKind::Place => self.places,
            EntityKind::Organization => self.organizations,
            EntityKind::Person => self.persons,
            EntityKind::Source => self.sources,
            EntityKind::Incident => self.incidents,
            EntityKind::Act => self.acts,
            EntityKind::Claim => self.claims,
            EntityKind::Intervention => self.interventions,
            EntityKind::SourceList => self.source_lists,
            EntityKind::Record => self.records,
            EntityKind::Vocabulary
            | EntityKind::Evidence
            | EntityKind::MatchDecision
            | EntityKind::LinkageResult
            | EntityKind::Consent
            | EntityKind::PublicationPolicy
            | EntityKind::Publication => 0,
        }
    }

    /// All records emitted.
    pub fn total(&self) -> usize {
        EntityKind::ALL.iter().map(|&k| self.count(k)).sum()
    }

    fn add(&mut self, kind: EntityKind) {
        let slot = match kind {
            EntityKind::Collection => &mut self.collections,
            EntityKind::Place => &mut self.places,
            EntityKind::Organization => &mut self.organizations,
            EntityKind::Person => &mut self.persons,
            EntityKind::Source => &mut self.sources,
            EntityKind::Incident => &mut self.incidents,
            EntityKind::Act => &mut self.acts,
            EntityKind::Claim => &mut self.claims,
            EntityKind::Intervention => &mut self.interventions,
            EntityKind::SourceList => &mut self.source_lists,
            EntityKind::Record => &mut self.records,
            EntityKind::Vocabulary
            | EntityKind::Evidence
            | EntityKind::MatchDecision
            | EntityKind::LinkageResult
            | EntityKind::Consent
            | EntityKind::PublicationPolicy
            | EntityKind::Publication => return,
        };
        *slot += 1;
    }
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let rows = [
            ("collection", self.collections),
            ("places", self.places),
            ("organisations", self.organizations),
            ("persons", self.persons),
            ("sources", self.sources),
            ("incidents", self.incidents),
            ("acts", self.acts),
            ("claims", self.claims),
            ("interventions", self.interventions),
            ("source lists", self.source_lists),
            ("list records", self.records),
        ];
        for (label, n) in rows {
            writeln!(f, "{n:>10}  {label}")?;
        }
        writeln!(f, "{:>10}  records in all", self.total())?;
        write!(
            f,
            "list records per list: {} / {} / {}; killed and disappeared named victims: {}",
            self.records_per_list[0],
            self.records_per_list[1],
            self.records_per_list[2],
            self.list_population
        )
    }
}

/// Generates the demonstration collection, handing every record to `sink` in an order
/// where each record comes after every record it refers to, and returns the counts.
pub fn generate(config: &DemoConfig, sink: &mut dyn FnMut(RecordId, Entity)) -> Summary {
    use rng::Purpose;

    let streams = rng::Streams::new(config.seed);
    let world = world::World::new(&streams);
    let mut summary = Summary::default();
    let mut list_population = 0;
    let mut per_list = [0; 3];
    {
        let mut emit = |id: RecordId, e: Entity| {
            summary.add(e.kind());
            sink(id, e);
        };
        world.emit_structure(&mut emit);

        // One pass per kind; each draws every incident's plan again from its stream.
        let pass =
            |purpose: Purpose,
             list: u64,
             f: &mut dyn FnMut(&plan::Plan, &mut rand_chacha::ChaCha8Rng)| {
                for i in 0..config.incidents {
                    let plan =
                        plan::Plan::draw(&world, i, &mut streams.incident(i, Purpose::Plan, 0));
                    f(&plan, &mut streams.incident(i, purpose, list));
                }
            };

        world.emit_officers(&mut emit);
        pass(Purpose::Persons, 0, &mut |p, r| {
            list_population += p.victims.iter().filter(|v| v.listed).count();
            emit::persons(&world, p, r, &mut emit);
        });
        world.emit_global_sources(&mut emit);
        pass(Purpose::Sources, 0, &mut |p, r| {
            emit::sources(&world, p, r, &mut emit)
        });
        pass(Purpose::Incident, 0, &mut |p, r| {
            emit::incident(&world, p, r, &mut emit)
        });
        pass(Purpose::Acts, 0, &mut |p, r| {
            emit::acts(&world, p, r, &mut emit)
        });
        pass(Purpose::Claims, 0, &mut |p, r| {
            emit::claims(&world, p, r, &mut emit)
        });
        pass(Purpose::Interventions, 0, &mut |p, r| {
            emit::interventions(&world, p, r, &mut emit)
        });
        world.emit_lists(&mut emit);
        // The three lists in one pass, each from its own stream: the records of the lists
        // come interleaved, incident by incident.
        pass(Purpose::List, 0, &mut |p, r| {
            lists::emit_records(&world, p, 0, r, &mut per_list[0], &mut emit);
            for (list, count) in per_list.iter_mut().enumerate().skip(1) {
                let mut r = streams.incident(p.index, Purpose::List, list as u64);
                lists::emit_records(&world, p, list, &mut r, count, &mut emit);
            }
        });
    }
    summary.list_population = list_population;
    summary.records_per_list = per_list;
    summary
}
