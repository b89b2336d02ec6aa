//! What a search finds, and in which order.

use memoria_core::entity::{Entity, NameUse, Record, SourceList};
use memoria_core::entity::{EntityKind, Person, PersonName, Sensitivity};
use memoria_core::text::MultiText;
use memoria_search::{Scope, SearchQuery};

use crate::world::{World, en, sorted};

#[test]
fn case_and_diacritics_do_not_matter() {
    let w = World::new();
    let a = w.incident("Détention arbitraire à Qāmishlī", None);
    let b = w.person("José Ñúñez Müller");
    for q in [
        "detention",
        "DÉTENTION",
        "qamishli",
        "QĀMISHLĪ",
        "Qamishlī Détention",
    ] {
        assert_eq!(exact_best(&w, q), a, "{q}");
    }
    // "Detención" folds to "detencion", one edit away: found, below the exact tier.
    let near = w.hits("Detención", &Scope::everything());
    assert_eq!(near[0].id, a);
    assert!(near[0].score < 10.0);
    assert_eq!(exact_best(&w, "jose nunez"), b);
    assert_eq!(exact_best(&w, "MULLER"), b);
    assert_eq!(w.find("müller josé"), [b]);
}

/// The best hit for `q`, which must be an exact match of the folded words (the exact
/// tier scores 10 and more per word; looser tiers at most 4), not a near miss.
fn exact_best(w: &World, q: &str) -> memoria_core::id::RecordId {
    let hits = w.hits(q, &Scope::everything());
    let words = q.split_whitespace().count() as f32;
    assert!(!hits.is_empty(), "{q}: no hit");
    assert!(
        hits[0].score >= 10.0 * words,
        "{q}: best hit is not exact ({})",
        hits[0].score
    );
    hits[0].id
}

#[test]
fn arabic_spelling_variants_meet() {
    let w = World::new();
    let ahmad = w.person("أحمد الخطيب");
    let fatima = w.person("فاطمة الزهراء");
    let mohammed = w.person("مُحَمَّد");
    let mustafa = w.person("مصطفى");
    let aisha = w.person("عائشة");
    // Hamza forms on alef.
    assert_eq!(exact_best(&w, "احمد"), ahmad);
    assert_eq!(exact_best(&w, "إحمد"), ahmad);
    assert_eq!(exact_best(&w, "آحمد الخطيب"), ahmad);
    // Taa marbuta written as heh.
    assert_eq!(exact_best(&w, "فاطمه"), fatima);
    // Harakat in the record, none in the query; tatweel in the query.
    assert_eq!(exact_best(&w, "محمد"), mohammed);
    assert_eq!(exact_best(&w, "محـــمد"), mohammed);
    // Alef maqsura as yeh, and a Persian yeh.
    assert_eq!(exact_best(&w, "مصطفي"), mustafa);
    assert_eq!(exact_best(&w, "مصطفی"), mustafa);
    // Hamza on yeh, and harakat in the query.
    assert_eq!(exact_best(&w, "عايشه"), aisha);
    assert_eq!(exact_best(&w, "عَائِشَة"), aisha);
    // Without folding these would be near misses at best: the variants are exact.
    assert_eq!(exact_best(&w, "أحمد"), ahmad);
}

#[test]
fn names_meet_across_scripts() {
    let w = World::new();
    let latin = w.person("Mohammed Khaled");
    let arabic = w.person("محمد علي");
    let cyrillic = w.person("Сергей Иванов");
    assert_eq!(w.find("محمد خالد"), [latin]);
    assert_eq!(w.find("Mohamed Ali"), [arabic]);
    assert_eq!(
        w.find("Muhammad"),
        sorted_by_score_any(&w, "Muhammad", &[latin, arabic])
    );
    assert_eq!(w.find("Sergey Ivanov"), [cyrillic]);
}

/// Both ids, in whatever order the index ranks them (they tie on the skeleton).
fn sorted_by_score_any(
    w: &World,
    q: &str,
    ids: &[memoria_core::id::RecordId],
) -> Vec<memoria_core::id::RecordId> {
    let found = w.find(q);
    assert_eq!(sorted(found.clone()), sorted(ids.to_vec()), "{q}");
    found
}

#[test]
fn misspelled_names_are_found_and_exact_spellings_rank_first() {
    let w = World::new();
    let fatima = w.person("Fatima Hussein");
    let abdul = w.person("Abdulrahman Suleiman");
    let karim = w.person("Karim Nasser");
    let kareem = w.person("Kareem Nassar");
    // One edit in words of 4–7 letters, two in longer ones.
    assert_eq!(w.find("Fatma Husein"), [fatima]);
    assert_eq!(w.find("Abdelrahmen Sulaiman"), [abdul]);
    // Two edits in a short word is too many (and no prefix or skeleton matches).
    assert!(w.find("Fatxmx").is_empty());
    // Short words must be exact (or share a prefix or skeleton).
    assert!(w.find("Fat").contains(&fatima), "prefix");
    assert!(w.find("Fxt").is_empty());
    // The exact spelling first, the near one after.
    assert_eq!(w.find("Karim"), [karim, kareem]);
    assert_eq!(w.find("Kareem"), [kareem, karim]);
    assert_eq!(w.find("Nasser Karim")[0], karim);
}

