//! Listings: writing them, finding them (feed, search, filters, sorts) and who sees what.

use super::photos::{self, Attachment};
use super::sql::{Arg, Batch, Ran, RowRef, Sql};
use super::{now, quoted_keys, search_index, Backend, Db};
use crate::error::{AppError, AppResult};
use crate::limits::{Charge, Counting};
use crate::media::Media;
use crate::search::{self, Query};
use linli_contract::lifecycle::{self, Machine};
use linli_contract::listing::{
    limits::PRICE_MAX_FEN, Category, Condition, ListingAction, ListingCard, ListingFacts, ListingInput, Offer, Page,
    Review, ReviewStatus, SearchQuery, Sort, Status,
};
use linli_contract::moderation::{AuditAction, AuditTarget};
use linli_contract::ErrorCode;
use linli_contract::{community::Localized, Field};

/// The listing as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ListingRow {
    pub id: i64,
    pub seller_id: i64,
    pub title: String,
    pub description: String,
    pub category: String,
    pub condition: String,
    pub mode: String,
    pub price_fen: Option<i64>,
    pub swap_for: Option<String>,
    pub community_id: i64,
    pub pickup_note: String,
    pub status: String,
    /// When a moderator hid it (an overlay on the sale: the status goes on underneath).
    pub hidden_at: Option<i64>,
    pub hidden_reason: Option<String>,
    /// The owner's review request of the current hide, and a moderator's answer keeping it.
    pub review_requested_at: Option<i64>,
    pub review_note: Option<String>,
    pub review_answer: Option<String>,
    pub review_answered_at: Option<i64>,
    /// The first photo's storage key.
    pub cover_key: String,
    pub created_at: i64,
    pub updated_at: i64,
}

impl ListingRow {
    pub fn status(&self) -> Status {
        Status::parse(&self.status).unwrap_or(Status::Withdrawn)
    }

    pub fn facts(&self) -> ListingFacts {
        ListingFacts { status: self.status(), hidden: self.hidden_at.is_some(), review: self.review() }
    }

    fn review(&self) -> Review {
        match (self.hidden_at, self.review_requested_at, self.review_answered_at) {
            (None, _, _) | (Some(_), None, _) => Review::NotAsked,
            (Some(_), Some(_), None) => Review::Requested,
            (Some(_), Some(_), Some(_)) => Review::Kept,
        }
    }

    /// The review of the hide, as the owner and moderators see it (`None` when not hidden).
    pub fn review_status(&self) -> Option<ReviewStatus> {
        self.hidden_at?;
        Some(ReviewStatus {
            state: self.review(),
            note: self.review_note.clone().unwrap_or_default(),
            requested_at: self.review_requested_at,
            answer: self.review_answer.clone(),
        })
    }

    pub fn offer(&self) -> Offer {
        offer(&self.mode, self.price_fen, self.swap_for.clone())
    }

    pub fn category(&self) -> Category {
        Category::parse(&self.category).unwrap_or(Category::Other)
    }

    pub fn condition(&self) -> Condition {
        Condition::parse(&self.condition).unwrap_or(Condition::Used)
    }
}

/// A listing's offer from its stored columns.
pub fn offer(mode: &str, price_fen: Option<i64>, swap_for: Option<String>) -> Offer {
    match mode {
        "sell" => Offer::Sell { price_fen: price_fen.unwrap_or(0) },
        "swap" => Offer::Swap { swap_for: swap_for.unwrap_or_default() },
        _ => Offer::GiveAway,
    }
}

/// Price sorts put free things first and swaps after every price.
fn price_key(offer: &Offer) -> i64 {
    match offer {
        Offer::GiveAway => 0,
        Offer::Sell { price_fen } => *price_fen,
        Offer::Swap { .. } => PRICE_MAX_FEN + 1,
    }
}

pub(crate) const ROW_COLUMNS: &str =
    "id, seller_id, title, description, category, condition, mode, price_fen, swap_for, \
    community_id, pickup_note, status, hidden_at, hidden_reason, review_requested_at, review_note, review_answer, \
    review_answered_at, cover_key, created_at, updated_at";

pub async fn find(db: &Db, id: i64) -> AppResult<Option<ListingRow>> {
    Ok(sqlx::query_as(&format!("SELECT {ROW_COLUMNS} FROM listings WHERE id = $1"))
        .bind(id)
        .fetch_optional(db.pool())
        .await?)
}

/// A listing with what its page shows beside it, read in one query (the most read thing in
/// the app: one round trip instead of six).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ListingPage {
    #[sqlx(flatten)]
    pub row: ListingRow,
    pub seller_name: String,
    pub seller_since: i64,
    pub seller_level: String,
    /// 1 when the seller is suspended now (their listings are then hidden from others).
    pub seller_suspended: i64,
    pub community_slug: String,
    pub community_name_zh: String,
    pub community_name_en: String,
    pub community_city_zh: String,
    pub community_city_en: String,
    pub community_district_zh: String,
    pub community_district_en: String,
    pub community_lat: f64,
    pub community_lng: f64,
    pub favourite_count: i64,
    /// 1 when the viewer has favourited it.
    pub is_favourite: i64,
    /// The viewer's open trade for it: requested (not expired), accepted or disputed.
    pub my_trade: Option<i64>,
    /// Its photos in order, `key:width:height` joined by commas (keys are hex).
    pub photo_list: Option<String>,
}

