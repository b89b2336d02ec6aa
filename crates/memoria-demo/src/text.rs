//! Titles, narratives and other prose, in English and some in Spanish, French or Arabic.
//!
//! The wording is plain and non-graphic, as a documentation group would write for a
//! shared database: it says what happened, never dwells on it. Narratives name no victim
//! or witness: names live in person records, whose access is controlled separately,
//! while a narrative is read by anyone allowed to see the incident.

use rand::Rng;

use crate::plan::{DateForm, PlaceKnown, Plan, Sex, Template, Victim, VictimKind, Violation, day};
use crate::rng::{chance, pick};
use crate::world::{Force, World};

/// News outlets (all fictional): name, the region they cover (`None`: national).
pub(crate) const OUTLETS: [(&str, Option<usize>); 9] = [
    ("El Heraldo de Valdoria", None),
    ("Valdoria Tribune", None),
    ("Canal 7 Noticias", None),
    ("Radio Capital 98.5", Some(0)),
    ("La Voz de la Sierra", Some(1)),
    ("Diario Costa Serena", Some(2)),
    ("Al-Wadi", Some(3)),
    ("Le Courrier d'Ormelle", Some(4)),
    ("Sauti ya Nyasoro", Some(5)),
];

/// An outlet that would report on an incident in `region`: national or local.
pub(crate) fn outlet_for(rng: &mut impl Rng, region: usize) -> u8 {
    if chance(rng, 0.5) {
        rng.random_range(0..3)
    } else {
        OUTLETS
            .iter()
            .position(|(_, r)| *r == Some(region))
            .unwrap_or(0) as u8
    }
}

const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const MONTHS_ES: [&str; 12] = [
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
];
const MONTHS_FR: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

