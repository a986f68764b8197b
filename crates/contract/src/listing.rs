//! Listings (闲置物品): what a resident offers, how it is found, and its life cycle.

use crate::error::ErrorCode;
use crate::field::{Errors, Field, FieldError, Validate};
use crate::lang::Lang;
use crate::lifecycle::{self, Machine, Rule};
use crate::text::{self, TextKind};
use serde::{Deserialize, Serialize};

pub mod limits {
    pub const TITLE_MIN: usize = 2;
    pub const TITLE_MAX: usize = 60;
    pub const DESCRIPTION_MAX: usize = 2000;
    pub const PICKUP_NOTE_MAX: usize = 200;
    pub const SWAP_FOR_MAX: usize = 60;
    pub const PHOTOS_MIN: usize = 1;
    pub const PHOTOS_MAX: usize = 9;
    /// ¥100,000: anything dearer is not a neighbour's idle item.
    pub const PRICE_MAX_FEN: i64 = 100_000 * 100;
    pub const REPORT_NOTE_MAX: usize = 500;
    /// The owner's note when asking a moderator to review a hide.
    pub const REVIEW_NOTE_MAX: usize = 500;
    /// Results per page of the feed and of searches.
    pub const PAGE_SIZE: usize = 20;
    pub const PAGE_SIZE_MAX: usize = 50;
}
use limits::*;

labelled_enum! {
    /// What kind of thing it is.
    Category {
        Appliances = "appliances", "家用电器", "Appliances";
        Electronics = "electronics", "数码电子", "Electronics";
        Phones = "phones", "手机通讯", "Phones";
        Furniture = "furniture", "家具家居", "Furniture";
        Clothing = "clothing", "服饰鞋包", "Clothing & textiles";
        Books = "books", "图书文具", "Books";
        BabyKids = "baby_kids", "母婴童用", "Baby & kids";
        Sports = "sports", "运动户外", "Sports";
        Other = "other", "其他", "Other";
    }
}

labelled_enum! {
    /// How worn it is (成色), graded the same way by everyone.
    Condition {
        New = "new", "全新", "New";
        LikeNew = "like_new", "几乎全新", "Like new";
        LightlyUsed = "lightly_used", "轻微使用", "Lightly used";
        Used = "used", "有使用痕迹", "Used";
        ForParts = "for_parts", "仅零件", "For parts";
    }
}

impl Condition {
    /// The one-line grading guide shown in the form.
    pub fn guide(self, lang: Lang) -> &'static str {
        match self {
            Condition::New => lang.pick("未拆封或未使用，配件齐全", "Unopened or never used, all parts included"),
            Condition::LikeNew => lang.pick("用过几次，看不出使用痕迹", "Used a few times, no visible wear"),
            Condition::LightlyUsed => lang.pick("有轻微痕迹，功能完好", "Light signs of use, works perfectly"),
            Condition::Used => lang.pick("有明显磨损或划痕，功能正常", "Visible wear or scratches, works fine"),
            Condition::ForParts => {
                lang.pick("损坏或无法正常使用，可拆零件", "Broken or not working; for parts or repair")
            }
        }
    }
}

labelled_enum! {
    /// Where a listing is in its sale. A moderator's hiding is not a status but an overlay
    /// ([`ListingFacts::hidden`]) that no trade can overwrite.
    Status {
        Active = "active", "在售", "Available";
        Reserved = "reserved", "已预订", "Reserved";
        Sold = "sold", "已售出", "Sold";
        Withdrawn = "withdrawn", "已下架", "Withdrawn";
    }
}

labelled_enum! {
    /// What the owner wants in return, without its details (filters, the form's choice).
    OfferMode {
        Sell = "sell", "出售", "Sell";
        GiveAway = "give_away", "免费送", "Give away";
        Swap = "swap", "换物", "Swap";
    }
}

labelled_enum! {
    /// Someone's role in one listing (a resident: any other signed-in account; trade: the
    /// listing's trades moving it).
    ListingRole {
        Owner = "owner", "发布者", "Owner";
        Moderator = "moderator", "管理员", "Moderator";
        Resident = "resident", "居民", "Resident";
        Trade = "trade", "交易", "Trade";
    }
}

