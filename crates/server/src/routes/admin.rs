//! Moderator-only account administration: find users, grant and revoke roles.

use crate::db::{audit, users};
use crate::error::{AppError, AppResult};
use crate::extract::{CurrentUser, Json};
use crate::AppState;
use axum::extract::{Path, Query, State};
use linli_contract::auth::{Role, UserSearch, UserSummary};
use linli_contract::moderation::{AuditAction, AuditFact, AuditTarget};
use linli_contract::{ApiError, ErrorCode, Field};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(search)).routes(routes!(grant, revoke))
}

#[utoipa::path(get, path = "/admin/users", operation_id = "admin_users", tag = "moderation", security(("session" = [])),
    params(UserSearch),
    responses((status = 200, body = [UserSummary]), (status = 401, body = ApiError), (status = 403, body = ApiError)))]
async fn search(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(q): Query<UserSearch>,
) -> AppResult<Json<Vec<UserSummary>>> {
    user.require(Role::Moderator)?;
    if q.q.chars().count() > linli_contract::validate::limits::USER_QUERY_MAX {
        return Err(AppError::field(Field::Q, ErrorCode::QueryTooLong));
    }
    Ok(Json(users::search(&state.db, &q.q).await?))
}

/// Checks the caller and the path; `role` must be one that can be granted.
async fn target(state: &AppState, caller: &CurrentUser, id: i64, role: &str) -> AppResult<Role> {
    caller.require(Role::Moderator)?;
    let role =
        Role::parse(role).filter(|r| r.is_grantable()).ok_or(AppError::field(Field::Role, ErrorCode::BadRequest))?;
    users::find(&state.db, id).await?.ok_or(AppError::code(ErrorCode::NotFound))?;
    Ok(role)
}

#[utoipa::path(put, path = "/admin/users/{id}/roles/{role}", operation_id = "grant_role", tag = "moderation", security(("session" = [])),
    params(("id" = i64, Path), ("role" = Role, Path)),
    responses((status = 200, body = UserSummary), (status = 401, body = ApiError), (status = 403, body = ApiError), (status = 404, body = ApiError)))]
async fn grant(
    State(state): State<AppState>,
    caller: CurrentUser,
    Path((id, role)): Path<(i64, String)>,
) -> AppResult<Json<UserSummary>> {
    let role = target(&state, &caller, id, &role).await?;
    users::grant_role(&state.db, id, role, Some(caller.id)).await?;
    audit::record(
        &state.db,
        audit::Entry {
            actor_id: Some(caller.id),
            action: AuditAction::GrantRole,
            target_kind: AuditTarget::User,
            target_id: Some(id),
            detail: "",
            fact: AuditFact::Role { role },
        },
    )
    .await?;
    Ok(Json(users::summary(&state.db, id).await?))
}

#[utoipa::path(delete, path = "/admin/users/{id}/roles/{role}", operation_id = "revoke_role", tag = "moderation", security(("session" = [])),
    params(("id" = i64, Path), ("role" = Role, Path)),
    responses((status = 200, body = UserSummary), (status = 401, body = ApiError), (status = 403, body = ApiError),
        (status = 404, body = ApiError), (status = 409, body = ApiError, description = "Would remove the last moderator")))]
async fn revoke(
    State(state): State<AppState>,
    caller: CurrentUser,
    Path((id, role)): Path<(i64, String)>,
) -> AppResult<Json<UserSummary>> {
    let role = target(&state, &caller, id, &role).await?;
    users::revoke_role(&state.db, id, role).await?;
    audit::record(
        &state.db,
        audit::Entry {
            actor_id: Some(caller.id),
            action: AuditAction::RevokeRole,
            target_kind: AuditTarget::User,
            target_id: Some(id),
            detail: "",
            fact: AuditFact::Role { role },
        },
    )
    .await?;
    Ok(Json(users::summary(&state.db, id).await?))
}
