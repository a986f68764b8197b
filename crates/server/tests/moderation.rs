//! Moderation: every moderation route × every kind of caller (anonymous, resident, organiser,
//! moderator, suspended), the reports queue grouped per target, suspensions and what they stop,
//! refusals (oneself, the last moderator), and an audit entry for every moderator action.

mod common;

use axum::http::{Method, StatusCode};
use common::TestApp;
use linli_contract::auth::Role;
use serde_json::{json, Value};

struct World {
    app: TestApp,
    moderator: String,
    moderator_id: i64,
    resident: String,
    resident_id: i64,
    organiser: String,
    suspended: String,
    suspended_id: i64,
    listing: i64,
    dispute: i64,
}

async fn world() -> World {
    let (app, moderator) = TestApp::with_moderator().await;
    let moderator_id = app.get("/api/v1/me", Some(&moderator)).await.body["id"].as_i64().unwrap();
    let (resident_id, resident) = app.register("Resident", "r@example.com").await;
    let (organiser_id, organiser) = app.register("Organiser", "o@example.com").await;
    linli_server::db::users::grant_role(&app.db, organiser_id, Role::Organiser, None).await.unwrap();
    let (suspended_id, suspended) = app.register("Suspended", "z@example.com").await;
    let listing = app.listing(&resident, "旧沙发", "", 100).await;
    // A dispute on a trade between the organiser (buyer) and the resident (seller).
    let trade = app.post(&format!("/api/v1/listings/{listing}/trades"), Some(&organiser), json!({})).await.body["id"]
        .as_i64()
        .unwrap();
    app.post(&format!("/api/v1/trades/{trade}/accept"), Some(&resident), json!({})).await;
    let dispute = app
        .post(
            &format!("/api/v1/trades/{trade}/disputes"),
            Some(&organiser),
            json!({"reason": "no_show", "description": "约好了没来"}),
        )
        .await;
    assert_eq!(dispute.status, StatusCode::CREATED, "{}", dispute.text);
    let dispute = dispute.body["id"].as_i64().unwrap();
    app.post(&format!("/api/v1/disputes/{dispute}/answer"), Some(&resident), json!({"body": "我去了"})).await;
    app.post(&format!("/api/v1/listings/{listing}/reports"), Some(&organiser), json!({"reason": "spam"})).await;
    let res = app
        .post(
            &format!("/api/v1/moderation/users/{suspended_id}/suspend"),
            Some(&moderator),
            json!({"reason": "刷单炒信"}),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    World { app, moderator, moderator_id, resident, resident_id, organiser, suspended, suspended_id, listing, dispute }
}

/// Every moderation route, with a body a moderator's call would succeed with.
fn routes(w: &World) -> Vec<(Method, String, Option<Value>)> {
    let r = w.resident_id;
    vec![
        (Method::GET, "/api/v1/moderation/disputes".into(), None),
        (Method::GET, "/api/v1/moderation/reports".into(), None),
        (Method::GET, "/api/v1/moderation/suspensions".into(), None),
        (Method::GET, "/api/v1/moderation/audit?q=".into(), None),
        (Method::GET, "/api/v1/admin/users?q=Res".into(), None),
        (Method::POST, format!("/api/v1/moderation/users/{r}/warn"), Some(json!({"reason": "请文明交流"}))),
        (Method::POST, format!("/api/v1/moderation/users/{r}/suspend"), Some(json!({"reason": "多次爽约", "days": 7}))),
        (Method::POST, format!("/api/v1/moderation/users/{r}/lift"), Some(json!({"reason": "已申诉"}))),
        (Method::POST, format!("/api/v1/admin/listings/{}/hide", w.listing), Some(json!({"reason": "核实中"}))),
        (Method::POST, format!("/api/v1/admin/listings/{}/unhide", w.listing), None),
        (
            Method::POST,
            format!("/api/v1/moderation/reports/listing/{}/dismiss", w.listing),
            Some(json!({"reason": "举报不成立"})),
        ),
        (Method::PUT, format!("/api/v1/admin/users/{r}/roles/organiser"), None),
        (Method::DELETE, format!("/api/v1/admin/users/{r}/roles/organiser"), None),
        (
            Method::POST,
            format!("/api/v1/moderation/disputes/{}/decide", w.dispute),
            Some(json!({"outcome": "mutual_cancel", "reason": "双方同意取消"})),
        ),
    ]
}

async fn audit_count(app: &TestApp) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM audit_log").fetch_one(app.db.pool()).await.unwrap()
}

