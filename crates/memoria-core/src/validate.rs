//! Validation: every problem with a record at once, each naming its field.
//!
//! Validation never stops at the first problem. A documentalist fixing a form, or an
//! importer reporting on a spreadsheet row, needs the whole list to fix it in one go.

use std::fmt;

use crate::entity::{Entity, Person};
use crate::place::is_iso3166_shaped;
use crate::vocab::{VocabularySet, well_known};

/// One thing wrong with a record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// The field, by its stored name; nested fields are joined with dots (`point.lat`).
    pub field: String,
    /// What is wrong and how to fix it. Never contains the field's value, which may
    /// be personal data.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

struct Problems(Vec<Problem>);

impl Problems {
    fn push(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.0.push(Problem {
            field: field.into(),
            message: message.into(),
        });
    }

    fn term(&mut self, vocabs: &VocabularySet, field: &str, vocab: &str, code: &str) {
        if vocabs.get(vocab).is_none() {
            return; // a collection without that vocabulary accepts free codes
        }
        if !vocabs.has_term(vocab, code) {
            self.push(
                field,
                format!("not a term of the {vocab} vocabulary; pick one of its codes"),
            );
        }
    }

    fn required_text(&mut self, field: &str, empty: bool) {
        if empty {
            self.push(field, "required; write it in at least one language");
        }
    }

    fn interval(&mut self, field: &str, start: Option<&crate::Edtf>, end: Option<&crate::Edtf>) {
        if let (Some(s), Some(e)) = (start, end)
            && let (Some(a), Some(b)) = (s.earliest(), e.latest())
            && a > b
        {
            self.push(field, "comes before the date it should follow");
        }
    }
}

