//! Feeding the contract's credit formula from the database, and caching its result on the user
//! (cards and lists show the level without recomputing it).

use super::Db;
use crate::error::AppResult;
use linli_contract::credit::{self, CreditReport, History, RatingFact};
use linli_contract::trade::limits::RATING_WINDOW_SECS;
use linli_contract::trust;
use std::collections::HashMap;

/// A counterpart (or the trader): id, trust held and earned share ([`linli_contract::trust`]).
type Holder = (i64, f64, f64);

/// The trader's completed trades, one row per trade with the counterpart, and the trader.
async fn counterparts(db: &Db, user_id: i64) -> AppResult<(Vec<Holder>, Holder)> {
    let rows = sqlx::query_as(
        "SELECT u.id, u.trust, u.trust_share FROM trades t JOIN users u \
         ON u.id = CASE WHEN t.seller_id = $1 THEN t.buyer_id ELSE t.seller_id END \
         WHERE t.state = 'completed' AND (t.seller_id = $1 OR t.buyer_id = $1)",
    )
    .bind(user_id)
    .fetch_all(db.pool())
    .await?;
    let own = sqlx::query_as("SELECT id, trust, trust_share FROM users WHERE id = $1")
        .bind(user_id)
        .fetch_one(db.pool())
        .await?;
    Ok((rows, own))
}

/// The trader's verified history: visible ratings on completed trades, and facts about each
/// rater. Five queries, however many ratings.
pub async fn history(db: &Db, user_id: i64, now: i64) -> AppResult<History> {
    let (mine, own) = counterparts(db, user_id).await?;
    // The circle: the trader and everyone they traded with, with their trust.
    let circle: HashMap<i64, (f64, f64)> =
        mine.iter().chain(std::iter::once(&own)).map(|&(id, held, share)| (id, (held, share))).collect();
    let mut distinct: Vec<i64> = mine.iter().map(|(id, _, _)| *id).collect();
    distinct.sort();
    distinct.dedup();

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
    // Every completed trade of every counterpart, in one query.
    let rater_trades: Vec<(i64, i64)> = sqlx::query_as(
        "WITH mine AS (SELECT CASE WHEN seller_id = $1 THEN buyer_id ELSE seller_id END AS id FROM trades \
           WHERE state = 'completed' AND (seller_id = $1 OR buyer_id = $1)) \
         SELECT seller_id, buyer_id FROM trades WHERE state = 'completed' AND \
         (seller_id IN (SELECT id FROM mine) OR buyer_id IN (SELECT id FROM mine))",
    )
    .bind(user_id)
    .fetch_all(db.pool())
    .await?;
    let mut partners_of: HashMap<i64, Vec<i64>> = HashMap::new();
    for (seller, buyer) in rater_trades {
        partners_of.entry(seller).or_default().push(buyer);
        partners_of.entry(buyer).or_default().push(seller);
    }
    // Each counterpart's word, seen from this trader: their trust without what came from the
    // trader's circle.
    let seen = |rater: i64| {
        let mut partners = partners_of.get(&rater).cloned().unwrap_or_default();
        partners.sort();
        partners.dedup();
        let from_circle: f64 = partners.iter().filter_map(|u| circle.get(u)).map(|&(_, share)| share).sum();
        trust::weight(circle.get(&rater).map_or(0.0, |&(held, _)| held), from_circle)
    };
    let mut ratings = Vec::with_capacity(rows.len());
    for (rater_id, stars, created_at) in rows {
        let theirs = partners_of.get(&rater_id).map(Vec::as_slice).unwrap_or(&[]);
        let in_circle = theirs.iter().filter(|c| circle.contains_key(c)).count() as u32;
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
            rater_trust: seen(rater_id),
        });
    }
    Ok(History {
        ratings,
        completed_trades: mine.len() as u32,
        distinct_counterparties: distinct.len() as u32,
        trusted_counterparties: distinct.iter().map(|&p| seen(p)).sum(),
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
