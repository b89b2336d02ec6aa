//! Personal names from several naming traditions, and the ways lists misspell them.
//!
//! Every name is an invented combination of common given names and surnames: the tables
//! below hold frequent names of each tradition, never a real person or a real victim
//! list. A [`Name`] is a handful of table indices, so that an incident plan can be drawn
//! again cheaply in every pass of the generator, and rendered only when it is emitted.
//!
//! The traditions were chosen for what they do to record linkage: Spanish double surnames
//! (given, paternal, maternal; lists drop or swap them), Arabic patronymic chains (given,
//! bin father, bin grandfather, family name with `al-`; transliterated many ways), French
//! compound given names, East African names (given, father's name, surname) and South
//! Slavic surnames with diacritics that lists lose.

use rand::Rng;

use crate::rng::{chance, pick_index};

/// The naming tradition a name follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Tradition {
    Spanish,
    Arabic,
    French,
    EastAfrican,
    Slavic,
}

/// A name in a table: its usual Latin spelling and, for Arabic, the original script and
/// the other transliterations lists use.
pub(crate) struct Entry {
    pub latin: &'static str,
    pub arabic: &'static str,
    pub variants: &'static [&'static str],
}

const fn e(latin: &'static str) -> Entry {
    Entry {
        latin,
        arabic: "",
        variants: &[],
    }
}

const fn a(latin: &'static str, arabic: &'static str, variants: &'static [&'static str]) -> Entry {
    Entry {
        latin,
        arabic,
        variants,
    }
}

const SPANISH_MALE: &[Entry] = &[
    e("José"),
    e("Juan"),
    e("Carlos"),
    e("Luis"),
    e("Miguel"),
    e("Jorge"),
    e("Andrés"),
    e("Pedro"),
    e("Manuel"),
    e("Francisco"),
    e("Javier"),
    e("Ramón"),
    e("Óscar"),
    e("Raúl"),
    e("Héctor"),
    e("Julián"),
    e("Sebastián"),
    e("Tomás"),
    e("Ángel"),
    e("Iván"),
    e("Diego"),
    e("Fernando"),
    e("Alejandro"),
    e("Ricardo"),
    e("Rubén"),
];
const SPANISH_FEMALE: &[Entry] = &[
    e("María"),
    e("Ana"),
    e("Carmen"),
    e("Rosa"),
    e("Lucía"),
    e("Elena"),
    e("Isabel"),
    e("Patricia"),
    e("Verónica"),
    e("Mónica"),
    e("Sofía"),
    e("Inés"),
    e("Beatriz"),
    e("Gloria"),
    e("Marta"),
    e("Adriana"),
    e("Julia"),
    e("Teresa"),
    e("Natalia"),
    e("Paula"),
    e("Silvia"),
    e("Claudia"),
];
const SPANISH_FAMILY: &[Entry] = &[
    e("García"),
    e("Rodríguez"),
    e("Martínez"),
    e("López"),
    e("González"),
    e("Pérez"),
    e("Sánchez"),
    e("Ramírez"),
    e("Torres"),
    e("Flores"),
    e("Rivera"),
    e("Gómez"),
    e("Díaz"),
    e("Morales"),
    e("Jiménez"),
    e("Ruiz"),
    e("Herrera"),
    e("Medina"),
    e("Castro"),
    e("Vargas"),
    e("Rojas"),
    e("Ortiz"),
    e("Guzmán"),
    e("Núñez"),
    e("Mendoza"),
    e("Peña"),
    e("Ríos"),
    e("Álvarez"),
    e("Muñoz"),
    e("Suárez"),
    e("Cabrera"),
    e("Navarro"),
    e("Domínguez"),
    e("Vega"),
    e("Molina"),
    e("Delgado"),
    e("Aguilar"),
    e("Castillo"),
    e("Romero"),
    e("Soto"),
];