labelled_enum! {
    /// What can be done to a listing. Reserve, release and sell are its trades' doing: an
    /// accepted trade holds it, a cancelled or lapsed one frees it, a completed one sells it.
    ListingAction {
        Edit = "edit", "编辑", "Edit";
        Withdraw = "withdraw", "下架", "Withdraw";
        Relist = "relist", "重新上架", "Re-list";
        Request = "request", "我想要", "Request";
        Favourite = "favourite", "收藏", "Favourite";
        Report = "report", "举报", "Report";
        Hide = "hide", "隐藏", "Hide";
        Unhide = "unhide", "恢复显示", "Restore";
        AskReview = "ask_review", "申请复核", "Ask for review";
        KeepHidden = "keep_hidden", "维持隐藏", "Keep hidden";
        Reserve = "reserve", "预订", "Reserve";
        Release = "release", "释放", "Release";
        Sell = "sell", "售出", "Sell";
        Return = "return", "退回", "Return";
    }
}

labelled_enum! {
    /// Where the owner's request for a review of a moderator's hide stands. One request per
    /// hide: a new hide starts again at `NotAsked`, restoring ends the hide.
    Review {
        NotAsked = "not_asked", "未申请复核", "Not asked";
        Requested = "requested", "已申请复核，等待管理员处理", "Review requested, awaiting a moderator";
        Kept = "kept", "复核后维持隐藏", "Reviewed: kept hidden";
    }
}

/// The facts of a listing its rules depend on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ListingFacts {
    pub status: Status,
    /// Hidden by a moderator: independent of the sale, which goes on underneath.
    pub hidden: bool,
    /// The owner's review request of the current hide (`NotAsked` when not hidden).
    pub review: Review,
}

impl ListingFacts {
    /// A listing's facts when no moderator has hidden it.
    pub const fn shown(status: Status) -> ListingFacts {
        ListingFacts { status, hidden: false, review: Review::NotAsked }
    }
}

fn not_hidden(l: &ListingFacts, _: ListingRole, _: i64) -> Result<(), ErrorCode> {
    if l.hidden {
        Err(ErrorCode::NotFound)
    } else {
        Ok(())
    }
}

fn hidden(l: &ListingFacts, _: ListingRole, _: i64) -> Result<(), ErrorCode> {
    if l.hidden {
        Ok(())
    } else {
        Err(ErrorCode::ListingNotEditable)
    }
}

fn shown(l: &ListingFacts, _: ListingRole, _: i64) -> Result<(), ErrorCode> {
    if l.hidden {
        Err(ErrorCode::ListingNotEditable)
    } else {
        Ok(())
    }
}

/// The owner may ask once per hide.
fn review_askable(l: &ListingFacts, _: ListingRole, _: i64) -> Result<(), ErrorCode> {
    match (l.hidden, l.review) {
        (false, _) => Err(ErrorCode::ListingNotHidden),
        (true, Review::NotAsked) => Ok(()),
        (true, _) => Err(ErrorCode::ReviewAlreadyRequested),
    }
}

/// A moderator keeps a listing hidden in answer to a pending request.
fn review_pending(l: &ListingFacts, _: ListingRole, _: i64) -> Result<(), ErrorCode> {
    match (l.hidden, l.review) {
        (false, _) => Err(ErrorCode::ListingNotHidden),
        (true, Review::Requested) => Ok(()),
        (true, _) => Err(ErrorCode::NoReviewRequested),
    }
}

impl ListingFacts {
    /// Hidden listings exist only for their owner and moderators; for anyone else they are 404.
    pub fn visible_to(&self, roles: &[ListingRole]) -> bool {
        !self.hidden || roles.iter().any(|r| matches!(r, ListingRole::Owner | ListingRole::Moderator))
    }

    pub fn actions(&self, roles: &[ListingRole]) -> Vec<ListingAction> {
        lifecycle::allowed(self, roles, 0)
    }
}

