//! The three source lists of victims, and how each one records a person.
//!
//! Each list covers a different, overlapping part of the killed and disappeared: the
//! chance that a list holds a victim depends on the list, the region (the church is
//! strong in the Spanish-speaking south and absent from Wadi Zahrun; the press covers
//! the capital best), whether the person was killed or disappeared, and a latent
//! visibility that all lists share. That mix of heterogeneity and dependence is what
//! multiple systems estimation has to cope with in real data, and many victims are on
//! no list at all, so there is something real to estimate.
//!
//! Each list also writes names its own way, with the slips real lists have: typos,
//! missing accents, swapped or dropped surnames, initials, other transliterations of
//! Arabic names, ages off by one or missing, dates shifted or cut to the month. Every
//! record keeps the true person id in `extra["demo_person"]` so that tests and
//! benchmarks can score record linkage; the data are synthetic, so this reveals nothing.
//!
//! Every list says what happened to each victim and which kind of force did it, as
//! lists do, so that estimates can be split by violation and by perpetrator: killed
//! (`killing`, not the act's finer `extrajudicial-execution`: a list counts deaths,
//! it does not qualify them) or disappeared, and the perpetrator type of the
//! incident's first perpetrator when it was identified. Both come from the plan, not
//! from the random stream, so adding them changed no other value of a record.

use std::collections::BTreeMap;

use memoria_core::entity::{AgeRange, Record};
use memoria_core::{Entity, RecordId};
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use crate::names::{Name, Part, Tradition, strip_accents, transliteration_variant, typo};
use crate::plan::{DateForm, PlaceKnown, Plan, Victim, date_text, day};
use crate::rng::{chance, new_id, weighted};
use crate::world::{Force, World, edtf};

/// The key in `Record::extra` that holds the true person id.
pub const DEMO_PERSON_KEY: &str = "demo_person";

/// How one list captures and writes victims.
struct Style {
    /// Log-odds of capture: base, then per region, then for a killing (rather than a
    /// disappearance), then per unit of visibility, then for 2019 onwards.
    base: f64,
    region: [f64; 6],
    killed: f64,
    visibility: f64,
    recent: f64,
    /// Chance that a captured victim appears twice in the list.
    duplicate: f64,
    typo: f64,
    no_accents: f64,
    /// Spanish: the maternal surname left out; the two surnames swapped.
    drop_maternal: f64,
    swap_surnames: f64,
    /// Arabic: another transliteration for each part; the chain cut short.
    transliterate: f64,
    shorten_chain: f64,
}

const STYLES: [Style; 3] = [
    // The NGO's own database: careful, strongest on disappearances and in the capital.
    Style {
        base: -0.6,
        region: [0.6, 0.3, 0.2, -0.5, 0.0, -0.8],
        killed: -0.3,
        visibility: 0.8,
        recent: 0.2,
        duplicate: 0.01,
        typo: 0.04,
        no_accents: 0.12,
        drop_maternal: 0.1,
        swap_surnames: 0.03,
        transliterate: 0.2,
        shorten_chain: 0.1,
    },
    // Parish records: funerals more than disappearances, hardly any in Wadi Zahrun.
    Style {
        base: -1.4,
        region: [0.2, 0.9, 0.7, -2.2, 0.7, -0.3],
        killed: 0.7,
        visibility: 0.4,
        recent: -0.2,
        duplicate: 0.02,
        typo: 0.1,
        no_accents: 0.5,
        drop_maternal: 0.15,
        swap_surnames: 0.06,
        transliterate: 0.5,
        shorten_chain: 0.4,
    },
    // The press: killings and prominent people, the capital first.
    Style {
        base: -1.4,
        region: [0.9, 0.0, 0.2, -0.4, -0.2, -0.9],
        killed: 0.8,
        visibility: 1.0,
        recent: 0.3,
        duplicate: 0.05,
        typo: 0.08,
        no_accents: 0.35,
        drop_maternal: 0.35,
        swap_surnames: 0.04,
        transliterate: 0.7,
        shorten_chain: 0.5,
    },
];