#[tokio::test]
async fn every_moderation_route_answers_each_kind_of_caller() {
    let w = world().await;
    // A moderator whose account is suspended moderates nothing either.
    let (mod2_id, mod2) = w.app.register("Moderator Two", "m2@example.com").await;
    linli_server::db::users::grant_role(&w.app.db, mod2_id, Role::Moderator, None).await.unwrap();
    let res = w
        .app
        .post(&format!("/api/v1/moderation/users/{mod2_id}/suspend"), Some(&w.moderator), json!({"reason": "账号被盗"}))
        .await;
    assert_eq!(res.status, StatusCode::CREATED);
    let callers: [(&str, Option<&str>, StatusCode); 5] = [
        ("anonymous", None, StatusCode::UNAUTHORIZED),
        ("resident", Some(&w.resident), StatusCode::FORBIDDEN),
        ("organiser", Some(&w.organiser), StatusCode::FORBIDDEN),
        ("suspended", Some(&w.suspended), StatusCode::FORBIDDEN),
        ("suspended moderator", Some(&mod2), StatusCode::FORBIDDEN),
    ];
    let mut checked = 0;
    for (method, path, body) in routes(&w) {
        for (who, session, expected) in &callers {
            let before = audit_count(&w.app).await;
            let res = w.app.call(method.clone(), &path, *session, body.clone()).await;
            assert_eq!(res.status, *expected, "{method} {path} as {who}: {}", res.text);
            assert!(!res.code().is_empty(), "typed error");
            assert_eq!(audit_count(&w.app).await, before, "a refused call writes nothing");
            checked += 1;
        }
        // The moderator: allowed, and each write is in the audit log.
        let before = audit_count(&w.app).await;
        let res = w.app.call(method.clone(), &path, Some(&w.moderator), body.clone()).await;
        assert!(res.status.is_success(), "{method} {path} as moderator: {} {}", res.status, res.text);
        if method != Method::GET {
            assert_eq!(audit_count(&w.app).await, before + 1, "{method} {path} is audited");
        }
        checked += 1;
    }
    assert_eq!(checked, 14 * 6);
}

#[tokio::test]
async fn a_suspended_account_reads_and_answers_but_cannot_post_request_or_message() {
    let (app, moderator) = TestApp::with_moderator().await;
    let (seller_id, seller) = app.register("Seller", "s@example.com").await;
    let (_, buyer) = app.register("Buyer", "b@example.com").await;
    let listing = app.listing(&seller, "儿童自行车", "", 60).await;
    let other = app.listing(&buyer, "台灯", "", 20).await;
    let trade = app.post(&format!("/api/v1/listings/{listing}/trades"), Some(&buyer), json!({})).await.body["id"]
        .as_i64()
        .unwrap();
    app.post(&format!("/api/v1/trades/{trade}/accept"), Some(&seller), json!({})).await;
    let dispute = app
        .post(
            &format!("/api/v1/trades/{trade}/disputes"),
            Some(&buyer),
            json!({"reason": "defective", "description": "刹车坏了"}),
        )
        .await
        .body["id"]
        .as_i64()
        .unwrap();

    let res = app
        .post(
            &format!("/api/v1/moderation/users/{seller_id}/suspend"),
            Some(&moderator),
            json!({"reason": "多次被举报", "days": 3}),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    assert_eq!(res.body["active"], true);

    // It can still log in and read its own data.
    let login =
        app.post("/api/v1/auth/login", None, json!({"login": "s@example.com", "password": common::PASSWORD})).await;
    assert_eq!(login.status, StatusCode::OK, "{}", login.text);
    assert_eq!(app.get("/api/v1/me/listings", Some(&seller)).await.status, StatusCode::OK);
    let standing = app.get("/api/v1/me/standing", Some(&seller)).await;
    assert_eq!(standing.body["suspension"]["reason"], "多次被举报");
    // …and answer its dispute.
    let res =
        app.post(&format!("/api/v1/disputes/{dispute}/answer"), Some(&seller), json!({"body": "卖时是好的"})).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);

    // Posting, requesting, messaging: refused with a typed error.
    let key = app.photo(&seller).await;
    let res = app.post("/api/v1/listings", Some(&seller), common::listing_json("新的", "", 10, &[key])).await;
    assert_eq!((res.status, res.code()), (StatusCode::FORBIDDEN, "account_suspended"), "{}", res.text);
    let res = app.post(&format!("/api/v1/listings/{other}/trades"), Some(&seller), json!({})).await;
    assert_eq!(res.code(), "account_suspended");
    let res = app.post(&format!("/api/v1/trades/{trade}/messages"), Some(&seller), json!({"body": "在吗"})).await;
    assert_eq!(res.code(), "account_suspended");
    // …and booking a market stall.
    let (_, organiser) = app.register("Organiser", "o@example.com").await;
    let (market, date, _) = common::market_and_booking(&app, &organiser, &buyer).await;
    let res = app
        .post(&format!("/api/v1/markets/{market}/dates/{date}/bookings"), Some(&seller), json!({"brings": "books"}))
        .await;
    assert_eq!((res.status, res.code()), (StatusCode::FORBIDDEN, "account_suspended"), "{}", res.text);

    // Its listings are hidden from others while suspended, not from itself or moderators.
    assert_eq!(app.get(&format!("/api/v1/listings/{listing}"), Some(&buyer)).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.get(&format!("/api/v1/listings/{listing}"), None).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.get(&format!("/api/v1/listings/{listing}"), Some(&seller)).await.status, StatusCode::OK);
    assert_eq!(app.get(&format!("/api/v1/listings/{listing}"), Some(&moderator)).await.status, StatusCode::OK);
    let feed = app.get("/api/v1/listings", None).await;
    let ids: Vec<i64> = feed.body["items"].as_array().unwrap().iter().map(|c| c["id"].as_i64().unwrap()).collect();
    assert!(ids.contains(&other) && !ids.contains(&listing), "{ids:?}");

    // For a period: over by itself when the period ends.
    app.clock.advance(3 * 86_400);
    assert_eq!(app.get(&format!("/api/v1/listings/{listing}"), Some(&buyer)).await.status, StatusCode::OK);
    let res = app.post(&format!("/api/v1/trades/{trade}/messages"), Some(&seller), json!({"body": "在吗"})).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);

    // Until lifted: lifting ends it; lifting again is refused.
    app.post(&format!("/api/v1/moderation/users/{seller_id}/suspend"), Some(&moderator), json!({"reason": "再次违规"}))
        .await;
    let res = app.post(&format!("/api/v1/trades/{trade}/messages"), Some(&seller), json!({"body": "在吗"})).await;
    assert_eq!(res.code(), "account_suspended");
    app.clock.advance(365 * 86_400);
    let res = app.post(&format!("/api/v1/trades/{trade}/messages"), Some(&seller), json!({"body": "在吗"})).await;
    assert_eq!(res.code(), "account_suspended", "until lifted");
    let lift = format!("/api/v1/moderation/users/{seller_id}/lift");
    assert_eq!(app.post(&lift, Some(&moderator), json!({"reason": "申诉通过"})).await.status, StatusCode::NO_CONTENT);
    let res = app.post(&lift, Some(&moderator), json!({"reason": "申诉通过"})).await;
    assert_eq!((res.status, res.code()), (StatusCode::CONFLICT, "not_suspended"));
    let res = app.post(&format!("/api/v1/trades/{trade}/messages"), Some(&seller), json!({"body": "在吗"})).await;
    assert_eq!(res.status, StatusCode::CREATED);
}

