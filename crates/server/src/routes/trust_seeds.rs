//! Moderators decide who counts as met in person (a trust seed of the credit rating): verify an
//! account, or withdraw the seed status of one that vouched for a ring. Audit-logged; the
//! sweep recomputes trust with the new seeds.

use crate::db::{audit, trust, users};
use crate::error::{AppError, AppResult};
use crate::extract::{CurrentUser, Json};
use crate::AppState;
use axum::extract::{Path, State};
use linli_contract::auth::Role;
use linli_contract::moderation::{AuditAction, AuditFact, AuditTarget};
use linli_contract::trust::{SeedStatus, SeedUpdate};
use linli_contract::{ApiError, ErrorCode, Field};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(status, update))
}

async fn current(state: &AppState, id: i64) -> AppResult<SeedStatus> {
    trust::seed_status(&state.db, id).await?.ok_or(AppError::code(ErrorCode::NotFound))
}

#[utoipa::path(get, path = "/admin/users/{id}/trust-seed", operation_id = "trust_seed", tag = "moderation",
    security(("session" = [])), params(("id" = i64, Path)),
    responses((status = 200, body = SeedStatus), (status = 401, body = ApiError), (status = 403, body = ApiError),
        (status = 404, body = ApiError)))]
async fn status(
    State(state): State<AppState>,
    caller: CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<Json<SeedStatus>> {
    caller.require(Role::Moderator)?;
    Ok(Json(current(&state, id).await?))
}

#[utoipa::path(put, path = "/admin/users/{id}/trust-seed", operation_id = "set_trust_seed", tag = "moderation",
    security(("session" = [])), params(("id" = i64, Path)), request_body = SeedUpdate,
    responses((status = 200, body = SeedStatus), (status = 400, body = ApiError), (status = 401, body = ApiError),
        (status = 403, body = ApiError), (status = 404, body = ApiError)))]
async fn update(
    State(state): State<AppState>,
    caller: CurrentUser,
    Path(id): Path<i64>,
    Json(input): Json<SeedUpdate>,
) -> AppResult<Json<SeedStatus>> {
    caller.require(Role::Moderator)?;
    linli_contract::trust::reason(&input.reason).map_err(|c| AppError::field(Field::Reason, c))?;
    users::find(&state.db, id).await?.ok_or(AppError::code(ErrorCode::NotFound))?;
    trust::set_seed(&state.db, id, input.seed, state.now()).await?;
    audit::record(
        &state.db,
        audit::Entry {
            actor_id: Some(caller.id),
            action: if input.seed { AuditAction::VerifySeed } else { AuditAction::RevokeSeed },
            target_kind: AuditTarget::User,
            target_id: Some(id),
            detail: input.reason.trim(),
            fact: AuditFact::None,
        },
    )
    .await?;
    Ok(Json(current(&state, id).await?))
}
