//! The pages' templates and the plain data they show.
//!
//! Templates (in `templates/`) are askama: compiled with the binary, and every `{{ }}`
//! is HTML-escaped, so text from the data (a narrative holding `<script>`) shows as
//! text. View models hold display-ready strings; deciding what an account may see
//! happens before a value reaches them.

use askama::Template;
use axum::response::Html;

use crate::i18n::Tr;

/// What every signed-in page shows around its content.
pub struct Chrome {
    pub tr: Tr,
    pub title: String,
    /// The signed-in account's name (an account, never a person in the data).
    pub account: Option<String>,
    pub csrf: String,
    /// Which navigation entry is current.
    pub section: &'static str,
    pub is_admin: bool,
    /// May manage accounts or members somewhere (shows the accounts page in the menu).
    pub can_admin: bool,
    /// May run the analysis somewhere (shows the analysis page in the menu).
    pub can_analyse: bool,
    /// May read some collection (shows the publication page in the menu).
    pub can_read_policy: bool,
}

impl Chrome {
    pub fn is(&self, section: &str) -> bool {
        self.section == section
    }
}

pub trait Page: Template {
    fn render_html(&self) -> Html<String> {
        match self.render() {
            Ok(html) => Html(html),
            Err(e) => {
                let _ = crate::error::WebError::internal(format!("template: {e}"));
                Html("<!doctype html><title>Error</title><p>The page could not be shown.".into())
            }
        }
    }
}

impl<T: Template> Page for T {}

#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPage {
    pub status: u16,
    pub code: &'static str,
    pub message: String,
    pub lang: &'static str,
    pub dir: &'static str,
    /// The link back to the start page.
    pub home: String,
}

impl ErrorPage {
    /// The page in English, as an error is made; `error::localise` renders it again in
    /// the reader's language.
    pub fn english(status: u16, code: &'static str, message: String) -> ErrorPage {
        ErrorPage {
            status,
            code,
            message,
            lang: "en",
            dir: "ltr",
            home: "Memoria".into(),
        }
    }

    pub fn render_html(&self) -> Html<String> {
        Page::render_html(self)
    }
}

#[derive(Template)]
#[template(path = "sign_in.html")]
pub struct SignIn {
    pub tr: Tr,
    pub error: Option<String>,
    pub name: String,
    pub csrf: String,
}

#[derive(Template)]
#[template(path = "second_factor.html")]
pub struct SecondFactor {
    pub tr: Tr,
    pub error: Option<String>,
    pub csrf: String,
}

/// A count with its label and a link that filters by it.
pub struct Facet {
    pub label: String,
    pub count: u64,
    pub href: String,
    pub active: bool,
}

pub struct IncidentLine {
    pub href: String,
    pub title: String,
    pub date: String,
    pub date_uncertain: bool,
    pub status: String,
    pub status_code: &'static str,
    pub confidentiality: String,
    pub place: String,
}

#[derive(Template)]
#[template(path = "dashboard.html")]
pub struct Dashboard {
    pub chrome: Chrome,
    pub by_status: Vec<Facet>,
    pub total: usize,
    pub recent: Vec<IncidentLine>,
    pub due: Vec<DueLine>,
}

pub struct DueLine {
    pub href: String,
    pub label: String,
    pub due: String,
    pub overdue: bool,
}

pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

pub struct FacetGroup {
    pub title: String,
    pub facets: Vec<Facet>,
}

#[derive(Template)]
#[template(path = "incidents.html")]
pub struct IncidentList {
    pub chrome: Chrome,
    pub rows: Vec<IncidentLine>,
    pub showing: String,
    pub q: String,
    pub from: String,
    pub to: String,
    pub statuses: Vec<Choice>,
    pub confidentialities: Vec<Choice>,
    pub violations: Vec<Choice>,
    pub sorts: Vec<Choice>,
    pub place: String,
    pub perpetrator: String,
    pub facets: Vec<FacetGroup>,
    pub prev: Option<String>,
    pub next: Option<String>,
    pub problems: Vec<String>,
    pub can_create: bool,
}

