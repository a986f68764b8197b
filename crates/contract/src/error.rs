//! The typed error every API call can answer with, and its wording in both languages.
//!
//! The server sends `ApiError { code, message, field }` with a matching HTTP status; the web
//! app shows `code.message(lang)` next to `field`, so a message is always in the reader's
//! language even when the server guessed another one.

use crate::field::{Field, FieldError};
use crate::lang::Lang;
use crate::validate::limits;
use serde::{Deserialize, Serialize};

snake_case_enum! {
/// Machine-readable reason of a failed request. Serialised in snake_case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorCode {
    // --- request shape ---
    /// The body is not valid JSON or does not have the expected fields.
    BadRequest,
    /// A required field is empty.
    Required,
    PayloadTooLarge,
    UnsupportedMediaType,
    // --- accounts ---
    NameTooShort,
    NameTooLong,
    NameInvalid,
    NameTaken,
    ContactInvalid,
    ContactTaken,
    PasswordTooShort,
    PasswordTooLong,
    PasswordTooCommon,
    BadCredentials,
    TooManyAttempts,
    AccountSuspended,
    /// The display name looks the same as an existing one (confusable characters).
    NameLooksLikeAnother,
    /// The one-time set-up code for the first moderator is wrong or expired.
    SetupCodeInvalid,
    // --- listings ---
    TitleTooShort,
    TitleTooLong,
    /// Control characters (or a line break in a one-line field).
    TextInvalid,
    DescriptionTooLong,
    PickupNoteTooLong,
    SwapForTooLong,
    PriceInvalid,
    PriceNotPositive,
    PriceTooHigh,
    PriceOutOfRange,
    PriceRangeInverted,
    PhotosRequired,
    TooManyPhotos,
    PhotoTooLarge,
    PhotoUnsupported,
    PhotoCorrupt,
    PhotoTooSmall,
    /// More pixels than the server decodes (read from the header, before decoding).
    PhotoTooManyPixels,
    /// A photo key that does not exist or belongs to someone else.
    PhotoUnknown,
    /// The form was sent while photos were still uploading (never sent by the server).
    PhotosUploading,
    CommunityUnknown,
    QueryTooLong,
    NoteTooLong,
    /// The listing's status does not allow this (editing a sold item…).
    ListingNotEditable,
    CannotReportOwn,
    // --- trades ---
    CannotTradeOwn,
    /// The listing is not open for requests (withdrawn, sold…).
    ListingNotAvailable,
    /// This account already has an open request for the listing.
    AlreadyRequested,
    /// Another trade already holds the listing.
    AlreadyReserved,
    /// The trade's state does not allow this step (accepting a cancelled trade…).
    TradeStateInvalid,
    /// One side confirmed the hand-over: cancelling waits until the hand-over deadline.
    HandoverStarted,
    MessageTooLong,
    ReasonTooShort,
    StarsInvalid,
    AlreadyRated,
    RatingWindowClosed,
    // --- access ---
    Unauthenticated,
    Forbidden,
    NotFound,
    MethodNotAllowed,
    /// The change would leave the app without a moderator.
    LastModerator,
    Conflict,
    /// Too many requests of this kind from this account or address; `Retry-After` says when.
    TooManyRequests,
    /// Too many uploads of this account wait unused in a listing or dispute; each expires a day
    /// after its upload.
    TooManyUnusedPhotos,
    /// The address (path and query) is too long.
    UriTooLong,
    // --- failures that are not the caller's fault ---
    Internal,
    /// The server is busy with other work of this kind (photo decoding); retry shortly.
    ServerBusy,
    /// The server cannot reach its database (or storage) right now; retrying later may work.
    Unavailable,
    /// The web app could not reach the server (never sent by the server).
    Network,
    // --- markets ---
    DateInvalid,
    /// The last date is before the first.
    LastBeforeFirst,
    /// The series spans more than two years.
    ScheduleTooLong,
    TimeInvalid,
    EndBeforeStart,
    RecurrenceInvalid,
    /// The recurrence gives no date between the first and the last date.
    RecurrenceNoDates,
    TimeZoneUnknown,
    /// A position outside valid latitude/longitude.
    LocationInvalid,
    StallsInvalid,
    /// The date is past, cancelled, or not a date of this market.
    DateNotBookable,
    /// This account already has a booking on this date.
    AlreadyBooked,
    /// The booking's state does not allow this step.
    BookingStateInvalid,
    /// The market has started: bookings can no longer be cancelled.
    MarketStarted,
    /// Check-in is possible only around the market's time.
    CheckInNotNow,
    /// No booking of this date has that check-in code.
    CheckInCodeInvalid,
    // --- disputes and moderation ---
    DisputeWindowClosed,
    DisputeOpen,
    /// A moderator has decided this trade's dispute: the decision is final.
    DisputeDecided,
    DisputeStateInvalid,
    TooManyEvidencePhotos,
    CannotSuspendSelf,
    NotSuspended,
    /// A review of this hide was asked for already.
    ReviewAlreadyRequested,
    /// The listing is not hidden (nothing to review).
    ListingNotHidden,
    /// No review request of this hide is waiting.
    NoReviewRequested,
    // --- recycling ---
    /// Not one of the OSM `recycling:*` materials.
    MaterialUnknown,
    /// Opening hours the OSM `opening_hours` syntax does not allow.
    OpeningHoursInvalid,
    /// Latitude outside −90…90 or longitude outside −180…180.
    PositionInvalid,
    /// A weight of 0 or less, or more than a household can hand over.
    WeightInvalid,
    /// A time window that ends before it starts, is too long or too far ahead.
    WindowInvalid,
    WindowInPast,
    /// The window falls outside the point's opening hours.
    WindowOutsideHours,
    /// The point offers no home pickup for these materials.
    PickupNotOffered,
    /// The pickup's state does not allow this step.
    PickupStateInvalid,
    /// The scheduled window has started: only the operator can cancel now.
    PickupWindowStarted,
    TimezoneUnknown,
    /// The account chosen to operate a point is not an organiser (or does not exist).
    OperatorNotOrganiser,
    /// A listing linked to a stall booking is not the booker's own active listing.
    BookingListingInvalid,
    /// More listings linked to a stall booking than allowed.
    TooManyBookingListings,
}
}

