//! The OpenAPI 3.1 document of the API, generated from the contract types.
//!
//! Each route is declared here once, next to the types it uses; the server serves the
//! document at `/api/v1/openapi.json` and its tests check that every routed path is listed.
#![allow(dead_code)] // the functions below only carry the route declarations

use crate::auth::{LoginRequest, Me, RegisterRequest, Role, UserSummary};
use crate::community::{Community, CommunityPage};
use crate::error::ApiError;
use crate::health::Health;
use crate::impact::Impact;
use crate::listing::{
    FavouriteState, HideInput, ListingCard, ListingDetail, ListingInput, Page, Photo, ReportInput, ReportReceipt,
    SearchQuery,
};
use crate::trade::{
    CancelRequest, Message, NewMessage, Profile, RatingInput, TradeRequest, TradeSummary, TradeView, Unread,
};
use utoipa::openapi::security::{ApiKey, ApiKeyValue, SecurityScheme};
use utoipa::{Modify, OpenApi};

#[utoipa::path(get, path = "/api/v1/health", tag = "system",
    responses((status = 200, body = Health), (status = 503, body = ApiError)))]
fn health() {}

#[utoipa::path(get, path = "/api/v1/openapi.json", tag = "system",
    responses((status = 200, description = "This document")))]
fn openapi_json() {}

#[utoipa::path(get, path = "/api/v1/communities", tag = "communities",
    responses((status = 200, body = [Community])))]
fn communities() {}

#[utoipa::path(post, path = "/api/v1/auth/register", tag = "auth", request_body = RegisterRequest,
    responses((status = 201, body = Me, description = "Registered and signed in (sets the session cookie)"),
        (status = 409, body = ApiError, description = "Name or contact taken"),
        (status = 422, body = ApiError, description = "A field is invalid")))]
fn register() {}

#[utoipa::path(post, path = "/api/v1/auth/login", tag = "auth", request_body = LoginRequest,
    responses((status = 200, body = Me, description = "Signed in (sets the session cookie)"),
        (status = 401, body = ApiError), (status = 422, body = ApiError), (status = 429, body = ApiError)))]
fn login() {}

#[utoipa::path(post, path = "/api/v1/auth/logout", tag = "auth",
    responses((status = 204, description = "Signed out; the session is deleted")))]
fn logout() {}

#[utoipa::path(get, path = "/api/v1/me", tag = "auth", security(("session" = [])),
    responses((status = 200, body = Me), (status = 401, body = ApiError)))]
fn me() {}

#[utoipa::path(get, path = "/api/v1/admin/users", tag = "moderation", security(("session" = [])),
    params(crate::auth::UserSearch),
    responses((status = 200, body = [UserSummary]), (status = 401, body = ApiError), (status = 403, body = ApiError)))]
fn admin_users() {}

#[utoipa::path(put, path = "/api/v1/admin/users/{id}/roles/{role}", tag = "moderation", security(("session" = [])),
    params(("id" = i64, Path), ("role" = Role, Path)),
    responses((status = 200, body = UserSummary), (status = 401, body = ApiError), (status = 403, body = ApiError), (status = 404, body = ApiError)))]
fn grant_role() {}

#[utoipa::path(delete, path = "/api/v1/admin/users/{id}/roles/{role}", tag = "moderation", security(("session" = [])),
    params(("id" = i64, Path), ("role" = Role, Path)),
    responses((status = 200, body = UserSummary), (status = 401, body = ApiError), (status = 403, body = ApiError),
        (status = 404, body = ApiError), (status = 409, body = ApiError, description = "Would remove the last moderator")))]
fn revoke_role() {}

#[utoipa::path(post, path = "/api/v1/photos", tag = "listings", security(("session" = [])),
    request_body(content = Vec<u8>, content_type = "image/jpeg", description = "One photo (JPEG, PNG or WebP), resized by the browser"),
    responses((status = 201, body = Photo), (status = 401, body = ApiError), (status = 413, body = ApiError),
        (status = 415, body = ApiError, description = "Not a supported image (checked by content)"),
        (status = 422, body = ApiError, description = "Damaged, incomplete or too small")))]
fn upload_photo() {}

#[utoipa::path(get, path = "/api/v1/listings", tag = "listings", params(SearchQuery),
    responses((status = 200, body = Page<ListingCard>), (status = 422, body = ApiError)))]
fn search_listings() {}

#[utoipa::path(post, path = "/api/v1/listings", tag = "listings", security(("session" = [])), request_body = ListingInput,
    responses((status = 201, body = ListingDetail), (status = 401, body = ApiError), (status = 422, body = ApiError)))]
fn create_listing() {}

#[utoipa::path(get, path = "/api/v1/listings/{id}", tag = "listings", params(("id" = i64, Path)),
    responses((status = 200, body = ListingDetail), (status = 404, body = ApiError, description = "Missing, or hidden from the caller")))]
