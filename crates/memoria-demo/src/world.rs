//! The fictional country: its places, its state and armed organisations, and the
//! records every incident can point at (the collection, annual reports, source lists).
//!
//! The Republic of Valdoria does not exist. Its ISO 3166 code `XV` is one of the codes
//! the standard leaves to users (XA–XZ), so it can never collide with a real country,
//! and its coordinates lie in the open South Atlantic, so that a map of the demonstration
//! data shows no real place. Place names are invented; the map is the same for every
//! seed (it comes from a fixed stream), while record ids follow the seed.
//!
//! Everything here is small (a few hundred records) and kept in memory for the whole
//! run, since incidents refer to it.

use std::collections::BTreeSet;

use memoria_core::entity::{
    Collection, NameUse, Organization, Person, PersonName, Role, Sensitivity,
};
use memoria_core::entity::{Place, Source, SourceList};
use memoria_core::grade::{Credibility, Reliability};
use memoria_core::place::{GeoPoint, PlaceLevel};
use memoria_core::text::MultiText;
use memoria_core::{Edtf, Entity, RecordId};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::names::{Name, Tradition};
use crate::rng::{Streams, chance, new_id, pick};

/// The seed of the map, fixed so that every demonstration shows the same country.
const GEOGRAPHY_SEED: u64 = 0x5641_4c44_4f52_4941; // "VALDORIA"

pub(crate) const FIRST_YEAR: i32 = 2015;
pub(crate) const LAST_YEAR: i32 = 2022;

/// The language a region's records are also written in, beside English.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Lang {
    Es,
    Fr,
    Ar,
    None,
}

pub(crate) struct RegionDef {
    pub code: &'static str,
    pub en: &'static str,
    pub es: &'static str,
    pub fr: &'static str,
    pub ar: &'static str,
    pub lat: f64,
    pub lon: f64,
    /// District names, with an Arabic-script form where the region writes one.
    districts: [(&'static str, &'static str); 4],
    /// How likely a resident's name follows each tradition, in the order of
    /// [`TRADITIONS`].
    traditions: [u32; 5],
    lang: Lang,
    style: Style,
}

/// How the region's locality names are made up.
#[derive(Clone, Copy)]
enum Style {
    Spanish,
    Arabic,
    French,
    Swahili,
}

pub(crate) const TRADITIONS: [Tradition; 5] = [
    Tradition::Spanish,
    Tradition::Arabic,
    Tradition::French,
    Tradition::EastAfrican,
    Tradition::Slavic,
];

pub(crate) const REGIONS: [RegionDef; 6] = [
    RegionDef {
        code: "XV-01",
        en: "Capital Region",
        es: "Región Capital",
        fr: "Région capitale",
        ar: "منطقة العاصمة",
        lat: -30.2,
        lon: -24.6,
        districts: [
            ("Valdor Centro", ""),
            ("Quintalba", ""),
            ("San Ebrio", ""),
            ("Los Mirtales", ""),
        ],
        traditions: [55, 15, 12, 10, 8],
        lang: Lang::Es,
        style: Style::Spanish,
    },
    RegionDef {
        code: "XV-02",
        en: "Sierra Alta",
        es: "Sierra Alta",
        fr: "Sierra Alta",
        ar: "",
        lat: -29.3,
        lon: -25.7,
        districts: [
            ("Tobaris", ""),
            ("Arcanejo", ""),
            ("Villasoria", ""),
            ("Pradolén", ""),
        ],
        traditions: [85, 5, 5, 0, 5],
        lang: Lang::Es,
        style: Style::Spanish,
    },
    RegionDef {
        code: "XV-03",
        en: "Costa Serena",
        es: "Costa Serena",
        fr: "Costa Serena",
        ar: "",
        lat: -31.4,
        lon: -23.3,
        districts: [
            ("Marisal", ""),
            ("Puerto Ondaro", ""),
            ("Calatrí", ""),
            ("Esterán", ""),
        ],
        traditions: [75, 5, 5, 5, 10],
        lang: Lang::Es,
        style: Style::Spanish,
    },
    RegionDef {
        code: "XV-04",
        en: "Wadi Zahrun",
        es: "Wadi Zahrun",
        fr: "Wadi Zahrun",
        ar: "وادي زهرون",
        lat: -28.6,
        lon: -23.6,
        districts: [
            ("Qasr Nadim", "قصر نديم"),
            ("Bir Sahla", "بئر سهلة"),
            ("Ain Jumar", "عين جمار"),
            ("Tell Warda", "تل وردة"),
        ],
        traditions: [8, 85, 7, 0, 0],
        lang: Lang::Ar,
        style: Style::Arabic,
    },
    RegionDef {
        code: "XV-05",
        en: "Upper Ormelle",
        es: "Alta Ormelle",
        fr: "Haute-Ormelle",
        ar: "",
        lat: -31.7,
        lon: -25.8,
        districts: [
            ("Saint-Orvin", ""),
            ("Beaumirail", ""),
            ("Val-d'Escaude", ""),
            ("Montclaret", ""),
        ],
        traditions: [10, 10, 75, 5, 0],
        lang: Lang::Fr,
        style: Style::French,
    },
    RegionDef {
        code: "XV-06",
        en: "Nyasoro",
        es: "Nyasoro",
        fr: "Nyasoro",
        ar: "",
        lat: -29.4,
        lon: -22.4,
        districts: [
            ("Kiwelu", ""),
            ("Njiwara", ""),
            ("Mlambo Juu", ""),
            ("Tazamba", ""),
        ],
        traditions: [10, 10, 0, 80, 0],
        lang: Lang::None,
        style: Style::Swahili,
    },
];

