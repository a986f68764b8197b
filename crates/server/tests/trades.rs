//! Trades through the router: the whole life of a trade, who may do what, double-blind ratings,
//! credit and impact, and 50 simultaneous acceptances of one listing.

mod common;

use axum::http::{Method, StatusCode};
use common::TestApp;
use serde_json::json;

struct Deal {
    listing: i64,
    trade: i64,
}

async fn request(app: &TestApp, buyer: &str, listing: i64) -> i64 {
    let res = app
        .post(&format!("/api/v1/listings/{listing}/trades"), Some(buyer), json!({"message": "周六下午方便吗？"}))
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    res.body["id"].as_i64().unwrap()
}

async fn act(app: &TestApp, who: &str, trade: i64, action: &str) -> common::Answer {
    app.call(Method::POST, &format!("/api/v1/trades/{trade}/{action}"), Some(who), None).await
}

/// A listing by `seller` taken by `buyer` up to the completed hand-over.
async fn completed(app: &TestApp, seller: &str, buyer: &str, title: &str) -> Deal {
    let listing = app.listing(seller, title, "", 120).await;
    let trade = request(app, buyer, listing).await;
    assert_eq!(act(app, seller, trade, "accept").await.status, StatusCode::OK);
    assert_eq!(act(app, buyer, trade, "confirm").await.status, StatusCode::OK);
    let done = act(app, seller, trade, "confirm").await;
    assert_eq!(done.body["state"], "completed", "{}", done.text);
    Deal { listing, trade }
}

async fn rate(app: &TestApp, who: &str, trade: i64, stars: u8) -> common::Answer {
    app.post(
        &format!("/api/v1/trades/{trade}/rating"),
        Some(who),
        json!({"stars": stars, "tags": ["on_time", "friendly"], "comment": "很顺利"}),
    )
    .await
}

#[tokio::test]
async fn a_trade_from_request_to_double_blind_ratings() {
    let (app, _) = TestApp::with_moderator().await;
    let (seller_id, seller) = app.register("卖家老陈", "seller@example.com").await;
    let (buyer_id, buyer) = app.register("买家小王", "buyer@example.com").await;
    let (_, other) = app.register("路人", "other@example.com").await;
    let listing = app.listing(&seller, "九阳豆浆机", "", 80).await;

    let trade = request(&app, &buyer, listing).await;
    let view = app.get(&format!("/api/v1/trades/{trade}"), Some(&seller)).await;
    assert_eq!((view.body["state"].as_str(), view.body["my_side"].as_str()), (Some("requested"), Some("seller")));
    assert_eq!(view.body["unread"], 1, "the buyer's first message");
    assert_eq!(app.get("/api/v1/me/unread", Some(&seller)).await.body, json!({"messages": 1, "actions": 1}));

    // Accepting reserves the listing for everyone else.
    assert_eq!(act(&app, &seller, trade, "accept").await.body["state"], "accepted");
    assert_eq!(app.get(&format!("/api/v1/listings/{listing}"), Some(&other)).await.body["status"], "reserved");

    // Messages: the thread of two, newest last, with read marks.
    let path = format!("/api/v1/trades/{trade}/messages");
    let sent = app.post(&path, Some(&seller), json!({"body": "可以，北门见"})).await;
    assert_eq!(sent.status, StatusCode::CREATED);
    assert_eq!(app.post(&path, Some(&buyer), json!({"body": "好的"})).await.status, StatusCode::CREATED);
    let thread = app.get(&format!("/api/v1/trades/{trade}/messages"), Some(&seller)).await;
    let bodies: Vec<&str> = thread.body.as_array().unwrap().iter().map(|m| m["body"].as_str().unwrap()).collect();
    assert_eq!(bodies, ["周六下午方便吗？", "可以，北门见", "好的"]);
    assert_eq!(app.get("/api/v1/me/unread", Some(&seller)).await.body["messages"], 1, "fetching does not write");
    let last = thread.body.as_array().unwrap().last().unwrap()["id"].clone();
    let read = app.post(&format!("/api/v1/trades/{trade}/read"), Some(&seller), json!({"last_id": last})).await;
    assert_eq!(read.status, StatusCode::NO_CONTENT);
    assert_eq!(app.get("/api/v1/me/unread", Some(&seller)).await.body["messages"], 0, "read once marked");

    // Both confirm the hand-over: completed, sold, impact credited to both.
    assert_eq!(act(&app, &buyer, trade, "confirm").await.body["state"], "accepted");
    let done = act(&app, &seller, trade, "confirm").await;
    assert_eq!(done.body["state"], "completed");
    assert!(done.body["kg_co2e"].as_f64().unwrap() > 0.0);
    assert_eq!(app.get(&format!("/api/v1/listings/{listing}"), None).await.body["status"], "sold");
    assert_eq!(app.get("/api/v1/me/impact", Some(&buyer)).await.body["trades"], 1);
    assert_eq!(app.get("/api/v1/communities/1", None).await.body["impact"]["trades"], 1);

    // Double-blind: the seller's rating stays hidden from the buyer until the buyer rates.
    assert_eq!(rate(&app, &seller, trade, 5).await.status, StatusCode::OK);
    let before = app.get(&format!("/api/v1/trades/{trade}"), Some(&buyer)).await.body["ratings"].clone();
    assert_eq!((before["theirs"].clone(), before["theirs_submitted"].clone()), (json!(null), json!(true)));
    assert!(app.get(&format!("/api/v1/users/{buyer_id}"), None).await.body["ratings"].as_array().unwrap().is_empty());
    assert_eq!(rate(&app, &buyer, trade, 4).await.status, StatusCode::OK);
    let after = app.get(&format!("/api/v1/trades/{trade}"), Some(&buyer)).await.body["ratings"].clone();
    assert_eq!(after["theirs"]["stars"], 5);
    let profile = app.get(&format!("/api/v1/users/{seller_id}"), None).await;
    assert_eq!(profile.body["ratings"][0]["stars"], 4);
    assert_eq!(profile.body["credit"]["completed_trades"], 1);
    assert_eq!(profile.body["credit"]["level"], "new_trader", "one counterparty is not enough for a level");
    assert!(!profile.text.contains("example.com"));
}