impl Machine for ListingFacts {
    type State = Status;
    type Action = ListingAction;
    type Role = ListingRole;

    const RULES: &'static [Rule<Self>] = {
        use ListingAction::*;
        use ListingRole::*;
        use Status::*;
        const ANY: &[Status] = &[Active, Reserved, Sold, Withdrawn];
        &[
            // A reserved or sold item is what the other party agreed to: it stays as it was.
            Rule { from: &[Active, Withdrawn], action: Edit, by: &[Owner], to: None, guard: lifecycle::ok },
            Rule { from: &[Active], action: Withdraw, by: &[Owner], to: Some(Withdrawn), guard: lifecycle::ok },
            Rule { from: &[Withdrawn], action: Relist, by: &[Owner], to: Some(Active), guard: lifecycle::ok },
            // Reserved items take requests too: the queue if the holding trade falls through.
            Rule { from: &[Active, Reserved], action: Request, by: &[Resident], to: None, guard: not_hidden },
            Rule { from: ANY, action: Favourite, by: &[Resident], to: None, guard: not_hidden },
            Rule { from: ANY, action: Report, by: &[Resident], to: None, guard: not_hidden },
            Rule { from: ANY, action: Hide, by: &[Moderator], to: None, guard: shown },
            Rule { from: ANY, action: Unhide, by: &[Moderator], to: None, guard: hidden },
            // The owner of a hidden listing asks a moderator to look again (once per hide); a
            // moderator restores it (Unhide) or keeps it hidden with a reason.
            Rule { from: ANY, action: AskReview, by: &[Owner], to: None, guard: review_askable },
            Rule { from: ANY, action: KeepHidden, by: &[Moderator], to: None, guard: review_pending },
            Rule { from: &[Active], action: Reserve, by: &[Trade], to: Some(Reserved), guard: lifecycle::ok },
            Rule { from: &[Reserved], action: Release, by: &[Trade], to: Some(Active), guard: lifecycle::ok },
            Rule { from: &[Reserved], action: Sell, by: &[Trade], to: Some(Sold), guard: lifecycle::ok },
            // A dispute decided for the buyer after completion: the item is its owner's again
            // (withdrawn, to re-list or leave).
            Rule { from: &[Sold], action: Return, by: &[Trade], to: Some(Withdrawn), guard: lifecycle::ok },
        ]
    };

    /// The owner tidies up (its listings are hidden from others meanwhile) and may ask for a
    /// hide to be reviewed.
    fn open_while_suspended(action: ListingAction) -> bool {
        use ListingAction::*;
        matches!(action, Edit | Withdraw | Relist | AskReview)
    }

    fn conflict(action: ListingAction) -> ErrorCode {
        match action {
            ListingAction::Request | ListingAction::Reserve => ErrorCode::ListingNotAvailable,
            _ => ErrorCode::ListingNotEditable,
        }
    }

    fn state(&self, _: i64) -> Status {
        self.status
    }
}

labelled_enum! {
    /// Why a listing is reported (举报).
    ReportReason {
        Prohibited = "prohibited", "违禁物品", "Prohibited item";
        Misleading = "misleading", "描述不符或虚假信息", "Misleading or fake";
        Fraud = "fraud", "疑似诈骗", "Suspected fraud";
        Spam = "spam", "广告或重复发布", "Spam or duplicate";
        Offensive = "offensive", "不当内容", "Offensive content";
        Other = "other", "其他", "Other";
    }
}

labelled_enum! {
    /// Order of a search's results.
    Sort {
        BestMatch = "best_match", "最相关", "Best match";
        Newest = "newest", "最新发布", "Newest";
        PriceAsc = "price_asc", "价格从低到高", "Price: low to high";
        PriceDesc = "price_desc", "价格从高到低", "Price: high to low";
        Nearest = "nearest", "离我最近", "Nearest";
    }
}

