//! Reads the HURIDOCS micro-thesauri into Memoria vocabularies.
//!
//! The micro-thesauri are the controlled vocabularies of the HURIDOCS *Events Standard
//! Formats* ("who did what to whom"): types of acts, methods of violence, types of
//! perpetrators, and so on. OpenEvSys shipped them as SQL dumps; Memoria reads the CSV
//! conversion of those dumps, three files side by side in one folder:
//!
//! - `mt_lists.csv`: `list_code, list_name[, term_count]`, one row per list;
//! - `mt_vocab.csv`: one row per term, with its 12-digit hierarchical `huri_code`, its
//!   English, French and Spanish (`otherlanguages`) labels, its list, its parent (by
//!   `vocab_number`, which is the `huri_code` followed by the 2-digit list code) and its
//!   order among its siblings;
//! - `mt_vocab_l10n.csv`: `vocab_number, locale, term`, translations into more languages.
//!
//! Each list becomes one [`Vocabulary`] coded `huridocs-NN` (NN the 2-digit list code, as
//! in `vocab_number`), whose terms keep their HURIDOCS `huri_code` as their code, so that
//! data coded against the micro-thesauri elsewhere still matches. Terms come in display
//! order: each parent before its children, siblings by `term_order`. A term marked not
//! `visible` becomes a deprecated term: it stays valid for old records.
//!
//! Translations need care. The OpenEvSys translation tables are keyed by term number,
//! and in several tables the keys drifted from the terms: in the Arabic table of list 04
//! (types of acts), "Violations of the right to life" carries the Arabic for "violations
//! of workers' rights". A wrong label on a violation is worse than an English one, so by
//! default ([`Translations::Reviewed`]) only the translations that were read against the
//! English for Memoria are imported: Arabic, for the lists in [`REVIEWED_ARABIC_LISTS`],
//! minus the few labels in [`REJECTED_TRANSLATIONS`]. [`Translations::All`] imports every
//! translation unchecked, for a team that will review them itself. The French and
//! Spanish rows of the translation table are copies of `mt_vocab.csv`'s, cut at 100
//! characters, so they are used only where `mt_vocab.csv` has no label.

use std::collections::{BTreeMap, BTreeSet};
use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};

use memoria_core::text::MultiText;
use memoria_core::vocab::{Term, Vocabulary};

/// The list of lists.
pub const LISTS_FILE: &str = "mt_lists.csv";
/// The terms, with their English, French and Spanish labels.
pub const TERMS_FILE: &str = "mt_vocab.csv";
/// The translations into further languages.
pub const TRANSLATIONS_FILE: &str = "mt_vocab_l10n.csv";

/// The lists whose Arabic labels were read one by one against the English and found to
/// belong to their terms. Lists 01, 03, 04, 06, 10, 11, 13, 14, 30 and 68 are left out
/// because whole runs of their Arabic labels sit on the wrong terms; list 17 because it
/// renders "facility" as "means" (وسيلة) throughout and "police post" as a post office;
/// list 67 (sexual orientation) because its labels are wrong or slurs.
pub const REVIEWED_ARABIC_LISTS: &[u32] = &[
    2, 5, 7, 8, 9, 12, 15, 16, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 31, 32, 33, 34, 35,
    36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48,
];

/// Single translations in reviewed lists that are wrong enough to mislead, or offensive:
/// `(list, huri_code, locale, why)`. They are left out even of a reviewed import.
pub const REJECTED_TRANSLATIONS: &[(u32, &str, &str, &str)] = &[
    (
        15,
        "020111000000",
        "ar",
        "Anguilla is given the Arabic for Angola",
    ),
    (
        15,
        "030472000000",
        "ar",
        "Cocos (Keeling) Islands is given as the Caucasus islands",
    ),
    (
        16,
        "011616050101",
        "ar",
        "an appeal is given as the filing of a lawsuit",
    ),
    (
        16,
        "190907140501",
        "ar",
        "a signed affidavit is given as a signed confession",
    ),
    (
        23,
        "020502000000",
        "ar",
        "a derogatory term for mental disability",
    ),
    (
        23,
        "030400000000",
        "ar",
        "a derogatory term (sexually deviant) for homosexual",
    ),
    (
        24,
        "010100000000",
        "ar",
        "the executive branch is given as an executive director",
    ),
];

