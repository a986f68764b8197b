//! Credit that fake-trade rings cannot buy, through the API: real trades completed and rated
//! by an honest community with two neighbours a moderator met in person, and by a ring of five
//! that rate each other five stars and add one genuine trade; after the sweep computes trust,
//! profiles and cards show the difference. Also the moderators' seed route and the local
//! update after new trades.

mod common;

use axum::http::{Method, StatusCode};
use common::TestApp;
use serde_json::{json, Value};

/// A listing by `seller` that `buyer` takes; both confirm and rate (`stars` for the seller).
async fn deal(app: &TestApp, seller: &str, buyer: &str, stars: u8) {
    let listing = app.listing(seller, "旧台灯", "", 10).await;
    let trade = app.post(&format!("/api/v1/listings/{listing}/trades"), Some(buyer), json!({})).await;
    assert_eq!(trade.status, StatusCode::CREATED, "{}", trade.text);
    let trade = trade.body["id"].as_i64().unwrap();
    for (who, step) in [(seller, "accept"), (buyer, "confirm"), (seller, "confirm")] {
        let res = app.post(&format!("/api/v1/trades/{trade}/{step}"), Some(who), json!({})).await;
        assert!(res.status.is_success(), "{step}: {}", res.text);
    }
    for (who, s) in [(buyer, stars), (seller, 5)] {
        let res = app.post(&format!("/api/v1/trades/{trade}/rating"), Some(who), json!({"stars": s})).await;
        assert!(res.status.is_success(), "rating: {}", res.text);
    }
}

async fn profile(app: &TestApp, id: i64) -> Value {
    let res = app.get(&format!("/api/v1/users/{id}"), None).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    res.body
}

fn level(p: &Value) -> &str {
    p["credit"]["level"].as_str().unwrap()
}

fn factor_kinds(p: &Value) -> Vec<String> {
    p["credit"]["factors"].as_array().unwrap().iter().map(|f| f["kind"].as_str().unwrap().to_string()).collect()
}

struct Town {
    honest: Vec<(i64, String)>,
    ring: Vec<(i64, String)>,
}

/// Ten neighbours who each trade with six others (4–5 stars), two of them verified by the
/// moderator; a ring of five who trade every pair once at five stars, and one of them buys once
/// from a neighbour.
async fn town(app: &TestApp, moderator: &str) -> Town {
    let mut honest = Vec::new();
    for i in 0..10 {
        honest.push(app.register(&format!("邻居{i}"), &format!("n{i}@example.com")).await);
    }
    for (i, (seller, _)) in honest.iter().enumerate() {
        let _ = seller;
        for step in [1, 2, 3] {
            let buyer = &honest[(i + step) % 10].1;
            deal(app, &honest[i].1, buyer, if (i + step) % 4 == 0 { 4 } else { 5 }).await;
        }
    }
    for who in [honest[0].0, honest[5].0] {
        let res = app
            .call(
                Method::PUT,
                &format!("/api/v1/admin/users/{who}/trust-seed"),
                Some(moderator),
                Some(json!({"seed": true, "reason": "在社区服务中心见过面"})),
            )
            .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.text);
        assert_eq!(res.body["seed"], json!(true));
    }
    let mut ring = Vec::new();
    for i in 0..5 {
        ring.push(app.register(&format!("好物{i}"), &format!("r{i}@example.com")).await);
    }
    for a in 0..5 {
        for b in a + 1..5 {
            deal(app, &ring[a].1, &ring[b].1, 5).await;
        }
    }
    deal(app, &honest[3].1, &ring[0].1, 5).await;
    // Months later: every account is past the young-account discount (a patient ring).
    app.clock.advance(120 * 86_400);
    Town { honest, ring }
}

#[tokio::test]
async fn a_ring_stays_at_fair_while_honest_neighbours_rise() {
    let (app, moderator) = TestApp::with_moderator().await;
    let town = town(&app, &moderator).await;
    app.sweep().await;

    for (id, _) in &town.honest {
        let p = profile(&app, *id).await;
        assert!(["good", "very_good", "excellent"].contains(&level(&p)), "neighbour {id}: {p}");
    }
    for (id, session) in &town.ring {
        let p = profile(&app, *id).await;
        assert!(["new_trader", "poor", "fair"].contains(&level(&p)), "ring member {id}: {p}");
        let kinds = factor_kinds(&p);
        assert!(kinds.iter().any(|k| k == "unvouched" || k == "few_trusted_counterparties"), "explained: {kinds:?}");
        // The card of a ring member's listing shows the same level.
        let listing = app.listing(session, "全新耳机", "", 99).await;
        let detail = app.get(&format!("/api/v1/listings/{listing}"), None).await;
        assert_eq!(detail.body["seller"]["level"].as_str(), Some(level(&p)), "{}", detail.text);
        let feed = app.get("/api/v1/listings", None).await;
        let card = feed.body["items"].as_array().unwrap().iter().find(|c| c["id"] == json!(listing)).cloned();
        assert_eq!(card.expect("on the feed")["seller_level"].as_str(), Some(level(&p)));
    }
    // The ring's own word counts for little: its five stars weigh less than the neighbours' mix.
    let ring_score = profile(&app, town.ring[2].0).await["credit"]["score"].as_f64().unwrap();
    let honest_score = profile(&app, town.honest[2].0).await["credit"]["score"].as_f64().unwrap();
    assert!(ring_score < honest_score, "ring {ring_score} vs honest {honest_score}");
}

