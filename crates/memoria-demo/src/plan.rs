//! What happened in one incident: drawn from the incident's own stream, identically in
//! every pass, so that the generator never holds more than one incident in memory.
//!
//! A plan holds what more than one pass needs (ids, who the victims are, their names
//! and ages, the dates, the sources); each pass adds what only it needs from a stream of
//! its own. The story of the country is written into the weights: an insurgency in Wadi
//! Zahrun from 2015 and a counter-insurgency there and in Nyasoro in 2016–2017, a
//! crackdown on protests after the disputed election of late 2019, a quieter 2020 under
//! a state of emergency, paramilitary violence in Upper Ormelle from 2021, and a new
//! wave of disappearances in 2022.

use memoria_core::RecordId;
use memoria_core::edtf::Day;
use memoria_core::grade::Reliability;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use crate::names::Name;
use crate::rng::{chance, new_id, normalish, weighted, weighted_index};
use crate::world::{FIRST_YEAR, Force, LAST_YEAR, World};

/// How many incidents fall in each year, 2015–2022: a crackdown in 2019, a lull in 2020.
const YEAR_WEIGHTS: [u32; 8] = [7, 10, 12, 9, 25, 6, 13, 18];

/// Where the incidents of each year happen, by region.
const REGION_WEIGHTS: [[u32; 6]; 8] = [
    [10, 6, 5, 25, 4, 6],
    [10, 6, 5, 30, 4, 18],
    [10, 7, 5, 28, 5, 20],
    [14, 8, 7, 15, 6, 8],
    [40, 18, 16, 8, 10, 6],
    [12, 8, 6, 8, 6, 5],
    [15, 8, 8, 8, 30, 6],
    [20, 12, 8, 10, 22, 8],
];

/// Kinds of incident, each a typical sequence of acts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Template {
    ProtestArrests,
    HouseRaid,
    TargetedKilling,
    Abduction,
    CustodialTorture,
    VillageAttack,
    CustodySexualViolence,
    Checkpoint,
}

/// The violations acts are coded with, each mapped to a `violation-types` code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Violation {
    Execution,
    CivilianKilling,
    Disappearance,
    Torture,
    IllTreatment,
    Detention,
    SexualViolence,
    Displacement,
    PropertyDestruction,
}

impl Violation {
    pub fn code(self) -> &'static str {
        match self {
            Violation::Execution => "extrajudicial-execution",
            Violation::CivilianKilling => "killing-of-civilians",
            Violation::Disappearance => "enforced-disappearance",
            Violation::Torture => "torture",
            Violation::IllTreatment => "ill-treatment",
            Violation::Detention => "arbitrary-detention",
            Violation::SexualViolence => "sexual-and-gender-based-violence",
            Violation::Displacement => "forced-displacement",
            Violation::PropertyDestruction => "destruction-of-property",
        }
    }

    pub fn is_killing(self) -> bool {
        matches!(self, Violation::Execution | Violation::CivilianKilling)
    }

    /// Whether the lists of victims (killed and disappeared) count this violation.
    pub fn is_listed(self) -> bool {
        self.is_killing() || self == Violation::Disappearance
    }

    /// Rights the act violates, from the `rights` vocabulary.
    pub fn rights(self) -> &'static [&'static str] {
        match self {
            Violation::Execution | Violation::CivilianKilling => &["life"],
            Violation::Disappearance => &[
                "freedom-from-enforced-disappearance",
                "liberty-and-security",
                "recognition-as-a-person",
            ],
            Violation::Torture => &["freedom-from-torture", "humane-treatment-in-detention"],
            Violation::IllTreatment => &["humane-treatment-in-detention"],
            Violation::Detention => &["liberty-and-security", "fair-trial"],
            Violation::SexualViolence => &["freedom-from-torture"],
            Violation::Displacement => &["movement", "housing"],
            Violation::PropertyDestruction => &["property"],
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Sex {
    Female,
    Male,
    Unknown,
}

impl Sex {
    pub fn code(self) -> &'static str {
        match self {
            Sex::Female => "female",
            Sex::Male => "male",
            Sex::Unknown => "unknown",
        }
    }
}

/// How the person record states the age.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum AgeForm {
    Exact,
    /// "About 30": a range of a few years around the true age.
    Range(u8, u8),
    Unknown,
}

#[derive(Clone, Copy, Debug)]
pub(crate) enum VictimKind {
    Named(Name),
    /// A body or a person seen but not identified ("an unidentified man").
    Unidentified,
    /// Several people recorded as one victim, e.g. the residents of a village.
    Group(u32),
}

