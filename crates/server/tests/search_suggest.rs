//! Suggestions as you type (`GET /search/suggest`): words of the synonym table and titles of
//! matching listings, "did you mean" for mistyped words; anyone may ask, no input is an error.

mod common;

use axum::http::StatusCode;
use common::TestApp;

fn list(v: &serde_json::Value) -> Vec<String> {
    v["suggestions"].as_array().unwrap().iter().map(|s| s.as_str().unwrap().to_string()).collect()
}

#[tokio::test]
async fn suggestions_come_from_titles_and_the_synonym_table_in_both_languages() {
    let (app, _) = TestApp::with_moderator().await;
    let (_, s) = app.register("Seller", "s@example.com").await;
    app.listing(&s, "海尔双门冰箱", "九成新", 300).await;
    app.listing(&s, "ThinkPad laptop 14 inch", "works", 1200).await;

    let zh = app.get("/api/v1/search/suggest?q=%E5%86%B0", None).await; // 冰
    assert_eq!(zh.status, StatusCode::OK, "{}", zh.text);
    let zh = list(&zh.body);
    assert!(zh.iter().any(|w| w == "冰箱"), "a word of the table: {zh:?}");
    assert!(zh.iter().any(|w| w == "海尔双门冰箱"), "a title: {zh:?}");

    let en = list(&app.get("/api/v1/search/suggest?q=fri", None).await.body);
    assert!(en.iter().any(|w| w == "fridge"), "{en:?}");
    // A translation finds the Chinese title.
    let cross = list(&app.get("/api/v1/search/suggest?q=fridge", None).await.body);
    assert!(cross.iter().any(|w| w == "海尔双门冰箱"), "{cross:?}");
}

#[tokio::test]
async fn did_you_mean_corrects_a_mistyped_word_only() {
    let (app, _) = TestApp::with_moderator().await;
    let (_, s) = app.register("Seller", "s@example.com").await;
    app.listing(&s, "ThinkPad laptop 14 inch", "works", 1200).await;
    let typo = app.get("/api/v1/search/suggest?q=laptob", None).await;
    assert_eq!(typo.body["did_you_mean"], "laptop", "{}", typo.text);
    let right = app.get("/api/v1/search/suggest?q=laptop", None).await;
    assert!(right.body.get("did_you_mean").is_none(), "{}", right.text);
    // The search itself finds it too.
    let found = app.get("/api/v1/listings?q=laptob", None).await;
    assert_eq!(found.body["items"][0]["title"], "ThinkPad laptop 14 inch");
}

#[tokio::test]
async fn did_you_mean_reveals_no_word_of_a_withdrawn_listing() {
    let (app, _) = TestApp::with_moderator().await;
    let (_, s) = app.register("Seller", "s@example.com").await;
    let id = app.listing(&s, "Garden chair", "zorblaxquantum serial inside", 30).await;
    let typo = "/api/v1/search/suggest?q=zorblaxquantun";
    assert_eq!(app.get(typo, None).await.body["did_you_mean"], "zorblaxquantum", "while it is listed");
    let res = app.post(&format!("/api/v1/listings/{id}/withdraw"), Some(&s), serde_json::json!({})).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    let after = app.get(typo, None).await;
    assert!(after.body.get("did_you_mean").is_none(), "{}", after.text);
}

#[tokio::test]
async fn any_input_is_answered_without_an_error() {
    let (app, _) = TestApp::with_moderator().await;
    let long = "沙".repeat(500);
    for q in ["", "%20", "!!!", "%22%27%5C", "a", "%F0%9F%98%80", long.as_str(), "sofa%20OR%20*", "NEAR(a%20b)"] {
        let r = app.get(&format!("/api/v1/search/suggest?q={q}"), None).await;
        assert_eq!(r.status, StatusCode::OK, "{q:?}: {}", r.text);
        assert!(list(&r.body).len() <= 8);
    }
    let none = app.get("/api/v1/search/suggest", None).await;
    assert_eq!(none.status, StatusCode::OK);
    assert!(list(&none.body).is_empty());
}
