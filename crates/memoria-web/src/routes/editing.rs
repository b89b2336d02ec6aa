//! Creating and editing persons, organisations, sources and source lists, field by
//! field, through one form that each kind describes.
//!
//! A kind lists its fields ([`fields`]) and builds itself back from what was posted
//! ([`entity_from_form`]); the form, its inline problems, and the stale-version
//! conflict (shown as a diff, the edit kept in the form) are shared. Incidents have
//! their own, richer form in `incidents`.
//!
//! What an account may not read it may not change either: a field the reader cannot
//! see (a person's names without the names permission, contact details, ethnicity and
//! religion) is left out of the form and kept as stored.

use axum::Form;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use memoria_auth::roles::{Permission, redact};
use memoria_core::edtf::Edtf;
use memoria_core::entity::{
    AgeRange, Entity, EntityKind, NameUse, Organization, Person, PersonName, Role,
    SensitiveAttributes, Sensitivity, Source, SourceList,
};
use memoria_core::grade::{Credibility, Reliability};
use memoria_core::id::RecordId;
use memoria_core::text::MultiText;
use memoria_core::vocab::well_known;
use memoria_store::StoreError;

use crate::error::WebError;
use crate::extract::User;
use crate::i18n::{Lang, Tr};
use crate::page::{self, chrome};
use crate::routes::incidents::term_choices;
use crate::state::AppState;
use crate::view::{Choice, FieldView, Page, RecordForm, Row, Widget};

/// The kinds edited here, with the list they belong to.
const EDITABLE: [(EntityKind, &str); 4] = [
    (EntityKind::Person, "/persons"),
    (EntityKind::Organization, "/organizations"),
    (EntityKind::Source, "/sources"),
    (EntityKind::SourceList, "/source-lists"),
];

/// Longest one-line text accepted (names, references); longer is a mistake or an attack.
const MAX_LINE: usize = 500;
/// Longest description accepted.
const MAX_TEXT: usize = 100_000;
/// Most names or aliases one record may carry.
const MAX_LINES: usize = 100;
/// Units above a unit are followed at most this far when looking for a cycle.
const MAX_CHAIN: usize = 64;

pub fn router() -> Router<AppState> {
    let mut r = Router::new().route("/records/{id}/edit", get(edit_form).post(update));
    for (_, path) in EDITABLE {
        r = r.route(&format!("{path}/new"), get(new_form).post(create));
    }
    r
}

/// Whether records of `kind` are edited through this form.
pub fn is_editable(kind: EntityKind) -> bool {
    EDITABLE.iter().any(|(k, _)| *k == kind)
}

/// The page that creates a record of `kind`, if this form creates them.
pub fn new_href(kind: EntityKind) -> Option<String> {
    EDITABLE
        .iter()
        .find(|(k, _)| *k == kind)
        .map(|(_, p)| format!("{p}/new"))
}

/// What was posted: every name with its values in order (checkboxes repeat a name).
struct Posted(Vec<(String, String)>);

impl Posted {
    fn get(&self, name: &str) -> &str {
        self.0
            .iter()
            .find(|(n, _)| n == name)
            .map_or("", |(_, v)| v.as_str())
    }

