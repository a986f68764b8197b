//! The OpenAPI 3.1 document of the API, generated from the contract types.
//!
//! Each route is declared here once, next to the types it uses; the server serves the
//! document at `/api/v1/openapi.json` and its tests check that every routed path is listed.
#![allow(dead_code)] // the functions below only carry the route declarations

use crate::auth::{LoginRequest, Me, RegisterRequest, Role, UserSummary};
use crate::community::Community;
use crate::error::ApiError;
use crate::health::Health;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, SecurityScheme};
use utoipa::{Modify, OpenApi};

#[utoipa::path(get, path = "/api/v1/health", tag = "system",
    responses((status = 200, body = Health), (status = 503, body = ApiError)))]
fn health() {}

#[utoipa::path(get, path = "/api/v1/openapi.json", tag = "system",
    responses((status = 200, description = "This document")))]
fn openapi_json() {}

#[utoipa::path(get, path = "/api/v1/communities", tag = "communities",
    responses((status = 200, body = [Community])))]
fn communities() {}

#[utoipa::path(post, path = "/api/v1/auth/register", tag = "auth", request_body = RegisterRequest,
    responses((status = 201, body = Me, description = "Registered and signed in (sets the session cookie)"),
        (status = 409, body = ApiError, description = "Name or contact taken"),
        (status = 422, body = ApiError, description = "A field is invalid")))]
fn register() {}

#[utoipa::path(post, path = "/api/v1/auth/login", tag = "auth", request_body = LoginRequest,
    responses((status = 200, body = Me, description = "Signed in (sets the session cookie)"),
        (status = 401, body = ApiError), (status = 422, body = ApiError), (status = 429, body = ApiError)))]
fn login() {}

#[utoipa::path(post, path = "/api/v1/auth/logout", tag = "auth",
    responses((status = 204, description = "Signed out; the session is deleted")))]
fn logout() {}

#[utoipa::path(get, path = "/api/v1/me", tag = "auth", security(("session" = [])),
    responses((status = 200, body = Me), (status = 401, body = ApiError)))]
fn me() {}

#[utoipa::path(get, path = "/api/v1/admin/users", tag = "moderation", security(("session" = [])),
    params(crate::auth::UserSearch),
    responses((status = 200, body = [UserSummary]), (status = 401, body = ApiError), (status = 403, body = ApiError)))]
fn admin_users() {}

#[utoipa::path(put, path = "/api/v1/admin/users/{id}/roles/{role}", tag = "moderation", security(("session" = [])),
    params(("id" = i64, Path), ("role" = Role, Path)),
    responses((status = 200, body = UserSummary), (status = 401, body = ApiError), (status = 403, body = ApiError), (status = 404, body = ApiError)))]
fn grant_role() {}

#[utoipa::path(delete, path = "/api/v1/admin/users/{id}/roles/{role}", tag = "moderation", security(("session" = [])),
    params(("id" = i64, Path), ("role" = Role, Path)),
    responses((status = 200, body = UserSummary), (status = 401, body = ApiError), (status = 403, body = ApiError),
        (status = 404, body = ApiError), (status = 409, body = ApiError, description = "Would remove the last moderator")))]
fn revoke_role() {}

struct SessionCookie;

impl Modify for SessionCookie {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new(crate::SESSION_COOKIE))),
        );
    }
}

#[derive(OpenApi)]
#[openapi(
    info(title = "Linli API", description = "Community reuse marketplace (邻里)"),
    paths(health, openapi_json, communities, register, login, logout, me, admin_users, grant_role, revoke_role),
    modifiers(&SessionCookie)
)]
pub struct ApiDoc;

/// The document as served.
pub fn document() -> utoipa::openapi::OpenApi {
    ApiDoc::openapi()
}
