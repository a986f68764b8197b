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
use linli_contract::auth::Role;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
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
    /// Per group of lazy pages, the code files it fetches when first opened.
    code: Arc<CodeRequests>,
}

/// `code-requests.json`, written beside index.html by the split step (xtask/src/split.rs):
/// `{ group: [file, …] }`. Missing (a build without lazy pages): nothing is preloaded.
type CodeRequests = BTreeMap<String, Vec<String>>;

impl Loaded {
    fn read(path: &Path) -> Loaded {
        let modified = std::fs::metadata(path).and_then(|m| m.modified()).ok();
        let index = std::fs::read(path).ok();
        let csp = HeaderValue::from_str(&content_security_policy(index.as_deref().unwrap_or_default()))
            .expect("CSP is ASCII");
        let code = path
            .parent()
            .and_then(|dist| std::fs::read(dist.join(CODE_REQUESTS)).ok())
            .and_then(|json| serde_json::from_slice::<CodeRequests>(&json).ok())
            .unwrap_or_default();
        Loaded { modified, index: index.map(Arc::from), csp, code: Arc::new(code) }
    }
}

/// The split step's list of code files per group of lazy pages.
const CODE_REQUESTS: &str = "code-requests.json";

/// The group of lazy pages (`src/lazy.rs`, a `wasm_split` module) a path of the app opens, so
/// the page's code is fetched beside the main module instead of after it has run. Keep in step
/// with `lazy_pages!` there (a path left out here only loses the preload).
fn lazy_group(path: &str) -> Option<&'static str> {
    let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
    match segments.as_slice() {
        ["listings", _] | ["users", _] | ["communities", _] | ["login"] | ["register"] => Some("listing"),
        ["sell"]
        | ["listings", _, "edit"]
        | ["me"]
        | ["me", "listings" | "favourites" | "trades"]
        | ["trades", _]
        | ["moderation", ..] => Some("account"),
        ["markets", ..] | ["me", "bookings" | "pickups"] | ["recycle", ..] => Some("areas"),
        _ => None,
    }
}

