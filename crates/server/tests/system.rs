//! Health, the OpenAPI document, unknown routes and the served web app.

mod common;

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use common::TestApp;

#[tokio::test]
async fn health_reports_the_database() {
    let app = TestApp::new().await;
    let res = app.get("/api/v1/health", None).await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(res.body["status"], "ok");
    assert_eq!(res.body["database"], common::backend_name());
}

#[tokio::test]
async fn every_documented_route_is_served() {
    let (app, moderator) = TestApp::with_moderator().await;
    let (user, session) = app.register("Documented", "doc@example.com").await;
    let listing = app.listing(&session, "Documented lamp", "", 10).await;
    let trade = app.post(&format!("/api/v1/listings/{listing}/trades"), Some(&moderator), serde_json::json!({})).await;
    let trade = trade.body["id"].as_i64().expect("a trade");
    let (market, date, booking) = common::market_and_booking(&app, &moderator, &session).await;
    app.post(&format!("/api/v1/trades/{trade}/accept"), Some(&session), serde_json::json!({})).await;
    let dispute = app
        .post(
            &format!("/api/v1/trades/{trade}/disputes"),
            Some(&moderator),
            serde_json::json!({"reason": "other", "description": "documented"}),
        )
        .await;
    let dispute = dispute.body["id"].as_i64().expect("a dispute");
    // A recycling point the moderator operates, open around the clock, with a pickup request.
    let point = app
        .post(
            "/api/v1/recycling/points",
            Some(&moderator),
            serde_json::json!({"name": "Station", "kind": "station", "materials": ["electrical_appliances"],
                "pickup_materials": ["electrical_appliances"], "opening_hours": "24/7", "address": "1 Road",
                "lat": 31.17, "lng": 121.44, "contact": ""}),
        )
        .await;
    let point = point.body["id"].as_i64().expect("a recycling point");
    let start = app.clock.now() + 86_400;
    let pickup = app
        .post(
            &format!("/api/v1/recycling/points/{point}/pickups"),
            Some(&session),
            serde_json::json!({"items": "fridge", "materials": ["electrical_appliances"], "weight_kg": 60.0,
                "address": "2 Road", "windows": [{"start": start, "end": start + 7200}], "note": ""}),
        )
        .await;
    let pickup = pickup.body["id"].as_i64().expect("a pickup");
    let doc = app.get("/api/v1/openapi.json", None).await;
    assert_eq!(doc.status, StatusCode::OK);
    let paths = doc.body["paths"].as_object().expect("paths");
    let mut routes: Vec<(String, String)> = paths
        .iter()
        .flat_map(|(path, item)| item.as_object().unwrap().keys().map(move |m| (path.clone(), m.to_uppercase())))
        .collect();
    // Deleting removes what the other calls use, logging out the session: last.
    routes.sort_by_key(|(path, method)| (path.ends_with("/logout"), method == "DELETE"));
    assert!(routes.len() >= 40, "{routes:?}");
    for (path, method) in routes {
        let id = match path {
            _ if path.contains("/listings/") => listing,
            _ if path.contains("/trades/") => trade,
            _ if path.contains("/markets/") => market,
            _ if path.contains("/bookings/") => booking,
            _ if path.contains("/disputes/") => dispute,
            _ if path.contains("/recycling/points/") => point,
            _ if path.contains("/pickups/") => pickup,
            _ => user,
        };
        let uri = path
            .replace("{id}", &id.to_string())
            .replace("{role}", "organiser")
            .replace("{date}", &date)
            .replace("{target}", "listing");
        let method = Method::from_bytes(method.as_bytes()).unwrap();
        let res = app.call(method.clone(), &uri, Some(&moderator), None).await;
        // Real ids and a live session: a 401, 404 or 405 can only mean an undocumented route.
        assert!(
            ![StatusCode::UNAUTHORIZED, StatusCode::NOT_FOUND, StatusCode::METHOD_NOT_ALLOWED].contains(&res.status),
            "{method} {uri} is documented but answered {}",
            res.status
        );
    }
}

