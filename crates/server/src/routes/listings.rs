//! Listings: post, edit, withdraw, re-list, find, favourite, report.

use crate::db::listings;
use crate::error::{AppError, AppResult};
use crate::extract::{CurrentUser, Json};
use crate::AppState;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use linli_contract::auth::Role;
use linli_contract::credit::Level;
use linli_contract::lifecycle;
use linli_contract::listing::{
    self, FavouriteState, HideInput, ListingAction, ListingCard, ListingDetail, ListingFacts, ListingInput,
    ListingRole, Page, ReportInput, ReportReceipt, ReviewInput, SearchQuery, Seller,
};
use linli_contract::{ApiError, ErrorCode, Field, Validate};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(search, create))
        .routes(routes!(show, edit))
        .routes(routes!(withdraw))
        .routes(routes!(relist))
        .routes(routes!(favourite, unfavourite))
        .routes(routes!(report))
        .routes(routes!(mine))
        .routes(routes!(my_favourites))
        .routes(routes!(hide))
        .routes(routes!(unhide))
        .routes(routes!(ask_review))
        .routes(routes!(keep_hidden))
}

#[utoipa::path(get, path = "/listings", operation_id = "search_listings", tag = "listings", params(SearchQuery),
    responses((status = 200, body = Page<ListingCard>), (status = 422, body = ApiError)))]
async fn search(State(state): State<AppState>, Query(q): Query<SearchQuery>) -> AppResult<Json<Page<ListingCard>>> {
    q.check()?;
    Ok(Json(listings::search_at(&state.db, &q, state.now()).await?))
}

async fn validate(state: &AppState, input: &ListingInput) -> AppResult<()> {
    input.check()?;
    if !listings::community_exists(&state.db, input.community_id).await? {
        return Err(AppError::field(Field::CommunityId, ErrorCode::CommunityUnknown));
    }
    Ok(())
}

#[utoipa::path(post, path = "/listings", operation_id = "create_listing", tag = "listings", security(("session" = [])), request_body = ListingInput,
    responses((status = 201, body = ListingDetail), (status = 401, body = ApiError), (status = 403, body = ApiError, description = "Account suspended"), (status = 422, body = ApiError)))]
async fn create(
    State(state): State<AppState>,
    user: CurrentUser,
    Json(input): Json<ListingInput>,
) -> AppResult<(StatusCode, Json<ListingDetail>)> {
    user.ensure_active()?;
    validate(&state, &input).await?;
    let charge = state.config.write_limits.listing_charge(user.id);
    let id = listings::insert_charged(&state.db, user.id, &input, None, Some(&charge)).await?;
    Ok((StatusCode::CREATED, fresh_detail(&state, id, &user).await?))
}

/// The viewer's roles in this listing. A visitor is shown what a resident may do (asking,
/// favouriting lead them to sign in first).
pub(crate) fn roles_in(row: &listings::ListingRow, viewer: Option<&CurrentUser>) -> Vec<ListingRole> {
    let Some(v) = viewer else { return vec![ListingRole::Resident] };
    let mut roles = vec![if v.id == row.seller_id { ListingRole::Owner } else { ListingRole::Resident }];
    if v.has(Role::Moderator) {
        roles.push(ListingRole::Moderator);
    }
    roles
}

/// The listing, if the viewer may see it (hidden listings are 404 to everyone but their owner
/// and moderators: no hint they exist).
pub(crate) async fn find_visible(
    state: &AppState,
    id: i64,
    viewer: Option<&CurrentUser>,
) -> AppResult<listings::ListingPage> {
    let page = listings::find_page(&state.db, id, viewer.map(|v| v.id), state.now())
        .await?
        .filter(|page| page.row.facts().visible_to(&roles_in(&page.row, viewer)))
        .ok_or(AppError::code(ErrorCode::NotFound))?;
    // A suspended account's listings are hidden from everyone but it and moderators.
    let privileged = viewer.is_some_and(|v| v.id == page.row.seller_id || v.has(Role::Moderator));
    if !privileged && page.seller_suspended != 0 {
        return Err(AppError::code(ErrorCode::NotFound));
    }
    Ok(page)
}

/// The listing as an anonymous visitor sees it, if they may (the server's pre-render of a
/// listing's page, `first_screen.rs`): `None` when `GET /listings/{id}` would not show it.
pub(crate) async fn public_detail(state: &AppState, id: i64) -> Option<ListingDetail> {
    let page = find_visible(state, id, None).await.ok()?;
    Some(detail(page, None))
}

