//! Trades (交易): one per reservation of a listing, between its owner (seller) and the resident
//! who asked for it (buyer), with their message thread and their ratings of each other.
//!
//! ```text
//! requested ──accept──▶ accepted ──both confirm the hand-over──▶ completed ──▶ ratings
//!     │ decline / cancel / 72 h          │ cancel before anyone confirmed, or by either side
//!     ▼                                  │ once the hand-over deadline passed; lapses 3 days later
//!  declined · cancelled · expired        ▼
//!                                     cancelled · expired
//! ```
//!
//! The rules are the table [`TradeFacts::RULES`]; see [`crate::lifecycle`].

use crate::credit::Level;
use crate::error::ErrorCode;
use crate::field::{Errors, Field, FieldError, Validate};
use crate::lang::Lang;
use crate::lifecycle::{self, Machine, Rule};
use crate::listing::{ListingAction, ListingFacts, ListingRole, Offer};
use serde::{Deserialize, Serialize};

pub mod limits {
    /// An unanswered request expires after this long.
    pub const REQUEST_TTL_SECS: i64 = 72 * 3600;
    /// Each side may rate the other for this long after completion; ratings stay hidden until
    /// both rated or this window closed.
    pub const RATING_WINDOW_SECS: i64 = 14 * 24 * 3600;
    /// An accepted trade should be handed over within this long; after it either side may
    /// cancel, even after the other confirmed (nobody can hold a listing hostage).
    pub const HANDOVER_SECS: i64 = 7 * 24 * 3600;
    /// An accepted trade nobody finished or cancelled lapses this long after its hand-over
    /// deadline, and the listing is free again.
    pub const HANDOVER_GRACE_SECS: i64 = 3 * 24 * 3600;
    pub const MESSAGE_MAX: usize = 500;
    pub const SWAP_OFFER_MAX: usize = 60;
    pub const REASON_MIN: usize = 2;
    pub const REASON_MAX: usize = 200;
    pub const COMMENT_MAX: usize = 300;
    /// A completed trade can be disputed for this long after completion.
    pub const DISPUTE_WINDOW_SECS: i64 = 7 * 24 * 3600;
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

impl Side {
    pub fn other(self) -> Side {
        match self {
            Side::Seller => Side::Buyer,
            Side::Buyer => Side::Seller,
        }
    }
}

/// What a party can do to a trade.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TradeAction {
    Accept,
    Decline,
    /// Confirm the hand-over; the second confirmation completes the trade.
    Confirm,
    Rate,
    Cancel,
    Message,
    /// Open a dispute (纠纷): the trade is frozen until a moderator decides it.
    Dispute,
}

impl TradeAction {
    /// Something the other side waits for (counted in the Me tab's badge); cancelling or
    /// writing is always possible and waits for nobody.
    pub fn is_awaited(self) -> bool {
        matches!(self, TradeAction::Accept | TradeAction::Confirm | TradeAction::Rate)
    }
}

/// The facts of a trade its rules depend on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TradeFacts {
    /// As stored; see [`Machine::state`] for the state as of now.
    pub stored: TradeState,
    /// When an unanswered request expires.
    pub expires_at: i64,
    pub accepted_at: Option<i64>,
    pub buyer_confirmed: bool,
    pub seller_confirmed: bool,
    pub completed_at: Option<i64>,
    pub buyer_rated: bool,
    pub seller_rated: bool,
    /// A dispute about it was filed before (one per trade: the moderator's decision is final).
    pub disputed_before: bool,
    /// The listing it is about: a request can only be accepted while the listing can be held.
    pub listing: ListingFacts,
}

impl TradeFacts {
    /// When an accepted trade should have been handed over.
    pub fn handover_due_at(&self) -> Option<i64> {
        self.accepted_at.map(|a| a + HANDOVER_SECS)
    }

    /// When a completed trade's rating window closes.
    pub fn rating_closes_at(&self) -> Option<i64> {
        self.completed_at.map(|c| c + RATING_WINDOW_SECS)
    }

    fn confirmed(&self, side: Side) -> bool {
        match side {
            Side::Buyer => self.buyer_confirmed,
            Side::Seller => self.seller_confirmed,
        }
    }

    fn rated(&self, side: Side) -> bool {
        match side {
            Side::Buyer => self.buyer_rated,
            Side::Seller => self.seller_rated,
        }
    }

    /// Whether this side's confirmation is the second one (then the trade completes).
    pub fn completes_on_confirm(&self, side: Side) -> bool {
        self.confirmed(side.other())
    }

    pub fn actions(&self, side: Side, now: i64) -> Vec<TradeAction> {
        lifecycle::allowed(self, &[side], now)
    }
}