const ARABIC_MALE: &[Entry] = &[
    a(
        "Muhammad",
        "محمد",
        &["Mohammed", "Mohamed", "Mohamad", "Mohammad"],
    ),
    a("Ahmad", "أحمد", &["Ahmed"]),
    a("Ali", "علي", &["Aly"]),
    a("Hasan", "حسن", &["Hassan"]),
    a("Husayn", "حسين", &["Hussein", "Hussain", "Hossein"]),
    a("Umar", "عمر", &["Omar"]),
    a("Yusuf", "يوسف", &["Youssef", "Yousef", "Yousif"]),
    a("Ibrahim", "إبراهيم", &["Ibraheem", "Brahim"]),
    a("Khalid", "خالد", &["Khaled"]),
    a("Mustafa", "مصطفى", &["Moustafa", "Mostafa"]),
    a("Said", "سعيد", &["Saeed", "Saïd"]),
    a(
        "Abdullah",
        "عبد الله",
        &["Abdallah", "Abd Allah", "Abdulla"],
    ),
    a(
        "Abd al-Rahman",
        "عبد الرحمن",
        &["Abdul Rahman", "Abdelrahman", "Abdurrahman", "Abdel Rahman"],
    ),
    a(
        "Abd al-Karim",
        "عبد الكريم",
        &["Abdul Karim", "Abdelkarim", "Abdulkarim"],
    ),
    a(
        "Abd al-Aziz",
        "عبد العزيز",
        &["Abdul Aziz", "Abdelaziz", "Abdulaziz"],
    ),
    a("Mahmud", "محمود", &["Mahmoud", "Mahmood"]),
    a("Sulayman", "سليمان", &["Suleiman", "Sleiman", "Soliman"]),
    a("Tariq", "طارق", &["Tarek", "Tarik"]),
    a("Nasir", "ناصر", &["Nasser", "Naser"]),
    a("Hamza", "حمزة", &["Hamzah", "Hamzeh"]),
    a("Karim", "كريم", &["Kareem"]),
    a("Yasin", "ياسين", &["Yassin", "Yaseen"]),
    a("Jamal", "جمال", &["Gamal"]),
    a("Walid", "وليد", &["Waleed"]),
    a("Samir", "سمير", &["Sameer"]),
];
const ARABIC_FEMALE: &[Entry] = &[
    a("Fatima", "فاطمة", &["Fatma", "Fatimah", "Fatemah"]),
    a("Aisha", "عائشة", &["Aicha", "Ayesha", "Aysha"]),
    a("Maryam", "مريم", &["Mariam", "Meryem"]),
    a("Khadija", "خديجة", &["Khadidja", "Khadijah"]),
    a("Zaynab", "زينب", &["Zainab", "Zeinab"]),
    a("Layla", "ليلى", &["Leila", "Laila", "Leyla"]),
    a("Nur", "نور", &["Noor", "Nour"]),
    a("Amina", "أمينة", &["Aminah", "Amena"]),
    a("Huda", "هدى", &["Houda", "Hoda"]),
    a("Salma", "سلمى", &["Selma"]),
    a("Rania", "رانيا", &["Raniya"]),
    a("Yasmin", "ياسمين", &["Yasmine", "Jasmin"]),
    a("Hanan", "حنان", &["Hanane"]),
    a("Samira", "سميرة", &["Sameera"]),
    a("Nadia", "نادية", &["Nadiya"]),
];
const ARABIC_FAMILY: &[Entry] = &[
    a(
        "al-Najjar",
        "النجار",
        &["Al Najjar", "El-Naggar", "Alnajjar", "Najjar"],
    ),
    a("al-Haddad", "الحداد", &["Al Haddad", "El Haddad", "Haddad"]),
    a("al-Khatib", "الخطيب", &["Al Khatib", "El-Khatib", "Khatib"]),
    a("al-Sayyid", "السيد", &["Al Sayed", "El-Sayed", "Elsayed"]),
    a("al-Masri", "المصري", &["Al Masri", "El-Masry", "Masri"]),
    a("al-Shami", "الشامي", &["Al Shami", "Shami", "El Chami"]),
    a("al-Qadi", "القاضي", &["Al Qadi", "El Kadi", "Qadi"]),
    a("al-Attar", "العطار", &["Al Attar", "El-Attar", "Attar"]),
    a(
        "al-Sabbagh",
        "الصباغ",
        &["Al Sabbagh", "Sabbagh", "El Sabbagh"],
    ),
    a("al-Hakim", "الحكيم", &["Al Hakim", "El-Hakim", "Hakim"]),
    a(
        "al-Tamimi",
        "التميمي",
        &["Al Tamimi", "Tamimi", "Al-Tamimi"],
    ),
    a("al-Amin", "الأمين", &["Al Amin", "El Amine", "Amin"]),
    a(
        "al-Jaziri",
        "الجزيري",
        &["Al Jaziri", "Jaziri", "El Djaziri"],
    ),
    a("al-Salih", "الصالح", &["Al Saleh", "Saleh", "Al-Salih"]),
];