/// The listing, if the caller owns it: 404 when they cannot see it, 403 when they can but it
/// is someone else's.
pub(crate) async fn find_own(state: &AppState, id: i64, user: &CurrentUser) -> AppResult<listings::ListingRow> {
    let row = find_visible(state, id, Some(user)).await?.row;
    if row.seller_id != user.id {
        return Err(AppError::code(ErrorCode::Forbidden));
    }
    Ok(row)
}

/// The listing, if the caller may see it and the table allows them `action` now.
async fn allowed(
    state: &AppState,
    id: i64,
    user: &CurrentUser,
    action: ListingAction,
) -> AppResult<listings::ListingRow> {
    let row = find_visible(state, id, Some(user)).await?.row;
    lifecycle::decide(&row.facts(), &roles_in(&row, Some(user)), action, state.now()).map_err(AppError::code)?;
    user.may::<ListingFacts>(action)?;
    Ok(row)
}

/// The listing as it is now, for the caller of a change to it.
async fn fresh_detail(state: &AppState, id: i64, viewer: &CurrentUser) -> AppResult<Json<ListingDetail>> {
    let page = listings::find_page(&state.db, id, Some(viewer.id), state.now())
        .await?
        .ok_or(AppError::code(ErrorCode::NotFound))?;
    Ok(Json(detail(page, Some(viewer))))
}

fn detail(page: listings::ListingPage, viewer: Option<&CurrentUser>) -> ListingDetail {
    let row = &page.row;
    let is_owner = viewer.is_some_and(|v| v.id == row.seller_id);
    // The hide's reason and review are for the owner and moderators only.
    let privileged = is_owner || viewer.is_some_and(|v| v.has(Role::Moderator));
    let facts = row.facts();
    ListingDetail {
        id: row.id,
        title: row.title.clone(),
        description: row.description.clone(),
        category: row.category(),
        condition: row.condition(),
        offer: row.offer(),
        status: facts.status,
        hidden: facts.hidden,
        // Asked already, or holding it: their trade is where to go on.
        actions: viewer
            .map_or_else(
                || facts.actions(&roles_in(row, None)),
                |v| v.open_actions::<ListingFacts>(facts.actions(&roles_in(row, viewer))),
            )
            .into_iter()
            .filter(|a| !(*a == ListingAction::Request && page.my_trade.is_some()))
            .collect(),
        my_trade: viewer.and(page.my_trade),
        community: page.community(),
        pickup_note: row.pickup_note.clone(),
        photos: page.photos(),
        seller: Seller {
            id: row.seller_id,
            level: Level::parse(&page.seller_level),
            display_name: page.seller_name.clone(),
            member_since: page.seller_since,
        },
        created_at: row.created_at,
        updated_at: row.updated_at,
        favourite_count: page.favourite_count,
        is_favourite: viewer.is_some() && page.is_favourite != 0,
        is_owner,
        hidden_reason: if privileged { row.hidden_reason.clone() } else { None },
        review: if privileged { row.review_status() } else { None },
    }
}

#[utoipa::path(get, path = "/listings/{id}", operation_id = "show_listing", tag = "listings", params(("id" = i64, Path)),
    responses((status = 200, body = ListingDetail), (status = 404, body = ApiError, description = "Missing, or hidden from the caller")))]
async fn show(
    State(state): State<AppState>,
    viewer: Option<CurrentUser>,
    Path(id): Path<i64>,
) -> AppResult<Json<ListingDetail>> {
    let page = find_visible(&state, id, viewer.as_ref()).await?;
    Ok(Json(detail(page, viewer.as_ref())))
}

#[utoipa::path(put, path = "/listings/{id}", operation_id = "edit_listing", tag = "listings", security(("session" = [])), params(("id" = i64, Path)),
    request_body = ListingInput,
    responses((status = 200, body = ListingDetail), (status = 401, body = ApiError), (status = 403, body = ApiError, description = "Not the owner"),
        (status = 404, body = ApiError), (status = 409, body = ApiError, description = "Reserved or sold"), (status = 422, body = ApiError)))]
