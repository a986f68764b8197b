//! A Linli server on a fresh SQLite file, driven through the router without sockets.
#![allow(dead_code)]

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use linli_server::db::Db;
use linli_server::{app, AppState, Config};
use serde_json::{json, Value};
use std::sync::Arc;
use tower::ServiceExt;

pub const PASSWORD: &str = "green-neighbour-42";

pub struct TestApp {
    pub router: Router,
    pub db: Db,
    pub dist: tempfile::TempDir,
    _dir: tempfile::TempDir,
}

pub struct Answer {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: Value,
    pub text: String,
}

impl Answer {
    /// The `code` of an ApiError body.
    pub fn code(&self) -> &str {
        self.body["code"].as_str().unwrap_or("")
    }
    pub fn field(&self) -> &str {
        self.body["field"].as_str().unwrap_or("")
    }
    /// The session token the answer sets, if any.
    pub fn session(&self) -> Option<String> {
        let cookie = self.headers.get(header::SET_COOKIE)?.to_str().ok()?;
        let value = cookie.split(';').next()?.split_once('=')?.1;
        Some(value.to_string())
    }
}

impl TestApp {
    pub async fn new() -> TestApp {
        Self::with_dist(|_| {}).await
    }

    /// `prepare` may write a fake built app into the dist directory.
    pub async fn with_dist(prepare: impl FnOnce(&std::path::Path)) -> TestApp {
        let dir = tempfile::tempdir().unwrap();
        let dist = tempfile::tempdir().unwrap();
        prepare(dist.path());
        let url = format!("sqlite://{}?mode=rwc", dir.path().join("test.db").display());
        let db = Db::connect(&url).await.expect("database");
        let config = Config { dist_dir: dist.path().to_path_buf(), ..Config::default() };
        let router = app(AppState { db: db.clone(), config: Arc::new(config) });
        TestApp { router, db, dist, _dir: dir }
    }

    pub async fn send(&self, req: Request<Body>) -> Answer {
        let res = self.router.clone().oneshot(req).await.unwrap();
        let status = res.status();
        let headers = res.headers().clone();
        let bytes = res.into_body().collect().await.unwrap().to_bytes();
        let text = String::from_utf8_lossy(&bytes).to_string();
        let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        Answer { status, headers, body, text }
    }

    /// A JSON request as `session` (a token from `Answer::session`), in `lang`.
    pub async fn call(&self, method: Method, path: &str, session: Option<&str>, body: Option<Value>) -> Answer {
        let mut req = Request::builder().method(method).uri(path).header(header::ACCEPT_LANGUAGE, "en");
        if let Some(token) = session {
            req = req.header(header::COOKIE, format!("linli_session={token}"));
        }
        let req = match body {
            Some(b) => req.header(header::CONTENT_TYPE, "application/json").body(Body::from(b.to_string())),
            None => req.body(Body::empty()),
        };
        self.send(req.unwrap()).await
    }

    pub async fn get(&self, path: &str, session: Option<&str>) -> Answer {
        self.call(Method::GET, path, session, None).await
    }

    pub async fn post(&self, path: &str, session: Option<&str>, body: Value) -> Answer {
        self.call(Method::POST, path, session, Some(body)).await
    }

    pub async fn register_raw(&self, name: &str, contact: &str, password: &str) -> Answer {
        self.post(
            "/api/v1/auth/register",
            None,
            json!({ "display_name": name, "contact": contact, "password": password }),
        )
        .await
    }

    /// Registers an account and returns (user id, session token).
    pub async fn register(&self, name: &str, contact: &str) -> (i64, String) {
        let res = self.register_raw(name, contact, PASSWORD).await;
        assert_eq!(res.status, StatusCode::CREATED, "register {name}: {}", res.text);
        (res.body["id"].as_i64().unwrap(), res.session().expect("session cookie"))
    }

    /// The first account of an app is its moderator; most tests want that out of the way.
    pub async fn with_moderator() -> (TestApp, String) {
        let app = TestApp::new().await;
        let (_, token) = app.register("Founder", "founder@example.com").await;
        (app, token)
    }
}