    fn all(&self, name: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    fn texts(&self, name: &str) -> MultiText {
        let mut m = MultiText::new();
        for l in Lang::ALL {
            let t = self.get(&format!("{name}_{}", l.code())).trim();
            if !t.is_empty() {
                m.0.insert(l.code().to_string(), t.replace("\r\n", "\n"));
            }
        }
        m
    }
}

/// Problems found while reading a form: field name → how to fix it.
type Problems = Vec<(String, String)>;

fn too_long(problems: &mut Problems, tr: &Tr, field: &str, text: &str, max: usize) {
    if text.chars().count() > max {
        problems.push((field.into(), tr.t1("form-too-long", "max", max)));
    }
}

fn line(p: &Posted, problems: &mut Problems, tr: &Tr, field: &str) -> Option<String> {
    let t = p.get(field).trim();
    too_long(problems, tr, field, t, MAX_LINE);
    (!t.is_empty()).then(|| t.to_string())
}

fn lines(p: &Posted, problems: &mut Problems, tr: &Tr, field: &str) -> Vec<String> {
    let all: Vec<String> = p
        .get(field)
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect();
    if all.len() > MAX_LINES {
        problems.push((field.into(), tr.t1("form-too-many-lines", "max", MAX_LINES)));
    }
    for l in &all {
        too_long(problems, tr, field, l, MAX_LINE);
    }
    all
}

fn texts(p: &Posted, problems: &mut Problems, tr: &Tr, field: &str, max: usize) -> MultiText {
    let m = p.texts(field);
    for t in m.0.values() {
        too_long(problems, tr, field, t, max);
    }
    m
}

fn date(p: &Posted, problems: &mut Problems, tr: &Tr, field: &str) -> Option<Edtf> {
    match p.get(field).trim() {
        "" => None,
        d => Edtf::parse(d).ok().or_else(|| {
            problems.push((field.into(), tr.t("date-invalid")));
            None
        }),
    }
}

/// A term of `vocab`, or none; an unknown code is left to validation, which names it.
fn term(p: &Posted, field: &str) -> Option<String> {
    Some(p.get(field).trim().to_string()).filter(|t| !t.is_empty())
}

/// A reference to a record of `kind` in `collection`, typed as its id.
#[allow(clippy::too_many_arguments)] // the form's parts, and what the id must name
fn reference(
    s: &AppState,
    user: &User,
    p: &Posted,
    problems: &mut Problems,
    tr: &Tr,
    field: &str,
    kind: EntityKind,
    collection: RecordId,
) -> Option<RecordId> {
    let t = p.get(field).trim();
    if t.is_empty() {
        return None;
    }
    let found = t
        .parse::<RecordId>()
        .ok()
        .and_then(|id| s.store.get(id).ok().flatten())
        .filter(|r| r.kind == kind && r.collection == Some(collection) && !r.deleted)
        // A record the editor may not see is answered as one that does not exist.
        .filter(|r| page::visible(s.store.as_ref(), user, r.id).is_ok());
    match found {
        Some(r) => Some(r.id),
        None => {
            problems.push((
                field.into(),
                tr.t1(
                    "reference-invalid",
                    "kind",
                    tr.t(&format!("kind-{}", kind.as_str().replace('_', "-"))),
                ),
            ));
            None
        }
    }
}

/// Whether `id` names a record the reader may not see (so the form neither shows nor
/// changes it; see `crate::references`).
fn hidden_reference(s: &AppState, user: &User, id: Option<RecordId>) -> bool {
    id.is_some_and(|id| page::visible(s.store.as_ref(), user, id).is_err())
}

/// The reference fields of `entity` that name a record the reader may not see, with
/// the message key of their label.
fn hidden_references(
    s: &AppState,
    user: &User,
    entity: &Entity,
) -> Vec<(&'static str, &'static str)> {
    match entity {
        Entity::Source(x) if hidden_reference(s, user, x.informant) => {
            vec![("informant", "field-informant")]
        }
        Entity::SourceList(l) if hidden_reference(s, user, l.source) => {
            vec![("source", "kind-source")]
        }
        _ => Vec::new(),
    }
}

/// An age typed as `30` or `25-30`.
fn age(p: &Posted, problems: &mut Problems, tr: &Tr) -> Option<AgeRange> {
    let t = p.get("age").trim();
    if t.is_empty() {
        return None;
    }
    let (lo, hi) = t.split_once(['-', '–']).unwrap_or((t, t));
    match (lo.trim().parse::<u16>(), hi.trim().parse::<u16>()) {
        (Ok(min), Ok(max)) if min <= max && max <= 150 => Some(AgeRange { min, max }),
        _ => {
            problems.push(("age".into(), tr.t("age-invalid")));
            None
        }
    }
}

fn show_age(a: &AgeRange) -> String {
    if a.min == a.max {
        a.min.to_string()
    } else {
        format!("{}-{}", a.min, a.max)
    }
}

/// A name line is the name as written, optionally ` / ` and its Latin transliteration.
fn name_line(n: &PersonName) -> String {
    match &n.transliteration {
        Some(t) => format!("{} / {t}", n.text),
        None => n.text.clone(),
    }
}

fn names_from_lines(lines: Vec<String>, before: &[PersonName]) -> Vec<PersonName> {
    lines
        .into_iter()
        .enumerate()
        .map(|(i, l)| {
            let (text, transliteration) = match l.split_once(" / ") {
                Some((a, b)) => (a.trim().to_string(), Some(b.trim().to_string())),
                None => (l, None),
            };
            // The script was recorded at import; it stays with a name typed unchanged.
            let script = before
                .iter()
                .find(|n| n.text == text)
                .and_then(|n| n.script.clone());
            PersonName {
                text,
                script,
                transliteration: transliteration.filter(|t| !t.is_empty()),
                usage: if i == 0 {
                    NameUse::Primary
                } else {
                    NameUse::Alias
                },
            }
        })
        .collect()
}

/// Builds a record of `kind` from the form over `base` (the stored record when
/// editing), keeping every field the reader may not see; returns the problems too.
fn entity_from_form(
    s: &AppState,
    user: &User,
    tr: &Tr,
    kind: EntityKind,
    collection: RecordId,
    base: Option<&Entity>,
    p: &Posted,
) -> (Entity, Problems) {
    let mut problems = Problems::new();
    let hidden = hidden_fields(user, kind, collection);
    let shown = |f: &str| !hidden.contains(&f);
    let sensitivity = page::parse_sensitivity(p.get("sensitivity")).unwrap_or_default();
    let entity = match kind {
        EntityKind::Person => {
            let before = match base {
                Some(Entity::Person(b)) => b.clone(),
                _ => blank_person(collection),
            };
            let mut roles: Vec<Role> = p.all("roles").into_iter().filter_map(parse_role).collect();
            roles.sort();
            roles.dedup();
            let group_size = match p.get("group_size").trim() {
                "" => None,
                n => match n.parse::<u32>() {
                    Ok(n) if n > 0 => Some(n),
                    _ => {
                        problems.push(("group_size".into(), tr.t("number-invalid")));
                        None
                    }
                },
            };
            let mut person = Person {
                collection,
                names: before.names.clone(),
                roles,
                sex: term(p, "sex"),
                birth_date: before.birth_date.clone(),
                age: age(p, &mut problems, tr),
                group_size,
                sensitive: before.sensitive.clone(),
                sensitivity,
            };
            if shown("names") {
                let l = lines(p, &mut problems, tr, "names");
                person.names = names_from_lines(l, &before.names);
                person.birth_date = date(p, &mut problems, tr, "birth_date");
            }
            if shown("sensitive.contact") {
                person.sensitive.contact = line(p, &mut problems, tr, "sensitive.contact");
            }
            if shown("sensitive.ethnicity") {
                person.sensitive.ethnicity = line(p, &mut problems, tr, "sensitive.ethnicity");
                person.sensitive.religion = line(p, &mut problems, tr, "sensitive.religion");
            }
            Entity::Person(person)
        }
        EntityKind::Organization => {
            let parent = reference(
                s,
                user,
                p,
                &mut problems,
                tr,
                "parent",
                EntityKind::Organization,
                collection,
            );
            Entity::Organization(Organization {
                collection,
                name: texts(p, &mut problems, tr, "name", MAX_LINE),
                aliases: lines(p, &mut problems, tr, "aliases"),
                kind: term(p, "kind"),
                parent,
            })
        }
        EntityKind::Source => {
            let reliability = p.get("reliability").parse::<Reliability>().ok();
            let credibility = p
                .get("credibility")
                .parse::<u8>()
                .ok()
                .and_then(Credibility::new);
            if reliability.is_none() {
                problems.push(("reliability".into(), tr.t("grade-invalid")));
            }
            if credibility.is_none() {
                problems.push(("credibility".into(), tr.t("grade-invalid")));
            }
            Entity::Source(Source {
                collection,
                title: texts(p, &mut problems, tr, "title", MAX_LINE),
                kind: term(p, "kind"),
                reliability: reliability.unwrap_or(Reliability::F),
                credibility: credibility.unwrap_or_else(cannot_be_judged),
                date: date(p, &mut problems, tr, "date"),
                // An informant the editor may not see stays as it was.
                informant: match base {
                    Some(Entity::Source(b)) if hidden_reference(s, user, b.informant) => {
                        b.informant
                    }
                    _ => reference(
                        s,
                        user,
                        p,
                        &mut problems,
                        tr,
                        "informant",
                        EntityKind::Person,
                        collection,
                    ),
                },
                reference: line(p, &mut problems, tr, "reference"),
                sensitivity,
            })
        }
        _ => {
            let name = p.get("name").trim().to_string();
            too_long(&mut problems, tr, "name", &name, MAX_LINE);
            Entity::SourceList(SourceList {
                collection,
                name,
                description: texts(p, &mut problems, tr, "description", MAX_TEXT),
                source: match base {
                    Some(Entity::SourceList(b)) if hidden_reference(s, user, b.source) => b.source,
                    _ => reference(
                        s,
                        user,
                        p,
                        &mut problems,
                        tr,
                        "source",
                        EntityKind::Source,
                        collection,
                    ),
                },
            })
        }
    };
    for v in memoria_core::validate::validate(&entity, &s.vocabs()) {
        if !problems.iter().any(|(f, _)| *f == v.field) {
            problems.push((v.field, v.message));
        }
    }
    (entity, problems)
}

/// A unit may not answer to itself, directly or through the units above it.
fn parent_cycle(s: &AppState, id: RecordId, parent: Option<RecordId>) -> bool {
    let mut next = parent;
    for _ in 0..MAX_CHAIN {
        let Some(p) = next else { return false };
        if p == id {
            return true;
        }
        next = match s.store.get(p).ok().flatten().map(|r| r.entity) {
            Some(Entity::Organization(o)) => o.parent,
            _ => None,
        };
    }
    true
}

/// Credibility 6, the grade a source starts with until someone judges it.
fn cannot_be_judged() -> Credibility {
    Credibility::new(6).expect("6 is a credibility grade")
}

fn parse_role(s: &str) -> Option<Role> {
    match s {
        "victim" => Some(Role::Victim),
        "witness" => Some(Role::Witness),
        "source" => Some(Role::Source),
        "perpetrator" => Some(Role::Perpetrator),
        _ => None,
    }
}

const ROLES: [(Role, &str); 4] = [
    (Role::Victim, "victim"),
    (Role::Witness, "witness"),
    (Role::Source, "source"),
    (Role::Perpetrator, "perpetrator"),
];

/// Fields of `kind` that the account may not read in `collection`, by the names
/// `redact` gives them.
fn hidden_fields(user: &User, kind: EntityKind, collection: RecordId) -> Vec<&'static str> {
    if kind != EntityKind::Person {
        return Vec::new();
    }
    let probe = Entity::Person(blank_person(collection));
    redact(&probe, &user.access, Some(collection)).1
}

