//! The typed API client: every call the app makes to the server, over gloo-net, with the
//! contract's types. A failure is always an [`ApiError`]: the server's typed body, or
//! `ErrorCode::Network` when the server could not be reached or answered garbage.

use gloo_net::http::{Request, RequestBuilder, Response};
use linli_contract::auth::{LoginRequest, Me, RegisterRequest, Role, UserSummary};
use linli_contract::community::Community;
use linli_contract::{ApiError, ErrorCode, Lang, API_PREFIX};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::cell::Cell;

pub type ApiResult<T> = Result<T, ApiError>;

thread_local! {
    /// The UI language, sent as `Accept-Language` so server messages match it.
    static LANG: Cell<Lang> = const { Cell::new(Lang::Zh) };
}

pub fn set_lang(lang: Lang) {
    LANG.with(|l| l.set(lang));
}

fn lang() -> Lang {
    LANG.with(Cell::get)
}

fn url(path: &str) -> String {
    format!("{API_PREFIX}{path}")
}

fn with_headers(req: RequestBuilder) -> RequestBuilder {
    req.header("Accept-Language", lang().tag())
}

fn network_error() -> ApiError {
    ApiError::new(ErrorCode::Network, lang())
}

async fn send(req: RequestBuilder, body: Option<&(impl Serialize + ?Sized)>) -> ApiResult<Response> {
    let req = with_headers(req);
    let sent = match body {
        Some(body) => req.json(body).map_err(|_| network_error())?.send().await,
        None => req.send().await,
    };
    let res = sent.map_err(|_| network_error())?;
    if res.ok() {
        return Ok(res);
    }
    // A proxy or a crashed server may answer without our typed body.
    Err(res.json::<ApiError>().await.unwrap_or_else(|_| {
        let code = if res.status() >= 500 { ErrorCode::Internal } else { ErrorCode::BadRequest };
        ApiError::new(code, lang())
    }))
}

async fn json<T: DeserializeOwned>(res: Response) -> ApiResult<T> {
    res.json::<T>().await.map_err(|_| network_error())
}

async fn get<T: DeserializeOwned>(path: &str) -> ApiResult<T> {
    json(send(Request::get(&url(path)), None::<&()>).await?).await
}

const NO_BODY: Option<&()> = None;

// --- accounts ---

/// The signed-in user, or `None` when nobody is.
pub async fn me() -> ApiResult<Option<Me>> {
    match get::<Me>("/me").await {
        Ok(me) => Ok(Some(me)),
        Err(e) if e.code == ErrorCode::Unauthenticated => Ok(None),
        Err(e) => Err(e),
    }
}

pub async fn register(req: &RegisterRequest) -> ApiResult<Me> {
    json(send(Request::post(&url("/auth/register")), Some(req)).await?).await
}

pub async fn login(req: &LoginRequest) -> ApiResult<Me> {
    json(send(Request::post(&url("/auth/login")), Some(req)).await?).await
}

pub async fn logout() -> ApiResult<()> {
    send(Request::post(&url("/auth/logout")), NO_BODY).await.map(|_| ())
}

// --- reference data ---

pub async fn communities() -> ApiResult<Vec<Community>> {
    get("/communities").await
}

// --- moderation ---

pub async fn admin_users(q: &str) -> ApiResult<Vec<UserSummary>> {
    let path = format!("/admin/users?q={}", js_sys::encode_uri_component(q));
    get(&path).await
}

pub async fn set_role(user_id: i64, role: Role, granted: bool) -> ApiResult<UserSummary> {
    let path = url(&format!("/admin/users/{user_id}/roles/{}", role.as_str()));
    let req = if granted { Request::put(&path) } else { Request::delete(&path) };
    json(send(req, NO_BODY).await?).await
}
