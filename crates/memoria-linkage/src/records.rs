//! The records to link, held by column in the form they are compared in.
//!
//! Values are normalised once, as they are pushed, and kept compactly: every distinct
//! name part, place or code is interned once per field and records hold `u32` numbers,
//! so a million records cost tens of megabytes. Only the record's id is kept as written;
//! the values themselves stay with the caller, unaltered.

use rustc_hash::FxHashMap;

use crate::error::LinkageError;
use crate::name::{is_initial, name_parts};
use crate::schema::{FieldKind, Schema};
use crate::value::{AgeSpan, DaySpan, age_at, place_levels, read_age, read_date, read_sex};

/// "No value" in interned columns.
pub(crate) const NONE: u32 = u32::MAX;

/// Distinct strings of one field, numbered in order of first appearance, with how many
/// records hold each. Its `Debug` gives only how many: the strings are people's names
/// and places, which must never reach a log or a panic message.
#[derive(Default)]
pub(crate) struct Vocab {
    map: FxHashMap<Box<str>, u32>,
    pub strs: Vec<Box<str>>,
    pub count: Vec<u32>,
}

impl Vocab {
    pub fn intern(&mut self, s: &str) -> (u32, bool) {
        if let Some(&id) = self.map.get(s) {
            self.count[id as usize] += 1;
            return (id, false);
        }
        let id = self.strs.len() as u32;
        self.map.insert(s.into(), id);
        self.strs.push(s.into());
        self.count.push(1);
        (id, true)
    }

    pub fn len(&self) -> usize {
        self.strs.len()
    }
}

impl std::fmt::Debug for Vocab {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Vocab({} distinct values)", self.strs.len())
    }
}

/// Name parts (or the words of a text field) of every record. Its `Debug`, like
/// [`Vocab`]'s, gives sizes only.
#[derive(Default)]
pub(crate) struct Parts {
    /// Record `r`'s parts are `parts[starts[r]..starts[r + 1]]`.
    pub starts: Vec<u32>,
    pub parts: Vec<u32>,
    pub vocab: Vocab,
    /// Per vocab entry: its Latin skeleton in `skels`, or [`NONE`].
    pub skel: Vec<u32>,
    pub skels: Vocab,
    /// Per vocab entry: an initial (one letter)?
    pub initial: Vec<bool>,
    /// Per vocab entry: its dotless Arabic form (empty for other scripts).
    pub rasm: Vec<Box<str>>,
    /// Per vocab entry: its length in characters and a bit per character it holds
    /// (hashed to 64), for a cheap bound on Jaro–Winkler before computing it.
    pub shape: Vec<(u32, u64)>,
    /// How many records have a value.
    pub present: u32,
}

impl std::fmt::Debug for Parts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Parts")
            .field("records", &self.starts.len().saturating_sub(1))
            .field("vocab", &self.vocab)
            .field("present", &self.present)
            .finish_non_exhaustive()
    }
}

impl Parts {
    pub fn of(&self, r: usize) -> &[u32] {
        &self.parts[self.starts[r] as usize..self.starts[r + 1] as usize]
    }
}

/// Places: each record's path of levels, as interned prefixes (`node` ids), so that
/// "same down to level k" is one comparison of numbers. A node's text is its levels
/// joined by U+001F; the last is its own name.
#[derive(Default, Debug)]
pub(crate) struct Places {
    pub starts: Vec<u32>,
    /// Node ids; the node of level k is the path down to k.
    pub nodes: Vec<u32>,
    pub vocab: Vocab,
    pub present: u32,
    pub depth: usize,
}

impl Places {
    pub fn of(&self, r: usize) -> &[u32] {
        &self.nodes[self.starts[r] as usize..self.starts[r + 1] as usize]
    }
}

#[derive(Debug)]
pub(crate) enum Column {
    Name(Parts),
    Date(Vec<DaySpan>),
    Age(Vec<AgeSpan>),
    Sex(Vec<u8>),
    Place(Places),
    Exact { values: Vec<u32>, vocab: Vocab },
    Text(Parts),
}

