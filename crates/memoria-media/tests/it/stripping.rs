//! Stripping removes every metadata block, keeps the pixels byte for byte, and
//! refuses what it cannot strip.

use memoria_media::{MediaType, StripError, inspect, strip};

use crate::{STRIPPABLE, contains, fixture};

/// What inspecting the stripped copy must find: the same image, nothing else.
fn assert_clean(name: &str, original: &[u8], stripped: &[u8]) {
    let before = inspect(original);
    let after = inspect(stripped);
    assert_eq!(after.media_type, before.media_type, "{name}");
    assert_eq!(
        (after.width, after.height),
        (before.width, before.height),
        "{name}"
    );
    assert_eq!(after.exif, None, "{name}");
    assert_eq!(after.xmp, None, "{name}");
    assert_eq!(after.c2pa, None, "{name}");
    assert!(after.text.is_empty(), "{name}: {:?}", after.text);
    assert!(!after.has_metadata(), "{name}");
    assert!(after.warnings.is_empty(), "{name}: {:?}", after.warnings);
    // The only other block left is the ICC profile.
    assert!(
        after.other.iter().all(|o| o == "ICC profile"),
        "{name}: {:?}",
        after.other
    );
}

#[test]
fn every_metadata_block_is_removed() {
    let mut report = Vec::new();
    for name in STRIPPABLE {
        let original = fixture(name);
        let s = strip(&original).unwrap();
        assert_clean(name, &original, &s.bytes);
        report.push(format!(
            "{name}: removed {:?}, kept {:?}, warnings {:?}",
            s.removed, s.kept, s.warnings
        ));
    }
    expect_test::expect![[r#"
        photo.jpg: removed ["C2PA", "EXIF", "XMP", "comment"], kept ["JFIF header", "ICC profile"], warnings []
        progressive.jpg: removed ["EXIF"], kept ["JFIF header"], warnings []
        photo.png: removed ["text \"Author\"", "text \"Comment\"", "XMP", "modification time", "C2PA", "EXIF"], kept ["ICC profile"], warnings []
        photo.webp: removed ["EXIF", "XMP"], kept ["ICC profile"], warnings []"#]]
    .assert_eq(&report.join("\n"));
}

#[test]
fn no_identifying_bytes_survive() {
    // GPSLatitude 10/1 30/1 0/1 as Pillow wrote it (big-endian, "MM").
    let latitude: Vec<u8> = [10u32, 1, 30, 1, 0, 1]
        .iter()
        .flat_map(|n| n.to_be_bytes())
        .collect();
    let words: [&[u8]; 7] = [
        b"MemoriaTestCam",
        b"Jane Fixture",
        b"SN-0001",
        b"Fixture Editor",
        b"taken near the river",
        b"c2pa",
        b"2023:05:01",
    ];
    for name in STRIPPABLE {
        let original = fixture(name);
        let stripped = strip(&original).unwrap().bytes;
        if name != "progressive.jpg" {
            assert!(
                contains(&original, &latitude),
                "{name}: the fixture has no GPS"
            );
        }
        assert!(
            !contains(&stripped, &latitude),
            "{name}: GPS bytes survived"
        );
        for w in words {
            assert!(
                !contains(&stripped, w),
                "{name}: {:?} survived",
                String::from_utf8_lossy(w)
            );
        }
    }
}

/// JPEG marker segments up to the first start-of-scan, and everything from there.
fn jpeg_parts(b: &[u8]) -> (Vec<(u8, &[u8])>, &[u8]) {
    let mut segments = Vec::new();
    let mut at = 2;
    loop {
        let marker = b[at + 1];
        let len = u16::from_be_bytes([b[at + 2], b[at + 3]]) as usize;
        if marker == 0xDA {
            return (segments, &b[at..]);
        }
        segments.push((marker, &b[at..at + 2 + len]));
        at += 2 + len;
    }
}

#[test]
fn jpeg_image_data_is_unchanged() {
    for name in ["photo.jpg", "progressive.jpg"] {
        let original = fixture(name);
        let stripped = strip(&original).unwrap().bytes;
        let (before, scans_before) = jpeg_parts(&original);
        let (after, scans_after) = jpeg_parts(&stripped);
        // Every scan, with the tables between progressive scans, byte for byte.
        assert_eq!(scans_after, scans_before, "{name}");
        // The tables and frame header before the first scan, in order.
        let image = |s: &[(u8, &[u8])]| -> Vec<Vec<u8>> {
            s.iter()
                .filter(|(m, _)| !(0xE0..=0xEF).contains(m) && *m != 0xFE)
                .map(|(_, raw)| raw.to_vec())
                .collect()
        };
        assert_eq!(image(&after), image(&before), "{name}");
        let markers: Vec<u8> = after.iter().map(|(m, _)| *m).collect();
        assert_eq!(
            markers
                .iter()
                .filter(|m| (0xE0..=0xEF).contains(*m))
                .count(),
            if name == "photo.jpg" { 2 } else { 1 },
            "{name}: {markers:02X?}"
        );
    }
}

/// PNG chunks: type and the whole chunk with its CRC.
fn png_chunks(b: &[u8]) -> Vec<([u8; 4], &[u8])> {
    let mut out = Vec::new();
    let mut at = 8;
    while at < b.len() {
        let len = u32::from_be_bytes(b[at..at + 4].try_into().unwrap()) as usize;
        out.push((b[at + 4..at + 8].try_into().unwrap(), &b[at..at + 12 + len]));
        at += 12 + len;
    }
    out
}

#[test]
fn png_kept_chunks_are_copied_with_their_crcs() {
    let original = fixture("photo.png");
    let stripped = strip(&original).unwrap().bytes;
    let kept: Vec<_> = png_chunks(&original)
        .into_iter()
        .filter(|(t, _)| matches!(t, b"IHDR" | b"iCCP" | b"IDAT" | b"IEND"))
        .collect();
    assert_eq!(png_chunks(&stripped), kept);
    assert_eq!(&stripped[..8], &original[..8]);
}

/// RIFF chunks of a WebP: type and data.
fn webp_chunks(b: &[u8]) -> Vec<([u8; 4], &[u8])> {
    let mut out = Vec::new();
    let mut at = 12;
    while at + 8 <= b.len() {
        let len = u32::from_le_bytes(b[at + 4..at + 8].try_into().unwrap()) as usize;
        out.push((b[at..at + 4].try_into().unwrap(), &b[at + 8..at + 8 + len]));
        at += 8 + len + (len & 1);
    }
    out
}

#[test]
fn webp_flags_and_size_are_fixed() {
    let original = fixture("photo.webp");
    let stripped = strip(&original).unwrap().bytes;
    let before = webp_chunks(&original);
    let after = webp_chunks(&stripped);
    let types: Vec<String> = after
        .iter()
        .map(|(t, _)| String::from_utf8_lossy(t).into_owned())
        .collect();
    assert_eq!(types, ["VP8X", "ICCP", "VP8 "]);
    // EXIF (0x08) and XMP (0x04) flags cleared, ICC (0x20) kept.
    assert_eq!(before[0].1[0], 0x2C);
    assert_eq!(after[0].1[0], 0x20);
    assert_eq!(after[0].1[1..], before[0].1[1..]);
    assert_eq!(after[1], before[1]);
    assert_eq!(after[2], before[2], "the VP8 bitstream is copied as it was");
    let riff = u32::from_le_bytes(stripped[4..8].try_into().unwrap()) as usize;
    assert_eq!(riff, stripped.len() - 8);
}

#[test]
fn stripping_twice_changes_nothing_more() {
    for name in STRIPPABLE {
        let once = strip(&fixture(name)).unwrap();
        let twice = strip(&once.bytes).unwrap();
        assert_eq!(twice.bytes, once.bytes, "{name}");
        assert!(twice.removed.is_empty(), "{name}: {:?}", twice.removed);
    }
}

#[test]
fn other_types_are_refused_with_what_to_do() {
    for (name, mime) in [
        ("report.pdf", "application/pdf"),
        ("pdf-named.jpg", "application/pdf"),
        ("photo.avif", "image/avif"),
        ("garbage.bin", "application/octet-stream"),
    ] {
        let e = strip(&fixture(name)).unwrap_err();
        assert_eq!(e, StripError::Unsupported(mime), "{name}");
    }
    expect_test::expect!["cannot strip metadata from application/pdf: a file of this type cannot be published stripped and must be converted first (images to JPEG, PNG or WebP; video, audio and documents re-encoded)"]
        .assert_eq(&StripError::Unsupported(MediaType::Pdf.mime()).to_string());
}

#[test]
fn a_truncated_jpeg_is_refused_not_half_stripped() {
    let e = strip(&fixture("truncated.jpg")).unwrap_err();
    expect_test::expect!["the image/jpeg file cannot be stripped as it is (the segment at byte 1413 declares 604 bytes, more than the file has): convert it first"].assert_eq(&e.to_string());
}

#[test]
fn trailing_data_and_thumbnails_are_removed() {
    // A JFIF header announcing a 1×1 thumbnail (3 bytes of RGB), then the photo's
    // segments, then data after the end of the image.
    let photo = fixture("photo.jpg");
    let (segments, scans) = jpeg_parts(&photo);
    let mut b =
        b"\xFF\xD8\xFF\xE0\x00\x13JFIF\0\x01\x01\0\0\x01\0\x01\x01\x01\xAA\xBB\xCC".to_vec();
    for (m, raw) in &segments {
        if *m != 0xE0 {
            b.extend_from_slice(raw);
        }
    }
    b.extend_from_slice(scans);
    b.extend_from_slice(b"\xFF\xD8 a second picture");
    let m = inspect(&b);
    assert!(
        m.other.contains(&"JFIF thumbnail".to_string()),
        "{:?}",
        m.other
    );
    assert!(
        m.other
            .contains(&"data after the end of the image (19 bytes)".to_string()),
        "{:?}",
        m.other
    );
    let s = strip(&b).unwrap();
    assert!(s.removed.contains(&"JFIF thumbnail".to_string()));
    assert!(
        s.removed
            .contains(&"data after the end of the image".to_string())
    );
    assert!(!contains(&s.bytes, b"\xAA\xBB\xCC"));
    assert!(!contains(&s.bytes, b"second picture"));
    assert!(s.bytes.ends_with(b"\xFF\xD9"));
    assert_clean("thumbnail", &b, &s.bytes);
}

#[test]
fn a_lost_orientation_is_a_warning() {
    // The progressive fixture's EXIF with Orientation 1 changed to 6 (rotate 90°).
    let mut b = fixture("progressive.jpg");
    let tag = b
        .windows(8)
        .position(|w| w == [0x01, 0x12, 0x00, 0x03, 0, 0, 0, 1])
        .unwrap();
    b[tag + 9] = 6;
    assert_eq!(inspect(&b).exif.unwrap().orientation, Some(6));
    let s = strip(&b).unwrap();
    expect_test::expect![[r#"
        [
            "the EXIF orientation (6) is removed with the EXIF: viewers will show the pixels unrotated; rotate them before publishing if that matters",
        ]
    "#]].assert_debug_eq(&s.warnings);
}