/// Every problem with `entity`, checked against the vocabularies in force.
pub fn validate(entity: &Entity, vocabs: &VocabularySet) -> Vec<Problem> {
    let mut p = Problems(Vec::new());
    match entity {
        Entity::Collection(c) => {
            if c.name.is_empty()
                || !c
                    .name
                    .chars()
                    .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '-')
            {
                p.push(
                    "name",
                    "use lowercase letters, digits and hyphens, e.g. detentions-2021",
                );
            }
            p.required_text("title", c.title.is_empty());
        }
        Entity::Incident(i) => {
            p.required_text("title", i.title.is_empty());
            if let Some(pt) = &i.point {
                for (f, m) in pt.problems() {
                    p.push(format!("point.{f}"), m);
                }
            }
        }
        Entity::Act(a) => {
            if a.violation.trim().is_empty() {
                p.push("violation", "required; pick a violation type");
            } else {
                p.term(
                    vocabs,
                    "violation",
                    well_known::VIOLATION_TYPES,
                    &a.violation,
                );
            }
            if let Some(m) = &a.method {
                p.term(vocabs, "method", well_known::METHODS, m);
            }
            for (i, r) in a.rights_violated.iter().enumerate() {
                p.term(
                    vocabs,
                    &format!("rights_violated.{i}"),
                    well_known::RIGHTS,
                    r,
                );
            }
            for (i, perp) in a.perpetrators.iter().enumerate() {
                if perp.person.is_none() && perp.organization.is_none() && perp.kind.is_none() {
                    p.push(
                        format!("perpetrators.{i}"),
                        "name a person, an organisation or at least a perpetrator type",
                    );
                }
                if let Some(k) = &perp.kind {
                    p.term(
                        vocabs,
                        &format!("perpetrators.{i}.kind"),
                        well_known::PERPETRATOR_TYPES,
                        k,
                    );
                }
            }
        }
        Entity::Person(person) => validate_person(person, vocabs, &mut p),
        Entity::Organization(o) => {
            p.required_text("name", o.name.is_empty());
            if let Some(k) = &o.kind {
                p.term(vocabs, "kind", well_known::ORGANIZATION_TYPES, k);
            }
        }
        Entity::Source(s) => {
            p.required_text("title", s.title.is_empty());
            if let Some(k) = &s.kind {
                p.term(vocabs, "kind", well_known::SOURCE_TYPES, k);
            }
        }
        Entity::Claim(c) => {
            if c.field.trim().is_empty() {
                p.push("field", "required; name the field the source speaks about");
            }
        }
        Entity::Intervention(iv) => {
            p.term(vocabs, "kind", well_known::INTERVENTION_TYPES, &iv.kind);
            p.term(
                vocabs,
                "status",
                well_known::INTERVENTION_STATUS,
                &iv.status,
            );
            if iv.target.is_none()
                && iv
                    .target_name
                    .as_deref()
                    .is_none_or(|t| t.trim().is_empty())
            {
                p.push(
                    "target",
                    "required; name the institution the intervention addresses",
                );
            }
            p.interval(
                "response_date",
                iv.submitted.as_ref(),
                iv.response_date.as_ref(),
            );
        }
        Entity::Evidence(e) => {
            let hex = |h: &str| {
                h.len() == 64 && h.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
            };
            if !hex(&e.sha256) {
                p.push(
                    "sha256",
                    "must be 64 lowercase hexadecimal digits (a SHA-256)",
                );
            }
            if e.stripped_sha256.as_deref().is_some_and(|h| !hex(h)) {
                p.push(
                    "stripped_sha256",
                    "must be 64 lowercase hexadecimal digits (a SHA-256)",
                );
            }
            if e.media_type.trim().is_empty() || !e.media_type.contains('/') {
                p.push("media_type", "must be a MIME type such as image/jpeg");
            }
        }
        Entity::Consent(c) => {
            if c.uses.is_empty() {
                p.push("uses", "name at least one use the person agreed to");
            }
            p.interval("withdrawn_on", Some(&c.given_on), c.withdrawn_on.as_ref());
        }
        Entity::PublicationPolicy(pol) => {
            for (key, rule) in &pol.rules {
                match crate::publication::field(key) {
                    None => p.push(
                        format!("rules.{key}"),
                        "not a field a policy decides on; see the policy page for the list",
                    ),
                    Some(spec) if !spec.allowed.contains(rule) => p.push(
                        format!("rules.{key}"),
                        format!(
                            "this field may only be {}",
                            spec.allowed
                                .iter()
                                .map(|r| r.as_str())
                                .collect::<Vec<_>>()
                                .join(" or ")
                        ),
                    ),
                    Some(_) => {}
                }
            }
            if pol.threshold == 0 || pol.threshold > 1000 {
                p.push(
                    "threshold",
                    "give a whole number from 1 to 1000 (5 is usual)",
                );
            }
            if pol.licence.trim().is_empty() || pol.licence.len() > 64 {
                p.push(
                    "licence",
                    "give an SPDX licence identifier such as CC-BY-4.0",
                );
            }
            if pol
                .boundaries
                .as_ref()
                .is_some_and(|b| b.len() > crate::publication::BOUNDARIES_MAX_BYTES)
            {
                p.push(
                    "boundaries",
                    "larger than 8 MB; simplify the boundaries (e.g. with mapshaper) first",
                );
            }
        }
        Entity::Publication(_) => {}
        Entity::MatchDecision(d) => {
            let [a, b] = d.records;
            if a == b {
                p.push("records", "two different list records");
            }
        }
        Entity::LinkageResult(l) => {
            if l.lists.is_empty() || l.lists.len() > 15 {
                p.push("lists", "one to 15 source lists");
            }
            if l.records.len() != l.clusters.len() {
                p.push("clusters", "one cluster for each record, in the same order");
            }
            if l.records.len() > crate::entity::LinkageResult::MAX_RECORDS {
                p.push(
                    "records",
                    "more than 200,000 records; write the clusters to a file instead (memoria link --out clusters.csv)",
                );
            }
            if l.review
                .iter()
                .any(|r| r.records[0] == r.records[1] || !(0.0..=1.0).contains(&r.probability))
            {
                p.push(
                    "review",
                    "each pair names two different records, with a probability from 0 to 1",
                );
            }
            if l.basis.len() != 64 || !l.basis.bytes().all(|b| b.is_ascii_hexdigit()) {
                p.push("basis", "a SHA-256 digest in hexadecimal");
            }
        }
        Entity::SourceList(l) => {
            if l.name.trim().is_empty() {
                p.push("name", "required; give the list a short name");
            }
        }
        Entity::Record(r) => {
            if let Some(s) = &r.sex {
                p.term(vocabs, "sex", well_known::SEX, s);
            }
            if let Some(v) = &r.violation {
                p.term(vocabs, "violation", well_known::VIOLATION_TYPES, v);
            }
            if let Some(k) = &r.perpetrator {
                p.term(vocabs, "perpetrator", well_known::PERPETRATOR_TYPES, k);
            }
            if let Some(a) = &r.age
                && a.min > a.max
            {
                p.push("age", "the lower bound is above the upper bound");
            }
        }
        Entity::Place(pl) => {
            p.required_text("name", pl.name.is_empty());
            if let Some(code) = &pl.iso_code
                && !is_iso3166_shaped(code)
            {
                p.push(
                    "iso_code",
                    "write an ISO 3166 code such as CF or CF-BGF (upper case)",
                );
            }
            if let Some(pt) = &pl.point {
                for (f, m) in pt.problems() {
                    p.push(format!("point.{f}"), m);
                }
            }
        }
        Entity::Vocabulary(v) => {
            for m in v.problems() {
                p.push("terms", m);
            }
        }
    }
    p.0
}