#[tokio::test]
async fn refusals_change_nothing() {
    let (app, _) = TestApp::with_moderator().await;
    let (_, seller) = app.register("Seller", "s@example.com").await;
    let (_, buyer) = app.register("Buyer", "b@example.com").await;
    let (_, stranger) = app.register("Stranger", "x@example.com").await;
    let listing = app.listing(&seller, "Kettle", "", 30).await;

    let own = app.post(&format!("/api/v1/listings/{listing}/trades"), Some(&seller), json!({})).await;
    assert_eq!((own.status, own.code()), (StatusCode::CONFLICT, "cannot_trade_own"));
    let anon = app.post(&format!("/api/v1/listings/{listing}/trades"), None, json!({})).await;
    assert_eq!(anon.status, StatusCode::UNAUTHORIZED);

    let trade = request(&app, &buyer, listing).await;
    let again = app.post(&format!("/api/v1/listings/{listing}/trades"), Some(&buyer), json!({})).await;
    assert_eq!(again.code(), "already_requested");
    assert_eq!(act(&app, &buyer, trade, "accept").await.status, StatusCode::FORBIDDEN, "only the owner accepts");
    for action in ["accept", "confirm", "decline"] {
        assert_eq!(act(&app, &stranger, trade, action).await.status, StatusCode::NOT_FOUND, "{action}");
    }
    let snoop = app.get(&format!("/api/v1/trades/{trade}/messages"), Some(&stranger)).await;
    assert_eq!(snoop.status, StatusCode::NOT_FOUND);
    let intrude = app.post(&format!("/api/v1/trades/{trade}/messages"), Some(&stranger), json!({"body": "hi"})).await;
    assert_eq!(intrude.status, StatusCode::NOT_FOUND);
    assert_eq!(rate(&app, &buyer, trade, 5).await.code(), "trade_state_invalid", "not completed yet");
    assert_eq!(act(&app, &buyer, trade, "confirm").await.code(), "trade_state_invalid", "not accepted yet");
    let empty = app.post(&format!("/api/v1/trades/{trade}/messages"), Some(&buyer), json!({"body": "  "})).await;
    assert_eq!((empty.field(), empty.code()), ("body", "required"));

    act(&app, &seller, trade, "accept").await;
    // Holding it, the buyer is sent to their trade, not offered to ask again.
    let page = app.get(&format!("/api/v1/listings/{listing}"), Some(&buyer)).await;
    assert_eq!(page.body["my_trade"], trade, "{}", page.text);
    assert!(!page.body["actions"].as_array().unwrap().contains(&json!("request")), "{}", page.text);
    let queue = app.get(&format!("/api/v1/listings/{listing}"), Some(&stranger)).await;
    assert!(queue.body["actions"].as_array().unwrap().contains(&json!("request")), "others may queue");
    assert!(queue.body.get("my_trade").is_none(), "nobody sees another's trade: {}", queue.text);
    let again = app.post(&format!("/api/v1/listings/{listing}/trades"), Some(&buyer), json!({})).await;
    assert_eq!((again.status, again.code()), (StatusCode::CONFLICT, "already_requested"), "{}", again.text);
    act(&app, &buyer, trade, "confirm").await;
    let late_cancel =
        app.post(&format!("/api/v1/trades/{trade}/cancel"), Some(&seller), json!({"reason": "changed my mind"})).await;
    assert_eq!(late_cancel.code(), "handover_started", "handed over already, before the deadline");
    act(&app, &seller, trade, "confirm").await;
    assert_eq!(rate(&app, &buyer, trade, 5).await.status, StatusCode::OK);
    let twice = rate(&app, &buyer, trade, 1).await;
    assert_eq!((twice.status, twice.code()), (StatusCode::CONFLICT, "already_rated"));
    assert_eq!(rate(&app, &stranger, trade, 1).await.status, StatusCode::NOT_FOUND, "no trade with them");
    let bad = rate(&app, &seller, trade, 6).await;
    assert_eq!((bad.field(), bad.code()), ("stars", "stars_invalid"));
    let view = app.get(&format!("/api/v1/trades/{trade}"), Some(&buyer)).await;
    assert_eq!(view.body["ratings"]["mine"]["stars"], 5, "the first rating stands");
    let thanks = app.post(&format!("/api/v1/trades/{trade}/messages"), Some(&buyer), json!({"body": "谢谢！"})).await;
    assert_eq!(thanks.status, StatusCode::CREATED, "a completed trade can still be talked about");

    // After a decline the thread is closed to both.
    let other = app.listing(&seller, "Teapot", "", 20).await;
    let declined = request(&app, &buyer, other).await;
    act(&app, &seller, declined, "decline").await;
    for who in [&buyer, &seller] {
        let late =
            app.post(&format!("/api/v1/trades/{declined}/messages"), Some(who), json!({"body": "还在吗？"})).await;
        assert_eq!((late.status, late.code()), (StatusCode::CONFLICT, "trade_state_invalid"));
    }
    let thread = app.get(&format!("/api/v1/trades/{declined}/messages"), Some(&buyer)).await;
    assert!(thread.body.as_array().unwrap().iter().all(|m| m["body"] != "还在吗？"), "nothing was added");
}