fn month(names: &[&'static str; 12], m: u8) -> &'static str {
    names[usize::from(m - 1)]
}

/// "On 5 March 2016", "Between 3 and 9 March 2016", "Probably in March 2016", …: how
/// the first sentence of a narrative opens, written from the date's precision.
pub(crate) fn date_phrase_en(plan: &Plan) -> String {
    let d = day(plan.day);
    let (y, m) = (d.year, month(&MONTHS_EN, d.month));
    match plan.date_form {
        DateForm::Day => format!("On {} {m} {y}", d.day),
        DateForm::ApproxDay => format!("On or around {} {m} {y}", d.day),
        DateForm::Month => format!("In {m} {y}"),
        DateForm::UncertainMonth => format!("Probably in {m} {y}"),
        DateForm::Range(before, after) => {
            let a = day(plan.day - i64::from(before));
            let b = day(plan.day + i64::from(after));
            let (am, bm) = (month(&MONTHS_EN, a.month), month(&MONTHS_EN, b.month));
            if a.year != b.year {
                format!(
                    "Between {} {am} {} and {} {bm} {}",
                    a.day, a.year, b.day, b.year
                )
            } else if a.month != b.month {
                format!("Between {} {am} and {} {bm} {}", a.day, b.day, b.year)
            } else {
                format!("Between {} and {} {bm} {}", a.day, b.day, b.year)
            }
        }
        DateForm::MonthRange => {
            let prev = day(plan.day - i64::from(d.day) - 1);
            let next = day(plan.day - i64::from(d.day) + 40);
            let (pm, nm) = (month(&MONTHS_EN, prev.month), month(&MONTHS_EN, next.month));
            if prev.year != next.year {
                format!("Between {pm} {} and {nm} {}", prev.year, next.year)
            } else {
                format!("Between {pm} and {nm} {y}")
            }
        }
        DateForm::Year => format!("In {y}"),
        DateForm::UncertainYear => format!("Probably in {y}"),
        DateForm::UnknownMonth => {
            format!(
                "On the {} of a month of {y} that the sources do not give",
                ordinal_en(d.day)
            )
        }
        DateForm::Season => match d.month {
            3..=5 => format!("In spring {y}"),
            6..=8 => format!("In summer {y}"),
            9..=11 => format!("In autumn {y}"),
            12 => format!("In the winter of {y}–{}", y + 1),
            _ => format!("In {m} {y}"),
        },
        DateForm::Before => format!("At some point before the end of {m} {y}"),
    }
}

fn date_phrase_es(plan: &Plan) -> String {
    let d = day(plan.day);
    let (y, m) = (d.year, month(&MONTHS_ES, d.month));
    match plan.date_form {
        DateForm::Day => format!("El {} de {m} de {y}", d.day),
        DateForm::ApproxDay => format!("Hacia el {} de {m} de {y}", d.day),
        DateForm::Month | DateForm::Season => format!("En {m} de {y}"),
        DateForm::UncertainMonth => format!("Probablemente en {m} de {y}"),
        DateForm::Range(before, after) => {
            let a = day(plan.day - i64::from(before));
            let b = day(plan.day + i64::from(after));
            format!(
                "Entre el {} de {} de {} y el {} de {} de {}",
                a.day,
                month(&MONTHS_ES, a.month),
                a.year,
                b.day,
                month(&MONTHS_ES, b.month),
                b.year
            )
        }
        DateForm::MonthRange => format!("Hacia {m} de {y}"),
        DateForm::Year | DateForm::UnknownMonth => format!("En {y}"),
        DateForm::UncertainYear => format!("Probablemente en {y}"),
        DateForm::Before => format!("Antes de finales de {m} de {y}"),
    }
}

fn date_phrase_fr(plan: &Plan) -> String {
    let d = day(plan.day);
    // French writes the first of the month as an ordinal: « le 1er juin ».
    let nth = |n: u8| {
        if n == 1 {
            "1er".to_string()
        } else {
            n.to_string()
        }
    };
    let (y, m) = (d.year, month(&MONTHS_FR, d.month));
    let de = if m.starts_with(['a', 'o']) {
        "d'"
    } else {
        "de "
    };
    match plan.date_form {
        DateForm::Day => format!("Le {} {m} {y}", nth(d.day)),
        DateForm::ApproxDay => format!("Vers le {} {m} {y}", nth(d.day)),
        DateForm::Month | DateForm::Season => format!("En {m} {y}"),
        DateForm::UncertainMonth => format!("Probablement en {m} {y}"),
        DateForm::Range(before, after) => {
            let a = day(plan.day - i64::from(before));
            let b = day(plan.day + i64::from(after));
            format!(
                "Entre le {} {} {} et le {} {} {}",
                nth(a.day),
                month(&MONTHS_FR, a.month),
                a.year,
                nth(b.day),
                month(&MONTHS_FR, b.month),
                b.year
            )
        }
        DateForm::MonthRange => format!("Aux alentours du mois {de}{m} {y}"),
        DateForm::Year | DateForm::UnknownMonth => format!("En {y}"),
        DateForm::UncertainYear => format!("Probablement en {y}"),
        DateForm::Before => format!("Avant la fin du mois {de}{m} {y}"),
    }
}

fn ordinal_en(n: u8) -> String {
    let suffix = match (n % 10, n % 100) {
        (1, x) if x != 11 => "st",
        (2, x) if x != 12 => "nd",
        (3, x) if x != 13 => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

fn number_en(n: usize) -> String {
    const W: [&str; 11] = [
        "no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    ];
    W.get(n).map_or_else(|| n.to_string(), |w| w.to_string())
}

/// Where it happened, as a title or a sentence names it.
fn place_en(plan: &Plan, world: &World) -> String {
    match plan.place_known {
        PlaceKnown::Locality => world.localities[plan.locality].name.clone(),
        PlaceKnown::District => format!("{} district", world.districts[plan.district].name),
        PlaceKnown::Region => world.region_name(plan.region).to_string(),
        PlaceKnown::Unknown => format!("an unknown place in {}", world.region_name(plan.region)),
    }
}

/// The place without a leading article or description, for Spanish and French.
fn place_plain(plan: &Plan, world: &World) -> String {
    match plan.place_known {
        PlaceKnown::Locality => world.localities[plan.locality].name.clone(),
        PlaceKnown::District => world.districts[plan.district].name.to_string(),
        PlaceKnown::Region | PlaceKnown::Unknown => world.region_name(plan.region).to_string(),
    }
}

fn place_ar(plan: &Plan, world: &World) -> Option<String> {
    match plan.place_known {
        PlaceKnown::Locality => world.localities[plan.locality].arabic.clone(),
        PlaceKnown::District => world.district_name_ar(plan.district).map(str::to_string),
        PlaceKnown::Region | PlaceKnown::Unknown => {
            world.region_name_ar(plan.region).map(str::to_string)
        }
    }
}

/// The victims of the acts of `violation`, individuals only.
fn victims_of(plan: &Plan, violation: Violation) -> Vec<&Victim> {
    let mask = plan
        .acts
        .iter()
        .filter(|a| a.violation == violation)
        .fold(0u32, |m, a| m | a.victims);
    plan.victims
        .iter()
        .enumerate()
        .filter(|(i, v)| mask & (1 << i) != 0 && !matches!(v.kind, VictimKind::Group(_)))
        .map(|(_, v)| v)
        .collect()
}

fn group_size(plan: &Plan) -> u32 {
    plan.victims
        .iter()
        .map(|v| match v.kind {
            VictimKind::Group(n) => n,
            _ => 0,
        })
        .sum()
}

/// "a 34-year-old teacher", "an unidentified man", "three men", …
fn people_en(vs: &[&Victim]) -> String {
    match vs {
        [] => "several people".to_string(),
        [v] => one_person_en(v),
        _ => {
            let men = vs.iter().all(|v| v.sex == Sex::Male);
            let women = vs.iter().all(|v| v.sex == Sex::Female);
            let noun = if men {
                "men"
            } else if women {
                "women"
            } else {
                "people"
            };
            let minors = vs.iter().any(|v| v.age < 18);
            let n = number_en(vs.len());
            if minors {
                format!("{n} people, including a minor")
            } else {
                format!("{n} {noun}")
            }
        }
    }
}

fn one_person_en(v: &Victim) -> String {
    let noun = match (v.sex, v.age < 18) {
        (Sex::Male, true) => "boy",
        (Sex::Female, true) => "girl",
        (Sex::Male, false) => "man",
        (Sex::Female, false) => "woman",
        (Sex::Unknown, _) => "person",
    };
    match v.kind {
        VictimKind::Unidentified => format!("an unidentified {noun}"),
        _ if v.age < 18 => format!("{} {}-year-old {noun}", article_for_age(v.age), v.age),
        _ => match v.age_form {
            crate::plan::AgeForm::Exact => format!(
                "{} {}-year-old {}",
                article_for_age(v.age),
                v.age,
                v.occupation.en()
            ),
            crate::plan::AgeForm::Range(..) => {
                format!(
                    "a {} in {} {}s",
                    v.occupation.en(),
                    pronoun_possessive(v.sex),
                    v.age / 10 * 10
                )
            }
            crate::plan::AgeForm::Unknown => {
                let o = v.occupation.en();
                let article = if o.starts_with(['a', 'e', 'i', 'o', 'u']) {
                    "an"
                } else {
                    "a"
                };
                format!("{article} {o}")
            }
        },
    }
}

/// "an 18-year-old", "a 19-year-old": the article goes by how the number is said.
fn article_for_age(age: u8) -> &'static str {
    if matches!(age, 8 | 11 | 18 | 80..=89) {
        "an"
    } else {
        "a"
    }
}

fn pronoun_possessive(sex: Sex) -> &'static str {
    match sex {
        Sex::Male => "his",
        Sex::Female => "her",
        Sex::Unknown => "their",
    }
}

/// (subject, object, possessive) pronouns for the victims.
fn pronouns(vs: &[&Victim]) -> (&'static str, &'static str, &'static str) {
    match vs {
        [v] if v.sex == Sex::Male => ("he", "him", "his"),
        [v] if v.sex == Sex::Female => ("she", "her", "her"),
        _ => ("they", "them", "their"),
    }
}

fn was(vs: &[&Victim]) -> &'static str {
    if vs.len() == 1 { "was" } else { "were" }
}

/// "officers of the Public Order Battalion No. 3", "unidentified armed men", …
fn perpetrators_en(plan: &Plan, world: &World) -> String {
    let Some(p) = plan.perps.first() else {
        return "unidentified armed men".to_string();
    };
    let Some(force) = p.force else {
        return "unidentified armed men".to_string();
    };
    match p.org {
        Some(o) => {
            let unit = &world.orgs[o].en;
            match force {
                Force::Police => format!("officers of the {unit}"),
                Force::Intelligence => format!("agents of the {unit}"),
                Force::Military => format!("soldiers of the {unit}"),
                Force::Paramilitary => format!("members of the {unit}"),
                Force::Armed => format!("fighters of the {unit}"),
                Force::Civil => format!("officials of the {unit}"),
            }
        }
        None => match force {
            Force::Police => "uniformed police officers".to_string(),
            Force::Intelligence => {
                "men in plain clothes who said they were intelligence agents".to_string()
            }
            Force::Military => "soldiers".to_string(),
            Force::Paramilitary => "members of a paramilitary group".to_string(),
            Force::Armed => "members of an armed group".to_string(),
            Force::Civil => "officials".to_string(),
        },
    }
}

fn perpetrators_es(plan: &Plan) -> &'static str {
    match plan.force {
        Some(Force::Police) => "agentes de policía",
        Some(Force::Intelligence) => "agentes de inteligencia",
        Some(Force::Military) => "militares",
        Some(Force::Paramilitary) => "miembros de un grupo paramilitar",
        Some(Force::Armed) => "miembros de un grupo armado",
        Some(Force::Civil) => "funcionarios",
        None => "hombres armados no identificados",
    }
}

fn perpetrators_fr(plan: &Plan) -> &'static str {
    match plan.force {
        Some(Force::Police) => "des policiers",
        Some(Force::Intelligence) => "des agents du renseignement",
        Some(Force::Military) => "des militaires",
        Some(Force::Paramilitary) => "des membres d'un groupe paramilitaire",
        Some(Force::Armed) => "des membres d'un groupe armé",
        Some(Force::Civil) => "des fonctionnaires",
        None => "des hommes armés non identifiés",
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// The incident's title in English.
pub(crate) fn title_en(plan: &Plan, world: &World, rng: &mut impl Rng) -> String {
    let place = place_en(plan, world);
    let killed = victims_of(plan, Violation::Execution);
    let title = match plan.template {
        Template::ProtestArrests => {
            let n = victims_of(plan, Violation::Detention).len() + group_size(plan) as usize;
            format!("Arrest of {} protesters in {place}", number_en(n))
        }
        Template::HouseRaid => format!("House raid and arrests in {place}"),
        Template::TargetedKilling => format!("Killing of {} in {place}", people_short_en(&killed)),
        Template::Abduction => {
            let vs = victims_of(plan, Violation::Disappearance);
            format!(
                "Enforced disappearance of {} in {place}",
                people_short_en(&vs)
            )
        }
        Template::CustodialTorture => format!("Torture in custody after arrest in {place}"),
        Template::VillageAttack => {
            if plan.has(Violation::Displacement) {
                format!("Attack on {place} and displacement of residents")
            } else {
                format!("Attack on {place}")
            }
        }
        Template::CustodySexualViolence => format!("Sexual violence in detention, {place}"),
        Template::Checkpoint => {
            if plan.has(Violation::Execution) {
                format!("Shooting at a checkpoint near {place}")
            } else {
                format!("Arrests at a checkpoint near {place}")
            }
        }
    };
    if chance(rng, 0.3) {
        let d = day(plan.day);
        format!("{title} ({} {})", month(&MONTHS_EN, d.month), d.year)
    } else {
        title
    }
}

fn people_short_en(vs: &[&Victim]) -> String {
    match vs {
        [v] => match (v.sex, v.age < 18) {
            (_, true) => "a child".to_string(),
            (Sex::Male, _) => "a man".to_string(),
            (Sex::Female, _) => "a woman".to_string(),
            (Sex::Unknown, _) => "a person".to_string(),
        },
        _ => format!("{} people", number_en(vs.len())),
    }
}

/// The incident's narrative in English: two to four sentences.
pub(crate) fn narrative_en(plan: &Plan, world: &World, rng: &mut impl Rng) -> String {
    let date = date_phrase_en(plan);
    let place = place_en(plan, world);
    let perp = perpetrators_en(plan, world);
    let mut s: Vec<String> = Vec::new();
    match plan.template {
        Template::ProtestArrests => {
            let detained = victims_of(plan, Violation::Detention);
            let n = detained.len() + group_size(plan) as usize;
            let reason = if plan.year == 2019 {
                "against the official results of the presidential election"
            } else {
                pick(
                    rng,
                    &[
                        "against rising fuel prices",
                        "calling for the release of detained students",
                        "organised by farmers opposing land seizures",
                        "called by teachers' unions over unpaid salaries",
                        "against the closure of a local hospital",
                    ],
                )
            };
            s.push(format!(
                "{date}, {perp} dispersed a peaceful demonstration {reason} in {place} and arrested {} people.",
                number_en(n)
            ));
            s.push(
                pick(
                    rng,
                    &[
                        "The detainees were taken to the regional police headquarters and held without access to lawyers.",
                        "Those arrested were held overnight in a sports hall used as a holding centre.",
                        "Relatives were not told where the detainees had been taken.",
                    ],
                )
                .to_string(),
            );
            let tortured = victims_of(plan, Violation::Torture).len();
            let ill = victims_of(plan, Violation::IllTreatment).len();
            if tortured + ill > 0 {
                s.push(format!(
                    "{} of them later reported ill-treatment during questioning.",
                    capitalise(&number_en(tortured + ill))
                ));
            }
            s.push(
                pick(
                    rng,
                    &[
                        "Most were released without charge within three days.",
                        "Several remain in pre-trial detention on charges of disturbing public order.",
                        "No investigation into the arrests has been opened.",
                    ],
                )
                .to_string(),
            );
        }
        Template::HouseRaid => {
            let detained = victims_of(plan, Violation::Detention);
            let when = pick(
                rng,
                &["before dawn", "late at night", "in the early morning"],
            );
            s.push(format!(
                "{date}, {perp} raided a family home in {place} {when} and arrested {}.",
                people_en(&detained)
            ));
            s.push(
                pick(
                    rng,
                    &[
                        "No warrant was shown.",
                        "The officers did not identify themselves.",
                        "Family members said the house was searched and phones were taken.",
                    ],
                )
                .to_string(),
            );
            if plan.has(Violation::Torture) {
                s.push(
                    "After release, detainees described ill-treatment during interrogation."
                        .to_string(),
                );
            }
            if plan.has(Violation::Disappearance) {
                s.push(
                    "The authorities later denied holding one of those arrested, whose whereabouts remain unknown."
                        .to_string(),
                );
            }
        }
        Template::TargetedKilling => {
            let vs = victims_of(plan, Violation::Execution);
            let (subj, _, _) = pronouns(&vs);
            s.push(format!(
                "{date}, {} {} shot dead in {place} by {perp}.",
                people_en(&vs),
                was(&vs)
            ));
            if vs.len() == 1 {
                s.push(format!(
                    "{} {}",
                    capitalise(subj),
                    pick(
                        rng,
                        &[
                            "had received threats in the preceding weeks.",
                            "had been active in a local farmers' association.",
                            "had reported on local corruption.",
                            "had no known political affiliation.",
                        ]
                    )
                ));
            }
            let (family, deaths) = if vs.len() == 1 {
                ("family", "death")
            } else {
                ("families", "deaths")
            };
            s.push(match rng.random_range(0..3) {
                0 => format!(
                    "The {family} filed a complaint with the public prosecutor; no one has been charged."
                ),
                1 => format!(
                    "The authorities described the {deaths} as the result of an exchange of fire, which witnesses dispute."
                ),
                _ => format!("The {family} asked for an autopsy, which was not carried out."),
            });
        }
        Template::Abduction => {
            let vs = victims_of(plan, Violation::Disappearance);
            let (_, obj, poss) = pronouns(&vs);
            let vehicle = if chance(rng, 0.5) {
                " and driven away in an unmarked vehicle"
            } else {
                ""
            };
            s.push(format!(
                "{date}, {} {} taken by {perp} in {place}{vehicle}.",
                people_en(&vs),
                was(&vs)
            ));
            s.push(format!(
                "Relatives asked at police stations and military posts, but the authorities denied holding {obj}."
            ));
            s.push(format!(
                "{} fate and whereabouts remain unknown.",
                capitalise(poss)
            ));
        }
        Template::CustodialTorture => {
            let vs = victims_of(plan, Violation::Torture);
            let (subj, _, _) = pronouns(&vs);
            s.push(format!(
                "{date}, {} {} arrested in {place} by {perp} and held for several days.",
                people_en(&vs),
                was(&vs)
            ));
            s.push(format!(
                "After release, {subj} reported ill-treatment during interrogation; a medical examination recorded injuries consistent with that account."
            ));
            s.push(
                pick(
                    rng,
                    &[
                        "A complaint was lodged with the public prosecutor.",
                        "No investigation has been opened.",
                        "Fearing reprisals, the family did not file a complaint.",
                    ],
                )
                .to_string(),
            );
        }
        Template::VillageAttack => {
            let killed = victims_of(plan, Violation::CivilianKilling);
            s.push(format!("{date}, {perp} attacked {place}."));
            s.push(format!(
                "{} {} killed.",
                capitalise(&people_en(&killed)),
                was(&killed)
            ));
            let g = group_size(plan);
            if g > 0 {
                s.push(format!(
                    "About {g} residents fled to neighbouring districts{}.",
                    if plan.has(Violation::PropertyDestruction) {
                        " after houses and food stores were burned"
                    } else {
                        ""
                    }
                ));
            }
            if plan.has(Violation::SexualViolence) {
                s.push("One woman later reported sexual violence; details are withheld to protect her.".to_string());
            }
        }
        Template::CustodySexualViolence => {
            let vs = victims_of(plan, Violation::SexualViolence);
            let (subj, _, _) = pronouns(&vs);
            s.push(format!(
                "{date}, {} {} arrested in {place} by {perp}.",
                people_en(&vs),
                was(&vs)
            ));
            s.push(format!(
                "After release, {subj} reported sexual violence during detention to a support organisation. Details are withheld to protect the survivor."
            ));
        }
        Template::Checkpoint => {
            let killed = victims_of(plan, Violation::Execution);
            if killed.is_empty() {
                let vs = victims_of(plan, Violation::Detention);
                s.push(format!(
                    "{date}, {} {} stopped at a checkpoint run by {perp} near {place} and detained.",
                    people_en(&vs),
                    was(&vs)
                ));
            } else {
                s.push(format!(
                    "{date}, {} {} shot at a checkpoint run by {perp} near {place}.",
                    people_en(&killed),
                    was(&killed)
                ));
            }
            s.push(
                pick(
                    rng,
                    &[
                        "The car was on its way to the market.",
                        "Witnesses said the vehicle had stopped when ordered to.",
                        "The authorities have not commented.",
                    ],
                )
                .to_string(),
            );
        }
    }
    s.join(" ")
}

/// The title in Spanish.
pub(crate) fn title_es(plan: &Plan, world: &World) -> String {
    let p = place_plain(plan, world);
    match plan.template {
        Template::ProtestArrests => format!("Detención de manifestantes en {p}"),
        Template::HouseRaid => format!("Allanamiento y detenciones en {p}"),
        Template::TargetedKilling => format!("Asesinato en {p}"),
        Template::Abduction => format!("Desaparición forzada en {p}"),
        Template::CustodialTorture => format!("Tortura de una persona detenida en {p}"),
        Template::VillageAttack => format!("Ataque contra {p}"),
        Template::CustodySexualViolence => format!("Violencia sexual durante la detención en {p}"),
        Template::Checkpoint => format!("Incidente en un puesto de control cerca de {p}"),
    }
}

/// A short narrative in Spanish: what, when, where, who.
pub(crate) fn narrative_es(plan: &Plan, world: &World) -> String {
    let date = date_phrase_es(plan);
    let p = place_plain(plan, world);
    let perp = perpetrators_es(plan);
    let what = match plan.template {
        Template::ProtestArrests => format!(
            "{perp} dispersaron una manifestación pacífica en {p} y detuvieron a varias personas."
        ),
        Template::HouseRaid => {
            format!("{perp} allanaron una vivienda en {p} y detuvieron a miembros de la familia.")
        }
        Template::TargetedKilling => {
            format!("{perp} dieron muerte a tiros a una o más personas en {p}.")
        }
        Template::Abduction => format!(
            "{perp} se llevaron a una o más personas en {p}; su paradero sigue siendo desconocido."
        ),
        Template::CustodialTorture => format!(
            "{perp} detuvieron a una o más personas en {p}, que denunciaron malos tratos durante el interrogatorio."
        ),
        Template::VillageAttack => {
            format!("{perp} atacaron {p}; varios habitantes murieron y otros huyeron.")
        }
        Template::CustodySexualViolence => format!(
            "{perp} detuvieron a una persona en {p}, que denunció violencia sexual durante la detención. Los detalles se reservan para proteger a la sobreviviente."
        ),
        Template::Checkpoint => {
            format!("{perp} detuvieron un vehículo en un puesto de control cerca de {p}.")
        }
    };
    format!("{date}, {what}")
}

pub(crate) fn title_fr(plan: &Plan, world: &World) -> String {
    let p = place_plain(plan, world);
    match plan.template {
        Template::ProtestArrests => format!("Arrestation de manifestants à {p}"),
        Template::HouseRaid => format!("Perquisition et arrestations à {p}"),
        Template::TargetedKilling => format!("Meurtre à {p}"),
        Template::Abduction => format!("Disparition forcée à {p}"),
        Template::CustodialTorture => format!("Torture d'une personne détenue à {p}"),
        Template::VillageAttack => format!("Attaque contre {p}"),
        Template::CustodySexualViolence => format!("Violences sexuelles en détention à {p}"),
        Template::Checkpoint => format!("Incident à un poste de contrôle près de {p}"),
    }
}

pub(crate) fn narrative_fr(plan: &Plan, world: &World) -> String {
    let date = date_phrase_fr(plan);
    let p = place_plain(plan, world);
    let perp = perpetrators_fr(plan);
    let what = match plan.template {
        Template::ProtestArrests => format!(
            "{perp} ont dispersé une manifestation pacifique à {p} et arrêté plusieurs personnes."
        ),
        Template::HouseRaid => format!(
            "{perp} ont perquisitionné un domicile à {p} et arrêté des membres de la famille."
        ),
        Template::TargetedKilling => format!("{perp} ont abattu une ou plusieurs personnes à {p}."),
        Template::Abduction => format!(
            "{perp} ont emmené une ou plusieurs personnes à {p} ; on ignore toujours où elles se trouvent."
        ),
        Template::CustodialTorture => format!(
            "{perp} ont arrêté une ou plusieurs personnes à {p}, qui ont dénoncé des mauvais traitements pendant l'interrogatoire."
        ),
        Template::VillageAttack => format!(
            "{perp} ont attaqué {p} ; plusieurs habitants ont été tués et d'autres ont fui."
        ),
        Template::CustodySexualViolence => format!(
            "{perp} ont arrêté une personne à {p}, qui a dénoncé des violences sexuelles en détention. Les détails ne sont pas divulgués afin de protéger la survivante."
        ),
        Template::Checkpoint => {
            format!("{perp} ont arrêté un véhicule à un poste de contrôle près de {p}.")
        }
    };
    format!("{date}, {what}")
}

/// The title in Arabic, when the place has an Arabic name.
pub(crate) fn title_ar(plan: &Plan, world: &World) -> Option<String> {
    let p = place_ar(plan, world)?;
    Some(match plan.template {
        Template::ProtestArrests => format!("اعتقال متظاهرين في {p}"),
        Template::HouseRaid => format!("مداهمة منزل واعتقالات في {p}"),
        Template::TargetedKilling => format!("عملية قتل في {p}"),
        Template::Abduction => format!("اختفاء قسري في {p}"),
        Template::CustodialTorture => format!("تعذيب محتجز في {p}"),
        Template::VillageAttack => format!("هجوم على {p}"),
        Template::CustodySexualViolence => format!("عنف جنسي أثناء الاحتجاز في {p}"),
        Template::Checkpoint => format!("حادثة عند حاجز قرب {p}"),
    })
}

/// The Arabic narrative: the title, and a pointer to the full English account.
pub(crate) fn narrative_ar(title: &str) -> String {
    format!("{title}. التفاصيل الكاملة متوفرة باللغة الإنجليزية.")
}

/// A headline for a media report about the incident.
pub(crate) fn headline(plan: &Plan, world: &World) -> String {
    let place = place_plain(plan, world);
    match plan.template {
        Template::ProtestArrests => format!("Protesters detained in {place}"),
        Template::HouseRaid => format!("Night-time arrests in {place}"),
        Template::TargetedKilling => format!("Killing in {place} raises questions"),
        Template::Abduction => format!("Family of missing {place} resident demands answers"),
        Template::CustodialTorture => {
            format!("Released detainee from {place} alleges ill-treatment")
        }
        Template::VillageAttack => format!("Residents flee {place} after attack"),
        Template::CustodySexualViolence => {
            format!("Women's groups denounce abuse in detention in {place}")
        }
        Template::Checkpoint => format!("Checkpoint incident near {place}"),
    }
}
