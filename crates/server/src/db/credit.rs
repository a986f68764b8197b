//! Feeding the contract's credit formula from the database, and caching its result on the user
//! (cards and lists show the level without recomputing it).

use super::Db;
use crate::error::AppResult;
use linli_contract::credit::{self, CreditReport, History, RatingFact};
use linli_contract::trade::limits::RATING_WINDOW_SECS;
use std::collections::HashMap;

/// Completed trades per user and with whom, as (counterpart) ids.
async fn counterparts(db: &Db, user_id: i64) -> AppResult<Vec<i64>> {
    Ok(sqlx::query_scalar(
        "SELECT CASE WHEN seller_id = $1 THEN buyer_id ELSE seller_id END FROM trades \
         WHERE state = 'completed' AND (seller_id = $1 OR buyer_id = $1)",
    )
    .bind(user_id)
    .fetch_all(db.pool())
    .await?)
}

/// The trader's verified history: visible ratings on completed trades, and facts about each
/// rater. Three queries, however many ratings.
pub async fn history(db: &Db, user_id: i64, now: i64) -> AppResult<History> {
    let mine = counterparts(db, user_id).await?;
    let mut distinct = mine.clone();
    distinct.sort();
    distinct.dedup();
    // The circle: the trader and everyone they traded with.
    let mut circle = distinct.clone();
    circle.push(user_id);

    let rows: Vec<(i64, i64, i64)> = sqlx::query_as(&format!(
        "SELECT r.rater_id, r.stars, u.created_at FROM ratings r JOIN users u ON u.id = r.rater_id \
         JOIN trades t ON t.id = r.trade_id \
         WHERE r.ratee_id = $1 AND t.state = 'completed' AND {} ORDER BY r.created_at, r.id",
        super::ratings::VISIBLE
    ))
    .bind(user_id)
    .bind(now)
    .bind(RATING_WINDOW_SECS)
    .fetch_all(db.pool())
    .await?;
    // Every completed trade of every rater, in one query.
    let rater_trades: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT seller_id, buyer_id FROM trades WHERE state = 'completed' AND \
         (seller_id IN (SELECT rater_id FROM ratings WHERE ratee_id = $1) \
          OR buyer_id IN (SELECT rater_id FROM ratings WHERE ratee_id = $1))",
    )
    .bind(user_id)
    .fetch_all(db.pool())
    .await?;
    let mut partners_of: HashMap<i64, Vec<i64>> = HashMap::new();
    for (seller, buyer) in rater_trades {
        partners_of.entry(seller).or_default().push(buyer);
        partners_of.entry(buyer).or_default().push(seller);
    }
    let mut ratings = Vec::with_capacity(rows.len());
    for (rater_id, stars, created_at) in rows {
        let theirs = partners_of.get(&rater_id).map(Vec::as_slice).unwrap_or(&[]);
        let in_circle = theirs.iter().filter(|c| circle.contains(c)).count() as u32;
        let mut partners = theirs.to_vec();
        partners.sort();
        partners.dedup();
        ratings.push(RatingFact {
            rater_id,
            stars: stars.clamp(1, 5) as u8,
            rater_age_days: (now - created_at).max(0) as f64 / 86_400.0,
            rater_trades: theirs.len() as u32,
            rater_partners: partners.len() as u32,
            rater_trades_in_circle: in_circle,
        });
    }
    Ok(History {
        ratings,
        completed_trades: mine.len() as u32,
        distinct_counterparties: distinct.len() as u32,
        // Disputes a moderator decided against the trader.
        disputes_lost: super::disputes::lost(db, user_id).await?,
    })
}

/// Computes the trader's credit and stores score and level on the account.
pub async fn refresh(db: &Db, user_id: i64, now: i64) -> AppResult<CreditReport> {
    let report = credit::report(&history(db, user_id, now).await?);
    sqlx::query("UPDATE users SET credit_score = $1, credit_level = $2 WHERE id = $3")
        .bind(report.score)
        .bind(report.level.key())
        .bind(user_id)
        .execute(db.pool())
        .await?;
    Ok(report)
}

/// Persists the reveal of ratings whose window closed and refreshes the cached credit of those
/// they concern. Run by the background sweep (reads already treat them as visible).
pub async fn reveal_due(db: &Db, now: i64) -> AppResult<()> {
    for user in super::ratings::reveal_due(db, now).await? {
        refresh(db, user, now).await?;
    }
    Ok(())
}
