//! Who is asking: the signed-in account behind a page request or an API call.
//!
//! Pages authenticate with a session cookie (and check a CSRF token on every form);
//! the API authenticates with a bearer token only, never with cookies, so a page on
//! another site cannot make a browser call it. The transparency log under `/log/`, which
//! browsers and tools both read and which changes nothing, takes either ([`AnyUser`]).
//! All end in a [`User`], whose [`Access`] decides every permission.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use memoria_auth::roles::{Access, Permission, Role};
use memoria_core::entity::Sensitivity;
use memoria_core::id::RecordId;
use memoria_search::{CollectionScope, Scope};
use memoria_store::{Account, AccountSettings, Actor, Session, Store, Timestamp};

use crate::error::{ApiError, WebError};
use crate::i18n::{Lang, Tr};
use crate::state::AppState;

pub const SESSION_COOKIE: &str = "memoria_session";

/// The account a request acts for.
#[derive(Clone, Debug)]
pub struct User {
    pub account: Account,
    pub actor: Actor,
    pub access: Access,
    pub settings: AccountSettings,
    pub lang: Lang,
    /// The cookie session, for pages; `None` for API calls.
    pub session: Option<Session>,
}

impl User {
    /// The CSRF token every form of this session carries.
    pub fn csrf(&self) -> String {
        self.session
            .as_ref()
            .map(|s| memoria_auth::csrf::token(&s.csrf_key))
            .unwrap_or_default()
    }

    pub fn check_csrf(&self, presented: &str) -> Result<(), WebError> {
        match &self.session {
            Some(s) if memoria_auth::csrf::verify(&s.csrf_key, presented) => Ok(()),
            _ => Err(WebError::Csrf),
        }
    }

    pub fn tr(&self, state: &AppState) -> Tr {
        Tr::new(self.lang, state.i18n.clone())
    }

    pub fn can(&self, collection: Option<RecordId>, permission: Permission) -> bool {
        self.access.can(collection, permission)
    }

    pub fn require(
        &self,
        collection: Option<RecordId>,
        permission: Permission,
    ) -> Result<(), WebError> {
        if self.can(collection, permission) {
            Ok(())
        } else {
            Err(WebError::Forbidden)
        }
    }

    /// May this account learn that the record exists? Records it may not see answer
    /// 404, exactly like records that do not exist.
    pub fn can_see(&self, collection: Option<RecordId>, sensitivity: Sensitivity) -> bool {
        self.access.can_see(collection, sensitivity)
    }

    /// What the search index may show this account.
    pub fn scope(&self) -> Scope {
        Scope {
            all: self.access.is_admin,
            collections: self
                .access
                .readable_collections()
                .into_iter()
                .filter_map(|c| {
                    Some(CollectionScope {
                        collection: c,
                        max_sensitivity: self.access.max_sensitivity(c)?,
                        names: self.access.can(Some(c), Permission::ReadNames),
                    })
                })
                .collect(),
        }
    }
}

pub fn unix_now() -> u64 {
    time::OffsetDateTime::now_utc().unix_timestamp().max(0) as u64
}

pub fn unix(t: &Timestamp) -> u64 {
    t.as_offset_date_time().unix_timestamp().max(0) as u64
}

pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// Loads what an account may do. Fails closed: a disabled account is not a user.
pub fn load_user(
    store: &dyn Store,
    account: Account,
    session: Option<Session>,
) -> Result<User, WebError> {
    if account.disabled {
        return Err(WebError::NotSignedIn);
    }
    let settings = store.account_settings(account.id)?;
    let roles = store
        .memberships(account.id)?
        .into_iter()
        .filter_map(|m| Some((m.collection, m.role.parse::<Role>().ok()?)))
        .collect();
    let access = Access {
        is_admin: account.is_admin,
        roles,
    };
    let lang = Lang::from_code(&settings.language).unwrap_or_default();
    Ok(User {
        actor: Actor::from(&account),
        account,
        access,
        settings,
        lang,
        session,
    })
}

/// Where a session stands.
pub enum SessionState {
    /// Signed in, second factor done where enabled.
    Active(User),
    /// Password accepted; the TOTP code is still due.
    SecondFactorDue(User),
    None,
}

