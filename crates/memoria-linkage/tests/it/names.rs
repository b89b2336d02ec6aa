//! How two names' parts are paired, seen through the level a pair is given.

use memoria_linkage::link;

use crate::bad_input::people;

/// The level of the name comparison of records `a` and `b` among `rows`.
fn name_levels(rows: &[(&str, &str, &str)], pairs: &[(usize, usize)]) -> Vec<String> {
    let (config, records) = people(rows);
    let linkage = link(&records, &config.settings).expect("linking");
    pairs
        .iter()
        .map(|&(a, b)| linkage.explain(a, b).fields[0].label.clone())
        .collect()
}

#[test]
fn a_middle_initial_does_not_stand_in_for_a_family_name() {
    let levels = name_levels(
        &[
            ("Mary B. Wirtford", "", ""),
            ("Mary Bruckford", "", ""),
            ("J. Smith", "", ""),
            ("John Smith", "", ""),
            ("John A. Smith", "", ""),
            ("Smith, John Andrew", "", ""),
        ],
        &[(0, 1), (2, 3), (4, 3), (4, 5), (2, 5)],
    );
    assert_eq!(
        levels,
        [
            // "B." meets "Bruckford", but "Wirtford" is left over: only "Mary" counts.
            "one part alike",
            // Every part paired and nothing left over: the initial counts.
            "all parts alike",
            "same names, some missing",
            "all parts alike (3+ parts)",
            // A first initial counts though "Andrew" is left over.
            "all parts alike",
        ]
    );
}

/// Names alike by sound throughout are a level of their own above "all parts alike",
/// as are those whose shorter name is alike by sound to part of the longer: spellings
/// and scripts of one name, not names that merely look alike.
#[test]
fn names_alike_by_sound_throughout_are_a_level_of_their_own() {
    let levels = name_levels(
        &[
            ("Muhammad Haddad", "", ""),
            ("Mohammed Hadad", "", ""),
            ("محمد حداد", "", ""),
            ("Mary Wirtford", "", ""),
            ("Mary Wirtfort", "", ""),
            ("Youssef Abd Allah Nezaafy", "", ""),
            ("Yusuf Nezaafee", "", ""),
            ("J. Smith", "", ""),
            ("John Smith", "", ""),
        ],
        &[(0, 1), (0, 2), (3, 4), (5, 6), (7, 8)],
    );
    assert_eq!(
        levels,
        [
            "same names by sound",
            "same names by sound",
            // A typo is alike, not the same by sound.
            "all parts alike",
            // Parts of the longer left over: by sound, with some missing.
            "same names by sound, some missing",
            // An initial pairs by its letter, never by sound.
            "all parts alike",
        ]
    );
}

/// Parts in different scripts share no letters for Jaro–Winkler; a typo on either side
/// leaves their skeletons one edit apart, and they pair as alike. Within one script
/// the letters decide, and short skeletons or a different first sound never pair.
#[test]
fn a_typo_across_scripts_leaves_the_parts_alike() {
    let levels = name_levels(
        &[
            ("خالد حداد", "", ""),
            ("Khale Haddad", "", ""),
            ("فادي حداد", "", ""),
            ("Fndi Haddad", "", ""),
            ("Fadi Haddad", "", ""),
            ("أحمد حداد", "", ""),
            ("Mohammed Haddad", "", ""),
            ("نور حداد", "", ""),
            ("Nu Haddad", "", ""),
            ("جمال حداد", "", ""),
            ("Gamal Haddad", "", ""),
        ],
        &[(0, 1), (2, 3), (4, 3), (5, 6), (7, 8), (9, 10)],
    );
    assert_eq!(
        levels,
        [
            // xld / xl: a letter dropped.
            "all parts alike",
            // fd / fnd: a letter added.
            "all parts alike",
            // The same script: "Fadi" and "Fndi" are too far apart by their letters.
            "one part alike",
            // ahmd / mhmd: one edit, but a different first sound (Ahmad, Mohammed).
            "one part alike",
            // nr / n: two letters or fewer say too little.
            "one part alike",
            // jml / gml: the Egyptian g for ج.
            "all parts alike",
        ]
    );
}

