//! Trades: requests, the moves of the contract's transition table (each one guarded update),
//! completion with its green impact, messages and read marks, and the sweep that persists
//! time-derived states.

use super::{is_unique_violation, listings, quoted_keys, Db};
use crate::error::{AppError, AppResult};
use linli_contract::impact;
use linli_contract::lifecycle::{self, Machine};
use linli_contract::listing::{Category, ListingAction, ListingFacts, Offer, Review, Status};
use linli_contract::trade::limits::{HANDOVER_GRACE_SECS, HANDOVER_SECS, REQUEST_TTL_SECS};
use linli_contract::trade::{Side, TradeAction, TradeFacts, TradeState};
use linli_contract::ErrorCode;

/// A trade as a party sees it: its own columns, its item and parties, and the viewer's unread
/// count, from one query however many trades are listed.
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
    pub accepted_at: Option<i64>,
    pub completed_at: Option<i64>,
    pub co2e_g: Option<i64>,
    pub buyer_rated: i64,
    pub seller_rated: i64,
    pub listing_status: String,
    pub listing_hidden_at: Option<i64>,
    pub title: String,
    pub cover_key: String,
    pub mode: String,
    pub category: String,
    pub price_fen: Option<i64>,
    pub swap_for: Option<String>,
    pub seller_name: String,
    pub seller_level: String,
    pub buyer_name: String,
    pub buyer_level: String,
    /// Messages from the other party the viewer has not read.
    pub unread: i64,
    /// The trade's latest dispute, its stored state and outcome.
    pub dispute_id: Option<i64>,
    pub dispute_state: Option<String>,
    pub dispute_outcome: Option<String>,
}

impl TradeRow {
    pub fn stored_state(&self) -> TradeState {
        TradeState::parse(&self.state).unwrap_or(TradeState::Cancelled)
    }

