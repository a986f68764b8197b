//! Serving the built single-page app: files from `dist/`, `index.html` for every app route
//! (deep links survive a reload), long caching for content-hashed files, and a Content
//! Security Policy that allows exactly the inline loader script trunk writes.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode, Uri};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::Router;
use base64::Engine;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::SystemTime;
use tower_http::services::ServeDir;

/// The app's `index.html` and the CSP that matches it, reloaded whenever the file changes (a
/// rebuilt app must never be served the old page, whose asset names no longer exist).
#[derive(Clone)]
pub struct Shell {
    path: PathBuf,
    current: Arc<RwLock<Loaded>>,
}

struct Loaded {
    modified: Option<SystemTime>,
    index: Option<Arc<[u8]>>,
    csp: HeaderValue,
}

impl Loaded {
    fn read(path: &Path) -> Loaded {
        let modified = std::fs::metadata(path).and_then(|m| m.modified()).ok();
        let index = std::fs::read(path).ok();
        let csp = HeaderValue::from_str(&content_security_policy(index.as_deref().unwrap_or_default()))
            .expect("CSP is ASCII");
        Loaded { modified, index: index.map(Arc::from), csp }
    }
}

impl Shell {
    pub fn load(dist: &Path) -> Shell {
        let path = dist.join("index.html");
        let loaded = Loaded::read(&path);
        if loaded.index.is_none() {
            tracing::warn!(dist = %dist.display(), "no index.html: the web app is not built (cargo xtask run builds it)");
        }
        Shell { path, current: Arc::new(RwLock::new(loaded)) }
    }

    /// The page and its CSP; one `stat` per call to notice a rebuild.
    fn current(&self) -> (Option<Arc<[u8]>>, HeaderValue) {
        let modified = std::fs::metadata(&self.path).and_then(|m| m.modified()).ok();
        {
            let loaded = self.current.read().unwrap_or_else(|e| e.into_inner());
            if loaded.modified == modified {
                return (loaded.index.clone(), loaded.csp.clone());
            }
        }
        let fresh = Loaded::read(&self.path);
        let out = (fresh.index.clone(), fresh.csp.clone());
        *self.current.write().unwrap_or_else(|e| e.into_inner()) = fresh;
        out
    }

    /// Middleware: every response carries the CSP of the current page.
    pub async fn csp(State(shell): State<Shell>, req: Request, next: Next) -> Response {
        let mut res = next.run(req).await;
        let (_, csp) = shell.current();
        res.headers_mut().insert(header::CONTENT_SECURITY_POLICY, csp);
        res
    }
}

/// Hashes of the inline `<script>` bodies of the page (trunk's module loader), so they may run
/// while any injected script may not.
fn inline_script_hashes(html: &str) -> Vec<String> {
    let mut hashes = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        let after = &rest[start..];
        let Some(open_end) = after.find('>') else { break };
        let tag = &after[..open_end];
        let body_start = open_end + 1;
        let Some(close) = after[body_start..].find("</script>") else { break };
        let body = &after[body_start..body_start + close];
        if !tag.contains("src=") && !body.trim().is_empty() {
            let digest = Sha256::digest(body.as_bytes());
            hashes.push(format!("'sha256-{}'", base64::engine::general_purpose::STANDARD.encode(digest)));
        }
        rest = &after[body_start + close..];
    }
    hashes
}

pub fn content_security_policy(index_html: &[u8]) -> String {
    let hashes = inline_script_hashes(&String::from_utf8_lossy(index_html)).join(" ");
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' {hashes}; style-src 'self'; \
         img-src 'self' data: blob:; connect-src 'self'; font-src 'self'; manifest-src 'self'; \
         worker-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    )
}

pub fn router(dist: &Path, shell: Shell, state: crate::AppState) -> Router {
    // The build writes brotli 11 and gzip copies beside each file (xtask/src/precompress.rs);
    // they are sent as they are, by the client's Accept-Encoding, and the compression layer
    // leaves a response that already has a Content-Encoding alone.
    let files = ServeDir::new(dist)
        .precompressed_br()
        .precompressed_gzip()
        .append_index_html_on_directories(false)
        .fallback(axum::routing::get(app_route).with_state((shell, state)));
    Router::new().fallback_service(files).layer(middleware::from_fn(cache_control))
}