fn choices(options: Vec<Choice>, selected: Option<&str>, blank: Option<String>) -> Widget {
    let mut all: Vec<Choice> = blank
        .map(|label| Choice {
            value: String::new(),
            label,
            selected: false,
        })
        .into_iter()
        .chain(options)
        .collect();
    let selected = selected.unwrap_or_default();
    for c in &mut all {
        c.selected = c.value == selected;
    }
    Widget::Select(all)
}

fn field(name: &'static str, label: String, widget: Widget, value: String) -> FieldView {
    FieldView {
        name,
        label,
        help: None,
        widget,
        value,
        problem: None,
    }
}

fn helped(mut f: FieldView, help: String) -> FieldView {
    f.help = Some(help);
    f
}

/// The form's fields for `entity`, in the reader's language, without problems.
fn fields(s: &AppState, user: &User, tr: &Tr, entity: &Entity) -> Vec<FieldView> {
    let Some(collection) = entity.collection() else {
        return Vec::new();
    };
    let hidden = hidden_fields(user, entity.kind(), collection);
    let shown = |f: &str| !hidden.contains(&f);
    let any = tr.t("choice-not-recorded");
    let sensitivity = |sel: Sensitivity| {
        field(
            "sensitivity",
            tr.t("field-confidentiality"),
            Widget::Select(page::sensitivity_choices(tr, Some(sel))),
            String::new(),
        )
    };
    // A vocabulary term, or none recorded.
    let term_field = |name: &'static str, label: &str, vocab: &str, selected: Option<&str>| {
        field(
            name,
            tr.t(label),
            choices(term_choices(s, vocab, tr), selected, Some(any.clone())),
            String::new(),
        )
    };
    let date_field = |name: &'static str, label: &str, d: &Option<Edtf>| {
        helped(
            field(
                name,
                tr.t(label),
                Widget::Line,
                d.as_ref().map(|d| d.to_string()).unwrap_or_default(),
            ),
            tr.t("date-help"),
        )
    };
    let id_field = |name: &'static str, label: &str, id: Option<RecordId>| {
        helped(
            field(
                name,
                tr.t(label),
                Widget::Line,
                id.map(|i| i.to_string()).unwrap_or_default(),
            ),
            tr.t("reference-help"),
        )
    };
    let mut out = Vec::new();
    match entity {
        Entity::Person(p) => {
            if shown("names") {
                let mut names: Vec<&PersonName> = p.names.iter().collect();
                names.sort_by_key(|n| n.usage != NameUse::Primary);
                out.push(helped(
                    field(
                        "names",
                        tr.t("field-names"),
                        Widget::Lines,
                        names
                            .iter()
                            .map(|n| name_line(n))
                            .collect::<Vec<_>>()
                            .join("\n"),
                    ),
                    tr.t("field-names-help"),
                ));
            }
            out.push(field(
                "roles",
                tr.t("field-roles"),
                Widget::Checks(
                    ROLES
                        .iter()
                        .map(|(r, code)| Choice {
                            value: (*code).into(),
                            label: tr.t(&format!("role-{code}")),
                            selected: p.roles.contains(r),
                        })
                        .collect(),
                ),
                String::new(),
            ));
            out.push(term_field(
                "sex",
                "field-sex",
                well_known::SEX,
                p.sex.as_deref(),
            ));
            if shown("birth_date") {
                out.push(date_field("birth_date", "field-birth-date", &p.birth_date));
            }
            out.push(helped(
                field(
                    "age",
                    tr.t("field-age"),
                    Widget::Line,
                    p.age.as_ref().map(show_age).unwrap_or_default(),
                ),
                tr.t("field-age-help"),
            ));
            out.push(field(
                "group_size",
                tr.t("field-group-size"),
                Widget::Line,
                p.group_size.map(|n| n.to_string()).unwrap_or_default(),
            ));
            if shown("sensitive.ethnicity") {
                for (name, label, value) in [
                    (
                        "sensitive.ethnicity",
                        "field-ethnicity",
                        &p.sensitive.ethnicity,
                    ),
                    (
                        "sensitive.religion",
                        "field-religion",
                        &p.sensitive.religion,
                    ),
                ] {
                    out.push(field(
                        name,
                        tr.t(label),
                        Widget::Line,
                        value.clone().unwrap_or_default(),
                    ));
                }
            }
            if shown("sensitive.contact") {
                out.push(field(
                    "sensitive.contact",
                    tr.t("field-contact"),
                    Widget::Line,
                    p.sensitive.contact.clone().unwrap_or_default(),
                ));
            }
            out.push(sensitivity(p.sensitivity));
        }
        Entity::Organization(o) => {
            out.push(field(
                "name",
                tr.t("field-name"),
                Widget::Texts(crate::routes::incidents::text_inputs(&o.name)),
                String::new(),
            ));
            out.push(helped(
                field(
                    "aliases",
                    tr.t("field-aliases"),
                    Widget::Lines,
                    o.aliases.join("\n"),
                ),
                tr.t("field-aliases-help"),
            ));
            out.push(term_field(
                "kind",
                "field-kind",
                well_known::ORGANIZATION_TYPES,
                o.kind.as_deref(),
            ));
            out.push(id_field("parent", "field-parent-unit", o.parent));
        }
        Entity::Source(x) => {
            out.push(field(
                "title",
                tr.t("field-title"),
                Widget::Texts(crate::routes::incidents::text_inputs(&x.title)),
                String::new(),
            ));
            out.push(term_field(
                "kind",
                "field-kind",
                well_known::SOURCE_TYPES,
                x.kind.as_deref(),
            ));
            out.push(helped(
                field(
                    "reliability",
                    tr.t("add-source-reliability"),
                    Widget::Select(crate::routes::incidents::reliability_choices(Some(
                        x.reliability,
                    ))),
                    String::new(),
                ),
                tr.t("grade-help"),
            ));
            out.push(field(
                "credibility",
                tr.t("add-source-credibility"),
                Widget::Select(crate::routes::incidents::credibility_choices(Some(
                    x.credibility,
                ))),
                String::new(),
            ));
            out.push(date_field("date", "field-date", &x.date));
            if !hidden_reference(s, user, x.informant) {
                out.push(id_field("informant", "field-informant", x.informant));
            }
            out.push(field(
                "reference",
                tr.t("field-reference"),
                Widget::Line,
                x.reference.clone().unwrap_or_default(),
            ));
            out.push(sensitivity(x.sensitivity));
        }
        Entity::SourceList(l) => {
            out.push(field(
                "name",
                tr.t("field-name"),
                Widget::Line,
                l.name.clone(),
            ));
            out.push(field(
                "description",
                tr.t("field-description"),
                Widget::TextAreas(crate::routes::incidents::text_inputs(&l.description)),
                String::new(),
            ));
            if !hidden_reference(s, user, l.source) {
                out.push(id_field("source", "kind-source", l.source));
            }
        }
        _ => {}
    }
    out
}

