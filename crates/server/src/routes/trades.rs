//! Trades: "I want it", accept/decline, cancel, hand-over, messages, ratings; profiles and
//! green impact.

use crate::db::{credit, impact, ratings, trades, users};
use crate::error::{AppError, AppResult};
use crate::extract::{CurrentUser, Json};
use crate::media::Media;
use crate::AppState;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use linli_contract::community::CommunityPage;
use linli_contract::impact::Impact;
use linli_contract::lifecycle::{self, Machine};
use linli_contract::listing::{ListingAction, OfferMode};
use linli_contract::trade::{
    self, CancelRequest, DisputeMark, Message, NewMessage, Party, Profile, RatingInput, Ratings, ReadMark, Side,
    TradeAction, TradeFacts, TradeItem, TradeRequest, TradeState, TradeSummary, TradeView, Unread,
};
use linli_contract::{ApiError, ErrorCode, Field, Validate};
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(request, of_listing))
        .routes(routes!(show))
        .routes(routes!(accept))
        .routes(routes!(decline))
        .routes(routes!(cancel))
        .routes(routes!(confirm))
        .routes(routes!(messages, send_message))
        .routes(routes!(mark_read))
        .routes(routes!(rate))
        .routes(routes!(mine))
        .routes(routes!(unread))
        .routes(routes!(my_impact))
        .routes(routes!(profile))
        .routes(routes!(community))
}

/// Lists are bounded: the newest this many.
const LIST_LIMIT: i64 = 200;

fn level(key: &str) -> linli_contract::credit::Level {
    linli_contract::credit::Level::parse(key)
}

fn parties(t: &trades::TradeRow) -> (Party, Party) {
    (
        Party { id: t.seller_id, display_name: t.seller_name.clone(), level: level(&t.seller_level) },
        Party { id: t.buyer_id, display_name: t.buyer_name.clone(), level: level(&t.buyer_level) },
    )
}

fn item(t: &trades::TradeRow) -> TradeItem {
    TradeItem {
        listing_id: t.listing_id,
        title: t.title.clone(),
        thumb_url: Media::thumb_url(&t.cover_key),
        offer: t.offer(),
    }
}

/// One line of a list, from the row alone (no further queries).
fn summary(t: &trades::TradeRow, viewer: &CurrentUser, now: i64) -> Option<TradeSummary> {
    let side = t.side_of(viewer.id)?;
    let facts = t.facts();
    let actions = viewer.open_actions::<TradeFacts>(facts.actions(side, now));
    let (seller, buyer) = parties(t);
    Some(TradeSummary {
        id: t.id,
        item: item(t),
        state: facts.state(now),
        my_side: side,
        needs_action: actions.iter().any(|a| a.is_awaited()),
        actions,
        counterpart: if side == Side::Seller { buyer } else { seller },
        unread: t.unread,
        updated_at: t.updated_at,
        dispute: t.dispute_id.map(|id| DisputeMark {
            id,
            decided: t.dispute_state.as_deref() == Some("decided"),
            outcome: t.dispute_outcome.as_deref().and_then(linli_contract::dispute::Outcome::parse),
        }),
    })
}

async fn view(state: &AppState, t: trades::TradeRow, user: &CurrentUser) -> AppResult<TradeView> {
    let viewer = user.id;
    let side = t.side_of(viewer).ok_or(AppError::code(ErrorCode::NotFound))?;
    let now = state.now();
    let facts = t.facts();
    let current = facts.state(now);
    let ratings = if current == TradeState::Completed {
        let rows = ratings::of_trade(&state.db, t.id).await?;
        let mine = rows.iter().find(|r| r.rater_id == viewer);
        let theirs = rows.iter().find(|r| r.rater_id != viewer);
        let closes = facts.rating_closes_at().unwrap_or(0);
        Some(Ratings {
            mine: mine.map(|r| r.to_rating()),
            // Double-blind: the other side's rating only once both rated or the window closed.
            theirs: theirs.filter(|r| r.visible_at.is_some() || closes <= now).map(|r| r.to_rating()),
            theirs_submitted: theirs.is_some(),
            window_closes_at: closes,
        })
    } else {
        None
    };
    let (seller, buyer) = parties(&t);
    Ok(TradeView {
        id: t.id,
        item: item(&t),
        state: current,
        my_side: side,
        seller,
        buyer,
        swap_offer: t.swap_offer.clone(),
        buyer_confirmed: facts.buyer_confirmed,
        seller_confirmed: facts.seller_confirmed,
        cancel_reason: t.cancel_reason.clone(),
        created_at: t.created_at,
        expires_at: t.expires_at,
        handover_due_at: if current == TradeState::Accepted { facts.handover_due_at() } else { None },
        actions: user.open_actions::<TradeFacts>(facts.actions(side, now)),
        completed_at: t.completed_at,
        ratings,
        kg_co2e: t.co2e_g.map(|g| g as f64 / 1000.0),
        unread: t.unread,
        dispute_id: t.dispute_id,
    })
}

