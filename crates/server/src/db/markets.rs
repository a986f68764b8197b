//! Markets, their dates, bookings and check-ins.
//!
//! Capacity and waitlist order are the database's: every booking move first takes the date's
//! row (`UPDATE market_dates SET lock_version = lock_version + 1 …`: PostgreSQL's row lock,
//! SQLite's write lock), so moves on one date run one after another on every server; the stall
//! itself is taken by a guarded `UPDATE … SET booked = booked + 1 WHERE booked < stalls`, and
//! the `CHECK (booked <= stalls)` of the table refuses anything else. A freed stall goes to
//! the first on the waitlist in the same transaction.

use super::{is_unique_violation, quoted_keys, Db};
use crate::error::{AppError, AppResult};
use linli_contract::lifecycle::{self, Machine};
use linli_contract::market::{BookingAction, BookingFacts, BookingState, MarketInput, OccurrenceStatus, Schedule};
use linli_contract::ErrorCode;
use sqlx::AnyConnection;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct MarketRow {
    pub id: i64,
    pub organiser_id: i64,
    pub organiser_name: String,
    pub name: String,
    pub description: String,
    pub venue_name: String,
    pub venue_address: String,
    pub lat: f64,
    pub lng: f64,
    pub time_zone: String,
    pub first_date: String,
    pub last_date: String,
    pub stalls: i64,
    pub categories: String,
    pub rules: String,
    pub contact: String,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ScheduleRow {
    pub from_date: String,
    pub recurrence: String,
    pub rrule: String,
    pub start_time: String,
    pub end_time: String,
}

/// A date of a market, with what lists show of its market.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct DateRow {
    pub market_id: i64,
    pub market_name: String,
    pub venue_name: String,
    pub lat: f64,
    pub lng: f64,
    pub time_zone: String,
    pub date: String,
    pub day: String,
    pub start_time: String,
    pub end_time: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub status: String,
    pub reason: Option<String>,
    pub stalls: i64,
    pub booked: i64,
    pub waitlisted: i64,
    /// Changes so far (the calendar's SEQUENCE).
    pub revision: i64,
}

impl DateRow {
    pub fn status(&self) -> OccurrenceStatus {
        OccurrenceStatus::parse(&self.status).unwrap_or(OccurrenceStatus::Cancelled)
    }
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct BookingRow {
    pub id: i64,
    pub market_id: i64,
    pub market_name: String,
    pub organiser_id: i64,
    pub time_zone: String,
    pub venue_name: String,
    pub venue_address: String,
    pub lat: f64,
    pub lng: f64,
    pub date: String,
    pub day: String,
    pub start_time: String,
    pub end_time: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub date_status: String,
    pub date_reason: Option<String>,
    pub state: String,
    pub position: i64,
    pub brings: String,
    pub user_id: i64,
    pub resident_name: String,
    pub checkin_code: String,
    pub reason: Option<String>,
    pub seen: i64,
    pub updated_at: i64,
    /// 1 for the first on the waitlist (0 when not waitlisted).
    pub wait_rank: i64,
}

impl BookingRow {
    pub fn stored(&self) -> BookingState {
        BookingState::parse(&self.state).unwrap_or(BookingState::Cancelled)
    }

