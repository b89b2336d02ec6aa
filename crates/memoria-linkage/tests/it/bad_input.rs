//! Bad input: a clear refusal or a sensible result, never a panic or an
//! out-of-memory crash.

use memoria_linkage::synth::{self, SynthConfig};
use memoria_linkage::{
    Config, ConfigError, CsvError, LinkageError, Records, Settings, link, plan, read_csv,
};

const PEOPLE: &str = r#"
[[field]]
name = "name"
kind = "name"
[[field]]
name = "born"
kind = "date"
[[field]]
name = "sex"
kind = "sex"
[[block]]
on = ["name:first", "name:last"]
[[block]]
on = ["born:day"]
"#;

/// `rows`, then enough synthetic people for the model to be estimated.
pub fn people(rows: &[(&str, &str, &str)]) -> (Config, Records) {
    let config = Config::from_toml(PEOPLE).expect("config");
    let mut records = Records::new(&config.schema).expect("schema");
    for (i, (name, born, sex)) in rows.iter().enumerate() {
        records
            .push(0, &format!("r{i}"), &[name, born, sex])
            .expect("push");
    }
    for r in synth::records(&SynthConfig::new(3000, 11)) {
        records
            .push(0, &format!("s{}", r.id), &[&r.name, &r.born, &r.sex])
            .expect("push");
    }
    (config, records)
}

/// A made-up name of letters only, different for every `i`.
fn letters(mut i: usize) -> String {
    let mut s = String::new();
    loop {
        s.push(char::from(b'b' + (i % 20) as u8));
        s.push('a');
        i /= 20;
        if i == 0 {
            return s;
        }
    }
}

#[test]
fn placeholders_empty_and_particle_names_never_link_by_name() {
    let (config, records) = people(&[
        ("Name withheld by police", "2015-01-01", "m"),
        ("Name withheld by police", "1990-06-02", "f"),
        ("", "", ""),
        ("", "", ""),
        ("de la", "unknown", "?"),
        ("بن", "", ""),
        ("مجهول", "1980-01-01", "m"),
        ("Unknown", "1970-03-03", "f"),
        ("TK TK", "", "m"),
        ("John Smith", "1980-05-05", "m"),
        ("Smith, John", "1980-05-05", "M"),
    ]);
    let linkage = link(&records, &config.settings).expect("linking");
    let cluster: Vec<u32> = (0..records.len()).map(|r| linkage.cluster_of(r)).collect();
    // Only the two spellings of one man are linked; every other record stands alone.
    assert_eq!(cluster[9], cluster[10]);
    for r in 0..9 {
        for s in r + 1..11 {
            assert_ne!(cluster[r], cluster[s], "records {r} and {s}");
        }
    }
    // A record with nothing known compares as missing on every field.
    let why = linkage.explain(2, 3);
    assert!(
        why.fields
            .iter()
            .all(|f| f.level == 0 && f.label == "missing")
    );
}

#[test]
fn a_rule_comparing_everyone_is_refused_with_advice() {
    let config = Config::from_toml(PEOPLE).expect("config");
    let mut settings = config.settings.clone();
    settings.blocking = vec![memoria_linkage::BlockingRule {
        parts: Vec::new(),
        text: String::new(),
    }];
    let (_, records) = people(&[("A B", "", "m"), ("C D", "", "f")]);
    let err = plan(&records, &settings).err().expect("refused");
    assert!(matches!(
        err,
        LinkageError::EveryoneWithEveryone { rule: 1, .. }
    ));
    assert!(err.to_string().contains("every record with every other"));

    // A key everyone shares, on many records: refused before any pair is made.
    let config = Config::from_toml(&format!(
        "max_pairs = 1000000\n{}",
        PEOPLE.replace(
            "[[block]]\non = [\"born:day\"]",
            "[[block]]\non = [\"sex\"]"
        )
    ))
    .expect("config");
    let mut records = Records::new(&config.schema).expect("schema");
    for i in 0..20_000 {
        records
            .push(
                0,
                &i.to_string(),
                &[&format!("{} {}", letters(i), letters(i + 7)), "", "m"],
            )
            .expect("push");
    }
    let err = plan(&records, &config.settings).err().expect("refused");
    match &err {
        LinkageError::RuleTooBroad {
            rule,
            pairs,
            largest_block,
            ..
        } => {
            assert_eq!(*rule, 2);
            assert_eq!(*pairs, 20_000 * 19_999 / 2);
            assert_eq!(*largest_block, 20_000);
        }
        other => panic!("unexpected: {other}"),
    }
    assert!(err.to_string().contains("Add a field to the rule"));
}

