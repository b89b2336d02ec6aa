//! Turning one incident's plan into records, one kind per pass.
//!
//! Each function emits the records of one kind for one incident, drawing whatever only
//! that kind needs (wording, sensitivity, which claims conflict) from the incident's
//! stream for that pass, so that the passes can run in any order and still agree.

use memoria_core::entity::{
    Act, AgeRange, Claim, Incident, Intervention, NameUse, Perpetrator, Person, PersonName, Role,
    SensitiveAttributes, Sensitivity, Source, Status,
};
use memoria_core::place::GeoPoint;
use memoria_core::text::MultiText;
use memoria_core::{Entity, RecordId};
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use crate::names::{Name, Tradition};
use crate::plan::{
    AgeForm, DateForm, PlaceKnown, Plan, SourceKind, Template, Victim, VictimKind, Violation,
    date_text, day,
};
use crate::rng::{chance, new_id, pick, weighted};
use crate::text;
use crate::world::{Force, Lang, World, edtf, round};

type Sink<'a> = &'a mut dyn FnMut(RecordId, Entity);

/// The day the demonstration data were "exported": interventions are open or closed as
/// of then. Fixed, since the generator reads no clock.
fn as_of() -> i64 {
    memoria_core::edtf::Day::new(2023, 6, 30)
        .expect("a valid day")
        .to_days()
}

fn person_names(name: &Name, rng: &mut ChaCha8Rng) -> Vec<PersonName> {
    let latin = name.full();
    let mut names = Vec::with_capacity(2);
    match name.arabic().filter(|_| name.arabic_script) {
        Some(arabic) => names.push(PersonName {
            text: arabic,
            script: Some("Arab".to_string()),
            transliteration: Some(latin),
            usage: NameUse::Primary,
        }),
        None => names.push(PersonName {
            text: latin,
            script: Some("Latn".to_string()),
            transliteration: None,
            usage: NameUse::Primary,
        }),
    }
    if chance(rng, 0.12)
        && let Some(kunya) = name.kunya(rng)
    {
        names.push(PersonName {
            text: kunya,
            script: Some("Latn".to_string()),
            transliteration: None,
            usage: NameUse::Alias,
        });
    }
    names
}

/// A community label for the sensitive `ethnicity` attribute: fictional, like the rest.
fn community(t: Tradition) -> &'static str {
    match t {
        Tradition::Spanish => "Serrano",
        Tradition::Arabic => "Zahrani",
        Tradition::French => "Ormellois",
        Tradition::EastAfrican => "Nyasoran",
        Tradition::Slavic => "Vlasan",
    }
}

fn age_range(v: &Victim) -> Option<AgeRange> {
    match v.age_form {
        AgeForm::Exact => Some(AgeRange::exact(u16::from(v.age))),
        AgeForm::Range(lo, hi) => Some(AgeRange {
            min: u16::from(lo),
            max: u16::from(hi),
        }),
        AgeForm::Unknown => None,
    }
}