#[derive(Clone, Debug)]
pub(crate) struct Victim {
    pub id: RecordId,
    pub kind: VictimKind,
    pub sex: Sex,
    /// The true age at the time of the incident.
    pub age: u8,
    pub age_form: AgeForm,
    pub occupation: Occupation,
    /// A latent trait shared by all lists: how visible the person was (an activist, a
    /// well-known family). It makes captures depend on each other, as in real lists.
    pub visibility: f64,
    /// Killed or disappeared: the population the three lists sample from.
    pub listed: bool,
    pub killed: bool,
}

impl Victim {
    pub fn name(&self) -> Option<&Name> {
        match &self.kind {
            VictimKind::Named(n) => Some(n),
            _ => None,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Occupation {
    Student,
    Farmer,
    Trader,
    Teacher,
    Driver,
    Labourer,
    Nurse,
    Journalist,
    TradeUnionist,
    Defender,
    Mechanic,
    Shopkeeper,
    Fisher,
    Herder,
    Lawyer,
    Unemployed,
}

impl Occupation {
    pub fn en(self) -> &'static str {
        match self {
            Occupation::Student => "student",
            Occupation::Farmer => "farmer",
            Occupation::Trader => "market trader",
            Occupation::Teacher => "teacher",
            Occupation::Driver => "taxi driver",
            Occupation::Labourer => "day labourer",
            Occupation::Nurse => "nurse",
            Occupation::Journalist => "journalist",
            Occupation::TradeUnionist => "trade unionist",
            Occupation::Defender => "human rights defender",
            Occupation::Mechanic => "mechanic",
            Occupation::Shopkeeper => "shopkeeper",
            Occupation::Fisher => "fisher",
            Occupation::Herder => "herder",
            Occupation::Lawyer => "lawyer",
            Occupation::Unemployed => "unemployed young person",
        }
    }

    fn visibility(self) -> f64 {
        match self {
            Occupation::Journalist => 1.2,
            Occupation::Defender => 1.4,
            Occupation::TradeUnionist => 0.8,
            Occupation::Lawyer => 0.9,
            Occupation::Teacher => 0.3,
            _ => 0.0,
        }
    }
}

/// Who told the documentalists, and how far they are believed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum SourceKind {
    /// The victim, by index into the victims.
    VictimTestimony(u8),
    /// A relative, by index into the witnesses.
    RelativeTestimony(u8),
    WitnessTestimony(u8),
    /// A news outlet, by index into [`crate::text::OUTLETS`].
    Media(u8),
    OfficialStatement,
    CourtRecord,
    MedicalRecord,
    ForensicReport,
}

impl SourceKind {
    pub fn code(self) -> &'static str {
        match self {
            SourceKind::VictimTestimony(_) => "victim-testimony",
            SourceKind::RelativeTestimony(_) => "relative-testimony",
            SourceKind::WitnessTestimony(_) => "witness-testimony",
            SourceKind::Media(_) => "media-report",
            SourceKind::OfficialStatement => "official-statement",
            SourceKind::CourtRecord => "court-record",
            SourceKind::MedicalRecord => "medical-record",
            SourceKind::ForensicReport => "forensic-report",
        }
    }
}

#[derive(Clone, Debug)]
pub(crate) struct SourcePlan {
    pub id: RecordId,
    pub kind: SourceKind,
    pub reliability: Reliability,
    pub credibility: u8,
    /// Days between the incident and the interview or publication.
    pub delay: i64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Relation {
    Mother,
    Father,
    Sibling,
    Spouse,
    Neighbour,
    Colleague,
    Bystander,
}

impl Relation {
    pub fn en(self) -> &'static str {
        match self {
            Relation::Mother => "the victim's mother",
            Relation::Father => "the victim's father",
            Relation::Sibling => "a sibling of the victim",
            Relation::Spouse => "the victim's spouse",
            Relation::Neighbour => "a neighbour",
            Relation::Colleague => "a colleague of the victim",
            Relation::Bystander => "a bystander",
        }
    }

    pub fn is_relative(self) -> bool {
        matches!(
            self,
            Relation::Mother | Relation::Father | Relation::Sibling | Relation::Spouse
        )
    }
}

#[derive(Clone, Debug)]
pub(crate) struct Witness {
    pub id: RecordId,
    pub name: Name,
    pub relation: Relation,
}

