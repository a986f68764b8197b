//! Issue 9: log-in throttling by account, forwarded addresses, look-alike names, the first
//! moderator, one free-text rule, decoding budgets, request-line limits, write rate limits,
//! photo content types and HSTS — each as a user (or an attacker) would meet it.

mod common;

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use common::{TestApp, PASSWORD};
use serde_json::{json, Value};

fn login_from(ip_chain: &str, login: &str, password: &str) -> Request<Body> {
    Request::post("/api/v1/auth/login")
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::ACCEPT_LANGUAGE, "en")
        .header("x-forwarded-for", ip_chain)
        .body(Body::from(json!({"login": login, "password": password}).to_string()))
        .unwrap()
}

async fn behind_one_proxy() -> TestApp {
    TestApp::with(|_| {}, |c| c.trusted_proxies = 1).await
}

#[tokio::test]
async fn every_spelling_of_one_login_shares_one_budget_and_the_owner_elsewhere_gets_in() {
    let app = behind_one_proxy().await;
    app.register("李娜", "13700001234").await;
    // Five different spellings of the same account, all wrong, from one address.
    for login in ["13700001234", "137 0000 1234", "+86 137-0000-1234", "008613700001234", "李娜"] {
        let res = app.send(login_from("203.0.113.5", login, "wrong-guess-1")).await;
        assert_eq!(res.status, StatusCode::UNAUTHORIZED, "{login}");
    }
    // A sixth spelling, even with the right password, waits: the source is slowed down.
    let slowed = app.send(login_from("203.0.113.5", "+8613700001234", PASSWORD)).await;
    assert_eq!((slowed.status, slowed.code()), (StatusCode::TOO_MANY_REQUESTS, "too_many_attempts"));
    let retry: i64 = slowed.headers[header::RETRY_AFTER].to_str().unwrap().parse().unwrap();
    assert!((1..=900).contains(&retry), "{retry}");
    // The owner at home (another address) is not locked out.
    let owner = app.send(login_from("198.51.100.7", "13700001234", PASSWORD)).await;
    assert_eq!(owner.status, StatusCode::OK, "{}", owner.text);
}

#[tokio::test]
async fn simultaneous_guesses_cannot_all_slip_under_the_limit() {
    let app = behind_one_proxy().await;
    app.register("Target", "target@example.com").await;
    let guesses = (0..20).map(|i| app.send(login_from("203.0.113.9", "target@example.com", &format!("guess-{i}-x"))));
    let answers = futures_join_all(guesses).await;
    let checked = answers.iter().filter(|a| a.status == StatusCode::UNAUTHORIZED).count();
    let refused = answers.iter().filter(|a| a.status == StatusCode::TOO_MANY_REQUESTS).count();
    assert_eq!((checked, refused), (5, 15));
}

async fn futures_join_all<F: std::future::Future>(futures: impl Iterator<Item = F>) -> Vec<F::Output> {
    let handles: Vec<_> = futures.map(Box::pin).collect();
    let mut out = Vec::new();
    // Polled together: they run concurrently on the test runtime.
    let mut pending: Vec<_> = handles.into_iter().map(Some).collect();
    std::future::poll_fn(|cx| {
        let mut all = true;
        for slot in pending.iter_mut() {
            if let Some(f) = slot {
                match f.as_mut().poll(cx) {
                    std::task::Poll::Ready(v) => {
                        out.push(v);
                        *slot = None;
                    }
                    std::task::Poll::Pending => all = false,
                }
            }
        }
        if all {
            std::task::Poll::Ready(())
        } else {
            std::task::Poll::Pending
        }
    })
    .await;
    out
}

#[tokio::test]
async fn a_made_up_forwarded_hop_does_not_reset_the_address_limits() {
    let app = TestApp::with(
        |_| {},
        |c| {
            c.trusted_proxies = 1;
            c.signups_per_ip = 2;
        },
    )
    .await;
    let register = |fake: u32| {
        Request::post("/api/v1/auth/register")
            .header(header::CONTENT_TYPE, "application/json")
            // The client wrote the left hop; our proxy appended the real address.
            .header("x-forwarded-for", format!("10.9.9.{fake}, 203.0.113.77"))
            .body(Body::from(
                json!({"display_name": format!("Mint{fake}"), "contact": format!("m{fake}@example.com"), "password": PASSWORD})
                    .to_string(),
            ))
            .unwrap()
    };
    assert_eq!(app.send(register(1)).await.status, StatusCode::CREATED);
    assert_eq!(app.send(register(2)).await.status, StatusCode::CREATED);
    let third = app.send(register(3)).await;
    assert_eq!((third.status, third.code()), (StatusCode::TOO_MANY_REQUESTS, "too_many_attempts"));
}