/// Victims and witnesses of the incident.
pub(crate) fn persons(world: &World, plan: &Plan, rng: &mut ChaCha8Rng, emit: Sink<'_>) {
    let testifies = |i: usize| {
        plan.sources
            .iter()
            .any(|s| s.kind == SourceKind::VictimTestimony(i as u8))
    };
    let sexual_violence = plan.has(Violation::SexualViolence);
    for (i, v) in plan.victims.iter().enumerate() {
        let mut roles = vec![Role::Victim];
        if testifies(i) {
            roles.push(Role::Source);
        }
        let mut sensitive = SensitiveAttributes::default();
        let (names, birth_date) = match &v.kind {
            VictimKind::Named(n) => {
                if chance(rng, 0.15) {
                    sensitive.ethnicity = Some(community(n.tradition).to_string());
                }
                (person_names(n, rng), birth_date(rng, plan, v))
            }
            VictimKind::Unidentified => (Vec::new(), None),
            VictimKind::Group(_) => {
                let place = &world.localities[plan.locality].name;
                let label = match plan.template {
                    Template::ProtestArrests => format!("Other protesters detained in {place}"),
                    _ => format!("Residents of {place}"),
                };
                (vec![PersonName::primary(label)], None)
            }
        };
        let sensitivity = if sexual_violence && !matches!(v.kind, VictimKind::Group(_)) {
            Sensitivity::Confidential
        } else {
            weighted(
                rng,
                &[
                    (Sensitivity::Internal, 35),
                    (Sensitivity::Restricted, 55),
                    (Sensitivity::Confidential, 10),
                ],
            )
        };
        emit(
            v.id,
            Entity::Person(Person {
                collection: world.collection,
                names,
                roles,
                sex: match v.kind {
                    VictimKind::Group(_) => None,
                    _ => Some(v.sex.code().to_string()),
                },
                birth_date,
                age: age_range(v),
                group_size: match v.kind {
                    VictimKind::Group(n) => Some(n),
                    _ => None,
                },
                sensitive,
                sensitivity,
            }),
        );
    }
    for w in &plan.witnesses {
        let mut sensitive = SensitiveAttributes::default();
        if chance(rng, 0.3) {
            sensitive.contact = Some(format!(
                "Through the field office in {}",
                world.districts[plan.district].name
            ));
        }
        emit(
            w.id,
            Entity::Person(Person {
                collection: world.collection,
                names: person_names(&w.name, rng),
                roles: vec![Role::Witness, Role::Source],
                sex: Some(if w.name.female { "female" } else { "male" }.to_string()),
                birth_date: None,
                age: None,
                group_size: None,
                sensitive,
                sensitivity: Sensitivity::Confidential,
            }),
        );
    }
}

/// A birth date consistent with the true age on the day of the incident, for some.
fn birth_date(rng: &mut ChaCha8Rng, plan: &Plan, v: &Victim) -> Option<memoria_core::Edtf> {
    if v.age_form != AgeForm::Exact || !chance(rng, 0.2) {
        return None;
    }
    let on = day(plan.day);
    let (m, d) = (rng.random_range(1..=12u8), rng.random_range(1..=28u8));
    let after_incident = (m, d) > (on.month, on.day);
    let year = on.year - i32::from(v.age) - i32::from(after_incident);
    let text = if chance(rng, 0.6) {
        format!("{year:04}")
    } else {
        format!("{year:04}-{m:02}-{d:02}")
    };
    Some(edtf(&text))
}

/// The incident's own sources.
pub(crate) fn sources(world: &World, plan: &Plan, rng: &mut ChaCha8Rng, emit: Sink<'_>) {
    let district = world.districts[plan.district].name;
    for (k, s) in plan.sources.iter().enumerate() {
        let when = day(plan.day + s.delay);
        let date = format!("{when}");
        let (title, informant, reference, sensitivity) = match s.kind {
            SourceKind::VictimTestimony(v) => (
                format!("Interview with a survivor, {district} ({date})"),
                Some(plan.victims[usize::from(v)].id),
                Some(format!("INT-{}-{:06}-{k}", when.year, plan.index)),
                Sensitivity::Confidential,
            ),
            SourceKind::RelativeTestimony(w) | SourceKind::WitnessTestimony(w) => {
                let wit = &plan.witnesses[usize::from(w)];
                (
                    format!("Interview with {}, {district} ({date})", wit.relation.en()),
                    Some(wit.id),
                    Some(format!("INT-{}-{:06}-{k}", when.year, plan.index)),
                    if wit.relation.is_relative() {
                        Sensitivity::Restricted
                    } else {
                        Sensitivity::Confidential
                    },
                )
            }
            SourceKind::Media(o) => {
                let outlet = text::OUTLETS[usize::from(o)].0;
                (
                    format!("{outlet}: “{}”", text::headline(plan, world)),
                    None,
                    Some(format!("{outlet}, {date}")),
                    Sensitivity::Public,
                )
            }
            SourceKind::OfficialStatement => {
                let by = match plan.force {
                    Some(Force::Military) => "Ministry of Defence",
                    Some(Force::Paramilitary | Force::Armed) | None => "Office of the Governor",
                    _ => "Ministry of the Interior",
                };
                (
                    format!("{by}: statement on the events in {district}"),
                    None,
                    Some(format!(
                        "Communiqué {}/{:04}",
                        when.year,
                        rng.random_range(1..900)
                    )),
                    Sensitivity::Internal,
                )
            }
            SourceKind::CourtRecord => (
                if plan.has(Violation::Disappearance) {
                    format!("Habeas corpus petition, {district} District Court")
                } else {
                    format!("Court file: detention hearing, {district} District Court")
                },
                None,
                Some(format!(
                    "Case {}/{:05}",
                    when.year,
                    rng.random_range(1..40_000)
                )),
                Sensitivity::Restricted,
            ),
            SourceKind::MedicalRecord => (
                "Medical examination report after release".to_string(),
                None,
                None,
                Sensitivity::Confidential,
            ),
            SourceKind::ForensicReport => (
                format!("Autopsy report, {district} forensic service"),
                None,
                Some(format!(
                    "FOR-{}-{:04}",
                    when.year,
                    rng.random_range(1..3000)
                )),
                Sensitivity::Restricted,
            ),
        };
        emit(
            s.id,
            Entity::Source(Source {
                collection: world.collection,
                title: MultiText::single("en", title),
                kind: Some(s.kind.code().to_string()),
                reliability: s.reliability,
                credibility: crate::world::credibility(s.credibility),
                date: Some(edtf(&date)),
                informant,
                reference,
                sensitivity,
            }),
        );
    }
}