#[utoipa::path(post, path = "/listings/{id}/trades", operation_id = "request_trade", tag = "trades", security(("session" = [])), params(("id" = i64, Path)), request_body = TradeRequest,
    responses((status = 201, body = TradeView), (status = 401, body = ApiError), (status = 403, body = ApiError, description = "Account suspended"), (status = 404, body = ApiError), (status = 409, body = ApiError, description = "Own listing, not available, already requested"), (status = 422, body = ApiError)))]
async fn request(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(listing_id): Path<i64>,
    Json(req): Json<TradeRequest>,
) -> AppResult<(StatusCode, Json<TradeView>)> {
    user.ensure_active()?;
    // Hidden listings and those of a suspended seller are not there to ask for.
    let listing = super::listings::find_visible(&state, listing_id, Some(&user)).await?.row;
    let roles = super::listings::roles_in(&listing, Some(&user));
    let facts = listing.facts();
    if listing.seller_id == user.id {
        return Err(AppError::code(ErrorCode::CannotTradeOwn));
    }
    lifecycle::decide(&facts, &roles, ListingAction::Request, state.now()).map_err(AppError::code)?;
    trade::request(&req, listing.offer().mode() == OfferMode::Swap)?;
    let id =
        trades::request(&state.db, state.now(), listing_id, listing.seller_id, user.id, &req.swap_offer, &req.message)
            .await?;
    let t = trades::find_for(&state.db, id, user.id).await?;
    Ok((StatusCode::CREATED, Json(view(&state, t, &user).await?)))
}

/// The owner's view of everyone who asked for their listing.
#[utoipa::path(get, path = "/listings/{id}/trades", operation_id = "listing_trades", tag = "trades", security(("session" = [])), params(("id" = i64, Path)),
    responses((status = 200, body = [TradeSummary]), (status = 401, body = ApiError), (status = 403, body = ApiError), (status = 404, body = ApiError)))]
async fn of_listing(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(listing_id): Path<i64>,
) -> AppResult<Json<Vec<TradeSummary>>> {
    let listing = super::listings::find_own(&state, listing_id, &user).await?;
    let now = state.now();
    let rows = trades::of_listing(&state.db, listing.id, user.id, LIST_LIMIT).await?;
    Ok(Json(rows.iter().filter_map(|t| summary(t, &user, now)).collect()))
}

#[utoipa::path(get, path = "/trades/{id}", operation_id = "show_trade", tag = "trades", security(("session" = [])), params(("id" = i64, Path)),
    responses((status = 200, body = TradeView), (status = 401, body = ApiError), (status = 404, body = ApiError, description = "Not a party of the trade")))]
async fn show(State(state): State<AppState>, user: CurrentUser, Path(id): Path<i64>) -> AppResult<Json<TradeView>> {
    let t = trades::find_for(&state.db, id, user.id).await?;
    Ok(Json(view(&state, t, &user).await?))
}

/// A state-changing move of the trade table, then the trade as it now is.
async fn act(
    state: AppState,
    user: CurrentUser,
    id: i64,
    action: TradeAction,
    reason: Option<&str>,
) -> AppResult<Json<TradeView>> {
    user.may::<TradeFacts>(action)?;
    let now = state.now();
    let moved = trades::act(&state.db, now, id, user.id, action, reason).await?;
    let t = trades::find_for(&state.db, id, user.id).await?;
    if moved.completed {
        // Completed trades change both traders' history.
        credit::refresh(&state.db, t.seller_id, now).await?;
        credit::refresh(&state.db, t.buyer_id, now).await?;
    }
    Ok(Json(view(&state, t, &user).await?))
}

#[utoipa::path(post, path = "/trades/{id}/accept", operation_id = "accept_trade", tag = "trades", security(("session" = [])), params(("id" = i64, Path)),
    responses((status = 200, body = TradeView), (status = 401, body = ApiError), (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 409, body = ApiError, description = "Already reserved by another trade, or no longer requested")))]
async fn accept(State(state): State<AppState>, user: CurrentUser, Path(id): Path<i64>) -> AppResult<Json<TradeView>> {
    act(state, user, id, TradeAction::Accept, None).await
}