#[derive(Clone, Copy, Debug)]
pub(crate) struct PerpPlan {
    /// `None`: the perpetrators could not be identified.
    pub force: Option<Force>,
    /// Index into the world's organisations, when the unit is known.
    pub org: Option<usize>,
    /// Index into the world's officers, when a commander is named.
    pub officer: Option<usize>,
}

/// The act's own date, when it differs from the incident's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ActDate {
    /// The incident's date.
    Same,
    /// A detention from the incident's day to this day.
    Until(i64),
    /// A disappearance that began on the incident's day and goes on.
    Ongoing,
}

#[derive(Clone, Debug)]
pub(crate) struct ActPlan {
    pub id: RecordId,
    pub violation: Violation,
    /// Bit i set: victim i suffered this act.
    pub victims: u32,
    pub date: ActDate,
}

impl ActPlan {
    /// The act's own date as EDTF, if it has one.
    pub fn date_text(&self, plan: &Plan) -> Option<String> {
        let start = day(plan.day);
        match self.date {
            ActDate::Same => None,
            ActDate::Until(end) => Some(format!("{start}/{}", day(end))),
            ActDate::Ongoing => Some(format!("{start}/..")),
        }
    }
}

/// How precisely the incident's date is known.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum DateForm {
    Day,
    ApproxDay,
    Month,
    UncertainMonth,
    /// Between `before` days before and `after` days after the true day.
    Range(u8, u8),
    /// The true month, and one month on either side.
    MonthRange,
    Year,
    UncertainYear,
    /// A known day of an unknown month (`2017-XX-15`).
    UnknownMonth,
    Season,
    /// "Before the end of that month": an open start.
    Before,
}

/// Where the incident record points: how precisely the place is known.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum PlaceKnown {
    Locality,
    District,
    Region,
    Unknown,
}

#[derive(Clone, Debug)]
pub(crate) struct Plan {
    pub index: usize,
    pub id: RecordId,
    pub template: Template,
    pub year: i32,
    /// The day it really happened, in days since 1970-01-01.
    pub day: i64,
    pub date_form: DateForm,
    pub region: usize,
    pub district: usize,
    pub locality: usize,
    pub place_known: PlaceKnown,
    pub victims: Vec<Victim>,
    pub witnesses: Vec<Witness>,
    pub acts: Vec<ActPlan>,
    pub sources: Vec<SourcePlan>,
    /// Who did it; every act of an incident has the same perpetrators.
    pub perps: Vec<PerpPlan>,
    /// The force mainly responsible, for titles and interventions.
    pub force: Option<Force>,
}

impl Plan {
    /// Draws incident `index` from its plan stream.
    pub fn draw(world: &World, index: usize, rng: &mut ChaCha8Rng) -> Plan {
        let id = new_id(rng);
        let year_i = weighted_index(rng, &YEAR_WEIGHTS);
        let year = FIRST_YEAR + year_i as i32;
        debug_assert!(year <= LAST_YEAR);
        let region = weighted_index(rng, &REGION_WEIGHTS[year_i]);
        // The first district of each region is its most populous.
        let district = world.region_districts[region][weighted_index(rng, &[5, 3, 2, 2])];
        let locs = world.districts[district].localities.clone();
        let locality = rng.random_range(locs);
        let day = draw_day(rng, year);
        let template = draw_template(rng, year, region);
        let date_form = draw_date_form(rng, year, template);
        let place_known = weighted(
            rng,
            &[
                (PlaceKnown::Locality, 75),
                (PlaceKnown::District, 15),
                (PlaceKnown::Region, 8),
                (PlaceKnown::Unknown, 2),
            ],
        );

        let mut plan = Plan {
            index,
            id,
            template,
            year,
            day,
            date_form,
            region,
            district,
            locality,
            place_known,
            victims: Vec::new(),
            witnesses: Vec::new(),
            acts: Vec::new(),
            sources: Vec::new(),
            perps: Vec::new(),
            force: None,
        };
        plan.draw_acts(world, rng);
        plan.draw_sources(world, rng);
        plan
    }

    fn add_victims(&mut self, world: &World, rng: &mut ChaCha8Rng, n: usize, male: f64) -> u32 {
        let mut mask = 0;
        for _ in 0..n {
            if self.victims.len() >= 31 {
                break;
            }
            let v = draw_victim(world, rng, self.region, male, self.template);
            mask |= 1 << self.victims.len();
            self.victims.push(v);
        }
        mask
    }

