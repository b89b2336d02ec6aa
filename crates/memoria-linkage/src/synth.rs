//! Synthetic people and their records, with known truth, for tests and benchmarks.
//!
//! Each person (of three naming traditions: Arabic, Spanish, English) is drawn from a
//! random stream of their own, so nothing per person is held in memory: a million
//! records are produced one at a time. Each record of a person is a noisy copy, with
//! the errors of real victim lists:
//!
//! - names: typos and transposed letters; Arabic names in Arabic script or in one of
//!   several Latin transliterations (Mohammed / Muhammad / محمد), patronymic chains of
//!   varying length, `bin` and `Al-` present or not; Spanish surnames swapped or one
//!   missing; initials for middle names; `Family, Given` order; placeholders;
//! - birth dates missing (an age given instead), shifted by days, a year off, day and
//!   month swapped, only the year;
//! - ages off by one or more; sex missing or wrong;
//! - places (`country > region > district`) missing levels, mistyped, or entirely
//!   different below the country because the person moved — region and district change
//!   together.
//!
//! No real person's name is produced: given names and common surnames are from public
//! frequency lists, combined at random, and most surnames are made of syllables.

use std::io::Write;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// What to generate.
#[derive(Clone, Debug)]
pub struct SynthConfig {
    /// How many records.
    pub records: usize,
    pub seed: u64,
    /// Multiplies every error rate (1.0: the rates documented in the module).
    pub noise: f64,
    /// How many countries people live in (each with the same regions and districts).
    pub countries: usize,
}

impl SynthConfig {
    /// `records` records of people from one world of six countries, whatever their
    /// number: the more records, the more people share a country, a district, a name.
    pub fn new(records: usize, seed: u64) -> SynthConfig {
        SynthConfig {
            records,
            seed,
            noise: 1.0,
            countries: COUNTRIES,
        }
    }

    /// [`SynthConfig::new`] in a world that grows with the records: six countries per
    /// 100,000 records (at least six), each six with family names of their own, so
    /// that as many people share a country, a district or a family name at every size.
    /// It separates what the size of the data does to a method from what a denser
    /// population does to the evidence.
    ///
    /// The worlds are nested: the people of the first 100,000 records live in the
    /// first six countries and are, record for record, those of the world of 100,000,
    /// the next as many people in the next six, and so on. So recall on the same
    /// people can be compared at both sizes, free of the draw of the people.
    pub fn growing_world(records: usize, seed: u64) -> SynthConfig {
        SynthConfig {
            countries: COUNTRIES * (records / GROUP_RECORDS).max(1),
            ..SynthConfig::new(records, seed)
        }
    }

    /// How many people the records are copies of.
    pub fn people(&self) -> u32 {
        people_in(self.seed, self.records)
    }
}

/// The records of a world of six countries; see [`SynthConfig::growing_world`].
const GROUP_RECORDS: usize = 100_000;

/// One generated record. `person` is the truth.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SynthRecord {
    pub id: u32,
    pub person: u32,
    pub name: String,
    pub born: String,
    pub age: String,
    pub sex: String,
    pub place: String,
}

/// The day ages are counted at.
pub const AGE_ON: &str = "2024-06-30";

/// The field declaration and blocking rules for generated records (columns `name`,
/// `born`, `age`, `sex`, `place`). The last rule needs no place: one record in eleven
/// has none or only two levels, and no other rule on the birth date reaches it.
pub const CONFIG: &str = r#"
mode = "dedupe"

[[field]]
name = "name"
kind = "name"

[[field]]
name = "born"
kind = "date"
within_days = [3, 31, 366]

[[field]]
name = "age"
kind = "age"
from = "born"
on = "2024-06-30"

[[field]]
name = "sex"
kind = "sex"

[[field]]
name = "place"
kind = "place"

[[block]]
on = ["name:first", "name:last"]
[[block]]
on = ["born:day", "place:1"]
[[block]]
on = ["name:pairs", "age:near", "place:1"]
[[block]]
on = ["age", "sex", "place:3"]
[[block]]
on = ["name:parts", "place:3"]
[[block]]
on = ["born:day", "name:parts"]
"#;

/// The header of [`write_csv`].
pub const HEADER: &str = "id,name,born,age,sex,place";

/// Generated records, one at a time, in shuffled order (copies of one person are
/// scattered).
pub fn records(config: &SynthConfig) -> impl Iterator<Item = SynthRecord> + '_ {
    let slots = plan(config);
    let world = World::new(
        config.countries.max(1),
        people_in(config.seed, GROUP_RECORDS),
    );
    slots
        .into_iter()
        .enumerate()
        .map(move |(i, (person, copy))| {
            let p = Person::new(config.seed, person, &world);
            p.record(config, i as u32, copy, &world)
        })
}

