//! The moderators' audit log: every moderation action, who did it and when.

use super::{now, Db};
use crate::error::{AppError, AppResult};
use linli_contract::moderation::{AuditAction, AuditFact, AuditTarget};
use linli_contract::{ErrorCode, Lang};

pub struct Entry<'a> {
    /// `None` when done from the server's command line.
    pub actor_id: Option<i64>,
    pub action: AuditAction,
    pub target_kind: AuditTarget,
    pub target_id: Option<i64>,
    /// The moderator's reason.
    pub detail: &'a str,
    pub fact: AuditFact,
}

/// Writes an entry inside the caller's transaction (the action and its entry commit together).
pub async fn record_in(conn: &mut sqlx::AnyConnection, at: i64, e: Entry<'_>) -> AppResult<()> {
    sqlx::query(
        "INSERT INTO audit_log (actor_id, action, target_kind, target_id, detail, fact, at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(e.actor_id)
    .bind(e.action.key())
    .bind(e.target_kind.key())
    .bind(e.target_id)
    .bind(e.detail)
    .bind(stored(e.fact))
    .bind(at)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The `fact` column: the fact's JSON, '' for none.
fn stored(fact: AuditFact) -> String {
    if fact == AuditFact::None {
        return String::new();
    }
    serde_json::to_string(&fact).unwrap_or_default()
}

/// Writes an entry at `at` (the app's clock).
pub async fn record_at(db: &Db, at: i64, e: Entry<'_>) -> AppResult<()> {
    let mut conn = db.pool().acquire().await?;
    record_in(&mut conn, at, e).await
}

pub async fn record(db: &Db, e: Entry<'_>) -> AppResult<()> {
    record_at(db, now(), e).await
}

/// A guarded update and its entry, in one transaction: the update must change exactly one row,
/// else its guard refused (the target is not in the state the action needs) and the answer is
/// `refused`, with nothing written.
pub async fn guarded_update<'q>(
    db: &Db,
    at: i64,
    update: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
    refused: ErrorCode,
    e: Entry<'_>,
) -> AppResult<()> {
    let mut tx = db.begin().await?;
    if update.execute(&mut *tx).await?.rows_affected() != 1 {
        return Err(AppError::code(refused));
    }
    record_in(&mut tx, at, e).await?;
    tx.commit().await?;
    Ok(())
}

#[derive(Debug, sqlx::FromRow)]
pub struct Row {
    pub actor_id: Option<i64>,
    pub action: String,
    pub target_kind: String,
    pub target_id: Option<i64>,
    pub detail: String,
    /// [`AuditFact`] as stored: its JSON, '' for none.
    pub fact: String,
    pub at: i64,
}

pub async fn latest(db: &Db, limit: i64) -> AppResult<Vec<Row>> {
    Ok(sqlx::query_as(
        "SELECT actor_id, action, target_kind, target_id, detail, fact, at FROM audit_log ORDER BY id DESC LIMIT $1",
    )
    .bind(limit)
    .fetch_all(db.pool())
    .await?)
}

#[derive(Debug, sqlx::FromRow)]
struct SearchRow {
    id: i64,
    actor_id: Option<i64>,
    actor_name: Option<String>,
    action: String,
    target_kind: String,
    target_id: Option<i64>,
    detail: String,
    fact: String,
    at: i64,
}

/// The log, newest first: entries whose action (its key or its name in either language),
/// detail or actor's name contains `q`, of one
/// kind of target (and one target), older than `before`. Nothing here or anywhere edits or
/// removes an entry; the database refuses it too (triggers of migration 0006).
pub async fn search(
    db: &Db,
    q: &linli_contract::moderation::AuditQuery,
    limit: i64,
) -> AppResult<Vec<linli_contract::moderation::AuditEntry>> {
    let words = q.q.trim().to_lowercase();
    let pattern = format!("%{}%", super::users::escape_like(&words));
    // ",key,key,": the actions whose name has the words (a moderator types 隐藏, not hide_listing);
    // "|fact|fact|": the stored facts whose name has them (支持买方, 组织者).
    let names = |label: &dyn Fn(Lang) -> String| {
        !words.is_empty() && [Lang::Zh, Lang::En].into_iter().any(|l| label(l).to_lowercase().contains(&words))
    };
    let named: String = AuditAction::ALL
        .iter()
        .filter(|a| names(&|l| a.label(l).to_string()))
        .fold(",".to_string(), |acc, a| format!("{acc}{},", a.key()));
    let named_facts: String = AuditFact::named()
        .filter(|f| names(&|l| f.label(l).unwrap_or_default()))
        .fold("|".to_string(), |acc, f| format!("{acc}{}|", stored(f)));
    let rows: Vec<SearchRow> = sqlx::query_as(
        "SELECT a.id, a.actor_id, u.display_name AS actor_name, a.action, a.target_kind, a.target_id, a.detail, a.fact, a.at \
         FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id \
         WHERE ($1 = '%%' OR LOWER(a.action) LIKE $1 ESCAPE '\\' OR LOWER(a.detail) LIKE $1 ESCAPE '\\' \
                OR LOWER(COALESCE(u.display_name, '')) LIKE $1 ESCAPE '\\' OR $6 LIKE '%,' || a.action || ',%' \
                OR $7 LIKE '%|' || a.fact || '|%') \
         AND ($2 = '' OR a.target_kind = $2) AND ($3 < 0 OR a.target_id = $3) AND a.id < $4 \
         ORDER BY a.id DESC LIMIT $5",
    )
    .bind(pattern)
    .bind(q.target_kind.clone().unwrap_or_default())
    .bind(q.target_id.unwrap_or(-1))
    .bind(q.before.unwrap_or(i64::MAX))
    .bind(limit)
    .bind(named)
    .bind(named_facts)
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| linli_contract::moderation::AuditEntry {
            id: r.id,
            actor_id: r.actor_id,
            actor_name: r.actor_name,
            action: r.action,
            target_kind: r.target_kind,
            target_id: r.target_id,
            detail: r.detail,
            // Entries older than the column, and facts a newer server wrote, read as none.
            fact: serde_json::from_str(&r.fact).unwrap_or_default(),
            at: r.at,
        })
        .collect())
}
