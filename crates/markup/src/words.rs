//! Words the server's first screens and the web app both show, as (Chinese, English): one
//! spelling for both, so a pre-rendered page and the app's own rendering cannot drift.

pub const BROWSE: (&str, &str) = ("逛逛", "Browse");
pub const RECYCLE: (&str, &str) = ("回收", "Recycle");
pub const POST_LISTING: (&str, &str) = ("发布闲置", "List an item");
pub const LOG_IN: (&str, &str) = ("登录", "Log in");
pub const SIGN_UP: (&str, &str) = ("注册", "Sign up");
pub const SIGN_IN_PROMPT: (&str, &str) =
    ("登录后可以发布闲置、预订物品、预约摊位。", "Log in to list items, reserve things and book market stalls.");
