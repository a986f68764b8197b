//! Each screen's data costs a bounded number of queries, whatever the number of trades, and a
//! listing's write the same statements whatever its number of photos: the statements sqlx runs
//! are counted (its `sqlx::query` events) for the same requests at 5 and at 100 trades, and
//! for listings of one and of nine photos. One test in its own binary, so no other test's
//! queries are counted.

mod common;

use axum::http::Method;
use axum::http::StatusCode;
use common::{listing_json, TestApp};
use serde_json::json;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use tracing_subscriber::layer::SubscriberExt;

#[derive(Clone, Default)]
struct Counter(Arc<AtomicUsize>);

impl<S: tracing::Subscriber> tracing_subscriber::Layer<S> for Counter {
    fn on_event(&self, event: &tracing::Event<'_>, _: tracing_subscriber::layer::Context<'_, S>) {
        if event.metadata().target() == "sqlx::query" {
            self.0.fetch_add(1, Ordering::SeqCst);
        }
    }
}

async fn queries(app: &TestApp, counter: &Counter, path: &str, session: Option<&str>) -> usize {
    let before = counter.0.load(Ordering::SeqCst);
    let res = app.get(path, session).await;
    assert_eq!(res.status, StatusCode::OK, "{path}: {}", res.text);
    counter.0.load(Ordering::SeqCst) - before
}

/// Posts (`id` None) or edits a listing with `photos`; checks they are shown in that order and
/// returns the statements the write cost and the listing's id.
async fn listing_write(
    app: &TestApp,
    counter: &Counter,
    session: &str,
    id: Option<i64>,
    photos: &[String],
) -> (usize, i64) {
    let body = listing_json("Desk lamp", "", 30, photos);
    let before = counter.0.load(Ordering::SeqCst);
    let res = match id {
        None => app.post("/api/v1/listings", Some(session), body).await,
        Some(id) => app.call(Method::PUT, &format!("/api/v1/listings/{id}"), Some(session), Some(body)).await,
    };
    let statements = counter.0.load(Ordering::SeqCst) - before;
    assert!(res.status.is_success(), "{id:?}: {}", res.text);
    let id = id.or_else(|| res.body["id"].as_i64()).unwrap();
    let shown = app.get(&format!("/api/v1/listings/{id}"), None).await;
    let keys: Vec<&str> = shown.body["photos"].as_array().unwrap().iter().map(|p| p["key"].as_str().unwrap()).collect();
    assert_eq!(keys, photos.iter().map(String::as_str).collect::<Vec<_>>(), "photos in the order given");
    (statements, id)
}

/// Completes and rates `n` more trades between the seller and new buyers, and has each buyer
/// also ask for the seller's `popular` listing.
async fn trade_with(app: &TestApp, seller: &str, popular: i64, from: usize, n: usize) {
    for i in from..from + n {
        let (_, buyer) = app.register(&format!("Buyer {i}"), &format!("b{i}@example.com")).await;
        let listing = app.listing(seller, &format!("Item {i}"), "", 10).await;
        let trade =
            app.post(&format!("/api/v1/listings/{listing}/trades"), Some(&buyer), json!({"message": "hi"})).await;
        let trade = trade.body["id"].as_i64().unwrap();
        for (who, step) in [(seller, "accept"), (buyer.as_str(), "confirm"), (seller, "confirm")] {
            let res = app.post(&format!("/api/v1/trades/{trade}/{step}"), Some(who), json!({})).await;
            assert!(res.status.is_success(), "{step}: {}", res.text);
        }
        for who in [seller, buyer.as_str()] {
            app.post(&format!("/api/v1/trades/{trade}/rating"), Some(who), json!({"stars": 5})).await;
        }
        app.post(&format!("/api/v1/listings/{popular}/trades"), Some(&buyer), json!({})).await;
    }
}

#[tokio::test]
async fn screens_and_listing_writes_cost_a_bounded_number_of_queries() {
    let counter = Counter::default();
    let subscriber = tracing_subscriber::registry()
        .with(tracing_subscriber::filter::Targets::new().with_target("sqlx::query", tracing::Level::TRACE))
        .with(counter.clone());
    tracing::subscriber::set_global_default(subscriber).unwrap();

    let (app, _) = TestApp::with_moderator().await;
    let (seller_id, seller) = app.register("Seller", "seller@example.com").await;
    let popular = app.listing(&seller, "Popular", "", 10).await;
    let screens = [
        "/api/v1/me/trades".to_string(),
        "/api/v1/me/unread".to_string(),
        format!("/api/v1/users/{seller_id}"),
        format!("/api/v1/listings/{popular}/trades"),
    ];

    trade_with(&app, &seller, popular, 0, 5).await;
    let mut at_5 = Vec::new();
    for path in &screens {
        at_5.push(queries(&app, &counter, path, Some(&seller)).await);
    }
    trade_with(&app, &seller, popular, 5, 95).await;
    let mut at_100 = Vec::new();
    for path in &screens {
        at_100.push(queries(&app, &counter, path, Some(&seller)).await);
    }
    assert!(at_5.iter().all(|n| *n > 0), "queries are counted: {at_5:?}");
    assert_eq!(at_5, at_100, "queries per screen for {screens:?}");
    let trades = app.get("/api/v1/me/trades", Some(&seller)).await;
    assert_eq!(trades.body.as_array().unwrap().len(), 200, "100 completed and 100 requests");

    // On SQLite each statement of a write is a round trip made while every other writer waits.
    let mut photos = Vec::new();
    for _ in 0..12 {
        photos.push(app.photo(&seller).await);
    }
    let (one, single) = listing_write(&app, &counter, &seller, None, &photos[..1]).await;
    let (nine, many) = listing_write(&app, &counter, &seller, None, &photos[1..10]).await;
    assert!(one > 0, "statements are counted");
    assert_eq!(one, nine, "posting a listing of one photo and of nine");
    let (edit_one, _) = listing_write(&app, &counter, &seller, Some(single), &photos[10..11]).await;
    // Nine photos down to three, in a new order, one of them new: the other seven become unused.
    let three = [photos[9].clone(), photos[11].clone(), photos[1].clone()];
    let (edit_three, _) = listing_write(&app, &counter, &seller, Some(many), &three).await;
    assert_eq!(edit_one, edit_three, "editing a listing of one photo and of nine");
    // A photo let go of is the seller's to use again; one still in use is not.
    listing_write(&app, &counter, &seller, Some(single), &photos[2..4]).await;
    let body = listing_json("Stolen", "", 1, &photos[9..10]);
    let res = app.post("/api/v1/listings", Some(&seller), body).await;
    assert_eq!((res.status, res.field()), (StatusCode::UNPROCESSABLE_ENTITY, "photos"), "{}", res.text);
}
