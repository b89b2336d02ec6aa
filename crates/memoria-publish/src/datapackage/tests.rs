use super::*;

fn regions() -> Resource {
    Resource {
        name: "regions".into(),
        title: "Regions".into(),
        description: "The regions counts are given for.".into(),
        fields: vec![
            Field {
                required: true,
                hxl: Some("#adm1+code".into()),
                ..Field::new("code", FieldType::String)
            },
            Field {
                hxl: Some("#adm1+name".into()),
                ..Field::new("name", FieldType::String)
            },
        ],
        primary_key: vec!["code".into()],
        foreign_keys: vec![],
        rows: vec![
            vec!["N".into(), "North".into()],
            vec!["S".into(), "South".into()],
        ],
    }
}

fn incidents() -> Resource {
    Resource {
        name: "incidents".into(),
        title: "Incidents".into(),
        description: "One row per published incident.".into(),
        fields: vec![
            Field {
                unique: true,
                ..Field::new("id", FieldType::Integer)
            },
            Field::new("date", FieldType::Date),
            Field::new("month", FieldType::YearMonth),
            Field {
                allowed: Some(vec!["killing".into(), "detention".into()]),
                ..Field::new("violation", FieldType::String)
            },
            Field::new("region", FieldType::String),
            Field {
                minimum: Some(0.0),
                maximum: Some(1000.0),
                ..Field::new("victims", FieldType::Number)
            },
            Field::new("verified", FieldType::Boolean),
            Field::new("year", FieldType::Year),
        ],
        primary_key: vec!["id".into()],
        foreign_keys: vec![ForeignKey {
            fields: vec!["region".into()],
            resource: "regions".into(),
            reference_fields: vec!["code".into()],
        }],
        rows: vec![
            vec![
                1.into(),
                "2023-02-28".into(),
                "2023-02".into(),
                "killing".into(),
                "N".into(),
                2.5.into(),
                true.into(),
                Cell::Integer(2023),
            ],
            vec![
                2.into(),
                Cell::Missing,
                "2024-02".into(),
                "detention".into(),
                Cell::Missing,
                Cell::Integer(3),
                false.into(),
                Cell::Missing,
            ],
        ],
    }
}

impl From<i32> for Cell {
    fn from(n: i32) -> Cell {
        Cell::Integer(n.into())
    }
}

fn package() -> Package {
    Package {
        name: "memoria-test".into(),
        title: "Test collection".into(),
        description: "Fictional.".into(),
        version: "1.0.0".into(),
        licenses: vec![License {
            name: "CC-BY-4.0".into(),
            path: Some("https://creativecommons.org/licenses/by/4.0/".into()),
            title: None,
        }],
        created: Some("2024-05-01T12:00:00Z".into()),
        resources: vec![regions(), incidents()],
    }
}

fn file(files: &[(String, Vec<u8>)], path: &str) -> String {
    let (_, bytes) = files
        .iter()
        .find(|(p, _)| p == path)
        .unwrap_or_else(|| panic!("no {path}"));
    String::from_utf8(bytes.clone()).unwrap()
}

/// The problems `write` finds in the test package once `edit` has changed it.
fn problems(edit: impl FnOnce(&mut Package)) -> Vec<Problem> {
    let mut p = package();
    edit(&mut p);
    write(&p).expect_err("an invalid package").problems
}

/// The single problem of the edited package, which must be at `resource`, `row`, `field`.
fn problem(
    edit: impl FnOnce(&mut Package),
    resource: Option<&str>,
    row: Option<usize>,
    field: Option<&str>,
) -> ProblemKind {
    let mut all = problems(edit);
    assert_eq!(all.len(), 1, "{all:#?}");
    let p = all.remove(0);
    assert_eq!(
        (p.resource.as_deref(), p.row, p.field.as_deref()),
        (resource, row, field),
        "{p}"
    );
    p.kind
}

fn incidents_of(p: &mut Package) -> &mut Resource {
    &mut p.resources[1]
}