/// Fields whose cell could not be read (a bit per field, in schema order); the cell is
/// taken as missing.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Unread(pub u32);

impl Unread {
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// Indexes of the fields not read.
    pub fn fields(self) -> impl Iterator<Item = usize> {
        (0..32).filter(move |i| self.0 & (1 << i) != 0)
    }
}

/// How many records of one input have a value in one field ([`Records::presence`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct InputPresence {
    pub input: u16,
    pub records: usize,
    pub with_value: usize,
}

/// One record as the caller knows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RecordRef<'a> {
    /// The input's number, as the caller gave it.
    pub input: u16,
    /// The record's id, as the caller gave it.
    pub id: &'a str,
}

/// The records of every input, normalised for comparison.
#[derive(Debug)]
pub struct Records {
    schema: Schema,
    /// Where each field's cells sit in the values given to [`Records::push`].
    offsets: Vec<usize>,
    inputs: Vec<u16>,
    id_text: String,
    id_ends: Vec<u32>,
    pub(crate) columns: Vec<Column>,
    /// Reused by [`Records::push`], so that pushing one record allocates nothing.
    one: Normalised,
}

/// The most records one run holds.
pub const MAX_RECORDS: usize = u32::MAX as usize - 1;

impl Records {
    /// An empty set of records of `schema` (checked here).
    pub fn new(schema: &Schema) -> Result<Records, LinkageError> {
        schema.check()?;
        let mut offsets = Vec::new();
        let mut at = 0;
        let columns = schema
            .fields()
            .iter()
            .map(|f| {
                offsets.push(at);
                at += f.columns.len();
                match f.kind {
                    FieldKind::Name => Column::Name(Parts::with_start()),
                    FieldKind::Text => Column::Text(Parts::with_start()),
                    FieldKind::Date => Column::Date(Vec::new()),
                    FieldKind::Age => Column::Age(Vec::new()),
                    FieldKind::Sex => Column::Sex(Vec::new()),
                    FieldKind::Place => Column::Place(Places {
                        starts: vec![0],
                        ..Places::default()
                    }),
                    FieldKind::Exact => Column::Exact {
                        values: Vec::new(),
                        vocab: Vocab::default(),
                    },
                }
            })
            .collect();
        Ok(Records {
            schema: schema.clone(),
            offsets,
            inputs: Vec::new(),
            id_text: String::new(),
            id_ends: vec![0],
            columns,
            one: Normalised::default(),
        })
    }

    pub fn schema(&self) -> &Schema {
        &self.schema
    }

    pub fn len(&self) -> usize {
        self.inputs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.inputs.is_empty()
    }