/// The chance that list `list` holds victim `v` of `plan`.
pub(crate) fn capture_probability(list: usize, plan: &Plan, v: &Victim) -> f64 {
    let s = &STYLES[list];
    let mut x = s.base + s.region[plan.region] + s.visibility * v.visibility;
    if v.killed {
        x += s.killed;
    }
    if plan.year >= 2019 {
        x += s.recent;
    }
    1.0 / (1.0 + (-x).exp())
}

/// The records list `list` holds about the victims of `plan`. `serial` numbers the
/// list's records across incidents.
pub(crate) fn emit_records(
    world: &World,
    plan: &Plan,
    list: usize,
    rng: &mut ChaCha8Rng,
    serial: &mut usize,
    emit: &mut dyn FnMut(RecordId, Entity),
) {
    let style = &STYLES[list];
    for v in &plan.victims {
        let Some(name) = v.name().filter(|_| v.listed) else {
            continue;
        };
        if !chance(rng, capture_probability(list, plan, v)) {
            continue;
        }
        let copies = if chance(rng, style.duplicate) { 2 } else { 1 };
        for _ in 0..copies {
            *serial += 1;
            let record = record(world, plan, v, name, list, *serial, rng);
            emit(new_id(rng), Entity::Record(record));
        }
    }
}

