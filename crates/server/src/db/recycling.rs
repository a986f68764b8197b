//! Recycling points and home pickups. Pickup moves follow the contract's table
//! ([`PickupFacts::RULES`]), each one guarded `UPDATE … WHERE state IN (from_states)`.

use super::{quoted_keys, Db};
use crate::error::{AppError, AppResult};
use linli_contract::lifecycle::{self, Machine};
use linli_contract::moderation::{AuditAction, AuditFact, AuditTarget};
use linli_contract::recycling::{Material, PickupAction, PickupFacts, PickupRole, PickupState, PointKind, TimeWindow};
use linli_contract::ErrorCode;
use std::sync::LazyLock;

/// Materials as stored: `' paper cans '` (a space at both ends, so `LIKE '% cans %'` finds
/// one), or `''` for none.
pub fn keys(materials: &[Material]) -> String {
    if materials.is_empty() {
        return String::new();
    }
    let mut out = String::from(" ");
    for m in materials {
        out.push_str(m.key());
        out.push(' ');
    }
    out
}

pub fn parse_keys(stored: &str) -> Vec<Material> {
    stored.split_whitespace().filter_map(Material::parse).collect()
}

const POINT_COLUMNS: &str = "p.id, p.operator_id, u.display_name AS operator_name, p.name, p.kind, p.materials, \
    p.pickup_materials, p.opening_hours, p.timezone, p.address, p.contact, p.lat, p.lng, p.osm_id, p.updated_at";
const POINT_FROM: &str = "recycling_points p LEFT JOIN users u ON u.id = p.operator_id";

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PointRow {
    pub id: i64,
    pub operator_id: Option<i64>,
    pub operator_name: Option<String>,
    pub name: String,
    pub kind: String,
    pub materials: String,
    pub pickup_materials: String,
    pub opening_hours: String,
    pub timezone: String,
    pub address: String,
    pub contact: String,
    pub lat: f64,
    pub lng: f64,
    pub osm_id: Option<String>,
    pub updated_at: i64,
}

impl PointRow {
    pub fn kind(&self) -> PointKind {
        PointKind::parse(&self.kind).unwrap_or(PointKind::DropOffBin)
    }
}

/// A point's fields as written (validated by the caller).
#[derive(Debug, Clone)]
pub struct NewPoint {
    pub name: String,
    pub kind: PointKind,
    pub materials: Vec<Material>,
    pub pickup_materials: Vec<Material>,
    pub opening_hours: String,
    pub timezone: String,
    pub address: String,
    pub contact: String,
    pub lat: f64,
    pub lng: f64,
}

pub async fn insert_point(db: &Db, now: i64, operator_id: Option<i64>, p: &NewPoint) -> AppResult<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO recycling_points (operator_id, name, kind, materials, pickup_materials, opening_hours, timezone, \
         address, contact, lat, lng, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) RETURNING id",
    )
    .bind(operator_id)
    .bind(p.name.trim())
    .bind(p.kind.key())
    .bind(keys(&p.materials))
    .bind(keys(&p.pickup_materials))
    .bind(p.opening_hours.trim())
    .bind(&p.timezone)
    .bind(p.address.trim())
    .bind(p.contact.trim())
    .bind(p.lat)
    .bind(p.lng)
    .bind(now)
    .fetch_one(db.pool())
    .await?)
}

pub async fn update_point(db: &Db, now: i64, id: i64, p: &NewPoint) -> AppResult<()> {
    let done = sqlx::query(
        "UPDATE recycling_points SET name = $1, kind = $2, materials = $3, pickup_materials = $4, opening_hours = $5, \
         timezone = $6, address = $7, contact = $8, lat = $9, lng = $10, updated_at = $11 \
         WHERE id = $12 AND removed_at IS NULL",
    )
    .bind(p.name.trim())
    .bind(p.kind.key())
    .bind(keys(&p.materials))
    .bind(keys(&p.pickup_materials))
    .bind(p.opening_hours.trim())
    .bind(&p.timezone)
    .bind(p.address.trim())
    .bind(p.contact.trim())
    .bind(p.lat)
    .bind(p.lng)
    .bind(now)
    .bind(id)
    .execute(db.pool())
    .await?
    .rows_affected();
    if done == 1 {
        Ok(())
    } else {
        Err(AppError::code(ErrorCode::NotFound))
    }
}

