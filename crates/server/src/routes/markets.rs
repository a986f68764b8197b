//! Community swap markets: organisers schedule them and manage each date's stalls; residents
//! book stalls or join the waitlist; calendars (.ics) of a market and of a booking.

use crate::calendar;
use crate::db::markets::{self, BookingRow, DateRow, MarketRow, Method, NewDate};
use crate::error::{AppError, AppResult};
use crate::extract::{CurrentUser, Json};
use crate::AppState;
use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use linli_contract::auth::Role;
use linli_contract::lang::Lang;
use linli_contract::lifecycle;
use linli_contract::listing::Category;
use linli_contract::market::{
    self, Booking, BookingAction, BookingInput, BookingListing, BookingRole, BookingState, CancelDate, CheckInInput,
    Market, MarketInput, MarketPage, MoveDate, MyBookings, Occurrence, OccurrenceStatus, Preview, Recurrence,
    RemoveBooking, Schedule, StallList, UpcomingDay,
};
use linli_contract::{ApiError, ErrorCode, Field, Validate};
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(upcoming, create))
        .routes(routes!(preview))
        .routes(routes!(show, edit))
        .routes(routes!(cancel_date))
        .routes(routes!(move_date))
        .routes(routes!(stalls))
        .routes(routes!(book))
        .routes(routes!(check_in))
        .routes(routes!(cancel_booking))
        .routes(routes!(remove_booking))
        .routes(routes!(my_bookings))
        .routes(routes!(seen))
        .routes(routes!(market_ics))
        .routes(routes!(booking_ics))
}

/// How far ahead the Markets tab looks.
const UPCOMING_DAYS: i64 = 60;
const UPCOMING_LIMIT: i64 = 300;
const MY_BOOKINGS_LIMIT: i64 = 200;

/// The request's language (`Accept-Language`), for texts the server writes.
struct ReqLang(Lang);

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for ReqLang {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut axum::http::request::Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(ReqLang(crate::error::request_lang(&parts.headers)))
    }
}

fn is_editor(m: &MarketRow, user: Option<&CurrentUser>) -> bool {
    user.is_some_and(|u| u.runs(m.organiser_id) || u.has(Role::Moderator))
}

async fn find(state: &AppState, id: i64) -> AppResult<MarketRow> {
    markets::find(&state.db, id).await?.ok_or(AppError::code(ErrorCode::NotFound))
}

/// The market, if `user` may manage it (403 otherwise: markets are public).
async fn find_editable(state: &AppState, id: i64, user: &CurrentUser) -> AppResult<MarketRow> {
    user.ensure_active()?;
    let m = find(state, id).await?;
    if !is_editor(&m, Some(user)) {
        return Err(AppError::code(ErrorCode::Forbidden));
    }
    Ok(m)
}

fn distance_m(lat1: f64, lng1: f64, lat2: f64, lng2: f64) -> i64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = (lat2 - lat1).to_radians();
    let dl = (lng2 - lng1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    (6_371_000.0 * 2.0 * a.sqrt().atan2((1.0 - a).sqrt())) as i64
}

fn occurrence(d: &DateRow, from: Option<(f64, f64)>) -> Occurrence {
    let free = (d.stalls - d.booked).max(0);
    Occurrence {
        market_id: d.market_id,
        market_name: d.market_name.clone(),
        date: d.date.clone(),
        day: d.day.clone(),
        start_time: d.start_time.clone(),
        end_time: d.end_time.clone(),
        starts_at: d.starts_at,
        ends_at: d.ends_at,
        time_zone: d.time_zone.clone(),
        status: d.status(),
        reason: d.reason.clone(),
        stalls: d.stalls as u32,
        booked: d.booked as u32,
        waitlisted: d.waitlisted as u32,
        free: if d.status() == OccurrenceStatus::Cancelled { 0 } else { free as u32 },
        venue_name: d.venue_name.clone(),
        lat: d.lat,
        lng: d.lng,
        distance_m: from.map(|(lat, lng)| distance_m(lat, lng, d.lat, d.lng)),
    }
}

fn schedule_of(m: &MarketRow, s: Option<&markets::ScheduleRow>) -> Schedule {
    Schedule {
        recurrence: s.and_then(|s| serde_json::from_str(&s.recurrence).ok()).unwrap_or(Recurrence::Once),
        first_date: m.first_date.clone(),
        last_date: m.last_date.clone(),
        start_time: s.map(|s| s.start_time.clone()).unwrap_or_default(),
        end_time: s.map(|s| s.end_time.clone()).unwrap_or_default(),
        time_zone: m.time_zone.clone(),
    }
}

