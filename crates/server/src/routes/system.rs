//! Health, the OpenAPI document and reference data.

use crate::db::communities;
use crate::error::{AppError, AppResult};
use crate::extract::Json;
use crate::AppState;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::Extension;
use linli_contract::community::Community;
use linli_contract::error::ApiError;
use linli_contract::health::Health;
use linli_contract::ErrorCode;
use std::sync::Arc;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(health)).routes(routes!(openapi)).routes(routes!(list_communities))
}

/// The generated document, as served (added to the API router as an extension).
pub type Document = Arc<utoipa::openapi::OpenApi>;

#[utoipa::path(get, path = "/health", operation_id = "health", tag = "system",
    responses((status = 200, body = Health), (status = 503, body = ApiError)))]
async fn health(State(state): State<AppState>) -> AppResult<Json<Health>> {
    state.db.ping().await.map_err(|e| {
        tracing::error!(error = %e, "health check: database unreachable");
        AppError::code(ErrorCode::Unavailable)
    })?;
    Ok(Json(Health {
        status: "ok".into(),
        version: env!("CARGO_PKG_VERSION").into(),
        database: state.db.backend().name().into(),
        setup_pending: crate::setup::pending(&state.db).await?,
        map_tiles: state.config.map_tiles.clone(),
    }))
}

#[utoipa::path(get, path = "/openapi.json", operation_id = "openapi_json", tag = "system",
    responses((status = 200, description = "This document")))]
async fn openapi(Extension(doc): Extension<Document>) -> Response {
    Json(doc.as_ref()).into_response()
}

#[utoipa::path(get, path = "/communities", operation_id = "communities", tag = "communities",
    responses((status = 200, body = [Community])))]
async fn list_communities(State(state): State<AppState>) -> AppResult<Json<Vec<Community>>> {
    Ok(Json(communities::all(&state.db).await?))
}