fn record(
    world: &World,
    plan: &Plan,
    v: &Victim,
    name: &Name,
    list: usize,
    serial: usize,
    rng: &mut ChaCha8Rng,
) -> Record {
    let style = &STYLES[list];
    let spelled = spell(rng, name, style);
    let (given, family) = spelled.fields();
    let mut rec = Record {
        list: world.lists[list],
        external_id: None,
        name: None,
        given_name: None,
        family_name: None,
        sex: None,
        age: None,
        birth_date: None,
        date: None,
        place: None,
        violation: None,
        perpetrator: None,
        extra: BTreeMap::new(),
    };
    rec.extra
        .insert(DEMO_PERSON_KEY.to_string(), v.id.to_string());
    rec.violation = Some(reported_violation(v).to_string());
    rec.perpetrator = reported_perpetrator(plan).map(str::to_string);
    let sex = if name.female { "female" } else { "male" };
    let true_age = v.age;
    let slipped_age = Some(off_by_one(rng, true_age));
    match list {
        0 => {
            rec.external_id = Some(format!("VCHR-{serial:05}"));
            if name.arabic_script && chance(rng, 0.15) {
                // Entered as the family wrote it, in Arabic script.
                rec.name = name.arabic();
            } else {
                rec.given_name = Some(given);
                rec.family_name = Some(family).filter(|f| !f.is_empty());
            }
            rec.sex = chance(rng, 0.97).then(|| sex.to_string());
            rec.age = weighted(
                rng,
                &[
                    (Some(AgeRange::exact(u16::from(true_age))), 80),
                    (slipped_age, 8),
                    (None, 12),
                ],
            );
            rec.date = list_date(rng, plan, &[(0, 75), (1, 10), (2, 10), (3, 5)]);
            rec.place = match plan.place_known {
                PlaceKnown::Locality => Some(world.localities[plan.locality].id),
                _ => Some(world.districts[plan.district].id),
            };
        }
        1 => {
            let year = day(plan.day).year;
            rec.external_id = Some(format!("SE-{year}-{serial:05}"));
            // Parish registers file people surname first, often in capitals.
            let full = if chance(rng, 0.6) && !family.is_empty() {
                let fam = if chance(rng, 0.7) {
                    family.to_uppercase()
                } else {
                    family
                };
                format!("{fam}, {given}")
            } else {
                spelled.full()
            };
            rec.name = Some(full);
            rec.sex = chance(rng, 0.9).then(|| sex.to_string());
            let a = u16::from(true_age);
            rec.age = weighted(
                rng,
                &[
                    (Some(AgeRange::exact(a)), 35),
                    (
                        Some(AgeRange {
                            min: a.saturating_sub(2),
                            max: a + 2,
                        }),
                        25,
                    ),
                    (slipped_age, 10),
                    (None, 30),
                ],
            );
            rec.date = list_date(rng, plan, &[(0, 35), (1, 15), (2, 40), (3, 10)]);
            rec.place = Some(world.districts[plan.district].id);
        }
        _ => {
            rec.external_id = Some(format!("PM-{serial:06}"));
            let first_given = spelled
                .given
                .split([' ', '-'])
                .next()
                .unwrap_or("")
                .to_string();
            let initials = || -> String {
                spelled
                    .given
                    .split([' ', '-'])
                    .filter_map(|w| w.chars().next())
                    .map(|c| format!("{c}."))
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            let first_family = family.split(' ').next().unwrap_or("").to_string();
            let form = weighted(rng, &[(0, 55), (1, 7), (2, 10), (3, 20), (4, 8)]);
            let text = match form {
                0 => spelled.full(),
                1 => first_given,
                2 => format!("{} {family}", initials()),
                3 if name.tradition == Tradition::Spanish => {
                    format!("{first_given} {first_family}")
                }
                3 => format!("{first_given} {family}"),
                _ => spelled.full().to_lowercase(),
            };
            rec.name = Some(text.trim().to_string());
            rec.sex = chance(rng, 0.5).then(|| sex.to_string());
            let a = u16::from(true_age);
            rec.age = weighted(
                rng,
                &[
                    (Some(AgeRange::exact(a)), 40),
                    (
                        Some(AgeRange {
                            min: a.saturating_sub(3),
                            max: a + 3,
                        }),
                        20,
                    ),
                    (slipped_age, 10),
                    (None, 30),
                ],
            );
            // The press dates a death by the day it reported it.
            rec.date = list_date(rng, plan, &[(0, 55), (1, 30), (2, 10), (3, 5)]);
            rec.place = weighted(
                rng,
                &[
                    (Some(world.regions[plan.region].id), 30),
                    (Some(world.districts[plan.district].id), 40),
                    (None, 30),
                ],
            );
        }
    }
    rec
}

/// What a list says happened to a listed victim: a killing when any act killed them
/// (a disappearance that ended in death is counted as a death), else a disappearance,
/// the only other violation the lists count.
fn reported_violation(v: &Victim) -> &'static str {
    if v.killed {
        "killing"
    } else {
        "enforced-disappearance"
    }
}

/// The kind of perpetrator a list names: the incident's first (leading) force, when
/// anyone could tell which force it was. Every act of an incident has the same
/// perpetrators, so this is the perpetrator of the victim's act.
fn reported_perpetrator(plan: &Plan) -> Option<&'static str> {
    plan.perps
        .first()
        .and_then(|p| p.force)
        .map(Force::perpetrator_type)
}

fn off_by_one(rng: &mut impl Rng, age: u8) -> AgeRange {
    let a = u16::from(age);
    AgeRange::exact(if a > 1 && chance(rng, 0.5) {
        a - 1
    } else {
        a + 1
    })
}

/// The date of the violation as the list gives it. `weights` are for: the true day, a
/// day shifted by up to four days, the month only, no date.
fn list_date(rng: &mut impl Rng, plan: &Plan, weights: &[(u8, u32)]) -> Option<memoria_core::Edtf> {
    let text = match weighted(rng, weights) {
        0 => date_text(plan.day, DateForm::Day),
        1 => {
            let shift = rng.random_range(1..=4) * if chance(rng, 0.7) { 1 } else { -1 };
            date_text(plan.day + shift, DateForm::Day)
        }
        2 => date_text(plan.day, DateForm::Month),
        _ => return None,
    };
    Some(edtf(&text))
}