#[test]
fn writes_descriptor_dictionary_tables_and_hashtag_copies() {
    let files = write(&package()).unwrap();
    let paths: Vec<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(
        paths,
        [
            "datapackage.json",
            "README.md",
            "data/regions.csv",
            "data/incidents.csv",
            "hxl/regions.csv",
        ]
    );
    assert_eq!(
        file(&files, "data/incidents.csv"),
        "id,date,month,violation,region,victims,verified,year\n\
         1,2023-02-28,2023-02,killing,N,2.5,true,2023\n\
         2,,2024-02,detention,,3,false,\n"
    );
    assert_eq!(
        file(&files, "hxl/regions.csv"),
        "code,name\n#adm1+code,#adm1+name\nN,North\nS,South\n"
    );
}

#[test]
fn descriptor_declares_types_constraints_keys_and_sizes() {
    let files = write(&package()).unwrap();
    let json: Value = serde_json::from_str(&file(&files, "datapackage.json")).unwrap();
    assert_eq!(json["profile"], "tabular-data-package");
    assert_eq!(json["created"], "2024-05-01T12:00:00Z");
    let incidents = &json["resources"][1];
    assert_eq!(incidents["path"], "data/incidents.csv");
    assert_eq!(incidents["bytes"], file(&files, "data/incidents.csv").len());
    let schema = &incidents["schema"];
    assert_eq!(schema["missingValues"], serde_json::json!([""]));
    assert_eq!(schema["primaryKey"], serde_json::json!(["id"]));
    assert_eq!(
        schema["foreignKeys"],
        serde_json::json!([{"fields": ["region"], "reference": {"resource": "regions", "fields": ["code"]}}])
    );
    let types: Vec<&str> = schema["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["type"].as_str().unwrap())
        .collect();
    assert_eq!(
        types,
        [
            "integer",
            "date",
            "yearmonth",
            "string",
            "string",
            "number",
            "boolean",
            "year"
        ]
    );
    assert_eq!(
        schema["fields"][5]["constraints"],
        serde_json::json!({"minimum": 0.0, "maximum": 1000.0})
    );
    assert_eq!(
        schema["fields"][3]["constraints"],
        serde_json::json!({"enum": ["killing", "detention"]})
    );
    // No constraints, no empty object.
    assert!(schema["fields"][1].get("constraints").is_none());
    // The keys come in a fixed order.
    let text = file(&files, "datapackage.json");
    let at = |key: &str| text.find(&format!("\"{key}\"")).unwrap();
    assert!(
        at("profile") < at("name")
            && at("name") < at("licenses")
            && at("licenses") < at("resources")
    );
}

#[test]
fn constraints_of_typed_fields_are_typed() {
    let mut p = package();
    let incidents = incidents_of(&mut p);
    incidents.fields[0].allowed = Some(vec!["1".into(), "2".into()]);
    incidents.fields[0].minimum = Some(1.0);
    incidents.fields[5].allowed = Some(vec!["2.5".into(), "3".into()]);
    incidents.fields[6].allowed = Some(vec!["true".into(), "false".into()]);
    let files = write(&p).unwrap();
    let json: Value = serde_json::from_str(&file(&files, "datapackage.json")).unwrap();
    let fields = &json["resources"][1]["schema"]["fields"];
    assert_eq!(
        fields[0]["constraints"],
        serde_json::json!({"unique": true, "minimum": 1, "enum": [1, 2]})
    );
    assert_eq!(
        fields[5]["constraints"]["enum"],
        serde_json::json!([2.5, 3.0])
    );
    assert_eq!(
        fields[6]["constraints"]["enum"],
        serde_json::json!([true, false])
    );
}

#[test]
fn same_package_same_bytes() {
    assert_eq!(write(&package()).unwrap(), write(&package()).unwrap());
}

#[test]
fn csv_quotes_commas_quotes_and_line_breaks() {
    let mut p = package();
    p.resources[0].rows = vec![
        vec!["A".into(), "Hills, the".into()],
        vec!["B".into(), "The \"old\" road".into()],
        vec!["C".into(), "two\nlines\r\nand CR".into()],
        vec!["D".into(), " padded ".into()],
    ];
    p.resources[1].rows.truncate(0);
    let files = write(&p).unwrap();
    assert_eq!(
        file(&files, "data/regions.csv"),
        "code,name\nA,\"Hills, the\"\nB,\"The \"\"old\"\" road\"\nC,\"two\nlines\r\nand CR\"\nD, padded \n"
    );
}

#[test]
fn missing_cells_and_empty_text_are_empty() {
    let mut p = package();
    p.resources[1].rows[1][3] = Cell::Text(String::new());
    let files = write(&p).unwrap();
    let csv = file(&files, "data/incidents.csv");
    assert_eq!(csv.lines().nth(2), Some("2,,2024-02,,,3,false,"));
}

#[test]
fn numbers_are_shortest_and_plain() {
    let mut p = package();
    let incidents = incidents_of(&mut p);
    incidents.fields[5].maximum = None;
    let values = [0.1, 1e-7, -0.0, 3.0, 1e21, 123.456];
    incidents.rows = values
        .iter()
        .enumerate()
        .map(|(i, &x)| {
            let mut row = vec![Cell::Missing; 8];
            row[0] = Cell::Integer(i as i64);
            row[5] = Cell::Number(x);
            row
        })
        .collect();
    let files = write(&p).unwrap();
    let column: Vec<String> = file(&files, "data/incidents.csv")
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(5).unwrap().to_owned())
        .collect();
    assert_eq!(
        column,
        [
            "0.1",
            "0.0000001",
            "0",
            "3",
            "1000000000000000000000",
            "123.456"
        ]
    );
    for (text, x) in column.iter().zip(values) {
        assert_eq!(text.parse::<f64>().unwrap(), x);
    }
}

