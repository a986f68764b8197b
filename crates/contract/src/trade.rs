//! Trades (交易): one per reservation of a listing, between its owner (seller) and the resident
//! who asked for it (buyer), with their message thread and their ratings of each other.
//!
//! ```text
//! requested ──accept──▶ accepted ──both confirm the hand-over──▶ completed ──▶ ratings
//!     │ decline / cancel / 72 h          │ cancel (before hand-over)
//!     ▼                                  ▼
//!  declined · cancelled · expired     cancelled          (disputed: from accepted or completed,
//!                                                          with the disputes feature)
//! ```

use crate::credit::Level;
use crate::error::ErrorCode;
use crate::lang::Lang;
use crate::listing::Offer;
use serde::{Deserialize, Serialize};

pub mod limits {
    /// An unanswered request expires after this long.
    pub const REQUEST_TTL_SECS: i64 = 72 * 3600;
    /// Each side may rate the other for this long after completion; ratings stay hidden until
    /// both rated or this window closed.
    pub const RATING_WINDOW_SECS: i64 = 14 * 24 * 3600;
    pub const MESSAGE_MAX: usize = 500;
    pub const SWAP_OFFER_MAX: usize = 60;
    pub const REASON_MIN: usize = 2;
    pub const REASON_MAX: usize = 200;
    pub const COMMENT_MAX: usize = 300;
}
use limits::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TradeState {
    Requested,
    Accepted,
    Completed,
    Declined,
    Cancelled,
    Expired,
    Disputed,
}

impl TradeState {
    pub const ALL: [TradeState; 7] = [
        TradeState::Requested,
        TradeState::Accepted,
        TradeState::Completed,
        TradeState::Declined,
        TradeState::Cancelled,
        TradeState::Expired,
        TradeState::Disputed,
    ];

    pub fn key(self) -> &'static str {
        match self {
            TradeState::Requested => "requested",
            TradeState::Accepted => "accepted",
            TradeState::Completed => "completed",
            TradeState::Declined => "declined",
            TradeState::Cancelled => "cancelled",
            TradeState::Expired => "expired",
            TradeState::Disputed => "disputed",
        }
    }

    pub fn parse(key: &str) -> Option<TradeState> {
        TradeState::ALL.into_iter().find(|s| s.key() == key)
    }

    /// Still going: the trade can be cancelled or moved on.
    pub fn is_open(self) -> bool {
        matches!(self, TradeState::Requested | TradeState::Accepted)
    }

    /// The two may still write to each other: while the trade goes on and after a completed
    /// hand-over (questions about the item, the rating), not after a decline, cancel or expiry.
    pub fn accepts_messages(self) -> bool {
        self.is_open() || matches!(self, TradeState::Completed | TradeState::Disputed)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            TradeState::Requested => lang.pick("等待卖家回应", "Waiting for the owner"),
            TradeState::Accepted => lang.pick("已预订，待交接", "Reserved, to hand over"),
            TradeState::Completed => lang.pick("交易完成", "Completed"),
            TradeState::Declined => lang.pick("已拒绝", "Declined"),
            TradeState::Cancelled => lang.pick("已取消", "Cancelled"),
            TradeState::Expired => lang.pick("已过期", "Expired"),
            TradeState::Disputed => lang.pick("纠纷处理中", "In dispute"),
        }
    }
}

/// Which side of the trade the viewer is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Side {
    /// The listing's owner.
    Seller,
    /// The resident who asked for it.
    Buyer,
}

/// What a rating can say besides its stars.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RatingTag {
    OnTime,
    AsDescribed,
    Friendly,
    GoodCommunication,
    FairPrice,
    Late,
    NotAsDescribed,
    NoShow,
}

impl RatingTag {
    pub const ALL: [RatingTag; 8] = [
        RatingTag::OnTime,
        RatingTag::AsDescribed,
        RatingTag::Friendly,
        RatingTag::GoodCommunication,
        RatingTag::FairPrice,
        RatingTag::Late,
        RatingTag::NotAsDescribed,
        RatingTag::NoShow,
    ];

