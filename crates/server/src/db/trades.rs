//! Trades: requests, acceptance (one holder per listing, enforced by a unique index), hand-over,
//! completion with its green impact, messages and read marks.

use super::{is_unique_violation, now, Db};
use crate::error::{AppError, AppResult};
use linli_contract::impact;
use linli_contract::listing::Category;
use linli_contract::trade::limits::REQUEST_TTL_SECS;
use linli_contract::trade::{Side, TradeState};
use linli_contract::ErrorCode;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TradeRow {
    pub id: i64,
    pub listing_id: i64,
    pub seller_id: i64,
    pub buyer_id: i64,
    pub state: String,
    pub swap_offer: String,
    pub buyer_confirmed_at: Option<i64>,
    pub seller_confirmed_at: Option<i64>,
    pub cancel_reason: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
    pub expires_at: i64,
    pub completed_at: Option<i64>,
    pub co2e_g: Option<i64>,
}

impl TradeRow {
    pub fn state(&self) -> TradeState {
        TradeState::parse(&self.state).unwrap_or(TradeState::Cancelled)
    }

    /// The viewer's side, or `None` for anyone who is not a party.
    pub fn side_of(&self, user_id: i64) -> Option<Side> {
        if user_id == self.seller_id {
            Some(Side::Seller)
        } else if user_id == self.buyer_id {
            Some(Side::Buyer)
        } else {
            None
        }
    }

    pub fn counterpart_of(&self, user_id: i64) -> i64 {
        if user_id == self.seller_id {
            self.buyer_id
        } else {
            self.seller_id
        }
    }
}

const COLUMNS: &str =
    "id, listing_id, seller_id, buyer_id, state, swap_offer, buyer_confirmed_at, seller_confirmed_at, \
    cancel_reason, created_at, updated_at, expires_at, completed_at, co2e_g";

/// Requests nobody answered in time expire. Cheap (an index range), so every trade action runs it
/// first instead of relying on a timer.
pub async fn expire_due(db: &Db) -> AppResult<()> {
    let now = now();
    sqlx::query("UPDATE trades SET state = 'expired', updated_at = $1 WHERE state = 'requested' AND expires_at <= $1")
        .bind(now)
        .execute(db.pool())
        .await?;
    Ok(())
}

pub async fn find(db: &Db, id: i64) -> AppResult<Option<TradeRow>> {
    expire_due(db).await?;
    Ok(sqlx::query_as(&format!("SELECT {COLUMNS} FROM trades WHERE id = $1"))
        .bind(id)
        .fetch_optional(db.pool())
        .await?)
}

/// The trade, if `user` is one of its parties (404 for anyone else: no hint it exists).
pub async fn find_for(db: &Db, id: i64, user_id: i64) -> AppResult<TradeRow> {
    find(db, id).await?.filter(|t| t.side_of(user_id).is_some()).ok_or(AppError::code(ErrorCode::NotFound))
}

/// Opens a request for a listing. The caller checked the listing is active and not theirs.
pub async fn request(
    db: &Db,
    listing_id: i64,
    seller_id: i64,
    buyer_id: i64,
    swap_offer: &str,
    message: &str,
) -> AppResult<i64> {
    expire_due(db).await?;
    let now = now();
    let mut tx = db.pool().begin().await?;
    let inserted = sqlx::query_scalar::<_, i64>(
        "INSERT INTO trades (listing_id, seller_id, buyer_id, swap_offer, created_at, updated_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $5, $6) RETURNING id",
    )
    .bind(listing_id)
    .bind(seller_id)
    .bind(buyer_id)
    .bind(swap_offer.trim())
    .bind(now)
    .bind(now + REQUEST_TTL_SECS)
    .fetch_one(&mut *tx)
    .await;
    let id = match inserted {
        Ok(id) => id,
        Err(e) if is_unique_violation(&e, "trades") => return Err(AppError::code(ErrorCode::AlreadyRequested)),
        Err(e) => return Err(e.into()),
    };
    if !message.trim().is_empty() {
        insert_message(&mut tx, id, buyer_id, message, now).await?;
    }
    tx.commit().await?;
    Ok(id)
}

async fn insert_message(
    conn: &mut sqlx::AnyConnection,
    trade_id: i64,
    sender_id: i64,
    body: &str,
    at: i64,
) -> AppResult<i64> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO trade_messages (trade_id, sender_id, body, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(trade_id)
    .bind(sender_id)
    .bind(body.trim())
    .bind(at)
    .fetch_one(&mut *conn)
    .await?;
    // The sender has read their own message.
    sqlx::query(
        "INSERT INTO trade_reads (trade_id, user_id, last_read_id) VALUES ($1, $2, $3) \
         ON CONFLICT (trade_id, user_id) DO UPDATE SET last_read_id = $3",
    )
    .bind(trade_id)
    .bind(sender_id)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    sqlx::query("UPDATE trades SET updated_at = $1 WHERE id = $2").bind(at).bind(trade_id).execute(&mut *conn).await?;
    Ok(id)
}

