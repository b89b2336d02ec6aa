//! The open data package of a publication: the published incidents, acts and victims,
//! and every published table, as CSV with a Frictionless descriptor.

use memoria_core::id::RecordId;
use memoria_core::vocab::well_known as wk;

use crate::datapackage::{Cell, Field, FieldType, ForeignKey, License, Package, Resource, write};
use crate::input::Snapshot;
use crate::model::{Age, Published};
use crate::sdc::Shown;
use crate::stats::{OneWay, Tables, region_of};

fn field(name: &str, kind: FieldType, description: &str) -> Field {
    let mut f = Field::new(name, kind);
    f.description = description.to_string();
    f
}

fn count_field(hxl: &str) -> Field {
    let mut f = field(
        "count",
        FieldType::Number,
        "Documented victims; empty where the count is hidden to protect the people in it (see `suppressed`).",
    );
    f.minimum = Some(0.0);
    f.hxl = Some(hxl.to_string());
    f
}

fn suppressed_field() -> Field {
    let mut f = field(
        "suppressed",
        FieldType::Boolean,
        "True where the count is hidden: below the publication threshold, or hidden so that totals cannot reveal another.",
    );
    f.required = true;
    f
}

fn count_cell(v: Shown) -> [Cell; 2] {
    match v {
        Shown::Value(x) => [Cell::Number(x), Cell::Bool(false)],
        Shown::Suppressed => [Cell::Missing, Cell::Bool(true)],
    }
}

fn one_way_resource(
    t: &OneWay,
    title: &str,
    key: Field,
    label: &dyn Fn(&str) -> String,
) -> Resource {
    let mut label_field = field(
        "label",
        FieldType::String,
        "The category's name in English.",
    );
    label_field.hxl = key.hxl.as_ref().map(|h| format!("{h}+name"));
    let mut rows: Vec<Vec<Cell>> = t
        .keys
        .iter()
        .zip(&t.protected.cells)
        .map(|(k, c)| {
            let [count, sup] = count_cell(c[0]);
            vec![Cell::from(k.as_str()), Cell::from(label(k)), count, sup]
        })
        .collect();
    let [count, sup] = count_cell(t.protected.total);
    rows.push(vec![Cell::from("total"), Cell::from("Total"), count, sup]);
    Resource {
        name: t.name.to_string(),
        title: title.to_string(),
        description: format!(
            "{title}, in published incidents, with a last row `total`. Uncertain dates are shared out over the periods they may fall in, so counts by year may be fractional."
        ),
        fields: vec![
            key,
            label_field,
            count_field("#affected"),
            suppressed_field(),
        ],
        primary_key: vec![],
        foreign_keys: vec![],
        rows,
    }
}

/// Files as (path, bytes).
pub type Files = Vec<(String, Vec<u8>)>;