#[tokio::test]
async fn a_reserved_listing_cannot_be_accepted_twice_and_frees_up_on_cancel() {
    let (app, _) = TestApp::with_moderator().await;
    let (_, seller) = app.register("Seller", "s@example.com").await;
    let (_, a) = app.register("First", "a@example.com").await;
    let (_, b) = app.register("Second", "b@example.com").await;
    let listing = app.listing(&seller, "Bike", "", 300).await;
    let ta = request(&app, &a, listing).await;
    let tb = request(&app, &b, listing).await;
    assert_eq!(act(&app, &seller, ta, "accept").await.status, StatusCode::OK);
    let second = act(&app, &seller, tb, "accept").await;
    assert_eq!((second.status, second.code()), (StatusCode::CONFLICT, "already_reserved"));
    assert_eq!(app.get(&format!("/api/v1/trades/{tb}"), Some(&b)).await.body["state"], "requested");

    let short = app.post(&format!("/api/v1/trades/{ta}/cancel"), Some(&a), json!({"reason": ""})).await;
    assert_eq!((short.field(), short.code()), ("reason", "required"));
    let cancelled = app.post(&format!("/api/v1/trades/{ta}/cancel"), Some(&a), json!({"reason": "买到别的了"})).await;
    assert_eq!(cancelled.body["state"], "cancelled");
    assert_eq!(app.get(&format!("/api/v1/listings/{listing}"), None).await.body["status"], "active");
    assert_eq!(act(&app, &seller, tb, "accept").await.body["state"], "accepted");
}

#[tokio::test]
async fn unanswered_requests_expire_after_72_hours() {
    let (app, _) = TestApp::with_moderator().await;
    let (_, seller) = app.register("Seller", "s@example.com").await;
    let (_, buyer) = app.register("Buyer", "b@example.com").await;
    let listing = app.listing(&seller, "Lamp", "", 20).await;
    let trade = request(&app, &buyer, listing).await;
    app.clock.advance(72 * 3600);
    assert_eq!(app.get(&format!("/api/v1/trades/{trade}"), Some(&buyer)).await.body["state"], "expired");
    assert_eq!(act(&app, &seller, trade, "accept").await.code(), "trade_state_invalid");
    // Expired, the buyer may ask again.
    request(&app, &buyer, listing).await;
}

