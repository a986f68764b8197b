//! Trades: "I want it", accept/decline, cancel, hand-over, messages, ratings; profiles and
//! green impact.

use crate::db::{credit, impact, listings, ratings, trades, users};
use crate::error::{AppError, AppResult};
use crate::extract::{CurrentUser, Json};
use crate::media::Media;
use crate::AppState;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::Router;
use linli_contract::community::CommunityPage;
use linli_contract::impact::Impact;
use linli_contract::listing::Status;
use linli_contract::trade::limits::RATING_WINDOW_SECS;
use linli_contract::trade::{
    self, CancelRequest, Message, NewMessage, Party, Profile, RatingInput, Ratings, Side, TradeItem, TradeRequest,
    TradeState, TradeSummary, TradeView, Unread,
};
use linli_contract::ErrorCode;
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/listings/{id}/trades", post(request).get(of_listing))
        .route("/trades/{id}", get(show))
        .route("/trades/{id}/accept", post(accept))
        .route("/trades/{id}/decline", post(decline))
        .route("/trades/{id}/cancel", post(cancel))
        .route("/trades/{id}/confirm", post(confirm))
        .route("/trades/{id}/messages", get(messages).post(send_message))
        .route("/trades/{id}/rating", post(rate))
        .route("/me/trades", get(mine))
        .route("/me/unread", get(unread))
        .route("/me/impact", get(my_impact))
        .route("/users/{id}", get(profile))
        .route("/communities/{id}", get(community))
}

async fn party(state: &AppState, id: i64) -> AppResult<Party> {
    let u = users::find(&state.db, id).await?.ok_or(AppError::code(ErrorCode::NotFound))?;
    Ok(Party { id: u.id, level: u.level(), display_name: u.display_name })
}

async fn item(state: &AppState, listing_id: i64) -> AppResult<TradeItem> {
    let l = listings::find(&state.db, listing_id).await?.ok_or(AppError::code(ErrorCode::NotFound))?;
    Ok(TradeItem { listing_id, offer: l.offer(), title: l.title, thumb_url: Media::thumb_url(&l.cover_key) })
}

/// What the viewer has to do next, if anything. Only a completed trade still open for rating
/// needs a look at the ratings.
async fn needs_action(state: &AppState, t: &trades::TradeRow, side: Side, viewer: i64) -> AppResult<bool> {
    let now = crate::db::now();
    Ok(match (t.state(), side) {
        (TradeState::Requested, Side::Seller) => true,
        (TradeState::Accepted, Side::Seller) => t.seller_confirmed_at.is_none(),
        (TradeState::Accepted, Side::Buyer) => t.buyer_confirmed_at.is_none(),
        (TradeState::Completed, _) if t.completed_at.is_some_and(|c| c + RATING_WINDOW_SECS > now) => {
            !ratings::of_trade(&state.db, t.id).await?.iter().any(|r| r.rater_id == viewer)
        }
        _ => false,
    })
}

async fn view(state: &AppState, t: trades::TradeRow, viewer: i64) -> AppResult<TradeView> {
    let side = t.side_of(viewer).ok_or(AppError::code(ErrorCode::NotFound))?;
    let ratings = if t.state() == TradeState::Completed {
        let rows = ratings::of_trade(&state.db, t.id).await?;
        let mine = rows.iter().find(|r| r.rater_id == viewer);
        let theirs = rows.iter().find(|r| r.rater_id != viewer);
        let closes = t.completed_at.unwrap_or(0) + RATING_WINDOW_SECS;
        Some(Ratings {
            can_rate: mine.is_none() && closes > crate::db::now(),
            mine: mine.map(|r| r.to_rating()),
            // Double-blind: the other side's rating only once it is visible.
            theirs: theirs.filter(|r| r.visible_at.is_some()).map(|r| r.to_rating()),
            theirs_submitted: theirs.is_some(),
            window_closes_at: closes,
        })
    } else {
        None
    };
    Ok(TradeView {
        id: t.id,
        item: item(state, t.listing_id).await?,
        state: t.state(),
        my_side: side,
        seller: party(state, t.seller_id).await?,
        buyer: party(state, t.buyer_id).await?,
        swap_offer: t.swap_offer.clone(),
        buyer_confirmed: t.buyer_confirmed_at.is_some(),
        seller_confirmed: t.seller_confirmed_at.is_some(),
        cancel_reason: t.cancel_reason.clone(),
        created_at: t.created_at,
        expires_at: t.expires_at,
        completed_at: t.completed_at,
        ratings,
        kg_co2e: t.co2e_g.map(|g| g as f64 / 1000.0),
        unread: trades::unread(&state.db, viewer, Some(t.id)).await?,
    })
}

