//! A small collection with planted sensitive values: each must never leave, whatever
//! page, index, table or file of the publication one looks in.
//!
//! Every name and value here is invented for the tests.

use std::collections::BTreeMap;

use memoria_core::edtf::Edtf;
use memoria_core::entity::{
    Act, Collection, Evidence, Incident, NameUse, Perpetrator, Person, PersonName, Place, Role,
    SensitiveAttributes, Sensitivity, Source, Status,
};
use memoria_core::grade::{Credibility, Reliability};
use memoria_core::id::RecordId;
use memoria_core::place::{GeoPoint, PlaceLevel};
use memoria_core::publication::{
    Consent, ConsentGiver, ConsentRecording, ConsentUse, PublicationPolicy, Rule,
};
use memoria_core::text::MultiText;
use memoria_publish::{Dated, Snapshot};
use sha2::{Digest, Sha256};

/// Values that must appear nowhere in the output.
pub const PLANTED: &[&str] = &[
    // A witness's name and phone number.
    "Zaynab Quillfeather",
    "+999 555 0142",
    // A victim without consent, and one whose consent was withdrawn.
    "Brennock Vasterling",
    "Cassiel Oddmarrow",
    // An individual perpetrator (withheld by default).
    "Colonel Dravik Stenholm",
    // An exact GPS point.
    "-29.123456",
    "-22.654321",
    // The village a coarsened place hides.
    "Qaryat Sirriya",
    // The working narrative, a source's reference, an evidence file's name.
    "told us in confidence",
    "TAPE-0042-SECRET",
    "quillfeather-testimony.jpg",
    // The exact day of a restricted incident.
    "2020-05-17",
    // What the camera wrote into the photo: its maker, owner and serial number.
    "MemoriaTestCam",
    "Jane Fixture",
    "SN-0001",
    // Records the policy does not publish at all.
    "Confidential Planted Event",
    "Draft Planted Event",
];

/// The name that was consented to, which must appear.
pub const CONSENTED: &str = "Amara Okonkwo-Lind";
pub const WITHDRAWN: &str = "Cassiel Oddmarrow";

fn id(n: u128) -> RecordId {
    format!("00000000-0000-4000-8000-{n:012}").parse().unwrap()
}

fn en(text: &str) -> MultiText {
    MultiText::single("en", text)
}

fn person(name: &str, roles: Vec<Role>) -> Person {
    Person {
        collection: collection(),
        names: vec![PersonName {
            text: name.to_string(),
            script: Some("Latn".into()),
            transliteration: None,
            usage: NameUse::Primary,
        }],
        roles,
        sex: Some("female".into()),
        birth_date: None,
        age: Some(memoria_core::entity::AgeRange::exact(34)),
        group_size: None,
        sensitive: SensitiveAttributes::default(),
        sensitivity: Sensitivity::Internal,
    }
}

fn collection() -> RecordId {
    id(1)
}

fn incident(title: &str, place: RecordId, date: &str) -> Incident {
    Incident {
        collection: collection(),
        title: en(title),
        narrative: MultiText::new(),
        public_narrative: MultiText::new(),
        date: Some(Edtf::parse(date).unwrap()),
        place: Some(place),
        point: None,
        status: Status::Verified,
        confidentiality: Sensitivity::Internal,
        external_id: None,
    }
}

fn act(incident: RecordId, violation: &str, victims: Vec<RecordId>) -> Act {
    Act {
        incident,
        violation: violation.to_string(),
        victims,
        perpetrators: vec![Perpetrator {
            person: None,
            organization: None,
            kind: Some("police".into()),
        }],
        date: None,
        place: None,
        method: None,
        rights_violated: Vec::new(),
    }
}

/// The stripped copy of the memoria-media photo fixture (which carries GPS, a camera
/// maker, an owner and a serial number).
pub fn photo() -> (Vec<u8>, Vec<u8>) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../memoria-media/tests/data/photo.jpg");
    let original = std::fs::read(path).unwrap();
    let stripped = memoria_media::strip(&original).unwrap().bytes;
    (original, stripped)
}

