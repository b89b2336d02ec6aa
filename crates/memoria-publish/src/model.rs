//! The policy applied: what of each record may leave, and why the rest stays.
//!
//! Everything the site and the open data show is taken from the [`Published`] built
//! here, never from the snapshot itself, so that a page cannot show what the policy
//! did not let through. Each decision that withholds or coarsens something is counted
//! in the report, with its reason.

use std::collections::{BTreeMap, BTreeSet};

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use memoria_core::edtf::Edtf;
use memoria_core::entity::{Incident, Person, Role, Sensitivity};
use memoria_core::fold::fold;
use memoria_core::id::RecordId;
use memoria_core::place::PlaceLevel;
use memoria_core::publication::{ConsentUse, Rule};
use memoria_core::text::MultiText;

use crate::input::Snapshot;
use crate::report::{Report, Withheld};

/// An incident as it may be published.
#[derive(Clone, Debug, PartialEq)]
pub struct PubIncident {
    pub id: RecordId,
    /// Empty when the policy withholds titles or the title names someone.
    pub title: MultiText,
    pub narrative: MultiText,
    /// The date as published (coarsened when the policy says so).
    pub date: Option<Edtf>,
    /// The place and its ancestors as published, country first.
    pub places: Vec<RecordId>,
    /// A point rounded to a tenth of a degree, when the policy coarsens points.
    pub point: Option<(f64, f64)>,
    pub status: &'static str,
    pub acts: Vec<PubAct>,
    pub interventions: Vec<PubIntervention>,
    pub evidence: Vec<PubEvidence>,
    /// When the incident last changed, for the feed.
    pub updated: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct PubAct {
    pub violation: String,
    pub date: Option<Edtf>,
    pub victims: Vec<PubVictim>,
    /// Perpetrators as published: an organisation's name, a person's name when the
    /// policy allows, and the kind of perpetrator.
    pub perpetrators: Vec<PubPerpetrator>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct PubVictim {
    /// The person's record, for counting each victim once; never published.
    pub person: RecordId,
    /// Only with a consent to publication or as a public figure.
    pub name: Option<String>,
    pub sex: Option<String>,
    pub age: Option<Age>,
    pub group_size: Option<u32>,
}

/// An age as published.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Age {
    /// From the youngest to the oldest the person may be (equal when known).
    Years(u16, u16),
    /// A minor whose age is coarsened: "under 18" and nothing more.
    Minor,
}

#[derive(Clone, Debug, PartialEq)]
pub struct PubPerpetrator {
    /// Shared: a collection has few organisations and many acts, and a name in four
    /// languages cloned into each act would be most of a large site's model.
    pub organization: Option<std::sync::Arc<MultiText>>,
    pub person: Option<String>,
    pub kind: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct PubIntervention {
    pub kind: String,
    pub status: String,
    pub target: Option<String>,
    pub submitted: Option<Edtf>,
    pub updated: String,
    pub id: RecordId,
}

#[derive(Clone, Debug, PartialEq)]
pub struct PubEvidence {
    /// The SHA-256 of the stripped copy, which names the published file.
    pub sha256: String,
    pub media_type: String,
    pub description: MultiText,
}

/// What the policy let through.
#[derive(Clone, Debug, Default)]
pub struct Published {
    pub incidents: Vec<PubIncident>,
    /// The persons named somewhere on the site.
    pub named: BTreeSet<RecordId>,
}

/// Texts that must not appear anywhere in the output, each with what it is (never the
/// text itself in messages): names of persons not named, contact details, exact
/// coordinates, file names.
#[derive(Clone, Debug, Default)]
pub struct Forbidden {
    pub values: Vec<(String, &'static str, RecordId)>,
}

/// Names shorter than this are not searched for in free text (a two-letter name would
/// match inside ordinary words); they are still never published as names.
const MIN_SCANNED: usize = 4;

impl Forbidden {
    fn push(&mut self, text: &str, what: &'static str, id: RecordId) {
        let t = text.trim();
        if t.chars().count() >= MIN_SCANNED {
            self.values.push((t.to_string(), what, id));
        }
    }
}

/// Applies the policy to the snapshot.
pub fn apply(s: &Snapshot, report: &mut Report) -> (Published, Forbidden) {
    let policy = &s.policy;
    let rule = |key: &str| policy.rule(key);

    // Who may be named: a victim with a consent to publication from someone the policy
    // accepts, or a public figure the policy names; never a confidential person.
    let mut consented: BTreeSet<RecordId> = BTreeSet::new();
    let mut withdrawn: BTreeSet<RecordId> = BTreeSet::new();
    for (_, c) in &s.consents {
        if c.allows(ConsentUse::Publication) && policy.consent_from.contains(&c.given_by) {
            consented.insert(c.person);
        } else if c.withdrawn_on.is_some() && c.uses.contains(&ConsentUse::Publication) {
            withdrawn.insert(c.person);
        }
    }
    // A later consent given again outweighs an earlier one withdrawn.
    withdrawn.retain(|p| !consented.contains(p));
    let public_figures: BTreeSet<RecordId> = policy.public_figures.iter().copied().collect();
    let may_name = |id: &RecordId, p: &Person| {
        rule("victim.name") == Rule::Publish
            && p.sensitivity < Sensitivity::Confidential
            && (consented.contains(id) || public_figures.contains(id))
    };

    let mut forbidden = Forbidden::default();
    for (id, p) in &s.persons {
        let named = may_name(id, p)
            && p.roles.contains(&Role::Victim)
            && !p
                .roles
                .iter()
                .any(|r| matches!(r, Role::Witness | Role::Source));
        for n in &p.names {
            if !named || n.usage != memoria_core::entity::NameUse::Primary {
                forbidden.push(&n.text, "a person's name", *id);
                if let Some(t) = &n.transliteration {
                    forbidden.push(t, "a person's name", *id);
                }
            }
        }
        if let Some(c) = &p.sensitive.contact {
            forbidden.push(c, "contact details", *id);
        }
    }
    for (id, e) in &s.evidence {
        if let Some(f) = &e.file_name {
            forbidden.push(f, "an evidence file name", *id);
        }
    }
    for (id, src) in &s.sources {
        if let Some(r) = &src.reference {
            forbidden.push(r, "a source's reference", *id);
        }
    }

    let mut acts_of: BTreeMap<RecordId, Vec<&memoria_core::entity::Act>> = BTreeMap::new();
    for (_, a) in &s.acts {
        acts_of.entry(a.incident).or_default().push(a);
    }
    let mut interventions_of: BTreeMap<RecordId, Vec<PubIntervention>> = BTreeMap::new();
    if rule("intervention") == Rule::Publish {
        for d in &s.interventions {
            let i = &d.record;
            for about in &i.about {
                interventions_of
                    .entry(*about)
                    .or_default()
                    .push(PubIntervention {
                        id: d.id,
                        kind: i.kind.clone(),
                        status: i.status.clone(),
                        target: i
                            .target
                            .and_then(|t| s.organizations.get(&t))
                            .and_then(|o| o.name.best("en").map(str::to_string)),
                        submitted: i.submitted.clone(),
                        updated: d.updated.clone(),
                    });
            }
        }
    } else if !s.interventions.is_empty() {
        report.withhold(Withheld::Interventions, s.interventions.len());
    }
    let mut evidence_of: BTreeMap<RecordId, Vec<PubEvidence>> = BTreeMap::new();
    for (_, e) in &s.evidence {
        if rule("evidence") != Rule::Publish {
            report.withhold(Withheld::EvidencePolicy, 1);
            continue;
        }
        match e
            .stripped_sha256
            .as_ref()
            .filter(|h| s.stripped_copies.contains_key(*h))
        {
            Some(h)
                if e.confidentiality <= policy.up_to
                    && e.confidentiality < Sensitivity::Confidential =>
            {
                evidence_of
                    .entry(e.incident)
                    .or_default()
                    .push(PubEvidence {
                        sha256: h.clone(),
                        media_type: e.media_type.clone(),
                        description: e.description.clone(),
                    })
            }
            Some(_) => report.withhold(Withheld::EvidenceConfidential, 1),
            None => report.withhold(Withheld::EvidenceNoCopy, 1),
        }
    }

    let names = Names::new(
        forbidden
            .values
            .iter()
            .filter(|(_, what, _)| *what == "a person's name")
            .map(|(t, _, _)| fold(t)),
    );
    let names_someone = |text: &MultiText| text.0.values().any(|t| names.in_text(&fold(t)));

    let organization_names: BTreeMap<RecordId, std::sync::Arc<MultiText>> = s
        .organizations
        .iter()
        .map(|(id, o)| (*id, std::sync::Arc::new(o.name.clone())))
        .collect();
    let mut published = Published::default();
    for d in &s.incidents {
        let inc = &d.record;
        if !policy.admits(inc.status, inc.confidentiality) {
            report.withhold(
                if inc.confidentiality >= Sensitivity::Confidential
                    || inc.confidentiality > policy.up_to
                {
                    Withheld::IncidentConfidential
                } else {
                    Withheld::IncidentStatus
                },
                1,
            );
            continue;
        }
        let mut title = match rule("incident.title") {
            Rule::Publish => inc.title.clone(),
            _ => MultiText::new(),
        };
        if names_someone(&title) {
            report.withhold(Withheld::TitleNamesSomeone(d.id), 1);
            title = MultiText::new();
        }
        let mut narrative = match rule("incident.narrative") {
            Rule::Publish => inc.public_narrative.clone(),
            _ => MultiText::new(),
        };
        if names_someone(&narrative) {
            report.withhold(Withheld::NarrativeNamesSomeone(d.id), 1);
            narrative = MultiText::new();
        }
        if !inc.narrative.is_empty() && narrative.is_empty() {
            report.withhold(Withheld::WorkingNarrative, 1);
        }
        let date = publish_date(inc, inc.date.as_ref(), rule("incident.date"), report);
        let places = publish_place(s, inc.place, rule("incident.place"), report);
        // A title that names the village a coarsened place hides would undo the
        // coarsening: the village's name becomes the district's.
        let hidden = hidden_places(s, inc.place, &places);
        if !hidden.is_empty() {
            let district = places.last().and_then(|p| s.places.get(p));
            for text in [&mut title, &mut narrative] {
                if replace_places(text, &hidden, district) {
                    report.coarsen("incident.title-place");
                }
            }
        }
        let point = match (inc.point, rule("incident.point")) {
            (None, _) => None,
            (Some(p), Rule::Coarsen) => {
                report.coarsen("incident.point");
                forbidden.push(&format!("{}", p.lat), "an exact coordinate", d.id);
                forbidden.push(&format!("{}", p.lon), "an exact coordinate", d.id);
                Some(((p.lat * 10.0).round() / 10.0, (p.lon * 10.0).round() / 10.0))
            }
            (Some(p), _) => {
                report.withhold(Withheld::Point, 1);
                forbidden.push(&format!("{}", p.lat), "an exact coordinate", d.id);
                forbidden.push(&format!("{}", p.lon), "an exact coordinate", d.id);
                None
            }
        };
        let mut acts = Vec::new();
        for a in acts_of.get(&d.id).map(Vec::as_slice).unwrap_or_default() {
            let mut victims = Vec::new();
            for v in &a.victims {
                let Some(p) = s.persons.get(v) else { continue };
                if p.sensitivity >= Sensitivity::Confidential {
                    report.withhold(Withheld::VictimConfidential, 1);
                    continue;
                }
                let name = if may_name(v, p) {
                    p.names
                        .iter()
                        .find(|n| n.usage == memoria_core::entity::NameUse::Primary)
                        .map(|n| n.text.clone())
                } else {
                    None
                };
                match &name {
                    Some(_) => {
                        published.named.insert(*v);
                    }
                    None if !p.names.is_empty() => {
                        if withdrawn.contains(v) {
                            report.withdrawn(*v);
                        }
                        report.withhold(Withheld::VictimName, 1);
                    }
                    None => {}
                }
                victims.push(PubVictim {
                    person: *v,
                    name,
                    sex: (rule("victim.sex") == Rule::Publish)
                        .then(|| p.sex.clone())
                        .flatten(),
                    age: p.age.and_then(|a| match rule("victim.age") {
                        Rule::Publish => Some(Age::Years(a.min, a.max)),
                        Rule::Coarsen => Some(age_group(a.min, a.max)),
                        Rule::Withhold => None,
                    }),
                    group_size: p.group_size,
                });
            }
            let mut perpetrators = Vec::new();
            for p in &a.perpetrators {
                let organization = p
                    .organization
                    .filter(|_| rule("perpetrator.organization") == Rule::Publish)
                    .and_then(|o| organization_names.get(&o))
                    .cloned();
                let person = match p.person {
                    Some(id) if rule("perpetrator.person") == Rule::Publish => s
                        .persons
                        .get(&id)
                        .filter(|pp| pp.sensitivity < Sensitivity::Confidential)
                        .and_then(|pp| pp.names.first())
                        .map(|n| n.text.clone()),
                    Some(_) => {
                        report.withhold(Withheld::PerpetratorPerson, 1);
                        None
                    }
                    None => None,
                };
                if person.is_some()
                    && let Some(id) = p.person
                {
                    published.named.insert(id);
                }
                if organization.is_some() || person.is_some() || p.kind.is_some() {
                    perpetrators.push(PubPerpetrator {
                        organization,
                        person,
                        kind: p.kind.clone(),
                    });
                }
            }
            acts.push(PubAct {
                violation: a.violation.clone(),
                date: a
                    .date
                    .as_ref()
                    .and_then(|dt| publish_date(inc, Some(dt), rule("incident.date"), report)),
                victims,
                perpetrators,
            });
        }
        acts.sort_by(|a, b| a.violation.cmp(&b.violation));
        let mut interventions = interventions_of.remove(&d.id).unwrap_or_default();
        interventions.sort_by_key(|i| i.id);
        published.incidents.push(PubIncident {
            id: d.id,
            title,
            narrative,
            date,
            places,
            point,
            status: inc.status.as_str(),
            acts,
            interventions,
            evidence: evidence_of.remove(&d.id).unwrap_or_default(),
            updated: d.updated.clone(),
        });
    }
    // Names of persons who were named after all (a public figure also a perpetrator
    // elsewhere, say) are not forbidden; everything else listed stays forbidden.
    // The same text published as the name of someone who may be named (two people
    // with one name, one of whom consented) is not a leak of the other.
    let published_names: BTreeSet<String> = published
        .incidents
        .iter()
        .flat_map(|i| i.acts.iter())
        .flat_map(|a| {
            a.victims
                .iter()
                .filter_map(|v| v.name.as_deref())
                .chain(a.perpetrators.iter().filter_map(|p| p.person.as_deref()))
        })
        .map(str::to_lowercase)
        .collect();
    // Nor is a name inside a published one: a son who consented is named with his
    // father's name in his patronymic ("Husayn bin Abd al-Aziz").
    let inside = inside_published(
        forbidden
            .values
            .iter()
            .filter(|(_, what, id)| *what == "a person's name" && !published.named.contains(id))
            .map(|(text, _, _)| text.to_lowercase()),
        &published_names,
    );
    forbidden.values.retain(|(text, what, id)| {
        !(*what == "a person's name"
            && (published.named.contains(id) || inside.contains(&text.to_lowercase())))
    });
    published.incidents.sort_by_key(|i| i.id);
    (published, forbidden)
}

/// The places of an incident's own chain that the published chain leaves out.
fn hidden_places<'a>(
    s: &'a Snapshot,
    place: Option<RecordId>,
    published: &[RecordId],
) -> Vec<&'a memoria_core::entity::Place> {
    let mut out = Vec::new();
    let mut at = place;
    let mut guard = 0;
    while let Some(id) = at {
        guard += 1;
        if guard > 16 || published.contains(&id) {
            break;
        }
        let Some(p) = s.places.get(&id) else { break };
        out.push(p);
        at = p.parent;
    }
    out
}

/// Replaces, in every language of `text`, each name of the `hidden` places by the
/// name of `instead` in that language (or removes it). Whether anything changed.
fn replace_places(
    text: &mut MultiText,
    hidden: &[&memoria_core::entity::Place],
    instead: Option<&memoria_core::entity::Place>,
) -> bool {
    let mut changed = false;
    for (lang, value) in text.0.iter_mut() {
        for place in hidden {
            for name in place.name.0.values().filter(|n| n.chars().count() >= 3) {
                if value.contains(name.as_str()) {
                    let by = instead
                        .and_then(|d| d.name.best(lang))
                        .unwrap_or_default()
                        .to_string();
                    *value = value.replace(name.as_str(), &by);
                    changed = true;
                }
            }
        }
    }
    changed
}

/// The folded names of persons who are not named, searched for in titles and
/// narratives all at once: one pass over each text however many names there are (a
/// collection of 100,000 incidents has as many names, and a loop over them per text
/// made publishing quadratic).
struct Names {
    searcher: Option<AhoCorasick>,
    /// A name that folds to nothing (apostrophes only) cannot be searched for as a
    /// pattern; it keeps the word-by-word rule of [`contains_word`].
    empty: bool,
}

impl Names {
    fn new(folded: impl Iterator<Item = String>) -> Names {
        let mut empty = false;
        let patterns: BTreeSet<String> = folded
            .filter(|n| {
                empty |= n.is_empty();
                !n.is_empty()
            })
            .collect();
        let searcher = (!patterns.is_empty()).then(|| {
            // Standard semantics: every occurrence of every name is reported, so that a
            // name inside a longer word does not hide the same name standing alone.
            // The NFA as first built: titles and narratives are little text, and
            // turning it into the faster contiguous form would hold both at once.
            AhoCorasickBuilder::new()
                .match_kind(MatchKind::Standard)
                .kind(Some(AhoCorasickKind::NoncontiguousNFA))
                .build(&patterns)
                .expect("the folded names form a searcher")
        });
        Names { searcher, empty }
    }