#[tokio::test]
async fn moderators_cannot_suspend_themselves_or_the_last_moderator() {
    let (app, moderator) = TestApp::with_moderator().await;
    let me = app.get("/api/v1/me", Some(&moderator)).await.body["id"].as_i64().unwrap();
    let res = app
        .post(&format!("/api/v1/moderation/users/{me}/suspend"), Some(&moderator), json!({"reason": "测试一下"}))
        .await;
    assert_eq!((res.status, res.code()), (StatusCode::CONFLICT, "cannot_suspend_self"));
    let (second_id, second) = app.register("Second", "m2@example.com").await;
    linli_server::db::users::grant_role(&app.db, second_id, Role::Moderator, None).await.unwrap();
    // One suspends the other: then the one left cannot be suspended by anyone in force.
    let res = app
        .post(&format!("/api/v1/moderation/users/{second_id}/suspend"), Some(&moderator), json!({"reason": "账号被盗"}))
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    let res =
        app.post(&format!("/api/v1/moderation/users/{me}/suspend"), Some(&second), json!({"reason": "报复"})).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN, "a suspended moderator moderates nothing");
    // Directly at the database layer (no route lets it happen): the last moderator in force.
    let err = linli_server::db::moderation::suspend(&app.db, app.clock.now(), second_id, me, "x", None).await;
    assert!(err.is_err());
    let suspended: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM suspensions WHERE user_id = $1")
        .bind(me)
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    assert_eq!(suspended, 0, "nothing changed");
}