/// Hands the point to `operator_id` (an organiser, checked by the caller) and writes the
/// moderator's audit entry in the same transaction. The point's pickups follow it: who
/// operates a pickup is always read from its point.
pub async fn assign_operator(
    db: &Db,
    now: i64,
    id: i64,
    operator_id: i64,
    by: i64,
    previous: Option<i64>,
) -> AppResult<()> {
    let update = sqlx::query(
        "UPDATE recycling_points SET operator_id = $1, operator_since = $2, updated_at = $2 \
         WHERE id = $3 AND removed_at IS NULL",
    )
    .bind(operator_id)
    .bind(now)
    .bind(id);
    let entry = super::audit::Entry {
        actor_id: Some(by),
        action: AuditAction::AssignPointOperator,
        target_kind: AuditTarget::RecyclingPoint,
        target_id: Some(id),
        detail: "",
        fact: AuditFact::Operator { from: previous, to: operator_id },
    };
    super::audit::guarded_update(db, now, update, ErrorCode::NotFound, entry).await
}

pub async fn remove_point(db: &Db, now: i64, id: i64) -> AppResult<()> {
    sqlx::query("UPDATE recycling_points SET removed_at = $1, updated_at = $1 WHERE id = $2 AND removed_at IS NULL")
        .bind(now)
        .bind(id)
        .execute(db.pool())
        .await?;
    Ok(())
}

pub async fn find_point(db: &Db, id: i64) -> AppResult<Option<PointRow>> {
    Ok(sqlx::query_as(&format!("SELECT {POINT_COLUMNS} FROM {POINT_FROM} WHERE p.id = $1 AND p.removed_at IS NULL"))
        .bind(id)
        .fetch_optional(db.pool())
        .await?)
}

pub async fn of_operator(db: &Db, user_id: i64) -> AppResult<Vec<PointRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {POINT_COLUMNS} FROM {POINT_FROM} WHERE p.operator_id = $1 AND p.removed_at IS NULL ORDER BY p.name, p.id"
    ))
    .bind(user_id)
    .fetch_all(db.pool())
    .await?)
}

/// What a nearest-first search asks the database for: points inside a box around the
/// position (the caller sorts by true distance), taking any of `materials`.
pub struct Near<'a> {
    pub origin: Option<(f64, f64)>,
    pub radius_m: f64,
    pub materials: &'a [Material],
    pub pickup_only: bool,
    /// Without an origin: at most this many, by id.
    pub cap: i64,
}

/// Metres per degree of latitude.
const M_PER_DEG: f64 = 111_320.0;

pub async fn near(db: &Db, q: &Near<'_>) -> AppResult<Vec<PointRow>> {
    let mut sql = format!("SELECT {POINT_COLUMNS} FROM {POINT_FROM} WHERE p.removed_at IS NULL");
    let mut binds: Vec<f64> = Vec::new();
    if let Some((lat, lng)) = q.origin {
        let dlat = q.radius_m / M_PER_DEG;
        let dlng = q.radius_m / (M_PER_DEG * lat.to_radians().cos().abs().max(0.01));
        binds.extend([lat - dlat, lat + dlat, lng - dlng, lng + dlng]);
        sql.push_str(" AND p.lat BETWEEN $1 AND $2 AND p.lng BETWEEN $3 AND $4");
    }
    let column = if q.pickup_only { "p.pickup_materials" } else { "p.materials" };
    let n = binds.len();
    let likes: Vec<String> =
        q.materials.iter().enumerate().map(|(i, _)| format!("{column} LIKE ${}", n + i + 1)).collect();
    if !likes.is_empty() {
        sql.push_str(&format!(" AND ({})", likes.join(" OR ")));
    } else if q.pickup_only {
        sql.push_str(" AND p.pickup_materials <> ''");
    }
    if q.origin.is_none() {
        sql.push_str(&format!(" ORDER BY p.id LIMIT {}", q.cap.max(1)));
    }
    let mut query = sqlx::query_as::<_, PointRow>(&sql);
    for b in binds {
        query = query.bind(b);
    }
    for m in q.materials {
        query = query.bind(format!("% {} %", m.key()));
    }
    Ok(query.fetch_all(db.pool()).await?)
}

