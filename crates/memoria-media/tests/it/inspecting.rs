//! The metadata read from each fixture: the exact values `make_fixtures.py` wrote.

use expect_test::{Expect, expect};
use memoria_media::{Gps, MediaType, inspect};

use crate::fixture;

/// Inspects a fixture and compares the stored (JSON) form of what was read.
fn check(name: &str, want: Expect) {
    let m = inspect(&fixture(name));
    want.assert_eq(&serde_json::to_string_pretty(&m).unwrap());
}

/// The position every image fixture carries: 10° 30' N, 20° 15' W, 123.5 m.
fn fixture_gps() -> Gps {
    Gps {
        lat: 10.5,
        lon: -20.25,
        alt: Some(123.5),
        time: Some("2023:05:01 08:22:03".into()),
    }
}

#[test]
fn jpeg_with_everything() {
    let m = inspect(&fixture("photo.jpg"));
    let exif = m.exif.as_ref().unwrap();
    assert_eq!(exif.gps, Some(fixture_gps()));
    assert_eq!(exif.captured_at.as_deref(), Some("2023:05:01 10:22:03"));
    assert_eq!(exif.captured_at_offset.as_deref(), Some("+02:00"));
    assert_eq!(exif.make.as_deref(), Some("MemoriaTestCam"));
    assert_eq!(exif.model.as_deref(), Some("Model X-1"));
    assert_eq!(m.c2pa.as_ref().unwrap().manifest_store_bytes, 175);
    assert!(m.warnings.is_empty(), "{:?}", m.warnings);
    check(
        "photo.jpg",
        expect![[r#"
        {
          "media_type": "image/jpeg",
          "width": 64,
          "height": 48,
          "exif": {
            "captured_at": "2023:05:01 10:22:03",
            "captured_at_offset": "+02:00",
            "modified_at": "2023:05:01 11:00:00",
            "make": "MemoriaTestCam",
            "model": "Model X-1",
            "serial_number": "SN-0001",
            "lens_model": null,
            "owner": null,
            "artist": "Jane Fixture",
            "copyright": null,
            "description": null,
            "user_comment": null,
            "software": "make_fixtures.py",
            "orientation": 1,
            "gps": {
              "lat": 10.5,
              "lon": -20.25,
              "alt": 123.5,
              "time": "2023:05:01 08:22:03"
            },
            "has_thumbnail": false,
            "bytes": 460
          },
          "xmp": {
            "bytes": 683,
            "creator_tool": "Fixture Editor 2.1",
            "create_date": "2023-05-01T10:22:03+02:00",
            "modify_date": "2023-05-02T08:00:00Z",
            "creator": "Jane Fixture",
            "gps_latitude": "10,30.0N",
            "gps_longitude": "20,15.0W",
            "incomplete": false
          },
          "c2pa": {
            "manifest_store_bytes": 175
          },
          "text": [
            {
              "key": "comment",
              "value": "taken near the river"
            }
          ],
          "other": [
            "ICC profile"
          ],
          "warnings": []
        }"#]],
    );
}

#[test]
fn progressive_jpeg_without_gps() {
    check(
        "progressive.jpg",
        expect![[r#"
        {
          "media_type": "image/jpeg",
          "width": 40,
          "height": 30,
          "exif": {
            "captured_at": "2023:05:01 10:22:03",
            "captured_at_offset": "+02:00",
            "modified_at": "2023:05:01 11:00:00",
            "make": "MemoriaTestCam",
            "model": "Model X-1",
            "serial_number": "SN-0001",
            "lens_model": null,
            "owner": null,
            "artist": "Jane Fixture",
            "copyright": null,
            "description": null,
            "user_comment": null,
            "software": "make_fixtures.py",
            "orientation": 1,
            "gps": null,
            "has_thumbnail": false,
            "bytes": 254
          },
          "xmp": null,
          "c2pa": null,
          "text": [],
          "other": [],
          "warnings": []
        }"#]],
    );
}

#[test]
fn png_with_exif_text_xmp_and_c2pa() {
    let m = inspect(&fixture("photo.png"));
    assert_eq!(m.exif.as_ref().unwrap().gps, Some(fixture_gps()));
    check(
        "photo.png",
        expect![[r#"
        {
          "media_type": "image/png",
          "width": 32,
          "height": 24,
          "exif": {
            "captured_at": "2023:05:01 10:22:03",
            "captured_at_offset": "+02:00",
            "modified_at": "2023:05:01 11:00:00",
            "make": "MemoriaTestCam",
            "model": "Model X-1",
            "serial_number": "SN-0001",
            "lens_model": null,
            "owner": null,
            "artist": "Jane Fixture",
            "copyright": null,
            "description": null,
            "user_comment": null,
            "software": "make_fixtures.py",
            "orientation": 1,
            "gps": {
              "lat": 10.5,
              "lon": -20.25,
              "alt": 123.5,
              "time": "2023:05:01 08:22:03"
            },
            "has_thumbnail": false,
            "bytes": 460
          },
          "xmp": {
            "bytes": 683,
            "creator_tool": "Fixture Editor 2.1",
            "create_date": "2023-05-01T10:22:03+02:00",
            "modify_date": "2023-05-02T08:00:00Z",
            "creator": "Jane Fixture",
            "gps_latitude": "10,30.0N",
            "gps_longitude": "20,15.0W",
            "incomplete": false
          },
          "c2pa": {
            "manifest_store_bytes": 175
          },
          "text": [
            {
              "key": "Author",
              "value": "Jane Fixture"
            },
            {
              "key": "Comment",
              "value": "taken near the river"
            }
          ],
          "other": [
            "ICC profile",
            "PNG modification time (2023-05-01 10:22:03 UTC)"
          ],
          "warnings": []
        }"#]],
    );
}

#[test]
fn webp_with_exif_and_xmp() {
    let m = inspect(&fixture("photo.webp"));
    assert_eq!(m.exif.as_ref().unwrap().gps, Some(fixture_gps()));
    check(
        "photo.webp",
        expect![[r#"
        {
          "media_type": "image/webp",
          "width": 32,
          "height": 24,
          "exif": {
            "captured_at": "2023:05:01 10:22:03",
            "captured_at_offset": "+02:00",
            "modified_at": "2023:05:01 11:00:00",
            "make": "MemoriaTestCam",
            "model": "Model X-1",
            "serial_number": "SN-0001",
            "lens_model": null,
            "owner": null,
            "artist": "Jane Fixture",
            "copyright": null,
            "description": null,
            "user_comment": null,
            "software": "make_fixtures.py",
            "orientation": 1,
            "gps": {
              "lat": 10.5,
              "lon": -20.25,
              "alt": 123.5,
              "time": "2023:05:01 08:22:03"
            },
            "has_thumbnail": false,
            "bytes": 460
          },
          "xmp": {
            "bytes": 683,
            "creator_tool": "Fixture Editor 2.1",
            "create_date": "2023-05-01T10:22:03+02:00",
            "modify_date": "2023-05-02T08:00:00Z",
            "creator": "Jane Fixture",
            "gps_latitude": "10,30.0N",
            "gps_longitude": "20,15.0W",
            "incomplete": false
          },
          "c2pa": null,
          "text": [],
          "other": [
            "ICC profile"
          ],
          "warnings": []
        }"#]],
    );
}

#[test]
fn avif_exif_item() {
    let m = inspect(&fixture("photo.avif"));
    assert_eq!(m.exif.as_ref().unwrap().gps, Some(fixture_gps()));
    check(
        "photo.avif",
        expect![[r#"
        {
          "media_type": "image/avif",
          "width": 16,
          "height": 16,
          "exif": {
            "captured_at": "2023:05:01 10:22:03",
            "captured_at_offset": "+02:00",
            "modified_at": "2023:05:01 11:00:00",
            "make": "MemoriaTestCam",
            "model": "Model X-1",
            "serial_number": "SN-0001",
            "lens_model": null,
            "owner": null,
            "artist": "Jane Fixture",
            "copyright": null,
            "description": null,
            "user_comment": null,
            "software": "make_fixtures.py",
            "orientation": null,
            "gps": {
              "lat": 10.5,
              "lon": -20.25,
              "alt": 123.5,
              "time": "2023:05:01 08:22:03"
            },
            "has_thumbnail": false,
            "bytes": 448
          },
          "xmp": null,
          "c2pa": null,
          "text": [],
          "other": [],
          "warnings": []
        }"#]],
    );
}

#[test]
fn pdf_xmp_found_by_scanning() {
    check(
        "report.pdf",
        expect![[r#"
        {
          "media_type": "application/pdf",
          "width": null,
          "height": null,
          "exif": null,
          "xmp": {
            "bytes": 683,
            "creator_tool": "Fixture Editor 2.1",
            "create_date": "2023-05-01T10:22:03+02:00",
            "modify_date": "2023-05-02T08:00:00Z",
            "creator": "Jane Fixture",
            "gps_latitude": "10,30.0N",
            "gps_longitude": "20,15.0W",
            "incomplete": false
          },
          "c2pa": null,
          "text": [],
          "other": [],
          "warnings": []
        }"#]],
    );
}

#[test]
fn the_exif_block_alone_is_a_tiff() {
    // The APP1 payload after `Exif\0\0` is a TIFF structure without pixels.
    let jpeg = fixture("photo.jpg");
    let at = jpeg.windows(6).position(|w| w == b"Exif\0\0").unwrap() + 6;
    let len = u16::from_be_bytes([jpeg[at - 8], jpeg[at - 7]]) as usize - 8;
    let m = inspect(&jpeg[at..at + len]);
    assert_eq!(m.media_type, MediaType::Tiff);
    let exif = m.exif.unwrap();
    assert_eq!(exif.gps, Some(fixture_gps()));
    assert_eq!(exif.serial_number.as_deref(), Some("SN-0001"));
}

#[test]
fn the_stored_form_reads_back() {
    for name in crate::ALL {
        let m = inspect(&fixture(name));
        let json = serde_json::to_string(&m).unwrap();
        let back: memoria_media::Metadata = serde_json::from_str(&json).unwrap();
        assert_eq!(back, m, "{name}");
    }
}
