//! A Linli server on a fresh database, driven through the router without sockets: a SQLite
//! file, or a new database on the PostgreSQL server `LINLI_TEST_POSTGRES` names
//! (`postgres://user@host:port/postgres`; `cargo xtask test` starts one and runs every test on
//! both).
#![allow(dead_code)]

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use linli_server::clock::Clock;
use linli_server::db::Db;
use linli_server::media::Media;
use linli_server::{app, AppState, Config};
use serde_json::{json, Value};
use tower::ServiceExt;

pub const PASSWORD: &str = "green-neighbour-42";

/// A real JPEG of the given size.
pub fn sample_jpeg(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| image::Rgb([(x % 200) as u8, (y % 200) as u8, 120]));
    linli_server::images::jpeg(&img, 85).unwrap()
}

/// A listing body selling for `yuan` in the first community.
pub fn listing_json(title: &str, description: &str, yuan: i64, photos: &[String]) -> Value {
    json!({
        "title": title,
        "description": description,
        "category": "furniture",
        "condition": "lightly_used",
        "offer": { "mode": "sell", "price_fen": yuan * 100 },
        "community_id": 1,
        "pickup_note": "北门自提",
        "photos": photos,
    })
}

pub struct TestApp {
    pub router: Router,
    /// The app's clock: stands still unless a test moves it.
    pub clock: Clock,
    pub db: Db,
    pub dist: tempfile::TempDir,
    pub media: Media,
    /// The database's URL, for a second connection pool (a second server) on it.
    pub url: String,
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
        Self::with(prepare, |_| {}).await
    }

    /// A test app with its configuration changed by `configure`. Every request through the
    /// router comes from one (unknown) address, so the sign-up throttle and the write limits
    /// are off unless a test sets them.
    pub async fn with(prepare: impl FnOnce(&std::path::Path), configure: impl FnOnce(&mut Config)) -> TestApp {
        let dir = tempfile::tempdir().unwrap();
        let dist = tempfile::tempdir().unwrap();
        prepare(dist.path());
        let url = fresh_database_url(dir.path()).await;
        let db = Db::connect(&url).await.expect("database");
        let mut config = Config {
            dist_dir: dist.path().to_path_buf(),
            signups_per_ip: i64::MAX,
            // Tests create many things quickly; the tests of the limits set their own.
            write_limits: linli_server::limits::WriteLimits::default().scaled(1_000_000),
            ..Config::default()
        };
        configure(&mut config);
        let media = Media::new(dir.path().join("media")).unwrap();
        seed_communities(&db).await;
        let clock = Clock::manual(linli_server::db::now());
        let router = app(AppState::new(db.clone(), config, media.clone()).with_clock(clock.clone()));
        TestApp { router, clock, db, dist, media, url, _dir: dir }
    }

    /// Runs the background sweep as of the app's clock.
    pub async fn sweep(&self) {
        assert!(linli_server::sweep::run_once(&self.db, self.clock.now()).await.unwrap(), "no other sweep runs");
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

    /// Uploads raw bytes as a photo.
    pub async fn upload(&self, session: &str, bytes: Vec<u8>) -> Answer {
        let req = Request::post("/api/v1/photos")
            .header(header::COOKIE, format!("linli_session={session}"))
            .header(header::CONTENT_TYPE, "image/jpeg")
            .header(header::ACCEPT_LANGUAGE, "en")
            .body(Body::from(bytes))
            .unwrap();
        self.send(req).await
    }

    /// Uploads a generated photo and returns its key.
    pub async fn photo(&self, session: &str) -> String {
        let res = self.upload(session, sample_jpeg(800, 600)).await;
        assert_eq!(res.status, StatusCode::CREATED, "upload: {}", res.text);
        res.body["key"].as_str().unwrap().to_string()
    }

    /// Posts a listing (selling for `yuan`, in community 1) and returns its id.
    pub async fn listing(&self, session: &str, title: &str, description: &str, yuan: i64) -> i64 {
        self.listing_with(
            session,
            json!({"title": title, "description": description, "offer": {"mode": "sell", "price_fen": yuan * 100}}),
        )
        .await
    }

    /// Posts a listing whose fields differ from `listing_json`'s defaults by `patch`.
    pub async fn listing_with(&self, session: &str, patch: Value) -> i64 {
        let key = self.photo(session).await;
        let mut body = listing_json("Listing", "", 100, &[key]);
        for (k, v) in patch.as_object().expect("patch is an object") {
            body[k] = v.clone();
        }
        let res = self.post("/api/v1/listings", Some(session), body).await;
        assert_eq!(res.status, StatusCode::CREATED, "create {patch}: {}", res.text);
        res.body["id"].as_i64().unwrap()
    }

    /// An app with a moderator (granted as the server's command line does); most tests want
    /// that out of the way.
    pub async fn with_moderator() -> (TestApp, String) {
        let app = TestApp::new().await;
        let (id, token) = app.register("Founder", "founder@example.com").await;
        linli_server::db::users::grant_role(&app.db, id, linli_contract::auth::Role::Moderator, None).await.unwrap();
        (app, token)
    }

    /// A request from `ip` (as the nearest proxy saw it) through `forwarded` extra hops.
    pub fn from_ip(mut req: Request<Body>, x_forwarded_for: &str) -> Request<Body> {
        req.headers_mut().insert("x-forwarded-for", x_forwarded_for.parse().unwrap());
        req
    }
}