#[tokio::test]
async fn names_that_look_like_another_or_like_nothing_are_refused() {
    let (app, _) = TestApp::with_moderator().await;
    app.register("管理员小周", "zhou@example.com").await;
    app.register("Tom", "tom@example.com").await;
    let zero_width = app.register_raw("管理员小周\u{200B}", "fake@example.com", PASSWORD).await;
    assert_eq!((zero_width.status, zero_width.code()), (StatusCode::UNPROCESSABLE_ENTITY, "name_invalid"));
    let invisible = app.register_raw("\u{200B}\u{200C}\u{2060}\u{3164}", "inv@example.com", PASSWORD).await;
    assert_eq!(invisible.code(), "name_invalid");
    let bidi = app.register_raw("Tom\u{202E}xx", "bidi@example.com", PASSWORD).await;
    assert_eq!(bidi.code(), "name_invalid");
    // Cyrillic Т and о, full-width ｍ: displays as "Tom".
    let cyrillic = app.register_raw("\u{0422}\u{043E}m", "cyr@example.com", PASSWORD).await;
    assert_eq!(
        (cyrillic.status, cyrillic.code(), cyrillic.field()),
        (StatusCode::CONFLICT, "name_looks_like_another", "display_name")
    );
    assert!(cyrillic.body["message"].as_str().unwrap().contains("looks the same"));
    let full_width = app.register_raw("Ｔｏｍ", "fw@example.com", PASSWORD).await;
    assert_eq!(full_width.code(), "name_looks_like_another");
    // Plain case differences stay "taken".
    assert_eq!(app.register_raw("tom", "t2@example.com", PASSWORD).await.code(), "name_taken");
}

#[tokio::test]
async fn the_first_account_is_not_moderator_but_the_set_up_code_makes_one_once() {
    let app = TestApp::new().await;
    let (_, first) = app.register("First", "first@example.com").await;
    assert_eq!(app.get("/api/v1/me", Some(&first)).await.body["roles"], json!(["resident"]));
    assert_eq!(app.get("/api/v1/health", None).await.body["setup_pending"], false);

    let code = linli_server::setup::issue_if_needed(&app.db).await.unwrap().expect("no moderator yet");
    assert_eq!(app.get("/api/v1/health", None).await.body["setup_pending"], true);
    let body = |name: &str, contact: &str, code: &str| json!({"display_name": name, "contact": contact, "password": PASSWORD, "setup_code": code});
    let wrong = app.post("/api/v1/auth/register", None, body("Guesser", "g@example.com", "AAAAA-BBBBB-CCCCC")).await;
    assert_eq!(
        (wrong.status, wrong.code(), wrong.field()),
        (StatusCode::UNPROCESSABLE_ENTITY, "setup_code_invalid", "setup_code")
    );
    assert!(wrong.session().is_none(), "no account made with a wrong code");

    let admin = app.post("/api/v1/auth/register", None, body("Admin", "admin@example.com", &code.to_lowercase())).await;
    assert_eq!(admin.status, StatusCode::CREATED, "{}", admin.text);
    assert_eq!(admin.body["roles"], json!(["resident", "moderator"]));
    assert_eq!(app.get("/api/v1/health", None).await.body["setup_pending"], false);
    // Used up.
    let again = app.post("/api/v1/auth/register", None, body("Second", "second@example.com", &code)).await;
    assert_eq!(again.code(), "setup_code_invalid");
    assert_eq!(linli_server::setup::issue_if_needed(&app.db).await.unwrap(), None);
}