/// Which translations from `mt_vocab_l10n.csv` to import.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Translations {
    /// Only those reviewed for Memoria: see [`REVIEWED_ARABIC_LISTS`].
    #[default]
    Reviewed,
    /// All of them, except copies of the English label. Some are attached to the wrong
    /// terms: review them before use.
    All,
}

/// The vocabularies read, and what the reader left out or could not use.
#[derive(Clone, Debug, PartialEq)]
pub struct Import {
    /// One per list of `mt_lists.csv`, in list order; lists without terms are kept, since
    /// HURIDOCS meant them to be filled locally.
    pub vocabularies: Vec<Vocabulary>,
    /// One line per kind of thing left out, for the person running the import.
    pub notes: Vec<String>,
}

/// What went wrong, naming the file (and the line, counting the header as line 1) and
/// what to do about it.
#[derive(Debug, thiserror::Error)]
pub enum HuridocsError {
    #[error(
        "{} missing from {}: the HURIDOCS micro-thesauri are read from {LISTS_FILE}, \
         {TERMS_FILE} and {TRANSLATIONS_FILE} in one folder; put the missing file there",
        .missing.join(" and "),
        .dir.display()
    )]
    MissingFiles {
        dir: PathBuf,
        missing: Vec<&'static str>,
    },
    #[error("cannot read {}: {source}", .path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}: {message}", .path.display())]
    File { path: PathBuf, message: String },
    #[error("{}:{line}: {message}", .path.display())]
    Row {
        path: PathBuf,
        line: u64,
        message: String,
    },
}

/// The code Memoria gives the vocabulary of HURIDOCS list `list`: `huridocs-04` for the
/// types of acts. The two digits are those that end a `vocab_number`.
pub fn vocabulary_code(list: u32) -> String {
    format!("huridocs-{list:02}")
}

/// Splits a 14-digit `vocab_number` (as OpenEvSys records store terms) into its list and
/// its `huri_code`, the term's code in [`vocabulary_code`]`(list)`.
pub fn split_vocab_number(vocab_number: &str) -> Option<(u32, &str)> {
    let v = vocab_number.trim();
    if v.len() != 14 || !v.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((v[12..].parse().ok()?, &v[..12]))
}

/// Reads the micro-thesauri in `dir` with the reviewed translations only.
pub fn read_microthesauri(dir: &Path) -> Result<Vec<Vocabulary>, HuridocsError> {
    import_microthesauri(dir, Translations::Reviewed).map(|i| i.vocabularies)
}

/// Reads the micro-thesauri in `dir`, with the translations `translations` asks for, and
/// says what was left out.
pub fn import_microthesauri(
    dir: &Path,
    translations: Translations,
) -> Result<Import, HuridocsError> {
    let missing: Vec<&'static str> = [LISTS_FILE, TERMS_FILE, TRANSLATIONS_FILE]
        .into_iter()
        .filter(|f| !dir.join(f).is_file())
        .collect();
    if !missing.is_empty() {
        return Err(HuridocsError::MissingFiles {
            dir: dir.to_path_buf(),
            missing,
        });
    }
    let mut notes = Vec::new();
    let lists = read_lists(&dir.join(LISTS_FILE))?;
    let mut terms = read_terms(&dir.join(TERMS_FILE), &lists, &mut notes)?;
    read_translations(
        &dir.join(TRANSLATIONS_FILE),
        &mut terms,
        translations,
        &mut notes,
    )?;
    let vocabularies = assemble(&dir.join(LISTS_FILE), &dir.join(TERMS_FILE), &lists, terms)?;
    Ok(Import {
        vocabularies,
        notes,
    })
}

/// One row of `mt_lists.csv`.
struct List {
    code: u32,
    name: String,
    term_count: Option<usize>,
    line: u64,
}

/// One row of `mt_vocab.csv`, with the translations gathered for it.
struct Row {
    list: u32,
    huri_code: String,
    parent: Option<String>,
    order: u64,
    hidden: bool,
    labels: MultiText,
    line: u64,
}