    pub fn facts(&self) -> BookingFacts {
        BookingFacts {
            stored: self.stored(),
            starts_at: self.starts_at,
            ends_at: self.ends_at,
            date_cancelled: self.date_status == OccurrenceStatus::Cancelled.key(),
        }
    }
}

const MARKET_SELECT: &str = "SELECT m.id, m.organiser_id, u.display_name AS organiser_name, m.name, m.description, \
     m.venue_name, m.venue_address, m.lat, m.lng, m.time_zone, m.first_date, m.last_date, m.stalls, m.categories, \
     m.rules, m.contact FROM markets m JOIN users u ON u.id = m.organiser_id";

const DATE_SELECT: &str = "SELECT d.market_id, m.name AS market_name, m.venue_name, m.lat, m.lng, m.time_zone, \
     d.date, d.day, d.start_time, d.end_time, d.starts_at, d.ends_at, d.status, d.reason, d.stalls, d.booked, \
     d.waitlisted, d.revision FROM market_dates d JOIN markets m ON m.id = d.market_id";

const BOOKING_SELECT: &str = "SELECT b.id, b.market_id, m.name AS market_name, m.organiser_id, m.time_zone, \
     m.venue_name, m.venue_address, m.lat, m.lng, b.date, d.day, d.start_time, d.end_time, d.starts_at, d.ends_at, \
     d.status AS date_status, d.reason AS date_reason, b.state, b.position, b.brings, b.user_id, \
     u.display_name AS resident_name, b.checkin_code, b.reason, b.seen, b.updated_at, \
     CASE WHEN b.state = 'waitlisted' THEN (SELECT COUNT(*) FROM market_bookings w WHERE w.market_id = b.market_id \
       AND w.date = b.date AND w.state = 'waitlisted' AND w.position <= b.position) ELSE 0 END AS wait_rank \
     FROM market_bookings b JOIN market_dates d ON d.market_id = b.market_id AND d.date = b.date \
     JOIN markets m ON m.id = b.market_id JOIN users u ON u.id = b.user_id";

/// A date to write: its identity, and when it takes place (Unix seconds).
pub struct NewDate {
    pub date: String,
    pub starts_at: i64,
    pub ends_at: i64,
}

fn categories(input: &MarketInput) -> String {
    input.categories.iter().map(|c| c.key()).collect::<Vec<_>>().join(",")
}

fn recurrence_json(s: &Schedule) -> String {
    serde_json::to_string(&s.recurrence).unwrap_or_default()
}

pub async fn create(
    db: &Db,
    now: i64,
    organiser: i64,
    input: &MarketInput,
    rrule: &str,
    dates: &[NewDate],
) -> AppResult<i64> {
    let s = &input.schedule;
    let mut tx = db.begin().await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO markets (organiser_id, name, description, venue_name, venue_address, lat, lng, time_zone, \
         first_date, last_date, stalls, categories, rules, contact, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15) RETURNING id",
    )
    .bind(organiser)
    .bind(input.name.trim())
    .bind(input.description.trim())
    .bind(input.venue_name.trim())
    .bind(input.venue_address.trim())
    .bind(input.lat)
    .bind(input.lng)
    .bind(s.time_zone())
    .bind(&s.first_date)
    .bind(dates.last().map(|d| d.date.clone()).unwrap_or_default())
    .bind(i64::from(input.stalls))
    .bind(categories(input))
    .bind(input.rules.trim())
    .bind(input.contact.trim())
    .bind(now)
    .fetch_one(&mut *tx)
    .await?;
    insert_schedule(&mut tx, id, &s.first_date, s, rrule).await?;
    insert_dates(&mut tx, id, s, i64::from(input.stalls), dates).await?;
    tx.commit().await?;
    Ok(id)
}

