//! Administration in the interface: accounts and their roles, and the vocabularies
//! (terms and their translations).
//!
//! Installation administrators add and disable accounts; whoever may manage members of
//! a collection gives roles in it. Vocabularies are shared by the installation: an
//! account that may manage vocabularies in any collection edits them. An edit writes
//! the whole vocabulary as a new revision of its stored record (the shipped default is
//! copied into the store on its first edit), so every change has a history and an undo.

use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use memoria_auth::roles::{Permission, Role};
use memoria_core::entity::{Entity, EntityKind};
use memoria_core::id::RecordId;
use memoria_core::text::MultiText;
use memoria_core::vocab::{Term, Vocabulary};
use memoria_store::{AccountId, ListQuery};
use serde::Deserialize;

use crate::error::WebError;
use crate::extract::User;
use crate::i18n::Lang;
use crate::page::{self, chrome};
use crate::state::AppState;
use crate::view::*;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/accounts", get(accounts).post(add_account))
        .route("/admin/accounts/{id}/role", post(set_role))
        .route("/admin/accounts/{id}/disabled", post(set_disabled))
        .route("/vocabularies", get(vocabularies))
        .route("/vocabularies/{code}", get(vocabulary).post(save_term))
}

/// The collections in which the account may give roles.
fn managed_collections(s: &AppState, user: &User) -> Result<Vec<(RecordId, String)>, WebError> {
    let tr = user.tr(s);
    Ok(s.store
        .list(&ListQuery {
            kind: Some(EntityKind::Collection),
            limit: 1000,
            ..Default::default()
        })?
        .into_iter()
        .filter(|c| user.can(Some(c.id), Permission::ManageMembers))
        .map(|c| (c.id, page::record_title(&c, user, &tr).unwrap_or_default()))
        .collect())
}

pub fn may_manage_vocabularies(user: &User) -> bool {
    user.access.is_admin
        || user
            .access
            .roles
            .keys()
            .any(|c| user.can(Some(*c), Permission::ManageVocabularies))
}

#[derive(Deserialize)]
struct Saved {
    saved: Option<String>,
}

async fn accounts(
    State(state): State<AppState>,
    user: User,
    Query(q): Query<Saved>,
) -> Result<Response, WebError> {
    state
        .clone()
        .blocking(move |s| {
            let collections = managed_collections(s, &user)?;
            if collections.is_empty() && !user.access.is_admin {
                return Err(WebError::Forbidden);
            }
            let tr = user.tr(s);
            let mut lines = Vec::new();
            for a in s.store.accounts()? {
                let memberships = s.store.memberships(a.id)?;
                let roles = collections
                    .iter()
                    .map(|(c, name)| {
                        let current = memberships
                            .iter()
                            .find(|m| m.collection == *c)
                            .map(|m| m.role.clone())
                            .unwrap_or_default();
                        AccountRole {
                            collection: c.to_string(),
                            collection_name: name.clone(),
                            choices: std::iter::once(Choice {
                                value: String::new(),
                                label: tr.t("role-none"),
                                selected: current.is_empty(),
                            })
                            .chain(Role::ALL.into_iter().map(|r| Choice {
                                value: r.as_str().into(),
                                label: tr.t(&format!("role-{}", r.as_str().replace('_', "-"))),
                                selected: current == r.as_str(),
                            }))
                            .collect(),
                        }
                    })
                    .collect();
                lines.push(AccountLine {
                    id: a.id.to_string(),
                    name: a.name,
                    is_admin: a.is_admin,
                    disabled: a.disabled,
                    can_sign_in: a.password_hash.is_some(),
                    roles,
                });
            }
            let view = AccountsPage {
                chrome: chrome(&user, s, tr.t("accounts-title"), "admin"),
                lines,
                can_add: user.access.is_admin,
                message: q.saved.map(|_| tr.t("saved")),
                error: None,
            };
            Ok(view.render_html().into_response())
        })
        .await
}

#[derive(Deserialize)]
struct NewAccount {
    csrf: String,
    name: String,
    password: String,
}

