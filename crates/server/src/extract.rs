//! Request extractors: JSON bodies with typed rejections, the signed-in user, the client address.

use crate::db::sessions;
use crate::error::{AppError, AppResult};
use crate::AppState;
use axum::extract::rejection::JsonRejection;
use axum::extract::{ConnectInfo, FromRequest, FromRequestParts, OptionalFromRequestParts};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use linli_contract::auth::{Me, Role};
use linli_contract::lifecycle::Machine;
use linli_contract::validate;
use linli_contract::ErrorCode;
use std::net::SocketAddr;

/// `axum::Json`, but a bad body becomes our typed error instead of plain text.
#[derive(FromRequest)]
#[from_request(via(axum::Json), rejection(AppError))]
pub struct Json<T>(pub T);

impl<T: serde::Serialize> IntoResponse for Json<T> {
    fn into_response(self) -> Response {
        axum::Json(self.0).into_response()
    }
}

impl From<JsonRejection> for AppError {
    fn from(rejection: JsonRejection) -> Self {
        match rejection {
            JsonRejection::MissingJsonContentType(_) => AppError::code(ErrorCode::UnsupportedMediaType),
            r if r.status() == StatusCode::PAYLOAD_TOO_LARGE => AppError::code(ErrorCode::PayloadTooLarge),
            _ => AppError::code(ErrorCode::BadRequest),
        }
    }
}

/// The signed-in user. As an extractor it answers 401 when there is no live session;
/// `Option<CurrentUser>` lets anonymous callers through.
#[derive(Debug, Clone)]
pub struct CurrentUser {
    pub id: i64,
    pub display_name: String,
    pub contact: String,
    /// As granted; [`CurrentUser::has`] says which are in force.
    roles: Vec<Role>,
    pub member_since: i64,
    /// A moderator's suspension is in force: the account may read and wind down what it
    /// started, but not start or advance anything, and its granted roles rest meanwhile.
    pub suspended: bool,
}

impl CurrentUser {
    /// Whether the user may act as `role` now (a suspension rests every granted role).
    pub fn has(&self, role: Role) -> bool {
        role == Role::Resident || (!self.suspended && self.roles.contains(&role))
    }

    /// 403 unless the user may act as `role` now (`account_suspended` if only the suspension
    /// stands in the way).
    pub fn require(&self, role: Role) -> AppResult<()> {
        if self.has(role) {
            Ok(())
        } else if self.roles.contains(&role) {
            Err(AppError::code(ErrorCode::AccountSuspended))
        } else {
            Err(AppError::code(ErrorCode::Forbidden))
        }
    }

    /// 403 `account_suspended` when a suspension is in force and `action` of machine `M` is not
    /// open while suspended ([`Machine::open_while_suspended`]).
    pub fn may<M: Machine>(&self, action: M::Action) -> AppResult<()> {
        if M::open_while_suspended(action) {
            Ok(())
        } else {
            self.ensure_active()
        }
    }

    /// The actions of a transition table's list the user may take now: all of them, or while
    /// suspended only those open to a suspended account (the app shows buttons for these).
    pub fn open_actions<M: Machine>(&self, mut actions: Vec<M::Action>) -> Vec<M::Action> {
        if self.suspended {
            actions.retain(|a| M::open_while_suspended(*a));
        }
        actions
    }

    /// Whether the user may act for what `runner_id` runs (a market as its organiser, a
    /// recycling point as its operator): their own, and not while suspended.
    pub fn runs(&self, runner_id: i64) -> bool {
        self.id == runner_id && !self.suspended
    }

    /// 403 `account_suspended` while a suspension is in force (posting, requesting, booking,
    /// reporting, advancing a trade…).
    pub fn ensure_active(&self) -> AppResult<()> {
        if self.suspended {
            Err(AppError::code(ErrorCode::AccountSuspended))
        } else {
            Ok(())
        }
    }

    pub fn to_me(&self) -> Me {
        let contact_masked = validate::contact(&self.contact).map(|c| c.masked()).unwrap_or_default();
        Me {
            id: self.id,
            display_name: self.display_name.clone(),
            contact_masked,
            roles: Role::ALL.into_iter().filter(|r| self.has(*r)).collect(),
            member_since: self.member_since,
        }
    }
}

/// The session token of the request's cookie, if any.
pub fn session_token(headers: &HeaderMap) -> Option<&str> {
    let prefix = linli_contract::SESSION_COOKIE;
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == prefix)
        .map(|(_, value)| value)
        .filter(|v| !v.is_empty())
}

impl CurrentUser {
    /// The account signed in with the session `token`, if the session is live.
    pub async fn of_session(state: &AppState, token: &str) -> AppResult<Option<CurrentUser>> {
        let rows = sessions::account(&state.db, token, state.now()).await?;
        let Some((id, display_name, contact, member_since, _, suspended)) = rows.first().cloned() else {
            return Ok(None);
        };
        let mut roles: Vec<Role> = rows.iter().filter_map(|r| r.4.as_deref().and_then(Role::parse)).collect();
        roles.sort();
        Ok(Some(CurrentUser { id, display_name, contact, roles, member_since, suspended: suspended != 0 }))
    }
}

/// The signed-in user as a middleware already found them (the write limits look the session
/// up first), so the handler does not ask the database again.
#[derive(Clone)]
pub struct SessionChecked(pub Option<CurrentUser>);

impl OptionalFromRequestParts<AppState> for CurrentUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> AppResult<Option<Self>> {
        if let Some(SessionChecked(user)) = parts.extensions.get::<SessionChecked>() {
            return Ok(user.clone());
        }
        let Some(token) = session_token(&parts.headers) else {
            return Ok(None);
        };
        CurrentUser::of_session(state, token).await
    }
}

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> AppResult<Self> {
        <CurrentUser as OptionalFromRequestParts<AppState>>::from_request_parts(parts, state)
            .await?
            .ok_or(AppError::code(ErrorCode::Unauthenticated))
    }
}

/// The client's address, for throttling. Behind `trusted_proxies` reverse proxies
/// (`LINLI_TRUST_PROXY=N`), the right-most `X-Forwarded-For` hop that none of them wrote:
/// each proxy appends the address it saw, so the last N entries are trustworthy and anything
/// left of them was written by the client (a made-up header changes nothing). In router tests
/// without a socket, `unknown`.
pub struct ClientIp(pub String);

impl FromRequestParts<AppState> for ClientIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        Ok(ClientIp(client_ip(&parts.headers, &parts.extensions, &state.config)))
    }
}

/// See [`ClientIp`].
pub fn client_ip(headers: &HeaderMap, extensions: &axum::http::Extensions, config: &crate::Config) -> String {
    let socket = extensions.get::<ConnectInfo<SocketAddr>>().map(|ci| ci.0.ip().to_string());
    let trusted = config.trusted_proxies;
    if trusted == 0 {
        return socket.unwrap_or_else(|| "unknown".into());
    }
    let hops: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .collect();
    let forwarded = hops.len().checked_sub(trusted).map(|i| hops[i]).and_then(|hop| {
        // Normalised, so `::ffff:1.2.3.4`-style spellings or junk cannot make new keys.
        hop.parse::<std::net::IpAddr>().ok().or_else(|| hop.parse::<SocketAddr>().ok().map(|s| s.ip()))
    });
    match forwarded {
        Some(ip) => ip.to_canonical().to_string(),
        // Fewer hops than proxies, or junk: not a client address; the nearest proxy's.
        None => socket.unwrap_or_else(|| "unknown".into()),
    }
}