/// A label and a display value.
pub struct Row {
    pub label: String,
    pub value: String,
    /// Shown as "withheld" rather than a value the account may not read.
    pub withheld: bool,
    pub href: Option<String>,
}

pub struct ActView {
    pub violation: String,
    pub date: String,
    pub method: String,
    pub victims: Vec<Row>,
    pub perpetrators: Vec<Row>,
}

pub struct ClaimView {
    pub value: String,
    pub source: String,
    pub source_href: String,
    pub grade: String,
    pub preferred: bool,
    pub note: String,
}

pub struct ClaimGroup {
    pub field: String,
    pub conflicting: bool,
    pub claims: Vec<ClaimView>,
}

/// One evidence item as the incident page lists it.
pub struct EvidenceLine {
    pub href: String,
    pub title: String,
    pub media_type: String,
    pub size: String,
    pub captured: String,
    pub short_hash: String,
    pub sha256: String,
    /// The item's confidentiality, when restricted or above.
    pub confidentiality: String,
    /// The copy the reader may download (href, label).
    pub download: Option<(String, String)>,
}

#[derive(Template)]
#[template(path = "incident.html")]
pub struct IncidentPage {
    pub chrome: Chrome,
    pub id: String,
    pub version: u64,
    pub deleted: bool,
    pub title: String,
    pub other_titles: Vec<Row>,
    pub narrative: String,
    pub fields: Vec<Row>,
    pub acts: Vec<ActView>,
    pub claims: Vec<ClaimGroup>,
    pub sources: Vec<Row>,
    pub interventions: Vec<Row>,
    pub evidence: Vec<EvidenceLine>,
    pub can_edit: bool,
    /// May add evidence files (and the server has a vault to keep them in).
    pub can_add_evidence: bool,
    /// The levels an added item may have: the incident's and above, as far as the
    /// account could still see the item.
    pub evidence_levels: Vec<Choice>,
    /// What the upload form says about the size limit.
    pub upload_limit: String,
    /// May delete it (or, when deleted, undelete it).
    pub can_delete: bool,
    /// May record an intervention about it.
    pub can_intervene: bool,
    pub intervention_kinds: Vec<Choice>,
    pub intervention_statuses: Vec<Choice>,
    /// Choices of the add-an-act and add-a-source forms (shown to editors).
    pub violations: Vec<Choice>,
    pub perpetrator_kinds: Vec<Choice>,
    pub reliabilities: Vec<Choice>,
    pub credibilities: Vec<Choice>,
}

pub struct TextInput {
    pub lang: &'static str,
    pub lang_name: &'static str,
    pub value: String,
}

#[derive(Template)]
#[template(path = "incident_form.html")]
pub struct IncidentForm {
    pub chrome: Chrome,
    /// `None` for a new incident.
    pub id: Option<String>,
    pub version: u64,
    pub titles: Vec<TextInput>,
    pub narratives: Vec<TextInput>,
    pub date: String,
    pub place: String,
    pub external_id: String,
    pub statuses: Vec<Choice>,
    pub confidentialities: Vec<Choice>,
    pub collections: Vec<Choice>,
    /// Field name → how to fix it.
    pub problems: Vec<(String, String)>,
    /// Set when the save was refused because someone else saved first.
    pub conflict: Option<ConflictView>,
}

impl IncidentForm {
    pub fn problem(&self, field: &str) -> Option<&str> {
        self.problems
            .iter()
            .find(|(f, _)| f == field || f.starts_with(&format!("{field}.")))
            .map(|(_, m)| m.as_str())
    }
}

pub struct ConflictView {
    pub current_version: u64,
    pub changed_by: String,
    pub changes: Vec<DiffRow>,
}

pub struct DiffRow {
    pub field: String,
    pub before: String,
    pub after: String,
}

pub struct RevisionView {
    pub version: u64,
    pub at: String,
    pub account: String,
    pub action: String,
    pub changes: Vec<DiffRow>,
    pub can_restore: bool,
}

