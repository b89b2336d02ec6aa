//! The incident list: filters, facets, sorting and pages.

use memoria_core::entity::{Entity, Perpetrator, Sensitivity, Status};
use memoria_core::id::RecordId;
use memoria_core::place::PlaceLevel;
use memoria_search::{IncidentFilter, IncidentSort};

use crate::world::{World, day, sorted};

/// A small country and seven incidents spread over its places and time.
pub struct Valdoria {
    pub w: World,
    pub country: RecordId,
    pub north: RecordId,
    pub south: RecordId,
    pub north_district: RecordId,
    pub north_town: RecordId,
    pub south_town: RecordId,
    pub unit: RecordId,
    /// 2020-03-15, north town, verified, extrajudicial execution by the unit (police).
    pub exact: RecordId,
    /// 2020-03, north district, draft, arbitrary detention (police).
    pub month: RecordId,
    /// 2020-03-10/2020-04-05, south town, under review, torture (armed group), restricted.
    pub interval: RecordId,
    /// 2019/.., south region, closed.
    pub open_end: RecordId,
    /// ../2018-06, the country.
    pub open_start: RecordId,
    /// 2021-05-01?, no place, killing of civilians.
    pub uncertain: RecordId,
    /// No date, north town.
    pub undated: RecordId,
}

impl Valdoria {
    pub fn new() -> Valdoria {
        Valdoria::in_world(World::new())
    }

    pub fn in_world(w: World) -> Valdoria {
        let country = w.place("Valdoria", PlaceLevel::Country, None);
        let north = w.place("North", PlaceLevel::Region, Some(country));
        let south = w.place("South", PlaceLevel::Region, Some(country));
        let north_district = w.place("Upper Vale", PlaceLevel::District, Some(north));
        let south_district = w.place("Lower Vale", PlaceLevel::District, Some(south));
        let north_town = w.place("Ashford", PlaceLevel::Locality, Some(north_district));
        let south_town = w.place("Brindle", PlaceLevel::Locality, Some(south_district));
        let unit = w.organization("Third Battalion", &[]);
        let mk = |title: &str,
                  date: Option<&str>,
                  place: Option<RecordId>,
                  status: Status,
                  confidentiality: Sensitivity| {
            w.add(Entity::Incident({
                let mut i = w.incident_body(title, date);
                i.place = place;
                i.status = status;
                i.confidentiality = confidentiality;
                i
            }))
        };
        let internal = Sensitivity::Internal;
        let exact = mk(
            "Execution at the mill",
            Some("2020-03-15"),
            Some(north_town),
            Status::Verified,
            internal,
        );
        let month = mk(
            "Arrests after the march",
            Some("2020-03"),
            Some(north_district),
            Status::Draft,
            internal,
        );
        let interval = mk(
            "Detention camp",
            Some("2020-03-10/2020-04-05"),
            Some(south_town),
            Status::UnderReview,
            Sensitivity::Restricted,
        );
        let open_end = mk(
            "Siege of the south",
            Some("2019/.."),
            Some(south),
            Status::Closed,
            internal,
        );
        let open_start = mk(
            "Early disappearances",
            Some("../2018-06"),
            Some(country),
            Status::Draft,
            internal,
        );
        let uncertain = mk(
            "Market bombing",
            Some("2021-05-01?"),
            None,
            Status::Draft,
            internal,
        );
        let undated = mk(
            "Undated report from the mill",
            None,
            Some(north_town),
            Status::Draft,
            internal,
        );
        let police = |org: Option<RecordId>| Perpetrator {
            person: None,
            organization: org,
            kind: Some("police".into()),
        };
        w.act(exact, "extrajudicial-execution", vec![police(Some(unit))]);
        w.act(month, "arbitrary-detention", vec![police(None)]);
        w.act(month, "arbitrary-detention", vec![police(None)]);
        w.act(
            interval,
            "torture",
            vec![Perpetrator {
                person: None,
                organization: None,
                kind: Some("non-state-armed-group".into()),
            }],
        );
        w.act(uncertain, "killing-of-civilians", vec![]);
        Valdoria {
            w,
            country,
            north,
            south,
            north_district,
            north_town,
            south_town,
            unit,
            exact,
            month,
            interval,
            open_end,
            open_start,
            uncertain,
            undated,
        }
    }

    fn ids(&self, filter: IncidentFilter) -> Vec<RecordId> {
        sorted(self.w.list_ids(filter))
    }
}

