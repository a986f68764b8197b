//! Moderator-only account administration: find users, grant and revoke roles.

use crate::db::{audit, users};
use crate::error::{AppError, AppResult};
use crate::extract::{CurrentUser, Json};
use crate::AppState;
use axum::extract::{Path, Query, State};
use axum::routing::{get, put};
use axum::Router;
use linli_contract::auth::{Role, UserSearch, UserSummary};
use linli_contract::ErrorCode;

pub fn router() -> Router<AppState> {
    Router::new().route("/admin/users", get(search)).route("/admin/users/{id}/roles/{role}", put(grant).delete(revoke))
}

async fn search(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(q): Query<UserSearch>,
) -> AppResult<Json<Vec<UserSummary>>> {
    user.require(Role::Moderator)?;
    if q.q.chars().count() > linli_contract::validate::limits::USER_QUERY_MAX {
        return Err(AppError::field("q", ErrorCode::QueryTooLong));
    }
    Ok(Json(users::search(&state.db, &q.q).await?))
}

/// Checks the caller and the path; `role` must be one that can be granted.
async fn target(state: &AppState, caller: &CurrentUser, id: i64, role: &str) -> AppResult<Role> {
    caller.require(Role::Moderator)?;
    let role = Role::parse(role).filter(|r| r.is_grantable()).ok_or(AppError::field("role", ErrorCode::BadRequest))?;
    users::find(&state.db, id).await?.ok_or(AppError::code(ErrorCode::NotFound))?;
    Ok(role)
}

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
            action: "grant_role",
            target_kind: "user",
            target_id: Some(id),
            detail: role.as_str(),
        },
    )
    .await?;
    Ok(Json(users::summary(&state.db, id).await?))
}

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
            action: "revoke_role",
            target_kind: "user",
            target_id: Some(id),
            detail: role.as_str(),
        },
    )
    .await?;
    Ok(Json(users::summary(&state.db, id).await?))
}
