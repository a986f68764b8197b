//! Photo uploads: one photo per request (the browser resized it), checked and re-encoded here.

use crate::db::photos;
use crate::error::{AppError, AppResult};
use crate::extract::CurrentUser;
use crate::{images, media, AppState};
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::Json;
use linli_contract::listing::Photo;
use linli_contract::photo::UPLOAD_MAX_BYTES;
use linli_contract::{ApiError, ErrorCode, Field};
use utoipa_axum::router::{OpenApiRouter, UtoipaMethodRouterExt};
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(upload).layer(DefaultBodyLimit::max(UPLOAD_MAX_BYTES)))
}

/// The content types a photo upload may declare; the bytes are checked again by content.
const PHOTO_TYPES: [&str; 3] = ["image/jpeg", "image/png", "image/webp"];

#[utoipa::path(post, path = "/photos", operation_id = "upload_photo", tag = "listings", security(("session" = [])),
    request_body(content = Vec<u8>, content_type = "image/jpeg", description = "One photo (JPEG, PNG or WebP), resized by the browser"),
    responses((status = 201, body = Photo), (status = 401, body = ApiError), (status = 413, body = ApiError),
        (status = 415, body = ApiError, description = "Not a supported image (checked by content)"),
        (status = 422, body = ApiError, description = "Damaged, incomplete or too small"),
        (status = 429, body = ApiError, description = "Too many uploads, or too many waiting unused (Retry-After)")))]
async fn upload(
    State(state): State<AppState>,
    user: CurrentUser,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> AppResult<(StatusCode, Json<Photo>)> {
    let content_type = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    let essence = content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    if !PHOTO_TYPES.contains(&essence.as_str()) {
        return Err(AppError::field(Field::Photos, ErrorCode::UnsupportedMediaType));
    }
    let body = body.map_err(|r| {
        let code =
            if r.status() == StatusCode::PAYLOAD_TOO_LARGE { ErrorCode::PhotoTooLarge } else { ErrorCode::BadRequest };
        AppError::field(Field::Photos, code)
    })?;
    if body.is_empty() {
        return Err(AppError::field(Field::Photos, ErrorCode::PhotosRequired));
    }
    if let Some(until) = photos::unused_cap_until(&state.db, user.id).await? {
        return Err(AppError::retry_later(ErrorCode::TooManyUnusedPhotos, until - crate::db::now()));
    }
    // The header alone says how big the picture is: over budget, nothing is decoded.
    images::check_header(&body).map_err(|code| AppError::field(Field::Photos, code))?;
    // Decoding is CPU-heavy: a few at a time, off the async threads, and only a few waiting;
    // past that the caller is told to come back rather than piling up memory.
    let processed = {
        let _queued =
            state.photo_queue.clone().try_acquire_owned().map_err(|_| AppError::code(ErrorCode::ServerBusy))?;
        let _permit = state.photo_slots.acquire().await.map_err(AppError::internal)?;
        tokio::task::spawn_blocking(move || images::process(&body)).await.map_err(AppError::internal)?
    }
    .map_err(|code| AppError::field(Field::Photos, code))?;
    let key = media::new_key();
    state.media.save(&key, &processed.full, &processed.thumb).await?;
    photos::insert(&state.db, &key, user.id, processed.width, processed.height).await?;
    photos::remove_stale(&state.db, &state.media).await?;
    Ok((StatusCode::CREATED, Json(photos::photo(key, processed.width.into(), processed.height.into()))))
}
