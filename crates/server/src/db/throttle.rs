//! Counting events (failed log-ins, sign-ups) per key in the database, so every server behind
//! a load balancer sees the same counts.

use super::{now, Db};
use crate::error::AppResult;

/// Events are counted over this window.
pub const WINDOW_SECS: i64 = 15 * 60;

pub async fn count(db: &Db, key: &str) -> AppResult<i64> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM auth_failures WHERE key = $1 AND at > $2")
        .bind(key)
        .bind(now() - WINDOW_SECS)
        .fetch_one(db.pool())
        .await?)
}

pub async fn record(db: &Db, keys: &[&str]) -> AppResult<()> {
    let now = now();
    for key in keys {
        sqlx::query("INSERT INTO auth_failures (key, at) VALUES ($1, $2)")
            .bind(*key)
            .bind(now)
            .execute(db.pool())
            .await?;
    }
    sqlx::query("DELETE FROM auth_failures WHERE at < $1").bind(now - WINDOW_SECS).execute(db.pool()).await?;
    Ok(())
}

pub async fn clear(db: &Db, key: &str) -> AppResult<()> {
    sqlx::query("DELETE FROM auth_failures WHERE key = $1").bind(key).execute(db.pool()).await?;
    Ok(())
}