    pub fn facts(&self) -> TradeFacts {
        TradeFacts {
            stored: self.stored_state(),
            expires_at: self.expires_at,
            accepted_at: self.accepted_at,
            buyer_confirmed: self.buyer_confirmed_at.is_some(),
            seller_confirmed: self.seller_confirmed_at.is_some(),
            completed_at: self.completed_at,
            buyer_rated: self.buyer_rated != 0,
            seller_rated: self.seller_rated != 0,
            disputed_before: self.dispute_id.is_some(),
            listing: ListingFacts {
                status: Status::parse(&self.listing_status).unwrap_or(Status::Withdrawn),
                hidden: self.listing_hidden_at.is_some(),
                // Trades never depend on a review of the hide.
                review: Review::NotAsked,
            },
        }
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

    pub fn offer(&self) -> Offer {
        listings::offer(&self.mode, self.price_fen, self.swap_for.clone())
    }
}

/// `$1` is the viewer (for the unread count).
const SELECT: &str = "SELECT t.id, t.listing_id, t.seller_id, t.buyer_id, t.state, t.swap_offer, \
    t.buyer_confirmed_at, t.seller_confirmed_at, t.cancel_reason, t.created_at, t.updated_at, t.expires_at, \
    t.accepted_at, t.completed_at, t.co2e_g, \
    CAST(CASE WHEN EXISTS (SELECT 1 FROM ratings r WHERE r.trade_id = t.id AND r.rater_id = t.buyer_id) \
         THEN 1 ELSE 0 END AS BIGINT) AS buyer_rated, \
    CAST(CASE WHEN EXISTS (SELECT 1 FROM ratings r WHERE r.trade_id = t.id AND r.rater_id = t.seller_id) \
         THEN 1 ELSE 0 END AS BIGINT) AS seller_rated, \
    l.status AS listing_status, l.hidden_at AS listing_hidden_at, l.title, l.cover_key, l.mode, l.category, l.price_fen, l.swap_for, \
    s.display_name AS seller_name, s.credit_level AS seller_level, \
    b.display_name AS buyer_name, b.credit_level AS buyer_level, \
    (SELECT COUNT(*) FROM trade_messages m \
       LEFT JOIN trade_reads rd ON rd.trade_id = m.trade_id AND rd.user_id = $1 \
       WHERE m.trade_id = t.id AND m.sender_id <> $1 AND m.id > COALESCE(rd.last_read_id, 0)) AS unread, \
    (SELECT MAX(d.id) FROM disputes d WHERE d.trade_id = t.id) AS dispute_id, \
    (SELECT d.state FROM disputes d WHERE d.trade_id = t.id ORDER BY d.id DESC LIMIT 1) AS dispute_state, \
    (SELECT d.outcome FROM disputes d WHERE d.trade_id = t.id ORDER BY d.id DESC LIMIT 1) AS dispute_outcome \
    FROM trades t JOIN listings l ON l.id = t.listing_id \
    JOIN users s ON s.id = t.seller_id JOIN users b ON b.id = t.buyer_id";

/// The trade, with `viewer`'s unread count. Reading never writes: expiry is derived from `now`.
pub async fn find(db: &Db, id: i64, viewer: i64) -> AppResult<Option<TradeRow>> {
    Ok(sqlx::query_as(&format!("{SELECT} WHERE t.id = $2")).bind(viewer).bind(id).fetch_optional(db.pool()).await?)
}

/// The trade, if `user` is one of its parties (404 for anyone else: no hint it exists).
pub async fn find_for(db: &Db, id: i64, user_id: i64) -> AppResult<TradeRow> {
    find(db, id, user_id).await?.filter(|t| t.side_of(user_id).is_some()).ok_or(AppError::code(ErrorCode::NotFound))
}

/// Trades the user is a party of, most recently active first.
pub async fn of_user(db: &Db, user_id: i64, limit: i64) -> AppResult<Vec<TradeRow>> {
    Ok(sqlx::query_as(&format!(
        "{SELECT} WHERE t.id IN (SELECT id FROM trades WHERE seller_id = $1 UNION ALL \
         SELECT id FROM trades WHERE buyer_id = $1) ORDER BY t.updated_at DESC, t.id DESC LIMIT $2"
    ))
    .bind(user_id)
    .bind(limit)
    .fetch_all(db.pool())
    .await?)
}

/// Requests and trades for one listing (its owner's view), newest first.
pub async fn of_listing(db: &Db, listing_id: i64, owner: i64, limit: i64) -> AppResult<Vec<TradeRow>> {
    Ok(sqlx::query_as(&format!("{SELECT} WHERE t.listing_id = $2 ORDER BY t.id DESC LIMIT $3"))
        .bind(owner)
        .bind(listing_id)
        .bind(limit)
        .fetch_all(db.pool())
        .await?)
}

/// Opens a request for a listing. The caller checked the listing takes requests.
pub async fn request(
    db: &Db,
    now: i64,
    listing_id: i64,
    seller_id: i64,
    buyer_id: i64,
    swap_offer: &str,
    message: &str,
) -> AppResult<i64> {
    let mut tx = db.begin().await?;
    // The buyer's own earlier request that expired no longer stands in the way.
    sqlx::query(
        "UPDATE trades SET state = 'expired', updated_at = $1 \
         WHERE listing_id = $2 AND buyer_id = $3 AND state = 'requested' AND expires_at <= $1",
    )
    .bind(now)
    .bind(listing_id)
    .bind(buyer_id)
    .execute(&mut *tx)
    .await?;
    // One open trade per buyer and listing: a request while the buyer's own accepted (or
    // disputed) trade holds the item would only queue them behind themselves.
    let inserted = sqlx::query_scalar::<_, i64>(
        "INSERT INTO trades (listing_id, seller_id, buyer_id, swap_offer, created_at, updated_at, expires_at) \
         SELECT $1, $2, $3, $4, $5, $5, $6 WHERE NOT EXISTS (SELECT 1 FROM trades h \
         WHERE h.listing_id = $1 AND h.buyer_id = $3 AND h.state IN ('accepted', 'disputed')) RETURNING id",
    )
    .bind(listing_id)
    .bind(seller_id)
    .bind(buyer_id)
    .bind(swap_offer.trim())
    .bind(now)
    .bind(now + REQUEST_TTL_SECS)
    .fetch_optional(&mut *tx)
    .await;
    let id = match inserted {
        Ok(Some(id)) => id,
        Ok(None) => return Err(AppError::code(ErrorCode::AlreadyRequested)),
        Err(e) if is_unique_violation(&e, "trades") => return Err(AppError::code(ErrorCode::AlreadyRequested)),
        Err(e) => return Err(e.into()),
    };
    if !message.trim().is_empty() {
        insert_message(&mut tx, id, buyer_id, message, now).await?;
    }
    tx.commit().await?;
    Ok(id)
}

/// What a move did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Moved {
    /// The hand-over is complete: both traders' history changed.
    pub completed: bool,
}

