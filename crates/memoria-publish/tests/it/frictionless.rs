//! The open data package as an independent validator sees it: `frictionless validate`
//! (PyPI `frictionless`) must accept what `datapackage::write` produces, and must reject
//! it once a cell is changed behind the descriptor's back — which shows it really reads
//! the tables.
//!
//! `.ci/run` installs frictionless, pinned, in the Python venv under
//! `target/validators/py` and sets `MEMORIA_REQUIRE_VALIDATORS`. Without it the tests
//! say so and pass, unless that variable is set. Nothing here needs the internet.

use std::path::{Path, PathBuf};
use std::process::Command;

use memoria_publish::datapackage::{
    Cell, Field, FieldType, ForeignKey, License, Package, Resource, write,
};
use serde_json::Value;

/// Where `.ci/run` installs the validators.
fn validators_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/validators")
}

/// The validator's executable, or `None` (after saying so) when it is not installed.
fn tool(path: PathBuf, install: &str) -> Option<PathBuf> {
    if path.exists() {
        return Some(path);
    }
    assert!(
        std::env::var_os("MEMORIA_REQUIRE_VALIDATORS").is_none(),
        "MEMORIA_REQUIRE_VALIDATORS is set but {} is missing; {install}",
        path.display()
    );
    eprintln!(
        "validator test skipped: {} is missing; {install}",
        path.display()
    );
    None
}

fn frictionless() -> Option<PathBuf> {
    tool(
        validators_dir().join("py/bin/frictionless"),
        "run .ci/run, or `target/validators/py/bin/pip install frictionless==5.21.0`",
    )
}