impl ErrorCode {
    /// HTTP status the server answers with.
    pub fn status(self) -> u16 {
        use ErrorCode::*;
        match self {
            BadRequest | Required | NameTooShort | NameTooLong | NameInvalid | ContactInvalid | PasswordTooShort
            | PasswordTooLong | PasswordTooCommon | TitleTooShort | TitleTooLong | TextInvalid | DescriptionTooLong
            | PickupNoteTooLong | SwapForTooLong | PriceInvalid | PriceNotPositive | PriceTooHigh | PriceOutOfRange
            | PriceRangeInverted | PhotosRequired | TooManyPhotos | PhotoCorrupt | PhotoTooSmall | PhotoUnknown
            | PhotosUploading | CommunityUnknown | QueryTooLong | NoteTooLong | MessageTooLong | ReasonTooShort
            | StarsInvalid | SetupCodeInvalid => 422,
            PhotoTooLarge | PhotoTooManyPixels => 413,
            NameLooksLikeAnother => 409,
            TooManyRequests | TooManyUnusedPhotos => 429,
            UriTooLong => 414,
            ServerBusy => 503,
            PhotoUnsupported => 415,
            ListingNotEditable | CannotReportOwn | CannotTradeOwn | ListingNotAvailable | AlreadyRequested
            | AlreadyReserved | TradeStateInvalid | HandoverStarted | AlreadyRated | RatingWindowClosed => 409,
            PayloadTooLarge => 413,
            UnsupportedMediaType => 415,
            NameTaken | ContactTaken | Conflict | LastModerator => 409,
            BadCredentials | Unauthenticated => 401,
            TooManyAttempts => 429,
            Forbidden | AccountSuspended => 403,
            NotFound => 404,
            MethodNotAllowed => 405,
            Internal => 500,
            Unavailable => 503,
            Network => 503,
            DateInvalid | LastBeforeFirst | ScheduleTooLong | TimeInvalid | EndBeforeStart | RecurrenceInvalid
            | RecurrenceNoDates | TimeZoneUnknown | LocationInvalid | StallsInvalid | CheckInCodeInvalid => 422,
            DateNotBookable | AlreadyBooked | BookingStateInvalid | MarketStarted | CheckInNotNow => 409,
            DisputeWindowClosed | DisputeOpen | DisputeDecided | DisputeStateInvalid | CannotSuspendSelf
            | NotSuspended => 409,
            ReviewAlreadyRequested | ListingNotHidden | NoReviewRequested => 409,
            TooManyEvidencePhotos => 422,
            MaterialUnknown | OpeningHoursInvalid | PositionInvalid | WeightInvalid | WindowInvalid | WindowInPast
            | WindowOutsideHours | TimezoneUnknown | OperatorNotOrganiser => 422,
            PickupNotOffered | PickupStateInvalid | PickupWindowStarted => 409,
            BookingListingInvalid | TooManyBookingListings => 422,
        }
    }

