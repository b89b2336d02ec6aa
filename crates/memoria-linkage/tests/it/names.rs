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