impl ListingPage {
    pub fn community(&self) -> linli_contract::community::Community {
        linli_contract::community::Community {
            id: self.row.community_id,
            slug: self.community_slug.clone(),
            name: Localized { zh: self.community_name_zh.clone(), en: self.community_name_en.clone() },
            city: Localized { zh: self.community_city_zh.clone(), en: self.community_city_en.clone() },
            district: Localized { zh: self.community_district_zh.clone(), en: self.community_district_en.clone() },
            lat: self.community_lat,
            lng: self.community_lng,
        }
    }

    pub fn photos(&self) -> Vec<linli_contract::listing::Photo> {
        let list = self.photo_list.as_deref().unwrap_or_default();
        list.split(',')
            .filter_map(|p| {
                let mut parts = p.split(':');
                let key = parts.next()?;
                let width = parts.next()?.parse().ok()?;
                let height = parts.next()?.parse().ok()?;
                Some(photos::photo(key.to_string(), width, height))
            })
            .collect()
    }
}

/// A listing's page as `viewer` sees it at `now` (who may see it is the caller's to decide).
pub async fn find_page(db: &Db, id: i64, viewer: Option<i64>, now: i64) -> AppResult<Option<ListingPage>> {
    static SQL: [std::sync::OnceLock<String>; 2] = [std::sync::OnceLock::new(), std::sync::OnceLock::new()];
    let (slot, concat) = match db.backend() {
        Backend::Sqlite => (0, "group_concat"),
        Backend::Postgres => (1, "string_agg"),
    };
    let sql = SQL[slot].get_or_init(|| {
        let listing: Vec<String> = ROW_COLUMNS.split(',').map(|c| format!("l.{}", c.trim())).collect();
        format!(
            "SELECT {}, u.display_name AS seller_name, u.created_at AS seller_since, u.credit_level AS seller_level, \
             CAST(CASE WHEN {} THEN 1 ELSE 0 END AS BIGINT) AS seller_suspended, \
             c.slug AS community_slug, c.name_zh AS community_name_zh, c.name_en AS community_name_en, \
             c.city_zh AS community_city_zh, c.city_en AS community_city_en, \
             c.district_zh AS community_district_zh, c.district_en AS community_district_en, \
             c.lat AS community_lat, c.lng AS community_lng, \
             (SELECT COUNT(*) FROM favourites f WHERE f.listing_id = l.id) AS favourite_count, \
             CAST(CASE WHEN EXISTS (SELECT 1 FROM favourites f WHERE f.listing_id = l.id AND f.user_id = $3) \
             THEN 1 ELSE 0 END AS BIGINT) AS is_favourite, \
             (SELECT MAX(t.id) FROM trades t WHERE t.listing_id = l.id AND t.buyer_id = $3 \
             AND (t.state IN ('accepted', 'disputed') OR (t.state = 'requested' AND t.expires_at > $2))) AS my_trade, \
             (SELECT {concat}(p.key || ':' || p.width || ':' || p.height, ',' ORDER BY p.position) \
             FROM photos p WHERE p.listing_id = l.id) AS photo_list \
             FROM listings l JOIN users u ON u.id = l.seller_id JOIN communities c ON c.id = l.community_id \
             WHERE l.id = $1",
            listing.join(", "),
            super::moderation::suspended_at("l.seller_id", "$2"),
        )
    });
    Ok(sqlx::query_as(sql).bind(id).bind(now).bind(viewer.unwrap_or(0)).fetch_optional(db.pool()).await?)
}

/// The fields derived from the input that are stored alongside it.
struct Derived {
    price_fen: Option<i64>,
    swap_for: Option<String>,
    price_key: i64,
    search_title: String,
    search_body: String,
}

fn derive(input: &ListingInput) -> Derived {
    let swap_for = match &input.offer {
        Offer::Swap { swap_for } => Some(swap_for.trim().to_string()),
        _ => None,
    };
    let (search_title, search_body) =
        super::search_index::index_of(&input.title, &input.description, swap_for.as_deref());
    Derived {
        price_fen: input.offer.price_fen(),
        swap_for,
        price_key: price_key(&input.offer),
        search_title,
        search_body,
    }
}

pub async fn community_exists(db: &Db, id: i64) -> AppResult<bool> {
    let found: Option<i64> =
        sqlx::query_scalar("SELECT id FROM communities WHERE id = $1").bind(id).fetch_optional(db.pool()).await?;
    Ok(found.is_some())
}

/// Creates a listing with its photos; returns its id. `created_at` may be set by the seed.
pub async fn insert(db: &Db, seller_id: i64, input: &ListingInput, created_at: Option<i64>) -> AppResult<i64> {
    insert_charged(db, seller_id, input, created_at, None).await
}