#[tokio::test]
async fn swaps_name_what_is_offered() {
    let (app, _) = TestApp::with_moderator().await;
    let (_, seller) = app.register("Seller", "s@example.com").await;
    let (_, buyer) = app.register("Buyer", "b@example.com").await;
    let listing = app.listing_with(&seller, json!({"offer": {"mode": "swap", "swap_for": "书架"}})).await;
    let missing = app.post(&format!("/api/v1/listings/{listing}/trades"), Some(&buyer), json!({})).await;
    assert_eq!((missing.field(), missing.code()), ("swap_offer", "required"));
    let ok =
        app.post(&format!("/api/v1/listings/{listing}/trades"), Some(&buyer), json!({"swap_offer": "宜家书架"})).await;
    assert_eq!(ok.body["swap_offer"], "宜家书架");
}

#[tokio::test]
async fn a_lone_rating_shows_once_the_window_closes_and_late_ratings_are_refused() {
    let (app, _) = TestApp::with_moderator().await;
    let (_, seller) = app.register("Seller", "s@example.com").await;
    let (buyer_id, buyer) = app.register("Buyer", "b@example.com").await;
    let deal = completed(&app, &seller, &buyer, "Chair").await;
    rate(&app, &seller, deal.trade, 2).await;
    app.clock.advance(14 * 86400);
    let late = rate(&app, &buyer, deal.trade, 5).await;
    assert_eq!((late.status, late.code()), (StatusCode::CONFLICT, "rating_window_closed"));
    let profile = app.get(&format!("/api/v1/users/{buyer_id}"), None).await;
    assert_eq!(profile.body["ratings"][0]["stars"], 2, "visible after the window");
    let _ = deal.listing;
}

#[tokio::test]
async fn credit_levels_appear_on_cards_after_enough_distinct_counterparties() {
    let (app, _) = TestApp::with_moderator().await;
    let (seller_id, seller) = app.register("Trusted", "t@example.com").await;
    for i in 0..3 {
        let (_, buyer) = app.register(&format!("Buyer {i}"), &format!("b{i}@example.com")).await;
        let deal = completed(&app, &seller, &buyer, &format!("Item {i}")).await;
        rate(&app, &buyer, deal.trade, 5).await;
        rate(&app, &seller, deal.trade, 5).await;
    }
    let profile = app.get(&format!("/api/v1/users/{seller_id}"), None).await;
    assert_eq!(profile.body["credit"]["distinct_counterparties"], 3);
    assert_ne!(profile.body["credit"]["level"], "new_trader");
    app.listing(&seller, "Fresh listing", "", 10).await;
    let feed = app.get("/api/v1/listings", None).await;
    assert_eq!(feed.body["items"][0]["seller_level"], profile.body["credit"]["level"]);
    let factors = profile.body["credit"]["factors"].as_array().unwrap();
    assert!(factors.iter().any(|f| f["kind"] == "young_raters"), "new buyers vouch with little weight: {factors:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_simultaneous_acceptances_let_exactly_one_trade_hold_the_listing() {
    let (app, _) = TestApp::with_moderator().await;
    let (_, seller) = app.register("Popular", "p@example.com").await;
    let listing = app.listing(&seller, "Free sofa", "", 1).await;
    let mut trades = Vec::new();
    for i in 0..50 {
        let (_, buyer) = app.register(&format!("Fan {i}"), &format!("fan{i}@example.com")).await;
        trades.push(request(&app, &buyer, listing).await);
    }
    let app = std::sync::Arc::new(app);
    let handles: Vec<_> = trades
        .iter()
        .map(|&t| {
            let (app, seller) = (app.clone(), seller.clone());
            tokio::spawn(async move { act(&app, &seller, t, "accept").await })
        })
        .collect();
    let mut ok = 0;
    for h in handles {
        let res = h.await.unwrap();
        match res.status {
            StatusCode::OK => ok += 1,
            StatusCode::CONFLICT => assert_eq!(res.code(), "already_reserved", "{}", res.text),
            other => panic!("unexpected {other}: {}", res.text),
        }
    }
    assert_eq!(ok, 1, "exactly one acceptance wins");
    let holders: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM trades WHERE listing_id = $1 AND state = 'accepted'")
        .bind(listing)
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    assert_eq!(holders, 1);
    assert_eq!(app.get(&format!("/api/v1/listings/{listing}"), None).await.body["status"], "reserved");
}
