//! The Moderation area: reports queue, dismissing reports, warnings, suspensions, the audit
//! log; and residents reporting an account, and seeing their own standing. Every moderation
//! route answers 401 to anonymous callers and 403 to anyone but a moderator in good standing;
//! every moderator action writes an audit entry.

use crate::db::{audit, moderation, users};
use crate::error::{AppError, AppResult};
use crate::extract::{CurrentUser, Json};
use crate::AppState;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use linli_contract::auth::Role;
use linli_contract::listing::{self, ReportReceipt};
use linli_contract::moderation::{
    self as m, AuditEntry, AuditQuery, ReasonInput, ReportGroup, ReportTarget, Standing, SuspendInput, Suspension,
    UserReportInput,
};
use linli_contract::{ApiError, ErrorCode, Field, Validate};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(reports))
        .routes(routes!(dismiss))
        .routes(routes!(warn))
        .routes(routes!(suspend))
        .routes(routes!(lift))
        .routes(routes!(suspensions))
        .routes(routes!(audit_log))
        .routes(routes!(report_user))
        .routes(routes!(standing))
}

const LIST_LIMIT: i64 = 200;

fn reason(input: &ReasonInput) -> AppResult<()> {
    m::reason(&input.reason).map_err(|c| AppError::field(Field::Reason, c))
}

async fn existing_user(state: &AppState, id: i64) -> AppResult<()> {
    users::find(&state.db, id).await?.map(|_| ()).ok_or(AppError::code(ErrorCode::NotFound))
}

#[utoipa::path(get, path = "/moderation/reports", operation_id = "report_queue", tag = "moderation", security(("session" = [])),
    responses((status = 200, body = [ReportGroup]), (status = 401, body = ApiError), (status = 403, body = ApiError)))]
async fn reports(State(state): State<AppState>, user: CurrentUser) -> AppResult<Json<Vec<ReportGroup>>> {
    user.require(Role::Moderator)?;
    Ok(Json(moderation::report_groups(&state.db, state.now(), LIST_LIMIT as usize).await?))
}

#[utoipa::path(post, path = "/moderation/reports/{target}/{id}/dismiss", operation_id = "dismiss_reports", tag = "moderation", security(("session" = [])),
    params(("target" = ReportTarget, Path), ("id" = i64, Path)), request_body = ReasonInput,
    responses((status = 204, description = "The target's open reports are resolved"), (status = 401, body = ApiError), (status = 403, body = ApiError),
        (status = 404, body = ApiError, description = "No open reports"), (status = 422, body = ApiError)))]
async fn dismiss(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((target, id)): Path<(String, i64)>,
    Json(input): Json<ReasonInput>,
) -> AppResult<StatusCode> {
    user.require(Role::Moderator)?;
    let target = ReportTarget::parse(&target).ok_or(AppError::code(ErrorCode::NotFound))?;
    reason(&input)?;
    moderation::dismiss_reports(&state.db, state.now(), user.id, target, id, &input.reason).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(post, path = "/moderation/users/{id}/warn", operation_id = "warn_user", tag = "moderation", security(("session" = [])),
    params(("id" = i64, Path)), request_body = ReasonInput,
    responses((status = 204, description = "Warned (the account sees it)"), (status = 401, body = ApiError), (status = 403, body = ApiError),
        (status = 404, body = ApiError), (status = 422, body = ApiError)))]
async fn warn(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Json(input): Json<ReasonInput>,
) -> AppResult<StatusCode> {
    user.require(Role::Moderator)?;
    existing_user(&state, id).await?;
    reason(&input)?;
    moderation::warn(&state.db, state.now(), user.id, id, &input.reason).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(post, path = "/moderation/users/{id}/suspend", operation_id = "suspend_user", tag = "moderation", security(("session" = [])),
    params(("id" = i64, Path)), request_body = SuspendInput,
    responses((status = 201, body = Suspension), (status = 401, body = ApiError), (status = 403, body = ApiError),
        (status = 404, body = ApiError), (status = 409, body = ApiError, description = "Oneself or the last moderator"), (status = 422, body = ApiError)))]