/// A CSV file opened with its header read, so that columns are found by name and the
/// files may have their columns in any order.
struct Table {
    path: PathBuf,
    reader: csv::Reader<BufReader<File>>,
    header: Vec<String>,
}

impl Table {
    fn open(path: &Path) -> Result<Table, HuridocsError> {
        let file = File::open(path).map_err(|source| HuridocsError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let mut reader = csv::ReaderBuilder::new().from_reader(BufReader::new(file));
        let header = reader
            .headers()
            .map_err(|e| csv_error(path, e))?
            .iter()
            .map(|h| h.trim().to_lowercase())
            .collect();
        Ok(Table {
            path: path.to_path_buf(),
            reader,
            header,
        })
    }

    /// The position of a column that must be there.
    fn column(&self, name: &str, all: &[&str]) -> Result<usize, HuridocsError> {
        self.optional_column(name)
            .ok_or_else(|| HuridocsError::File {
                path: self.path.clone(),
                message: format!(
                    "the header has no `{name}` column; the first line must name the columns {}",
                    all.join(", ")
                ),
            })
    }

    fn optional_column(&self, name: &str) -> Option<usize> {
        self.header.iter().position(|h| h == name)
    }

    /// Calls `f` on every row, with the row's line number.
    fn rows(
        &mut self,
        mut f: impl FnMut(&csv::StringRecord, u64) -> Result<(), HuridocsError>,
    ) -> Result<(), HuridocsError> {
        let mut record = csv::StringRecord::new();
        loop {
            match self.reader.read_record(&mut record) {
                Ok(false) => return Ok(()),
                Ok(true) => {
                    let line = record.position().map_or(0, |p| p.line());
                    f(&record, line)?;
                }
                Err(e) => return Err(csv_error(&self.path, e)),
            }
        }
    }
}

fn csv_error(path: &Path, e: csv::Error) -> HuridocsError {
    let line = e.position().map(|p| p.line());
    let message = match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!(
            "this row has {len} fields where the header has {expected_len}; \
             a field that contains a comma must be wrapped in double quotes"
        ),
        csv::ErrorKind::Utf8 { .. } => {
            "this row is not valid UTF-8; save the file as UTF-8".to_string()
        }
        _ => e.to_string(),
    };
    match (line, e.into_kind()) {
        (_, csv::ErrorKind::Io(source)) => HuridocsError::Io {
            path: path.to_path_buf(),
            source,
        },
        (Some(line), _) => HuridocsError::Row {
            path: path.to_path_buf(),
            line,
            message,
        },
        (None, _) => HuridocsError::File {
            path: path.to_path_buf(),
            message,
        },
    }
}

fn field(record: &csv::StringRecord, i: usize) -> &str {
    record.get(i).unwrap_or("").trim()
}

fn read_lists(path: &Path) -> Result<BTreeMap<u32, List>, HuridocsError> {
    const COLUMNS: [&str; 2] = ["list_code", "list_name"];
    let mut t = Table::open(path)?;
    let code_at = t.column("list_code", &COLUMNS)?;
    let name_at = t.column("list_name", &COLUMNS)?;
    let count_at = t.optional_column("term_count");
    let mut lists = BTreeMap::new();
    let path_for_errors = t.path.clone();
    let err = |line: u64, message: String| HuridocsError::Row {
        path: path_for_errors.clone(),
        line,
        message,
    };
    t.rows(|r, line| {
        let code = parse_list_code(field(r, code_at)).ok_or_else(|| {
            err(
                line,
                format!(
                    "list_code {:?} is not a number from 1 to 99",
                    field(r, code_at)
                ),
            )
        })?;
        let name = field(r, name_at);
        if name.is_empty() {
            return Err(err(line, format!("list {code} has no list_name")));
        }
        let term_count = match count_at.map(|i| field(r, i)) {
            None | Some("") => None,
            Some(n) => Some(
                n.parse()
                    .map_err(|_| err(line, format!("term_count {n:?} is not a number")))?,
            ),
        };
        let list = List {
            code,
            name: name.to_string(),
            term_count,
            line,
        };
        if let Some(first) = lists.insert(code, list) {
            return Err(err(
                line,
                format!("list {code} is already on line {}", first.line),
            ));
        }
        Ok(())
    })?;
    Ok(lists)
}