async fn market_view(state: &AppState, m: &MarketRow, user: Option<&CurrentUser>, lang: Lang) -> AppResult<Market> {
    let schedules = markets::schedules(&state.db, m.id).await?;
    let schedule = schedule_of(m, schedules.last());
    Ok(Market {
        id: m.id,
        organiser_id: m.organiser_id,
        organiser_name: m.organiser_name.clone(),
        name: m.name.clone(),
        description: m.description.clone(),
        venue_name: m.venue_name.clone(),
        venue_address: m.venue_address.clone(),
        lat: m.lat,
        lng: m.lng,
        recurrence_text: schedule.recurrence.describe(lang),
        schedule,
        stalls: m.stalls as u32,
        categories: m.categories.split(',').filter_map(Category::parse).collect(),
        rules: m.rules.clone(),
        contact: m.contact.clone(),
        can_edit: is_editor(m, user),
    })
}

fn booking_view(b: &BookingRow, viewer: &CurrentUser, now: i64) -> Booking {
    let mut roles = Vec::new();
    if b.user_id == viewer.id {
        roles.push(BookingRole::Resident);
    }
    if viewer.runs(b.organiser_id) || viewer.has(Role::Moderator) {
        roles.push(BookingRole::Organiser);
    }
    let facts = b.facts();
    let date_status = OccurrenceStatus::parse(&b.date_status).unwrap_or(OccurrenceStatus::Cancelled);
    Booking {
        id: b.id,
        market_id: b.market_id,
        market_name: b.market_name.clone(),
        date: b.date.clone(),
        day: b.day.clone(),
        start_time: b.start_time.clone(),
        end_time: b.end_time.clone(),
        starts_at: b.starts_at,
        occurrence_status: date_status,
        reason: b.reason.clone().or_else(|| b.date_reason.clone()),
        state: b.stored(),
        waitlist_position: (b.wait_rank > 0).then_some(b.wait_rank as u32),
        brings: b.brings.clone(),
        listings: Vec::new(),
        resident_id: b.user_id,
        resident_name: b.resident_name.clone(),
        checkin_code: (b.user_id == viewer.id).then(|| b.checkin_code.clone()),
        unseen: b.user_id == viewer.id && b.seen == 0,
        actions: facts.actions(&roles, now),
    }
}

/// Bookings as `viewer` sees them, with the listings their residents linked.
async fn booking_views(
    state: &AppState,
    rows: &[BookingRow],
    viewer: &CurrentUser,
    now: i64,
) -> AppResult<Vec<Booking>> {
    let ids: Vec<i64> = rows.iter().map(|b| b.id).collect();
    let linked = markets::listings_of(&state.db, &ids).await?;
    Ok(rows
        .iter()
        .map(|b| {
            let mut view = booking_view(b, viewer, now);
            view.listings = linked
                .iter()
                .filter(|(booking, _, _)| *booking == b.id)
                .map(|(_, id, title)| BookingListing { id: *id, title: title.clone() })
                .collect();
            view
        })
        .collect())
}

async fn one_view(state: &AppState, b: &BookingRow, viewer: &CurrentUser, now: i64) -> AppResult<Booking> {
    Ok(booking_views(state, std::slice::from_ref(b), viewer, now).await?.remove(0))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct Near {
    /// The reader's position: nearest markets first within a day.
    lat: Option<f64>,
    lng: Option<f64>,
}

#[utoipa::path(get, path = "/markets", operation_id = "upcoming_markets", tag = "markets", params(Near),
    responses((status = 200, body = [UpcomingDay]), (status = 422, body = ApiError)))]
async fn upcoming(State(state): State<AppState>, Query(near): Query<Near>) -> AppResult<Json<Vec<UpcomingDay>>> {
    let from = match (near.lat, near.lng) {
        (Some(lat), Some(lng)) if market::position_ok(lat, lng) => Some((lat, lng)),
        (None, None) => None,
        _ => return Err(AppError::field(Field::Lat, ErrorCode::LocationInvalid)),
    };
    Ok(Json(upcoming_days(&state, from).await?))
}