    fn add_group(&mut self, rng: &mut ChaCha8Rng, size: u32) -> u32 {
        let v = Victim {
            id: new_id(rng),
            kind: VictimKind::Group(size),
            sex: Sex::Unknown,
            age: 0,
            age_form: AgeForm::Unknown,
            occupation: Occupation::Unemployed,
            visibility: 0.0,
            listed: false,
            killed: false,
        };
        let bit = 1 << self.victims.len();
        self.victims.push(v);
        bit
    }

    fn act(&mut self, rng: &mut ChaCha8Rng, violation: Violation, victims: u32) {
        if victims == 0 {
            return;
        }
        let date = act_date(rng, self, violation);
        self.acts.push(ActPlan {
            id: new_id(rng),
            violation,
            victims,
            date,
        });
    }

    /// The incident's date as EDTF.
    pub fn date(&self) -> String {
        date_text(self.day, self.date_form)
    }

    fn draw_acts(&mut self, world: &World, rng: &mut ChaCha8Rng) {
        self.perps = draw_perpetrators(world, rng, self.template, self.region, self.year);
        self.force = self.perps.first().and_then(|p| p.force);
        match self.template {
            Template::ProtestArrests => {
                let named = 2 + geometric(rng, 0.35, 8);
                let mut all = self.add_victims(world, rng, named, 0.8);
                if chance(rng, 0.4) {
                    let size = rng.random_range(5..=60);
                    all |= self.add_group(rng, size);
                }
                let named_mask = all & !self.group_mask();
                self.act(rng, Violation::Detention, all);
                if chance(rng, 0.3) {
                    let sub = subset(rng, named_mask, 3);
                    self.act(rng, Violation::Torture, sub);
                } else if chance(rng, 0.2) {
                    let sub = subset(rng, named_mask, 4);
                    self.act(rng, Violation::IllTreatment, sub);
                }
            }
            Template::HouseRaid => {
                let n = 1 + geometric(rng, 0.45, 3);
                let all = self.add_victims(world, rng, n, 0.75);
                self.act(rng, Violation::Detention, all);
                if chance(rng, 0.35) {
                    let sub = subset(rng, all, 2);
                    self.act(rng, Violation::Torture, sub);
                }
                if chance(rng, 0.12) {
                    let sub = subset(rng, all, 1);
                    self.act(rng, Violation::Disappearance, sub);
                }
            }
            Template::TargetedKilling => {
                let n = if chance(rng, 0.85) {
                    1
                } else {
                    rng.random_range(2..=3)
                };
                let all = self.add_victims(world, rng, n, 0.88);
                if chance(rng, 0.1) {
                    self.act(rng, Violation::Torture, all);
                }
                self.act(rng, Violation::Execution, all);
            }
            Template::Abduction => {
                let n = if chance(rng, 0.8) {
                    1
                } else {
                    rng.random_range(2..=4)
                };
                let all = self.add_victims(world, rng, n, 0.85);
                if chance(rng, 0.3) {
                    self.act(rng, Violation::Detention, all);
                }
                self.act(rng, Violation::Disappearance, all);
            }
            Template::CustodialTorture => {
                let n = if chance(rng, 0.8) { 1 } else { 2 };
                let all = self.add_victims(world, rng, n, 0.85);
                self.act(rng, Violation::Detention, all);
                self.act(rng, Violation::Torture, all);
            }
            Template::VillageAttack => {
                let killed = 1 + geometric(rng, 0.4, 7);
                let all = self.add_victims(world, rng, killed, 0.75);
                self.act(rng, Violation::CivilianKilling, all);
                if chance(rng, 0.7) {
                    let size = rng.random_range(20..=400);
                    let g = self.add_group(rng, size);
                    self.act(rng, Violation::Displacement, g);
                    if chance(rng, 0.5) {
                        self.act(rng, Violation::PropertyDestruction, g);
                    }
                }
                if chance(rng, 0.08) {
                    let sv = self.add_victims(world, rng, 1, 0.05);
                    self.act(rng, Violation::SexualViolence, sv);
                }
            }
            Template::CustodySexualViolence => {
                let all = self.add_victims(world, rng, 1, 0.15);
                self.act(rng, Violation::Detention, all);
                self.act(rng, Violation::SexualViolence, all);
            }
            Template::Checkpoint => {
                let n = if chance(rng, 0.75) { 1 } else { 2 };
                let all = self.add_victims(world, rng, n, 0.9);
                if chance(rng, 0.4) {
                    self.act(rng, Violation::Execution, all);
                } else {
                    self.act(rng, Violation::Detention, all);
                    if chance(rng, 0.2) {
                        self.act(rng, Violation::IllTreatment, all);
                    }
                }
            }
        }
        // Only named individuals go on the lists; unidentified ones cannot be matched.
        for act in &self.acts {
            if act.violation.is_listed() {
                for (i, v) in self.victims.iter_mut().enumerate() {
                    if act.victims & (1 << i) != 0 && matches!(v.kind, VictimKind::Named(_)) {
                        v.listed = true;
                        v.killed |= act.violation.is_killing();
                    }
                }
            }
        }
    }

