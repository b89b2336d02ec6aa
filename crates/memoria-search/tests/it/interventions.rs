//! Interventions are found by the incidents they are about and by when they fall due,
//! through refreshes and rebuilds alike, and only within an account's scope.

use memoria_core::edtf::Edtf;
use memoria_core::entity::{Entity, Intervention, Sensitivity};
use memoria_core::id::RecordId;
use memoria_search::{CollectionScope, DueFollowUp, Index, Scope};

use crate::world::{World, day, sorted};

fn intervention(w: &World, about: Vec<RecordId>, follow_up: Option<&str>) -> RecordId {
    w.add(Entity::Intervention(Intervention {
        collection: w.collection,
        kind: "letter".into(),
        target: None,
        target_name: Some("Ministry".into()),
        about,
        submitted: None,
        status: "submitted".into(),
        response: None,
        response_date: None,
        next_follow_up: follow_up.map(|d| Edtf::parse(d).unwrap()),
    }))
}

fn due(index: &Index, until: &str, scope: &Scope) -> Vec<RecordId> {
    index
        .follow_ups_due(day(until).to_days(), scope, 100)
        .unwrap()
        .into_iter()
        .map(|d| d.intervention)
        .collect()
}

#[test]
fn interventions_are_found_by_their_incidents_and_due_days() {
    let w = World::new();
    let all = Scope::everything();
    let raid = w.incident("Raid", None);
    let march = w.incident("March", None);
    let both = intervention(&w, vec![raid, march], Some("2026-03-10"));
    let raid_only = intervention(&w, vec![raid], Some("2026-02"));
    let none = intervention(&w, vec![], None);

    assert_eq!(
        sorted(w.index.interventions_about(raid, &all).unwrap()),
        sorted(vec![both, raid_only])
    );
    assert_eq!(w.index.interventions_about(march, &all).unwrap(), [both]);

    // Earliest first; a month is due from its first day.
    let found = w
        .index
        .follow_ups_due(day("2026-12-31").to_days(), &all, 100)
        .unwrap();
    assert_eq!(
        found,
        [
            DueFollowUp {
                intervention: raid_only,
                day: day("2026-02-01").to_days()
            },
            DueFollowUp {
                intervention: both,
                day: day("2026-03-10").to_days()
            },
        ]
    );
    assert_eq!(due(&w.index, "2026-03-09", &all), [raid_only]);
    assert_eq!(
        w.index
            .follow_ups_due(day("2026-12-31").to_days(), &all, 1)
            .unwrap()
            .len(),
        1
    );

    // Closing one, moving another's follow-up, deleting: the index follows.
    w.update(raid_only, |e| {
        if let Entity::Intervention(i) = e {
            i.status = "closed".into();
        }
    });
    w.update(none, |e| {
        if let Entity::Intervention(i) = e {
            i.next_follow_up = Some(Edtf::parse("2026-01-05").unwrap());
            i.about = vec![march];
        }
    });
    assert_eq!(due(&w.index, "2026-12-31", &all), [none, both]);
    assert_eq!(
        sorted(w.index.interventions_about(march, &all).unwrap()),
        sorted(vec![both, none])
    );
    w.delete(both);
    assert_eq!(w.index.interventions_about(march, &all).unwrap(), [none]);
    assert_eq!(due(&w.index, "2026-12-31", &all), [none]);

    // A rebuild finds the same.
    let rebuilt = Index::in_ram().unwrap();
    rebuilt.rebuild(w.store.as_ref(), &mut |_, _| {}).unwrap();
    assert_eq!(due(&rebuilt, "2026-12-31", &all), [none]);
    assert_eq!(
        sorted(rebuilt.interventions_about(raid, &all).unwrap()),
        [raid_only]
    );
}

#[test]
fn interventions_of_other_collections_are_not_found() {
    let w = World::new();
    let raid = w.incident("Raid", None);
    let id = intervention(&w, vec![raid], Some("2026-01-01"));
    let own = Scope {
        all: false,
        collections: vec![CollectionScope {
            collection: w.collection,
            max_sensitivity: Sensitivity::Internal,
            names: false,
        }],
    };
    let other = Scope {
        all: false,
        collections: vec![CollectionScope {
            collection: RecordId::random(),
            max_sensitivity: Sensitivity::Confidential,
            names: true,
        }],
    };
    assert_eq!(w.index.interventions_about(raid, &own).unwrap(), [id]);
    assert_eq!(due(&w.index, "2026-01-01", &own), [id]);
    assert!(
        w.index
            .interventions_about(raid, &other)
            .unwrap()
            .is_empty()
    );
    assert!(due(&w.index, "2026-01-01", &other).is_empty());
    assert!(due(&w.index, "2026-01-01", &Scope::default()).is_empty());
}