    /// The input and id of record `index` (its position in the order pushed).
    pub fn record(&self, index: usize) -> RecordRef<'_> {
        RecordRef {
            input: self.inputs[index],
            id: &self.id_text[self.id_ends[index] as usize..self.id_ends[index + 1] as usize],
        }
    }

    pub(crate) fn input_of(&self, index: usize) -> u16 {
        self.inputs[index]
    }

    /// Whether record `r` has a value (one that could be read and is not a placeholder
    /// such as "Name withheld") in field `field`, in schema order.
    pub fn has_value(&self, field: usize, r: usize) -> bool {
        match &self.columns[field] {
            Column::Name(p) | Column::Text(p) => !p.of(r).is_empty(),
            Column::Date(d) => !d[r].is_missing(),
            Column::Age(a) => !a[r].is_missing(),
            Column::Sex(s) => s[r] != 0,
            Column::Place(p) => !p.of(r).is_empty(),
            Column::Exact { values, .. } => values[r] != NONE,
        }
    }

    /// For each field, in schema order, and each input: how many records the input has
    /// and how many of them have a value in the field. A field empty in every record of
    /// an input is usually a column named wrongly or written in a form not understood.
    pub fn presence(&self) -> Vec<Vec<InputPresence>> {
        let inputs = self.inputs();
        let slot = |input: u16| inputs.binary_search(&input).expect("a known input");
        (0..self.columns.len())
            .map(|field| {
                let mut out: Vec<InputPresence> = inputs
                    .iter()
                    .map(|&input| InputPresence {
                        input,
                        records: 0,
                        with_value: 0,
                    })
                    .collect();
                for r in 0..self.len() {
                    let at = &mut out[slot(self.inputs[r])];
                    at.records += 1;
                    at.with_value += usize::from(self.has_value(field, r));
                }
                out
            })
            .collect()
    }

    /// The distinct input numbers, in increasing order.
    pub fn inputs(&self) -> Vec<u16> {
        let mut seen: Vec<u16> = self.inputs.clone();
        seen.sort_unstable();
        seen.dedup();
        seen
    }

    /// Adds one record: `values` holds one cell per column of [`Schema::columns`], in
    /// that order. Cells that cannot be read are taken as missing and returned.
    pub fn push(&mut self, input: u16, id: &str, values: &[&str]) -> Result<Unread, LinkageError> {
        assert_eq!(
            values.len(),
            self.column_count(),
            "push takes one value per column of Schema::columns"
        );
        let mut one = std::mem::take(&mut self.one);
        one.clear();
        one.add(&self.schema, &self.offsets, values);
        let pushed = self.push_normalised(input, id, &one, 0);
        self.one = one;
        pushed
    }

    /// How many cells [`Records::push`] takes.
    pub(crate) fn column_count(&self) -> usize {
        self.offsets.last().copied().unwrap_or(0)
            + self.schema.fields().last().map_or(0, |f| f.columns.len())
    }

    /// What normalising takes of these records, held apart from them so that one
    /// batch of rows can be normalised while the batch before it is added.
    pub(crate) fn normaliser(&self) -> Normaliser {
        Normaliser {
            schema: self.schema.clone(),
            offsets: self.offsets.clone(),
        }
    }

    /// Adds record `k` of `normalised`: interns its values, in the order pushed, so that
    /// the numbering (and so the result) does not depend on how many threads normalised.
    pub(crate) fn push_normalised(
        &mut self,
        input: u16,
        id: &str,
        normalised: &Normalised,
        k: usize,
    ) -> Result<Unread, LinkageError> {
        if self.inputs.len() >= MAX_RECORDS || self.id_text.len() + id.len() > u32::MAX as usize {
            return Err(LinkageError::TooManyRecords(MAX_RECORDS as u64));
        }
        let r = self.inputs.len();
        self.inputs.push(input);
        self.id_text.push_str(id);
        self.id_ends.push(self.id_text.len() as u32);
        let fields = self.schema.fields().len();
        let cells = &normalised.cells[k * fields..(k + 1) * fields];
        for (column, cell) in self.columns.iter_mut().zip(cells) {
            match (column, *cell) {
                (Column::Name(parts), Cell::Words(from, to)) => {
                    parts.push_name(normalised.words(from, to));
                }
                (Column::Text(parts), Cell::Words(from, to)) => {
                    parts.push_words(normalised.words(from, to));
                }
                (Column::Date(spans), Cell::Date(span)) => spans.push(span),
                (Column::Age(spans), Cell::Age(span)) => spans.push(span),
                (Column::Sex(v), Cell::Sex(sex)) => v.push(sex),
                (Column::Place(places), Cell::Words(from, to)) => {
                    places.push_path(normalised.words(from, to));
                }
                (Column::Exact { values, vocab }, Cell::Words(from, to)) => {
                    values.push(match normalised.words(from, to).next() {
                        Some(v) => vocab.intern(v).0,
                        None => NONE,
                    });
                }
                _ => unreachable!("cells are made in the order of the schema's fields"),
            }
        }
        // Ages worked out from birth dates, once every date of the record is read.
        for (i, field) in self.schema.fields().iter().enumerate() {
            if let (Some(from), Some(on)) = (&field.age_from, field.age_on) {
                let j = self
                    .schema
                    .position(from)
                    .expect("checked by Schema::check");
                let born = match &self.columns[j] {
                    Column::Date(spans) => spans[r],
                    _ => continue,
                };
                if let Column::Age(ages) = &mut self.columns[i]
                    && ages[r].is_missing()
                {
                    ages[r] = age_at(born, on);
                }
            }
        }
        Ok(Unread(normalised.unread[k]))
    }

    /// Adds one record from `(column, value)` pairs; columns not given are empty.
    pub fn push_named(
        &mut self,
        input: u16,
        id: &str,
        cells: &[(&str, &str)],
    ) -> Result<Unread, LinkageError> {
        let columns = self.schema.columns();
        let values: Vec<&str> = columns
            .iter()
            .map(|c| {
                cells
                    .iter()
                    .find(|(name, _)| name == c)
                    .map_or("", |(_, v)| *v)
            })
            .collect();
        self.push(input, id, &values)
    }
}