#[test]
fn date_ranges_match_every_incident_that_may_fall_in_them() {
    let v = Valdoria::new();
    let march = IncidentFilter {
        date_from: Some(day("2020-03-01")),
        date_to: Some(day("2020-03-31")),
        ..Default::default()
    };
    // The day, the month, the interval overlapping it and the open end; not the open
    // start that ended in 2018, the 2021 date, or the undated.
    assert_eq!(
        v.ids(march),
        sorted(vec![v.exact, v.month, v.interval, v.open_end])
    );
    // One day inside the month: the month and the interval may have been that day.
    let one = IncidentFilter {
        date_from: Some(day("2020-03-20")),
        date_to: Some(day("2020-03-20")),
        ..Default::default()
    };
    assert_eq!(v.ids(one), sorted(vec![v.month, v.interval, v.open_end]));
    // Open-ended filters.
    let before = IncidentFilter {
        date_to: Some(day("2018-01-01")),
        ..Default::default()
    };
    assert_eq!(v.ids(before), [v.open_start]);
    let after = IncidentFilter {
        date_from: Some(day("2021-01-01")),
        ..Default::default()
    };
    assert_eq!(v.ids(after), sorted(vec![v.open_end, v.uncertain]));
    // Up to the last day of the interval, and from the day after it.
    let edge = |from: &str| IncidentFilter {
        date_from: Some(day(from)),
        date_to: Some(day("2020-12-31")),
        ..Default::default()
    };
    assert!(v.ids(edge("2020-04-05")).contains(&v.interval));
    assert!(!v.ids(edge("2020-04-06")).contains(&v.interval));
}

#[test]
fn rows_carry_the_span_and_its_uncertainty() {
    let v = Valdoria::new();
    let page = v.w.list(IncidentFilter::default());
    let row = |id| page.rows.iter().find(|r| r.id == id).unwrap().clone();
    let exact = row(v.exact);
    assert_eq!(
        (exact.earliest, exact.latest),
        (Some(day("2020-03-15")), Some(day("2020-03-15")))
    );
    assert!(!exact.date_uncertain);
    let month = row(v.month);
    assert_eq!(
        (month.earliest, month.latest),
        (Some(day("2020-03-01")), Some(day("2020-03-31")))
    );
    assert!(month.date_uncertain);
    let open_end = row(v.open_end);
    assert_eq!(
        (open_end.earliest, open_end.latest),
        (Some(day("2019-01-01")), None)
    );
    assert!(open_end.date_uncertain);
    let open_start = row(v.open_start);
    assert_eq!(
        (open_start.earliest, open_start.latest),
        (None, Some(day("2018-06-30")))
    );
    assert!(row(v.uncertain).date_uncertain);
    let undated = row(v.undated);
    assert_eq!(
        (undated.earliest, undated.latest, undated.date_uncertain),
        (None, None, false)
    );
}

#[test]
fn a_place_matches_everything_below_it() {
    let v = Valdoria::new();
    let at = |p| IncidentFilter {
        place: Some(p),
        ..Default::default()
    };
    assert_eq!(
        v.ids(at(v.country)),
        sorted(vec![
            v.exact,
            v.month,
            v.interval,
            v.open_end,
            v.open_start,
            v.undated
        ])
    );
    assert_eq!(
        v.ids(at(v.north)),
        sorted(vec![v.exact, v.month, v.undated])
    );
    assert_eq!(
        v.ids(at(v.north_district)),
        sorted(vec![v.exact, v.month, v.undated])
    );
    assert_eq!(v.ids(at(v.north_town)), sorted(vec![v.exact, v.undated]));
    assert_eq!(v.ids(at(v.south)), sorted(vec![v.interval, v.open_end]));
    assert_eq!(v.ids(at(v.south_town)), [v.interval]);
    assert!(v.ids(at(RecordId::random())).is_empty());
}

#[test]
fn place_facets_count_one_level_down() {
    let v = Valdoria::new();
    // A collection about one country is counted by region.
    let page = v.w.list(IncidentFilter::default());
    assert_eq!(
        sorted_facet(page.facets.place),
        sorted_facet(vec![(v.north, 3), (v.south, 2)])
    );
    // Under a region: its districts (here one, so its towns).
    let page = v.w.list(IncidentFilter {
        place: Some(v.north),
        ..Default::default()
    });
    assert_eq!(page.facets.place, [(v.north_town, 2)]);
    let page = v.w.list(IncidentFilter {
        place: Some(v.south),
        ..Default::default()
    });
    assert_eq!(page.total, 2);
    assert_eq!(page.facets.place.iter().map(|(_, n)| n).sum::<u64>(), 1);
}

fn sorted_facet(mut f: Vec<(RecordId, u64)>) -> Vec<(RecordId, u64)> {
    f.sort();
    f
}