/// List codes are the last two digits of a `vocab_number`, so 1 to 99.
fn parse_list_code(s: &str) -> Option<u32> {
    s.parse().ok().filter(|n| (1..=99).contains(n))
}

/// Reads the terms, keyed by `vocab_number`. Terms of lists that `mt_lists.csv` does not
/// name are skipped with a note (OpenEvSys has four such lists of demo placeholders).
fn read_terms(
    path: &Path,
    lists: &BTreeMap<u32, List>,
    notes: &mut Vec<String>,
) -> Result<BTreeMap<String, Row>, HuridocsError> {
    const COLUMNS: [&str; 7] = [
        "vocab_number",
        "huri_code",
        "english",
        "french",
        "otherlanguages",
        "list_code",
        "parent_vocab_number",
    ];
    let mut t = Table::open(path)?;
    let [number_at, code_at, en_at, fr_at, es_at, list_at, parent_at] = {
        let mut at = [0; 7];
        for (i, c) in COLUMNS.iter().enumerate() {
            at[i] = t.column(c, &COLUMNS)?;
        }
        at
    };
    let order_at = t.optional_column("term_order");
    let visible_at = t.optional_column("visible");
    let mut rows: BTreeMap<String, Row> = BTreeMap::new();
    let mut skipped: BTreeMap<u32, usize> = BTreeMap::new();
    let mut index = 0u64;
    let table_path = t.path.clone();
    let err = |line: u64, message: String| HuridocsError::Row {
        path: table_path.clone(),
        line,
        message,
    };
    t.rows(|r, line| {
        index += 1;
        let list = parse_list_code(field(r, list_at))
            .ok_or_else(|| err(line, format!("list_code {:?} is not a number from 1 to 99", field(r, list_at))))?;
        if !lists.contains_key(&list) {
            *skipped.entry(list).or_default() += 1;
            return Ok(());
        }
        let huri_code = field(r, code_at);
        if huri_code.len() != 12 || !huri_code.bytes().all(|b| b.is_ascii_digit()) {
            return Err(err(line, format!("huri_code {huri_code:?} is not 12 digits")));
        }
        let number = field(r, number_at);
        let expected = format!("{huri_code}{list:02}");
        if number != expected {
            return Err(err(
                line,
                format!(
                    "vocab_number {number:?} should be the huri_code followed by the list code, {expected:?}; \
                     the columns may be shifted"
                ),
            ));
        }
        let parent = match field(r, parent_at) {
            "" | "0" => None,
            p => Some(p.to_string()),
        };
        let order = match order_at.map(|i| field(r, i)) {
            None | Some("") => index,
            Some(o) => o
                .parse()
                .map_err(|_| err(line, format!("term_order {o:?} is not a number")))?,
        };
        let hidden = match visible_at.map(|i| field(r, i).to_ascii_lowercase()) {
            None => false,
            Some(v) if v.is_empty() || v == "y" => false,
            Some(v) if v == "n" => true,
            Some(v) => return Err(err(line, format!("visible is {v:?}; it must be y or n"))),
        };
        let english = field(r, en_at);
        if english.is_empty() {
            return Err(err(line, format!("term {huri_code} of list {list} has no English label")));
        }
        let mut labels = MultiText::single("en", english);
        for (lang, at) in [("fr", fr_at), ("es", es_at)] {
            if !field(r, at).is_empty() {
                labels.0.insert(lang.to_string(), field(r, at).to_string());
            }
        }
        let row = Row {
            list,
            huri_code: huri_code.to_string(),
            parent,
            order,
            hidden,
            labels,
            line,
        };
        if let Some(first) = rows.insert(number.to_string(), row) {
            return Err(err(line, format!("vocab_number {number} is already on line {}", first.line)));
        }
        Ok(())
    })?;
    if !skipped.is_empty() {
        let n: usize = skipped.values().sum();
        let which: Vec<String> = skipped.keys().map(|l| format!("{l:02}")).collect();
        notes.push(format!(
            "skipped {n} terms of lists {} in {TERMS_FILE}: {LISTS_FILE} does not name those lists \
             (in OpenEvSys they hold demo placeholders)",
            which.join(", ")
        ));
    }
    Ok(rows)
}

