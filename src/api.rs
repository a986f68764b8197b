//! The typed API client: every call the app makes to the server, over gloo-net, with the
//! contract's types. A failure is always an [`ApiError`]: the server's typed body, or
//! `ErrorCode::Network` when the server could not be reached or answered garbage.

use gloo_net::http::{Request, RequestBuilder, Response};
use linli_contract::auth::{LoginRequest, Me, RegisterRequest, Role, UserSummary};
use linli_contract::community::{Community, CommunityPage};
use linli_contract::impact::Impact;
use linli_contract::listing::{
    FavouriteState, ListingCard, ListingDetail, ListingInput, Page, Photo, ReportInput, ReportReceipt, SearchQuery,
};
use linli_contract::trade::{
    CancelRequest, Message, NewMessage, Profile, RatingInput, TradeRequest, TradeSummary, TradeView, Unread,
};
use linli_contract::trust::{SeedStatus, SeedUpdate};
use linli_contract::{decimal, ApiError, ErrorCode, Lang, API_PREFIX};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::cell::{Cell, RefCell};
use std::future::Future;
use web_sys::AbortSignal;

pub mod markets;

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

thread_local! {
    /// The abort signal of the request being started: set by [`with_abort`] while it polls.
    static ABORT: RefCell<Option<AbortSignal>> = const { RefCell::new(None) };
}

/// Runs `call` (one or more of this module's calls) with every request it makes tied to
/// `signal`: aborting the signal aborts them. `remote::Requests` is the one caller, so the
/// calls themselves need no extra parameter.
pub async fn with_abort<F: Future>(signal: Option<AbortSignal>, call: F) -> F::Output {
    let mut call = std::pin::pin!(call);
    std::future::poll_fn(move |cx| {
        // A request is built (and its signal read) inside a poll of its call.
        let outer = ABORT.replace(signal.clone());
        let polled = call.as_mut().poll(cx);
        ABORT.set(outer);
        polled
    })
    .await
}