pub(crate) struct Region {
    pub id: RecordId,
    pub def_index: usize,
}

pub(crate) struct District {
    pub id: RecordId,
    pub region: usize,
    pub name: &'static str,
    pub localities: std::ops::Range<usize>,
}

pub(crate) struct Locality {
    pub id: RecordId,
    pub district: usize,
    pub name: String,
    pub arabic: Option<String>,
    pub lat: f64,
    pub lon: f64,
}

/// Who an organisation is, as far as choosing perpetrators goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Force {
    Police,
    Intelligence,
    Military,
    Paramilitary,
    Armed,
    Civil,
}

impl Force {
    /// The `perpetrator-types` code of the force.
    pub fn perpetrator_type(self) -> &'static str {
        match self {
            Force::Police => "police",
            Force::Intelligence => "intelligence-services",
            Force::Military => "military",
            Force::Paramilitary => "paramilitary",
            Force::Armed => "non-state-armed-group",
            Force::Civil => "public-officials",
        }
    }
}

pub(crate) struct Org {
    pub id: RecordId,
    pub en: String,
    pub es: String,
    pub fr: String,
    pub ar: Option<&'static str>,
    pub aliases: Vec<&'static str>,
    /// From the `organization-types` vocabulary.
    pub kind: &'static str,
    pub parent: Option<usize>,
    pub force: Force,
    /// Bit r set: the unit operates in region r. Zero for national bodies.
    pub regions: u8,
    /// How likely this unit is named, among the units of its force in a region.
    pub weight: u32,
}

/// A named commander, recorded as a perpetrator person.
pub(crate) struct Officer {
    pub id: RecordId,
    pub name: Name,
    pub org: usize,
    pub rank: &'static str,
}

/// Well-known organisations that incidents and interventions name directly.
pub(crate) struct Targets {
    pub interior: usize,
    pub defence: usize,
    pub attorney_general: usize,
    pub human_rights_commission: usize,
    pub justice: usize,
}

pub(crate) struct ListDef {
    pub name: &'static str,
    pub description_en: &'static str,
    pub description_es: &'static str,
    pub source_title: &'static str,
    pub source_kind: &'static str,
    pub reliability: Reliability,
    pub credibility: u8,
    pub source_date: &'static str,
}

/// The three victim lists that multiple systems estimation works on.
pub(crate) const LISTS: [ListDef; 3] = [
    ListDef {
        name: "Human rights NGO list",
        description_en: "Killed and disappeared persons documented by the Valdorian Centre for Human Rights and its partner network (fictional).",
        description_es: "Personas asesinadas y desaparecidas documentadas por el Centro Valdoriano de Derechos Humanos y su red (ficticio).",
        source_title: "Valdorian Centre for Human Rights: victims database, export of June 2023",
        source_kind: "ngo-report",
        reliability: Reliability::B,
        credibility: 2,
        source_date: "2023-06",
    },
    ListDef {
        name: "Church records",
        description_en: "Funerals and relatives' reports of missing persons in the pastoral records of the Diocese of Santa Ebria (fictional).",
        description_es: "Funerales y denuncias de familiares de personas desaparecidas en los registros pastorales de la Diócesis de Santa Ebria (ficticia).",
        source_title: "Diocese of Santa Ebria: pastoral records of deaths and missing persons, 2015–2022",
        source_kind: "other",
        reliability: Reliability::B,
        credibility: 3,
        source_date: "2023",
    },
    ListDef {
        name: "Press monitoring",
        description_en: "Victims named in national and regional newspapers and radio, compiled from daily press monitoring (fictional outlets).",
        description_es: "Víctimas nombradas en la prensa y la radio nacionales y regionales, según el seguimiento diario de medios (medios ficticios).",
        source_title: "Press monitoring archive: national and regional newspapers and radio, 2015–2022",
        source_kind: "media-report",
        reliability: Reliability::C,
        credibility: 3,
        source_date: "2015/2022",
    },
];