#[test]
fn one_large_list_against_ten_records() {
    let config = Config::from_toml(&synth::CONFIG.replace("mode = \"dedupe\"", "mode = \"link\""))
        .expect("config");
    let mut records = Records::new(&config.schema).expect("schema");
    let mut small = Vec::new();
    let mut persons = Vec::new();
    for r in synth::records(&SynthConfig::new(60_000, 3)) {
        let input = if small.len() < 10 && r.id % 997 == 0 {
            2
        } else {
            1
        };
        if input == 2 {
            small.push(r.person);
        }
        persons.push(r.person);
        records
            .push(
                input,
                &r.id.to_string(),
                &[&r.name, &r.born, &r.age, &r.sex, &r.place],
            )
            .expect("push");
    }
    assert_eq!(small.len(), 10);
    let linkage = link(&records, &config.settings).expect("linking");
    // Only pairs across the two lists are made: at most the large list times ten.
    assert!(linkage.report().union <= 10 * 60_000);
    assert!(
        linkage
            .pairs()
            .all(|p| records.record(p.a).input != records.record(p.b).input)
    );
    // And the ten are found: each joins records of its own person in the large list
    // where there are any, and never a stranger's.
    let mut found = 0;
    let mut findable = 0;
    for r in (0..records.len()).filter(|&r| records.record(r).input == 2) {
        let cluster = linkage.cluster_of(r);
        let own = |s: usize| persons[s] == persons[r];
        let mates: Vec<usize> = (0..records.len())
            .filter(|&s| s != r && linkage.cluster_of(s) == cluster)
            .collect();
        assert!(
            mates.iter().all(|&s| own(s)),
            "record {r} joined a stranger"
        );
        findable += usize::from((0..records.len()).any(|s| s != r && own(s)));
        found += usize::from(!mates.is_empty());
    }
    eprintln!("ten against the large list: {found} of {findable} found");
    assert!(findable >= 5, "the seed gives duplicates to find");
    assert!(found >= findable - 1, "{found} of {findable}");
}

#[test]
fn configuration_mistakes_are_named() {
    let err = Config::from_toml("[[field]]\nname = \"x\"\nkind = \"colour\"").unwrap_err();
    assert!(matches!(err, ConfigError::UnknownKind { .. }));
    let err =
        Config::from_toml(&format!("{PEOPLE}\n[[block]]\non = [\"born:weekday\"]")).unwrap_err();
    assert!(err.to_string().contains("born:weekday"));
    let err = Config::from_toml(&format!("{PEOPLE}\n[[block]]\non = [\"nobody\"]")).unwrap_err();
    assert_eq!(err, ConfigError::UnknownField("nobody".into()));
    assert!(Config::from_toml("").is_err());
    // Thirty-three fields, one compared: more than the 32 a record's unread cells hold.
    let many: String = (0..33)
        .map(|i| {
            format!(
                "[[field]]\nname = \"f{i}\"\nkind = \"exact\"\ncompare = {}\n",
                i == 0
            )
        })
        .collect();
    assert_eq!(
        Config::from_toml(&many).unwrap_err(),
        ConfigError::TooManyFields
    );
    let settings = Settings {
        match_probability: 1.5,
        ..Settings::default()
    };
    assert_eq!(settings.check(), Err(ConfigError::Thresholds));
}

#[test]
fn csv_problems_name_rows_and_columns_not_values() {
    let config = Config::from_toml(PEOPLE).expect("config");
    let mut records = Records::new(&config.schema).expect("schema");
    let missing = read_csv("id,name,sex\n1,A B,m\n".as_bytes(), 0, "id", &mut records);
    assert!(matches!(missing, Err(CsvError::MissingColumn(c)) if c == "born"));
    let text =
        "\u{feff}id,name,born,sex\n1,Secret Name,sometime in spring,m\n2,Other Name,1990-01-01,f\n";
    let summary = read_csv(text.as_bytes(), 0, "id", &mut records).expect("read");
    assert_eq!(summary.rows, 2);
    assert_eq!(summary.problem_count, 1);
    let problem = &summary.problems[0];
    assert_eq!((problem.line, problem.column.as_str()), (2, "born"));
    assert!(!format!("{problem:?}").contains("spring"));
    let broken = read_csv(
        "id,name,born,sex\n1,\"unclosed,x,y\n".as_bytes(),
        0,
        "id",
        &mut records,
    );
    if let Err(e) = broken {
        assert!(!e.to_string().contains("unclosed"));
    }
}