fn validate_person(person: &Person, vocabs: &VocabularySet, p: &mut Problems) {
    for (i, n) in person.names.iter().enumerate() {
        if n.text.trim().is_empty() {
            p.push(
                format!("names.{i}.text"),
                "empty name; remove it or write the name",
            );
        }
    }
    if let Some(s) = &person.sex {
        p.term(vocabs, "sex", well_known::SEX, s);
    }
    if let Some(a) = &person.age {
        if a.min > a.max {
            p.push("age", "the lower bound is above the upper bound");
        }
        if a.max > 130 {
            p.push("age", "no one is older than 130; check the value");
        }
    }
    if person.group_size == Some(0) {
        p.push(
            "group_size",
            "a group has at least one person; leave it empty for an individual",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entity::*;
    use crate::id::RecordId;
    use crate::text::MultiText;

    #[test]
    fn reports_every_problem_with_its_field() {
        let act = Entity::Act(Act {
            incident: RecordId::random(),
            violation: String::new(),
            victims: vec![],
            perpetrators: vec![Perpetrator {
                person: None,
                organization: None,
                kind: None,
            }],
            date: None,
            place: None,
            method: None,
            rights_violated: vec![],
        });
        let fields: Vec<_> = validate(&act, &VocabularySet::new())
            .into_iter()
            .map(|p| p.field)
            .collect();
        assert_eq!(fields, ["violation", "perpetrators.0"]);

        let place = Entity::Place(Place {
            collection: RecordId::random(),
            name: MultiText::new(),
            level: crate::place::PlaceLevel::Region,
            parent: None,
            iso_code: Some("cf-bgf".into()),
            point: Some(crate::place::GeoPoint {
                lat: 91.0,
                lon: 0.0,
                precision_m: Some(-1.0),
            }),
        });
        let fields: Vec<_> = validate(&place, &VocabularySet::new())
            .into_iter()
            .map(|p| p.field)
            .collect();
        assert_eq!(
            fields,
            ["name", "iso_code", "point.lat", "point.precision_m"]
        );
    }

    fn list_record(violation: Option<&str>, perpetrator: Option<&str>) -> Entity {
        Entity::Record(Record {
            list: RecordId::random(),
            external_id: None,
            name: Some("A B".into()),
            given_name: None,
            family_name: None,
            sex: Some("female".into()),
            age: None,
            birth_date: None,
            date: None,
            place: None,
            violation: violation.map(str::to_string),
            perpetrator: perpetrator.map(str::to_string),
            extra: Default::default(),
        })
    }

    #[test]
    fn a_list_records_violation_and_perpetrator_are_vocabulary_terms() {
        let vocabs = crate::vocab::defaults();
        let problems = |v, k| validate(&list_record(v, k), &vocabs);
        assert_eq!(problems(None, None), []);
        // Any level of either hierarchy is a term.
        assert_eq!(problems(Some("killing"), Some("police")), []);
        assert_eq!(
            problems(Some("right-to-life-violations"), Some("state-actor")),
            []
        );
        assert_eq!(
            problems(Some("enforced-disappearance"), Some("unidentified")),
            []
        );

        // A perpetrator code is not a violation, nor the other way round; each problem
        // names its field and never the value.
        let found = problems(Some("police"), Some("killing"));
        assert_eq!(
            found
                .iter()
                .map(|p| (p.field.as_str(), p.message.as_str()))
                .collect::<Vec<_>>(),
            [
                (
                    "violation",
                    "not a term of the violation-types vocabulary; pick one of its codes"
                ),
                (
                    "perpetrator",
                    "not a term of the perpetrator-types vocabulary; pick one of its codes"
                ),
            ]
        );
        let found = problems(Some("Killed by Sgt. Ruiz"), None);
        assert_eq!(found.len(), 1);
        assert!(!found[0].to_string().contains("Ruiz"), "{}", found[0]);

        // Without the vocabularies (a collection that replaced them), codes are free.
        assert_eq!(
            validate(&list_record(Some("x"), Some("y")), &VocabularySet::new()),
            []
        );
    }
}