    /// The sentence a resident reads, in their language.
    pub fn message(self, lang: Lang) -> String {
        use crate::listing::limits::*;
        use crate::photo::{ORIGINAL_MAX_BYTES, PIXELS_MAX, SHORT_SIDE_MIN};
        use limits::*;
        use ErrorCode::*;
        // A whole number of kilograms, so no float formatting code (~10 KB of WASM) is linked
        // into the web app for this one message.
        const WEIGHT_MAX_KG_WHOLE: u32 = crate::recycling::limits::WEIGHT_MAX_KG as u32;
        let (zh, en): (String, String) = match self {
            BadRequest => (
                "请求格式不正确，请刷新页面后重试".into(),
                "The request was malformed. Please reload and try again.".into(),
            ),
            Required => ("此项必填".into(), "This field is required.".into()),
            PayloadTooLarge => ("内容太大了".into(), "That is too large to upload.".into()),
            UnsupportedMediaType => ("不支持的内容格式".into(), "That format is not supported.".into()),
            NameTooShort => {
                (format!("昵称至少 {NAME_MIN} 个字"), format!("The name needs at least {NAME_MIN} characters."))
            }
            NameTooLong => {
                (format!("昵称最多 {NAME_MAX} 个字"), format!("The name can have at most {NAME_MAX} characters."))
            }
            NameInvalid => (
                "昵称不能包含 @、控制字符，也不能是手机号".into(),
                "The name cannot contain @ or control characters, or look like a phone number.".into(),
            ),
            NameLooksLikeAnother => (
                "这个昵称看起来和已有的昵称一样，请换一个".into(),
                "That name looks the same as an existing one. Please choose another.".into(),
            ),
            SetupCodeInvalid => ("设置码不正确或已过期".into(), "The set-up code is wrong or has expired.".into()),
            PhotoTooManyPixels => (
                format!("图片像素太多（最多 {} 万像素）", PIXELS_MAX / 10_000),
                format!("That picture has too many pixels (at most {} megapixels).", PIXELS_MAX / 1_000_000),
            ),
            TooManyUnusedPhotos => (
                "还有很多照片没用在发布里：先发布或删掉一些，或稍后再传".into(),
                "Many of your uploaded photos are not used in a listing yet: post or remove some, or upload later."
                    .into(),
            ),
            TooManyRequests => {
                ("操作太频繁，请稍后再试".into(), "Too many requests. Please wait a little and try again.".into())
            }
            UriTooLong => ("网址太长了".into(), "That address is too long.".into()),
            ServerBusy => ("服务器正忙，请稍后再试".into(), "The server is busy. Please try again shortly.".into()),
            NameTaken => {
                ("这个昵称已被使用，请换一个".into(), "That name is already taken. Please choose another.".into())
            }
            ContactInvalid => (
                "请输入有效的手机号（11 位）或邮箱".into(),
                "Enter a valid mobile number (11 digits) or e-mail address.".into(),
            ),
            ContactTaken => (
                "这个手机号或邮箱已注册，请直接登录".into(),
                "That phone or e-mail is already registered. Please log in.".into(),
            ),
            PasswordTooShort => (
                format!("密码至少 {PASSWORD_MIN} 位"),
                format!("The password needs at least {PASSWORD_MIN} characters."),
            ),
            PasswordTooLong => (
                format!("密码最多 {PASSWORD_MAX} 位"),
                format!("The password can have at most {PASSWORD_MAX} characters."),
            ),
            PasswordTooCommon => (
                "这个密码太常见，容易被猜到，请换一个".into(),
                "That password is too common and easy to guess. Please choose another.".into(),
            ),
            BadCredentials => ("账号或密码不正确".into(), "Wrong account or password.".into()),
            TooManyAttempts => {
                ("尝试次数过多，请 15 分钟后再试".into(), "Too many attempts. Please try again in 15 minutes.".into())
            }
            AccountSuspended => (
                "该账号已被停用，如有疑问请联系管理员".into(),
                "This account is suspended. Contact a moderator if you think this is a mistake.".into(),
            ),
            TitleTooShort => {
                (format!("标题至少 {TITLE_MIN} 个字"), format!("The title needs at least {TITLE_MIN} characters."))
            }
            TitleTooLong => {
                (format!("标题最多 {TITLE_MAX} 个字"), format!("The title can have at most {TITLE_MAX} characters."))
            }
            TextInvalid => ("包含无法使用的字符".into(), "This contains characters that cannot be used.".into()),
            DescriptionTooLong => (
                format!("描述最多 {DESCRIPTION_MAX} 个字"),
                format!("The description can have at most {DESCRIPTION_MAX} characters."),
            ),
            PickupNoteTooLong => (
                format!("交易说明最多 {PICKUP_NOTE_MAX} 个字"),
                format!("The pickup note can have at most {PICKUP_NOTE_MAX} characters."),
            ),
            SwapForTooLong => (format!("最多 {SWAP_FOR_MAX} 个字"), format!("At most {SWAP_FOR_MAX} characters.")),
            PriceInvalid => ("请输入价格，例如 25 或 25.5".into(), "Enter a price such as 25 or 25.50.".into()),
            PriceNotPositive => (
                "价格需要大于 0；想免费送请选择“免费送”".into(),
                "The price must be more than 0. To give it away, choose Give away.".into(),
            ),
            PriceTooHigh => (
                format!("价格不能超过 ¥{}", PRICE_MAX_FEN / 100),
                format!("The price cannot be more than ¥{}.", PRICE_MAX_FEN / 100),
            ),
            PriceOutOfRange => (
                format!("价格范围是 0 到 ¥{}", PRICE_MAX_FEN / 100),
                format!("Prices range from 0 to ¥{}.", PRICE_MAX_FEN / 100),
            ),
            PriceRangeInverted => {
                ("最高价不能低于最低价".into(), "The maximum price cannot be below the minimum.".into())
            }
            PhotosRequired => ("请至少添加 1 张照片".into(), "Add at least one photo.".into()),
            TooManyPhotos => (format!("最多 {PHOTOS_MAX} 张照片"), format!("At most {PHOTOS_MAX} photos.")),
            PhotoTooLarge => (
                format!("图片太大了（最大 {} MB）", ORIGINAL_MAX_BYTES / 1024 / 1024),
                format!("That picture is too large (at most {} MB).", ORIGINAL_MAX_BYTES / 1024 / 1024),
            ),
            PhotoUnsupported => (
                "这不是支持的图片格式，请选择 JPG、PNG 或 WebP 照片".into(),
                "That is not a supported picture. Choose a JPG, PNG or WebP photo.".into(),
            ),
            PhotoCorrupt => (
                "图片文件已损坏或不完整，请重新选择".into(),
                "That picture is damaged or incomplete. Please choose it again.".into(),
            ),
            PhotoTooSmall => (
                format!("图片太小了（短边至少 {SHORT_SIDE_MIN} 像素）"),
                format!("That picture is too small (at least {SHORT_SIDE_MIN} pixels on the short side)."),
            ),
            PhotosUploading => {
                ("照片还在上传，请稍等片刻".into(), "Photos are still uploading. Please wait a moment.".into())
            }
            PhotoUnknown => ("照片已失效，请重新上传".into(), "A photo has expired. Please upload it again.".into()),
            CommunityUnknown => ("请选择一个社区".into(), "Choose a community.".into()),
            QueryTooLong => ("搜索词太长了".into(), "That search is too long.".into()),
            NoteTooLong => ("说明太长了".into(), "That note is too long.".into()),
            ListingNotEditable => ("这件物品现在不能修改".into(), "This item cannot be changed now.".into()),
            CannotReportOwn => ("不能举报自己发布的物品".into(), "You cannot report your own listing.".into()),
            CannotTradeOwn => ("不能和自己交易".into(), "You cannot trade with yourself.".into()),
            ListingNotAvailable => ("这件物品现在不可预订".into(), "This item is not available right now.".into()),
            AlreadyRequested => (
                "你已经发出过请求，请等待对方回应".into(),
                "You already asked for this item. Please wait for the owner.".into(),
            ),
            AlreadyReserved => ("这件物品已被其他人预订".into(), "Someone else has already reserved this item.".into()),
            TradeStateInvalid => (
                "交易状态已变化，无法执行此操作，请刷新".into(),
                "The trade has moved on; this step is no longer possible. Please reload.".into(),
            ),
            HandoverStarted => (
                "对方已确认交接，交接期限过后才能取消".into(),
                "The other side has confirmed the hand-over; you can cancel once the hand-over deadline has passed."
                    .into(),
            ),
            MessageTooLong => (
                format!("消息最多 {} 个字", crate::trade::limits::MESSAGE_MAX),
                format!("Messages can have at most {} characters.", crate::trade::limits::MESSAGE_MAX),
            ),
            ReasonTooShort => ("请简单说明原因".into(), "Please give a short reason.".into()),
            StarsInvalid => ("请选择 1 到 5 星".into(), "Choose 1 to 5 stars.".into()),
            AlreadyRated => ("你已经评价过这笔交易".into(), "You have already rated this trade.".into()),
            RatingWindowClosed => (
                "评价期（交易完成后 14 天）已结束".into(),
                "The rating window (14 days after completion) has closed.".into(),
            ),
            Unauthenticated => ("请先登录".into(), "Please log in first.".into()),
            Forbidden => ("你没有权限执行此操作".into(), "You are not allowed to do that.".into()),
            NotFound => ("找不到该内容".into(), "Not found.".into()),
            MethodNotAllowed => ("不支持此操作".into(), "That operation is not supported.".into()),
            LastModerator => ("至少需要保留一名管理员".into(), "There must be at least one moderator.".into()),
            Conflict => (
                "内容已被修改，请刷新后重试".into(),
                "This changed in the meantime. Please reload and try again.".into(),
            ),
            Internal => ("服务器出了点问题，请稍后再试".into(), "Something went wrong. Please try again later.".into()),
            Unavailable => (
                "服务暂时不可用，请稍后再试".into(),
                "The service is briefly unavailable. Please try again in a moment.".into(),
            ),
            Network => (
                "网络连接失败，请检查网络后重试".into(),
                "Could not reach the server. Check your connection and try again.".into(),
            ),
            DateInvalid => ("请选择有效的日期".into(), "Choose a valid date.".into()),
            LastBeforeFirst => ("结束日期不能早于开始日期".into(), "The last date cannot be before the first.".into()),
            ScheduleTooLong => ("日期范围最长两年".into(), "A series can span at most two years.".into()),
            TimeInvalid => ("请输入时间，例如 09:00".into(), "Enter a time such as 09:00.".into()),
            EndBeforeStart => ("结束时间需要晚于开始时间".into(), "The end must be after the start.".into()),
            RecurrenceInvalid => ("请选择有效的重复方式".into(), "Choose a valid repeat.".into()),
            RecurrenceNoDates => (
                "按这个重复方式，在所选日期范围内没有任何一场".into(),
                "This repeat gives no date between the first and the last date.".into(),
            ),
            TimeZoneUnknown => ("未知的时区".into(), "Unknown time zone.".into()),
            LocationInvalid => (
                "请填写有效的位置：纬度在 -90 到 90 之间，经度在 -180 到 180 之间（或点“使用我的位置”）".into(),
                "Give a valid position: latitude between -90 and 90, longitude between -180 and 180 (or tap “Use my location”)."
                    .into(),
            ),
            StallsInvalid => (
                format!("摊位数需要在 1 到 {} 之间", crate::market::limits::STALLS_MAX),
                format!("Stalls must be between 1 and {}.", crate::market::limits::STALLS_MAX),
            ),
            DateNotBookable => {
                ("这一场已结束或已取消，不能预订".into(), "This date is over or cancelled and cannot be booked.".into())
            }
            AlreadyBooked => ("你已经预订了这一场".into(), "You already have a booking on this date.".into()),
            BookingStateInvalid => (
                "预订状态已变化，请刷新".into(),
                "The booking has changed; this step is no longer possible. Please reload.".into(),
            ),
            MarketStarted => {
                ("市集已经开始，不能再取消".into(), "The market has started; it can no longer be cancelled.".into())
            }
            CheckInNotNow => {
                ("只能在市集当天签到".into(), "Check-in is only possible on the day of the market.".into())
            }
            CheckInCodeInvalid => ("签到码不正确".into(), "That check-in code is not right.".into()),
            DisputeWindowClosed => (
                format!("交易完成 {} 天后不能再发起纠纷", crate::trade::limits::DISPUTE_WINDOW_SECS / 86_400),
                format!(
                    "A dispute can be opened up to {} days after the trade completed.",
                    crate::trade::limits::DISPUTE_WINDOW_SECS / 86_400
                ),
            ),
            DisputeOpen => ("这笔交易已有正在处理的纠纷".into(), "This trade already has an open dispute.".into()),
            DisputeDecided => (
                "这笔交易的纠纷已由管理员裁决，不能再次发起".into(),
                "A moderator has already decided a dispute about this trade; it cannot be disputed again.".into(),
            ),
            DisputeStateInvalid => (
                "纠纷状态已变化，无法执行此操作，请刷新".into(),
                "The dispute has moved on; this step is no longer possible. Please reload.".into(),
            ),
            TooManyEvidencePhotos => (
                format!("最多 {} 张证据照片", crate::dispute::PHOTOS_MAX),
                format!("At most {} evidence photos.", crate::dispute::PHOTOS_MAX),
            ),
            CannotSuspendSelf => ("不能停用自己的账号".into(), "You cannot suspend your own account.".into()),
            NotSuspended => ("该账号当前没有被停用".into(), "This account is not suspended.".into()),
            ReviewAlreadyRequested => {
                ("这次隐藏已经申请过复核".into(), "A review of this hide was already asked for.".into())
            }
            ListingNotHidden => ("这件物品没有被隐藏".into(), "This item is not hidden.".into()),
            NoReviewRequested => ("没有待处理的复核申请".into(), "No review request is waiting.".into()),
            MaterialUnknown => ("不认识这种回收材料".into(), "That is not a known recycling material.".into()),
            OpeningHoursInvalid => (
                "营业时间格式不正确，例如 Mo-Fr 08:00-18:00".into(),
                "Opening hours are malformed; write e.g. Mo-Fr 08:00-18:00.".into(),
            ),
            PositionInvalid => (
                "位置不正确：纬度在 -90 到 90 之间，经度在 -180 到 180 之间".into(),
                "Invalid position: latitude is between -90 and 90, longitude between -180 and 180.".into(),
            ),
            WeightInvalid => (
                format!("重量需要大于 0，且不超过 {} 公斤", WEIGHT_MAX_KG_WHOLE),
                format!("The weight must be more than 0 and at most {} kg.", WEIGHT_MAX_KG_WHOLE),
            ),
            WindowInvalid => (
                "时间段不正确：结束要晚于开始，最长一天，90 天以内".into(),
                "Invalid time window: it must end after it starts, last at most a day, and be within 90 days.".into(),
            ),
            WindowInPast => ("这个时间已经过去了".into(), "That time has already passed.".into()),
            WindowOutsideHours => {
                ("这个时间段不在回收点的营业时间内".into(), "That window is outside the point's opening hours.".into())
            }
            PickupNotOffered => (
                "这个回收点不提供这些物品的上门回收".into(),
                "This point does not collect these materials from home.".into(),
            ),
            PickupStateInvalid => (
                "上门回收的状态已变化，请刷新".into(),
                "The pickup has moved on; this step is no longer possible. Please reload.".into(),
            ),
            PickupWindowStarted => (
                "上门时间已开始，只能由回收点取消".into(),
                "The pickup window has started; only the point can cancel now.".into(),
            ),
            TimezoneUnknown => ("不认识这个时区".into(), "Unknown time zone.".into()),
            OperatorNotOrganiser => (
                "只能指定组织者账号来运营回收点".into(),
                "Only an organiser account can operate a recycling point.".into(),
            ),
            BookingListingInvalid => (
                "只能关联你自己在架的闲置".into(),
                "Only your own listings that are still on offer can be linked.".into(),
            ),
            TooManyBookingListings => (
                format!("最多关联 {} 件闲置", crate::market::limits::BOOKING_LISTINGS_MAX),
                format!("Link at most {} listings.", crate::market::limits::BOOKING_LISTINGS_MAX),
            ),
        };
        match lang {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}

/// The body of every 4xx/5xx answer of the API.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiError {
    pub code: ErrorCode,
    /// Human-readable text in the language the request asked for (`Accept-Language`).
    pub message: String,
    /// The request field the error is about, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<Field>,
}

impl ApiError {
    pub fn new(code: ErrorCode, lang: Lang) -> Self {
        ApiError { code, message: code.message(lang), field: None }
    }

