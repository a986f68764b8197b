//! Moderation: suspensions (in force from their start until their end or until lifted, derived
//! from `now` at read), reports of accounts, the reports queue grouped per target, dismissing
//! reports. Each moderator action writes its audit entry in the same transaction.

use super::audit::{self, Entry};
use super::{is_unique_violation, Db};
use crate::error::{AppError, AppResult};
use linli_contract::listing::{ReportReason, Review};
use linli_contract::moderation::{AuditAction, AuditFact, AuditTarget};
use linli_contract::moderation::{ReasonCount, ReportGroup, ReportTarget, Suspension};
use linli_contract::ErrorCode;

/// SQL: the suspension row `s` is in force at `$now` (a bound parameter's name is given).
fn in_force(now: &str) -> String {
    format!("s.lifted_at IS NULL AND s.starts_at <= {now} AND (s.ends_at IS NULL OR s.ends_at > {now})")
}

/// SQL condition: the account `column` is suspended at `now` (an integer, never input).
pub fn suspended_sql(column: &str, now: i64) -> String {
    suspended_at(column, &now.to_string())
}

/// SQL condition: the account `column` is suspended at the time `now` (a placeholder or an integer).
pub fn suspended_at(column: &str, now: &str) -> String {
    format!("EXISTS (SELECT 1 FROM suspensions s WHERE s.user_id = {column} AND {})", in_force(now))
}

#[derive(sqlx::FromRow)]
struct SuspensionRow {
    id: i64,
    user_id: i64,
    user_name: String,
    reason: String,
    by_name: String,
    starts_at: i64,
    ends_at: Option<i64>,
    lifted_at: Option<i64>,
}

impl SuspensionRow {
    fn into_view(self, now: i64) -> Suspension {
        let active = self.lifted_at.is_none() && self.starts_at <= now && self.ends_at.is_none_or(|e| e > now);
        Suspension {
            id: self.id,
            user_id: self.user_id,
            user_name: self.user_name,
            reason: self.reason,
            by_name: self.by_name,
            starts_at: self.starts_at,
            ends_at: self.ends_at,
            lifted_at: self.lifted_at,
            active,
        }
    }
}

const SUSPENSION_SELECT: &str = "SELECT s.id, s.user_id, u.display_name AS user_name, s.reason, \
    b.display_name AS by_name, s.starts_at, s.ends_at, s.lifted_at \
    FROM suspensions s JOIN users u ON u.id = s.user_id JOIN users b ON b.id = s.created_by";

/// Suspensions, those in force first, then the newest.
pub async fn suspensions(db: &Db, now: i64, limit: i64) -> AppResult<Vec<Suspension>> {
    let rows: Vec<SuspensionRow> = sqlx::query_as(&format!(
        "{SUSPENSION_SELECT} ORDER BY CASE WHEN {} THEN 0 ELSE 1 END, s.id DESC LIMIT $2",
        in_force("$1")
    ))
    .bind(now)
    .bind(limit)
    .fetch_all(db.pool())
    .await?;
    Ok(rows.into_iter().map(|r| r.into_view(now)).collect())
}

/// The account's suspension in force, if any.
pub async fn current(db: &Db, user_id: i64, now: i64) -> AppResult<Option<Suspension>> {
    let row: Option<SuspensionRow> = sqlx::query_as(&format!(
        "{SUSPENSION_SELECT} WHERE s.user_id = $2 AND {} ORDER BY s.id DESC LIMIT 1",
        in_force("$1")
    ))
    .bind(now)
    .bind(user_id)
    .fetch_optional(db.pool())
    .await?;
    Ok(row.map(|r| r.into_view(now)))
}

