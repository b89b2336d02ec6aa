//! Rows to records: applies a [`Mapping`] to each row a reader delivers.
//!
//! Every value of a row is read before anything of the row is written, so that one
//! row's problems are all reported together. A row with problems writes nothing, and
//! once any problem is known nothing more is written at all: the transaction will be
//! dropped, so the remaining rows are only checked.

use std::collections::{BTreeMap, HashMap};

use memoria_core::edtf::Edtf;
use memoria_core::entity::{
    Act, AgeRange, Collection, Entity, EntityKind, Incident, Organization, Perpetrator, Person,
    PersonName, Place, Record, Role, SensitiveAttributes, Sensitivity, SourceList, Status,
};
use memoria_core::id::RecordId;
use memoria_core::place::{GeoPoint, PlaceLevel};
use memoria_core::text::MultiText;
use memoria_core::validate::validate;
use memoria_core::vocab::{Vocabulary, VocabularySet, well_known};
use memoria_store::{StoreError, Tx};

use crate::mapping::{FieldSpec, Mapping, Target, template_columns};
use crate::problem::Problems;
use crate::progress::Progress;
use crate::read::{Cell, Formula, RowSink};
use crate::table::Known;
use crate::value;

pub(crate) struct Mapper<'a, 't, 's> {
    mapping: &'a Mapping,
    vocabs: &'a VocabularySet,
    known: Known,
    /// The transaction to write into; `None` for a dry run.
    tx: Option<&'t mut Option<Box<dyn Tx + 's>>>,
    pub problems: Problems,
    pub progress: &'a mut dyn Progress,
    /// A store failure: the import cannot go on.
    pub fatal: Option<StoreError>,
    pub rows: u64,
    pub created: BTreeMap<EntityKind, u64>,
    index: HashMap<String, usize>,
    /// The collection or list could not be made (a bad name): said once, not per row.
    container_failed: bool,
}

struct Row<'c> {
    number: u64,
    cells: &'c [Cell],
}

const EMPTY: &str = "";

impl<'a, 't, 's> Mapper<'a, 't, 's> {
    pub fn new(
        mapping: &'a Mapping,
        vocabs: &'a VocabularySet,
        known: Known,
        tx: Option<&'t mut Option<Box<dyn Tx + 's>>>,
        problems: Problems,
        progress: &'a mut dyn Progress,
    ) -> Self {
        Mapper {
            mapping,
            vocabs,
            known,
            tx,
            problems,
            progress,
            fatal: None,
            rows: 0,
            created: BTreeMap::new(),
            index: HashMap::new(),
            container_failed: false,
        }
    }

    // ---- writing ----

    /// Creates the record, or in a dry run (or once a problem is known) pretends to.
    fn create(&mut self, entity: Entity) -> Option<RecordId> {
        if self.fatal.is_some() {
            return None;
        }
        *self.created.entry(entity.kind()).or_default() += 1;
        let clean = self.problems.is_empty();
        match self.tx.as_mut().and_then(|t| t.as_mut()) {
            Some(tx) if clean => match tx.create(entity) {
                Ok(s) => Some(s.id),
                Err(e) => {
                    self.fatal = Some(e);
                    None
                }
            },
            _ => Some(RecordId::random()),
        }
    }

    /// Validates, then creates; problems name the row and, where known, the column.
    fn create_valid(&mut self, row: &Row, prefix: &str, entity: Entity) -> Option<RecordId> {
        let problems = validate(&entity, self.vocabs);
        if problems.is_empty() {
            return self.create(entity);
        }
        let fields = self.mapping.fields();
        for p in problems {
            let top = p.field.split('.').next().unwrap_or(&p.field);
            let name = format!("{prefix}.{top}");
            let column = fields
                .iter()
                .find(|(n, _, _)| *n == name)
                .and_then(|(_, s, _)| column_of(s));
            self.problems.add(
                Some(row.number),
                column.as_deref(),
                None,
                format!("the {prefix}'s {} is not valid: {}", p.field, p.message),
                "fix the value in the file, or how the mapping reads it",
            );
        }
        None
    }

