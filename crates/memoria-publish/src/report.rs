//! The publication report: what would be published, what was withheld or coarsened
//! and why, which cells were suppressed, whose consent was withdrawn, and what changed
//! since the last publication. It is for the group, never part of the site: it names
//! record ids (never names or values).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use memoria_core::id::RecordId;

use crate::sdc::Why;

/// Why something was left out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Withheld {
    IncidentStatus,
    IncidentConfidential,
    TitleNamesSomeone(RecordId),
    NarrativeNamesSomeone(RecordId),
    WorkingNarrative,
    Date,
    Place,
    Point,
    VictimName,
    VictimConfidential,
    PerpetratorPerson,
    Interventions,
    EvidencePolicy,
    EvidenceConfidential,
    EvidenceNoCopy,
}

impl Withheld {
    fn reason(self) -> String {
        match self {
            Withheld::IncidentStatus => {
                "incidents not in a workflow state the policy publishes (drafts, under review)"
                    .into()
            }
            Withheld::IncidentConfidential => {
                "incidents more protected than the policy publishes (confidential ones never)"
                    .into()
            }
            Withheld::TitleNamesSomeone(id) => format!(
                "the title of incident {id} names a person who may not be named; edit it or leave it withheld"
            ),
            Withheld::NarrativeNamesSomeone(id) => format!(
                "the public narrative of incident {id} names a person who may not be named; edit it"
            ),
            Withheld::WorkingNarrative => {
                "working narratives (only a public narrative is ever published)".into()
            }
            Withheld::Date => "dates (the policy withholds them)".into(),
            Withheld::Place => "places (the policy withholds them)".into(),
            Withheld::Point => "exact coordinates (the policy withholds them)".into(),
            Withheld::VictimName => {
                "victims' names without a consent to publication (or whose consent was withdrawn)"
                    .into()
            }
            Withheld::VictimConfidential => "confidential victims (not shown at all)".into(),
            Withheld::PerpetratorPerson => {
                "individual perpetrators' names (the policy withholds them)".into()
            }
            Withheld::Interventions => "interventions (the policy withholds them)".into(),
            Withheld::EvidencePolicy => "evidence files (the policy withholds them)".into(),
            Withheld::EvidenceConfidential => {
                "evidence files more protected than the policy publishes".into()
            }
            Withheld::EvidenceNoCopy => {
                "evidence files with no copy stripped of metadata (never published as they arrived)"
                    .into()
            }
        }
    }
}

/// One cell left out of a published table.
#[derive(Clone, Debug, PartialEq)]
pub struct SuppressedCell {
    pub table: String,
    pub row: String,
    pub column: String,
    pub value: f64,
    pub why: Why,
}

/// What changed since the previous publication.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Difference {
    pub first: bool,
    pub added: Vec<RecordId>,
    pub removed: Vec<RecordId>,
    pub changed: Vec<RecordId>,
    pub no_longer_named: Vec<RecordId>,
    pub newly_named: Vec<RecordId>,
}

#[derive(Clone, Debug, Default)]
pub struct Report {
    pub incidents: usize,
    pub acts: usize,
    pub victims: usize,
    pub named: usize,
    pub files: usize,
    pub bytes: u64,
    pub withheld: BTreeMap<Withheld, usize>,
    pub coarsened: BTreeMap<&'static str, usize>,
    pub suppressed: Vec<SuppressedCell>,
    /// Persons whose consent to publication was withdrawn and who are not named.
    pub withdrawals: BTreeSet<RecordId>,
    pub difference: Difference,
    pub notices: Vec<String>,
}

impl Report {
    pub(crate) fn withhold(&mut self, why: Withheld, n: usize) {
        *self.withheld.entry(why).or_default() += n;
    }

    pub(crate) fn coarsen(&mut self, field: &'static str) {
        *self.coarsened.entry(field).or_default() += 1;
    }

    pub(crate) fn withdrawn(&mut self, person: RecordId) {
        self.withdrawals.insert(person);
    }
}

/// At most this many ids are listed per line of the report; the rest are counted.
const LISTED: usize = 20;

fn ids(f: &mut fmt::Formatter<'_>, label: &str, ids: &[RecordId]) -> fmt::Result {
    if ids.is_empty() {
        return Ok(());
    }
    write!(f, "  {label}: {}", ids.len())?;
    let shown: Vec<String> = ids.iter().take(LISTED).map(|i| i.to_string()).collect();
    write!(f, " ({}", shown.join(", "))?;
    if ids.len() > LISTED {
        write!(f, ", and {} more", ids.len() - LISTED)?;
    }
    writeln!(f, ")")
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "Would publish")?;
        writeln!(
            f,
            "  {} incidents, {} acts, {} victims ({} named with consent or as public figures)",
            self.incidents, self.acts, self.victims, self.named
        )?;
        writeln!(f, "  {} files, {} bytes", self.files, self.bytes)?;
        writeln!(f, "\nWithheld")?;
        if self.withheld.is_empty() {
            writeln!(f, "  nothing")?;
        }
        for (why, n) in &self.withheld {
            writeln!(f, "  {n:>8}  {}", why.reason())?;
        }
        writeln!(f, "\nCoarsened")?;
        if self.coarsened.is_empty() {
            writeln!(f, "  nothing")?;
        }
        for (field, n) in &self.coarsened {
            let how = match *field {
                "incident.date" => "dates shown to the month",
                "incident.place" => "places shown at district level",
                "incident.point" => "points rounded to a tenth of a degree",
                "incident.title-place" => {
                    "titles or narratives naming a place finer than published, renamed to its district"
                }
                other => other,
            };
            writeln!(f, "  {n:>8}  {how}")?;
        }
        writeln!(
            f,
            "\nSuppressed cells (counts below the threshold, and their complements)"
        )?;
        if self.suppressed.is_empty() {
            writeln!(f, "  none")?;
        }
        for c in &self.suppressed {
            writeln!(
                f,
                "  {} · {} · {}: {} ({})",
                c.table,
                c.row,
                c.column,
                crate::site::number(c.value),
                match c.why {
                    Why::BelowThreshold => "below the threshold",
                    Why::Complementary => "complementary, so that totals cannot reveal another",
                }
            )?;
        }
        writeln!(f, "\nConsent withdrawals")?;
        if self.withdrawals.is_empty() {
            writeln!(f, "  none")?;
        } else {
            let list: Vec<RecordId> = self.withdrawals.iter().copied().collect();
            ids(f, "persons no longer named", &list)?;
        }
        writeln!(f, "\nSince the last publication")?;
        let d = &self.difference;
        if d.first {
            writeln!(f, "  this is the collection's first publication")?;
        } else if d.added.is_empty()
            && d.removed.is_empty()
            && d.changed.is_empty()
            && d.no_longer_named.is_empty()
            && d.newly_named.is_empty()
        {
            writeln!(f, "  no change")?;
        } else {
            ids(f, "incidents added", &d.added)?;
            ids(f, "incidents removed", &d.removed)?;
            ids(f, "incidents changed", &d.changed)?;
            ids(f, "persons newly named", &d.newly_named)?;
            ids(f, "persons no longer named", &d.no_longer_named)?;
        }
        for n in &self.notices {
            writeln!(f, "\nNote: {n}")?;
        }
        Ok(())
    }
}
