//! Checks on the request line before any route sees it: overlong addresses are refused with a
//! typed answer instead of reaching the file system or the database (a path segment longer
//! than a file name may be made the static file server fail with a 500).

use crate::error::request_lang;
use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use linli_contract::{ApiError, ErrorCode};

/// Longest path and query accepted (bytes); every query parameter is bounded by it, and the
/// contract's validators bound each one further.
pub const URI_MAX: usize = 4096;
/// Longest path segment (bytes): no route or file has a longer one (file names stop at 255).
pub const SEGMENT_MAX: usize = 255;

pub async fn request_line(req: Request, next: Next) -> Response {
    let uri = req.uri();
    let refused = if uri.path_and_query().map_or(0, |pq| pq.as_str().len()) > URI_MAX {
        Some(ErrorCode::UriTooLong)
    } else if uri.path().split('/').any(|segment| segment.len() > SEGMENT_MAX) {
        Some(ErrorCode::NotFound)
    } else {
        None
    };
    match refused {
        Some(code) => {
            let status = StatusCode::from_u16(code.status()).unwrap_or(StatusCode::BAD_REQUEST);
            let body = serde_json::to_vec(&ApiError::new(code, request_lang(req.headers()))).unwrap_or_default();
            (status, [(header::CONTENT_TYPE, HeaderValue::from_static("application/json"))], Body::from(body))
                .into_response()
        }
        None => next.run(req).await,
    }
}