#[derive(Template)]
#[template(path = "history.html")]
pub struct History {
    pub chrome: Chrome,
    pub id: String,
    pub back: String,
    pub title: String,
    pub current_version: u64,
    pub revisions: Vec<RevisionView>,
}

pub struct SearchLine {
    pub href: String,
    pub kind: String,
    pub title: String,
}

#[derive(Template)]
#[template(path = "search.html")]
pub struct SearchPage {
    pub chrome: Chrome,
    pub q: String,
    pub total: usize,
    pub hits: Vec<SearchLine>,
}

pub struct RecordLine {
    pub href: String,
    pub title: String,
    pub detail: String,
}

#[derive(Template)]
#[template(path = "records.html")]
pub struct RecordList {
    pub chrome: Chrome,
    pub heading: String,
    pub lines: Vec<RecordLine>,
    pub next: Option<String>,
    pub total: u64,
    /// On the first page of interventions: the follow-ups due.
    pub due: Vec<DueLine>,
    /// The page that creates a record of this kind, with its label, for accounts that
    /// may create records somewhere.
    pub new: Option<(String, String)>,
}

#[derive(Template)]
#[template(path = "record.html")]
pub struct RecordPage {
    pub chrome: Chrome,
    pub heading: String,
    pub kind: String,
    pub fields: Vec<Row>,
    pub children: Vec<Row>,
    pub history_href: String,
    pub id: String,
    pub version: u64,
    pub deleted: bool,
    pub can_delete: bool,
    /// The edit form, for records edited field by field and accounts that may edit.
    pub edit_href: Option<String>,
    /// For an intervention the account may manage: its follow-up form.
    pub follow_up: Option<FollowUpForm>,
}

/// The fields of an intervention that change as it is followed up.
pub struct FollowUpForm {
    pub statuses: Vec<Choice>,
    pub response: String,
    pub response_date: String,
    pub next_follow_up: String,
}

#[derive(Template)]
#[template(path = "account.html")]
pub struct AccountPage {
    pub chrome: Chrome,
    pub languages: Vec<Choice>,
    pub message: Option<String>,
    pub error: Option<String>,
    pub totp_enabled: bool,
    /// While enrolling: the secret to type into an authenticator app and its URI.
    pub totp_secret: Option<String>,
    pub totp_uri: Option<String>,
    pub roles: Vec<Row>,
}

/// One entry of an evidence item's chain of custody.
pub struct CustodyLine {
    pub at: String,
    pub account: String,
    pub action: String,
    /// The SHA-256 the action concerned (empty for entries about the record only).
    pub hash: String,
    pub short_hash: String,
    /// Which copy that hash is: the original or the one without metadata.
    pub copy: String,
    pub log_index: Option<u64>,
}

/// An evidence item: what the file is, what it said about itself, where to get it,
/// and every action on it.
#[derive(Template)]
#[template(path = "evidence.html")]
pub struct EvidencePage {
    pub chrome: Chrome,
    pub heading: String,
    pub id: String,
    pub version: u64,
    pub deleted: bool,
    pub can_delete: bool,
    /// Incident, description, name on arrival, confidentiality.
    pub fields: Vec<Row>,
    pub media_type: String,
    pub size: String,
    /// The exact size, in words ("3138 bytes").
    pub bytes: String,
    pub sha256: String,
    pub stripped_sha256: Option<String>,
    pub metadata: Vec<Row>,
    pub original_href: Option<String>,
    pub stripped_href: Option<String>,
    /// The original is not for this reader (it carries the capture position).
    pub original_withheld: bool,
    /// This server was started without the vault.
    pub vault_missing: bool,
    pub custody: Vec<CustodyLine>,
}

pub struct AuditLine {
    pub seq: i64,
    pub at: String,
    pub account: String,
    pub action: String,
    pub record: Option<String>,
    pub detail: String,
    /// The entry's place in the transparency log (`None` until its commit seals it).
    pub log_index: Option<u64>,
}

#[derive(Template)]
#[template(path = "audit.html")]
pub struct AuditPage {
    pub chrome: Chrome,
    pub lines: Vec<AuditLine>,
    pub older: Option<String>,
}