#[tokio::test]
async fn control_characters_are_refused_in_every_free_text_field() {
    let (app, moderator) = TestApp::with_moderator().await;
    let (_, seller) = app.register("Seller", "seller@example.com").await;
    let (_, buyer) = app.register("Buyer", "buyer@example.com").await;
    let listing = app.listing(&seller, "Grey sofa", "Comfy", 100).await;
    for bad in ["nul\0here", "red \u{1b}[31malert", "bell\u{7}", "back\u{8}space"] {
        let req = app.post(&format!("/api/v1/listings/{listing}/trades"), Some(&buyer), json!({"message": bad})).await;
        assert_eq!(
            (req.status, req.code(), req.field()),
            (StatusCode::UNPROCESSABLE_ENTITY, "text_invalid", "message"),
            "{bad:?}"
        );
        let report = app
            .post(&format!("/api/v1/listings/{listing}/reports"), Some(&buyer), json!({"reason": "spam", "note": bad}))
            .await;
        assert_eq!((report.status, report.code()), (StatusCode::UNPROCESSABLE_ENTITY, "text_invalid"), "{bad:?}");
        let hide =
            app.post(&format!("/api/v1/admin/listings/{listing}/hide"), Some(&moderator), json!({"reason": bad})).await;
        assert_eq!((hide.status, hide.code()), (StatusCode::UNPROCESSABLE_ENTITY, "text_invalid"), "{bad:?}");
    }
    let trade = app
        .post(&format!("/api/v1/listings/{listing}/trades"), Some(&buyer), json!({"message": "Hi!\nTomorrow?"}))
        .await;
    assert_eq!(trade.status, StatusCode::CREATED, "{}", trade.text);
    let trade_id = trade.body["id"].as_i64().unwrap();
    let msg =
        app.post(&format!("/api/v1/trades/{trade_id}/messages"), Some(&buyer), json!({"body": "\u{1b}[2J"})).await;
    assert_eq!((msg.status, msg.code()), (StatusCode::UNPROCESSABLE_ENTITY, "text_invalid"));
    let cancel =
        app.post(&format!("/api/v1/trades/{trade_id}/cancel"), Some(&buyer), json!({"reason": "changed\0mind"})).await;
    assert_eq!((cancel.status, cancel.code()), (StatusCode::UNPROCESSABLE_ENTITY, "text_invalid"));
    // A title of zero-width spaces only.
    let key = app.photo(&seller).await;
    let zw = app
        .post("/api/v1/listings", Some(&seller), common::listing_json("\u{200B}\u{200B}\u{200B}", "", 10, &[key]))
        .await;
    assert_eq!((zw.status, zw.code(), zw.field()), (StatusCode::UNPROCESSABLE_ENTITY, "text_invalid", "title"));
}

fn upload(session: &str, content_type: &str, bytes: Vec<u8>) -> Request<Body> {
    Request::post("/api/v1/photos")
        .header(header::COOKIE, format!("linli_session={session}"))
        .header(header::CONTENT_TYPE, content_type)
        .header(header::ACCEPT_LANGUAGE, "en")
        .body(Body::from(bytes))
        .unwrap()
}

#[tokio::test]
async fn a_small_file_of_huge_dimensions_is_refused_before_decoding() {
    let (app, token) = TestApp::with_moderator().await;
    let mut png = Vec::new();
    image::GrayImage::new(7000, 7000).write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png).unwrap();
    assert!(png.len() < 1_000_000);
    let started = std::time::Instant::now();
    let res = app.send(upload(&token, "image/png", png)).await;
    assert_eq!(
        (res.status, res.code(), res.field()),
        (StatusCode::PAYLOAD_TOO_LARGE, "photo_too_many_pixels", "photos")
    );
    assert!(res.body["message"].as_str().unwrap().contains("16 megapixels"), "{}", res.text);
    assert!(started.elapsed() < std::time::Duration::from_millis(500), "not decoded: {:?}", started.elapsed());
}