#[test]
fn refuses_nan_and_infinities() {
    for x in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
        let kind = problem(
            |p| incidents_of(p).rows[0][5] = Cell::Number(x),
            Some("incidents"),
            Some(1),
            Some("victims"),
        );
        assert!(matches!(kind, ProblemKind::NotFinite(_)), "{kind}");
    }
    let kind = problem(
        |p| incidents_of(p).fields[5].minimum = Some(f64::NAN),
        Some("incidents"),
        None,
        Some("victims"),
    );
    assert!(
        matches!(
            kind,
            ProblemKind::BadConstraint {
                constraint: "minimum",
                ..
            }
        ),
        "{kind}"
    );
}

#[test]
fn package_problems() {
    let kind = problem(|p| p.name = "Memoria Test".into(), None, None, None);
    assert_eq!(kind, ProblemKind::BadName("Memoria Test".into()));
    let kind = problem(|p| p.resources.clear(), None, None, None);
    assert_eq!(kind, ProblemKind::NoResources);
    for bad in [
        "2024-05-01",
        "2024-05-01T12:00:00",
        "2024-13-01T12:00:00Z",
        "2024-05-01 12:00:00Z",
    ] {
        let kind = problem(|p| p.created = Some(bad.into()), None, None, None);
        assert_eq!(kind, ProblemKind::BadCreated(bad.into()));
    }
    for good in [
        "2024-05-01T12:00:00.123Z",
        "2024-05-01T12:00:00+02:00",
        "2024-05-01T12:00:00-05:30",
    ] {
        let mut p = package();
        p.created = Some(good.into());
        write(&p).unwrap();
    }
    let kind = problem(|p| p.licenses[0].name.clear(), None, None, None);
    assert_eq!(kind, ProblemKind::LicenseWithoutName);
}