async fn add_account(
    State(state): State<AppState>,
    user: User,
    Form(form): Form<NewAccount>,
) -> Result<Response, WebError> {
    user.check_csrf(&form.csrf)?;
    if !user.access.is_admin {
        return Err(WebError::Forbidden);
    }
    state
        .clone()
        .blocking(move |s| {
            let tr = user.tr(s);
            let name = form.name.trim();
            let valid_name = memoria_auth::account::valid_name(name);
            let problem = if !valid_name {
                Some(tr.t("account-name-invalid"))
            } else if memoria_auth::password::check_strength(&form.password).is_err() {
                Some(tr.t1(
                    "password-too-weak",
                    "min",
                    memoria_auth::password::MIN_CHARS,
                ))
            } else if s.store.account_by_name(name)?.is_some() {
                Some(tr.t("account-name-taken"))
            } else {
                None
            };
            if let Some(error) = problem {
                return Ok(crate::error::invalid_page(error));
            }
            let hash = memoria_auth::password::hash(&form.password).map_err(WebError::internal)?;
            let mut tx = s.store.begin(&user.actor)?;
            tx.add_account(name, Some(&hash), false)?;
            tx.commit()?;
            Ok(Redirect::to("/admin/accounts?saved=1").into_response())
        })
        .await
}

#[derive(Deserialize)]
struct RoleForm {
    csrf: String,
    collection: String,
    #[serde(default)]
    role: String,
}

fn account_id(id: &str) -> Result<AccountId, WebError> {
    id.parse::<uuid::Uuid>()
        .map(AccountId)
        .map_err(|_| WebError::NotFound)
}

async fn set_role(
    State(state): State<AppState>,
    user: User,
    Path(id): Path<String>,
    Form(form): Form<RoleForm>,
) -> Result<Response, WebError> {
    user.check_csrf(&form.csrf)?;
    let account = account_id(&id)?;
    let collection: RecordId = form
        .collection
        .parse()
        .map_err(|_| WebError::BadRequest("choose a collection".into()))?;
    let role = match form.role.as_str() {
        "" => None,
        r => Some(
            r.parse::<Role>()
                .map_err(|_| WebError::BadRequest("choose one of the roles offered".into()))?,
        ),
    };
    user.require(Some(collection), Permission::ManageMembers)?;
    state
        .blocking(move |s| {
            s.store.account(account)?.ok_or(WebError::NotFound)?;
            let mut tx = s.store.begin(&user.actor)?;
            tx.set_membership(account, collection, role.map(|r| r.as_str()))?;
            tx.commit()?;
            Ok(Redirect::to("/admin/accounts?saved=1").into_response())
        })
        .await
}

#[derive(Deserialize)]
struct DisabledForm {
    csrf: String,
    disabled: String,
}

async fn set_disabled(
    State(state): State<AppState>,
    user: User,
    Path(id): Path<String>,
    Form(form): Form<DisabledForm>,
) -> Result<Response, WebError> {
    user.check_csrf(&form.csrf)?;
    if !user.access.is_admin {
        return Err(WebError::Forbidden);
    }
    let account = account_id(&id)?;
    if account == user.account.id {
        return Err(WebError::BadRequest(
            "you cannot disable your own account".into(),
        ));
    }
    state
        .blocking(move |s| {
            let mut tx = s.store.begin(&user.actor)?;
            tx.set_account_disabled(account, form.disabled == "true")?;
            tx.commit()?;
            Ok(Redirect::to("/admin/accounts?saved=1").into_response())
        })
        .await
}

async fn vocabularies(State(state): State<AppState>, user: User) -> Result<Response, WebError> {
    state
        .clone()
        .blocking(move |s| {
            let tr = user.tr(s);
            let lines = s
                .vocabs()
                .iter()
                .map(|v| RecordLine {
                    href: format!("/vocabularies/{}", page::encode(&v.code)),
                    title: v.labels.best(tr.code()).unwrap_or(&v.code).to_string(),
                    detail: tr.t1("vocabulary-terms", "count", v.terms.len()),
                })
                .collect();
            let view = RecordList {
                chrome: chrome(&user, s, tr.t("nav-vocabularies"), "vocabularies"),
                heading: tr.t("nav-vocabularies"),
                lines,
                next: None,
                total: 0,
                due: Vec::new(),
                new: None,
            };
            Ok(view.render_html().into_response())
        })
        .await
}