#[tokio::test]
async fn photo_uploads_need_an_image_content_type() {
    let (app, token) = TestApp::with_moderator().await;
    let jpeg = common::sample_jpeg(400, 300);
    for wrong in ["application/json", "text/plain", "application/octet-stream", ""] {
        let res = app.send(upload(&token, wrong, jpeg.clone())).await;
        assert_eq!(
            (res.status, res.code()),
            (StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type"),
            "{wrong:?}"
        );
    }
    assert_eq!(app.send(upload(&token, "image/jpeg", jpeg)).await.status, StatusCode::CREATED);
}

#[tokio::test]
async fn overlong_paths_and_parameters_get_4xx_never_5xx() {
    let (app, moderator) = TestApp::with_moderator().await;
    let long = "a".repeat(300);
    for path in [
        format!("/{long}"),
        format!("/media/{long}.jpg"),
        format!("/api/v1/listings/{long}"),
        format!("/assets/{long}"),
    ] {
        let res = app.get(&path, None).await;
        assert_eq!(res.status, StatusCode::NOT_FOUND, "{path}: {}", res.text);
    }
    let huge_q = app.get(&format!("/api/v1/admin/users?q={}", "x".repeat(50_000)), Some(&moderator)).await;
    assert_eq!((huge_q.status, huge_q.code()), (StatusCode::URI_TOO_LONG, "uri_too_long"));
    let long_q = app.get(&format!("/api/v1/admin/users?q={}", "x".repeat(60)), Some(&moderator)).await;
    assert_eq!(
        (long_q.status, long_q.code(), long_q.field()),
        (StatusCode::UNPROCESSABLE_ENTITY, "query_too_long", "q")
    );
    let cursor = app.get(&format!("/api/v1/listings?cursor={}", "z".repeat(1000)), None).await;
    assert!(cursor.status.is_client_error(), "{}: {}", cursor.status, cursor.text);
}

#[tokio::test]
async fn writes_past_the_budget_get_a_typed_429_with_retry_after_in_the_users_language() {
    let app = TestApp::with(|_| {}, |c| c.write_limits.listings = linli_server::limits::Budget::per_hour(2)).await;
    let (_, seller) = app.register("Busy Seller", "busy@example.com").await;
    let (_, other) = app.register("Other Seller", "other@example.com").await;
    app.listing(&seller, "First item", "", 10).await;
    app.listing(&seller, "Second item", "", 10).await;
    let key = app.photo(&seller).await;
    let body = common::listing_json("Third item", "", 10, &[key]);
    let third = app.post("/api/v1/listings", Some(&seller), body.clone()).await;
    assert_eq!((third.status, third.code()), (StatusCode::TOO_MANY_REQUESTS, "too_many_requests"));
    let retry: i64 = third.headers[header::RETRY_AFTER].to_str().unwrap().parse().unwrap();
    assert!((1..=3600).contains(&retry));
    let zh = app
        .send(
            Request::post("/api/v1/listings")
                .header(header::COOKIE, format!("linli_session={seller}"))
                .header(header::CONTENT_TYPE, "application/json")
                .header(header::ACCEPT_LANGUAGE, "zh-CN")
                .body(Body::from(body.to_string()))
                .unwrap(),
        )
        .await;
    assert!(zh.body["message"].as_str().unwrap().contains("太频繁"), "{}", zh.text);
    // Another account is not affected.
    app.listing(&other, "Someone else's", "", 10).await;
}

/// A listing's create and edit are counted by their own transaction: the same budget for both,
/// exact under simultaneous posts, and a refused write leaves nothing behind.
#[tokio::test]
async fn listing_writes_share_one_budget_and_a_refused_one_writes_nothing() {
    let app = TestApp::with(|_| {}, |c| c.write_limits.listings = linli_server::limits::Budget::per_hour(4)).await;
    let (_, seller) = app.register("Busy Seller", "busy@example.com").await;
    let first = app.listing(&seller, "First item", "", 10).await;
    let key = app.photo(&seller).await;
    let edited = common::listing_json("First item, repainted", "", 12, std::slice::from_ref(&key));
    let res = app.call(Method::PUT, &format!("/api/v1/listings/{first}"), Some(&seller), Some(edited)).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    // Two of the budget's four are used: of six posted at once, exactly two get through.
    let mut keys = Vec::new();
    for _ in 0..6 {
        keys.push(app.photo(&seller).await);
    }
    let posts = keys.iter().enumerate().map(|(i, k)| {
        app.post(
            "/api/v1/listings",
            Some(&seller),
            common::listing_json(&format!("Rush {i}"), "", 10, std::slice::from_ref(k)),
        )
    });
    let answers = futures_join_all(posts).await;
    let created = answers.iter().filter(|a| a.status == StatusCode::CREATED).count();
    let refused: Vec<_> = answers.iter().filter(|a| a.status == StatusCode::TOO_MANY_REQUESTS).collect();
    assert_eq!((created, refused.len()), (2, 4), "{:?}", answers.iter().map(|a| &a.text).collect::<Vec<_>>());
    assert!(refused.iter().all(|a| a.code() == "too_many_requests" && a.headers.contains_key(header::RETRY_AFTER)));
    let mine = app.get("/api/v1/me/listings", Some(&seller)).await;
    assert_eq!(mine.body.as_array().unwrap().len(), 3, "the refused posts wrote nothing: {}", mine.text);
    // An edit past the budget is refused too, and changes nothing.
    let late = common::listing_json("First item, renamed", "", 1, &[key]);
    let res = app.call(Method::PUT, &format!("/api/v1/listings/{first}"), Some(&seller), Some(late)).await;
    assert_eq!((res.status, res.code()), (StatusCode::TOO_MANY_REQUESTS, "too_many_requests"));
    let now = app.get(&format!("/api/v1/listings/{first}"), None).await;
    assert_eq!(now.body["title"], "First item, repainted");
    // Signed out, the write is refused before anything is counted or written.
    let anon = app.post("/api/v1/listings", None, common::listing_json("Anon", "", 1, &[])).await;
    assert_eq!(anon.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn hsts_is_sent_only_with_secure_cookies() {
    let plain = TestApp::new().await;
    assert!(!plain.get("/api/v1/health", None).await.headers.contains_key(header::STRICT_TRANSPORT_SECURITY));
    let secure = TestApp::with(|_| {}, |c| c.secure_cookies = true).await;
    let res = secure.get("/api/v1/health", None).await;
    assert!(res.headers[header::STRICT_TRANSPORT_SECURITY].to_str().unwrap().contains("max-age=31536000"));
    let _: Value = res.body;
    let _ = Method::GET;
}

/// Every `$ref` of a JSON document, with where it was found.
fn refs(value: &Value, at: &str, out: &mut Vec<(String, String)>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                if k == "$ref" {
                    out.push((at.to_string(), v.as_str().unwrap_or("").to_string()));
                } else {
                    refs(v, &format!("{at}/{k}"), out);
                }
            }
        }
        Value::Array(items) => items.iter().enumerate().for_each(|(i, v)| refs(v, &format!("{at}/{i}"), out)),
        _ => {}
    }
}