fn show_listing() {}

#[utoipa::path(put, path = "/api/v1/listings/{id}", tag = "listings", security(("session" = [])), params(("id" = i64, Path)),
    request_body = ListingInput,
    responses((status = 200, body = ListingDetail), (status = 401, body = ApiError), (status = 403, body = ApiError, description = "Not the owner"),
        (status = 404, body = ApiError), (status = 409, body = ApiError, description = "Reserved or sold"), (status = 422, body = ApiError)))]
fn edit_listing() {}

#[utoipa::path(post, path = "/api/v1/listings/{id}/withdraw", tag = "listings", security(("session" = [])), params(("id" = i64, Path)),
    responses((status = 200, body = ListingDetail), (status = 401, body = ApiError), (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 409, body = ApiError)))]
fn withdraw_listing() {}

#[utoipa::path(post, path = "/api/v1/listings/{id}/relist", tag = "listings", security(("session" = [])), params(("id" = i64, Path)),
    responses((status = 200, body = ListingDetail), (status = 401, body = ApiError), (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 409, body = ApiError)))]
fn relist_listing() {}

#[utoipa::path(put, path = "/api/v1/listings/{id}/favourite", tag = "listings", security(("session" = [])), params(("id" = i64, Path)),
    responses((status = 200, body = FavouriteState), (status = 401, body = ApiError), (status = 404, body = ApiError)))]
fn favourite_listing() {}

#[utoipa::path(delete, path = "/api/v1/listings/{id}/favourite", tag = "listings", security(("session" = [])), params(("id" = i64, Path)),
    responses((status = 200, body = FavouriteState), (status = 401, body = ApiError), (status = 404, body = ApiError)))]
fn unfavourite_listing() {}

#[utoipa::path(post, path = "/api/v1/listings/{id}/reports", tag = "listings", security(("session" = [])), params(("id" = i64, Path)),
    request_body = ReportInput,
    responses((status = 201, body = ReportReceipt), (status = 200, body = ReportReceipt, description = "Already reported by this account"),
        (status = 401, body = ApiError), (status = 404, body = ApiError), (status = 409, body = ApiError, description = "Own listing")))]
fn report_listing() {}

#[utoipa::path(get, path = "/api/v1/me/listings", tag = "listings", security(("session" = [])),
    responses((status = 200, body = [ListingCard]), (status = 401, body = ApiError)))]
fn my_listings() {}

#[utoipa::path(get, path = "/api/v1/me/favourites", tag = "listings", security(("session" = [])),
    responses((status = 200, body = [ListingCard]), (status = 401, body = ApiError)))]
fn my_favourites() {}

#[utoipa::path(post, path = "/api/v1/admin/listings/{id}/hide", tag = "moderation", security(("session" = [])), params(("id" = i64, Path)),
    request_body = HideInput,
    responses((status = 200, body = ListingDetail), (status = 401, body = ApiError), (status = 403, body = ApiError), (status = 404, body = ApiError)))]
fn hide_listing() {}

#[utoipa::path(post, path = "/api/v1/admin/listings/{id}/unhide", tag = "moderation", security(("session" = [])), params(("id" = i64, Path)),
    responses((status = 200, body = ListingDetail), (status = 401, body = ApiError), (status = 403, body = ApiError), (status = 404, body = ApiError)))]
fn unhide_listing() {}

#[utoipa::path(post, path = "/api/v1/listings/{id}/trades", tag = "trades", security(("session" = [])), params(("id" = i64, Path)), request_body = TradeRequest,
    responses((status = 201, body = TradeView), (status = 401, body = ApiError), (status = 404, body = ApiError), (status = 409, body = ApiError, description = "Own listing, not available, already requested"), (status = 422, body = ApiError)))]
fn request_trade() {}

#[utoipa::path(get, path = "/api/v1/listings/{id}/trades", tag = "trades", security(("session" = [])), params(("id" = i64, Path)),
    responses((status = 200, body = [TradeSummary]), (status = 401, body = ApiError), (status = 403, body = ApiError), (status = 404, body = ApiError)))]
fn listing_trades() {}

#[utoipa::path(get, path = "/api/v1/trades/{id}", tag = "trades", security(("session" = [])), params(("id" = i64, Path)),
    responses((status = 200, body = TradeView), (status = 401, body = ApiError), (status = 404, body = ApiError, description = "Not a party of the trade")))]
fn show_trade() {}

#[utoipa::path(post, path = "/api/v1/trades/{id}/accept", tag = "trades", security(("session" = [])), params(("id" = i64, Path)),
    responses((status = 200, body = TradeView), (status = 401, body = ApiError), (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 409, body = ApiError, description = "Already reserved by another trade, or no longer requested")))]
fn accept_trade() {}

