//! Counting events per key in the database, so every server behind a load balancer sees the
//! same counts: failed log-ins (per account and address, per address), sign-ups per address,
//! and every account's writes by kind ([`crate::limits`]).

use super::sql::{Arg, Sql};
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
    sqlx::query("DELETE FROM throttle_counters WHERE key = $1").bind(key).execute(db.pool()).await?;
    Ok(())
}

/// Whether a [`hit`] was within its budget.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hit {
    Allowed,
    /// Over budget: retry after this many seconds (when the window ends).
    Refused {
        retry_after: i64,
    },
}

/// Counts one event under `key` in the current fixed window of `window_secs` and says whether
/// it is within `max`. One statement (an upsert whose row lock orders concurrent callers), so
/// N simultaneous requests get N distinct counts on SQLite and PostgreSQL alike: the event is
/// reserved before the work it guards, never checked-then-recorded.
pub async fn hit(db: &Db, key: &str, max: i64, window_secs: i64) -> AppResult<Hit> {
    // Every limited request writes here first: in turn with the other writers (`Db::begin`).
    let _turn = db.write_turn().await?;
    let counted = Counted::at(now(), max, window_secs);
    let mut sql = Sql::default();
    counted.push(&mut sql, key);
    counted.hit(&sql.query().fetch_one(db.pool()).await?)
}

/// One count's statement and how its answer reads: [`hit`], or a statement of a write's
/// [`super::sql::Batch`].
pub struct Counted {
    now: i64,
    max: i64,
    window_secs: i64,
}

impl Counted {
    pub fn at(now: i64, max: i64, window_secs: i64) -> Self {
        Counted { now, max, window_secs }
    }

    /// The upsert that counts the event under `key`; it returns the count and its window's start.
    pub fn push(&self, sql: &mut Sql, key: &str) {
        let key = sql.param(Arg::Text(key.to_string()));
        let now = sql.param(Arg::Int(self.now));
        let expired = sql.param(Arg::Int(self.now - self.window_secs));
        sql.push(&format!(
            "INSERT INTO throttle_counters (key, window_start, hits) VALUES ({key}, {now}, 1) \
             ON CONFLICT (key) DO UPDATE SET \
               hits = CASE WHEN throttle_counters.window_start <= {expired} THEN 1 ELSE throttle_counters.hits + 1 END, \
               window_start = CASE WHEN throttle_counters.window_start <= {expired} THEN {now} \
                              ELSE throttle_counters.window_start END \
             RETURNING hits, window_start"
        ));
    }

    /// A query that finds the counter of `key` over the budget, once [`Counted::push`] ran.
    pub fn push_over(&self, sql: &mut Sql, key: &str) {
        sql.push("SELECT 1 FROM throttle_counters WHERE key = ").arg(Arg::Text(key.to_string()));
        sql.push(" AND hits > ").arg(Arg::Int(self.max));
    }

    /// Whether the counted event is within the budget, from the upsert's row.
    pub fn hit(&self, row: &sqlx::any::AnyRow) -> AppResult<Hit> {
        use sqlx::Row;
        let (hits, window_start): (i64, i64) = (row.try_get(0)?, row.try_get(1)?);
        Ok(if hits > self.max {
            Hit::Refused { retry_after: (window_start + self.window_secs - self.now).max(1) }
        } else {
            Hit::Allowed
        })
    }
}

/// Gives back one reserved event (the guarded work turned out not to count, e.g. a log-in
/// with the right password).
pub async fn release(db: &Db, key: &str) -> AppResult<()> {
    sqlx::query("UPDATE throttle_counters SET hits = hits - 1 WHERE key = $1 AND hits > 0")
        .bind(key)
        .execute(db.pool())
        .await?;
    Ok(())
}

/// Drops counters whose window ended long ago (called now and then by writers).
pub async fn sweep(db: &Db) -> AppResult<()> {
    sqlx::query("DELETE FROM throttle_counters WHERE window_start < $1")
        .bind(now() - 24 * 3600)
        .execute(db.pool())
        .await?;
    Ok(())
}