pub(crate) struct World {
    pub collection: RecordId,
    pub country: RecordId,
    pub regions: Vec<Region>,
    pub districts: Vec<District>,
    pub localities: Vec<Locality>,
    pub orgs: Vec<Org>,
    pub officers: Vec<Officer>,
    pub targets: Targets,
    /// The NGO's annual report for each year, cited by claims on incident dates.
    pub annual_reports: Vec<RecordId>,
    pub list_sources: [RecordId; 3],
    pub lists: [RecordId; 3],
    /// Indexes computed once, since every incident is drawn several times: the
    /// districts of each region, the units of each force in each region (with weights),
    /// and the named commander of each unit or of its parent.
    pub region_districts: Vec<Vec<usize>>,
    units: Vec<Vec<(usize, u32)>>,
    pub commander: Vec<Option<usize>>,
}

const FORCES: [Force; 6] = [
    Force::Police,
    Force::Intelligence,
    Force::Military,
    Force::Paramilitary,
    Force::Armed,
    Force::Civil,
];

impl World {
    pub fn new(streams: &Streams) -> World {
        let mut ids = streams.world(0);
        let mut geo = ChaCha8Rng::seed_from_u64(GEOGRAPHY_SEED);
        let collection = new_id(&mut ids);
        let country = new_id(&mut ids);
        let mut regions = Vec::new();
        let mut districts = Vec::new();
        let mut localities = Vec::new();
        let mut used = BTreeSet::new();
        for (ri, def) in REGIONS.iter().enumerate() {
            regions.push(Region {
                id: new_id(&mut ids),
                def_index: ri,
            });
            for (di, &(dname, _)) in def.districts.iter().enumerate() {
                let (dlat, dlon) = district_centre(def, di);
                let n = geo.random_range(4..=7);
                let start = localities.len();
                for _ in 0..n {
                    let (name, arabic) = loop {
                        let cand = locality_name(&mut geo, def.style);
                        if used.insert(cand.0.clone()) {
                            break cand;
                        }
                    };
                    localities.push(Locality {
                        id: new_id(&mut ids),
                        district: districts.len(),
                        name,
                        arabic,
                        lat: round(dlat + geo.random_range(-0.16..0.16), 4),
                        lon: round(dlon + geo.random_range(-0.16..0.16), 4),
                    });
                }
                districts.push(District {
                    id: new_id(&mut ids),
                    region: ri,
                    name: dname,
                    localities: start..localities.len(),
                });
            }
        }
        // The capital is the first locality of the first district.
        localities[0].name = "Valdor".to_string();

        let mut orgs_rng = streams.world(1);
        let (orgs, targets) = organisations(&mut orgs_rng);
        let officers = officers(&mut orgs_rng, &orgs);
        let mut src = streams.world(2);
        let annual_reports = (FIRST_YEAR..=LAST_YEAR).map(|_| new_id(&mut src)).collect();
        let list_sources = [new_id(&mut src), new_id(&mut src), new_id(&mut src)];
        let lists = [new_id(&mut src), new_id(&mut src), new_id(&mut src)];
        let region_districts = (0..REGIONS.len())
            .map(|r| {
                (0..districts.len())
                    .filter(|&d| districts[d].region == r)
                    .collect()
            })
            .collect();
        let mut units = Vec::new();
        for force in FORCES {
            for r in 0..REGIONS.len() {
                units.push(
                    orgs.iter()
                        .enumerate()
                        .filter(|(_, o)| {
                            o.force == force
                                && o.weight > 0
                                && (o.regions == 0 || o.regions & (1 << r) != 0)
                        })
                        .map(|(i, o)| (i, o.weight))
                        .collect(),
                );
            }
        }
        let commander = (0..orgs.len())
            .map(|o| {
                officers
                    .iter()
                    .position(|off| off.org == o || Some(off.org) == orgs[o].parent)
            })
            .collect();
        World {
            collection,
            country,
            regions,
            districts,
            localities,
            orgs,
            officers,
            targets,
            annual_reports,
            list_sources,
            lists,
            region_districts,
            units,
            commander,
        }
    }

