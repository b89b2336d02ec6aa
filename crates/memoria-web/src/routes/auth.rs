//! Sign-in (password, then TOTP when enrolled), sign-out.
//!
//! Failed attempts are counted per account name and per client address, in the store
//! (so every server process sees them), and lock further attempts for a while. An
//! unknown name costs the same password check as a known one, so timing does not say
//! which names exist. A new session gets a new random token on every sign-in.

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts, Query, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use memoria_auth::throttle::{Counter, Decision, Policy};
use memoria_store::{Actor, Session, Timestamp};
use serde::Deserialize;
use sha2::{Digest, Sha256};

use crate::error::WebError;
use crate::extract::{SESSION_COOKIE, SessionState, User, cookie, session_state, unix_now};
use crate::i18n::{Lang, Tr};
use crate::state::AppState;
use crate::view::{Page, SecondFactor, SignIn};

/// A cookie carrying the sign-in form's CSRF token before any session exists.
const PRE_COOKIE: &str = "memoria_pre";
pub(crate) const LANG_COOKIE: &str = "memoria_lang";

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/sign-in", get(sign_in_form).post(sign_in))
        .route(
            "/sign-in/second-factor",
            get(second_factor_form).post(second_factor),
        )
        .route("/sign-out", post(sign_out))
}

/// The client's address, when the server knows it (not in router-only tests).
pub struct ClientAddr(pub Option<IpAddr>);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddr {
    type Rejection = std::convert::Infallible;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(ClientAddr(
            parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map(|c| c.0.ip()),
        ))
    }
}

fn cookie_header(state: &AppState, name: &str, value: &str, clear: bool) -> HeaderValue {
    let secure = if state.settings.secure_cookies {
        "; Secure"
    } else {
        ""
    };
    let age = if clear { "; Max-Age=0" } else { "" };
    HeaderValue::from_str(&format!(
        "{name}={value}; Path=/; HttpOnly; SameSite=Strict{secure}{age}"
    ))
    .expect("cookie values are base64url")
}

fn page_lang(headers: &HeaderMap, asked: Option<&str>) -> Lang {
    asked
        .and_then(Lang::from_code)
        .or_else(|| cookie(headers, LANG_COOKIE).and_then(Lang::from_code))
        .unwrap_or_else(|| {
            Lang::negotiate(
                headers
                    .get(header::ACCEPT_LANGUAGE)
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or(""),
            )
        })
}

#[derive(Deserialize)]
struct LangQuery {
    lang: Option<String>,
}

async fn sign_in_form(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<LangQuery>,
) -> Result<Response, WebError> {
    let h = headers.clone();
    if let SessionState::Active(_) = state.blocking(move |s| session_state(s, &h)).await? {
        return Ok(Redirect::to("/").into_response());
    }
    let lang = page_lang(&headers, q.lang.as_deref());
    Ok(render_sign_in(&state, lang, None, String::new(), 200))
}

fn render_sign_in(
    state: &AppState,
    lang: Lang,
    error: Option<String>,
    name: String,
    status: u16,
) -> Response {
    let (pre, _) = memoria_auth::token::generate("");
    let page = SignIn {
        tr: Tr::new(lang, state.i18n.clone()),
        error,
        name,
        csrf: pre.clone(),
    };
    let mut response = (
        axum::http::StatusCode::from_u16(status).unwrap_or_default(),
        page.render_html(),
    )
        .into_response();
    let h = response.headers_mut();
    h.append(
        header::SET_COOKIE,
        cookie_header(state, PRE_COOKIE, &pre, false),
    );
    h.append(
        header::SET_COOKIE,
        cookie_header(state, LANG_COOKIE, lang.code(), false),
    );
    response
}

#[derive(Deserialize)]
struct SignInForm {
    csrf: String,
    name: String,
    password: String,
}

fn address_key(addr: Option<IpAddr>) -> String {
    let text = addr
        .map(|a| a.to_string())
        .unwrap_or_else(|| "unknown".into());
    // Hashed: the counters table should not become a log of where people connect from.
    format!("address:{:x}", Sha256::digest(text.as_bytes()))
}

