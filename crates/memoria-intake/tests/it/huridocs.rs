//! Tests of the HURIDOCS micro-thesauri reader: against the real OpenEvSys data in
//! `shared/data/huridocs-microthesauri` when it is there, and against small hand-made
//! files that are broken on purpose.

use std::fs;
use std::path::PathBuf;

use memoria_core::vocab::Vocabulary;
use memoria_intake::huridocs::{
    HuridocsError, Import, LISTS_FILE, REJECTED_TRANSLATIONS, REVIEWED_ARABIC_LISTS, TERMS_FILE,
    TRANSLATIONS_FILE, Translations, import_microthesauri, read_microthesauri, split_vocab_number,
    vocabulary_code,
};

fn shared_data() -> Option<PathBuf> {
    memoria_testkit::shared_data()
}

fn microthesauri() -> Option<PathBuf> {
    let Some(data) = shared_data() else {
        println!("skipped: no shared data folder; set MEMORIA_SHARED_DATA");
        return None;
    };
    let dir = data.join("huridocs-microthesauri");
    if dir.is_dir() {
        Some(dir)
    } else {
        println!("skipped: {} is missing", dir.display());
        None
    }
}

fn vocab<'a>(vs: &'a [Vocabulary], code: &str) -> &'a Vocabulary {
    vs.iter()
        .find(|v| v.code == code)
        .unwrap_or_else(|| panic!("no vocabulary {code}"))
}

fn label<'a>(v: &'a Vocabulary, term: &str, lang: &str) -> Option<&'a str> {
    v.term(term)
        .unwrap_or_else(|| panic!("{}: no term {term}", v.code))
        .labels
        .0
        .get(lang)
        .map(String::as_str)
}

#[test]
fn reads_every_list_and_term() {
    let Some(dir) = microthesauri() else { return };
    let vs = read_microthesauri(&dir).unwrap();
    // SOURCE.md: 57 lists in mt_lists.csv; mt_vocab.csv has 4,524 rows, of which 15
    // belong to lists 80, 90, 91 and 92, demo placeholders that mt_lists.csv does not
    // name. That leaves 4,509 terms, the sum of mt_lists.csv's term_count.
    assert_eq!(vs.len(), 57);
    assert_eq!(vs.iter().map(|v| v.terms.len()).sum::<usize>(), 4_509);
    // Lists 61 to 66 and 69 are empty: HURIDOCS left them for local terms.
    let empty: Vec<&str> = vs
        .iter()
        .filter(|v| v.terms.is_empty())
        .map(|v| v.code.as_str())
        .collect();
    assert_eq!(
        empty,
        [
            "huridocs-61",
            "huridocs-62",
            "huridocs-63",
            "huridocs-64",
            "huridocs-65",
            "huridocs-66",
            "huridocs-69"
        ]
    );
    assert_eq!(vocab(&vs, "huridocs-04").terms.len(), 532);
    assert_eq!(vocab(&vs, "huridocs-05").terms.len(), 103);
    assert_eq!(vocab(&vs, "huridocs-68").terms.len(), 840);

    for v in &vs {
        assert_eq!(v.problems(), Vec::<String>::new(), "{}", v.code);
        assert!(!v.labels.is_empty(), "{} has no label", v.code);
        for (i, t) in v.terms.iter().enumerate() {
            assert!(
                t.code.len() == 12 && t.code.bytes().all(|b| b.is_ascii_digit()),
                "{}",
                t.code
            );
            for lang in ["en", "fr", "es"] {
                assert!(
                    label(v, &t.code, lang).is_some_and(|l| !l.trim().is_empty()),
                    "{} {} {lang}",
                    v.code,
                    t.code
                );
            }
            // Display order: a parent comes before its children.
            if let Some(p) = &t.parent {
                let at = v.terms.iter().position(|x| &x.code == p).unwrap();
                assert!(at < i, "{}: {} comes before its parent {p}", v.code, t.code);
            }
            // The data marks no term hidden, so none is deprecated.
            assert!(!t.deprecated);
        }
    }
}

