//! Disputes: a party opens one on a trade, the other answers, both write on its thread, a
//! moderator decides. Parties and moderators see it; everyone else gets 404.

use crate::db::{credit, disputes, trades};
use crate::error::{AppError, AppResult};
use crate::extract::{CurrentUser, Json};
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use linli_contract::auth::Role;
use linli_contract::dispute::{
    DecideInput, Decision, DisputeAction, DisputePostInput, DisputeQueueItem, DisputeRole, DisputeView, NewDispute,
};
use linli_contract::lifecycle::{self, Machine};
use linli_contract::trade::{Party, Side, TradeAction};
use linli_contract::{ApiError, ErrorCode, Validate};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(open))
        .routes(routes!(show))
        .routes(routes!(answer))
        .routes(routes!(message))
        .routes(routes!(queue))
        .routes(routes!(decide))
}

/// The moderators' queue is bounded: the oldest this many.
const QUEUE_LIMIT: i64 = 200;

/// The viewer's roles in the dispute: a party is filer or respondent (never its moderator).
fn roles_of(d: &disputes::DisputeRow, user: &CurrentUser) -> Vec<DisputeRole> {
    if user.id == d.filer_id {
        vec![DisputeRole::Filer]
    } else if user.id == d.respondent_id {
        vec![DisputeRole::Respondent]
    } else if user.has(Role::Moderator) {
        vec![DisputeRole::Moderator]
    } else {
        Vec::new()
    }
}

/// The dispute and its trade, if the viewer may see them (404 otherwise: no hint it exists).
async fn load(
    state: &AppState,
    id: i64,
    user: &CurrentUser,
) -> AppResult<(disputes::DisputeRow, trades::TradeRow, Vec<DisputeRole>)> {
    let d = disputes::find(&state.db, id).await?.ok_or(AppError::code(ErrorCode::NotFound))?;
    let roles = roles_of(&d, user);
    if roles.is_empty() {
        return Err(AppError::code(ErrorCode::NotFound));
    }
    let t = trades::find(&state.db, d.trade_id, user.id).await?.ok_or(AppError::code(ErrorCode::NotFound))?;
    Ok((d, t, roles))
}

async fn view(
    state: &AppState,
    d: disputes::DisputeRow,
    t: &trades::TradeRow,
    roles: &[DisputeRole],
) -> AppResult<DisputeView> {
    let now = state.now();
    let facts = d.facts();
    let level = linli_contract::credit::Level::parse;
    Ok(DisputeView {
        id: d.id,
        trade_id: d.trade_id,
        listing_id: t.listing_id,
        title: t.title.clone(),
        reason: d.reason(),
        state: facts.state(now),
        filer_side: if d.filer_id == t.seller_id { Side::Seller } else { Side::Buyer },
        seller: Party { id: t.seller_id, display_name: t.seller_name.clone(), level: level(&t.seller_level) },
        buyer: Party { id: t.buyer_id, display_name: t.buyer_name.clone(), level: level(&t.buyer_level) },
        my_role: roles.first().copied().unwrap_or(DisputeRole::Moderator),
        filed_at: d.filed_at,
        answer_due_at: d.answer_due_at,
        answered_at: d.answered_at,
        decision: match (d.outcome(), d.decided_at) {
            (Some(outcome), Some(decided_at)) => {
                Some(Decision { outcome, reason: d.decision_reason.clone().unwrap_or_default(), decided_at })
            }
            _ => None,
        },
        posts: disputes::posts(&state.db, d.id).await?,
        actions: facts.actions(roles, now),
    })
}

async fn reload(state: &AppState, id: i64, user: &CurrentUser) -> AppResult<Json<DisputeView>> {
    let (d, t, roles) = load(state, id, user).await?;
    Ok(Json(view(state, d, &t, &roles).await?))
}

#[utoipa::path(post, path = "/trades/{id}/disputes", operation_id = "open_dispute", tag = "disputes", security(("session" = [])),
    params(("id" = i64, Path)), request_body = NewDispute,
    responses((status = 201, body = DisputeView), (status = 401, body = ApiError), (status = 403, body = ApiError),
        (status = 404, body = ApiError, description = "Not a party of the trade"),
        (status = 409, body = ApiError, description = "Trade not accepted or completed, window closed, a dispute already open"),
        (status = 422, body = ApiError)))]
async fn open(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(trade_id): Path<i64>,
    Json(input): Json<NewDispute>,
) -> AppResult<(StatusCode, Json<DisputeView>)> {
    let now = state.now();
    let t = trades::find_for(&state.db, trade_id, user.id).await?;
    let side = t.side_of(user.id).ok_or(AppError::code(ErrorCode::NotFound))?;
    let facts = t.facts();
    lifecycle::decide(&facts, &[side], TradeAction::Dispute, now).map_err(AppError::code)?;
    user.may::<linli_contract::trade::TradeFacts>(TradeAction::Dispute)?;
    input.check()?;
    let id = disputes::open(&state.db, now, &t, user.id, input.reason, &input.description, &input.photos).await?;
    Ok((StatusCode::CREATED, reload(&state, id, &user).await?))
}