#[test]
fn violations_match_their_broader_terms_and_are_counted() {
    let v = Valdoria::new();
    let by = |code: &str| {
        v.ids(IncidentFilter {
            violation: Some(code.into()),
            ..Default::default()
        })
    };
    assert_eq!(by("extrajudicial-execution"), [v.exact]);
    assert_eq!(by("killing"), sorted(vec![v.exact, v.uncertain]));
    assert_eq!(
        by("right-to-life-violations"),
        sorted(vec![v.exact, v.uncertain])
    );
    assert_eq!(by("right-to-liberty-violations"), [v.month]);
    assert_eq!(by("torture-and-ill-treatment"), [v.interval]);
    assert!(by("rape").is_empty());
    let page = v.w.list(IncidentFilter::default());
    let mut violation = page.facets.violation.clone();
    violation.sort();
    // Counted by the code on the acts; two acts of one incident count once.
    assert_eq!(
        violation,
        [
            ("arbitrary-detention".to_string(), 1),
            ("extrajudicial-execution".to_string(), 1),
            ("killing-of-civilians".to_string(), 1),
            ("torture".to_string(), 1),
        ]
    );
}

#[test]
fn perpetrators_match_by_unit_or_kind() {
    let v = Valdoria::new();
    let by = |p: String| {
        v.ids(IncidentFilter {
            perpetrator: Some(p),
            ..Default::default()
        })
    };
    assert_eq!(by(v.unit.to_string()), [v.exact]);
    assert_eq!(by("police".into()), sorted(vec![v.exact, v.month]));
    assert_eq!(by("non-state-armed-group".into()), [v.interval]);
    let page = v.w.list(IncidentFilter::default());
    assert_eq!(
        page.facets.perpetrator_kind,
        [
            ("police".to_string(), 2),
            ("non-state-armed-group".to_string(), 1)
        ]
    );
}

#[test]
fn status_and_confidentiality_filter_and_facet() {
    let v = Valdoria::new();
    let page = v.w.list(IncidentFilter::default());
    assert_eq!(page.total, 7);
    assert_eq!(
        page.facets.status,
        [
            (Status::Draft, 4),
            (Status::UnderReview, 1),
            (Status::Verified, 1),
            (Status::Closed, 1)
        ]
    );
    assert_eq!(
        page.facets.confidentiality,
        [(Sensitivity::Internal, 6), (Sensitivity::Restricted, 1)]
    );
    let drafts = v.w.list(IncidentFilter {
        status: Some(Status::Draft),
        ..Default::default()
    });
    assert_eq!(
        sorted(drafts.rows.iter().map(|r| r.id).collect()),
        sorted(vec![v.month, v.open_start, v.uncertain, v.undated])
    );
    // Facets follow the filter.
    assert_eq!(drafts.facets.status, [(Status::Draft, 4)]);
    assert_eq!(drafts.facets.violation.len(), 2);
    // Two filters at once.
    let two = v.w.list(IncidentFilter {
        status: Some(Status::Draft),
        place: Some(v.north),
        ..Default::default()
    });
    assert_eq!(
        sorted(two.rows.iter().map(|r| r.id).collect()),
        sorted(vec![v.month, v.undated])
    );
    let restricted = v.ids(IncidentFilter {
        confidentiality: Some(Sensitivity::Restricted),
        ..Default::default()
    });
    assert_eq!(restricted, [v.interval]);
    let in_collection = v.ids(IncidentFilter {
        collection: Some(v.w.collection),
        ..Default::default()
    });
    assert_eq!(in_collection.len(), 7);
    assert!(
        v.ids(IncidentFilter {
            collection: Some(RecordId::random()),
            ..Default::default()
        })
        .is_empty()
    );
}

#[test]
fn text_narrows_the_list() {
    let v = Valdoria::new();
    let by = |t: &str| {
        v.ids(IncidentFilter {
            text: Some(t.into()),
            ..Default::default()
        })
    };
    assert_eq!(by("mill"), sorted(vec![v.exact, v.undated]));
    assert_eq!(by("MILL execution"), [v.exact]);
    assert_eq!(by("detension"), [v.interval], "misspelled");
    let t = v.w.list(IncidentFilter {
        text: Some("mill".into()),
        ..Default::default()
    });
    assert_eq!(t.facets.status.iter().map(|(_, n)| n).sum::<u64>(), 2);
}