    pub fn region_name(&self, r: usize) -> &'static str {
        REGIONS[r].en
    }

    pub fn region_name_ar(&self, r: usize) -> Option<&'static str> {
        Some(REGIONS[r].ar).filter(|s| !s.is_empty())
    }

    pub fn district_name_ar(&self, d: usize) -> Option<&'static str> {
        let dist = &self.districts[d];
        let def = &REGIONS[dist.region];
        let i = d - dist.region * def.districts.len();
        Some(def.districts[i].1).filter(|s| !s.is_empty())
    }

    pub fn region_lang(&self, r: usize) -> Lang {
        REGIONS[r].lang
    }

    /// The tradition of a resident's name in region `r`.
    pub fn tradition(&self, rng: &mut impl Rng, r: usize) -> Tradition {
        TRADITIONS[crate::rng::weighted_index(rng, &REGIONS[r].traditions)]
    }

    /// Units of `force` active in region `r`, with their weights.
    pub fn units(&self, force: Force, r: usize) -> &[(usize, u32)] {
        let f = FORCES.iter().position(|&x| x == force).expect("a force");
        &self.units[f * REGIONS.len() + r]
    }

    /// The collection, the places top-down and the organisations parent-first.
    pub fn emit_structure(&self, emit: &mut dyn FnMut(RecordId, Entity)) {
        emit(
            self.collection,
            Entity::Collection(Collection {
                name: "demo-valdoria".to_string(),
                title: MultiText::single(
                    "en",
                    "Violations in the Republic of Valdoria, 2015–2022 (demonstration data)",
                )
                .with(
                    "es",
                    "Violaciones en la República de Valdoria, 2015–2022 (datos de demostración)",
                )
                .with(
                    "fr",
                    "Violations en République de Valdorie, 2015–2022 (données de démonstration)",
                )
                .with(
                    "ar",
                    "انتهاكات في جمهورية فالدوريا، 2015–2022 (بيانات تجريبية)",
                ),
                description: MultiText::single(
                    "en",
                    "A generated demonstration collection. Valdoria, its places, \
                     organisations, people and events are fictional; any resemblance of a \
                     name to a real person is a coincidence of common names.",
                )
                .with(
                    "es",
                    "Una colección de demostración generada. Valdoria, sus lugares, \
                     organizaciones, personas y hechos son ficticios.",
                )
                .with(
                    "fr",
                    "Une collection de démonstration générée. La Valdorie, ses lieux, \
                     organisations, personnes et événements sont fictifs.",
                ),
            }),
        );
        let place = |name: MultiText, level, parent, iso: Option<&str>, point| {
            Entity::Place(Place {
                collection: self.collection,
                name,
                level,
                parent,
                iso_code: iso.map(str::to_string),
                point,
            })
        };
        emit(
            self.country,
            place(
                MultiText::single("en", "Republic of Valdoria")
                    .with("es", "República de Valdoria")
                    .with("fr", "République de Valdorie")
                    .with("ar", "جمهورية فالدوريا"),
                PlaceLevel::Country,
                None,
                Some("XV"),
                Some(point(-30.2, -24.4, 250_000.0)),
            ),
        );
        for r in &self.regions {
            let def = &REGIONS[r.def_index];
            let mut name = MultiText::single("en", def.en)
                .with("es", def.es)
                .with("fr", def.fr);
            if !def.ar.is_empty() {
                name = name.with("ar", def.ar);
            }
            emit(
                r.id,
                place(
                    name,
                    PlaceLevel::Region,
                    Some(self.country),
                    Some(def.code),
                    Some(point(def.lat, def.lon, 60_000.0)),
                ),
            );
        }
        for (di, d) in self.districts.iter().enumerate() {
            let def = &REGIONS[d.region];
            let (lat, lon) = district_centre(def, di % def.districts.len());
            let mut name = MultiText::single("en", d.name);
            if let Some(ar) = self.district_name_ar(di) {
                name = name.with("ar", ar);
            }
            emit(
                d.id,
                place(
                    name,
                    PlaceLevel::District,
                    Some(self.regions[d.region].id),
                    None,
                    Some(point(lat, lon, 15_000.0)),
                ),
            );
        }
        for l in &self.localities {
            let mut name = MultiText::single("en", l.name.clone());
            if let Some(ar) = &l.arabic {
                name = name.with("ar", ar.clone());
            }
            // Villages are placed to the nearest kilometre or two; the capital is big.
            let precision = if l.name == "Valdor" { 8_000.0 } else { 1_500.0 };
            emit(
                l.id,
                place(
                    name,
                    PlaceLevel::Locality,
                    Some(self.districts[l.district].id),
                    None,
                    Some(point(l.lat, l.lon, precision)),
                ),
            );
        }
        for o in &self.orgs {
            let mut name = MultiText::single("en", o.en.clone())
                .with("es", o.es.clone())
                .with("fr", o.fr.clone());
            if let Some(ar) = o.ar {
                name = name.with("ar", ar);
            }
            emit(
                o.id,
                Entity::Organization(Organization {
                    collection: self.collection,
                    name,
                    aliases: o.aliases.iter().map(|s| s.to_string()).collect(),
                    kind: Some(o.kind.to_string()),
                    parent: o.parent.map(|p| self.orgs[p].id),
                }),
            );
        }
    }

    /// The named commanders, as perpetrator persons.
    pub fn emit_officers(&self, emit: &mut dyn FnMut(RecordId, Entity)) {
        for o in &self.officers {
            emit(
                o.id,
                Entity::Person(Person {
                    collection: self.collection,
                    // Sources name commanders by rank and surname more often than in full.
                    names: vec![
                        PersonName {
                            text: o.name.full(),
                            script: Some("Latn".to_string()),
                            transliteration: None,
                            usage: NameUse::Primary,
                        },
                        PersonName {
                            text: format!("{} {}", o.rank, o.name.surname()),
                            script: Some("Latn".to_string()),
                            transliteration: None,
                            usage: NameUse::Alias,
                        },
                    ],
                    roles: vec![Role::Perpetrator],
                    sex: Some(if o.name.female { "female" } else { "male" }.to_string()),
                    birth_date: None,
                    age: None,
                    group_size: None,
                    sensitive: Default::default(),
                    sensitivity: Sensitivity::Restricted,
                }),
            );
        }
    }

    /// The annual reports and the sources behind the three lists.
    pub fn emit_global_sources(&self, emit: &mut dyn FnMut(RecordId, Entity)) {
        for (i, id) in self.annual_reports.iter().enumerate() {
            let year = FIRST_YEAR + i as i32;
            emit(
                *id,
                Entity::Source(Source {
                    collection: self.collection,
                    title: MultiText::single(
                        "en",
                        format!("Valdorian Centre for Human Rights: annual report {year}"),
                    )
                    .with(
                        "es",
                        format!("Centro Valdoriano de Derechos Humanos: informe anual {year}"),
                    ),
                    kind: Some("ngo-report".to_string()),
                    reliability: Reliability::B,
                    credibility: credibility(2),
                    date: Some(edtf(&format!("{}-03", year + 1))),
                    informant: None,
                    reference: Some(format!("VCHR/AR/{year}")),
                    sensitivity: Sensitivity::Public,
                }),
            );
        }
        for (i, def) in LISTS.iter().enumerate() {
            emit(
                self.list_sources[i],
                Entity::Source(Source {
                    collection: self.collection,
                    title: MultiText::single("en", def.source_title),
                    kind: Some(def.source_kind.to_string()),
                    reliability: def.reliability,
                    credibility: credibility(def.credibility),
                    date: Some(edtf(def.source_date)),
                    informant: None,
                    reference: None,
                    sensitivity: Sensitivity::Internal,
                }),
            );
        }
    }

    pub fn emit_lists(&self, emit: &mut dyn FnMut(RecordId, Entity)) {
        for (i, def) in LISTS.iter().enumerate() {
            emit(
                self.lists[i],
                Entity::SourceList(SourceList {
                    collection: self.collection,
                    name: def.name.to_string(),
                    description: MultiText::single("en", def.description_en)
                        .with("es", def.description_es),
                    source: Some(self.list_sources[i]),
                }),
            );
        }
    }
}