fn name_key(name: &str) -> String {
    format!(
        "account:{:x}",
        Sha256::digest(name.trim().to_lowercase().as_bytes())
    )
}

async fn sign_in(
    State(state): State<AppState>,
    ClientAddr(addr): ClientAddr,
    headers: HeaderMap,
    Form(form): Form<SignInForm>,
) -> Result<Response, WebError> {
    let lang = page_lang(&headers, None);
    let tr = Tr::new(lang, state.i18n.clone());
    let pre = cookie(&headers, PRE_COOKIE).unwrap_or("");
    if pre.is_empty() || !constant_eq(pre.as_bytes(), form.csrf.as_bytes()) {
        return Err(WebError::Csrf);
    }
    if form.name.len() > 64 || form.password.len() > 1024 {
        return Ok(render_sign_in(
            &state,
            lang,
            Some(tr.t("sign-in-failed")),
            String::new(),
            401,
        ));
    }
    let name = form.name.clone();
    let outcome = state
        .blocking(move |s| {
            let store = s.store.as_ref();
            let now = unix_now();
            let keys = [
                (name_key(&form.name), Policy::for_account()),
                (address_key(addr), Policy::for_address()),
            ];
            for (key, policy) in &keys {
                if let Decision::Locked { retry_after_secs } =
                    policy.check(counter(store, key)?.as_ref(), now)
                {
                    return Ok(Err(WebError::TooManyAttempts { retry_after_secs }));
                }
            }
            let account = store.account_by_name(form.name.trim())?;
            let hash = account
                .as_ref()
                .and_then(|a| a.password_hash.clone())
                .unwrap_or_else(|| memoria_auth::password::dummy_hash().to_string());
            let ok = memoria_auth::password::verify(&form.password, &hash)
                && account
                    .as_ref()
                    .is_some_and(|a| !a.disabled && a.password_hash.is_some());
            let Some(account) = account.filter(|_| ok) else {
                for (key, policy) in &keys {
                    let next = policy.after_failure(counter(store, key)?.as_ref(), now);
                    put_counter(store, key, &next)?;
                }
                let mut tx = store.begin(&Actor::system())?;
                tx.audit("sign-in-failed", None, "")?;
                tx.commit()?;
                return Ok(Ok(None));
            };
            store.put_sign_in_counter(&keys[0].0, None)?;
            let settings = store.account_settings(account.id)?;
            let (plain, digest) = memoria_auth::token::generate("mst_");
            let session = Session {
                digest,
                account: account.id,
                created_at: Timestamp::now(),
                last_seen_at: Timestamp::now(),
                ended_at: None,
                second_factor_done: !settings.totp_enabled,
                csrf_key: memoria_auth::token::random_key().to_vec(),
            };
            let mut tx = store.begin(&Actor::from(&account))?;
            tx.start_session(&session)?;
            tx.commit()?;
            Ok(Ok(Some((plain, settings.totp_enabled))))
        })
        .await?;
    match outcome {
        Err(e) => Err(e),
        Ok(None) => Ok(render_sign_in(
            &state,
            lang,
            Some(tr.t("sign-in-failed")),
            name,
            401,
        )),
        Ok(Some((plain, totp))) => {
            let to = if totp { "/sign-in/second-factor" } else { "/" };
            let mut response = Redirect::to(to).into_response();
            let h = response.headers_mut();
            h.append(
                header::SET_COOKIE,
                cookie_header(&state, SESSION_COOKIE, &plain, false),
            );
            h.append(
                header::SET_COOKIE,
                cookie_header(&state, PRE_COOKIE, "", true),
            );
            Ok(response)
        }
    }
}

/// The store keeps the counters; the policy (memoria-auth) decides over them.
fn counter(store: &dyn memoria_store::Store, key: &str) -> Result<Option<Counter>, WebError> {
    Ok(store.sign_in_counter(key)?.map(|c| Counter {
        window_start: c.window_start,
        failures: c.failures,
        locked_until: c.locked_until,
    }))
}

