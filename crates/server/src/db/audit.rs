//! The moderators' audit log: every moderation action, who did it and when.

use super::{now, Db};
use crate::error::AppResult;

pub struct Entry<'a> {
    /// `None` when done from the server's command line.
    pub actor_id: Option<i64>,
    pub action: &'a str,
    pub target_kind: &'a str,
    pub target_id: Option<i64>,
    pub detail: &'a str,
}

pub async fn record(db: &Db, e: Entry<'_>) -> AppResult<()> {
    sqlx::query(
        "INSERT INTO audit_log (actor_id, action, target_kind, target_id, detail, at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(e.actor_id)
    .bind(e.action)
    .bind(e.target_kind)
    .bind(e.target_id)
    .bind(e.detail)
    .bind(now())
    .execute(db.pool())
    .await?;
    Ok(())
}

#[derive(Debug, sqlx::FromRow)]
pub struct Row {
    pub actor_id: Option<i64>,
    pub action: String,
    pub target_kind: String,
    pub target_id: Option<i64>,
    pub detail: String,
    pub at: i64,
}

pub async fn latest(db: &Db, limit: i64) -> AppResult<Vec<Row>> {
    Ok(sqlx::query_as(
        "SELECT actor_id, action, target_kind, target_id, detail, at FROM audit_log ORDER BY id DESC LIMIT $1",
    )
    .bind(limit)
    .fetch_all(db.pool())
    .await?)
}