/// The owner accepts: the trade holds the listing, which shows as reserved. Of any number of
/// simultaneous acceptances for one listing the unique index lets exactly one through; the
/// others fail inside the database, not in a check-then-write here.
pub async fn accept(db: &Db, id: i64) -> AppResult<()> {
    expire_due(db).await?;
    let now = now();
    let mut tx = db.pool().begin().await?;
    // Writing first takes SQLite's write lock at once (concurrent acceptances queue instead of
    // failing on a lock upgrade).
    let updated = sqlx::query(
        "UPDATE trades SET state = 'accepted', accepted_at = $1, updated_at = $1 WHERE id = $2 AND state = 'requested'",
    )
    .bind(now)
    .bind(id)
    .execute(&mut *tx)
    .await;
    match updated {
        Ok(r) if r.rows_affected() == 1 => {}
        Ok(_) => return Err(AppError::code(ErrorCode::TradeStateInvalid)),
        Err(e) if is_unique_violation(&e, "trades") => return Err(AppError::code(ErrorCode::AlreadyReserved)),
        Err(e) => return Err(e.into()),
    }
    let reserved = sqlx::query(
        "UPDATE listings SET status = 'reserved', updated_at = $1 \
         WHERE id = (SELECT listing_id FROM trades WHERE id = $2) AND status = 'active'",
    )
    .bind(now)
    .bind(id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if reserved != 1 {
        return Err(AppError::code(ErrorCode::ListingNotAvailable));
    }
    tx.commit().await?;
    Ok(())
}

/// The owner says no to a request.
pub async fn decline(db: &Db, id: i64) -> AppResult<()> {
    let changed =
        sqlx::query("UPDATE trades SET state = 'declined', updated_at = $1 WHERE id = $2 AND state = 'requested'")
            .bind(now())
            .bind(id)
            .execute(db.pool())
            .await?
            .rows_affected();
    if changed == 1 {
        Ok(())
    } else {
        Err(AppError::code(ErrorCode::TradeStateInvalid))
    }
}

/// Either party cancels before the hand-over; an accepted trade frees its listing again.
pub async fn cancel(db: &Db, id: i64, by: i64, reason: &str) -> AppResult<()> {
    let now = now();
    let mut tx = db.pool().begin().await?;
    let was_accepted: Option<String> = sqlx::query_scalar(
        "UPDATE trades SET state = 'cancelled', cancel_reason = $1, cancelled_by = $2, updated_at = $3 \
         WHERE id = $4 AND (state = 'requested' OR (state = 'accepted' AND buyer_confirmed_at IS NULL \
         AND seller_confirmed_at IS NULL)) RETURNING CASE WHEN accepted_at IS NULL THEN 'no' ELSE 'yes' END",
    )
    .bind(reason.trim())
    .bind(by)
    .bind(now)
    .bind(id)
    .fetch_optional(&mut *tx)
    .await?;
    match was_accepted.as_deref() {
        None => return Err(AppError::code(ErrorCode::TradeStateInvalid)),
        Some("yes") => {
            sqlx::query(
                "UPDATE listings SET status = 'active', updated_at = $1 \
                 WHERE id = (SELECT listing_id FROM trades WHERE id = $2) AND status = 'reserved'",
            )
            .bind(now)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        }
        Some(_) => {}
    }
    tx.commit().await?;
    Ok(())
}

/// A party confirms the hand-over; when both have, the trade completes: the listing is sold
/// (or given), other requests for it are declined, and the green impact is credited.
/// Returns whether this confirmation completed the trade.
pub async fn confirm(db: &Db, id: i64, side: Side) -> AppResult<bool> {
    let now = now();
    let column = match side {
        Side::Buyer => "buyer_confirmed_at",
        Side::Seller => "seller_confirmed_at",
    };
    let mut tx = db.pool().begin().await?;
    let changed = sqlx::query(&format!(
        "UPDATE trades SET {column} = $1, updated_at = $1 WHERE id = $2 AND state = 'accepted' AND {column} IS NULL"
    ))
    .bind(now)
    .bind(id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if changed != 1 {
        return Err(AppError::code(ErrorCode::TradeStateInvalid));
    }
    let item: (i64, String, String) = sqlx::query_as(
        "SELECT l.id, l.category, l.mode FROM trades t JOIN listings l ON l.id = t.listing_id WHERE t.id = $1",
    )
    .bind(id)
    .fetch_one(&mut *tx)
    .await?;
    let (listing_id, category, mode) = item;
    let category = Category::parse(&category).unwrap_or(Category::Other);
    let given_away = mode == "give_away";
    let completed = sqlx::query(
        "UPDATE trades SET state = 'completed', completed_at = $1, co2e_g = $2, points = $3, given_away = $4 \
         WHERE id = $5 AND state = 'accepted' AND buyer_confirmed_at IS NOT NULL AND seller_confirmed_at IS NOT NULL",
    )
    .bind(now)
    .bind(impact::avoided_grams(category))
    .bind(impact::points(category, given_away))
    .bind(i64::from(given_away))
    .bind(id)
    .execute(&mut *tx)
    .await?
    .rows_affected()
        == 1;
    if completed {
        sqlx::query("UPDATE listings SET status = 'sold', updated_at = $1 WHERE id = $2")
            .bind(now)
            .bind(listing_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "UPDATE trades SET state = 'declined', cancel_reason = 'sold', updated_at = $1 \
             WHERE listing_id = $2 AND state = 'requested'",
        )
        .bind(now)
        .bind(listing_id)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(completed)
}

// --- lists and counts ---

/// Trades the user is a party of, most recently active first.
pub async fn of_user(db: &Db, user_id: i64) -> AppResult<Vec<TradeRow>> {
    expire_due(db).await?;
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM trades WHERE seller_id = $1 OR buyer_id = $1 ORDER BY updated_at DESC, id DESC LIMIT 200"
    ))
    .bind(user_id)
    .fetch_all(db.pool())
    .await?)
}

