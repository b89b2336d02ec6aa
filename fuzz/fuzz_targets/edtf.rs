//! EDTF values arrive from spreadsheets and forms, so the parser must survive any text,
//! and every value it accepts must print back to exactly what was written.

#![no_main]

use libfuzzer_sys::fuzz_target;
use memoria_core::edtf::{Day, Edtf};

fuzz_target!(|data: &[u8]| {
    let Ok(input) = std::str::from_utf8(data) else {
        return;
    };
    let value = match Edtf::parse(input) {
        Ok(value) => value,
        Err(e) => {
            // The error quotes at most a few dozen (possibly escaped) characters.
            assert!(e.reason.len() < 700, "error too long: {}", e.reason.len());
            return;
        }
    };
    let printed = value.to_string();
    assert_eq!(printed, input, "Display differs from the input");
    let again = Edtf::parse(&printed).expect("printed value must reparse");
    assert_eq!(again, value);
    assert_eq!(again.cmp(&value), std::cmp::Ordering::Equal);
    assert_eq!(
        (again.earliest(), again.latest()),
        (value.earliest(), value.latest())
    );
    if let (Some(earliest), Some(latest)) = (value.earliest(), value.latest()) {
        assert!(earliest <= latest, "{input}: {earliest} > {latest}");
    }
    for day in [value.earliest(), value.latest()].into_iter().flatten() {
        assert!(
            Day::new(day.year, day.month, day.day).is_some(),
            "{input}: {day}"
        );
        assert_eq!(Day::from_days(day.to_days()), day);
    }
});