/// `user` takes one of the table's state-changing actions (accept, decline, cancel, confirm).
/// The contract decides; the database applies it as one guarded update on the states the
/// table allows the action from, so a concurrent conflicting move makes it fail cleanly.
pub async fn act(
    db: &Db,
    now: i64,
    id: i64,
    user_id: i64,
    action: TradeAction,
    reason: Option<&str>,
) -> AppResult<Moved> {
    let t = find_for(db, id, user_id).await?;
    let side = t.side_of(user_id).ok_or(AppError::code(ErrorCode::NotFound))?;
    let facts = t.facts();
    let mv = lifecycle::decide(&facts, &[side], action, now).map_err(AppError::code)?;

    // The state must still be the one decided on: allowed by the table, and not lapsed since.
    let from = quoted_keys(lifecycle::from_states::<TradeFacts>(action).iter().map(|s| s.key()));
    let mut guard = format!(" AND state IN ({from})");
    guard.push_str(&format!(
        " AND NOT (state = 'requested' AND expires_at <= {now}) \
         AND NOT (state = 'accepted' AND accepted_at + {lapse} <= {now})",
        lapse = HANDOVER_SECS + HANDOVER_GRACE_SECS
    ));
    // …and the facts its guard read still hold (another party's confirmation in between
    // changes whether a cancel is allowed).
    if action == TradeAction::Cancel {
        for (column, set) in
            [("buyer_confirmed_at", facts.buyer_confirmed), ("seller_confirmed_at", facts.seller_confirmed)]
        {
            guard.push_str(&format!(" AND {column} IS {}NULL", if set { "NOT " } else { "" }));
        }
    }

    let mut tx = db.begin().await?;
    let sets = match (action, side) {
        (TradeAction::Accept, _) => ", accepted_at = $2",
        (TradeAction::Cancel, _) => ", cancel_reason = $4, cancelled_by = $5",
        (TradeAction::Confirm, Side::Buyer) => ", buyer_confirmed_at = $2",
        (TradeAction::Confirm, Side::Seller) => ", seller_confirmed_at = $2",
        _ => "",
    };
    let confirm_guard = match (action, side) {
        (TradeAction::Confirm, Side::Buyer) => " AND buyer_confirmed_at IS NULL",
        (TradeAction::Confirm, Side::Seller) => " AND seller_confirmed_at IS NULL",
        _ => "",
    };
    // Writing first takes SQLite's write lock at once (concurrent moves queue instead of
    // failing on a lock upgrade).
    let sql = format!("UPDATE trades SET state = $1, updated_at = $2{sets} WHERE id = $3{guard}{confirm_guard}");
    let mut query = sqlx::query(&sql).bind(mv.to.key()).bind(now).bind(id);
    if action == TradeAction::Cancel {
        query = query.bind(reason.unwrap_or("").trim()).bind(user_id);
    }
    let updated = query.execute(&mut *tx).await;
    match updated {
        Ok(r) if r.rows_affected() == 1 => {}
        Ok(_) => return Err(AppError::code(TradeFacts::conflict(action))),
        // Another trade holds the listing (the partial unique index).
        Err(e) if is_unique_violation(&e, "trades") => return Err(AppError::code(ErrorCode::AlreadyReserved)),
        Err(e) => return Err(e.into()),
    }

    let mut completed = false;
    match (mv.from, mv.to) {
        (TradeState::Requested, TradeState::Accepted) => {
            listings::apply(&mut tx, now, t.listing_id, ListingAction::Reserve).await?;
        }
        (TradeState::Accepted, TradeState::Cancelled) => {
            listings::apply(&mut tx, now, t.listing_id, ListingAction::Release).await?;
        }
        (TradeState::Accepted, TradeState::Accepted) if action == TradeAction::Confirm => {
            completed = complete(&mut tx, now, &t).await?;
        }
        _ => {}
    }
    tx.commit().await?;
    Ok(Moved { completed })
}