    fn group_mask(&self) -> u32 {
        self.victims
            .iter()
            .enumerate()
            .filter(|(_, v)| matches!(v.kind, VictimKind::Group(_)))
            .fold(0, |m, (i, _)| m | 1 << i)
    }

    fn draw_sources(&mut self, world: &World, rng: &mut ChaCha8Rng) {
        use Reliability::*;
        let survivors: Vec<usize> = self
            .victims
            .iter()
            .enumerate()
            .filter(|(_, v)| matches!(v.kind, VictimKind::Named(_)) && !v.listed)
            .map(|(i, _)| i)
            .collect();
        let testimonies = weighted(rng, &[(0u8, 25), (1, 60), (2, 15)]);
        for _ in 0..testimonies {
            if !survivors.is_empty() && chance(rng, 0.6) {
                let v = survivors[rng.random_range(0..survivors.len())];
                let (rel, cred) = weighted(rng, &[((B, 2), 5), ((C, 2), 3), ((C, 3), 2)]);
                self.push_source(rng, SourceKind::VictimTestimony(v as u8), rel, cred, 3..90);
            } else {
                let relation = weighted(
                    rng,
                    &[
                        (Relation::Mother, 5),
                        (Relation::Father, 3),
                        (Relation::Sibling, 5),
                        (Relation::Spouse, 4),
                        (Relation::Neighbour, 4),
                        (Relation::Colleague, 2),
                        (Relation::Bystander, 3),
                    ],
                );
                let female = match relation {
                    Relation::Mother => true,
                    Relation::Father => false,
                    _ => chance(rng, 0.55),
                };
                let tradition = world.tradition(rng, self.region);
                let w = self.witnesses.len() as u8;
                self.witnesses.push(Witness {
                    id: new_id(rng),
                    name: Name::random(rng, tradition, female),
                    relation,
                });
                let kind = if relation.is_relative() {
                    SourceKind::RelativeTestimony(w)
                } else {
                    SourceKind::WitnessTestimony(w)
                };
                let (rel, cred) =
                    weighted(rng, &[((B, 2), 3), ((C, 2), 4), ((C, 3), 3), ((D, 3), 1)]);
                self.push_source(rng, kind, rel, cred, 2..120);
            }
        }
        let newsworthy = matches!(
            self.template,
            Template::ProtestArrests | Template::TargetedKilling | Template::VillageAttack
        );
        if chance(rng, if newsworthy { 0.65 } else { 0.3 }) {
            let outlet = crate::text::outlet_for(rng, self.region);
            let (rel, cred) = weighted(rng, &[((B, 3), 2), ((C, 3), 5), ((C, 4), 2), ((D, 4), 2)]);
            self.push_source(rng, SourceKind::Media(outlet), rel, cred, 0..4);
        }
        if chance(rng, 0.14) {
            let killed = self.acts.iter().any(|a| a.violation.is_killing());
            let tortured = self.acts.iter().any(|a| a.violation == Violation::Torture);
            let disappeared = self
                .acts
                .iter()
                .any(|a| a.violation == Violation::Disappearance);
            let kind = weighted(
                rng,
                &[
                    (SourceKind::OfficialStatement, 4),
                    (SourceKind::ForensicReport, if killed { 3 } else { 0 }),
                    (SourceKind::MedicalRecord, if tortured { 3 } else { 0 }),
                    (SourceKind::CourtRecord, if disappeared { 3 } else { 1 }),
                ],
            );
            let (rel, cred) = match kind {
                // Official statements routinely deny: graded low.
                SourceKind::OfficialStatement => {
                    weighted(rng, &[((D, 4), 3), ((E, 5), 2), ((C, 4), 1)])
                }
                _ => weighted(rng, &[((A, 2), 1), ((B, 2), 3), ((B, 1), 1)]),
            };
            self.push_source(rng, kind, rel, cred, 1..45);
        }
        if self.sources.is_empty() {
            // Every documented incident rests on at least one account.
            let tradition = world.tradition(rng, self.region);
            let female = chance(rng, 0.55);
            let w = self.witnesses.len() as u8;
            self.witnesses.push(Witness {
                id: new_id(rng),
                name: Name::random(rng, tradition, female),
                relation: Relation::Neighbour,
            });
            self.push_source(rng, SourceKind::WitnessTestimony(w), C, 3, 2..60);
        }
    }

