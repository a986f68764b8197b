//! Health, the OpenAPI document and reference data.

use crate::db::communities;
use crate::error::{AppError, AppResult};
use crate::extract::Json;
use crate::AppState;
use axum::extract::State;
use axum::routing::get;
use axum::Router;
use linli_contract::community::Community;
use linli_contract::health::Health;
use linli_contract::ErrorCode;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/health", get(health))
        .route("/openapi.json", get(openapi))
        .route("/communities", get(list_communities))
}

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
    }))
}

async fn openapi() -> Json<utoipa::openapi::OpenApi> {
    Json(linli_contract::openapi::document())
}

async fn list_communities(State(state): State<AppState>) -> AppResult<Json<Vec<Community>>> {
    Ok(Json(communities::all(&state.db).await?))
}