    /// Whether one of the names occurs in `folded` (a folded text) as whole words.
    fn in_text(&self, folded: &str) -> bool {
        let found = self.searcher.as_ref().is_some_and(|s| {
            s.find_overlapping_iter(folded)
                .any(|m| whole_word(folded, m.start(), m.end()))
        });
        found || (self.empty && contains_word(folded, ""))
    }
}

/// Which of the `forbidden` texts (lower case) occur inside one of the `published`
/// names (lower case). Published names are few (those with consent) and short, and
/// forbidden ones many: every substring of every published name is looked up among
/// the forbidden, rather than an automaton built of hundreds of thousands of names.
fn inside_published(
    forbidden: impl Iterator<Item = String>,
    published: &BTreeSet<String>,
) -> BTreeSet<String> {
    if published.is_empty() {
        return BTreeSet::new();
    }
    let forbidden: std::collections::HashSet<String> = forbidden.collect();
    let longest = forbidden.iter().map(String::len).max().unwrap_or(0);
    let mut found = BTreeSet::new();
    for name in published {
        let bounds: Vec<usize> = name
            .char_indices()
            .map(|(i, _)| i)
            .chain([name.len()])
            .collect();
        for (k, &start) in bounds.iter().enumerate() {
            for &end in bounds[k + 1..]
                .iter()
                .take_while(|&&end| end - start <= longest)
            {
                let part = &name[start..end];
                if forbidden.contains(part) {
                    found.insert(part.to_string());
                }
            }
        }
    }
    found
}

/// Whether `hay[start..end]` stands as whole words: no letter or digit on either side.
fn whole_word(hay: &str, start: usize, end: usize) -> bool {
    let is_word = |c: char| c.is_alphanumeric();
    hay[..start].chars().next_back().is_none_or(|c| !is_word(c))
        && hay[end..].chars().next().is_none_or(|c| !is_word(c))
}

/// Whether `needle` occurs in `hay` as whole words (both already folded).
fn contains_word(hay: &str, needle: &str) -> bool {
    let mut start = 0;
    while let Some(at) = hay[start..].find(needle) {
        let i = start + at;
        if whole_word(hay, i, i + needle.len()) {
            return true;
        }
        start = i + needle.len().max(1);
        while !hay.is_char_boundary(start) {
            start += 1;
        }
        if start >= hay.len() {
            break;
        }
    }
    false
}

/// A five-year age group, or "under 18" for a minor whose exact age is withheld.
fn age_group(min: u16, max: u16) -> Age {
    if max < 18 {
        return Age::Minor;
    }
    Age::Years(min / 5 * 5, max / 5 * 5 + 4)
}

fn publish_date(
    incident: &Incident,
    date: Option<&Edtf>,
    rule: Rule,
    report: &mut Report,
) -> Option<Edtf> {
    let date = date?;
    // Restricted incidents never show a day, whatever the policy.
    let coarsen = rule == Rule::Coarsen || incident.confidentiality >= Sensitivity::Restricted;
    match rule {
        Rule::Withhold => {
            report.withhold(Withheld::Date, 1);
            None
        }
        _ if coarsen => {
            let c = to_month(date);
            if c.as_str() != date.as_str() {
                report.coarsen("incident.date");
            }
            Some(c)
        }
        _ => Some(date.clone()),
    }
}

/// The date at month precision at most: `2019-03-05` becomes `2019-03`, an interval
/// each of its ends. Coarser dates are kept as they are.
pub fn to_month(date: &Edtf) -> Edtf {
    let coarse = date
        .as_str()
        .split('/')
        .map(|side| {
            let b = side.as_bytes();
            let digits = |r: std::ops::Range<usize>| {
                r.clone().all(|i| b.get(i).is_some_and(u8::is_ascii_digit))
            };
            if b.len() >= 10 && digits(0..4) && b[4] == b'-' && digits(5..7) && b[7] == b'-' {
                let qualifier: String = side[10..].chars().filter(|c| "?~%".contains(*c)).collect();
                format!("{}{qualifier}", &side[..7])
            } else if b.len() >= 10 && digits(0..4) && b[4] == b'-' && &side[5..7] == "XX" {
                side[..4].to_string()
            } else {
                side.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("/");
    Edtf::parse(&coarse).unwrap_or_else(|_| {
        // A form the text rule cannot shorten: keep only the years it spans.
        match (date.earliest(), date.latest()) {
            (Some(a), Some(b)) if a.year == b.year => Edtf::parse(&format!("{:04}", a.year)),
            (Some(a), Some(b)) => Edtf::parse(&format!("{:04}/{:04}", a.year, b.year)),
            _ => Edtf::parse(".."),
        }
        .unwrap_or_else(|_| date.clone())
    })
}

fn publish_place(
    s: &Snapshot,
    place: Option<RecordId>,
    rule: Rule,
    report: &mut Report,
) -> Vec<RecordId> {
    let Some(mut at) = place else {
        return Vec::new();
    };
    if rule == Rule::Withhold {
        report.withhold(Withheld::Place, 1);
        return Vec::new();
    }
    let mut chain = Vec::new();
    let mut seen = BTreeSet::new();
    while let Some(p) = s.places.get(&at) {
        if !seen.insert(at) {
            break; // a cycle in damaged data: stop rather than loop
        }
        chain.push((at, p.level));
        match p.parent {
            Some(parent) => at = parent,
            None => break,
        }
    }
    chain.reverse();
    if rule == Rule::Coarsen {
        let before = chain.len();
        chain.retain(|(_, level)| *level <= PlaceLevel::District);
        if chain.len() < before {
            report.coarsen("incident.place");
        }
    }
    chain.into_iter().map(|(id, _)| id).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_coarsen_to_months() {
        let m = |s: &str| to_month(&Edtf::parse(s).unwrap()).as_str().to_string();
        assert_eq!(m("2019-03-05"), "2019-03");
        assert_eq!(m("2019-03-05?"), "2019-03?");
        assert_eq!(m("2019-03-05/2019-04-20"), "2019-03/2019-04");
        assert_eq!(m("2019-03"), "2019-03");
        assert_eq!(m("2019"), "2019");
        assert_eq!(m("2019-03-05/.."), "2019-03/..");
        assert_eq!(m("1999-XX-15"), "1999");
    }

    #[test]
    fn names_are_found_as_whole_words_only() {
        assert!(contains_word("arrest of amal haddad in", "amal haddad"));
        assert!(!contains_word("the amalgamation", "amal"));
        assert!(contains_word("amal", "amal"));
    }

    #[test]
    fn names_are_found_all_at_once_as_whole_words() {
        let names = Names::new(
            ["amal haddad", "amal", "sami ali sami"]
                .map(String::from)
                .into_iter(),
        );
        assert!(names.in_text("arrest of amal haddad in"));
        assert!(names.in_text("the amalgamation of amal"));
        assert!(!names.in_text("the amalgamation"));
        // An occurrence that overlaps an earlier one inside a word still counts.
        assert!(names.in_text("xsami ali sami ali sami"));
        assert!(!Names::new(std::iter::empty()).in_text("anything"));
    }

    #[test]
    fn names_inside_published_names_are_found() {
        let published: BTreeSet<String> = ["husayn bin abd al-aziz".to_string()].into();
        let inside = inside_published(
            ["abd al-aziz", "husayn", "karim"]
                .map(String::from)
                .into_iter(),
            &published,
        );
        assert_eq!(
            inside,
            BTreeSet::from(["abd al-aziz".to_string(), "husayn".to_string()])
        );
    }

    #[test]
    fn minors_stay_minors_in_age_groups() {
        assert_eq!(age_group(16, 16), Age::Minor);
        assert_eq!(age_group(34, 34), Age::Years(30, 34));
        assert_eq!(age_group(28, 41), Age::Years(25, 44));
    }
}
