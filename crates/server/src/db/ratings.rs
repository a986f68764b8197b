//! Ratings after a completed trade: double-blind until both rated or the window closed.

use super::{is_unique_violation, Db};
use crate::error::{AppError, AppResult};
use linli_contract::trade::limits::RATING_WINDOW_SECS;
use linli_contract::trade::{Rating, RatingInput, RatingTag};
use linli_contract::ErrorCode;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct RatingRow {
    pub trade_id: i64,
    pub rater_id: i64,
    pub ratee_id: i64,
    pub stars: i64,
    pub tags: String,
    pub comment: String,
    pub created_at: i64,
    pub visible_at: Option<i64>,
    pub rater_name: String,
}

impl RatingRow {
    pub fn to_rating(&self) -> Rating {
        Rating {
            rater_id: self.rater_id,
            rater_name: self.rater_name.clone(),
            stars: self.stars.clamp(1, 5) as u8,
            tags: self.tags.split(',').filter_map(RatingTag::parse).collect(),
            comment: self.comment.clone(),
            created_at: self.created_at,
        }
    }
}

/// Whether rating `r` (of trade `t`) is visible as of `$2` with the window `$3`: both rated
/// (persisted at the second rating) or the window closed (derived here; the sweep persists it).
pub const VISIBLE: &str = "(r.visible_at IS NOT NULL OR t.completed_at + $3 <= $2)";

const COLUMNS: &str = "r.trade_id, r.rater_id, r.ratee_id, r.stars, r.tags, r.comment, r.created_at, r.visible_at, \
    u.display_name AS rater_name";

/// Stores one party's rating; when the other party has rated too, both become visible.
/// Returns whether the ratings became visible now.
pub async fn rate(
    db: &Db,
    now: i64,
    trade_id: i64,
    rater_id: i64,
    ratee_id: i64,
    input: &RatingInput,
) -> AppResult<bool> {
    let mut tags: Vec<&str> = input.tags.iter().map(|t| t.key()).collect();
    tags.sort();
    tags.dedup();
    let mut tx = db.begin().await?;
    // Locks the trade first: two parties rating at the same moment are serialised, so the
    // second one sees the first's rating and reveals both (PostgreSQL row lock; SQLite write lock).
    sqlx::query("UPDATE trades SET updated_at = $1 WHERE id = $2").bind(now).bind(trade_id).execute(&mut *tx).await?;
    let inserted = sqlx::query(
        "INSERT INTO ratings (trade_id, rater_id, ratee_id, stars, tags, comment, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(trade_id)
    .bind(rater_id)
    .bind(ratee_id)
    .bind(i64::from(input.stars))
    .bind(tags.join(","))
    .bind(input.comment.trim())
    .bind(now)
    .execute(&mut *tx)
    .await;
    match inserted {
        Ok(_) => {}
        Err(e) if is_unique_violation(&e, "ratings") => return Err(AppError::code(ErrorCode::AlreadyRated)),
        Err(e) => return Err(e.into()),
    }
    let both: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM ratings WHERE trade_id = $1")
        .bind(trade_id)
        .fetch_one(&mut *tx)
        .await?;
    if both == 2 {
        sqlx::query("UPDATE ratings SET visible_at = $1 WHERE trade_id = $2 AND visible_at IS NULL")
            .bind(now)
            .bind(trade_id)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(both == 2)
}

/// Ratings whose window closed become visible even without the other side's; returns the
/// traders whose credit changes. One statement marks and returns the rows, so however many
/// servers sweep at once, each rating is revealed (and its ratee returned) by exactly one.
pub async fn reveal_due(db: &Db, now: i64) -> AppResult<Vec<i64>> {
    let mut ratees: Vec<i64> = sqlx::query_scalar(
        "UPDATE ratings SET visible_at = $1 WHERE visible_at IS NULL \
         AND trade_id IN (SELECT id FROM trades WHERE completed_at + $2 <= $1) RETURNING ratee_id",
    )
    .bind(now)
    .bind(RATING_WINDOW_SECS)
    .fetch_all(db.pool())
    .await?;
    ratees.sort();
    ratees.dedup();
    Ok(ratees)
}

/// Both ratings of a trade (the caller decides what the viewer may see).
pub async fn of_trade(db: &Db, trade_id: i64) -> AppResult<Vec<RatingRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM ratings r JOIN users u ON u.id = r.rater_id WHERE r.trade_id = $1"
    ))
    .bind(trade_id)
    .fetch_all(db.pool())
    .await?)
}

/// Visible ratings a trader received, newest first.
pub async fn visible_for(db: &Db, ratee_id: i64, now: i64, limit: i64) -> AppResult<Vec<RatingRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM ratings r JOIN users u ON u.id = r.rater_id JOIN trades t ON t.id = r.trade_id \
         WHERE r.ratee_id = $1 AND {VISIBLE} ORDER BY r.created_at DESC LIMIT $4"
    ))
    .bind(ratee_id)
    .bind(now)
    .bind(RATING_WINDOW_SECS)
    .bind(limit)
    .fetch_all(db.pool())
    .await?)
}
