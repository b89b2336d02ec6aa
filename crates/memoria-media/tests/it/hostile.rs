//! Hostile and damaged input: never a panic, bounded work, and a stripped copy is
//! always clean. [`check_any`] is what the `media_inspect` fuzzer checks.

use memoria_media::{MAX_WARNINGS, MediaType, extension_mismatch, inspect, sniff, strip};

use crate::{ALL, fixture};

/// What holds for any bytes at all: inspecting answers, with at most
/// [`MAX_WARNINGS`] warnings; and when stripping succeeds, its copy is of the same
/// type, carries no metadata, and strips again to itself.
pub fn check_any(data: &[u8]) {
    let t = sniff(data);
    let _ = extension_mismatch("evidence.jpg", &t);
    let m = inspect(data);
    assert_eq!(m.media_type, t);
    assert!(m.warnings.len() <= MAX_WARNINGS);
    if let Ok(s) = strip(data) {
        let after = inspect(&s.bytes);
        assert_eq!(after.media_type, t);
        assert_eq!(after.exif, None);
        assert_eq!(after.xmp, None);
        assert_eq!(after.c2pa, None);
        assert!(after.text.is_empty());
        let again = strip(&s.bytes).expect("a stripped copy strips again");
        assert_eq!(again.bytes, s.bytes);
    }
}