/// A reader that fails after `left` bytes, as a disk or a network share can.
struct FailingAfter<'a> {
    bytes: &'a [u8],
    left: usize,
}

impl std::io::Read for FailingAfter<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.left == 0 {
            return Err(std::io::Error::other("the disk went away"));
        }
        let n = buf.len().min(self.left).min(self.bytes.len());
        buf[..n].copy_from_slice(&self.bytes[..n]);
        self.bytes = &self.bytes[n..];
        self.left -= n;
        Ok(n)
    }
}

/// Rows are read, normalised and added in batches, the adding on a thread of its own:
/// across many batches the records keep the file's order and the problems come in
/// row order with their lines, and an input error deep in the file names its row.
#[test]
fn a_long_file_keeps_its_order_and_its_problems_their_rows() {
    const ROWS: usize = 30_000;
    let config = Config::from_toml(PEOPLE).expect("config");
    let mut text = b"id,name,born,sex\n".to_vec();
    let mut expected = Vec::new();
    for i in 0..ROWS {
        let line = i as u64 + 2;
        let name: Vec<u8> = if i % 7_001 == 3 {
            expected.push((line, "name", "not UTF-8"));
            b"\xff\xfe".to_vec()
        } else {
            letters(i).into_bytes()
        };
        let born = if i % 9_973 == 5 {
            expected.push((line, "born", "not a date in the declared format"));
            "spring"
        } else {
            "1990-01-01"
        };
        text.extend_from_slice(format!("r{i},").as_bytes());
        text.extend_from_slice(&name);
        text.extend_from_slice(format!(",{born},f\n").as_bytes());
    }
    let mut records = Records::new(&config.schema).expect("schema");
    let summary = read_csv(&text[..], 0, "id", &mut records).expect("read");
    assert_eq!(summary.rows, ROWS as u64);
    assert_eq!(records.len(), ROWS);
    for i in [0, 8_191, 8_192, 16_385, ROWS - 1] {
        assert_eq!(records.record(i).id, format!("r{i}"));
    }
    let got: Vec<(u64, &str, &str)> = summary
        .problems
        .iter()
        .map(|p| (p.line, p.column.as_str(), p.reason))
        .collect();
    assert!(expected.len() >= 6, "problems in several batches");
    assert_eq!(got, expected);

    // The input fails in the row of r25000.
    let at = text
        .windows(7)
        .position(|w| w == b"\nr25000")
        .expect("row r25000")
        + 4;
    let mut records = Records::new(&config.schema).expect("schema");
    let failed = read_csv(
        FailingAfter {
            bytes: &text,
            left: at,
        },
        0,
        "id",
        &mut records,
    );
    match failed {
        Err(CsvError::Row { row, reason }) => {
            assert_eq!(row, 25_002, "the line of r25000");
            assert!(reason.starts_with("input error"), "{reason}");
        }
        other => panic!("expected an input error, got {other:?}"),
    }
}

/// A rule's keys are every combination of its parts' keys: words by words gives a long
/// note thousands. Refused with advice, after holding at most the limit of keys, where
/// before it was built whole (gigabytes for a large list) before anything was counted.
#[test]
fn a_rule_whose_keys_multiply_is_refused_before_it_fills_memory() {
    const NOTES: &str = r#"
[[field]]
name = "name"
kind = "name"
[[field]]
name = "note"
kind = "text"
[[block]]
on = ["name:first", "name:last"]
[[block]]
on = ["note:words", "note:words"]
"#;
    let config = Config::from_toml(NOTES).expect("config");
    let mut records = Records::new(&config.schema).expect("schema");
    let note: Vec<String> = (0..40).map(letters).collect();
    let note = note.join(" ");
    records.push(0, "1", &["Ana Lima", &note]).expect("push");
    records
        .push(0, "2", &["Rui Lima", "short note"])
        .expect("push");
    let err = plan(&records, &config.settings).err().expect("refused");
    assert!(
        matches!(&err, LinkageError::RuleTooManyKeys { rule: 2, what, .. } if what.contains("one record 1600 keys")),
        "{err}"
    );
    assert!(
        err.to_string()
            .contains("Keep at most one such field in a rule")
    );

    // Within the limit a record, but too many over all the records: refused at the
    // limit of keys held (half of max_pairs), not after making them all.
    let config = Config::from_toml(&format!(
        "max_pairs = 2000\n{}",
        NOTES.replace("[\"note:words\", \"note:words\"]", "[\"note:words\"]")
    ))
    .expect("config");
    let mut records = Records::new(&config.schema).expect("schema");
    for i in 0..200 {
        let words: Vec<String> = (0..10).map(|w| letters(i * 10 + w)).collect();
        records
            .push(0, &i.to_string(), &[&letters(i), &words.join(" ")])
            .expect("push");
    }
    let err = plan(&records, &config.settings).err().expect("refused");
    assert!(
        matches!(&err, LinkageError::RuleTooManyKeys { rule: 2, what, .. } if what.contains("more than 1000 keys in all")),
        "{err}"
    );
}