#[test]
fn sorting_puts_undated_last_and_pages_partition_the_list() {
    let v = Valdoria::new();
    let order = |sort| {
        v.w.list_ids(IncidentFilter {
            sort,
            ..Default::default()
        })
    };
    // By the earliest possible day, or the latest for an open start.
    assert_eq!(
        order(IncidentSort::DateAsc),
        [
            v.open_start,
            v.open_end,
            v.month,
            v.interval,
            v.exact,
            v.uncertain,
            v.undated
        ]
    );
    assert_eq!(
        order(IncidentSort::DateDesc),
        [
            v.uncertain,
            v.exact,
            v.interval,
            v.month,
            v.open_end,
            v.open_start,
            v.undated
        ]
    );
    assert_eq!(
        order(IncidentSort::default()),
        order(IncidentSort::DateDesc)
    );
    // Most recently written first: acts count as writes to their incident.
    let updated = order(IncidentSort::UpdatedDesc);
    assert_eq!(updated[0], v.uncertain, "its act was the last write");
    v.w.update(v.open_start, |e| {
        if let Entity::Incident(i) = e {
            i.status = Status::Verified;
        }
    });
    assert_eq!(order(IncidentSort::UpdatedDesc)[0], v.open_start);

    let full = order(IncidentSort::DateAsc);
    let mut paged = Vec::new();
    for offset in (0..8).step_by(3) {
        let page =
            v.w.index
                .incidents(
                    &IncidentFilter {
                        sort: IncidentSort::DateAsc,
                        offset,
                        limit: 3,
                        ..Default::default()
                    },
                    &memoria_search::Scope::everything(),
                )
                .unwrap();
        assert_eq!(page.total, 7);
        assert!(page.rows.len() <= 3);
        paged.extend(page.rows.into_iter().map(|r| r.id));
    }
    assert_eq!(paged, full);
    // A limit of 0: the total and facets alone.
    let counts =
        v.w.index
            .incidents(
                &IncidentFilter::default(),
                &memoria_search::Scope::everything(),
            )
            .unwrap();
    assert_eq!((counts.total, counts.rows.len()), (7, 0));
    let deep =
        v.w.index
            .incidents(
                &IncidentFilter {
                    offset: memoria_search::MAX_OFFSET + 1,
                    limit: 10,
                    ..Default::default()
                },
                &memoria_search::Scope::everything(),
            )
            .unwrap();
    assert_eq!((deep.total, deep.rows.len()), (7, 0));
    assert_eq!(counts.facets.status.iter().map(|(_, n)| n).sum::<u64>(), 7);
    let _ = v.country;
}

/// Paging with a cursor — each page asks for the rows after the last one seen — gives
/// the same list as one long page, in every order, undated incidents and equal keys
/// included, and reaches as deep as the list goes.
#[test]
fn cursors_page_through_the_whole_list_in_every_order() {
    let v = Valdoria::new();
    // Two more on one day, so that equal keys are ordered by id.
    let twin_a = v.w.incident("Twin A", Some("2021-06-01"));
    let twin_b = v.w.incident("Twin B", Some("2021-06-01"));
    let _ = (twin_a, twin_b);
    let scope = memoria_search::Scope::everything();
    for sort in [
        IncidentSort::DateAsc,
        IncidentSort::DateDesc,
        IncidentSort::UpdatedDesc,
    ] {
        let full = v.w.list_ids(IncidentFilter {
            sort,
            ..Default::default()
        });
        assert_eq!(full.len(), 9);
        for size in [1, 2, 4] {
            let mut paged = Vec::new();
            let mut after = None;
            loop {
                let page =
                    v.w.index
                        .incidents(
                            &IncidentFilter {
                                sort,
                                after,
                                limit: size,
                                ..Default::default()
                            },
                            &scope,
                        )
                        .unwrap();
                assert_eq!(page.total, 9, "the total counts every row");
                let Some(last) = page.rows.last() else { break };
                // Through text and back, as a link carries it.
                let text = last.cursor.to_string();
                let parsed: memoria_search::IncidentCursor = text.parse().unwrap();
                assert_eq!(parsed, last.cursor);
                after = Some(parsed);
                paged.extend(page.rows.iter().map(|r| r.id));
            }
            assert_eq!(paged, full, "{sort:?} in pages of {size}");
        }
    }
    // A cursor of another order is not applied to this one.
    let first = v.w.list(IncidentFilter {
        sort: IncidentSort::DateAsc,
        limit: 1,
        ..Default::default()
    });
    let other = v.w.list(IncidentFilter {
        sort: IncidentSort::DateDesc,
        after: Some(first.rows[0].cursor),
        ..Default::default()
    });
    assert_eq!(other.rows.len(), 9);
    for bad in [
        "",
        "x0-1.00",
        "d2-1.0000",
        "d0abc.00000000000000000000000000000000",
        "d0-1.zz",
    ] {
        assert!(
            bad.parse::<memoria_search::IncidentCursor>().is_err(),
            "{bad}"
        );
    }
}

/// Replays the `incident_cursor` fuzzer's corpus (`fuzz/corpus/incident_cursor`): every
/// text parses to a cursor that writes back to itself, or is refused.
#[test]
fn the_cursor_corpus_replays() {
    let dir =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/corpus/incident_cursor");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        n += 1;
        let Ok(text) = std::str::from_utf8(&bytes) else {
            continue;
        };
        if let Ok(c) = text.parse::<memoria_search::IncidentCursor>() {
            assert_eq!(
                c.to_string().parse::<memoria_search::IncidentCursor>(),
                Ok(c)
            );
        }
    }
    assert!(n > 0, "the cursor corpus is empty");
}
