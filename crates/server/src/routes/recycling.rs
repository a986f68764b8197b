//! Recycling: points nearest first, what goes where, home pickups.
//!
//! Who may do what: anyone lists and reads points and looks items up; organisers create
//! points (they operate them) and manage the ones they operate, moderators manage all;
//! signed-in residents request pickups at points offering them; a pickup is seen only by its
//! resident and the point's operator (404 for anyone else, so its address never leaks).

use crate::db::recycling::{self as db, Change, NewPickup, NewPoint, PickupRow, PointRow};
use crate::db::{communities, users};
use crate::error::{AppError, AppResult};
use crate::extract::{CurrentUser, Json};
use crate::opening;
use crate::recycling_items;
use crate::AppState;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use linli_contract::auth::Role;
use linli_contract::impact;
use linli_contract::recycling::{
    self as contract, limits, AssignOperator, CollectInput, ItemAnswer, Material, OpenState, Pickup, PickupBadge,
    PickupCancel, PickupInput, PickupRole, Point, PointInput, PointQuery, ScheduleInput, DEFAULT_TIMEZONE,
};
use linli_contract::{ApiError, ErrorCode, Field};
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_points, create_point))
        .routes(routes!(show_point, update_point, remove_point))
        .routes(routes!(assign_operator))
        .routes(routes!(my_points))
        .routes(routes!(lookup))
        .routes(routes!(request_pickup))
        .routes(routes!(show_pickup))
        .routes(routes!(schedule_pickup))
        .routes(routes!(collect_pickup))
        .routes(routes!(cancel_pickup))
        .routes(routes!(my_pickups))
        .routes(routes!(pickup_badge))
        .routes(routes!(pickups_seen))
}

fn can_manage(p: &PointRow, user: Option<&CurrentUser>) -> bool {
    user.is_some_and(|u| u.has(Role::Moderator) || p.operator_id.is_some_and(|o| u.runs(o)))
}

pub fn point_view(p: &PointRow, viewer: Option<&CurrentUser>, origin: Option<(f64, f64)>, now: i64) -> Point {
    Point {
        id: p.id,
        name: p.name.clone(),
        kind: p.kind(),
        materials: db::parse_keys(&p.materials),
        pickup_materials: db::parse_keys(&p.pickup_materials),
        opening_hours: p.opening_hours.clone(),
        timezone: p.timezone.clone(),
        status: opening::status(&p.opening_hours, &p.timezone, now),
        address: p.address.clone(),
        lat: p.lat,
        lng: p.lng,
        contact: p.contact.clone(),
        operator_id: p.operator_id,
        operator_name: p.operator_name.clone(),
        osm_id: p.osm_id.clone(),
        distance_m: origin.map(|o| db::distance_m(o, (p.lat, p.lng)).round()),
        can_manage: can_manage(p, viewer),
    }
}

/// Where to measure from: the position given, else the community's centre, else the
/// viewer's own community.
async fn origin(state: &AppState, q: &PointQuery) -> AppResult<Option<(f64, f64)>> {
    match (q.lat, q.lng) {
        (Some(lat), Some(lng)) => {
            contract::position(lat, lng)?;
            return Ok(Some((lat, lng)));
        }
        (None, None) => {}
        (None, _) => return Err(AppError::field(Field::Lat, ErrorCode::Required)),
        (_, None) => return Err(AppError::field(Field::Lng, ErrorCode::Required)),
    }
    if let Some(id) = q.community_id {
        let c = communities::find(&state.db, id)
            .await?
            .ok_or(AppError::field(Field::CommunityId, ErrorCode::CommunityUnknown))?;
        return Ok(Some((c.lat, c.lng)));
    }
    Ok(None)
}

/// What a nearest-first search asks for.
#[derive(Clone, Copy)]
pub struct Search<'a> {
    pub origin: Option<(f64, f64)>,
    /// Points taking any of these (all points when empty).
    pub materials: &'a [Material],
    pub open_now: bool,
    pub pickup_only: bool,
    pub radius_m: f64,
    pub limit: usize,
}

