//! A small collection to publish without a store, for the browser tests: Valdoria's six
//! regions (the demonstration boundaries draw them), a district in each, and thirty
//! verified or closed incidents with acts, victims and perpetrator kinds. One victim
//! consented to be named; the others must not be.
//!
//! Titles are made of a few words on purpose: `tannery` is in exactly three of them,
//! so the search has something definite to find. Ids are counted rather than random,
//! so the same fixture gives the same site.

use std::collections::BTreeMap;

use memoria_core::edtf::Edtf;
use memoria_core::entity::{
    Act, AgeRange, Collection, Incident, Perpetrator, Person, PersonName, Place, PublicationPolicy,
    Role, Sensitivity, Source, SourceList, Status,
};
use memoria_core::grade::{Credibility, Reliability};
use memoria_core::id::RecordId;
use memoria_core::place::PlaceLevel;
use memoria_core::publication::{Consent, ConsentGiver, ConsentRecording, ConsentUse, Rule};
use memoria_core::text::MultiText;
use memoria_publish::{Dated, Snapshot};

/// The word three titles share, and how many.
pub const SEARCHED: &str = "tannery";
pub const SEARCHED_COUNT: usize = 3;

/// The consented victim's name, which the site shows, and a name it must not show.
pub const NAMED_VICTIM: &str = "Ilvana Dostrey";
pub const UNNAMED_VICTIM: &str = "Berrin Talvacek";

/// The regions: ISO code as the boundaries hold it, English and Arabic name, district.
const REGIONS: [(&str, &str, &str, &str); 6] = [
    ("XV-01", "Capital Region", "منطقة العاصمة", "Old Harbour"),
    ("XV-02", "Sierra Alta", "", "Puerto Frío"),
    ("XV-03", "Costa Serena", "", "Las Brisas"),
    ("XV-04", "Wadi Zahrun", "وادي زهرون", "Ain Sabra"),
    ("XV-05", "Upper Ormelle", "", "Ostrel"),
    ("XV-06", "Nyasoro", "", "Kivani"),
];

/// What happened, by incident: the title's start, the violation, the perpetrator kind.
const KINDS: [(&str, &str, &str); 6] = [
    ("Night arrests at the", "arbitrary-detention", "police"),
    (
        "Beatings in custody after a raid on the",
        "torture",
        "security-forces",
    ),
    (
        "Disappearance of a worker from the",
        "enforced-disappearance",
        "unidentified",
    ),
    ("Shots fired at a protest near the", "killing", "military"),
    (
        "Houses burned beside the",
        "destruction-of-property",
        "paramilitary",
    ),
    (
        "Threats against teachers at the",
        "death-threat",
        "unidentified",
    ),
];

/// Where, in the titles: each site comes back every tenth incident, so `tannery` is in
/// three titles, each in another region.
const SITES: [&str; 10] = [
    "grain market",
    "tannery",
    "river crossing",
    "bus station",
    "textile mill",
    "brick works",
    "clinic",
    "old school",
    "saw mill",
    "fishing port",
];

const VICTIMS: [&str; 8] = [
    NAMED_VICTIM,
    UNNAMED_VICTIM,
    "Cosmin Arvelle",
    "Dunya Haskari",
    "Emeric Volantis",
    "Farida Quennell",
    "Gaspard Miroslev",
    "Hessa Ondrabet",
];

