//! Multiple systems estimation (MSE): how many victims no list documented, from how
//! several lists overlap.
//!
//! Two methods, checked against the R packages statisticians use (base R `glm`,
//! Rcapture, LCMCR, SparseMSE; see `shared/reference/mse-reference.md`):
//!
//! - **Log-linear models** ([`fn@loglinear`]): a Poisson model of the 2^k − 1 observable
//!   cells, given as a formula or chosen by AIC/BIC; N̂ = n + exp(intercept) with a
//!   profile-likelihood interval. Fits that diverge are detected and reported in
//!   words, never returned as a number.
//! - **LCMCR** ([`fn@lcmcr`]): Manrique-Vallier's Bayesian latent-class model; posterior
//!   median and 95% interval from several chains run in parallel, with R-hat and
//!   effective sample size. Strata are summed draw by draw into a total.
//!
//! # Using it
//!
//! ```
//! use memoria_estimate::{CsvOptions, LcmcrOptions, LoglinearSpec, read_csv_bytes};
//!
//! let csv = b"A,B,C,count\n1,0,0,50\n0,1,0,40\n0,0,1,30\n1,1,0,12\n1,0,1,9\n0,1,1,8\n1,1,1,3\n";
//! let table = read_csv_bytes(csv, &CsvOptions::default()).unwrap().table;
//!
//! // A log-linear model given as a formula (hierarchical: A*B means A + B + A:B)…
//! let report = memoria_estimate::loglinear(&table, &LoglinearSpec::Formula("A*B + C".into())).unwrap();
//! let e = &report.estimates[0];
//! println!("{} documented, {:?} estimated [{:?}, {:?}]", e.documented, e.estimate, e.lower95, e.upper95);
//!
//! // …or chosen by a criterion (`Criterion::Bic` is Rcapture's log(n) BIC).
//! let spec = LoglinearSpec::Select(memoria_estimate::SearchOptions::default());
//! let report = memoria_estimate::loglinear(&table, &spec).unwrap();
//! assert!(report.estimates[0].estimate.is_some());
//!
//! // LCMCR with the package's defaults (K = 5), here shortened.
//! let options = LcmcrOptions { burn_in: 200, samples: 200, thinning: 2, seed: 7, ..Default::default() };
//! let report = memoria_estimate::lcmcr(&table, &options).unwrap();
//! let e = &report.estimates[0];
//! for w in &e.warnings {
//!     println!("warning: {}", w.message);
//! }
//! let json = serde_json::to_string(&report).unwrap(); // one object per stratum, plus the total
//! # assert!(json.contains("\"documented\":152"));
//! ```
//!
//! Each [`Estimate`] carries `documented`, `estimate`, `lower95`, `upper95` (all three
//! absent when there is no trustworthy number), the [`Method`], an `assumptions`
//! text, and [`Warning`]s (a stable `code` plus a sentence). LCMCR's draws of N are in
//! [`Estimate::draws`] (per chain; left out of JSON).
//!
//! For finer control there are the layers underneath: [`CaptureTable::strata`] gives
//! each stratum's [`Captures`]; [`loglinear::fit`] fits one [`Model`] (parse one with
//! [`Model::parse`]) and returns every figure R prints ([`LoglinearFit`]: N̂, SE,
//! deviance, AIC, both BICs, coefficients, profile and Wald intervals);
//! [`select::select`] returns the whole ranking of a model search; and
//! [`lcmcr::sample`] returns a [`Posterior`] with its draws.
//!
//! # Descriptive statistics
//!
//! Raw counts are not estimates, but they are what a report shows first, and they
//! must not lie about dates. [`describe`] counts victims, acts or incidents by period
//! (year, quarter, month), violation type, perpetrator, place level, sex and age
//! group. An act known only as "1999" or "March–May 2003" is shared out over the
//! periods it may fall in, in proportion to days, and every period also has a min–max
//! band; undated and open-ended records are counted apart, and every count says how
//! many records had no value. [`chart`] draws the results as SVG (a time series with
//! its band, horizontal bars), accessible, mirrored for Arabic, and safe to put
//! inline under a strict content security policy.
//!
//! ```
//! use memoria_core::Edtf;
//! use memoria_estimate::chart::{self, ChartOptions};
//! use memoria_estimate::describe::{self, Granularity, Item, Keys, Mode, Periods, When};
//!
//! let mut keys = Keys::new();
//! let items: Vec<Item> = [("1999", "killing"), ("1999-03-04", "torture"), ("2000-01/2000-03", "killing")]
//!     .iter()
//!     .map(|&(date, violation)| Item {
//!         violation: keys.intern(violation),
//!         ..Item::new(When::from(&Edtf::parse(date).unwrap()))
//!     })
//!     .collect();
//!
//! let periods = Periods::covering(&items, Granularity::Quarter).unwrap();
//! let counts = describe::by_period(&items, &periods);
//! assert_eq!(counts.counted(), 3.0); // shared out, never lost
//! let labels = periods.labels(); // or the reader's own words
//! let svg = chart::time_series(
//!     &chart::points(&counts, &labels, Mode::Band),
//!     &ChartOptions::new("Acts per quarter", "Documented acts per quarter, 1999–2000."),
//! );
//! assert!(svg.starts_with("<svg"));
//!
//! let by_type = describe::by_category(&items, &keys, describe::Dimension::Violation);
//! assert_eq!((by_type.rows[0].code.as_str(), by_type.rows[0].count), ("killing", 2));
//! ```
//!
//! # What this crate does not do
//!
//! No IO beyond reading a caller's bytes, no terminal output, no store access: the
//! command line and pages build on it. It does not link records (its input is the
//! result of linkage) and it does not reproduce R's random stream (LCMCR results
//! agree with the package's in distribution).
//!
//! Modules: `table` (capture tables, strata), `csv_input`, `model` (hierarchical
//! models and formulas), `loglinear` (IRLS fits), `select` (model search), `lcmcr`
//! (the sampler), `sampling` (fast random variates), `diagnostics` (quantiles,
//! R-hat, ESS), `report` (estimates, warnings), `estimate` (the entry points),
//! `numeric` (log-gamma, Cholesky, lattice sums), `describe` (counts over uncertain
//! dates), `chart` (SVG).

pub mod chart;
pub mod csv_input;
pub mod describe;
pub mod diagnostics;
mod estimate;
pub mod lcmcr;
pub mod loglinear;
pub mod model;
mod numeric;
pub mod report;
pub mod sampling;
pub mod select;
pub mod table;

pub use csv_input::{CsvError, CsvOptions, CsvProblem, CsvTable, read_csv, read_csv_bytes};
pub use diagnostics::PosteriorSummary;
pub use estimate::{LoglinearSpec, lcmcr, loglinear};
pub use lcmcr::{LcmcrError, LcmcrOptions, Posterior};
pub use loglinear::{FitError, LoglinearFit, ProfileInterval};
pub use model::{FormulaError, Model};
pub use report::{Details, Estimate, Method, Report, Warning, WarningKind};
pub use select::{Criterion, SearchOptions, Selection};
pub use table::{CaptureTable, Captures, Stratum, TableError, format_pattern, parse_pattern};
