//! The base of the API's OpenAPI 3.1 document: info, the session security scheme and the
//! schemas no route mentions directly.
//!
//! The routes themselves are documented on the server's handlers (`#[utoipa::path]`, routed
//! with `utoipa_axum`), so the route table exists once; the server merges them into this base
//! and serves the result at `/api/v1/openapi.json`.

use utoipa::openapi::security::{ApiKey, ApiKeyValue, SecurityScheme};
use utoipa::{Modify, OpenApi};

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
    // Types used only in query parameters are not collected from the paths: listed here so
    // every `$ref` resolves.
    components(schemas(
        crate::listing::Sort,
        crate::listing::Category,
        crate::listing::Condition,
        crate::listing::OfferMode
    )),
    modifiers(&SessionCookie)
)]
pub struct ApiDoc;

/// The base document, without paths.
pub fn base() -> utoipa::openapi::OpenApi {
    ApiDoc::openapi()
}