/// A person with nothing recorded yet, internal to the collection.
fn blank_person(collection: RecordId) -> Person {
    Person {
        collection,
        names: Vec::new(),
        roles: Vec::new(),
        sex: None,
        birth_date: None,
        age: None,
        group_size: None,
        sensitive: SensitiveAttributes::default(),
        sensitivity: Sensitivity::Internal,
    }
}

fn blank(kind: EntityKind, collection: RecordId) -> Entity {
    match kind {
        EntityKind::Person => Entity::Person(blank_person(collection)),
        EntityKind::Organization => Entity::Organization(Organization {
            collection,
            name: MultiText::new(),
            aliases: Vec::new(),
            kind: None,
            parent: None,
        }),
        EntityKind::Source => Entity::Source(Source {
            collection,
            title: MultiText::new(),
            kind: None,
            reliability: Reliability::F,
            credibility: cannot_be_judged(),
            date: None,
            informant: None,
            reference: None,
            sensitivity: Sensitivity::Internal,
        }),
        _ => Entity::SourceList(SourceList {
            collection,
            name: String::new(),
            description: MultiText::new(),
            source: None,
        }),
    }
}

fn kind_label(tr: &Tr, kind: EntityKind) -> String {
    tr.t(&format!("kind-{}", kind.as_str().replace('_', "-")))
}

