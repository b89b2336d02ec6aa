//! Record bodies arrive from the API as JSON written by anyone holding a token: parsing
//! them into entities and validating them must survive any bytes, and an accepted body
//! must survive its own round trip (what the store keeps reads back the same).

#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use memoria_core::entity::{Entity, EntityKind};
use memoria_core::vocab::VocabularySet;

fn vocabularies() -> &'static VocabularySet {
    static V: OnceLock<VocabularySet> = OnceLock::new();
    V.get_or_init(memoria_core::vocab::defaults)
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, json)) = data.split_first() else {
        return;
    };
    let kind = EntityKind::ALL[selector as usize % EntityKind::ALL.len()];
    let Ok(value) = serde_json::from_slice::<serde_json::Value>(json) else {
        return;
    };
    let Ok(entity) = Entity::from_body(kind, value) else {
        return;
    };
    for problem in memoria_core::validate::validate(&entity, vocabularies()) {
        assert!(!problem.field.is_empty());
        assert!(problem.message.len() < 2000, "a problem message quotes too much");
    }
    let body = entity.to_body();
    let again = Entity::from_body(kind, body.clone()).expect("a stored body reads back");
    assert_eq!(again.to_body(), body);
});