const FRENCH_MALE: &[Entry] = &[
    e("Jean"),
    e("Pierre"),
    e("Michel"),
    e("Philippe"),
    e("Alain"),
    e("Nicolas"),
    e("Julien"),
    e("Olivier"),
    e("Thierry"),
    e("François"),
    e("Étienne"),
    e("Benoît"),
    e("Jérôme"),
    e("Sébastien"),
    e("Rémi"),
    e("Hervé"),
    e("Joël"),
    e("Laurent"),
    e("Didier"),
    e("Mathieu"),
    e("Antoine"),
    e("Luc"),
];
const FRENCH_FEMALE: &[Entry] = &[
    e("Marie"),
    e("Nathalie"),
    e("Isabelle"),
    e("Sylvie"),
    e("Catherine"),
    e("Françoise"),
    e("Hélène"),
    e("Céline"),
    e("Aurélie"),
    e("Émilie"),
    e("Camille"),
    e("Claire"),
    e("Margaux"),
    e("Chloé"),
    e("Agnès"),
    e("Mathilde"),
    e("Sophie"),
    e("Élise"),
    e("Juliette"),
    e("Anne"),
];
const FRENCH_FAMILY: &[Entry] = &[
    e("Martin"),
    e("Bernard"),
    e("Dubois"),
    e("Thomas"),
    e("Robert"),
    e("Richard"),
    e("Petit"),
    e("Durand"),
    e("Leroy"),
    e("Moreau"),
    e("Simon"),
    e("Lefèvre"),
    e("Fournier"),
    e("Girard"),
    e("Bonnet"),
    e("Dupont"),
    e("Lambert"),
    e("Fontaine"),
    e("Rousseau"),
    e("Mercier"),
    e("Blanc"),
    e("Guérin"),
    e("Boyer"),
    e("Chevalier"),
    e("Faure"),
    e("Rivière"),
    e("Gauthier"),
    e("Perrin"),
    e("Morel"),
    e("Lemaire"),
    e("Barbier"),
    e("Brunet"),
    e("Roussel"),
    e("Renaud"),
];

const EAST_AFRICAN_MALE: &[Entry] = &[
    e("Juma"),
    e("Baraka"),
    e("Hamisi"),
    e("Omari"),
    e("Bakari"),
    e("Rashidi"),
    e("Salim"),
    e("Musa"),
    e("Amani"),
    e("Jabari"),
    e("Hassani"),
    e("Idrisa"),
    e("Athumani"),
    e("Shabani"),
    e("Ramadhani"),
    e("Daudi"),
    e("Yohana"),
    e("Petro"),
    e("Emmanuel"),
    e("Joseph"),
];
const EAST_AFRICAN_FEMALE: &[Entry] = &[
    e("Zawadi"),
    e("Neema"),
    e("Rehema"),
    e("Upendo"),
    e("Halima"),
    e("Mwanaisha"),
    e("Imani"),
    e("Subira"),
    e("Mwajuma"),
    e("Asha"),
    e("Tatu"),
    e("Saida"),
    e("Esther"),
    e("Grace"),
    e("Agnes"),
    e("Rose"),
];
const EAST_AFRICAN_FAMILY: &[Entry] = &[
    e("Mwakyusa"),
    e("Kimaro"),
    e("Massawe"),
    e("Mushi"),
    e("Mrema"),
    e("Lyimo"),
    e("Swai"),
    e("Shirima"),
    e("Mbwana"),
    e("Makame"),
    e("Mfinanga"),
    e("Temba"),
    e("Kweka"),
    e("Mollel"),
    e("Msuya"),
    e("Ngowi"),
    e("Kessy"),
    e("Minja"),
    e("Urassa"),
    e("Mtui"),
];

const SLAVIC_MALE: &[Entry] = &[
    e("Ivan"),
    e("Dmitar"),
    e("Nikola"),
    e("Marko"),
    e("Petar"),
    e("Aleksandar"),
    e("Milan"),
    e("Stefan"),
    e("Goran"),
    e("Bogdan"),
    e("Vladimir"),
    e("Dragan"),
    e("Zoran"),
    e("Dejan"),
];
const SLAVIC_FEMALE: &[Entry] = &[
    e("Ana"),
    e("Jelena"),
    e("Marija"),
    e("Olga"),
    e("Irena"),
    e("Milica"),
    e("Svetlana"),
    e("Tatjana"),
    e("Natalija"),
    e("Vesna"),
    e("Dragana"),
    e("Katarina"),
    e("Snežana"),
    e("Ljiljana"),
];
const SLAVIC_FAMILY: &[Entry] = &[
    e("Petrović"),
    e("Jovanović"),
    e("Nikolić"),
    e("Marković"),
    e("Đorđević"),
    e("Stojanović"),
    e("Ilić"),
    e("Pavlović"),
    e("Kovačević"),
    e("Babić"),
    e("Lukić"),
    e("Popović"),
    e("Živković"),
    e("Tomić"),
    e("Savić"),
];