/// [`insert`], counted against the seller's write budget as its transaction begins.
pub async fn insert_charged(
    db: &Db,
    seller_id: i64,
    input: &ListingInput,
    created_at: Option<i64>,
    charge: Option<&Charge>,
) -> AppResult<i64> {
    let d = derive(input);
    let at = created_at.unwrap_or_else(now);
    let photos = Attachment::of(&input.photos)?;
    let mut batch = Batch::new(db.backend());
    let counting = match charge {
        Some(charge) => charge.count(db, &mut batch).await?,
        None => Counting::none(),
    };
    let insert = batch.add(|sql| {
        let content = content_columns(input, &d);
        let names: Vec<&str> = content.iter().map(|(name, _)| *name).collect();
        sql.push(&format!("INSERT INTO listings ({}, seller_id, created_at, updated_at) VALUES (", names.join(", ")));
        for (_, value) in content {
            sql.arg(value).push(", ");
        }
        sql.arg(Arg::Int(seller_id)).push(", ");
        let at = sql.param(Arg::Int(at));
        sql.push(&format!("{at}, {at}) RETURNING id"));
    });
    let listing = batch.inserted("listings");
    let attached = photos.push(&mut batch, &listing, seller_id, false);
    search_index::remember(&mut batch, &d.search_title, &d.search_body);
    let outcomes = match db.write(batch).await? {
        Ran::Done(outcomes) => outcomes,
        Ran::Refused(check, outcomes) => {
            return Err(counting.refusal(check, &outcomes).unwrap_or_else(|| {
                debug_assert_eq!(check, attached);
                photos.refusal()
            }))
        }
    };
    let row = outcomes[insert].rows.first().ok_or_else(|| AppError::internal("the insert returned no id"))?;
    Ok(sqlx::Row::try_get(row, 0)?)
}

/// Replaces the listing's content (its status is unchanged).
pub async fn update(
    db: &Db,
    now: i64,
    id: i64,
    seller_id: i64,
    input: &ListingInput,
    charge: &Charge,
) -> AppResult<()> {
    let d = derive(input);
    let photos = Attachment::of(&input.photos)?;
    let mut batch = Batch::new(db.backend());
    let counting = charge.count(db, &mut batch).await?;
    // Guarded by the states the table allows editing from: an acceptance racing this edit wins
    // or loses cleanly, never leaves a reserved item changed under the buyer.
    let update = batch.add(|sql| {
        sql.push("UPDATE listings SET ");
        for (name, value) in content_columns(input, &d) {
            sql.push(&format!("{name} = ")).arg(value).push(", ");
        }
        sql.push("updated_at = ").arg(Arg::Int(now)).push(" WHERE id = ").arg(Arg::Int(id));
        let from = quoted_keys(lifecycle::from_states::<ListingFacts>(ListingAction::Edit).iter().map(|s| s.key()));
        sql.push(&format!(" AND status IN ({from})"));
    });
    let editable = batch.expect_changed(update, 1);
    let attached = photos.push(&mut batch, &RowRef::Id(id), seller_id, true);
    search_index::remember(&mut batch, &d.search_title, &d.search_body);
    match db.write(batch).await? {
        Ran::Done(_) => Ok(()),
        Ran::Refused(check, outcomes) => Err(counting.refusal(check, &outcomes).unwrap_or_else(|| {
            if check == editable {
                AppError::code(ListingFacts::conflict(ListingAction::Edit))
            } else {
                debug_assert_eq!(check, attached);
                photos.refusal()
            }
        })),
    }
}