#[test]
fn schema_problems() {
    let at =
        |edit: fn(&mut Package), field: Option<&str>| problem(edit, Some("incidents"), None, field);
    assert_eq!(
        problem(
            |p| incidents_of(p).name = "../incidents".into(),
            Some("../incidents"),
            None,
            None
        ),
        ProblemKind::BadName("../incidents".into())
    );
    let all = problems(|p| p.resources[0].name = "incidents".into());
    assert!(
        all.contains(&Problem {
            resource: Some("incidents".into()),
            row: None,
            field: None,
            kind: ProblemKind::DuplicateResource("incidents".into()),
        }),
        "{all:#?}"
    );
    let kind = problem(
        |p| {
            let r = incidents_of(p);
            r.fields.clear();
            r.rows.clear();
            r.primary_key.clear();
            r.foreign_keys.clear();
        },
        Some("incidents"),
        None,
        None,
    );
    assert_eq!(kind, ProblemKind::NoFields);
    assert_eq!(
        at(
            |p| incidents_of(p).fields[1].name = "month".into(),
            Some("month")
        ),
        ProblemKind::DuplicateField("month".into())
    );
    assert_eq!(
        at(
            |p| incidents_of(p).fields[1].name = " date".into(),
            Some(" date")
        ),
        ProblemKind::BadFieldName(" date".into())
    );
    assert_eq!(
        at(
            |p| incidents_of(p).fields[1].hxl = Some("#date +occurred".into()),
            Some("date")
        ),
        ProblemKind::BadHashtag("#date +occurred".into())
    );
    assert_eq!(
        at(
            |p| incidents_of(p).fields[1].minimum = Some(0.0),
            Some("date")
        ),
        ProblemKind::UnsupportedConstraint {
            constraint: "minimum",
            kind: FieldType::Date
        }
    );
    assert_eq!(
        at(
            |p| incidents_of(p).fields[0].maximum = Some(1.5),
            Some("id")
        ),
        ProblemKind::BadConstraint {
            constraint: "maximum",
            value: "1.5".into(),
            kind: FieldType::Integer
        }
    );
    assert_eq!(
        at(
            |p| incidents_of(p).fields[2].allowed = Some(vec!["2023-2".into()]),
            Some("month")
        ),
        ProblemKind::BadConstraint {
            constraint: "enum",
            value: "2023-2".into(),
            kind: FieldType::YearMonth
        }
    );
    assert_eq!(
        at(
            |p| incidents_of(p).fields[5].minimum = Some(2000.0),
            Some("victims")
        ),
        ProblemKind::EmptyRange {
            minimum: 2000.0,
            maximum: 1000.0
        }
    );
    assert_eq!(
        at(|p| incidents_of(p).primary_key = vec!["ident".into()], None),
        ProblemKind::UnknownKeyField {
            key: "primary key",
            field: "ident".into()
        }
    );
    assert_eq!(
        at(
            |p| incidents_of(p).primary_key = vec!["id".into(), "id".into()],
            None
        ),
        ProblemKind::RepeatedKeyField {
            key: "primary key",
            field: "id".into()
        }
    );
    assert_eq!(
        at(
            |p| incidents_of(p).foreign_keys[0].fields = vec!["place".into()],
            None
        ),
        ProblemKind::UnknownKeyField {
            key: "foreign key",
            field: "place".into()
        }
    );
    assert_eq!(
        at(
            |p| incidents_of(p).foreign_keys[0]
                .reference_fields
                .push("name".into()),
            None
        ),
        ProblemKind::ForeignKeyArity {
            fields: 1,
            reference: 2
        }
    );
    assert_eq!(
        at(
            |p| incidents_of(p).foreign_keys[0].resource = "places".into(),
            None
        ),
        ProblemKind::UnknownResource("places".into())
    );
    assert_eq!(
        at(
            |p| incidents_of(p).foreign_keys[0].reference_fields = vec!["id".into()],
            None
        ),
        ProblemKind::UnknownReferenceField {
            resource: "regions".into(),
            field: "id".into()
        }
    );
}

