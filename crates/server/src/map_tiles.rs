//! Map tiles come from the server named by `LINLI_MAP_TILES` (a URL template such as
//! `https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png`): the app's Content-Security-Policy
//! lets images come from that origin too, and from nowhere else.

use crate::AppState;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

/// `https://tiles.example.com` of a template; a `{s}` sub-domain becomes `*`. None when the
/// template is not an http(s) URL (then no tiles are allowed).
pub fn origin(template: &str) -> Option<String> {
    let (scheme, rest) = template.split_once("://")?;
    if scheme != "https" && scheme != "http" {
        return None;
    }
    let host = rest.split('/').next()?.replace("{s}", "*");
    let valid = !host.is_empty() && host.chars().all(|c| c.is_ascii_alphanumeric() || ".-:*".contains(c));
    valid.then(|| format!("{scheme}://{host}"))
}

/// Adds the tile origin to `img-src` of the policy the shell set.
pub async fn allow_in_csp(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    let Some(origin) = state.config.map_tiles.as_deref().and_then(origin) else {
        return res;
    };
    let csp = res.headers().get(header::CONTENT_SECURITY_POLICY).and_then(|v| v.to_str().ok()).map(str::to_string);
    if let Some(csp) = csp {
        let widened = csp.replacen("img-src 'self'", &format!("img-src 'self' {origin}"), 1);
        if let Ok(value) = HeaderValue::from_str(&widened) {
            res.headers_mut().insert(header::CONTENT_SECURITY_POLICY, value);
        }
    }
    res
}

#[cfg(test)]
mod tests {
    use super::origin;

    #[test]
    fn origins_of_templates() {
        assert_eq!(
            origin("https://tile.openstreetmap.org/{z}/{x}/{y}.png").as_deref(),
            Some("https://tile.openstreetmap.org")
        );
        assert_eq!(
            origin("https://{s}.tiles.example.com:8443/{z}/{x}/{y}.png").as_deref(),
            Some("https://*.tiles.example.com:8443")
        );
        assert_eq!(origin("javascript:alert(1)"), None);
        assert_eq!(origin("https://evil.com; script-src *"), None);
    }
}