/// The incident record itself.
pub(crate) fn incident(world: &World, plan: &Plan, rng: &mut ChaCha8Rng, emit: Sink<'_>) {
    let mut title = MultiText::single("en", text::title_en(plan, world, rng));
    let mut narrative = MultiText::single("en", text::narrative_en(plan, world, rng));
    match world.region_lang(plan.region) {
        Lang::Es if chance(rng, if plan.region == 0 { 0.25 } else { 0.35 }) => {
            title = title.with("es", text::title_es(plan, world));
            narrative = narrative.with("es", text::narrative_es(plan, world));
        }
        Lang::Fr if chance(rng, 0.5) => {
            title = title.with("fr", text::title_fr(plan, world));
            narrative = narrative.with("fr", text::narrative_fr(plan, world));
        }
        Lang::Ar if chance(rng, 0.15) => {
            if let Some(t) = text::title_ar(plan, world) {
                narrative = narrative.with("ar", text::narrative_ar(&t));
                title = title.with("ar", t);
            }
        }
        _ => {}
    }
    let status = match plan.year {
        ..=2018 => weighted(
            rng,
            &[
                (Status::Closed, 25),
                (Status::Verified, 45),
                (Status::UnderReview, 20),
                (Status::Draft, 10),
            ],
        ),
        2019..=2020 => weighted(
            rng,
            &[
                (Status::Closed, 15),
                (Status::Verified, 40),
                (Status::UnderReview, 30),
                (Status::Draft, 15),
            ],
        ),
        _ => weighted(
            rng,
            &[
                (Status::Closed, 5),
                (Status::Verified, 25),
                (Status::UnderReview, 40),
                (Status::Draft, 30),
            ],
        ),
    };
    let confidentiality = if plan.template == Template::CustodySexualViolence
        || plan.has(Violation::SexualViolence)
    {
        weighted(
            rng,
            &[
                (Sensitivity::Confidential, 60),
                (Sensitivity::Restricted, 40),
            ],
        )
    } else {
        let public = if matches!(status, Status::Verified | Status::Closed) {
            30
        } else {
            0
        };
        weighted(
            rng,
            &[
                (Sensitivity::Public, public),
                (Sensitivity::Internal, 50),
                (Sensitivity::Restricted, 20),
                (Sensitivity::Confidential, 4),
            ],
        )
    };
    // Some incidents pinpointed by a field researcher's GPS, to tens of metres.
    let point = (plan.place_known == PlaceKnown::Locality && chance(rng, 0.25)).then(|| {
        let l = &world.localities[plan.locality];
        GeoPoint {
            lat: round(l.lat + rng.random_range(-0.02..0.02), 5),
            lon: round(l.lon + rng.random_range(-0.02..0.02), 5),
            precision_m: Some(f64::from(rng.random_range(1..=25u32) * 10)),
        }
    });
    let external_id = chance(rng, 0.3).then(|| {
        format!(
            "FR-{}-{}-{:05}",
            &world.districts[plan.district].name[..3].to_uppercase(),
            plan.year,
            plan.index
        )
    });
    emit(
        plan.id,
        Entity::Incident(Incident {
            collection: world.collection,
            title,
            narrative,
            public_narrative: MultiText::new(),
            date: Some(edtf(&plan.date())),
            place: plan.place_id(world),
            point,
            status,
            confidentiality,
            external_id,
        }),
    );
}