#[utoipa::path(get, path = "/disputes/{id}", operation_id = "show_dispute", tag = "disputes", security(("session" = [])),
    params(("id" = i64, Path)),
    responses((status = 200, body = DisputeView), (status = 401, body = ApiError),
        (status = 404, body = ApiError, description = "Neither a party nor a moderator")))]
async fn show(State(state): State<AppState>, user: CurrentUser, Path(id): Path<i64>) -> AppResult<Json<DisputeView>> {
    reload(&state, id, &user).await
}

/// Checks the viewer may take `action` now (by the table); returns the dispute.
async fn allowed(
    state: &AppState,
    id: i64,
    user: &CurrentUser,
    action: DisputeAction,
) -> AppResult<(disputes::DisputeRow, trades::TradeRow)> {
    let (d, t, roles) = load(state, id, user).await?;
    lifecycle::decide(&d.facts(), &roles, action, state.now()).map_err(AppError::code)?;
    user.may::<linli_contract::dispute::DisputeFacts>(action)?;
    Ok((d, t))
}

/// The other party answers, with text and photos, within the deadline. A suspended account
/// may still answer.
#[utoipa::path(post, path = "/disputes/{id}/answer", operation_id = "answer_dispute", tag = "disputes", security(("session" = [])),
    params(("id" = i64, Path)), request_body = DisputePostInput,
    responses((status = 200, body = DisputeView), (status = 401, body = ApiError), (status = 403, body = ApiError, description = "Not the other party"),
        (status = 404, body = ApiError), (status = 409, body = ApiError, description = "Already answered, deadline passed or decided"),
        (status = 422, body = ApiError)))]
async fn answer(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Json(input): Json<DisputePostInput>,
) -> AppResult<Json<DisputeView>> {
    let (d, _) = allowed(&state, id, &user, DisputeAction::Answer).await?;
    input.check()?;
    disputes::answer(&state.db, state.now(), &d, user.id, &input.body, &input.photos).await?;
    reload(&state, id, &user).await
}

#[utoipa::path(post, path = "/disputes/{id}/messages", operation_id = "dispute_message", tag = "disputes", security(("session" = [])),
    params(("id" = i64, Path)), request_body = DisputePostInput,
    responses((status = 200, body = DisputeView), (status = 401, body = ApiError), (status = 403, body = ApiError),
        (status = 404, body = ApiError), (status = 409, body = ApiError, description = "Decided"), (status = 422, body = ApiError)))]
async fn message(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Json(input): Json<DisputePostInput>,
) -> AppResult<Json<DisputeView>> {
    let (d, _) = allowed(&state, id, &user, DisputeAction::Message).await?;
    input.check()?;
    disputes::message(&state.db, state.now(), &d, user.id, &input.body, &input.photos).await?;
    reload(&state, id, &user).await
}

#[utoipa::path(get, path = "/moderation/disputes", operation_id = "dispute_queue", tag = "moderation", security(("session" = [])),
    responses((status = 200, body = [DisputeQueueItem]), (status = 401, body = ApiError), (status = 403, body = ApiError)))]
async fn queue(State(state): State<AppState>, user: CurrentUser) -> AppResult<Json<Vec<DisputeQueueItem>>> {
    user.require(Role::Moderator)?;
    Ok(Json(disputes::queue(&state.db, state.now(), QUEUE_LIMIT).await?))
}

/// Decides: the trade moves on, the loser's credit takes the dispute penalty, the audit log
/// records the decision with its reason.
#[utoipa::path(post, path = "/moderation/disputes/{id}/decide", operation_id = "decide_dispute", tag = "moderation", security(("session" = [])),
    params(("id" = i64, Path)), request_body = DecideInput,
    responses((status = 200, body = DisputeView), (status = 401, body = ApiError), (status = 403, body = ApiError),
        (status = 404, body = ApiError), (status = 409, body = ApiError, description = "Not answered and not overdue, or already decided"),
        (status = 422, body = ApiError)))]
async fn decide(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Json(input): Json<DecideInput>,
) -> AppResult<Json<DisputeView>> {
    user.require(Role::Moderator)?;
    let (d, t) = allowed(&state, id, &user, DisputeAction::Decide).await?;
    input.check()?;
    let now = state.now();
    disputes::decide(&state.db, now, &d, &t, user.id, input.outcome, &input.reason).await?;
    // The trade's completion or cancellation and the loss change both traders' credit.
    credit::refresh(&state.db, t.seller_id, now).await?;
    credit::refresh(&state.db, t.buyer_id, now).await?;
    reload(&state, id, &user).await
}