/// `html` with a preload of every code file the page at `path` will fetch when it opens. Not
/// on a page with a pre-rendered first screen (a listing's): there the app's code waits until
/// that has painted with its photos (xtask/src/split.rs), which the preloads would slow down.
fn with_code_preloads(html: &str, path: &str, code: &CodeRequests) -> Option<String> {
    if html.contains("id=\"first-screen\"") {
        return None;
    }
    let files = code.get(lazy_group(path)?)?;
    let head_end = html.find("</head>")?;
    let links: String = files
        .iter()
        .filter(|f| f.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b)))
        .map(|f| format!("<link rel=\"preload\" as=\"fetch\" crossorigin href=\"/{f}\">"))
        .collect();
    Some(format!("{}{links}{}", &html[..head_end], &html[head_end..]))
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

    /// The page, its CSP and its code requests; one `stat` per call to notice a rebuild.
    fn current(&self) -> (Option<Arc<[u8]>>, HeaderValue, Arc<CodeRequests>) {
        let modified = std::fs::metadata(&self.path).and_then(|m| m.modified()).ok();
        {
            let loaded = self.current.read().unwrap_or_else(|e| e.into_inner());
            if loaded.modified == modified {
                return (loaded.index.clone(), loaded.csp.clone(), loaded.code.clone());
            }
        }
        let fresh = Loaded::read(&self.path);
        let out = (fresh.index.clone(), fresh.csp.clone(), fresh.code.clone());
        *self.current.write().unwrap_or_else(|e| e.into_inner()) = fresh;
        out
    }

    /// Middleware: every response carries the CSP of the current page.
    pub async fn csp(State(shell): State<Shell>, req: Request, next: Next) -> Response {
        let mut res = next.run(req).await;
        let (_, csp, _) = shell.current();
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
/// file (a path with an extension) stays a 404, so a broken asset link is visible. Some pages
/// come with their first screen already in the HTML ([`first_screen`]).
async fn app_route(
    State((shell, state)): State<(Shell, crate::AppState)>,
    uri: Uri,
    headers: axum::http::HeaderMap,
) -> Response {
    let last = uri.path().rsplit('/').next().unwrap_or("");
    let (index, _, code) = shell.current();
    let signed_out = signed_out_for_sure(&headers);
    // A lazy page's code is preloaded with the page (`with_code_preloads`); a visitor who
    // certainly has no session is told so (`SIGNED_OUT_META`).
    let html = |body: Vec<u8>| {
        let body = match String::from_utf8(body) {
            Ok(page) => {
                let page = with_code_preloads(&page, uri.path(), &code).unwrap_or(page);
                match (signed_out, page.find("</head>")) {
                    (true, Some(at)) => format!("{}{SIGNED_OUT_META}{}", &page[..at], &page[at..]),
                    _ => page,
                }
                .into_bytes()
            }
            Err(e) => e.into_bytes(),
        };
        ([(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"))], Body::from(body))
            .into_response()
    };
    match &index {
        Some(index) if !last.contains('.') => {
            let page = String::from_utf8_lossy(index);
            match first_screen(&state, &page, &uri, &headers, signed_out).await {
                Some(page) => html(page.into_bytes()),
                None => html(index.to_vec()),
            }
        }
        Some(_) => StatusCode::NOT_FOUND.into_response(),
        None => {
            (StatusCode::SERVICE_UNAVAILABLE, "The web app is not built yet: run `cargo xtask run`.").into_response()
        }
    }
}

/// `index` with the first screen of the page at `uri` (`first_screen.rs`), for the pages the
/// server renders: the feed (`/` without a query), a listing, the Markets and Recycle tabs, and
/// Sell for a visitor who is certainly signed out. `None`: the plain shell.
async fn first_screen(
    state: &crate::AppState,
    index: &str,
    uri: &Uri,
    headers: &axum::http::HeaderMap,
    signed_out: bool,
) -> Option<String> {
    use crate::first_screen as screen;
    let cookies = headers.get(header::COOKIE).and_then(|c| c.to_str().ok()).unwrap_or("");
    let lang = screen::lang_of(cookies);
    let plain = uri.query().is_none_or(str::is_empty);
    match uri.path() {
        "/" if plain => screen::feed_page(state, index, lang).await,
        "/markets" if plain => {
            let organiser = viewer(state, headers).await.is_some_and(|user| user.has(Role::Organiser));
            screen::markets_page(state, index, lang, organiser).await
        }
        "/recycle" if plain => screen::recycle_page(state, index, lang).await,
        "/sell" if signed_out => screen::sell_signed_out_page(index, lang),
        path => screen::listing_page(state, index, lang, listing_id(path)?).await,
    }
}

/// The signed-in user of the request, if any (for what a first screen shows only to some roles).
async fn viewer(state: &crate::AppState, headers: &axum::http::HeaderMap) -> Option<crate::extract::CurrentUser> {
    let token = crate::extract::session_token(headers)?;
    crate::extract::CurrentUser::of_session(state, token).await.ok().flatten()
}

/// In the page when the request certainly comes from nobody signed in: the app then does not
/// ask `GET /me` (whose 401 would be the only error in the console of a first visit; see
/// `src/session.rs`).
pub const SIGNED_OUT_META: &str = "<meta name=\"linli-signed-out\" content=\"\">";

/// A typed or same-origin navigation (`Sec-Fetch-Site: none | same-origin`, where the browser
/// always sends the `SameSite=Strict` session cookie) that carries no session cookie. A link
/// from another site (a chat) may arrive without the cookie of a signed-in reader: unknown.
fn signed_out_for_sure(headers: &axum::http::HeaderMap) -> bool {
    let site = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok());
    if !matches!(site, Some("none" | "same-origin")) {
        return false;
    }
    let prefix = format!("{}=", linli_contract::SESSION_COOKIE);
    !headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .any(|c| c.trim().strip_prefix(&prefix).is_some_and(|token| !token.is_empty()))
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
    fn a_lazy_page_preloads_its_groups_code() {
        let code: CodeRequests = serde_json::from_str(
            r#"{"areas":["app-1a.split_areas.wasm","app-1a.chunk_4.wasm"],"listing":["app-1a.split_listing.wasm"]}"#,
        )
        .unwrap();
        let html = "<html><head><title>t</title></head><body></body></html>";
        let page = with_code_preloads(html, "/markets/3", &code).unwrap();
        assert_eq!(
            page,
            "<html><head><title>t</title><link rel=\"preload\" as=\"fetch\" crossorigin \
             href=\"/app-1a.split_areas.wasm\"><link rel=\"preload\" as=\"fetch\" crossorigin \
             href=\"/app-1a.chunk_4.wasm\"></head><body></body></html>"
        );
        assert!(with_code_preloads(html, "/listings/7", &code).unwrap().contains("split_listing"));
        let prerendered = "<html><head></head><body><div id=\"first-screen\"></div></body></html>";
        assert_eq!(with_code_preloads(prerendered, "/listings/7", &code), None, "its photos first");
        assert_eq!(with_code_preloads(html, "/", &code), None, "Browse is in the main module");
        assert_eq!(with_code_preloads(html, "/sell", &code), None, "no files listed for its group");
        for (path, group) in [
            ("/listings/7/edit", "account"),
            ("/me", "account"),
            ("/me/bookings", "areas"),
            ("/recycle", "areas"),
            ("/moderation/disputes/2", "account"),
            ("/users/4", "listing"),
            ("/login", "listing"),
        ] {
            assert_eq!(lazy_group(path), Some(group), "{path}");
        }
        assert_eq!(lazy_group("/unknown"), None);
    }

    #[test]
    fn only_a_navigation_that_would_carry_the_session_cookie_says_signed_out() {
        let headers = |site: Option<&str>, cookie: Option<&str>| {
            let mut h = axum::http::HeaderMap::new();
            if let Some(site) = site {
                h.insert("sec-fetch-site", HeaderValue::from_str(site).unwrap());
            }
            if let Some(cookie) = cookie {
                h.insert(header::COOKIE, HeaderValue::from_str(cookie).unwrap());
            }
            h
        };
        assert!(signed_out_for_sure(&headers(Some("none"), None)));
        assert!(signed_out_for_sure(&headers(Some("same-origin"), Some("linli_lang=en"))));
        assert!(signed_out_for_sure(&headers(Some("none"), Some("linli_session=; linli_lang=en"))));
        assert!(!signed_out_for_sure(&headers(Some("none"), Some("linli_lang=en; linli_session=abc"))));
        assert!(!signed_out_for_sure(&headers(Some("cross-site"), None)), "a chat link: unknown");
        assert!(!signed_out_for_sure(&headers(None, None)), "an older browser: unknown");
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