/// Nearest first: the points in a box around the origin (the database's index), sorted by
/// true distance; opening hours are evaluated only for as many as are shown.
pub async fn nearest(state: &AppState, viewer: Option<&CurrentUser>, q: &Search<'_>) -> AppResult<Vec<Point>> {
    let Search { origin, materials, open_now, pickup_only, radius_m, limit } = *q;
    let now = state.now();
    // Widen the box until it holds enough points: the nearest `limit` inside a radius are the
    // nearest overall, and a small box reads few rows however many points the city has.
    let mut radius = if origin.is_some() { radius_m.min(2_000.0) } else { radius_m };
    loop {
        let near = db::Near { origin, radius_m: radius, materials, pickup_only, cap: limits::LIST_MAX * 5 };
        let mut with_distance: Vec<(f64, PointRow)> = db::near(&state.db, &near)
            .await?
            .into_iter()
            .filter_map(|p| {
                let d = origin.map(|o| db::distance_m(o, (p.lat, p.lng))).unwrap_or(0.0);
                (d <= radius).then_some((d, p))
            })
            .collect();
        with_distance.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.id.cmp(&b.1.id)));
        let mut out = Vec::new();
        for (_, p) in with_distance {
            let view = point_view(&p, viewer, origin, now);
            if open_now && view.status.state != OpenState::Open {
                continue;
            }
            out.push(view);
            if out.len() >= limit {
                break;
            }
        }
        if out.len() >= limit || radius >= radius_m {
            return Ok(out);
        }
        radius = (radius * 4.0).min(radius_m);
    }
}

#[utoipa::path(get, path = "/recycling/points", operation_id = "list_recycling_points", tag = "recycling", params(PointQuery),
    responses((status = 200, body = [Point]), (status = 400, body = ApiError), (status = 422, body = ApiError)))]
async fn list_points(
    State(state): State<AppState>,
    viewer: Option<CurrentUser>,
    Query(q): Query<PointQuery>,
) -> AppResult<Json<Vec<Point>>> {
    Ok(Json(points(&state, viewer.as_ref(), &q).await?))
}

/// The points `q` asks for, nearest first (the Recycle tab; the server's pre-render of it too,
/// `first_screen.rs`).
pub(crate) async fn points(state: &AppState, viewer: Option<&CurrentUser>, q: &PointQuery) -> AppResult<Vec<Point>> {
    let origin = origin(state, q).await?;
    let materials = match q.material.as_deref().filter(|m| !m.is_empty()) {
        Some(m) => vec![Material::parse(m).ok_or(AppError::field(Field::Material, ErrorCode::MaterialUnknown))?],
        None => Vec::new(),
    };
    let radius = q.radius_m.unwrap_or(limits::RADIUS_DEFAULT_M);
    if !radius.is_finite() || radius <= 0.0 || radius > limits::RADIUS_MAX_M {
        return Err(AppError::field(Field::RadiusM, ErrorCode::BadRequest));
    }
    let limit = q.limit.unwrap_or(50).clamp(1, limits::LIST_MAX) as usize;
    let search =
        Search { origin, materials: &materials, open_now: q.open_now, pickup_only: q.pickup, radius_m: radius, limit };
    nearest(state, viewer, &search).await
}

#[utoipa::path(get, path = "/recycling/points/{id}", operation_id = "show_recycling_point", tag = "recycling", params(("id" = i64, Path)),
    responses((status = 200, body = Point), (status = 404, body = ApiError)))]
async fn show_point(
    State(state): State<AppState>,
    viewer: Option<CurrentUser>,
    Path(id): Path<i64>,
) -> AppResult<Json<Point>> {
    let p = db::find_point(&state.db, id).await?.ok_or(AppError::code(ErrorCode::NotFound))?;
    Ok(Json(point_view(&p, viewer.as_ref(), None, state.now())))
}