/// Given names (by sex) and family names of one tradition.
fn tables(t: Tradition) -> (&'static [Entry], &'static [Entry], &'static [Entry]) {
    match t {
        Tradition::Spanish => (SPANISH_MALE, SPANISH_FEMALE, SPANISH_FAMILY),
        Tradition::Arabic => (ARABIC_MALE, ARABIC_FEMALE, ARABIC_FAMILY),
        Tradition::French => (FRENCH_MALE, FRENCH_FEMALE, FRENCH_FAMILY),
        Tradition::EastAfrican => (EAST_AFRICAN_MALE, EAST_AFRICAN_FEMALE, EAST_AFRICAN_FAMILY),
        Tradition::Slavic => (SLAVIC_MALE, SLAVIC_FEMALE, SLAVIC_FAMILY),
    }
}

/// No index: the part is absent.
const NONE: u8 = u8::MAX;

/// A personal name as table indices: small and `Copy`, rendered on demand.
///
/// The meaning of the parts depends on the tradition:
/// - Spanish: `given` [`given2`] `family` [`family2`] (paternal, then maternal surname);
/// - Arabic: `given` [bin/bint `father` [bin `grandfather`]] [`family`];
/// - French: `given`[-`given2`] `family`;
/// - East African: `given` [`father`] `family`;
/// - Slavic: `given` `family`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Name {
    pub tradition: Tradition,
    pub female: bool,
    given: u8,
    given2: u8,
    father: u8,
    grandfather: u8,
    family: u8,
    family2: u8,
    /// Whether the Arabic chain is written with `bin`/`bint` between the names.
    particles: bool,
    /// Whether the record keeps the name in Arabic script beside its transliteration.
    pub arabic_script: bool,
}

impl Name {
    /// A random name of `tradition`. `female` picks the given names' table.
    pub fn random(rng: &mut impl Rng, tradition: Tradition, female: bool) -> Name {
        let (male_t, female_t, family_t) = tables(tradition);
        let given_t = if female { female_t } else { male_t };
        let mut n = Name {
            tradition,
            female,
            given: pick_index(rng, given_t.len()),
            given2: NONE,
            father: NONE,
            grandfather: NONE,
            family: pick_index(rng, family_t.len()),
            family2: NONE,
            particles: false,
            arabic_script: false,
        };
        match tradition {
            Tradition::Spanish => {
                if chance(rng, 0.15) {
                    n.given2 = distinct(rng, given_t.len(), n.given);
                }
                if chance(rng, 0.92) {
                    n.family2 = distinct(rng, family_t.len(), n.family);
                }
            }
            Tradition::Arabic => {
                let form = rng.random_range(0..10);
                if form < 9 {
                    n.father = pick_index(rng, male_t.len());
                }
                if form < 6 {
                    n.grandfather = distinct(rng, male_t.len(), n.father);
                }
                if n.father != NONE && chance(rng, 0.25) {
                    n.family = NONE; // a chain alone is a full name
                }
                n.particles = n.father != NONE && chance(rng, 0.7);
                n.arabic_script = chance(rng, 0.45);
            }
            Tradition::French => {
                if chance(rng, 0.12) {
                    n.given2 = distinct(rng, given_t.len(), n.given);
                }
            }
            Tradition::EastAfrican => {
                if chance(rng, 0.35) {
                    n.father = pick_index(rng, male_t.len());
                }
            }
            Tradition::Slavic => {}
        }
        n
    }