#[test]
fn truncated_and_garbage_fixtures() {
    let m = inspect(&fixture("truncated.jpg"));
    assert_eq!(m.media_type, MediaType::Jpeg);
    // What came before the cut is still read.
    assert_eq!(m.exif.unwrap().make.as_deref(), Some("MemoriaTestCam"));
    expect_test::expect![[r#"
        [
            "JPEG: the segment at byte 1413 declares 604 bytes, more than the file has",
        ]
    "#]]
    .assert_debug_eq(&m.warnings);
    let m = inspect(&fixture("garbage.bin"));
    assert_eq!(m.media_type, MediaType::OctetStream);
    assert!(!m.has_metadata());
    check_any(&fixture("truncated.jpg"));
    check_any(&fixture("garbage.bin"));
}

#[test]
fn every_prefix_of_every_fixture() {
    for name in ALL {
        let b = fixture(name);
        let cuts = (0..b.len().min(600)).chain((600..b.len()).step_by(13));
        for cut in cuts {
            check_any(&b[..cut]);
        }
    }
}

#[test]
fn corrupted_bytes_anywhere() {
    for name in ALL {
        let original = fixture(name);
        for at in (0..original.len()).step_by(5) {
            for value in [0x00, 0xFF, original[at] ^ 0x80] {
                let mut b = original.clone();
                b[at] = value;
                check_any(&b);
            }
        }
    }
}

#[test]
fn huge_declared_lengths_are_refused() {
    let cases: [(&str, Vec<u8>); 4] = [
        ("jpeg", b"\xFF\xD8\xFF\xE1\xFF\xFFExif\0\0MM\0*".to_vec()),
        ("png", {
            let mut b = b"\x89PNG\r\n\x1a\n\x7F\xFF\xFF\xF0eXIf".to_vec();
            b.extend([0; 16]);
            b
        }),
        ("webp", b"RIFF\xF0\xFF\xFF\xFFWEBPEXIF\x10\0\0\0".to_vec()),
        (
            "heif",
            b"\0\0\0\x18ftypheic\0\0\0\0mif1heic\0\0\0\x01meta\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF"
                .to_vec(),
        ),
    ];
    let mut out = Vec::new();
    for (name, b) in &cases {
        let m = inspect(b);
        out.push(format!("{name}: {}", m.warnings.join("; ")));
        check_any(b);
    }
    expect_test::expect![[r#"
        jpeg: JPEG: the segment at byte 2 declares 65535 bytes, more than the file has
        png: PNG: the chunk at byte 8 declares 2147483632 bytes, more than the file has
        webp: WebP: the RIFF container declares 4294967280 bytes, more than the file has
        heif: ISO-BMFF: the box at byte 24 declares 18446744073709551615 bytes, more than the file has"#]].assert_eq(&out.join("\n"));
}

#[test]
fn heif_extents_cannot_multiply_memory() {
    // An `Exif` item made of 65,535 extents, each the whole file: refused, since
    // together they would be far larger than the file.
    let mut iloc = vec![0, 0, 0, 0, 0x44, 0x00];
    iloc.extend(1u16.to_be_bytes()); // one item
    iloc.extend(1u16.to_be_bytes()); // item 1
    iloc.extend(0u16.to_be_bytes()); // data reference
    iloc.extend(u16::MAX.to_be_bytes());
    for _ in 0..u16::MAX {
        iloc.extend(0u32.to_be_bytes());
        iloc.extend(0u32.to_be_bytes()); // length 0: to the end of the file
    }
    let infe = [&[2u8, 0, 0, 0, 0, 1, 0, 0][..], b"Exif\0"].concat();
    let infe = [&(8 + infe.len() as u32).to_be_bytes()[..], b"infe", &infe].concat();
    let iinf = [&[0u8, 0, 0, 0, 0, 1][..], &infe].concat();
    let boxed = |kind: &[u8], body: &[u8]| {
        [&(8 + body.len() as u32).to_be_bytes()[..], kind, body].concat()
    };
    let meta = boxed(
        b"meta",
        &[
            &[0u8; 4][..],
            &boxed(b"iinf", &iinf),
            &boxed(b"iloc", &iloc),
        ]
        .concat(),
    );
    let file = [&b"\0\0\0\x14ftypheic\0\0\0\0heic"[..], &meta].concat();
    let m = inspect(&file);
    assert_eq!(m.exif, None);
    assert_eq!(
        m.warnings,
        ["a HEIF metadata item's location is outside the file"]
    );
}

#[test]
fn a_tiff_of_many_entries_pointing_at_one_value_is_cheap() {
    // 65,535 entries each claiming the same 512 KiB value: a parser that decodes
    // every value would hold 32 GiB; this one reads the one tag it wants.
    let value_len = 512 * 1024;
    let entries = u16::MAX as usize;
    let data_at = 8 + 2 + 12 * entries + 4;
    let mut b = b"II*\0\x08\0\0\0".to_vec();
    b.extend((entries as u16).to_le_bytes());
    for i in 0..entries {
        let tag: u16 = if i == 0 {
            0x010F
        } else {
            0x9000 + (i % 100) as u16
        };
        b.extend(tag.to_le_bytes());
        b.extend(2u16.to_le_bytes());
        b.extend((value_len as u32).to_le_bytes());
        b.extend((data_at as u32).to_le_bytes());
    }
    b.extend(0u32.to_le_bytes());
    b.extend(b"Camera\0");
    b.resize(data_at + value_len, b' ');
    let m = inspect(&b);
    assert_eq!(m.exif.unwrap().make.as_deref(), Some("Camera"));
}

#[test]
fn an_xmp_packet_repeating_a_name_is_cheap() {
    // 4 MiB of opened, never closed properties: each is looked for a bounded
    // number of times, a bounded distance ahead.
    let mut b = b"%PDF-1.7\n<?xpacket begin=''?>".to_vec();
    while b.len() < 4 << 20 {
        b.extend_from_slice(b" xmp:CreatorTool=\"<dc:creator><rdf:li>");
    }
    let m = inspect(&b);
    // The packet is cut at 4 MiB, its longest.
    assert_eq!(m.xmp.unwrap().bytes, 4 << 20);
}

#[test]
fn a_video_location_is_noted() {
    let xyz = b"\0\0\0\x1e\xA9xyz\0\x12\x15\xc7+10.5000-020.2500/";
    let udta = [&(8 + xyz.len() as u32).to_be_bytes()[..], b"udta", xyz].concat();
    let moov = [&(8 + udta.len() as u32).to_be_bytes()[..], b"moov", &udta].concat();
    let file = [&b"\0\0\0\x14ftypqt  \0\0\0\0qt  "[..], &moov].concat();
    let m = inspect(&file);
    assert_eq!(m.media_type, MediaType::QuickTime);
    assert_eq!(m.other, ["QuickTime location (\u{a9}xyz, not read)"]);
    assert!(m.warnings.is_empty(), "{:?}", m.warnings);
}