/// Checks a point's input, the opening hours and the time zone included.
fn new_point(input: &PointInput, has_operator: bool) -> AppResult<NewPoint> {
    let (materials, pickup_materials) = contract::point(input)?;
    if !opening::valid(&input.opening_hours) {
        return Err(AppError::field(Field::OpeningHours, ErrorCode::OpeningHoursInvalid));
    }
    let timezone = input.timezone.clone().filter(|t| !t.trim().is_empty()).unwrap_or(DEFAULT_TIMEZONE.into());
    if timezone.parse::<chrono_tz::Tz>().is_err() {
        return Err(AppError::field(Field::Timezone, ErrorCode::TimezoneUnknown));
    }
    if !pickup_materials.is_empty() && !has_operator {
        // Somebody has to come and collect: a point without an operator offers no pickup.
        return Err(AppError::field(Field::PickupMaterials, ErrorCode::PickupNotOffered));
    }
    Ok(NewPoint {
        name: input.name.clone(),
        kind: input.kind.unwrap_or(contract::PointKind::DropOffBin),
        materials,
        pickup_materials,
        opening_hours: input.opening_hours.trim().to_string(),
        timezone,
        address: input.address.clone(),
        contact: input.contact.clone(),
        lat: input.lat,
        lng: input.lng,
    })
}

#[utoipa::path(post, path = "/recycling/points", operation_id = "create_recycling_point", tag = "recycling", security(("session" = [])), request_body = PointInput,
    responses((status = 201, body = Point), (status = 400, body = ApiError), (status = 401, body = ApiError), (status = 403, body = ApiError), (status = 409, body = ApiError, description = "Pickup offered by a point nobody operates"), (status = 422, body = ApiError)))]
async fn create_point(
    State(state): State<AppState>,
    user: CurrentUser,
    Json(input): Json<PointInput>,
) -> AppResult<(StatusCode, Json<Point>)> {
    user.ensure_active()?;
    if !user.has(Role::Organiser) && !user.has(Role::Moderator) {
        return Err(AppError::code(ErrorCode::Forbidden));
    }
    let point = new_point(&input, true)?;
    let id = db::insert_point(&state.db, state.now(), Some(user.id), &point).await?;
    let p = db::find_point(&state.db, id).await?.ok_or(AppError::code(ErrorCode::NotFound))?;
    Ok((StatusCode::CREATED, Json(point_view(&p, Some(&user), None, state.now()))))
}

/// The point, if the user may manage it: 404 when it does not exist, 403 when it is not theirs.
async fn managed(state: &AppState, id: i64, user: &CurrentUser) -> AppResult<PointRow> {
    user.ensure_active()?;
    let p = db::find_point(&state.db, id).await?.ok_or(AppError::code(ErrorCode::NotFound))?;
    if can_manage(&p, Some(user)) {
        Ok(p)
    } else {
        Err(AppError::code(ErrorCode::Forbidden))
    }
}

#[utoipa::path(put, path = "/recycling/points/{id}", operation_id = "update_recycling_point", tag = "recycling", security(("session" = [])), params(("id" = i64, Path)), request_body = PointInput,
    responses((status = 200, body = Point), (status = 400, body = ApiError), (status = 401, body = ApiError), (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 409, body = ApiError, description = "Pickup offered by a point nobody operates"), (status = 422, body = ApiError)))]
async fn update_point(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Json(input): Json<PointInput>,
) -> AppResult<Json<Point>> {
    let existing = managed(&state, id, &user).await?;
    let point = new_point(&input, existing.operator_id.is_some())?;
    db::update_point(&state.db, state.now(), id, &point).await?;
    let p = db::find_point(&state.db, id).await?.ok_or(AppError::code(ErrorCode::NotFound))?;
    Ok(Json(point_view(&p, Some(&user), None, state.now())))
}