/// The acts of the incident.
pub(crate) fn acts(world: &World, plan: &Plan, rng: &mut ChaCha8Rng, emit: Sink<'_>) {
    for a in &plan.acts {
        let perpetrators = plan
            .perps
            .iter()
            .map(|p| Perpetrator {
                person: p.officer.map(|o| world.officers[o].id),
                organization: p.org.map(|o| world.orgs[o].id),
                kind: Some(
                    p.force
                        .map_or("unidentified", Force::perpetrator_type)
                        .to_string(),
                ),
            })
            .collect();
        let method = match a.violation {
            Violation::Execution | Violation::CivilianKilling => Some(if chance(rng, 0.85) {
                "firearm"
            } else {
                "unknown"
            }),
            Violation::Torture => Some(*pick(
                rng,
                &[
                    "beating",
                    "stress-positions",
                    "sleep-deprivation",
                    "psychological-violence",
                ],
            )),
            Violation::IllTreatment => Some(*pick(rng, &["beating", "psychological-violence"])),
            Violation::Detention if chance(rng, 0.15) => Some("solitary-confinement"),
            _ => None,
        };
        let mut rights: Vec<String> = a.violation.rights().iter().map(|r| r.to_string()).collect();
        if plan.template == Template::ProtestArrests && a.violation == Violation::Detention {
            rights.push("assembly".to_string());
        }
        emit(
            a.id,
            Entity::Act(Act {
                incident: plan.id,
                violation: a.violation.code().to_string(),
                victims: plan.victim_ids(a.victims),
                perpetrators,
                date: a.date_text(plan).as_deref().map(edtf),
                place: None,
                method: method.map(str::to_string),
                rights_violated: rights,
            }),
        );
    }
}

/// A date that a less reliable source gives instead of the true one.
fn conflicting_date(rng: &mut ChaCha8Rng, plan: &Plan) -> String {
    let shift = rng.random_range(1..=10) * if chance(rng, 0.5) { 1 } else { -1 };
    if chance(rng, 0.7) {
        date_text(plan.day + shift, DateForm::Day)
    } else {
        date_text(plan.day + shift * 4, DateForm::Month)
    }
}