impl Parts {
    fn with_start() -> Parts {
        Parts {
            starts: vec![0],
            ..Parts::default()
        }
    }

    fn push_name<'a>(&mut self, parts: impl Iterator<Item = &'a str>) {
        let before = self.parts.len();
        for p in parts {
            let (id, new) = self.vocab.intern(p);
            if new {
                let skel =
                    memoria_core::fold::latin_skeleton(p).map_or(NONE, |s| self.skels.intern(&s).0);
                self.skel.push(skel);
                self.initial.push(is_initial(p));
                self.rasm
                    .push(crate::name::rasm(p).unwrap_or_default().into_boxed_str());
                self.shape.push(shape(p));
            } else {
                let s = self.skel[id as usize];
                if s != NONE {
                    self.skels.count[s as usize] += 1;
                }
            }
            self.parts.push(id);
        }
        if self.parts.len() > before {
            self.present += 1;
        }
        self.starts.push(self.parts.len() as u32);
    }

    fn push_words<'a>(&mut self, words: impl Iterator<Item = &'a str>) {
        let before = self.parts.len();
        for w in words {
            let (id, new) = self.vocab.intern(w);
            if new {
                self.skel.push(NONE);
                self.initial.push(false);
                self.rasm.push(Box::from(""));
                self.shape.push(shape(w));
            }
            self.parts.push(id);
        }
        // Sorted by their numbers, which is the order comparing merges them in (the
        // words come sorted as text, and numbers follow first appearance instead:
        // merged in text order, two notes sharing four words of six were found to
        // share two).
        self.parts[before..].sort_unstable();
        if self.parts.len() > before {
            self.present += 1;
        }
        self.starts.push(self.parts.len() as u32);
    }
}

/// A word's length in characters and its characters as bits.
pub(crate) fn shape(word: &str) -> (u32, u64) {
    let mut len = 0;
    let mut bits = 0u64;
    for c in word.chars() {
        len += 1;
        bits |= 1 << (c as u32 % 64);
    }
    (len, bits)
}

impl Places {
    fn push_path<'a>(&mut self, levels: impl Iterator<Item = &'a str>) {
        let mut path = String::new();
        let mut depth = 0;
        for (k, level) in levels.enumerate() {
            if k > 0 {
                path.push('\u{1f}');
            }
            path.push_str(level);
            let (id, _) = self.vocab.intern(&path);
            self.nodes.push(id);
            depth = k + 1;
        }
        self.depth = self.depth.max(depth);
        if depth > 0 {
            self.present += 1;
        }
        self.starts.push(self.nodes.len() as u32);
    }
}

/// Normalises rows for [`Records::push_normalised`]; see [`Records::normaliser`].
pub(crate) struct Normaliser {
    schema: Schema,
    offsets: Vec<usize>,
}

impl Normaliser {
    /// Normalises the records of `rows` (each a record's cells, as for
    /// [`Records::push`]) on `threads` threads; [`Records::push_normalised`] then adds
    /// them in order. Normalising needs nothing shared, interning does: this is the
    /// part of reading that can run on every core.
    pub(crate) fn normalise<'v, R>(&self, rows: &[R], threads: usize) -> Vec<Normalised>
    where
        R: AsRef<[&'v str]> + Sync,
    {
        let normalise_part = |part: &[R]| {
            let mut out = Normalised::default();
            for row in part {
                out.add(&self.schema, &self.offsets, row.as_ref());
            }
            out
        };
        crate::par::in_parts(rows, threads, 256, normalise_part)
    }
}

/// One field of one record, normalised but not interned.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Cell {
    /// Name parts, words, place levels or an exact value (none or one): the words
    /// `from..to` of [`Normalised`].
    Words(u32, u32),
    Date(DaySpan),
    Age(AgeSpan),
    Sex(u8),
}