/// Suspends `user_id` from `now` for `days` (or until lifted). Refused for oneself and when it
/// would leave no moderator in force (under the moderators' lock, so concurrent suspensions
/// cannot both pass). An account already suspended gets the new suspension on top.
pub async fn suspend(
    db: &Db,
    now: i64,
    moderator: i64,
    user_id: i64,
    reason: &str,
    days: Option<u32>,
) -> AppResult<()> {
    if moderator == user_id {
        return Err(AppError::code(ErrorCode::CannotSuspendSelf));
    }
    let mut tx = db.begin().await?;
    super::locks::take(db, &mut tx, super::locks::Lock::Moderators).await?;
    let others: i64 = sqlx::query_scalar(&format!(
        "SELECT COUNT(*) FROM user_roles r WHERE r.role = 'moderator' AND r.user_id <> $1 \
         AND NOT EXISTS (SELECT 1 FROM suspensions s WHERE s.user_id = r.user_id AND {})",
        in_force("$2")
    ))
    .bind(user_id)
    .bind(now)
    .fetch_one(&mut *tx)
    .await?;
    if others == 0 {
        return Err(AppError::code(ErrorCode::LastModerator));
    }
    let ends_at = days.map(|d| now + i64::from(d) * 86_400);
    sqlx::query(
        "INSERT INTO suspensions (user_id, reason, created_by, starts_at, ends_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(user_id)
    .bind(reason.trim())
    .bind(moderator)
    .bind(now)
    .bind(ends_at)
    .execute(&mut *tx)
    .await?;
    let fact = match days {
        Some(days) => AuditFact::Days { days },
        None => AuditFact::UntilLifted,
    };
    audit::record_in(
        &mut tx,
        now,
        Entry {
            actor_id: Some(moderator),
            action: AuditAction::Suspend,
            target_kind: AuditTarget::User,
            target_id: Some(user_id),
            detail: reason.trim(),
            fact,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Lifts every suspension of the account in force.
pub async fn lift(db: &Db, now: i64, moderator: i64, user_id: i64, reason: &str) -> AppResult<()> {
    let mut tx = db.begin().await?;
    let lifted = sqlx::query(&format!(
        "UPDATE suspensions SET lifted_at = $1, lifted_by = $2 WHERE user_id = $3 AND id IN \
         (SELECT s.id FROM suspensions s WHERE s.user_id = $3 AND {})",
        in_force("$1")
    ))
    .bind(now)
    .bind(moderator)
    .bind(user_id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if lifted == 0 {
        return Err(AppError::code(ErrorCode::NotSuspended));
    }
    audit::record_in(
        &mut tx,
        now,
        Entry {
            actor_id: Some(moderator),
            action: AuditAction::LiftSuspension,
            target_kind: AuditTarget::User,
            target_id: Some(user_id),
            detail: reason.trim(),
            fact: AuditFact::None,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// A warning is an audit entry the account can see.
pub async fn warn(db: &Db, now: i64, moderator: i64, user_id: i64, reason: &str) -> AppResult<()> {
    audit::record_at(
        db,
        now,
        Entry {
            actor_id: Some(moderator),
            action: AuditAction::Warn,
            target_kind: AuditTarget::User,
            target_id: Some(user_id),
            detail: reason.trim(),
            fact: AuditFact::None,
        },
    )
    .await
}

/// The warnings an account received, newest first.
pub async fn warnings(db: &Db, user_id: i64) -> AppResult<Vec<linli_contract::moderation::AuditEntry>> {
    let q = linli_contract::moderation::AuditQuery {
        q: String::new(),
        target_kind: Some("user".into()),
        target_id: Some(user_id),
        before: None,
    };
    Ok(audit::search(db, &q, 50).await?.into_iter().filter(|e| e.action == "warn").collect())
}

/// Files a report of an account; a second one by the same reporter changes nothing. Returns
/// whether it was already reported by them.
pub async fn report_user(
    db: &Db,
    now: i64,
    user_id: i64,
    reporter_id: i64,
    reason: ReportReason,
    note: &str,
) -> AppResult<bool> {
    let inserted = sqlx::query(
        "INSERT INTO user_reports (user_id, reporter_id, reason, note, created_at) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (user_id, reporter_id) DO NOTHING",
    )
    .bind(user_id)
    .bind(reporter_id)
    .bind(reason.key())
    .bind(note.trim())
    .bind(now)
    .execute(db.pool())
    .await;
    match inserted {
        Ok(r) => Ok(r.rows_affected() == 0),
        Err(e) if is_unique_violation(&e, "user_reports") => Ok(true),
        Err(e) => Err(e.into()),
    }
}

#[derive(sqlx::FromRow)]
struct OpenReport {
    target_id: i64,
    label: String,
    owner_id: Option<i64>,
    actioned: i64,
    reason: String,
    note: String,
    created_at: i64,
}

/// Open reports grouped per target, most reported first (then the oldest report first).
pub async fn report_groups(db: &Db, now: i64, limit: usize) -> AppResult<Vec<ReportGroup>> {
    let listing_rows: Vec<OpenReport> = sqlx::query_as(
        "SELECT r.listing_id AS target_id, l.title AS label, l.seller_id AS owner_id, \
         CAST(CASE WHEN l.hidden_at IS NULL THEN 0 ELSE 1 END AS BIGINT) AS actioned, r.reason, r.note, r.created_at \
         FROM reports r JOIN listings l ON l.id = r.listing_id WHERE r.resolved_at IS NULL ORDER BY r.created_at DESC LIMIT 5000",
    )
    .fetch_all(db.pool())
    .await?;
    let user_rows: Vec<OpenReport> = sqlx::query_as(&format!(
        "SELECT r.user_id AS target_id, u.display_name AS label, CAST(NULL AS BIGINT) AS owner_id, \
         CAST(CASE WHEN {} THEN 1 ELSE 0 END AS BIGINT) AS actioned, r.reason, r.note, r.created_at \
         FROM user_reports r JOIN users u ON u.id = r.user_id WHERE r.resolved_at IS NULL ORDER BY r.created_at DESC LIMIT 5000",
        suspended_sql("r.user_id", now)
    ))
    .fetch_all(db.pool())
    .await?;
    let mut groups: Vec<ReportGroup> = Vec::new();
    for (target, rows) in [(ReportTarget::Listing, listing_rows), (ReportTarget::User, user_rows)] {
        for r in rows {
            let reason = ReportReason::parse(&r.reason).unwrap_or(ReportReason::Other);
            let g = match groups.iter_mut().find(|g| g.target == target && g.target_id == r.target_id) {
                Some(g) => g,
                None => {
                    groups.push(ReportGroup {
                        target,
                        target_id: r.target_id,
                        label: r.label.clone(),
                        owner_id: r.owner_id,
                        count: 0,
                        reasons: Vec::new(),
                        notes: Vec::new(),
                        first_at: r.created_at,
                        last_at: r.created_at,
                        actioned: r.actioned != 0,
                        hidden_reason: None,
                        review: None,
                    });
                    groups.last_mut().expect("just pushed")
                }
            };
            g.count += 1;
            g.first_at = g.first_at.min(r.created_at);
            g.last_at = g.last_at.max(r.created_at);
            match g.reasons.iter_mut().find(|c| c.reason == reason) {
                Some(c) => c.count += 1,
                None => g.reasons.push(ReasonCount { reason, count: 1 }),
            }
            if !r.note.trim().is_empty() && g.notes.len() < 10 {
                g.notes.push(r.note);
            }
        }
    }
    // Hidden listings in the queue (reported, or their owner asked for a review): the hide's
    // reason and its review; a waiting review request is in the queue without reports too.
    let hidden: Vec<super::listings::ListingRow> = sqlx::query_as(&format!(
        "SELECT {} FROM listings WHERE hidden_at IS NOT NULL AND ((review_requested_at IS NOT NULL AND review_answered_at IS NULL) \
         OR id IN (SELECT listing_id FROM reports WHERE resolved_at IS NULL)) ORDER BY id LIMIT 5000",
        super::listings::ROW_COLUMNS
    ))
    .fetch_all(db.pool())
    .await?;
    for l in hidden {
        let at = l.review_requested_at.unwrap_or(l.updated_at);
        let g = match groups.iter_mut().find(|g| g.target == ReportTarget::Listing && g.target_id == l.id) {
            Some(g) => g,
            None => {
                groups.push(ReportGroup {
                    target: ReportTarget::Listing,
                    target_id: l.id,
                    label: l.title.clone(),
                    owner_id: Some(l.seller_id),
                    count: 0,
                    reasons: Vec::new(),
                    notes: Vec::new(),
                    first_at: at,
                    last_at: at,
                    actioned: true,
                    hidden_reason: None,
                    review: None,
                });
                groups.last_mut().expect("just pushed")
            }
        };
        g.hidden_reason = l.hidden_reason.clone();
        g.review = l.review_status().filter(|r| r.state != Review::NotAsked);
    }
    for g in &mut groups {
        g.reasons.sort_by(|a, b| b.count.cmp(&a.count).then(a.reason.key().cmp(b.reason.key())));
    }
    // Review requests waiting for an answer first (oldest first), then the most reported.
    let waiting = |g: &ReportGroup| g.review.as_ref().is_some_and(|r| r.state == Review::Requested);
    groups.sort_by(|a, b| {
        waiting(b)
            .cmp(&waiting(a))
            .then(b.count.cmp(&a.count))
            .then(a.first_at.cmp(&b.first_at))
            .then(a.target_id.cmp(&b.target_id))
    });
    groups.truncate(limit);
    Ok(groups)
}

/// Resolves the open reports of a target. 404 when it has none.
pub async fn dismiss_reports(
    db: &Db,
    now: i64,
    moderator: i64,
    target: ReportTarget,
    target_id: i64,
    reason: &str,
) -> AppResult<u64> {
    let sql = match target {
        ReportTarget::Listing => "UPDATE reports SET resolved_at = $1 WHERE listing_id = $2 AND resolved_at IS NULL",
        ReportTarget::User => "UPDATE user_reports SET resolved_at = $1 WHERE user_id = $2 AND resolved_at IS NULL",
    };
    let mut tx = db.begin().await?;
    let n = sqlx::query(sql).bind(now).bind(target_id).execute(&mut *tx).await?.rows_affected();
    if n == 0 {
        return Err(AppError::code(ErrorCode::NotFound));
    }
    audit::record_in(
        &mut tx,
        now,
        Entry {
            actor_id: Some(moderator),
            action: AuditAction::DismissReports,
            target_kind: target.into(),
            target_id: Some(target_id),
            detail: reason.trim(),
            fact: AuditFact::Dismissed { reports: n as u32 },
        },
    )
    .await?;
    tx.commit().await?;
    Ok(n)
}