    fn push_source(
        &mut self,
        rng: &mut ChaCha8Rng,
        kind: SourceKind,
        reliability: Reliability,
        credibility: u8,
        delay: std::ops::Range<i64>,
    ) {
        self.sources.push(SourcePlan {
            id: new_id(rng),
            kind,
            reliability,
            credibility,
            delay: rng.random_range(delay),
        });
    }

    pub fn place_id(&self, world: &World) -> Option<RecordId> {
        match self.place_known {
            PlaceKnown::Locality => Some(world.localities[self.locality].id),
            PlaceKnown::District => Some(world.districts[self.district].id),
            PlaceKnown::Region => Some(world.regions[self.region].id),
            PlaceKnown::Unknown => None,
        }
    }

    /// The victim ids of an act's mask.
    pub fn victim_ids(&self, mask: u32) -> Vec<RecordId> {
        self.victims
            .iter()
            .enumerate()
            .filter(|(i, _)| mask & (1 << i) != 0)
            .map(|(_, v)| v.id)
            .collect()
    }

    pub fn has(&self, v: Violation) -> bool {
        self.acts.iter().any(|a| a.violation == v)
    }

    /// The individual victims (not groups).
    pub fn individuals(&self) -> impl Iterator<Item = &Victim> {
        self.victims
            .iter()
            .filter(|v| !matches!(v.kind, VictimKind::Group(_)))
    }
}

/// 0, 1, 2, … with each further step taken with probability `p`, at most `max`.
fn geometric(rng: &mut impl Rng, p: f64, max: usize) -> usize {
    let mut n = 0;
    while n < max && chance(rng, p) {
        n += 1;
    }
    n
}

/// A non-empty random subset of the bits of `mask`, at most `max` of them.
fn subset(rng: &mut impl Rng, mask: u32, max: usize) -> u32 {
    let mut pool = [0u8; 32];
    let mut len = 0;
    for i in 0..32 {
        if mask & (1 << i) != 0 {
            pool[len] = i;
            len += 1;
        }
    }
    if len == 0 {
        return 0;
    }
    let k = rng.random_range(1..=len.min(max));
    let mut chosen = 0;
    for _ in 0..k {
        let i = rng.random_range(0..len);
        chosen |= 1 << pool[i];
        len -= 1;
        pool[i] = pool[len];
    }
    chosen
}

fn draw_day(rng: &mut impl Rng, year: i32) -> i64 {
    let start = Day::new(year, 1, 1).expect("a valid day").to_days();
    let end = Day::new(year, 12, 31).expect("a valid day").to_days();
    if year == 2019 && chance(rng, 0.65) {
        // The crackdown after the election of 13 October 2019.
        let from = Day::new(2019, 10, 14).expect("a valid day").to_days();
        return rng.random_range(from..=end);
    }
    rng.random_range(start..=end)
}

fn draw_template(rng: &mut impl Rng, year: i32, region: usize) -> Template {
    use Template::*;
    let mut w: [(Template, f64); 8] = [
        (ProtestArrests, 18.0),
        (HouseRaid, 22.0),
        (TargetedKilling, 12.0),
        (Abduction, 11.0),
        (CustodialTorture, 10.0),
        (VillageAttack, 6.0),
        (CustodySexualViolence, 3.0),
        (Checkpoint, 13.0),
    ];
    let conflict = (region == 3 && year <= 2018)
        || (region == 5 && (2016..=2017).contains(&year))
        || (region == 4 && year >= 2021);
    for (t, x) in &mut w {
        if conflict {
            *x *= match t {
                VillageAttack => 4.0,
                TargetedKilling | Checkpoint => 2.0,
                ProtestArrests => 0.3,
                _ => 1.0,
            };
        }
        if year == 2019 && region <= 2 {
            *x *= match t {
                ProtestArrests => 4.0,
                CustodialTorture => 2.0,
                Abduction => 1.5,
                VillageAttack => 0.2,
                _ => 1.0,
            };
        }
        if year == 2022 && *t == Abduction {
            *x *= 2.5;
        }
    }
    weighted(rng, &w.map(|(t, x)| (t, (x * 10.0) as u32)))
}

