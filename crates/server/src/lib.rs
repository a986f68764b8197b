//! The Linli reference backend: `/api/v1/*` and the built single-page app.
//!
//! [`app`] builds the whole HTTP service from an [`AppState`], so tests drive it through
//! `tower::ServiceExt::oneshot` without sockets.

pub mod calendar;
pub mod clock;
pub mod db;
pub mod error;
pub mod extract;
pub mod first_screen;
pub mod guard;
pub mod images;
pub mod limits;
pub mod map_tiles;
pub mod media;
pub mod opening;
pub mod osm_import;
pub mod password;
pub mod recycling_items;
pub mod routes;
pub mod search;
pub mod seed;
pub mod seed_pictures;
pub mod setup;
pub mod sweep;
pub mod web;

use axum::http::{header, HeaderName, HeaderValue};
use axum::{middleware, Router};
use db::Db;
use error::AppError;
use linli_contract::ErrorCode;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

/// JSON bodies are small; larger ones are refused before they are read.
pub const JSON_BODY_LIMIT: usize = 64 * 1024;

#[derive(Debug, Clone)]
pub struct Config {
    /// Directory of the built web app (`trunk build` output).
    pub dist_dir: PathBuf,
    /// Mark the session cookie `Secure` (behind HTTPS).
    pub secure_cookies: bool,
    /// How many reverse proxies of ours stand in front (0: none, ignore `X-Forwarded-For`);
    /// the client address is the right-most `X-Forwarded-For` hop none of them wrote.
    pub trusted_proxies: usize,
    /// Accounts one client address may open per throttle window (15 minutes): enough for a
    /// family or an office behind one address, not for a script minting fake traders.
    pub signups_per_ip: i64,
    /// Per-account budgets of each kind of write.
    pub write_limits: limits::WriteLimits,
    /// The map tiles' URL template (`LINLI_MAP_TILES`); none: no tile server.
    pub map_tiles: Option<String>,
}

/// The default of [`Config::signups_per_ip`].
pub const SIGNUPS_PER_IP: i64 = 10;

/// Photos decoded at once: decoding is CPU-bound, more would only queue on the cores.
pub const PHOTO_SLOTS: usize = 2;
/// Photo uploads decoding or waiting to, at most; more are answered 503 with Retry-After.
pub const PHOTO_QUEUE: usize = 8;

impl Default for Config {
    fn default() -> Self {
        Config {
            dist_dir: PathBuf::from("dist"),
            secure_cookies: false,
            trusted_proxies: 0,
            signups_per_ip: SIGNUPS_PER_IP,
            write_limits: limits::WriteLimits::default(),
            map_tiles: None,
        }
    }
}

/// Everything a handler needs. Nothing here is state that matters between requests: that
/// lives in the database, so several servers can share the load. Every layer of every request
/// takes a copy: one shared count, not one per part.
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

#[derive(Clone)]
pub struct Shared {
    pub db: Db,
    pub config: Arc<Config>,
    pub media: media::Media,
    pub photo_slots: Arc<tokio::sync::Semaphore>,
    pub photo_queue: Arc<tokio::sync::Semaphore>,
    /// The one clock every time-dependent rule reads (tests move it).
    pub clock: clock::Clock,
}

impl std::ops::Deref for AppState {
    type Target = Shared;
    fn deref(&self) -> &Shared {
        &self.0
    }
}

impl AppState {
    pub fn new(db: Db, config: Config, media: media::Media) -> AppState {
        AppState(Arc::new(Shared {
            db,
            config: Arc::new(config),
            media,
            photo_slots: Arc::new(tokio::sync::Semaphore::new(PHOTO_SLOTS)),
            photo_queue: Arc::new(tokio::sync::Semaphore::new(PHOTO_QUEUE)),
            clock: clock::Clock::system(),
        }))
    }

    pub fn with_clock(self, clock: clock::Clock) -> AppState {
        AppState(Arc::new(Shared { clock, ..(*self.0).clone() }))
    }

    pub fn now(&self) -> i64 {
        self.clock.now()
    }
}

pub fn app(state: AppState) -> Router {
    let shell = web::Shell::load(&state.config.dist_dir);

    let (v1, _) = routes::router();
    let api = Router::new()
        .nest("/v1", v1)
        .fallback(|| async { AppError::code(ErrorCode::NotFound) })
        .layer(axum::extract::DefaultBodyLimit::max(JSON_BODY_LIMIT))
        .layer(middleware::from_fn_with_state(state.clone(), limits::enforce))
        .layer(CatchPanicLayer::new())
        .layer(SetResponseHeaderLayer::if_not_present(header::CACHE_CONTROL, HeaderValue::from_static("no-store")))
        .layer(middleware::from_fn(error::localise_errors))
        .with_state(state.clone());

    Router::new()
        .nest("/api", api)
        .merge(state.media.router())
        .merge(web::router(&state.config.dist_dir, shell.clone(), state.clone()))
        .layer(TimeoutLayer::with_status_code(axum::http::StatusCode::REQUEST_TIMEOUT, Duration::from_secs(30)))
        .layer(CompressionLayer::new())
        .layer(middleware::from_fn_with_state(shell, web::Shell::csp))
        .layer(middleware::from_fn_with_state(state.clone(), map_tiles::allow_in_csp))
        .layer(SetResponseHeaderLayer::overriding(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")))
        .layer(SetResponseHeaderLayer::overriding(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")))
        .layer(SetResponseHeaderLayer::overriding(header::REFERRER_POLICY, HeaderValue::from_static("same-origin")))
        .layer(SetResponseHeaderLayer::overriding(
            HeaderName::from_static("permissions-policy"),
            HeaderValue::from_static("geolocation=(self), camera=(self), microphone=()"),
        ))
        .layer(tower::util::option_layer(state.config.secure_cookies.then(|| {
            // Served over HTTPS (secure cookies): browsers must never fall back to plain HTTP.
            SetResponseHeaderLayer::overriding(
                header::STRICT_TRANSPORT_SECURITY,
                HeaderValue::from_static("max-age=31536000; includeSubDomains"),
            )
        })))
        .layer(middleware::from_fn(guard::request_line))
        .layer(TraceLayer::new_for_http())
}