/// The whole form page; `id` is `None` for a new record.
#[allow(clippy::too_many_arguments)]
fn form_page(
    s: &AppState,
    user: &User,
    tr: &Tr,
    entity: &Entity,
    id: Option<RecordId>,
    version: u64,
    action: String,
    collections: Vec<Choice>,
) -> RecordForm {
    let kind = entity.kind();
    let heading = match id {
        Some(_) => tr.t1("record-edit-title", "kind", kind_label(tr, kind)),
        None => tr.t1("record-new-title", "kind", kind_label(tr, kind)),
    };
    let cancel = match id {
        Some(i) => format!("/records/{i}"),
        None => EDITABLE
            .iter()
            .find(|(k, _)| *k == kind)
            .map_or("/".into(), |(_, p)| (*p).to_string()),
    };
    RecordForm {
        chrome: chrome(user, s, heading.clone(), section(kind)),
        heading,
        action,
        cancel,
        version,
        collections,
        fields: fields(s, user, tr, entity),
        problems: Vec::new(),
        conflict: None,
    }
}

fn section(kind: EntityKind) -> &'static str {
    match kind {
        EntityKind::Person => "persons",
        EntityKind::Organization => "organizations",
        EntityKind::Source => "sources",
        _ => "source-lists",
    }
}