fn draw_date_form(rng: &mut impl Rng, year: i32, template: Template) -> DateForm {
    use DateForm::*;
    // Older incidents are remembered less precisely; disappearances are often known
    // only as "between last seen and first missed".
    let old = year <= 2016;
    let range = if template == Template::Abduction {
        20
    } else {
        10
    };
    weighted(
        rng,
        &[
            (Day, if old { 42 } else { 55 }),
            (ApproxDay, 3),
            (Month, if old { 18 } else { 12 }),
            (UncertainMonth, 6),
            (Range(0, 0), range),
            (MonthRange, 3),
            (Year, if old { 7 } else { 4 }),
            (UncertainYear, 1),
            (UnknownMonth, 1),
            (Season, 2),
            (Before, 1),
        ],
    )
    .with_range(rng)
}

impl DateForm {
    fn with_range(self, rng: &mut impl Rng) -> DateForm {
        match self {
            DateForm::Range(..) => {
                let before = rng.random_range(0..=4);
                let after = rng.random_range(1..=6);
                DateForm::Range(before, after)
            }
            other => other,
        }
    }
}

pub(crate) fn day(days: i64) -> Day {
    Day::from_days(days)
}

/// The EDTF text of the true day `d` written with precision `form`. The true day always
/// lies within the value's bounds.
pub(crate) fn date_text(d: i64, form: DateForm) -> String {
    let x = day(d);
    let (y, m, dd) = (x.year, x.month, x.day);
    match form {
        DateForm::Day => format!("{y:04}-{m:02}-{dd:02}"),
        DateForm::ApproxDay => format!("{y:04}-{m:02}-{dd:02}~"),
        DateForm::Month => format!("{y:04}-{m:02}"),
        DateForm::UncertainMonth => format!("{y:04}-{m:02}?"),
        DateForm::Range(before, after) => {
            let a = day(d - i64::from(before));
            let b = day(d + i64::from(after));
            format!("{a}/{b}")
        }
        DateForm::MonthRange => {
            let (py, pm) = if m == 1 { (y - 1, 12) } else { (y, m - 1) };
            let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
            format!("{py:04}-{pm:02}/{ny:04}-{nm:02}")
        }
        DateForm::Year => format!("{y:04}"),
        DateForm::UncertainYear => format!("{y:04}?"),
        DateForm::UnknownMonth => format!("{y:04}-XX-{dd:02}"),
        DateForm::Season => {
            // Meteorological seasons; January and February belong to the winter that
            // began the year before, so those are written as a plain month instead.
            match m {
                3..=5 => format!("{y:04}-21"),
                6..=8 => format!("{y:04}-22"),
                9..=11 => format!("{y:04}-23"),
                12 => format!("{y:04}-24"),
                _ => format!("{y:04}-{m:02}"),
            }
        }
        DateForm::Before => format!("../{y:04}-{m:02}"),
    }
}

/// The act's own date: how long a detention lasted, or a disappearance that goes on.
fn act_date(rng: &mut impl Rng, plan: &Plan, v: Violation) -> ActDate {
    if plan.date_form != DateForm::Day {
        return ActDate::Same;
    }
    match v {
        Violation::Detention if chance(rng, 0.35) => {
            ActDate::Until(plan.day + rng.random_range(1..=60))
        }
        Violation::Disappearance if chance(rng, 0.6) => ActDate::Ongoing,
        _ => ActDate::Same,
    }
}

fn draw_victim(
    world: &World,
    rng: &mut ChaCha8Rng,
    region: usize,
    male: f64,
    t: Template,
) -> Victim {
    let female = !chance(rng, male);
    let age = draw_age(rng);
    let unidentified_p = match t {
        Template::TargetedKilling => 0.08,
        Template::VillageAttack => 0.2,
        _ => 0.0,
    };
    let kind = if chance(rng, unidentified_p) {
        VictimKind::Unidentified
    } else {
        let tradition = world.tradition(rng, region);
        VictimKind::Named(Name::random(rng, tradition, female))
    };
    let named = matches!(kind, VictimKind::Named(_));
    let sex = if named && chance(rng, 0.03) {
        Sex::Unknown // the form was left blank
    } else if female {
        Sex::Female
    } else {
        Sex::Male
    };
    let age_form = if !named {
        let lo = age.saturating_sub(rng.random_range(3..=6)).max(1);
        AgeForm::Range(lo, age + rng.random_range(3..=6))
    } else {
        weighted(
            rng,
            &[
                (AgeForm::Exact, 70),
                (AgeForm::Range(age.saturating_sub(2), age + 2), 12),
                (AgeForm::Unknown, 18),
            ],
        )
    };
    let occupation = draw_occupation(rng, age, region, female);
    let visibility = normalish(rng) + occupation.visibility();
    Victim {
        id: new_id(rng),
        kind,
        sex,
        age,
        age_form,
        occupation,
        visibility,
        listed: false,
        killed: false,
    }
}

