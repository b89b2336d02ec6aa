//! The index follows the store: refresh after this process's writes, follow for any
//! process's, rebuild from scratch — and all three agree.

use memoria_core::entity::{Entity, EntityKind, Perpetrator, Sensitivity, Status};
use memoria_core::id::RecordId;
use memoria_search::{IncidentFilter, IncidentPage, Index, Scope, SearchError, SearchQuery};
use memoria_store::{Actor, StoreExt};

use crate::incidents::Valdoria;
use crate::world::{World, sorted};

fn by_violation(w: &World, code: &str) -> Vec<RecordId> {
    sorted(w.list_ids(IncidentFilter {
        violation: Some(code.into()),
        ..Default::default()
    }))
}

#[test]
fn refresh_applies_updates_deletions_and_purges() {
    let w = World::new();
    let id = w.incident("Raid on the bakery", None);
    assert_eq!(w.find("bakery"), [id]);
    w.update(id, |e| {
        if let Entity::Incident(i) = e {
            i.title = crate::world::en("Raid on the pharmacy");
        }
    });
    assert!(w.find("bakery").is_empty());
    assert_eq!(w.find("pharmacy"), [id]);
    w.delete(id);
    assert!(w.find("pharmacy").is_empty());
    assert_eq!(w.list(IncidentFilter::default()).total, 0);
    w.undelete(id);
    assert_eq!(w.find("pharmacy"), [id]);
    w.purge(id);
    assert!(w.find("pharmacy").is_empty());

    let person = w.person("Nour Haddad");
    w.delete(person);
    assert!(w.find("haddad").is_empty());
}

#[test]
fn acts_change_their_incident() {
    let w = World::new();
    let incident = w.incident("Night arrests", None);
    let act = w.act(incident, "arbitrary-detention", vec![]);
    assert_eq!(by_violation(&w, "arbitrary-detention"), [incident]);
    // Editing the act.
    w.update(act, |e| {
        if let Entity::Act(a) = e {
            a.violation = "torture".into();
            a.perpetrators = vec![Perpetrator {
                person: None,
                organization: None,
                kind: Some("police".into()),
            }];
        }
    });
    assert!(by_violation(&w, "arbitrary-detention").is_empty());
    assert_eq!(by_violation(&w, "torture"), [incident]);
    let police = w.list_ids(IncidentFilter {
        perpetrator: Some("police".into()),
        ..Default::default()
    });
    assert_eq!(police, [incident]);
    // Moving it to another incident changes both.
    let other = w.incident("Checkpoint", None);
    w.update(act, |e| {
        if let Entity::Act(a) = e {
            a.incident = other;
        }
    });
    assert_eq!(by_violation(&w, "torture"), [other]);
    // Deleting and purging it.
    w.delete(act);
    assert!(by_violation(&w, "torture").is_empty());
    let act2 = w.act(other, "abduction", vec![]);
    assert_eq!(by_violation(&w, "abduction"), [other]);
    w.purge(act2);
    assert!(by_violation(&w, "abduction").is_empty());
}

#[test]
fn moving_a_place_moves_its_incidents() {
    let v = Valdoria::new();
    let w = &v.w;
    let at = |p| {
        sorted(w.list_ids(IncidentFilter {
            place: Some(p),
            ..Default::default()
        }))
    };
    assert_eq!(at(v.south), sorted(vec![v.interval, v.open_end]));
    // The north district is moved to the south region.
    w.update(v.north_district, |e| {
        if let Entity::Place(p) = e {
            p.parent = Some(v.south);
        }
    });
    assert_eq!(
        at(v.south),
        sorted(vec![v.interval, v.open_end, v.exact, v.month, v.undated])
    );
    assert!(at(v.north).is_empty());
    // Renaming a place changes nothing in the list.
    w.update(v.south, |e| {
        if let Entity::Place(p) = e {
            p.name = crate::world::en("Southern Province");
        }
    });
    assert_eq!(at(v.south).len(), 5);
}