/// Puts the problems beside their fields, and what was typed back into the fields
/// that hold plain text, so that a mistake is fixed rather than retyped.
fn with_problems(mut view: RecordForm, posted: &Posted, problems: Problems) -> RecordForm {
    for f in &mut view.fields {
        if matches!(f.widget, Widget::Line | Widget::Lines) {
            f.value = posted.get(f.name).to_string();
        }
        f.problem = problems
            .iter()
            .find(|(p, _)| p == f.name || p.starts_with(&format!("{}.", f.name)))
            .map(|(_, m)| m.clone());
    }
    view.problems = problems
        .into_iter()
        .filter(|(p, _)| {
            !view
                .fields
                .iter()
                .any(|f| p == f.name || p.starts_with(&format!("{}.", f.name)))
        })
        .collect();
    view
}

fn kind_of_path(uri: &Uri) -> Option<EntityKind> {
    let path = uri.path().strip_suffix("/new")?;
    EDITABLE.iter().find(|(_, p)| *p == path).map(|(k, _)| *k)
}

fn creatable(
    s: &AppState,
    user: &User,
    tr: &Tr,
    selected: Option<RecordId>,
) -> Result<Vec<Choice>, WebError> {
    let mut all = crate::routes::incidents::creatable_collections(s, user, tr)?;
    for c in &mut all {
        c.selected = selected.is_some_and(|id| c.value == id.to_string());
    }
    Ok(all)
}