/// Records that hold nothing to compare are refused, not turned into as many people:
/// a file whose declared columns are all empty or placeholders gives a clear message.
#[test]
fn records_with_nothing_known_are_refused() {
    let config = Config::from_toml(PEOPLE).expect("config");
    let mut records = Records::new(&config.schema).expect("schema");
    for (i, row) in [
        ["", "", ""],
        ["Name withheld by police", "unknown", "?"],
        ["de la", "", "unknown"],
    ]
    .iter()
    .enumerate()
    {
        records.push(0, &i.to_string(), row).expect("push");
    }
    let err = plan(&records, &config.settings).err().expect("refused");
    assert_eq!(err, LinkageError::NothingKnown);
    assert!(err.to_string().contains("check that the declared columns"));
    // Presence says the same field by field, per input.
    let presence = records.presence();
    assert_eq!(presence.len(), 3);
    assert!(
        presence
            .iter()
            .all(|f| f.len() == 1 && f[0].records == 3 && f[0].with_value == 0)
    );
    // One value is enough to link (the others count as missing).
    records.push(0, "3", &["Ana Lima", "", ""]).expect("push");
    assert_eq!(records.presence()[0][0].with_value, 1);
    assert!(plan(&records, &config.settings).is_ok());
}

/// The records' debug form gives sizes, never a name, so that a `{:?}` in a log line or
/// a panic message cannot carry one.
#[test]
fn the_records_debug_form_holds_no_name() {
    let (_, records) = people(&[("Zacharias Quillfeather", "1980-05-05", "m")]);
    let shown = format!("{records:?}");
    assert!(shown.contains("Records"), "{shown}");
    assert!(!shown.to_lowercase().contains("zacharias"), "{shown}");
    assert!(!shown.to_lowercase().contains("quillfeather"), "{shown}");
}

/// The file says how a field is compared, beside the command line's `--field`: a field
/// declared both ways takes the file's declaration in its place, and what the file
/// sets changes the comparison (a date 5 days off is "within 10 days" by default,
/// "within 5 days" with the file's bands). Twice in the file is still a mistake.
#[test]
fn the_file_overrides_how_a_flag_declared_field_is_compared() {
    use memoria_linkage::{Field, FieldKind, Schema};
    let flags = Schema::new()
        .field(Field::new("name", FieldKind::Name))
        .field(Field::new("born", FieldKind::Date))
        .field(Field::new("sex", FieldKind::Sex));
    let file = "[[field]]\nname = \"born\"\nkind = \"date\"\nwithin_days = [2, 5, 30]\n";
    let config = Config::from_toml_with(file, Some(flags.clone())).expect("config");
    let names: Vec<&str> = config
        .schema
        .fields()
        .iter()
        .map(|f| f.name.as_str())
        .collect();
    assert_eq!(names, ["name", "born", "sex"], "in its place, once");
    assert_eq!(config.schema.fields()[1].within_days, [2, 5, 30]);
    let twice = format!("{file}{file}");
    assert_eq!(
        Config::from_toml_with(&twice, Some(flags.clone())).unwrap_err(),
        ConfigError::DuplicateField("born".into())
    );

    let label = |config: &Config| {
        let mut records = Records::new(&config.schema).expect("schema");
        records
            .push(0, "a", &["Ana Lima", "2001-03-10", "f"])
            .unwrap();
        records
            .push(0, "b", &["Ana Lima", "2001-03-15", "f"])
            .unwrap();
        for r in synth::records(&SynthConfig::new(2000, 5)) {
            records
                .push(0, &format!("s{}", r.id), &[&r.name, &r.born, &r.sex])
                .unwrap();
        }
        let linkage = link(&records, &config.settings).expect("linking");
        linkage.explain(0, 1).fields[1].label.clone()
    };
    let plain = Config {
        schema: flags,
        settings: Settings::default(),
    };
    assert_eq!(label(&plain), "within 10 days");
    assert_eq!(label(&config), "within 5 days");
}