    fn language(&self) -> &'a str {
        &self.mapping.language
    }

    fn collection(&mut self) -> Option<RecordId> {
        if let Some(c) = self.known.collection {
            return Some(c);
        }
        if self.container_failed {
            return None;
        }
        let name = self.mapping.collection.clone();
        let c = Entity::Collection(Collection {
            title: MultiText::single(self.language(), name.clone()),
            name,
            description: MultiText::new(),
        });
        if !validate(&c, self.vocabs).is_empty() {
            self.container_failed = true;
            self.problems.add(
                None,
                None,
                None,
                "the mapping's collection name cannot be used for a new collection",
                "use lowercase letters, digits and hyphens, e.g. collection = \"detentions-2021\"",
            );
            return None;
        }
        let id = self.create(c)?;
        self.known.collection = Some(id);
        Some(id)
    }

    fn list(&mut self) -> Option<RecordId> {
        if let Some(l) = self.known.list {
            return Some(l);
        }
        let collection = self.collection()?;
        let l = Entity::SourceList(SourceList {
            collection,
            name: self.mapping.list.clone().unwrap_or_default(),
            description: self
                .mapping
                .list_description
                .as_ref()
                .map(|d| MultiText::single(self.language(), d.clone()))
                .unwrap_or_default(),
            source: None,
        });
        let id = self.create(l)?;
        self.known.list = Some(id);
        Some(id)
    }

    // ---- reading cells ----

    fn cell<'c>(&self, row: &Row<'c>, column: &str) -> Option<&'c Cell> {
        self.index.get(column).and_then(|&i| row.cells.get(i))
    }

    /// A column's trimmed text, `None` when empty, a formula, or one of `missing`.
    fn column_text(&mut self, row: &Row, spec: &FieldSpec, column: &str) -> Option<(String, bool)> {
        let cell = self.cell(row, column)?;
        let text = cell.text.trim();
        if text.is_empty() {
            return None;
        }
        match cell.formula {
            Formula::No => {}
            Formula::Cell => {
                self.problems.add(
                    Some(row.number),
                    Some(column),
                    Some(text),
                    "the cell holds a spreadsheet formula: its value was computed, not typed",
                    "replace the formula by its value (copy, then paste as values) or empty the cell",
                );
                return None;
            }
            Formula::Looks => {
                self.problems.add(
                    Some(row.number),
                    Some(column),
                    Some(text),
                    "the value looks like a spreadsheet formula (it starts with =)",
                    "if it is text, remove the leading =; formulas are not imported, since a spreadsheet would run them when the data is opened again",
                );
                return None;
            }
        }
        if spec
            .missing
            .iter()
            .any(|m| m.trim().eq_ignore_ascii_case(text))
        {
            return None;
        }
        Some((text.to_string(), cell.is_date))
    }

    /// The field's value as text after `when`, `missing` and `map`; the flag says
    /// whether `map` gave it. `None` when the row has no value for the field.
    fn raw(&mut self, row: &Row, name: &str, spec: &FieldSpec) -> Option<(String, bool)> {
        if let Some(w) = &spec.when {
            let v = self.cell(row, &w.column).map_or(EMPTY, |c| c.text.trim());
            if !w.one_of.iter().any(|x| x.trim() == v) {
                return None;
            }
        }
        let text = if let Some(c) = &spec.column {
            self.column_text(row, spec, c).map(|(t, _)| t)
        } else if let Some(v) = &spec.value {
            Some(v.trim().to_string()).filter(|v| !v.is_empty())
        } else if let Some(t) = &spec.template {
            let mut out = String::new();
            let mut rest = t.as_str();
            for col in template_columns(t) {
                let open = rest.find('{').unwrap_or(rest.len());
                out.push_str(&rest[..open]);
                if let Some((v, _)) = self.column_text(row, spec, col) {
                    out.push_str(&v);
                }
                rest = &rest[(open + col.len() + 2).min(rest.len())..];
            }
            out.push_str(rest);
            Some(out.trim().to_string()).filter(|v| !v.is_empty())
        } else {
            None
        };
        let Some(text) = text else {
            if spec.required {
                self.problems.add(
                    Some(row.number),
                    column_of(spec).as_deref(),
                    None,
                    format!("{name} is required but this row has no value for it"),
                    "fill in the cell, or remove required = true from the mapping",
                );
            }
            return None;
        };
        if let Some(to) = lookup(&spec.map, &text) {
            return Some((to.to_string(), true));
        }
        Some((text, false))
    }

    fn problem(&mut self, row: &Row, spec: &FieldSpec, value: &str, message: String, hint: &str) {
        self.problems.add(
            Some(row.number),
            column_of(spec).as_deref(),
            Some(value),
            message,
            hint,
        );
    }

    fn text(&mut self, row: &Row, name: &str, spec: Option<&FieldSpec>) -> Option<String> {
        self.raw(row, name, spec?).map(|(t, _)| t)
    }

    fn term(
        &mut self,
        row: &Row,
        name: &str,
        spec: Option<&FieldSpec>,
        vocab: &str,
    ) -> Option<String> {
        let spec = spec?;
        let (text, mapped) = self.raw(row, name, spec)?;
        if mapped {
            return Some(text);
        }
        if let Some(term) = self.vocabs.get(vocab).and_then(|v| v.find(&text)) {
            return Some(term.code.clone());
        }
        let word = value::truncate(&text);
        let codes = self
            .vocabs
            .get(vocab)
            .map(codes_allowed)
            .unwrap_or_default();
        self.problem(
            row,
            spec,
            &text,
            format!("not a word the mapping knows for {name}, nor a code or label of the {vocab} vocabulary"),
            &format!(
                "add it to the field's map, e.g. map = {{ {word:?} = \"<a {vocab} code>\" }}, or to its missing list if it means unknown{codes}"
            ),
        );
        None
    }

    fn date(&mut self, row: &Row, name: &str, spec: Option<&FieldSpec>) -> Option<Edtf> {
        let spec = spec?;
        if let (Some(start), Some(end)) = (&spec.start, &spec.end) {
            if let Some(w) = &spec.when {
                let v = self.cell(row, &w.column).map_or(EMPTY, |c| c.text.trim());
                if !w.one_of.iter().any(|x| x.trim() == v) {
                    return None;
                }
            }
            let mut ends = [None, None];
            let mut ok = true;
            for (i, col) in [start, end].into_iter().enumerate() {
                if let Some((text, is_date)) = self.column_text(row, spec, col) {
                    match self.parse_date(&text, is_date, spec) {
                        Ok(d) => ends[i] = Some(d),
                        Err(m) => {
                            ok = false;
                            self.problems
                                .add(Some(row.number), Some(col), Some(&text), m, "");
                        }
                    }
                }
            }
            if !ok {
                return None;
            }
            let [s, e] = ends;
            return match value::date_interval(s, e) {
                Ok(d) => d,
                Err(m) => {
                    self.problems
                        .add(Some(row.number), Some(start), None, m, "");
                    None
                }
            };
        }
        let (text, _) = self.raw(row, name, spec)?;
        let is_date = spec
            .column
            .as_deref()
            .and_then(|c| self.cell(row, c))
            .is_some_and(|c| c.is_date);
        match self.parse_date(&text, is_date, spec) {
            Ok(d) => Some(d),
            Err(m) => {
                self.problem(row, spec, &text, m, "");
                None
            }
        }
    }

    fn parse_date(&self, text: &str, is_date: bool, spec: &FieldSpec) -> Result<Edtf, String> {
        if is_date {
            // A spreadsheet date cell, already rendered as ISO 8601.
            let f = if text.contains('T') {
                "%Y-%m-%dT%H:%M:%S"
            } else {
                "%Y-%m-%d"
            };
            return value::parse_date(text, f);
        }
        value::parse_date(text, spec.format.as_deref().unwrap_or("edtf"))
    }

    fn parsed<T>(
        &mut self,
        row: &Row,
        name: &str,
        spec: Option<&FieldSpec>,
        parse: fn(&str) -> Result<T, String>,
    ) -> Option<T> {
        let spec = spec?;
        let (text, _) = self.raw(row, name, spec)?;
        match parse(&text) {
            Ok(v) => Some(v),
            Err(m) => {
                self.problem(
                    row,
                    spec,
                    &text,
                    m,
                    "or list the word under missing if it means unknown",
                );
                None
            }
        }
    }

    fn age(&mut self, row: &Row, name: &str, spec: Option<&FieldSpec>) -> Option<AgeRange> {
        self.parsed(row, name, spec, value::parse_age)
    }

    // ---- places and organisations ----

    fn place(&mut self, row: &Row) -> Option<RecordId> {
        let spec = self.mapping.place.as_ref()?;
        let levels = [
            (PlaceLevel::Country, &spec.country, "place.country"),
            (PlaceLevel::Region, &spec.region, "place.region"),
            (PlaceLevel::District, &spec.district, "place.district"),
            (PlaceLevel::Locality, &spec.locality, "place.locality"),
        ];
        let mut parent: Option<(RecordId, Option<String>)> = None;
        for (level, fs, name) in levels {
            let Some(fs) = fs else { continue };
            let Some((text, _)) = self.raw(row, name, fs) else {
                continue;
            };
            let key = (parent.as_ref().map(|p| p.0), level, text.clone());
            if let Some(found) = self.known.places.get(&key) {
                parent = Some(found.clone());
                continue;
            }
            let iso_code = match fs.iso_code.as_deref() {
                None => None,
                Some("column") => {
                    let code = text.to_uppercase();
                    match (&parent, level) {
                        (_, PlaceLevel::Country) => Some(code),
                        _ if code.contains('-') => Some(code),
                        (Some((_, Some(p))), _) => Some(format!("{p}-{code}")),
                        _ => None,
                    }
                }
                Some(constant) => Some(constant.to_string()),
            };
            let collection = self.collection()?;
            let place = Entity::Place(Place {
                collection,
                name: MultiText::single(self.language(), text),
                level,
                parent: parent.as_ref().map(|p| p.0),
                iso_code: iso_code.clone(),
                point: None,
            });
            let problems = validate(&place, self.vocabs);
            if !problems.is_empty() {
                for p in problems {
                    self.problem(
                        row,
                        fs,
                        &key.2,
                        format!(
                            "cannot make a {level} of this: its {} {}",
                            p.field, p.message
                        ),
                        "fix the value, or the mapping's iso_code",
                    );
                }
                return None;
            }
            let id = self.create(place)?;
            self.known.places.insert(key, (id, iso_code.clone()));
            parent = Some((id, iso_code));
        }
        parent.map(|p| p.0)
    }

    fn organization(&mut self, row: &Row, name: String, kind: Option<String>) -> Option<RecordId> {
        if let Some(id) = self.known.organizations.get(&name) {
            return Some(*id);
        }
        let collection = self.collection()?;
        let org = Entity::Organization(Organization {
            collection,
            name: MultiText::single(self.language(), name.clone()),
            aliases: Vec::new(),
            kind,
            parent: None,
        });
        let id = self.create_valid(row, "organization", org)?;
        self.known.organizations.insert(name, id);
        Some(id)
    }

    fn point(&mut self, row: &Row) -> Option<GeoPoint> {
        let spec = self.mapping.point.as_ref()?;
        let lat = self.parsed(row, "point.lat", Some(&spec.lat), value::parse_number);
        let lon = self.parsed(row, "point.lon", Some(&spec.lon), value::parse_number);
        let precision_m = self.parsed(
            row,
            "point.precision_m",
            spec.precision_m.as_ref(),
            value::parse_number,
        );
        match (lat, lon) {
            (Some(lat), Some(lon)) => Some(GeoPoint {
                lat,
                lon,
                precision_m,
            }),
            (None, None) => None,
            _ => {
                self.problems.add(
                    Some(row.number),
                    column_of(&spec.lat).as_deref(),
                    None,
                    "a point needs both a latitude and a longitude; this row has only one",
                    "fill in both, or neither",
                );
                None
            }
        }
    }

    // ---- rows ----

    fn record_row(&mut self, row: &Row) {
        let Some(spec) = self.mapping.record.as_ref() else {
            return;
        };
        let before = self.problems.list.len() as u64 + self.problems.omitted;
        let external_id = self.text(row, "record.external_id", spec.external_id.as_ref());
        let name = self.text(row, "record.name", spec.name.as_ref());
        let given_name = self.text(row, "record.given_name", spec.given_name.as_ref());
        let family_name = self.text(row, "record.family_name", spec.family_name.as_ref());
        let sex = self.term(row, "record.sex", spec.sex.as_ref(), well_known::SEX);
        let age = self.age(row, "record.age", spec.age.as_ref());
        let birth_date = self.date(row, "record.birth_date", spec.birth_date.as_ref());
        let date = self.date(row, "record.date", spec.date.as_ref());
        let violation = self.term(
            row,
            "record.violation",
            spec.violation.as_ref(),
            well_known::VIOLATION_TYPES,
        );
        let perpetrator = self.term(
            row,
            "record.perpetrator",
            spec.perpetrator.as_ref(),
            well_known::PERPETRATOR_TYPES,
        );
        let mut extra = BTreeMap::new();
        for e in &spec.extra {
            if let Some((text, _)) = self.column_text(row, &FieldSpec::default(), e.column()) {
                extra.insert(e.key().to_string(), text);
            }
        }
        if self.problems.list.len() as u64 + self.problems.omitted != before {
            return;
        }
        let place = self.place(row);
        let Some(list) = self.list() else { return };
        let record = Entity::Record(Record {
            list,
            external_id,
            name,
            given_name,
            family_name,
            sex,
            age,
            birth_date,
            date,
            place,
            violation,
            perpetrator,
            extra,
        });
        self.create_valid(row, "record", record);
    }

    fn incident_row(&mut self, row: &Row) {
        let (Some(ispec), Some(aspec)) =
            (self.mapping.incident.as_ref(), self.mapping.act.as_ref())
        else {
            return;
        };
        let before = self.problems.list.len() as u64 + self.problems.omitted;
        let external_id = self.text(row, "incident.external_id", ispec.external_id.as_ref());
        let title = self.text(row, "incident.title", ispec.title.as_ref());
        let narrative = self.text(row, "incident.narrative", ispec.narrative.as_ref());
        let date = self.date(row, "incident.date", ispec.date.as_ref());
        let status = self.parsed(row, "incident.status", ispec.status.as_ref(), |t| {
            t.parse::<Status>()
        });
        let confidentiality = self.parsed(
            row,
            "incident.confidentiality",
            ispec.confidentiality.as_ref(),
            parse_sensitivity,
        );
        let point = self.point(row);
        let violation = self.term(
            row,
            "act.violation",
            aspec.violation.as_ref(),
            well_known::VIOLATION_TYPES,
        );
        let method = self.term(
            row,
            "act.method",
            aspec.method.as_ref(),
            well_known::METHODS,
        );
        let act_date = self.date(row, "act.date", aspec.date.as_ref());
        let mut victim = None;
        if let Some(v) = &aspec.victim {
            let name = self.text(row, "act.victim.name", v.name.as_ref());
            let sex = self.term(row, "act.victim.sex", v.sex.as_ref(), well_known::SEX);
            let age = self.age(row, "act.victim.age", v.age.as_ref());
            let group_size = self
                .parsed(
                    row,
                    "act.victim.group_size",
                    v.group_size.as_ref(),
                    value::parse_count,
                )
                .filter(|n| *n > 0);
            let is_group = v.group_size.is_some();
            // A group victim with no one counted is no victim: nothing is invented.
            if (is_group && group_size.is_some())
                || (!is_group && (name.is_some() || sex.is_some() || age.is_some()))
            {
                victim = Some(Person {
                    collection: RecordId::random(), // set below, once the collection exists
                    names: name.map(PersonName::primary).into_iter().collect(),
                    roles: vec![Role::Victim],
                    sex,
                    birth_date: None,
                    age,
                    group_size,
                    sensitive: SensitiveAttributes::default(),
                    sensitivity: Sensitivity::default(),
                });
            }
        }
        let mut perps = Vec::new();
        for (i, p) in aspec.perpetrators.iter().enumerate() {
            let kind = self.term(
                row,
                &format!("act.perpetrators.{i}.kind"),
                p.kind.as_ref(),
                well_known::PERPETRATOR_TYPES,
            );
            let org = self.text(
                row,
                &format!("act.perpetrators.{i}.organization"),
                p.organization.as_ref(),
            );
            let org_kind = self.term(
                row,
                &format!("act.perpetrators.{i}.organization_kind"),
                p.organization_kind.as_ref(),
                well_known::ORGANIZATION_TYPES,
            );
            if kind.is_some() || org.is_some() {
                perps.push((kind, org, org_kind));
            }
        }
        if self.problems.list.len() as u64 + self.problems.omitted != before {
            return;
        }
        let place = self.place(row);
        let Some(collection) = self.collection() else {
            return;
        };
        let incident = Entity::Incident(Incident {
            collection,
            title: title
                .map(|t| MultiText::single(self.language(), t))
                .unwrap_or_default(),
            narrative: narrative
                .map(|t| MultiText::single(self.language(), t))
                .unwrap_or_default(),
            public_narrative: MultiText::new(),
            date,
            place,
            point,
            status: status.unwrap_or_default(),
            confidentiality: confidentiality.unwrap_or_default(),
            external_id,
        });
        let Some(incident_id) = self.create_valid(row, "incident", incident) else {
            return;
        };
        let mut victims = Vec::new();
        if let Some(mut person) = victim {
            person.collection = collection;
            match self.create_valid(row, "act.victim", Entity::Person(person)) {
                Some(id) => victims.push(id),
                None => return,
            }
        }
        let mut perpetrators = Vec::new();
        for (kind, org, org_kind) in perps {
            let organization = match org {
                Some(name) => match self.organization(row, name, org_kind) {
                    Some(id) => Some(id),
                    None => return,
                },
                None => None,
            };
            perpetrators.push(Perpetrator {
                person: None,
                organization,
                kind,
            });
        }
        let act = Entity::Act(Act {
            incident: incident_id,
            violation: violation.unwrap_or_default(),
            victims,
            perpetrators,
            date: act_date,
            place: None,
            method,
            rights_violated: Vec::new(),
        });
        self.create_valid(row, "act", act);
    }
}