/// Writes the records as CSV ([`HEADER`]) and returns each row's person.
pub fn write_csv<W: Write>(config: &SynthConfig, out: W) -> std::io::Result<Vec<u32>> {
    let mut w = std::io::BufWriter::new(out);
    writeln!(w, "{HEADER}")?;
    let mut truth = Vec::with_capacity(config.records);
    for r in records(config) {
        truth.push(r.person);
        writeln!(
            w,
            "{},{},{},{},{},{}",
            r.id,
            quote(&r.name),
            r.born,
            r.age,
            r.sex,
            quote(&r.place)
        )?;
    }
    w.flush()?;
    Ok(truth)
}

fn quote(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// How many copies of the next person the records hold.
fn copies(rng: &mut ChaCha8Rng) -> u8 {
    match rng.random_range(0..100) {
        0..45 => 1,
        45..75 => 2,
        75..90 => 3,
        90..97 => 4,
        _ => 5,
    }
}

/// How many people `records` records of `seed` are copies of.
fn people_in(seed: u64, records: usize) -> u32 {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x5eed);
    let (mut people, mut slots) = (0u32, 0usize);
    while slots < records {
        slots += usize::from(copies(&mut rng));
        people += 1;
    }
    people
}

/// (person, copy number) per record, shuffled.
fn plan(config: &SynthConfig) -> Vec<(u32, u8)> {
    let mut rng = ChaCha8Rng::seed_from_u64(config.seed ^ 0x5eed);
    let mut slots = Vec::with_capacity(config.records);
    let mut person = 0u32;
    while slots.len() < config.records {
        let copies = copies(&mut rng);
        for c in 0..copies {
            if slots.len() < config.records {
                slots.push((person, c));
            }
        }
        person += 1;
    }
    // Fisher–Yates.
    for i in (1..slots.len()).rev() {
        let j = rng.random_range(0..=i);
        slots.swap(i, j);
    }
    slots
}

/// Arabic given names: the Arabic spelling, then Latin transliterations.
const ARABIC_MALE: &[&[&str]] = &[
    &["محمد", "Mohammed", "Muhammad", "Mohamed", "Mohammad"],
    &["أحمد", "Ahmed", "Ahmad"],
    &["علي", "Ali"],
    &["حسن", "Hassan", "Hasan"],
    &["حسين", "Hussein", "Hussain", "Husein"],
    &["محمود", "Mahmoud", "Mahmud"],
    &["خالد", "Khaled", "Khalid"],
    &["عمر", "Omar", "Umar"],
    &["يوسف", "Youssef", "Yusuf", "Yousef"],
    &["إبراهيم", "Ibrahim", "Ebrahim"],
    &["مصطفى", "Mustafa", "Mostafa"],
    &["عبدالله", "Abdullah", "Abdallah", "Abd Allah"],
    &["سمير", "Samir", "Sameer"],
    &["كريم", "Karim", "Kareem"],
    &["طارق", "Tariq", "Tarek"],
    &["سعيد", "Said", "Saeed"],
    &["ياسر", "Yasser", "Yaser"],
    &["ماجد", "Majed", "Majid"],
    &["نبيل", "Nabil", "Nabeel"],
    &["وليد", "Walid", "Waleed"],
    &["رامي", "Rami", "Ramy"],
    &["فادي", "Fadi", "Fady"],
    &["جمال", "Jamal"],
    &["عادل", "Adel", "Adil"],
    &["باسم", "Basem", "Bassem"],
    &["زياد", "Ziad", "Ziyad"],
    &["هاني", "Hani", "Hany"],
    &["منير", "Munir", "Mounir"],
    &["صالح", "Saleh", "Salih"],
    &["سليمان", "Suleiman", "Sulaiman"],
    &["إسماعيل", "Ismail", "Ismael"],
    &["موسى", "Musa", "Moussa"],
    &["نادر", "Nader", "Nadir"],
    &["بلال", "Bilal"],
    &["أيمن", "Ayman"],
    &["أنس", "Anas"],
    &["حمزة", "Hamza", "Hamzah"],
    &["عبدالرحمن", "Abdulrahman", "Abdel Rahman", "Abd al-Rahman"],
    &["فيصل", "Faisal", "Faysal"],
    &["ناصر", "Nasser", "Nasir"],
    &["رشيد", "Rashid", "Rasheed"],
    &["جميل", "Jamil", "Jameel"],
    &["شادي", "Shadi", "Shady"],
    &["تامر", "Tamer", "Tamir"],
    &["هشام", "Hisham", "Hesham"],
    &["إياد", "Iyad", "Eyad"],
];