/// Great-circle distance in metres.
pub fn distance_m(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (lat1, lng1) = (a.0.to_radians(), a.1.to_radians());
    let (lat2, lng2) = (b.0.to_radians(), b.1.to_radians());
    let h = ((lat2 - lat1) / 2.0).sin().powi(2) + lat1.cos() * lat2.cos() * ((lng2 - lng1) / 2.0).sin().powi(2);
    2.0 * 6_371_000.0 * h.sqrt().asin()
}

/// Imports one OpenStreetMap point: inserted, or updated in place when its OSM id is known
/// (operator, pickup and removal are Linli's own and stay). Returns whether it was new.
pub async fn upsert_osm(db: &Db, now: i64, osm_id: &str, p: &NewPoint) -> AppResult<bool> {
    let existing: Option<i64> = sqlx::query_scalar("SELECT id FROM recycling_points WHERE osm_id = $1")
        .bind(osm_id)
        .fetch_optional(db.pool())
        .await?;
    match existing {
        Some(id) => {
            sqlx::query(
                "UPDATE recycling_points SET name = $1, kind = $2, materials = $3, opening_hours = $4, address = $5, \
                 contact = $6, lat = $7, lng = $8, updated_at = $9 WHERE id = $10",
            )
            .bind(p.name.trim())
            .bind(p.kind.key())
            .bind(keys(&p.materials))
            .bind(p.opening_hours.trim())
            .bind(p.address.trim())
            .bind(p.contact.trim())
            .bind(p.lat)
            .bind(p.lng)
            .bind(now)
            .bind(id)
            .execute(db.pool())
            .await?;
            Ok(false)
        }
        None => {
            sqlx::query(
                "INSERT INTO recycling_points (name, kind, materials, pickup_materials, opening_hours, timezone, address, \
                 contact, lat, lng, osm_id, created_at, updated_at) \
                 VALUES ($1, $2, $3, '', $4, $5, $6, $7, $8, $9, $10, $11, $11) ON CONFLICT (osm_id) DO NOTHING",
            )
            .bind(p.name.trim())
            .bind(p.kind.key())
            .bind(keys(&p.materials))
            .bind(p.opening_hours.trim())
            .bind(&p.timezone)
            .bind(p.address.trim())
            .bind(p.contact.trim())
            .bind(p.lat)
            .bind(p.lng)
            .bind(osm_id)
            .bind(now)
            .execute(db.pool())
            .await?;
            Ok(true)
        }
    }
}

// --- pickups ---

const PICKUP_COLUMNS: &str =
    "k.id, k.point_id, p.name AS point_name, p.timezone AS point_timezone, p.operator_id, k.resident_id, \
    u.display_name AS resident_name, k.state, k.items, k.materials, k.weight_g, k.address, k.windows, k.note, \
    k.window_start, k.window_end, k.collected_g, k.co2e_g, k.points, k.cancel_reason, k.created_at, k.updated_at, \
    k.resident_unseen, k.operator_unseen";
const PICKUP_FROM: &str =
    "recycling_pickups k JOIN recycling_points p ON p.id = k.point_id JOIN users u ON u.id = k.resident_id";

/// SQL, true when the point's current operator holds pickup `k` of point `p`. One handed a
/// point takes over its open pickups and what happens to them from then on; the pickups closed
/// before stay with the resident and the earlier operator, addresses and all. "Open": the
/// states the pickup table still leaves.
static OPERATOR_HOLDS: LazyLock<String> = LazyLock::new(|| {
    let open = quoted_keys(lifecycle::open_states::<PickupFacts>().iter().map(|s| s.key()));
    format!("(k.state IN ({open}) OR k.updated_at >= p.operator_since)")
});

