//! Feeding the contract's credit formula from the database, and caching its result on the user
//! (cards and lists show the level without recomputing it).

use super::{now, Db};
use crate::error::AppResult;
use linli_contract::credit::{self, CreditReport, History, RatingFact};

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

/// The trader's verified history: visible ratings on completed trades, and facts about each rater.
pub async fn history(db: &Db, user_id: i64) -> AppResult<History> {
    let mine = counterparts(db, user_id).await?;
    let mut distinct = mine.clone();
    distinct.sort();
    distinct.dedup();
    // The circle: the trader and everyone they traded with.
    let mut circle = distinct.clone();
    circle.push(user_id);

    let rows: Vec<(i64, i64, i64)> = sqlx::query_as(
        "SELECT r.rater_id, r.stars, u.created_at FROM ratings r JOIN users u ON u.id = r.rater_id \
         JOIN trades t ON t.id = r.trade_id \
         WHERE r.ratee_id = $1 AND r.visible_at IS NOT NULL AND t.state = 'completed' ORDER BY r.created_at, r.id",
    )
    .bind(user_id)
    .fetch_all(db.pool())
    .await?;
    let now = now();
    let mut rater_facts: std::collections::HashMap<i64, (u32, u32, u32)> = std::collections::HashMap::new();
    let mut ratings = Vec::with_capacity(rows.len());
    for (rater_id, stars, created_at) in rows {
        let (rater_trades, rater_partners, rater_trades_in_circle) = match rater_facts.get(&rater_id) {
            Some(facts) => *facts,
            None => {
                let theirs = counterparts(db, rater_id).await?;
                let in_circle = theirs.iter().filter(|c| circle.contains(c)).count() as u32;
                let mut partners = theirs.clone();
                partners.sort();
                partners.dedup();
                let facts = (theirs.len() as u32, partners.len() as u32, in_circle);
                rater_facts.insert(rater_id, facts);
                facts
            }
        };
        ratings.push(RatingFact {
            rater_id,
            stars: stars.clamp(1, 5) as u8,
            rater_age_days: (now - created_at).max(0) as f64 / 86_400.0,
            rater_trades,
            rater_partners,
            rater_trades_in_circle,
        });
    }
    Ok(History {
        ratings,
        completed_trades: mine.len() as u32,
        distinct_counterparties: distinct.len() as u32,
        // Disputes arrive with their feature; lost ones will be counted here.
        disputes_lost: 0,
    })
}

/// Computes the trader's credit and stores score and level on the account.
pub async fn refresh(db: &Db, user_id: i64) -> AppResult<CreditReport> {
    let report = credit::report(&history(db, user_id).await?);
    sqlx::query("UPDATE users SET credit_score = $1, credit_level = $2 WHERE id = $3")
        .bind(report.score)
        .bind(report.level.key())
        .bind(user_id)
        .execute(db.pool())
        .await?;
    Ok(report)
}

/// Reveals ratings whose window closed and refreshes the credit of those they concern. Run
/// periodically by the server and before anything shows credit.
pub async fn reveal_due(db: &Db) -> AppResult<()> {
    for user in super::ratings::reveal_due(db).await? {
        refresh(db, user).await?;
    }
    Ok(())
}
