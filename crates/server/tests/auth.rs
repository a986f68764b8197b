//! Register, log in, log out and who-am-I, through the router.

mod common;

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use common::{TestApp, PASSWORD};
use serde_json::json;

#[tokio::test]
async fn register_signs_in_and_me_shows_the_account() {
    let (app, _) = TestApp::with_moderator().await;
    let res = app.register_raw("王芳", "+86 138-0013-8000", PASSWORD).await;
    assert_eq!(res.status, StatusCode::CREATED);
    let cookie = res.headers[header::SET_COOKIE].to_str().unwrap();
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), "{cookie}");

    let me = app.get("/api/v1/me", res.session().as_deref()).await;
    assert_eq!(me.status, StatusCode::OK);
    assert_eq!(me.body["display_name"], "王芳");
    assert_eq!(me.body["contact_masked"], "138****8000");
    assert_eq!(me.body["roles"], json!(["resident"]));
    assert!(!me.text.contains("password"), "no hash in {}", me.text);
}

#[tokio::test]
async fn roles_cannot_be_chosen_at_sign_up() {
    let (app, _) = TestApp::with_moderator().await;
    let res = app
        .post(
            "/api/v1/auth/register",
            None,
            json!({ "display_name": "Sneaky", "contact": "s@example.com", "password": PASSWORD, "roles": ["moderator"] }),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED);
    assert_eq!(res.body["roles"], json!(["resident"]));
}

#[tokio::test]
async fn taken_names_and_contacts_are_refused_with_the_field() {
    let (app, _) = TestApp::with_moderator().await;
    app.register("Grey Sofa", "13900001111").await;

    let same_name = app.register_raw("grey sofa", "other@example.com", PASSWORD).await;
    assert_eq!(same_name.status, StatusCode::CONFLICT);
    assert_eq!((same_name.code(), same_name.field()), ("name_taken", "display_name"));

    let same_phone = app.register_raw("Another", "+86 139 0000 1111", PASSWORD).await;
    assert_eq!(same_phone.status, StatusCode::CONFLICT);
    assert_eq!((same_phone.code(), same_phone.field()), ("contact_taken", "contact"));
}