pub struct AccountRole {
    pub collection: String,
    pub collection_name: String,
    pub choices: Vec<Choice>,
}

pub struct AccountLine {
    pub id: String,
    pub name: String,
    pub is_admin: bool,
    pub disabled: bool,
    pub can_sign_in: bool,
    pub roles: Vec<AccountRole>,
}

#[derive(Template)]
#[template(path = "accounts.html")]
pub struct AccountsPage {
    pub chrome: Chrome,
    pub lines: Vec<AccountLine>,
    pub can_add: bool,
    pub message: Option<String>,
    pub error: Option<String>,
}

pub struct TermLine {
    pub code: String,
    pub parent: String,
    pub deprecated: bool,
    pub labels: Vec<TextInput>,
}

#[derive(Template)]
#[template(path = "vocabulary.html")]
pub struct VocabularyPage {
    pub chrome: Chrome,
    pub code: String,
    pub version: u64,
    pub terms: Vec<TermLine>,
    pub can_edit: bool,
    pub message: Option<String>,
    pub new_labels: Vec<TextInput>,
}

/// How a field of the record form is typed.
pub enum Widget {
    /// One line of text.
    Line,
    /// One value per line (names, aliases).
    Lines,
    /// One line per language.
    Texts(Vec<TextInput>),
    /// A longer text per language.
    TextAreas(Vec<TextInput>),
    /// One of several choices.
    Select(Vec<Choice>),
    /// Any of several choices.
    Checks(Vec<Choice>),
}

/// One field of the record form.
pub struct FieldView {
    /// The posted name, which is also the stored field's name.
    pub name: &'static str,
    pub label: String,
    pub help: Option<String>,
    pub widget: Widget,
    /// The text of `Line` and `Lines` widgets.
    pub value: String,
    /// How to fix what was typed.
    pub problem: Option<String>,
}

impl FieldView {
    /// The element id of the field's input (and of its help, with `-help`).
    pub fn input_id(&self) -> String {
        format!("f-{}", self.name.replace('.', "-"))
    }
}

/// The form that creates or edits a person, organisation, source or source list.
#[derive(Template)]
#[template(path = "record_form.html")]
pub struct RecordForm {
    pub chrome: Chrome,
    pub heading: String,
    /// Where the form posts.
    pub action: String,
    /// Where "cancel" leads.
    pub cancel: String,
    pub version: u64,
    /// For a new record: the collections the account may create it in.
    pub collections: Vec<Choice>,
    pub fields: Vec<FieldView>,
    /// Problems that belong to no field of the form.
    pub problems: Vec<(String, String)>,
    pub conflict: Option<ConflictView>,
}

impl RecordForm {
    pub fn has_problems(&self) -> bool {
        !self.problems.is_empty() || self.fields.iter().any(|f| f.problem.is_some())
    }
}

/// One chart of the statistics page, with the numbers it draws as a table.
pub struct ChartView {
    pub heading: String,
    /// SVG from `memoria_estimate::chart`, which escapes every text it writes and
    /// holds no script, style or link; empty when there is nothing to draw.
    pub svg: String,
    /// What the chart leaves out (records without a value), never hidden.
    pub caption: String,
    pub label_heading: String,
    pub value_heading: String,
    /// The heading of the min–max column, for counts with a band.
    pub band_heading: Option<String>,
    pub rows: Vec<TableRow>,
}

impl ChartView {
    /// A section with no chart, only words.
    pub fn text_only(heading: String, caption: String) -> ChartView {
        ChartView {
            heading,
            svg: String::new(),
            caption,
            label_heading: String::new(),
            value_heading: String::new(),
            band_heading: None,
            rows: Vec::new(),
        }
    }
}

pub struct TableRow {
    pub label: String,
    pub value: String,
    pub band: String,
}

#[derive(Template)]
#[template(path = "statistics.html")]
pub struct StatisticsPage {
    pub chrome: Chrome,
    pub collections: Vec<Choice>,
    pub granularities: Vec<Choice>,
    pub charts: Vec<ChartView>,
    /// Why there is nothing to show.
    pub empty: Option<String>,
}