    pub fn for_field(err: FieldError, lang: Lang) -> Self {
        ApiError { field: Some(err.field), ..ApiError::new(err.code, lang) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_serialise_in_snake_case() {
        let err = ApiError::for_field(FieldError::new(Field::Password, ErrorCode::PasswordTooShort), Lang::En);
        let json = serde_json::to_value(&err).unwrap();
        assert_eq!(json["code"], "password_too_short");
        assert_eq!(json["field"], "password");
        assert!(json["message"].as_str().unwrap().contains("8"));
    }

    #[test]
    fn client_errors_are_4xx() {
        for code in [ErrorCode::BadRequest, ErrorCode::NameTaken, ErrorCode::Forbidden, ErrorCode::TooManyAttempts] {
            assert!((400..500).contains(&code.status()), "{code:?}");
        }
        assert_eq!(ErrorCode::Internal.status(), 500);
    }

    #[test]
    fn messages_differ_by_language() {
        assert_ne!(ErrorCode::NameTaken.message(Lang::Zh), ErrorCode::NameTaken.message(Lang::En));
    }

    #[test]
    fn weight_limit_is_written_as_a_whole_number() {
        assert_eq!(crate::recycling::limits::WEIGHT_MAX_KG.fract(), 0.0);
        let limit = crate::recycling::limits::WEIGHT_MAX_KG.to_string();
        assert!(ErrorCode::WeightInvalid.message(Lang::En).contains(&format!("at most {limit} kg")));
        assert!(ErrorCode::WeightInvalid.message(Lang::Zh).contains(&format!("不超过 {limit} 公斤")));
    }
}