/// A directory of its own under the system's temporary one, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(label: &str) -> TempDir {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos();
        let dir = std::env::temp_dir().join(format!(
            "memoria-datapackage-{label}-{}-{nanos}",
            std::process::id()
        ));
        std::fs::create_dir(&dir).unwrap();
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The package's files written under `dir`.
fn write_to(dir: &Path, package: &Package) {
    for (path, bytes) in write(package).unwrap() {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
}

fn field(name: &str, kind: FieldType, title: &str, description: &str) -> Field {
    Field {
        title: title.into(),
        description: description.into(),
        ..Field::new(name, kind)
    }
}

/// What a collection publishes: incidents (some dated to the day, some only to the
/// month), the regions they happened in, and estimated counts by region and year.
fn package() -> Package {
    let regions = Resource {
        name: "regions".into(),
        title: "Regions".into(),
        description: "First-level administrative divisions.".into(),
        fields: vec![
            Field {
                required: true,
                hxl: Some("#adm1+code".into()),
                ..field("code", FieldType::String, "Code", "P-code of the region")
            },
            Field {
                required: true,
                hxl: Some("#adm1+name".into()),
                ..field("name", FieldType::String, "Name", "")
            },
        ],
        primary_key: vec!["code".into()],
        foreign_keys: vec![],
        rows: vec![
            vec!["XN".into(), "North, upper valley".into()],
            vec!["XS".into(), "The \"South\"".into()],
            vec!["XE".into(), "East".into()],
        ],
    };
    let violations = ["killing", "disappearance", "arbitrary-detention", "torture"];
    let incidents = Resource {
        name: "incidents".into(),
        title: "Incidents".into(),
        description: "Published incidents. Dates of incidents that could identify a \
                      witness are given to the month only."
            .into(),
        fields: vec![
            Field {
                required: true,
                unique: true,
                minimum: Some(1.0),
                ..field("id", FieldType::Integer, "Incident", "Public number")
            },
            Field {
                hxl: Some("#date+occurred".into()),
                ..field("date", FieldType::Date, "Date", "Empty when coarsened")
            },
            Field {
                required: true,
                ..field("month", FieldType::YearMonth, "Month", "")
            },
            Field {
                required: true,
                allowed: Some(violations.iter().map(|v| v.to_string()).collect()),
                hxl: Some("#event+type".into()),
                ..field("violation", FieldType::String, "Violation", "")
            },
            Field {
                hxl: Some("#adm1+code".into()),
                ..field("region", FieldType::String, "Region", "")
            },
            Field {
                minimum: Some(0.0),
                hxl: Some("#affected+killed".into()),
                ..field("killed", FieldType::Integer, "Killed", "")
            },
            field("verified", FieldType::Boolean, "Verified", ""),
            field("summary", FieldType::String, "Summary", "Free text"),
        ],
        primary_key: vec!["id".into()],
        foreign_keys: vec![ForeignKey {
            fields: vec!["region".into()],
            resource: "regions".into(),
            reference_fields: vec!["code".into()],
        }],
        rows: (1..=40)
            .map(|i: i64| {
                let coarsened = i % 3 == 0;
                let day = 1 + i % 28;
                let month = 1 + i % 12;
                vec![
                    Cell::Integer(i),
                    if coarsened {
                        Cell::Missing
                    } else {
                        format!("2023-{month:02}-{day:02}").into()
                    },
                    format!("2023-{month:02}").into(),
                    violations[i as usize % 4].into(),
                    if i % 7 == 0 {
                        Cell::Missing
                    } else {
                        ["XN", "XS", "XE"][i as usize % 3].into()
                    },
                    Cell::Integer(i % 5),
                    Cell::Bool(i % 2 == 0),
                    match i % 4 {
                        0 => "Shots fired, two \"unknown\" men\nseen leaving".into(),
                        1 => Cell::Missing,
                        _ => format!("Report {i}; 100% confirmed").into(),
                    },
                ]
            })
            .collect(),
    };
    let counts = Resource {
        name: "counts-by-region".into(),
        title: "Estimated killings by region and year".into(),
        description: "Multiple systems estimates; fractional because they are estimates.".into(),
        fields: vec![
            Field {
                required: true,
                hxl: Some("#adm1+code".into()),
                ..field("region", FieldType::String, "Region", "")
            },
            Field {
                required: true,
                minimum: Some(1990.0),
                hxl: Some("#date+year".into()),
                ..field("year", FieldType::Year, "Year", "")
            },
            Field {
                minimum: Some(0.0),
                hxl: Some("#affected+killed+est".into()),
                ..field("estimate", FieldType::Number, "Estimate", "Posterior mean")
            },
            Field {
                minimum: Some(0.0),
                ..field("documented", FieldType::Integer, "Documented", "")
            },
        ],
        primary_key: vec!["region".into(), "year".into()],
        foreign_keys: vec![ForeignKey {
            fields: vec!["region".into()],
            resource: "regions".into(),
            reference_fields: vec!["code".into()],
        }],
        rows: vec![
            vec![
                "XN".into(),
                Cell::Integer(2022),
                Cell::Number(12.5),
                Cell::Integer(9),
            ],
            vec![
                "XN".into(),
                Cell::Integer(2023),
                Cell::Number(0.1),
                Cell::Integer(0),
            ],
            vec![
                "XS".into(),
                Cell::Integer(2023),
                Cell::Number(1e-7),
                Cell::Integer(0),
            ],
            vec![
                "XE".into(),
                Cell::Integer(2023),
                Cell::Missing,
                Cell::Integer(4),
            ],
            vec![
                "XE".into(),
                Cell::Integer(2022),
                Cell::Number(1234.0),
                Cell::Integer(31),
            ],
        ],
    };
    Package {
        name: "memoria-example-collection".into(),
        title: "Example collection <b>|</b>".into(),
        description: "Fictional data for tests.".into(),
        version: "1.0.0".into(),
        licenses: vec![License {
            name: "CC-BY-4.0".into(),
            path: Some("https://creativecommons.org/licenses/by/4.0/".into()),
            title: Some("Creative Commons Attribution 4.0".into()),
        }],
        created: Some("2024-05-01T12:00:00Z".into()),
        resources: vec![regions, incidents, counts],
    }
}

/// `frictionless validate --json` on the package in `dir`: the exit code and report.
fn validate(frictionless: &Path, dir: &Path) -> (Option<i32>, Value) {
    let out = Command::new(frictionless)
        .args(["validate", "--json"])
        .arg(dir.join("datapackage.json"))
        .output()
        .expect("running frictionless");
    let report = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "frictionless printed no JSON ({e}): {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out.status.code(), report)
}

/// Every error's type, across the report's tasks.
fn error_types(report: &Value) -> Vec<String> {
    let mut types = Vec::new();
    for error in report["errors"].as_array().into_iter().flatten() {
        types.push(error["type"].as_str().unwrap_or("?").to_owned());
    }
    for task in report["tasks"].as_array().into_iter().flatten() {
        for error in task["errors"].as_array().into_iter().flatten() {
            types.push(error["type"].as_str().unwrap_or("?").to_owned());
        }
    }
    types
}

#[test]
fn frictionless_accepts_the_package() {
    let Some(frictionless) = frictionless() else {
        return;
    };
    let dir = TempDir::new("valid");
    write_to(&dir.0, &package());

    let out = Command::new(&frictionless)
        .arg("validate")
        .arg(dir.0.join("datapackage.json"))
        .output()
        .expect("running frictionless");
    assert!(
        out.status.success(),
        "frictionless rejected the package:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );

    let (code, report) = validate(&frictionless, &dir.0);
    assert_eq!(report["valid"], Value::Bool(true), "{report:#}");
    assert_eq!(code, Some(0));
    let tasks = report["tasks"].as_array().unwrap();
    assert_eq!(tasks.len(), 3, "{report:#}");
    let rows: Vec<u64> = tasks
        .iter()
        .map(|t| t["stats"]["rows"].as_u64().unwrap())
        .collect();
    assert_eq!(rows, [3, 40, 5], "every row was read");
    assert!(dir.0.join("hxl/incidents.csv").exists());
    assert!(dir.0.join("README.md").exists());
}

#[test]
fn frictionless_rejects_a_cell_changed_after_writing() {
    let Some(frictionless) = frictionless() else {
        return;
    };
    let dir = TempDir::new("altered");
    write_to(&dir.0, &package());
    // The estimate 12.5 becomes "12.x" and 1234 "12x4": same length, so that the size
    // in the descriptor still holds and only the types can give them away.
    let path = dir.0.join("data/counts-by-region.csv");
    let csv = std::fs::read_to_string(&path).unwrap();
    assert!(csv.contains("XN,2022,12.5,9\n") && csv.contains("XE,2022,1234,31\n"));
    let altered = csv
        .replace("XN,2022,12.5,9\n", "XN,2022,12.x,9\n")
        .replace("XE,2022,1234,31\n", "XE,2022,1234,3x\n");
    assert_eq!(altered.len(), csv.len());
    std::fs::write(&path, altered).unwrap();

    let (code, report) = validate(&frictionless, &dir.0);
    assert_eq!(report["valid"], Value::Bool(false), "{report:#}");
    assert_ne!(code, Some(0));
    let types = error_types(&report);
    assert_eq!(types, ["type-error", "type-error"], "{report:#}");
}

#[test]
fn frictionless_rejects_a_broken_foreign_key() {
    let Some(frictionless) = frictionless() else {
        return;
    };
    let dir = TempDir::new("foreign-key");
    write_to(&dir.0, &package());
    // A region code that exists nowhere, and a repeated incident number.
    let path = dir.0.join("data/incidents.csv");
    let csv = std::fs::read_to_string(&path).unwrap();
    let altered = csv.replacen(",XS,", ",XW,", 1).replacen("\n2,", "\n1,", 1);
    assert_eq!(altered.len(), csv.len());
    std::fs::write(&path, altered).unwrap();

    let (_, report) = validate(&frictionless, &dir.0);
    assert_eq!(report["valid"], Value::Bool(false), "{report:#}");
    let mut types = error_types(&report);
    types.sort();
    assert_eq!(
        types,
        ["foreign-key", "primary-key", "unique-error"],
        "{report:#}"
    );
}

#[test]
fn frictionless_accepts_a_published_collection() {
    let Some(frictionless) = frictionless() else {
        return;
    };
    let out = memoria_publish::publish(&crate::fixture::snapshot(true)).unwrap();
    let dir = TempDir::new("published");
    for (path, bytes) in &out.files {
        if let Some(rest) = path.strip_prefix("opendata/") {
            let target = dir.0.join(rest);
            std::fs::create_dir_all(target.parent().unwrap()).unwrap();
            std::fs::write(target, bytes).unwrap();
        }
    }
    let (code, report) = validate(&frictionless, &dir.0);
    assert_eq!(report["valid"], Value::Bool(true), "{report:#}");
    assert_eq!(code, Some(0));
    let tasks = report["tasks"].as_array().unwrap();
    assert_eq!(tasks.len(), 8, "every table was checked: {report:#}");
}