/// BCP 47 tags for the locales OpenEvSys named its own way.
fn language_tag(locale: &str) -> String {
    match locale.trim().to_ascii_lowercase().as_str() {
        "ind" => "id".to_string(), // Indonesian
        "ge" => "ka".to_string(),  // Georgian
        other => other.to_string(),
    }
}

fn read_translations(
    path: &Path,
    terms: &mut BTreeMap<String, Row>,
    translations: Translations,
    notes: &mut Vec<String>,
) -> Result<(), HuridocsError> {
    const COLUMNS: [&str; 3] = ["vocab_number", "locale", "term"];
    let mut t = Table::open(path)?;
    let number_at = t.column("vocab_number", &COLUMNS)?;
    let locale_at = t.column("locale", &COLUMNS)?;
    let term_at = t.column("term", &COLUMNS)?;
    let reviewed_lists: BTreeSet<u32> = REVIEWED_ARABIC_LISTS.iter().copied().collect();
    // Counts for the notes, by what was left out and why.
    let mut unknown_terms = 0usize;
    let mut english_copies: BTreeMap<String, usize> = BTreeMap::new();
    let mut unreviewed: BTreeMap<String, usize> = BTreeMap::new();
    let mut misaligned: BTreeSet<u32> = BTreeSet::new();
    let mut misaligned_labels = 0usize;
    let mut rejected = 0usize;
    t.rows(|r, line| {
        let locale = field(r, locale_at);
        if locale.is_empty() {
            return Err(HuridocsError::Row {
                path: path.to_path_buf(),
                line,
                message: "the locale is empty".to_string(),
            });
        }
        let lang = language_tag(locale);
        let text = field(r, term_at);
        if text.is_empty() {
            return Ok(());
        }
        let Some(row) = terms.get_mut(field(r, number_at)) else {
            unknown_terms += 1;
            return Ok(());
        };
        if lang == "en" || row.labels.0.contains_key(&lang) {
            // mt_vocab.csv's own label wins: the l10n copies of French and Spanish are cut
            // at 100 characters.
            return Ok(());
        }
        if lang != "fr" && lang != "es" {
            if text == row.labels.0["en"] {
                *english_copies.entry(lang).or_default() += 1;
                return Ok(());
            }
            if translations == Translations::Reviewed {
                if lang != "ar" {
                    *unreviewed.entry(lang).or_default() += 1;
                    return Ok(());
                }
                if !reviewed_lists.contains(&row.list) {
                    misaligned.insert(row.list);
                    misaligned_labels += 1;
                    return Ok(());
                }
                if REJECTED_TRANSLATIONS
                    .iter()
                    .any(|(l, c, loc, _)| *l == row.list && *c == row.huri_code && *loc == lang)
                {
                    rejected += 1;
                    return Ok(());
                }
            }
        }
        row.labels.0.insert(lang, text.to_string());
        Ok(())
    })?;
    if unknown_terms > 0 {
        notes.push(format!(
            "ignored {unknown_terms} translations in {TRANSLATIONS_FILE} of terms not imported: \
             terms of skipped lists, or absent from {TERMS_FILE}"
        ));
    }
    if !english_copies.is_empty() {
        notes.push(format!(
            "ignored translations that only copy the English label: {}",
            counts(&english_copies)
        ));
    }
    if !unreviewed.is_empty() {
        notes.push(format!(
            "left out translations not yet reviewed for Memoria (some sit on the wrong terms): {}; \
             import with Translations::All to take them as they are",
            counts(&unreviewed)
        ));
    }
    if misaligned_labels > 0 {
        let which: Vec<String> = misaligned.iter().map(|l| format!("{l:02}")).collect();
        notes.push(format!(
            "left out {misaligned_labels} Arabic labels of lists {}: in the source many of them belong \
             to other terms, or are wrong or offensive",
            which.join(", ")
        ));
    }
    if rejected > 0 {
        notes.push(format!(
            "left out {rejected} Arabic labels found wrong or offensive (see REJECTED_TRANSLATIONS)"
        ));
    }
    Ok(())
}