#[tokio::test]
async fn unknown_api_routes_and_methods_get_typed_errors() {
    let app = TestApp::new().await;
    let missing = app.get("/api/v1/no-such-thing", None).await;
    assert_eq!((missing.status, missing.code()), (StatusCode::NOT_FOUND, "not_found"));
    let old = app.get("/api/v0/health", None).await;
    assert_eq!(old.code(), "not_found");
    let wrong_method = app.call(Method::DELETE, "/api/v1/health", None, None).await;
    assert_eq!((wrong_method.status, wrong_method.code()), (StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed"));
    assert_eq!(missing.headers[header::CACHE_CONTROL], "no-store");
}

const INDEX: &str = r#"<!doctype html><html><head><script type="module">import init from '/linli-web-0123456789abcdef.js'; await init();</script></head><body></body></html>"#;

#[tokio::test]
async fn app_routes_fall_back_to_the_shell_with_a_matching_csp() {
    let app = TestApp::with_dist(|dist| {
        std::fs::write(dist.join("index.html"), INDEX).unwrap();
        std::fs::write(dist.join("linli-web-0123456789abcdef.js"), "export default 1").unwrap();
    })
    .await;
    for path in ["/", "/me", "/listings/12", "/does/not/exist"] {
        let res = app.send(Request::get(path).body(Body::empty()).unwrap()).await;
        assert_eq!(res.status, StatusCode::OK, "{path}");
        assert_eq!(res.text, INDEX);
        assert_eq!(res.headers[header::CACHE_CONTROL], "no-cache");
        let csp = res.headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
        assert!(
            csp.contains("'sha256-") && csp.contains("object-src 'none'") && !csp.contains("unsafe-inline"),
            "{csp}"
        );
        assert_eq!(res.headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    }
    let asset = app.send(Request::get("/linli-web-0123456789abcdef.js").body(Body::empty()).unwrap()).await;
    assert_eq!(asset.headers[header::CACHE_CONTROL], "public, max-age=31536000, immutable");
    let missing_file = app.send(Request::get("/missing-file.js").body(Body::empty()).unwrap()).await;
    assert_eq!(missing_file.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn responses_are_compressed_for_clients_that_accept_it() {
    let app = TestApp::with_dist(|dist| std::fs::write(dist.join("index.html"), INDEX.repeat(20)).unwrap()).await;
    let res =
        app.send(Request::get("/").header(header::ACCEPT_ENCODING, "br, gzip").body(Body::empty()).unwrap()).await;
    assert_eq!(res.headers[header::CONTENT_ENCODING], "br");
}

#[tokio::test]
async fn a_rebuilt_app_is_served_without_a_restart() {
    let app = TestApp::with_dist(|dist| std::fs::write(dist.join("index.html"), INDEX).unwrap()).await;
    let before = app.send(Request::get("/").body(Body::empty()).unwrap()).await;
    let rebuilt = INDEX.replace("0123456789abcdef", "fedcba9876543210");
    std::thread::sleep(std::time::Duration::from_millis(20));
    std::fs::write(app.dist.path().join("index.html"), &rebuilt).unwrap();
    let after = app.send(Request::get("/sell").body(Body::empty()).unwrap()).await;
    assert_eq!(after.text, rebuilt);
    assert_ne!(
        before.headers[header::CONTENT_SECURITY_POLICY],
        after.headers[header::CONTENT_SECURITY_POLICY],
        "the CSP follows the new inline script"
    );
}

#[tokio::test]
async fn a_lost_database_answers_503_with_the_typed_error() {
    let app = TestApp::new().await;
    app.db.close().await;
    for path in ["/api/v1/communities", "/api/v1/listings", "/api/v1/health"] {
        let res = app.get(path, None).await;
        assert_eq!((res.status, res.code()), (StatusCode::SERVICE_UNAVAILABLE, "unavailable"), "{path}: {}", res.text);
    }
}
