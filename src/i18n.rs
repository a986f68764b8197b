//! The UI's words in Chinese (default) and English, and the language switch's state.
//!
//! Error messages are not here: they come with their codes from the contract crate
//! (`ErrorCode::message`), shared with the server.

use gloo_storage::{LocalStorage, Storage};
use leptos::prelude::*;
use linli_contract::{ErrorCode, Lang};

const STORAGE_KEY: &str = "linli.lang";

/// The current language, provided at the root of the app.
#[derive(Clone, Copy)]
pub struct I18n {
    lang: RwSignal<Lang>,
}

impl I18n {
    /// Reads the remembered choice (Chinese when there is none).
    pub fn new() -> I18n {
        let lang = LocalStorage::get::<Lang>(STORAGE_KEY).unwrap_or_default();
        crate::api::set_lang(lang);
        set_document_lang(lang);
        set_lang_cookie(lang);
        I18n { lang: RwSignal::new(lang) }
    }

    pub fn lang(self) -> Lang {
        self.lang.get()
    }

    pub fn set(self, lang: Lang) {
        // Storage can be unavailable (private mode): the switch still works for this visit.
        let _ = LocalStorage::set(STORAGE_KEY, lang);
        crate::api::set_lang(lang);
        set_document_lang(lang);
        set_lang_cookie(lang);
        self.lang.set(lang);
    }

    /// The text for `key` in the current language (tracks the language).
    pub fn t(self, key: Key) -> &'static str {
        text(key, self.lang())
    }
}

impl Default for I18n {
    fn default() -> Self {
        I18n::new()
    }
}

pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}

/// A translated text that follows the language switch, for use in views: `{tr(Key::Login)}`,
/// `aria-label=tr(Key::Back)`. Every call site shares this one closure type, so each use
/// costs a call instead of another copy of the rendering code in the WASM binary.
pub fn tr(key: Key) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    let i18n = use_i18n();
    move || i18n.t(key)
}

/// The message of an error code in the current language (none when there is no error).
pub fn error_text(error: Signal<Option<ErrorCode>>) -> impl Fn() -> Option<String> + Copy + Send + Sync + 'static {
    let i18n = use_i18n();
    move || error.get().map(|code| code.message(i18n.lang()))
}

/// The server writes the first screen in the reader's language: it reads this cookie
/// (`crates/server/src/first_screen.rs`).
fn set_lang_cookie(lang: Lang) {
    use wasm_bindgen::JsCast;
    let doc = document().unchecked_into::<web_sys::HtmlDocument>();
    let _ = doc.set_cookie(&format!("linli_lang={}; path=/; max-age=31536000; samesite=lax", lang.tag()));
}

fn set_document_lang(lang: Lang) {
    if let Some(root) = document().document_element() {
        let _ = root.set_attribute("lang", lang.tag());
    }
}

/// The browser's offset from UTC at `unix_secs`, in seconds east (Beijing: +28800).
pub fn utc_offset_secs(unix_secs: i64) -> i64 {
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(unix_secs as f64 * 1000.0));
    -(d.get_timezone_offset() as i64) * 60
}

/// Formats unix seconds as a calendar date in the reader's convention and time zone.
pub fn date(unix_secs: i64, lang: Lang) -> String {
    linli_markup::date(unix_secs, utc_offset_secs(unix_secs), lang)
}

/// Price, 免费送 or 换：… (the renderer shared with the server).
pub use linli_markup::offer_text;

/// "3 分钟前" / "3 min ago", then the date after a week.
pub fn time_ago(unix_secs: i64, lang: Lang) -> String {
    time_ago_from(unix_secs, (js_sys::Date::now() / 1000.0) as i64, lang)
}

