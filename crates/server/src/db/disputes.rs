//! Disputes: filing (which freezes the trade), answers and messages with evidence photos, and
//! the moderator's decision (which moves the trade and its listing on, and names the loser for
//! the credit rating). Each move is one guarded update on the states the contract's table
//! allows it from.

use super::{is_unique_violation, listings, photos, trades::TradeRow, Db};
use crate::error::{AppError, AppResult};
use linli_contract::dispute::{
    DisputeFacts, DisputePost, DisputeQueueItem, DisputeReason, DisputeState, Outcome, PostKind, ANSWER_SECS,
};
use linli_contract::lifecycle::Machine;
use linli_contract::listing::ListingAction;
use linli_contract::moderation::{AuditAction, AuditFact, AuditTarget};
use linli_contract::trade::limits::{DISPUTE_WINDOW_SECS, HANDOVER_GRACE_SECS, HANDOVER_SECS};
use linli_contract::trade::{Side, TradeState};
use linli_contract::ErrorCode;
use linli_contract::Field;
use sqlx::AnyConnection;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct DisputeRow {
    pub id: i64,
    pub trade_id: i64,
    pub filer_id: i64,
    pub respondent_id: i64,
    pub reason: String,
    pub state: String,
    pub trade_state_before: String,
    pub filed_at: i64,
    pub answer_due_at: i64,
    pub answered_at: Option<i64>,
    pub outcome: Option<String>,
    pub decision_reason: Option<String>,
    pub decided_at: Option<i64>,
    pub loser_id: Option<i64>,
}

impl DisputeRow {
    pub fn facts(&self) -> DisputeFacts {
        DisputeFacts {
            stored: DisputeState::parse(&self.state).unwrap_or(DisputeState::Decided),
            answer_due_at: self.answer_due_at,
        }
    }

    pub fn reason(&self) -> DisputeReason {
        DisputeReason::parse(&self.reason).unwrap_or(DisputeReason::Other)
    }

    pub fn outcome(&self) -> Option<Outcome> {
        self.outcome.as_deref().and_then(Outcome::parse)
    }
}

const COLUMNS: &str = "id, trade_id, filer_id, respondent_id, reason, state, trade_state_before, filed_at, \
    answer_due_at, answered_at, outcome, decision_reason, decided_at, loser_id";

pub async fn find(db: &Db, id: i64) -> AppResult<Option<DisputeRow>> {
    Ok(sqlx::query_as(&format!("SELECT {COLUMNS} FROM disputes WHERE id = $1"))
        .bind(id)
        .fetch_optional(db.pool())
        .await?)
}

/// Attaches the author's unused uploads to a post, in order.
async fn attach(conn: &mut AnyConnection, post_id: i64, owner_id: i64, keys: &[String]) -> AppResult<()> {
    for (position, key) in keys.iter().enumerate() {
        let updated = sqlx::query(
            "UPDATE photos SET dispute_post_id = $1, position = $2 \
             WHERE key = $3 AND owner_id = $4 AND listing_id IS NULL AND dispute_post_id IS NULL",
        )
        .bind(post_id)
        .bind(position as i64)
        .bind(key)
        .bind(owner_id)
        .execute(&mut *conn)
        .await?
        .rows_affected();
        if updated == 0 {
            return Err(AppError::field(Field::Photos, ErrorCode::PhotoUnknown));
        }
    }
    Ok(())
}

async fn insert_post(
    conn: &mut AnyConnection,
    dispute_id: i64,
    author_id: i64,
    kind: PostKind,
    body: &str,
    photos: &[String],
    now: i64,
) -> AppResult<i64> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO dispute_posts (dispute_id, author_id, kind, body, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(dispute_id)
    .bind(author_id)
    .bind(kind.key())
    .bind(body.trim())
    .bind(now)
    .fetch_one(&mut *conn)
    .await?;
    attach(conn, id, author_id, photos).await?;
    Ok(id)
}

