//! Benchmark of descriptive counts over uncertain dates, against the target in
//! issue 6: counts over 1,000,000 acts with uncertain dates in ≤ 2 s.
//!
//! `cargo run --release -p memoria-estimate --example describe_bench` builds 1,000,000
//! synthetic acts dated 1990–2019 (60% known days, 20% months, 10% years, 5% ranges
//! of two to four months, 5% undated; one in ten with two kinds of perpetrator), and
//! prints for each count the median of 5 runs, next to a baseline measured in the
//! same run: summing the items' weights, which reads the same memory and does nothing
//! else.

use std::hint::black_box;
use std::time::{Duration, Instant};

use memoria_core::edtf::Day;
use memoria_core::entity::AgeRange;
use memoria_estimate::describe::{
    self, AgeBands, Dimension, Granularity, Item, Keys, Periods, When,
};
use rand::{Rng, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;

const ITEMS: usize = 1_000_000;
const RUNS: usize = 5;

fn main() {
    let mut keys = Keys::new();
    let items = synthetic(&mut keys);
    let months = Periods::covering(&items, Granularity::Month).expect("periods");
    let quarters = Periods::covering(&items, Granularity::Quarter).expect("periods");
    let years = Periods::covering(&items, Granularity::Year).expect("periods");
    let bands = AgeBands::standard();

    let baseline = median(|| {
        black_box(
            black_box(&items)
                .iter()
                .map(|i| u64::from(i.weight))
                .sum::<u64>(),
        );
    });
    println!(
        "{ITEMS} items of {} bytes, median of {RUNS} runs; baseline (sum of weights): {:.2} ms\n",
        std::mem::size_of::<Item>(),
        ms(baseline)
    );
    println!("{:<44} {:>10} {:>12}", "count", "median", "× baseline");
    let report = |name: &str, f: &mut dyn FnMut()| {
        let t = median(f);
        println!(
            "{name:<44} {:>7.2} ms {:>12.1}",
            ms(t),
            t.as_secs_f64() / baseline.as_secs_f64()
        );
    };
    report(&format!("by month ({} periods)", months.len()), &mut || {
        black_box(describe::by_period(black_box(&items), &months));
    });
    report(
        &format!("by quarter ({} periods)", quarters.len()),
        &mut || {
            black_box(describe::by_period(black_box(&items), &quarters));
        },
    );
    report(&format!("by year ({} periods)", years.len()), &mut || {
        black_box(describe::by_period(black_box(&items), &years));
    });
    report("by violation type", &mut || {
        black_box(describe::by_category(
            black_box(&items),
            &keys,
            Dimension::Violation,
        ));
    });
    report("by perpetrator (10% with two)", &mut || {
        black_box(describe::by_category(
            black_box(&items),
            &keys,
            Dimension::Perpetrator,
        ));
    });
    report("by age group (standard bands)", &mut || {
        black_box(describe::by_age(black_box(&items), &bands));
    });
    report("violation type × month", &mut || {
        black_box(describe::crosstab(
            black_box(&items),
            &months,
            &keys,
            Dimension::Violation,
        ));
    });
    report("covering periods (month)", &mut || {
        black_box(Periods::covering(black_box(&items), Granularity::Month).ok());
    });
}

fn synthetic(keys: &mut Keys) -> Vec<Item> {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(6);
    let violations: Vec<_> = (0..12)
        .map(|i| keys.intern(&format!("violation-{i}")))
        .collect();
    let kinds = ["police", "army", "militia", "unknown", "guards", "private"];
    let sexes = [
        keys.intern("female"),
        keys.intern("male"),
        keys.intern("other"),
    ];
    let first = Day::new(1990, 1, 1).expect("day").to_days();
    let last = Day::new(2019, 12, 31).expect("day").to_days();
    (0..ITEMS)
        .map(|_| {
            let day = Day::from_days(rng.random_range(first..=last));
            let month_start = Day::new(day.year, day.month, 1).expect("day");
            let roll: f64 = rng.random();
            let when = if roll < 0.60 {
                When::day(day)
            } else if roll < 0.80 {
                When::between(month_start, month_end(day.year, day.month))
            } else if roll < 0.90 {
                When::between(
                    Day::new(day.year, 1, 1).expect("day"),
                    Day::new(day.year, 12, 31).expect("day"),
                )
            } else if roll < 0.95 {
                let span = rng.random_range(1..=3);
                let m = i32::from(day.month) - 1 + span;
                let (y, m) = (day.year + m / 12, (m % 12) as u8 + 1);
                When::between(month_start, month_end(y.min(2019), m))
            } else {
                When::Undated
            };
            let perpetrator = if rng.random_bool(0.1) {
                keys.intern_all([kinds[rng.random_range(0..3)], kinds[rng.random_range(3..6)]])
            } else {
                keys.intern(kinds[rng.random_range(0..6)])
            };
            let age = rng.random_bool(0.7).then(|| {
                let a = rng.random_range(5..80);
                if rng.random_bool(0.2) {
                    AgeRange {
                        min: a - 2,
                        max: a + 2,
                    }
                } else {
                    AgeRange::exact(a)
                }
            });
            Item {
                weight: if rng.random_bool(0.02) {
                    rng.random_range(2..40)
                } else {
                    1
                },
                violation: violations[rng.random_range(0..violations.len())],
                perpetrator,
                sex: if rng.random_bool(0.9) {
                    sexes[rng.random_range(0..3)]
                } else {
                    Default::default()
                },
                age,
                ..Item::new(when)
            }
        })
        .collect()
}

fn month_end(year: i32, month: u8) -> Day {
    (28..=31)
        .rev()
        .find_map(|d| Day::new(year, month, d))
        .expect("every month has 28 days")
}

fn median(mut f: impl FnMut()) -> Duration {
    f(); // warm up
    let mut times: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    times.sort();
    times[RUNS / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