/// The upcoming dates by day, nearest first within a day when `from` is given (the Markets
/// tab; the server's pre-render of it too, `first_screen.rs`).
pub(crate) async fn upcoming_days(state: &AppState, from: Option<(f64, f64)>) -> AppResult<Vec<UpcomingDay>> {
    let now = state.now();
    let rows = markets::upcoming(&state.db, now, now + UPCOMING_DAYS * 86_400, UPCOMING_LIMIT).await?;
    let mut days: Vec<UpcomingDay> = Vec::new();
    for d in &rows {
        let occ = occurrence(d, from);
        match days.last_mut() {
            Some(day) if day.day == occ.day => day.occurrences.push(occ),
            _ => days.push(UpcomingDay { day: occ.day.clone(), occurrences: vec![occ] }),
        }
    }
    // A moved date may land on another day than its neighbours by start time: days in order.
    days.sort_by(|a, b| a.day.cmp(&b.day));
    for day in &mut days {
        day.occurrences.sort_by_key(|o| (o.distance_m.unwrap_or(0), o.starts_at, o.market_id));
    }
    Ok(days)
}

fn new_dates(s: &Schedule, from: Option<&str>) -> AppResult<(String, Vec<NewDate>)> {
    Ok(calendar::new_dates(s, from)?)
}

#[utoipa::path(post, path = "/markets/preview", operation_id = "preview_market_dates", tag = "markets", security(("session" = [])), request_body = Schedule,
    responses((status = 200, body = Preview), (status = 401, body = ApiError), (status = 403, body = ApiError), (status = 422, body = ApiError)))]
async fn preview(
    State(_state): State<AppState>,
    user: CurrentUser,
    Json(s): Json<Schedule>,
) -> AppResult<Json<Preview>> {
    user.require(Role::Organiser)?;
    s.check()?;
    let (_, rows) = new_dates(&s, None)?;
    Ok(Json(Preview { total: rows.len() as u32, dates: rows.iter().take(10).map(|d| d.date.clone()).collect() }))
}

#[utoipa::path(post, path = "/markets", operation_id = "create_market", tag = "markets", security(("session" = [])), request_body = MarketInput,
    responses((status = 201, body = MarketPage), (status = 401, body = ApiError), (status = 403, body = ApiError), (status = 422, body = ApiError)))]
async fn create(
    State(state): State<AppState>,
    user: CurrentUser,
    ReqLang(lang): ReqLang,
    Json(input): Json<MarketInput>,
) -> AppResult<(StatusCode, Json<MarketPage>)> {
    user.require(Role::Organiser)?;
    user.ensure_active()?;
    input.check()?;
    let (text, rows) = new_dates(&input.schedule, None)?;
    let id = markets::create(&state.db, state.now(), user.id, &input, &text, &rows).await?;
    Ok((StatusCode::CREATED, Json(page(&state, id, Some(&user), lang).await?)))
}

async fn page(state: &AppState, id: i64, user: Option<&CurrentUser>, lang: Lang) -> AppResult<MarketPage> {
    let m = find(state, id).await?;
    let now = state.now();
    let dates = markets::dates_of(&state.db, id, now - 7 * 86_400).await?;
    let my_bookings = match user {
        Some(u) => booking_views(state, &markets::of_user_in(&state.db, u.id, id).await?, u, now).await?,
        None => Vec::new(),
    };
    Ok(MarketPage {
        market: market_view(state, &m, user, lang).await?,
        occurrences: dates.iter().map(|d| occurrence(d, None)).collect(),
        my_bookings,
    })
}

#[utoipa::path(get, path = "/markets/{id}", operation_id = "show_market", tag = "markets", params(("id" = i64, Path)),
    responses((status = 200, body = MarketPage), (status = 404, body = ApiError)))]
async fn show(
    State(state): State<AppState>,
    user: Option<CurrentUser>,
    ReqLang(lang): ReqLang,
    Path(id): Path<i64>,
) -> AppResult<Json<MarketPage>> {
    Ok(Json(page(&state, id, user.as_ref(), lang).await?))
}

#[utoipa::path(put, path = "/markets/{id}", operation_id = "edit_market", tag = "markets", security(("session" = [])), params(("id" = i64, Path)), request_body = MarketInput,
    responses((status = 200, body = MarketPage), (status = 401, body = ApiError), (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 422, body = ApiError)))]
async fn edit(
    State(state): State<AppState>,
    user: CurrentUser,
    ReqLang(lang): ReqLang,
    Path(id): Path<i64>,
    Json(input): Json<MarketInput>,
) -> AppResult<Json<MarketPage>> {
    let m = find_editable(&state, id, &user).await?;
    input.check()?;
    let from = if input.from_date.is_empty() { m.first_date.clone() } else { input.from_date.clone() };
    let (text, rows) = new_dates(&input.schedule, Some(&from))?;
    let reason = lang.pick("组织者调整了市集时间", "The organiser changed the schedule");
    markets::update(&state.db, state.now(), id, &input, &from, &text, &rows, reason).await?;
    Ok(Json(page(&state, id, Some(&user), lang).await?))
}