#[tokio::test]
async fn new_trades_are_taken_in_locally_as_a_full_computation_would() {
    let (app, moderator) = TestApp::with_moderator().await;
    let town = town(&app, &moderator).await;
    app.sweep().await;
    // Three more trades, one of them by a newcomer, then the sweep updates locally.
    let newcomer = app.register("新邻居", "new@example.com").await;
    deal(&app, &town.honest[1].1, &newcomer.1, 5).await;
    deal(&app, &town.honest[7].1, &town.honest[2].1, 5).await;
    deal(&app, &town.ring[1].1, &town.honest[8].1, 5).await;
    app.sweep().await;
    let local: Vec<(i64, f64)> =
        sqlx::query_as("SELECT id, trust FROM users ORDER BY id").fetch_all(app.db.pool()).await.unwrap();
    assert!(local.iter().any(|&(id, t)| id == newcomer.0 && t > 0.0), "the newcomer is reached: {local:?}");
    linli_server::db::trust::recompute_in_full(&app.db, app.clock.now()).await.unwrap();
    let full: Vec<(i64, f64)> =
        sqlx::query_as("SELECT id, trust FROM users ORDER BY id").fetch_all(app.db.pool()).await.unwrap();
    assert_eq!(local.len(), full.len());
    for ((id, a), (_, b)) in local.iter().zip(&full) {
        assert!((a - b).abs() < 1e-3, "account {id}: local {a} vs full {b}");
    }
}

#[tokio::test]
async fn withdrawing_a_seed_takes_its_vouching_away() {
    let (app, moderator) = TestApp::with_moderator().await;
    let town = town(&app, &moderator).await;
    app.sweep().await;
    let before = profile(&app, town.honest[0].0).await["credit"]["score"].as_f64().unwrap();
    for (id, _) in [&town.honest[0], &town.honest[5]] {
        let res = app
            .call(
                Method::PUT,
                &format!("/api/v1/admin/users/{id}/trust-seed"),
                Some(&moderator),
                Some(json!({"seed": false, "reason": "为刷单账号担保"})),
            )
            .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.text);
        assert_eq!(res.body, json!({"user_id": id, "seed": false, "verified": false, "revoked": true}));
    }
    app.sweep().await;
    // With no seed left nobody is vouched for: every level falls back to fair at most.
    for (id, _) in &town.honest {
        let p = profile(&app, *id).await;
        assert!(["new_trader", "poor", "fair"].contains(&level(&p)), "{id}: {p}");
    }
    let after = profile(&app, town.honest[0].0).await["credit"]["score"].as_f64().unwrap();
    assert!(after < before, "{after} < {before}");
    let log: Vec<(String, String)> =
        sqlx::query_as("SELECT action, detail FROM audit_log WHERE target_kind = 'user' ORDER BY id")
            .fetch_all(app.db.pool())
            .await
            .unwrap();
    assert!(log.contains(&("revoke_seed".to_string(), "为刷单账号担保".to_string())), "{log:?}");
    assert!(log.contains(&("verify_seed".to_string(), "在社区服务中心见过面".to_string())), "{log:?}");
}

#[tokio::test]
async fn only_moderators_see_or_change_seeds() {
    let (app, moderator) = TestApp::with_moderator().await;
    let (resident_id, resident) = app.register("居民", "resident@example.com").await;
    let body = json!({"seed": true, "reason": "见过"});
    let path = format!("/api/v1/admin/users/{resident_id}/trust-seed");
    for (session, status) in [(None, StatusCode::UNAUTHORIZED), (Some(resident.as_str()), StatusCode::FORBIDDEN)] {
        assert_eq!(app.get(&path, session).await.status, status);
        assert_eq!(app.call(Method::PUT, &path, session, Some(body.clone())).await.status, status);
    }
    // An organiser is no moderator either.
    let (org_id, organiser) = app.register("组织者", "org@example.com").await;
    linli_server::db::users::grant_role(&app.db, org_id, linli_contract::auth::Role::Organiser, None).await.unwrap();
    assert_eq!(app.call(Method::PUT, &path, Some(&organiser), Some(body.clone())).await.status, StatusCode::FORBIDDEN);
    let status = app.get(&format!("/api/v1/admin/users/{org_id}/trust-seed"), Some(&moderator)).await;
    assert_eq!(status.body, json!({"user_id": org_id, "seed": true, "verified": false, "revoked": false}));
    assert_eq!(app.get("/api/v1/admin/users/999999/trust-seed", Some(&moderator)).await.status, StatusCode::NOT_FOUND);
    let blank = app.call(Method::PUT, &path, Some(&moderator), Some(json!({"seed": true, "reason": "  "}))).await;
    assert_eq!(blank.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(blank.field(), "reason");
    assert_eq!(app.get(&path, Some(&moderator)).await.body["seed"], json!(false), "nothing changed");
}

#[tokio::test]
async fn a_resident_checked_in_at_a_market_becomes_a_source_of_trust() {
    let (app, moderator) = TestApp::with_moderator().await;
    let (_, organiser) = app.register("组织者", "org@example.com").await;
    let (resident_id, resident) = app.register("摊主", "stall@example.com").await;
    let path = format!("/api/v1/admin/users/{resident_id}/trust-seed");
    assert_eq!(app.get(&path, Some(&moderator)).await.body["seed"], json!(false));
    let (market, date, booking) = common::market_and_booking(&app, &organiser, &resident).await;
    // The market day, 10:30 in Shanghai: the organiser meets the resident and checks them in.
    let day = chrono::NaiveDate::parse_from_str(&date, "%Y-%m-%d").unwrap();
    let at = day.and_hms_opt(2, 30, 0).unwrap().and_utc().timestamp();
    app.clock.advance(at - app.clock.now());
    let res = app
        .post(
            &format!("/api/v1/markets/{market}/dates/{date}/checkins"),
            Some(&organiser),
            json!({"booking_id": booking}),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert_eq!(
        app.get(&path, Some(&moderator)).await.body,
        json!({"user_id": resident_id, "seed": true, "verified": false, "revoked": false})
    );
}
