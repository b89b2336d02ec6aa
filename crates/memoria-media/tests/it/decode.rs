//! Stripped copies still decode, to the very same pixels: checked by an independent
//! decoder, Python's Pillow, and by ExifTool when it is installed.
//!
//! The interpreter is `$MEMORIA_PYTHON` if set (e.g. a venv with Pillow), else
//! `python3`. Skipped (with a note) when it or Pillow is missing, unless
//! `MEMORIA_REQUIRE_PILLOW=1` makes that a failure, as CI should.

use std::process::Command;

use memoria_media::strip;

use crate::{STRIPPABLE, data_dir, fixture};

/// Decodes each original and its stripped copy and compares size, mode and every
/// pixel; then checks that Pillow sees no EXIF, XMP or comment in the copy.
const COMPARE: &str = r#"
import sys
from PIL import Image
failed = False
for original, stripped in zip(sys.argv[1::2], sys.argv[2::2]):
    a, b = Image.open(original), Image.open(stripped)
    a.load(); b.load()
    problems = []
    if (a.size, a.mode) != (b.size, b.mode):
        problems.append(f"size/mode {a.size} {a.mode} != {b.size} {b.mode}")
    elif a.tobytes() != b.tobytes():
        problems.append("pixels differ")
    if len(b.getexif()) != 0:
        problems.append("EXIF left")
    for key in ("exif", "xmp", "XML:com.adobe.xmp", "comment", "Author", "Comment"):
        if key in b.info:
            problems.append(f"{key} left")
    if problems:
        failed = True
        print(stripped, "; ".join(problems))
sys.exit(1 if failed else 0)
"#;

fn python() -> String {
    std::env::var("MEMORIA_PYTHON").unwrap_or_else(|_| "python3".into())
}

fn pillow_available() -> bool {
    let ok = Command::new(python())
        .args(["-c", "import PIL"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        let required = std::env::var("MEMORIA_REQUIRE_PILLOW").is_ok_and(|v| v == "1");
        assert!(
            !required,
            "MEMORIA_REQUIRE_PILLOW=1 but {} with Pillow is missing",
            python()
        );
        eprintln!(
            "note: {} with Pillow not found; stripped images were not decoded",
            python()
        );
    }
    ok
}

/// Writes each strippable fixture's stripped copy into `dir`.
fn write_stripped(dir: &std::path::Path) -> Vec<String> {
    let mut args = Vec::new();
    for name in STRIPPABLE {
        let out = dir.join(name);
        std::fs::write(&out, strip(&fixture(name)).unwrap().bytes).unwrap();
        args.push(data_dir().join(name).display().to_string());
        args.push(out.display().to_string());
    }
    args
}

#[test]
fn stripped_images_decode_to_the_same_pixels() {
    if !pillow_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let args = write_stripped(dir.path());
    let out = Command::new(python())
        .arg("-c")
        .arg(COMPARE)
        .args(&args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn exiftool_finds_nothing_left() {
    let Ok(version) = Command::new("exiftool").arg("-ver").output() else {
        eprintln!("note: exiftool not found; stripped images were not checked with it");
        return;
    };
    assert!(version.status.success());
    let dir = tempfile::tempdir().unwrap();
    write_stripped(dir.path());
    for name in STRIPPABLE {
        let out = Command::new("exiftool")
            .args([
                "-s",
                "-G0",
                "-EXIF:all",
                "-XMP:all",
                "-JUMBF:all",
                "-IPTC:all",
            ])
            .args(["-Comment", "-PNG:Author", "-GPS:all"])
            .arg(dir.path().join(name))
            .output()
            .unwrap();
        assert!(out.status.success(), "{name}");
        let found = String::from_utf8_lossy(&out.stdout);
        assert!(found.trim().is_empty(), "{name}: exiftool found\n{found}");
    }
}