/// What the owner wants in return.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "mode", rename_all = "snake_case", try_from = "OfferWire")]
pub enum Offer {
    /// 出售: a price in fen (1 yuan = 100 fen).
    Sell { price_fen: i64 },
    /// 免费送
    GiveAway,
    /// 换物: what the owner would like instead.
    Swap { swap_for: String },
}

/// How an offer arrives: read as one flat object and then checked, instead of serde's
/// internally tagged decoding, which buffers the whole object first and costs the web app's
/// first download ~7 KB of WASM. The JSON is the same either way.
#[derive(Deserialize)]
struct OfferWire {
    mode: OfferMode,
    price_fen: Option<i64>,
    swap_for: Option<String>,
}

impl TryFrom<OfferWire> for Offer {
    type Error = &'static str;

    fn try_from(wire: OfferWire) -> Result<Offer, Self::Error> {
        match (wire.mode, wire.price_fen, wire.swap_for) {
            (OfferMode::Sell, Some(price_fen), _) => Ok(Offer::Sell { price_fen }),
            (OfferMode::Sell, None, _) => Err("missing field `price_fen`"),
            (OfferMode::GiveAway, _, _) => Ok(Offer::GiveAway),
            (OfferMode::Swap, _, Some(swap_for)) => Ok(Offer::Swap { swap_for }),
            (OfferMode::Swap, _, None) => Err("missing field `swap_for`"),
        }
    }
}

impl Offer {
    pub fn mode(&self) -> OfferMode {
        match self {
            Offer::Sell { .. } => OfferMode::Sell,
            Offer::GiveAway => OfferMode::GiveAway,
            Offer::Swap { .. } => OfferMode::Swap,
        }
    }

    pub fn price_fen(&self) -> Option<i64> {
        match self {
            Offer::Sell { price_fen } => Some(*price_fen),
            _ => None,
        }
    }
}

/// How a listing's status reads: a given-away item is 已送出, not 已售出.
pub fn status_label(status: Status, offer: &Offer, lang: Lang) -> &'static str {
    match (status, offer) {
        (Status::Sold, Offer::GiveAway) => lang.pick("已送出", "Given away"),
        (Status::Sold, Offer::Swap { .. }) => lang.pick("已换出", "Swapped"),
        (s, _) => s.label(lang),
    }
}

/// `POST /api/v1/listings` and `PUT /api/v1/listings/{id}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ListingInput {
    pub title: String,
    #[serde(default)]
    pub description: String,
    pub category: Category,
    pub condition: Condition,
    pub offer: Offer,
    pub community_id: i64,
    /// Where and when to pick it up, roughly (never an exact address).
    #[serde(default)]
    pub pickup_note: String,
    /// Keys of photos uploaded with `POST /api/v1/photos`, in display order (1–9).
    pub photos: Vec<String>,
}

/// A photo as stored: full size (long side ≤ 1600 px) and a thumbnail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Photo {
    pub key: String,
    pub url: String,
    pub thumb_url: String,
    pub width: u32,
    pub height: u32,
}

/// A listing in a feed, a search result or a list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ListingCard {
    pub id: i64,
    pub title: String,
    pub offer: Offer,
    pub condition: Condition,
    pub category: Category,
    pub status: Status,
    /// Hidden by a moderator (only its owner and moderators see it at all).
    #[serde(default, skip_serializing_if = "core::ops::Not::not")]
    pub hidden: bool,
    /// Why a moderator hid it: only in the owner's own list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hidden_reason: Option<String>,
    pub community: crate::community::Localized,
    pub thumb_url: String,
    /// Unix seconds.
    pub created_at: i64,
    pub seller_name: String,
    /// The seller's credit level (see `credit`).
    pub seller_level: crate::credit::Level,
    /// Kilometres from the searcher, when they shared a location.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub distance_km: Option<f64>,
    /// "n 人想要": favourites plus open requests (requested or accepted trades).
    #[serde(default)]
    pub want_count: i64,
    /// The cover photo at full size (its thumbnail is `thumb_url`), for `srcset`.
    #[serde(default)]
    pub photo_url: String,
    /// The cover photo's size in pixels (full size; 0 when unknown), so the card reserves the
    /// photo's own shape before it loads.
    #[serde(default)]
    pub photo_width: u32,
    #[serde(default)]
    pub photo_height: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Seller {
    pub id: i64,
    pub display_name: String,
    pub member_since: i64,
    pub level: crate::credit::Level,
}