pub struct ListRow {
    pub href: String,
    pub name: String,
    pub records: String,
}

pub struct BlockingRow {
    pub rule: String,
    pub pairs: String,
    pub keyed: String,
    pub largest: String,
}

/// One estimate: a number is only ever shown with its interval.
pub struct EstimateRow {
    pub method: String,
    /// The log-linear model fitted, as a formula over the list names.
    pub model: Option<String>,
    pub documented: String,
    /// `None`: no trustworthy number ("no estimate"; the warnings say why).
    pub estimate: Option<String>,
    pub interval: String,
    /// Why there is no estimate, when no warning says it.
    pub why_none: Option<String>,
    pub warnings: Vec<String>,
    pub assumptions: String,
}

impl EstimateRow {
    /// A method that gave nothing, and why.
    pub fn none(method: String, why: String, tr: &Tr) -> EstimateRow {
        EstimateRow {
            method,
            model: None,
            documented: "—".into(),
            estimate: None,
            interval: String::new(),
            why_none: None,
            warnings: vec![why],
            assumptions: tr.t("assumption-common"),
        }
    }
}

pub struct ReviewSide {
    pub list: String,
    pub href: Option<String>,
    /// The record's name as the reader may see it, or a short id.
    pub label: String,
    /// Each compared field's value (field name, value), as far as the reader may read
    /// it; empty when the record is not shown.
    pub values: Vec<(String, String)>,
    /// The values other than the name, labelled, on one line.
    pub details: String,
}

impl ReviewSide {
    /// The value of `field`, or nothing.
    pub fn value(&self, field: &str) -> String {
        self.values
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    }
}

/// One row of a pair's explanation: the field, each record's value, how they compare
/// and what that weighs.
pub struct ExplainRow {
    pub field: String,
    pub a: String,
    pub b: String,
    pub level: String,
    pub bits: String,
}

pub struct ReviewPairView {
    pub a: ReviewSide,
    pub b: ReviewSide,
    /// The two list records' ids, for the form that records a decision.
    pub a_id: String,
    pub b_id: String,
    pub probability: String,
    pub total_bits: String,
    pub rows: Vec<ExplainRow>,
}

#[derive(Template)]
#[template(path = "analysis.html")]
pub struct AnalysisPage {
    pub chrome: Chrome,
    pub collections: Vec<Choice>,
    /// Why there is no analysis (no lists, blocking refused).
    pub refusal: Option<String>,
    pub lists: Vec<ListRow>,
    pub blocking: Vec<BlockingRow>,
    pub blocking_summary: String,
    pub clusters: String,
    pub estimates: Vec<EstimateRow>,
    pub settings: String,
    pub review: Vec<ReviewPairView>,
    pub review_summary: String,
    /// The chosen collection's id and the session's CSRF token, for the decision forms.
    pub collection: String,
    pub csrf: String,
    /// How many pairs reviewers have decided in this collection.
    pub decisions: String,
    /// A decision was just saved.
    pub saved: bool,
    /// What the collection's kept linkage is: none, current, or out of date.
    pub kept: String,
    /// The link to the people found on more than one record.
    pub groups: String,
    /// Offer to keep this linkage (none is kept, or the kept one is out of date).
    pub may_keep: bool,
    /// A linkage was just kept.
    pub kept_now: bool,
}

/// One field a publication policy decides on, as the policy page shows it.
pub struct RuleView {
    /// The field's key in `memoria_core::publication::FIELDS` (`incident.date`).
    pub key: String,
    /// The key as an element id (`incident-date`).
    pub id: String,
    pub label: String,
    /// What each rule does to this field.
    pub help: String,
    /// The rules the field allows, the current one selected.
    pub choices: Vec<Choice>,
    /// The current rule's label, for readers who may not change it.
    pub current: String,
    pub problem: Option<String>,
}

/// What no policy publishes, and why.
pub struct NeverView {
    pub label: String,
    pub reason: String,
}

