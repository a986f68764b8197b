//! Green impact totals from completed trades (each trade's estimate is stored when it completes).

use super::Db;
use crate::error::AppResult;
use linli_contract::impact::Impact;

#[derive(sqlx::FromRow)]
struct Totals {
    trades: i64,
    given_away: Option<i64>,
    grams: Option<i64>,
    points: Option<i64>,
}

impl From<Totals> for Impact {
    fn from(t: Totals) -> Self {
        Impact {
            trades: t.trades,
            given_away: t.given_away.unwrap_or(0),
            kg_co2e: t.grams.unwrap_or(0) as f64 / 1000.0,
            points: t.points.unwrap_or(0),
        }
    }
}

// CAST keeps PostgreSQL's SUM(BIGINT) an integer (it would be NUMERIC).
const SUMS: &str = "SELECT COUNT(*) AS trades, CAST(SUM(t.given_away) AS BIGINT) AS given_away, \
    CAST(SUM(t.co2e_g) AS BIGINT) AS grams, CAST(SUM(t.points) AS BIGINT) AS points";

/// A person's totals: every completed trade they took part in, on either side.
pub async fn of_user(db: &Db, user_id: i64) -> AppResult<Impact> {
    let totals: Totals = sqlx::query_as(&format!(
        "{SUMS} FROM trades t WHERE t.state = 'completed' AND (t.seller_id = $1 OR t.buyer_id = $1)"
    ))
    .bind(user_id)
    .fetch_one(db.pool())
    .await?;
    Ok(totals.into())
}

/// A community's totals: completed trades of listings in it, each counted once.
pub async fn of_community(db: &Db, community_id: i64) -> AppResult<Impact> {
    let totals: Totals = sqlx::query_as(&format!(
        "{SUMS} FROM trades t JOIN listings l ON l.id = t.listing_id WHERE t.state = 'completed' AND l.community_id = $1"
    ))
    .bind(community_id)
    .fetch_one(db.pool())
    .await?;
    Ok(totals.into())
}
