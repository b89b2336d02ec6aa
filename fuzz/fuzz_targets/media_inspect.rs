//! Evidence files arrive from anyone: sniffing, inspecting and stripping must survive
//! any bytes, and a stripped copy must be clean: of the same type, with no EXIF, XMP,
//! C2PA or text left, and stripping it again must change nothing.
//! (`crates/memoria-media/tests/it/hostile.rs` checks the same on every test run.)

#![no_main]

use libfuzzer_sys::fuzz_target;
use memoria_media::{MAX_WARNINGS, extension_mismatch, inspect, sniff, strip};

fuzz_target!(|data: &[u8]| {
    let t = sniff(data);
    let _ = extension_mismatch("evidence.jpg", &t);
    let m = inspect(data);
    assert_eq!(m.media_type, t);
    assert!(m.warnings.len() <= MAX_WARNINGS);
    if let Ok(s) = strip(data) {
        let after = inspect(&s.bytes);
        assert_eq!(after.media_type, t);
        assert!(after.exif.is_none(), "EXIF left after stripping");
        assert!(after.xmp.is_none(), "XMP left after stripping");
        assert!(after.c2pa.is_none(), "C2PA left after stripping");
        assert!(after.text.is_empty(), "text left after stripping");
        let again = strip(&s.bytes).expect("a stripped copy strips again");
        assert_eq!(again.bytes, s.bytes, "stripping is not idempotent");
    }
});