/// Any path that is not a file is a route of the app: answer with the app shell. A missing
/// file (a path with an extension) stays a 404, so a broken asset link is visible. The feed
/// (`/` without a query) comes with its first page already in the HTML (`first_screen.rs`).
async fn app_route(
    State((shell, state)): State<(Shell, crate::AppState)>,
    uri: Uri,
    headers: axum::http::HeaderMap,
) -> Response {
    let last = uri.path().rsplit('/').next().unwrap_or("");
    let html = |body: Vec<u8>| {
        ([(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"))], Body::from(body))
            .into_response()
    };
    match &shell.current().0 {
        Some(index) if uri.path() == "/" && uri.query().is_none_or(str::is_empty) => {
            let cookies = headers.get(header::COOKIE).and_then(|c| c.to_str().ok()).unwrap_or("");
            let lang = crate::first_screen::lang_of(cookies);
            match crate::first_screen::feed_page(&state, &String::from_utf8_lossy(index), lang).await {
                Some(page) => html(page.into_bytes()),
                None => html(index.to_vec()),
            }
        }
        Some(index) if listing_id(uri.path()).is_some() => {
            let cookies = headers.get(header::COOKIE).and_then(|c| c.to_str().ok()).unwrap_or("");
            let lang = crate::first_screen::lang_of(cookies);
            let id = listing_id(uri.path()).unwrap_or_default();
            match crate::first_screen::listing_page(&state, &String::from_utf8_lossy(index), lang, id).await {
                Some(page) => html(page.into_bytes()),
                None => html(index.to_vec()),
            }
        }
        Some(index) if !last.contains('.') => html(index.to_vec()),
        Some(_) => StatusCode::NOT_FOUND.into_response(),
        None => {
            (StatusCode::SERVICE_UNAVAILABLE, "The web app is not built yet: run `cargo xtask run`.").into_response()
        }
    }
}

/// The id in a listing page's path (`/listings/{id}`, nothing after it).
fn listing_id(path: &str) -> Option<i64> {
    let id = path.strip_prefix("/listings/")?;
    id.bytes().all(|b| b.is_ascii_digit()).then(|| id.parse().ok()).flatten()
}

/// trunk names built files `name-<hash>.ext` (and the split build `name-<hash>_split.js`,
/// `name-<hash>.<chunk>.wasm`): they never change, so browsers keep them a year. Everything
/// else (the shell, the service worker, the manifest, precache.json) is revalidated every time.
/// The body depends on Accept-Encoding (precompressed copies), so caches are told so.
async fn cache_control(req: Request, next: Next) -> Response {
    let immutable = is_content_hashed(req.uri().path());
    let mut res = next.run(req).await;
    if res.status().is_success() {
        let value = if immutable { "public, max-age=31536000, immutable" } else { "no-cache" };
        res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
        res.headers_mut().append(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    res
}

fn is_content_hashed(path: &str) -> bool {
    let file = path.rsplit('/').next().unwrap_or("");
    let stem = file.split('.').next().unwrap_or("");
    let stem = stem.strip_suffix("_bg").or_else(|| stem.strip_suffix("_split")).unwrap_or(stem);
    stem.rsplit_once('-')
        .is_some_and(|(_, hash)| (12..=20).contains(&hash.len()) && hash.bytes().all(|b| b.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csp_allows_exactly_the_inline_loader() {
        let html = r#"<html><head><script type="module">import init from '/a.js';</script>
            <script src="/sw-register.js"></script></head></html>"#;
        let hashes = inline_script_hashes(html);
        assert_eq!(hashes.len(), 1);
        let expected = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(b"import init from '/a.js';"));
        assert_eq!(hashes[0], format!("'sha256-{expected}'"));
        assert!(content_security_policy(html.as_bytes()).contains(&hashes[0]));
    }

    #[test]
    fn recognises_trunk_hashed_names() {
        assert!(is_content_hashed("/linli-web-1a2b3c4d5e6f7a8b_bg.wasm"));
        assert!(is_content_hashed("/linli-web-1a2b3c4d5e6f7a8b.js"));
        assert!(is_content_hashed("/style-0123456789abcdef.css"));
        assert!(is_content_hashed("/main-7ca8cefd2999bef.css"), "15 digits happen");
        assert!(is_content_hashed("/linli-web-1a2b3c4d5e6f7a8b_split.js"));
        assert!(is_content_hashed("/linli-web-1a2b3c4d5e6f7a8b.chunk_12.wasm"));
        assert!(!is_content_hashed("/precache.json"));
        assert!(!is_content_hashed("/index.html"));
        assert!(!is_content_hashed("/sw.js"));
        assert!(!is_content_hashed("/listings/12"));
    }
}