async fn insert_schedule(tx: &mut AnyConnection, id: i64, from: &str, s: &Schedule, rrule: &str) -> AppResult<()> {
    sqlx::query(
        "INSERT INTO market_schedules (market_id, from_date, recurrence, rrule, start_time, end_time) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(id)
    .bind(from)
    .bind(recurrence_json(s))
    .bind(rrule)
    .bind(&s.start_time)
    .bind(&s.end_time)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

async fn insert_dates(tx: &mut AnyConnection, id: i64, s: &Schedule, stalls: i64, dates: &[NewDate]) -> AppResult<()> {
    for d in dates {
        sqlx::query(
            "INSERT INTO market_dates (market_id, date, day, start_time, end_time, starts_at, ends_at, stalls) \
             VALUES ($1, $2, $2, $3, $4, $5, $6, $7) ON CONFLICT (market_id, date) DO UPDATE SET \
             start_time = excluded.start_time, end_time = excluded.end_time, starts_at = excluded.starts_at, \
             ends_at = excluded.ends_at, stalls = excluded.stalls, revision = market_dates.revision + \
             CASE WHEN market_dates.starts_at <> excluded.starts_at OR market_dates.ends_at <> excluded.ends_at \
             THEN 1 ELSE 0 END \
             WHERE market_dates.status = 'scheduled' AND market_dates.booked <= excluded.stalls",
        )
        .bind(id)
        .bind(&d.date)
        .bind(&s.start_time)
        .bind(&s.end_time)
        .bind(d.starts_at)
        .bind(d.ends_at)
        .bind(stalls)
        .execute(&mut *tx)
        .await?;
    }
    Ok(())
}

/// Edits a market; its schedule changes from `from` on (dates before keep theirs). Dates from
/// `from` on that the new schedule no longer has are deleted when nobody booked them, and
/// cancelled (with their bookings) otherwise.
#[allow(clippy::too_many_arguments)]
pub async fn update(
    db: &Db,
    now: i64,
    id: i64,
    input: &MarketInput,
    from: &str,
    rrule: &str,
    dates: &[NewDate],
    reason: &str,
) -> AppResult<()> {
    let s = &input.schedule;
    let mut tx = db.begin().await?;
    sqlx::query(
        "UPDATE markets SET name = $2, description = $3, venue_name = $4, venue_address = $5, lat = $6, lng = $7, \
         time_zone = $8, last_date = $9, stalls = $10, categories = $11, rules = $12, contact = $13, updated_at = $14, \
         first_date = CASE WHEN first_date < $15 THEN first_date ELSE $15 END WHERE id = $1",
    )
    .bind(id)
    .bind(input.name.trim())
    .bind(input.description.trim())
    .bind(input.venue_name.trim())
    .bind(input.venue_address.trim())
    .bind(input.lat)
    .bind(input.lng)
    .bind(s.time_zone())
    .bind(dates.last().map(|d| d.date.clone()).unwrap_or_default())
    .bind(i64::from(input.stalls))
    .bind(categories(input))
    .bind(input.rules.trim())
    .bind(input.contact.trim())
    .bind(now)
    .bind(dates.first().map(|d| d.date.clone()).unwrap_or_default())
    .execute(&mut *tx)
    .await?;
    sqlx::query("DELETE FROM market_schedules WHERE market_id = $1 AND from_date >= $2")
        .bind(id)
        .bind(from)
        .execute(&mut *tx)
        .await?;
    insert_schedule(&mut tx, id, from, s, rrule).await?;
    // Dates the new schedule drops.
    let old: Vec<String> = sqlx::query_scalar(
        "SELECT date FROM market_dates WHERE market_id = $1 AND date >= $2 AND status <> 'cancelled'",
    )
    .bind(id)
    .bind(from)
    .fetch_all(&mut *tx)
    .await?;
    for date in old.iter().filter(|o| !dates.iter().any(|d| &d.date == *o)) {
        let booked: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM market_bookings WHERE market_id = $1 AND date = $2")
            .bind(id)
            .bind(date)
            .fetch_one(&mut *tx)
            .await?;
        if booked == 0 {
            sqlx::query("DELETE FROM market_dates WHERE market_id = $1 AND date = $2")
                .bind(id)
                .bind(date)
                .execute(&mut *tx)
                .await?;
        } else {
            cancel_in(&mut tx, now, id, date, reason).await?;
        }
    }
    let before: Vec<(String, i64, i64)> =
        sqlx::query_as("SELECT date, starts_at, ends_at FROM market_dates WHERE market_id = $1 AND date >= $2")
            .bind(id)
            .bind(from)
            .fetch_all(&mut *tx)
            .await?;
    insert_dates(&mut tx, id, s, i64::from(input.stalls), dates).await?;
    // Residents who booked a date whose time the edit changed see the change on their bookings.
    for (date, starts_at, ends_at) in &before {
        let changed = dates.iter().any(|d| &d.date == date && (d.starts_at != *starts_at || d.ends_at != *ends_at));
        if changed {
            sqlx::query(&format!(
                "UPDATE market_bookings SET seen = 0, updated_at = $3 WHERE market_id = $1 AND date = $2 \
                 AND state IN ({}) AND EXISTS (SELECT 1 FROM market_dates d WHERE d.market_id = $1 \
                 AND d.date = $2 AND (d.starts_at <> $4 OR d.ends_at <> $5))",
                quoted_keys(BookingState::OPEN.iter().map(|s| s.key()))
            ))
            .bind(id)
            .bind(date)
            .bind(now)
            .bind(starts_at)
            .bind(ends_at)
            .execute(&mut *tx)
            .await?;
        }
    }
    tx.commit().await?;
    Ok(())
}

pub async fn find(db: &Db, id: i64) -> AppResult<Option<MarketRow>> {
    Ok(sqlx::query_as(&format!("{MARKET_SELECT} WHERE m.id = $1")).bind(id).fetch_optional(db.pool()).await?)
}

pub async fn schedules(db: &Db, id: i64) -> AppResult<Vec<ScheduleRow>> {
    Ok(sqlx::query_as(
        "SELECT from_date, recurrence, rrule, start_time, end_time FROM market_schedules WHERE market_id = $1 \
         ORDER BY from_date",
    )
    .bind(id)
    .fetch_all(db.pool())
    .await?)
}

/// The dates of a market ending after `after`, in order.
pub async fn dates_of(db: &Db, id: i64, after: i64) -> AppResult<Vec<DateRow>> {
    Ok(sqlx::query_as(&format!("{DATE_SELECT} WHERE d.market_id = $1 AND d.ends_at > $2 ORDER BY d.starts_at, d.date"))
        .bind(id)
        .bind(after)
        .fetch_all(db.pool())
        .await?)
}

pub async fn find_date(db: &Db, id: i64, date: &str) -> AppResult<Option<DateRow>> {
    Ok(sqlx::query_as(&format!("{DATE_SELECT} WHERE d.market_id = $1 AND d.date = $2"))
        .bind(id)
        .bind(date)
        .fetch_optional(db.pool())
        .await?)
}

/// Dates of every market that end after `now` and start before `until`, soonest first.
pub async fn upcoming(db: &Db, now: i64, until: i64, limit: i64) -> AppResult<Vec<DateRow>> {
    Ok(sqlx::query_as(&format!(
        "{DATE_SELECT} WHERE d.ends_at > $1 AND d.starts_at < $2 ORDER BY d.starts_at, d.market_id LIMIT $3"
    ))
    .bind(now)
    .bind(until)
    .bind(limit)
    .fetch_all(db.pool())
    .await?)
}

/// Takes the date's row for the rest of the transaction; false when there is no such date.
async fn lock_date(tx: &mut AnyConnection, market: i64, date: &str) -> AppResult<bool> {
    let r = sqlx::query("UPDATE market_dates SET lock_version = lock_version + 1 WHERE market_id = $1 AND date = $2")
        .bind(market)
        .bind(date)
        .execute(&mut *tx)
        .await?;
    Ok(r.rows_affected() == 1)
}

fn states(action: BookingAction) -> String {
    quoted_keys(lifecycle::from_states::<BookingFacts>(action).iter().map(|s| s.key()))
}

async fn cancel_in(tx: &mut AnyConnection, now: i64, market: i64, date: &str, reason: &str) -> AppResult<bool> {
    lock_date(tx, market, date).await?;
    let r = sqlx::query(
        "UPDATE market_dates SET status = 'cancelled', reason = $3, changed_at = $4, booked = 0, waitlisted = 0, \
         revision = revision + 1 \
         WHERE market_id = $1 AND date = $2 AND status <> 'cancelled'",
    )
    .bind(market)
    .bind(date)
    .bind(reason.trim())
    .bind(now)
    .execute(&mut *tx)
    .await?;
    if r.rows_affected() == 0 {
        return Ok(false);
    }
    sqlx::query(&format!(
        "UPDATE market_bookings SET state = $3, seen = 0, updated_at = $4 WHERE market_id = $1 AND date = $2 \
         AND state IN ({})",
        states(BookingAction::CancelDate)
    ))
    .bind(market)
    .bind(date)
    .bind(BookingState::DateCancelled.key())
    .bind(now)
    .execute(&mut *tx)
    .await?;
    Ok(true)
}

/// Cancels one date; its open bookings follow. False when it was already cancelled.
pub async fn cancel_date(db: &Db, now: i64, market: i64, date: &str, reason: &str) -> AppResult<bool> {
    let mut tx = db.begin().await?;
    let done = cancel_in(&mut tx, now, market, date, reason).await?;
    tx.commit().await?;
    Ok(done)
}

/// Moves one date (same identity); its bookings are marked changed for their residents.
#[allow(clippy::too_many_arguments)]
pub async fn move_date(
    db: &Db,
    now: i64,
    market: i64,
    date: &str,
    day: &str,
    start_time: &str,
    end_time: &str,
    starts_at: i64,
    ends_at: i64,
    reason: &str,
) -> AppResult<bool> {
    let mut tx = db.begin().await?;
    lock_date(&mut tx, market, date).await?;
    let r = sqlx::query(
        "UPDATE market_dates SET status = 'moved', revision = revision + 1, day = $3, start_time = $4, \
         end_time = $5, starts_at = $6, \
         ends_at = $7, reason = $8, changed_at = $9 WHERE market_id = $1 AND date = $2 AND status <> 'cancelled'",
    )
    .bind(market)
    .bind(date)
    .bind(day)
    .bind(start_time)
    .bind(end_time)
    .bind(starts_at)
    .bind(ends_at)
    .bind(reason.trim())
    .bind(now)
    .execute(&mut *tx)
    .await?;
    if r.rows_affected() == 0 {
        return Ok(false);
    }
    sqlx::query(&format!(
        "UPDATE market_bookings SET seen = 0, updated_at = $3 WHERE market_id = $1 AND date = $2 AND state IN ({})",
        quoted_keys(BookingState::OPEN.iter().map(|s| s.key()))
    ))
    .bind(market)
    .bind(date)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(true)
}

/// Books a stall for `user`, or a place on the waitlist when the date is full, linking some of
/// the user's own active listings (all of them must be, or nothing is written).
pub async fn book(
    db: &Db,
    now: i64,
    market: i64,
    date: &str,
    user: i64,
    brings: &str,
    listing_ids: &[i64],
) -> AppResult<i64> {
    let mut tx = db.begin().await?;
    if !listing_ids.is_empty() {
        // Integers, written into the statement as such (no text reaches it).
        let ids = listing_ids.iter().map(i64::to_string).collect::<Vec<_>>().join(", ");
        let own: i64 = sqlx::query_scalar(&format!(
            "SELECT COUNT(*) FROM listings WHERE id IN ({ids}) AND seller_id = $1 AND status = 'active'"
        ))
        .bind(user)
        .fetch_one(&mut *tx)
        .await?;
        if own != listing_ids.len() as i64 {
            return Err(AppError::field(linli_contract::Field::ListingIds, ErrorCode::BookingListingInvalid));
        }
    }
    // The date's row, locked; its next position; only while it can be booked.
    let position: Option<i64> = sqlx::query_scalar(
        "UPDATE market_dates SET waitlist_seq = waitlist_seq + 1, lock_version = lock_version + 1 \
         WHERE market_id = $1 AND date = $2 AND status <> 'cancelled' AND starts_at > $3 RETURNING waitlist_seq",
    )
    .bind(market)
    .bind(date)
    .bind(now)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(position) = position else {
        return Err(AppError::code(ErrorCode::DateNotBookable));
    };
    // The check-in code: six random digits (the organiser types or scans it at the gate, so it
    // must not follow from another's), none the date's other bookings have, so a code checks
    // in one stallholder only. The date's row is locked: no booking of it races this one.
    let taken: Vec<String> =
        sqlx::query_scalar("SELECT checkin_code FROM market_bookings WHERE market_id = $1 AND date = $2")
            .bind(market)
            .bind(date)
            .fetch_all(&mut *tx)
            .await?;
    let code = loop {
        let code = format!("{:06}", rand::Rng::gen_range(&mut rand::thread_rng(), 0..1_000_000));
        if !taken.contains(&code) {
            break code;
        }
    };
    let took = sqlx::query(
        "UPDATE market_dates SET booked = booked + 1 WHERE market_id = $1 AND date = $2 AND booked < stalls",
    )
    .bind(market)
    .bind(date)
    .execute(&mut *tx)
    .await?
    .rows_affected()
        == 1;
    let state = if took {
        BookingState::Booked
    } else {
        sqlx::query("UPDATE market_dates SET waitlisted = waitlisted + 1 WHERE market_id = $1 AND date = $2")
            .bind(market)
            .bind(date)
            .execute(&mut *tx)
            .await?;
        BookingState::Waitlisted
    };
    let id = sqlx::query_scalar(
        "INSERT INTO market_bookings (market_id, date, user_id, state, position, brings, checkin_code, created_at, \
         updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id",
    )
    .bind(market)
    .bind(date)
    .bind(user)
    .bind(state.key())
    .bind(position)
    .bind(brings.trim())
    .bind(&code)
    .bind(now)
    .fetch_one(&mut *tx)
    .await;
    let id: i64 = match id {
        Ok(id) => id,
        Err(e) if is_unique_violation(&e, "market_bookings") => return Err(AppError::code(ErrorCode::AlreadyBooked)),
        Err(e) => return Err(e.into()),
    };
    for (position, listing) in listing_ids.iter().enumerate() {
        sqlx::query("INSERT INTO market_booking_listings (booking_id, listing_id, position) VALUES ($1, $2, $3)")
            .bind(id)
            .bind(listing)
            .bind(position as i64)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(id)
}

/// The listings linked to these bookings that are still to be seen (not withdrawn or hidden):
/// (booking, listing, title), in the order the resident chose.
/// The listings linked to these bookings that others may still see (a hidden one drops out).
pub async fn listings_of(db: &Db, bookings: &[i64]) -> AppResult<Vec<(i64, i64, String)>> {
    if bookings.is_empty() {
        return Ok(Vec::new());
    }
    let ids = bookings.iter().map(i64::to_string).collect::<Vec<_>>().join(", ");
    Ok(sqlx::query_as(&format!(
        "SELECT bl.booking_id, l.id, l.title FROM market_booking_listings bl JOIN listings l ON l.id = bl.listing_id \
         WHERE bl.booking_id IN ({ids}) AND l.status IN ('active', 'reserved', 'sold') AND l.hidden_at IS NULL \
         ORDER BY bl.booking_id, bl.position"
    ))
    .fetch_all(db.pool())
    .await?)
}

pub async fn find_booking(db: &Db, id: i64) -> AppResult<Option<BookingRow>> {
    Ok(sqlx::query_as(&format!("{BOOKING_SELECT} WHERE b.id = $1")).bind(id).fetch_optional(db.pool()).await?)
}

/// The booking of `date` whose check-in code is `code`.
pub async fn find_by_code(db: &Db, market: i64, date: &str, code: &str) -> AppResult<Option<BookingRow>> {
    Ok(sqlx::query_as(&format!(
        "{BOOKING_SELECT} WHERE b.market_id = $1 AND b.date = $2 AND b.checkin_code = $3 AND b.state IN ({})",
        quoted_keys(BookingState::OPEN.iter().map(|s| s.key()))
    ))
    .bind(market)
    .bind(date)
    .bind(code)
    .fetch_optional(db.pool())
    .await?)
}

/// A user's bookings, soonest date first, those of past dates last.
pub async fn of_user(db: &Db, user: i64, limit: i64) -> AppResult<Vec<BookingRow>> {
    Ok(sqlx::query_as(&format!("{BOOKING_SELECT} WHERE b.user_id = $1 ORDER BY d.starts_at DESC, b.id DESC LIMIT $2"))
        .bind(user)
        .bind(limit)
        .fetch_all(db.pool())
        .await?)
}

/// A user's bookings of one market.
pub async fn of_user_in(db: &Db, user: i64, market: i64) -> AppResult<Vec<BookingRow>> {
    Ok(sqlx::query_as(&format!(
        "{BOOKING_SELECT} WHERE b.user_id = $1 AND b.market_id = $2 ORDER BY d.starts_at, b.id"
    ))
    .bind(user)
    .bind(market)
    .fetch_all(db.pool())
    .await?)
}

/// Every booking of a date: stall holders in booking order, then the waitlist, then the rest.
pub async fn of_date(db: &Db, market: i64, date: &str) -> AppResult<Vec<BookingRow>> {
    Ok(sqlx::query_as(&format!(
        "{BOOKING_SELECT} WHERE b.market_id = $1 AND b.date = $2 ORDER BY CASE b.state WHEN 'waitlisted' THEN 1 \
         WHEN 'cancelled' THEN 2 WHEN 'removed' THEN 2 WHEN 'date_cancelled' THEN 2 ELSE 0 END, b.position"
    ))
    .bind(market)
    .bind(date)
    .fetch_all(db.pool())
    .await?)
}

pub async fn unseen(db: &Db, user: i64) -> AppResult<i64> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM market_bookings WHERE user_id = $1 AND seen = 0")
        .bind(user)
        .fetch_one(db.pool())
        .await?)
}

pub async fn mark_seen(db: &Db, user: i64) -> AppResult<()> {
    sqlx::query("UPDATE market_bookings SET seen = 1 WHERE user_id = $1 AND seen = 0")
        .bind(user)
        .execute(db.pool())
        .await?;
    Ok(())
}

/// How a check-in was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Tap,
    Code,
}