pub fn snapshot() -> Snapshot {
    let mut next = 0u8;
    let mut id = || {
        next += 1;
        RecordId::from_random_bytes([next; 16])
    };
    let collection_id = id();
    let collection = Collection {
        name: "browser-fixture".into(),
        title: MultiText::single("en", "Valdoria Documentation Project")
            .with("ar", "مشروع توثيق فالدوريا"),
        description: MultiText::single(
            "en",
            "Violations documented in Valdoria's six regions, published for the public.",
        ),
    };
    let mut places = BTreeMap::new();
    let country = id();
    places.insert(
        country,
        place(
            collection_id,
            "Valdoria",
            "",
            PlaceLevel::Country,
            None,
            Some("XV"),
        ),
    );
    let mut districts = Vec::new();
    for (code, en, ar, district) in REGIONS {
        let region = id();
        places.insert(
            region,
            place(
                collection_id,
                en,
                ar,
                PlaceLevel::Region,
                Some(country),
                Some(code),
            ),
        );
        let d = id();
        places.insert(
            d,
            place(
                collection_id,
                district,
                "",
                PlaceLevel::District,
                Some(region),
                None,
            ),
        );
        districts.push(d);
    }

    let mut persons = BTreeMap::new();
    let victims: Vec<RecordId> = VICTIMS
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let v = id();
            persons.insert(
                v,
                Person {
                    collection: collection_id,
                    names: vec![PersonName::primary(*name)],
                    roles: vec![Role::Victim],
                    sex: Some(if i % 2 == 0 { "female" } else { "male" }.into()),
                    birth_date: None,
                    age: Some(AgeRange::exact(24 + i as u16 * 5)),
                    group_size: None,
                    sensitive: Default::default(),
                    sensitivity: Sensitivity::Internal,
                },
            );
            v
        })
        .collect();
    // A group victim, counted as its size.
    let villagers = id();
    persons.insert(
        villagers,
        Person {
            collection: collection_id,
            names: Vec::new(),
            roles: vec![Role::Victim],
            sex: None,
            birth_date: None,
            age: None,
            group_size: Some(12),
            sensitive: Default::default(),
            sensitivity: Sensitivity::Internal,
        },
    );

    let mut incidents = Vec::new();
    let mut acts = Vec::new();
    for n in 0..30usize {
        let incident = id();
        let (start, violation, kind) = KINDS[n % KINDS.len()];
        let site = SITES[n % SITES.len()];
        let district = districts[n % districts.len()];
        let district_name = places[&district].name.best("en").unwrap().to_string();
        let mut title = MultiText::single("en", format!("{start} {site} in {district_name}"));
        if n == 0 {
            title = title.with("ar", "اعتقالات ليلية في سوق الحبوب");
        }
        let day = format!("{}-{:02}-{:02}", 2019 + n % 5, 1 + n % 12, 1 + n % 28);
        incidents.push(Dated {
            id: incident,
            record: Incident {
                collection: collection_id,
                title,
                narrative: MultiText::single("en", "Working notes, never published."),
                public_narrative: MultiText::single(
                    "en",
                    "Residents reported the events to the project's field team.",
                ),
                date: Some(Edtf::parse(&day).unwrap()),
                place: Some(district),
                point: None,
                status: if n % 3 == 0 {
                    Status::Closed
                } else {
                    Status::Verified
                },
                confidentiality: Sensitivity::Internal,
                external_id: None,
            },
            updated: format!("2024-02-{:02}T10:00:00Z", 1 + n % 28),
        });
        let mut victims_here = vec![victims[n % victims.len()]];
        if n % 4 == 1 {
            victims_here.push(victims[(n + 3) % victims.len()]);
        }
        if n % 10 == 4 {
            victims_here.push(villagers);
        }
        acts.push((
            id(),
            Act {
                incident,
                violation: violation.into(),
                victims: victims_here,
                perpetrators: vec![Perpetrator {
                    person: None,
                    organization: None,
                    kind: Some(kind.into()),
                }],
                date: None,
                place: None,
                method: None,
                rights_violated: Vec::new(),
            },
        ));
    }

    let mut policy = PublicationPolicy::new(collection_id);
    policy.boundaries = Some(memoria_demo::boundaries_geojson());
    policy
        .rules
        .insert("incident.narrative".into(), Rule::Publish);
    let consent = Consent {
        collection: collection_id,
        person: victims[0],
        uses: vec![ConsentUse::Publication],
        given_by: ConsentGiver::Person,
        given_on: Edtf::parse("2023-05-02").unwrap(),
        recorded: ConsentRecording::Written,
        withdrawn_on: None,
        note: None,
        sensitivity: Sensitivity::Internal,
    };
    let list = SourceList {
        collection: collection_id,
        name: "Field team interviews".into(),
        description: MultiText::single("en", "Interviews by the project's field team."),
        source: None,
    };
    let source = Source {
        collection: collection_id,
        title: MultiText::single("en", "Interview with a resident"),
        kind: Some("witness-testimony".into()),
        reliability: Reliability::B,
        credibility: Credibility::new(2).unwrap(),
        date: None,
        informant: None,
        reference: None,
        sensitivity: Sensitivity::Internal,
    };

    Snapshot {
        collection_id,
        collection,
        policy,
        incidents,
        acts,
        persons,
        organizations: BTreeMap::new(),
        places,
        sources: vec![(id(), source)],
        consents: vec![(id(), consent)],
        interventions: Vec::new(),
        evidence: Vec::new(),
        source_lists: vec![(id(), list, 30)],
        vocabularies: memoria_core::vocab::defaults(),
        previous: None,
        estimates: Vec::new(),
        stripped_copies: BTreeMap::new(),
        as_of: "2024-02-28T10:00:00Z".into(),
    }
}

fn place(
    collection: RecordId,
    en: &str,
    ar: &str,
    level: PlaceLevel,
    parent: Option<RecordId>,
    iso_code: Option<&str>,
) -> Place {
    let mut name = MultiText::single("en", en);
    if !ar.is_empty() {
        name = name.with("ar", ar);
    }
    Place {
        collection,
        name,
        level,
        parent,
        iso_code: iso_code.map(str::to_string),
        point: None,
    }
}
