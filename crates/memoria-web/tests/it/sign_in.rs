//! Sign-in, sessions, CSRF, lock-out and the second factor.

use axum::http::StatusCode;
use memoria_core::EntityKind;

use crate::harness::{Backend, PASSWORD, World};

#[test]
fn sign_in_and_out_on_every_backend() {
    for backend in Backend::all() {
        let w = World::new(backend);
        let mut c = w.client();
        // Signed out, pages send to the sign-in form.
        let r = c.get("/incidents");
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert_eq!(r.location(), "/sign-in");

        let r = c.sign_in("documentalist", "not the password");
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{backend:?}");
        assert!(r.text.contains("The account name or password is wrong"));
        assert!(
            !r.text.contains("not the password"),
            "the password is never echoed"
        );

        let r = c.sign_in("documentalist", PASSWORD);
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{backend:?}: {}", r.text);
        let session = c
            .cookies
            .iter()
            .find(|(k, _)| k == "memoria_session")
            .cloned()
            .expect("a session cookie");
        let set = r
            .headers
            .get_all("set-cookie")
            .iter()
            .map(|v| v.to_str().unwrap().to_string())
            .collect::<Vec<_>>();
        let session_cookie = set
            .iter()
            .find(|s| s.starts_with("memoria_session="))
            .unwrap();
        assert!(session_cookie.contains("HttpOnly") && session_cookie.contains("SameSite=Strict"));

        let r = c.get("/");
        assert_eq!(r.status, StatusCode::OK);
        assert!(r.text.contains("Dashboard"));

        let csrf = c.csrf();
        let r = c.post_form("/sign-out", &[("csrf", &csrf)]);
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        // A cookie kept (or stolen) after sign-out opens nothing.
        c.cookies = vec![session];
        let r = c.get("/");
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert_eq!(r.location(), "/sign-in");

        let audit = w.store().audit_log(0, 10_000).unwrap();
        for action in ["sign-in", "sign-in-failed", "sign-out"] {
            assert!(
                audit.iter().any(|e| e.action == action),
                "{action} audited on {backend:?}"
            );
        }
    }
}

#[test]
fn forms_without_a_valid_csrf_token_change_nothing() {
    let w = World::new(Backend::Sqlite);
    let mut c = w.signed_in("documentalist");
    let before = w.count(EntityKind::Incident);
    let collection = w.collection.to_string();
    let mut other = w.signed_in("coordinator");
    // Missing, made up, and a real token of another session (replayed): all refused.
    let theirs = other.csrf();
    for forged in ["", "AAAA", "mst_not-a-token", theirs.as_str()] {
        let r = c.post_form(
            "/incidents",
            &[
                ("csrf", forged),
                ("collection", &collection),
                ("title_en", "Forged"),
                ("status", "draft"),
                ("confidentiality", "internal"),
            ],
        );
        assert_eq!(r.status, StatusCode::FORBIDDEN, "token {forged:?}");
    }
    assert_eq!(w.count(EntityKind::Incident), before, "nothing written");

    // The sign-in form needs its own token.
    let mut fresh = w.client();
    let r = fresh.post_form(
        "/sign-in",
        &[
            ("csrf", "guess"),
            ("name", "documentalist"),
            ("password", PASSWORD),
        ],
    );
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}

#[test]
fn repeated_failures_lock_the_account_even_with_the_right_password() {
    let w = World::new(Backend::Sqlite);
    let mut c = w.client();
    for _ in 0..5 {
        let r = c.sign_in("analyst", "wrong password, again");
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    }
    let r = c.sign_in("analyst", PASSWORD);
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{}", r.text);
    assert!(r.headers.contains_key("retry-after"));
    // Other accounts are not locked by it (the address limit is higher).
    let r = w.client().sign_in("viewer", PASSWORD);
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    // Unknown names are counted the same way, and answer the same as a wrong password.
    let r = w.client().sign_in("nobody-by-this-name", PASSWORD);
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert!(r.text.contains("The account name or password is wrong"));
}

#[test]
fn totp_enrolment_then_a_second_step_at_sign_in() {
    let w = World::new(Backend::Sqlite);
    let mut c = w.signed_in("coordinator");
    let page = c.get("/account?enrol=totp");
    let secret = page.hidden("secret");
    let csrf = page.hidden("csrf");
    let key = memoria_auth::totp::Secret::from_base32(&secret).unwrap();
    let now = time::OffsetDateTime::now_utc().unix_timestamp() as u64;
    let r = c.post_form(
        "/account/totp",
        &[("csrf", &csrf), ("secret", &secret), ("code", "000000")],
    );
    assert_eq!(
        r.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a wrong code does not enrol"
    );
    let code = memoria_auth::totp::code_at(&key, now);
    let r = c.post_form(
        "/account/totp",
        &[("csrf", &csrf), ("secret", &secret), ("code", &code)],
    );
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);

    let mut again = w.client();
    let r = again.sign_in("coordinator", PASSWORD);
    assert_eq!(r.location(), "/sign-in/second-factor");
    // Until the code is given, no page opens.
    let r = again.get("/incidents");
    assert_eq!(r.location(), "/sign-in/second-factor");
    let form = again.get("/sign-in/second-factor");
    let csrf = form.hidden("csrf");
    let r = again.post_form(
        "/sign-in/second-factor",
        &[("csrf", &csrf), ("code", "123456")],
    );
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    // The enrolment used this step's code; the next step's code is new, so not a replay.
    let code = memoria_auth::totp::code_at(&key, now + 30);
    let r = again.post_form(
        "/sign-in/second-factor",
        &[("csrf", &csrf), ("code", &code)],
    );
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
    assert_eq!(r.location(), "/");
    assert_eq!(again.get("/incidents").status, StatusCode::OK);
    // The same code again is a replay.
    let mut third = w.client();
    third.sign_in("coordinator", PASSWORD);
    let csrf = third.get("/sign-in/second-factor").hidden("csrf");
    let r = third.post_form(
        "/sign-in/second-factor",
        &[("csrf", &csrf), ("code", &code)],
    );
    assert_eq!(r.status, StatusCode::UNAUTHORIZED, "a used code is refused");
}

#[test]
fn changing_the_password_ends_every_session() {
    let w = World::new(Backend::Sqlite);
    let mut a = w.signed_in("field_researcher");
    let mut b = w.signed_in("field_researcher");
    let csrf = a.csrf();
    let r = a.post_form(
        "/account/password",
        &[("csrf", &csrf), ("current", PASSWORD), ("new", "short")],
    );
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = a.post_form(
        "/account/password",
        &[
            ("csrf", &csrf),
            ("current", PASSWORD),
            ("new", "a much longer new passphrase"),
        ],
    );
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(b.get("/").location(), "/sign-in");
    assert_eq!(a.get("/").location(), "/sign-in");
    let r = w
        .client()
        .sign_in("field_researcher", "a much longer new passphrase");
    assert_eq!(r.status, StatusCode::SEE_OTHER);
}