async fn new_form(
    State(state): State<AppState>,
    user: User,
    uri: Uri,
) -> Result<Response, WebError> {
    let kind = kind_of_path(&uri).ok_or(WebError::NotFound)?;
    state
        .clone()
        .blocking(move |s| {
            let tr = user.tr(s);
            let collections = creatable(s, &user, &tr, None)?;
            let Some(first) = collections.first() else {
                return Err(WebError::Forbidden);
            };
            let collection = first.value.parse().map_err(|_| WebError::Forbidden)?;
            let entity = blank(kind, collection);
            let view = form_page(
                s,
                &user,
                &tr,
                &entity,
                None,
                0,
                uri.path().to_string(),
                collections,
            );
            Ok(view.render_html().into_response())
        })
        .await
}

async fn create(
    State(state): State<AppState>,
    user: User,
    uri: Uri,
    Form(posted): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let kind = kind_of_path(&uri).ok_or(WebError::NotFound)?;
    let posted = Posted(posted);
    user.check_csrf(posted.get("csrf"))?;
    state
        .clone()
        .blocking(move |s| {
            let tr = user.tr(s);
            let collection = posted
                .get("collection")
                .parse::<RecordId>()
                .map_err(|_| WebError::BadRequest(tr.t("collection-invalid")))?;
            user.require(Some(collection), Permission::CreateRecords)?;
            let (entity, problems) =
                entity_from_form(s, &user, &tr, kind, collection, None, &posted);
            if !problems.is_empty() {
                let collections = creatable(s, &user, &tr, Some(collection))?;
                let view = form_page(
                    s,
                    &user,
                    &tr,
                    &entity,
                    None,
                    0,
                    uri.path().to_string(),
                    collections,
                );
                let view = with_problems(view, &posted, problems);
                return Ok((StatusCode::UNPROCESSABLE_ENTITY, view.render_html()).into_response());
            }
            let mut tx = s.store.begin(&user.actor)?;
            let stored = tx.create(entity)?;
            tx.commit()?;
            s.index.refresh(s.store.as_ref(), &[stored.id])?;
            Ok(Redirect::to(&format!("/records/{}", stored.id)).into_response())
        })
        .await
}

async fn edit_form(
    State(state): State<AppState>,
    user: User,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let id = page::record_id(&id)?;
    state
        .clone()
        .blocking(move |s| {
            let stored = page::visible(s.store.as_ref(), &user, id)?;
            if !is_editable(stored.kind) {
                return Err(WebError::NotFound);
            }
            user.require(stored.collection, Permission::EditRecords)?;
            let tr = user.tr(s);
            let view = form_page(
                s,
                &user,
                &tr,
                &stored.entity,
                Some(id),
                stored.version,
                format!("/records/{id}/edit"),
                Vec::new(),
            );
            Ok(view.render_html().into_response())
        })
        .await
}