#[tokio::test]
async fn every_reference_of_the_published_openapi_document_resolves() {
    let app = TestApp::new().await;
    let doc = app.get("/api/v1/openapi.json", None).await.body;
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"), "{}", doc["openapi"]);
    let mut found = Vec::new();
    refs(&doc, "", &mut found);
    assert!(found.len() > 20, "the document uses references");
    for (at, reference) in found {
        let pointer = reference.strip_prefix('#').unwrap_or_else(|| panic!("{at}: external ref {reference}"));
        assert!(doc.pointer(pointer).is_some(), "{at}: {reference} is not defined");
    }
    let _ = Method::GET;
}

#[tokio::test]
async fn uploads_waiting_unused_are_capped_per_account_until_used() {
    let app = TestApp::new().await;
    let (_, hoarder) = app.register("Photo Hoarder", "hoarder@example.com").await;
    let (_, other) = app.register("Other Uploader", "uploader@example.com").await;
    let mut keys = Vec::new();
    for _ in 0..linli_server::db::photos::UNUSED_MAX {
        keys.push(app.photo(&hoarder).await);
    }
    let refused = app.upload(&hoarder, common::sample_jpeg(800, 600)).await;
    assert_eq!((refused.status, refused.code()), (StatusCode::TOO_MANY_REQUESTS, "too_many_unused_photos"));
    let retry: i64 = refused.headers[header::RETRY_AFTER].to_str().unwrap().parse().unwrap();
    assert!((1..=24 * 3600).contains(&retry), "{retry}");
    // Another account is not affected.
    app.photo(&other).await;
    // Posting uses six of them, and uploads work again.
    let res =
        app.post("/api/v1/listings", Some(&hoarder), common::listing_json("Six photos", "", 10, &keys[..6])).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    app.photo(&hoarder).await;
}
