//! One error type for every handler, and the middleware that turns any failed `/api` answer
//! (ours or axum's own rejections) into a typed, localised [`ApiError`] body.

use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use linli_contract::{ApiError, ErrorCode, Field, FieldError, Lang};

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// An expected failure the caller can act on (4xx).
    #[error("{code:?} (field {field:?})")]
    Api { code: ErrorCode, field: Option<Field> },
    /// Refused for now (throttled, busy); the caller may retry after `secs` seconds.
    #[error("{code:?}, retry after {secs} s")]
    RetryLater { code: ErrorCode, secs: i64 },
    #[error("database: {0}")]
    Db(#[from] sqlx::Error),
    #[error("migration: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// The photo store could not be reached or refused; the request may be retried.
    #[error("photo store: {0}")]
    Storage(String),
    #[error("{0}")]
    Internal(String),
}

pub type AppResult<T> = Result<T, AppError>;

impl AppError {
    pub fn code(code: ErrorCode) -> Self {
        AppError::Api { code, field: None }
    }

    pub fn field(field: Field, code: ErrorCode) -> Self {
        AppError::Api { code, field: Some(field) }
    }

    pub fn retry_later(code: ErrorCode, secs: i64) -> Self {
        AppError::RetryLater { code, secs: secs.max(1) }
    }

    pub fn internal(cause: impl std::fmt::Display) -> Self {
        AppError::Internal(cause.to_string())
    }
}

impl From<FieldError> for AppError {
    fn from(e: FieldError) -> Self {
        AppError::field(e.field, e.code)
    }
}

impl From<ErrorCode> for AppError {
    fn from(code: ErrorCode) -> Self {
        AppError::code(code)
    }
}

/// Carried from a handler to [`localise_errors`], which knows the request's language.
#[derive(Debug, Clone, Copy)]
struct PendingError {
    code: ErrorCode,
    field: Option<Field>,
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let (code, field, retry_after) = match self {
            AppError::Api { code, field } => (code, field, None),
            AppError::RetryLater { code, secs } => (code, None, Some(secs)),
            AppError::Db(e) if is_connection_lost(&e) => {
                tracing::error!(error = %e, "database unreachable");
                (ErrorCode::Unavailable, None, None)
            }
            AppError::Storage(e) => {
                tracing::error!(error = %e, "photo store unreachable");
                (ErrorCode::Unavailable, None, None)
            }
            other => {
                // The cause goes to the log, never to the client.
                tracing::error!(error = %other, "request failed");
                (ErrorCode::Internal, None, None)
            }
        };
        let status = StatusCode::from_u16(code.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut res = status.into_response();
        res.extensions_mut().insert(PendingError { code, field });
        let retry_after = retry_after.or(match code {
            ErrorCode::TooManyAttempts => Some(900),
            ErrorCode::TooManyRequests | ErrorCode::ServerBusy => Some(5),
            _ => None,
        });
        if let Some(secs) = retry_after {
            res.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        res
    }
}

/// Errors that mean the database cannot be reached (not that the request was wrong): the
/// pool found no live connection in time, or the connection broke mid-request.
pub fn is_connection_lost(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_) | sqlx::Error::Tls(_) => true,
        // PostgreSQL: class 08 (connection exception), 57P01-57P03 (shut down, cannot connect now).
        sqlx::Error::Database(db) => {
            db.code().is_some_and(|c| c.starts_with("08") || matches!(c.as_ref(), "57P01" | "57P02" | "57P03"))
        }
        _ => false,
    }
}

/// The language the request asked for (`Accept-Language`), Chinese by default.
pub fn request_lang(headers: &axum::http::HeaderMap) -> Lang {
    headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .map(Lang::from_accept_language)
        .unwrap_or_default()
}

/// Writes the JSON body of every failed API answer: handler errors get their code and field;
/// axum's own rejections (bad JSON, wrong method, body too large, unknown route…) are mapped
/// from their status, so a client never sees a plain-text error.
pub async fn localise_errors(req: Request, next: Next) -> Response {
    let lang = request_lang(req.headers());
    let mut res = next.run(req).await;
    let pending = res.extensions_mut().remove::<PendingError>();
    let is_json =
        res.headers().get(header::CONTENT_TYPE).is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    let status = res.status();
    let (code, field) = match pending {
        Some(p) => (p.code, p.field),
        None if status.is_client_error() || status.is_server_error() => {
            if is_json {
                return res;
            }
            (code_for_status(status), None)
        }
        None => return res,
    };
    let body = ApiError { field, ..ApiError::new(code, lang) };
    let json = serde_json::to_vec(&body).unwrap_or_default();
    let (mut parts, _) = res.into_parts();
    parts.headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(json))
}

fn code_for_status(status: StatusCode) -> ErrorCode {
    match status {
        StatusCode::UNAUTHORIZED => ErrorCode::Unauthenticated,
        StatusCode::FORBIDDEN => ErrorCode::Forbidden,
        StatusCode::NOT_FOUND => ErrorCode::NotFound,
        StatusCode::METHOD_NOT_ALLOWED => ErrorCode::MethodNotAllowed,
        StatusCode::PAYLOAD_TOO_LARGE => ErrorCode::PayloadTooLarge,
        StatusCode::UNSUPPORTED_MEDIA_TYPE => ErrorCode::UnsupportedMediaType,
        StatusCode::TOO_MANY_REQUESTS => ErrorCode::TooManyRequests,
        StatusCode::URI_TOO_LONG => ErrorCode::UriTooLong,
        StatusCode::SERVICE_UNAVAILABLE => ErrorCode::ServerBusy,
        s if s.is_client_error() => ErrorCode::BadRequest,
        _ => ErrorCode::Internal,
    }
}