async fn update(
    State(state): State<AppState>,
    user: User,
    Path(id): Path<String>,
    Form(posted): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let id = page::record_id(&id)?;
    let posted = Posted(posted);
    user.check_csrf(posted.get("csrf"))?;
    state
        .clone()
        .blocking(move |s| {
            let tr = user.tr(s);
            let stored = page::visible(s.store.as_ref(), &user, id)?;
            if !is_editable(stored.kind) {
                return Err(WebError::NotFound);
            }
            user.require(stored.collection, Permission::EditRecords)?;
            let collection = stored.entity.collection().ok_or(WebError::NotFound)?;
            let version = posted.get("version").parse::<u64>().unwrap_or(0);
            let (entity, mut problems) = entity_from_form(
                s,
                &user,
                &tr,
                stored.kind,
                collection,
                Some(&stored.entity),
                &posted,
            );
            if let Entity::Organization(o) = &entity
                && parent_cycle(s, id, o.parent)
            {
                problems.push(("parent".into(), tr.t("parent-cycle")));
            }
            let action = format!("/records/{id}/edit");
            if !problems.is_empty() {
                let view = form_page(
                    s,
                    &user,
                    &tr,
                    &entity,
                    Some(id),
                    version,
                    action,
                    Vec::new(),
                );
                let view = with_problems(view, &posted, problems);
                return Ok((StatusCode::UNPROCESSABLE_ENTITY, view.render_html()).into_response());
            }
            let mut tx = s.store.begin(&user.actor)?;
            match tx.update(id, version, entity.clone()) {
                Ok(_) => {
                    tx.commit()?;
                    s.index.refresh(s.store.as_ref(), &[id])?;
                    Ok(Redirect::to(&format!("/records/{id}")).into_response())
                }
                Err(StoreError::Conflict {
                    actual, changed_by, ..
                }) => {
                    drop(tx);
                    // Someone saved first: show how their version differs from this
                    // edit, keep the edit in the form, and let the person decide.
                    let mut view =
                        form_page(s, &user, &tr, &entity, Some(id), actual, action, Vec::new());
                    view = with_problems(view, &posted, Vec::new());
                    view.conflict = Some(page::conflict(
                        &user,
                        stored.collection,
                        &stored.entity,
                        &entity,
                        actual,
                        changed_by,
                    ));
                    Ok((StatusCode::CONFLICT, view.render_html()).into_response())
                }
                Err(e) => Err(e.into()),
            }
        })
        .await
}

/// The fields of a record the form edits, for reading: the form's labels, values as
/// a person would write them, references as links, and the fields the reader may not
/// see marked as withheld. `None` for kinds the form does not edit.
pub fn readable_rows(s: &AppState, user: &User, tr: &Tr, entity: &Entity) -> Option<Vec<Row>> {
    if !is_editable(entity.kind()) {
        return None;
    }
    let collection = entity.collection()?;
    let mut rows = Vec::new();
    if let Some(c) = s.store.get(collection).ok().flatten() {
        rows.push(Row {
            label: tr.t("field-collection"),
            value: page::record_title(&c, user, tr).unwrap_or_default(),
            withheld: false,
            href: None,
        });
    }
    for f in fields(s, user, tr, entity) {
        let value = match &f.widget {
            Widget::Line | Widget::Lines => f.value.clone(),
            Widget::Texts(t) | Widget::TextAreas(t) => {
                let best = t
                    .iter()
                    .find(|i| i.lang == tr.code() && !i.value.is_empty())
                    .or_else(|| t.iter().find(|i| !i.value.is_empty()));
                best.map(|i| i.value.clone()).unwrap_or_default()
            }
            Widget::Select(c) | Widget::Checks(c) => c
                .iter()
                .filter(|c| c.selected && !c.value.is_empty())
                .map(|c| c.label.clone())
                .collect::<Vec<_>>()
                .join(", "),
        };
        if value.is_empty() {
            continue;
        }
        // Fields holding a record id read as that record's title, linked.
        let reference = matches!(f.name, "parent" | "informant" | "source")
            .then(|| value.parse::<RecordId>().ok())
            .flatten();
        let (value, href) = match reference {
            Some(id) => match page::visible(s.store.as_ref(), user, id) {
                Ok(r) => (
                    page::record_title(&r, user, tr).unwrap_or_else(|| page::short_id(id)),
                    Some(page::record_href(r.kind, r.id)),
                ),
                Err(_) => (page::short_id(id), None),
            },
            None => (value, None),
        };
        rows.push(Row {
            label: f.label,
            value,
            withheld: false,
            href,
        });
    }
    for (_, label) in hidden_references(s, user, entity) {
        rows.push(Row {
            label: tr.t(label),
            value: String::new(),
            withheld: true,
            href: None,
        });
    }
    for hidden in hidden_fields(user, entity.kind(), collection) {
        let label = match hidden {
            "names" => "field-names",
            "birth_date" => "field-birth-date",
            "sensitive.contact" => "field-contact",
            "sensitive.ethnicity" => "field-ethnicity",
            _ => "field-religion",
        };
        rows.push(Row {
            label: tr.t(label),
            value: String::new(),
            withheld: true,
            href: None,
        });
    }
    Some(rows)
}