async fn date_of(state: &AppState, id: i64, date: &str) -> AppResult<DateRow> {
    if market::Date::parse(date).is_none() {
        return Err(AppError::code(ErrorCode::NotFound));
    }
    markets::find_date(&state.db, id, date).await?.ok_or(AppError::code(ErrorCode::NotFound))
}

#[utoipa::path(post, path = "/markets/{id}/dates/{date}/cancel", operation_id = "cancel_market_date", tag = "markets", security(("session" = [])),
    params(("id" = i64, Path), ("date" = String, Path, description = "YYYY-MM-DD")), request_body = CancelDate,
    responses((status = 200, body = Occurrence), (status = 401, body = ApiError), (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 409, body = ApiError), (status = 422, body = ApiError)))]
async fn cancel_date(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, date)): Path<(i64, String)>,
    Json(req): Json<CancelDate>,
) -> AppResult<Json<Occurrence>> {
    find_editable(&state, id, &user).await?;
    date_of(&state, id, &date).await?;
    linli_contract::trade::reason(&req.reason).map_err(|c| AppError::field(Field::Reason, c))?;
    if !markets::cancel_date(&state.db, state.now(), id, &date, &req.reason).await? {
        return Err(AppError::code(ErrorCode::DateNotBookable));
    }
    Ok(Json(occurrence(&date_of(&state, id, &date).await?, None)))
}

#[utoipa::path(post, path = "/markets/{id}/dates/{date}/move", operation_id = "move_market_date", tag = "markets", security(("session" = [])),
    params(("id" = i64, Path), ("date" = String, Path, description = "YYYY-MM-DD")), request_body = MoveDate,
    responses((status = 200, body = Occurrence), (status = 401, body = ApiError), (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 409, body = ApiError), (status = 422, body = ApiError)))]
async fn move_date(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, date)): Path<(i64, String)>,
    Json(req): Json<MoveDate>,
) -> AppResult<Json<Occurrence>> {
    let m = find_editable(&state, id, &user).await?;
    date_of(&state, id, &date).await?;
    req.check()?;
    let tz = calendar::zone(&m.time_zone)?;
    let day = calendar::parse_ymd(&req.day).ok_or(AppError::field(Field::Day, ErrorCode::DateInvalid))?;
    let (starts_at, ends_at) = (calendar::instant(tz, day, &req.start_time), calendar::instant(tz, day, &req.end_time));
    if starts_at <= state.now() {
        return Err(AppError::field(Field::Day, ErrorCode::DateNotBookable));
    }
    let moved = markets::move_date(
        &state.db,
        state.now(),
        id,
        &date,
        &req.day,
        &req.start_time,
        &req.end_time,
        starts_at,
        ends_at,
        &req.reason,
    )
    .await?;
    if !moved {
        return Err(AppError::code(ErrorCode::DateNotBookable));
    }
    Ok(Json(occurrence(&date_of(&state, id, &date).await?, None)))
}

#[utoipa::path(get, path = "/markets/{id}/dates/{date}/stalls", operation_id = "market_date_stalls", tag = "markets", security(("session" = [])),
    params(("id" = i64, Path), ("date" = String, Path, description = "YYYY-MM-DD")),
    responses((status = 200, body = StallList), (status = 401, body = ApiError), (status = 403, body = ApiError), (status = 404, body = ApiError)))]
async fn stalls(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, date)): Path<(i64, String)>,
) -> AppResult<Json<StallList>> {
    find_editable(&state, id, &user).await?;
    let d = date_of(&state, id, &date).await?;
    let now = state.now();
    let rows = markets::of_date(&state.db, id, &date).await?;
    Ok(Json(StallList { occurrence: occurrence(&d, None), bookings: booking_views(&state, &rows, &user, now).await? }))
}

#[utoipa::path(post, path = "/markets/{id}/dates/{date}/bookings", operation_id = "book_stall", tag = "markets", security(("session" = [])),
    params(("id" = i64, Path), ("date" = String, Path, description = "YYYY-MM-DD")), request_body = BookingInput,
    responses((status = 201, body = Booking), (status = 401, body = ApiError), (status = 403, body = ApiError, description = "Account suspended"), (status = 404, body = ApiError), (status = 409, body = ApiError, description = "Past or cancelled date, already booked"), (status = 422, body = ApiError)))]