#[test]
fn follow_picks_up_writes_of_another_process() {
    let w = World::new();
    // Another process: its own store handle on the same file, and no refresh.
    let other = memoria_store::open(w.db_path().to_str().unwrap()).unwrap();
    // The world's index was kept by refreshes, not by following: catch up once.
    w.index.follow(w.store.as_ref()).unwrap();
    assert_eq!(w.index.follow(w.store.as_ref()).unwrap(), 0, "nothing new");
    let person = other
        .create(
            &Actor::system(),
            Entity::Person(memoria_core::entity::Person {
                collection: w.collection,
                names: vec![memoria_core::entity::PersonName::primary("Samira Aziz")],
                roles: vec![],
                sex: None,
                birth_date: None,
                age: None,
                group_size: None,
                sensitive: Default::default(),
                sensitivity: Sensitivity::Internal,
            }),
        )
        .unwrap();
    assert!(w.find("samira").is_empty(), "not seen before following");
    assert_eq!(w.index.follow(w.store.as_ref()).unwrap(), 1);
    assert_eq!(w.find("samira"), [person.id]);
    assert_eq!(
        w.index.follow(w.store.as_ref()).unwrap(),
        0,
        "each write once"
    );

    // An incident and its act written elsewhere, then deleted elsewhere.
    let incident = other
        .create(
            &Actor::system(),
            Entity::Incident(w.incident_body("Convoy stopped", Some("2022-02-02"))),
        )
        .unwrap();
    other
        .create(
            &Actor::system(),
            Entity::Act(memoria_core::entity::Act {
                incident: incident.id,
                violation: "abduction".into(),
                victims: vec![],
                perpetrators: vec![],
                date: None,
                place: None,
                method: None,
                rights_violated: vec![],
            }),
        )
        .unwrap();
    assert_eq!(w.index.follow(w.store.as_ref()).unwrap(), 2);
    assert_eq!(by_violation(&w, "abduction"), [incident.id]);
    let p = other.get(person.id).unwrap().unwrap();
    other
        .delete(&Actor::system(), person.id, p.version)
        .unwrap();
    assert_eq!(w.index.follow(w.store.as_ref()).unwrap(), 1);
    assert!(w.find("samira").is_empty());
}

/// Everything the tests can observe about an index, for comparing two of them.
fn observe(index: &Index, v: &Valdoria) -> Vec<String> {
    let mut out = Vec::new();
    let scopes = [
        Scope::everything(),
        v.w.member(Sensitivity::Internal, false),
        v.w.member(Sensitivity::Restricted, true),
    ];
    for scope in &scopes {
        for text in [
            "",
            "mill",
            "salma",
            "سلمى",
            "battalion",
            "detension",
            "north",
        ] {
            let r = index
                .search(
                    &SearchQuery {
                        text: text.into(),
                        kinds: vec![],
                        offset: 0,
                        limit: 50,
                    },
                    scope,
                )
                .unwrap();
            let mut hits: Vec<_> = r
                .hits
                .iter()
                .map(|h| (h.id, h.kind, h.collection))
                .collect();
            hits.sort();
            out.push(format!("{text:?} {} {hits:?}", r.total));
        }
        let filters = [
            IncidentFilter::default(),
            IncidentFilter {
                place: Some(v.north),
                status: Some(Status::Draft),
                ..Default::default()
            },
            IncidentFilter {
                violation: Some("killing".into()),
                ..Default::default()
            },
            IncidentFilter {
                perpetrator: Some(v.unit.to_string()),
                ..Default::default()
            },
            IncidentFilter {
                date_from: Some(crate::world::day("2020-03-20")),
                sort: memoria_search::IncidentSort::UpdatedDesc,
                ..Default::default()
            },
        ];
        for mut f in filters {
            f.limit = 50;
            let page: IncidentPage = index.incidents(&f, scope).unwrap();
            out.push(format!("{f:?} {page:?}"));
        }
    }
    out
}

