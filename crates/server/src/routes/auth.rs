//! Register, log in, log out, who am I.

use crate::db::throttle::Hit;
use crate::db::{audit, sessions, throttle, users};
use crate::error::{AppError, AppResult};
use crate::extract::{session_token, ClientIp, CurrentUser, Json};
use crate::{password, setup, AppState};
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use linli_contract::auth::{LoginRequest, Me, RegisterRequest, Role};
use linli_contract::moderation::{AuditAction, AuditFact, AuditTarget};
use linli_contract::{validate, ApiError, ErrorCode, Field, Validate, SESSION_COOKIE};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// Failed log-ins allowed from one address for one account within the throttle window: past
/// it, that address waits; the owner elsewhere (another address) is not locked out.
pub const MAX_FAILURES_PER_ACCOUNT_AND_IP: i64 = 5;
/// Failed log-ins allowed from one address for all accounts together.
pub const MAX_FAILURES_PER_IP: i64 = 50;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(register)).routes(routes!(login)).routes(routes!(logout)).routes(routes!(me))
}

#[utoipa::path(post, path = "/auth/register", operation_id = "register", tag = "auth", request_body = RegisterRequest,
    responses((status = 201, body = Me, description = "Registered and signed in (sets the session cookie)"),
        (status = 409, body = ApiError, description = "Name or contact taken"),
        (status = 422, body = ApiError, description = "A field is invalid")))]
async fn register(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    Json(req): Json<RegisterRequest>,
) -> AppResult<Response> {
    req.check()?;
    let display_name = validate::display_name(&req.display_name).map_err(|c| AppError::field(Field::DisplayName, c))?;
    let contact = validate::contact(&req.contact).map_err(|c| AppError::field(Field::Contact, c))?;
    let setup_code = req.setup_code.as_deref().map(str::trim).filter(|c| !c.is_empty());
    // Reserved before the work, so simultaneous sign-ups from one address cannot all pass.
    let signup_key = format!("signup:{ip}");
    if let Hit::Refused { retry_after } =
        throttle::hit(&state.db, &signup_key, state.config.signups_per_ip, throttle::WINDOW_SECS).await?
    {
        return Err(AppError::retry_later(ErrorCode::TooManyAttempts, retry_after));
    }
    if let Some(code) = setup_code {
        if !setup::is_valid(&state.db, code).await? {
            return Err(AppError::field(Field::SetupCode, ErrorCode::SetupCodeInvalid));
        }
    }
    let password_hash = password::hash(req.password).await?;
    let inserted = users::insert(
        &state.db,
        users::NewUser { display_name: &display_name, contact: &contact, password_hash: &password_hash },
    )
    .await;
    let id = match inserted {
        Ok(id) => id,
        Err(e) => {
            // A refused sign-up (name or contact taken) does not use up the address's budget.
            throttle::release(&state.db, &signup_key).await?;
            return Err(e);
        }
    };
    if let Some(code) = setup_code {
        if setup::redeem(&state.db, code).await? {
            users::grant_role(&state.db, id, Role::Moderator, None).await?;
            audit::record(
                &state.db,
                audit::Entry {
                    actor_id: Some(id),
                    action: AuditAction::GrantRole,
                    target_kind: AuditTarget::User,
                    target_id: Some(id),
                    detail: "",
                    fact: AuditFact::SetupCode,
                },
            )
            .await?;
        }
    }
    signed_in(&state, id, StatusCode::CREATED).await
}

/// The throttle's name for what was typed: the account it resolves to, else its canonical
/// form (a phone with spaces, `+86` or `0086` is one number; names ignore case), so every
/// way of writing one login shares one budget.
fn login_subject(login: &str, user: Option<&users::UserRow>) -> String {
    match user {
        Some(u) => format!("user:{}", u.id),
        None => match validate::contact(login) {
            Ok(contact) => format!("contact:{}", contact.as_str()),
            Err(_) => format!("name:{}", validate::name_key(login)),
        },
    }
}

#[utoipa::path(post, path = "/auth/login", operation_id = "login", tag = "auth", request_body = LoginRequest,
    responses((status = 200, body = Me, description = "Signed in (sets the session cookie)"),
        (status = 401, body = ApiError), (status = 422, body = ApiError), (status = 429, body = ApiError)))]
async fn login(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    Json(req): Json<LoginRequest>,
) -> AppResult<Response> {
    req.check()?;
    let user = users::find_by_login(&state.db, &req.login).await?;
    let subject = login_subject(&req.login, user.as_ref());
    let pair_key = format!("login:{subject}@{ip}");
    let ip_key = format!("login-ip:{ip}");
    // The attempt is reserved (counted) before the slow password check, atomically, so
    // simultaneous guesses cannot all slip under the limit; a right password gives it back.
    for (key, max) in [(&pair_key, MAX_FAILURES_PER_ACCOUNT_AND_IP), (&ip_key, MAX_FAILURES_PER_IP)] {
        if let Hit::Refused { retry_after } = throttle::hit(&state.db, key, max, throttle::WINDOW_SECS).await? {
            return Err(AppError::retry_later(ErrorCode::TooManyAttempts, retry_after));
        }
    }
    let ok = password::verify(req.password, user.as_ref().map(|u| u.password_hash.clone())).await?;
    let user = match user {
        Some(user) if ok => user,
        _ => return Err(AppError::code(ErrorCode::BadCredentials)),
    };
    throttle::clear(&state.db, &pair_key).await?;
    throttle::release(&state.db, &ip_key).await?;
    if user.suspended_at.is_some() {
        return Err(AppError::code(ErrorCode::AccountSuspended));
    }
    signed_in(&state, user.id, StatusCode::OK).await
}

/// Opens a session and answers with the user and the session cookie.
async fn signed_in(state: &AppState, user_id: i64, status: StatusCode) -> AppResult<Response> {
    let token = sessions::create(&state.db, user_id).await?;
    let user = CurrentUser::of_session(state, &token).await?.ok_or(AppError::code(ErrorCode::NotFound))?;
    let cookie = session_cookie(state, &token, sessions::SESSION_TTL_SECS);
    Ok((status, [(header::SET_COOKIE, cookie)], Json(user.to_me())).into_response())
}

fn session_cookie(state: &AppState, token: &str, max_age: i64) -> HeaderValue {
    // Strict: the SPA's own fetches carry it; no cross-site request ever does.
    let secure = if state.config.secure_cookies { "; Secure" } else { "" };
    let value = format!("{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age}{secure}");
    HeaderValue::from_str(&value).expect("cookie is ASCII")
}

#[utoipa::path(post, path = "/auth/logout", operation_id = "logout", tag = "auth",
    responses((status = 204, description = "Signed out; the session is deleted")))]
async fn logout(State(state): State<AppState>, headers: HeaderMap) -> AppResult<Response> {
    if let Some(token) = session_token(&headers) {
        sessions::delete(&state.db, token).await?;
    }
    Ok((StatusCode::NO_CONTENT, [(header::SET_COOKIE, session_cookie(&state, "", 0))]).into_response())
}

#[utoipa::path(get, path = "/me", operation_id = "me", tag = "auth", security(("session" = [])),
    responses((status = 200, body = Me), (status = 401, body = ApiError)))]
async fn me(user: CurrentUser) -> Json<Me> {
    Json(user.to_me())
}