/// Who says what: claims on the incident's date and on victims' ages, some of them in
/// conflict. The best-graded source's value is the preferred one, the value the record
/// shows; the others stay beside it.
pub(crate) fn claims(world: &World, plan: &Plan, rng: &mut ChaCha8Rng, emit: Sink<'_>) {
    let p = if plan.sources.len() >= 2 { 0.55 } else { 0.15 };
    if chance(rng, p) {
        let mut order: Vec<usize> = (0..plan.sources.len()).collect();
        order.sort_by_key(|&k| {
            let s = &plan.sources[k];
            (s.reliability, s.credibility, k)
        });
        for (rank, &k) in order.iter().take(3).enumerate() {
            let s = &plan.sources[k];
            let (value, note) = if rank == 0 || chance(rng, 0.65) {
                (plan.date(), None)
            } else {
                let note = match s.kind {
                    SourceKind::OfficialStatement => "The official statement gives another date.",
                    SourceKind::Media(_) => "The press report gives another date.",
                    _ => "This account gives another date; the interviewee was unsure.",
                };
                (conflicting_date(rng, plan), Some(note.to_string()))
            };
            emit(
                new_id(rng),
                Entity::Claim(Claim {
                    source: s.id,
                    subject: plan.id,
                    field: "date".to_string(),
                    value,
                    preferred: rank == 0,
                    note,
                }),
            );
        }
        if chance(rng, 0.3) {
            let report = world.annual_reports[(plan.year - crate::world::FIRST_YEAR) as usize];
            emit(
                new_id(rng),
                Entity::Claim(Claim {
                    source: report,
                    subject: plan.id,
                    field: "date".to_string(),
                    value: plan.date(),
                    preferred: false,
                    note: None,
                }),
            );
        }
    }
    // Ages: the family (or the survivor) gives one, the press sometimes another.
    let media = plan
        .sources
        .iter()
        .find(|s| matches!(s.kind, SourceKind::Media(_)));
    for (i, v) in plan.victims.iter().enumerate() {
        if v.age_form != AgeForm::Exact || !matches!(v.kind, VictimKind::Named(_)) {
            continue;
        }
        let own = plan.sources.iter().find(|s| match s.kind {
            SourceKind::VictimTestimony(x) => usize::from(x) == i,
            SourceKind::RelativeTestimony(_) => true,
            _ => false,
        });
        let Some(own) = own else { continue };
        if !chance(rng, 0.5) {
            continue;
        }
        emit(
            new_id(rng),
            Entity::Claim(Claim {
                source: own.id,
                subject: v.id,
                field: "age".to_string(),
                value: v.age.to_string(),
                preferred: true,
                note: None,
            }),
        );
        if let Some(m) = media
            && chance(rng, 0.5)
        {
            let (value, note) = if chance(rng, 0.6) {
                (v.age.to_string(), None)
            } else {
                let d: i16 = rng.random_range(1..=3) * if chance(rng, 0.5) { 1 } else { -1 };
                let other = (i16::from(v.age) + d).max(1);
                (
                    other.to_string(),
                    Some("The press report gives another age.".to_string()),
                )
            };
            emit(
                new_id(rng),
                Entity::Claim(Claim {
                    source: m.id,
                    subject: v.id,
                    field: "age".to_string(),
                    value,
                    preferred: false,
                    note,
                }),
            );
        }
    }
}

/// The main violation of the incident, which decides where an appeal is sent.
fn main_violation(plan: &Plan) -> Violation {
    for v in [
        Violation::Disappearance,
        Violation::Execution,
        Violation::CivilianKilling,
        Violation::Torture,
        Violation::SexualViolence,
        Violation::Detention,
    ] {
        if plan.has(v) {
            return v;
        }
    }
    plan.acts
        .first()
        .map_or(Violation::Detention, |a| a.violation)
}

