//! Recycling points, opening hours, nearest first, what goes where, the OSM import and the
//! home-pickup lifecycle with its authorization. Runs on SQLite and PostgreSQL.

mod common;

use axum::http::{Method, StatusCode};
use common::TestApp;
use linli_contract::auth::Role;
use linli_contract::recycling::OpenState;
use linli_server::opening;
use serde_json::{json, Value};

/// Monday 2027-03-01 10:00 in Shanghai.
const MON_10: i64 = 1_803_866_400;
const HOUR: i64 = 3600;
const DAY: i64 = 24 * HOUR;
/// Wednesday 2025-10-01 10:00 in Shanghai: National Day, a public holiday.
const NATIONAL_DAY_10: i64 = 1_759_284_000;

fn enc(s: &str) -> String {
    s.bytes().map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") }).collect()
}

fn set_clock(app: &TestApp, at: i64) {
    app.clock.advance(at - app.clock.now());
}

async fn organiser(app: &TestApp, name: &str, contact: &str) -> (i64, String) {
    let (id, token) = app.register(name, contact).await;
    linli_server::db::users::grant_role(&app.db, id, Role::Organiser, None).await.unwrap();
    (id, token)
}

fn point_json(name: &str, lat: f64, lng: f64, materials: &[&str], hours: &str) -> Value {
    json!({
        "name": name,
        "kind": "station",
        "materials": materials,
        "opening_hours": hours,
        "address": "田林路 1 号",
        "lat": lat,
        "lng": lng,
        "contact": "021-5555 0000",
    })
}

async fn create_point(app: &TestApp, token: &str, body: Value) -> i64 {
    let res = app.post("/api/v1/recycling/points", Some(token), body).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    res.body["id"].as_i64().unwrap()
}

#[tokio::test]
async fn opening_hours_in_the_points_time_zone() {
    // Ordinary weekday hours.
    let s = opening::status("Mo-Fr 08:00-18:00", "Asia/Shanghai", MON_10);
    assert_eq!(s.state, OpenState::Open);
    assert_eq!(s.next_time.as_deref(), Some("18:00"));
    assert!(s.next_is_today);
    assert_eq!(s.label(linli_contract::Lang::En), "open now, closes 18:00");
    // The same instant is 03:00 in Berlin: closed there, opening at 08:00.
    let berlin = opening::status("Mo-Fr 08:00-18:00", "Europe/Berlin", MON_10);
    assert_eq!(berlin.state, OpenState::Closed);
    assert_eq!(berlin.label(linli_contract::Lang::En), "closed, opens 08:00");

    // Closed on Mondays: on Monday it says when it opens, on another day.
    let closed_monday = opening::status("Tu-Su 08:00-18:00", "Asia/Shanghai", MON_10);
    assert_eq!(closed_monday.state, OpenState::Closed);
    assert_eq!(closed_monday.label(linli_contract::Lang::En), "closed, opens Tue 08:00");
    assert_eq!(closed_monday.label(linli_contract::Lang::Zh), "已关门，周二 08:00 开门");

    // Past midnight: Sunday 18:00–Monday 02:00 is open on Monday at 01:00, and closes at 02:00.
    let night = opening::status("Mo-Su 18:00-02:00", "Asia/Shanghai", MON_10 - 9 * HOUR);
    assert_eq!(night.state, OpenState::Open);
    assert_eq!(night.next_time.as_deref(), Some("02:00"));
    assert_eq!(opening::status("Mo-Su 18:00-02:00", "Asia/Shanghai", MON_10).state, OpenState::Closed);

    // 24/7 never closes; unreadable or missing hours are unknown, never an error.
    let always = opening::status("24/7", "Asia/Shanghai", MON_10);
    assert_eq!((always.state, always.next_change_at), (OpenState::Open, None));
    assert_eq!(opening::status("", "Asia/Shanghai", MON_10).state, OpenState::Unknown);
    assert_eq!(opening::status("after lunch", "Asia/Shanghai", MON_10).state, OpenState::Unknown);

    // Public holidays (PH) from the crate's calendar of mainland China.
    let ph = "Mo-Fr 08:00-18:00; PH off";
    assert_eq!(opening::status(ph, "Asia/Shanghai", NATIONAL_DAY_10).state, OpenState::Closed);
    assert_eq!(opening::status(ph, "Asia/Shanghai", NATIONAL_DAY_10 - DAY).state, OpenState::Open);

    // A pickup window must fall inside the hours.
    assert!(opening::open_throughout("Mo-Fr 08:00-18:00", "Asia/Shanghai", MON_10, MON_10 + 2 * HOUR));
    assert!(!opening::open_throughout("Mo-Fr 08:00-18:00", "Asia/Shanghai", MON_10, MON_10 + 9 * HOUR));
    assert!(!opening::open_throughout("Tu-Su 08:00-18:00", "Asia/Shanghai", MON_10, MON_10 + HOUR));
}