/// Requests and trades for one listing (its owner's view).
pub async fn of_listing(db: &Db, listing_id: i64) -> AppResult<Vec<TradeRow>> {
    expire_due(db).await?;
    Ok(sqlx::query_as(&format!("SELECT {COLUMNS} FROM trades WHERE listing_id = $1 ORDER BY id DESC"))
        .bind(listing_id)
        .fetch_all(db.pool())
        .await?)
}

/// Messages from the other party the user has not read, for one trade or (None) all of them.
pub async fn unread(db: &Db, user_id: i64, trade_id: Option<i64>) -> AppResult<i64> {
    let mut sql = String::from(
        "SELECT COUNT(*) FROM trade_messages m JOIN trades t ON t.id = m.trade_id \
         LEFT JOIN trade_reads r ON r.trade_id = m.trade_id AND r.user_id = $1 \
         WHERE (t.seller_id = $1 OR t.buyer_id = $1) AND m.sender_id <> $1 AND m.id > COALESCE(r.last_read_id, 0)",
    );
    if trade_id.is_some() {
        sql.push_str(" AND m.trade_id = $2");
    }
    let mut q = sqlx::query_scalar(&sql).bind(user_id);
    if let Some(t) = trade_id {
        q = q.bind(t);
    }
    Ok(q.fetch_one(db.pool()).await?)
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct MessageRow {
    pub id: i64,
    pub sender_id: i64,
    pub body: String,
    pub created_at: i64,
}

/// Messages of a trade after `after` (oldest first); reading them marks them read.
pub async fn messages(db: &Db, trade_id: i64, reader: i64, after: i64) -> AppResult<Vec<MessageRow>> {
    let rows: Vec<MessageRow> = sqlx::query_as(
        "SELECT id, sender_id, body, created_at FROM trade_messages WHERE trade_id = $1 AND id > $2 ORDER BY id LIMIT 500",
    )
    .bind(trade_id)
    .bind(after)
    .fetch_all(db.pool())
    .await?;
    if let Some(last) = rows.last() {
        sqlx::query(
            "INSERT INTO trade_reads (trade_id, user_id, last_read_id) VALUES ($1, $2, $3) \
             ON CONFLICT (trade_id, user_id) DO UPDATE SET last_read_id = $3 WHERE trade_reads.last_read_id < $3",
        )
        .bind(trade_id)
        .bind(reader)
        .bind(last.id)
        .execute(db.pool())
        .await?;
    }
    Ok(rows)
}

pub async fn send_message(db: &Db, trade_id: i64, sender_id: i64, body: &str) -> AppResult<MessageRow> {
    let now = now();
    let mut conn = db.pool().acquire().await?;
    let id = insert_message(&mut conn, trade_id, sender_id, body, now).await?;
    Ok(MessageRow { id, sender_id, body: body.trim().to_string(), created_at: now })
}