#[utoipa::path(delete, path = "/recycling/points/{id}", operation_id = "remove_recycling_point", tag = "recycling", security(("session" = [])), params(("id" = i64, Path)),
    responses((status = 204, description = "Removed"), (status = 401, body = ApiError), (status = 403, body = ApiError), (status = 404, body = ApiError)))]
async fn remove_point(State(state): State<AppState>, user: CurrentUser, Path(id): Path<i64>) -> AppResult<StatusCode> {
    managed(&state, id, &user).await?;
    db::remove_point(&state.db, state.now(), id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(put, path = "/recycling/points/{id}/operator", operation_id = "assign_recycling_point_operator", tag = "recycling", security(("session" = [])), params(("id" = i64, Path)), request_body = AssignOperator,
    responses((status = 200, body = Point), (status = 400, body = ApiError), (status = 401, body = ApiError), (status = 403, body = ApiError, description = "Not a moderator"), (status = 404, body = ApiError), (status = 422, body = ApiError, description = "operator_not_organiser")))]
/// A moderator hands a point (an imported one too) to an organiser, who then manages it and
/// its pickups. Audit-logged.
async fn assign_operator(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Json(input): Json<AssignOperator>,
) -> AppResult<Json<Point>> {
    user.require(Role::Moderator)?;
    let p = db::find_point(&state.db, id).await?.ok_or(AppError::code(ErrorCode::NotFound))?;
    let organiser = match users::find(&state.db, input.operator_id).await? {
        Some(_) => users::roles(&state.db, input.operator_id).await?.contains(&Role::Organiser),
        None => false,
    };
    if !organiser {
        return Err(AppError::field(Field::OperatorId, ErrorCode::OperatorNotOrganiser));
    }
    db::assign_operator(&state.db, state.now(), id, input.operator_id, user.id, p.operator_id).await?;
    let p = db::find_point(&state.db, id).await?.ok_or(AppError::code(ErrorCode::NotFound))?;
    Ok(Json(point_view(&p, Some(&user), None, state.now())))
}

#[utoipa::path(get, path = "/me/recycling-points", operation_id = "my_recycling_points", tag = "recycling", security(("session" = [])),
    responses((status = 200, body = [Point]), (status = 401, body = ApiError)))]
async fn my_points(State(state): State<AppState>, user: CurrentUser) -> AppResult<Json<Vec<Point>>> {
    let now = state.now();
    let rows = db::of_operator(&state.db, user.id).await?;
    Ok(Json(rows.iter().map(|p| point_view(p, Some(&user), None, now)).collect()))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct LookupQuery {
    /// The item, Chinese or English ("旧电池", "microwave").
    q: String,
    lat: Option<f64>,
    lng: Option<f64>,
    community_id: Option<i64>,
}

/// Items found for a lookup, at most.
const LOOKUP_ITEMS: usize = 5;
/// Points shown per item.
const LOOKUP_POINTS: usize = 3;

#[utoipa::path(get, path = "/recycling/lookup", operation_id = "recycling_lookup", tag = "recycling", params(LookupQuery),
    responses((status = 200, body = [ItemAnswer]), (status = 400, body = ApiError), (status = 422, body = ApiError)))]
async fn lookup(
    State(state): State<AppState>,
    viewer: Option<CurrentUser>,
    Query(q): Query<LookupQuery>,
) -> AppResult<Json<Vec<ItemAnswer>>> {
    if q.q.chars().count() > limits::QUERY_MAX {
        return Err(AppError::field(Field::Q, ErrorCode::QueryTooLong));
    }
    let pq = PointQuery { lat: q.lat, lng: q.lng, community_id: q.community_id, ..PointQuery::default() };
    let origin = origin(&state, &pq).await?;
    let mut out = Vec::new();
    for item in recycling_items::lookup(&q.q, LOOKUP_ITEMS) {
        let points = if item.materials.is_empty() {
            Vec::new()
        } else {
            // Open ones first, then the nearest closed ones.
            let search = Search {
                origin,
                materials: &item.materials,
                open_now: false,
                pickup_only: false,
                radius_m: limits::RADIUS_DEFAULT_M,
                limit: LOOKUP_POINTS * 4,
            };
            let mut found = nearest(&state, viewer.as_ref(), &search).await?;
            found.sort_by_key(|p| p.status.state != OpenState::Open);
            found.truncate(LOOKUP_POINTS);
            found
        };
        out.push(ItemAnswer {
            name: item.name(),
            materials: item.materials.clone(),
            class: item.class,
            tip: item.tip.clone(),
            reusable: item.reusable,
            points,
        });
    }
    Ok(Json(out))
}