/// [`time_ago`] against a given "now" (a whole list shares one clock reading).
pub fn time_ago_from(unix_secs: i64, now: i64, lang: Lang) -> String {
    linli_markup::time_ago_from(unix_secs, now, utc_offset_secs(unix_secs), lang)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    AppName,
    MainNav,
    TabBrowse,
    TabMarkets,
    TabSell,
    TabRecycle,
    TabMe,
    SwitchLanguage,
    OtherLanguage,
    Back,
    Loading,
    Retry,
    NotFoundTitle,
    NotFoundBody,
    BackHome,
    Login,
    Register,
    Logout,
    LoginTitle,
    RegisterTitle,
    LoginId,
    LoginIdHint,
    DisplayName,
    DisplayNameHint,
    Contact,
    ContactHint,
    Password,
    PasswordHint,
    ShowPassword,
    NoAccountYet,
    HaveAccount,
    RolesGrantedNote,
    SetupCode,
    SetupCodeHint,
    MemberSince,
    MyRoles,
    ManageRoles,
    SignInPrompt,
    SearchUsers,
    SearchUsersHint,
    NoUsersFound,
    Grant,
    Revoke,
    ModeratorsOnly,
    BrowseEmpty,
    BrowseEmptyHint,
    MarketsIntro,
    RecycleIntro,
    SellIntro,
    Communities,
    Submitting,
    FixFieldsAbove,
    AddPhotos,
    AllCategories,
    AlreadyReported,
    Any,
    ApplyFilters,
    Category,
    ChooseCategory,
    ClearFilters,
    Community,
    Condition,
    Cover,
    Description,
    DescriptionHint,
    Dismiss,
    Edit,
    EditListing,
    Favourite,
    Favourited,
    Filters,
    HiddenReason,
    ListingTitle,
    LoadMore,
    LocationRefused,
    MakeCover,
    MaxPrice,
    MinPrice,
    Mode,
    ModeGiveAway,
    ModeSell,
    ModeSwap,
    MyFavourites,
    MyListings,
    NewTrader,
    NextPhoto,
    NoFavouritesYet,
    NoListingsYet,
    NoMore,
    NoResults,
    NoResultsHint,
    NotYourListing,
    Photo,
    Photos,
    PhotosHint,
    PickupNote,
    PickupNoteHint,
    PostListing,
    Posted,
    PreviousPhoto,
    PriceHint,
    PriceRange,
    PriceYuan,
    Publish,
    Refresh,
    ReleaseToRefresh,
    Relist,
    RemovePhoto,
    Report,
    ReportNote,
    ReportReason,
    ReportReceived,
    Results,
    SaveChanges,
    Search,
    SearchLabel,
    SearchPlaceholder,
    SendReport,
    SortBy,
    SortDefault,
    SwapFor,
    SwapForHint,
    Title,
    TitleHint,
    Uploading,
    Withdraw,
    Accept,
    CancelReason,
    CancelTrade,
    CarbonAvoided,
    CompletedTrades,
    ConfirmHandOver,
    CreditScore,
    Decline,
    DistinctCounterparties,
    ExpiresAt,
    HandoverDue,
    HiddenByModerator,
    FirstMessage,
    FirstMessageHint,
    GivenAway,
    GreenPoints,
    IWantIt,
    ImpactEstimate,
    Message,
    MessagePlaceholder,
    ThreadClosed,
    Messages,
    MyCreditPage,
    MyTrades,
    NoRatingsYet,
    NoTradesYet,
    OfferSwap,
    Pending,
    Profile,
    RateThem,
    RatingComment,
    RatingFrom,
    RatingTags,
    Ratings,
    RatingsReceived,
    Requests,
    ReservedQueue,
    SeeMyRequest,
    DraftRestored,
    DiscardChanges,
    StartOver,
    EvidencePhotosHint,
    ScoreExplained,
    SeeListings,
    Send,
    SendRequest,
    StepAccepted,
    StepCompleted,
    StepHandedOver,
    StepRequested,
    SubmitRating,
    SwapOffer,
    SwapOfferHint,
    SwapOffered,
    TheirRating,
    TheyRatedHidden,
    Trade,
    TradeAvoided,
    UnreadMessages,
    WaitingOtherConfirm,
    WaitingTheirRating,
    WhyThisScore,
    YouBuy,
    YouSell,
    YourRating,
    YourTurn,
    TrustSeed,
    TrustSeedYes,
    TrustSeedNo,
    TrustSeedRevoked,
    TrustSeedReason,
    TrustSeedVerify,
    TrustSeedWithdraw,
    OpenDispute,
    DisputeReasonLabel,
    DisputeDescription,
    SubmitDispute,
    DisputeHeading,
    AnswerDue,
    AnswerDispute,
    YourAnswer,
    AddMessage,
    DecisionHeading,
    DecideDispute,
    OutcomeLabel,
    DecisionReason,
    Moderation,
    DisputeQueue,
    ReportsQueue,
    Suspensions,
    AuditLog,
    AnsweredYes,
    AnsweredNo,
    NothingHere,
    HideListing,
    RestoreListing,
    DismissReports,
    WarnUser,
    SuspendUser,
    LiftSuspension,
    ModReason,
    SuspendDays,
    SearchAudit,
    /// Who did an audited action from the server's command line.
    ServerCommandLine,
    FiledAt,
    DisputeOpenBadge,
    ViewDispute,
    ReportsCount,
    SuspendedUntilLifted,
    DidYouMean,
    RecentSearches,
    Suggestions,
    ClearRecentSearches,
    ReviewRequestedBadge,
    OwnerNote,
    KeepHidden,
    AskReview,
    AskReviewHint,
    ReviewNote,
    ReviewNoteHint,
    SendReviewRequest,
    ReviewAnswer,
    ReportUser,
    MyStanding,
    WarningsReceived,
    NoWarnings,
    SuspendedNotice,
    SuspendedUntil,
    InDisputeBadge,
    DisputeDecidedBadge,
}