/// Applies a move of the booking table (cancel, remove, check in) as decided by the caller:
/// one guarded update under the date's lock, the counters, and the promotion of the first on
/// the waitlist when a stall freed.
pub async fn act(
    db: &Db,
    now: i64,
    b: &BookingRow,
    action: BookingAction,
    reason: Option<&str>,
    organiser: Option<(i64, Method)>,
) -> AppResult<()> {
    let mv = lifecycle::decide(&b.facts(), &[role_for(action)], action, now).map_err(AppError::code)?;
    let mut tx = db.begin().await?;
    lock_date(&mut tx, b.market_id, &b.date).await?;
    // The state must still be one the move starts from (it may have moved since it was read).
    let moved = sqlx::query(&format!(
        "UPDATE market_bookings SET state = $2, reason = COALESCE($3, reason), updated_at = $4, \
         seen = CASE WHEN $5 = 1 THEN 0 ELSE seen END WHERE id = $1 AND state IN ({})",
        states(action)
    ))
    .bind(b.id)
    .bind(mv.to.key())
    .bind(reason.map(str::trim))
    .bind(now)
    .bind(i64::from(action == BookingAction::Remove))
    .execute(&mut *tx)
    .await?;
    if moved.rows_affected() == 0 {
        return Err(AppError::code(BookingFacts::conflict(action)));
    }
    // The counters, recounted under the lock.
    let held: i64 = sqlx::query_scalar(&format!(
        "SELECT COUNT(*) FROM market_bookings WHERE market_id = $1 AND date = $2 AND state IN ({})",
        quoted_keys(BookingState::HOLDING.iter().map(|s| s.key()))
    ))
    .bind(b.market_id)
    .bind(&b.date)
    .fetch_one(&mut *tx)
    .await?;
    let waiting: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM market_bookings WHERE market_id = $1 AND date = $2 AND state = 'waitlisted'",
    )
    .bind(b.market_id)
    .bind(&b.date)
    .fetch_one(&mut *tx)
    .await?;
    sqlx::query("UPDATE market_dates SET booked = $3, waitlisted = $4 WHERE market_id = $1 AND date = $2")
        .bind(b.market_id)
        .bind(&b.date)
        .bind(held)
        .bind(waiting)
        .execute(&mut *tx)
        .await?;
    if let (BookingAction::CheckIn, Some((organiser, method))) = (action, organiser) {
        let inserted = sqlx::query(
            "INSERT INTO market_checkins (market_id, date, organiser_id, resident_id, booking_id, method, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(b.market_id)
        .bind(&b.date)
        .bind(organiser)
        .bind(b.user_id)
        .bind(b.id)
        .bind(match method {
            Method::Tap => "tap",
            Method::Code => "code",
        })
        .bind(now)
        .execute(&mut *tx)
        .await;
        match inserted {
            Ok(_) => {}
            Err(e) if is_unique_violation(&e, "market_checkins") => {
                return Err(AppError::code(ErrorCode::BookingStateInvalid))
            }
            Err(e) => return Err(e.into()),
        }
    }
    promote(&mut tx, now, b.market_id, &b.date).await?;
    tx.commit().await?;
    Ok(())
}