const ARABIC_FEMALE: &[&[&str]] = &[
    &["فاطمة", "Fatima", "Fatimah", "Fatma"],
    &["مريم", "Maryam", "Mariam"],
    &["عائشة", "Aisha", "Aysha", "Aicha"],
    &["زينب", "Zainab", "Zaynab", "Zeinab"],
    &["نور", "Nour", "Noor", "Nur"],
    &["خديجة", "Khadija", "Khadijah"],
    &["سارة", "Sara", "Sarah"],
    &["ليلى", "Layla", "Leila", "Laila"],
    &["هدى", "Huda", "Hoda"],
    &["أمل", "Amal"],
    &["رنا", "Rana"],
    &["سلمى", "Salma"],
    &["ياسمين", "Yasmin", "Yasmeen"],
    &["آية", "Aya", "Ayah"],
    &["منى", "Mona", "Muna"],
    &["هبة", "Heba", "Hiba"],
    &["رهف", "Rahaf"],
    &["جنى", "Jana"],
    &["ملك", "Malak"],
    &["شهد", "Shahd"],
    &["لينا", "Lina", "Leena"],
    &["دينا", "Dina"],
    &["سماح", "Samah"],
    &["نادية", "Nadia", "Nadiya"],
    &["سعاد", "Suad", "Souad"],
    &["حنان", "Hanan"],
    &["إيمان", "Iman", "Eman"],
    &["رحمة", "Rahma", "Rahmah"],
    &["أسماء", "Asmaa", "Asma"],
    &["بسمة", "Basma", "Basmah"],
];

const SPANISH_MALE: &[&str] = &[
    "José",
    "Juan",
    "Luis",
    "Carlos",
    "Jorge",
    "Miguel",
    "Pedro",
    "Manuel",
    "Francisco",
    "Antonio",
    "Jesús",
    "Javier",
    "Fernando",
    "Ricardo",
    "Roberto",
    "Alejandro",
    "Raúl",
    "Sergio",
    "Andrés",
    "Diego",
    "Pablo",
    "Mario",
    "Óscar",
    "Héctor",
    "Rubén",
    "Víctor",
    "Eduardo",
    "Ramón",
    "Alberto",
    "Rafael",
    "Enrique",
    "Hugo",
    "Gustavo",
    "Arturo",
    "Marco",
    "César",
    "Julio",
    "Ernesto",
    "Felipe",
    "Tomás",
];

const SPANISH_FEMALE: &[&str] = &[
    "María",
    "Ana",
    "Carmen",
    "Rosa",
    "Laura",
    "Elena",
    "Isabel",
    "Lucía",
    "Marta",
    "Patricia",
    "Gabriela",
    "Daniela",
    "Sofía",
    "Valeria",
    "Camila",
    "Paula",
    "Andrea",
    "Claudia",
    "Teresa",
    "Silvia",
    "Beatriz",
    "Adriana",
    "Verónica",
    "Mónica",
    "Julia",
    "Cristina",
    "Alejandra",
    "Natalia",
    "Sandra",
    "Diana",
    "Lorena",
    "Rocío",
    "Pilar",
    "Inés",
    "Mercedes",
    "Gloria",
    "Esperanza",
    "Dolores",
    "Raquel",
    "Sara",
];

const SPANISH_SURNAMES: &[&str] = &[
    "García",
    "Rodríguez",
    "González",
    "Fernández",
    "López",
    "Martínez",
    "Sánchez",
    "Pérez",
    "Gómez",
    "Martín",
    "Jiménez",
    "Ruiz",
    "Hernández",
    "Díaz",
    "Moreno",
    "Álvarez",
    "Muñoz",
    "Romero",
    "Alonso",
    "Gutiérrez",
    "Navarro",
    "Torres",
    "Domínguez",
    "Vázquez",
    "Ramos",
    "Gil",
    "Ramírez",
    "Serrano",
    "Blanco",
    "Molina",
    "Morales",
    "Suárez",
    "Ortega",
    "Delgado",
    "Castro",
    "Ortiz",
    "Rubio",
    "Marín",
    "Sanz",
    "Núñez",
    "Iglesias",
    "Medina",
    "Garrido",
    "Cortés",
    "Castillo",
    "Santos",
    "Lozano",
    "Guerrero",
    "Cano",
    "Prieto",
    "Méndez",
    "de la Cruz",
    "Flores",
    "Herrera",
    "Peña",
    "León",
    "Márquez",
    "Cabrera",
    "del Río",
    "Calvo",
    "Vidal",
    "Campos",
    "Reyes",
    "Vega",
    "Fuentes",
    "Carrasco",
    "Aguilar",
    "Caballero",
    "Nieto",
    "Santana",
    "Pascual",
    "Herrero",
    "Montero",
    "Hidalgo",
    "Lorenzo",
    "Ibáñez",
    "Ferrer",
    "Durán",
    "Santiago",
    "Benítez",
    "Mora",
    "Vicente",
    "Vargas",
    "Arias",
    "Carmona",
    "Crespo",
    "Román",
    "Pastor",
    "Soto",
    "Velasco",
    "Moya",
    "Soler",
    "Parra",
    "Esteban",
    "Bravo",
    "Gallardo",
    "Rojas",
    "dos Santos",
    "da Silva",
];

