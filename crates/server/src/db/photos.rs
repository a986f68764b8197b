//! Uploaded photos and which listing uses them.

use super::sql::{Arg, Batch, Check, RowRef};
use super::{now, Db};
use crate::error::{AppError, AppResult};
use crate::media::Media;
use linli_contract::listing::{photo_count, Photo};
use linli_contract::ErrorCode;
use linli_contract::Field;

/// Uploads nobody used in a listing are removed after this long.
pub const UNUSED_TTL_SECS: i64 = 24 * 3600;

/// At most this many uploads of one account wait unused at once: six full listings' worth, not
/// a free photo store.
pub const UNUSED_MAX: i64 = 36;

/// When the account may upload again if it has [`UNUSED_MAX`] unused uploads: the moment the
/// oldest of them expires. `None` while under the cap.
pub async fn unused_cap_until(db: &Db, owner_id: i64) -> AppResult<Option<i64>> {
    let (count, oldest): (i64, Option<i64>) = sqlx::query_as(
        "SELECT COUNT(*), MIN(created_at) FROM photos \
         WHERE owner_id = $1 AND listing_id IS NULL AND dispute_post_id IS NULL AND created_at >= $2",
    )
    .bind(owner_id)
    .bind(now() - UNUSED_TTL_SECS)
    .fetch_one(db.pool())
    .await?;
    Ok((count >= UNUSED_MAX).then(|| oldest.unwrap_or_else(now) + UNUSED_TTL_SECS))
}

pub async fn insert(db: &Db, key: &str, owner_id: i64, width: u32, height: u32) -> AppResult<()> {
    sqlx::query("INSERT INTO photos (key, owner_id, width, height, created_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(key)
        .bind(owner_id)
        .bind(i64::from(width))
        .bind(i64::from(height))
        .bind(now())
        .execute(db.pool())
        .await?;
    Ok(())
}

/// The photos a listing is to have: each key once, in order, as many as a listing may have
/// (checked before anything is written; an empty `IN ()` would not even parse).
pub struct Attachment<'a> {
    keys: Vec<&'a String>,
}

impl<'a> Attachment<'a> {
    pub fn of(keys: &'a [String]) -> AppResult<Self> {
        let mut distinct: Vec<&String> = Vec::with_capacity(keys.len());
        for key in keys {
            if !distinct.contains(&key) {
                distinct.push(key);
            }
        }
        photo_count(distinct.len()).map_err(|code| AppError::field(Field::Photos, code))?;
        Ok(Attachment { keys: distinct })
    }

    /// Adds to `batch` what makes these the photos of `listing`, in order, with the check that
    /// refuses the write unless each is the owner's and not used by another listing (see
    /// [`Attachment::refusal`]); when `replacing` earlier ones, those the listing no longer
    /// uses become unused.
    pub fn push(&self, batch: &mut Batch, listing: &RowRef, owner_id: i64, replacing: bool) -> Check {
        let attach = batch.add(|sql| {
            let listing = listing.in_sql(sql);
            // A key's position is its place in the list.
            sql.push(&format!("UPDATE photos SET listing_id = {listing}, position = CASE key"));
            for (position, key) in self.keys.iter().enumerate() {
                sql.push(" WHEN ").arg(Arg::Text(key.to_string())).push(&format!(" THEN {position}"));
            }
            sql.push(" END WHERE owner_id = ").arg(Arg::Int(owner_id)).push(" AND key IN ");
            sql.list(self.keys.iter().map(|k| Arg::Text(k.to_string())));
            sql.push(&format!(" AND (listing_id IS NULL OR listing_id = {listing})"));
        });
        let attached = batch.expect_changed(attach, self.keys.len() as u64);
        if replacing {
            // What was removed (everything of this listing not among the new keys) becomes unused.
            batch.add(|sql| {
                let listing = listing.in_sql(sql);
                sql.push(&format!("UPDATE photos SET listing_id = NULL, created_at = 0 WHERE listing_id = {listing}"));
                sql.push(" AND key NOT IN ").list(self.keys.iter().map(|k| Arg::Text(k.to_string())));
            });
        }
        attached
    }

    /// The write's refusal when its attaching check failed: a photo that is someone else's,
    /// used by another listing or unknown is the field's error.
    pub fn refusal(&self) -> AppError {
        AppError::field(Field::Photos, ErrorCode::PhotoUnknown)
    }
}

#[derive(sqlx::FromRow)]
struct Row {
    key: String,
    width: i64,
    height: i64,
}

pub async fn for_listing(db: &Db, listing_id: i64) -> AppResult<Vec<Photo>> {
    let rows: Vec<Row> =
        sqlx::query_as("SELECT key, width, height FROM photos WHERE listing_id = $1 ORDER BY position")
            .bind(listing_id)
            .fetch_all(db.pool())
            .await?;
    Ok(rows.into_iter().map(|r| photo(r.key, r.width, r.height)).collect())
}

pub fn photo(key: String, width: i64, height: i64) -> Photo {
    Photo { url: Media::url(&key), thumb_url: Media::thumb_url(&key), key, width: width as u32, height: height as u32 }
}

/// Deletes unused uploads older than a day, rows and files.
pub async fn remove_stale(db: &Db, media: &Media) -> AppResult<usize> {
    let cutoff = now() - UNUSED_TTL_SECS;
    let keys: Vec<String> = sqlx::query_scalar(
        "SELECT key FROM photos WHERE listing_id IS NULL AND dispute_post_id IS NULL AND created_at < $1",
    )
    .bind(cutoff)
    .fetch_all(db.pool())
    .await?;
    for key in &keys {
        sqlx::query("DELETE FROM photos WHERE key = $1 AND listing_id IS NULL AND dispute_post_id IS NULL")
            .bind(key)
            .execute(db.pool())
            .await?;
        media.remove(key).await;
    }
    Ok(keys.len())
}
