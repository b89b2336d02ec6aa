//! Estimates as people read them: per stratum, the documented count next to the
//! estimate, its 95% interval, the method, its assumptions and every warning.
//!
//! This is the shape `memoria estimate … --json` prints, one [`Estimate`] per
//! stratum, and what pages render. An estimate is never given without its interval:
//! when a method cannot give a trustworthy number (a divergent fit, a model that
//! cannot be identified, too few lists), `estimate`, `lower95` and `upper95` are all
//! absent and a warning says why in words.
//!
//! What this module does not do: print tables or pick wording per language (callers
//! may map [`WarningKind`] codes to their own messages).

use std::collections::BTreeMap;

use serde::Serialize;

use crate::diagnostics::PosteriorSummary;
use crate::lcmcr::{LcmcrOptions, Posterior};
use crate::loglinear::LoglinearFit;
use crate::select::Criterion;

/// Estimates for every stratum of a table, and for their total where the method
/// allows it.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    pub estimates: Vec<Estimate>,
    /// LCMCR only, when there is more than one stratum: strata summed draw by draw.
    pub total: Option<Estimate>,
}

/// The estimate for one stratum (or the total).
#[derive(Clone, Debug, Serialize)]
pub struct Estimate {
    /// Stratum column → value; empty for an unstratified table and for the total.
    pub stratum: BTreeMap<String, String>,
    /// `region=Manila, perp=police`, `all` or `total`.
    pub label: String,
    /// The lists used (those with captures in this stratum).
    pub lists: Vec<String>,
    /// Individuals documented by at least one list.
    pub documented: u64,
    /// N̂ (log-linear) or the posterior median (LCMCR).
    pub estimate: Option<f64>,
    pub lower95: Option<f64>,
    /// `None` with an estimate means the interval has no upper bound (see warnings).
    pub upper95: Option<f64>,
    pub method: Method,
    pub assumptions: String,
    pub warnings: Vec<Warning>,
    /// Figures specific to the method.
    pub details: Details,
    /// LCMCR's draws of N, one vector per chain (left out of JSON; export them
    /// explicitly, they are long).
    #[serde(skip)]
    pub draws: Option<Vec<Vec<u64>>>,
}

impl Estimate {
    /// Whether there is a number to show.
    pub fn has_estimate(&self) -> bool {
        self.estimate.is_some()
    }
}

/// How the estimate was made.
#[derive(Clone, Debug, Serialize)]
#[serde(tag = "name", rename_all = "snake_case")]
pub enum Method {
    Loglinear {
        /// The model actually fitted in this stratum.
        formula: Option<String>,
        /// The criterion, when the model was chosen by search.
        selected_by: Option<Criterion>,
    },
    Lcmcr(LcmcrOptions),
}

/// Method-specific figures.
#[derive(Clone, Debug, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Details {
    None,
    Loglinear {
        se: f64,
        deviance: f64,
        df: i64,
        aic: f64,
        bic_n: f64,
        bic_cells: f64,
        parameters: usize,
    },
    Lcmcr(PosteriorSummary),
}

/// A warning: a stable code with its fields, and a sentence for people.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Warning {
    #[serde(flatten)]
    pub kind: WarningKind,
    pub message: String,
}

/// What can be wrong with, or worth knowing about, an estimate.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum WarningKind {
    /// Lists that captured no one in this stratum were left out.
    ListsDropped { lists: Vec<String> },
    /// Terms of the requested formula involved dropped lists and were removed.
    TermsRemoved { lists: Vec<String> },
    /// Fewer than two lists: nothing to estimate from.
    TooFewLists { lists: usize },
    /// No one documented in this stratum.
    NoData,
    /// Terms without a finite MLE: no one is on all their lists, or another empty
    /// combination of lists leaves them inseparable.
    DivergentTerms { terms: Vec<String> },
    /// The model could not be fitted; `reason` says why in words.
    FitFailed { reason: String },
    /// The profile likelihood puts no upper bound on N.
    UnboundedInterval,
    /// Better-scoring models were passed over because their fits diverge.
    DivergentModelsPassedOver { count: usize, best: String },
    /// Fewer than three lists: a latent-class model is barely identified.
    FewListsForLatentClasses { lists: usize },
    /// The chains disagree (split R-hat above 1.05).
    PoorMixing { r_hat: f64 },
    /// Too few effectively independent draws for stable 95% limits.
    LowEffectiveSampleSize { ess: f64 },
    /// The sampler often drew absurdly many unobserved individuals (over 20·n).
    RunawayDraws { count: u64 },
    /// The total leaves out strata without an estimate.
    IncompleteTotal { strata: usize },
}