#[test]
fn a_rebuild_equals_the_index_kept_by_refreshes() {
    let v = Valdoria::new();
    v.w.person("Salma Idris");
    v.w.person_in(v.w.collection, "سلمى إدريس", Sensitivity::Restricted);
    let gone = v.w.person("Salma Gone");
    v.w.delete(gone);
    v.w.update(v.month, |e| {
        if let Entity::Incident(i) = e {
            i.narrative = crate::world::en("Students arrested in the north square");
        }
    });
    let incremental = observe(&v.w.index, &v);

    let rebuilt = Index::in_ram().unwrap();
    assert!(rebuilt.needs_rebuild());
    let mut calls = Vec::new();
    let n = rebuilt
        .rebuild(v.w.store.as_ref(), &mut |done, total| {
            calls.push((done, total))
        })
        .unwrap();
    assert!(!rebuilt.needs_rebuild());
    // Seven incidents, one organisation, two persons, seven places.
    assert_eq!(n, 17);
    let (last_done, last_total) = *calls.last().unwrap();
    assert_eq!(last_done, last_total);
    assert_eq!(observe(&rebuilt, &v), incremental);

    // The follow position is the log's head: nothing to do until the next write.
    assert_eq!(rebuilt.follow(v.w.store.as_ref()).unwrap(), 0);
    v.w.person("Salma Late");
    assert_eq!(rebuilt.follow(v.w.store.as_ref()).unwrap(), 1);

    // Rebuilding an index that already holds documents replaces them.
    v.w.delete(v.exact);
    rebuilt.rebuild(v.w.store.as_ref(), &mut |_, _| {}).unwrap();
    v.w.index.follow(v.w.store.as_ref()).unwrap();
    assert_eq!(observe(&rebuilt, &v), observe(&v.w.index, &v));
}

#[test]
fn the_index_on_disk_keeps_its_documents_and_position() {
    let w = World::new();
    let dir = w.dir.path().join("index");
    let id = w.person("Yousef Darwish");
    {
        let index = Index::open(&dir).unwrap();
        assert!(index.needs_rebuild(), "a new index");
        index.rebuild(w.store.as_ref(), &mut |_, _| {}).unwrap();
        assert!(!index.needs_rebuild());
    }
    // A write while no process follows.
    let later = w.person("Yusuf Darweesh");
    {
        let index = Index::open(&dir).unwrap();
        assert!(!index.needs_rebuild(), "reopened");
        let q = SearchQuery {
            text: "يوسف".into(),
            kinds: vec![EntityKind::Person],
            offset: 0,
            limit: 10,
        };
        let found = |index: &Index| -> Vec<RecordId> {
            sorted(
                index
                    .search(&q, &Scope::everything())
                    .unwrap()
                    .hits
                    .into_iter()
                    .map(|h| h.id)
                    .collect(),
            )
        };
        assert_eq!(found(&index), [id]);
        // Only what was written since the rebuild is read again.
        assert_eq!(index.follow(w.store.as_ref()).unwrap(), 1);
        assert_eq!(found(&index), sorted(vec![id, later]));
    }
    {
        let index = Index::open(&dir).unwrap();
        assert_eq!(
            index.follow(w.store.as_ref()).unwrap(),
            0,
            "the position was saved"
        );
    }

    // A damaged index is wiped and asks for a rebuild.
    std::fs::write(dir.join("meta.json"), b"{ not json").unwrap();
    let index = Index::open(&dir).unwrap();
    assert!(index.needs_rebuild());
    assert_eq!(
        index
            .search(
                &SearchQuery {
                    text: "yousef".into(),
                    kinds: vec![],
                    offset: 0,
                    limit: 5
                },
                &Scope::everything()
            )
            .unwrap()
            .total,
        0
    );
    drop(index);

    // A folder holding something else is refused, and left alone.
    let foreign = w.dir.path().join("photos");
    std::fs::create_dir_all(&foreign).unwrap();
    std::fs::write(foreign.join("holiday.jpg"), b"...").unwrap();
    assert!(matches!(
        Index::open(&foreign),
        Err(SearchError::NotAnIndex { .. })
    ));
    assert!(foreign.join("holiday.jpg").exists());
}