const ENGLISH_MALE: &[&str] = &[
    "James",
    "John",
    "Robert",
    "Michael",
    "William",
    "David",
    "Richard",
    "Joseph",
    "Thomas",
    "Charles",
    "Christopher",
    "Daniel",
    "Matthew",
    "Anthony",
    "Mark",
    "Donald",
    "Steven",
    "Paul",
    "Andrew",
    "Joshua",
    "Kenneth",
    "Kevin",
    "Brian",
    "George",
    "Timothy",
    "Ronald",
    "Edward",
    "Jason",
    "Jeffrey",
    "Ryan",
    "Jacob",
    "Gary",
    "Nicholas",
    "Eric",
    "Jonathan",
    "Stephen",
    "Larry",
    "Justin",
    "Scott",
    "Brandon",
];

const ENGLISH_FEMALE: &[&str] = &[
    "Mary",
    "Patricia",
    "Jennifer",
    "Linda",
    "Elizabeth",
    "Barbara",
    "Susan",
    "Jessica",
    "Sarah",
    "Karen",
    "Lisa",
    "Nancy",
    "Betty",
    "Margaret",
    "Sandra",
    "Ashley",
    "Kimberly",
    "Emily",
    "Donna",
    "Michelle",
    "Carol",
    "Amanda",
    "Dorothy",
    "Melissa",
    "Deborah",
    "Stephanie",
    "Rebecca",
    "Sharon",
    "Laura",
    "Cynthia",
    "Kathleen",
    "Amy",
    "Angela",
    "Shirley",
    "Anna",
    "Brenda",
    "Pamela",
    "Emma",
    "Nicole",
    "Helen",
];

const ENGLISH_SURNAMES: &[&str] = &[
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson", "Anderson",
    "Taylor", "Thomas", "Moore", "Jackson", "Martin", "Lee", "Thompson", "White", "Harris",
    "Clark", "Lewis", "Robinson", "Walker", "Young", "Allen", "King", "Wright", "Scott", "Hill",
    "Green", "Adams", "Baker", "Nelson", "Carter", "Mitchell", "Roberts", "Turner", "Phillips",
    "Campbell", "Parker", "Evans", "Edwards", "Collins", "Stewart", "Morris", "Murphy", "Cook",
    "Rogers", "Morgan", "Cooper", "Peterson",
];

/// Consonants of made-up Arabic family names: Latin, Arabic.
const ROOT: &[(&str, &str)] = &[
    ("b", "ب"),
    ("t", "ت"),
    ("j", "ج"),
    ("h", "ح"),
    ("kh", "خ"),
    ("d", "د"),
    ("r", "ر"),
    ("z", "ز"),
    ("s", "س"),
    ("sh", "ش"),
    ("f", "ف"),
    ("q", "ق"),
    ("k", "ك"),
    ("l", "ل"),
    ("m", "م"),
    ("n", "ن"),
];

const ONSETS: &[&str] = &[
    "b", "c", "d", "f", "g", "l", "m", "n", "p", "r", "s", "t", "v", "br", "gr", "tr", "pl", "st",
    "h", "w", "k", "j", "ch", "cr",
];
const VOWELS: &[&str] = &["a", "e", "i", "o", "u", "ai", "ea", "ou"];
const CODAS: &[&str] = &["", "n", "r", "s", "l", "t", "nd", "rt", "m", "ck"];

/// Countries, regions per country and districts per region.
const COUNTRIES: usize = 6;
const REGIONS: usize = 24;
const DISTRICTS: usize = 40;

/// The shared tables: cumulative Zipf weights for surname ranks.
struct World {
    zipf: Vec<f64>,
    countries: usize,
    /// The people of each six countries (the last six take the rest).
    people_per_group: u32,
}

/// How many surname ranks each tradition draws from.
const SURNAME_RANKS: usize = 60_000;

