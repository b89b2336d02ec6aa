//! The two entry points a caller needs: a whole (possibly stratified) table in, a
//! [`Report`] out, one [`Estimate`] per stratum.
//!
//! What this module does not do: numerics (see [`mod@crate::loglinear`],
//! [`mod@crate::select`], [`mod@crate::lcmcr`]); it runs them per stratum and words what
//! they found.

use std::collections::BTreeMap;

use crate::lcmcr::{LcmcrError, LcmcrOptions, Posterior, sample_many};
use crate::loglinear::fit;
use crate::model::{FormulaError, Model};
use crate::report::{
    Details, Estimate, Method, Report, Warning, WarningKind, from_fit, from_posterior, label,
    lcmcr_assumptions, loglinear_assumptions,
};
use crate::select::{SearchOptions, select};
use crate::table::{CaptureTable, Stratum};

/// Which log-linear model to fit.
#[derive(Clone, Debug)]
pub enum LoglinearSpec {
    /// A formula over the table's list names (`A*B + C`); in a stratum where some
    /// lists were dropped, the terms involving them are removed.
    Formula(String),
    /// The best model by a criterion, searched in every stratum separately.
    Select(SearchOptions),
}

fn blank(stratum: &Stratum, method: Method, assumptions: String) -> Estimate {
    let map: BTreeMap<String, String> = stratum.key.iter().cloned().collect();
    let mut warnings = Vec::new();
    if !stratum.dropped.is_empty() {
        warnings.push(Warning::new(WarningKind::ListsDropped {
            lists: stratum.dropped.clone(),
        }));
    }
    Estimate {
        label: label(&map),
        stratum: map,
        lists: stratum.captures.lists().to_vec(),
        documented: stratum.captures.documented(),
        estimate: None,
        lower95: None,
        upper95: None,
        method,
        assumptions,
        warnings,
        details: Details::None,
        draws: None,
    }
}

fn too_few(stratum: &Stratum, e: &mut Estimate) -> bool {
    if stratum.captures.documented() == 0 {
        e.warnings.push(Warning::new(WarningKind::NoData));
        return true;
    }
    let lists = stratum.captures.lists().len();
    if lists < 2 {
        e.warnings
            .push(Warning::new(WarningKind::TooFewLists { lists }));
        return true;
    }
    false
}

/// Fits a log-linear model in every stratum. Only a formula that does not parse is
/// an error; everything that goes wrong in a stratum is a warning on its estimate.
///
/// Log-linear strata are not summed into a total: their intervals do not add up.
pub fn loglinear(table: &CaptureTable, spec: &LoglinearSpec) -> Result<Report, FormulaError> {
    let full_model = match spec {
        LoglinearSpec::Formula(f) => Some(Model::parse(f, table.lists())?),
        LoglinearSpec::Select(_) => None,
    };
    let estimates = table
        .strata()
        .iter()
        .map(|stratum| {
            let selected_by = match spec {
                LoglinearSpec::Select(o) => Some(o.criterion),
                LoglinearSpec::Formula(_) => None,
            };
            let mut e = blank(
                stratum,
                Method::Loglinear {
                    formula: None,
                    selected_by,
                },
                loglinear_assumptions(None),
            );
            if too_few(stratum, &mut e) {
                return e;
            }
            let captures = &stratum.captures;
            let result = match (&full_model, spec) {
                (Some(model), _) => {
                    let dropped_mask = table
                        .lists()
                        .iter()
                        .enumerate()
                        .filter(|(_, l)| stratum.dropped.contains(l))
                        .fold(0u32, |m, (j, _)| m | 1 << j);
                    let touched: Vec<String> = table
                        .lists()
                        .iter()
                        .enumerate()
                        .filter(|&(j, _)| {
                            dropped_mask >> j & 1 == 1
                                && model.generators().iter().any(|&g| g >> j & 1 == 1)
                        })
                        .map(|(_, l)| l.clone())
                        .collect();
                    if !touched.is_empty() {
                        e.warnings
                            .push(Warning::new(WarningKind::TermsRemoved { lists: touched }));
                    }
                    fit(captures, &model.without_lists(dropped_mask))
                }
                (None, LoglinearSpec::Select(options)) => match select(captures, options) {
                    Ok(sel) => {
                        if sel.passed_over > 0 {
                            e.warnings
                                .push(Warning::new(WarningKind::DivergentModelsPassedOver {
                                    count: sel.passed_over,
                                    best: sel.ranking[0].formula.clone(),
                                }));
                        }
                        match sel.chosen {
                            Some(f) => Ok(f),
                            None => {
                                e.warnings.push(Warning::new(WarningKind::FitFailed {
                                    reason: "every model searched diverges".into(),
                                }));
                                return e;
                            }
                        }
                    }
                    Err(err) => Err(err),
                },
                (None, LoglinearSpec::Formula(_)) => unreachable!("a formula was parsed above"),
            };
            match result {
                Ok(f) => {
                    e.method = Method::Loglinear {
                        formula: Some(f.formula.clone()),
                        selected_by,
                    };
                    e.assumptions = loglinear_assumptions(Some(&f.formula));
                    from_fit(&f, &mut e);
                }
                Err(err) => e.warnings.push(Warning::new(WarningKind::FitFailed {
                    reason: err.to_string(),
                })),
            }
            e
        })
        .collect();
    Ok(Report {
        estimates,
        total: None,
    })
}

