//! The `/api/v1` routes, one module per area.
//!
//! Every route is declared once, on its handler (`#[utoipa::path]`), and routed with
//! `routes!`: the router and the OpenAPI document come from the same declarations.

mod admin;
mod auth;
mod disputes;
pub(crate) mod listings;
pub(crate) mod markets;
mod moderation;
mod photos;
pub(crate) mod recycling;
mod search;
mod system;
mod trades;
mod trust_seeds;

use crate::AppState;
use axum::{Extension, Router};
use std::sync::Arc;
use utoipa::openapi::OpenApi;
use utoipa_axum::router::OpenApiRouter;

/// Where [`router`] is mounted; the document's paths carry it.
pub const PREFIX: &str = "/api/v1";

fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .merge(system::router())
        .merge(auth::router())
        .merge(admin::router())
        .merge(listings::router())
        .merge(photos::router())
        .merge(trades::router())
        .merge(trust_seeds::router())
        .merge(markets::router())
        .merge(disputes::router())
        .merge(moderation::router())
        .merge(recycling::router())
        .merge(search::router())
}

/// The routes, relative to [`PREFIX`], and the OpenAPI document generated from them (the
/// contract's base document plus every routed handler, under [`PREFIX`]).
pub fn router() -> (Router<AppState>, OpenApi) {
    let (router, paths) = api().split_for_parts();
    let doc = linli_contract::openapi::base().nest(PREFIX, paths);
    let served: system::Document = Arc::new(doc.clone());
    (router.layer(Extension(served)), doc)
}

/// The OpenAPI document alone, as `/api/v1/openapi.json` serves it.
pub fn document() -> OpenApi {
    router().1
}
