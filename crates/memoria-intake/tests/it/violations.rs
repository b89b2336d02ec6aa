//! A victim list's violation and perpetrator columns: words mapped or found in their
//! vocabularies, and a word found nowhere refused with its row and the codes allowed,
//! with nothing written. On SQLite, and on PostgreSQL when `MEMORIA_TEST_POSTGRES_URL`
//! is set.

use memoria_core::entity::{Entity, EntityKind};
use memoria_intake::{Input, Mapping, NoProgress, import_table};
use memoria_store::{Actor, Store};

use crate::{entities, export, first_account, options, problem_lines};

/// A list that says what happened to each victim and which force did it, in its own
/// words and, for some rows, in the vocabularies' codes or labels.
const MAPPING: &str = r#"
target = "records"
collection = "fixtures"
list = "committee"

[record]
external_id = { column = "id" }
name = { column = "name" }
violation = { column = "what", map = { "killed" = "killing", "disappeared" = "enforced-disappearance" }, missing = ["?"] }
perpetrator = { column = "by", map = { "army" = "military" }, missing = ["not known"] }
"#;

const GOOD: &str = "id,name,what,by\n\
    1,Ana,killed,police\n\
    2,Ben,disappeared,army\n\
    3,Cleo,Torture,Paramilitary\n\
    4,Dan,?,not known\n";

fn import(
    store: &dyn Store,
    actor: &Actor,
    csv: &str,
    dry_run: bool,
) -> memoria_intake::ImportReport {
    import_table(
        store,
        actor,
        Input::Bytes {
            name: "committee.csv",
            bytes: csv.as_bytes(),
        },
        &Mapping::from_toml(MAPPING).unwrap(),
        &options(dry_run),
        &mut NoProgress,
    )
    .unwrap()
}

fn stores() -> Vec<(Box<dyn Store>, Box<dyn std::any::Any>)> {
    let dir = tempfile::tempdir().unwrap();
    let sqlite = memoria_store::open(dir.path().join("m.db").to_str().unwrap()).unwrap();
    let mut all: Vec<(Box<dyn Store>, Box<dyn std::any::Any>)> = vec![(sqlite, Box::new(dir))];
    if let Some(pg) = memoria_testkit::fresh_postgres() {
        all.push((memoria_store::open(&pg.url).unwrap(), Box::new(pg)));
    }
    all
}

#[test]
fn violation_and_perpetrator_columns_become_vocabulary_codes() {
    for (store, _keep) in stores() {
        let store = store.as_ref();
        let actor = first_account(store);
        let r = import(store, &actor, GOOD, false);
        assert!(r.committed, "{:?}", problem_lines(&r));
        let mut found: Vec<(String, Option<String>, Option<String>)> =
            entities(store, EntityKind::Record)
                .into_iter()
                .filter_map(|e| match e {
                    Entity::Record(r) => Some((r.external_id?, r.violation, r.perpetrator)),
                    _ => None,
                })
                .collect();
        found.sort();
        let code = |s: &str| Some(s.to_string());
        assert_eq!(
            found,
            [
                ("1".into(), code("killing"), code("police")),
                ("2".into(), code("enforced-disappearance"), code("military")),
                // Codes and labels of the vocabularies are found whatever their case.
                ("3".into(), code("torture"), code("paramilitary")),
                // Words listed as missing leave the fields empty.
                ("4".into(), None, None),
            ]
        );
    }
}

#[test]
fn an_unknown_violation_or_perpetrator_is_refused_with_its_row_and_nothing_is_written() {
    for (store, _keep) in stores() {
        let store = store.as_ref();
        let actor = first_account(store);
        let before = export(store);
        let csv = "id,name,what,by\n\
            1,Ana,killed,police\n\
            2,Ben,shot,army\n\
            3,Cleo,disappeared,the neighbours\n";
        let dry = import(store, &actor, csv, true);
        let real = import(store, &actor, csv, false);
        assert!(!dry.committed && !real.committed);
        assert_eq!(problem_lines(&dry), problem_lines(&real));
        assert_eq!(
            problem_lines(&real),
            [
                "3/what: not a word the mapping knows for record.violation, nor a code or label of the violation-types vocabulary",
                "4/by: not a word the mapping knows for record.perpetrator, nor a code or label of the perpetrator-types vocabulary",
            ]
        );
        // The hint says which codes are allowed: every one of a short vocabulary, the
        // first of a long one and where to read the rest.
        let perpetrator_hint = &real.problems[1].hint;
        for code in [
            "police",
            "military",
            "paramilitary",
            "unidentified",
            "other",
        ] {
            assert!(
                perpetrator_hint.contains(code),
                "{code} in {perpetrator_hint}"
            );
        }
        let violation_hint = &real.problems[0].hint;
        assert!(
            violation_hint.contains("killing")
                && violation_hint.contains("memoria vocab show violation-types"),
            "{violation_hint}"
        );
        assert!(
            violation_hint.contains("map = { \"shot\" = "),
            "{violation_hint}"
        );
        assert!(
            export(store) == before,
            "a refused import changed the store"
        );
        assert!(entities(store, EntityKind::Record).is_empty());
    }
}

#[test]
fn a_mapping_that_sends_a_word_to_a_code_of_the_other_vocabulary_is_refused() {
    let text = MAPPING.replace("\"army\" = \"military\"", "\"army\" = \"killing\"");
    let m = Mapping::from_toml(&text).unwrap();
    let problems = m.problems(Some(&memoria_core::vocab::defaults()));
    assert_eq!(
        problems,
        [
            "record.perpetrator: map sends \"army\" to \"killing\", which is not a code of the perpetrator-types vocabulary"
        ]
    );
}