impl Warning {
    pub fn new(kind: WarningKind) -> Warning {
        let message = match &kind {
            WarningKind::ListsDropped { lists } => format!(
                "{} recorded no one here and {} left out of this estimate",
                lists.join(", "),
                if lists.len() == 1 { "is" } else { "are" }
            ),
            WarningKind::TermsRemoved { lists } => format!(
                "the model's terms involving {} were removed, because {} no one here",
                lists.join(", "),
                if lists.len() == 1 {
                    "that list recorded"
                } else {
                    "those lists recorded"
                }
            ),
            WarningKind::TooFewLists { lists } => format!(
                "only {lists} list(s) recorded anyone here; estimating the undocumented needs at least two overlapping lists"
            ),
            WarningKind::NoData => "no one is documented here, so nothing can be estimated".into(),
            WarningKind::DivergentTerms { terms } => format!(
                "no estimate: {} {} no finite estimate, because some combination of lists has no one on it (such as two lists that never overlap), so the model fits those empty cells exactly; remove {} from the model or choose a simpler one",
                terms.join(", "),
                if terms.len() == 1 { "has" } else { "have" },
                if terms.len() == 1 { "that term" } else { "those terms" }
            ),
            WarningKind::FitFailed { reason } => format!("no estimate: {reason}"),
            WarningKind::UnboundedInterval => {
                "the data put no upper limit on the total under this model: the 95% interval is open-ended".into()
            }
            WarningKind::DivergentModelsPassedOver { count, best } => format!(
                "{count} model(s) scored better but were passed over because their fits diverge (the best: {best})"
            ),
            WarningKind::FewListsForLatentClasses { lists } => format!(
                "only {lists} lists: a latent-class model is weakly identified and the estimate leans on the prior"
            ),
            WarningKind::PoorMixing { r_hat } => format!(
                "the chains disagree (R-hat {r_hat:.2}, should be below 1.05): run longer chains before using this estimate"
            ),
            WarningKind::LowEffectiveSampleSize { ess } => format!(
                "only about {ess:.0} effectively independent draws: the interval limits are imprecise, draw more samples"
            ),
            WarningKind::RunawayDraws { count } => format!(
                "{count} draw(s) of the undocumented exceeded 20 times the documented and were redrawn: the model barely bounds the total"
            ),
            WarningKind::IncompleteTotal { strata } => format!(
                "{strata} stratum(s) have no estimate, so no total is given"
            ),
        };
        Warning { kind, message }
    }
}

/// What every multiple systems estimate assumes, whatever the method.
const COMMON: &str = "The population is closed over the period (no one enters or leaves it), \
and each individual was matched correctly across lists (no missed or false links).";

pub(crate) fn loglinear_assumptions(formula: Option<&str>) -> String {
    match formula {
        Some(f) if !f.contains(':') => format!(
            "{COMMON} The lists capture independently of one another (model {f}); the undocumented follow the same model as the documented."
        ),
        Some(f) => format!(
            "{COMMON} The dependence between lists is exactly what the model's interactions allow ({f}) and no more; the undocumented follow the same model as the documented."
        ),
        None => format!(
            "{COMMON} The dependence between lists is what the chosen log-linear model allows; the undocumented follow the same model as the documented."
        ),
    }
}

pub(crate) fn lcmcr_assumptions(classes: usize) -> String {
    format!(
        "{COMMON} Individuals fall into at most {classes} latent classes, and within a class the lists capture independently; differences in how findable individuals are between classes are modelled, dependence between lists within a class is not. Prior p(N) ∝ 1/N."
    )
}

pub(crate) fn label(stratum: &BTreeMap<String, String>) -> String {
    if stratum.is_empty() {
        "all".into()
    } else {
        stratum
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

pub(crate) fn from_fit(fit: &LoglinearFit, estimate: &mut Estimate) {
    estimate.details = Details::Loglinear {
        se: fit.se,
        deviance: fit.deviance,
        df: fit.df,
        aic: fit.aic,
        bic_n: fit.bic_n,
        bic_cells: fit.bic_cells,
        parameters: fit.parameters,
    };
    if !fit.is_reliable() {
        estimate
            .warnings
            .push(Warning::new(WarningKind::DivergentTerms {
                terms: fit.divergent.clone(),
            }));
        return;
    }
    estimate.estimate = Some(fit.n_hat);
    estimate.lower95 = Some(fit.profile.lower);
    estimate.upper95 = fit.profile.upper;
    if fit.profile.upper.is_none() {
        estimate
            .warnings
            .push(Warning::new(WarningKind::UnboundedInterval));
    }
}

pub(crate) fn from_posterior(p: &Posterior, estimate: &mut Estimate) {
    let s = p.summary;
    estimate.estimate = Some(s.median);
    estimate.lower95 = Some(s.lower95);
    estimate.upper95 = Some(s.upper95);
    estimate.details = Details::Lcmcr(s);
    estimate.draws = Some(p.draws.clone());
    if s.r_hat.is_finite() && s.r_hat > 1.05 || s.r_hat.is_infinite() {
        estimate
            .warnings
            .push(Warning::new(WarningKind::PoorMixing { r_hat: s.r_hat }));
    }
    if s.ess.is_finite() && s.ess < 400.0 {
        estimate
            .warnings
            .push(Warning::new(WarningKind::LowEffectiveSampleSize {
                ess: s.ess,
            }));
    }
    // A handful of redraws in a long run is harmless; one per hundred kept draws
    // means the posterior leans on the guard.
    if p.runaway_redraws as usize * 100 > s.draws {
        estimate
            .warnings
            .push(Warning::new(WarningKind::RunawayDraws {
                count: p.runaway_redraws,
            }));
    }
}