/// `GET /api/v1/listings/{id}`
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ListingDetail {
    pub id: i64,
    pub title: String,
    pub description: String,
    pub category: Category,
    pub condition: Condition,
    pub offer: Offer,
    pub status: Status,
    pub community: crate::community::Community,
    pub pickup_note: String,
    pub photos: Vec<Photo>,
    pub seller: Seller,
    pub created_at: i64,
    pub updated_at: i64,
    pub favourite_count: i64,
    /// Whether the viewer favourited it (false when signed out).
    pub is_favourite: bool,
    pub is_owner: bool,
    /// Hidden by a moderator (then only its owner and moderators see it).
    pub hidden: bool,
    /// What the viewer may do now (the app shows buttons for these only).
    pub actions: Vec<ListingAction>,
    /// The viewer's own open trade for it (asked, or holding it): the app links to it instead
    /// of offering to ask again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub my_trade: Option<i64>,
    /// Why a moderator hid it: shown to the owner only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hidden_reason: Option<String>,
    /// The owner's review request of the hide, for the owner and moderators (absent for
    /// anyone else and when not hidden).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review: Option<ReviewStatus>,
}

/// The review request of a hide, as its owner and moderators see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReviewStatus {
    pub state: Review,
    /// The owner's note with the request.
    #[serde(default)]
    pub note: String,
    /// When it was asked (Unix seconds).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requested_at: Option<i64>,
    /// A moderator's reason for keeping it hidden.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer: Option<String>,
}

/// `POST /api/v1/listings/{id}/review`: the owner asks a moderator to review a hide.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReviewInput {
    /// What changed, or why the hide is mistaken (optional).
    #[serde(default)]
    pub note: String,
}

/// A page of results and the cursor of the next one (`None` at the end).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Page<T> {
    pub items: Vec<T>,
    pub next_cursor: Option<String>,
}

/// `GET /api/v1/listings`: the feed, or a search when `q` or a filter is set. Also the
/// query string of the Browse page's URL, so a search can be shared and reloaded.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
pub struct SearchQuery {
    /// Keywords, Chinese or English.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<Category>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub condition: Option<Condition>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<OfferMode>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_price_fen: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_price_fen: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub community_id: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sort: Option<Sort>,
    /// The searcher's position, for `nearest` and distances.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lat: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lng: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<usize>,
}

impl SearchQuery {
    /// The order that applies: best match for keyword searches, newest otherwise; nearest only
    /// with a position.
    pub fn effective_sort(&self) -> Sort {
        let has_q = self.q.as_deref().is_some_and(|q| !q.trim().is_empty());
        match self.sort {
            Some(Sort::Nearest) if self.lat.is_none() || self.lng.is_none() => Sort::Newest,
            Some(Sort::BestMatch) if !has_q => Sort::Newest,
            Some(sort) => sort,
            None if has_q => Sort::BestMatch,
            None => Sort::Newest,
        }
    }
}

/// `POST /api/v1/listings/{id}/reports`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportInput {
    pub reason: ReportReason,
    #[serde(default)]
    pub note: String,
}

/// The answer to a report: a repeated report by the same account counts once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportReceipt {
    pub already_reported: bool,
}

/// The answer to (un)favouriting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FavouriteState {
    pub favourite: bool,
    pub count: i64,
}

/// `POST /api/v1/admin/listings/{id}/hide`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HideInput {
    pub reason: String,
}

// --- validation ---

fn chars(s: &str) -> usize {
    s.trim().chars().count()
}

pub fn title(raw: &str) -> Result<(), ErrorCode> {
    match chars(raw) {
        0 => Err(ErrorCode::Required),
        n if n < TITLE_MIN => Err(ErrorCode::TitleTooShort),
        n if n > TITLE_MAX => Err(ErrorCode::TitleTooLong),
        _ => text::check(raw, TextKind::SingleLine),
    }
}