// --- pickups ---

fn pickup_view(k: &PickupRow, user: &CurrentUser, now: i64) -> Option<Pickup> {
    let viewer = user.id;
    let roles = k.roles_of(viewer);
    let my_role = *roles.iter().find(|r| **r == PickupRole::Operator).or(roles.first())?;
    let facts = k.facts();
    let mut actions = Vec::new();
    for role in &roles {
        for a in user.open_actions::<contract::PickupFacts>(facts.actions(*role, now)) {
            if !actions.contains(&a) {
                actions.push(a);
            }
        }
    }
    let scheduled = match (k.window_start, k.window_end) {
        (Some(start), Some(end)) => Some(contract::TimeWindow { start, end }),
        _ => None,
    };
    let tz = &k.point_timezone;
    Some(Pickup {
        windows_local: k.windows().iter().map(|w| opening::to_local(w, tz)).collect(),
        scheduled_local: scheduled.map(|w| opening::to_local(&w, tz)),
        timezone: tz.clone(),
        id: k.id,
        point_id: k.point_id,
        point_name: k.point_name.clone(),
        resident_id: k.resident_id,
        resident_name: k.resident_name.clone(),
        my_role,
        state: facts.stored,
        items: k.items.clone(),
        materials: db::parse_keys(&k.materials),
        weight_kg: k.weight_g as f64 / 1000.0,
        address: k.address.clone(),
        windows: k.windows(),
        note: k.note.clone(),
        scheduled,
        collected_kg: k.collected_g.map(|g| g as f64 / 1000.0),
        kg_co2e: k.co2e_g.map(|g| g as f64 / 1000.0),
        points: k.points,
        cancel_reason: k.cancel_reason.clone(),
        actions,
        changed: if my_role == PickupRole::Operator { k.operator_unseen != 0 } else { k.resident_unseen != 0 },
        created_at: k.created_at,
        updated_at: k.updated_at,
    })
}

async fn pickup_for(state: &AppState, id: i64, user: &CurrentUser) -> AppResult<Pickup> {
    let k = db::find_pickup_for(&state.db, id, user.id).await?;
    pickup_view(&k, user, state.now()).ok_or(AppError::code(ErrorCode::NotFound))
}

#[utoipa::path(post, path = "/recycling/points/{id}/pickups", operation_id = "request_pickup", tag = "recycling", security(("session" = [])), params(("id" = i64, Path)), request_body = PickupInput,
    responses((status = 201, body = Pickup), (status = 400, body = ApiError), (status = 401, body = ApiError), (status = 404, body = ApiError), (status = 409, body = ApiError, description = "The point offers no pickup for these materials"), (status = 422, body = ApiError)))]