/// Completes the trade when both parties have confirmed (whichever confirmation came second):
/// the listing is sold (or given), other requests for it are declined, and the green impact
/// is credited. Returns whether it completed.
async fn complete(tx: &mut sqlx::AnyConnection, now: i64, t: &TradeRow) -> AppResult<bool> {
    let given_away = t.mode == "give_away";
    let (grams, points) = credited_impact(tx, t).await?;
    let completed = sqlx::query(
        "UPDATE trades SET state = 'completed', completed_at = $1, co2e_g = $2, points = $3, given_away = $4 \
         WHERE id = $5 AND state = 'accepted' AND buyer_confirmed_at IS NOT NULL AND seller_confirmed_at IS NOT NULL",
    )
    .bind(now)
    .bind(grams)
    .bind(points)
    .bind(i64::from(given_away))
    .bind(t.id)
    .execute(&mut *tx)
    .await?
    .rows_affected()
        == 1;
    if completed {
        listings::apply(tx, now, t.listing_id, ListingAction::Sell).await?;
        sqlx::query(
            "UPDATE trades SET state = 'declined', cancel_reason = 'sold', updated_at = $1 \
             WHERE listing_id = $2 AND state = 'requested'",
        )
        .bind(now)
        .bind(t.listing_id)
        .execute(&mut *tx)
        .await?;
    }
    Ok(completed)
}

/// Persists the states that time has already decided ([`Machine::state`]): unanswered requests
/// expire, accepted trades nobody finished lapse and free their listing. Run by the background
/// sweep only; each due trade is moved by one guarded update, so concurrent sweeps (several
/// servers) move it once.
pub async fn sweep(db: &Db, now: i64) -> AppResult<u64> {
    let expired = sqlx::query(
        "UPDATE trades SET state = 'expired', updated_at = $1 WHERE state = 'requested' AND expires_at <= $1",
    )
    .bind(now)
    .execute(db.pool())
    .await?
    .rows_affected();
    let lapsed: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT id, listing_id FROM trades WHERE state = 'accepted' AND accepted_at + $1 <= $2 ORDER BY id LIMIT 500",
    )
    .bind(HANDOVER_SECS + HANDOVER_GRACE_SECS)
    .bind(now)
    .fetch_all(db.pool())
    .await?;
    let mut moved = expired;
    for (id, listing_id) in lapsed {
        let mut tx = db.begin().await?;
        let done = sqlx::query(
            "UPDATE trades SET state = 'expired', cancel_reason = 'handover_lapsed', updated_at = $1 \
             WHERE id = $2 AND state = 'accepted' AND accepted_at + $3 <= $1",
        )
        .bind(now)
        .bind(id)
        .bind(HANDOVER_SECS + HANDOVER_GRACE_SECS)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if done == 1 {
            listings::apply(&mut tx, now, listing_id, ListingAction::Release).await?;
            moved += 1;
        }
        tx.commit().await?;
    }
    Ok(moved)
}

