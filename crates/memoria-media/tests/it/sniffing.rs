//! Types come from the bytes, and names that lie are caught.

use memoria_media::{Kind, MediaType, extension_mismatch, sniff};

use crate::{ALL, fixture};

#[test]
fn every_fixture_is_recognised_from_its_bytes() {
    let got: Vec<String> = ALL
        .iter()
        .map(|name| {
            let t = sniff(&fixture(name));
            format!("{name}: {} ({})", t.mime(), t.kind().as_str())
        })
        .collect();
    expect_test::expect![[r#"
        photo.jpg: image/jpeg (image)
        progressive.jpg: image/jpeg (image)
        photo.png: image/png (image)
        photo.webp: image/webp (image)
        photo.avif: image/avif (image)
        report.pdf: application/pdf (document)
        pdf-named.jpg: application/pdf (document)
        truncated.jpg: image/jpeg (image)
        garbage.bin: application/octet-stream (other)"#]]
    .assert_eq(&got.join("\n"));
}

#[test]
fn a_pdf_named_jpg_is_a_mismatch() {
    let t = sniff(&fixture("pdf-named.jpg"));
    assert_eq!(t, MediaType::Pdf);
    assert_eq!(t.kind(), Kind::Document);
    assert!(extension_mismatch("pdf-named.jpg", &t));
    assert!(!extension_mismatch(
        "report.pdf",
        &sniff(&fixture("report.pdf"))
    ));
    for name in ["photo.jpg", "photo.png", "photo.webp", "photo.avif"] {
        assert!(!extension_mismatch(name, &sniff(&fixture(name))), "{name}");
    }
    // Garbage is unknown: no claim to contradict.
    assert!(!extension_mismatch(
        "garbage.jpg",
        &sniff(&fixture("garbage.bin"))
    ));
}

#[test]
fn only_the_first_bytes_are_needed() {
    for name in ALL {
        let bytes = fixture(name);
        let prefix = &bytes[..bytes.len().min(64)];
        assert_eq!(sniff(prefix), sniff(&bytes), "{name}");
    }
}