#[tokio::test]
async fn invalid_fields_get_typed_errors_in_the_requested_language() {
    let (app, _) = TestApp::with_moderator().await;
    let short = app.register_raw("Li Lei", "lilei@example.com", "short").await;
    assert_eq!(short.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!((short.code(), short.field()), ("password_too_short", "password"));
    assert!(short.body["message"].as_str().unwrap().contains("at least 8"));

    let bad_contact = app.register_raw("Li Lei", "12345", PASSWORD).await;
    assert_eq!((bad_contact.code(), bad_contact.field()), ("contact_invalid", "contact"));

    let zh = app
        .send(
            Request::post("/api/v1/auth/register")
                .header(header::CONTENT_TYPE, "application/json")
                .header(header::ACCEPT_LANGUAGE, "zh-CN,zh;q=0.9")
                .body(Body::from(
                    json!({"display_name": "X", "contact": "x@example.com", "password": PASSWORD}).to_string(),
                ))
                .unwrap(),
        )
        .await;
    assert_eq!(zh.code(), "name_too_short");
    assert!(zh.body["message"].as_str().unwrap().contains("昵称至少"), "{}", zh.text);
}

#[tokio::test]
async fn malformed_bodies_get_4xx_json_never_500() {
    let (app, _) = TestApp::with_moderator().await;
    let send = |content_type: Option<&'static str>, body: String| {
        let mut req = Request::post("/api/v1/auth/register");
        if let Some(ct) = content_type {
            req = req.header(header::CONTENT_TYPE, ct);
        }
        app.send(req.body(Body::from(body)).unwrap())
    };
    let broken = send(Some("application/json"), "{\"display_name\": ".into()).await;
    assert_eq!((broken.status, broken.code()), (StatusCode::UNPROCESSABLE_ENTITY, "bad_request"));
    let wrong_type = send(Some("application/json"), json!({"display_name": 5}).to_string()).await;
    assert_eq!(wrong_type.code(), "bad_request");
    let no_type = send(None, json!({}).to_string()).await;
    assert_eq!((no_type.status, no_type.code()), (StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type"));
    let huge = send(Some("application/json"), format!("{{\"display_name\": \"{}\"}}", "x".repeat(200_000))).await;
    assert_eq!((huge.status, huge.code()), (StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large"));
    for res in [broken, wrong_type, no_type, huge] {
        assert!(res.body["message"].is_string(), "typed body: {}", res.text);
    }
}

#[tokio::test]
async fn login_by_phone_email_or_name_and_wrong_password() {
    let (app, _) = TestApp::with_moderator().await;
    app.register("张伟", "Zhang.Wei@Example.com").await;
    app.register("Li Na", "13700001234").await;
    for login in ["zhang.wei@example.com", "ZHANG.WEI@EXAMPLE.COM", "张伟", "13700001234", "+86 137 0000 1234", "li na"]
    {
        let res = app.post("/api/v1/auth/login", None, json!({"login": login, "password": PASSWORD})).await;
        assert_eq!(res.status, StatusCode::OK, "{login}: {}", res.text);
        assert!(res.session().is_some());
    }
    let wrong = app.post("/api/v1/auth/login", None, json!({"login": "张伟", "password": "not-the-password"})).await;
    let unknown = app.post("/api/v1/auth/login", None, json!({"login": "nobody", "password": PASSWORD})).await;
    assert_eq!((wrong.status, wrong.code()), (StatusCode::UNAUTHORIZED, "bad_credentials"));
    // The same answer whether or not the account exists.
    assert_eq!(wrong.body, unknown.body);
    assert!(wrong.session().is_none());
    let empty = app.post("/api/v1/auth/login", None, json!({"login": " ", "password": ""})).await;
    assert_eq!((empty.code(), empty.field()), ("required", "login"));
}

#[tokio::test]
async fn repeated_failures_slow_that_source_for_that_account_but_not_others() {
    let (app, _) = TestApp::with_moderator().await;
    app.register("Target", "target@example.com").await;
    app.register("Bystander", "bystander@example.com").await;
    for _ in 0..5 {
        let res = app
            .post("/api/v1/auth/login", None, json!({"login": "target@example.com", "password": "guess-guess"}))
            .await;
        assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    }
    let locked =
        app.post("/api/v1/auth/login", None, json!({"login": "target@example.com", "password": PASSWORD})).await;
    assert_eq!((locked.status, locked.code()), (StatusCode::TOO_MANY_REQUESTS, "too_many_attempts"));
    assert!(locked.headers.contains_key(header::RETRY_AFTER));
    let other =
        app.post("/api/v1/auth/login", None, json!({"login": "bystander@example.com", "password": PASSWORD})).await;
    assert_eq!(other.status, StatusCode::OK);
}

#[tokio::test]
async fn logout_ends_the_session_on_the_server() {
    let (app, _) = TestApp::with_moderator().await;
    let (_, token) = app.register("Leaving", "leaving@example.com").await;
    assert_eq!(app.get("/api/v1/me", Some(&token)).await.status, StatusCode::OK);
    let out = app.call(Method::POST, "/api/v1/auth/logout", Some(&token), None).await;
    assert_eq!(out.status, StatusCode::NO_CONTENT);
    assert!(out.headers[header::SET_COOKIE].to_str().unwrap().contains("Max-Age=0"));
    // The old cookie is worthless even if a browser kept it.
    let me = app.get("/api/v1/me", Some(&token)).await;
    assert_eq!((me.status, me.code()), (StatusCode::UNAUTHORIZED, "unauthenticated"));
}

#[tokio::test]
async fn me_without_or_with_a_forged_session_is_401() {
    let (app, _) = TestApp::with_moderator().await;
    for token in [None, Some("forged-token"), Some("")] {
        let res = app.get("/api/v1/me", token).await;
        assert_eq!((res.status, res.code()), (StatusCode::UNAUTHORIZED, "unauthenticated"), "{token:?}");
    }
}

#[tokio::test]
async fn one_address_can_open_only_a_few_accounts_at_a_time() {
    let app = TestApp::with(
        |_| {},
        |c| {
            c.signups_per_ip = 3;
            c.trusted_proxies = 1;
        },
    )
    .await;
    let register_from = |ip: &'static str, n: u32| {
        let body = json!({"display_name": format!("Mint{ip}{n}"), "contact": format!("mint{n}@{ip}.example.com"), "password": PASSWORD});
        Request::post("/api/v1/auth/register")
            .header("x-forwarded-for", ip)
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.to_string()))
            .unwrap()
    };
    for n in 0..3 {
        assert_eq!(app.send(register_from("10.0.0.1", n)).await.status, StatusCode::CREATED);
    }
    let refused = app.send(register_from("10.0.0.1", 3)).await;
    assert_eq!((refused.status, refused.code()), (StatusCode::TOO_MANY_REQUESTS, "too_many_attempts"));
    assert!(refused.session().is_none());
    // Nothing was created: the account cannot log in.
    let login = app
        .post("/api/v1/auth/login", None, json!({"login": "mint3@10.0.0.1.example.com", "password": PASSWORD}))
        .await;
    assert_eq!(login.status, StatusCode::UNAUTHORIZED);
    // Another address is not affected.
    assert_eq!(app.send(register_from("10.0.0.2", 0)).await.status, StatusCode::CREATED);
}