/// The package's files, relative to its root, and the list of its data files (path
/// and title) for the data page.
pub fn package(
    s: &Snapshot,
    published: &Published,
    tables: &Tables,
) -> (Files, Vec<(String, String)>) {
    let place = |id: &RecordId| {
        s.places
            .get(id)
            .and_then(|p| p.name.best("en"))
            .unwrap_or_default()
            .to_string()
    };
    let term = |vocab: &str, code: &str| {
        s.vocabularies
            .get(vocab)
            .and_then(|v| v.term(code))
            .and_then(|t| t.labels.best("en"))
            .unwrap_or(code)
            .to_string()
    };

    // Regions: the targets of the region columns.
    let mut regions: Vec<RecordId> = tables
        .regions
        .keys
        .iter()
        .filter_map(|k| k.parse().ok())
        .collect();
    regions.sort();
    let mut region_id = field("id", FieldType::String, "The region's identifier.");
    region_id.required = true;
    region_id.unique = true;
    let regions_res = Resource {
        name: "regions".into(),
        title: "Regions".into(),
        description: "The regions published incidents took place in.".into(),
        fields: vec![
            region_id,
            field("name", FieldType::String, "The region's name in English."),
            field(
                "iso_code",
                FieldType::String,
                "ISO 3166-2 code, where the region has one.",
            ),
        ],
        primary_key: vec!["id".into()],
        foreign_keys: vec![],
        rows: regions
            .iter()
            .map(|id| {
                vec![
                    Cell::from(id.to_string()),
                    Cell::from(place(id)),
                    Cell::from(s.places.get(id).and_then(|p| p.iso_code.clone())),
                ]
            })
            .collect(),
    };

    let mut inc_id = field(
        "id",
        FieldType::String,
        "The incident's identifier; its page is <language>/incidents/<id>.html.",
    );
    inc_id.required = true;
    inc_id.unique = true;
    inc_id.hxl = Some("#event+id".into());
    let mut region_col = field("region", FieldType::String, "The region (see regions.csv).");
    region_col.hxl = Some("#adm1+code".into());
    let mut date_col = field(
        "date",
        FieldType::String,
        "The date as published, in the Extended Date/Time Format (EDTF): 2019-03 is some day in March 2019.",
    );
    date_col.hxl = Some("#date".into());
    let mut year_from = field(
        "year_from",
        FieldType::Integer,
        "The earliest year the date may denote.",
    );
    year_from.minimum = Some(0.0);
    let mut year_to = field(
        "year_to",
        FieldType::Integer,
        "The latest year the date may denote.",
    );
    year_to.minimum = Some(0.0);
    let mut victims_col = field(
        "victims",
        FieldType::Integer,
        "Documented victims in the incident (a group counts as its size).",
    );
    victims_col.minimum = Some(0.0);
    victims_col.hxl = Some("#affected".into());
    let incidents_res = Resource {
        name: "incidents".into(),
        title: "Incidents".into(),
        description: "Each published incident, with only what the publication policy lets out."
            .into(),
        fields: vec![
            inc_id,
            field(
                "title",
                FieldType::String,
                "The title in English, or in the first language it was written in; empty when withheld.",
            ),
            date_col,
            year_from,
            year_to,
            region_col,
            field(
                "place",
                FieldType::String,
                "The place as published (district at most), most precise first.",
            ),
            field("status", FieldType::String, "verified or closed."),
            field(
                "violations",
                FieldType::String,
                "The violations, by code of the violation-types vocabulary, separated by `;`.",
            ),
            victims_col,
        ],
        primary_key: vec!["id".into()],
        foreign_keys: vec![ForeignKey {
            fields: vec!["region".into()],
            resource: "regions".into(),
            reference_fields: vec!["id".into()],
        }],
        rows: published
            .incidents
            .iter()
            .map(|i| {
                let (from, to) = match i.date.as_ref().map(|d| (d.earliest(), d.latest())) {
                    Some((Some(a), Some(b))) => {
                        (Cell::Integer(a.year.into()), Cell::Integer(b.year.into()))
                    }
                    _ => (Cell::Missing, Cell::Missing),
                };
                let mut violations: Vec<&str> =
                    i.acts.iter().map(|a| a.violation.as_str()).collect();
                violations.dedup();
                let mut persons: Vec<RecordId> = Vec::new();
                let mut victims = 0i64;
                for a in &i.acts {
                    for v in &a.victims {
                        if !persons.contains(&v.person) {
                            persons.push(v.person);
                            victims += i64::from(v.group_size.filter(|&n| n > 0).unwrap_or(1));
                        }
                    }
                }
                vec![
                    Cell::from(i.id.to_string()),
                    Cell::from(i.title.best("en").unwrap_or_default()),
                    Cell::from(i.date.as_ref().map(|d| d.as_str().to_string())),
                    from,
                    to,
                    Cell::from(region_of(s, &i.places).map(|r| r.to_string())),
                    Cell::from(
                        i.places
                            .iter()
                            .rev()
                            .map(place)
                            .collect::<Vec<_>>()
                            .join(", "),
                    ),
                    Cell::from(i.status),
                    Cell::from(violations.join(";")),
                    Cell::Integer(victims),
                ]
            })
            .collect(),
    };

    let mut victim_incident = field(
        "incident",
        FieldType::String,
        "The incident (see incidents.csv).",
    );
    victim_incident.required = true;
    let mut age_from = field(
        "age_from",
        FieldType::Integer,
        "The youngest the victim may be, or the start of the age group.",
    );
    age_from.minimum = Some(0.0);
    let mut age_to = field(
        "age_to",
        FieldType::Integer,
        "The oldest the victim may be, or the end of the age group.",
    );
    age_to.minimum = Some(0.0);
    let mut minor = field(
        "minor",
        FieldType::Boolean,
        "True for a minor whose age is published only as under 18.",
    );
    minor.required = true;
    let mut group = field(
        "group_size",
        FieldType::Integer,
        "For a group victim, how many people it stands for.",
    );
    group.minimum = Some(1.0);
    let victims_res = Resource {
        name: "victims".into(),
        title: "Victims".into(),
        description: "One row per victim of each violation. Names appear only with a recorded consent to publication, or for public figures the policy names.".into(),
        fields: vec![
            victim_incident,
            field("violation", FieldType::String, "The violation, by code of the violation-types vocabulary."),
            field("name", FieldType::String, "The victim's name, only with consent; otherwise empty."),
            field("sex", FieldType::String, "By code of the sex vocabulary."),
            age_from,
            age_to,
            minor,
            group,
        ],
        primary_key: vec![],
        foreign_keys: vec![ForeignKey {
            fields: vec!["incident".into()],
            resource: "incidents".into(),
            reference_fields: vec!["id".into()],
        }],
        rows: published
            .incidents
            .iter()
            .flat_map(|i| {
                i.acts.iter().flat_map(move |a| {
                    a.victims.iter().map(move |v| {
                        let (from, to, minor) = match v.age {
                            Some(Age::Years(x, y)) => (Cell::Integer(x.into()), Cell::Integer(y.into()), false),
                            Some(Age::Minor) => (Cell::Missing, Cell::Missing, true),
                            None => (Cell::Missing, Cell::Missing, false),
                        };
                        vec![
                            Cell::from(i.id.to_string()),
                            Cell::from(a.violation.as_str()),
                            Cell::from(v.name.clone()),
                            Cell::from(v.sex.clone()),
                            from,
                            to,
                            Cell::Bool(minor),
                            Cell::from(v.group_size.map(i64::from)),
                        ]
                    })
                })
            })
            .collect(),
    };

    let mut year_key = field("year", FieldType::String, "The year, or `total`.");
    year_key.hxl = Some("#date+year".into());
    let mut violation_key = field(
        "violation",
        FieldType::String,
        "The violation-types code, or `total`.",
    );
    violation_key.hxl = Some("#impact+type".into());
    let mut perp_key = field(
        "perpetrator_type",
        FieldType::String,
        "The perpetrator-types code (empty code: not recorded), or `total`.",
    );
    perp_key.hxl = Some("#group+type".into());
    let mut region_key = field(
        "region",
        FieldType::String,
        "The region's id (see regions.csv; empty: no region recorded), or `total`.",
    );
    region_key.hxl = Some("#adm1+code".into());

    let cross = &tables.region_violation;
    let mut cross_rows = Vec::new();
    for (r, row) in cross.table.rows.iter().enumerate() {
        for (c, col) in cross.table.columns.iter().enumerate() {
            let [count, sup] = count_cell(cross.protected.cells[r][c]);
            cross_rows.push(vec![
                Cell::from(row.as_str()),
                Cell::from(col.as_str()),
                count,
                sup,
            ]);
        }
        let [count, sup] = count_cell(cross.protected.row_totals[r]);
        cross_rows.push(vec![
            Cell::from(row.as_str()),
            Cell::from("total"),
            count,
            sup,
        ]);
    }
    for (c, col) in cross.table.columns.iter().enumerate() {
        let [count, sup] = count_cell(cross.protected.column_totals[c]);
        cross_rows.push(vec![
            Cell::from("total"),
            Cell::from(col.as_str()),
            count,
            sup,
        ]);
    }
    let [count, sup] = count_cell(cross.protected.total);
    cross_rows.push(vec![Cell::from("total"), Cell::from("total"), count, sup]);
    let cross_res = Resource {
        name: cross.name.to_string(),
        title: "Victims by region and violation".into(),
        description: "Documented victims of each violation in each region, with the margins (`total`). A victim of several violations counts under each, so region totals here may exceed victims-by-region.".into(),
        fields: vec![
            region_key.clone(),
            violation_key.clone(),
            count_field("#affected"),
            suppressed_field(),
        ],
        primary_key: vec![],
        foreign_keys: vec![],
        rows: cross_rows,
    };

    let package = Package {
        name: format!("{}-publication", s.collection.name),
        title: s.collection.title.best("en").unwrap_or(&s.collection.name).to_string(),
        description: "Published incidents and statistics, with what the publication policy withholds left out and small counts hidden.".into(),
        version: String::new(),
        licenses: vec![License {
            name: s.policy.licence.clone(),
            path: None,
            title: None,
        }],
        created: Some(s.as_of.clone()),
        resources: vec![
            regions_res,
            incidents_res,
            victims_res,
            one_way_resource(&tables.years, "Victims by year", year_key, &|k| k.to_string()),
            one_way_resource(&tables.violations, "Victims by violation", violation_key, &|k| term(wk::VIOLATION_TYPES, k)),
            one_way_resource(&tables.perpetrators, "Victims by type of perpetrator", perp_key, &|k| term(wk::PERPETRATOR_TYPES, k)),
            one_way_resource(&tables.regions, "Victims by region", region_key, &|k| k.parse().map(|id| place(&id)).unwrap_or_default()),
            cross_res,
        ],
    };
    let listing: Vec<(String, String)> = package
        .resources
        .iter()
        .map(|r| (format!("data/{}.csv", r.name), r.title.clone()))
        .collect();
    let files = write(&package).unwrap_or_else(|e| {
        panic!("the open data package does not hold together (a bug in Memoria): {e}")
    });
    (files, listing)
}