#[utoipa::path(post, path = "/trades/{id}/decline", operation_id = "decline_trade", tag = "trades", security(("session" = [])), params(("id" = i64, Path)),
    responses((status = 200, body = TradeView), (status = 401, body = ApiError), (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 409, body = ApiError)))]
async fn decline(State(state): State<AppState>, user: CurrentUser, Path(id): Path<i64>) -> AppResult<Json<TradeView>> {
    act(state, user, id, TradeAction::Decline, None).await
}

#[utoipa::path(post, path = "/trades/{id}/cancel", operation_id = "cancel_trade", tag = "trades", security(("session" = [])), params(("id" = i64, Path)), request_body = CancelRequest,
    responses((status = 200, body = TradeView), (status = 401, body = ApiError), (status = 404, body = ApiError), (status = 409, body = ApiError), (status = 422, body = ApiError)))]
async fn cancel(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Json(req): Json<CancelRequest>,
) -> AppResult<Json<TradeView>> {
    trade::reason(&req.reason).map_err(|c| AppError::field(Field::Reason, c))?;
    act(state, user, id, TradeAction::Cancel, Some(&req.reason)).await
}

#[utoipa::path(post, path = "/trades/{id}/confirm", operation_id = "confirm_trade", tag = "trades", security(("session" = [])), params(("id" = i64, Path)),
    responses((status = 200, body = TradeView), (status = 401, body = ApiError), (status = 404, body = ApiError), (status = 409, body = ApiError)))]
async fn confirm(State(state): State<AppState>, user: CurrentUser, Path(id): Path<i64>) -> AppResult<Json<TradeView>> {
    act(state, user, id, TradeAction::Confirm, None).await
}

/// The trade, if the caller is a party and the table allows them `action` now.
async fn allowed(state: &AppState, id: i64, user: &CurrentUser, action: TradeAction) -> AppResult<trades::TradeRow> {
    let t = trades::find_for(&state.db, id, user.id).await?;
    let side = t.side_of(user.id).ok_or(AppError::code(ErrorCode::NotFound))?;
    lifecycle::decide(&t.facts(), &[side], action, state.now()).map_err(AppError::code)?;
    user.may::<TradeFacts>(action)?;
    Ok(t)
}

#[derive(Deserialize)]
struct After {
    #[serde(default)]
    after: i64,
}

#[utoipa::path(get, path = "/trades/{id}/messages", operation_id = "trade_messages", tag = "trades", security(("session" = [])), params(("id" = i64, Path), ("after" = Option<i64>, Query, description = "Only messages after this id")),
    responses((status = 200, body = [Message]), (status = 401, body = ApiError), (status = 404, body = ApiError)))]
async fn messages(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Query(after): Query<After>,
) -> AppResult<Json<Vec<Message>>> {
    trades::find_for(&state.db, id, user.id).await?;
    let rows = trades::messages(&state.db, id, after.after).await?;
    Ok(Json(
        rows.into_iter()
            .map(|m| Message { id: m.id, sender_id: m.sender_id, body: m.body, created_at: m.created_at })
            .collect(),
    ))
}

/// `POST /trades/{id}/read`: the reader has seen the thread up to `last_id`.
#[utoipa::path(post, path = "/trades/{id}/read", operation_id = "mark_trade_read", tag = "trades", security(("session" = [])), params(("id" = i64, Path)), request_body = ReadMark,
    responses((status = 204, description = "Read up to `last_id`"), (status = 401, body = ApiError), (status = 404, body = ApiError), (status = 422, body = ApiError)))]
async fn mark_read(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Json(read): Json<ReadMark>,
) -> AppResult<StatusCode> {
    trades::find_for(&state.db, id, user.id).await?;
    trades::mark_read(&state.db, id, user.id, read.last_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(post, path = "/trades/{id}/messages", operation_id = "send_trade_message", tag = "trades", security(("session" = [])), params(("id" = i64, Path)), request_body = NewMessage,
    responses((status = 201, body = Message), (status = 401, body = ApiError), (status = 403, body = ApiError, description = "Account suspended"), (status = 404, body = ApiError), (status = 409, body = ApiError), (status = 422, body = ApiError)))]
async fn send_message(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Json(msg): Json<NewMessage>,
) -> AppResult<(StatusCode, Json<Message>)> {
    allowed(&state, id, &user, TradeAction::Message).await?;
    trade::message(&msg.body).map_err(|c| AppError::field(Field::Body, c))?;
    let m = trades::send_message(&state.db, state.now(), id, user.id, &msg.body).await?;
    Ok((
        StatusCode::CREATED,
        Json(Message { id: m.id, sender_id: m.sender_id, body: m.body, created_at: m.created_at }),
    ))
}

#[utoipa::path(post, path = "/trades/{id}/rating", operation_id = "rate_trade", tag = "trades", security(("session" = [])), params(("id" = i64, Path)), request_body = RatingInput,
    responses((status = 200, body = TradeView), (status = 401, body = ApiError), (status = 404, body = ApiError), (status = 409, body = ApiError, description = "Not completed, already rated, window closed"), (status = 422, body = ApiError)))]
