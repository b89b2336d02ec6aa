//! The incident list's cursor comes back in links and API requests, so any text can
//! arrive as one: parsing must refuse it cleanly or read a cursor that writes back to a
//! text reading the same cursor.

#![no_main]

use libfuzzer_sys::fuzz_target;
use memoria_search::IncidentCursor;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(cursor) = text.parse::<IncidentCursor>() {
        let written = cursor.to_string();
        assert_eq!(written.parse::<IncidentCursor>(), Ok(cursor));
        assert!(written.is_ascii() && written.len() <= 64);
    }
});