fn counts(by_lang: &BTreeMap<String, usize>) -> String {
    by_lang
        .iter()
        .map(|(l, n)| format!("{l} {n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn humanise(list_name: &str) -> String {
    let spaced = list_name.replace('_', " ");
    let mut chars = spaced.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => spaced,
    }
}

/// Builds one vocabulary per list: parents resolved, terms in display order.
fn assemble(
    lists_path: &Path,
    terms_path: &Path,
    lists: &BTreeMap<u32, List>,
    rows: BTreeMap<String, Row>,
) -> Result<Vec<Vocabulary>, HuridocsError> {
    let row_error = |line: u64, message: String| HuridocsError::Row {
        path: terms_path.to_path_buf(),
        line,
        message,
    };
    // Children of each parent (None for the top level), per list.
    let mut children: BTreeMap<(u32, Option<&str>), Vec<&Row>> = BTreeMap::new();
    for row in rows.values() {
        let parent = match &row.parent {
            None => None,
            Some(p) => {
                let Some(parent) = rows.get(p) else {
                    return Err(row_error(
                        row.line,
                        format!(
                            "parent_vocab_number {p} is not a term of {TERMS_FILE}; use 0 for a top-level term"
                        ),
                    ));
                };
                if parent.list != row.list {
                    return Err(row_error(
                        row.line,
                        format!(
                            "parent_vocab_number {p} is a term of list {:02}, not of this term's list {:02}",
                            parent.list, row.list
                        ),
                    ));
                }
                Some(parent.huri_code.as_str())
            }
        };
        children.entry((row.list, parent)).or_default().push(row);
    }
    for siblings in children.values_mut() {
        siblings.sort_by(|a, b| (a.order, &a.huri_code).cmp(&(b.order, &b.huri_code)));
    }

    let mut out = Vec::new();
    for list in lists.values() {
        let mut terms = Vec::new();
        // Depth-first, so that each parent comes before its children.
        let mut stack: Vec<&Row> = children
            .get(&(list.code, None))
            .map(|top| top.iter().rev().copied().collect())
            .unwrap_or_default();
        while let Some(row) = stack.pop() {
            let mut term = Term::new(row.huri_code.clone(), row.labels.clone());
            term.parent = row
                .parent
                .as_ref()
                .and_then(|p| rows.get(p))
                .map(|p| p.huri_code.clone());
            term.deprecated = row.hidden;
            terms.push(term);
            if let Some(kids) = children.get(&(list.code, Some(row.huri_code.as_str()))) {
                stack.extend(kids.iter().rev().copied());
            }
        }
        let in_list = rows.values().filter(|r| r.list == list.code);
        if terms.len() != in_list.clone().count() {
            // A term unreachable from the top level hangs from a cycle of parents: walk
            // up from it until a term comes round again, and name that one.
            let placed: BTreeSet<&str> = terms.iter().map(|t| t.code.as_str()).collect();
            if let Some(mut stray) = in_list
                .filter(|r| !placed.contains(r.huri_code.as_str()))
                .min_by_key(|r| r.line)
            {
                let mut seen = BTreeSet::new();
                while seen.insert(stray.huri_code.as_str()) {
                    match stray.parent.as_ref().and_then(|p| rows.get(p)) {
                        Some(parent) => stray = parent,
                        None => break,
                    }
                }
                return Err(row_error(
                    stray.line,
                    format!(
                        "term {} of list {:02} is its own ancestor through parent_vocab_number; break the cycle",
                        stray.huri_code, stray.list
                    ),
                ));
            }
        }
        if let Some(expected) = list.term_count
            && expected != terms.len()
        {
            return Err(HuridocsError::Row {
                path: lists_path.to_path_buf(),
                line: list.line,
                message: format!(
                    "list {:02} should have {expected} terms (term_count) but {TERMS_FILE} has {}; \
                     the files are from different versions or one is cut short",
                    list.code,
                    terms.len()
                ),
            });
        }
        out.push(Vocabulary {
            code: vocabulary_code(list.code),
            labels: MultiText::single("en", humanise(&list.name)),
            description: MultiText::single(
                "en",
                format!(
                    "HURIDOCS micro-thesaurus {:02} ({}), from the Events Standard Formats as OpenEvSys published them. \
                     Source: HURIDOCS, Micro-thesauri (2001).",
                    list.code, list.name
                ),
            ),
            terms,
        });
    }
    Ok(out)
}