fn hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The planted collection. `withdrawn` says whether the third victim's consent has been
/// withdrawn yet.
pub fn snapshot(withdrawn: bool) -> Snapshot {
    let country = id(10);
    let north = id(11);
    let south = id(12);
    let district = id(13);
    let small = id(14);
    let village = id(15);
    let place = |name: &str, level, parent: Option<RecordId>, iso: Option<&str>| Place {
        collection: collection(),
        name: en(name),
        level,
        parent,
        iso_code: iso.map(str::to_string),
        point: None,
    };
    let places = BTreeMap::from([
        (
            country,
            place(
                "Republic of Testland",
                PlaceLevel::Country,
                None,
                Some("XV"),
            ),
        ),
        (
            north,
            place(
                "Northern Region",
                PlaceLevel::Region,
                Some(country),
                Some("XV-01"),
            ),
        ),
        (
            south,
            place(
                "Southern Region",
                PlaceLevel::Region,
                Some(country),
                Some("XV-02"),
            ),
        ),
        (
            district,
            place("Harbour District", PlaceLevel::District, Some(north), None),
        ),
        (
            small,
            place("Lonely District", PlaceLevel::District, Some(south), None),
        ),
        (
            village,
            place("Qaryat Sirriya", PlaceLevel::Locality, Some(district), None),
        ),
    ]);

    let witness = id(20);
    let consented = id(21);
    let unconsented = id(22);
    let withdrawing = id(23);
    let perpetrator = id(24);
    let mut persons = BTreeMap::new();
    let mut w = person("Zaynab Quillfeather", vec![Role::Witness]);
    w.sensitive.contact = Some("+999 555 0142".into());
    persons.insert(witness, w);
    persons.insert(consented, person(CONSENTED, vec![Role::Victim]));
    persons.insert(
        unconsented,
        person("Brennock Vasterling", vec![Role::Victim]),
    );
    persons.insert(withdrawing, person(WITHDRAWN, vec![Role::Victim]));
    persons.insert(
        perpetrator,
        person("Colonel Dravik Stenholm", vec![Role::Perpetrator]),
    );

    let mut incidents = Vec::new();
    let mut acts = Vec::new();
    let dated = |i: RecordId, inc: Incident| Dated {
        id: i,
        updated: format!(
            "2025-01-{:02}T10:00:00Z",
            inc.title.best("en").map_or(0, str::len) % 28 + 1
        ),
        record: inc,
    };
    // The raid in the village: a point, a working narrative, a public one, and the
    // named victims.
    let raid = id(100);
    let mut r = incident("Raid in Qaryat Sirriya", village, "2019-03-05");
    r.point = Some(GeoPoint {
        lat: -29.123456,
        lon: -22.654321,
        precision_m: Some(10.0),
    });
    r.narrative = en("The witness told us in confidence that the raid began at dawn.");
    r.public_narrative = en("Security forces raided several homes at dawn.");
    incidents.push(dated(raid, r));
    let mut a = act(
        raid,
        "arbitrary-detention",
        vec![consented, unconsented, withdrawing],
    );
    a.perpetrators.push(Perpetrator {
        person: Some(perpetrator),
        organization: None,
        kind: Some("military".into()),
    });
    acts.push((id(1000), a));
    // A title that names a victim who may not be named.
    let arrest = id(101);
    incidents.push(dated(
        arrest,
        incident("Arrest of Brennock Vasterling", district, "2019-04"),
    ));
    acts.push((
        id(1001),
        act(arrest, "arbitrary-detention", vec![unconsented]),
    ));
    // A restricted incident with an exact day.
    let restricted = id(102);
    let mut rs = incident("Beating at the harbour checkpoint", district, "2020-05-17");
    rs.confidentiality = Sensitivity::Restricted;
    incidents.push(dated(restricted, rs));
    // Many anonymous victims in the north, so that its counts are shown…
    for n in 0..40u128 {
        let v = id(300 + n);
        let mut p = person("", vec![Role::Victim]);
        p.names.clear();
        persons.insert(v, p);
        let i = id(400 + n);
        incidents.push(dated(
            i,
            incident(
                &format!("Detention number {n}"),
                district,
                &format!("{}", 2018 + n % 4),
            ),
        ));
        acts.push((
            id(2000 + n),
            act(
                i,
                if n % 2 == 0 {
                    "torture"
                } else {
                    "arbitrary-detention"
                },
                vec![v],
            ),
        ));
    }
    // …and three in a small district in the south: a count of 3 that must be hidden.
    for n in 0..3u128 {
        let v = id(500 + n);
        let mut p = person("", vec![Role::Victim]);
        p.names.clear();
        persons.insert(v, p);
        let i = id(600 + n);
        incidents.push(dated(
            i,
            incident(&format!("Killing number {n}"), small, "2021"),
        ));
        acts.push((id(3000 + n), act(i, "killing", vec![v])));
    }
    // Incidents the policy does not publish.
    let mut c = incident("Confidential Planted Event", district, "2019");
    c.confidentiality = Sensitivity::Confidential;
    incidents.push(dated(id(700), c));
    let mut d = incident("Draft Planted Event", district, "2019");
    d.status = Status::Draft;
    incidents.push(dated(id(701), d));

    let consent = |person: RecordId, withdrawn_on: Option<&str>| Consent {
        collection: collection(),
        person,
        uses: vec![ConsentUse::Publication],
        given_by: ConsentGiver::Person,
        given_on: Edtf::parse("2024-02-01").unwrap(),
        recorded: ConsentRecording::Written,
        withdrawn_on: withdrawn_on.map(|d| Edtf::parse(d).unwrap()),
        note: Some("Form kept in the Harbour office safe".into()),
        sensitivity: Sensitivity::Internal,
    };
    let consents = vec![
        (id(800), consent(consented, None)),
        (
            id(801),
            consent(withdrawing, withdrawn.then_some("2025-06-01")),
        ),
    ];

    let (_, stripped) = photo();
    let stripped_sha = hex(&stripped);
    let evidence = vec![(
        id(900),
        Evidence {
            collection: collection(),
            incident: raid,
            sha256: "0".repeat(64),
            size: 1,
            media_type: "image/jpeg".into(),
            file_name: Some("quillfeather-testimony.jpg".into()),
            description: en("Damage to the door"),
            captured_at: None,
            metadata: None,
            stripped_sha256: Some(stripped_sha.clone()),
            confidentiality: Sensitivity::Internal,
        },
    )];

    let mut policy = PublicationPolicy::new(collection());
    policy.rules.insert("evidence".into(), Rule::Publish);
    // Narratives are withheld unless the policy says so; then only the public one.
    policy
        .rules
        .insert("incident.narrative".into(), Rule::Publish);
    policy.boundaries = Some(memoria_demo::boundaries_geojson());

    Snapshot {
        collection_id: collection(),
        collection: Collection {
            name: "planted".into(),
            title: en("Planted test collection"),
            description: MultiText::new(),
        },
        policy,
        incidents,
        acts,
        persons,
        organizations: BTreeMap::new(),
        places,
        sources: vec![(
            id(950),
            Source {
                collection: collection(),
                title: en("Interview with a witness"),
                kind: Some("testimony".into()),
                reliability: Reliability::B,
                credibility: Credibility::new(2).unwrap(),
                date: None,
                informant: Some(witness),
                reference: Some("TAPE-0042-SECRET".into()),
                sensitivity: Sensitivity::Restricted,
            },
        )],
        consents,
        interventions: Vec::new(),
        evidence,
        source_lists: Vec::new(),
        vocabularies: memoria_core::vocab::defaults(),
        previous: None,
        estimates: Vec::new(),
        stripped_copies: BTreeMap::from([(stripped_sha, stripped)]),
        as_of: "2025-02-01T00:00:00Z".into(),
    }
}