impl World {
    fn new(countries: usize, people_per_group: u32) -> World {
        let mut zipf = Vec::with_capacity(SURNAME_RANKS);
        let mut acc = 0.0;
        for k in 0..SURNAME_RANKS {
            acc += 1.0 / (k as f64 + 8.0).powf(0.9);
            zipf.push(acc);
        }
        World {
            zipf,
            countries,
            people_per_group: people_per_group.max(1),
        }
    }

    fn surname_rank(&self, rng: &mut ChaCha8Rng) -> usize {
        let x = rng.random::<f64>() * self.zipf[self.zipf.len() - 1];
        self.zipf.partition_point(|&c| c < x)
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Tradition {
    Arabic,
    Spanish,
    English,
}

/// The truth about one person.
struct Person {
    id: u32,
    tradition: Tradition,
    female: bool,
    /// Given names (Arabic: given, father, grandfather), as indexes into the tables.
    given: [usize; 3],
    /// Two given names (Spanish) or a middle initial (English).
    second_given: Option<usize>,
    surname: [usize; 2],
    article: bool,
    born: (i32, u8, u8),
    place: [usize; 3],
}

impl Person {
    fn new(seed: u64, id: u32, world: &World) -> Person {
        let mut rng =
            ChaCha8Rng::seed_from_u64(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ u64::from(id));
        let tradition = match rng.random_range(0..10) {
            0..4 => Tradition::Arabic,
            4..7 => Tradition::Spanish,
            _ => Tradition::English,
        };
        let female = rng.random_bool(0.5);
        // Given names are skewed too: the first few of each list are the most common.
        let skewed = |rng: &mut ChaCha8Rng, n: usize| -> usize {
            let x: f64 = rng.random();
            ((x * x) * n as f64) as usize % n
        };
        let given_table = match (tradition, female) {
            (Tradition::Arabic, false) => ARABIC_MALE.len(),
            (Tradition::Arabic, true) => ARABIC_FEMALE.len(),
            (Tradition::Spanish, false) => SPANISH_MALE.len(),
            (Tradition::Spanish, true) => SPANISH_FEMALE.len(),
            (Tradition::English, false) => ENGLISH_MALE.len(),
            (Tradition::English, true) => ENGLISH_FEMALE.len(),
        };
        let given = [
            skewed(&mut rng, given_table),
            skewed(&mut rng, ARABIC_MALE.len()),
            skewed(&mut rng, ARABIC_MALE.len()),
        ];
        let second_given = match tradition {
            Tradition::Spanish if rng.random_bool(0.25) => Some(skewed(&mut rng, given_table)),
            Tradition::English if rng.random_bool(0.6) => Some(rng.random_range(0..26)),
            _ => None,
        };
        let surname = [world.surname_rank(&mut rng), world.surname_rank(&mut rng)];
        let year = 1935 + rng.random_range(0..88);
        let month = rng.random_range(1..=12u8);
        let day = rng.random_range(1..=28u8);
        let groups = world.countries.div_ceil(COUNTRIES);
        let group = (id / world.people_per_group).min(groups as u32 - 1) as usize;
        let country = group * COUNTRIES
            + rng.random_range(0..COUNTRIES.min(world.countries - group * COUNTRIES));
        // Each six countries have family names of their own: a world that grows by
        // countries grows by families too, rather than packing more people into the
        // same names. (A world of six countries is one such group.)
        let surname = surname.map(|rank| rank + country / COUNTRIES * SURNAME_RANKS);
        Person {
            id,
            tradition,
            female,
            given,
            second_given,
            surname,
            article: rng.random_bool(0.3),
            born: (year, month, day),
            place: [
                country,
                rng.random_range(0..REGIONS),
                rng.random_range(0..DISTRICTS),
            ],
        }
    }

    fn record(&self, config: &SynthConfig, id: u32, copy: u8, _world: &World) -> SynthRecord {
        let mut rng = ChaCha8Rng::seed_from_u64(
            config.seed
                ^ (u64::from(self.id) << 8 | u64::from(copy)).wrapping_mul(0xa076_1d64_78bd_642f),
        );
        let noise = config.noise;
        let mut chance = |rng: &mut ChaCha8Rng, p: f64| rng.random_bool((p * noise).min(1.0));
        let name = self.name(&mut rng, &mut chance);
        let (y, m, d) = self.born;
        let mut born = String::new();
        let mut age_shown = true;
        if !chance(&mut rng, 0.25) {
            let (mut y, mut m, mut d) = (y, m, d);
            if chance(&mut rng, 0.05) {
                // Shifted by a few days (within the month, to stay a valid day).
                let shift: i32 = rng.random_range(-3..=3);
                d = (i32::from(d) + shift).clamp(1, 28) as u8;
            }
            if chance(&mut rng, 0.03) {
                y += if rng.random_bool(0.5) { 1 } else { -1 };
            }
            if d <= 12 && chance(&mut rng, 0.03) {
                std::mem::swap(&mut m, &mut d);
            }
            born = if chance(&mut rng, 0.03) {
                format!("{y:04}")
            } else {
                format!("{y:04}-{m:02}-{d:02}")
            };
            age_shown = chance(&mut rng, 0.3);
        }
        let age = if age_shown {
            let mut a = 2024 - y - i32::from((m, d) > (6, 30));
            if chance(&mut rng, 0.15) {
                a += if rng.random_bool(0.5) { 1 } else { -1 };
            } else if chance(&mut rng, 0.03) {
                a += rng.random_range(-5..=5);
            }
            a.max(0).to_string()
        } else {
            String::new()
        };
        let sex = if chance(&mut rng, 0.03) {
            String::new()
        } else {
            let female = self.female ^ chance(&mut rng, 0.005);
            match (female, rng.random_range(0..3)) {
                (true, 0) => "F",
                (true, 1) => "female",
                (true, _) => "f",
                (false, 0) => "M",
                (false, 1) => "male",
                (false, _) => "m",
            }
            .to_string()
        };
        let [c, mut r, mut dist] = self.place;
        if chance(&mut rng, 0.08) {
            // Moved: region and district change together.
            r = rng.random_range(0..REGIONS);
            dist = rng.random_range(0..DISTRICTS);
        }
        let mut district = place_name(c * 10_000 + r * 100 + dist, 3);
        if chance(&mut rng, 0.03) {
            typo(&mut district, &mut rng);
        }
        let place = if chance(&mut rng, 0.04) {
            String::new()
        } else if chance(&mut rng, 0.05) {
            format!("{} > {}", place_name(c, 1), place_name(c * 100 + r, 2))
        } else {
            format!(
                "{} > {} > {}",
                place_name(c, 1),
                place_name(c * 100 + r, 2),
                district
            )
        };
        SynthRecord {
            id,
            person: self.id,
            name,
            born,
            age,
            sex,
            place,
        }
    }

    fn name(
        &self,
        rng: &mut ChaCha8Rng,
        chance: &mut impl FnMut(&mut ChaCha8Rng, f64) -> bool,
    ) -> String {
        if chance(rng, 0.01) {
            return ["Unknown", "Name withheld", "", "مجهول"][rng.random_range(0..4)].to_string();
        }
        let mut parts: Vec<String> = Vec::new();
        let mut family_first = false;
        match self.tradition {
            Tradition::Arabic => {
                let arabic = chance(rng, 0.35);
                let pick = |rng: &mut ChaCha8Rng, variants: &[&str]| -> String {
                    if arabic {
                        variants[0].to_string()
                    } else {
                        variants[rng.random_range(1..variants.len())].to_string()
                    }
                };
                let given_table = if self.female {
                    ARABIC_FEMALE
                } else {
                    ARABIC_MALE
                };
                parts.push(pick(rng, given_table[self.given[0]]));
                let chain = match rng.random_range(0..100) {
                    0..50 => 2,
                    50..75 => 1,
                    _ => 0,
                };
                for k in 0..chain {
                    if k == 0 && chance(rng, 0.1) {
                        parts.push(if arabic { "بن" } else { "bin" }.to_string());
                    }
                    parts.push(pick(rng, ARABIC_MALE[self.given[1 + k]]));
                }
                parts.push(arabic_family(
                    self.surname[0],
                    arabic,
                    self.article && !chance(rng, 0.3),
                    rng,
                ));
            }
            Tradition::Spanish => {
                let table = if self.female {
                    SPANISH_FEMALE
                } else {
                    SPANISH_MALE
                };
                parts.push(table[self.given[0]].to_string());
                if let Some(g) = self.second_given
                    && chance(rng, 0.5)
                {
                    parts.push(table[g].to_string());
                }
                let a = spanish_surname(self.surname[0]);
                let b = spanish_surname(self.surname[1]);
                match rng.random_range(0..100) {
                    0..60 => {
                        parts.push(a);
                        parts.push(b);
                    }
                    60..90 => parts.push(a),
                    _ => {
                        parts.push(b);
                        parts.push(a);
                    }
                }
                if chance(rng, 0.3) {
                    for p in &mut parts {
                        *p = strip_accents(p);
                    }
                }
            }
            Tradition::English => {
                let table = if self.female {
                    ENGLISH_FEMALE
                } else {
                    ENGLISH_MALE
                };
                parts.push(table[self.given[0]].to_string());
                if let Some(i) = self.second_given
                    && chance(rng, 0.5)
                {
                    parts.push(format!("{}.", (b'A' + i as u8) as char));
                }
                parts.push(english_surname(self.surname[0]));
                family_first = chance(rng, 0.05);
            }
        }
        // Errors inside one part.
        if chance(rng, 0.08) {
            let k = rng.random_range(0..parts.len());
            typo(&mut parts[k], rng);
        }
        if chance(rng, 0.04) {
            let k = rng.random_range(0..parts.len());
            transpose(&mut parts[k], rng);
        }
        let mut name = if family_first && parts.len() > 1 {
            let last = parts.pop().unwrap_or_default();
            format!("{last}, {}", parts.join(" "))
        } else {
            parts.join(" ")
        };
        if chance(rng, 0.15) {
            name = name.to_uppercase();
        }
        name
    }
}

fn strip_accents(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            'á' => 'a',
            'é' => 'e',
            'í' => 'i',
            'ó' => 'o',
            'ú' => 'u',
            'Á' => 'A',
            'É' => 'E',
            'Í' => 'I',
            'Ó' => 'O',
            'Ú' => 'U',
            'ñ' => 'n',
            other => other,
        })
        .collect()
}

