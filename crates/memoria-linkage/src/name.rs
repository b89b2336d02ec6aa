//! Names made ready for comparison: folded, cut into parts, particles and titles
//! dropped, compound parts joined, placeholders recognised. The stored name is never
//! touched; this is only the form in which two names are compared.
//!
//! What it does, in order:
//!
//! 1. `Family, Given` becomes `Given Family` (one comma only).
//! 2. [`memoria_core::fold::fold`]: case, compatibility forms, diacritics, Arabic spelling
//!    variants (hamza, taa marbuta, alef maqsura, tatweel, harakat).
//! 3. Placeholders ("Name withheld by police", "unknown", "مجهول", "TK TK", …) and names
//!    made only of particles or placeholder words are *missing*, not names.
//! 4. Cut at anything that is not a letter or digit (hyphens and dots too).
//! 5. Arabic repairs for text extracted from PDFs, where the lam-alef ligature comes out
//!    reversed: `هللا` is `الله`; a leading `اال` is the article before an alef; inside a
//!    word `لا` and `ال` are taken as one (so `سلامة` and a broken `سالمة` meet — and so
//!    do the names Salam and Salem in Arabic script, a conflation the other parts and
//!    fields of a record must resolve).
//! 6. Compounds written apart are joined: `عبد الله` / `Abdul Rahman` / `Abu Ali` are one
//!    part, as when written together.
//! 7. The Arabic article (`ال` prefix, `al-`/`el-`), the patronymic particles (`بن`, `ابن`,
//!    `بنت`, `bin`, `ibn`, `bint`), the Spanish and Portuguese particles (`de`, `del`,
//!    `de la`, `da`, `das`, `do`, `dos`, `y`, `e`), other nobiliary particles (`van`,
//!    `von`, `der`, `di`, `du`, `le`) and suffixes (`jr`, `sr`, `ii`, `iii`) are dropped.
//!
//! A single letter is an initial: it matches any part that begins with it, and counts
//! for less. Order is kept (the first part is usually the given name) but comparison
//! does not depend on it; see [`crate::compare`].

use memoria_core::fold::fold;

/// The most parts a name keeps; longer chains lose their last parts (rare, and the
/// first parts carry the most information).
pub const MAX_PARTS: usize = 8;

/// Whole folded names that stand for "no name".
const PLACEHOLDER_PHRASES: &[&str] = &[
    "tk tk",
    "john doe",
    "jane doe",
    "baby doe",
    "n/a",
    "n a",
    "x x",
    "xx",
    "nn",
    "nn nn",
    "no name",
    "sin nombre",
    "sem nome",
    "غير معروف",
    "مجهول الهويه",
    "لا يوجد",
];

/// Words that, when a name holds nothing else, make it a placeholder.
const PLACEHOLDER_WORDS: &[&str] = &[
    "name",
    "names",
    "withheld",
    "by",
    "police",
    "unknown",
    "unidentified",
    "unnamed",
    "not",
    "released",
    "anonymous",
    "anon",
    "none",
    "null",
    "nil",
    "tk",
    "na",
    "unk",
    "male",
    "female",
    "man",
    "woman",
    "child",
    "infant",
    "baby",
    "person",
    "victim",
    "desconocido",
    "desconocida",
    "nombre",
    "reservado",
    "identificado",
    "identificada",
    "no",
    "inconnu",
    "inconnue",
    "nom",
    "مجهول",
    "مجهوله",
    "الهويه",
    "غير",
    "معروف",
    "طفل",
    "طفله",
    "رضيع",
    "رضيعه",
    "شهيد",
    "شهيده",
    "неизвестныи",
    "неизвестная",
    "неизвестно",
];

/// Parts dropped wherever they stand (when something else is left).
///
/// Not here though they are particles in some languages: "le", "du" and "di", which are
/// also family names held by millions (Vietnamese Lê, Chinese Du and Di) and would
/// leave "Nam Le" with nothing but a given name. Kept as parts, a French "Le Pen" and
/// an Italian "Di Maria" still meet themselves; they lose only the match with the
/// name written without its particle, which is rare for these.
const PARTICLES: &[&str] = &[
    "de", "del", "la", "las", "los", "da", "das", "do", "dos", "y", "e", "van", "von", "der",
    "den", "ter", "al", "el", "bin", "ibn", "bint", "jr", "sr", "ii", "iii", "iv", "mr", "mrs",
    "ms", "dr", "بن", "ابن", "بنت", "ال",
];