/// Rules each under the limit whose union is over it: refused after the union is
/// made, with the advice to narrow the broadest, before any pair is scored.
#[test]
fn rules_whose_union_is_too_large_are_refused() {
    let config = Config::from_toml(&format!(
        "max_pairs = 1000\n{}",
        PEOPLE
            .replace(
                "[[block]]\non = [\"name:first\", \"name:last\"]",
                "[[block]]\non = [\"sex\"]"
            )
            .replace("on = [\"born:day\"]", "on = [\"born:year\"]")
    ))
    .expect("config");
    let mut records = Records::new(&config.schema).expect("schema");
    for i in 0..60 {
        let born = format!("{}-01-01", 1990 + i / 20);
        let sex = if i % 2 == 0 { "m" } else { "f" };
        records
            .push(0, &i.to_string(), &[&letters(i), &born, sex])
            .expect("push");
    }
    // 870 pairs by sex, 570 by year, 270 in both: 1,170 together.
    let err = plan(&records, &config.settings).err().expect("refused");
    assert_eq!(
        err,
        LinkageError::TooManyPairs {
            pairs: 1170,
            limit: 1000
        }
    );
    assert!(
        err.to_string()
            .contains("make the broadest rules more specific")
    );
}

/// Places compare at the deepest level they share, and text by the words they share.
#[test]
fn places_share_a_level_and_texts_their_words() {
    let config = Config::from_toml(
        r#"
mode = "dedupe"
[[field]]
name = "name"
kind = "name"
[[field]]
name = "place"
kind = "place"
[[field]]
name = "note"
kind = "text"
[[block]]
on = ["name:first", "name:last"]
"#,
    )
    .expect("config");
    let mut records = Records::new(&config.schema).expect("schema");
    let rows = [
        (
            "Ana Lima",
            "Valdoria > Ormelle > Beaumirail",
            "shot at the checkpoint gate",
        ),
        (
            "Ana Lima",
            "Valdoria > Ormelle > Beaumirail",
            "shot at the checkpoint gate",
        ),
        (
            "Ana Lima",
            "Valdoria > Ormelle > Les Bellacs",
            "shot near the checkpoint gate",
        ),
        ("Ana Lima", "Valdoria > Capital Region", "died in hospital"),
        ("Ana Lima", "Ostravia", "checkpoint"),
    ];
    for (i, (name, place, note)) in rows.iter().enumerate() {
        records
            .push(0, &i.to_string(), &[name, place, note])
            .expect("push");
    }
    for r in synth::records(&SynthConfig::new(2000, 9)) {
        records
            .push(0, &format!("s{}", r.id), &[&r.name, &r.place, ""])
            .expect("push");
    }
    let linkage = link(&records, &config.settings).expect("linking");
    let level = |a, b, f: usize| linkage.explain(a, b).fields[f].label.clone();
    assert_eq!(level(0, 1, 1), "same place");
    assert_eq!(level(0, 2, 1), "same down to level 2");
    assert_eq!(level(0, 3, 1), "same down to level 1");
    assert_eq!(level(0, 4, 1), "different");
    assert_eq!(level(0, 1, 2), "same words");
    assert_eq!(level(0, 2, 2), "half the words shared");
    assert_eq!(level(0, 4, 2), "some words shared");
    assert_eq!(level(0, 3, 2), "no word shared");
}

/// "N/A", "unknown" or "-" in an identifier column is no identifier: not a value every
/// record without one shares.
#[test]
fn a_placeholder_identifier_is_missing_not_shared() {
    let config = Config::from_toml(
        "[[field]]\nname = \"name\"\nkind = \"name\"\n[[field]]\nname = \"doc\"\nkind = \"exact\"\n",
    )
    .expect("config");
    let mut records = Records::new(&config.schema).expect("schema");
    for (i, (name, doc)) in [
        ("Ana Lima", "N/A"),
        ("Rui Costa", "n/a"),
        ("Eva Mendes", "-"),
        ("Ivo Pires", "Unknown"),
        ("Ana Lima", "AB-1234"),
    ]
    .iter()
    .enumerate()
    {
        records.push(0, &i.to_string(), &[name, doc]).expect("push");
    }
    for r in 0..4 {
        assert!(!records.has_value(1, r), "record {r}");
    }
    assert!(records.has_value(1, 4));
}