/// The columns a listing's create and edit write from the seller's input, with their values.
fn content_columns(input: &ListingInput, d: &Derived) -> [(&'static str, Arg); 13] {
    [
        ("title", Arg::Text(input.title.trim().to_string())),
        ("description", Arg::Text(input.description.trim().to_string())),
        ("category", Arg::Text(input.category.key().to_string())),
        ("condition", Arg::Text(input.condition.key().to_string())),
        ("mode", Arg::Text(input.offer.mode().key().to_string())),
        ("price_fen", Arg::MaybeInt(d.price_fen)),
        ("swap_for", Arg::MaybeText(d.swap_for.clone())),
        ("price_key", Arg::Int(d.price_key)),
        ("community_id", Arg::Int(input.community_id)),
        ("pickup_note", Arg::Text(input.pickup_note.trim().to_string())),
        ("cover_key", Arg::Text(input.photos[0].clone())),
        ("search_title", Arg::Text(d.search_title.clone())),
        ("search_body", Arg::Text(d.search_body.clone())),
    ]
}

/// Applies a status move of the listing's transition table as one guarded update on the states
/// the table allows it from; a listing no longer in one of them (a race lost) is the table's
/// typed conflict. Runs inside the caller's transaction (a trade's move and its listing's move
/// commit together).
pub async fn apply(conn: &mut sqlx::AnyConnection, now: i64, id: i64, action: ListingAction) -> AppResult<()> {
    let to = ListingFacts::RULES
        .iter()
        .find_map(|r| (r.action == action).then_some(r.to).flatten())
        .ok_or_else(|| AppError::internal(format!("{action:?} does not change a listing's status")))?;
    let from = quoted_keys(lifecycle::from_states::<ListingFacts>(action).iter().map(|s| s.key()));
    let sql = format!("UPDATE listings SET status = $1, updated_at = $2 WHERE id = $3 AND status IN ({from})");
    let changed = sqlx::query(&sql).bind(to.key()).bind(now).bind(id).execute(&mut *conn).await?.rows_affected();
    if changed == 1 {
        Ok(())
    } else {
        Err(AppError::code(ListingFacts::conflict(action)))
    }
}

/// A moderator hides (with a reason) or restores a listing: the overlay only; the sale's status
/// is untouched, so restoring returns it to exactly what its trades made it. The audit entry is
/// written in the same transaction.
pub async fn set_hidden(db: &Db, now: i64, id: i64, moderator: i64, reason: &str, hide: bool) -> AppResult<()> {
    // Hiding and restoring both start the review afresh: one request per hide.
    let update = if hide {
        sqlx::query(
            "UPDATE listings SET hidden_at = $1, hidden_reason = $2, review_requested_at = NULL, review_note = NULL, \
             review_answer = NULL, review_answered_at = NULL WHERE id = $3 AND hidden_at IS NULL",
        )
        .bind(now)
        .bind(reason.trim())
        .bind(id)
    } else {
        sqlx::query(
            "UPDATE listings SET hidden_at = NULL, hidden_reason = NULL, review_requested_at = NULL, review_note = NULL, \
             review_answer = NULL, review_answered_at = NULL WHERE id = $1 AND hidden_at IS NOT NULL",
        )
        .bind(id)
    };
    let action = if hide { AuditAction::HideListing } else { AuditAction::UnhideListing };
    let entry = audit_entry(moderator, action, id, reason);
    super::audit::guarded_update(db, now, update, ErrorCode::ListingNotEditable, entry).await
}

/// The owner asks for a review of the hide: one guarded update (hidden, not asked yet), with
/// its audit entry in the same transaction. A concurrent second request finds it asked.
pub async fn ask_review(db: &Db, now: i64, id: i64, owner: i64, note: &str) -> AppResult<()> {
    let update = sqlx::query(
        "UPDATE listings SET review_requested_at = $1, review_note = $2 \
         WHERE id = $3 AND seller_id = $4 AND hidden_at IS NOT NULL AND review_requested_at IS NULL",
    )
    .bind(now)
    .bind(note.trim())
    .bind(id)
    .bind(owner);
    let entry = audit_entry(owner, AuditAction::AskReview, id, note);
    super::audit::guarded_update(db, now, update, ErrorCode::ReviewAlreadyRequested, entry).await
}

/// A moderator answers a waiting review request by keeping the listing hidden, with a reason
/// its owner sees; audit-logged in the same transaction.
pub async fn keep_hidden(db: &Db, now: i64, id: i64, moderator: i64, reason: &str) -> AppResult<()> {
    let update = sqlx::query(
        "UPDATE listings SET review_answer = $1, review_answered_at = $2 WHERE id = $3 AND hidden_at IS NOT NULL \
         AND review_requested_at IS NOT NULL AND review_answered_at IS NULL",
    )
    .bind(reason.trim())
    .bind(now)
    .bind(id);
    let entry = audit_entry(moderator, AuditAction::KeepHidden, id, reason);
    super::audit::guarded_update(db, now, update, ErrorCode::NoReviewRequested, entry).await
}

fn audit_entry<'a>(actor: i64, action: AuditAction, listing_id: i64, detail: &'a str) -> super::audit::Entry<'a> {
    super::audit::Entry {
        actor_id: Some(actor),
        action,
        target_kind: AuditTarget::Listing,
        target_id: Some(listing_id),
        detail: detail.trim(),
        fact: linli_contract::moderation::AuditFact::None,
    }
}

// --- cards: feed, search, lists ---

#[derive(sqlx::FromRow)]
struct CardRow {
    id: i64,
    title: String,
    mode: String,
    price_fen: Option<i64>,
    swap_for: Option<String>,
    condition: String,
    category: String,
    status: String,
    hidden: i64,
    cover_key: String,
    created_at: i64,
    seller_name: String,
    credit_level: String,
    name_zh: String,
    name_en: String,
    lat: f64,
    lng: f64,
    want_count: i64,
    photo_width: i64,
    photo_height: i64,
    /// Selected only for the owner's own list.
    #[sqlx(default)]
    hidden_reason: Option<String>,
}

const CARD_COLUMNS: &str = "l.id, l.title, l.mode, l.price_fen, l.swap_for, l.condition, l.category, l.status, \
    CAST(CASE WHEN l.hidden_at IS NULL THEN 0 ELSE 1 END AS BIGINT) AS hidden, l.cover_key, l.created_at, u.display_name AS seller_name, u.credit_level, c.name_zh, c.name_en, c.lat, c.lng, \
    CAST((SELECT COUNT(*) FROM favourites fv WHERE fv.listing_id = l.id) \
       + (SELECT COUNT(*) FROM trades t WHERE t.listing_id = l.id AND t.state IN ('requested', 'accepted')) AS BIGINT) AS want_count, \
    CAST(COALESCE(p.width, 0) AS BIGINT) AS photo_width, CAST(COALESCE(p.height, 0) AS BIGINT) AS photo_height";
/// The cover photo's row gives its size (keys are unique: at most one row).
const CARD_JOINS: &str =
    "FROM listings l JOIN users u ON u.id = l.seller_id JOIN communities c ON c.id = l.community_id \
    LEFT JOIN photos p ON p.key = l.cover_key";