    fn given_entry(&self) -> &'static Entry {
        let (m, f, _) = tables(self.tradition);
        &(if self.female { f } else { m })[usize::from(self.given)]
    }

    fn given2_entry(&self) -> Option<&'static Entry> {
        let (m, f, _) = tables(self.tradition);
        (self.given2 != NONE).then(|| &(if self.female { f } else { m })[usize::from(self.given2)])
    }

    fn male(&self, i: u8) -> Option<&'static Entry> {
        (i != NONE).then(|| &tables(self.tradition).0[usize::from(i)])
    }

    fn family_entry(&self, i: u8) -> Option<&'static Entry> {
        (i != NONE).then(|| &tables(self.tradition).2[usize::from(i)])
    }

    /// The parts of the name in order, each with its role, for rendering and variants.
    pub fn parts(&self) -> Vec<Part> {
        let mut out = vec![Part::Given(self.given_entry())];
        if let Some(g2) = self.given2_entry() {
            out.push(Part::Given2(g2));
        }
        if let Some(f) = self.male(self.father) {
            if self.particles {
                out.push(Part::Particle(if self.female { "bint" } else { "bin" }));
            }
            out.push(Part::Father(f));
        }
        if let Some(g) = self.male(self.grandfather) {
            if self.particles {
                out.push(Part::Particle("bin"));
            }
            out.push(Part::Father(g));
        }
        if let Some(f) = self.family_entry(self.family) {
            out.push(Part::Family(f));
        }
        if let Some(f) = self.family_entry(self.family2) {
            out.push(Part::Family2(f));
        }
        out
    }

    /// The given name(s) as usually written.
    pub fn given(&self) -> String {
        let g = self.given_entry().latin;
        match (self.tradition, self.given2_entry()) {
            (Tradition::French, Some(g2)) => format!("{g}-{}", g2.latin),
            (_, Some(g2)) => format!("{g} {}", g2.latin),
            (_, None) => g.to_string(),
        }
    }

    /// Everything after the given name(s): surnames, or the patronymic chain.
    pub fn family(&self) -> String {
        join_latin(
            self.parts()
                .into_iter()
                .filter(|p| !matches!(p, Part::Given(_) | Part::Given2(_))),
        )
    }

    /// The full name in Latin script.
    pub fn full(&self) -> String {
        format!("{} {}", self.given(), self.family())
            .trim()
            .to_string()
    }

    /// The name in Arabic script, for Arabic names.
    pub fn arabic(&self) -> Option<String> {
        if self.tradition != Tradition::Arabic {
            return None;
        }
        let words: Vec<&str> = self
            .parts()
            .iter()
            .map(|p| match p {
                Part::Particle("bint") => "بنت",
                Part::Particle(_) => "بن",
                other => other.entry().map_or("", |e| e.arabic),
            })
            .collect();
        Some(words.join(" "))
    }

    /// The surname(s) a person is addressed by: the family name, or for an Arabic chain
    /// without one, the last name of the chain.
    pub fn surname(&self) -> String {
        match self.tradition {
            Tradition::Arabic => self
                .parts()
                .last()
                .map_or(String::new(), |p| p.latin().to_string()),
            _ => self.family(),
        }
    }

    /// A short form for an honorific alias (Arabic kunya `Abu …`), from the father's name
    /// so that it varies.
    pub fn kunya(&self, rng: &mut impl Rng) -> Option<String> {
        (self.tradition == Tradition::Arabic && !self.female).then(|| {
            let son = &ARABIC_MALE[usize::from(pick_index(rng, ARABIC_MALE.len()))];
            format!("Abu {}", son.latin)
        })
    }
}