#[test]
fn every_word_must_match_and_prefixes_complete_words() {
    let w = World::new();
    let a = w.person("Mohammed Ali");
    let b = w.person("Mohammed Hassan");
    assert_eq!(sorted(w.find("Mohammed")), sorted(vec![a, b]));
    assert_eq!(w.find("Mohammed Ali"), [a]);
    assert_eq!(w.find("hassan mohammed"), [b]);
    assert_eq!(sorted(w.find("Moham")), sorted(vec![a, b]));
    assert!(w.find("Mohammed Fatima").is_empty());
    assert!(
        w.find("").len() >= 2,
        "an empty query lists everything in scope"
    );
}

#[test]
fn every_indexed_kind_is_found_by_its_words() {
    let w = World::new();
    let incident = w.add(Entity::Incident({
        let mut i = w.incident_body("Raid on the market", None);
        i.narrative = MultiText::single("en", "Soldiers of the ninth brigade arrived at dawn")
            .with("ar", "وصل جنود اللواء التاسع فجراً");
        i
    }));
    let org = w.organization("Ninth Brigade", &["Liwa Tasi"]);
    let person = w.add(Entity::Person(Person {
        collection: w.collection,
        names: vec![
            PersonName {
                text: "Юлия Петрова".into(),
                script: Some("Cyrl".into()),
                transliteration: Some("Yulia Petrova".into()),
                usage: NameUse::Primary,
            },
            PersonName {
                text: "Julie".into(),
                script: None,
                transliteration: None,
                usage: NameUse::Alias,
            },
        ],
        roles: vec![],
        sex: None,
        birth_date: None,
        age: None,
        group_size: None,
        sensitive: Default::default(),
        sensitivity: Sensitivity::Internal,
    }));
    let list = w.add(Entity::SourceList(SourceList {
        collection: w.collection,
        name: "Committee list".into(),
        description: MultiText::new(),
        source: None,
    }));
    let record = w.add(Entity::Record(Record {
        list,
        external_id: None,
        name: None,
        given_name: Some("Tarek".into()),
        family_name: Some("Haddad".into()),
        sex: None,
        age: None,
        birth_date: None,
        date: None,
        place: None,
        violation: None,
        perpetrator: None,
        extra: Default::default(),
    }));
    let source = w.add(Entity::Source(memoria_core::entity::Source {
        collection: w.collection,
        title: en("Interview with a market trader"),
        kind: None,
        reliability: memoria_core::grade::Reliability::B,
        credibility: memoria_core::grade::Credibility::new(2).unwrap(),
        date: None,
        informant: None,
        reference: None,
        sensitivity: Sensitivity::Internal,
    }));
    let town = w.place("Ash Ford", memoria_core::place::PlaceLevel::Locality, None);
    assert_eq!(w.find("dawn"), [incident], "narrative");
    assert_eq!(w.find("ash ford"), [town], "place name");
    assert_eq!(w.find("التاسع")[0], incident, "narrative in Arabic");
    assert_eq!(sorted(w.find("market")), sorted(vec![incident, source]));
    assert_eq!(sorted(w.find("ninth")), sorted(vec![incident, org]));
    // The title outranks the narrative.
    assert_eq!(w.find("brigade")[0], org);
    assert_eq!(w.find("Tasi"), [org], "alias");
    assert_eq!(w.find("Yulia"), [person], "transliteration");
    assert_eq!(w.find("Юлия"), [person]);
    assert_eq!(w.find("julie"), [person], "alias");
    assert_eq!(w.find("Tarek Haddad"), [record], "list record");
    // Hits say what they are and where they belong.
    let hits = w.hits("Tarek", &Scope::everything());
    assert_eq!(hits[0].kind, EntityKind::Record);
    assert_eq!(hits[0].collection, Some(w.collection));
    let hits = w.hits("dawn", &Scope::everything());
    assert_eq!(hits[0].kind, EntityKind::Incident);
}

#[test]
fn kinds_and_pages_narrow_the_results() {
    let w = World::new();
    let people: Vec<_> = (0..7)
        .map(|i| w.person(&format!("Salim number{i}")))
        .collect();
    let org = w.organization("Salim Transport Company", &[]);
    let search = |kinds: Vec<EntityKind>, offset, limit| {
        w.index
            .search(
                &SearchQuery {
                    text: "salim".into(),
                    kinds,
                    offset,
                    limit,
                },
                &Scope::everything(),
            )
            .unwrap()
    };
    let all = search(vec![], 0, 100);
    assert_eq!(all.total, 8);
    let orgs = search(vec![EntityKind::Organization], 0, 100);
    assert_eq!(orgs.total, 1);
    assert_eq!(orgs.hits[0].id, org);
    let persons = search(vec![EntityKind::Person, EntityKind::Incident], 0, 100);
    assert_eq!(
        sorted(persons.hits.iter().map(|h| h.id).collect()),
        sorted(people.clone())
    );
    // Pages partition the results.
    let mut paged = Vec::new();
    for page in 0..3 {
        let r = search(vec![], page * 3, 3);
        assert_eq!(r.total, 8);
        paged.extend(r.hits.into_iter().map(|h| h.id));
    }
    assert_eq!(paged, all.hits.iter().map(|h| h.id).collect::<Vec<_>>());
    // A limit of 0 counts; so does a page beyond the deepest one served.
    let count = search(vec![], 0, 0);
    assert_eq!((count.total, count.hits.len()), (8, 0));
    let deep = search(vec![], memoria_search::MAX_OFFSET + 1, 10);
    assert_eq!((deep.total, deep.hits.len()), (8, 0));
    // Past the end: empty, and no panic.
    assert!(search(vec![], 8, 10).hits.is_empty());
}