fn with_headers(req: RequestBuilder) -> RequestBuilder {
    let req = req.header("Accept-Language", lang().tag());
    ABORT.with_borrow(|signal| req.abort_signal(signal.as_ref()))
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

/// The server's health, including whether the first moderator is still to be set up.
pub async fn health() -> ApiResult<linli_contract::health::Health> {
    get("/health").await
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

/// Whether the credit rating counts the account as met in person (moderators).
pub async fn trust_seed(user_id: i64) -> ApiResult<SeedStatus> {
    get(&format!("/admin/users/{user_id}/trust-seed")).await
}

pub async fn set_trust_seed(user_id: i64, seed: bool, reason: String) -> ApiResult<SeedStatus> {
    let path = url(&format!("/admin/users/{user_id}/trust-seed"));
    json(send(Request::put(&path), Some(&SeedUpdate { seed, reason })).await?).await
}

// --- listings ---

/// The feed or a search; the query is the same one the Browse page keeps in its URL.
pub async fn search(q: &SearchQuery) -> ApiResult<Page<ListingCard>> {
    get(&format!("/listings?{}", query_string(q))).await
}

/// `SearchQuery` as a URL query string (also used for the Browse page's own URL).
pub fn query_string(q: &SearchQuery) -> String {
    let mut parts: Vec<(&str, String)> = Vec::new();
    let mut add = |k: &'static str, v: Option<String>| {
        if let Some(v) = v.filter(|v| !v.is_empty()) {
            parts.push((k, v));
        }
    };
    add("q", q.q.clone());
    add("category", q.category.map(|c| c.key().to_string()));
    add("condition", q.condition.map(|c| c.key().to_string()));
    add("mode", q.mode.map(|m| m.key().to_string()));
    add("min_price_fen", q.min_price_fen.map(|v| v.to_string()));
    add("max_price_fen", q.max_price_fen.map(|v| v.to_string()));
    add("community_id", q.community_id.map(|v| v.to_string()));
    add("sort", q.sort.map(|s| s.key().to_string()));
    add("lat", q.lat.map(|v| decimal::format_fixed(v, 2)));
    add("lng", q.lng.map(|v| decimal::format_fixed(v, 2)));
    add("cursor", q.cursor.clone());
    add("limit", q.limit.map(|v| v.to_string()));
    parts.iter().map(|(k, v)| format!("{k}={}", js_sys::encode_uri_component(v))).collect::<Vec<_>>().join("&")
}

/// Completions and a corrected query for what has been typed into the search box.
pub async fn suggest(q: &str) -> ApiResult<linli_contract::search::Suggestions> {
    get(&format!("/search/suggest?q={}", js_sys::encode_uri_component(q))).await
}

pub async fn listing(id: i64) -> ApiResult<ListingDetail> {
    get(&format!("/listings/{id}")).await
}

pub async fn create_listing(input: &ListingInput) -> ApiResult<ListingDetail> {
    json(send(Request::post(&url("/listings")), Some(input)).await?).await
}

pub async fn update_listing(id: i64, input: &ListingInput) -> ApiResult<ListingDetail> {
    json(send(Request::put(&url(&format!("/listings/{id}"))), Some(input)).await?).await
}

/// `withdraw` or `relist`.
pub async fn change_listing(id: i64, action: &str) -> ApiResult<ListingDetail> {
    json(send(Request::post(&url(&format!("/listings/{id}/{action}"))), NO_BODY).await?).await
}

pub async fn set_favourite(id: i64, on: bool) -> ApiResult<FavouriteState> {
    let path = url(&format!("/listings/{id}/favourite"));
    json(send(if on { Request::put(&path) } else { Request::delete(&path) }, NO_BODY).await?).await
}

pub async fn report(id: i64, input: &ReportInput) -> ApiResult<ReportReceipt> {
    json(send(Request::post(&url(&format!("/listings/{id}/reports"))), Some(input)).await?).await
}

pub async fn my_listings() -> ApiResult<Vec<ListingCard>> {
    get("/me/listings").await
}

pub async fn my_favourites() -> ApiResult<Vec<ListingCard>> {
    get("/me/favourites").await
}

/// Uploads one (already resized) photo, reporting progress from 0.0 to 1.0. XMLHttpRequest,
/// not fetch: only it reports upload progress.
pub async fn upload_photo(blob: web_sys::Blob, on_progress: impl Fn(f64) + 'static) -> ApiResult<Photo> {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    let xhr = web_sys::XmlHttpRequest::new().map_err(|_| network_error())?;
    xhr.open("POST", &url("/photos")).map_err(|_| network_error())?;
    let _ = xhr.set_request_header("Content-Type", "image/jpeg");
    let _ = xhr.set_request_header("Accept-Language", lang().tag());
    let progress = Closure::<dyn Fn(web_sys::ProgressEvent)>::new(move |ev: web_sys::ProgressEvent| {
        if ev.length_computable() && ev.total() > 0.0 {
            on_progress(ev.loaded() / ev.total());
        }
    });
    if let Ok(upload) = xhr.upload() {
        upload.set_onprogress(Some(progress.as_ref().unchecked_ref()));
    }
    // Settles when the request ends, whichever way.
    let done = js_sys::Promise::new(&mut |resolve, _| {
        xhr.set_onloadend(Some(&resolve));
    });
    xhr.send_with_opt_blob(Some(&blob)).map_err(|_| network_error())?;
    let _ = wasm_bindgen_futures::JsFuture::from(done).await;
    drop(progress);
    let status = xhr.status().unwrap_or(0);
    let text = xhr.response_text().ok().flatten().unwrap_or_default();
    match status {
        0 => Err(network_error()),
        200..=299 => serde_json::from_str(&text).map_err(|_| network_error()),
        _ => Err(serde_json::from_str(&text).unwrap_or_else(|_| ApiError::new(ErrorCode::Internal, lang()))),
    }
}

// --- trades ---

pub async fn request_trade(listing_id: i64, req: &TradeRequest) -> ApiResult<TradeView> {
    json(send(Request::post(&url(&format!("/listings/{listing_id}/trades"))), Some(req)).await?).await
}

/// The owner's view of who asked for their listing.
pub async fn listing_trades(listing_id: i64) -> ApiResult<Vec<TradeSummary>> {
    get(&format!("/listings/{listing_id}/trades")).await
}

pub async fn trade(id: i64) -> ApiResult<TradeView> {
    get(&format!("/trades/{id}")).await
}

/// `accept`, `decline` or `confirm`.
pub async fn trade_step(id: i64, step: &str) -> ApiResult<TradeView> {
    json(send(Request::post(&url(&format!("/trades/{id}/{step}"))), NO_BODY).await?).await
}

pub async fn cancel_trade(id: i64, req: &CancelRequest) -> ApiResult<TradeView> {
    json(send(Request::post(&url(&format!("/trades/{id}/cancel"))), Some(req)).await?).await
}

/// Messages after `after` (0: all); fetching marks them read.
/// Messages after `after`; what arrived is then marked read (a POST: reading never writes).
pub async fn messages(id: i64, after: i64) -> ApiResult<Vec<Message>> {
    let new: Vec<Message> = get(&format!("/trades/{id}/messages?after={after}")).await?;
    if let Some(last) = new.last() {
        let mark = linli_contract::trade::ReadMark { last_id: last.id };
        send(Request::post(&url(&format!("/trades/{id}/read"))), Some(&mark)).await?;
    }
    Ok(new)
}

pub async fn send_message(id: i64, msg: &NewMessage) -> ApiResult<Message> {
    json(send(Request::post(&url(&format!("/trades/{id}/messages"))), Some(msg)).await?).await
}

pub async fn rate(id: i64, input: &RatingInput) -> ApiResult<TradeView> {
    json(send(Request::post(&url(&format!("/trades/{id}/rating"))), Some(input)).await?).await
}

pub async fn my_trades() -> ApiResult<Vec<TradeSummary>> {
    get("/me/trades").await
}

pub async fn unread() -> ApiResult<Unread> {
    get("/me/unread").await
}

pub async fn my_impact() -> ApiResult<Impact> {
    get("/me/impact").await
}

pub async fn profile(user_id: i64) -> ApiResult<Profile> {
    get(&format!("/users/{user_id}")).await
}

pub async fn community(id: i64) -> ApiResult<CommunityPage> {
    get(&format!("/communities/{id}")).await
}

// --- disputes and moderation ---

pub async fn open_dispute(
    trade_id: i64,
    input: &linli_contract::dispute::NewDispute,
) -> ApiResult<linli_contract::dispute::DisputeView> {
    json(send(Request::post(&url(&format!("/trades/{trade_id}/disputes"))), Some(input)).await?).await
}

pub async fn dispute(id: i64) -> ApiResult<linli_contract::dispute::DisputeView> {
    get(&format!("/disputes/{id}")).await
}

/// `answer` or `messages`.
pub async fn dispute_post(
    id: i64,
    kind: &str,
    input: &linli_contract::dispute::DisputePostInput,
) -> ApiResult<linli_contract::dispute::DisputeView> {
    json(send(Request::post(&url(&format!("/disputes/{id}/{kind}"))), Some(input)).await?).await
}

pub async fn decide_dispute(
    id: i64,
    input: &linli_contract::dispute::DecideInput,
) -> ApiResult<linli_contract::dispute::DisputeView> {
    json(send(Request::post(&url(&format!("/moderation/disputes/{id}/decide"))), Some(input)).await?).await
}

pub async fn dispute_queue() -> ApiResult<Vec<linli_contract::dispute::DisputeQueueItem>> {
    get("/moderation/disputes").await
}

pub async fn report_queue() -> ApiResult<Vec<linli_contract::moderation::ReportGroup>> {
    get("/moderation/reports").await
}

pub async fn suspensions() -> ApiResult<Vec<linli_contract::moderation::Suspension>> {
    get("/moderation/suspensions").await
}

pub async fn audit_log(q: &str) -> ApiResult<Vec<linli_contract::moderation::AuditEntry>> {
    get(&format!("/moderation/audit?q={}", js_sys::encode_uri_component(q))).await
}

/// A moderator restores a hidden listing (no reason needed).
pub async fn restore_listing(id: i64) -> ApiResult<ListingDetail> {
    json(send(Request::post(&url(&format!("/admin/listings/{id}/unhide"))), NO_BODY).await?).await
}

/// The owner of a hidden listing asks a moderator to review the hide (once per hide).
pub async fn ask_review(id: i64, input: &linli_contract::listing::ReviewInput) -> ApiResult<ListingDetail> {
    json(send(Request::post(&url(&format!("/listings/{id}/review"))), Some(input)).await?).await
}

/// A resident reports an account (from its profile).
pub async fn report_user(id: i64, input: &linli_contract::moderation::UserReportInput) -> ApiResult<ReportReceipt> {
    json(send(Request::post(&url(&format!("/users/{id}/reports"))), Some(input)).await?).await
}

/// The viewer's own warnings and suspension in force.
pub async fn my_standing() -> ApiResult<linli_contract::moderation::Standing> {
    get("/me/standing").await
}

/// A moderator's action with a body: `moderation/users/{id}/warn`, `…/suspend`, `…/lift`,
/// `moderation/reports/{target}/{id}/dismiss`, `admin/listings/{id}/hide`, `…/keep-hidden`.
pub async fn moderate(path: &str, body: &impl Serialize) -> ApiResult<()> {
    send(Request::post(&url(path)), Some(body)).await.map(|_| ())
}

// --- recycling ---

/// Points nearest first; `query` is the `PointQuery` as a query string (`lat=…&lng=…`).
pub async fn recycling_points(query: &str) -> ApiResult<Vec<linli_contract::recycling::Point>> {
    get(&format!("/recycling/points?{query}")).await
}

pub async fn recycling_point(id: i64) -> ApiResult<linli_contract::recycling::Point> {
    get(&format!("/recycling/points/{id}")).await
}

pub async fn update_recycling_point(
    id: i64,
    input: &linli_contract::recycling::PointInput,
) -> ApiResult<linli_contract::recycling::Point> {
    json(send(Request::put(&url(&format!("/recycling/points/{id}"))), Some(input)).await?).await
}

pub async fn create_recycling_point(
    input: &linli_contract::recycling::PointInput,
) -> ApiResult<linli_contract::recycling::Point> {
    json(send(Request::post(&url("/recycling/points")), Some(input)).await?).await
}

/// Moderators: hand a point to an organiser.
pub async fn assign_point_operator(id: i64, operator_id: i64) -> ApiResult<linli_contract::recycling::Point> {
    let body = linli_contract::recycling::AssignOperator { operator_id };
    json(send(Request::put(&url(&format!("/recycling/points/{id}/operator"))), Some(&body)).await?).await
}

/// The points the signed-in organiser operates.
pub async fn my_recycling_points() -> ApiResult<Vec<linli_contract::recycling::Point>> {
    get("/me/recycling-points").await
}

/// What goes where: `query` is `q=…` plus an optional position or community.
pub async fn recycling_lookup(query: &str) -> ApiResult<Vec<linli_contract::recycling::ItemAnswer>> {
    get(&format!("/recycling/lookup?{query}")).await
}

pub async fn request_pickup(
    point_id: i64,
    input: &linli_contract::recycling::PickupInput,
) -> ApiResult<linli_contract::recycling::Pickup> {
    json(send(Request::post(&url(&format!("/recycling/points/{point_id}/pickups"))), Some(input)).await?).await
}

pub async fn my_pickups() -> ApiResult<Vec<linli_contract::recycling::Pickup>> {
    let list = get("/me/pickups").await?;
    send(Request::post(&url("/me/pickups/seen")), NO_BODY).await?;
    Ok(list)
}

pub async fn pickup_badge() -> ApiResult<linli_contract::recycling::PickupBadge> {
    get("/me/pickups/badge").await
}

/// `schedule`, `collect` or `cancel` with its body.
pub async fn pickup_step(
    id: i64,
    step: &str,
    body: &serde_json::Value,
) -> ApiResult<linli_contract::recycling::Pickup> {
    json(send(Request::post(&url(&format!("/pickups/{id}/{step}"))), Some(body)).await?).await
}
