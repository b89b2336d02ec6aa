//! Choosing a log-linear model by AIC or BIC.
//!
//! The search space is the hierarchical models with every main effect and
//! interactions of at most `max_order` lists. When it holds at most
//! `max_exhaustive` models every one is fitted (1,024 for five lists and two-way
//! interactions, as Rcapture's `closedpMS.t`); beyond that a stepwise search starts
//! from independence and adds or removes one term at a time while the criterion
//! improves.
//!
//! Every fitted model is ranked, divergent ones included, so the ranking can be set
//! beside Rcapture's. But the model *chosen* is the best one whose fit does not
//! diverge: a model with an empty-margin interaction "wins" AIC by fitting
//! structural zeros exactly, and its N̂ rests on a term the data cannot estimate.
//! How many better-scoring divergent models were passed over is reported.
//!
//! What this module does not do: model averaging, or search over models without
//! all main effects.

use std::collections::{BTreeSet, HashMap};
use std::str::FromStr;

use serde::Serialize;

use crate::loglinear::{FitError, Lattice, LoglinearFit, fit_on, score};
use crate::model::Model;
use crate::table::Captures;

/// What a model search minimises.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Criterion {
    /// R's AIC of the Poisson glm.
    Aic,
    /// Rcapture's BIC: penalty log(n), n the documented individuals.
    Bic,
    /// R's `BIC()` on the glm: penalty log(number of cells).
    BicCells,
}

impl FromStr for Criterion {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "aic" => Ok(Criterion::Aic),
            "bic" => Ok(Criterion::Bic),
            "bic_cells" | "bic-cells" => Ok(Criterion::BicCells),
            _ => Err("unknown criterion; use aic, bic or bic_cells".into()),
        }
    }
}

impl Criterion {
    pub fn name(self) -> &'static str {
        match self {
            Criterion::Aic => "AIC",
            Criterion::Bic => "BIC (log n)",
            Criterion::BicCells => "BIC (log cells)",
        }
    }
}

/// How to search.
#[derive(Clone, Copy, Debug)]
pub struct SearchOptions {
    pub criterion: Criterion,
    /// The highest order of interaction considered (2: pairs of lists).
    pub max_order: usize,
    /// Fit every model when there are at most this many; search stepwise beyond.
    pub max_exhaustive: usize,
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions {
            criterion: Criterion::Aic,
            max_order: 2,
            max_exhaustive: 4096,
        }
    }
}

/// How the models were visited.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SearchMethod {
    Exhaustive,
    Stepwise,
}

/// One fitted model of a search.
#[derive(Clone, Debug, Serialize)]
pub struct Candidate {
    #[serde(skip)]
    pub model: Model,
    pub formula: String,
    pub notation: String,
    /// The criterion's value.
    pub score: f64,
    pub n_hat: f64,
    pub deviance: f64,
    pub aic: f64,
    pub bic_n: f64,
    pub bic_cells: f64,
    /// Some term's MLE is −∞ (an empty margin).
    pub divergent: bool,
}

/// The outcome of a search.
#[derive(Clone, Debug, Serialize)]
pub struct Selection {
    pub criterion: Criterion,
    pub method: SearchMethod,
    /// Every fitted model, best first.
    pub ranking: Vec<Candidate>,
    /// Models visited that could not be fitted (not identifiable, no convergence).
    pub unfittable: usize,
    /// The best model that does not diverge, fully fitted; `None` if there is none.
    pub chosen: Option<LoglinearFit>,
    /// Divergent models ranked above the chosen one.
    pub passed_over: usize,
}

/// Searches the models of `options` and fits the best.
pub fn select(captures: &Captures, options: &SearchOptions) -> Result<Selection, FitError> {
    let lat = Lattice::new(captures);
    let k = captures.lists().len();
    // Fails early, with the reason, on tables no model can fit.
    score(&lat, &Model::independence(k))?;
    let terms: Vec<u32> = (1u32..1 << k)
        .filter(|t| (2..=options.max_order.max(1)).contains(&(t.count_ones() as usize)))
        .collect();
    let mut fitted: HashMap<Model, Option<Candidate>> = HashMap::new();
    let mut evaluate = |model: Model| -> Option<Candidate> {
        if let Some(c) = fitted.get(&model) {
            return c.clone();
        }
        let c = score(&lat, &model).ok().map(|s| Candidate {
            formula: model.formula(captures.lists()),
            notation: model.rcapture_notation(),
            score: match options.criterion {
                Criterion::Aic => s.aic,
                Criterion::Bic => s.bic_n,
                Criterion::BicCells => s.bic_cells,
            },
            n_hat: s.n_hat,
            deviance: s.deviance,
            aic: s.aic,
            bic_n: s.bic_n,
            bic_cells: s.bic_cells,
            divergent: s.divergent,
            model: model.clone(),
        });
        fitted.insert(model, c.clone());
        c
    };
    let method = match hierarchical_models(k, &terms, options.max_exhaustive) {
        Some(models) => {
            for m in models {
                evaluate(m);
            }
            SearchMethod::Exhaustive
        }
        None => {
            stepwise(k, &terms, &mut evaluate);
            SearchMethod::Stepwise
        }
    };
    let unfittable = fitted.values().filter(|c| c.is_none()).count();
    let mut ranking: Vec<Candidate> = fitted.into_values().flatten().collect();
    ranking.sort_by(|a, b| {
        a.score
            .total_cmp(&b.score)
            .then_with(|| a.model.cmp(&b.model))
    });
    let best = ranking.iter().position(|c| !c.divergent);
    let chosen = match best {
        Some(i) => Some(fit_on(&lat, &ranking[i].model)?),
        None => None,
    };
    Ok(Selection {
        criterion: options.criterion,
        method,
        passed_over: best.unwrap_or(ranking.len()),
        ranking,
        unfittable,
        chosen,
    })
}