pub(crate) fn credibility(n: u8) -> Credibility {
    Credibility::new(n).expect("credibility grades are 1 to 6")
}

/// A date the generator wrote itself; failing to parse it is a bug in the generator.
pub(crate) fn edtf(s: &str) -> Edtf {
    Edtf::parse(s).unwrap_or_else(|e| panic!("generated date {s:?} is not EDTF: {e}"))
}

fn point(lat: f64, lon: f64, precision_m: f64) -> GeoPoint {
    GeoPoint {
        lat,
        lon,
        precision_m: Some(precision_m),
    }
}

pub(crate) fn round(x: f64, digits: i32) -> f64 {
    let f = 10f64.powi(digits);
    (x * f).round() / f
}

fn district_centre(def: &RegionDef, i: usize) -> (f64, f64) {
    // Four districts around the region's centre, one in each quarter.
    let (dy, dx) = [(0.3, -0.35), (0.3, 0.35), (-0.3, -0.35), (-0.3, 0.35)][i % 4];
    (round(def.lat + dy, 3), round(def.lon + dx, 3))
}

/// An invented place name in the style of the region, with its Arabic form if any.
fn locality_name(rng: &mut ChaCha8Rng, style: Style) -> (String, Option<String>) {
    match style {
        Style::Spanish => {
            const A: &[&str] = &[
                "Al", "Ba", "Ca", "Ce", "Co", "Fa", "Ga", "La", "Lo", "Ma", "Me", "Mo", "Na", "Pa",
                "Pe", "Qui", "Ra", "Ro", "Sa", "Ta", "Te", "To", "Va", "Ve", "Za",
            ];
            const B: &[&str] = &[
                "ba", "ce", "da", "de", "la", "le", "li", "lo", "ma", "mi", "na", "ne", "ra", "re",
                "ri", "sa", "ta", "to", "va", "",
            ];
            const C: &[&str] = &[
                "do", "da", "les", "nos", "ra", "res", "ro", "sa", "so", "tal", "tar", "vo", "zar",
                "lla", "na", "no", "rejo", "lén",
            ];
            let root = format!("{}{}{}", pick(rng, A), pick(rng, B), pick(rng, C));
            let prefix = match rng.random_range(0..10) {
                0 if root.ends_with('o') => "San ",
                1 if root.ends_with('a') => "Santa ",
                2 => "Villa ",
                3 => "Puerto ",
                _ => "",
            };
            (format!("{prefix}{root}"), None)
        }
        Style::French => {
            const A: &[&str] = &[
                "Bel", "Bour", "Cha", "Cla", "Cour", "Fon", "Gre", "Lan", "Mar", "Mont", "Bois",
                "Ver", "Roc", "Sav", "Cham", "Ber", "Mor",
            ];
            const B: &[&str] = &[
                "mont", "ville", "court", "lac", "val", "roche", "mire", "ret", "ignac", "elle",
                "ois", "erre", "anges", "oux",
            ];
            let root = format!("{}{}", pick(rng, A), pick(rng, B));
            let name = match rng.random_range(0..8) {
                0 => format!("Saint-{root}"),
                1 => format!("Les {root}s"),
                2 => format!("{root}-sur-Orme"),
                _ => root,
            };
            (name, None)
        }
        Style::Swahili => {
            const A: &[&str] = &[
                "Ki", "Mla", "Nji", "Ta", "Bu", "Ma", "Mwa", "Ka", "Ru", "Ngo", "Msa", "Chi",
            ];
            const B: &[&str] = &["we", "ra", "mba", "si", "ko", "nge", "lu", "to", "ha", "ri"];
            const C: &[&str] = &["ni", "ra", "lu", "mba", "ko", "wa", "zi", "no", "nde", "ri"];
            let root = format!("{}{}{}", pick(rng, A), pick(rng, B), pick(rng, C));
            let name = match rng.random_range(0..8) {
                0 => format!("{root} Juu"),
                1 => format!("{root} Chini"),
                _ => root,
            };
            (name, None)
        }
        Style::Arabic => {
            const PREFIX: &[(&str, &str)] = &[
                ("Ain", "عين"),
                ("Bir", "بئر"),
                ("Tell", "تل"),
                ("Kafr", "كفر"),
                ("Deir", "دير"),
                ("Khirbet", "خربة"),
                ("Qasr", "قصر"),
            ];
            const ROOT: &[(&str, &str)] = &[
                ("Sahla", "سهلة"),
                ("Rummana", "رمانة"),
                ("Zaytun", "زيتون"),
                ("Hajar", "حجر"),
                ("Nakhla", "نخلة"),
                ("Ghazal", "غزال"),
                ("Qamar", "قمر"),
                ("Nasim", "نسيم"),
                ("Tuffah", "تفاح"),
                ("Sawsan", "سوسن"),
                ("Anbar", "عنبر"),
                ("Sidra", "سدرة"),
                ("Marjan", "مرجان"),
                ("Shams", "شمس"),
                ("Najma", "نجمة"),
                ("Hamra", "حمراء"),
            ];
            let (pl, pa) = *pick(rng, PREFIX);
            let (rl, ra) = *pick(rng, ROOT);
            (format!("{pl} {rl}"), Some(format!("{pa} {ra}")))
        }
    }
}