/// Files a dispute: the trade is frozen (`disputed`) by one guarded update from the states the
/// trade table allows a dispute from (an accepted trade not lapsed, a completed one within the
/// window), and the unique index allows one open dispute per trade.
pub async fn open(
    db: &Db,
    now: i64,
    t: &TradeRow,
    filer: i64,
    reason: DisputeReason,
    description: &str,
    photo_keys: &[String],
) -> AppResult<i64> {
    let before = t.stored_state();
    let respondent = if filer == t.seller_id { t.buyer_id } else { t.seller_id };
    let mut tx = db.begin().await?;
    let frozen = sqlx::query(
        "UPDATE trades SET state = 'disputed', updated_at = $1 WHERE id = $2 AND state = $3 \
         AND NOT (state = 'accepted' AND accepted_at + $4 <= $1) \
         AND NOT (state = 'completed' AND completed_at + $5 <= $1) \
         AND NOT EXISTS (SELECT 1 FROM disputes d WHERE d.trade_id = $2)",
    )
    .bind(now)
    .bind(t.id)
    .bind(before.key())
    .bind(HANDOVER_SECS + HANDOVER_GRACE_SECS)
    .bind(DISPUTE_WINDOW_SECS)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if frozen != 1 {
        return Err(AppError::code(ErrorCode::TradeStateInvalid));
    }
    let inserted = sqlx::query_scalar::<_, i64>(
        "INSERT INTO disputes (trade_id, filer_id, respondent_id, reason, state, trade_state_before, filed_at, answer_due_at) \
         VALUES ($1, $2, $3, $4, 'awaiting_answer', $5, $6, $7) RETURNING id",
    )
    .bind(t.id)
    .bind(filer)
    .bind(respondent)
    .bind(reason.key())
    .bind(before.key())
    .bind(now)
    .bind(now + ANSWER_SECS)
    .fetch_one(&mut *tx)
    .await;
    let id = match inserted {
        Ok(id) => id,
        Err(e) if is_unique_violation(&e, "disputes") => return Err(AppError::code(ErrorCode::DisputeOpen)),
        Err(e) => return Err(e.into()),
    };
    insert_post(&mut tx, id, filer, PostKind::Filing, description, photo_keys, now).await?;
    tx.commit().await?;
    Ok(id)
}

/// The other party answers, within the deadline (guarded in the database too).
pub async fn answer(
    db: &Db,
    now: i64,
    d: &DisputeRow,
    author: i64,
    body: &str,
    photo_keys: &[String],
) -> AppResult<()> {
    let guard = sqlx::query(
        "UPDATE disputes SET state = 'answered', answered_at = $1 \
         WHERE id = $2 AND state = 'awaiting_answer' AND answer_due_at > $1",
    )
    .bind(now)
    .bind(d.id);
    post_guarded(db, now, guard, d.id, author, PostKind::Answer, body, photo_keys).await
}

/// A message on an open dispute's thread.
pub async fn message(
    db: &Db,
    now: i64,
    d: &DisputeRow,
    author: i64,
    body: &str,
    photo_keys: &[String],
) -> AppResult<()> {
    // Still open (a decision in between closes the thread); takes the write lock first.
    let guard = sqlx::query("UPDATE disputes SET state = state WHERE id = $1 AND state <> 'decided'").bind(d.id);
    post_guarded(db, now, guard, d.id, author, PostKind::Message, body, photo_keys).await
}

/// Adds a post to a dispute's thread in the transaction of `guard`, an update of the dispute
/// that must change it (else the dispute is no longer in a state that takes this post).
#[allow(clippy::too_many_arguments)]
async fn post_guarded<'q>(
    db: &Db,
    now: i64,
    guard: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
    dispute_id: i64,
    author: i64,
    kind: PostKind,
    body: &str,
    photo_keys: &[String],
) -> AppResult<()> {
    let mut tx = db.begin().await?;
    if guard.execute(&mut *tx).await?.rows_affected() != 1 {
        return Err(AppError::code(ErrorCode::DisputeStateInvalid));
    }
    insert_post(&mut tx, dispute_id, author, kind, body, photo_keys, now).await?;
    tx.commit().await?;
    Ok(())
}

/// What a decision did, for the caller's follow-ups (credit, audit).
pub struct Decided {
    pub loser_id: Option<i64>,
    pub trade_state: TradeState,
}