async fn summary(state: &AppState, t: trades::TradeRow, viewer: i64) -> AppResult<TradeSummary> {
    let side = t.side_of(viewer).ok_or(AppError::code(ErrorCode::NotFound))?;
    Ok(TradeSummary {
        id: t.id,
        item: item(state, t.listing_id).await?,
        state: t.state(),
        my_side: side,
        needs_action: needs_action(state, &t, side, viewer).await?,
        counterpart: party(state, t.counterpart_of(viewer)).await?,
        unread: trades::unread(&state.db, viewer, Some(t.id)).await?,
        updated_at: t.updated_at,
    })
}

async fn request(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(listing_id): Path<i64>,
    Json(req): Json<TradeRequest>,
) -> AppResult<(StatusCode, Json<TradeView>)> {
    let listing = listings::find(&state.db, listing_id).await?;
    // Hidden listings do not exist for others.
    let listing = listing
        .filter(|l| l.status() != Status::Hidden || l.seller_id == user.id)
        .ok_or(AppError::code(ErrorCode::NotFound))?;
    if listing.seller_id == user.id {
        return Err(AppError::code(ErrorCode::CannotTradeOwn));
    }
    if !matches!(listing.status(), Status::Active | Status::Reserved) {
        return Err(AppError::code(ErrorCode::ListingNotAvailable));
    }
    trade::request(&req, listing.mode == "swap").map_err(|(field, code)| AppError::field(field, code))?;
    let id = trades::request(&state.db, listing_id, listing.seller_id, user.id, &req.swap_offer, &req.message).await?;
    let t = trades::find_for(&state.db, id, user.id).await?;
    Ok((StatusCode::CREATED, Json(view(&state, t, user.id).await?)))
}

/// The owner's view of everyone who asked for their listing.
async fn of_listing(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(listing_id): Path<i64>,
) -> AppResult<Json<Vec<TradeSummary>>> {
    let listing = listings::find(&state.db, listing_id).await?.ok_or(AppError::code(ErrorCode::NotFound))?;
    if listing.seller_id != user.id {
        return Err(AppError::code(if listing.status() == Status::Hidden {
            ErrorCode::NotFound
        } else {
            ErrorCode::Forbidden
        }));
    }
    let mut out = Vec::new();
    for t in trades::of_listing(&state.db, listing_id).await? {
        out.push(summary(&state, t, user.id).await?);
    }
    Ok(Json(out))
}

async fn show(State(state): State<AppState>, user: CurrentUser, Path(id): Path<i64>) -> AppResult<Json<TradeView>> {
    let t = trades::find_for(&state.db, id, user.id).await?;
    Ok(Json(view(&state, t, user.id).await?))
}

/// The trade, if the caller is on `side` of it (403 for the other party, 404 for strangers).
async fn as_side(state: &AppState, id: i64, user: &CurrentUser, side: Side) -> AppResult<trades::TradeRow> {
    let t = trades::find_for(&state.db, id, user.id).await?;
    if t.side_of(user.id) != Some(side) {
        return Err(AppError::code(ErrorCode::Forbidden));
    }
    Ok(t)
}

async fn accept(State(state): State<AppState>, user: CurrentUser, Path(id): Path<i64>) -> AppResult<Json<TradeView>> {
    as_side(&state, id, &user, Side::Seller).await?;
    trades::accept(&state.db, id).await?;
    show(State(state), user, Path(id)).await
}

async fn decline(State(state): State<AppState>, user: CurrentUser, Path(id): Path<i64>) -> AppResult<Json<TradeView>> {
    as_side(&state, id, &user, Side::Seller).await?;
    trades::decline(&state.db, id).await?;
    show(State(state), user, Path(id)).await
}

async fn cancel(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Json(req): Json<CancelRequest>,
) -> AppResult<Json<TradeView>> {
    trades::find_for(&state.db, id, user.id).await?;
    trade::reason(&req.reason).map_err(|c| AppError::field("reason", c))?;
    trades::cancel(&state.db, id, user.id, &req.reason).await?;
    show(State(state), user, Path(id)).await
}

async fn confirm(State(state): State<AppState>, user: CurrentUser, Path(id): Path<i64>) -> AppResult<Json<TradeView>> {
    let t = trades::find_for(&state.db, id, user.id).await?;
    let side = t.side_of(user.id).ok_or(AppError::code(ErrorCode::NotFound))?;
    if trades::confirm(&state.db, id, side).await? {
        // Completed trades change both traders' history.
        credit::refresh(&state.db, t.seller_id).await?;
        credit::refresh(&state.db, t.buyer_id).await?;
    }
    show(State(state), user, Path(id)).await
}

