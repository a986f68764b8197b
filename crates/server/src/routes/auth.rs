//! Register, log in, log out, who am I.

use crate::db::{sessions, throttle, users};
use crate::error::{AppError, AppResult};
use crate::extract::{session_token, ClientIp, CurrentUser, Json};
use crate::{password, AppState};
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use linli_contract::auth::{LoginRequest, Me, RegisterRequest};
use linli_contract::{validate, ErrorCode, SESSION_COOKIE};

/// Failed log-ins allowed per account, and per client address, within the throttle window.
const MAX_FAILURES_PER_ACCOUNT: i64 = 5;
const MAX_FAILURES_PER_IP: i64 = 50;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/auth/register", post(register))
        .route("/auth/login", post(login))
        .route("/auth/logout", post(logout))
        .route("/me", get(me))
}

async fn register(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    Json(req): Json<RegisterRequest>,
) -> AppResult<Response> {
    if let Some(first) = validate::register(&req).into_iter().next() {
        return Err(first.into());
    }
    let signup_key = format!("signup:{ip}");
    if throttle::count(&state.db, &signup_key).await? >= state.config.signups_per_ip {
        return Err(AppError::code(ErrorCode::TooManyAttempts));
    }
    let display_name = validate::display_name(&req.display_name).map_err(|c| AppError::field("display_name", c))?;
    let contact = validate::contact(&req.contact).map_err(|c| AppError::field("contact", c))?;
    let password_hash = password::hash(req.password).await?;
    let id = users::insert(
        &state.db,
        users::NewUser { display_name: &display_name, contact: &contact, password_hash: &password_hash },
    )
    .await?;
    throttle::record(&state.db, &[&signup_key]).await?;
    signed_in(&state, id, StatusCode::CREATED).await
}

async fn login(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    Json(req): Json<LoginRequest>,
) -> AppResult<Response> {
    if let Some(first) = validate::login(&req).into_iter().next() {
        return Err(first.into());
    }
    let account_key = format!("login:{}", validate::name_key(&req.login));
    let ip_key = format!("ip:{ip}");
    if throttle::count(&state.db, &account_key).await? >= MAX_FAILURES_PER_ACCOUNT
        || throttle::count(&state.db, &ip_key).await? >= MAX_FAILURES_PER_IP
    {
        return Err(AppError::code(ErrorCode::TooManyAttempts));
    }
    let user = users::find_by_login(&state.db, &req.login).await?;
    let ok = password::verify(req.password, user.as_ref().map(|u| u.password_hash.clone())).await?;
    let user = match user {
        Some(user) if ok => user,
        _ => {
            throttle::record(&state.db, &[&account_key, &ip_key]).await?;
            return Err(AppError::code(ErrorCode::BadCredentials));
        }
    };
    if user.suspended_at.is_some() {
        return Err(AppError::code(ErrorCode::AccountSuspended));
    }
    throttle::clear(&state.db, &account_key).await?;
    signed_in(&state, user.id, StatusCode::OK).await
}

/// Opens a session and answers with the user and the session cookie.
async fn signed_in(state: &AppState, user_id: i64, status: StatusCode) -> AppResult<Response> {
    let token = sessions::create(&state.db, user_id).await?;
    let user = CurrentUser::load(state, user_id).await?.ok_or(AppError::code(ErrorCode::NotFound))?;
    let cookie = session_cookie(state, &token, sessions::SESSION_TTL_SECS);
    Ok((status, [(header::SET_COOKIE, cookie)], Json(user.to_me())).into_response())
}

fn session_cookie(state: &AppState, token: &str, max_age: i64) -> HeaderValue {
    // Strict: the SPA's own fetches carry it; no cross-site request ever does.
    let secure = if state.config.secure_cookies { "; Secure" } else { "" };
    let value = format!("{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age}{secure}");
    HeaderValue::from_str(&value).expect("cookie is ASCII")
}

async fn logout(State(state): State<AppState>, headers: HeaderMap) -> AppResult<Response> {
    if let Some(token) = session_token(&headers) {
        sessions::delete(&state.db, token).await?;
    }
    Ok((StatusCode::NO_CONTENT, [(header::SET_COOKIE, session_cookie(&state, "", 0))]).into_response())
}

async fn me(user: CurrentUser) -> Json<Me> {
    Json(user.to_me())
}
