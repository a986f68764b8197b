//! Green impact totals from completed trades and collected recycling pickups (each one's
//! estimate is stored when it completes).

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
            pickups: 0,
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
    let mut impact: Impact = totals.into();
    add_pickups(db, &mut impact, "k.resident_id = $1", user_id).await?;
    Ok(impact)
}

/// Adds collected recycling pickups (their CO2e and green points) matching `condition`.
async fn add_pickups(db: &Db, impact: &mut Impact, condition: &str, id: i64) -> AppResult<()> {
    let (count, grams, points): (i64, Option<i64>, Option<i64>) = sqlx::query_as(&format!(
        "SELECT COUNT(*), CAST(SUM(k.co2e_g) AS BIGINT), CAST(SUM(k.points) AS BIGINT) FROM recycling_pickups k \
         JOIN users u ON u.id = k.resident_id WHERE k.state = 'collected' AND {condition}"
    ))
    .bind(id)
    .fetch_one(db.pool())
    .await?;
    impact.pickups = count;
    impact.kg_co2e += grams.unwrap_or(0) as f64 / 1000.0;
    impact.points += points.unwrap_or(0);
    Ok(())
}

/// A community's totals: completed trades of listings in it, each counted once.
pub async fn of_community(db: &Db, community_id: i64) -> AppResult<Impact> {
    let totals: Totals = sqlx::query_as(&format!(
        "{SUMS} FROM trades t JOIN listings l ON l.id = t.listing_id WHERE t.state = 'completed' AND l.community_id = $1"
    ))
    .bind(community_id)
    .fetch_one(db.pool())
    .await?;
    let mut impact: Impact = totals.into();
    // A pickup counts for the community its resident lives in.
    add_pickups(db, &mut impact, "u.community_id = $1", community_id).await?;
    Ok(impact)
}