pub fn description(raw: &str) -> Result<(), ErrorCode> {
    if chars(raw) > DESCRIPTION_MAX {
        Err(ErrorCode::DescriptionTooLong)
    } else {
        text::check(raw, TextKind::MultiLine)
    }
}

pub fn pickup_note(raw: &str) -> Result<(), ErrorCode> {
    if chars(raw) > PICKUP_NOTE_MAX {
        Err(ErrorCode::PickupNoteTooLong)
    } else {
        text::check(raw, TextKind::MultiLine)
    }
}

pub fn price_fen(fen: i64) -> Result<(), ErrorCode> {
    if fen <= 0 {
        Err(ErrorCode::PriceNotPositive)
    } else if fen > PRICE_MAX_FEN {
        Err(ErrorCode::PriceTooHigh)
    } else {
        Ok(())
    }
}

pub fn swap_for(raw: &str) -> Result<(), ErrorCode> {
    match chars(raw) {
        0 => Err(ErrorCode::Required),
        n if n > SWAP_FOR_MAX => Err(ErrorCode::SwapForTooLong),
        _ => text::check(raw, TextKind::MultiLine),
    }
}

pub fn photo_count(n: usize) -> Result<(), ErrorCode> {
    if n < PHOTOS_MIN {
        Err(ErrorCode::PhotosRequired)
    } else if n > PHOTOS_MAX {
        Err(ErrorCode::TooManyPhotos)
    } else {
        Ok(())
    }
}

impl Validate for ListingInput {
    /// In form order.
    fn errors(&self) -> Vec<FieldError> {
        let mut form = Errors::default();
        form.check(Field::Photos, photo_count(self.photos.len()));
        form.check(Field::Title, title(&self.title));
        form.check(Field::Description, description(&self.description));
        match &self.offer {
            Offer::Sell { price_fen: p } => form.check(Field::Price, price_fen(*p)),
            Offer::Swap { swap_for: s } => form.check(Field::SwapFor, swap_for(s)),
            Offer::GiveAway => {}
        }
        form.check(Field::PickupNote, pickup_note(&self.pickup_note));
        form.into_vec()
    }
}

/// The searcher's filters, checked before they reach the database.
impl Validate for SearchQuery {
    fn errors(&self) -> Vec<FieldError> {
        let mut form = Errors::default();
        if self.q.as_deref().is_some_and(|s| s.chars().count() > 100) {
            form.check(Field::Q, Err(ErrorCode::QueryTooLong));
        }
        for (field, price) in [(Field::MinPriceFen, self.min_price_fen), (Field::MaxPriceFen, self.max_price_fen)] {
            if price.is_some_and(|p| !(0..=PRICE_MAX_FEN).contains(&p)) {
                form.check(field, Err(ErrorCode::PriceOutOfRange));
            }
        }
        if let (Some(min), Some(max)) = (self.min_price_fen, self.max_price_fen) {
            if min > max {
                form.check(Field::MaxPriceFen, Err(ErrorCode::PriceRangeInverted));
            }
        }
        let lat_ok = self.lat.is_none_or(|v| (-90.0..=90.0).contains(&v));
        let lng_ok = self.lng.is_none_or(|v| (-180.0..=180.0).contains(&v));
        if !lat_ok || !lng_ok {
            form.check(Field::Lat, Err(ErrorCode::BadRequest));
        }
        if self.limit.is_some_and(|l| l == 0 || l > PAGE_SIZE_MAX) {
            form.check(Field::Limit, Err(ErrorCode::BadRequest));
        }
        form.into_vec()
    }
}

pub fn report_note(raw: &str) -> Result<(), ErrorCode> {
    if chars(raw) > REPORT_NOTE_MAX {
        Err(ErrorCode::NoteTooLong)
    } else {
        text::check(raw, TextKind::MultiLine)
    }
}