/// Every hierarchical model whose interactions are among `terms` (sorted by order),
/// or `None` when there are more than `cap`.
fn hierarchical_models(k: usize, terms: &[u32], cap: usize) -> Option<Vec<Model>> {
    fn walk(
        i: usize,
        terms: &[u32],
        chosen: &mut Vec<u32>,
        out: &mut Vec<Vec<u32>>,
        cap: usize,
    ) -> bool {
        if out.len() > cap {
            return false;
        }
        if i == terms.len() {
            out.push(chosen.clone());
            return out.len() <= cap;
        }
        if !walk(i + 1, terms, chosen, out, cap) {
            return false;
        }
        let t = terms[i];
        // A term may join only if every sub-term one list smaller is already in.
        let admissible = t.count_ones() == 2
            || (0..32)
                .filter(|b| t >> b & 1 == 1)
                .all(|b| chosen.contains(&(t & !(1 << b))));
        if admissible {
            chosen.push(t);
            let ok = walk(i + 1, terms, chosen, out, cap);
            chosen.pop();
            return ok;
        }
        true
    }
    let mut out = Vec::new();
    if !walk(0, terms, &mut Vec::new(), &mut out, cap) {
        return None;
    }
    Some(
        out.into_iter()
            .map(|gens| Model::from_generators(k, &gens))
            .collect(),
    )
}

/// Forward–backward search from independence: at each step the best admissible
/// single addition or removal, while it improves the criterion. Only models whose
/// fit does not diverge are moved to.
fn stepwise(k: usize, terms: &[u32], evaluate: &mut impl FnMut(Model) -> Option<Candidate>) {
    let mut current = Model::independence(k);
    let Some(mut current_score) = evaluate(current.clone()).map(|c| c.score) else {
        return;
    };
    let mut seen = BTreeSet::new();
    seen.insert(current.clone());
    loop {
        let mut best: Option<(f64, Model)> = None;
        let in_model: Vec<u32> = current
            .terms()
            .iter()
            .copied()
            .filter(|t| t.count_ones() >= 2)
            .collect();
        let mut neighbours = Vec::new();
        for &t in terms {
            if current.contains(t) {
                continue;
            }
            let admissible = (0..32)
                .filter(|b| t >> b & 1 == 1)
                .all(|b| current.contains(t & !(1 << b)));
            if admissible {
                let mut gens = in_model.clone();
                gens.push(t);
                neighbours.push(Model::from_generators(k, &gens));
            }
        }
        for g in current.generators() {
            let gens: Vec<u32> = in_model.iter().copied().filter(|&t| t != g).collect();
            neighbours.push(Model::from_generators(k, &gens));
        }
        for m in neighbours {
            if let Some(c) = evaluate(m.clone())
                && !c.divergent
                && best.as_ref().is_none_or(|(s, _)| c.score < *s)
            {
                best = Some((c.score, m));
            }
        }
        match best {
            Some((s, m)) if s < current_score - 1e-9 && seen.insert(m.clone()) => {
                current = m;
                current_score = s;
            }
            _ => return,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_hierarchical_models() {
        let two: Vec<u32> = (1u32..32).filter(|t| t.count_ones() == 2).collect();
        assert_eq!(hierarchical_models(5, &two, 5000).unwrap().len(), 1024);
        assert!(hierarchical_models(5, &two, 1000).is_none());
        // Three lists up to three-way: 2^3 subsets of pairs, plus the saturated model.
        let three: Vec<u32> = (1u32..8).filter(|t| t.count_ones() >= 2).collect();
        assert_eq!(hierarchical_models(3, &three, 100).unwrap().len(), 9);
    }
}
