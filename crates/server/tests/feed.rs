//! The feed as a marketplace: reserved listings stay in it (badged, still open to requests),
//! each card carries "n 人想要" (favourites and open requests, from the feed's one query) and
//! its cover photo's size; green impact counts at most a documented number of trades between
//! the same two accounts.

mod common;

use axum::http::{Method, StatusCode};
use common::{listing_json, sample_jpeg, TestApp};
use linli_contract::impact::{self, PAIR_CREDIT_LIMIT};
use linli_contract::listing::Category;
use serde_json::{json, Value};

async fn feed_card(app: &TestApp, id: i64) -> Option<Value> {
    let res = app.get("/api/v1/listings?sort=newest", None).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    res.body["items"].as_array().unwrap().iter().find(|c| c["id"] == id).cloned()
}

async fn request(app: &TestApp, who: &str, listing: i64) -> common::Answer {
    app.post(&format!("/api/v1/listings/{listing}/trades"), Some(who), json!({"message": "还在吗？"})).await
}

async fn act(app: &TestApp, who: &str, trade: i64, action: &str) -> common::Answer {
    app.call(Method::POST, &format!("/api/v1/trades/{trade}/{action}"), Some(who), None).await
}

#[tokio::test]
async fn reserved_listings_stay_in_the_feed_with_their_want_count() {
    let app = TestApp::new().await;
    let (_, seller) = app.register("卖家", "seller@example.com").await;
    let (_, a) = app.register("买家甲", "a@example.com").await;
    let (_, b) = app.register("买家乙", "b@example.com").await;
    let (_, c) = app.register("买家丙", "c@example.com").await;
    let listing = app.listing(&seller, "好孩子婴儿推车", "", 220).await;
    assert_eq!(feed_card(&app, listing).await.unwrap()["want_count"], 0);

    let fav = app.call(Method::PUT, &format!("/api/v1/listings/{listing}/favourite"), Some(&c), None).await;
    assert!(fav.status.is_success(), "{}", fav.text);
    let first = request(&app, &a, listing).await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.text);
    assert_eq!(request(&app, &b, listing).await.status, StatusCode::CREATED);
    assert_eq!(feed_card(&app, listing).await.unwrap()["want_count"], 3, "one favourite and two requests");

    // Accepted: reserved, still in the feed, and another buyer can still queue a request.
    let trade = first.body["id"].as_i64().unwrap();
    assert_eq!(act(&app, &seller, trade, "accept").await.status, StatusCode::OK);
    let card = feed_card(&app, listing).await.expect("a reserved listing stays in the feed");
    assert_eq!(card["status"], "reserved");
    assert_eq!(card["want_count"], 3, "the accepted request still wants it");
    let queued = request(&app, &c, listing).await;
    assert_eq!(queued.status, StatusCode::CREATED, "{}", queued.text);
    assert_eq!(feed_card(&app, listing).await.unwrap()["want_count"], 4);

    // Sold: out of the feed.
    assert_eq!(act(&app, &a, trade, "confirm").await.status, StatusCode::OK);
    assert_eq!(act(&app, &seller, trade, "confirm").await.body["state"], "completed");
    assert!(feed_card(&app, listing).await.is_none(), "a sold listing leaves the feed");
}

#[tokio::test]
async fn cards_carry_the_cover_photos_size_and_full_url() {
    let app = TestApp::new().await;
    let (_, seller) = app.register("卖家", "seller@example.com").await;
    let upload = app.upload(&seller, sample_jpeg(600, 900)).await;
    assert_eq!(upload.status, StatusCode::CREATED, "{}", upload.text);
    let key = upload.body["key"].as_str().unwrap().to_string();
    let res =
        app.post("/api/v1/listings", Some(&seller), listing_json("落地灯", "", 50, std::slice::from_ref(&key))).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    let card = feed_card(&app, res.body["id"].as_i64().unwrap()).await.unwrap();
    assert_eq!((card["photo_width"].as_i64(), card["photo_height"].as_i64()), (Some(600), Some(900)));
    assert_eq!(card["photo_url"], format!("/media/{key}.jpg"));
    assert_eq!(card["thumb_url"], format!("/media/{key}_t.jpg"));
}

#[tokio::test]
async fn repeated_trades_between_two_accounts_earn_impact_up_to_the_limit() {
    let app = TestApp::new().await;
    let (_, seller) = app.register("卖家", "seller@example.com").await;
    let (_, buyer) = app.register("买家", "buyer@example.com").await;
    let (_, other) = app.register("邻居", "other@example.com").await;
    let per_trade = impact::points(Category::Furniture, false);
    for n in 0..6 {
        // Either way round: the pair is the pair.
        let (s, b) = if n % 2 == 0 { (&seller, &buyer) } else { (&buyer, &seller) };
        let listing = app.listing(s, &format!("书架 {n}"), "", 100).await;
        let trade = request(&app, b, listing).await.body["id"].as_i64().unwrap();
        assert_eq!(act(&app, s, trade, "accept").await.status, StatusCode::OK);
        assert_eq!(act(&app, b, trade, "confirm").await.status, StatusCode::OK);
        assert_eq!(act(&app, s, trade, "confirm").await.body["state"], "completed");
    }
    let mine = app.get("/api/v1/me/impact", Some(&buyer)).await.body;
    assert_eq!(mine["trades"], 6, "every trade still counts as a trade");
    assert_eq!(mine["points"], per_trade * PAIR_CREDIT_LIMIT, "{mine}");
    let kg = impact::avoided_grams(Category::Furniture) as f64 / 1000.0 * PAIR_CREDIT_LIMIT as f64;
    assert_eq!(mine["kg_co2e"].as_f64(), Some(kg));
    assert_eq!(app.get("/api/v1/communities/1", None).await.body["impact"]["points"], per_trade * PAIR_CREDIT_LIMIT);

    // A new counterparty earns in full.
    let listing = app.listing(&seller, "台灯", "", 30).await;
    let trade = request(&app, &other, listing).await.body["id"].as_i64().unwrap();
    act(&app, &seller, trade, "accept").await;
    act(&app, &other, trade, "confirm").await;
    assert_eq!(act(&app, &seller, trade, "confirm").await.body["state"], "completed");
    assert_eq!(app.get("/api/v1/me/impact", Some(&other)).await.body["points"], per_trade);
}
