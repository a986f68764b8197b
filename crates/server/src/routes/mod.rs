//! The `/api/v1` routes, one module per area.

mod admin;
mod auth;
mod listings;
mod photos;
mod system;
mod trades;

use crate::AppState;
use axum::Router;

pub fn router() -> Router<AppState> {
    Router::new()
        .merge(system::router())
        .merge(auth::router())
        .merge(admin::router())
        .merge(listings::router())
        .merge(photos::router())
        .merge(trades::router())
}