#[tokio::test]
async fn the_reports_queue_groups_per_target_most_reported_first() {
    let (app, moderator) = TestApp::with_moderator().await;
    let (owner_id, owner) = app.register("Owner", "owner@example.com").await;
    let a = app.listing(&owner, "可疑手机", "", 900).await;
    let b = app.listing(&owner, "普通台灯", "", 20).await;
    let mut reporters = Vec::new();
    for i in 0..3 {
        reporters.push(app.register(&format!("Reporter {i}"), &format!("rep{i}@example.com")).await.1);
    }
    for (i, r) in reporters.iter().enumerate() {
        let reason = if i == 0 { "misleading" } else { "fraud" };
        app.post(&format!("/api/v1/listings/{a}/reports"), Some(r), json!({"reason": reason, "note": "价格太低"}))
            .await;
    }
    app.post(&format!("/api/v1/listings/{b}/reports"), Some(&reporters[0]), json!({"reason": "spam"})).await;
    for r in &reporters[..2] {
        let res = app.post(&format!("/api/v1/users/{owner_id}/reports"), Some(r), json!({"reason": "fraud"})).await;
        assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    }
    let again =
        app.post(&format!("/api/v1/users/{owner_id}/reports"), Some(&reporters[0]), json!({"reason": "fraud"})).await;
    assert_eq!((again.status, again.body["already_reported"].clone()), (StatusCode::OK, json!(true)));
    let me = app.post(&format!("/api/v1/users/{owner_id}/reports"), Some(&owner), json!({"reason": "fraud"})).await;
    assert_eq!(me.status, StatusCode::CONFLICT);

    let q = app.get("/api/v1/moderation/reports", Some(&moderator)).await;
    let groups = q.body.as_array().unwrap();
    let summary: Vec<(String, i64, i64)> = groups
        .iter()
        .map(|g| {
            (g["target"].as_str().unwrap().to_string(), g["target_id"].as_i64().unwrap(), g["count"].as_i64().unwrap())
        })
        .collect();
    assert_eq!(summary, [("listing".into(), a, 3), ("user".into(), owner_id, 2), ("listing".into(), b, 1)]);
    assert_eq!(groups[0]["reasons"], json!([{"reason": "fraud", "count": 2}, {"reason": "misleading", "count": 1}]));
    assert_eq!(groups[0]["label"], "可疑手机");

    // Hide with a reason (the owner sees it), dismiss the others: each is audited.
    let res =
        app.post(&format!("/api/v1/admin/listings/{a}/hide"), Some(&moderator), json!({"reason": "疑似诈骗"})).await;
    assert_eq!(res.status, StatusCode::OK);
    let own = app.get(&format!("/api/v1/listings/{a}"), Some(&owner)).await;
    assert!(own.text.contains("疑似诈骗"), "{}", own.text);
    let res = app
        .post(
            &format!("/api/v1/moderation/reports/listing/{b}/dismiss"),
            Some(&moderator),
            json!({"reason": "正常商品"}),
        )
        .await;
    assert_eq!(res.status, StatusCode::NO_CONTENT);
    let res = app
        .post(
            &format!("/api/v1/moderation/reports/listing/{b}/dismiss"),
            Some(&moderator),
            json!({"reason": "正常商品"}),
        )
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND, "nothing left to dismiss");
    let res = app
        .post(&format!("/api/v1/moderation/users/{owner_id}/warn"), Some(&moderator), json!({"reason": "请如实描述"}))
        .await;
    assert_eq!(res.status, StatusCode::NO_CONTENT);
    let standing = app.get("/api/v1/me/standing", Some(&owner)).await;
    assert_eq!(standing.body["warnings"][0]["detail"], "请如实描述");

    let q = app.get("/api/v1/moderation/reports", Some(&moderator)).await;
    let targets: Vec<i64> = q.body.as_array().unwrap().iter().map(|g| g["target_id"].as_i64().unwrap()).collect();
    assert_eq!(targets, [a, owner_id], "dismissed reports leave the queue");
    assert_eq!(q.body[0]["actioned"], true, "hidden");

    let log = app.get("/api/v1/moderation/audit", Some(&moderator)).await;
    let actions: Vec<&str> = log.body.as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["warn", "dismiss_reports", "hide_listing"], "newest first");
    // The reason as written, and what was done as data each reader's language names.
    assert_eq!(log.body[1]["detail"], "正常商品", "{}", log.text);
    assert_eq!(log.body[1]["fact"], json!({"kind": "dismissed", "reports": 1}));
    assert_eq!(log.body[2]["fact"], json!({"kind": "none"}));
    let found = app.get("/api/v1/moderation/audit?q=%E8%AF%88%E9%AA%97", Some(&moderator)).await;
    assert_eq!(found.body.as_array().unwrap().len(), 1, "search by words: {}", found.text);
    // …and by an action's name in either language (隐藏闲置 / "listing hidden").
    for q in ["%E9%9A%90%E8%97%8F", "listing%20hidden"] {
        let named = app.get(&format!("/api/v1/moderation/audit?q={q}"), Some(&moderator)).await;
        let actions: Vec<&str> = named.body.as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
        assert_eq!(actions, ["hide_listing"], "{q}: {}", named.text);
    }
    let by_target =
        app.get(&format!("/api/v1/moderation/audit?target_kind=user&target_id={owner_id}"), Some(&moderator)).await;
    assert_eq!(by_target.body[0]["action"], "warn");
    let too_long = app.get(&format!("/api/v1/moderation/audit?q={}", "a".repeat(101)), Some(&moderator)).await;
    assert_eq!(too_long.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn nothing_in_the_api_edits_or_deletes_the_audit_log() {
    let w = world().await;
    let doc = w.app.get("/api/v1/openapi.json", None).await;
    for (path, item) in doc.body["paths"].as_object().unwrap() {
        if path.contains("audit") {
            let methods: Vec<&String> = item.as_object().unwrap().keys().collect();
            assert_eq!(methods, ["get"], "{path}");
        }
    }
    let _ = (w.moderator_id, w.suspended_id);
}

#[tokio::test]
async fn the_demo_seed_has_disputes_in_every_state_reports_a_suspension_and_history() {
    let app = TestApp::new().await;
    assert!(linli_server::seed::seed_if_empty(&app.db, &app.media).await.unwrap());
    let login = app
        .post(
            "/api/v1/auth/login",
            None,
            json!({"login": "moderator@linli.demo", "password": linli_server::seed::DEMO_PASSWORD}),
        )
        .await;
    let moderator = login.session().expect("demo moderator signs in");
    let queue = app.get("/api/v1/moderation/disputes", Some(&moderator)).await;
    let states: Vec<&str> = queue.body.as_array().unwrap().iter().map(|d| d["state"].as_str().unwrap()).collect();
    assert_eq!(states, ["overdue", "answered", "awaiting_answer"], "oldest first: {}", queue.text);
    let decided: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM disputes WHERE state = 'decided'")
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    assert_eq!(decided, 2);
    let reports = app.get("/api/v1/moderation/reports", Some(&moderator)).await;
    let targets: Vec<&str> = reports.body.as_array().unwrap().iter().map(|g| g["target"].as_str().unwrap()).collect();
    assert!(targets.contains(&"user") && targets.iter().filter(|t| **t == "listing").count() >= 2, "{targets:?}");
    let suspended = app.get("/api/v1/moderation/suspensions", Some(&moderator)).await;
    assert_eq!(suspended.body[0]["active"], true);
    let log = app.get("/api/v1/moderation/audit", Some(&moderator)).await;
    let actions: Vec<&str> = log.body.as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    for a in ["decide_dispute", "suspend", "warn", "dismiss_reports"] {
        assert!(actions.contains(&a), "{a} in {actions:?}");
    }
}

/// The listing's group in the reports queue, if any.
async fn queued(app: &TestApp, moderator: &str, listing: i64) -> Option<Value> {
    let q = app.get("/api/v1/moderation/reports", Some(moderator)).await;
    q.body.as_array().unwrap().iter().find(|g| g["target_id"] == listing && g["target"] == "listing").cloned()
}

#[tokio::test]
async fn the_owner_of_a_hidden_listing_asks_for_a_review_once_and_a_moderator_answers() {
    let (app, moderator) = TestApp::with_moderator().await;
    let (_, owner) = app.register("Owner", "owner@example.com").await;
    let (_, other) = app.register("Other", "other@example.com").await;
    let (mod2_id, mod2) = app.register("Moderator Two", "m2@example.com").await;
    linli_server::db::users::grant_role(&app.db, mod2_id, Role::Moderator, None).await.unwrap();
    let listing = app.listing(&owner, "二手电动车", "", 800).await;
    let review = format!("/api/v1/listings/{listing}/review");
    let keep = format!("/api/v1/admin/listings/{listing}/keep-hidden");
    let detail = format!("/api/v1/listings/{listing}");

    // Not hidden: nothing to review, nothing to keep.
    let res = app.post(&review, Some(&owner), json!({"note": "为什么"})).await;
    assert_eq!((res.status, res.code()), (StatusCode::CONFLICT, "listing_not_hidden"), "{}", res.text);
    let res = app.post(&keep, Some(&moderator), json!({"reason": "维持"})).await;
    assert_eq!((res.status, res.code()), (StatusCode::CONFLICT, "listing_not_hidden"), "{}", res.text);

    let res = app
        .post(
            &format!("/api/v1/admin/listings/{listing}/hide"),
            Some(&moderator),
            json!({"reason": "缺少电池合格证明"}),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    // The owner sees why, on the listing and in their own list, and may edit and ask.
    let own = app.get(&detail, Some(&owner)).await;
    assert_eq!(own.body["hidden_reason"], "缺少电池合格证明");
    assert_eq!(own.body["review"]["state"], "not_asked");
    let actions = own.body["actions"].as_array().unwrap();
    assert!(actions.contains(&json!("ask_review")) && actions.contains(&json!("edit")), "{actions:?}");
    let mine = app.get("/api/v1/me/listings", Some(&owner)).await;
    assert_eq!(mine.body[0]["hidden_reason"], "缺少电池合格证明", "{}", mine.text);
    assert!(queued(&app, &moderator, listing).await.is_none(), "no reports, no request: not in the queue");

    // Nobody else may ask: anonymous 401, another resident 404 (no hint), a moderator 403.
    for (who, session, status) in [
        ("anonymous", None, StatusCode::UNAUTHORIZED),
        ("other resident", Some(other.as_str()), StatusCode::NOT_FOUND),
        ("moderator", Some(moderator.as_str()), StatusCode::FORBIDDEN),
    ] {
        let before = audit_count(&app).await;
        let res = app.post(&review, session, json!({"note": "请复核"})).await;
        assert_eq!(res.status, status, "{who}: {}", res.text);
        assert!(!res.code().is_empty(), "typed error");
        assert_eq!(audit_count(&app).await, before, "{who}: nothing written");
    }
    assert!(queued(&app, &moderator, listing).await.is_none());
    // Bad input: refused at its field, nothing written.
    let res = app.post(&review, Some(&owner), json!({"note": "长".repeat(501)})).await;
    assert_eq!((res.status, res.field()), (StatusCode::UNPROCESSABLE_ENTITY, "note"), "{}", res.text);
    assert_eq!(app.get(&detail, Some(&owner)).await.body["review"]["state"], "not_asked");

    // The owner asks once; a second time is a typed 409.
    let res = app.post(&review, Some(&owner), json!({"note": "已补充合格证照片"})).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert_eq!(res.body["review"]["state"], "requested");
    assert_eq!(res.body["review"]["note"], "已补充合格证照片");
    let res = app.post(&review, Some(&owner), json!({"note": "再看看"})).await;
    assert_eq!((res.status, res.code()), (StatusCode::CONFLICT, "review_already_requested"));

    // It is in the moderators' queue, first, marked with the owner's note and the hide's reason.
    let g = queued(&app, &moderator, listing).await.expect("in the queue");
    assert_eq!(g["review"]["state"], "requested");
    assert_eq!(g["review"]["note"], "已补充合格证照片");
    assert_eq!(g["hidden_reason"], "缺少电池合格证明");
    assert_eq!(g["count"], 0);
    // Nothing of it leaks: the listing stays 404 for others.
    assert_eq!(app.get(&detail, Some(&other)).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.get(&detail, None).await.status, StatusCode::NOT_FOUND);

    // Keeping it hidden: moderators only (in force), with a reason.
    for (who, session, status) in [
        ("anonymous", None, StatusCode::UNAUTHORIZED),
        ("owner", Some(owner.as_str()), StatusCode::FORBIDDEN),
        ("other resident", Some(other.as_str()), StatusCode::FORBIDDEN),
    ] {
        let before = audit_count(&app).await;
        let res = app.post(&keep, session, json!({"reason": "证明不清晰"})).await;
        assert_eq!(res.status, status, "{who}: {}", res.text);
        assert_eq!(audit_count(&app).await, before, "{who}: nothing written");
    }
    let res = app.post(&keep, Some(&moderator), json!({"reason": " "})).await;
    assert_eq!((res.status, res.field()), (StatusCode::UNPROCESSABLE_ENTITY, "reason"));
    let res = app.post(&keep, Some(&mod2), json!({"reason": "证明照片看不清"})).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert_eq!(res.body["review"]["state"], "kept");
    let own = app.get(&detail, Some(&owner)).await;
    assert_eq!(own.body["review"]["answer"], "证明照片看不清");
    assert!(!own.body["actions"].as_array().unwrap().contains(&json!("ask_review")), "once per hide");
    let res = app.post(&review, Some(&owner), json!({})).await;
    assert_eq!((res.status, res.code()), (StatusCode::CONFLICT, "review_already_requested"));
    let res = app.post(&keep, Some(&moderator), json!({"reason": "再次维持"})).await;
    assert_eq!((res.status, res.code()), (StatusCode::CONFLICT, "no_review_requested"));
    assert!(queued(&app, &moderator, listing).await.is_none(), "answered: out of the queue");

    // A new hide may be reviewed again; restoring it ends the hide and its review.
    app.post(&format!("/api/v1/admin/listings/{listing}/unhide"), Some(&moderator), json!({})).await;
    app.post(&format!("/api/v1/admin/listings/{listing}/hide"), Some(&moderator), json!({"reason": "再次核实"})).await;
    let res = app.post(&review, Some(&owner), json!({"note": "证明已更新"})).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert!(queued(&app, &moderator, listing).await.is_some());
    let res = app.post(&format!("/api/v1/admin/listings/{listing}/unhide"), Some(&moderator), json!({})).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    let seen = app.get(&detail, Some(&other)).await;
    assert_eq!(seen.status, StatusCode::OK);
    assert!(seen.body.get("review").is_none() && seen.body.get("hidden_reason").is_none(), "{}", seen.text);
    assert!(app.get(&detail, Some(&owner)).await.body.get("review").is_none());
    assert!(queued(&app, &moderator, listing).await.is_none());

    // The audit log has each step, with who did it.
    let log =
        app.get(&format!("/api/v1/moderation/audit?target_kind=listing&target_id={listing}"), Some(&moderator)).await;
    let steps: Vec<(&str, &str)> = log
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["action"].as_str().unwrap(), e["actor_name"].as_str().unwrap()))
        .collect();
    assert_eq!(
        steps,
        [
            ("unhide_listing", "Founder"),
            ("ask_review", "Owner"),
            ("hide_listing", "Founder"),
            ("unhide_listing", "Founder"),
            ("keep_hidden", "Moderator Two"),
            ("ask_review", "Owner"),
            ("hide_listing", "Founder"),
        ],
        "{}",
        log.text
    );
}