#[utoipa::path(post, path = "/api/v1/trades/{id}/decline", tag = "trades", security(("session" = [])), params(("id" = i64, Path)),
    responses((status = 200, body = TradeView), (status = 401, body = ApiError), (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 409, body = ApiError)))]
fn decline_trade() {}

#[utoipa::path(post, path = "/api/v1/trades/{id}/cancel", tag = "trades", security(("session" = [])), params(("id" = i64, Path)), request_body = CancelRequest,
    responses((status = 200, body = TradeView), (status = 401, body = ApiError), (status = 404, body = ApiError), (status = 409, body = ApiError), (status = 422, body = ApiError)))]
fn cancel_trade() {}

#[utoipa::path(post, path = "/api/v1/trades/{id}/confirm", tag = "trades", security(("session" = [])), params(("id" = i64, Path)),
    responses((status = 200, body = TradeView), (status = 401, body = ApiError), (status = 404, body = ApiError), (status = 409, body = ApiError)))]
fn confirm_trade() {}

#[utoipa::path(get, path = "/api/v1/trades/{id}/messages", tag = "trades", security(("session" = [])), params(("id" = i64, Path), ("after" = Option<i64>, Query, description = "Only messages after this id")),
    responses((status = 200, body = [Message]), (status = 401, body = ApiError), (status = 404, body = ApiError)))]
fn trade_messages() {}

#[utoipa::path(post, path = "/api/v1/trades/{id}/messages", tag = "trades", security(("session" = [])), params(("id" = i64, Path)), request_body = NewMessage,
    responses((status = 201, body = Message), (status = 401, body = ApiError), (status = 404, body = ApiError), (status = 422, body = ApiError)))]
fn send_trade_message() {}

#[utoipa::path(post, path = "/api/v1/trades/{id}/rating", tag = "trades", security(("session" = [])), params(("id" = i64, Path)), request_body = RatingInput,
    responses((status = 200, body = TradeView), (status = 401, body = ApiError), (status = 404, body = ApiError), (status = 409, body = ApiError, description = "Not completed, already rated, window closed"), (status = 422, body = ApiError)))]
fn rate_trade() {}

#[utoipa::path(post, path = "/api/v1/trades/{id}/read", tag = "trades", security(("session" = [])), params(("id" = i64, Path)), request_body = crate::trade::ReadMark,
    responses((status = 204, description = "The thread is read up to last_id"), (status = 401, body = ApiError), (status = 404, body = ApiError)))]
fn mark_trade_read() {}

#[utoipa::path(get, path = "/api/v1/me/trades", tag = "trades", security(("session" = [])),
    responses((status = 200, body = [TradeSummary]), (status = 401, body = ApiError)))]
fn my_trades() {}

#[utoipa::path(get, path = "/api/v1/me/unread", tag = "trades", security(("session" = [])),
    responses((status = 200, body = Unread), (status = 401, body = ApiError)))]
fn my_unread() {}

#[utoipa::path(get, path = "/api/v1/me/impact", tag = "impact", security(("session" = [])),
    responses((status = 200, body = Impact), (status = 401, body = ApiError)))]
fn my_impact() {}

#[utoipa::path(get, path = "/api/v1/users/{id}", tag = "credit", params(("id" = i64, Path)),
    responses((status = 200, body = Profile), (status = 404, body = ApiError)))]
fn user_profile() {}

#[utoipa::path(get, path = "/api/v1/communities/{id}", tag = "impact", params(("id" = i64, Path)),
    responses((status = 200, body = CommunityPage), (status = 404, body = ApiError)))]
fn community_page() {}

struct SessionCookie;

impl Modify for SessionCookie {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new(crate::SESSION_COOKIE))),
        );
    }
}

#[derive(OpenApi)]
#[openapi(
    info(title = "Linli API", description = "Community reuse marketplace (邻里)"),
    paths(health, openapi_json, communities, register, login, logout, me, admin_users, grant_role, revoke_role,
        upload_photo, search_listings, create_listing, show_listing, edit_listing, withdraw_listing, relist_listing,
        favourite_listing, unfavourite_listing, report_listing, my_listings, my_favourites, hide_listing, unhide_listing,
        request_trade, listing_trades, show_trade, accept_trade, decline_trade, cancel_trade, confirm_trade, trade_messages, send_trade_message, mark_trade_read, rate_trade, my_trades, my_unread, my_impact, user_profile, community_page),
    // Types used only in query parameters are not collected from the paths: listed here so
    // every `$ref` resolves.
    components(schemas(
        crate::listing::Sort,
        crate::listing::Category,
        crate::listing::Condition,
        crate::listing::OfferMode
    )),
    modifiers(&SessionCookie)
)]
pub struct ApiDoc;

/// The document as served.
pub fn document() -> utoipa::openapi::OpenApi {
    ApiDoc::openapi()
}