/// Collects organisations in parent-first order.
struct Orgs<'r> {
    rng: &'r mut ChaCha8Rng,
    list: Vec<Org>,
}

impl Orgs<'_> {
    /// Adds an organisation named `[en, es, fr]` and returns its index. It takes part in
    /// no incident until [`Orgs::acts`] gives it a weight.
    fn add(
        &mut self,
        [en, es, fr]: [&str; 3],
        kind: &'static str,
        parent: Option<usize>,
        force: Force,
    ) -> usize {
        self.list.push(Org {
            id: new_id(self.rng),
            en: en.to_string(),
            es: es.to_string(),
            fr: fr.to_string(),
            ar: None,
            aliases: Vec::new(),
            kind,
            parent,
            force,
            regions: 0,
            weight: 0,
        });
        self.list.len() - 1
    }

    /// The unit acts in the regions of the bit mask `regions` (0: nationwide), chosen
    /// among the units of its force with weight `weight`.
    fn acts(&mut self, i: usize, regions: u8, weight: u32) -> usize {
        self.list[i].regions = regions;
        self.list[i].weight = weight;
        i
    }

    fn arabic(&mut self, i: usize, ar: &'static str) -> usize {
        self.list[i].ar = Some(ar);
        i
    }

    fn alias(&mut self, i: usize, aliases: &[&'static str]) -> usize {
        self.list[i].aliases = aliases.to_vec();
        i
    }
}