#[test]
fn row_problems() {
    let at = |edit: fn(&mut Package), row: usize, field: Option<&str>| {
        problem(edit, Some("incidents"), Some(row), field)
    };
    assert_eq!(
        at(
            |p| {
                incidents_of(p).rows[1].pop();
            },
            2,
            None
        ),
        ProblemKind::RowLength {
            expected: 8,
            found: 7
        }
    );
    assert_eq!(
        at(
            |p| incidents_of(p).rows[1][0] = Cell::Missing,
            2,
            Some("id")
        ),
        ProblemKind::MissingKey
    );
    assert_eq!(
        at(|p| incidents_of(p).rows[0][0] = "1".into(), 1, Some("id")),
        ProblemKind::WrongCell {
            cell: "text",
            kind: FieldType::Integer
        }
    );
    assert_eq!(
        at(
            |p| incidents_of(p).rows[0][6] = 1.into(),
            1,
            Some("verified")
        ),
        ProblemKind::WrongCell {
            cell: "integer",
            kind: FieldType::Boolean
        }
    );
    for bad in [
        "2023-02-29",
        "2023-2-28",
        "28/02/2023",
        "0000-01-01",
        "2023-02-28T00:00",
    ] {
        let mut p = package();
        incidents_of(&mut p).rows[0][1] = bad.into();
        let all = write(&p).unwrap_err().problems;
        assert_eq!(
            all[0].kind,
            ProblemKind::BadValue {
                value: bad.into(),
                kind: FieldType::Date
            }
        );
        assert_eq!(
            (all.len(), all[0].row, all[0].field.as_deref()),
            (1, Some(1), Some("date"))
        );
    }
    let mut p = package();
    incidents_of(&mut p).rows[0][1] = "2024-02-29".into();
    write(&p).expect("a leap day");
    assert_eq!(
        at(
            |p| incidents_of(p).rows[0][2] = "2023-13".into(),
            1,
            Some("month")
        ),
        ProblemKind::BadValue {
            value: "2023-13".into(),
            kind: FieldType::YearMonth
        }
    );
    assert_eq!(
        at(
            |p| incidents_of(p).rows[0][7] = Cell::Integer(12345),
            1,
            Some("year")
        ),
        ProblemKind::BadValue {
            value: "12345".into(),
            kind: FieldType::Year
        }
    );
    assert_eq!(
        at(
            |p| incidents_of(p).fields[1].required = true,
            2,
            Some("date")
        ),
        ProblemKind::MissingRequired
    );
    assert_eq!(
        at(
            |p| incidents_of(p).rows[1][3] = "torture".into(),
            2,
            Some("violation")
        ),
        ProblemKind::NotAllowed("torture".into())
    );
    assert_eq!(
        at(
            |p| incidents_of(p).rows[1][5] = Cell::Number(-0.5),
            2,
            Some("victims")
        ),
        ProblemKind::BelowMinimum {
            value: "-0.5".into(),
            minimum: 0.0
        }
    );
    assert_eq!(
        at(
            |p| incidents_of(p).rows[1][5] = Cell::Integer(1001),
            2,
            Some("victims")
        ),
        ProblemKind::AboveMaximum {
            value: "1001".into(),
            maximum: 1000.0
        }
    );
    // 1 and 1.0 are the same number to a validator.
    assert_eq!(
        at(
            |p| {
                let r = incidents_of(p);
                r.primary_key.clear();
                r.fields[5].unique = true;
                r.rows[0][5] = Cell::Number(3.0);
            },
            2,
            Some("victims")
        ),
        ProblemKind::NotUnique {
            value: "3".into(),
            first: 1
        }
    );
    assert_eq!(
        at(
            |p| {
                let r = incidents_of(p);
                r.fields[0].unique = false;
                r.rows[1][0] = 1.into();
            },
            2,
            None
        ),
        ProblemKind::DuplicateKey {
            value: "1".into(),
            first: 1
        }
    );
    assert_eq!(
        at(|p| incidents_of(p).rows[1][4] = "E".into(), 2, None),
        ProblemKind::ForeignKeyNotFound {
            values: "E".into(),
            resource: "regions".into(),
            fields: "code".into()
        }
    );
    let kind = problem(
        |p| {
            let r = &mut p.resources[0];
            r.primary_key.clear();
            r.fields[0].required = false;
            r.rows.push(vec![Cell::Missing, "".into()]);
        },
        Some("regions"),
        Some(3),
        None,
    );
    assert_eq!(kind, ProblemKind::BlankRow);
}

