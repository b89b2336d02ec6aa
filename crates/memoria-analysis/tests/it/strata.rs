//! Capture tables split by what the lists report: three lists of known people, each
//! person with a known violation, perpetrator type and set of lists, written to a real
//! store, read back, linked, and tabulated per stratum cell by cell.

use std::collections::{BTreeMap, BTreeSet};

use memoria_analysis::StratumBy;
use memoria_core::edtf::Edtf;
use memoria_core::entity::{AgeRange, Collection, Entity, Record, SourceList};
use memoria_core::id::RecordId;
use memoria_core::text::MultiText;
use memoria_store::{Actor, Store};

const LISTS: [&str; 3] = ["a-ngo", "b-parish", "c-press"];
const PEOPLE: usize = 48;
// The first twelve of the test kit's fictional names.
const NAMES: usize = 12;

/// One fictional person as every list that holds them reports them.
struct Person {
    given: &'static str,
    family: &'static str,
    female: bool,
    age: u16,
    date: String,
    violation: &'static str,
    perpetrator: Option<&'static str>,
    /// Bit j set: list j holds the person (the capture pattern).
    lists: u32,
}

/// The person whose third list says something else than the other two: the majority
/// decides their stratum.
const OUTVOTED: usize = 6;

fn people() -> Vec<Person> {
    (0..PEOPLE)
        .map(|i| Person {
            // Unique pairs: the family name moves on by one for each round of given names.
            given: memoria_testkit::GIVEN_NAMES[i % NAMES],
            family: memoria_testkit::FAMILY_NAMES[(5 * i + i / NAMES) % NAMES],
            female: i % 2 == 0,
            age: 20 + i as u16,
            date: format!("2020-{:02}-{:02}", 1 + i / 28, 1 + i % 28),
            violation: ["killing", "enforced-disappearance"][(i / 2) % 2],
            perpetrator: [Some("police"), Some("military"), None][i % 3],
            // Every pattern of three lists, 1 to 7.
            lists: (i % 7) as u32 + 1,
        })
        .collect()
}

/// Writes the collection, its lists and every person's records; returns the collection.
fn write(store: &dyn Store, people: &[Person]) -> RecordId {
    let mut tx = store.begin(&Actor::system()).unwrap();
    let collection = tx
        .create(Entity::Collection(Collection {
            name: "strata".into(),
            title: MultiText::single("en", "Strata"),
            description: MultiText::new(),
        }))
        .unwrap()
        .id;
    let lists: Vec<RecordId> = LISTS
        .iter()
        .map(|name| {
            tx.create(Entity::SourceList(SourceList {
                collection,
                name: name.to_string(),
                description: MultiText::new(),
                source: None,
            }))
            .unwrap()
            .id
        })
        .collect();
    let vocabs = memoria_core::vocab::defaults();
    for (i, p) in people.iter().enumerate() {
        assert!(
            i != OUTVOTED || p.lists == 0b111,
            "the outvoted person is on every list"
        );
        for (j, &list) in lists.iter().enumerate() {
            if p.lists >> j & 1 == 0 {
                continue;
            }
            let outvoted = i == OUTVOTED && j == 2;
            let record = Entity::Record(Record {
                list,
                external_id: Some(format!("{j}-{i}")),
                name: None,
                given_name: Some(p.given.into()),
                family_name: Some(p.family.into()),
                sex: Some(if p.female { "female" } else { "male" }.into()),
                age: Some(AgeRange::exact(p.age)),
                birth_date: None,
                date: Some(Edtf::parse(&p.date).unwrap()),
                place: None,
                violation: Some(if outvoted { "torture" } else { p.violation }.into()),
                perpetrator: if outvoted {
                    Some("paramilitary".into())
                } else {
                    p.perpetrator.map(str::to_string)
                },
                extra: Default::default(),
            });
            assert_eq!(memoria_core::validate::validate(&record, &vocabs), []);
            tx.create(record).unwrap();
        }
    }
    tx.commit().unwrap();
    collection
}

