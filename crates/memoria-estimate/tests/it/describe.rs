//! Descriptive counts over uncertain dates: spreading by days, min–max bands, what
//! has no value, age groups, categories and cross-tabulations.

use memoria_core::Edtf;
use memoria_core::edtf::Day;
use memoria_core::entity::{Act, AgeRange, Incident, Perpetrator, Person};
use memoria_core::id::RecordId;
use memoria_core::place::PlaceLevel;
use memoria_core::text::MultiText;
use memoria_estimate::describe::{
    self, AgeBands, Counts, DescribeError, Dimension, Granularity, Item, Key, Keys, Periods, When,
};

fn day(y: i32, m: u8, d: u8) -> Day {
    Day::new(y, m, d).unwrap()
}

fn dated(edtf: &str) -> Item {
    Item::new(When::from(&Edtf::parse(edtf).unwrap()))
}

fn months(year: i32) -> Periods {
    Periods::new(Granularity::Month, day(year, 1, 1), day(year, 12, 31)).unwrap()
}

/// The spread counts, to six decimals (shares are exact to 2^-20).
fn rounded(counts: &Counts) -> Vec<f64> {
    counts
        .spread
        .iter()
        .map(|v| (v * 1e6).round() / 1e6)
        .collect()
}

/// Every item's weight is somewhere, to the last bit.
#[track_caller]
fn assert_whole(counts: &Counts) {
    let accounted =
        counts.counted() + counts.outside + (counts.no_value + counts.open_ended) as f64;
    assert_eq!(accounted, counts.total as f64, "{counts:?}");
}

#[test]
fn a_year_is_spread_over_its_months_in_proportion_to_days() {
    let counts = describe::by_period(&[dated("1999")], &months(1999));
    let days = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    for (m, (&share, d)) in counts.spread.iter().zip(days).enumerate() {
        let exact = f64::from(d) / 365.0;
        assert!(
            (share - exact).abs() < 1e-6,
            "month {}: {share} vs {exact}",
            m + 1
        );
    }
    assert_eq!(counts.counted(), 1.0);
    // Never piled onto January.
    assert!(counts.spread[0] < 0.09);
    // The band: in no month surely, in every month possibly.
    assert_eq!(counts.min, [0; 12]);
    assert_eq!(counts.max, [1; 12]);
    assert_whole(&counts);
}

#[test]
fn a_leap_year_gives_february_29_days() {
    let counts = describe::by_period(&[dated("2000")], &months(2000));
    assert!((counts.spread[1] - 29.0 / 366.0).abs() < 1e-6);
    assert_eq!(counts.counted(), 1.0);
}

#[test]
fn march_to_may_is_spread_over_two_quarters() {
    let quarters = Periods::new(Granularity::Quarter, day(2003, 1, 1), day(2003, 12, 31)).unwrap();
    assert_eq!(
        quarters.labels(),
        ["2003-Q1", "2003-Q2", "2003-Q3", "2003-Q4"]
    );
    let counts = describe::by_period(&[dated("2003-03/2003-05")], &quarters);
    assert_eq!(rounded(&counts), [0.336957, 0.663043, 0.0, 0.0]); // 31/92, 61/92
    assert_eq!(
        counts.spread[0],
        (31.0f64 / 92.0 * 1048576.0).round() / 1048576.0
    );
    assert_eq!(counts.min, [0, 0, 0, 0]);
    assert_eq!(counts.max, [1, 1, 0, 0]);
    assert_eq!(counts.counted(), 1.0);
}

#[test]
fn bands_count_what_is_sure_and_what_is_possible() {
    let items = [
        dated("1999-03-04"),
        dated("1999-03"),
        dated("1999-03~"), // a qualifier does not widen the span
        dated("1999-02-20/1999-03-10"),
        dated("1999"),
    ];
    let counts = describe::by_period(&items, &months(1999));
    assert_eq!(counts.min[2], 3);
    assert_eq!(counts.max[2], 5);
    assert_eq!(counts.min[1], 0);
    assert_eq!(counts.max[1], 2);
    assert_eq!(&counts.max[3..], [1; 9]);
    // 9 of the 19 days of the range fall in February, 10 in March.
    let feb = 9.0 / 19.0 + 28.0 / 365.0;
    assert!(
        (counts.spread[1] - feb).abs() < 1e-5,
        "{}",
        counts.spread[1]
    );
    assert_eq!(counts.counted(), 5.0);
}

#[test]
fn weights_count_group_victims() {
    let item = Item {
        weight: 37,
        ..dated("1999")
    };
    let counts = describe::by_period(&[item], &months(1999));
    assert!((counts.spread[1] - 37.0 * 28.0 / 365.0).abs() < 1e-5);
    assert_eq!(counts.counted(), 37.0);
    assert_eq!(counts.max[0], 37);
    assert_eq!(counts.total, 37);
}