fn card(r: CardRow, from: Option<(f64, f64)>) -> ListingCard {
    ListingCard {
        id: r.id,
        offer: offer(&r.mode, r.price_fen, r.swap_for),
        condition: Condition::parse(&r.condition).unwrap_or(Condition::Used),
        category: Category::parse(&r.category).unwrap_or(Category::Other),
        status: Status::parse(&r.status).unwrap_or(Status::Withdrawn),
        hidden: r.hidden != 0,
        hidden_reason: r.hidden_reason.filter(|_| r.hidden != 0),
        community: Localized { zh: r.name_zh, en: r.name_en },
        thumb_url: Media::thumb_url(&r.cover_key),
        created_at: r.created_at,
        seller_name: r.seller_name,
        seller_level: linli_contract::credit::Level::parse(&r.credit_level),
        distance_km: from.map(|(lat, lng)| haversine_km(lat, lng, r.lat, r.lng)),
        want_count: r.want_count,
        photo_url: Media::url(&r.cover_key),
        photo_width: u32::try_from(r.photo_width).unwrap_or(0),
        photo_height: u32::try_from(r.photo_height).unwrap_or(0),
        title: r.title,
    }
}

/// Great-circle distance, for display.
pub fn haversine_km(lat1: f64, lng1: f64, lat2: f64, lng2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lng2 - lng1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    6371.0 * 2.0 * a.sqrt().asin()
}

/// Where the next page starts, per sort order. Keyset pagination: a listing added between two
/// pages never shifts the later pages, so nothing repeats and nothing is skipped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cursor {
    /// Newest first: the last id shown.
    Id(i64),
    /// Price order: the last price key and id.
    Price(i64, i64),
    /// Nearest first: the last community and listing id.
    Near(i64, i64),
    /// Best match: the newest listing id when the first page was ranked (later pages rank the
    /// same listings, so newcomers neither repeat nor push anything out) and how many were shown.
    Ranked(i64, i64),
}

impl Cursor {
    fn encode(self) -> String {
        match self {
            Cursor::Id(id) => format!("n.{id}"),
            Cursor::Price(p, id) => format!("p.{p}.{id}"),
            Cursor::Near(c, id) => format!("d.{c}.{id}"),
            Cursor::Ranked(snapshot, n) => format!("b.{snapshot}.{n}"),
        }
    }

    fn decode(s: &str, sort: Sort) -> Option<Cursor> {
        let parts: Vec<&str> = s.split('.').collect();
        let int = |i: usize| parts.get(i)?.parse::<i64>().ok();
        match (sort, parts.first().copied(), parts.len()) {
            (Sort::Newest, Some("n"), 2) => Some(Cursor::Id(int(1)?)),
            (Sort::PriceAsc | Sort::PriceDesc, Some("p"), 3) => Some(Cursor::Price(int(1)?, int(2)?)),
            (Sort::Nearest, Some("d"), 3) => Some(Cursor::Near(int(1)?, int(2)?)),
            (Sort::BestMatch, Some("b"), 3) => Some(Cursor::Ranked(int(1)?, int(2).filter(|n| *n >= 0)?)),
            _ => None,
        }
    }
}

/// A search's filters, the same for every order.
struct Filters<'a> {
    q: &'a SearchQuery,
    /// What the keywords must match, if any.
    matching: Option<Keywords>,
    backend: Backend,
    /// Listings of accounts suspended at this time are left out.
    now: i64,
    /// Keep keyword queries as prepared statements: the nearest order asks once per
    /// community, each a short walk of one community's listings, where planning every
    /// time costs more than it saves.
    reuse_plans: bool,
}

impl Filters<'_> {
    /// `SELECT l.id, <key> FROM … WHERE <active, matching, filtered>`. With keywords the word
    /// index drives the query (CROSS JOIN keeps it the outer loop: SQLite's planner otherwise
    /// sometimes scans the listings and probes the index per row, a thousand times slower)
    /// and gives its rows newest first for free.
    /// On PostgreSQL the GIN indexes of the word vectors answer the keyword condition.
    fn select(&self, key: &str, matching: Option<&Keywords>) -> Sql {
        let mut sql = Sql::default();
        sql.push("SELECT l.id, ").push(key).push(" AS k ");
        match matching.or(self.matching.as_ref()) {
            Some(m) if self.backend == Backend::Postgres => {
                let param = sql.param(Arg::Text(m.tsquery.clone()));
                sql.push("FROM listings l WHERE ")
                    .push(&format!("{} @@ CAST({param} AS tsquery)", search::PG_ALL_VECTOR));
                sql.planned_per_query = !self.reuse_plans;
            }
            Some(m) => {
                sql.push("FROM listings_fts f CROSS JOIN listings l ON l.id = f.rowid WHERE listings_fts MATCH ")
                    .arg(Arg::Text(m.fts5.clone()));
            }
            None => {
                sql.push("FROM listings l WHERE 1 = 1");
            }
        }
        // Reserved items stay in the feed (badged): a buyer can still queue a request.
        sql.push(" AND l.status IN ('active', 'reserved') AND l.hidden_at IS NULL AND NOT ")
            .push(&super::moderation::suspended_sql("l.seller_id", self.now));
        let q = self.q;
        if let Some(c) = q.category {
            sql.push(" AND l.category = ").arg(Arg::Text(c.key().into()));
        }
        if let Some(c) = q.condition {
            sql.push(" AND l.condition = ").arg(Arg::Text(c.key().into()));
        }
        if let Some(m) = q.mode {
            sql.push(" AND l.mode = ").arg(Arg::Text(m.key().into()));
        }
        if let Some(c) = q.community_id {
            sql.push(" AND l.community_id = ").arg(Arg::Int(c));
        }
        if let Some(min) = q.min_price_fen {
            sql.push(" AND l.price_key >= ").arg(Arg::Int(min));
        }
        if let Some(max) = q.max_price_fen {
            sql.push(" AND l.price_key <= ").arg(Arg::Int(max));
        }
        sql
    }

    /// The id column that orders newest first: the index's rowid when it drives the query.
    fn id_column(&self, matching: Option<&Keywords>) -> &'static str {
        if self.backend == Backend::Sqlite && matching.or(self.matching.as_ref()).is_some() {
            "f.rowid"
        } else {
            "l.id"
        }
    }

    /// Up to `want` ids newest first, below `before` when given.
    async fn newest(
        &self,
        db: &Db,
        matching: Option<&Keywords>,
        before: Option<i64>,
        want: usize,
    ) -> AppResult<Vec<i64>> {
        let id = self.id_column(matching);
        let mut sql = self.select(id, matching);
        if let Some(before) = before {
            sql.push(&format!(" AND {id} < ")).arg(Arg::Int(before));
        }
        sql.push(&format!(" ORDER BY {id} DESC LIMIT ")).arg(Arg::Int(want as i64));
        let rows: Vec<(i64, i64)> = sql.query_as().fetch_all(db.pool()).await?;
        Ok(rows.into_iter().map(|(id, _)| id).collect())
    }
}