/// Records normalised but not yet added: what [`Records::push`] works out from the
/// cells alone, kept apart from the interning so that it can run on several threads.
/// Its `Debug` gives how many records it holds, never their words.
#[derive(Default)]
pub(crate) struct Normalised {
    /// A cell per field per record, record after record.
    cells: Vec<Cell>,
    /// The byte ranges of the words in `text`.
    word_ends: Vec<(u32, u32)>,
    text: String,
    /// Per record, the fields whose cell could not be read.
    unread: Vec<u32>,
    scratch: Vec<String>,
}

impl std::fmt::Debug for Normalised {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Normalised({} records)", self.len())
    }
}

impl Normalised {
    fn clear(&mut self) {
        self.cells.clear();
        self.word_ends.clear();
        self.text.clear();
        self.unread.clear();
    }

    /// How many records this holds.
    pub(crate) fn len(&self) -> usize {
        self.unread.len()
    }

    fn words(&self, from: u32, to: u32) -> impl Iterator<Item = &str> {
        self.word_ends[from as usize..to as usize]
            .iter()
            .map(|&(a, b)| &self.text[a as usize..b as usize])
    }

    fn add_words<'a>(&mut self, words: impl Iterator<Item = &'a str>) -> Cell {
        let from = self.word_ends.len() as u32;
        for w in words {
            let at = self.text.len() as u32;
            self.text.push_str(w);
            self.word_ends.push((at, self.text.len() as u32));
        }
        Cell::Words(from, self.word_ends.len() as u32)
    }

    /// Normalises one record's cells (one per column of the schema).
    fn add(&mut self, schema: &Schema, offsets: &[usize], values: &[&str]) {
        let mut unread = 0u32;
        let mut scratch = std::mem::take(&mut self.scratch);
        for (i, field) in schema.fields().iter().enumerate() {
            let cells = &values[offsets[i]..offsets[i] + field.columns.len()];
            let cell = match field.kind {
                FieldKind::Name => {
                    let joined;
                    let text = if cells.len() == 1 {
                        cells[0]
                    } else {
                        joined = cells.join(" ");
                        &joined
                    };
                    name_parts(text, &mut scratch);
                    self.add_words(scratch.iter().map(String::as_str))
                }
                FieldKind::Text => {
                    let folded = memoria_core::fold::fold(cells[0]);
                    let mut words: Vec<&str> = folded
                        .split(|c: char| !c.is_alphanumeric())
                        .filter(|w| !w.is_empty())
                        .take(64)
                        .collect();
                    words.sort_unstable();
                    words.dedup();
                    self.add_words(words.into_iter())
                }
                FieldKind::Date => {
                    Cell::Date(read_date(cells[0], field.format).unwrap_or_else(|_| {
                        unread |= 1 << i;
                        DaySpan::MISSING
                    }))
                }
                FieldKind::Age => Cell::Age(read_age(cells[0]).unwrap_or_else(|_| {
                    unread |= 1 << i;
                    AgeSpan::MISSING
                })),
                FieldKind::Sex => Cell::Sex(read_sex(cells[0])),
                FieldKind::Place => {
                    place_levels(cells, &mut scratch);
                    self.add_words(scratch.iter().map(String::as_str))
                }
                FieldKind::Exact => {
                    // "N/A", "unknown", "-": no identifier, not one shared by everyone
                    // who has none.
                    let t = cells[0].trim();
                    let known = !crate::value::is_unknown_word(&t.to_lowercase());
                    self.add_words(known.then_some(t).into_iter())
                }
            };
            self.cells.push(cell);
        }
        self.scratch = scratch;
        self.unread.push(unread);
    }
}
