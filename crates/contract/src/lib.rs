//! The Linli API contract: every type that crosses the wire between the web app and the
//! server, the validation both sides run, and the domain rules that must exist exactly once.
//!
//! The web app compiles this crate to WASM, so it stays dependency-light; the OpenAPI
//! document is only built with the `openapi` feature (server side).

/// An enum with a stable key per variant (the database's and the URL's) and a label in each
/// language; defined before the modules so every one of them can use it.
macro_rules! labelled_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $key:literal, $zh:literal, $en:literal;)* }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),* }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                $crate::wire::from_name(d, $name::parse)
            }
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            /// The stable name used in the database and in URLs.
            pub fn key(self) -> &'static str {
                match self { $($name::$variant => $key),* }
            }

            pub fn parse(key: &str) -> Option<$name> {
                match key { $($key => Some($name::$variant),)* _ => None }
            }

            pub fn label(self, lang: $crate::Lang) -> &'static str {
                match self { $($name::$variant => lang.pick($zh, $en)),* }
            }
        }
    };
}

/// A fieldless enum named on the wire by its variants in snake_case (`BadRequest` is
/// `"bad_request"`), with `ALL` and `parse`; read back by [`wire::from_name`].
macro_rules! snake_case_enum {
    ($(#[$meta:meta])* $vis:vis enum $name:ident { $($(#[$vmeta:meta])* $variant:ident,)* }) => {
        $(#[$meta])*
        #[derive(serde::Serialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[serde(rename_all = "snake_case")]
        $vis enum $name { $($(#[$vmeta])* $variant,)* }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            /// The variant whose wire name is `name`.
            pub fn parse(name: &str) -> Option<$name> {
                const IDENTS: &[&str] = &[$(stringify!($variant)),*];
                $crate::wire::position_of_snake(IDENTS, name).map(|i| $name::ALL[i])
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                $crate::wire::from_name(d, $name::parse)
            }
        }
    };
}

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
pub mod wire;

#[cfg(feature = "openapi")]
pub mod openapi;

pub use error::{ApiError, ErrorCode};
pub use field::{Field, FieldError, Validate};
pub use lang::Lang;

/// Every API route lives under this prefix.
pub const API_PREFIX: &str = "/api/v1";

/// Name of the HttpOnly session cookie.
pub const SESSION_COOKIE: &str = "linli_session";