/// The feed and every search: active and reserved listings matching the filters, in the chosen order.
pub async fn search(db: &Db, q: &SearchQuery) -> AppResult<Page<ListingCard>> {
    search_at(db, q, now()).await
}

/// [`search`] as of `now` (the app's clock): listings of suspended accounts are hidden.
pub async fn search_at(db: &Db, q: &SearchQuery, now: i64) -> AppResult<Page<ListingCard>> {
    let sort = q.effective_sort();
    let limit = q.limit.unwrap_or(linli_contract::listing::limits::PAGE_SIZE);
    let cursor = match q.cursor.as_deref().filter(|c| !c.is_empty()) {
        Some(c) => Some(Cursor::decode(c, sort).ok_or(AppError::field(Field::Cursor, ErrorCode::BadRequest))?),
        None => None,
    };
    let query = match q.q.as_deref() {
        Some(text) => search_query(db, text).await?,
        None => Query::default(),
    };
    if query.is_empty() && q.q.as_deref().is_some_and(|s| !s.trim().is_empty()) {
        // Only punctuation: nothing can match.
        return Ok(Page { items: Vec::new(), next_cursor: None });
    }
    // Orders other than best match show listings that match every concept (by any of its
    // alternatives); best match ranks those matching most of them.
    let matching = (!query.is_empty()).then(|| Keywords::of(&query, "AND"));
    let filters = Filters { q, matching, backend: db.backend(), now, reuse_plans: false };
    // One more than a page tells whether there is a next page.
    let want = limit + 1;
    let mut hits: Vec<(i64, Cursor)> = match sort {
        Sort::Newest => {
            let before = match cursor {
                Some(Cursor::Id(id)) => Some(id),
                _ => None,
            };
            filters.newest(db, None, before, want).await?.into_iter().map(|id| (id, Cursor::Id(id))).collect()
        }
        Sort::PriceAsc | Sort::PriceDesc => by_price(db, &filters, sort, cursor, want).await?,
        Sort::BestMatch => best_match(db, &filters, &query, cursor, want).await?,
        Sort::Nearest => nearest(db, &filters, q.lat.zip(q.lng).unwrap_or_default(), cursor, want).await?,
    };
    let next_cursor = if hits.len() > limit {
        hits.truncate(limit);
        hits.last().map(|(_, c)| c.encode())
    } else {
        None
    };
    let ids: Vec<i64> = hits.iter().map(|(id, _)| *id).collect();
    Ok(Page { items: cards(db, &ids, q.lat.zip(q.lng)).await?, next_cursor })
}

async fn by_price(
    db: &Db,
    f: &Filters<'_>,
    sort: Sort,
    cursor: Option<Cursor>,
    want: usize,
) -> AppResult<Vec<(i64, Cursor)>> {
    let (cmp, dir) = if sort == Sort::PriceAsc { (">", "ASC") } else { ("<", "DESC") };
    let mut sql = f.select("l.price_key", None);
    if let Some(Cursor::Price(p, id)) = cursor {
        sql.push(&format!(" AND (l.price_key {cmp} ")).arg(Arg::Int(p)).push(" OR (l.price_key = ").arg(Arg::Int(p));
        sql.push(&format!(" AND l.id {cmp} ")).arg(Arg::Int(id)).push("))");
    }
    sql.push(&format!(" ORDER BY l.price_key {dir}, l.id {dir} LIMIT ")).arg(Arg::Int(want as i64));
    let rows: Vec<(i64, i64)> = sql.query_as().fetch_all(db.pool()).await?;
    Ok(rows.into_iter().map(|(id, price)| (id, Cursor::Price(price, id))).collect())
}