/// A deterministic stream for one made-up word.
fn word_rng(kind: u64, k: usize) -> ChaCha8Rng {
    ChaCha8Rng::seed_from_u64(kind << 40 ^ k as u64)
}

fn syllables(rng: &mut ChaCha8Rng, count: usize) -> String {
    let mut s = String::new();
    for _ in 0..count {
        s.push_str(ONSETS[rng.random_range(0..ONSETS.len())]);
        s.push_str(VOWELS[rng.random_range(0..VOWELS.len())]);
        s.push_str(CODAS[rng.random_range(0..CODAS.len())]);
    }
    capitalise(&s)
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

fn spanish_surname(rank: usize) -> String {
    if rank < SPANISH_SURNAMES.len() {
        return SPANISH_SURNAMES[rank].to_string();
    }
    let mut rng = word_rng(1, rank);
    let n = rng.random_range(2..=3);
    let base = syllables(&mut rng, n);
    let end = ["ez", "es", "o", "a", "ado", "era", "ino", "al"][rng.random_range(0..8)];
    format!("{base}{end}")
}

fn english_surname(rank: usize) -> String {
    if rank < ENGLISH_SURNAMES.len() {
        return ENGLISH_SURNAMES[rank].to_string();
    }
    let mut rng = word_rng(2, rank);
    let n = rng.random_range(1..=2);
    let base = syllables(&mut rng, n);
    let end = ["son", "ton", "ley", "er", "s", "ford", "well", "man"][rng.random_range(0..8)];
    format!("{base}{end}")
}

/// A made-up Arabic family name from consonants, in Arabic script or a Latin
/// transliteration whose vowels vary from record to record.
fn arabic_family(rank: usize, arabic: bool, article: bool, rng: &mut ChaCha8Rng) -> String {
    let mut word = word_rng(3, rank);
    let n = if word.random_bool(0.7) { 3 } else { 4 };
    let roots: Vec<usize> = (0..n).map(|_| word.random_range(0..ROOT.len())).collect();
    let long = word.random_range(0..n - 1);
    let nisba = word.random_bool(0.3);
    if arabic {
        let mut s = String::new();
        if article {
            s.push_str("ال");
        }
        for (i, &r) in roots.iter().enumerate() {
            s.push_str(ROOT[r].1);
            if i == long {
                s.push('ا');
            }
        }
        if nisba {
            s.push('ي');
        }
        s
    } else {
        let mut s = String::new();
        for (i, &r) in roots.iter().enumerate() {
            s.push_str(ROOT[r].0);
            if i + 1 < roots.len() {
                s.push_str(if i == long {
                    ["a", "aa", "e"][rng.random_range(0..3)]
                } else {
                    ["a", "e", "i", "o", "u"][rng.random_range(0..5)]
                });
            }
        }
        if nisba {
            s.push_str(["i", "y", "ee"][rng.random_range(0..3)]);
        }
        let s = capitalise(&s);
        if article {
            [format!("Al-{s}"), format!("al {s}"), format!("El-{s}"), s][rng.random_range(0..4)]
                .clone()
        } else {
            s
        }
    }
}

/// A place name, fixed for its number and level.
fn place_name(k: usize, level: u64) -> String {
    let mut rng = word_rng(10 + level, k);
    let n = rng.random_range(1..=2);
    syllables(&mut rng, n) + ["", "a", "ia", "ville", "abad", "pur"][rng.random_range(0..6)]
}

fn typo(s: &mut String, rng: &mut ChaCha8Rng) {
    let mut chars: Vec<char> = s.chars().collect();
    if chars.len() < 3 {
        return;
    }
    let arabic = chars.iter().any(|c| ('\u{0600}'..='\u{06FF}').contains(c));
    let letters: Vec<char> = if arabic {
        "ابتثجحخدذرزسشصضطظعغفقكلمنهوي".chars().collect()
    } else {
        "abcdefghijklmnopqrstuvwxyz".chars().collect()
    };
    let i = rng.random_range(1..chars.len());
    match rng.random_range(0..3) {
        0 => chars[i] = letters[rng.random_range(0..letters.len())],
        1 => chars.insert(i, letters[rng.random_range(0..letters.len())]),
        _ => {
            chars.remove(i);
        }
    }
    *s = chars.into_iter().collect();
}

fn transpose(s: &mut String, rng: &mut ChaCha8Rng) {
    let mut chars: Vec<char> = s.chars().collect();
    if chars.len() < 3 {
        return;
    }
    let i = rng.random_range(1..chars.len() - 1);
    chars.swap(i, i + 1);
    *s = chars.into_iter().collect();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_records() {
        let c = SynthConfig::new(200, 7);
        let a: Vec<_> = records(&c).collect();
        let b: Vec<_> = records(&c).collect();
        assert_eq!(a, b);
        assert_eq!(a.len(), 200);
        let persons: std::collections::HashSet<u32> = a.iter().map(|r| r.person).collect();
        assert!(persons.len() < 200 && persons.len() > 60);
    }

    /// Up to 100,000 records the growing world is the world of six countries, record
    /// for record; beyond, people live in more countries, and those of the second six
    /// carry family names no one in the first six has.
    #[test]
    fn a_growing_world_adds_countries_with_families_of_their_own() {
        let fixed: Vec<_> = records(&SynthConfig::new(3_000, 5)).collect();
        let mut small = SynthConfig::growing_world(100_000, 5);
        small.records = 3_000;
        assert_eq!(small.countries, 6);
        assert_eq!(records(&small).collect::<Vec<_>>(), fixed);

        // The world of a million holds the world of 100,000 person for person, in the
        // first six countries; the next people live in the next six.
        let large = SynthConfig::growing_world(1_000_000, 5);
        assert_eq!(large.countries, 60);
        let first = SynthConfig::growing_world(100_000, 5).people();
        assert!(
            first > 30_000 && first < 60_000,
            "{first} people in 100,000 records"
        );
        let small_world = World::new(6, first);
        let world = World::new(large.countries, first);
        let config = SynthConfig::new(3_000, 5);
        for id in (0..first).step_by(97) {
            let (a, b) = (Person::new(5, id, &small_world), Person::new(5, id, &world));
            assert_eq!(
                a.record(&config, 0, 0, &small_world),
                b.record(&config, 0, 0, &world)
            );
        }
        let people = |ids: std::ops::Range<u32>| -> Vec<Person> {
            ids.map(|id| Person::new(5, id, &world)).collect()
        };
        let (home, next, last) = (
            people(0..3_000),
            people(first..first + 3_000),
            people(9 * first..9 * first + 3_000),
        );
        assert!(home.iter().all(|p| p.place[0] < 6));
        assert!(next.iter().all(|p| (6..12).contains(&p.place[0])));
        assert!(last.iter().all(|p| (54..60).contains(&p.place[0])));
        let first_six: std::collections::HashSet<usize> =
            home.iter().flat_map(|p| p.surname).collect();
        assert!(
            next.iter()
                .flat_map(|p| p.surname)
                .all(|s| !first_six.contains(&s) && s >= SURNAME_RANKS),
            "the other countries' families are their own"
        );
        // Every size's records are its people's, whatever the order.
        let persons: std::collections::HashSet<u32> =
            plan(&large).into_iter().map(|(p, _)| p).collect();
        assert_eq!(large.people(), persons.len() as u32);
    }

    #[test]
    fn arabic_family_names_meet_across_scripts() {
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        for rank in 0..200 {
            let a = arabic_family(rank, true, false, &mut rng);
            let l = arabic_family(rank, false, false, &mut rng);
            assert_eq!(
                memoria_core::fold::latin_skeleton(&a),
                memoria_core::fold::latin_skeleton(&l),
                "{a} {l}"
            );
        }
    }
}
