//! The shipped mappings and the documented example stay usable.

use memoria_intake::Mapping;

use crate::workspace;

#[test]
fn shipped_mappings_parse_and_use_only_known_terms() {
    let vocabs = memoria_core::vocab::defaults();
    let dir = workspace().join("mappings");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "toml") {
            let m = crate::mapping(&path);
            assert_eq!(
                m.problems(Some(&vocabs)),
                Vec::<String>::new(),
                "{}",
                path.display()
            );
            n += 1;
        }
    }
    assert!(n >= 3);
}

#[test]
fn the_documented_example_parses() {
    let doc =
        std::fs::read_to_string(workspace().join("crates/memoria-intake/MAPPING.md")).unwrap();
    let mut blocks = 0;
    for block in doc.split("```toml").skip(1) {
        let text = block.split("```").next().unwrap();
        if text.contains("target =") {
            Mapping::from_toml(text).unwrap_or_else(|e| panic!("MAPPING.md example: {e}"));
            blocks += 1;
        }
    }
    assert!(
        blocks >= 2,
        "MAPPING.md should hold a records and an incidents example"
    );
}