#[tokio::test]
async fn a_resident_reports_an_account_and_sees_their_own_standing() {
    let (app, moderator) = TestApp::with_moderator().await;
    let (target_id, target) = app.register("Target", "t@example.com").await;
    let (_, reporter) = app.register("Reporter", "rep@example.com").await;
    let path = format!("/api/v1/users/{target_id}/reports");
    assert_eq!(app.post(&path, None, json!({"reason": "fraud"})).await.status, StatusCode::UNAUTHORIZED);
    let res = app.post(&path, Some(&reporter), json!({"reason": "fraud", "note": "长".repeat(501)})).await;
    assert_eq!((res.status, res.field()), (StatusCode::UNPROCESSABLE_ENTITY, "note"), "{}", res.text);
    let res = app.post("/api/v1/users/999999/reports", Some(&reporter), json!({"reason": "fraud"})).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    let res = app.post(&path, Some(&reporter), json!({"reason": "fraud", "note": "收钱不发货"})).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    let q = app.get("/api/v1/moderation/reports", Some(&moderator)).await;
    assert_eq!(q.body[0]["target"], "user");
    assert_eq!(q.body[0]["notes"], json!(["收钱不发货"]));

    // Standing: anonymous 401; one's own only (no id in the path: nobody reads another's).
    assert_eq!(app.get("/api/v1/me/standing", None).await.status, StatusCode::UNAUTHORIZED);
    let clean = app.get("/api/v1/me/standing", Some(&target)).await;
    assert_eq!(clean.body, json!({"suspension": null, "warnings": []}));
    app.post(&format!("/api/v1/moderation/users/{target_id}/warn"), Some(&moderator), json!({"reason": "请如实描述"}))
        .await;
    app.post(
        &format!("/api/v1/moderation/users/{target_id}/suspend"),
        Some(&moderator),
        json!({"reason": "多次被举报", "days": 7}),
    )
    .await;
    let s = app.get("/api/v1/me/standing", Some(&target)).await;
    assert_eq!(s.body["warnings"][0]["detail"], "请如实描述");
    assert!(s.body["warnings"][0]["at"].as_i64().unwrap() > 0);
    assert_eq!(s.body["suspension"]["reason"], "多次被举报");
    assert_eq!(
        s.body["suspension"]["ends_at"].as_i64().unwrap() - s.body["suspension"]["starts_at"].as_i64().unwrap(),
        7 * 86_400
    );
    let theirs = app.get("/api/v1/me/standing", Some(&reporter)).await;
    assert_eq!(theirs.body, json!({"suspension": null, "warnings": []}), "nothing of another's leaks");
}

