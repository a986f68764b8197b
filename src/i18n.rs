//! The UI's words in Chinese (default) and English, and the language switch's state.
//!
//! Error messages are not here: they come with their codes from the contract crate
//! (`ErrorCode::message`), shared with the server.

use gloo_storage::{LocalStorage, Storage};
use leptos::prelude::*;
use linli_contract::auth::Role;
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

fn set_document_lang(lang: Lang) {
    if let Some(root) = document().document_element() {
        let _ = root.set_attribute("lang", lang.tag());
    }
}

pub fn role_name(role: Role, lang: Lang) -> &'static str {
    match role {
        Role::Resident => lang.pick("居民", "Resident"),
        Role::Organiser => lang.pick("组织者", "Organiser"),
        Role::Moderator => lang.pick("管理员", "Moderator"),
    }
}

/// Formats unix seconds as a calendar date in the reader's convention.
pub fn date(unix_secs: i64, lang: Lang) -> String {
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(unix_secs as f64 * 1000.0));
    let (y, m, day) = (d.get_full_year(), d.get_month() + 1, d.get_date());
    match lang {
        Lang::Zh => format!("{y}年{m}月{day}日"),
        Lang::En => format!("{y}-{m:02}-{day:02}"),
    }
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
}

fn text(key: Key, lang: Lang) -> &'static str {
    use Key::*;
    let (zh, en) = match key {
        AppName => ("邻里", "Linli"),
        MainNav => ("主导航", "Main navigation"),
        TabBrowse => ("逛逛", "Browse"),
        TabMarkets => ("市集", "Markets"),
        TabSell => ("发布", "Sell"),
        TabRecycle => ("回收", "Recycle"),
        TabMe => ("我的", "Me"),
        SwitchLanguage => ("切换语言：English", "Switch language: 中文"),
        OtherLanguage => ("EN", "中"),
        Back => ("返回", "Back"),
        Loading => ("加载中…", "Loading…"),
        Retry => ("重试", "Try again"),
        NotFoundTitle => ("页面不存在", "Page not found"),
        NotFoundBody => {
            ("这个链接可能已失效，或者地址输错了。", "This link may be outdated, or the address is mistyped.")
        }
        BackHome => ("回到首页", "Back to Browse"),
        Login => ("登录", "Log in"),
        Register => ("注册", "Sign up"),
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
        MemberSince => ("加入时间", "Member since"),
        MyRoles => ("身份", "Roles"),
        ManageRoles => ("管理用户身份", "Manage user roles"),
        SignInPrompt => {
            ("登录后可以发布闲置、预订物品、预约摊位。", "Log in to list items, reserve things and book market stalls.")
        }
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
    };
    lang.pick(zh, en)
}