/// A keyword condition, written for either database.
#[derive(Debug, Clone)]
struct Keywords {
    fts5: String,
    tsquery: String,
}

impl Keywords {
    fn of(query: &Query, op: &str) -> Keywords {
        Keywords { fts5: query.fts5(op), tsquery: query.tsquery(if op == "AND" { "&" } else { "|" }) }
    }
}

/// How many candidates (newest first) best match ranks at most: 20 pages. Finding them is
/// most of a search's time (PostgreSQL checks every listing it walks past against the words),
/// so this is what keeps a common word within 20 ms at 100,000 listings (`cargo xtask bench`).
const CANDIDATES: i64 = 400;

/// Parses a query and corrects its long Latin words against the words the index has seen.
pub async fn search_query(db: &Db, text: &str) -> AppResult<Query> {
    let mut query = Query::parse(text);
    for c in &mut query.concepts {
        let Some(first) = c.typo_word().and_then(|w| w.chars().next()) else { continue };
        let next = char::from_u32(first as u32 + 1).unwrap_or(first);
        let seen: Vec<String> = sqlx::query_scalar("SELECT word FROM search_words WHERE word >= $1 AND word < $2")
            .bind(first.to_string())
            .bind(next.to_string())
            .fetch_all(db.pool())
            .await?;
        let table = search::lexicon().latin_words.iter().map(String::as_str);
        c.add_corrections(seen.iter().map(String::as_str).chain(table));
    }
    Ok(query)
}

/// Whether a Latin word is one the index or the synonym table knows (not a typo).
pub async fn word_known(db: &Db, word: &str) -> AppResult<bool> {
    if search::lexicon().latin_words.binary_search(&word.to_string()).is_ok() {
        return Ok(true);
    }
    let found: Option<String> = sqlx::query_scalar("SELECT word FROM search_words WHERE word = $1")
        .bind(word)
        .fetch_optional(db.pool())
        .await?;
    Ok(found.is_some())
}

/// Best match: the candidates that match any concept (newest first, at most [`CANDIDATES`]),
/// ranked by [`search::rank`]; without keywords, newest first.
async fn best_match(
    db: &Db,
    f: &Filters<'_>,
    query: &Query,
    cursor: Option<Cursor>,
    want: usize,
) -> AppResult<Vec<(i64, Cursor)>> {
    let (snapshot, offset) = match cursor {
        Some(Cursor::Ranked(snapshot, n)) => (Some(snapshot), n.max(0) as usize),
        _ => (None, 0),
    };
    let ids: Vec<i64> = if query.is_empty() {
        // No keywords: newest first.
        f.newest(db, None, snapshot.map(|s| s.saturating_add(1)), offset + want).await?
    } else {
        let any = Keywords::of(query, "OR");
        let id = f.id_column(Some(&any));
        let mut sql = f.select(id, Some(&any));
        sql.text =
            sql.text.replacen(&format!("SELECT l.id, {id} AS k "), "SELECT l.id, l.search_title, l.search_body ", 1);
        if let Some(s) = snapshot {
            sql.push(&format!(" AND {id} <= ")).arg(Arg::Int(s));
        }
        sql.push(&format!(" ORDER BY {id} DESC LIMIT ")).arg(Arg::Int(CANDIDATES));
        let rows: Vec<(i64, String, String)> = sql.query_as().fetch_all(db.pool()).await?;
        let newest = rows.first().map(|r| r.0);
        let ranked = search::rank(query, &rows);
        let snapshot = snapshot.or(newest).unwrap_or(0);
        return Ok(ranked
            .into_iter()
            .enumerate()
            .skip(offset)
            .take(want)
            .map(|(i, id)| (id, Cursor::Ranked(snapshot, i as i64 + 1)))
            .collect());
    };
    let snapshot = snapshot.or(ids.first().copied()).unwrap_or(0);
    Ok(ids.into_iter().enumerate().skip(offset).map(|(i, id)| (id, Cursor::Ranked(snapshot, i as i64 + 1))).collect())
}

/// Nearest first: communities by distance from the searcher, each community's listings newest
/// first. (A listing's place is its community's, never an address.)
async fn nearest(
    db: &Db,
    f: &Filters<'_>,
    (lat, lng): (f64, f64),
    cursor: Option<Cursor>,
    want: usize,
) -> AppResult<Vec<(i64, Cursor)>> {
    let mut places: Vec<(i64, f64, f64)> =
        sqlx::query_as("SELECT id, lat, lng FROM communities").fetch_all(db.pool()).await?;
    if let Some(only) = f.q.community_id {
        places.retain(|(id, _, _)| *id == only);
    }
    let mut order: Vec<(f64, i64)> =
        places.into_iter().map(|(id, la, ln)| (haversine_km(lat, lng, la, ln), id)).collect();
    order.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let (mut skipping, mut before) = match cursor {
        Some(Cursor::Near(community, id)) => (Some(community), Some(id)),
        _ => (None, None),
    };
    let mut hits = Vec::new();
    for (_, community) in order {
        if let Some(c) = skipping {
            if c != community {
                continue; // before the cursor's community
            }
            skipping = None;
        }
        let scoped = Filters {
            q: &SearchQuery { community_id: Some(community), ..f.q.clone() },
            matching: f.matching.clone(),
            backend: f.backend,
            now: f.now,
            reuse_plans: true,
        };
        let ids = scoped.newest(db, None, before.take(), want - hits.len()).await?;
        hits.extend(ids.into_iter().map(|id| (id, Cursor::Near(community, id))));
        if hits.len() >= want {
            break;
        }
    }
    Ok(hits)
}