#[tokio::test]
async fn a_suspended_account_can_only_step_back_and_its_roles_rest() {
    let (app, moderator) = TestApp::with_moderator().await;
    let (seller_id, seller) = app.register("Seller", "s@example.com").await;
    let (_, buyer) = app.register("Buyer", "b@example.com").await;
    let (organiser_id, organiser) = app.register("Organiser", "o@example.com").await;
    let (mod2_id, mod2) = app.register("Second", "m2@example.com").await;
    linli_server::db::users::grant_role(&app.db, mod2_id, Role::Moderator, None).await.unwrap();
    let listing = app.listing(&seller, "儿童自行车", "", 60).await;
    let other = app.listing(&seller, "台灯", "", 20).await;
    let sofa = app.listing(&buyer, "沙发", "", 200).await;
    let (market, date, _) = common::market_and_booking(&app, &organiser, &buyer).await;
    let request = |id: i64| format!("/api/v1/listings/{id}/trades");
    let held = app.post(&request(listing), Some(&buyer), json!({})).await.body["id"].as_i64().unwrap();
    app.post(&format!("/api/v1/trades/{held}/accept"), Some(&seller), json!({})).await;
    let waiting = app.post(&request(other), Some(&buyer), json!({})).await.body["id"].as_i64().unwrap();
    assert_eq!(
        app.call(Method::PUT, &format!("/api/v1/listings/{sofa}/favourite"), Some(&seller), None).await.status,
        StatusCode::OK
    );
    assert_eq!(
        app.call(Method::PUT, &format!("/api/v1/listings/{other}/favourite"), Some(&buyer), None).await.status,
        StatusCode::OK
    );
    for id in [seller_id, organiser_id, mod2_id] {
        let path = format!("/api/v1/moderation/users/{id}/suspend");
        let res = app.post(&path, Some(&moderator), json!({"reason": "刷单炒信", "days": 3})).await;
        assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    }
    let refused = |res: &common::Answer, what: &str| {
        assert_eq!((res.status, res.code()), (StatusCode::FORBIDDEN, "account_suspended"), "{what}: {}", res.text);
    };

    // Nobody can ask for a suspended seller's listing, even knowing its id.
    let res = app.post(&request(other), Some(&buyer), json!({})).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND, "{}", res.text);
    let favourites = app.get("/api/v1/me/favourites", Some(&buyer)).await;
    assert_eq!(favourites.body.as_array().map(Vec::len), Some(0), "{}", favourites.text);

    // The suspended seller cannot advance a trade, rate, dispute, report or favourite…
    refused(&app.post(&format!("/api/v1/trades/{held}/confirm"), Some(&seller), json!({})).await, "confirm");
    refused(&app.post(&format!("/api/v1/trades/{waiting}/accept"), Some(&seller), json!({})).await, "accept");
    let dispute = json!({"reason": "defective", "description": "刹车坏了"});
    refused(&app.post(&format!("/api/v1/trades/{held}/disputes"), Some(&seller), dispute).await, "dispute");
    let report = json!({"reason": "spam", "note": ""});
    refused(&app.post(&format!("/api/v1/listings/{sofa}/reports"), Some(&seller), report.clone()).await, "report");
    refused(&app.post("/api/v1/users/1/reports", Some(&seller), report).await, "report a user");
    refused(
        &app.call(Method::PUT, &format!("/api/v1/listings/{sofa}/favourite"), Some(&seller), None).await,
        "favourite",
    );
    let unfavourite =
        app.call(Method::DELETE, &format!("/api/v1/listings/{sofa}/favourite"), Some(&seller), None).await;
    assert_eq!(unfavourite.status, StatusCode::OK, "taking one back is stepping back: {}", unfavourite.text);
    // …and is offered only what it may still do…
    let view = app.get(&format!("/api/v1/trades/{waiting}"), Some(&seller)).await;
    assert_eq!(view.body["actions"], json!(["decline"]), "{}", view.text);
    let page = app.get(&format!("/api/v1/listings/{sofa}"), Some(&seller)).await;
    assert_eq!(page.body["actions"], json!([]), "no request, favourite or report: {}", page.text);
    // …but it can step back, so nobody waits on it.
    let res = app.post(&format!("/api/v1/trades/{waiting}/decline"), Some(&seller), json!({})).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    let res = app.post(&format!("/api/v1/trades/{held}/cancel"), Some(&seller), json!({"reason": "账号被限制"})).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    let res = app.post(&format!("/api/v1/listings/{listing}/withdraw"), Some(&seller), json!({})).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);

    // Granted roles rest: the app shows none, and the server grants none of their powers.
    for who in [&organiser, &mod2] {
        let me = app.get("/api/v1/me", Some(who)).await;
        assert_eq!(me.body["roles"], json!(["resident"]), "{}", me.text);
    }
    let body = json!({"seed": false, "reason": "x"});
    refused(&app.call(Method::PUT, "/api/v1/admin/users/2/trust-seed", Some(&mod2), Some(body)).await, "trust seed");
    refused(&app.get("/api/v1/admin/users/2/trust-seed", Some(&mod2)).await, "trust seed");
    refused(&app.get("/api/v1/moderation/reports", Some(&mod2)).await, "reports queue");
    let stalls = format!("/api/v1/markets/{market}/dates/{date}/stalls");
    assert_eq!(app.get(&stalls, Some(&mod2)).await.status, StatusCode::FORBIDDEN);
    refused(&app.get(&stalls, Some(&organiser)).await, "own stall list");
    refused(
        &app.post(
            &format!("/api/v1/markets/{market}/dates/{date}/cancel"),
            Some(&organiser),
            json!({"reason": "下雨"}),
        )
        .await,
        "cancel a date",
    );
    let page = app.get(&format!("/api/v1/markets/{market}"), Some(&organiser)).await;
    assert_eq!(page.body["market"]["can_edit"], false, "{}", page.text);
    let point = json!({"name": "回收站", "kind": "station", "materials": ["paper"], "opening_hours": "Mo-Su 08:00-18:00",
        "address": "田林路 1 号", "lat": 31.17, "lng": 121.42, "contact": ""});
    refused(&app.post("/api/v1/recycling/points", Some(&organiser), point).await, "a recycling point");

    // Lifted: everything is back.
    for id in [seller_id, organiser_id, mod2_id] {
        let lift = format!("/api/v1/moderation/users/{id}/lift");
        assert_eq!(
            app.post(&lift, Some(&moderator), json!({"reason": "申诉通过"})).await.status,
            StatusCode::NO_CONTENT
        );
    }
    assert_eq!(app.get(&stalls, Some(&organiser)).await.status, StatusCode::OK);
    assert_eq!(app.get("/api/v1/admin/users/2/trust-seed", Some(&mod2)).await.status, StatusCode::OK);
    let res = app.post(&request(other), Some(&buyer), json!({})).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
}
