//! Photo uploads: one photo per request (the browser resized it), checked and re-encoded here.

use crate::db::photos;
use crate::error::{AppError, AppResult};
use crate::extract::CurrentUser;
use crate::{images, media, AppState};
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::StatusCode;
use axum::routing::post;
use axum::{Json, Router};
use linli_contract::listing::Photo;
use linli_contract::photo::UPLOAD_MAX_BYTES;
use linli_contract::ErrorCode;

pub fn router() -> Router<AppState> {
    Router::new().route("/photos", post(upload).layer(DefaultBodyLimit::max(UPLOAD_MAX_BYTES)))
}

async fn upload(
    State(state): State<AppState>,
    user: CurrentUser,
    body: Result<Bytes, BytesRejection>,
) -> AppResult<(StatusCode, Json<Photo>)> {
    let body = body.map_err(|r| {
        let code =
            if r.status() == StatusCode::PAYLOAD_TOO_LARGE { ErrorCode::PhotoTooLarge } else { ErrorCode::BadRequest };
        AppError::field("photos", code)
    })?;
    if body.is_empty() {
        return Err(AppError::field("photos", ErrorCode::PhotosRequired));
    }
    // Decoding is CPU-heavy: a few at a time, off the async threads.
    let processed = {
        let _permit = state.photo_slots.acquire().await.map_err(AppError::internal)?;
        tokio::task::spawn_blocking(move || images::process(&body)).await.map_err(AppError::internal)?
    }
    .map_err(|code| AppError::field("photos", code))?;
    let key = media::new_key();
    state.media.save(&key, &processed.full, &processed.thumb).await.map_err(AppError::internal)?;
    photos::insert(&state.db, &key, user.id, processed.width, processed.height).await?;
    photos::remove_stale(&state.db, &state.media).await?;
    Ok((StatusCode::CREATED, Json(photos::photo(key, processed.width.into(), processed.height.into()))))
}