/// A pickup's row ([`PickupRow`]), for a `WHERE` to follow.
static PICKUP_SELECT: LazyLock<String> = LazyLock::new(|| {
    format!(
        "SELECT {PICKUP_COLUMNS}, CASE WHEN {} THEN 1 ELSE 0 END AS operator_holds FROM {PICKUP_FROM}",
        *OPERATOR_HOLDS
    )
});

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PickupRow {
    pub id: i64,
    pub point_id: i64,
    pub point_name: String,
    pub point_timezone: String,
    pub operator_id: Option<i64>,
    pub resident_id: i64,
    pub resident_name: String,
    pub state: String,
    pub items: String,
    pub materials: String,
    pub weight_g: i64,
    pub address: String,
    pub windows: String,
    pub note: String,
    pub window_start: Option<i64>,
    pub window_end: Option<i64>,
    pub collected_g: Option<i64>,
    pub co2e_g: Option<i64>,
    pub points: Option<i64>,
    pub cancel_reason: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
    pub resident_unseen: i64,
    pub operator_unseen: i64,
    /// 1 when the point's current operator holds it ([`OPERATOR_HOLDS`]).
    pub operator_holds: i64,
}

impl PickupRow {
    pub fn facts(&self) -> PickupFacts {
        PickupFacts {
            stored: PickupState::parse(&self.state).unwrap_or(PickupState::Cancelled),
            window_start: self.window_start,
        }
    }

    /// The viewer's roles: the resident who asked, the point's operator while it holds it.
    pub fn roles_of(&self, user_id: i64) -> Vec<PickupRole> {
        let mut roles = Vec::new();
        if self.resident_id == user_id {
            roles.push(PickupRole::Resident);
        }
        if self.operator_id == Some(user_id) && self.operator_holds != 0 {
            roles.push(PickupRole::Operator);
        }
        roles
    }

    pub fn windows(&self) -> Vec<TimeWindow> {
        serde_json::from_str(&self.windows).unwrap_or_default()
    }
}

pub struct NewPickup<'a> {
    pub items: &'a str,
    pub materials: &'a [Material],
    pub weight_g: i64,
    pub address: &'a str,
    pub windows: &'a [TimeWindow],
    pub note: &'a str,
}

pub async fn request_pickup(db: &Db, now: i64, point_id: i64, resident_id: i64, p: &NewPickup<'_>) -> AppResult<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO recycling_pickups (point_id, resident_id, state, items, materials, weight_g, address, windows, note, \
         created_at, updated_at, resident_unseen, operator_unseen) \
         VALUES ($1, $2, 'requested', $3, $4, $5, $6, $7, $8, $9, $9, 0, 1) RETURNING id",
    )
    .bind(point_id)
    .bind(resident_id)
    .bind(p.items.trim())
    .bind(keys(p.materials))
    .bind(p.weight_g)
    .bind(p.address.trim())
    .bind(serde_json::to_string(p.windows).unwrap_or_else(|_| "[]".into()))
    .bind(p.note.trim())
    .bind(now)
    .fetch_one(db.pool())
    .await?)
}

/// The pickup, if the viewer is one of its two sides; 404 for anyone else (its address must
/// not be revealed, nor that it exists).
pub async fn find_pickup_for(db: &Db, id: i64, user_id: i64) -> AppResult<PickupRow> {
    let row: Option<PickupRow> =
        sqlx::query_as(&format!("{} WHERE k.id = $1", *PICKUP_SELECT)).bind(id).fetch_optional(db.pool()).await?;
    row.filter(|r| !r.roles_of(user_id).is_empty()).ok_or(AppError::code(ErrorCode::NotFound))
}

/// Both sides' pickups of a user, newest change first.
pub async fn pickups_of(db: &Db, user_id: i64, limit: i64) -> AppResult<Vec<PickupRow>> {
    Ok(sqlx::query_as(&format!(
        "{} WHERE k.resident_id = $1 OR (p.operator_id = $1 AND {}) ORDER BY k.updated_at DESC, k.id DESC LIMIT $2",
        *PICKUP_SELECT, *OPERATOR_HOLDS
    ))
    .bind(user_id)
    .bind(limit)
    .fetch_all(db.pool())
    .await?)
}

pub async fn badge(db: &Db, user_id: i64) -> AppResult<i64> {
    Ok(sqlx::query_scalar(&format!(
        "SELECT COUNT(*) FROM recycling_pickups k JOIN recycling_points p ON p.id = k.point_id \
         WHERE (k.resident_id = $1 AND k.resident_unseen = 1) OR (p.operator_id = $1 AND {} AND k.operator_unseen = 1)",
        *OPERATOR_HOLDS
    ))
    .bind(user_id)
    .fetch_one(db.pool())
    .await?)
}