#[test]
fn keeps_hierarchy_codes_and_labels() {
    let Some(dir) = microthesauri() else { return };
    let vs = read_microthesauri(&dir).unwrap();
    let acts = vocab(&vs, "huridocs-04");
    assert_eq!(acts.labels.0["en"], "Types of acts");
    // "Murder" → "Dowry death", four levels down from "Violations of the right to life".
    let dowry = acts.term("010101050100").unwrap();
    assert_eq!(dowry.labels.0["en"], "Dowry death");
    assert_eq!(dowry.labels.0["fr"], "Meurtre pour la dot");
    assert_eq!(dowry.labels.0["es"], "Muerte por falta de dote");
    let ancestors: Vec<&str> = acts
        .ancestors("010101050100")
        .iter()
        .map(|t| t.code.as_str())
        .collect();
    assert_eq!(
        ancestors,
        [
            "010101050000",
            "010101000000",
            "010100000000",
            "010000000000"
        ]
    );
    assert_eq!(
        label(acts, "010000000000", "en"),
        Some("Violations of the right to life")
    );
    assert_eq!(acts.terms[0].code, "010000000000");
    // Labels in any language lead back to the HURIDOCS code.
    assert_eq!(
        acts.find("Tortura").map(|t| t.code.as_str()),
        Some("020111110000")
    );
    assert_eq!(
        acts.find("dowry death").map(|t| t.code.as_str()),
        Some("010101050100")
    );

    // Lists whose codes are not hierarchical (the alphabetical ones) are flat.
    let languages = vocab(&vs, "huridocs-14");
    assert!(languages.terms.iter().all(|t| t.parent.is_none()));

    // An OpenEvSys record's vocab_number leads to the vocabulary and the term.
    let (list, code) = split_vocab_number("01010105010004").unwrap();
    assert_eq!(
        (vocabulary_code(list).as_str(), code),
        ("huridocs-04", "010101050100")
    );
    assert_eq!(split_vocab_number("0101010501004"), None);
    assert_eq!(split_vocab_number("01010105010x04"), None);
}

#[test]
fn imports_only_reviewed_translations_by_default() {
    let Some(dir) = microthesauri() else { return };
    let Import {
        vocabularies: vs,
        notes,
    } = import_microthesauri(&dir, Translations::Reviewed).unwrap();
    let sex = vocab(&vs, "huridocs-39");
    assert_eq!(label(sex, "020000000000", "ar"), Some("أنثى"));
    assert_eq!(label(sex, "020000000000", "es"), Some("Mujer"));
    let methods = vocab(&vs, "huridocs-05");
    assert_eq!(label(methods, "030500000000", "ar"), Some("الإغتصاب"));
    assert_eq!(
        methods.find("الإغتصاب").map(|t| t.code.as_str()),
        Some("030500000000")
    );
    // Reviewed lists carry Arabic on every term but the rejected ones.
    for v in &vs {
        let list: u32 = v.code["huridocs-".len()..].parse().unwrap();
        for t in &v.terms {
            let rejected = REJECTED_TRANSLATIONS
                .iter()
                .any(|(l, c, _, _)| *l == list && *c == t.code);
            let ar = t.labels.0.get("ar");
            if REVIEWED_ARABIC_LISTS.contains(&list) && !rejected {
                assert!(ar.is_some(), "{} {} has no Arabic", v.code, t.code);
            } else {
                assert!(ar.is_none(), "{} {} has Arabic {ar:?}", v.code, t.code);
            }
            // Nothing but the reviewed languages.
            assert!(
                t.labels
                    .0
                    .keys()
                    .all(|l| ["en", "fr", "es", "ar"].contains(&l.as_str()))
            );
        }
    }
    // The source gives "Violations of the right to life" the Arabic for "violations of
    // workers' rights": that list's Arabic is left out.
    assert_eq!(label(vocab(&vs, "huridocs-04"), "010000000000", "ar"), None);
    let notes = notes.join("\n");
    assert!(
        notes.contains("skipped 15 terms of lists 80, 90, 91, 92"),
        "{notes}"
    );
    assert!(notes.contains("ignored 51 translations"), "{notes}");
    assert!(notes.contains("Translations::All"), "{notes}");
}