/// One word (or word group) of a name.
#[derive(Clone, Copy)]
pub(crate) enum Part {
    Given(&'static Entry),
    Given2(&'static Entry),
    Particle(&'static str),
    Father(&'static Entry),
    Family(&'static Entry),
    Family2(&'static Entry),
}

impl Part {
    pub fn entry(&self) -> Option<&'static Entry> {
        match *self {
            Part::Given(e)
            | Part::Given2(e)
            | Part::Father(e)
            | Part::Family(e)
            | Part::Family2(e) => Some(e),
            Part::Particle(_) => None,
        }
    }

    pub fn latin(&self) -> &'static str {
        match *self {
            Part::Particle(p) => p,
            other => other.entry().map_or("", |e| e.latin),
        }
    }
}

fn join_latin(parts: impl Iterator<Item = Part>) -> String {
    let words: Vec<&str> = parts.map(|p| p.latin()).collect();
    words.join(" ")
}

fn distinct(rng: &mut impl Rng, len: usize, not: u8) -> u8 {
    loop {
        let i = pick_index(rng, len);
        if i != not {
            return i;
        }
    }
}

/// The string without diacritics, as a list typed on a keyboard without them writes it.
pub(crate) fn strip_accents(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            'á' | 'à' | 'â' | 'ä' | 'ã' => out.push('a'),
            'Á' | 'À' | 'Â' | 'Ä' => out.push('A'),
            'é' | 'è' | 'ê' | 'ë' => out.push('e'),
            'É' | 'È' | 'Ê' => out.push('E'),
            'í' | 'ì' | 'î' | 'ï' => out.push('i'),
            'Í' | 'Î' => out.push('I'),
            'ó' | 'ò' | 'ô' | 'ö' => out.push('o'),
            'Ó' | 'Ô' => out.push('O'),
            'ú' | 'ù' | 'û' | 'ü' => out.push('u'),
            'Ú' => out.push('U'),
            'ñ' => out.push('n'),
            'Ñ' => out.push('N'),
            'ç' | 'ć' | 'č' => out.push('c'),
            'Ç' | 'Ć' | 'Č' => out.push('C'),
            'š' => out.push('s'),
            'Š' => out.push('S'),
            'ž' => out.push('z'),
            'Ž' => out.push('Z'),
            'đ' => out.push_str("dj"),
            'Đ' => out.push_str("Dj"),
            other => out.push(other),
        }
    }
    out
}

/// One slip of the pen: two neighbouring letters swapped, a letter dropped or doubled, or
/// a letter replaced by one that sounds alike.
pub(crate) fn typo(rng: &mut impl Rng, s: &str) -> String {
    let mut chars: Vec<char> = s.chars().collect();
    // Only touch letters inside a word, never the first one: people rarely get that wrong.
    let inner: Vec<usize> = (1..chars.len())
        .filter(|&i| chars[i].is_alphabetic() && chars[i - 1].is_alphabetic())
        .collect();
    if inner.is_empty() {
        return s.to_string();
    }
    let i = inner[rng.random_range(0..inner.len())];
    match rng.random_range(0..4) {
        0 if i + 1 < chars.len() && chars[i + 1].is_alphabetic() => chars.swap(i, i + 1),
        1 if chars.len() > 4 => {
            chars.remove(i);
        }
        2 => chars.insert(i, chars[i]),
        _ => {
            let c = chars[i];
            chars[i] = match c {
                'b' => 'v',
                'v' => 'b',
                's' => 'z',
                'z' => 's',
                'i' => 'y',
                'y' => 'i',
                'c' => 'k',
                'k' => 'c',
                'e' => 'a',
                'a' => 'e',
                'o' => 'u',
                'u' => 'o',
                'n' => 'm',
                'm' => 'n',
                'r' => 'l',
                'l' => 'r',
                other => other,
            };
            if chars[i] == c {
                chars.swap(i - 1, i);
            }
        }
    }
    chars.into_iter().collect()
}

/// A different transliteration of an Arabic name part, if the table knows one.
pub(crate) fn transliteration_variant(rng: &mut impl Rng, entry: &Entry) -> &'static str {
    if entry.variants.is_empty() {
        entry.latin
    } else {
        entry.variants[rng.random_range(0..entry.variants.len())]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn arabic_names_have_script_for_every_part() {
        for t in [ARABIC_MALE, ARABIC_FEMALE, ARABIC_FAMILY] {
            for e in t {
                assert!(!e.arabic.is_empty(), "{}", e.latin);
                assert!(!e.variants.is_empty(), "{}", e.latin);
            }
        }
    }

    #[test]
    fn renders_each_tradition() {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
        for t in [
            Tradition::Spanish,
            Tradition::Arabic,
            Tradition::French,
            Tradition::EastAfrican,
            Tradition::Slavic,
        ] {
            for female in [false, true] {
                for _ in 0..50 {
                    let n = Name::random(&mut rng, t, female);
                    assert!(!n.full().is_empty());
                    assert!(!n.full().contains("  "), "{}", n.full());
                    assert_eq!(n.full(), format!("{} {}", n.given(), n.family()).trim());
                }
            }
        }
    }

    #[test]
    fn accents_and_typos() {
        assert_eq!(
            strip_accents("Núñez Álvarez, Đorđević"),
            "Nunez Alvarez, Djordjevic"
        );
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(1);
        for _ in 0..100 {
            let t = typo(&mut rng, "Rodríguez");
            assert!(t.starts_with('R'));
            assert!((8..=10).contains(&t.chars().count()), "{t}");
        }
    }
}
