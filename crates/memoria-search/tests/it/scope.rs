//! Nobody finds, or learns the existence of, what they may not read.

use memoria_core::entity::{Entity, Sensitivity};
use memoria_search::{CollectionScope, IncidentFilter, Scope, SearchQuery};

use crate::world::{World, sorted};

fn total(w: &World, text: &str, scope: &Scope) -> usize {
    w.index
        .search(
            &SearchQuery {
                text: text.into(),
                kinds: vec![],
                offset: 0,
                limit: 10,
            },
            scope,
        )
        .unwrap()
        .total
}

#[test]
fn restricted_records_are_neither_found_nor_counted() {
    let w = World::new();
    let open = w.incident("Shelling of the Amal school", None);
    let restricted = w.add(Entity::Incident({
        let mut i = w.incident_body("Amal school informant", None);
        i.confidentiality = Sensitivity::Restricted;
        i
    }));
    let confidential = w.add(Entity::Incident({
        let mut i = w.incident_body("Amal school witness", None);
        i.confidentiality = Sensitivity::Confidential;
        i
    }));
    let internal = w.member(Sensitivity::Internal, true);
    let ids = |scope: &Scope| sorted(w.hits("amal", scope).into_iter().map(|h| h.id).collect());
    assert_eq!(ids(&internal), [open]);
    assert_eq!(total(&w, "amal", &internal), 1);
    assert_eq!(
        ids(&w.member(Sensitivity::Restricted, false)),
        sorted(vec![open, restricted])
    );
    assert_eq!(
        ids(&Scope::everything()),
        sorted(vec![open, restricted, confidential])
    );
    // Not even a near spelling of a word only the hidden record holds.
    assert_eq!(total(&w, "informant", &internal), 0);
    assert_eq!(total(&w, "informnt", &internal), 0);

    // The incident list: rows, total and every facet count leave it out.
    let page = w
        .index
        .incidents(
            &IncidentFilter {
                limit: 10,
                ..Default::default()
            },
            &internal,
        )
        .unwrap();
    assert_eq!(page.total, 1);
    assert_eq!(page.rows.len(), 1);
    assert_eq!(page.facets.confidentiality, [(Sensitivity::Internal, 1)]);
    assert_eq!(page.facets.status.iter().map(|(_, n)| n).sum::<u64>(), 1);
    // Filtering on the hidden level itself shows nothing either.
    let page = w
        .index
        .incidents(
            &IncidentFilter {
                confidentiality: Some(Sensitivity::Restricted),
                limit: 10,
                ..Default::default()
            },
            &internal,
        )
        .unwrap();
    assert_eq!((page.total, page.rows.len()), (0, 0));
}

#[test]
fn other_collections_are_invisible() {
    let w = World::new();
    let other = w.collection("other");
    let mine = w.person("Rami Khoury");
    let theirs = w.person_in(other, "Rami Khoury", Sensitivity::Public);
    let member = w.member(Sensitivity::Confidential, true);
    assert_eq!(
        w.hits("rami", &member)
            .into_iter()
            .map(|h| h.id)
            .collect::<Vec<_>>(),
        [mine]
    );
    assert_eq!(total(&w, "khoury", &member), 1);
    assert_eq!(total(&w, "", &member), 1, "browsing everything in scope");
    // A member of both sees both.
    let both = Scope {
        all: false,
        collections: vec![
            member.collections[0].clone(),
            CollectionScope {
                collection: other,
                max_sensitivity: Sensitivity::Public,
                names: true,
            },
        ],
    };
    assert_eq!(
        sorted(w.hits("rami", &both).into_iter().map(|h| h.id).collect()),
        sorted(vec![mine, theirs])
    );
    // No collection at all: nothing.
    assert_eq!(total(&w, "rami", &Scope::default()), 0);
    assert_eq!(total(&w, "", &Scope::default()), 0);
    let page = w
        .index
        .incidents(
            &IncidentFilter {
                limit: 5,
                ..Default::default()
            },
            &Scope::default(),
        )
        .unwrap();
    assert_eq!(page.total, 0);
}

#[test]
fn names_are_searchable_only_with_the_names_grant() {
    let w = World::new();
    let person = w.person("Layla Mansour");
    let incident = w.incident("Arrest in Mansour street", None);
    let org = w.organization("Mansour Security Company", &[]);
    let without = w.member(Sensitivity::Confidential, false);
    let found = sorted(
        w.hits("mansour", &without)
            .into_iter()
            .map(|h| h.id)
            .collect(),
    );
    assert_eq!(found, sorted(vec![incident, org]));
    assert_eq!(total(&w, "layla", &without), 0);
    assert_eq!(total(&w, "", &without), 2, "persons are not listed either");
    let with = w.member(Sensitivity::Confidential, true);
    assert_eq!(w.hits("layla", &with)[0].id, person);
    // A person more sensitive than the account may read stays hidden even with names.
    let secret = w.person_in(w.collection, "Layla Haddad", Sensitivity::Restricted);
    assert_eq!(
        total(&w, "haddad", &w.member(Sensitivity::Internal, true)),
        0
    );
    assert_eq!(
        w.hits("haddad", &w.member(Sensitivity::Restricted, true))[0].id,
        secret
    );
}