/// The table `by` gives on the store's lists, as `stratum -> pattern -> count`.
fn tabulate(store: &dyn Store, collection: RecordId, by: StratumBy) -> Cells {
    let config = memoria_analysis::record_config();
    let (records, lists, facts) =
        memoria_analysis::read_lists_with_facts(store, &Actor::system(), collection, &config)
            .unwrap();
    assert_eq!(facts.len(), records.len(), "one set of facts per record");
    let names: Vec<String> = lists.iter().map(|l| l.name.clone()).collect();
    assert_eq!(names, LISTS);
    let linkage = memoria_linkage::link(&records, &config.settings).unwrap();
    let table = memoria_analysis::capture_table_by(&linkage, &names, &facts, by).unwrap();
    assert_eq!(table.stratum_columns(), [by.column()]);
    assert_eq!(table.documented(), PEOPLE as u64, "one cluster per person");
    let mut cells = Cells::new();
    for stratum in ["killing", "enforced-disappearance", "torture"]
        .into_iter()
        .chain(["police", "military", "paramilitary", "unknown"])
    {
        for pattern in 1..8 {
            let n = table.count(&[stratum], pattern);
            if n > 0 {
                *cells
                    .entry(stratum.to_string())
                    .or_default()
                    .entry(pattern)
                    .or_default() += n;
            }
        }
    }
    assert_eq!(
        cells.values().flat_map(|c| c.values()).sum::<u64>(),
        PEOPLE as u64,
        "no one in a stratum this test does not expect"
    );
    cells
}

type Cells = BTreeMap<String, BTreeMap<u32, u64>>;

/// What the table must hold: each person once, in the stratum they were written with.
fn truth(people: &[Person], by: StratumBy) -> Cells {
    let mut cells = Cells::new();
    for p in people {
        let stratum = match by {
            StratumBy::Violation => p.violation,
            StratumBy::Perpetrator => p.perpetrator.unwrap_or("unknown"),
            other => unreachable!("{other:?}"),
        };
        *cells
            .entry(stratum.to_string())
            .or_default()
            .entry(p.lists)
            .or_default() += 1;
    }
    cells
}

fn totals(cells: &Cells) -> BTreeMap<&str, u64> {
    cells
        .iter()
        .map(|(s, c)| (s.as_str(), c.values().sum()))
        .collect()
}

#[test]
fn capture_tables_split_by_violation_and_by_perpetrator_count_each_person_in_their_cell() {
    let people = people();
    let pairs: BTreeSet<(&str, &str)> = people.iter().map(|p| (p.given, p.family)).collect();
    assert_eq!(pairs.len(), PEOPLE, "every name is different");
    for (store, _keep) in crate::stores() {
        let store = store.as_ref();
        let collection = write(store, &people);

        let by_violation = tabulate(store, collection, StratumBy::Violation);
        assert_eq!(by_violation, truth(&people, StratumBy::Violation));
        assert_eq!(
            totals(&by_violation),
            BTreeMap::from([("enforced-disappearance", 24), ("killing", 24)]),
            "the outvoted list's `torture` is no one's stratum"
        );
        // Killed and on list a only: people 0, 21 and 28; on all three lists: 13, 20
        // and 41. Person 6, disappeared, is on all three, outvoted on c.
        assert_eq!(by_violation["killing"][&0b001], 3);
        assert_eq!(by_violation["killing"][&0b111], 3);
        assert_eq!(by_violation["enforced-disappearance"][&0b111], 3);

        let by_perpetrator = tabulate(store, collection, StratumBy::Perpetrator);
        assert_eq!(by_perpetrator, truth(&people, StratumBy::Perpetrator));
        assert_eq!(
            totals(&by_perpetrator),
            BTreeMap::from([("military", 16), ("police", 16), ("unknown", 16)]),
            "people whose lists name no perpetrator are counted apart, not dropped"
        );
    }
}
