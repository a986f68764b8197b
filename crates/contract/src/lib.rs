//! The Linli API contract: every type that crosses the wire between the web app and the
//! server, the validation both sides run, and the domain rules that must exist exactly once.
//!
//! The web app compiles this crate to WASM, so it stays dependency-light; the OpenAPI
//! document is only built with the `openapi` feature (server side).

pub mod auth;
pub mod community;
pub mod credit;
pub mod decimal;
pub mod dispute;
pub mod error;
pub mod field;
pub mod health;
pub mod impact;
pub mod lang;
pub mod lifecycle;
pub mod listing;
pub mod market;
pub mod moderation;
pub mod money;
pub mod photo;
pub mod recycling;
pub mod search;
pub mod text;
pub mod trade;
pub mod trust;
pub mod validate;

#[cfg(feature = "openapi")]
pub mod openapi;

pub use error::{ApiError, ErrorCode};
pub use field::{Field, FieldError, Validate};
pub use lang::Lang;

/// Every API route lives under this prefix.
pub const API_PREFIX: &str = "/api/v1";

/// Name of the HttpOnly session cookie.
pub const SESSION_COOKIE: &str = "linli_session";
