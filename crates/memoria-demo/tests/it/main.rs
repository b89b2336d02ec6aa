//! The demonstration collection: reproducible, valid, referentially sound, and with the
//! properties the analysis features need (overlapping lists, conflicting claims, …).

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::OnceLock;

use memoria_core::entity::{NameUse, PersonName};
use memoria_core::place::PlaceLevel;
use memoria_core::{Entity, EntityKind, RecordId};
use memoria_demo::{DEMO_PERSON_KEY, DemoConfig, Summary, generate};

fn collect(config: &DemoConfig) -> (Vec<(RecordId, Entity)>, Summary) {
    let mut out = Vec::new();
    let summary = generate(config, &mut |id, e| out.push((id, e)));
    (out, summary)
}

/// The default collection, generated once for all the tests that only read it.
fn default_collection() -> &'static (Vec<(RecordId, Entity)>, Summary) {
    static ONCE: OnceLock<(Vec<(RecordId, Entity)>, Summary)> = OnceLock::new();
    ONCE.get_or_init(|| collect(&DemoConfig::default()))
}

/// A hash of the whole output: ids, kinds and serialised bodies, in order.
fn fingerprint(config: &DemoConfig) -> (u64, usize) {
    let mut h = DefaultHasher::new();
    let mut n = 0;
    generate(config, &mut |id, e| {
        id.hash(&mut h);
        e.kind().as_str().hash(&mut h);
        e.to_body().to_string().hash(&mut h);
        n += 1;
    });
    (h.finish(), n)
}

fn small(seed: u64) -> DemoConfig {
    DemoConfig {
        seed,
        incidents: 300,
    }
}

#[test]
fn same_seed_same_output_different_seed_different_output() {
    let a = fingerprint(&small(7));
    let b = fingerprint(&small(7));
    let c = fingerprint(&small(8));
    assert_eq!(a, b);
    assert_ne!(a.0, c.0);
}

#[test]
fn default_config_gives_about_two_thousand_incidents_and_a_true_summary() {
    let config = DemoConfig::default();
    assert_eq!(config.incidents, 2000);
    let (records, summary) = default_collection();
    let mut counted: BTreeMap<EntityKind, usize> = BTreeMap::new();
    for (_, e) in records {
        *counted.entry(e.kind()).or_default() += 1;
    }
    for kind in EntityKind::ALL {
        assert_eq!(
            summary.count(kind),
            counted.get(&kind).copied().unwrap_or(0),
            "{kind}"
        );
    }
    assert_eq!(summary.total(), records.len());
    assert_eq!(summary.incidents, 2000);
    assert_eq!(summary.collections, 1);
    assert_eq!(summary.source_lists, 3);
    assert_eq!(
        summary.records_per_list.iter().sum::<usize>(),
        summary.records
    );
    assert!(summary.acts > summary.incidents);
    assert!(summary.persons > summary.incidents);
    assert!(summary.claims > 500, "{summary}");
    assert!(summary.interventions > 100, "{summary}");
    assert!(summary.list_population > 500, "{summary}");
    println!("{summary}");
}