#[test]
fn undated_and_open_ended_items_are_counted_apart() {
    let items = [
        Item::new(When::Undated),
        Item::new(When::of(None)),
        dated("1999/.."),
        dated("../2003"),
        dated("1999-05/"),
        dated("1999-05-01"),
    ];
    let counts = describe::by_period(&items, &months(1999));
    assert_eq!(counts.no_value, 2);
    assert_eq!(counts.open_ended, 3);
    assert_eq!(counts.total, 6);
    assert_eq!(counts.counted(), 1.0);
    assert_eq!(counts.spread[4], 1.0);
    assert_whole(&counts);
    // Nor do they stretch the periods.
    let covering = Periods::covering(&items, Granularity::Year).unwrap();
    assert_eq!(covering.labels(), ["1999"]);
}

#[test]
fn what_falls_beyond_the_periods_is_counted_as_outside() {
    let june = Periods::new(Granularity::Month, day(1999, 6, 10), day(1999, 6, 10)).unwrap();
    assert_eq!(june.labels(), ["1999-06"]);
    let items = [dated("1999"), dated("1998-12-31"), dated("1999-06-30")];
    let counts = describe::by_period(&items, &june);
    assert!((counts.spread[0] - (1.0 + 30.0 / 365.0)).abs() < 1e-6);
    assert!((counts.outside - (1.0 + 335.0 / 365.0)).abs() < 1e-6);
    assert_eq!((counts.min[0], counts.max[0]), (1, 2));
    assert_whole(&counts);

    // With no dated item at all there are no periods, and nothing is lost.
    let none = Periods::covering(&[Item::new(When::Undated)], Granularity::Month).unwrap();
    assert!(none.is_empty());
    let counts = describe::by_period(&items, &none);
    assert_eq!(counts.outside, 3.0);
}

#[test]
fn totals_are_preserved_exactly_over_many_awkward_spans() {
    // Spans of every length from 1 to 2,000 days, starting on every weekday of a few
    // years, with weights that do not divide anything evenly.
    let mut items = Vec::new();
    let start = day(1995, 1, 1).to_days();
    for i in 0..4000i64 {
        let lo = start + (i * 37) % 3000;
        let hi = lo + (i * 7919) % 2000;
        let when = When::from_days(lo, hi);
        items.push(Item {
            weight: (i % 13 + 1) as u32,
            ..Item::new(when)
        });
    }
    items.push(Item::new(When::OpenEnded));
    let total: u64 = items.iter().map(|i| u64::from(i.weight)).sum();
    for g in [Granularity::Year, Granularity::Quarter, Granularity::Month] {
        let all = Periods::covering(&items, g).unwrap();
        let counts = describe::by_period(&items, &all);
        assert_eq!(counts.total, total);
        assert_eq!(counts.outside, 0.0);
        assert_eq!(counts.counted(), (total - 1) as f64, "{g:?}");
        // Summed in another order, still exact.
        assert_eq!(counts.spread.iter().rev().sum::<f64>(), (total - 1) as f64);
        assert!(
            counts
                .spread
                .iter()
                .zip(&counts.min)
                .all(|(&s, &m)| s >= m as f64)
        );
        assert!(
            counts
                .spread
                .iter()
                .zip(&counts.max)
                .all(|(&s, &m)| s <= m as f64)
        );
        // A narrower window loses nothing either.
        let part = Periods::new(g, day(1997, 2, 14), day(1999, 8, 1)).unwrap();
        assert_whole(&describe::by_period(&items, &part));
    }
}

#[test]
fn periods_have_labels_and_limits() {
    let years = Periods::new(Granularity::Year, day(1999, 7, 1), day(2001, 2, 1)).unwrap();
    assert_eq!(years.labels(), ["1999", "2000", "2001"]);
    assert_eq!(years.get(1).first, day(2000, 1, 1));
    assert_eq!(years.get(1).last, day(2000, 12, 31));
    let months = Periods::new(Granularity::Month, day(1999, 11, 30), day(2000, 2, 1)).unwrap();
    assert_eq!(
        months.labels(),
        ["1999-11", "1999-12", "2000-01", "2000-02"]
    );
    assert_eq!(
        Periods::new(Granularity::Month, day(2000, 1, 1), day(1999, 1, 1)),
        Err(DescribeError::Reversed)
    );
    let far = Periods::new(Granularity::Month, day(-9000, 1, 1), day(2000, 1, 1));
    assert!(matches!(far, Err(DescribeError::TooManyPeriods { .. })));
    // A date in year 20 billion is open-ended for counting, not a reason to fill memory.
    assert_eq!(
        When::from(&Edtf::parse("Y20000000000").unwrap()),
        When::OpenEnded
    );
}