/// Parts joined to the next one: the first half of a compound name.
const JOIN_NEXT: &[&str] = &[
    "abd", "abdul", "abdel", "abdal", "abdoul", "abu", "abou", "abo", "عبد", "ابو",
];

/// The word lists above as sets: every part of every name is looked up in them, and
/// scanning the lists was a third of cutting names into parts.
type WordSet = std::sync::LazyLock<rustc_hash::FxHashSet<&'static str>>;

static IS_PLACEHOLDER_WORD: WordSet = WordSet::new(|| PLACEHOLDER_WORDS.iter().copied().collect());
static IS_PARTICLE: WordSet = WordSet::new(|| PARTICLES.iter().copied().collect());
static IS_JOINED_TO_NEXT: WordSet = WordSet::new(|| JOIN_NEXT.iter().copied().collect());

/// A name cut into comparable parts; empty when the name is missing or a placeholder.
pub fn name_parts(raw: &str, out: &mut Vec<String>) {
    out.clear();
    let reordered;
    let mut text = raw;
    if let Some((family, given)) = raw.split_once(',')
        && !given.contains(',')
        && !family.trim().is_empty()
        && !given.trim().is_empty()
    {
        reordered = format!("{given} {family}");
        text = &reordered;
    }
    let folded = fold(text);
    let trimmed = folded.trim();
    if trimmed.is_empty() {
        return;
    }
    let squeezed: String = trimmed.split_whitespace().collect::<Vec<_>>().join(" ");
    if PLACEHOLDER_PHRASES.contains(&squeezed.as_str()) {
        return;
    }
    let mut words: Vec<String> = Vec::new();
    for w in squeezed.split(|c: char| !c.is_alphanumeric()) {
        if w.is_empty() || w.chars().all(|c| c.is_ascii_digit()) {
            continue;
        }
        words.push(repair_arabic(w));
    }
    if words
        .iter()
        .all(|w| IS_PLACEHOLDER_WORD.contains(w.as_str()) || IS_PARTICLE.contains(w.as_str()))
    {
        return;
    }
    let mut i = 0;
    while i < words.len() {
        let w = &words[i];
        if IS_JOINED_TO_NEXT.contains(w.as_str()) && i + 1 < words.len() {
            // "abd al rahman": the article standing alone between the halves.
            let mut next_at = i + 1;
            if matches!(words[next_at].as_str(), "al" | "el" | "ul" | "ال")
                && next_at + 1 < words.len()
            {
                next_at += 1;
            }
            let next = strip_article(&words[next_at]);
            // Keep the article inside the compound, as it is written together
            // (عبدالله, Abdulrahman): abd + al + rahman.
            let joined = match w.as_str() {
                "عبد" => format!("{w}ال{next}"),
                "abd" => format!("{w}al{next}"),
                _ => format!("{w}{next}"),
            };
            out.push(joined);
            i = next_at + 1;
            continue;
        }
        if !IS_PARTICLE.contains(w.as_str()) {
            let part = strip_article(w);
            if !part.is_empty() {
                out.push(part.to_string());
            }
        }
        i += 1;
    }
    out.truncate(MAX_PARTS);
}

fn is_arabic(w: &str) -> bool {
    w.chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c))
}

/// The word without a leading Arabic article (`ال`, or `al`/`el` glued on in Latin
/// script is left alone: "alvarez" must stay whole), when at least two letters remain.
fn strip_article(w: &str) -> &str {
    if let Some(rest) = w.strip_prefix("ال")
        && rest.chars().count() >= 2
    {
        return rest;
    }
    w
}

/// Undoes the damage PDF extraction does to the lam-alef ligature (see the module
/// documentation).
fn repair_arabic(w: &str) -> String {
    if !is_arabic(w) {
        return w.to_string();
    }
    if w == "هللا" {
        return "الله".to_string();
    }
    let mut s = w.to_string();
    if let Some(rest) = s.strip_prefix("اال") {
        s = format!("الا{rest}");
    }
    // Inside the word (after its first letter, and after a possible article),
    // lam-alef and alef-lam are one. A word that begins with lam-alef keeps it: the
    // repair must not make an article of it.
    let skip = if s.starts_with("ال") { 2 } else { 1 };
    let cut = s.char_indices().nth(skip).map_or(s.len(), |(i, _)| i);
    let (head, body) = s.split_at(cut);
    format!("{head}{}", body.replace("لا", "ال"))
}

