//! Roles are granted by moderators only, every change is audited, and there is always a moderator.

mod common;

use axum::http::{Method, StatusCode};
use common::TestApp;
use linli_contract::auth::Role;
use linli_contract::moderation::AuditFact;
use linli_server::db::audit;
use serde_json::json;

#[tokio::test]
async fn only_moderators_list_users() {
    let (app, moderator) = TestApp::with_moderator().await;
    let (_, resident) = app.register("Resident", "resident@example.com").await;
    assert_eq!(app.get("/api/v1/admin/users?q=res", None).await.status, StatusCode::UNAUTHORIZED);
    let forbidden = app.get("/api/v1/admin/users?q=res", Some(&resident)).await;
    assert_eq!((forbidden.status, forbidden.code()), (StatusCode::FORBIDDEN, "forbidden"));
    assert!(!forbidden.text.contains("resident@example.com"));
    let listed = app.get("/api/v1/admin/users?q=RES", Some(&moderator)).await;
    assert_eq!(listed.status, StatusCode::OK);
    assert_eq!(listed.body[0]["display_name"], "Resident");
    assert!(!listed.text.contains("example.com"), "contacts stay private: {}", listed.text);
}

#[tokio::test]
async fn a_moderator_grants_organiser_and_it_is_audited() {
    let (app, moderator) = TestApp::with_moderator().await;
    let (id, resident) = app.register("Organiser To Be", "org@example.com").await;
    let res = app.call(Method::PUT, &format!("/api/v1/admin/users/{id}/roles/organiser"), Some(&moderator), None).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert_eq!(res.body["roles"], json!(["resident", "organiser"]));
    assert_eq!(app.get("/api/v1/me", Some(&resident)).await.body["roles"], json!(["resident", "organiser"]));
    let log = audit::latest(&app.db, 1).await.unwrap();
    let fact: AuditFact = serde_json::from_str(&log[0].fact).unwrap();
    assert_eq!(
        (log[0].action.as_str(), log[0].target_id, fact),
        ("grant_role", Some(id), AuditFact::Role { role: Role::Organiser })
    );
}

#[tokio::test]
async fn residents_cannot_grant_roles_even_to_themselves() {
    let (app, _) = TestApp::with_moderator().await;
    let (id, resident) = app.register("Climber", "climber@example.com").await;
    let res = app.call(Method::PUT, &format!("/api/v1/admin/users/{id}/roles/moderator"), Some(&resident), None).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    let anonymous = app.call(Method::PUT, &format!("/api/v1/admin/users/{id}/roles/moderator"), None, None).await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
    assert_eq!(app.get("/api/v1/me", Some(&resident)).await.body["roles"], json!(["resident"]));
    assert!(audit::latest(&app.db, 10).await.unwrap().is_empty());
}

#[tokio::test]
async fn unknown_users_and_roles_are_refused() {
    let (app, moderator) = TestApp::with_moderator().await;
    let (id, _) = app.register("Someone", "someone@example.com").await;
    let missing = app.call(Method::PUT, "/api/v1/admin/users/9999/roles/organiser", Some(&moderator), None).await;
    assert_eq!((missing.status, missing.code()), (StatusCode::NOT_FOUND, "not_found"));
    for role in ["emperor", "resident"] {
        let bad =
            app.call(Method::PUT, &format!("/api/v1/admin/users/{id}/roles/{role}"), Some(&moderator), None).await;
        assert_eq!((bad.status, bad.field()), (StatusCode::UNPROCESSABLE_ENTITY, "role"), "{role}");
    }
    let not_a_number = app.call(Method::PUT, "/api/v1/admin/users/abc/roles/organiser", Some(&moderator), None).await;
    assert_eq!(not_a_number.code(), "bad_request");
}

#[tokio::test]
async fn the_last_moderator_cannot_be_removed() {
    let (app, moderator) = TestApp::with_moderator().await;
    let me = app.get("/api/v1/me", Some(&moderator)).await.body["id"].as_i64().unwrap();
    let res =
        app.call(Method::DELETE, &format!("/api/v1/admin/users/{me}/roles/moderator"), Some(&moderator), None).await;
    assert_eq!((res.status, res.code()), (StatusCode::CONFLICT, "last_moderator"));

    let (second, _) = app.register("Second Mod", "mod2@example.com").await;
    app.call(Method::PUT, &format!("/api/v1/admin/users/{second}/roles/moderator"), Some(&moderator), None).await;
    let res =
        app.call(Method::DELETE, &format!("/api/v1/admin/users/{me}/roles/moderator"), Some(&moderator), None).await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(res.body["roles"], json!(["resident"]));
}