/// The name as this list spells it.
struct Spelled {
    given: String,
    /// A father's name or patronymic chain (`bin Ali bin Hasan`), possibly empty.
    middle: String,
    /// The surname(s); empty for an Arabic chain without a family name.
    family: String,
}

impl Spelled {
    /// The given-name and family-name fields as a careful data entry splits them: the
    /// middle part goes with the given names when there is a family name to file the
    /// person under, and stands for the surname when there is not.
    fn fields(&self) -> (String, String) {
        match (self.middle.is_empty(), self.family.is_empty()) {
            (true, _) => (self.given.clone(), self.family.clone()),
            (false, true) => (self.given.clone(), self.middle.clone()),
            (false, false) => (
                format!("{} {}", self.given, self.middle),
                self.family.clone(),
            ),
        }
    }

    fn full(&self) -> String {
        [&self.given, &self.middle, &self.family]
            .into_iter()
            .filter(|s| !s.is_empty())
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join(" ")
    }
}

fn spell(rng: &mut impl Rng, name: &Name, style: &Style) -> Spelled {
    let mut parts = name.parts();
    match name.tradition {
        Tradition::Spanish if parts.iter().any(|p| matches!(p, Part::Family2(_))) => {
            if chance(rng, style.drop_maternal) {
                parts.retain(|p| !matches!(p, Part::Family2(_)));
            } else if chance(rng, style.swap_surnames) {
                let i = parts.iter().position(|p| matches!(p, Part::Family(_)));
                let j = parts.iter().position(|p| matches!(p, Part::Family2(_)));
                if let (Some(i), Some(j)) = (i, j) {
                    parts.swap(i, j);
                }
            }
        }
        Tradition::Arabic if chance(rng, style.shorten_chain) => {
            // Keep the given name, the father's name and the family name; lists often
            // drop the grandfather or the particles.
            let mut fathers = 0;
            parts.retain(|p| match p {
                Part::Particle(_) => false,
                Part::Father(_) => {
                    fathers += 1;
                    fathers == 1
                }
                _ => true,
            });
        }
        _ => {}
    }
    let transliterate = name.tradition == Tradition::Arabic && chance(rng, style.transliterate);
    let (mut given, mut middle, mut family) = (Vec::new(), Vec::new(), Vec::new());
    for p in &parts {
        let word = match p {
            Part::Particle(x) if transliterate => {
                let alt: &[&str] = if *x == "bint" {
                    &["bint", "bent", "bt."]
                } else {
                    &["bin", "ben", "ibn", "b."]
                };
                alt[rng.random_range(0..alt.len())].to_string()
            }
            Part::Particle(x) => x.to_string(),
            other => {
                let e = other.entry().expect("only particles have no entry");
                if transliterate && chance(rng, 0.7) {
                    transliteration_variant(rng, e).to_string()
                } else {
                    e.latin.to_string()
                }
            }
        };
        match p {
            Part::Given(_) | Part::Given2(_) => given.push(word),
            Part::Particle(_) | Part::Father(_) => middle.push(word),
            Part::Family(_) | Part::Family2(_) => family.push(word),
        }
    }
    let sep = if name.tradition == Tradition::French {
        "-"
    } else {
        " "
    };
    let mut out = Spelled {
        given: given.join(sep),
        middle: middle.join(" "),
        family: family.join(" "),
    };
    if chance(rng, style.no_accents) {
        for s in [&mut out.given, &mut out.middle, &mut out.family] {
            *s = strip_accents(s);
        }
    }
    if chance(rng, style.typo) {
        let target = match rng.random_range(0..3) {
            0 => &mut out.given,
            1 if !out.middle.is_empty() => &mut out.middle,
            _ if !out.family.is_empty() => &mut out.family,
            _ => &mut out.given,
        };
        *target = typo(rng, target);
    }
    out
}