const BOTH: &[Side] = &[Side::Buyer, Side::Seller];

fn cancel_accepted(t: &TradeFacts, _: Side, now: i64) -> Result<(), ErrorCode> {
    let nobody_confirmed = !t.buyer_confirmed && !t.seller_confirmed;
    let overdue = t.handover_due_at().is_some_and(|due| now >= due);
    if nobody_confirmed || overdue {
        Ok(())
    } else {
        Err(ErrorCode::HandoverStarted)
    }
}

fn accept(t: &TradeFacts, _: Side, now: i64) -> Result<(), ErrorCode> {
    if t.listing.hidden {
        return Err(ErrorCode::ListingNotAvailable);
    }
    if t.listing.status == crate::listing::Status::Reserved {
        return Err(ErrorCode::AlreadyReserved);
    }
    lifecycle::decide(&t.listing, &[ListingRole::Trade], ListingAction::Reserve, now).map(|_| ())
}

fn confirm(t: &TradeFacts, side: Side, _: i64) -> Result<(), ErrorCode> {
    if t.confirmed(side) {
        Err(ErrorCode::TradeStateInvalid)
    } else {
        Ok(())
    }
}

fn rate(t: &TradeFacts, side: Side, now: i64) -> Result<(), ErrorCode> {
    if t.rating_closes_at().is_none_or(|closes| now >= closes) {
        Err(ErrorCode::RatingWindowClosed)
    } else if t.rated(side) {
        Err(ErrorCode::AlreadyRated)
    } else {
        Ok(())
    }
}

/// A completed trade can be disputed only within [`DISPUTE_WINDOW_SECS`] of completion.
/// One dispute per trade: a disputed trade refuses another, and a decided one cannot be
/// filed again.
fn dispute(t: &TradeFacts, _: Side, now: i64) -> Result<(), ErrorCode> {
    match (t.stored, t.completed_at) {
        (TradeState::Disputed, _) => Err(ErrorCode::DisputeOpen),
        _ if t.disputed_before => Err(ErrorCode::DisputeDecided),
        (TradeState::Completed, Some(done)) if now >= done + DISPUTE_WINDOW_SECS => Err(ErrorCode::DisputeWindowClosed),
        _ => Ok(()),
    }
}

impl Machine for TradeFacts {
    type State = TradeState;
    type Action = TradeAction;
    type Role = Side;

    const RULES: &'static [Rule<Self>] = {
        use TradeAction::*;
        use TradeState::*;
        &[
            Rule { from: &[Requested], action: Accept, by: &[Side::Seller], to: Some(Accepted), guard: accept },
            Rule { from: &[Requested], action: Decline, by: &[Side::Seller], to: Some(Declined), guard: lifecycle::ok },
            Rule { from: &[Requested], action: Cancel, by: &[Side::Buyer], to: Some(Cancelled), guard: lifecycle::ok },
            Rule { from: &[Accepted], action: Cancel, by: BOTH, to: Some(Cancelled), guard: cancel_accepted },
            // The second confirmation completes the trade (the database checks both columns).
            Rule { from: &[Accepted], action: Confirm, by: BOTH, to: None, guard: confirm },
            Rule { from: &[Completed], action: Rate, by: BOTH, to: None, guard: rate },
            // Questions before, during and after the hand-over; not after a decline, cancel or expiry.
            Rule {
                from: &[Requested, Accepted, Completed, Disputed],
                action: Message,
                by: BOTH,
                to: None,
                guard: lifecycle::ok,
            },
            // A dispute freezes the trade (only messages until a moderator decides it); the
            // decision moves it on (see `crate::dispute::Outcome::trade_state`).
            Rule {
                from: &[Accepted, Completed, Disputed],
                action: Dispute,
                by: BOTH,
                to: Some(Disputed),
                guard: dispute,
            },
        ]
    };

    fn conflict(_: TradeAction) -> ErrorCode {
        ErrorCode::TradeStateInvalid
    }

    /// Declining a request or cancelling frees the other side; accepting, confirming, rating,
    /// writing and disputing wait until the suspension ends.
    fn open_while_suspended(action: TradeAction) -> bool {
        matches!(action, TradeAction::Decline | TradeAction::Cancel)
    }

    fn state(&self, now: i64) -> TradeState {
        match self.stored {
            TradeState::Requested if now >= self.expires_at => TradeState::Expired,
            TradeState::Accepted if self.handover_due_at().is_some_and(|due| now >= due + HANDOVER_GRACE_SECS) => {
                TradeState::Expired
            }
            s => s,
        }
    }
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