async fn edit(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Json(input): Json<ListingInput>,
) -> AppResult<Json<ListingDetail>> {
    allowed(&state, id, &user, ListingAction::Edit).await?;
    validate(&state, &input).await?;
    let charge = state.config.write_limits.listing_charge(user.id);
    listings::update(&state.db, state.now(), id, user.id, &input, &charge).await?;
    fresh_detail(&state, id, &user).await
}

/// The owner withdraws or re-lists: the table's move, as one guarded update.
async fn owner_move(
    state: &AppState,
    user: &CurrentUser,
    id: i64,
    action: ListingAction,
) -> AppResult<Json<ListingDetail>> {
    allowed(state, id, user, action).await?;
    let mut conn = state.db.pool().acquire().await?;
    listings::apply(&mut conn, state.now(), id, action).await?;
    drop(conn);
    fresh_detail(state, id, user).await
}

#[utoipa::path(post, path = "/listings/{id}/withdraw", operation_id = "withdraw_listing", tag = "listings", security(("session" = [])), params(("id" = i64, Path)),
    responses((status = 200, body = ListingDetail), (status = 401, body = ApiError), (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 409, body = ApiError)))]
async fn withdraw(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<Json<ListingDetail>> {
    owner_move(&state, &user, id, ListingAction::Withdraw).await
}

#[utoipa::path(post, path = "/listings/{id}/relist", operation_id = "relist_listing", tag = "listings", security(("session" = [])), params(("id" = i64, Path)),
    responses((status = 200, body = ListingDetail), (status = 401, body = ApiError), (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 409, body = ApiError)))]
async fn relist(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<Json<ListingDetail>> {
    owner_move(&state, &user, id, ListingAction::Relist).await
}

async fn set_favourite(state: &AppState, user: &CurrentUser, id: i64, on: bool) -> AppResult<Json<FavouriteState>> {
    if on {
        allowed(state, id, user, ListingAction::Favourite).await?;
    } else {
        // Taking a favourite back is always possible (even on one's own or a hidden listing).
        find_visible(state, id, Some(user)).await?;
    }
    let count = listings::set_favourite(&state.db, user.id, id, on).await?;
    Ok(Json(FavouriteState { favourite: on, count }))
}

#[utoipa::path(put, path = "/listings/{id}/favourite", operation_id = "favourite_listing", tag = "listings", security(("session" = [])), params(("id" = i64, Path)),
    responses((status = 200, body = FavouriteState), (status = 401, body = ApiError), (status = 404, body = ApiError)))]
async fn favourite(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<Json<FavouriteState>> {
    set_favourite(&state, &user, id, true).await
}

#[utoipa::path(delete, path = "/listings/{id}/favourite", operation_id = "unfavourite_listing", tag = "listings", security(("session" = [])), params(("id" = i64, Path)),
    responses((status = 200, body = FavouriteState), (status = 401, body = ApiError), (status = 404, body = ApiError)))]
async fn unfavourite(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<Json<FavouriteState>> {
    set_favourite(&state, &user, id, false).await
}

#[utoipa::path(post, path = "/listings/{id}/reports", operation_id = "report_listing", tag = "listings", security(("session" = [])), params(("id" = i64, Path)),
    request_body = ReportInput,
    responses((status = 201, body = ReportReceipt), (status = 200, body = ReportReceipt, description = "Already reported by this account"),
        (status = 401, body = ApiError), (status = 404, body = ApiError), (status = 409, body = ApiError, description = "Own listing")))]
async fn report(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Json(input): Json<ReportInput>,
) -> AppResult<(StatusCode, Json<ReportReceipt>)> {
    let row = find_visible(&state, id, Some(&user)).await?.row;
    if row.seller_id == user.id {
        return Err(AppError::code(ErrorCode::CannotReportOwn));
    }
    allowed(&state, id, &user, ListingAction::Report).await?;
    listing::report_note(&input.note).map_err(|c| AppError::field(Field::Note, c))?;
    let already_reported = listings::report(&state.db, id, user.id, input.reason.key(), &input.note).await?;
    let status = if already_reported { StatusCode::OK } else { StatusCode::CREATED };
    Ok((status, Json(ReportReceipt { already_reported })))
}

#[utoipa::path(get, path = "/me/listings", operation_id = "my_listings", tag = "listings", security(("session" = [])),
    responses((status = 200, body = [ListingCard]), (status = 401, body = ApiError)))]