fn text(key: Key, lang: Lang) -> &'static str {
    use linli_markup::words;
    use Key::*;
    let (zh, en) = match key {
        AppName => ("邻里", "Linli"),
        MainNav => ("主导航", "Main navigation"),
        TabBrowse => words::BROWSE,
        TabMarkets => ("市集", "Markets"),
        TabSell => ("发布", "Sell"),
        TabRecycle => words::RECYCLE,
        TabMe => ("我的", "Me"),
        // Begins with what the button shows ([`Key::OtherLanguage`]), so saying it selects it.
        SwitchLanguage => ("EN 切换语言：English", "中 Switch language: 中文"),
        OtherLanguage => ("EN", "中"),
        Back => ("返回", "Back"),
        Loading => ("加载中…", "Loading…"),
        Retry => ("重试", "Try again"),
        NotFoundTitle => ("页面不存在", "Page not found"),
        NotFoundBody => {
            ("这个链接可能已失效，或者地址输错了。", "This link may be outdated, or the address is mistyped.")
        }
        BackHome => ("回到首页", "Back to Browse"),
        Login => words::LOG_IN,
        Register => words::SIGN_UP,
        Logout => ("退出登录", "Log out"),
        LoginTitle => ("登录邻里", "Log in to Linli"),
        RegisterTitle => ("注册邻里账号", "Create your Linli account"),
        LoginId => ("手机号 / 邮箱 / 昵称", "Phone, e-mail or name"),
        LoginIdHint => ("注册时填写的手机号、邮箱或昵称", "The phone, e-mail or name you signed up with"),
        DisplayName => ("昵称", "Display name"),
        DisplayNameHint => ("邻居们看到的名字，2–20 个字", "What neighbours see, 2–20 characters"),
        Contact => ("手机号或邮箱", "Mobile number or e-mail"),
        ContactHint => ("用于登录，不会公开", "Used to log in; never shown to others"),
        Password => ("密码", "Password"),
        PasswordHint => ("至少 8 位，避免常见密码", "At least 8 characters; avoid common passwords"),
        ShowPassword => ("显示密码", "Show password"),
        NoAccountYet => ("还没有账号？", "New to Linli?"),
        HaveAccount => ("已有账号？", "Already have an account?"),
        RolesGrantedNote => (
            "注册后即为居民；组织者和管理员身份由管理员授予。",
            "Everyone starts as a resident; organiser and moderator roles are granted by a moderator.",
        ),
        SetupCode => ("设置码（仅首位管理员）", "Set-up code (first moderator only)"),
        SetupCodeHint => (
            "服务器启动时显示的一次性设置码；普通居民请留空",
            "The one-time code the server printed at start; residents leave this empty",
        ),
        MemberSince => ("加入时间", "Member since"),
        MyRoles => ("身份", "Roles"),
        ManageRoles => ("管理用户身份", "Manage user roles"),
        SignInPrompt => words::SIGN_IN_PROMPT,
        SearchUsers => ("搜索用户", "Search users"),
        SearchUsersHint => ("输入昵称的一部分", "Type part of a display name"),
        NoUsersFound => ("没有找到用户", "No users found"),
        Grant => ("授予", "Grant"),
        Revoke => ("撤销", "Revoke"),
        ModeratorsOnly => ("只有管理员可以查看此页面。", "Only moderators can see this page."),
        BrowseEmpty => ("邻居们的闲置物品会出现在这里", "Your neighbours' idle items will appear here"),
        BrowseEmptyHint => (
            "有用不上的东西？发布出来，让它找到新主人。",
            "Got something you no longer use? List it and give it a second life.",
        ),
        MarketsIntro => (
            "社区跳蚤市场和二手市集的时间、地点会出现在这里。",
            "Community flea and swap markets, with times and places, will appear here.",
        ),
        RecycleIntro => (
            "附近的回收点（两网融合）和上门回收会出现在这里。",
            "Nearby recycling points and home pickup will appear here.",
        ),
        SellIntro => {
            ("出售、免费送或换物：几步就能发布闲置。", "Sell, give away or swap: list an idle item in a few steps.")
        }
        Communities => ("社区", "Communities"),
        Submitting => ("提交中…", "Sending…"),
        FixFieldsAbove => ("请先修改上面标出的内容", "Please fix the fields marked above"),
        AddPhotos => ("添加照片", "Add photos"),
        AllCategories => ("全部", "All"),
        AlreadyReported => ("你已经举报过这件物品，管理员会处理。", "You have already reported this item; a moderator will look at it."),
        Any => ("不限", "Any"),
        ApplyFilters => ("应用筛选", "Apply"),
        Category => ("分类", "Category"),
        ChooseCategory => ("请选择分类", "Choose a category"),
        ClearFilters => ("清除筛选", "Clear filters"),
        Community => ("社区", "Community"),
        Condition => ("成色", "Condition"),
        Cover => ("封面", "Cover"),
        Description => ("描述", "Description"),
        DescriptionHint => ("品牌、型号、购买时间、有无瑕疵……写清楚更容易出手", "Brand, model, age, any flaws: clear details find a taker faster"),
        Dismiss => ("关闭", "Dismiss"),
        Edit => ("编辑", "Edit"),
        EditListing => ("编辑闲置", "Edit listing"),
        Favourite => ("收藏", "Save"),
        Favourited => ("已收藏", "Saved"),
        Filters => ("筛选", "Filters"),
        HiddenReason => ("隐藏原因", "Reason"),
        ListingTitle => ("闲置详情", "Listing"),
        LoadMore => ("加载更多", "Load more"),
        LocationRefused => ("无法获取你的位置，已按最新发布排序。也可以先选择一个社区再按距离排序。", "Your location is not available, so results are newest first. Choose a community to sort by distance from it."),
        MakeCover => ("设为封面：照片", "Make cover: photo"),
        MaxPrice => ("最高价（元）", "Max price (¥)"),
        MinPrice => ("最低价（元）", "Min price (¥)"),
        Mode => ("交易方式", "How"),
        ModeGiveAway => ("免费送", "Give away"),
        ModeSell => ("出售", "Sell"),
        ModeSwap => ("换物", "Swap"),
        MyFavourites => ("我的收藏", "My favourites"),
        MyListings => ("我发布的", "My listings"),
        NewTrader => ("新手卖家", "New trader"),
        NextPhoto => ("下一张照片", "Next photo"),
        NoFavouritesYet => ("还没有收藏。看到喜欢的，点“收藏”就会出现在这里。", "No favourites yet. Tap Save on anything you like and it appears here."),
        NoListingsYet => ("你还没有发布过闲置物品。", "You have not listed anything yet."),
        NoMore => ("没有更多了", "That's everything"),
        NoResults => ("没有找到符合条件的物品", "Nothing matches"),
        NoResultsHint => ("换个关键词，或者减少筛选条件试试。", "Try other words or fewer filters."),
        NotYourListing => ("只有发布者可以编辑这件物品。", "Only the person who listed this item can edit it."),
        Photo => ("照片", "Photo"),
        Photos => ("照片", "Photos"),
        PhotosHint => ("1–9 张，第一张是封面。照片会在手机上压缩，并去掉拍摄位置等信息。", "1–9 photos; the first is the cover. They are resized on your phone and stripped of location data."),
        PickupNote => ("交易说明", "Pickup note"),
        PickupNoteHint => ("例如：小区北门自提，工作日晚上。不要写门牌号。", "E.g. pick up at the north gate, weekday evenings. No house numbers."),
        PostListing => words::POST_LISTING,
        Posted => ("发布时间", "Posted"),
        PreviousPhoto => ("上一张照片", "Previous photo"),
        PriceHint => ("单位：元，例如 25 或 25.5", "In yuan, e.g. 25 or 25.50"),
        PriceRange => ("价格区间", "Price range"),
        PriceYuan => ("价格（元）", "Price (¥)"),
        Publish => ("发布", "Publish"),
        Refresh => ("刷新", "Refresh"),
        ReleaseToRefresh => ("松开刷新", "Release to refresh"),
        Relist => ("重新上架", "Relist"),
        RemovePhoto => ("删除照片", "Remove photo"),
        Report => ("举报", "Report"),
        ReportNote => ("补充说明（选填）", "Details (optional)"),
        ReportReason => ("举报原因", "Why are you reporting this?"),
        ReportReceived => ("已收到举报，管理员会尽快处理。谢谢！", "Thanks. A moderator will look at it soon."),
        Results => ("搜索结果", "Results"),
        SaveChanges => ("保存修改", "Save changes"),
        Search => ("搜索", "Search"),
        SearchLabel => ("搜索闲置物品", "Search idle items"),
        SearchPlaceholder => ("搜索：冰箱、婴儿车、sofa…", "Search: fridge, 冰箱, sofa…"),
        SendReport => ("提交举报", "Send report"),
        SortBy => ("排序", "Sort by"),
        SortDefault => ("默认", "Default"),
        SwapFor => ("想换什么", "Swap for"),
        SwapForHint => ("例如：书架、儿童自行车", "E.g. a bookshelf, a kid's bike"),
        Title => ("标题", "Title"),
        TitleHint => ("一句话说清是什么，例如：海尔双门冰箱 206升", "Say what it is, e.g. Haier fridge, 206 L"),
        Uploading => ("上传中", "Uploading"),
        Withdraw => ("下架", "Withdraw"),
        Accept => ("接受", "Accept"),
        CancelReason => ("取消原因", "Reason for cancelling"),
        CancelTrade => ("取消交易", "Cancel the trade"),
        CarbonAvoided => ("碳减排（估算）", "CO₂e avoided (estimate)"),
        CompletedTrades => ("完成交易", "Completed trades"),
        ConfirmHandOver => ("确认已交接", "Confirm the hand-over"),
        CreditScore => ("信用分", "Credit score"),
        Decline => ("拒绝", "Decline"),
        DistinctCounterparties => ("交易过的邻居", "Different people traded with"),
        ExpiresAt => ("卖家未回应的话，请求将在此时过期：", "If the owner does not answer, the request expires on"),
        HiddenByModerator => ("已被管理员隐藏，其他人看不到", "Hidden by a moderator: nobody else can see it"),
        HandoverDue => ("请在此前完成交接，逾期任一方可取消：", "Hand over by this date; after it either side may cancel:"),
        FirstMessage => ("给卖家留言（选填）", "Message to the owner (optional)"),
        FirstMessageHint => ("例如：什么时候方便看货？", "E.g. when could I come and see it?"),
        GivenAway => ("免费送出", "Given away"),
        GreenPoints => ("绿色积分", "Green points"),
        IWantIt => ("我想要", "I want it"),
        ImpactEstimate => ("碳减排为估算值：按物品类别的典型生产排放和 50% 替代率计算。", "CO₂e figures are estimates: a typical item's production footprint by category, assuming half of reuses replace a new purchase."),
        Message => ("消息", "Message"),
        MessagePlaceholder => ("说点什么…", "Write a message…"),
        ThreadClosed => ("这笔交易已结束，不能再发消息", "This trade has ended; no more messages."),
        Messages => ("消息", "Messages"),
        MyCreditPage => ("我的信用主页", "My credit profile"),
        MyTrades => ("我的交易", "My trades"),
        NoRatingsYet => ("还没有公开的评价。", "No visible ratings yet."),
        NoTradesYet => ("还没有交易。看到喜欢的闲置，点“我想要”就开始了。", "No trades yet. Tap “I want it” on something you like to start one."),
        OfferSwap => ("用东西换", "Offer a swap"),
        Pending => ("条待处理", "waiting"),
        Profile => ("信用主页", "Profile"),
        RateThem => ("给对方打分", "Rate the other person"),
        RatingComment => ("评价内容（选填）", "Comment (optional)"),
        RatingFrom => ("来自", "From"),
        RatingTags => ("印象标签", "Tags"),
        Ratings => ("评价", "Ratings"),
        RatingsReceived => ("收到的评价", "Ratings received"),
        Requests => ("想要的人", "People who asked"),
        EvidencePhotosHint => ("选填，最多 6 张。照片会在手机上压缩，并去掉拍摄位置等信息。", "Optional, up to 6 photos. They are resized on your phone and stripped of location data."),
        DraftRestored => ("已恢复你上次没有保存的内容。", "What you typed last time and did not save is back."),
        DiscardChanges => ("放弃这些修改", "Discard these changes"),
        StartOver => ("清空重填", "Start over"),
        SeeMyRequest => ("你已经要过这件物品：查看你的交易", "You asked for this item: see your trade"),
        ReservedQueue => ("已被预订。你仍可以发出请求排队，如果当前交易取消，卖家可以接受你的请求。", "Reserved. You can still ask and wait in line: if the current trade is cancelled, the owner can accept yours."),
        ScoreExplained => (
            "信用分只来自已完成的交易。与在市集上见过面的邻居有交易往来的人，评价最有分量；重复与同一人交易、新账号和只在小圈子内互相交易的账号，评价几乎不计入。",
            "Only completed trades count. Ratings from neighbours who trade with people met at markets count most; repeat partners, new accounts and a closed group that trades among itself count little.",
        ),
        SeeListings => ("看看这里的闲置", "See items here"),
        Send => ("发送", "Send"),
        SendRequest => ("发送请求", "Send request"),
        StepAccepted => ("卖家接受", "Accepted"),
        StepCompleted => ("完成", "Completed"),
        StepHandedOver => ("交接", "Handed over"),
        StepRequested => ("请求", "Requested"),
        SubmitRating => ("提交评价", "Submit rating"),
        SwapOffer => ("你用什么换", "What you offer in exchange"),
        SwapOfferHint => ("例如：九成新的书架", "E.g. a bookshelf in good condition"),
        SwapOffered => ("对方用来换的东西", "Offered in exchange"),
        TheirRating => ("对方对你的评价", "Their rating of you"),
        TheyRatedHidden => ("对方已评价，你评价后即可看到（或 14 天后公开）。", "They have rated you; you will see it once you rate (or after 14 days)."),
        Trade => ("交易", "Trade"),
        TradeAvoided => ("这笔交易约减少", "This trade avoided about"),
        UnreadMessages => ("条未读消息", "unread messages"),
        WaitingOtherConfirm => ("你已确认交接，等待对方确认。", "You confirmed the hand-over; waiting for the other person."),
        WaitingTheirRating => ("等待对方评价（交易完成后 14 天内）。", "Waiting for their rating (within 14 days of completion)."),
        WhyThisScore => ("为什么是这个分数", "Why this score"),
        YouBuy => ("你是买家", "You are the buyer"),
        YouSell => ("你是卖家", "You are the seller"),
        YourRating => ("你的评价", "Your rating"),
        YourTurn => ("待你处理", "Your turn"),
        TrustSeed => ("见面核实（信用信任来源）", "Met in person (a source of trust)"),
        TrustSeedYes => (
            "此人已当面核实（组织者、管理员、市集签到或管理员核实）：与其交易的人的评价更有分量。",
            "Met in person (organiser, moderator, checked in at a market or verified): ratings from people who trade with them count more.",
        ),
        TrustSeedNo => ("此人尚未当面核实。", "Not met in person yet."),
        TrustSeedRevoked => ("管理员已撤销此人的信任来源身份。", "A moderator withdrew this person's standing as a source of trust."),
        TrustSeedReason => ("理由（记入审计日志）", "Reason (written to the audit log)"),
        TrustSeedVerify => ("已当面核实", "Verified in person"),
        TrustSeedWithdraw => ("撤销信任来源", "Withdraw as a source of trust"),
        OpenDispute => ("发起纠纷", "Open a dispute"),
        DisputeReasonLabel => ("纠纷原因", "Reason"),
        DisputeDescription => ("发生了什么", "What happened"),
        SubmitDispute => ("提交纠纷", "Submit dispute"),
        DisputeHeading => ("纠纷", "Dispute"),
        AnswerDue => ("回应截止", "Answer due"),
        AnswerDispute => ("提交回应", "Send answer"),
        YourAnswer => ("你的回应", "Your answer"),
        AddMessage => ("补充说明", "Add a message"),
        DecisionHeading => ("裁决结果", "Decision"),
        DecideDispute => ("作出裁决", "Decide"),
        OutcomeLabel => ("裁决", "Outcome"),
        DecisionReason => ("裁决理由（双方可见）", "Reason (shown to both)"),
        Moderation => ("纠纷与举报管理", "Moderation"),
        DisputeQueue => ("纠纷队列", "Dispute queue"),
        ReportsQueue => ("举报队列", "Reports"),
        Suspensions => ("停用的账号", "Suspensions"),
        AuditLog => ("操作日志", "Audit log"),
        AnsweredYes => ("已回应", "Answered"),
        AnsweredNo => ("未回应", "Not answered"),
        NothingHere => ("暂无内容", "Nothing here"),
        HideListing => ("隐藏", "Hide"),
        RestoreListing => ("恢复", "Restore"),
        DismissReports => ("驳回举报", "Dismiss"),
        WarnUser => ("警告", "Warn"),
        SuspendUser => ("停用账号", "Suspend"),
        LiftSuspension => ("解除停用", "Lift"),
        ModReason => ("理由", "Reason"),
        SuspendDays => ("天数（留空为直到解除）", "Days (empty: until lifted)"),
        SearchAudit => ("搜索日志", "Search the log"),
        ServerCommandLine => ("服务器命令行", "Server command line"),
        FiledAt => ("发起于", "Filed"),
        DisputeOpenBadge => ("纠纷处理中，交易已冻结", "Dispute open: the trade is frozen"),
        ViewDispute => ("查看纠纷", "View dispute"),
        ReportsCount => ("次举报", "reports"),
        SuspendedUntilLifted => ("直到解除", "until lifted"),
        DidYouMean => ("你是不是要找：", "Did you mean: "),
        RecentSearches => ("最近搜索", "Recent searches"),
        Suggestions => ("搜索建议", "Suggestions"),
        ClearRecentSearches => ("清除搜索记录", "Clear recent searches"),
        ReviewRequestedBadge => ("已申请复核", "Review requested"),
        OwnerNote => ("发布者说明", "Owner's note"),
        KeepHidden => ("维持隐藏", "Keep hidden"),
        AskReview => ("申请复核", "Ask for review"),
        AskReviewHint => ("修改后可以申请管理员复核，每次隐藏可申请一次。", "After editing, you can ask a moderator to review the hide (once per hide)."),
        ReviewNote => ("复核说明（选填）", "Note for the moderator (optional)"),
        ReviewNoteHint => ("说明你改了什么，或为什么隐藏有误", "Say what you changed, or why the hide is a mistake"),
        SendReviewRequest => ("提交复核申请", "Send the request"),
        ReviewAnswer => ("管理员答复", "Moderator's answer"),
        ReportUser => ("举报该用户", "Report this user"),
        MyStanding => ("账号状况", "Account standing"),
        WarningsReceived => ("收到的警告", "Warnings received"),
        NoWarnings => ("没有警告，账号状况良好", "No warnings: your account is in good standing"),
        SuspendedNotice => ("你的账号已被停用", "Your account is suspended"),
        SuspendedUntil => ("停用至", "Suspended until"),
        InDisputeBadge => ("纠纷中", "In dispute"),
        DisputeDecidedBadge => ("纠纷已裁决", "Dispute decided"),
    };
    lang.pick(zh, en)
}