fn put_counter(store: &dyn memoria_store::Store, key: &str, c: &Counter) -> Result<(), WebError> {
    let stored = memoria_store::SignInCounter {
        window_start: c.window_start,
        failures: c.failures,
        locked_until: c.locked_until,
    };
    Ok(store.put_sign_in_counter(key, Some(&stored))?)
}

fn constant_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

async fn pending(state: &AppState, headers: &HeaderMap) -> Result<User, WebError> {
    let h = headers.clone();
    match state.blocking(move |s| session_state(s, &h)).await? {
        SessionState::SecondFactorDue(user) => Ok(user),
        _ => Err(WebError::NotSignedIn),
    }
}

async fn second_factor_form(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    let user = pending(&state, &headers).await?;
    Ok(SecondFactor {
        tr: user.tr(&state),
        error: None,
        csrf: user.csrf(),
    }
    .render_html()
    .into_response())
}

#[derive(Deserialize)]
struct CodeForm {
    csrf: String,
    code: String,
}

async fn second_factor(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(form): Form<CodeForm>,
) -> Result<Response, WebError> {
    let user = pending(&state, &headers).await?;
    user.check_csrf(&form.csrf)?;
    let tr = user.tr(&state);
    let csrf = user.csrf();
    let accepted = state
        .blocking(move |s| {
            let store = s.store.as_ref();
            let now = unix_now();
            let key = format!("totp:{}", user.account.id);
            let policy = Policy::for_account();
            if let Decision::Locked { retry_after_secs } =
                policy.check(counter(store, &key)?.as_ref(), now)
            {
                return Err(WebError::TooManyAttempts { retry_after_secs });
            }
            let mut settings = user.settings.clone();
            let secret = settings
                .totp_secret
                .as_deref()
                .and_then(memoria_auth::totp::Secret::from_base32)
                .ok_or(WebError::NotSignedIn)?;
            let code: String = form.code.chars().filter(|c| !c.is_whitespace()).collect();
            let Some(step) =
                memoria_auth::totp::verify(&secret, &code, now, settings.totp_last_step)
            else {
                let next = policy.after_failure(counter(store, &key)?.as_ref(), now);
                put_counter(store, &key, &next)?;
                return Ok(false);
            };
            store.put_sign_in_counter(&key, None)?;
            settings.totp_last_step = Some(step);
            let digest = user
                .session
                .as_ref()
                .map(|s| s.digest)
                .ok_or(WebError::NotSignedIn)?;
            let mut tx = store.begin(&user.actor)?;
            tx.set_account_settings(user.account.id, &settings)?;
            tx.complete_second_factor(&digest)?;
            tx.commit()?;
            Ok(true)
        })
        .await?;
    if accepted {
        Ok(Redirect::to("/").into_response())
    } else {
        let page = SecondFactor {
            error: Some(tr.t("second-factor-failed")),
            tr,
            csrf,
        };
        Ok((axum::http::StatusCode::UNAUTHORIZED, page.render_html()).into_response())
    }
}

#[derive(Deserialize)]
struct CsrfForm {
    csrf: String,
}

async fn sign_out(
    State(state): State<AppState>,
    user: User,
    Form(form): Form<CsrfForm>,
) -> Result<Response, WebError> {
    user.check_csrf(&form.csrf)?;
    state
        .blocking(move |s| {
            let digest = user
                .session
                .as_ref()
                .map(|s| s.digest)
                .ok_or(WebError::NotSignedIn)?;
            let mut tx = s.store.begin(&user.actor)?;
            tx.end_session(&digest, Timestamp::now())?;
            tx.commit()?;
            Ok(())
        })
        .await?;
    let mut response = Redirect::to("/sign-in").into_response();
    response.headers_mut().append(
        header::SET_COOKIE,
        cookie_header(&state, SESSION_COOKIE, "", true),
    );
    Ok(response)
}