#[test]
fn imports_all_translations_on_request() {
    let Some(dir) = microthesauri() else { return };
    let vs = import_microthesauri(&dir, Translations::All)
        .unwrap()
        .vocabularies;
    let sex = vocab(&vs, "huridocs-39");
    assert_eq!(label(sex, "020000000000", "ru"), Some("Женщина"));
    // OpenEvSys's locale names become BCP 47 tags.
    assert_eq!(label(sex, "020000000000", "id"), Some("Perempuan"));
    assert_eq!(label(sex, "020000000000", "ka"), Some("ქალი"));
    // A "translation" that copies the English is no translation.
    assert_eq!(label(sex, "020000000000", "et"), None);
    assert!(vs.iter().all(|v| v.problems().is_empty()));
}

/// Writes the three files into a fresh folder; `None` leaves a file out.
fn fixture(lists: Option<&str>, terms: Option<&str>, l10n: Option<&str>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in [
        (LISTS_FILE, lists),
        (TERMS_FILE, terms),
        (TRANSLATIONS_FILE, l10n),
    ] {
        if let Some(text) = text {
            fs::write(dir.path().join(name), text).unwrap();
        }
    }
    dir
}

const LISTS: &str = "list_code,list_name,term_count\n39,sex,3\n";
const TERMS: &str = "\
vocab_number,huri_code,english,french,otherlanguages,list_code,visible,term_order,parent_vocab_number,term_level
01000000000039,010000000000,Male,Masculin,Hombre,39,y,1,0,0
02000000000039,020000000000,Female,Féminin,Mujer,39,n,2,0,0
02010000000039,020100000000,\"Girl, under 18\",Fille,Niña,39,y,3,02000000000039,1
";
const L10N: &str = "vocab_number,locale,term\n02000000000039,ar,أنثى\n02000000000039,ru,Женщина\n";

fn error(dir: &tempfile::TempDir) -> HuridocsError {
    read_microthesauri(dir.path()).expect_err("should fail")
}

#[test]
fn a_small_well_formed_folder() {
    let dir = fixture(Some(LISTS), Some(TERMS), Some(L10N));
    let vs = read_microthesauri(dir.path()).unwrap();
    assert_eq!(vs.len(), 1);
    let v = &vs[0];
    assert_eq!(v.code, "huridocs-39");
    assert_eq!(v.labels.0["en"], "Sex");
    let codes: Vec<&str> = v.terms.iter().map(|t| t.code.as_str()).collect();
    assert_eq!(codes, ["010000000000", "020000000000", "020100000000"]);
    assert_eq!(v.terms[2].parent.as_deref(), Some("020000000000"));
    assert_eq!(v.terms[2].labels.0["en"], "Girl, under 18");
    // Not visible: deprecated, but still there for old records.
    assert!(v.terms[1].deprecated && !v.terms[0].deprecated);
    // Arabic of list 39 is reviewed; Russian is not, unless asked for.
    assert_eq!(
        v.terms[1].labels.0.get("ar").map(String::as_str),
        Some("أنثى")
    );
    assert_eq!(v.terms[1].labels.0.get("ru"), None);
    let all = import_microthesauri(dir.path(), Translations::All).unwrap();
    assert_eq!(all.vocabularies[0].terms[1].labels.0["ru"], "Женщина");
}

#[test]
fn names_the_missing_files() {
    let dir = fixture(Some(LISTS), None, None);
    let e = error(&dir);
    assert!(
        matches!(&e, HuridocsError::MissingFiles { missing, .. } if missing == &[TERMS_FILE, TRANSLATIONS_FILE])
    );
    let msg = e.to_string();
    assert!(
        msg.starts_with("mt_vocab.csv and mt_vocab_l10n.csv missing from "),
        "{msg}"
    );
    assert!(msg.contains("put the missing file there"), "{msg}");

    let dir = fixture(Some(LISTS), Some(TERMS), None);
    assert!(
        error(&dir)
            .to_string()
            .starts_with("mt_vocab_l10n.csv missing from ")
    );
}

