//! The interface in four languages.

use axum::http::StatusCode;

use crate::harness::{Backend, World};

#[test]
fn every_language_has_every_english_message() {
    let english = include_str!("../../locales/en.ftl");
    let keys = |src: &str| -> Vec<String> {
        src.lines()
            .filter(|l| !l.starts_with('#') && !l.starts_with(' ') && l.contains(" ="))
            .map(|l| l.split(" =").next().unwrap().trim().to_string())
            .collect()
    };
    let en = keys(english);
    assert!(en.len() > 100);
    for (lang, src) in [
        ("es", include_str!("../../locales/es.ftl")),
        ("fr", include_str!("../../locales/fr.ftl")),
        ("ar", include_str!("../../locales/ar.ftl")),
    ] {
        let have = keys(src);
        let missing: Vec<_> = en.iter().filter(|k| !have.contains(k)).collect();
        assert!(missing.is_empty(), "{lang}.ftl lacks {missing:?}");
        let extra: Vec<_> = have.iter().filter(|k| !en.contains(k)).collect();
        assert!(
            extra.is_empty(),
            "{lang}.ftl has keys English lacks: {extra:?}"
        );
    }
}

#[test]
fn each_account_reads_in_its_language_and_arabic_is_right_to_left() {
    let w = World::new(Backend::Sqlite);
    let mut c = w.signed_in("analyst");
    for (lang, dir, word) in [
        ("es", "ltr", "Incidentes"),
        ("fr", "ltr", "Incidents"),
        ("ar", "rtl", "الحوادث"),
        ("en", "ltr", "Incidents"),
    ] {
        let csrf = c.csrf();
        let r = c.post_form("/account/language", &[("csrf", &csrf), ("language", lang)]);
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let page = c.get("/incidents");
        assert!(
            page.text
                .contains(&format!("<html lang=\"{lang}\" dir=\"{dir}\">")),
            "{lang}"
        );
        assert!(page.text.contains(word), "{lang}: {word}");
    }
    // Before sign-in, the browser's language chooses.
    let r = w.client().send(
        axum::http::Request::get("/sign-in")
            .header("accept-language", "ar, en;q=0.5")
            .body(axum::body::Body::empty())
            .unwrap(),
    );
    assert!(r.text.contains("dir=\"rtl\""));
}

#[test]
fn error_pages_speak_the_readers_language() {
    let w = World::new(Backend::Sqlite);
    let mut c = w.client();
    let get = |c: &mut crate::harness::Client, accept: &str| {
        c.send(
            axum::http::Request::get("/no-such-page")
                .header("accept-language", accept)
                .body(axum::body::Body::empty())
                .unwrap(),
        )
    };
    let r = get(&mut c, "es-ES,es;q=0.9");
    assert_eq!(r.status, axum::http::StatusCode::NOT_FOUND);
    assert!(r.text.contains("lang=\"es\""), "{}", r.text);
    assert!(r.text.contains("No existe esta página"), "{}", r.text);
    assert!(r.text.contains("data-code=\"not_found\""), "the code stays");
    let r = get(&mut c, "ar");
    assert!(r.text.contains("dir=\"rtl\""), "{}", r.text);
    assert!(r.text.contains("العودة إلى Memoria"));
    let r = get(&mut c, "en");
    assert!(r.text.contains("There is no such page or record"));

    // A signed-in reader's own language wins over the browser's: the sign-in page
    // sets the language cookie.
    let mut fr = w.client();
    fr.get("/sign-in?lang=fr");
    let r = get(&mut fr, "en");
    assert!(r.text.contains("lang=\"fr\""), "{}", r.text);
    assert!(r.text.contains("Retour à Memoria"));

    // The API keeps answering in JSON with its stable code.
    let mut api = w.api("analyst");
    let r = api.get("/api/v1/incidents/00000000-0000-4000-8000-000000000000");
    assert_eq!(r.status, axum::http::StatusCode::NOT_FOUND);
    assert_eq!(r.json()["error"]["code"], "not_found");
}