impl RowSink for Mapper<'_, '_, '_> {
    fn header(&mut self, columns: &[String]) -> bool {
        for (i, c) in columns.iter().enumerate() {
            self.index.entry(c.clone()).or_insert(i);
        }
        let mut ok = true;
        for col in self.mapping.columns() {
            if !self.index.contains_key(&col) {
                ok = false;
                let shown: Vec<String> =
                    columns.iter().take(30).map(|c| format!("{c:?}")).collect();
                self.problems.add(
                    Some(1),
                    Some(&col),
                    None,
                    "the mapping reads this column, but the header has no column of that name",
                    format!(
                        "check the spelling and case against the header, whose columns are {}{}",
                        shown.join(", "),
                        if columns.len() > 30 { ", …" } else { "" }
                    ),
                );
            }
        }
        ok
    }

    fn row(&mut self, number: u64, cells: &[Cell]) {
        if self.fatal.is_some() {
            return;
        }
        self.rows += 1;
        let row = Row { number, cells };
        match self.mapping.target {
            Target::Records => self.record_row(&row),
            Target::Incidents => self.incident_row(&row),
        }
    }

    fn problems(&mut self) -> &mut Problems {
        &mut self.problems
    }

    fn progress(&mut self, bytes_done: u64, rows_done: u64) {
        self.progress.advance(bytes_done, rows_done);
    }
}