/// Cards for these ids, in this order.
async fn cards(db: &Db, ids: &[i64], from: Option<(f64, f64)>) -> AppResult<Vec<ListingCard>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let list: Vec<String> = ids.iter().map(i64::to_string).collect();
    // Ids are integers from our own query: inlining them is safe and keeps one statement.
    let sql = format!("SELECT {CARD_COLUMNS} {CARD_JOINS} WHERE l.id IN ({})", list.join(","));
    let mut rows: Vec<CardRow> = sqlx::query_as(&sql).fetch_all(db.pool()).await?;
    rows.sort_by_key(|r| ids.iter().position(|id| *id == r.id));
    Ok(rows.into_iter().map(|r| card(r, from)).collect())
}

/// A seller's own listings, every status, newest first.
pub async fn by_seller(db: &Db, seller_id: i64) -> AppResult<Vec<ListingCard>> {
    let sql = format!(
        "SELECT {CARD_COLUMNS}, l.hidden_reason {CARD_JOINS} WHERE l.seller_id = $1 ORDER BY l.id DESC LIMIT 500"
    );
    let rows: Vec<CardRow> = sqlx::query_as(&sql).bind(seller_id).fetch_all(db.pool()).await?;
    Ok(rows.into_iter().map(|r| card(r, None)).collect())
}

/// A user's favourites, most recently favourited first; listings hidden since, or whose
/// seller is suspended at `now`, drop out.
pub async fn favourites_of(db: &Db, user_id: i64, now: i64) -> AppResult<Vec<ListingCard>> {
    let sql = format!(
        "SELECT {CARD_COLUMNS} {CARD_JOINS} JOIN favourites f ON f.listing_id = l.id \
         WHERE f.user_id = $1 AND l.hidden_at IS NULL AND NOT {} \
         ORDER BY f.created_at DESC, l.id DESC LIMIT 500",
        super::moderation::suspended_sql("l.seller_id", now)
    );
    let rows: Vec<CardRow> = sqlx::query_as(&sql).bind(user_id).fetch_all(db.pool()).await?;
    Ok(rows.into_iter().map(|r| card(r, None)).collect())
}

// --- favourites and reports ---

/// Adds or removes a favourite (idempotent); returns the listing's favourite count.
pub async fn set_favourite(db: &Db, user_id: i64, listing_id: i64, on: bool) -> AppResult<i64> {
    if on {
        sqlx::query(
            "INSERT INTO favourites (user_id, listing_id, created_at) VALUES ($1, $2, $3) \
             ON CONFLICT (user_id, listing_id) DO NOTHING",
        )
        .bind(user_id)
        .bind(listing_id)
        .bind(now())
        .execute(db.pool())
        .await?;
    } else {
        sqlx::query("DELETE FROM favourites WHERE user_id = $1 AND listing_id = $2")
            .bind(user_id)
            .bind(listing_id)
            .execute(db.pool())
            .await?;
    }
    favourite_count(db, listing_id).await
}

pub async fn favourite_count(db: &Db, listing_id: i64) -> AppResult<i64> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM favourites WHERE listing_id = $1")
        .bind(listing_id)
        .fetch_one(db.pool())
        .await?)
}

/// Files a report; a second report by the same account changes nothing. Returns whether this
/// account had already reported the listing.
pub async fn report(db: &Db, listing_id: i64, reporter_id: i64, reason: &str, note: &str) -> AppResult<bool> {
    let inserted = sqlx::query(
        "INSERT INTO reports (listing_id, reporter_id, reason, note, created_at) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (listing_id, reporter_id) DO NOTHING",
    )
    .bind(listing_id)
    .bind(reporter_id)
    .bind(reason)
    .bind(note.trim())
    .bind(now())
    .execute(db.pool())
    .await?
    .rows_affected();
    Ok(inserted == 0)
}

pub async fn report_count(db: &Db, listing_id: i64) -> AppResult<i64> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM reports WHERE listing_id = $1")
        .bind(listing_id)
        .fetch_one(db.pool())
        .await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_belong_to_their_sort() {
        for (c, sort) in [
            (Cursor::Id(42), Sort::Newest),
            (Cursor::Price(1200, 7), Sort::PriceAsc),
            (Cursor::Near(3, 9), Sort::Nearest),
            (Cursor::Ranked(90, 5), Sort::BestMatch),
        ] {
            assert_eq!(Cursor::decode(&c.encode(), sort), Some(c));
        }
        assert_eq!(Cursor::decode("n.42", Sort::PriceAsc), None);
        assert_eq!(Cursor::decode("n.abc", Sort::Newest), None);
        assert_eq!(Cursor::decode("", Sort::Newest), None);
        assert_eq!(Cursor::decode("b.3.-1", Sort::BestMatch), None);
    }
}