#[test]
fn a_unit_is_found_through_the_units_below_it_as_the_chain_of_command_changes() {
    let w = World::new();
    let unit = |name: &str, parent: Option<RecordId>| {
        w.add(Entity::Organization(memoria_core::entity::Organization {
            collection: w.collection,
            name: crate::world::en(name),
            aliases: vec![],
            kind: None,
            parent,
        }))
    };
    let brigade = unit("Third Brigade", None);
    let other_brigade = unit("Fifth Brigade", None);
    let battalion = unit("Second Battalion", Some(brigade));
    let company = unit("Alpha Company", Some(battalion));
    let incident = w.incident("Night raid", None);
    w.act(
        incident,
        "torture",
        vec![Perpetrator {
            person: None,
            organization: Some(company),
            kind: None,
        }],
    );
    let by = |w: &World, unit: RecordId| {
        w.list_ids(IncidentFilter {
            perpetrator: Some(unit.to_string()),
            ..Default::default()
        })
    };
    for u in [company, battalion, brigade] {
        assert_eq!(
            by(&w, u),
            [incident],
            "found under every unit above the company"
        );
    }

    assert!(by(&w, other_brigade).is_empty());

    // The battalion is moved under the other brigade: the incident follows it.
    w.update(battalion, |e| {
        if let Entity::Organization(o) = e {
            o.parent = Some(other_brigade);
        }
    });
    assert!(
        by(&w, brigade).is_empty(),
        "no longer under the first brigade"
    );
    assert_eq!(by(&w, other_brigade), [incident]);

    // A rebuild agrees, and a cycle in the chain ends the walk.
    w.update(other_brigade, |e| {
        if let Entity::Organization(o) = e {
            o.parent = Some(company);
        }
    });
    let rebuilt = Index::in_ram().unwrap();
    rebuilt.rebuild(w.store.as_ref(), &mut |_, _| {}).unwrap();
    for u in [company, battalion, other_brigade] {
        let filter = IncidentFilter {
            perpetrator: Some(u.to_string()),
            limit: 10,
            ..Default::default()
        };
        let ids = |i: &Index| -> Vec<RecordId> {
            i.incidents(&filter, &Scope::everything())
                .unwrap()
                .rows
                .iter()
                .map(|r| r.id)
                .collect()
        };
        assert_eq!(ids(&rebuilt), [incident]);
        assert_eq!(ids(&rebuilt), ids(&w.index));
    }
}

/// The shipped violation vocabulary with `code` moved under `parent`, as an
/// administrator's edit of the vocabulary page stores it.
fn violations_with(code: &str, parent: &str) -> Entity {
    let mut v = memoria_core::vocab::defaults()
        .get(memoria_core::vocab::well_known::VIOLATION_TYPES)
        .unwrap()
        .clone();
    v.terms.iter_mut().find(|t| t.code == code).unwrap().parent = Some(parent.into());
    Entity::Vocabulary(v)
}

#[test]
fn moving_a_violation_term_moves_its_incidents_in_every_index() {
    let w = World::new();
    let dir = w.dir.path().join("index");
    let beaten = w.incident("Beaten at the post", Some("2020-01-01"));
    w.act(beaten, "torture", vec![]);
    let held = w.incident("Held without charge", Some("2020-02-01"));
    w.act(held, "arbitrary-detention", vec![]);
    // Another process's index on disk, built before the change and closed during it.
    {
        let other = Index::open(&dir).unwrap();
        other.rebuild(w.store.as_ref(), &mut |_, _| {}).unwrap();
    }
    assert_eq!(by_violation(&w, "torture-and-ill-treatment"), [beaten]);
    assert_eq!(by_violation(&w, "right-to-liberty-violations"), [held]);

    // The administrator files torture under the right to liberty: this process's index
    // follows at once, though no incident or act was written.
    let vocabulary = w.add(violations_with("torture", "right-to-liberty-violations"));
    assert!(by_violation(&w, "torture-and-ill-treatment").is_empty());
    assert_eq!(
        by_violation(&w, "right-to-liberty-violations"),
        sorted(vec![beaten, held])
    );

    // The other index catches up when it follows, from the hierarchy it saved.
    let other = Index::open(&dir).unwrap();
    assert!(!other.needs_rebuild());
    other.follow(w.store.as_ref()).unwrap();
    let ids = |index: &Index, code: &str| {
        sorted(
            index
                .incidents(
                    &IncidentFilter {
                        violation: Some(code.into()),
                        limit: 100,
                        ..Default::default()
                    },
                    &Scope::everything(),
                )
                .unwrap()
                .rows
                .into_iter()
                .map(|r| r.id)
                .collect(),
        )
    };
    assert!(ids(&other, "torture-and-ill-treatment").is_empty());
    assert_eq!(
        ids(&other, "right-to-liberty-violations"),
        sorted(vec![beaten, held])
    );

    // Moved back: both follow again, and a rebuild agrees.
    w.update(vocabulary, |e| {
        *e = violations_with("torture", "torture-and-ill-treatment")
    });
    other.follow(w.store.as_ref()).unwrap();
    for index in [&w.index, &other] {
        assert_eq!(ids(index, "torture-and-ill-treatment"), [beaten]);
        assert_eq!(ids(index, "right-to-liberty-violations"), [held]);
    }
    other.rebuild(w.store.as_ref(), &mut |_, _| {}).unwrap();
    assert_eq!(ids(&other, "torture-and-ill-treatment"), [beaten]);
}