fn draw_age(rng: &mut impl Rng) -> u8 {
    let r: f64 = rng.random();
    if r < 0.06 {
        rng.random_range(12..=17)
    } else if r < 0.93 {
        // Skewed towards the young: the smaller of two uniform draws.
        let a = rng.random_range(0..42u8);
        let b = rng.random_range(0..42u8);
        18 + a.min(b)
    } else {
        rng.random_range(60..=82)
    }
}

fn draw_occupation(rng: &mut impl Rng, age: u8, region: usize, female: bool) -> Occupation {
    use Occupation::*;
    if age < 18 || (age < 25 && chance(rng, 0.5)) {
        return Student;
    }
    let rural = matches!(region, 1 | 3 | 5);
    weighted(
        rng,
        &[
            (Farmer, if rural { 20 } else { 4 }),
            (Trader, 8),
            (Teacher, 5),
            (Driver, if female { 1 } else { 6 }),
            (Labourer, 10),
            (Nurse, if female { 5 } else { 1 }),
            (Journalist, 2),
            (TradeUnionist, 2),
            (Defender, 2),
            (Mechanic, if female { 0 } else { 4 }),
            (Shopkeeper, 6),
            (Fisher, if region == 2 { 8 } else { 0 }),
            (Herder, if region == 3 { 8 } else { 1 }),
            (Lawyer, 1),
            (Unemployed, if age < 30 { 6 } else { 2 }),
        ],
    )
}

/// Who did it: one unit (sometimes with its commander named), sometimes two forces in
/// a joint operation, or only a type ("unidentified armed men").
fn draw_perpetrators(
    world: &World,
    rng: &mut ChaCha8Rng,
    t: Template,
    region: usize,
    year: i32,
) -> Vec<PerpPlan> {
    use Force::*;
    let armed = if region == 3 && year <= 2019 { 12 } else { 0 };
    let para = if region == 4 && year >= 2021 { 30 } else { 8 };
    // Weights of the police, intelligence, the army, paramilitaries, the armed group, and
    // unidentified perpetrators.
    let w: [u32; 6] = match t {
        Template::ProtestArrests => [85, 0, 8, 4, 0, 3],
        Template::HouseRaid => [55, 15, 15, 0, 0, 15],
        Template::TargetedKilling => [15, 0, 15, para, armed, 35],
        Template::Abduction => [15, 30, 0, 10, 0, 45],
        Template::CustodialTorture => [65, 20, 15, 0, 0, 0],
        Template::VillageAttack => [0, 0, 45, para + 10, armed + 3, 10],
        Template::CustodySexualViolence => [60, 10, 30, 0, 0, 0],
        Template::Checkpoint => [35, 0, 55, 10, 0, 0],
    };
    let weights = [
        (Some(Police), w[0]),
        (Some(Intelligence), w[1]),
        (Some(Military), w[2]),
        (Some(Paramilitary), w[3]),
        (Some(Armed), w[4]),
        (None, w[5]),
    ];
    let Some(force) = weighted(rng, &weights) else {
        return vec![PerpPlan {
            force: None,
            org: None,
            officer: None,
        }];
    };
    let mut out = vec![draw_unit(world, rng, force, region)];
    // Joint operations: the police with the army, or the army with the paramilitaries.
    if matches!(force, Military | Police) && chance(rng, 0.1) {
        let other = if force == Police {
            Military
        } else {
            Paramilitary
        };
        out.push(draw_unit(world, rng, other, region));
    }
    out
}

fn draw_unit(world: &World, rng: &mut ChaCha8Rng, force: Force, region: usize) -> PerpPlan {
    let units = world.units(force, region);
    // Witnesses often recognise only the uniform, not the unit.
    let org = if units.is_empty() || chance(rng, 0.2) {
        None
    } else {
        Some(weighted(rng, units))
    };
    let officer = org.and_then(|o| world.commander[o].filter(|_| chance(rng, 0.15)));
    PerpPlan {
        force: Some(force),
        org,
        officer,
    }
}