    pub fn key(self) -> &'static str {
        match self {
            RatingTag::OnTime => "on_time",
            RatingTag::AsDescribed => "as_described",
            RatingTag::Friendly => "friendly",
            RatingTag::GoodCommunication => "good_communication",
            RatingTag::FairPrice => "fair_price",
            RatingTag::Late => "late",
            RatingTag::NotAsDescribed => "not_as_described",
            RatingTag::NoShow => "no_show",
        }
    }

    pub fn parse(key: &str) -> Option<RatingTag> {
        RatingTag::ALL.into_iter().find(|t| t.key() == key)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            RatingTag::OnTime => lang.pick("准时", "On time"),
            RatingTag::AsDescribed => lang.pick("与描述相符", "As described"),
            RatingTag::Friendly => lang.pick("友好", "Friendly"),
            RatingTag::GoodCommunication => lang.pick("沟通顺畅", "Good communication"),
            RatingTag::FairPrice => lang.pick("价格公道", "Fair price"),
            RatingTag::Late => lang.pick("迟到", "Late"),
            RatingTag::NotAsDescribed => lang.pick("与描述不符", "Not as described"),
            RatingTag::NoShow => lang.pick("爽约", "Did not show up"),
        }
    }
}

/// `POST /api/v1/listings/{id}/trades`: "I want it" or "offer a swap".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TradeRequest {
    /// A first message to the owner (optional).
    #[serde(default)]
    pub message: String,
    /// For swap listings: what the buyer offers in exchange (required there).
    #[serde(default)]
    pub swap_offer: String,
}

/// `POST /api/v1/trades/{id}/cancel`
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CancelRequest {
    pub reason: String,
}

/// `POST /api/v1/trades/{id}/messages`
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewMessage {
    pub body: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Message {
    pub id: i64,
    pub sender_id: i64,
    pub body: String,
    pub created_at: i64,
}

/// `POST /api/v1/trades/{id}/rating`
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RatingInput {
    /// 1–5.
    pub stars: u8,
    #[serde(default)]
    pub tags: Vec<RatingTag>,
    #[serde(default)]
    pub comment: String,
}

/// A rating as shown once it is visible.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Rating {
    pub rater_id: i64,
    pub rater_name: String,
    pub stars: u8,
    pub tags: Vec<RatingTag>,
    pub comment: String,
    pub created_at: i64,
}

/// A party of a trade, as the other party sees them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Party {
    pub id: i64,
    pub display_name: String,
    pub level: Level,
}

/// The listing a trade is about, as it was.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TradeItem {
    pub listing_id: i64,
    pub title: String,
    pub thumb_url: String,
    pub offer: Offer,
}

/// Where the ratings of a completed trade stand, for the viewer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Ratings {
    /// The viewer may still rate.
    pub can_rate: bool,
    /// The viewer's own rating (always visible to them).
    pub mine: Option<Rating>,
    /// The other party's rating of the viewer: only once both rated or the window closed.
    pub theirs: Option<Rating>,
    /// The other party has rated (without saying how, until it is visible).
    pub theirs_submitted: bool,
    /// Unix seconds when rating closes.
    pub window_closes_at: i64,
}

/// `GET /api/v1/trades/{id}`: everything a party sees.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TradeView {
    pub id: i64,
    pub item: TradeItem,
    pub state: TradeState,
    pub my_side: Side,
    pub seller: Party,
    pub buyer: Party,
    /// For swaps: what the buyer offers.
    pub swap_offer: String,
    pub buyer_confirmed: bool,
    pub seller_confirmed: bool,
    pub cancel_reason: Option<String>,
    pub created_at: i64,
    /// When an unanswered request expires.
    pub expires_at: i64,
    pub completed_at: Option<i64>,
    pub ratings: Option<Ratings>,
    /// Estimated kg CO2e this trade avoided (once completed).
    pub kg_co2e: Option<f64>,
    pub unread: i64,
}