/// A moderator decides: the dispute closes (from answered, or awaiting past its deadline), the
/// trade leaves `disputed` for the outcome's state, and the listing follows (cancelled: back to
/// its owner; completed: sold). The audit entry is written in the same transaction.
pub async fn decide(
    db: &Db,
    now: i64,
    d: &DisputeRow,
    t: &TradeRow,
    moderator: i64,
    outcome: Outcome,
    reason: &str,
) -> AppResult<Decided> {
    let loser_id = outcome.loser().map(|side| match side {
        Side::Seller => t.seller_id,
        Side::Buyer => t.buyer_id,
    });
    let before = TradeState::parse(&d.trade_state_before).unwrap_or(TradeState::Accepted);
    let to = outcome.trade_state(before);
    let mut tx = db.begin().await?;
    let closed = sqlx::query(
        "UPDATE disputes SET state = 'decided', outcome = $1, decision_reason = $2, decided_by = $3, decided_at = $4, loser_id = $5 \
         WHERE id = $6 AND (state = 'answered' OR (state = 'awaiting_answer' AND answer_due_at <= $4))",
    )
    .bind(outcome.key())
    .bind(reason.trim())
    .bind(moderator)
    .bind(now)
    .bind(loser_id)
    .bind(d.id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if closed != 1 {
        return Err(AppError::code(ErrorCode::DisputeStateInvalid));
    }

    let moved = match (before, to) {
        (TradeState::Accepted, TradeState::Completed) => {
            let given_away = t.mode == "give_away";
            // Completed by a decision, credited by the same rule as by two confirmations.
            let (grams, points) = super::trades::credited_impact(&mut tx, t).await?;
            sqlx::query(
                "UPDATE trades SET state = 'completed', updated_at = $1, completed_at = $1, \
                 buyer_confirmed_at = COALESCE(buyer_confirmed_at, $1), seller_confirmed_at = COALESCE(seller_confirmed_at, $1), \
                 co2e_g = $2, points = $3, given_away = $4 WHERE id = $5 AND state = 'disputed'",
            )
            .bind(now)
            .bind(grams)
            .bind(points)
            .bind(i64::from(given_away))
            .bind(t.id)
            .execute(&mut *tx)
            .await?
            .rows_affected()
        }
        (_, TradeState::Cancelled) => sqlx::query(
            "UPDATE trades SET state = 'cancelled', updated_at = $1, cancel_reason = $2 WHERE id = $3 AND state = 'disputed'",
        )
        .bind(now)
        .bind(format!("dispute:{}", outcome.key()))
        .bind(t.id)
        .execute(&mut *tx)
        .await?
        .rows_affected(),
        (_, to) => sqlx::query("UPDATE trades SET state = $1, updated_at = $2 WHERE id = $3 AND state = 'disputed'")
            .bind(to.key())
            .bind(now)
            .bind(t.id)
            .execute(&mut *tx)
            .await?
            .rows_affected(),
    };
    if moved != 1 {
        return Err(AppError::code(ErrorCode::TradeStateInvalid));
    }
    match (before, to) {
        (TradeState::Accepted, TradeState::Cancelled) => {
            listings::apply(&mut tx, now, t.listing_id, ListingAction::Release).await?;
        }
        (TradeState::Completed, TradeState::Cancelled) => {
            listings::apply(&mut tx, now, t.listing_id, ListingAction::Return).await?;
        }
        (TradeState::Accepted, TradeState::Completed) => {
            listings::apply(&mut tx, now, t.listing_id, ListingAction::Sell).await?;
            sqlx::query(
                "UPDATE trades SET state = 'declined', cancel_reason = 'sold', updated_at = $1 \
                 WHERE listing_id = $2 AND state = 'requested'",
            )
            .bind(now)
            .bind(t.listing_id)
            .execute(&mut *tx)
            .await?;
        }
        _ => {}
    }
    super::audit::record_in(
        &mut tx,
        now,
        super::audit::Entry {
            actor_id: Some(moderator),
            action: AuditAction::DecideDispute,
            target_kind: AuditTarget::Dispute,
            target_id: Some(d.id),
            detail: reason.trim(),
            fact: AuditFact::Decided { outcome },
        },
    )
    .await?;
    tx.commit().await?;
    Ok(Decided { loser_id, trade_state: to })
}

#[derive(sqlx::FromRow)]
struct PostRow {
    id: i64,
    kind: String,
    author_id: i64,
    author_name: String,
    body: String,
    created_at: i64,
}

#[derive(sqlx::FromRow)]
struct PhotoRow {
    dispute_post_id: i64,
    key: String,
    width: i64,
    height: i64,
}

/// The thread, oldest first, with each post's photos (two queries).
pub async fn posts(db: &Db, dispute_id: i64) -> AppResult<Vec<DisputePost>> {
    let rows: Vec<PostRow> = sqlx::query_as(
        "SELECT p.id, p.kind, p.author_id, u.display_name AS author_name, p.body, p.created_at \
         FROM dispute_posts p JOIN users u ON u.id = p.author_id WHERE p.dispute_id = $1 ORDER BY p.id LIMIT 500",
    )
    .bind(dispute_id)
    .fetch_all(db.pool())
    .await?;
    let pics: Vec<PhotoRow> = sqlx::query_as(
        "SELECT ph.dispute_post_id, ph.key, ph.width, ph.height FROM photos ph \
         JOIN dispute_posts p ON p.id = ph.dispute_post_id WHERE p.dispute_id = $1 ORDER BY ph.dispute_post_id, ph.position",
    )
    .bind(dispute_id)
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| DisputePost {
            photos: pics
                .iter()
                .filter(|p| p.dispute_post_id == r.id)
                .map(|p| photos::photo(p.key.clone(), p.width, p.height))
                .collect(),
            id: r.id,
            kind: PostKind::parse(&r.kind).unwrap_or(PostKind::Message),
            author_id: r.author_id,
            author_name: r.author_name,
            body: r.body,
            created_at: r.created_at,
        })
        .collect())
}