async fn suspend(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Json(input): Json<SuspendInput>,
) -> AppResult<(StatusCode, Json<Suspension>)> {
    user.require(Role::Moderator)?;
    existing_user(&state, id).await?;
    input.check()?;
    let now = state.now();
    moderation::suspend(&state.db, now, user.id, id, &input.reason, input.days).await?;
    let s = moderation::current(&state.db, id, now).await?.ok_or(AppError::code(ErrorCode::Conflict))?;
    Ok((StatusCode::CREATED, Json(s)))
}

#[utoipa::path(post, path = "/moderation/users/{id}/lift", operation_id = "lift_suspension", tag = "moderation", security(("session" = [])),
    params(("id" = i64, Path)), request_body = ReasonInput,
    responses((status = 204, description = "Lifted"), (status = 401, body = ApiError), (status = 403, body = ApiError),
        (status = 404, body = ApiError), (status = 409, body = ApiError, description = "Not suspended"), (status = 422, body = ApiError)))]
async fn lift(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Json(input): Json<ReasonInput>,
) -> AppResult<StatusCode> {
    user.require(Role::Moderator)?;
    existing_user(&state, id).await?;
    reason(&input)?;
    moderation::lift(&state.db, state.now(), user.id, id, &input.reason).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(get, path = "/moderation/suspensions", operation_id = "suspensions", tag = "moderation", security(("session" = [])),
    responses((status = 200, body = [Suspension]), (status = 401, body = ApiError), (status = 403, body = ApiError)))]
async fn suspensions(State(state): State<AppState>, user: CurrentUser) -> AppResult<Json<Vec<Suspension>>> {
    user.require(Role::Moderator)?;
    Ok(Json(moderation::suspensions(&state.db, state.now(), LIST_LIMIT).await?))
}

/// The audit log, newest first; read-only (no route edits or deletes an entry).
#[utoipa::path(get, path = "/moderation/audit", operation_id = "audit_log", tag = "moderation", security(("session" = [])),
    params(AuditQuery),
    responses((status = 200, body = [AuditEntry]), (status = 401, body = ApiError), (status = 403, body = ApiError), (status = 422, body = ApiError)))]
async fn audit_log(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(q): Query<AuditQuery>,
) -> AppResult<Json<Vec<AuditEntry>>> {
    user.require(Role::Moderator)?;
    q.check()?;
    Ok(Json(audit::search(&state.db, &q, m::AUDIT_PAGE).await?))
}

#[utoipa::path(post, path = "/users/{id}/reports", operation_id = "report_user", tag = "moderation", security(("session" = [])),
    params(("id" = i64, Path)), request_body = UserReportInput,
    responses((status = 201, body = ReportReceipt), (status = 200, body = ReportReceipt, description = "Already reported by this account"),
        (status = 401, body = ApiError), (status = 404, body = ApiError), (status = 409, body = ApiError, description = "Oneself"), (status = 422, body = ApiError)))]
async fn report_user(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Json(input): Json<UserReportInput>,
) -> AppResult<(StatusCode, Json<ReportReceipt>)> {
    user.ensure_active()?;
    existing_user(&state, id).await?;
    if id == user.id {
        return Err(AppError::code(ErrorCode::CannotReportOwn));
    }
    listing::report_note(&input.note).map_err(|c| AppError::field(Field::Note, c))?;
    let already_reported =
        moderation::report_user(&state.db, state.now(), id, user.id, input.reason, &input.note).await?;
    let status = if already_reported { StatusCode::OK } else { StatusCode::CREATED };
    Ok((status, Json(ReportReceipt { already_reported })))
}

/// The viewer's own suspension (if in force) and warnings.
#[utoipa::path(get, path = "/me/standing", operation_id = "my_standing", tag = "moderation", security(("session" = [])),
    responses((status = 200, body = Standing), (status = 401, body = ApiError)))]
async fn standing(State(state): State<AppState>, user: CurrentUser) -> AppResult<Json<Standing>> {
    Ok(Json(Standing {
        suspension: moderation::current(&state.db, user.id, state.now()).await?,
        warnings: moderation::warnings(&state.db, user.id).await?,
    }))
}