async fn book(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, date)): Path<(i64, String)>,
    Json(req): Json<BookingInput>,
) -> AppResult<(StatusCode, Json<Booking>)> {
    user.ensure_active()?;
    date_of(&state, id, &date).await?;
    req.check()?;
    let now = state.now();
    let booking = markets::book(&state.db, now, id, &date, user.id, &req.brings, &req.listing_ids).await?;
    let b = markets::find_booking(&state.db, booking).await?.ok_or(AppError::code(ErrorCode::NotFound))?;
    Ok((StatusCode::CREATED, Json(one_view(&state, &b, &user, now).await?)))
}

async fn booking_for(state: &AppState, id: i64, user: &CurrentUser) -> AppResult<BookingRow> {
    let b = markets::find_booking(&state.db, id).await?.ok_or(AppError::code(ErrorCode::NotFound))?;
    // Only its resident and the market's organiser (or a moderator) know it exists.
    if b.user_id != user.id && !user.runs(b.organiser_id) && !user.has(Role::Moderator) {
        return Err(AppError::code(ErrorCode::NotFound));
    }
    Ok(b)
}

async fn act(
    state: &AppState,
    user: &CurrentUser,
    b: BookingRow,
    action: BookingAction,
    reason: Option<&str>,
    method: Method,
) -> AppResult<Json<Booking>> {
    let now = state.now();
    let role = if action == BookingAction::Cancel { BookingRole::Resident } else { BookingRole::Organiser };
    let allowed = match role {
        BookingRole::Resident => b.user_id == user.id,
        _ => user.runs(b.organiser_id) || user.has(Role::Moderator),
    };
    if !allowed {
        return Err(AppError::code(ErrorCode::Forbidden));
    }
    lifecycle::decide(&b.facts(), &[role], action, now).map_err(AppError::code)?;
    user.may::<linli_contract::market::BookingFacts>(action)?;
    markets::act(&state.db, now, &b, action, reason, Some((user.id, method))).await?;
    let b = markets::find_booking(&state.db, b.id).await?.ok_or(AppError::code(ErrorCode::NotFound))?;
    Ok(Json(one_view(state, &b, user, now).await?))
}

#[utoipa::path(post, path = "/markets/{id}/dates/{date}/checkins", operation_id = "check_in", tag = "markets", security(("session" = [])),
    params(("id" = i64, Path), ("date" = String, Path, description = "YYYY-MM-DD")), request_body = CheckInInput,
    responses((status = 200, body = Booking), (status = 401, body = ApiError), (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 409, body = ApiError), (status = 422, body = ApiError)))]
async fn check_in(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, date)): Path<(i64, String)>,
    Json(req): Json<CheckInInput>,
) -> AppResult<Json<Booking>> {
    find_editable(&state, id, &user).await?;
    date_of(&state, id, &date).await?;
    let (b, method) = match (req.booking_id, req.code.as_deref()) {
        (Some(booking), None) => {
            let b = booking_for(&state, booking, &user).await?;
            if b.market_id != id || b.date != date {
                return Err(AppError::code(ErrorCode::NotFound));
            }
            (b, Method::Tap)
        }
        (None, Some(code)) => {
            let code = code.trim();
            if code.len() != 6 || !code.bytes().all(|c| c.is_ascii_digit()) {
                return Err(AppError::field(Field::Code, ErrorCode::CheckInCodeInvalid));
            }
            let b = markets::find_by_code(&state.db, id, &date, code)
                .await?
                .ok_or(AppError::field(Field::Code, ErrorCode::CheckInCodeInvalid))?;
            (b, Method::Code)
        }
        _ => return Err(AppError::field(Field::Code, ErrorCode::Required)),
    };
    act(&state, &user, b, BookingAction::CheckIn, None, method).await
}

#[utoipa::path(post, path = "/bookings/{id}/cancel", operation_id = "cancel_booking", tag = "markets", security(("session" = [])), params(("id" = i64, Path)),
    responses((status = 200, body = Booking), (status = 401, body = ApiError), (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 409, body = ApiError)))]
async fn cancel_booking(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<Json<Booking>> {
    let b = booking_for(&state, id, &user).await?;
    act(&state, &user, b, BookingAction::Cancel, None, Method::Tap).await
}

#[utoipa::path(post, path = "/bookings/{id}/remove", operation_id = "remove_booking", tag = "markets", security(("session" = [])), params(("id" = i64, Path)), request_body = RemoveBooking,
    responses((status = 200, body = Booking), (status = 401, body = ApiError), (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 409, body = ApiError), (status = 422, body = ApiError)))]