async fn request_pickup(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(point_id): Path<i64>,
    Json(input): Json<PickupInput>,
) -> AppResult<(StatusCode, Json<Pickup>)> {
    user.ensure_active()?;
    let point = db::find_point(&state.db, point_id).await?.ok_or(AppError::code(ErrorCode::NotFound))?;
    let now = state.now();
    let mut input = input;
    contract::pickup(&input, now)?;
    // Wall-clock windows are read in the point's zone, whatever the browser's zone is.
    for w in std::mem::take(&mut input.local_windows) {
        let w = opening::from_local(&w, &point.timezone)
            .ok_or(AppError::field(Field::Windows, ErrorCode::WindowInvalid))?;
        input.windows.push(w);
    }
    let materials = contract::pickup(&input, now)?;
    let offered = db::parse_keys(&point.pickup_materials);
    if point.operator_id.is_none() || offered.is_empty() {
        return Err(AppError::code(ErrorCode::PickupNotOffered));
    }
    if point.operator_id == Some(user.id) {
        return Err(AppError::code(ErrorCode::Forbidden));
    }
    if materials.iter().any(|m| !offered.contains(m)) {
        return Err(AppError::field(Field::Materials, ErrorCode::PickupNotOffered));
    }
    if !input.windows.iter().any(|w| opening::open_throughout(&point.opening_hours, &point.timezone, w.start, w.end)) {
        return Err(AppError::field(Field::Windows, ErrorCode::WindowOutsideHours));
    }
    let new = NewPickup {
        items: &input.items,
        materials: &materials,
        weight_g: contract::grams(input.weight_kg),
        address: &input.address,
        windows: &input.windows,
        note: &input.note,
    };
    let id = db::request_pickup(&state.db, now, point_id, user.id, &new).await?;
    Ok((StatusCode::CREATED, Json(pickup_for(&state, id, &user).await?)))
}

#[utoipa::path(get, path = "/pickups/{id}", operation_id = "show_pickup", tag = "recycling", security(("session" = [])), params(("id" = i64, Path)),
    responses((status = 200, body = Pickup), (status = 401, body = ApiError), (status = 404, body = ApiError, description = "Not the resident or the operator")))]
async fn show_pickup(State(state): State<AppState>, user: CurrentUser, Path(id): Path<i64>) -> AppResult<Json<Pickup>> {
    Ok(Json(pickup_for(&state, id, &user).await?))
}

async fn move_pickup(
    state: &AppState,
    user: &CurrentUser,
    k: &PickupRow,
    change: Change<'_>,
) -> AppResult<Json<Pickup>> {
    db::act(&state.db, state.now(), k, &k.roles_of(user.id), change).await?;
    Ok(Json(pickup_for(state, k.id, user).await?))
}

#[utoipa::path(post, path = "/pickups/{id}/schedule", operation_id = "schedule_pickup", tag = "recycling", security(("session" = [])), params(("id" = i64, Path)), request_body = ScheduleInput,
    responses((status = 200, body = Pickup), (status = 400, body = ApiError), (status = 401, body = ApiError), (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 409, body = ApiError), (status = 422, body = ApiError)))]
async fn schedule_pickup(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Json(input): Json<ScheduleInput>,
) -> AppResult<Json<Pickup>> {
    let k = db::find_pickup_for(&state.db, id, user.id).await?;
    // Role and state first (a resident gets 403 whatever the window), then the window.
    linli_contract::lifecycle::decide(&k.facts(), &k.roles_of(user.id), contract::PickupAction::Schedule, state.now())
        .map_err(AppError::code)?;
    user.may::<contract::PickupFacts>(contract::PickupAction::Schedule)?;
    let point = db::find_point(&state.db, k.point_id).await?;
    let window = match (input.window, &input.local) {
        (Some(w), None) => w,
        (None, Some(local)) => {
            local.check(Field::Window)?;
            opening::from_local(local, &k.point_timezone)
                .ok_or(AppError::field(Field::Window, ErrorCode::WindowInvalid))?
        }
        (None, None) => return Err(AppError::field(Field::Window, ErrorCode::Required)),
        (Some(_), Some(_)) => return Err(AppError::field(Field::Window, ErrorCode::BadRequest)),
    };
    contract::window(Field::Window, &window, state.now())?;
    if let Some(p) = point {
        if !opening::open_throughout(&p.opening_hours, &p.timezone, window.start, window.end) {
            return Err(AppError::field(Field::Window, ErrorCode::WindowOutsideHours));
        }
    }
    move_pickup(&state, &user, &k, Change::Schedule(window)).await
}