/// One consent in the collection's list.
pub struct ConsentLine {
    pub id: String,
    pub version: u64,
    /// The person's name, or a short id for readers who may not read names.
    pub person: String,
    pub person_withheld: bool,
    pub person_href: String,
    pub uses: String,
    pub given_by: String,
    pub given_on: String,
    pub recorded: String,
    /// The date of the withdrawal, if withdrawn.
    pub withdrawn: Option<String>,
    pub history_href: String,
}

/// The form that records a consent, as typed (kept when it has problems).
pub struct ConsentForm {
    pub person: String,
    pub uses: Vec<Choice>,
    pub givers: Vec<Choice>,
    pub given_on: String,
    pub recordings: Vec<Choice>,
    pub note: String,
    pub problems: Vec<(String, String)>,
}

impl ConsentForm {
    pub fn problem(&self, field: &str) -> Option<&str> {
        self.problems
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, m)| m.as_str())
    }
}

#[derive(Template)]
#[template(path = "publication.html")]
pub struct PublicationPage {
    pub chrome: Chrome,
    pub collections: Vec<Choice>,
    pub collection: String,
    /// The version of the policy the form was read at; 0 when the collection has none.
    pub version: u64,
    /// The policy's id, for its history; `None` while the safe defaults apply.
    pub policy_id: Option<String>,
    pub can_edit: bool,
    pub can_record: bool,
    pub can_withdraw: bool,
    /// What was just saved, said to the reader.
    pub saved: Option<String>,
    pub conflict: Option<ConflictView>,
    /// Problems of the policy form: field name → how to fix it.
    pub problems: Vec<(String, String)>,
    pub rules: Vec<RuleView>,
    pub never: Vec<NeverView>,
    pub statuses: Vec<Choice>,
    pub up_to: Vec<Choice>,
    pub givers: Vec<Choice>,
    pub threshold: String,
    pub licence: String,
    /// Whether boundaries are set, and their size.
    pub boundaries: String,
    pub public_figures: String,
    pub consents: Vec<ConsentLine>,
    pub consent_form: ConsentForm,
}

impl PublicationPage {
    pub fn problem(&self, field: &str) -> Option<&str> {
        self.problems
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, m)| m.as_str())
    }

    /// The labels of the chosen values of `choices`, for readers who may not change them.
    pub fn chosen(&self, choices: &[Choice]) -> String {
        let chosen: Vec<&str> = choices
            .iter()
            .filter(|c| c.selected)
            .map(|c| c.label.as_str())
            .collect();
        if chosen.is_empty() {
            "—".into()
        } else {
            chosen.join(", ")
        }
    }
}

/// One record of a person in the clusters view.
pub struct ClusterMember {
    pub side: ReviewSide,
    pub id: String,
}

#[derive(Template)]
#[template(path = "analysis_clusters.html")]
pub struct ClustersPage {
    pub chrome: Chrome,
    /// The analysis page of the collection.
    pub back: String,
    pub collection: String,
    pub csrf: String,
    pub refusal: Option<String>,
    /// This page's people, each a list of their records.
    pub groups: Vec<Vec<ClusterMember>>,
    pub summary: String,
    pub previous: Option<String>,
    pub next: Option<String>,
    /// The merge or split just made (its token, for the undo form).
    pub edit: Option<String>,
    /// What the split just made did, said.
    pub split_done: Option<String>,
    /// Why the split asked for was not made.
    pub split_refused: Option<String>,
    /// What the undo just made did, said.
    pub undone: Option<String>,
    /// One record, its person and the records outside it that may be the same person.
    pub focus: Option<Focus>,
}

/// The clusters view's look at one record: the person it is part of, and the records
/// of other people it was compared with, most likely first, each of which can be merged.
pub struct Focus {
    pub record: String,
    pub person: Vec<ClusterMember>,
    pub candidates: Vec<Candidate>,
    /// What the merge with this record just made did, said (its undo form uses the
    /// page's `edit`).
    pub merged: Option<String>,
    /// The record typed in to merge with was not a list record of the collection.
    pub unknown: bool,
}

pub struct Candidate {
    pub member: ClusterMember,
    pub probability: String,
}