/// The PostgreSQL server the tests run on, when `LINLI_TEST_POSTGRES` names one.
pub fn postgres_server() -> Option<String> {
    std::env::var("LINLI_TEST_POSTGRES").ok().filter(|s| !s.is_empty())
}

/// The backend the tests run on: "sqlite" or "postgres".
pub fn backend_name() -> &'static str {
    if postgres_server().is_some() {
        "postgres"
    } else {
        "sqlite"
    }
}

/// A URL of a new, empty database: a SQLite file in `dir`, or a new database on the
/// PostgreSQL server of `LINLI_TEST_POSTGRES`.
pub async fn fresh_database_url(dir: &std::path::Path) -> String {
    match postgres_server() {
        Some(server) => create_postgres_database(&server).await,
        None => format!("sqlite://{}?mode=rwc", dir.join("test.db").display()),
    }
}

/// Creates a database with a random name on the server and returns its URL.
pub async fn create_postgres_database(server: &str) -> String {
    use sqlx::Connection;
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    sqlx::any::install_default_drivers();
    let name = format!("t_{}_{}_{}", std::process::id(), NEXT.fetch_add(1, Ordering::Relaxed), rand::random::<u32>());
    let mut conn = sqlx::AnyConnection::connect(server).await.expect("LINLI_TEST_POSTGRES is reachable");
    sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut conn).await.expect("create test database");
    let _ = conn.close().await;
    let (base, query) = match server.split_once('?') {
        Some((b, q)) => (b, format!("?{q}")),
        None => (server, String::new()),
    };
    let base = base.rsplit_once('/').map(|(b, _)| b).unwrap_or(base);
    format!("{base}/{name}{query}")
}

/// Two communities far apart: 1 in Shanghai, 2 in Beijing.
pub async fn seed_communities(db: &Db) {
    use linli_contract::community::{Community, Localized};
    let loc = |zh: &str, en: &str| Localized { zh: zh.into(), en: en.into() };
    for (slug, zh, en, lat, lng) in
        [("sh", "田林", "Tianlin", 31.17, 121.42), ("bj", "望京", "Wangjing", 39.99, 116.47)]
    {
        let c = Community {
            id: 0,
            slug: slug.into(),
            name: loc(zh, en),
            city: loc("城", "City"),
            district: loc("区", "District"),
            lat,
            lng,
        };
        linli_server::db::communities::insert(db, &c).await.unwrap();
    }
}

/// A one-off market ten days from now by `organiser` (granted the role here) and a booking of
/// it by `resident`: (market id, date, booking id).
pub async fn market_and_booking(app: &TestApp, organiser: &str, resident: &str) -> (i64, String, i64) {
    let me = app.get("/api/v1/me", Some(organiser)).await.body["id"].as_i64().unwrap();
    linli_server::db::users::grant_role(&app.db, me, linli_contract::auth::Role::Organiser, None).await.unwrap();
    let tz = linli_server::calendar::zone("Asia/Shanghai").unwrap();
    let date = linli_server::calendar::ymd(linli_server::calendar::local_day(tz, app.clock.now() + 10 * 86_400));
    let body = json!({
        "name": "Swap market", "venue_name": "Square", "lat": 31.17, "lng": 121.42, "stalls": 5,
        "schedule": {"recurrence": {"kind": "once"}, "first_date": date, "start_time": "10:00", "end_time": "12:00"},
    });
    let res = app.post("/api/v1/markets", Some(organiser), body).await;
    assert_eq!(res.status, StatusCode::CREATED, "market: {}", res.text);
    let market = res.body["market"]["id"].as_i64().unwrap();
    let res = app
        .post(&format!("/api/v1/markets/{market}/dates/{date}/bookings"), Some(resident), json!({"brings": "books"}))
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "booking: {}", res.text);
    (market, date, res.body["id"].as_i64().unwrap())
}