#[utoipa::path(post, path = "/pickups/{id}/collect", operation_id = "collect_pickup", tag = "recycling", security(("session" = [])), params(("id" = i64, Path)), request_body = CollectInput,
    responses((status = 200, body = Pickup), (status = 400, body = ApiError), (status = 401, body = ApiError), (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 409, body = ApiError), (status = 422, body = ApiError)))]
async fn collect_pickup(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Json(input): Json<CollectInput>,
) -> AppResult<Json<Pickup>> {
    let k = db::find_pickup_for(&state.db, id, user.id).await?;
    linli_contract::lifecycle::decide(&k.facts(), &k.roles_of(user.id), contract::PickupAction::Collect, state.now())
        .map_err(AppError::code)?;
    user.may::<contract::PickupFacts>(contract::PickupAction::Collect)?;
    contract::weight(Field::WeightKg, input.weight_kg)?;
    let grams = contract::grams(input.weight_kg);
    let co2e_g = impact::recycling_avoided_grams(&db::parse_keys(&k.materials), grams);
    let points = impact::recycling_points(co2e_g);
    move_pickup(&state, &user, &k, Change::Collect { grams, co2e_g, points }).await
}

#[utoipa::path(post, path = "/pickups/{id}/cancel", operation_id = "cancel_pickup", tag = "recycling", security(("session" = [])), params(("id" = i64, Path)), request_body = PickupCancel,
    responses((status = 200, body = Pickup), (status = 400, body = ApiError), (status = 401, body = ApiError), (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 409, body = ApiError), (status = 422, body = ApiError)))]
async fn cancel_pickup(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Json(input): Json<PickupCancel>,
) -> AppResult<Json<Pickup>> {
    let k = db::find_pickup_for(&state.db, id, user.id).await?;
    linli_contract::lifecycle::decide(&k.facts(), &k.roles_of(user.id), contract::PickupAction::Cancel, state.now())
        .map_err(AppError::code)?;
    user.may::<contract::PickupFacts>(contract::PickupAction::Cancel)?;
    linli_contract::trade::reason(&input.reason).map_err(|c| AppError::field(Field::Reason, c))?;
    move_pickup(&state, &user, &k, Change::Cancel { reason: &input.reason, by: user.id }).await
}

/// Lists are bounded: the most recently changed this many.
const PICKUPS_MAX: i64 = 200;

#[utoipa::path(get, path = "/me/pickups", operation_id = "my_pickups", tag = "recycling", security(("session" = [])),
    responses((status = 200, body = [Pickup]), (status = 401, body = ApiError)))]
async fn my_pickups(State(state): State<AppState>, user: CurrentUser) -> AppResult<Json<Vec<Pickup>>> {
    let now = state.now();
    let rows = db::pickups_of(&state.db, user.id, PICKUPS_MAX).await?;
    Ok(Json(rows.iter().filter_map(|k| pickup_view(k, &user, now)).collect()))
}

#[utoipa::path(get, path = "/me/pickups/badge", operation_id = "my_pickup_badge", tag = "recycling", security(("session" = [])),
    responses((status = 200, body = PickupBadge), (status = 401, body = ApiError)))]
async fn pickup_badge(State(state): State<AppState>, user: CurrentUser) -> AppResult<Json<PickupBadge>> {
    Ok(Json(PickupBadge { changed: db::badge(&state.db, user.id).await? }))
}

#[utoipa::path(post, path = "/me/pickups/seen", operation_id = "my_pickups_seen", tag = "recycling", security(("session" = [])),
    responses((status = 204, description = "Every pickup seen as it is"), (status = 401, body = ApiError)))]
async fn pickups_seen(State(state): State<AppState>, user: CurrentUser) -> AppResult<StatusCode> {
    db::mark_seen(&state.db, user.id).await?;
    Ok(StatusCode::NO_CONTENT)
}