/// The owner's note with a review request: optional, up to [`REVIEW_NOTE_MAX`] characters.
pub fn review_note(raw: &str) -> Result<(), ErrorCode> {
    if chars(raw) > REVIEW_NOTE_MAX {
        Err(ErrorCode::NoteTooLong)
    } else {
        text::check(raw, TextKind::MultiLine)
    }
}

impl Validate for ReviewInput {
    fn errors(&self) -> Vec<FieldError> {
        let mut form = Errors::default();
        form.check(Field::Note, review_note(&self.note));
        form.into_vec()
    }
}

/// Hiding a listing or keeping it hidden: the reason every moderator action gives.
impl Validate for HideInput {
    fn errors(&self) -> Vec<FieldError> {
        let mut form = Errors::default();
        form.check(Field::Reason, crate::moderation::reason(&self.reason));
        form.into_vec()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> ListingInput {
        ListingInput {
            title: "海尔双门冰箱".into(),
            description: "用了两年，制冷正常".into(),
            category: Category::Appliances,
            condition: Condition::LightlyUsed,
            offer: Offer::Sell { price_fen: 45_000 },
            community_id: 1,
            pickup_note: "田林路附近自提".into(),
            photos: vec!["a".into()],
        }
    }

    #[test]
    fn offers_keep_their_json_shape() {
        for (offer, json) in [
            (Offer::Sell { price_fen: 2550 }, r#"{"mode":"sell","price_fen":2550}"#),
            (Offer::GiveAway, r#"{"mode":"give_away"}"#),
            (Offer::Swap { swap_for: "绿植".into() }, r#"{"mode":"swap","swap_for":"绿植"}"#),
        ] {
            assert_eq!(serde_json::to_string(&offer).unwrap(), json);
            assert_eq!(serde_json::from_str::<Offer>(json).unwrap(), offer);
        }
        for bad in
            [r#"{"mode":"sell"}"#, r#"{"mode":"swap"}"#, r#"{"mode":"rent","price_fen":1}"#, r#"{"price_fen":1}"#]
        {
            assert!(serde_json::from_str::<Offer>(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_complete_listing_is_valid() {
        assert_eq!(input().errors(), vec![]);
    }

    #[test]
    fn each_bad_field_is_named() {
        let mut bad = input();
        bad.title = " ".into();
        bad.offer = Offer::Sell { price_fen: -5 };
        bad.photos = (0..10).map(|i| i.to_string()).collect();
        let errs: Vec<_> = bad.errors().into_iter().map(|e| (e.field, e.code)).collect();
        assert_eq!(
            errs,
            [
                (Field::Photos, ErrorCode::TooManyPhotos),
                (Field::Title, ErrorCode::Required),
                (Field::Price, ErrorCode::PriceNotPositive)
            ]
        );
    }

    #[test]
    fn prices_have_a_sane_range() {
        assert_eq!(price_fen(0), Err(ErrorCode::PriceNotPositive));
        assert_eq!(price_fen(PRICE_MAX_FEN), Ok(()));
        assert_eq!(price_fen(PRICE_MAX_FEN + 1), Err(ErrorCode::PriceTooHigh));
    }

    #[test]
    fn swaps_name_what_is_wanted() {
        let mut swap = input();
        swap.offer = Offer::Swap { swap_for: "".into() };
        assert_eq!(swap.errors()[0].field, Field::SwapFor);
    }

    #[test]
    fn offers_serialise_with_a_mode_tag() {
        let json = serde_json::to_value(Offer::Sell { price_fen: 1200 }).unwrap();
        assert_eq!(json, serde_json::json!({"mode": "sell", "price_fen": 1200}));
        let give: Offer = serde_json::from_str(r#"{"mode":"give_away"}"#).unwrap();
        assert_eq!(give, Offer::GiveAway);
    }

    use crate::lifecycle::decide;

    #[test]
    fn hiding_is_an_overlay_on_the_sale() {
        let sold = ListingFacts::shown(Status::Sold);
        let hidden_sold = ListingFacts { hidden: true, ..sold };
        assert!(decide(&sold, &[ListingRole::Moderator], ListingAction::Hide, 0).is_ok());
        // Restored, a sold item is still sold: it cannot be re-listed or sold again.
        assert_eq!(decide(&hidden_sold, &[ListingRole::Moderator], ListingAction::Unhide, 0).unwrap().to, Status::Sold);
        assert!(decide(&sold, &[ListingRole::Owner], ListingAction::Relist, 0).is_err());
        assert!(!hidden_sold.visible_to(&[ListingRole::Resident]));
        assert!(hidden_sold.visible_to(&[ListingRole::Owner]));
    }

    #[test]
    fn a_reserved_listing_cannot_be_edited_or_withdrawn() {
        let reserved = ListingFacts::shown(Status::Reserved);
        assert_eq!(reserved.actions(&[ListingRole::Owner]), []);
        assert_eq!(
            decide(&reserved, &[ListingRole::Owner], ListingAction::Edit, 0),
            Err(ErrorCode::ListingNotEditable)
        );
        assert_eq!(
            reserved.actions(&[ListingRole::Resident]),
            [ListingAction::Request, ListingAction::Favourite, ListingAction::Report]
        );
        let active = ListingFacts::shown(Status::Active);
        assert_eq!(active.actions(&[ListingRole::Owner]), [ListingAction::Edit, ListingAction::Withdraw]);
        assert_eq!(decide(&active, &[ListingRole::Resident], ListingAction::Edit, 0), Err(ErrorCode::Forbidden));
    }

    #[test]
    fn sort_defaults_follow_the_query() {
        let q = SearchQuery { q: Some("冰箱".into()), ..Default::default() };
        assert_eq!(q.effective_sort(), Sort::BestMatch);
        assert_eq!(SearchQuery::default().effective_sort(), Sort::Newest);
        let near = SearchQuery { sort: Some(Sort::Nearest), ..Default::default() };
        assert_eq!(near.effective_sort(), Sort::Newest, "nearest needs a position");
    }

    #[test]
    fn search_filters_are_checked() {
        let q = SearchQuery { min_price_fen: Some(500), max_price_fen: Some(100), ..Default::default() };
        assert_eq!(q.errors()[0].code, ErrorCode::PriceRangeInverted);
        assert!(serde_json::from_str::<SearchQuery>(r#"{"mode":"steal"}"#).is_err());
    }

    #[test]
    fn a_hide_can_be_reviewed_once() {
        use crate::lifecycle::decide;
        let hidden = ListingFacts { hidden: true, ..ListingFacts::shown(Status::Active) };
        let owner = [ListingRole::Owner];
        let moderator = [ListingRole::Moderator];
        assert!(hidden.actions(&owner).contains(&ListingAction::AskReview));
        assert_eq!(
            decide(&ListingFacts::shown(Status::Active), &owner, ListingAction::AskReview, 0),
            Err(ErrorCode::ListingNotHidden)
        );
        assert_eq!(decide(&hidden, &[ListingRole::Resident], ListingAction::AskReview, 0), Err(ErrorCode::Forbidden));
        assert_eq!(decide(&hidden, &moderator, ListingAction::KeepHidden, 0), Err(ErrorCode::NoReviewRequested));
        let asked = ListingFacts { review: Review::Requested, ..hidden };
        assert_eq!(decide(&asked, &owner, ListingAction::AskReview, 0), Err(ErrorCode::ReviewAlreadyRequested));
        assert!(decide(&asked, &moderator, ListingAction::KeepHidden, 0).is_ok());
        assert!(decide(&asked, &moderator, ListingAction::Unhide, 0).is_ok());
        let kept = ListingFacts { review: Review::Kept, ..hidden };
        assert_eq!(decide(&kept, &owner, ListingAction::AskReview, 0), Err(ErrorCode::ReviewAlreadyRequested));
        assert_eq!(decide(&kept, &moderator, ListingAction::KeepHidden, 0), Err(ErrorCode::NoReviewRequested));
        // The owner may still edit what the moderator objected to.
        assert!(hidden.actions(&owner).contains(&ListingAction::Edit));
    }
}