#[test]
fn every_record_validates_against_the_default_vocabularies() {
    let vocabs = memoria_core::vocab::defaults();
    let (records, _) = default_collection();
    let mut failures = Vec::new();
    for (id, e) in records {
        for p in memoria_core::validate::validate(e, &vocabs) {
            if failures.len() < 20 {
                failures.push(format!("{} {id}: {p}", e.kind()));
            }
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

/// The vocabulary codes each field may hold, read from the shipped files, so that the
/// check holds even if `defaults()` were to load fewer vocabularies.
fn shipped_codes(vocab: &str) -> BTreeSet<String> {
    let path = format!(
        "{}/../memoria-core/vocabularies/{vocab}.toml",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    text.lines()
        .filter_map(|l| l.trim().strip_prefix("code = \""))
        .filter_map(|l| l.strip_suffix('"'))
        .map(str::to_string)
        .collect()
}

#[test]
fn every_code_emitted_is_in_the_shipped_vocabulary_files() {
    let (records, _) = default_collection();
    let mut used: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    let mut add = |vocab: &'static str, code: &str| {
        used.entry(vocab).or_default().insert(code.to_string());
    };
    for (_, e) in records {
        match e {
            Entity::Act(a) => {
                add("violation-types", &a.violation);
                if let Some(m) = &a.method {
                    add("methods", m);
                }
                for r in &a.rights_violated {
                    add("rights", r);
                }
                for p in &a.perpetrators {
                    if let Some(k) = &p.kind {
                        add("perpetrator-types", k);
                    }
                }
            }
            Entity::Person(p) => {
                if let Some(s) = &p.sex {
                    add("sex", s);
                }
            }
            Entity::Record(r) => {
                if let Some(s) = &r.sex {
                    add("sex", s);
                }
                if let Some(v) = &r.violation {
                    add("violation-types", v);
                }
                if let Some(k) = &r.perpetrator {
                    add("perpetrator-types", k);
                }
            }
            Entity::Organization(o) => {
                if let Some(k) = &o.kind {
                    add("organization-types", k);
                }
            }
            Entity::Source(s) => {
                if let Some(k) = &s.kind {
                    add("source-types", k);
                }
            }
            Entity::Intervention(i) => {
                add("intervention-types", &i.kind);
                add("intervention-status", &i.status);
            }
            _ => {}
        }
    }
    for (vocab, codes) in &used {
        let shipped = shipped_codes(vocab);
        let missing: Vec<_> = codes.difference(&shipped).collect();
        assert!(missing.is_empty(), "{vocab}: {missing:?} not shipped");
    }
    assert_eq!(used.len(), 9, "{:?}", used.keys().collect::<Vec<_>>());
}

/// Every id a record refers to.
fn references(e: &Entity) -> Vec<RecordId> {
    let mut out: Vec<RecordId> = e.collection().into_iter().collect();
    match e {
        Entity::Incident(i) => out.extend(i.place),
        Entity::Act(a) => {
            out.push(a.incident);
            out.extend(&a.victims);
            out.extend(a.place);
            for p in &a.perpetrators {
                out.extend(p.person);
                out.extend(p.organization);
            }
        }
        Entity::Organization(o) => out.extend(o.parent),
        Entity::Place(p) => out.extend(p.parent),
        Entity::Source(s) => out.extend(s.informant),
        Entity::Claim(c) => {
            out.push(c.source);
            out.push(c.subject);
        }
        Entity::Intervention(i) => {
            out.extend(i.target);
            out.extend(&i.about);
        }
        Entity::SourceList(l) => out.extend(l.source),
        Entity::Record(r) => {
            out.push(r.list);
            out.extend(r.place);
            let person: RecordId = r.extra[DEMO_PERSON_KEY].parse().expect("a person id");
            out.push(person);
        }
        _ => {}
    }
    out
}

#[test]
fn every_reference_points_at_a_record_emitted_earlier() {
    let (records, _) = default_collection();
    let mut seen: HashMap<RecordId, EntityKind> = HashMap::new();
    for (id, e) in records {
        for r in references(e) {
            assert!(
                seen.contains_key(&r),
                "{} {id} refers to {r}, not emitted before it",
                e.kind()
            );
        }
        assert!(seen.insert(*id, e.kind()).is_none(), "{id} emitted twice");
    }
    // The references point at records of the right kind.
    for (_, e) in records {
        match e {
            Entity::Act(a) => {
                assert_eq!(seen[&a.incident], EntityKind::Incident);
                assert!(a.victims.iter().all(|v| seen[v] == EntityKind::Person));
            }
            Entity::Record(r) => assert_eq!(seen[&r.list], EntityKind::SourceList),
            Entity::Place(p) => {
                if let Some(parent) = p.parent {
                    assert_eq!(seen[&parent], EntityKind::Place);
                }
            }
            Entity::Organization(o) => {
                if let Some(parent) = o.parent {
                    assert_eq!(seen[&parent], EntityKind::Organization);
                }
            }
            Entity::Claim(c) => assert_eq!(seen[&c.source], EntityKind::Source),
            _ => {}
        }
    }
}

#[test]
fn kinds_come_out_in_order() {
    let order = [
        EntityKind::Collection,
        EntityKind::Place,
        EntityKind::Organization,
        EntityKind::Person,
        EntityKind::Source,
        EntityKind::Incident,
        EntityKind::Act,
        EntityKind::Claim,
        EntityKind::Intervention,
        EntityKind::SourceList,
        EntityKind::Record,
    ];
    let (records, _) = collect(&small(3));
    let ranks: Vec<usize> = records
        .iter()
        .map(|(_, e)| order.iter().position(|k| *k == e.kind()).expect("a kind"))
        .collect();
    assert!(ranks.windows(2).all(|w| w[0] <= w[1]));
}

#[test]
fn the_three_lists_overlap_and_miss_many_victims() {
    let (records, summary) = default_collection();
    let lists: Vec<RecordId> = records
        .iter()
        .filter(|(_, e)| e.kind() == EntityKind::SourceList)
        .map(|(id, _)| *id)
        .collect();
    assert_eq!(lists.len(), 3);
    let mut on: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
    for (_, e) in records {
        if let Entity::Record(r) = e {
            let list = lists.iter().position(|l| *l == r.list).expect("a list");
            on.entry(r.extra[DEMO_PERSON_KEY].clone())
                .or_default()
                .insert(list);
        }
    }
    let mut by_count = [0usize; 4];
    let mut patterns: BTreeMap<Vec<usize>, usize> = BTreeMap::new();
    for l in on.values() {
        by_count[l.len()] += 1;
        *patterns.entry(l.iter().copied().collect()).or_default() += 1;
    }
    println!(
        "victims on 1, 2, 3 lists: {:?}; patterns {patterns:?}",
        &by_count[1..]
    );
    assert!(
        by_count[1] > 50 && by_count[2] > 50 && by_count[3] > 10,
        "{by_count:?}"
    );
    // All seven capture patterns occur.
    assert_eq!(patterns.len(), 7, "{patterns:?}");
    // Many killed and disappeared victims are on no list at all.
    let observed = on.len();
    assert!(
        observed * 10 < summary.list_population * 9 && observed * 10 > summary.list_population * 3,
        "{observed} of {}",
        summary.list_population
    );
    // The lists differ in size.
    let [a, b, c] = summary.records_per_list;
    assert!(a != b && b != c, "{:?}", summary.records_per_list);
}

#[test]
fn list_records_vary_as_real_lists_do() {
    let (records, _) = default_collection();
    let persons: HashMap<RecordId, &memoria_core::entity::Person> = records
        .iter()
        .filter_map(|(id, e)| match e {
            Entity::Person(p) => Some((*id, p)),
            _ => None,
        })
        .collect();
    let mut differs = 0;
    let mut total = 0;
    let mut no_age = 0;
    let mut no_sex = 0;
    let mut arabic_script = 0;
    for (_, e) in records {
        let Entity::Record(r) = e else { continue };
        total += 1;
        let id: RecordId = r.extra[DEMO_PERSON_KEY].parse().unwrap();
        let p = persons[&id];
        let listed = match (&r.name, &r.given_name, &r.family_name) {
            (Some(n), _, _) => n.clone(),
            (None, Some(g), Some(f)) => format!("{g} {f}"),
            (None, Some(g), None) => g.clone(),
            _ => panic!("a record without a name"),
        };
        let true_name = p.names[0]
            .transliteration
            .as_ref()
            .unwrap_or(&p.names[0].text);
        if &listed != true_name {
            differs += 1;
        }
        if listed
            .chars()
            .any(|c| ('\u{0600}'..='\u{06FF}').contains(&c))
        {
            arabic_script += 1;
        }
        no_age += usize::from(r.age.is_none());
        no_sex += usize::from(r.sex.is_none());
    }
    assert!(differs * 4 > total, "{differs} of {total} differ");
    assert!(differs * 10 < total * 9, "{differs} of {total} differ");
    assert!(no_age > 0 && no_sex > 0 && arabic_script > 0);
}

#[test]
fn list_records_say_what_happened_and_which_force_did_it_as_the_acts_do() {
    let (records, _) = default_collection();
    // The acts each person suffered, and the perpetrator types of those acts.
    let mut violations: HashMap<RecordId, BTreeSet<&str>> = HashMap::new();
    let mut perpetrators: HashMap<RecordId, BTreeSet<&str>> = HashMap::new();
    for (_, e) in records {
        let Entity::Act(a) = e else { continue };
        for v in &a.victims {
            violations.entry(*v).or_default().insert(&a.violation);
            for p in &a.perpetrators {
                perpetrators
                    .entry(*v)
                    .or_default()
                    .extend(p.kind.as_deref());
            }
        }
    }
    let mut by_violation: BTreeMap<&str, usize> = BTreeMap::new();
    let mut by_perpetrator: BTreeMap<Option<&str>, usize> = BTreeMap::new();
    for (_, e) in records {
        let Entity::Record(r) = e else { continue };
        let person: RecordId = r.extra[DEMO_PERSON_KEY].parse().unwrap();
        let violation = r
            .violation
            .as_deref()
            .expect("every list says what happened");
        let suffered = &violations[&person];
        match violation {
            "killing" => assert!(
                suffered.contains("extrajudicial-execution")
                    || suffered.contains("killing-of-civilians"),
                "{suffered:?}"
            ),
            "enforced-disappearance" => assert!(suffered.contains(violation), "{suffered:?}"),
            other => panic!("lists count killings and disappearances, not {other}"),
        }
        if let Some(k) = r.perpetrator.as_deref() {
            assert!(perpetrators[&person].contains(k), "{k}");
            assert_ne!(k, "unidentified", "an unidentified force is left empty");
        }
        *by_violation.entry(violation).or_default() += 1;
        *by_perpetrator.entry(r.perpetrator.as_deref()).or_default() += 1;
    }
    // Enough of each to estimate by: both violations, several forces, and some
    // victims whose perpetrators no one could identify.
    assert_eq!(by_violation.len(), 2, "{by_violation:?}");
    assert!(by_violation.values().all(|&n| n > 100), "{by_violation:?}");
    assert!(by_perpetrator.len() >= 4, "{by_perpetrator:?}");
    assert!(by_perpetrator[&None] > 0, "{by_perpetrator:?}");
}

#[test]
fn dates_names_and_claims_have_the_intended_texture() {
    let (records, _) = default_collection();
    let mut shapes = BTreeSet::new();
    let mut values: HashMap<RecordId, String> = HashMap::new();
    let mut arabic = 0;
    let mut groups = 0;
    let mut languages = BTreeSet::new();
    for (id, e) in records {
        match e {
            Entity::Incident(i) => {
                let d = i.date.as_ref().expect("a date").as_str().to_string();
                let shape = if d.contains("..") {
                    "open"
                } else if d.contains('/') {
                    "range"
                } else if d.contains('X') {
                    "unspecified"
                } else if d.ends_with('?') {
                    "uncertain"
                } else if d.ends_with('~') {
                    "approximate"
                } else {
                    ["year", "", "", "month", "", "", "day"][d.len().min(10) - 4]
                };
                shapes.insert(shape);
                values.insert(*id, d);
                languages.extend(i.title.0.keys().cloned());
                let year: i32 = i.date.as_ref().unwrap().earliest().map_or(2015, |d| d.year);
                assert!((2014..=2022).contains(&year), "{year}");
            }
            Entity::Person(p) => {
                if let Some(age) = p.age {
                    values.insert(*id, age.min.to_string());
                }
                if p.names.iter().any(|n: &PersonName| {
                    n.script.as_deref() == Some("Arab") && n.transliteration.is_some()
                }) {
                    arabic += 1;
                }
                if p.group_size.is_some() {
                    groups += 1;
                    assert!(p.names.iter().all(|n| n.usage == NameUse::Primary));
                }
            }
            _ => {}
        }
    }
    for s in [
        "day",
        "month",
        "year",
        "range",
        "uncertain",
        "approximate",
        "unspecified",
    ] {
        assert!(shapes.contains(s), "no {s} date in {shapes:?}");
    }
    assert!(arabic > 20 && groups > 20, "{arabic} {groups}");
    assert_eq!(
        languages,
        ["ar", "en", "es", "fr"]
            .map(String::from)
            .into_iter()
            .collect()
    );

    // Claims: at most one preferred per field, the preferred value is the record's, and
    // some fields have conflicting values.
    let mut fields: HashMap<(RecordId, String), Vec<(String, bool)>> = HashMap::new();
    for (_, e) in records {
        if let Entity::Claim(c) = e {
            fields
                .entry((c.subject, c.field.clone()))
                .or_default()
                .push((c.value.clone(), c.preferred));
        }
    }
    let mut conflicts = 0;
    for ((subject, _), claims) in &fields {
        let preferred: Vec<_> = claims.iter().filter(|c| c.1).collect();
        assert!(preferred.len() <= 1);
        if let Some((v, _)) = preferred.first() {
            assert_eq!(Some(v), values.get(subject));
        }
        let distinct: HashSet<_> = claims.iter().map(|c| &c.0).collect();
        conflicts += usize::from(distinct.len() > 1);
    }
    assert!(conflicts > 50, "{conflicts}");
}

#[test]
fn the_country_and_interventions() {
    let (records, _) = default_collection();
    let mut regions = BTreeSet::new();
    let mut localities = 0;
    let as_of = memoria_core::edtf::Day::new(2023, 6, 30).unwrap();
    let (mut past, mut later) = (0, 0);
    for (_, e) in records {
        match e {
            Entity::Place(p) => match p.level {
                PlaceLevel::Country => assert_eq!(p.iso_code.as_deref(), Some("XV")),
                PlaceLevel::Region => {
                    regions.insert(p.iso_code.clone().unwrap());
                }
                PlaceLevel::Locality => {
                    localities += 1;
                    assert!(p.point.unwrap().precision_m.is_some());
                }
                PlaceLevel::District => {}
            },
            Entity::Intervention(i) => {
                if let Some(d) = &i.next_follow_up {
                    if d.earliest().unwrap() < as_of {
                        past += 1;
                    } else {
                        later += 1;
                    }
                }
            }
            _ => {}
        }
    }
    let expected: BTreeSet<String> = (1..=6).map(|i| format!("XV-{i:02}")).collect();
    assert_eq!(regions, expected);
    assert!(localities >= 100);
    assert!(past > 20 && later > 5, "{past} {later}");
}

#[test]
fn twenty_thousand_incidents_stream_through() {
    let config = DemoConfig {
        seed: 42,
        incidents: 20_000,
    };
    let mut n = 0usize;
    let summary = generate(&config, &mut |_, _| n += 1);
    assert_eq!(summary.total(), n);
    assert_eq!(summary.incidents, 20_000);
}