fn role_for(action: BookingAction) -> linli_contract::market::BookingRole {
    use linli_contract::market::BookingRole;
    match action {
        BookingAction::Cancel => BookingRole::Resident,
        BookingAction::Remove | BookingAction::CheckIn => BookingRole::Organiser,
        BookingAction::Promote | BookingAction::CancelDate => BookingRole::System,
    }
}

/// Gives freed stalls to the first on the waitlist, in order (the caller holds the date's lock).
async fn promote(tx: &mut AnyConnection, now: i64, market: i64, date: &str) -> AppResult<()> {
    loop {
        let took = sqlx::query(
            "UPDATE market_dates SET booked = booked + 1, waitlisted = waitlisted - 1 WHERE market_id = $1 \
             AND date = $2 AND booked < stalls AND waitlisted > 0 AND status <> 'cancelled' AND starts_at > $3",
        )
        .bind(market)
        .bind(date)
        .bind(now)
        .execute(&mut *tx)
        .await?
        .rows_affected()
            == 1;
        if !took {
            return Ok(());
        }
        let first: Option<i64> = sqlx::query_scalar(&format!(
            "SELECT id FROM market_bookings WHERE market_id = $1 AND date = $2 AND state IN ({}) \
             ORDER BY position LIMIT 1",
            states(BookingAction::Promote)
        ))
        .bind(market)
        .bind(date)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(first) = first else {
            return Err(AppError::internal("waitlist counter without a waitlisted booking"));
        };
        sqlx::query("UPDATE market_bookings SET state = $2, seen = 0, updated_at = $3 WHERE id = $1")
            .bind(first)
            .bind(BookingState::Promoted.key())
            .bind(now)
            .execute(&mut *tx)
            .await?;
    }
}

/// Whether `user` was checked in at any market (a trust seed of the credit rating).
pub async fn checkins_of(db: &Db, user: i64) -> AppResult<i64> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM market_checkins WHERE resident_id = $1")
        .bind(user)
        .fetch_one(db.pool())
        .await?)
}