/// The viewer has seen all their pickups as they are.
pub async fn mark_seen(db: &Db, user_id: i64) -> AppResult<()> {
    sqlx::query("UPDATE recycling_pickups SET resident_unseen = 0 WHERE resident_id = $1 AND resident_unseen = 1")
        .bind(user_id)
        .execute(db.pool())
        .await?;
    sqlx::query(
        "UPDATE recycling_pickups SET operator_unseen = 0 WHERE operator_unseen = 1 \
         AND point_id IN (SELECT id FROM recycling_points WHERE operator_id = $1)",
    )
    .bind(user_id)
    .execute(db.pool())
    .await?;
    Ok(())
}

/// What a move writes besides the state.
pub enum Change<'a> {
    Schedule(TimeWindow),
    Collect { grams: i64, co2e_g: i64, points: i64 },
    Cancel { reason: &'a str, by: i64 },
}

/// Applies a move of the table: decided on the row as read, written by one guarded update
/// (the state must still be one the action may start from), so of two concurrent moves one
/// wins and the other gets the typed conflict. The other side's badge lights up.
pub async fn act(db: &Db, now: i64, row: &PickupRow, roles: &[PickupRole], change: Change<'_>) -> AppResult<()> {
    let action = match change {
        Change::Schedule(_) => PickupAction::Schedule,
        Change::Collect { .. } => PickupAction::Collect,
        Change::Cancel { .. } => PickupAction::Cancel,
    };
    let facts = row.facts();
    // The role acting: the first of the viewer's that the table allows (an operator who is
    // also the resident acts as the operator).
    let mut order = roles.to_vec();
    order.sort_by_key(|r| *r != PickupRole::Operator);
    let Some((role, mv)) =
        order.iter().find_map(|r| lifecycle::decide(&facts, &[*r], action, now).ok().map(|m| (*r, m)))
    else {
        return Err(AppError::code(
            lifecycle::decide(&facts, roles, action, now).err().unwrap_or(ErrorCode::Forbidden),
        ));
    };
    let from = quoted_keys(lifecycle::from_states::<PickupFacts>(action).iter().map(|s| s.key()));
    // Whoever acted, the other side has something new to see.
    let unseen = if role == PickupRole::Operator { "resident_unseen = 1" } else { "operator_unseen = 1" };
    let mut guard = format!(" AND state IN ({from})");
    if action == PickupAction::Cancel && role == PickupRole::Resident {
        // The resident's cancel: the window as read must still be the one (a reschedule in
        // between changes it, and the decision with it).
        match row.window_start {
            Some(start) => guard.push_str(&format!(" AND window_start = {start}")),
            None => guard.push_str(" AND state = 'requested'"),
        }
    }
    let sql_sets;
    let mut query;
    match change {
        Change::Schedule(w) => {
            sql_sets = format!(
                "UPDATE recycling_pickups SET state = $1, updated_at = $2, {unseen}, window_start = $4, window_end = $5 \
                 WHERE id = $3{guard}"
            );
            query = sqlx::query(&sql_sets).bind(mv.to.key()).bind(now).bind(row.id).bind(w.start).bind(w.end);
        }
        Change::Collect { grams, co2e_g, points } => {
            sql_sets = format!(
                "UPDATE recycling_pickups SET state = $1, updated_at = $2, {unseen}, collected_g = $4, co2e_g = $5, \
                 points = $6 WHERE id = $3{guard}"
            );
            query = sqlx::query(&sql_sets).bind(mv.to.key()).bind(now).bind(row.id).bind(grams).bind(co2e_g);
            query = query.bind(points);
        }
        Change::Cancel { reason, by } => {
            sql_sets = format!(
                "UPDATE recycling_pickups SET state = $1, updated_at = $2, {unseen}, cancel_reason = $4, cancelled_by = $5 \
                 WHERE id = $3{guard}"
            );
            query = sqlx::query(&sql_sets).bind(mv.to.key()).bind(now).bind(row.id).bind(reason.trim()).bind(by);
        }
    }
    if query.execute(db.pool()).await?.rows_affected() == 1 {
        Ok(())
    } else {
        Err(AppError::code(PickupFacts::conflict(action)))
    }
}