/// Within Arabic script the letters are written out, and one skeleton holds محمد and
/// محمود (mhmd): two brothers' names, not two spellings. Parts in Arabic script pair by
/// their letters; across scripts, and between Latin spellings, the skeleton still
/// pairs them by sound.
#[test]
fn arabic_parts_do_not_pair_by_skeleton_with_each_other() {
    let levels = name_levels(
        &[
            ("محمد خالد حداد", "", ""),
            ("محمود خالد حداد", "", ""),
            ("Mohammed Khaled Haddad", "", ""),
            ("Muhammad Khalid Hadad", "", ""),
        ],
        &[(0, 1), (0, 2), (2, 3)],
    );
    assert_eq!(
        levels,
        [
            "all parts alike (3+ parts)",
            "same names by sound (3+ parts)",
            "same names by sound (3+ parts)",
        ]
    );
}

/// Parts pair whatever their order: family name first or last, Spanish and Portuguese
/// surnames in either order or one left out, particles and all.
#[test]
fn name_parts_pair_in_any_order_and_with_a_surname_missing() {
    let levels = name_levels(
        &[
            ("Muhammad Haddad", "", ""),
            ("Haddad Muhammad", "", ""),
            ("José García López", "", ""),
            ("José López García", "", ""),
            ("José García", "", ""),
            ("María de los Ángeles Pérez de la Cruz", "", ""),
            ("Maria Angeles Cruz Perez", "", ""),
            ("João da Silva Santos", "", ""),
            ("Joao Santos", "", ""),
        ],
        &[(0, 1), (2, 3), (2, 4), (3, 4), (5, 6), (7, 8)],
    );
    assert_eq!(
        levels,
        [
            "same names",
            "same names (3+ parts)",
            // "3+ parts" counts the shorter name's.
            "same names, some missing",
            "same names, some missing",
            "same names (3+ parts)",
            "same names, some missing",
        ]
    );
}

/// Cyrillic names meet their Latin spellings by sound, as Arabic ones do.
#[test]
fn cyrillic_names_meet_their_latin_spellings() {
    let levels = name_levels(
        &[
            ("Сергей Иванов", "", ""),
            ("Sergey Ivanov", "", ""),
            ("Sergei Ivanov", "", ""),
            ("Ольга Петрова", "", ""),
            ("Olga Petrova", "", ""),
        ],
        &[(0, 1), (0, 2), (3, 4), (0, 4)],
    );
    assert_eq!(levels[..3], ["same names by sound"; 3]);
    assert_eq!(levels[3], "different");
}

/// A shared rare family name counts for more than a shared common one: the same level,
/// with a term-frequency adjustment of its own.
#[test]
fn a_shared_rare_surname_counts_for_more_than_a_common_one() {
    let mut rows: Vec<(String, String, String)> = (0..300)
        .map(|i| (format!("Person{i} Smith"), String::new(), String::new()))
        .collect();
    rows.push(("Karim Smith".into(), String::new(), String::new()));
    rows.push(("Karim Smith".into(), String::new(), String::new()));
    rows.push(("Karim Quillfeather".into(), String::new(), String::new()));
    rows.push(("Karim Quillfeather".into(), String::new(), String::new()));
    let rows: Vec<(&str, &str, &str)> = rows
        .iter()
        .map(|(a, b, c)| (a.as_str(), b.as_str(), c.as_str()))
        .collect();
    let (config, records) = people(&rows);
    let linkage = link(&records, &config.settings).expect("linking");
    let common = linkage.explain(300, 301);
    let rare = linkage.explain(302, 303);
    assert_eq!(
        common.fields[0].label, rare.fields[0].label,
        "the same level"
    );
    assert!(
        rare.fields[0].tf_bits > common.fields[0].tf_bits + 3.0,
        "rare {:.2} against common {:.2}",
        rare.fields[0].tf_bits,
        common.fields[0].tf_bits
    );
    assert!(rare.weight > common.weight + 3.0);
}