/// The codes a vocabulary field takes, for a problem's hint: the ones in use (not
/// deprecated), all of them when they are few, else the first and where to see the rest.
fn codes_allowed(vocab: &Vocabulary) -> String {
    const SHOWN: usize = 20;
    let codes: Vec<&str> = vocab
        .terms
        .iter()
        .filter(|t| !t.deprecated)
        .map(|t| t.code.as_str())
        .collect();
    if codes.len() <= SHOWN {
        format!("; its codes are {}", codes.join(", "))
    } else {
        format!(
            "; its codes include {} and {} more (memoria vocab show {} lists them all)",
            codes[..SHOWN].join(", "),
            codes.len() - SHOWN,
            vocab.code
        )
    }
}

/// The column a problem with `spec` is reported against.
fn column_of(spec: &FieldSpec) -> Option<String> {
    spec.main_column().map(str::to_string).or_else(|| {
        spec.template
            .as_deref()
            .and_then(|t| template_columns(t).first().map(|c| c.to_string()))
    })
}

/// `map`'s word for `text`: exactly as written, else ignoring case.
fn lookup<'m>(map: &'m BTreeMap<String, String>, text: &str) -> Option<&'m str> {
    if let Some(v) = map.get(text) {
        return Some(v);
    }
    map.iter()
        .find(|(k, _)| k.trim().to_lowercase() == text.to_lowercase())
        .map(|(_, v)| v.as_str())
}

fn parse_sensitivity(t: &str) -> Result<Sensitivity, String> {
    match t.trim().to_ascii_lowercase().as_str() {
        "public" => Ok(Sensitivity::Public),
        "internal" => Ok(Sensitivity::Internal),
        "restricted" => Ok(Sensitivity::Restricted),
        "confidential" => Ok(Sensitivity::Confidential),
        _ => Err("expected one of public, internal, restricted, confidential".into()),
    }
}