#[derive(Deserialize)]
struct After {
    #[serde(default)]
    after: i64,
}

async fn messages(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Query(after): Query<After>,
) -> AppResult<Json<Vec<Message>>> {
    trades::find_for(&state.db, id, user.id).await?;
    let rows = trades::messages(&state.db, id, user.id, after.after).await?;
    Ok(Json(
        rows.into_iter()
            .map(|m| Message { id: m.id, sender_id: m.sender_id, body: m.body, created_at: m.created_at })
            .collect(),
    ))
}

async fn send_message(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Json(msg): Json<NewMessage>,
) -> AppResult<(StatusCode, Json<Message>)> {
    let t = trades::find_for(&state.db, id, user.id).await?;
    if !t.state().accepts_messages() {
        return Err(AppError::code(ErrorCode::TradeStateInvalid));
    }
    trade::message(&msg.body).map_err(|c| AppError::field("body", c))?;
    let m = trades::send_message(&state.db, id, user.id, &msg.body).await?;
    Ok((
        StatusCode::CREATED,
        Json(Message { id: m.id, sender_id: m.sender_id, body: m.body, created_at: m.created_at }),
    ))
}

async fn rate(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Json(input): Json<RatingInput>,
) -> AppResult<Json<TradeView>> {
    let t = trades::find_for(&state.db, id, user.id).await?;
    trade::rating(&input).map_err(|(field, code)| AppError::field(field, code))?;
    if t.state() != TradeState::Completed {
        return Err(AppError::code(ErrorCode::TradeStateInvalid));
    }
    if t.completed_at.unwrap_or(0) + RATING_WINDOW_SECS <= crate::db::now() {
        return Err(AppError::code(ErrorCode::RatingWindowClosed));
    }
    let ratee = t.counterpart_of(user.id);
    if ratings::rate(&state.db, id, user.id, ratee, &input).await? {
        credit::refresh(&state.db, t.seller_id).await?;
        credit::refresh(&state.db, t.buyer_id).await?;
    }
    show(State(state), user, Path(id)).await
}

async fn mine(State(state): State<AppState>, user: CurrentUser) -> AppResult<Json<Vec<TradeSummary>>> {
    let mut out = Vec::new();
    for t in trades::of_user(&state.db, user.id).await? {
        out.push(summary(&state, t, user.id).await?);
    }
    Ok(Json(out))
}

async fn unread(State(state): State<AppState>, user: CurrentUser) -> AppResult<Json<Unread>> {
    let mut actions = 0;
    // Polled by every signed-in app: only what the badge needs, not whole summaries.
    for t in trades::of_user(&state.db, user.id).await? {
        let Some(side) = t.side_of(user.id) else { continue };
        if needs_action(&state, &t, side, user.id).await? {
            actions += 1;
        }
    }
    Ok(Json(Unread { messages: trades::unread(&state.db, user.id, None).await?, actions }))
}

async fn my_impact(State(state): State<AppState>, user: CurrentUser) -> AppResult<Json<Impact>> {
    Ok(Json(impact::of_user(&state.db, user.id).await?))
}

/// Any trader's public profile: level, score, why, visible ratings, impact. No contact details.
async fn profile(State(state): State<AppState>, Path(id): Path<i64>) -> AppResult<Json<Profile>> {
    credit::reveal_due(&state.db).await?;
    let user = users::find(&state.db, id).await?.ok_or(AppError::code(ErrorCode::NotFound))?;
    let report = linli_contract::credit::report(&credit::history(&state.db, id).await?);
    let ratings = ratings::visible_for(&state.db, id, 50).await?.iter().map(ratings::RatingRow::to_rating).collect();
    Ok(Json(Profile {
        id,
        display_name: user.display_name,
        member_since: user.created_at,
        credit: report,
        ratings,
        impact: impact::of_user(&state.db, id).await?,
    }))
}

async fn community(State(state): State<AppState>, Path(id): Path<i64>) -> AppResult<Json<CommunityPage>> {
    let community = crate::db::communities::find(&state.db, id).await?.ok_or(AppError::code(ErrorCode::NotFound))?;
    let active_listings: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM listings WHERE community_id = $1 AND status = 'active'")
            .bind(id)
            .fetch_one(state.db.pool())
            .await?;
    Ok(Json(CommunityPage { community, impact: impact::of_community(&state.db, id).await?, active_listings }))
}