/// Advocacy about some incidents: urgent appeals, letters, UN communications.
pub(crate) fn interventions(world: &World, plan: &Plan, rng: &mut ChaCha8Rng, emit: Sink<'_>) {
    let main = main_violation(plan);
    let p = match main {
        Violation::Disappearance => 0.45,
        Violation::Execution | Violation::CivilianKilling => 0.18,
        Violation::Torture | Violation::SexualViolence => 0.18,
        _ => 0.08,
    };
    if !chance(rng, p) {
        return;
    }
    let count = if chance(rng, 0.3) { 2 } else { 1 };
    let mut about = vec![plan.id];
    about.extend(
        plan.individuals()
            .filter(|v| matches!(v.kind, VictimKind::Named(_)))
            .take(3)
            .map(|v| v.id),
    );
    let mut last = plan.day;
    let t = &world.targets;
    for k in 0..count {
        let kind = if k == 0 {
            weighted(
                rng,
                &[
                    ("urgent-appeal", 55),
                    ("letter-to-authority", 25),
                    (
                        "habeas-corpus",
                        if main == Violation::Disappearance {
                            15
                        } else {
                            0
                        },
                    ),
                    ("complaint-to-authority", 10),
                ],
            )
        } else {
            weighted(
                rng,
                &[
                    ("special-procedures-communication", 60),
                    ("letter-to-authority", 40),
                ],
            )
        };
        let delay = match kind {
            "urgent-appeal" => rng.random_range(1..=7),
            "habeas-corpus" => rng.random_range(2..=20),
            "special-procedures-communication" => rng.random_range(30..=200),
            _ => rng.random_range(7..=60),
        };
        let submitted = last + delay;
        last = submitted;
        let ministry = match plan.force {
            Some(Force::Military) => t.defence,
            Some(Force::Police | Force::Intelligence) => t.interior,
            _ => t.attorney_general,
        };
        let (target, target_name) = match kind {
            "urgent-appeal" | "letter-to-authority" => {
                let org = if chance(rng, 0.2) {
                    t.human_rights_commission
                } else if chance(rng, 0.15) {
                    t.justice
                } else {
                    ministry
                };
                (Some(world.orgs[org].id), None)
            }
            "complaint-to-authority" => (Some(world.orgs[t.attorney_general].id), None),
            "habeas-corpus" => (
                None,
                Some(format!(
                    "{} District Court",
                    world.districts[plan.district].name
                )),
            ),
            _ => (None, Some(un_mechanism(main).to_string())),
        };
        let old = as_of() - submitted > 730;
        let status = if old {
            weighted(
                rng,
                &[
                    ("closed-with-outcome", 25),
                    ("closed-without-response", 25),
                    ("response-received", 25),
                    ("follow-up-due", 20),
                    ("acknowledged", 5),
                ],
            )
        } else {
            weighted(
                rng,
                &[
                    ("planned", 3),
                    ("submitted", 27),
                    ("acknowledged", 15),
                    ("follow-up-due", 30),
                    ("response-received", 20),
                    ("closed-with-outcome", 5),
                ],
            )
        };
        let (response, response_day) = match status {
            "acknowledged" => (
                Some("The authorities acknowledged receipt."),
                Some(submitted + rng.random_range(3..=40)),
            ),
            "response-received" => {
                let text = *pick(
                    rng,
                    &[
                        "The authorities said an investigation had been opened.",
                        "The authorities stated that the person was held lawfully and had access to a lawyer.",
                        "The authorities denied any involvement.",
                        "The Government replied that the matter was under judicial investigation.",
                    ],
                );
                (Some(text), Some(submitted + rng.random_range(5..=150)))
            }
            "closed-with-outcome" => {
                let text = *pick(
                    rng,
                    &[
                        "The detainee was released.",
                        "The prosecutor opened a criminal investigation.",
                        "The family was told where their relative is held and was allowed to visit.",
                    ],
                );
                (Some(text), Some(submitted + rng.random_range(5..=200)))
            }
            _ => (None, None),
        };
        let next_follow_up = match status {
            "closed-with-outcome" | "closed-without-response" => None,
            "planned" => Some(as_of() + rng.random_range(10..=90)),
            // Long-running cases are reviewed on a yearly cycle, so some follow-ups are
            // still ahead of whoever opens the demonstration.
            _ if plan.year >= 2021 && chance(rng, 0.35) => {
                let from = memoria_core::edtf::Day::new(2026, 1, 1)
                    .expect("a valid day")
                    .to_days();
                Some(from + rng.random_range(0..730))
            }
            _ => Some(response_day.unwrap_or(submitted) + rng.random_range(30..=120)),
        };
        let date = |d: i64| edtf(&date_text(d, DateForm::Day));
        emit(
            new_id(rng),
            Entity::Intervention(Intervention {
                collection: world.collection,
                kind: kind.to_string(),
                target,
                target_name,
                about: about.clone(),
                submitted: (status != "planned").then(|| date(submitted)),
                status: status.to_string(),
                response: response.map(str::to_string),
                response_date: response_day.map(date),
                next_follow_up: next_follow_up.map(date),
            }),
        );
    }
}

fn un_mechanism(v: Violation) -> &'static str {
    match v {
        Violation::Disappearance => "UN Working Group on Enforced or Involuntary Disappearances",
        Violation::Execution | Violation::CivilianKilling => {
            "UN Special Rapporteur on extrajudicial, summary or arbitrary executions"
        }
        Violation::Torture | Violation::SexualViolence | Violation::IllTreatment => {
            "UN Special Rapporteur on torture"
        }
        _ => "UN Working Group on Arbitrary Detention",
    }
}