async fn vocabulary(
    State(state): State<AppState>,
    user: User,
    Path(code): Path<String>,
    Query(q): Query<Saved>,
) -> Result<Response, WebError> {
    state
        .clone()
        .blocking(move |s| {
            let tr = user.tr(s);
            let vocabs = s.vocabs();
            let v = vocabs.get(&code).ok_or(WebError::NotFound)?;
            let (_, version) = stored_vocabulary(s, &code)?;
            let terms = v
                .terms
                .iter()
                .map(|t| TermLine {
                    code: t.code.clone(),
                    parent: t.parent.clone().unwrap_or_default(),
                    deprecated: t.deprecated,
                    labels: Lang::ALL
                        .into_iter()
                        .map(|l| TextInput {
                            lang: l.code(),
                            lang_name: l.native_name(),
                            value: t.labels.0.get(l.code()).cloned().unwrap_or_default(),
                        })
                        .collect(),
                })
                .collect();
            let view = VocabularyPage {
                chrome: chrome(
                    &user,
                    s,
                    v.labels.best(tr.code()).unwrap_or(&code).to_string(),
                    "vocabularies",
                ),
                code: code.clone(),
                version,
                terms,
                can_edit: may_manage_vocabularies(&user),
                message: q.saved.map(|_| tr.t("saved")),
                new_labels: Lang::ALL
                    .into_iter()
                    .map(|l| TextInput {
                        lang: l.code(),
                        lang_name: l.native_name(),
                        value: String::new(),
                    })
                    .collect(),
            };
            Ok(view.render_html().into_response())
        })
        .await
}

/// The stored record of a vocabulary, and its version (0 while only the default exists).
fn stored_vocabulary(s: &AppState, code: &str) -> Result<(Option<RecordId>, u64), WebError> {
    let mut after = None;
    loop {
        let page = s.store.list(&ListQuery {
            kind: Some(EntityKind::Vocabulary),
            after,
            limit: 500,
            ..Default::default()
        })?;
        let Some(last) = page.last() else {
            return Ok((None, 0));
        };
        after = Some(last.id);
        if let Some(found) = page
            .iter()
            .find(|r| matches!(&r.entity, Entity::Vocabulary(v) if v.code == code))
        {
            return Ok((Some(found.id), found.version));
        }
        if page.len() < 500 {
            return Ok((None, 0));
        }
    }
}

#[derive(Deserialize)]
struct TermForm {
    csrf: String,
    version: u64,
    code: String,
    #[serde(default)]
    parent: String,
    #[serde(default)]
    deprecated: Option<String>,
    #[serde(default)]
    label_en: String,
    #[serde(default)]
    label_es: String,
    #[serde(default)]
    label_fr: String,
    #[serde(default)]
    label_ar: String,
}

/// Adds a term, or changes one's labels, parent or deprecation. Terms are never deleted:
/// records keep pointing at them.
async fn save_term(
    State(state): State<AppState>,
    user: User,
    Path(code): Path<String>,
    Form(form): Form<TermForm>,
) -> Result<Response, WebError> {
    user.check_csrf(&form.csrf)?;
    if !may_manage_vocabularies(&user) {
        return Err(WebError::Forbidden);
    }
    state
        .clone()
        .blocking(move |s| {
            let tr = user.tr(s);
            let mut v: Vocabulary = s.vocabs().get(&code).cloned().ok_or(WebError::NotFound)?;
            let term_code = form.code.trim().to_string();
            let mut labels = MultiText::new();
            for (lang, text) in [
                ("en", &form.label_en),
                ("es", &form.label_es),
                ("fr", &form.label_fr),
                ("ar", &form.label_ar),
            ] {
                if !text.trim().is_empty() {
                    labels.0.insert(lang.into(), text.trim().to_string());
                }
            }
            let valid_code = !term_code.is_empty()
                && term_code.len() <= 100
                && term_code
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "-_.".contains(c));
            if !valid_code
                || labels.is_empty()
                || labels.0.values().any(|l| l.chars().count() > 300)
            {
                return Ok(crate::error::invalid_page(tr.t("term-invalid")));
            }
            let parent = Some(form.parent.trim().to_string()).filter(|p| !p.is_empty());
            match v.terms.iter_mut().find(|t| t.code == term_code) {
                Some(t) => {
                    t.labels = labels;
                    t.parent = parent;
                    t.deprecated = form.deprecated.is_some();
                }
                None => {
                    let mut t = Term::new(term_code, labels);
                    t.parent = parent;
                    v.terms.push(t);
                }
            }
            let problems = v.problems();
            if !problems.is_empty() {
                return Ok(crate::error::invalid_page(problems.join("; ")));
            }
            let (stored, _) = stored_vocabulary(s, &code)?;
            let mut tx = s.store.begin(&user.actor)?;
            match stored {
                Some(id) => {
                    tx.update(id, form.version, Entity::Vocabulary(v))?;
                }
                None => {
                    tx.create(Entity::Vocabulary(v))?;
                }
            }
            tx.commit()?;
            s.vocabularies_changed();
            Ok(
                Redirect::to(&format!("/vocabularies/{}?saved=1", page::encode(&code)))
                    .into_response(),
            )
        })
        .await
}