async fn mine(State(state): State<AppState>, user: CurrentUser) -> AppResult<Json<Vec<ListingCard>>> {
    Ok(Json(listings::by_seller(&state.db, user.id).await?))
}

#[utoipa::path(get, path = "/me/favourites", operation_id = "my_favourites", tag = "listings", security(("session" = [])),
    responses((status = 200, body = [ListingCard]), (status = 401, body = ApiError)))]
async fn my_favourites(State(state): State<AppState>, user: CurrentUser) -> AppResult<Json<Vec<ListingCard>>> {
    Ok(Json(listings::favourites_of(&state.db, user.id, state.now()).await?))
}

#[utoipa::path(post, path = "/admin/listings/{id}/hide", operation_id = "hide_listing", tag = "moderation", security(("session" = [])), params(("id" = i64, Path)),
    request_body = HideInput,
    responses((status = 200, body = ListingDetail), (status = 401, body = ApiError), (status = 403, body = ApiError), (status = 404, body = ApiError)))]
async fn hide(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Json(input): Json<HideInput>,
) -> AppResult<Json<ListingDetail>> {
    user.require(Role::Moderator)?;
    input.check()?;
    moderate(state, user, id, ListingAction::Hide, input.reason.trim()).await
}

/// Lifts a hide; the listing is again exactly what its trades made it.
#[utoipa::path(post, path = "/admin/listings/{id}/unhide", operation_id = "unhide_listing", tag = "moderation", security(("session" = [])), params(("id" = i64, Path)),
    responses((status = 200, body = ListingDetail), (status = 401, body = ApiError), (status = 403, body = ApiError), (status = 404, body = ApiError)))]
async fn unhide(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<Json<ListingDetail>> {
    user.require(Role::Moderator)?;
    moderate(state, user, id, ListingAction::Unhide, "").await
}

async fn moderate(
    state: AppState,
    user: CurrentUser,
    id: i64,
    action: ListingAction,
    reason: &str,
) -> AppResult<Json<ListingDetail>> {
    allowed(&state, id, &user, action).await?;
    listings::set_hidden(&state.db, state.now(), id, user.id, reason, action == ListingAction::Hide).await?;
    fresh_detail(&state, id, &user).await
}

/// The owner of a hidden listing asks a moderator to review the hide, once per hide (with an
/// optional note); it then shows in the moderators' reports queue as "review requested".
#[utoipa::path(post, path = "/listings/{id}/review", operation_id = "ask_listing_review", tag = "listings", security(("session" = [])), params(("id" = i64, Path)),
    request_body = ReviewInput,
    responses((status = 200, body = ListingDetail), (status = 401, body = ApiError), (status = 403, body = ApiError, description = "Not the owner"),
        (status = 404, body = ApiError, description = "Missing, or hidden from the caller"),
        (status = 409, body = ApiError, description = "Not hidden, or a review of this hide was already asked for"), (status = 422, body = ApiError)))]
async fn ask_review(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Json(input): Json<ReviewInput>,
) -> AppResult<Json<ListingDetail>> {
    let row = find_visible(&state, id, Some(&user)).await?.row;
    lifecycle::decide(&row.facts(), &roles_in(&row, Some(&user)), ListingAction::AskReview, state.now())
        .map_err(AppError::code)?;
    input.check()?;
    listings::ask_review(&state.db, state.now(), id, user.id, &input.note).await?;
    fresh_detail(&state, id, &user).await
}

/// A moderator answers a review request by keeping the listing hidden, with a reason its owner
/// sees (restoring it is `unhide`).
#[utoipa::path(post, path = "/admin/listings/{id}/keep-hidden", operation_id = "keep_listing_hidden", tag = "moderation", security(("session" = [])), params(("id" = i64, Path)),
    request_body = HideInput,
    responses((status = 200, body = ListingDetail), (status = 401, body = ApiError), (status = 403, body = ApiError), (status = 404, body = ApiError),
        (status = 409, body = ApiError, description = "Not hidden, or no review request waiting"), (status = 422, body = ApiError)))]
async fn keep_hidden(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Json(input): Json<HideInput>,
) -> AppResult<Json<ListingDetail>> {
    user.require(Role::Moderator)?;
    input.check()?;
    allowed(&state, id, &user, ListingAction::KeepHidden).await?;
    listings::keep_hidden(&state.db, state.now(), id, user.id, &input.reason).await?;
    fresh_detail(&state, id, &user).await
}
