//! Administration through the pages: accounts, roles, vocabularies.

use axum::http::StatusCode;

use crate::harness::{Backend, World};

#[test]
fn an_administrator_adds_an_account_and_gives_it_a_role() {
    let w = World::new(Backend::Sqlite);
    let mut root = w.signed_in("root");
    let csrf = root.csrf();
    let r = root.post_form(
        "/admin/accounts",
        &[("csrf", &csrf), ("name", "newcomer"), ("password", "short")],
    );
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = root.post_form(
        "/admin/accounts",
        &[
            ("csrf", &csrf),
            ("name", "newcomer"),
            ("password", "a sufficiently long passphrase"),
        ],
    );
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
    let account = w.store().account_by_name("newcomer").unwrap().unwrap();
    // Without a role the newcomer sees no incident.
    let mut newcomer = w.client();
    newcomer.sign_in("newcomer", "a sufficiently long passphrase");
    assert!(
        newcomer
            .get("/incidents")
            .text
            .contains("No incident matches")
    );
    let collection = w.collection.to_string();
    let r = root.post_form(
        &format!("/admin/accounts/{}/role", account.id),
        &[
            ("csrf", &csrf),
            ("collection", &collection),
            ("role", "viewer"),
        ],
    );
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let list = newcomer.get("/incidents");
    assert!(
        list.text.contains(
            &w.incident(memoria_core::entity::Sensitivity::Internal)
                .to_string()
        ),
        "a viewer now"
    );
    // Disabling ends what the account can do at once.
    let r = root.post_form(
        &format!("/admin/accounts/{}/disabled", account.id),
        &[("csrf", &csrf), ("disabled", "true")],
    );
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(newcomer.get("/incidents").status, StatusCode::SEE_OTHER);
    assert!(
        w.store()
            .audit_log(0, 10_000)
            .unwrap()
            .iter()
            .any(|e| e.action == "member-set")
    );
}

#[test]
fn only_those_who_manage_members_see_the_accounts_page() {
    let w = World::new(Backend::Sqlite);
    for (account, allowed) in [
        ("root", true),
        ("administrator", true),
        ("coordinator", true),
        ("documentalist", false),
        ("viewer", false),
    ] {
        let mut c = w.signed_in(account);
        let r = c.get("/admin/accounts");
        assert_eq!(r.status == StatusCode::OK, allowed, "{account}");
        // A coordinator cannot create accounts, only give roles.
        let csrf = c.csrf();
        let r = c.post_form(
            "/admin/accounts",
            &[
                ("csrf", &csrf),
                ("name", &format!("x{account}")),
                ("password", "a sufficiently long passphrase"),
            ],
        );
        assert_eq!(
            r.status == StatusCode::SEE_OTHER,
            account == "root",
            "{account} adds accounts"
        );
    }
}

#[test]
fn an_administrator_translates_a_term_and_adds_one() {
    let w = World::new(Backend::Sqlite);
    let mut c = w.signed_in("administrator");
    let page = c.get("/vocabularies/violation-types");
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text.contains("arbitrary-detention"));
    let csrf = page.hidden("csrf");
    let version = page.hidden("version");
    let r = c.post_form(
        "/vocabularies/violation-types",
        &[
            ("csrf", &csrf),
            ("version", &version),
            ("code", "arbitrary-detention"),
            ("label_en", "Arbitrary detention"),
            ("label_es", "Detención arbitraria (revisado)"),
            ("label_fr", "Détention arbitraire"),
            ("label_ar", "الاحتجاز التعسفي"),
        ],
    );
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
    let r = c.post_form(
        "/vocabularies/violation-types",
        &[
            ("csrf", &csrf),
            ("version", "1"),
            ("code", "checkpoint-extortion"),
            ("label_en", "Extortion at checkpoints"),
        ],
    );
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
    // The new label shows at once, in Spanish.
    let csrf = c.csrf();
    c.post_form("/account/language", &[("csrf", &csrf), ("language", "es")]);
    let list = c.get("/incidents");
    assert!(list.text.contains("Detención arbitraria (revisado)"));
    assert!(
        list.text.contains("checkpoint-extortion")
            || list.text.contains("Extortion at checkpoints")
    );
    // A stale edit (version 1 again) is refused, not applied over the newer one.
    let r = c.post_form(
        "/vocabularies/violation-types",
        &[
            ("csrf", &csrf),
            ("version", "1"),
            ("code", "torture"),
            ("label_en", "Stale"),
        ],
    );
    assert_eq!(r.status, StatusCode::CONFLICT);
    // A viewer reads but cannot edit.
    let mut v = w.signed_in("viewer");
    assert!(
        !v.get("/vocabularies/violation-types")
            .text
            .contains("term-form")
    );
    let csrf = v.csrf();
    let r = v.post_form(
        "/vocabularies/violation-types",
        &[
            ("csrf", &csrf),
            ("version", "2"),
            ("code", "torture"),
            ("label_en", "Nope"),
        ],
    );
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}
