//! The signed-in account: language, password, TOTP enrolment, roles.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use memoria_store::Timestamp;
use serde::Deserialize;

use crate::error::WebError;
use crate::extract::{User, unix_now};
use crate::i18n::Lang;
use crate::page::chrome;
use crate::state::AppState;
use crate::view::{AccountPage, Choice, Page, Row};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/account", get(show))
        .route("/account/language", post(set_language))
        .route("/account/password", post(change_password))
        .route("/account/totp", post(enable_totp))
}

#[derive(Deserialize)]
struct ShowParams {
    enrol: Option<String>,
    saved: Option<String>,
}

fn page(
    state: &AppState,
    user: &User,
    message: Option<String>,
    error: Option<String>,
    enrol: Option<memoria_auth::totp::Secret>,
) -> Result<AccountPage, WebError> {
    let tr = user.tr(state);
    let languages = Lang::ALL
        .into_iter()
        .map(|l| Choice {
            value: l.code().into(),
            label: l.native_name().into(),
            selected: l == user.lang,
        })
        .collect();
    let mut roles = Vec::new();
    if user.access.is_admin {
        roles.push(Row {
            label: tr.t("role-installation-admin"),
            value: tr.t("all-collections"),
            withheld: false,
            href: None,
        });
    }
    for (collection, role) in &user.access.roles {
        let name = state
            .store
            .get(*collection)?
            .and_then(|c| crate::page::record_title(&c, user, &tr))
            .unwrap_or_default();
        roles.push(Row {
            label: tr.t(&format!("role-{}", role.as_str().replace('_', "-"))),
            value: name,
            withheld: false,
            href: None,
        });
    }
    let (totp_secret, totp_uri) = match enrol {
        Some(secret) => (
            Some(secret.to_base32()),
            Some(memoria_auth::totp::otpauth_uri(
                &secret,
                "Memoria",
                &user.account.name,
            )),
        ),
        None => (None, None),
    };
    Ok(AccountPage {
        chrome: chrome(user, state, tr.t("account-title"), "account"),
        languages,
        message,
        error,
        totp_enabled: user.settings.totp_enabled,
        totp_secret,
        totp_uri,
        roles,
    })
}

async fn show(
    State(state): State<AppState>,
    user: User,
    Query(params): Query<ShowParams>,
) -> Result<Response, WebError> {
    state
        .clone()
        .blocking(move |s| {
            let tr = user.tr(s);
            let enrol = (params.enrol.as_deref() == Some("totp") && !user.settings.totp_enabled)
                .then(memoria_auth::totp::Secret::generate);
            let message = params.saved.map(|_| tr.t("saved"));
            Ok(page(s, &user, message, None, enrol)?
                .render_html()
                .into_response())
        })
        .await
}

#[derive(Deserialize)]
struct LanguageForm {
    csrf: String,
    language: String,
}

async fn set_language(
    State(state): State<AppState>,
    user: User,
    Form(form): Form<LanguageForm>,
) -> Result<Response, WebError> {
    user.check_csrf(&form.csrf)?;
    let lang = Lang::from_code(&form.language)
        .ok_or_else(|| WebError::BadRequest("choose one of the offered languages".into()))?;
    state
        .blocking(move |s| {
            let mut settings = user.settings.clone();
            settings.language = lang.code().to_string();
            let mut tx = s.store.begin(&user.actor)?;
            tx.set_account_settings(user.account.id, &settings)?;
            tx.commit()?;
            Ok(Redirect::to("/account?saved=1").into_response())
        })
        .await
}

#[derive(Deserialize)]
struct PasswordForm {
    csrf: String,
    current: String,
    new: String,
}

async fn change_password(
    State(state): State<AppState>,
    user: User,
    Form(form): Form<PasswordForm>,
) -> Result<Response, WebError> {
    user.check_csrf(&form.csrf)?;
    state
        .clone()
        .blocking(move |s| {
            let tr = user.tr(s);
            let current_ok = user
                .account
                .password_hash
                .as_deref()
                .is_some_and(|h| memoria_auth::password::verify(&form.current, h));
            let error = if !current_ok {
                Some(tr.t("password-current-wrong"))
            } else if memoria_auth::password::check_strength(&form.new).is_err() {
                Some(tr.t1(
                    "password-too-weak",
                    "min",
                    memoria_auth::password::MIN_CHARS,
                ))
            } else {
                None
            };
            if let Some(error) = error {
                let view = page(s, &user, None, Some(error), None)?;
                return Ok((StatusCode::UNPROCESSABLE_ENTITY, view.render_html()).into_response());
            }
            let hash = memoria_auth::password::hash(&form.new).map_err(WebError::internal)?;
            let mut tx = s.store.begin(&user.actor)?;
            tx.set_password(user.account.id, &hash)?;
            // Every session ends, this one included: whoever held an old one is out.
            tx.end_sessions_of(user.account.id, Timestamp::now())?;
            tx.commit()?;
            Ok(Redirect::to("/sign-in").into_response())
        })
        .await
}

#[derive(Deserialize)]
struct TotpForm {
    csrf: String,
    secret: String,
    code: String,
}

async fn enable_totp(
    State(state): State<AppState>,
    user: User,
    Form(form): Form<TotpForm>,
) -> Result<Response, WebError> {
    user.check_csrf(&form.csrf)?;
    state
        .clone()
        .blocking(move |s| {
            let tr = user.tr(s);
            let secret = memoria_auth::totp::Secret::from_base32(&form.secret)
                .ok_or_else(|| WebError::BadRequest(tr.t("totp-bad-secret")))?;
            let code: String = form.code.chars().filter(|c| !c.is_whitespace()).collect();
            let Some(step) = memoria_auth::totp::verify(&secret, &code, unix_now(), None) else {
                let view = page(
                    s,
                    &user,
                    None,
                    Some(tr.t("second-factor-failed")),
                    Some(secret),
                )?;
                return Ok((StatusCode::UNPROCESSABLE_ENTITY, view.render_html()).into_response());
            };
            let mut settings = user.settings.clone();
            settings.totp_secret = Some(secret.to_base32());
            settings.totp_enabled = true;
            settings.totp_last_step = Some(step);
            let mut tx = s.store.begin(&user.actor)?;
            tx.set_account_settings(user.account.id, &settings)?;
            tx.commit()?;
            Ok(Redirect::to("/account?saved=1").into_response())
        })
        .await
}