// --- messages ---

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

/// Messages from the other parties the user has not read, over all their trades.
pub async fn unread_total(db: &Db, user_id: i64) -> AppResult<i64> {
    Ok(sqlx::query_scalar(
        "SELECT COUNT(*) FROM trade_messages m JOIN trades t ON t.id = m.trade_id \
         LEFT JOIN trade_reads r ON r.trade_id = m.trade_id AND r.user_id = $1 \
         WHERE (t.seller_id = $1 OR t.buyer_id = $1) AND m.sender_id <> $1 AND m.id > COALESCE(r.last_read_id, 0)",
    )
    .bind(user_id)
    .fetch_one(db.pool())
    .await?)
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct MessageRow {
    pub id: i64,
    pub sender_id: i64,
    pub body: String,
    pub created_at: i64,
}

/// Messages of a trade after `after` (oldest first).
pub async fn messages(db: &Db, trade_id: i64, after: i64) -> AppResult<Vec<MessageRow>> {
    Ok(sqlx::query_as(
        "SELECT id, sender_id, body, created_at FROM trade_messages WHERE trade_id = $1 AND id > $2 ORDER BY id LIMIT 500",
    )
    .bind(trade_id)
    .bind(after)
    .fetch_all(db.pool())
    .await?)
}

/// Marks the thread read up to `last_id` (a POST: reading a thread never writes).
pub async fn mark_read(db: &Db, trade_id: i64, reader: i64, last_id: i64) -> AppResult<()> {
    sqlx::query(
        "INSERT INTO trade_reads (trade_id, user_id, last_read_id) VALUES ($1, $2, $3) \
         ON CONFLICT (trade_id, user_id) DO UPDATE SET last_read_id = $3 WHERE trade_reads.last_read_id < $3",
    )
    .bind(trade_id)
    .bind(reader)
    .bind(last_id)
    .execute(db.pool())
    .await?;
    Ok(())
}

pub async fn send_message(db: &Db, now: i64, trade_id: i64, sender_id: i64, body: &str) -> AppResult<MessageRow> {
    let mut conn = db.pool().acquire().await?;
    let id = insert_message(&mut conn, trade_id, sender_id, body, now).await?;
    Ok(MessageRow { id, sender_id, body: body.trim().to_string(), created_at: now })
}

/// The green impact a completing trade credits: the contract's rule (once per listing, a limit
/// per pair) over the trades credited before. Every way a trade completes goes through here.
pub(crate) async fn credited_impact(tx: &mut sqlx::AnyConnection, t: &TradeRow) -> AppResult<(i64, i64)> {
    let category = Category::parse(&t.category).unwrap_or(Category::Other);
    let given_away = t.mode == "give_away";
    let (of_listing, of_pair): (i64, i64) = sqlx::query_as(
        "SELECT CAST(COALESCE(SUM(CASE WHEN listing_id = $1 THEN 1 ELSE 0 END), 0) AS BIGINT), \
         CAST(COALESCE(SUM(CASE WHEN (seller_id = $2 AND buyer_id = $3) OR (seller_id = $3 AND buyer_id = $2) \
         THEN 1 ELSE 0 END), 0) AS BIGINT) \
         FROM trades WHERE state = 'completed' AND points > 0 AND id <> $4 \
         AND (listing_id = $1 OR seller_id IN ($2, $3) OR buyer_id IN ($2, $3))",
    )
    .bind(t.listing_id)
    .bind(t.seller_id)
    .bind(t.buyer_id)
    .bind(t.id)
    .fetch_one(&mut *tx)
    .await?;
    Ok(impact::credit(category, given_away, impact::Earlier { of_listing, of_pair }))
}