/// The *rasm* of an Arabic-script part: its letters without their dots (ب ت ث ن ي are
/// one shape, ج ح خ one, and so on). PDF extraction and hurried typing lose or move
/// dots (ش read as س, ق as ف), and names then differ only in them. `None` for a part
/// with no Arabic letter.
pub fn rasm(part: &str) -> Option<String> {
    if !is_arabic(part) {
        return None;
    }
    Some(
        part.chars()
            .map(|c| match c {
                'ب' | 'ت' | 'ث' | 'ن' | 'ي' | 'ى' | 'ئ' => 'ب',
                'ج' | 'ح' | 'خ' => 'ح',
                'د' | 'ذ' => 'د',
                'ر' | 'ز' => 'ر',
                'س' | 'ش' => 'س',
                'ص' | 'ض' => 'ص',
                'ط' | 'ظ' => 'ط',
                'ع' | 'غ' => 'ع',
                'ف' | 'ق' => 'ف',
                'ة' => 'ه',
                other => other,
            })
            .collect(),
    )
}

/// Whether the part is an initial (one Latin letter).
pub fn is_initial(part: &str) -> bool {
    let mut chars = part.chars();
    matches!((chars.next(), chars.next()), (Some(c), None) if c.is_ascii_alphabetic())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(s: &str) -> Vec<String> {
        let mut out = Vec::new();
        name_parts(s, &mut out);
        out
    }

    #[test]
    fn placeholders_and_particles_only_are_missing() {
        for s in [
            "",
            "   ",
            "Name withheld by police",
            "name withheld",
            "Unknown",
            "TK TK",
            "مجهول",
            "مجهول الهوية",
            "de la",
            "بن",
            "Неизвестный",
            "12345",
        ] {
            assert!(parts(s).is_empty(), "{s}");
        }
    }

    #[test]
    fn particles_articles_and_compounds() {
        assert_eq!(parts("José de la Cruz"), ["jose", "cruz"]);
        assert_eq!(
            parts("Maria dos Santos e Silva"),
            ["maria", "santos", "silva"]
        );
        assert_eq!(parts("Smith, John A."), ["john", "a", "smith"]);
        assert_eq!(parts("Ali al-Hassan"), ["ali", "hassan"]);
        assert_eq!(parts("Abdul Rahman"), parts("Abdulrahman"));
        assert_eq!(parts("عبد الله"), parts("عبدالله"));
        assert_eq!(parts("Abd al Rahman"), ["abdalrahman"]);
        assert_eq!(parts("محمد بن أحمد الأسطل"), ["محمد", "احمد", "اسطل"]);
        assert_eq!(parts("John Smith Jr."), ["john", "smith"]);
        // Every particle the issue names, in Spanish, Portuguese and Arabic.
        assert_eq!(parts("Pedro del Río"), ["pedro", "rio"]);
        assert_eq!(parts("Ana da Costa das Neves"), ["ana", "costa", "neves"]);
        assert_eq!(parts("João do Carmo"), ["joao", "carmo"]);
        assert_eq!(parts("علي ابن خالد"), ["علي", "خالد"]);
        assert_eq!(parts("فاطمة بنت محمد"), ["فاطمه", "محمد"]);
        assert_eq!(parts("Hans van der Berg"), ["hans", "berg"]);
    }

    /// Family names that are particles elsewhere stay: Lê, Du and Di are held by
    /// millions of people, and dropping them left a Vietnamese "Nam Le" a given name.
    #[test]
    fn family_names_that_are_particles_elsewhere_are_kept() {
        assert_eq!(parts("Nam Le"), ["nam", "le"]);
        assert_eq!(parts("Lê Thị Hoa"), ["le", "thi", "hoa"]);
        assert_eq!(parts("Du Fang"), ["du", "fang"]);
        assert_eq!(parts("Ángel Di María"), ["angel", "di", "maria"]);
    }

    #[test]
    fn broken_lam_alef_ligatures_are_repaired() {
        assert_eq!(parts("عبد هللا"), parts("عبدالله"));
        assert_eq!(parts("االسطل"), parts("الاسطل"));
        assert_eq!(parts("سالمة"), parts("سلامة"));
        assert_eq!(parts("لافخي"), ["لافخي"]);
    }

    #[test]
    fn dots_do_not_count_in_the_rasm() {
        assert_eq!(rasm("شعيب"), rasm("سعيب"));
        assert_eq!(rasm("قاسم"), rasm("فاسم"));
        assert_ne!(rasm("سعيد"), rasm("سعود"));
        assert_eq!(rasm("John"), None);
    }

    #[test]
    fn initials() {
        assert!(is_initial("j"));
        assert!(!is_initial("jo"));
        assert!(!is_initial("ع"));
    }
}