#[test]
fn ages_are_grouped_and_uncertain_ages_spread_by_years() {
    let bands = AgeBands::standard();
    assert_eq!(bands.labels(), ["0–17", "18–29", "30–44", "45–59", "60+"]);
    let aged = |min, max| Item {
        age: Some(AgeRange { min, max }),
        ..Item::new(When::Undated)
    };
    let items = [
        aged(16, 20), // "about 18": 2 of 5 years are a child's
        aged(30, 30),
        aged(70, 95),
        aged(0, 17), // "a minor"
        Item::new(When::Undated),
    ];
    let counts = describe::by_age(&items, &bands);
    assert_eq!(rounded(&counts), [1.4, 0.6, 1.0, 0.0, 1.0]);
    assert_eq!(counts.min, [1, 0, 1, 0, 1]);
    assert_eq!(counts.max, [2, 1, 1, 0, 1]);
    assert_eq!(counts.no_value, 1);
    assert_eq!(counts.open_ended, 0);
    assert_whole(&counts);

    // Bands of the caller's choosing; younger than the first is outside.
    let adults = AgeBands::new(&[18, 65]).unwrap();
    assert_eq!(adults.labels(), ["18–64", "65+"]);
    let counts = describe::by_age(&items, &adults);
    assert_eq!(rounded(&counts), [1.6, 1.0]);
    assert!((counts.outside - 1.4).abs() < 1e-6);
    assert_whole(&counts);

    assert_eq!(AgeBands::new(&[]), Err(DescribeError::NoBands));
    assert_eq!(
        AgeBands::new(&[0, 18, 18]),
        Err(DescribeError::BandsNotIncreasing)
    );
}

#[test]
fn categories_count_items_with_no_value_and_several_values() {
    let mut keys = Keys::new();
    let killing = keys.intern("killing");
    let torture = keys.intern("torture");
    let police = keys.intern("police");
    let both = keys.intern_all(["police", "army", "police"]);
    assert_eq!(keys.code(both), "police+army");
    assert_eq!(keys.members(both).len(), 2);
    assert_eq!(keys.intern_all(["police"]), police);
    assert_eq!(keys.intern_all(Vec::<String>::new()), Key::NONE);
    assert_eq!(keys.intern_all(["army", "police"]), both);

    let item = |violation, perpetrator, weight| Item {
        violation,
        perpetrator,
        weight,
        ..Item::new(When::Undated)
    };
    let items = [
        item(killing, police, 1),
        item(killing, both, 3),
        item(torture, Key::NONE, 1),
        item(Key::NONE, police, 2),
    ];
    let by_violation = describe::by_category(&items, &keys, Dimension::Violation);
    let rows: Vec<(&str, u64)> = by_violation
        .rows
        .iter()
        .map(|r| (r.code.as_str(), r.count))
        .collect();
    assert_eq!(rows, [("killing", 4), ("torture", 1)]);
    assert_eq!((by_violation.no_value, by_violation.total), (2, 7));
    assert_eq!(by_violation.multi_valued, 0);

    let by_perpetrator = describe::by_category(&items, &keys, Dimension::Perpetrator);
    let rows: Vec<(&str, u64)> = by_perpetrator
        .rows
        .iter()
        .map(|r| (r.code.as_str(), r.count))
        .collect();
    assert_eq!(rows, [("police", 6), ("army", 3)]);
    assert_eq!(by_perpetrator.no_value, 1);
    assert_eq!(by_perpetrator.multi_valued, 3);
}

#[test]
fn places_are_counted_at_the_level_asked() {
    let mut keys = Keys::new();
    let mut item = Item::new(When::Undated);
    item.set_place(PlaceLevel::Country, keys.intern("XV"));
    item.set_place(PlaceLevel::Region, keys.intern("north"));
    let mut other = item;
    other.set_place(PlaceLevel::Region, keys.intern("south"));
    let country_only = {
        let mut i = Item::new(When::Undated);
        i.set_place(PlaceLevel::Country, keys.intern("XV"));
        i
    };
    let items = [item, other, country_only];
    let countries = describe::by_category(&items, &keys, Dimension::Place(PlaceLevel::Country));
    assert_eq!((countries.rows.len(), countries.rows[0].count), (1, 3));
    let regions = describe::by_category(&items, &keys, Dimension::Place(PlaceLevel::Region));
    assert_eq!(regions.rows.len(), 2);
    assert_eq!(regions.no_value, 1);
}