#[derive(sqlx::FromRow)]
struct QueueRow {
    id: i64,
    trade_id: i64,
    title: String,
    reason: String,
    state: String,
    filer_name: String,
    respondent_name: String,
    filed_at: i64,
    answer_due_at: i64,
    answered_at: Option<i64>,
}

/// Open disputes, oldest first.
pub async fn queue(db: &Db, now: i64, limit: i64) -> AppResult<Vec<DisputeQueueItem>> {
    let rows: Vec<QueueRow> = sqlx::query_as(
        "SELECT d.id, d.trade_id, l.title, d.reason, d.state, f.display_name AS filer_name, \
         r.display_name AS respondent_name, d.filed_at, d.answer_due_at, d.answered_at \
         FROM disputes d JOIN trades t ON t.id = d.trade_id JOIN listings l ON l.id = t.listing_id \
         JOIN users f ON f.id = d.filer_id JOIN users r ON r.id = d.respondent_id \
         WHERE d.state <> 'decided' ORDER BY d.filed_at, d.id LIMIT $1",
    )
    .bind(limit)
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let facts = DisputeFacts {
                stored: DisputeState::parse(&r.state).unwrap_or(DisputeState::Decided),
                answer_due_at: r.answer_due_at,
            };
            let state = facts.state(now);
            DisputeQueueItem {
                id: r.id,
                trade_id: r.trade_id,
                title: r.title,
                reason: DisputeReason::parse(&r.reason).unwrap_or(DisputeReason::Other),
                state,
                filer_name: r.filer_name,
                respondent_name: r.respondent_name,
                filed_at: r.filed_at,
                answer_due_at: r.answer_due_at,
                answered: r.answered_at.is_some(),
                decidable: matches!(state, DisputeState::Answered | DisputeState::Overdue),
            }
        })
        .collect())
}

/// Disputes the user lost (for the credit rating).
pub async fn lost(db: &Db, user_id: i64) -> AppResult<u32> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM disputes WHERE loser_id = $1")
        .bind(user_id)
        .fetch_one(db.pool())
        .await?;
    Ok(n.max(0) as u32)
}

/// Open disputes waiting for this user's answer (for the badge).
pub async fn awaiting_answer_of(db: &Db, user_id: i64, now: i64) -> AppResult<i64> {
    Ok(sqlx::query_scalar(
        "SELECT COUNT(*) FROM disputes WHERE respondent_id = $1 AND state = 'awaiting_answer' AND answer_due_at > $2",
    )
    .bind(user_id)
    .bind(now)
    .fetch_one(db.pool())
    .await?)
}