fn organisations(rng: &mut ChaCha8Rng) -> (Vec<Org>, Targets) {
    use Force::*;
    let mut o = Orgs {
        rng,
        list: Vec::new(),
    };
    let interior = o.add(
        [
            "Ministry of the Interior",
            "Ministerio del Interior",
            "Ministère de l'Intérieur",
        ],
        "government-body",
        None,
        Civil,
    );
    o.arabic(interior, "وزارة الداخلية");
    let police = o.add(
        [
            "National Police of Valdoria",
            "Policía Nacional de Valdoria",
            "Police nationale de Valdorie",
        ],
        "police-unit",
        Some(interior),
        Police,
    );
    o.arabic(police, "الشرطة الوطنية");
    o.alias(police, &["PNV"]);
    let uei = o.add(
        [
            "Special Intervention Unit",
            "Unidad Especial de Intervención",
            "Unité spéciale d'intervention",
        ],
        "police-unit",
        Some(police),
        Police,
    );
    o.acts(uei, 0, 2);
    o.alias(uei, &["UEI"]);
    for (r, def) in REGIONS.iter().enumerate() {
        let bit = 1u8 << r;
        let command = o.add(
            [
                &format!("Regional Police Command, {}", def.en),
                &format!("Comando Regional de Policía de {}", def.es),
                &format!("Commandement régional de police, {}", def.fr),
            ],
            "police-unit",
            Some(police),
            Police,
        );
        o.acts(command, bit, 1);
        let n = r + 1;
        let battalion = o.add(
            [
                &format!("Public Order Battalion No. {n}"),
                &format!("Batallón de Orden Público n.º {n}"),
                &format!("Bataillon d'ordre public nº {n}"),
            ],
            "police-unit",
            Some(command),
            Police,
        );
        o.acts(battalion, bit, 5);
        let ciu = o.add(
            [
                &format!("Criminal Investigation Unit, {}", def.en),
                &format!("Unidad de Investigación Criminal de {}", def.es),
                &format!("Unité de police judiciaire, {}", def.fr),
            ],
            "police-unit",
            Some(command),
            Police,
        );
        o.acts(ciu, bit, 3);
    }
    let dni = o.add(
        [
            "National Intelligence Directorate",
            "Dirección Nacional de Inteligencia",
            "Direction nationale du renseignement",
        ],
        "intelligence-agency",
        Some(interior),
        Intelligence,
    );
    o.acts(dni, 0, 3);
    o.arabic(dni, "المديرية الوطنية للاستخبارات");
    o.alias(dni, &["DNI"]);
    let defence = o.add(
        [
            "Ministry of Defence",
            "Ministerio de Defensa",
            "Ministère de la Défense",
        ],
        "government-body",
        None,
        Civil,
    );
    o.arabic(defence, "وزارة الدفاع");
    let armed_forces = o.add(
        [
            "Armed Forces of Valdoria",
            "Fuerzas Armadas de Valdoria",
            "Forces armées de Valdorie",
        ],
        "military-unit",
        Some(defence),
        Military,
    );
    o.arabic(armed_forces, "القوات المسلحة");
    o.alias(armed_forces, &["FAV"]);
    let dim = o.add(
        [
            "Military Intelligence Directorate",
            "Dirección de Inteligencia Militar",
            "Direction du renseignement militaire",
        ],
        "intelligence-agency",
        Some(armed_forces),
        Intelligence,
    );
    o.acts(dim, 0, 1);
    o.alias(dim, &["DIM"]);
    let army = o.add(
        [
            "Army of Valdoria",
            "Ejército de Valdoria",
            "Armée de terre de Valdorie",
        ],
        "military-unit",
        Some(armed_forces),
        Military,
    );
    // Brigades, the regions they hold (bit mask) and the battalions under them.
    let brigades: [(u32, u8, &[u32]); 5] = [
        (1, 0b000011, &[12]),
        (3, 0b000100, &[]),
        (5, 0b001000, &[51, 52]),
        (7, 0b010000, &[]),
        (9, 0b100000, &[91]),
    ];
    for (n, regions, battalions) in brigades {
        let names = match n {
            5 => ["Mountain", "de Montaña", "de montagne"],
            7 => ["Motorised", "Motorizada", "motorisée"],
            _ => ["Infantry", "de Infantería", "d'infanterie"],
        };
        let b = o.add(
            [
                &format!("{} {} Brigade", ordinal(n), names[0]),
                &format!("{n}.ª Brigada {}", names[1]),
                &format!("{n}e brigade {}", names[2]),
            ],
            "military-unit",
            Some(army),
            Military,
        );
        o.acts(b, regions, 3);
        for &bn in battalions {
            let kind = if n == 5 {
                [
                    "Mountain Infantry",
                    "de Infantería de Montaña",
                    "d'infanterie de montagne",
                ]
            } else {
                ["Infantry", "de Infantería", "d'infanterie"]
            };
            let battalion = o.add(
                [
                    &format!("{} {} Battalion", ordinal(bn), kind[0]),
                    &format!("Batallón {} n.º {bn}", kind[1]),
                    &format!("{bn}e bataillon {}", kind[2]),
                ],
                "military-unit",
                Some(b),
                Military,
            );
            o.acts(battalion, regions, 2);
        }
    }
    let guardians = o.add(
        [
            "Guardians of the Homeland",
            "Guardianes de la Patria",
            "Gardiens de la Patrie",
        ],
        "paramilitary-group",
        None,
        Paramilitary,
    );
    o.acts(guardians, 0, 1);
    o.arabic(guardians, "حراس الوطن");
    o.alias(guardians, &["GP", "los Guardianes"]);
    let north = o.add(
        [
            "Guardians of the Homeland, Northern Front",
            "Guardianes de la Patria, Frente Norte",
            "Gardiens de la Patrie, front nord",
        ],
        "paramilitary-group",
        Some(guardians),
        Paramilitary,
    );
    o.acts(north, 0b101000, 4);
    let south = o.add(
        [
            "Guardians of the Homeland, Southern Front",
            "Guardianes de la Patria, Frente Sur",
            "Gardiens de la Patrie, front sud",
        ],
        "paramilitary-group",
        Some(guardians),
        Paramilitary,
    );
    o.acts(south, 0b010110, 4);
    let mlwz = o.add(
        [
            "Movement for the Liberation of Wadi Zahrun",
            "Movimiento para la Liberación de Wadi Zahrun",
            "Mouvement pour la libération du Wadi Zahrun",
        ],
        "non-state-armed-group",
        None,
        Armed,
    );
    o.acts(mlwz, 0b001000, 1);
    o.arabic(mlwz, "حركة تحرير وادي زهرون");
    o.alias(mlwz, &["MLWZ"]);
    let attorney_general = o.add(
        [
            "Office of the Attorney General",
            "Fiscalía General de la República",
            "Parquet général de la République",
        ],
        "government-body",
        None,
        Civil,
    );
    o.arabic(attorney_general, "النيابة العامة");
    let justice = o.add(
        [
            "Ministry of Justice",
            "Ministerio de Justicia",
            "Ministère de la Justice",
        ],
        "government-body",
        None,
        Civil,
    );
    o.arabic(justice, "وزارة العدل");
    let human_rights_commission = o.add(
        [
            "National Human Rights Commission",
            "Comisión Nacional de Derechos Humanos",
            "Commission nationale des droits de l'homme",
        ],
        "national-human-rights-institution",
        None,
        Civil,
    );
    o.arabic(human_rights_commission, "اللجنة الوطنية لحقوق الإنسان");
    o.alias(human_rights_commission, &["CNDH"]);
    (
        o.list,
        Targets {
            interior,
            defence,
            attorney_general,
            human_rights_commission,
            justice,
        },
    )
}