#[test]
fn crosstabs_count_each_value_over_time() {
    let mut keys = Keys::new();
    let killing = keys.intern("killing");
    let torture = keys.intern("torture");
    let police = keys.intern("police");
    let army = keys.intern("army");
    let both = keys.intern_all(["police", "army"]);
    let item = |date: &str, violation, perpetrator| Item {
        violation,
        perpetrator,
        ..dated(date)
    };
    let items = [
        item("2000-02-01", killing, police),
        item("2000", killing, both),
        item("2001-03", torture, army),
        item("2001/..", torture, police),
        Item {
            violation: killing,
            ..Item::new(When::Undated)
        },
        item("2000-07-07", Key::NONE, Key::NONE),
    ];
    let years = Periods::covering(&items, Granularity::Year).unwrap();
    assert_eq!(years.labels(), ["2000", "2001"]);

    let table = describe::crosstab(&items, &years, &keys, Dimension::Violation);
    assert_eq!(table.total, 6);
    assert_eq!(table.rows.len(), 2);
    let killing_row = &table.rows[0];
    assert_eq!(killing_row.code, "killing");
    assert_eq!(killing_row.counts.spread, [2.0, 0.0]);
    assert_eq!(killing_row.counts.no_value, 1);
    assert_eq!(killing_row.counts.total, 3);
    let torture_row = &table.rows[1];
    assert_eq!(torture_row.counts.spread, [0.0, 1.0]);
    assert_eq!(torture_row.counts.open_ended, 1);
    assert_eq!(table.no_value.spread, [1.0, 0.0]);
    assert_eq!(table.multi_valued, 0);

    let quarters = Periods::covering(&items, Granularity::Quarter).unwrap();
    let table = describe::crosstab(&items, &quarters, &keys, Dimension::Perpetrator);
    assert_eq!(table.multi_valued, 1);
    let police_row = table.rows.iter().find(|r| r.key == police).unwrap();
    assert_eq!(quarters.len(), 5);
    // The whole-year act with both kinds is shared over 2000's quarters in each row.
    assert_eq!(police_row.counts.max[..4], [2, 1, 1, 1]);
    assert_eq!(police_row.counts.min[..4], [1, 0, 0, 0]);
    assert_eq!(police_row.counts.open_ended, 1);
    assert_whole(&police_row.counts);
    let army_row = table.rows.iter().find(|r| r.key == army).unwrap();
    assert!((army_row.counts.spread[0] - 91.0 / 366.0).abs() < 1e-6);
    assert_eq!(army_row.counts.spread[4], 1.0);
    assert_eq!(table.no_value.no_value, 1);
}

#[test]
fn items_are_built_from_acts_and_victims() {
    let collection = RecordId::random();
    let incident = Incident {
        collection,
        title: MultiText::single("en", "raid"),
        narrative: MultiText::new(),
        public_narrative: memoria_core::text::MultiText::new(),
        date: Some(Edtf::parse("2003-03/2003-05").unwrap()),
        place: None,
        point: None,
        status: Default::default(),
        confidentiality: Default::default(),
        external_id: None,
    };
    let perpetrator = |kind: Option<&str>| Perpetrator {
        person: None,
        organization: None,
        kind: kind.map(str::to_string),
    };
    let act = Act {
        incident: RecordId::random(),
        violation: "arbitrary-detention".into(),
        victims: vec![],
        perpetrators: vec![
            perpetrator(Some("police")),
            perpetrator(None),
            perpetrator(Some("army")),
        ],
        date: None,
        place: None,
        method: None,
        rights_violated: vec![],
    };
    let mut keys = Keys::new();
    let item = Item::from_act(&act, Some(&incident), &mut keys);
    assert_eq!(item.when, When::between(day(2003, 3, 1), day(2003, 5, 31)));
    assert_eq!(keys.code(item.violation), "arbitrary-detention");
    assert_eq!(keys.code(item.perpetrator), "police+army");
    assert_eq!(item.weight, 1);
    assert_eq!(Item::from_act(&act, None, &mut keys).when, When::Undated);

    let group = Person {
        collection,
        names: vec![],
        roles: vec![],
        sex: Some("female".into()),
        birth_date: None,
        age: Some(AgeRange::exact(30)),
        group_size: Some(12),
        sensitive: Default::default(),
        sensitivity: Default::default(),
    };
    let victim = Item::from_victim(&group, &act, Some(&incident), &mut keys);
    assert_eq!(victim.weight, 12);
    assert_eq!(keys.code(victim.sex), "female");
    assert_eq!(victim.age, Some(AgeRange::exact(30)));
    assert_eq!(Item::from_incident(&incident).when, item.when);
}