#[test]
fn reports_every_problem_with_its_place() {
    let err = write(&{
        let mut p = package();
        let r = incidents_of(&mut p);
        r.rows[0][1] = "yesterday".into();
        r.rows[1][3] = "torture".into();
        p
    })
    .unwrap_err();
    assert_eq!(err.problems.len(), 2);
    assert_eq!(
        err.to_string(),
        "the data package is not valid: \
         resource \"incidents\", row 1, field \"date\": \"yesterday\" is not a valid date: write it as YYYY-MM-DD; \
         resource \"incidents\", row 2, field \"violation\": torture is not one of the allowed values"
    );
}

#[test]
fn dictionary_escapes_markdown() {
    let mut p = package();
    p.title = "<script>alert(1)</script> | *all* [x](javascript:y)".into();
    let r = incidents_of(&mut p);
    r.title = "# Incidents".into();
    r.description = "- not a list\n\n<img src=x onerror=alert(1)>".into();
    r.fields[3].description = "a | b `c` _d_ &amp; ![i](u)".into();
    r.fields[3].allowed = Some(vec!["killing".into(), "detention".into(), "<b>|".into()]);
    r.rows[0][3] = "<b>|".into();
    let readme = file(&write(&p).unwrap(), "README.md");
    assert!(
        readme.starts_with(
            "# \\<script\\>alert(1)\\</script\\> \\| \\*all\\* \\[x\\](javascript:y)\n"
        ),
        "{readme}"
    );
    assert!(readme.contains("\n### \\# Incidents\n"), "{readme}");
    assert!(
        readme.contains("\n\\- not a list  \\<img src=x onerror=alert(1)\\>\n"),
        "{readme}"
    );
    assert!(readme.contains(
        "| violation | string | one of: killing, detention, \\<b\\>\\| | a \\| b \\`c\\` \\_d\\_ \\&amp; \\!\\[i\\](u) |"
    ), "{readme}");
    for line in readme.lines().filter(|l| l.starts_with('|')) {
        let cells = line
            .replace("\\\\", "")
            .replace("\\|", "")
            .matches('|')
            .count();
        assert!(cells == 5 || cells == 6, "{line}");
    }
    // The dictionary's own text has no HTML and links only in its list of files.
    let unescaped = |text: &str, c: char| {
        text.match_indices(c)
            .any(|(i, _)| !text[..i].ends_with('\\'))
    };
    assert!(!unescaped(&readme, '<'), "{readme}");
    let (_, resources) = readme.split_once("## Resources").unwrap();
    assert!(!unescaped(resources, '['), "{resources}");
}

#[test]
fn dictionary_describes_every_field_and_the_hashtag_copies() {
    let readme = file(&write(&package()).unwrap(), "README.md");
    assert!(readme.contains("`hxl/*.csv`"));
    assert!(readme.contains(
        "\n### Regions\n\n`data/regions.csv`, 2 rows (with hashtags: `hxl/regions.csv`).\n"
    ));
    assert!(
        readme.contains("| code | string | primary key; required |  | `#adm1+code` |"),
        "{readme}"
    );
    assert!(
        readme.contains("| region | string | a code of `regions` |  |\n"),
        "{readme}"
    );
    assert!(
        readme.contains("| month | yearmonth (YYYY-MM) |  |  |\n"),
        "{readme}"
    );
    assert!(
        readme.contains("| victims | number | at least 0; at most 1000 |  |\n"),
        "{readme}"
    );

    let mut p = package();
    for r in &mut p.resources {
        for f in &mut r.fields {
            f.hxl = None;
        }
    }
    let files = write(&p).unwrap();
    assert!(files.iter().all(|(path, _)| !path.starts_with("hxl/")));
    assert!(!file(&files, "README.md").contains("HXL"));
}