fn ordinal(n: u32) -> String {
    let suffix = match (n % 10, n % 100) {
        (1, x) if x != 11 => "st",
        (2, x) if x != 12 => "nd",
        (3, x) if x != 13 => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// Commanders of brigades, regional police commands and the paramilitary fronts.
fn officers(rng: &mut ChaCha8Rng, orgs: &[Org]) -> Vec<Officer> {
    let mut out = Vec::new();
    for (i, o) in orgs.iter().enumerate() {
        let rank = if o.en.ends_with("Brigade") {
            "Colonel"
        } else if o.en.starts_with("Regional Police Command") {
            "Commissioner"
        } else if o.force == Force::Paramilitary && o.parent.is_some() {
            "Commander"
        } else {
            continue;
        };
        // The officer corps is drawn from the capital's mix of names.
        let tradition = TRADITIONS[crate::rng::weighted_index(rng, &[70, 10, 10, 5, 5])];
        let female = chance(rng, 0.08);
        out.push(Officer {
            id: new_id(rng),
            name: Name::random(rng, tradition, female),
            org: i,
            rank,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locality_names_look_invented_and_are_unique() {
        let w = World::new(&Streams::new(1));
        let names: BTreeSet<_> = w.localities.iter().map(|l| l.name.as_str()).collect();
        assert_eq!(names.len(), w.localities.len());
        assert!(w.localities.len() >= 6 * 4 * 4);
        // The map is the same whatever the seed.
        let w2 = World::new(&Streams::new(2));
        let names2: Vec<_> = w2.localities.iter().map(|l| &l.name).collect();
        let names1: Vec<_> = w.localities.iter().map(|l| &l.name).collect();
        assert_eq!(names1, names2);
        assert_ne!(w.collection, w2.collection);
    }
}