/// `POST /api/v1/trades/{id}/read`: the reader has seen the thread up to this message.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReadMark {
    pub last_id: i64,
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
    /// When an accepted trade should be handed over; after it either side may cancel.
    pub handover_due_at: Option<i64>,
    /// What the viewer may do now (the app shows buttons for these only).
    pub actions: Vec<TradeAction>,
    pub completed_at: Option<i64>,
    pub ratings: Option<Ratings>,
    /// Estimated kg CO2e this trade avoided (once completed).
    pub kg_co2e: Option<f64>,
    pub unread: i64,
    /// The trade's latest dispute, if any (open, or decided with its decision).
    #[serde(default)]
    pub dispute_id: Option<i64>,
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
    pub actions: Vec<TradeAction>,
    pub updated_at: i64,
    /// The trade's latest dispute, if it has one (open: the trade is frozen).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dispute: Option<DisputeMark>,
}

/// A trade's latest dispute, as its row in a list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DisputeMark {
    pub id: i64,
    /// A moderator decided it (`outcome` says how).
    pub decided: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<crate::dispute::Outcome>,
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

pub fn request(req: &TradeRequest, swap: bool) -> Result<(), FieldError> {
    if chars(&req.message) > MESSAGE_MAX {
        return Err(FieldError::new(Field::Message, ErrorCode::MessageTooLong));
    }
    if !text_ok(&req.message) {
        return Err(FieldError::new(Field::Message, ErrorCode::TextInvalid));
    }
    if !text_ok(&req.swap_offer) {
        return Err(FieldError::new(Field::SwapOffer, ErrorCode::TextInvalid));
    }
    match chars(&req.swap_offer) {
        0 if swap => Err(FieldError::new(Field::SwapOffer, ErrorCode::Required)),
        n if n > SWAP_OFFER_MAX => Err(FieldError::new(Field::SwapOffer, ErrorCode::SwapForTooLong)),
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

impl Validate for RatingInput {
    fn errors(&self) -> Vec<FieldError> {
        let mut form = Errors::default();
        if !(1..=5).contains(&self.stars) {
            form.check(Field::Stars, Err(ErrorCode::StarsInvalid));
        }
        if chars(&self.comment) > COMMENT_MAX {
            form.check(Field::Comment, Err(ErrorCode::NoteTooLong));
        } else if !text_ok(&self.comment) {
            form.check(Field::Comment, Err(ErrorCode::TextInvalid));
        }
        form.into_vec()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swaps_need_an_offer() {
        assert_eq!(
            request(&TradeRequest::default(), true),
            Err(FieldError::new(Field::SwapOffer, ErrorCode::Required))
        );
        assert_eq!(request(&TradeRequest::default(), false), Ok(()));
        let long = TradeRequest { message: "话".repeat(501), ..Default::default() };
        assert_eq!(request(&long, false), Err(FieldError::new(Field::Message, ErrorCode::MessageTooLong)));
    }

    #[test]
    fn ratings_are_one_to_five_stars() {
        for stars in [0, 6] {
            assert_eq!(RatingInput { stars, ..Default::default() }.check().unwrap_err().code, ErrorCode::StarsInvalid);
        }
        assert!(RatingInput { stars: 5, ..Default::default() }.check().is_ok());
    }

    #[test]
    fn states_round_trip() {
        for s in TradeState::ALL {
            assert_eq!(TradeState::parse(s.key()), Some(s));
        }
    }

    const T0: i64 = 1_800_000_000;

    fn requested() -> TradeFacts {
        TradeFacts {
            stored: TradeState::Requested,
            expires_at: T0 + REQUEST_TTL_SECS,
            accepted_at: None,
            buyer_confirmed: false,
            seller_confirmed: false,
            completed_at: None,
            buyer_rated: false,
            seller_rated: false,
            disputed_before: false,
            listing: ListingFacts::shown(Status::Active),
        }
    }

    fn accepted() -> TradeFacts {
        TradeFacts { stored: TradeState::Accepted, accepted_at: Some(T0), ..requested() }
    }

    use crate::listing::Status;
    use lifecycle::decide;
    use TradeAction::*;

    #[test]
    fn only_the_owner_answers_a_request_and_only_in_time() {
        let t = requested();
        assert_eq!(t.actions(Side::Seller, T0), [Accept, Decline, Message]);
        assert_eq!(t.actions(Side::Buyer, T0), [Cancel, Message]);
        assert_eq!(decide(&t, &[Side::Buyer], Accept, T0), Err(ErrorCode::Forbidden));
        let late = T0 + REQUEST_TTL_SECS;
        assert_eq!(t.state(late), TradeState::Expired);
        assert_eq!(decide(&t, &[Side::Seller], Accept, late), Err(ErrorCode::TradeStateInvalid));
        assert!(t.actions(Side::Seller, late).is_empty());
    }

    #[test]
    fn a_request_is_accepted_only_while_the_listing_can_be_held() {
        for (listing, code) in [
            (ListingFacts::shown(Status::Withdrawn), ErrorCode::ListingNotAvailable),
            (ListingFacts::shown(Status::Reserved), ErrorCode::AlreadyReserved),
            (ListingFacts { hidden: true, ..ListingFacts::shown(Status::Active) }, ErrorCode::ListingNotAvailable),
        ] {
            let t = TradeFacts { listing, ..requested() };
            assert_eq!(decide(&t, &[Side::Seller], Accept, T0), Err(code), "{listing:?}");
            assert_eq!(t.actions(Side::Seller, T0), [Decline, Message]);
        }
    }

    #[test]
    fn a_started_hand_over_can_be_left_once_overdue() {
        let t = TradeFacts { buyer_confirmed: true, ..accepted() };
        assert_eq!(decide(&t, &[Side::Seller], Cancel, T0 + 1), Err(ErrorCode::HandoverStarted));
        assert_eq!(t.actions(Side::Buyer, T0 + 1), [Message, Dispute], "the buyer already confirmed");
        assert_eq!(t.actions(Side::Seller, T0 + 1), [Confirm, Message, Dispute]);
        let overdue = T0 + HANDOVER_SECS;
        assert!(decide(&t, &[Side::Seller], Cancel, overdue).is_ok());
        assert!(decide(&t, &[Side::Buyer], Cancel, overdue).is_ok());
        assert_eq!(t.state(overdue + HANDOVER_GRACE_SECS), TradeState::Expired);
        assert!(t.actions(Side::Buyer, overdue + HANDOVER_GRACE_SECS).is_empty());
    }

    #[test]
    fn ratings_once_each_within_the_window() {
        let done = TradeFacts {
            stored: TradeState::Completed,
            completed_at: Some(T0),
            buyer_confirmed: true,
            seller_confirmed: true,
            buyer_rated: true,
            ..accepted()
        };
        assert_eq!(decide(&done, &[Side::Buyer], Rate, T0), Err(ErrorCode::AlreadyRated));
        assert!(decide(&done, &[Side::Seller], Rate, T0).is_ok());
        let closed = T0 + RATING_WINDOW_SECS;
        assert_eq!(decide(&done, &[Side::Seller], Rate, closed), Err(ErrorCode::RatingWindowClosed));
        assert_eq!(done.actions(Side::Seller, closed), [Message]);
    }

    #[test]
    fn closed_trades_allow_nothing() {
        for stored in [TradeState::Declined, TradeState::Cancelled, TradeState::Expired] {
            let t = TradeFacts { stored, ..accepted() };
            for side in [Side::Buyer, Side::Seller] {
                assert!(t.actions(side, T0).is_empty(), "{stored:?}");
            }
        }
    }

    #[test]
    fn a_dispute_freezes_the_trade_and_opens_only_in_its_window() {
        let t = accepted();
        assert!(decide(&t, &[Side::Buyer], Dispute, T0).is_ok());
        assert_eq!(decide(&t, &[Side::Seller], Dispute, T0).map(|m| m.to), Ok(TradeState::Disputed));
        let frozen = TradeFacts { stored: TradeState::Disputed, ..accepted() };
        for side in [Side::Buyer, Side::Seller] {
            assert_eq!(frozen.actions(side, T0), [Message], "only messages while disputed");
            assert_eq!(decide(&frozen, &[side], Dispute, T0), Err(ErrorCode::DisputeOpen));
            assert_eq!(frozen.state(T0 + HANDOVER_SECS + HANDOVER_GRACE_SECS), TradeState::Disputed, "never lapses");
        }
        let done = TradeFacts { stored: TradeState::Completed, completed_at: Some(T0), ..accepted() };
        assert!(decide(&done, &[Side::Seller], Dispute, T0 + DISPUTE_WINDOW_SECS - 1).is_ok());
        assert_eq!(
            decide(&done, &[Side::Seller], Dispute, T0 + DISPUTE_WINDOW_SECS),
            Err(ErrorCode::DisputeWindowClosed)
        );
        let requested = requested();
        assert_eq!(decide(&requested, &[Side::Buyer], Dispute, T0), Err(ErrorCode::TradeStateInvalid));
    }

    #[test]
    fn a_decided_dispute_is_final() {
        let decided =
            TradeFacts { stored: TradeState::Completed, completed_at: Some(T0), disputed_before: true, ..accepted() };
        for side in [Side::Buyer, Side::Seller] {
            assert_eq!(decide(&decided, &[side], Dispute, T0 + 1), Err(ErrorCode::DisputeDecided));
            assert!(!decided.actions(side, T0 + 1).contains(&Dispute), "no button for it either");
        }
    }
}
