//! A store and its index, and the records the tests put in them.

use std::path::PathBuf;

use memoria_core::edtf::{Day, Edtf};
use memoria_core::entity::{
    Act, Collection, Entity, Incident, Organization, Perpetrator, Person, PersonName, Place,
    Sensitivity, Status,
};
use memoria_core::id::RecordId;
use memoria_core::place::PlaceLevel;
use memoria_core::text::MultiText;
use memoria_search::{
    CollectionScope, Hit, IncidentFilter, IncidentPage, Index, Scope, SearchQuery,
};
use memoria_store::{Actor, Store, StoreExt};

pub struct World {
    pub dir: tempfile::TempDir,
    pub store: Box<dyn Store>,
    pub index: Index,
    pub collection: RecordId,
}

pub fn en(s: &str) -> MultiText {
    MultiText::single("en", s)
}

pub fn day(s: &str) -> Day {
    let e = Edtf::parse(s).unwrap();
    assert_eq!(e.earliest(), e.latest(), "{s} is one day");
    e.earliest().unwrap()
}

impl World {
    pub fn new() -> World {
        let dir = tempfile::tempdir().unwrap();
        let store = memoria_store::open(dir.path().join("memoria.db").to_str().unwrap()).unwrap();
        let index = Index::in_ram().unwrap();
        let mut w = World {
            dir,
            store,
            index,
            collection: RecordId::random(),
        };
        w.collection = w.add(Entity::Collection(Collection {
            name: "main".into(),
            title: en("Main"),
            description: MultiText::new(),
        }));
        w
    }

    pub fn db_path(&self) -> PathBuf {
        self.dir.path().join("memoria.db")
    }

    /// Creates a record and refreshes the index, as the web layer does after a write.
    pub fn add(&self, e: Entity) -> RecordId {
        let s = self.store.create(&Actor::system(), e).unwrap();
        self.index.refresh(self.store.as_ref(), &[s.id]).unwrap();
        s.id
    }

    pub fn update(&self, id: RecordId, change: impl FnOnce(&mut Entity)) {
        let s = self.store.get(id).unwrap().unwrap();
        let mut e = s.entity.clone();
        change(&mut e);
        self.store
            .update(&Actor::system(), id, s.version, e)
            .unwrap();
        self.index.refresh(self.store.as_ref(), &[id]).unwrap();
    }

    pub fn delete(&self, id: RecordId) {
        let s = self.store.get(id).unwrap().unwrap();
        self.store.delete(&Actor::system(), id, s.version).unwrap();
        self.index.refresh(self.store.as_ref(), &[id]).unwrap();
    }

    pub fn undelete(&self, id: RecordId) {
        let s = self.store.get(id).unwrap().unwrap();
        self.store
            .undelete(&Actor::system(), id, s.version)
            .unwrap();
        self.index.refresh(self.store.as_ref(), &[id]).unwrap();
    }

    pub fn purge(&self, id: RecordId) {
        self.store.purge(&Actor::system(), id, "test").unwrap();
        self.index.refresh(self.store.as_ref(), &[id]).unwrap();
    }

    pub fn collection(&self, name: &str) -> RecordId {
        self.add(Entity::Collection(Collection {
            name: name.into(),
            title: en(name),
            description: MultiText::new(),
        }))
    }

    pub fn person_in(
        &self,
        collection: RecordId,
        name: &str,
        sensitivity: Sensitivity,
    ) -> RecordId {
        self.add(Entity::Person(Person {
            collection,
            names: vec![PersonName::primary(name)],
            roles: vec![],
            sex: None,
            birth_date: None,
            age: None,
            group_size: None,
            sensitive: Default::default(),
            sensitivity,
        }))
    }

    pub fn person(&self, name: &str) -> RecordId {
        self.person_in(self.collection, name, Sensitivity::Internal)
    }

    pub fn organization(&self, name: &str, aliases: &[&str]) -> RecordId {
        self.add(Entity::Organization(Organization {
            collection: self.collection,
            name: en(name),
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
            kind: None,
            parent: None,
        }))
    }

    pub fn place(&self, name: &str, level: PlaceLevel, parent: Option<RecordId>) -> RecordId {
        self.add(Entity::Place(Place {
            collection: self.collection,
            name: en(name),
            level,
            parent,
            iso_code: None,
            point: None,
        }))
    }

    pub fn incident(&self, title: &str, date: Option<&str>) -> RecordId {
        self.add(Entity::Incident(self.incident_body(title, date)))
    }

    pub fn incident_body(&self, title: &str, date: Option<&str>) -> Incident {
        Incident {
            collection: self.collection,
            title: en(title),
            narrative: MultiText::new(),
            public_narrative: memoria_core::text::MultiText::new(),
            date: date.map(|d| Edtf::parse(d).unwrap()),
            place: None,
            point: None,
            status: Status::Draft,
            confidentiality: Sensitivity::Internal,
            external_id: None,
        }
    }

    pub fn act(
        &self,
        incident: RecordId,
        violation: &str,
        perpetrators: Vec<Perpetrator>,
    ) -> RecordId {
        self.add(Entity::Act(Act {
            incident,
            violation: violation.into(),
            victims: vec![],
            perpetrators,
            date: None,
            place: None,
            method: None,
            rights_violated: vec![],
        }))
    }

    /// Ids of what an administrator finds, best first.
    pub fn find(&self, text: &str) -> Vec<RecordId> {
        self.hits(text, &Scope::everything())
            .into_iter()
            .map(|h| h.id)
            .collect()
    }

    pub fn hits(&self, text: &str, scope: &Scope) -> Vec<Hit> {
        let r = self
            .index
            .search(
                &SearchQuery {
                    text: text.into(),
                    kinds: vec![],
                    offset: 0,
                    limit: 100,
                },
                scope,
            )
            .unwrap();
        assert_eq!(r.total, r.hits.len(), "all hits fit in one page here");
        r.hits
    }

    pub fn list(&self, filter: IncidentFilter) -> IncidentPage {
        let mut filter = filter;
        if filter.limit == 0 {
            filter.limit = 100;
        }
        self.index.incidents(&filter, &Scope::everything()).unwrap()
    }

    pub fn list_ids(&self, filter: IncidentFilter) -> Vec<RecordId> {
        self.list(filter).rows.into_iter().map(|r| r.id).collect()
    }

    pub fn member(&self, max: Sensitivity, names: bool) -> Scope {
        Scope {
            all: false,
            collections: vec![CollectionScope {
                collection: self.collection,
                max_sensitivity: max,
                names,
            }],
        }
    }
}

/// Sorted, for comparing sets.
pub fn sorted(mut ids: Vec<RecordId>) -> Vec<RecordId> {
    ids.sort();
    ids
}

/// The web layer shares one index between threads.
#[test]
fn the_index_is_shared_between_threads() {
    fn shareable<T: Send + Sync + 'static>() {}
    shareable::<Index>();
    shareable::<std::sync::Arc<Index>>();
}