/// Resolves the session cookie of a request. Ended, expired or unknown sessions are
/// `None`: a cookie kept after sign-out opens nothing.
pub fn session_state(state: &AppState, headers: &HeaderMap) -> Result<SessionState, WebError> {
    let Some(plain) = cookie(headers, SESSION_COOKIE) else {
        return Ok(SessionState::None);
    };
    let digest = memoria_auth::token::digest(plain);
    let store = state.store.as_ref();
    let Some(session) = store.session(&digest)? else {
        return Ok(SessionState::None);
    };
    let now = unix_now();
    if session.ended_at.is_some()
        || !state.settings.timeouts.is_live(
            unix(&session.created_at),
            unix(&session.last_seen_at),
            now,
        )
    {
        return Ok(SessionState::None);
    }
    let Some(account) = store.account(session.account)? else {
        return Ok(SessionState::None);
    };
    // Bump the idle clock at most every 30 s: one write per page would be wasteful.
    if now.saturating_sub(unix(&session.last_seen_at)) >= 30 {
        store.touch_session(&digest, Timestamp::now())?;
    }
    let second_factor_due = !session.second_factor_done;
    let user = match load_user(store, account, Some(session)) {
        Ok(u) => u,
        Err(WebError::NotSignedIn) => return Ok(SessionState::None),
        Err(e) => return Err(e),
    };
    if second_factor_due && user.settings.totp_enabled {
        Ok(SessionState::SecondFactorDue(user))
    } else {
        Ok(SessionState::Active(user))
    }
}

impl FromRequestParts<AppState> for User {
    type Rejection = axum::response::Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<User, Self::Rejection> {
        use axum::response::IntoResponse;
        let headers = parts.headers.clone();
        let resolved = state
            .blocking(move |s| session_state(s, &headers))
            .await
            .map_err(IntoResponse::into_response)?;
        match resolved {
            SessionState::Active(user) => Ok(user),
            SessionState::SecondFactorDue(_) => {
                Err(axum::response::Redirect::to("/sign-in/second-factor").into_response())
            }
            SessionState::None => Err(WebError::NotSignedIn.into_response()),
        }
    }
}

/// The account behind an API call's bearer token.
pub struct ApiUser(pub User);

impl FromRequestParts<AppState> for ApiUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<ApiUser, ApiError> {
        let bearer = bearer(&parts.headers).ok_or(ApiError(WebError::NotSignedIn))?;
        let user = state.blocking(move |s| token_user(s, &bearer)).await?;
        Ok(ApiUser(user))
    }
}

/// The token of an `Authorization: Bearer …` header.
fn bearer(headers: &HeaderMap) -> Option<String> {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(|t| t.trim().to_string())
}

/// The account of a bearer token that is known and not revoked.
fn token_user(state: &AppState, bearer: &str) -> Result<User, WebError> {
    let store = state.store.as_ref();
    let digest = memoria_auth::token::digest(bearer);
    let token = store
        .api_token_by_digest(&digest)?
        .filter(|t| t.revoked_at.is_none())
        .ok_or(WebError::NotSignedIn)?;
    let account = store.account(token.account)?.ok_or(WebError::NotSignedIn)?;
    let stale = token
        .last_used_at
        .as_ref()
        .is_none_or(|t| unix_now().saturating_sub(unix(t)) >= 60);
    if stale {
        store.touch_api_token(token.id, Timestamp::now())?;
    }
    load_user(store, account, None)
}

/// The account behind a request that browsers and tools both make (the transparency
/// log under `/log/`): a bearer token when the request carries `Authorization`, else
/// the session cookie. Without either the answer is 401 with a `Bearer` challenge
/// rather than the pages' redirect to the sign-in form, which a tool would follow into
/// HTML. A bearer token is never combined with a cookie: a request carrying a bad token
/// is refused even if a session cookie rides along.
pub struct AnyUser(pub User);

impl FromRequestParts<AppState> for AnyUser {
    type Rejection = axum::response::Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<AnyUser, Self::Rejection> {
        use axum::response::IntoResponse;
        let headers = parts.headers.clone();
        let resolved = state
            .blocking(move |s| {
                if headers.contains_key(header::AUTHORIZATION) {
                    let Some(token) = bearer(&headers) else {
                        return Ok(SessionState::None);
                    };
                    return match token_user(s, &token) {
                        Ok(user) => Ok(SessionState::Active(user)),
                        Err(WebError::NotSignedIn) => Ok(SessionState::None),
                        Err(e) => Err(e),
                    };
                }
                session_state(s, &headers)
            })
            .await
            .map_err(IntoResponse::into_response)?;
        match resolved {
            SessionState::Active(user) => Ok(AnyUser(user)),
            SessionState::SecondFactorDue(_) => {
                Err(axum::response::Redirect::to("/sign-in/second-factor").into_response())
            }
            SessionState::None => Err(crate::error::unauthorized_page()),
        }
    }
}