#[tokio::test]
async fn points_are_listed_nearest_first_and_filtered() {
    let app = TestApp::new().await;
    set_clock(&app, MON_10);
    let (_, org) = organiser(&app, "Organiser", "org@example.com").await;
    // Along a line east of (31.17, 121.42): ~1 km, ~3 km, ~6 km, ~40 km away.
    let far = create_point(&app, &org, point_json("Far", 31.17, 121.84, &["paper"], "24/7")).await;
    let mid = create_point(&app, &org, point_json("Mid", 31.17, 121.48, &["paper", "cans"], "Tu-Su 08:00-18:00")).await;
    let near =
        create_point(&app, &org, point_json("Near", 31.17, 121.43, &["batteries", "paper"], "Mo-Fr 08:00-18:00")).await;
    let cans = create_point(&app, &org, point_json("Cans", 31.17, 121.45, &["cans"], "24/7")).await;

    let ids = |v: &Value| v.as_array().unwrap().iter().map(|p| p["id"].as_i64().unwrap()).collect::<Vec<_>>();
    let res = app.get("/api/v1/recycling/points?lat=31.17&lng=121.42&radius_m=100000", None).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert_eq!(ids(&res.body), vec![near, cans, mid, far]);
    let d = res.body[0]["distance_m"].as_f64().unwrap();
    assert!((900.0..1000.0).contains(&d), "{d}");
    assert_eq!(res.body[0]["status"]["state"], "open");
    assert_eq!(res.body[2]["status"]["state"], "closed", "closed on Mondays");

    // The default radius (20 km) leaves the far one out.
    assert_eq!(ids(&app.get("/api/v1/recycling/points?lat=31.17&lng=121.42", None).await.body), vec![near, cans, mid]);
    // By material, and open now.
    let paper = app.get("/api/v1/recycling/points?lat=31.17&lng=121.42&material=paper&radius_m=100000", None).await;
    assert_eq!(ids(&paper.body), vec![near, mid, far]);
    let open = app.get("/api/v1/recycling/points?lat=31.17&lng=121.42&material=paper&open_now=true", None).await;
    assert_eq!(ids(&open.body), vec![near]);
    // From a community's centre (田林: 31.17, 121.42) when no position is given.
    let by_community = app.get("/api/v1/recycling/points?community_id=1&material=cans", None).await;
    assert_eq!(ids(&by_community.body), vec![cans, mid]);

    // Bad input: field errors, never a 500.
    let bad = app.get("/api/v1/recycling/points?lat=95&lng=121", None).await;
    assert_eq!((bad.status, bad.code(), bad.field()), (StatusCode::UNPROCESSABLE_ENTITY, "position_invalid", "lat"));
    let bad = app.get("/api/v1/recycling/points?lat=31&lng=121&material=gold", None).await;
    assert_eq!((bad.code(), bad.field()), ("material_unknown", "material"));
    let bad = app.get("/api/v1/recycling/points?lat=31", None).await;
    assert_eq!(bad.field(), "lng");
    assert_eq!(app.get("/api/v1/recycling/points?lat=abc&lng=1", None).await.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn who_may_manage_points_and_bad_point_input() {
    let (app, moderator) = TestApp::with_moderator().await;
    set_clock(&app, MON_10);
    let (_, org) = organiser(&app, "Organiser", "org@example.com").await;
    let (_, other_org) = organiser(&app, "Other", "other@example.com").await;
    let (_, resident) = app.register("Resident", "res@example.com").await;

    let body = point_json("Station", 31.17, 121.43, &["paper"], "Mo-Fr 08:00-18:00");
    assert_eq!(app.post("/api/v1/recycling/points", None, body.clone()).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(app.post("/api/v1/recycling/points", Some(&resident), body.clone()).await.status, StatusCode::FORBIDDEN);
    let id = create_point(&app, &org, body.clone()).await;

    let path = format!("/api/v1/recycling/points/{id}");
    let mut edit = body.clone();
    edit["name"] = json!("Station renamed");
    let put = |token: &str, body: Value| {
        let path = path.clone();
        let token = token.to_string();
        let app = &app;
        async move { app.call(Method::PUT, &path, Some(&token), Some(body)).await }
    };
    assert_eq!(put(&other_org, edit.clone()).await.status, StatusCode::FORBIDDEN);
    assert_eq!(put(&resident, edit.clone()).await.status, StatusCode::FORBIDDEN);
    assert_eq!(put(&org, edit.clone()).await.status, StatusCode::OK);
    let by_mod = put(&moderator, edit.clone()).await;
    assert_eq!(by_mod.status, StatusCode::OK);
    assert_eq!(by_mod.body["can_manage"], true);
    assert_eq!(app.get(&path, Some(&resident)).await.body["can_manage"], false);

    // Field errors, and nothing written.
    for (patch, field, code) in [
        (json!({"materials": ["paper", "gold"]}), "materials", "material_unknown"),
        (json!({"materials": []}), "materials", "required"),
        (json!({"opening_hours": "Mo-Fr 8 till late"}), "opening_hours", "opening_hours_invalid"),
        (json!({"lat": 91.0}), "lat", "position_invalid"),
        (json!({"lng": -181.0}), "lng", "position_invalid"),
        (json!({"timezone": "Mars/Olympus"}), "timezone", "timezone_unknown"),
        (json!({"name": ""}), "name", "required"),
    ] {
        let mut bad = edit.clone();
        for (k, v) in patch.as_object().unwrap() {
            bad[k] = v.clone();
        }
        let res = put(&org, bad).await;
        assert_eq!((res.status, res.field(), res.code()), (StatusCode::UNPROCESSABLE_ENTITY, field, code), "{patch}");
    }
    assert_eq!(app.get(&path, None).await.body["name"], "Station renamed");

    let mine = app.get("/api/v1/me/recycling-points", Some(&org)).await;
    assert_eq!(mine.body.as_array().unwrap().len(), 1);
    assert_eq!(app.call(Method::DELETE, &path, Some(&other_org), None).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.call(Method::DELETE, &path, Some(&org), None).await.status, StatusCode::NO_CONTENT);
    assert_eq!(app.get(&path, None).await.status, StatusCode::NOT_FOUND);
}

/// A point operated by an organiser that collects appliances from home, Mo-Sa 08:00-20:00.
async fn pickup_point(app: &TestApp, org: &str) -> i64 {
    let mut body =
        point_json("Appliance station", 31.17, 121.44, &["electrical_appliances", "paper"], "Mo-Sa 08:00-20:00");
    body["pickup_materials"] = json!(["electrical_appliances"]);
    create_point(app, org, body).await
}

fn pickup_json(start: i64) -> Value {
    json!({
        "items": "旧冰箱一台",
        "materials": ["electrical_appliances"],
        "weight_kg": 60.0,
        "address": "田林路 100 弄 5 号 302 室",
        "windows": [{"start": start, "end": start + 2 * HOUR}],
        "note": "",
    })
}

#[tokio::test]
async fn the_pickup_lifecycle_and_who_sees_the_address() {
    let (app, moderator) = TestApp::with_moderator().await;
    set_clock(&app, MON_10);
    let (_, org) = organiser(&app, "Organiser", "org@example.com").await;
    let (_, other_org) = organiser(&app, "Other", "other@example.com").await;
    let (resident_id, resident) = app.register("Resident", "res@example.com").await;
    let (_, neighbour) = app.register("Neighbour", "nb@example.com").await;
    let point = pickup_point(&app, &org).await;
    let path = format!("/api/v1/recycling/points/{point}/pickups");
    let tomorrow_10 = MON_10 + DAY;

    // Bad requests: field errors.
    for (patch, field, code, status) in [
        (json!({"weight_kg": 0}), "weight_kg", "weight_invalid", 422),
        (json!({"weight_kg": 1e7}), "weight_kg", "weight_invalid", 422),
        (json!({"materials": ["gold"]}), "materials", "material_unknown", 422),
        (json!({"materials": ["paper"]}), "materials", "pickup_not_offered", 409),
        (json!({"windows": [{"start": MON_10 - HOUR, "end": MON_10}]}), "windows", "window_in_past", 422),
        (
            json!({"windows": [{"start": MON_10 + 6 * DAY, "end": MON_10 + 6 * DAY + HOUR}]}),
            "windows",
            "window_outside_hours",
            422,
        ),
        (json!({"address": ""}), "address", "required", 422),
    ] {
        let mut body = pickup_json(tomorrow_10);
        for (k, v) in patch.as_object().unwrap() {
            body[k] = v.clone();
        }
        let res = app.post(&path, Some(&resident), body).await;
        assert_eq!((res.status.as_u16(), res.field(), res.code()), (status, field, code), "{patch}: {}", res.text);
    }
    assert_eq!(app.post(&path, None, pickup_json(tomorrow_10)).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(app.post(&path, Some(&org), pickup_json(tomorrow_10)).await.status, StatusCode::FORBIDDEN);

    let res = app.post(&path, Some(&resident), pickup_json(tomorrow_10)).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    assert_eq!(res.body["state"], "requested");
    assert_eq!(res.body["actions"], json!(["cancel"]));
    let id = res.body["id"].as_i64().unwrap();
    let pickup = format!("/api/v1/pickups/{id}");

    // The operator sees it (with the address) and a badge; nobody else sees it at all.
    let seen = app.get(&pickup, Some(&org)).await;
    assert_eq!(seen.body["address"], "田林路 100 弄 5 号 302 室");
    assert_eq!(seen.body["actions"], json!(["schedule", "cancel"]));
    assert_eq!(app.get("/api/v1/me/pickups/badge", Some(&org)).await.body["changed"], 1);
    for stranger in [&neighbour, &other_org, &moderator] {
        let res = app.get(&pickup, Some(stranger)).await;
        assert_eq!(res.status, StatusCode::NOT_FOUND);
        assert!(!res.text.contains("302"), "{}", res.text);
        let list = app.get("/api/v1/me/pickups", Some(stranger)).await;
        assert!(!list.text.contains("302"));
        assert_eq!(
            app.post(&format!("{pickup}/cancel"), Some(stranger), json!({"reason": "nope"})).await.status,
            StatusCode::NOT_FOUND
        );
    }
    assert!(!app.get(&format!("/api/v1/recycling/points/{point}"), Some(&neighbour)).await.text.contains("302"));
    assert_eq!(app.get(&pickup, None).await.status, StatusCode::UNAUTHORIZED);

    // The resident may not schedule or collect.
    let window = json!({"window": {"start": tomorrow_10, "end": tomorrow_10 + HOUR}});
    assert_eq!(
        app.post(&format!("{pickup}/schedule"), Some(&resident), window.clone()).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.post(&format!("{pickup}/collect"), Some(&org), json!({"weight_kg": 50})).await.code(),
        "pickup_state_invalid"
    );
    // Windows outside the hours or in the past are refused.
    let sunday = json!({"window": {"start": MON_10 + 6 * DAY, "end": MON_10 + 6 * DAY + HOUR}});
    assert_eq!(app.post(&format!("{pickup}/schedule"), Some(&org), sunday).await.code(), "window_outside_hours");
    let past = json!({"window": {"start": MON_10 - HOUR, "end": MON_10}});
    assert_eq!(app.post(&format!("{pickup}/schedule"), Some(&org), past).await.code(), "window_in_past");

    app.post("/api/v1/me/pickups/seen", Some(&org), json!({})).await;
    let scheduled = app.post(&format!("{pickup}/schedule"), Some(&org), window).await;
    assert_eq!(scheduled.status, StatusCode::OK, "{}", scheduled.text);
    assert_eq!(scheduled.body["state"], "scheduled");
    assert_eq!(app.get("/api/v1/me/pickups/badge", Some(&resident)).await.body["changed"], 1);
    assert_eq!(app.get("/api/v1/me/pickups/badge", Some(&org)).await.body["changed"], 0);
    let mine = app.get("/api/v1/me/pickups", Some(&resident)).await;
    assert_eq!(mine.body[0]["changed"], true);
    assert_eq!(mine.body[0]["scheduled"]["start"], tomorrow_10);
    app.post("/api/v1/me/pickups/seen", Some(&resident), json!({})).await;
    assert_eq!(app.get("/api/v1/me/pickups/badge", Some(&resident)).await.body["changed"], 0);

    // Once the window has started, only the operator can cancel.
    set_clock(&app, tomorrow_10 + 60);
    let late = app.post(&format!("{pickup}/cancel"), Some(&resident), json!({"reason": "changed my mind"})).await;
    assert_eq!((late.status, late.code()), (StatusCode::CONFLICT, "pickup_window_started"));
    assert_eq!(app.get(&pickup, Some(&resident)).await.body["actions"], json!([]));

    // Collected with a weight: bad weights refused, then the resident's impact grows.
    let before = app.get("/api/v1/me/impact", Some(&resident)).await.body;
    assert_eq!(app.post(&format!("{pickup}/collect"), Some(&org), json!({"weight_kg": -1})).await.field(), "weight_kg");
    let done = app.post(&format!("{pickup}/collect"), Some(&org), json!({"weight_kg": 55.5})).await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.text);
    assert_eq!(done.body["state"], "collected");
    assert_eq!(done.body["collected_kg"], 55.5);
    // 55.5 kg of appliances at 0.8 kg CO2e per kg.
    assert_eq!(done.body["kg_co2e"], 44.4);
    let after = app.get("/api/v1/me/impact", Some(&resident)).await.body;
    assert_eq!(after["pickups"].as_i64().unwrap(), before["pickups"].as_i64().unwrap() + 1);
    assert!(after["kg_co2e"].as_f64().unwrap() >= before["kg_co2e"].as_f64().unwrap() + 44.0);
    assert_eq!(after["points"].as_i64().unwrap(), before["points"].as_i64().unwrap() + 44);
    let profile = app.get(&format!("/api/v1/users/{resident_id}"), None).await;
    assert_eq!(profile.body["impact"]["pickups"], 1);
    assert!(!profile.text.contains("302"));
    // Nothing moves a collected pickup.
    assert_eq!(
        app.post(&format!("{pickup}/cancel"), Some(&org), json!({"reason": "oops"})).await.code(),
        "pickup_state_invalid"
    );
    assert_eq!(
        app.post(&format!("{pickup}/collect"), Some(&org), json!({"weight_kg": 5})).await.code(),
        "pickup_state_invalid"
    );
}

#[tokio::test]
async fn cancelling_pickups() {
    let app = TestApp::new().await;
    set_clock(&app, MON_10);
    let (_, org) = organiser(&app, "Organiser", "org@example.com").await;
    let (_, resident) = app.register("Resident", "res@example.com").await;
    let point = pickup_point(&app, &org).await;
    let path = format!("/api/v1/recycling/points/{point}/pickups");
    let tomorrow_10 = MON_10 + DAY;

    // The resident cancels a requested pickup.
    let a = app.post(&path, Some(&resident), pickup_json(tomorrow_10)).await.body["id"].as_i64().unwrap();
    let res = app.post(&format!("/api/v1/pickups/{a}/cancel"), Some(&resident), json!({"reason": "已经卖掉了"})).await;
    assert_eq!(res.body["state"], "cancelled", "{}", res.text);
    assert_eq!(res.body["cancel_reason"], "已经卖掉了");
    assert_eq!(app.get("/api/v1/me/pickups/badge", Some(&org)).await.body["changed"], 1);

    // …and a scheduled one before its window; a reason is required.
    let b = app.post(&path, Some(&resident), pickup_json(tomorrow_10)).await.body["id"].as_i64().unwrap();
    let window = json!({"window": {"start": tomorrow_10, "end": tomorrow_10 + HOUR}});
    app.post(&format!("/api/v1/pickups/{b}/schedule"), Some(&org), window).await;
    let no_reason = app.post(&format!("/api/v1/pickups/{b}/cancel"), Some(&resident), json!({"reason": ""})).await;
    assert_eq!(no_reason.field(), "reason");
    let res = app.post(&format!("/api/v1/pickups/{b}/cancel"), Some(&resident), json!({"reason": "不在家"})).await;
    assert_eq!(res.body["state"], "cancelled", "{}", res.text);

    // The operator cancels with a reason, the resident sees it.
    let c = app.post(&path, Some(&resident), pickup_json(tomorrow_10)).await.body["id"].as_i64().unwrap();
    let res = app.post(&format!("/api/v1/pickups/{c}/cancel"), Some(&org), json!({"reason": "车辆故障"})).await;
    assert_eq!(res.body["state"], "cancelled");
    let mine = app.get(&format!("/api/v1/pickups/{c}"), Some(&resident)).await;
    assert_eq!((mine.body["cancel_reason"].as_str(), mine.body["changed"].as_bool()), (Some("车辆故障"), Some(true)));

    // A point without pickup refuses requests.
    let mut plain = point_json("Bin", 31.17, 121.43, &["paper"], "24/7");
    plain["kind"] = json!("drop_off_bin");
    let bin = create_point(&app, &org, plain).await;
    let res =
        app.post(&format!("/api/v1/recycling/points/{bin}/pickups"), Some(&resident), pickup_json(tomorrow_10)).await;
    assert_eq!((res.status, res.code()), (StatusCode::CONFLICT, "pickup_not_offered"));
}

const SAMPLE: &str = include_str!("../data/recycling-sample.geojson");

async fn count_points(app: &TestApp) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM recycling_points").fetch_one(app.db.pool()).await.unwrap()
}

#[tokio::test]
async fn osm_import_is_idempotent_and_reports_bad_lines() {
    let app = TestApp::new().await;
    set_clock(&app, MON_10);
    let now = app.clock.now();
    let first = linli_server::osm_import::import(&app.db, now, SAMPLE).await.unwrap().unwrap();
    assert_eq!((first.inserted, first.updated), (12, 0), "{first}");
    assert!(first.problems.is_empty(), "{first}");
    assert_eq!(count_points(&app).await, 12);
    let again = linli_server::osm_import::import(&app.db, now, SAMPLE).await.unwrap().unwrap();
    assert_eq!((again.inserted, again.updated), (0, 12));
    assert_eq!(count_points(&app).await, 12);

    // Imported points are found like any other: the trade-in shop and the consignment shop
    // got materials from their kind, the night station's hours run past midnight.
    let list = app.get("/api/v1/recycling/points?lat=31.2236&lng=121.5571&radius_m=2000", None).await;
    let names: Vec<&str> = list.body.as_array().unwrap().iter().map(|p| p["name"].as_str().unwrap()).collect();
    assert_eq!(names[0], "联洋邻里寄卖店");
    assert_eq!(list.body[0]["kind"], "consignment");
    assert_eq!(list.body[0]["osm_id"], "node/9100005");

    // OSM XML with bad elements: each reported with its line, the good ones imported.
    let xml = r#"<?xml version="1.0" encoding="UTF-8"?>
<osm version="0.6">
  <node id="1" lat="31.17" lon="121.42">
    <tag k="amenity" v="recycling"/>
    <tag k="recycling:batteries" v="yes"/>
    <tag k="recycling:unobtainium" v="yes"/>
    <tag k="opening_hours" v="whenever"/>
  </node>
  <node id="2" lat="131.17" lon="121.42">
    <tag k="amenity" v="recycling"/>
    <tag k="recycling:paper" v="yes"/>
  </node>
  <node id="3" lat="31.17" lon="121.42">
    <tag k="amenity" v="recycling"/>
  </node>
  <node id="4" lat="31.17" lon="121.42">
    <tag k="amenity" v="bench"/>
  </node>
  <way id="5">
    <tag k="amenity" v="recycling"/>
    <tag k="recycling:paper" v="yes"/>
  </way>
</osm>"#;
    let report = linli_server::osm_import::import(&app.db, now, xml).await.unwrap().unwrap();
    assert_eq!((report.inserted, report.updated, report.ignored), (1, 0, 1), "{report}");
    let text = report.to_string();
    for expected in [
        "line 3: material recycling:unobtainium",
        "line 3: opening_hours \"whenever\"",
        "line 9: position",
        "line 13: no recycling:*=yes material",
        "line 19: no position",
    ] {
        assert!(text.contains(expected), "{expected} in {text}");
    }
    assert_eq!(count_points(&app).await, 13);
    let imported: (String, String) =
        sqlx::query_as("SELECT materials, opening_hours FROM recycling_points WHERE osm_id = 'node/1'")
            .fetch_one(app.db.pool())
            .await
            .unwrap();
    assert_eq!(imported, (" batteries ".to_string(), String::new()));

    // Not OSM at all: refused whole, nothing written.
    for junk in ["name,lat,lng\nx,1,2", "<html></html>", "{\"type\": \"Topology\"}", ""] {
        assert!(linli_server::osm_import::import(&app.db, now, junk).await.unwrap().is_err(), "{junk}");
    }
    assert_eq!(count_points(&app).await, 13);
}

#[tokio::test]
async fn what_goes_where() {
    let app = TestApp::new().await;
    set_clock(&app, MON_10);
    let (_, org) = organiser(&app, "Organiser", "org@example.com").await;
    let near_closed = create_point(
        &app,
        &org,
        point_json("Battery box, closed Mondays", 31.17, 121.421, &["batteries"], "Tu-Su 08:00-18:00"),
    )
    .await;
    let open = create_point(&app, &org, point_json("Battery box", 31.17, 121.43, &["batteries"], "24/7")).await;
    create_point(&app, &org, point_json("Paper only", 31.17, 121.42, &["paper"], "24/7")).await;

    let res = app.get(&format!("/api/v1/recycling/lookup?q={}&lat=31.17&lng=121.42", enc("旧电池")), None).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    let first = &res.body[0];
    assert_eq!(first["name"]["zh"], "旧电池");
    assert_eq!(first["materials"], json!(["batteries"]));
    assert_eq!(first["class"], "hazardous");
    assert!(!first["tip"]["zh"].as_str().unwrap().is_empty());
    let points: Vec<i64> = first["points"].as_array().unwrap().iter().map(|p| p["id"].as_i64().unwrap()).collect();
    assert_eq!(points, vec![open, near_closed], "the open one first, though farther");

    // English with a typo, partial Chinese, a reusable item.
    let micro = app.get("/api/v1/recycling/lookup?q=microwve", None).await;
    assert_eq!(micro.body[0]["name"]["zh"], "微波炉");
    assert_eq!(micro.body[0]["reusable"], true);
    let clothes = app.get(&format!("/api/v1/recycling/lookup?q={}&community_id=1", enc("旧衣服")), None).await;
    assert_eq!(clothes.body[0]["name"]["en"], "clothes");
    assert_eq!(
        app.get(&format!("/api/v1/recycling/lookup?q={}", enc("快递纸箱")), None).await.body[0]["materials"],
        json!(["cardboard"])
    );
    assert_eq!(
        app.get(&format!("/api/v1/recycling/lookup?q={}", enc("充电")), None).await.body[0]["name"]["zh"],
        "充电宝"
    );
    // Residual waste: no points, its class says where it goes.
    let tissue = app.get(&format!("/api/v1/recycling/lookup?q={}", enc("纸巾")), None).await;
    assert_eq!(
        (tissue.body[0]["class"].as_str(), tissue.body[0]["points"].as_array().map(Vec::len)),
        (Some("residual"), Some(0))
    );
    // Nothing found is an empty list; overlong queries are refused.
    assert_eq!(app.get("/api/v1/recycling/lookup?q=qqqqzzzz", None).await.body, json!([]));
    let long = "冰".repeat(60);
    assert_eq!(app.get(&format!("/api/v1/recycling/lookup?q={}", enc(&long)), None).await.code(), "query_too_long");
}

#[tokio::test]
async fn the_demo_seed_has_points_of_every_kind_and_pickups_in_every_state() {
    let app = TestApp::new().await;
    let (org, _) = organiser(&app, "Organiser", "org@example.com").await;
    let (a, _) = app.register("Resident A", "a@example.com").await;
    let (b, _) = app.register("Resident B", "b@example.com").await;
    linli_server::seed::demo_recycling::seed(&app.db, org, &[a, b], &[1, 2]).await.unwrap();
    // The sample's 12, and nine in each of the two communities.
    assert_eq!(count_points(&app).await, 12 + 2 * 9);
    let kinds: Vec<String> = sqlx::query_scalar("SELECT DISTINCT kind FROM recycling_points ORDER BY kind")
        .fetch_all(app.db.pool())
        .await
        .unwrap();
    assert_eq!(kinds, ["consignment", "drop_off_bin", "sorting_centre", "station", "trade_in"]);
    let states: Vec<String> = sqlx::query_scalar("SELECT DISTINCT state FROM recycling_pickups ORDER BY state")
        .fetch_all(app.db.pool())
        .await
        .unwrap();
    assert_eq!(states, ["cancelled", "collected", "requested", "scheduled"]);
    let hours: Vec<String> =
        sqlx::query_scalar("SELECT opening_hours FROM recycling_points").fetch_all(app.db.pool()).await.unwrap();
    assert!(hours.iter().any(|h| h == "24/7"));
    assert!(hours.iter().any(|h| h.starts_with("Tu-Su")), "one closed on Mondays");
    assert!(hours.iter().all(|h| opening::valid(h)));
}

#[tokio::test]
async fn moderators_assign_operators_even_to_imported_points() {
    let (app, moderator) = TestApp::with_moderator().await;
    set_clock(&app, MON_10);
    let (org_id, org) = organiser(&app, "Organiser", "org@example.com").await;
    let (other_id, other_org) = organiser(&app, "Other", "other@example.com").await;
    let (resident_id, resident) = app.register("Resident", "res@example.com").await;
    linli_server::osm_import::import(&app.db, MON_10, SAMPLE).await.unwrap().unwrap();
    let imported: i64 = sqlx::query_scalar("SELECT id FROM recycling_points WHERE osm_id = 'node/9100005'")
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    let path = format!("/api/v1/recycling/points/{imported}");
    let assign = format!("{path}/operator");
    assert_eq!(app.get(&path, None).await.body["operator_id"], Value::Null);
    let to = |id: i64| json!({ "operator_id": id });

    // Route × role: anonymous 401, resident 403, organisers (any) 403, moderator OK.
    assert_eq!(app.call(Method::PUT, &assign, None, Some(to(org_id))).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(app.call(Method::PUT, &assign, Some(&resident), Some(to(org_id))).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.call(Method::PUT, &assign, Some(&org), Some(to(org_id))).await.status, StatusCode::FORBIDDEN);
    // Nobody but a moderator manages an imported point before it has an operator.
    let edit = point_json("联洋邻里寄卖店", 31.2236, 121.5571, &["clothes"], "Mo-Su 09:00-21:00");
    assert_eq!(app.call(Method::PUT, &path, Some(&org), Some(edit.clone())).await.status, StatusCode::FORBIDDEN);

    // Typed errors: a resident or an unknown account cannot operate a point; nothing changes.
    for bad in [resident_id, 987_654] {
        let res = app.call(Method::PUT, &assign, Some(&moderator), Some(to(bad))).await;
        assert_eq!(
            (res.status, res.field(), res.code()),
            (StatusCode::UNPROCESSABLE_ENTITY, "operator_id", "operator_not_organiser")
        );
    }
    let missing = app.call(Method::PUT, "/api/v1/recycling/points/999999/operator", Some(&moderator), Some(to(org_id)));
    assert_eq!(missing.await.status, StatusCode::NOT_FOUND);
    let bad_body = app.call(Method::PUT, &assign, Some(&moderator), Some(json!({ "operator_id": "me" }))).await;
    assert_eq!(bad_body.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.get(&path, None).await.body["operator_id"], Value::Null);

    let res = app.call(Method::PUT, &assign, Some(&moderator), Some(to(org_id))).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert_eq!(res.body["operator_id"], org_id);
    assert_eq!(res.body["operator_name"], "Organiser");

    // The assigned organiser now manages it, offers pickup from it and sees its pickups.
    let mine = app.get("/api/v1/me/recycling-points", Some(&org)).await;
    assert!(mine.body.as_array().unwrap().iter().any(|p| p["id"] == imported));
    assert_eq!(app.get(&path, Some(&org)).await.body["can_manage"], true);
    let mut edit = edit;
    edit["materials"] = json!(["clothes", "electrical_appliances"]);
    edit["pickup_materials"] = json!(["electrical_appliances"]);
    let res = app.call(Method::PUT, &path, Some(&org), Some(edit.clone())).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert_eq!(res.body["opening_hours"], "Mo-Su 09:00-21:00");
    let res = app.post(&format!("{path}/pickups"), Some(&resident), pickup_json(MON_10 + DAY)).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    let pickup = res.body["id"].as_i64().unwrap();
    let listed = app.get("/api/v1/me/pickups", Some(&org)).await;
    assert_eq!(listed.body[0]["id"], pickup);
    assert_eq!(listed.body[0]["my_role"], "operator");
    assert_eq!(app.call(Method::PUT, &path, Some(&other_org), Some(edit.clone())).await.status, StatusCode::FORBIDDEN);
    // The operator itself cannot hand the point on.
    assert_eq!(app.call(Method::PUT, &assign, Some(&org), Some(to(other_id))).await.status, StatusCode::FORBIDDEN);

    // A pickup closed before the point changes hands.
    let res = app.post(&format!("{path}/pickups"), Some(&resident), pickup_json(MON_10 + 2 * DAY)).await;
    let closed = res.body["id"].as_i64().unwrap();
    let res = app.post(&format!("/api/v1/pickups/{closed}/cancel"), Some(&resident), json!({"reason": "卖掉了"})).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    set_clock(&app, MON_10 + 3600);

    // Reassigned: the open pickups go with the point; those closed before stay with the
    // resident and the earlier operator (the new one never sees their addresses).
    let res = app.call(Method::PUT, &assign, Some(&moderator), Some(to(other_id))).await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(app.get(&format!("/api/v1/pickups/{pickup}"), Some(&org)).await.status, StatusCode::NOT_FOUND);
    let seen = app.get(&format!("/api/v1/pickups/{pickup}"), Some(&other_org)).await;
    assert_eq!(seen.body["my_role"], "operator");
    assert_eq!(app.get(&format!("/api/v1/pickups/{closed}"), Some(&other_org)).await.status, StatusCode::NOT_FOUND);
    let listed = app.get("/api/v1/me/pickups", Some(&other_org)).await;
    let ids: Vec<i64> = listed.body.as_array().unwrap().iter().map(|k| k["id"].as_i64().unwrap()).collect();
    assert_eq!(ids, [pickup], "{}", listed.text);
    assert_eq!(app.get("/api/v1/me/pickups/badge", Some(&other_org)).await.body["changed"], 1, "the open one only");
    assert_eq!(app.get(&format!("/api/v1/pickups/{closed}"), Some(&resident)).await.status, StatusCode::OK);
    // What happens to the taken-over pickup from then on stays in view once it is closed.
    let res =
        app.post(&format!("/api/v1/pickups/{pickup}/cancel"), Some(&other_org), json!({"reason": "车坏了"})).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert_eq!(app.get(&format!("/api/v1/pickups/{pickup}"), Some(&other_org)).await.status, StatusCode::OK);
    assert_eq!(app.get(&path, Some(&org)).await.body["can_manage"], false);

    // Both moves are in the audit log.
    let log = app
        .get(&format!("/api/v1/moderation/audit?target_kind=recycling_point&target_id={imported}"), Some(&moderator))
        .await;
    let moves: Vec<(&str, &Value)> =
        log.body.as_array().unwrap().iter().map(|e| (e["action"].as_str().unwrap(), &e["fact"])).collect();
    assert_eq!(
        moves,
        [
            ("assign_point_operator", &json!({"kind": "operator", "from": org_id, "to": other_id})),
            ("assign_point_operator", &json!({"kind": "operator", "from": null, "to": org_id})),
        ],
        "newest first: {}",
        log.text
    );
}

#[tokio::test]
async fn pickup_windows_are_entered_and_shown_on_the_points_clock() {
    let (app, _moderator) = TestApp::with_moderator().await;
    set_clock(&app, MON_10);
    let (_, org) = organiser(&app, "Organiser", "org@example.com").await;
    let (_, resident) = app.register("Resident", "res@example.com").await;
    let point = pickup_point(&app, &org).await; // Mo-Sa 08:00-20:00, Asia/Shanghai
    let path = format!("/api/v1/recycling/points/{point}/pickups");
    let local = |date: &str, from: &str, to: &str| {
        let mut body = pickup_json(0);
        body.as_object_mut().unwrap().remove("windows");
        body["local_windows"] = json!([{ "date": date, "from": from, "to": to }]);
        body
    };

    // Refused at the field: in the past, outside the hours (Sunday; 20:00-22:00), malformed.
    for (body, code) in [
        (local("2027-03-01", "08:00", "09:00"), "window_in_past"),
        (local("2027-03-07", "10:00", "12:00"), "window_outside_hours"),
        (local("2027-03-02", "19:00", "21:00"), "window_outside_hours"),
        (local("2027-03-02", "12:00", "10:00"), "window_invalid"),
        (local("2027-02-30", "10:00", "12:00"), "window_invalid"),
    ] {
        let res = app.post(&path, Some(&resident), body.clone()).await;
        assert_eq!((res.field(), res.code()), ("windows", code), "{body}");
    }

    // Tuesday 10:00-12:00 China time, whatever zone the browser is in.
    let res = app.post(&path, Some(&resident), local("2027-03-02", "10:00", "12:00")).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    assert_eq!(res.body["windows"][0]["start"], MON_10 + DAY);
    assert_eq!(res.body["windows_local"][0], json!({ "date": "2027-03-02", "from": "10:00", "to": "12:00" }));
    assert_eq!(res.body["timezone"], "Asia/Shanghai");
    let id = res.body["id"].as_i64().unwrap();

    // The operator schedules on the same clock; bad windows are refused at the field.
    let schedule = format!("/api/v1/pickups/{id}/schedule");
    for (window, code) in [
        (json!({ "date": "2027-03-01", "from": "08:00", "to": "09:00" }), "window_in_past"),
        (json!({ "date": "2027-03-02", "from": "06:00", "to": "09:00" }), "window_outside_hours"),
        (json!({ "date": "2027-03-02", "from": "9:00", "to": "10:00" }), "window_invalid"),
    ] {
        let res = app.post(&schedule, Some(&org), json!({ "local": window })).await;
        assert_eq!((res.field(), res.code()), ("window", code), "{window}");
    }
    assert_eq!(app.post(&schedule, Some(&org), json!({})).await.code(), "required");
    let res =
        app.post(&schedule, Some(&org), json!({ "local": { "date": "2027-03-02", "from": "14:00", "to": "15:30" } }));
    let res = res.await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert_eq!(res.body["scheduled"]["start"], MON_10 + DAY + 4 * HOUR);
    assert_eq!(res.body["scheduled_local"], json!({ "date": "2027-03-02", "from": "14:00", "to": "15:30" }));
    let theirs = app.get(&format!("/api/v1/pickups/{id}"), Some(&resident)).await;
    assert_eq!(theirs.body["scheduled_local"], res.body["scheduled_local"]);
}