/// A stratum's own seed: the run's seed mixed with its key, so a stratum's draws do
/// not change when other strata are added to the table. The unstratified table
/// uses the seed as given.
fn stratum_seed(seed: u64, key: &[(String, String)]) -> u64 {
    if key.is_empty() {
        return seed;
    }
    let mut h: u64 = 0xcbf2_9ce4_8422_2325; // FNV-1a
    for (k, v) in key {
        for b in k.bytes().chain([0xff]).chain(v.bytes()).chain([0xfe]) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    seed ^ h
}

/// Runs LCMCR in every stratum (all chains of all strata share the threads), and
/// with several strata gives their total, summed draw by draw.
pub fn lcmcr(table: &CaptureTable, options: &LcmcrOptions) -> Result<Report, LcmcrError> {
    let strata = table.strata();
    let runnable: Vec<usize> = strata
        .iter()
        .enumerate()
        .filter(|(_, s)| s.captures.documented() > 0 && s.captures.lists().len() >= 2)
        .map(|(i, _)| i)
        .collect();
    let inputs: Vec<_> = runnable
        .iter()
        .map(|&i| {
            (
                &strata[i].captures,
                stratum_seed(options.seed, &strata[i].key),
            )
        })
        .collect();
    let mut posteriors = sample_many(&inputs, options).into_iter();
    let mut estimates = Vec::new();
    let mut done: Vec<Posterior> = Vec::new();
    for (i, stratum) in strata.iter().enumerate() {
        let mut e = blank(
            stratum,
            Method::Lcmcr(*options),
            lcmcr_assumptions(options.classes),
        );
        if !runnable.contains(&i) {
            too_few(stratum, &mut e);
            estimates.push(e);
            continue;
        }
        let posterior = posteriors.next().unwrap_or(Err(LcmcrError::NoData))?;
        let lists = stratum.captures.lists().len();
        if lists < 3 {
            e.warnings
                .push(Warning::new(WarningKind::FewListsForLatentClasses {
                    lists,
                }));
        }
        from_posterior(&posterior, &mut e);
        done.push(posterior);
        estimates.push(e);
    }
    let total = (strata.len() > 1).then(|| {
        let mut e = Estimate {
            stratum: BTreeMap::new(),
            label: "total".into(),
            lists: table.lists().to_vec(),
            documented: table.documented(),
            estimate: None,
            lower95: None,
            upper95: None,
            method: Method::Lcmcr(*options),
            assumptions: format!(
                "{} Strata are independent; the total is the sum of the strata's draws, draw by draw.",
                lcmcr_assumptions(options.classes)
            ),
            warnings: Vec::new(),
            details: Details::None,
            draws: None,
        };
        let missing = strata.len() - done.len();
        if missing > 0 {
            e.warnings
                .push(Warning::new(WarningKind::IncompleteTotal { strata: missing }));
        } else if let Some(sum) = Posterior::sum(&done.iter().collect::<Vec<_>>()) {
            from_posterior(&sum, &mut e);
        }
        e
    });
    Ok(Report { estimates, total })
}