#[test]
fn names_file_and_line_of_a_ragged_row() {
    let ragged = TERMS.replace(",Fille,Niña,", ",Fille,");
    let dir = fixture(Some(LISTS), Some(&ragged), Some(L10N));
    let e = error(&dir);
    let msg = e.to_string();
    assert!(matches!(e, HuridocsError::Row { line: 4, .. }), "{msg}");
    assert!(
        msg.contains("mt_vocab.csv:4: this row has 9 fields where the header has 10"),
        "{msg}"
    );
    assert!(msg.contains("double quotes"), "{msg}");
}

#[test]
fn names_file_and_line_of_bad_values() {
    let cases = [
        (
            TERMS.replace("02010000000039,020100000000", "02010000000039,0201000000"),
            "mt_vocab.csv:4: huri_code \"0201000000\" is not 12 digits",
        ),
        (
            TERMS.replace(",02000000000039,1", ",03000000000039,1"),
            "mt_vocab.csv:4: parent_vocab_number 03000000000039 is not a term",
        ),
        (
            TERMS.replace("01000000000039,010000000000", "01000000000038,010000000000"),
            "mt_vocab.csv:2: vocab_number \"01000000000038\" should be",
        ),
        (
            TERMS.replace(",39,n,", ",39,maybe,"),
            "mt_vocab.csv:3: visible is \"maybe\"; it must be y or n",
        ),
        (
            TERMS.replace("Male,Masculin", ",Masculin"),
            "mt_vocab.csv:2: term 010000000000 of list 39 has no English label",
        ),
        (
            // Female's parent is its own child, Girl; Male hangs below them.
            TERMS
                .replace(",39,n,2,0,0", ",39,n,2,02010000000039,1")
                .replace(",39,y,1,0,0", ",39,y,1,02000000000039,1"),
            "mt_vocab.csv:3: term 020000000000 of list 39 is its own ancestor",
        ),
        (
            TERMS.replace(",39,y,1,", ",xx,y,1,"),
            "mt_vocab.csv:2: list_code \"xx\" is not a number",
        ),
        (TERMS.replace("term_order", "order"), ""), // term_order is optional
    ];
    for (terms, expected) in cases {
        let dir = fixture(Some(LISTS), Some(&terms), Some(L10N));
        match read_microthesauri(dir.path()) {
            Ok(_) => assert_eq!(expected, "", "accepted {terms}"),
            Err(e) => assert!(
                !expected.is_empty() && e.to_string().contains(expected),
                "{e}\nexpected {expected}"
            ),
        }
    }
}

#[test]
fn names_the_column_a_header_lacks() {
    let dir = fixture(Some("code,list_name\n39,sex\n"), Some(TERMS), Some(L10N));
    let msg = error(&dir).to_string();
    assert!(
        msg.contains("mt_lists.csv: the header has no `list_code` column"),
        "{msg}"
    );
}

#[test]
fn checks_term_count_against_the_terms() {
    let dir = fixture(
        Some("list_code,list_name,term_count\n39,sex,4\n"),
        Some(TERMS),
        Some(L10N),
    );
    let msg = error(&dir).to_string();
    assert!(
        msg.contains(
            "mt_lists.csv:2: list 39 should have 4 terms (term_count) but mt_vocab.csv has 3"
        ),
        "{msg}"
    );
}

#[test]
fn refuses_bytes_that_are_not_utf8_without_panicking() {
    let dir = fixture(Some(LISTS), Some(TERMS), None);
    let mut bytes = b"vocab_number,locale,term\n02000000000039,ar,".to_vec();
    bytes.extend_from_slice(&[0xff, 0xfe, b'\n']);
    fs::write(dir.path().join(TRANSLATIONS_FILE), bytes).unwrap();
    let msg = error(&dir).to_string();
    assert!(
        msg.contains("mt_vocab_l10n.csv:2: this row is not valid UTF-8"),
        "{msg}"
    );
}

#[test]
fn accepts_a_byte_order_mark_and_windows_line_ends() {
    let lists = format!("\u{feff}{}", LISTS.replace('\n', "\r\n"));
    let dir = fixture(Some(&lists), Some(&TERMS.replace('\n', "\r\n")), Some(L10N));
    let vs = read_microthesauri(dir.path()).unwrap();
    assert_eq!(vs[0].terms.len(), 3);
}
