use std::collections::BTreeMap;

use expect_test::{Expect, expect};
use memoria_auth::roles::{Access, Permission, Role, grants, redact};
use memoria_core::edtf::Edtf;
use memoria_core::entity::{
    AgeRange, Claim, Entity, Evidence, Incident, Person, PersonName, Record, SensitiveAttributes,
    Sensitivity, Status,
};
use memoria_core::id::RecordId;
use memoria_core::text::MultiText;

/// Role columns, in `Role::ALL` order.
const HEADER: &str = "admin coord analyst docum field viewer";

fn role_columns(cell: impl Fn(Role) -> bool) -> String {
    Role::ALL
        .iter()
        .zip(HEADER.split(' '))
        .map(|(&role, head)| {
            let mark = if cell(role) { "x" } else { "." };
            format!("{mark:^width$}", width = head.len())
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn the_role_table() {
    let mut out = format!("{:<26}{HEADER}\n", "");
    for p in Permission::ALL {
        let row = format!("{:<26}{}", p.as_str(), role_columns(|r| grants(r, p)));
        out += row.trim_end();
        out += "\n";
    }
    expect![[r#"
                                  admin coord analyst docum field viewer
        read_records                x     x      x      x     x     x
        read_names                  x     x      x      x     x     .
        read_contact                x     x      .      x     .     .
        read_sensitive_attributes   x     x      .      .     .     .
        read_restricted             x     x      x      x     .     .
        read_confidential           x     x      .      .     .     .
        create_records              x     x      .      x     x     .
        edit_records                x     x      .      x     x     .
        delete_records              x     x      .      x     .     .
        restore_revisions           x     x      .      x     .     .
        manage_interventions        x     x      .      x     .     .
        manage_vocabularies         x     .      .      .     .     .
        manage_members              x     x      .      .     .     .
        read_audit                  x     x      .      .     .     .
        export_data                 x     x      x      .     .     .
    "#]]
    .assert_eq(&out);
}

#[test]
fn role_names_round_trip() {
    for role in Role::ALL {
        assert_eq!(role.as_str().parse::<Role>().unwrap(), role);
        assert_eq!(role.to_string(), role.as_str());
        assert_eq!(
            serde_json::to_string(&role).unwrap(),
            format!("\"{}\"", role.as_str())
        );
    }
    assert_eq!(
        " Field researcher ".parse::<Role>().unwrap(),
        Role::FieldResearcher
    );
    assert_eq!(
        "field-researcher".parse::<Role>().unwrap(),
        Role::FieldResearcher
    );
    assert!(
        "superuser"
            .parse::<Role>()
            .unwrap_err()
            .contains("expected one of")
    );
}

const SENSITIVITIES: [Sensitivity; 4] = [
    Sensitivity::Public,
    Sensitivity::Internal,
    Sensitivity::Restricted,
    Sensitivity::Confidential,
];

fn member(collection: RecordId, role: Role) -> Access {
    Access {
        is_admin: false,
        roles: BTreeMap::from([(collection, role)]),
    }
}

fn admin() -> Access {
    Access {
        is_admin: true,
        roles: BTreeMap::new(),
    }
}

#[test]
fn who_sees_which_sensitivity() {
    let c = RecordId::random();
    let other = RecordId::random();
    let mut cases: Vec<(String, Access)> = Role::ALL
        .iter()
        .map(|&r| (r.as_str().to_string(), member(c, r)))
        .collect();
    cases.push(("installation admin".into(), admin()));
    cases.push(("non-member".into(), Access::default()));
    cases.push((
        "member elsewhere".into(),
        member(other, Role::Administrator),
    ));

    let mut out = format!("{:<20}public internal restricted confidential | max\n", "");
    for (name, access) in &cases {
        let cells: Vec<String> = SENSITIVITIES
            .iter()
            .zip([6, 8, 10, 12])
            .map(|(&s, w)| {
                let mark = if access.can_see(Some(c), s) { "x" } else { "." };
                format!("{mark:^w$}")
            })
            .collect();
        let max = access
            .max_sensitivity(c)
            .map_or("none".into(), |s| format!("{s:?}"));
        out += &format!("{name:<20}{} | {max}\n", cells.join(" "));
    }
    expect![[r#"
                            public internal restricted confidential | max
        administrator         x       x         x           x       | Confidential
        coordinator           x       x         x           x       | Confidential
        analyst               x       x         x           .       | Restricted
        documentalist         x       x         x           .       | Restricted
        field_researcher      x       x         .           .       | Internal
        viewer                x       x         .           .       | Internal
        installation admin    x       x         x           x       | Confidential
        non-member            .       .         .           .       | none
        member elsewhere      .       .         .           .       | none
    "#]]
    .assert_eq(&out);
}

#[test]
fn what_belongs_to_no_collection_is_for_installation_administrators() {
    let c = RecordId::random();
    let coordinator = member(c, Role::Coordinator);
    assert!(coordinator.can(Some(c), Permission::ManageMembers));
    assert!(!coordinator.can(None, Permission::ReadRecords));
    assert!(!coordinator.can_see(None, Sensitivity::Public));
    assert!(admin().can(None, Permission::ManageVocabularies));
    assert!(admin().can(Some(c), Permission::ManageVocabularies));
    assert!(!coordinator.can(Some(c), Permission::ManageVocabularies));
    assert!(member(c, Role::Administrator).can(Some(c), Permission::ManageVocabularies));
}

#[test]
fn readable_collections_are_the_memberships() {
    let (a, b) = (RecordId::random(), RecordId::random());
    let access = Access {
        is_admin: false,
        roles: BTreeMap::from([(a, Role::Viewer), (b, Role::Analyst)]),
    };
    let mut expected = vec![a, b];
    expected.sort();
    assert_eq!(access.readable_collections(), expected);
    assert!(Access::default().readable_collections().is_empty());
}

// Redaction. The fixtures' values are distinct markers, so the test can look for each in
// the redacted record's JSON and so catch a value that leaks through any field.

const NAME: &str = "Amina Haddad";
const TRANSLITERATION: &str = "Aamina Hadaad";
const BIRTH: &str = "1990-04-02";
const CONTACT: &str = "+000 555 0100";
const ETHNICITY: &str = "highland-valdorian";
const RELIGION: &str = "old-rite";

fn person(collection: RecordId) -> Entity {
    Entity::Person(Person {
        collection,
        names: vec![PersonName {
            transliteration: Some(TRANSLITERATION.into()),
            ..PersonName::primary(NAME)
        }],
        roles: vec![memoria_core::entity::Role::Victim],
        sex: Some("female".into()),
        birth_date: Some(Edtf::parse(BIRTH).unwrap()),
        age: Some(AgeRange::exact(34)),
        group_size: None,
        sensitive: SensitiveAttributes {
            ethnicity: Some(ETHNICITY.into()),
            religion: Some(RELIGION.into()),
            contact: Some(CONTACT.into()),
        },
        sensitivity: Sensitivity::Internal,
    })
}

fn record() -> Entity {
    Entity::Record(Record {
        list: RecordId::random(),
        external_id: Some("V-123".into()),
        name: Some("Karim Nasser".into()),
        given_name: Some("Karim".into()),
        family_name: Some("Nasser".into()),
        sex: Some("male".into()),
        age: Some(AgeRange::exact(41)),
        birth_date: Some(Edtf::parse("1983-11-20").unwrap()),
        date: Some(Edtf::parse("2021-03").unwrap()),
        place: None,
        violation: Some("enforced-disappearance".into()),
        perpetrator: Some("intelligence-services".into()),
        extra: BTreeMap::from([("national_id".into(), "ID-99887766".into())]),
    })
}

/// Which markers survive in the redacted JSON, and what was reported withheld.
fn show(entity: &Entity, access: &Access, collection: RecordId, markers: &[&str]) -> String {
    let (redacted, withheld) = redact(entity, access, Some(collection));
    let json = serde_json::to_string(&redacted).unwrap();
    let visible: Vec<&str> = markers
        .iter()
        .copied()
        .filter(|m| json.contains(m))
        .collect();
    format!(
        "visible [{}] withheld [{}]",
        visible.join(", "),
        withheld.join(", ")
    )
}

fn check_each_role(entity: impl Fn(RecordId) -> Entity, markers: &[&str], expect: Expect) {
    let c = RecordId::random();
    let mut out = String::new();
    for role in Role::ALL {
        out += &format!(
            "{:<17}{}\n",
            role.as_str(),
            show(&entity(c), &member(c, role), c, markers)
        );
    }
    out += &format!(
        "{:<17}{}\n",
        "installation",
        show(&entity(c), &admin(), c, markers)
    );
    out += &format!(
        "{:<17}{}\n",
        "non-member",
        show(&entity(c), &Access::default(), c, markers)
    );
    expect.assert_eq(&out);
}

#[test]
fn redacting_a_person() {
    check_each_role(
        person,
        &[
            NAME,
            TRANSLITERATION,
            BIRTH,
            CONTACT,
            ETHNICITY,
            RELIGION,
            "female",
            "34",
        ],
        expect![[r#"
            administrator    visible [Amina Haddad, Aamina Hadaad, 1990-04-02, +000 555 0100, highland-valdorian, old-rite, female, 34] withheld []
            coordinator      visible [Amina Haddad, Aamina Hadaad, 1990-04-02, +000 555 0100, highland-valdorian, old-rite, female, 34] withheld []
            analyst          visible [Amina Haddad, Aamina Hadaad, 1990-04-02, female, 34] withheld [sensitive.contact, sensitive.ethnicity, sensitive.religion]
            documentalist    visible [Amina Haddad, Aamina Hadaad, 1990-04-02, +000 555 0100, female, 34] withheld [sensitive.ethnicity, sensitive.religion]
            field_researcher visible [Amina Haddad, Aamina Hadaad, 1990-04-02, female, 34] withheld [sensitive.contact, sensitive.ethnicity, sensitive.religion]
            viewer           visible [female, 34] withheld [names, birth_date, sensitive.contact, sensitive.ethnicity, sensitive.religion]
            installation     visible [Amina Haddad, Aamina Hadaad, 1990-04-02, +000 555 0100, highland-valdorian, old-rite, female, 34] withheld []
            non-member       visible [female, 34] withheld [names, birth_date, sensitive.contact, sensitive.ethnicity, sensitive.religion]
        "#]],
    );
}

#[test]
fn redacting_a_list_record() {
    check_each_role(
        |_| record(),
        &[
            "Karim",
            "Nasser",
            "1983-11-20",
            "ID-99887766",
            "national_id",
            "V-123",
            "2021-03",
            "male",
            // What happened and which kind of perpetrator name no one: as readable as
            // the sex.
            "enforced-disappearance",
            "intelligence-services",
        ],
        expect![[r#"
            administrator    visible [Karim, Nasser, 1983-11-20, ID-99887766, national_id, V-123, 2021-03, male, enforced-disappearance, intelligence-services] withheld []
            coordinator      visible [Karim, Nasser, 1983-11-20, ID-99887766, national_id, V-123, 2021-03, male, enforced-disappearance, intelligence-services] withheld []
            analyst          visible [Karim, Nasser, 1983-11-20, ID-99887766, national_id, V-123, 2021-03, male, enforced-disappearance, intelligence-services] withheld []
            documentalist    visible [Karim, Nasser, 1983-11-20, ID-99887766, national_id, V-123, 2021-03, male, enforced-disappearance, intelligence-services] withheld []
            field_researcher visible [Karim, Nasser, 1983-11-20, ID-99887766, national_id, V-123, 2021-03, male, enforced-disappearance, intelligence-services] withheld []
            viewer           visible [V-123, 2021-03, male, enforced-disappearance, intelligence-services] withheld [name, given_name, family_name, birth_date, extra]
            installation     visible [Karim, Nasser, 1983-11-20, ID-99887766, national_id, V-123, 2021-03, male, enforced-disappearance, intelligence-services] withheld []
            non-member       visible [V-123, 2021-03, male, enforced-disappearance, intelligence-services] withheld [name, given_name, family_name, birth_date, extra]
        "#]],
    );
}

/// An evidence item's metadata as `memoria-media` writes it, with a position in EXIF
/// and in XMP.
fn evidence(collection: RecordId) -> Entity {
    Entity::Evidence(Evidence {
        collection,
        incident: RecordId::random(),
        sha256: "ab".repeat(32),
        size: 3138,
        media_type: "image/jpeg".into(),
        file_name: Some("market-square.jpg".into()),
        description: MultiText::single("en", "The square after the arrests"),
        captured_at: Some("2023:05:01 10:22:03".into()),
        metadata: Some(serde_json::json!({
            "media_type": "jpeg",
            "exif": {
                "make": "MemoriaTestCam",
                "captured_at": "2023:05:01 10:22:03",
                "gps": {"lat": 10.5, "lon": -20.25, "alt": 123.5, "time": "2023:05:01 08:22:03"},
            },
            "xmp": {"bytes": 300, "gps_latitude": "10,30.0N", "gps_longitude": "20,15.0W"},
        })),
        stripped_sha256: None,
        confidentiality: Sensitivity::Internal,
    })
}

#[test]
fn redacting_an_evidence_item() {
    check_each_role(
        evidence,
        &[
            "market-square.jpg",
            "The square after",
            "MemoriaTestCam",
            "2023:05:01 10:22:03",
            "10.5",
            "-20.25",
            "08:22:03",
            "10,30.0N",
            "20,15.0W",
        ],
        expect![[r#"
            administrator    visible [market-square.jpg, The square after, MemoriaTestCam, 2023:05:01 10:22:03, 10.5, -20.25, 08:22:03, 10,30.0N, 20,15.0W] withheld []
            coordinator      visible [market-square.jpg, The square after, MemoriaTestCam, 2023:05:01 10:22:03, 10.5, -20.25, 08:22:03, 10,30.0N, 20,15.0W] withheld []
            analyst          visible [market-square.jpg, The square after, MemoriaTestCam, 2023:05:01 10:22:03] withheld [metadata.gps]
            documentalist    visible [market-square.jpg, The square after, MemoriaTestCam, 2023:05:01 10:22:03, 10.5, -20.25, 08:22:03, 10,30.0N, 20,15.0W] withheld []
            field_researcher visible [market-square.jpg, The square after, MemoriaTestCam, 2023:05:01 10:22:03] withheld [metadata.gps]
            viewer           visible [market-square.jpg, The square after, MemoriaTestCam, 2023:05:01 10:22:03] withheld [metadata.gps]
            installation     visible [market-square.jpg, The square after, MemoriaTestCam, 2023:05:01 10:22:03, 10.5, -20.25, 08:22:03, 10,30.0N, 20,15.0W] withheld []
            non-member       visible [market-square.jpg, The square after, MemoriaTestCam, 2023:05:01 10:22:03] withheld [metadata.gps]
        "#]],
    );
}

#[test]
fn a_redacted_person_keeps_everything_else() {
    let c = RecordId::random();
    let original = person(c);
    let (redacted, _) = redact(&original, &member(c, Role::Viewer), Some(c));
    let (Entity::Person(before), Entity::Person(after)) = (&original, &redacted) else {
        panic!("still a person");
    };
    assert!(after.names.is_empty());
    assert_eq!(after.birth_date, None);
    assert!(after.sensitive.is_empty());
    assert_eq!(after.collection, before.collection);
    assert_eq!(after.roles, before.roles);
    assert_eq!(after.sex, before.sex);
    assert_eq!(after.age, before.age);
    assert_eq!(after.sensitivity, before.sensitivity);
}

#[test]
fn a_person_is_judged_by_its_own_collection() {
    let (mine, theirs) = (RecordId::random(), RecordId::random());
    let access = member(mine, Role::Coordinator);
    // The caller passes the wrong collection; the person's own one decides.
    let (_, withheld) = redact(&person(theirs), &access, Some(mine));
    assert!(withheld.contains(&"names"));
    let (_, withheld) = redact(&person(mine), &access, Some(theirs));
    assert!(withheld.is_empty());
}

#[test]
fn claims_on_withheld_fields_are_withheld() {
    let c = RecordId::random();
    let claim = |field: &str| {
        Entity::Claim(Claim {
            source: RecordId::random(),
            subject: RecordId::random(),
            field: field.into(),
            value: "the value".into(),
            preferred: true,
            note: Some("the note".into()),
        })
    };
    let mut out = String::new();
    for field in [
        "age",
        "date",
        "names",
        "birth_date",
        "extra.national_id",
        "sensitive.contact",
        "sensitive.religion",
        "sensitive",
    ] {
        out += &format!("{field:<19}");
        for role in [
            Role::Coordinator,
            Role::Documentalist,
            Role::Analyst,
            Role::Viewer,
        ] {
            let (redacted, withheld) = redact(&claim(field), &member(c, role), Some(c));
            let json = serde_json::to_string(&redacted).unwrap();
            let shown = json.contains("the value") && json.contains("the note");
            assert_eq!(shown, withheld.is_empty(), "{field} {role}");
            out += &format!(
                " {}:{}",
                role.as_str(),
                if shown { "shown" } else { "withheld" }
            );
        }
        out += "\n";
    }
    expect![[r#"
        age                 coordinator:shown documentalist:shown analyst:shown viewer:shown
        date                coordinator:shown documentalist:shown analyst:shown viewer:shown
        names               coordinator:shown documentalist:shown analyst:shown viewer:withheld
        birth_date          coordinator:shown documentalist:shown analyst:shown viewer:withheld
        extra.national_id   coordinator:shown documentalist:shown analyst:shown viewer:withheld
        sensitive.contact   coordinator:shown documentalist:shown analyst:withheld viewer:withheld
        sensitive.religion  coordinator:shown documentalist:withheld analyst:withheld viewer:withheld
        sensitive           coordinator:shown documentalist:withheld analyst:withheld viewer:withheld
    "#]]
    .assert_eq(&out);
}

#[test]
fn other_kinds_are_unchanged() {
    let c = RecordId::random();
    let incident = Entity::Incident(Incident {
        collection: c,
        title: MultiText::default(),
        narrative: MultiText::default(),
        public_narrative: memoria_core::text::MultiText::new(),
        date: None,
        place: None,
        point: None,
        status: Status::Draft,
        confidentiality: Sensitivity::Internal,
        external_id: Some("I-1".into()),
    });
    let (redacted, withheld) = redact(&incident, &member(c, Role::Viewer), Some(c));
    assert_eq!(redacted, incident);
    assert!(withheld.is_empty());
}