async fn remove_booking(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Json(req): Json<RemoveBooking>,
) -> AppResult<Json<Booking>> {
    let b = booking_for(&state, id, &user).await?;
    linli_contract::trade::reason(&req.reason).map_err(|c| AppError::field(Field::Reason, c))?;
    act(&state, &user, b, BookingAction::Remove, Some(&req.reason), Method::Tap).await
}

#[utoipa::path(get, path = "/me/bookings", operation_id = "my_bookings", tag = "markets", security(("session" = [])),
    responses((status = 200, body = MyBookings), (status = 401, body = ApiError)))]
async fn my_bookings(State(state): State<AppState>, user: CurrentUser) -> AppResult<Json<MyBookings>> {
    let now = state.now();
    let rows = markets::of_user(&state.db, user.id, MY_BOOKINGS_LIMIT).await?;
    let unseen = markets::unseen(&state.db, user.id).await?;
    Ok(Json(MyBookings { bookings: booking_views(&state, &rows, &user, now).await?, unseen: unseen as u32 }))
}

#[utoipa::path(post, path = "/me/bookings/seen", operation_id = "my_bookings_seen", tag = "markets", security(("session" = [])),
    responses((status = 204), (status = 401, body = ApiError)))]
async fn seen(State(state): State<AppState>, user: CurrentUser) -> AppResult<StatusCode> {
    markets::mark_seen(&state.db, user.id).await?;
    Ok(StatusCode::NO_CONTENT)
}

fn ics_response(name: &str, body: String) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/calendar; charset=utf-8".to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}.ics\"")),
        ],
        body,
    )
        .into_response()
}

fn event<'a>(m: &'a MarketRow, d: &'a DateRow, tz: chrono_tz::Tz, stamp: i64) -> calendar::Event<'a> {
    let status = d.status();
    calendar::Event {
        uid: format!("market-{}-{}@linli", m.id, d.date),
        summary: &m.name,
        description: d.reason.clone().unwrap_or_else(|| m.description.clone()),
        location: if m.venue_address.is_empty() {
            m.venue_name.clone()
        } else {
            format!("{} {}", m.venue_name, m.venue_address)
        },
        tz,
        day: calendar::parse_ymd(&d.day).unwrap_or_default(),
        start_time: &d.start_time,
        end_time: &d.end_time,
        cancelled: status == OccurrenceStatus::Cancelled,
        sequence: u32::try_from(d.revision).unwrap_or(u32::MAX),
        stamp,
        lat: m.lat,
        lng: m.lng,
    }
}

#[utoipa::path(get, path = "/markets/{id}/calendar.ics", operation_id = "market_calendar", tag = "markets", params(("id" = i64, Path)),
    responses((status = 200, content_type = "text/calendar", body = String), (status = 404, body = ApiError)))]
async fn market_ics(State(state): State<AppState>, Path(id): Path<i64>) -> AppResult<Response> {
    let m = find(&state, id).await?;
    let tz = calendar::zone(&m.time_zone)?;
    let now = state.now();
    let dates = markets::dates_of(&state.db, id, now).await?;
    let events: Vec<_> = dates.iter().map(|d| event(&m, d, tz, now)).collect();
    Ok(ics_response(&format!("market-{id}"), calendar::ics(&m.name, &events)))
}

#[utoipa::path(get, path = "/bookings/{id}/calendar.ics", operation_id = "booking_calendar", tag = "markets", security(("session" = [])), params(("id" = i64, Path)),
    responses((status = 200, content_type = "text/calendar", body = String), (status = 401, body = ApiError), (status = 404, body = ApiError)))]
async fn booking_ics(State(state): State<AppState>, user: CurrentUser, Path(id): Path<i64>) -> AppResult<Response> {
    let b = booking_for(&state, id, &user).await?;
    let m = find(&state, b.market_id).await?;
    let d = date_of(&state, b.market_id, &b.date).await?;
    let tz = calendar::zone(&m.time_zone)?;
    let mut e = event(&m, &d, tz, state.now());
    // The booking's own state: a cancelled or removed booking is a cancelled event.
    if !BookingState::OPEN.contains(&b.stored()) {
        e.cancelled = true;
        e.sequence = e.sequence.saturating_add(1);
    }
    Ok(ics_response(&format!("booking-{id}"), calendar::ics(&m.name, &[e])))
}