async fn rate(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Json(input): Json<RatingInput>,
) -> AppResult<Json<TradeView>> {
    let t = allowed(&state, id, &user, TradeAction::Rate).await?;
    input.check()?;
    let now = state.now();
    let ratee = if t.seller_id == user.id { t.buyer_id } else { t.seller_id };
    if ratings::rate(&state.db, now, id, user.id, ratee, &input).await? {
        credit::refresh(&state.db, t.seller_id, now).await?;
        credit::refresh(&state.db, t.buyer_id, now).await?;
    }
    show(State(state), user, Path(id)).await
}

#[utoipa::path(get, path = "/me/trades", operation_id = "my_trades", tag = "trades", security(("session" = [])),
    responses((status = 200, body = [TradeSummary]), (status = 401, body = ApiError)))]
async fn mine(State(state): State<AppState>, user: CurrentUser) -> AppResult<Json<Vec<TradeSummary>>> {
    let now = state.now();
    let rows = trades::of_user(&state.db, user.id, LIST_LIMIT).await?;
    Ok(Json(rows.iter().filter_map(|t| summary(t, &user, now)).collect()))
}

/// Polled by every signed-in app: two queries whatever the number of trades.
#[utoipa::path(get, path = "/me/unread", operation_id = "my_unread", tag = "trades", security(("session" = [])),
    responses((status = 200, body = Unread), (status = 401, body = ApiError)))]
async fn unread(State(state): State<AppState>, user: CurrentUser) -> AppResult<Json<Unread>> {
    let now = state.now();
    let rows = trades::of_user(&state.db, user.id, LIST_LIMIT).await?;
    let actions = rows.iter().filter_map(|t| summary(t, &user, now)).filter(|s| s.needs_action).count() as i64
        // Disputes waiting for this user's answer.
        + crate::db::disputes::awaiting_answer_of(&state.db, user.id, now).await?;
    Ok(Json(Unread { messages: trades::unread_total(&state.db, user.id).await?, actions }))
}

#[utoipa::path(get, path = "/me/impact", operation_id = "my_impact", tag = "impact", security(("session" = [])),
    responses((status = 200, body = Impact), (status = 401, body = ApiError)))]
async fn my_impact(State(state): State<AppState>, user: CurrentUser) -> AppResult<Json<Impact>> {
    Ok(Json(impact::of_user(&state.db, user.id).await?))
}

/// Any trader's public profile: level, score, why, visible ratings, impact. No contact details.
#[utoipa::path(get, path = "/users/{id}", operation_id = "user_profile", tag = "credit", params(("id" = i64, Path)),
    responses((status = 200, body = Profile), (status = 404, body = ApiError)))]
async fn profile(State(state): State<AppState>, Path(id): Path<i64>) -> AppResult<Json<Profile>> {
    let now = state.now();
    let user = users::find(&state.db, id).await?.ok_or(AppError::code(ErrorCode::NotFound))?;
    let report = linli_contract::credit::report(&credit::history(&state.db, id, now).await?);
    let ratings =
        ratings::visible_for(&state.db, id, now, 50).await?.iter().map(ratings::RatingRow::to_rating).collect();
    Ok(Json(Profile {
        id,
        display_name: user.display_name,
        member_since: user.created_at,
        credit: report,
        ratings,
        impact: impact::of_user(&state.db, id).await?,
    }))
}

#[utoipa::path(get, path = "/communities/{id}", operation_id = "community_page", tag = "impact", params(("id" = i64, Path)),
    responses((status = 200, body = CommunityPage), (status = 404, body = ApiError)))]
async fn community(State(state): State<AppState>, Path(id): Path<i64>) -> AppResult<Json<CommunityPage>> {
    let community = crate::db::communities::find(&state.db, id).await?.ok_or(AppError::code(ErrorCode::NotFound))?;
    // Written over the shown listings so it walks their community index (listings_shown_community).
    let active_listings: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM listings WHERE community_id = $1 AND status IN ('active', 'reserved') \
         AND hidden_at IS NULL AND status = 'active'",
    )
    .bind(id)
    .fetch_one(state.db.pool())
    .await?;
    Ok(Json(CommunityPage { community, impact: impact::of_community(&state.db, id).await?, active_listings }))
}