/// A line of "my trades".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TradeSummary {
    pub id: i64,
    pub item: TradeItem,
    pub state: TradeState,
    pub my_side: Side,
    pub counterpart: Party,
    pub unread: i64,
    /// The viewer has something to do (answer a request, confirm, rate).
    pub needs_action: bool,
    pub updated_at: i64,
}

/// `GET /api/v1/me/unread`: for the badge on the Me tab.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Unread {
    pub messages: i64,
    pub actions: i64,
}

/// `GET /api/v1/users/{id}`: a trader's public profile.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Profile {
    pub id: i64,
    pub display_name: String,
    pub member_since: i64,
    pub credit: crate::credit::CreditReport,
    pub ratings: Vec<Rating>,
    pub impact: crate::impact::Impact,
}

// --- validation ---

fn chars(s: &str) -> usize {
    s.trim().chars().count()
}

/// The contract's one free-text rule (`crate::text`).
fn text_ok(s: &str) -> bool {
    crate::text::check(s, crate::text::TextKind::MultiLine).is_ok()
}

pub fn request(req: &TradeRequest, swap: bool) -> Result<(), (&'static str, ErrorCode)> {
    if chars(&req.message) > MESSAGE_MAX {
        return Err(("message", ErrorCode::MessageTooLong));
    }
    if !text_ok(&req.message) {
        return Err(("message", ErrorCode::TextInvalid));
    }
    if !text_ok(&req.swap_offer) {
        return Err(("swap_offer", ErrorCode::TextInvalid));
    }
    match chars(&req.swap_offer) {
        0 if swap => Err(("swap_offer", ErrorCode::Required)),
        n if n > SWAP_OFFER_MAX => Err(("swap_offer", ErrorCode::SwapForTooLong)),
        _ => Ok(()),
    }
}

pub fn message(body: &str) -> Result<(), ErrorCode> {
    match chars(body) {
        0 => Err(ErrorCode::Required),
        n if n > MESSAGE_MAX => Err(ErrorCode::MessageTooLong),
        _ if !text_ok(body) => Err(ErrorCode::TextInvalid),
        _ => Ok(()),
    }
}

pub fn reason(text: &str) -> Result<(), ErrorCode> {
    match chars(text) {
        0 => Err(ErrorCode::Required),
        n if n < REASON_MIN => Err(ErrorCode::ReasonTooShort),
        n if n > REASON_MAX => Err(ErrorCode::NoteTooLong),
        _ if !text_ok(text) => Err(ErrorCode::TextInvalid),
        _ => Ok(()),
    }
}

pub fn rating(input: &RatingInput) -> Result<(), (&'static str, ErrorCode)> {
    if !(1..=5).contains(&input.stars) {
        return Err(("stars", ErrorCode::StarsInvalid));
    }
    if chars(&input.comment) > COMMENT_MAX {
        return Err(("comment", ErrorCode::NoteTooLong));
    }
    if !text_ok(&input.comment) {
        return Err(("comment", ErrorCode::TextInvalid));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swaps_need_an_offer() {
        assert_eq!(request(&TradeRequest::default(), true), Err(("swap_offer", ErrorCode::Required)));
        assert_eq!(request(&TradeRequest::default(), false), Ok(()));
        let long = TradeRequest { message: "话".repeat(501), ..Default::default() };
        assert_eq!(request(&long, false), Err(("message", ErrorCode::MessageTooLong)));
    }

    #[test]
    fn ratings_are_one_to_five_stars() {
        for stars in [0, 6] {
            assert_eq!(rating(&RatingInput { stars, ..Default::default() }).unwrap_err().1, ErrorCode::StarsInvalid);
        }
        assert!(rating(&RatingInput { stars: 5, ..Default::default() }).is_ok());
    }

    #[test]
    fn states_round_trip() {
        for s in TradeState::ALL {
            assert_eq!(TradeState::parse(s.key()), Some(s));
        }
        assert!(TradeState::Requested.is_open() && !TradeState::Completed.is_open());
    }
}
