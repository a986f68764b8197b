//! Where photos live: a directory by default (`LINLI_MEDIA_DIR`, `data/media`), or S3-compatible
//! object storage (`LINLI_MEDIA_URL=s3://bucket/prefix`, with the usual `AWS_*` variables for
//! the endpoint and keys) so servers on different machines share them. Files are named by
//! random keys, never change, and are served with long caching under the same URLs either way:
//! from the directory by `ServeDir`, from the object store through the server (same origin, so
//! the content security policy and the service worker need nothing else).

use crate::error::{AppError, AppResult};
use axum::body::Body;
use axum::extract::{Path as UrlPath, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use object_store::aws::{AmazonS3Builder, AmazonS3ConfigKey};
use object_store::local::LocalFileSystem;
use object_store::path::Path;
use object_store::{ClientConfigKey, ObjectStore, PutPayload, RetryConfig};
use rand::RngCore;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

/// URL prefix of the media files.
pub const PREFIX: &str = "/media";

const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// Where photos are kept. The object store's photo route clones it for every request: without
/// allocating.
#[derive(Clone, Debug)]
pub struct Media {
    store: Arc<dyn ObjectStore>,
    /// Object names start with this (empty for a directory).
    prefix: Arc<Path>,
    /// Set when the store is a local directory, which `ServeDir` serves directly.
    dir: Option<Arc<std::path::Path>>,
    /// Shown in messages (no credentials).
    name: Arc<str>,
}

/// A new unguessable photo key (128 random bits, hex).
pub fn new_key() -> String {
    let mut bytes = [0u8; 16];
    rand::thread_rng().fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Keys come from us, but paths from URLs: only plain hex keys name files.
fn valid_key(key: &str) -> bool {
    key.len() == 32 && key.bytes().all(|b| b.is_ascii_hexdigit())
}

/// `{key}.jpg` or `{key}_t.jpg`, the only names a URL may ask for.
fn valid_file_name(name: &str) -> bool {
    let stem = name.strip_suffix(".jpg").unwrap_or("");
    valid_key(stem.strip_suffix("_t").unwrap_or(stem))
}

fn storage_error(e: object_store::Error) -> AppError {
    AppError::Storage(e.to_string())
}

impl Media {
    /// Photos in a local directory (created when missing).
    pub fn new(dir: impl Into<PathBuf>) -> std::io::Result<Media> {
        let dir = dir.into();
        std::fs::create_dir_all(&dir)?;
        let store = LocalFileSystem::new_with_prefix(&dir).map_err(std::io::Error::other)?;
        Ok(Media {
            store: Arc::new(store),
            prefix: Arc::default(),
            name: dir.display().to_string().into(),
            dir: Some(dir.into()),
        })
    }

    /// Photos in S3-compatible object storage: `s3://bucket/prefix`; the endpoint, region and
    /// keys come from the usual `AWS_*` variables (`AWS_ENDPOINT`, `AWS_ACCESS_KEY_ID`, …).
    pub fn from_url(url: &str) -> Result<Media, String> {
        let rest = url.strip_prefix("s3://").ok_or_else(|| format!("{url}: only s3://bucket/prefix is supported"))?;
        let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
        if bucket.is_empty() {
            return Err(format!("{url}: no bucket named"));
        }
        // A photo store that does not answer fails the request in seconds, not minutes.
        let retry = RetryConfig { max_retries: 3, retry_timeout: Duration::from_secs(15), ..RetryConfig::default() };
        // (Set key by key: replacing the client options would drop `AWS_ALLOW_HTTP` and the like.)
        let store = AmazonS3Builder::from_env()
            .with_bucket_name(bucket)
            .with_retry(retry)
            .with_config(AmazonS3ConfigKey::Client(ClientConfigKey::ConnectTimeout), "5s")
            .with_config(AmazonS3ConfigKey::Client(ClientConfigKey::Timeout), "30s")
            .build()
            .map_err(|e| format!("cannot use the object store {url}: {e}"))?;
        let prefix = Path::parse(prefix.trim_matches('/')).map_err(|e| format!("{url}: {e}"))?;
        Ok(Media { store: Arc::new(store), prefix: Arc::new(prefix), dir: None, name: url.into() })
    }

    /// Writes, reads back and deletes a probe object: a server that cannot store photos says so
    /// at start instead of failing every upload later.
    pub async fn check(&self) -> Result<(), String> {
        let probe = self.path(".linli-probe");
        let fail = |e: object_store::Error| format!("cannot use the photo store {}: {e}", self.name);
        self.store.put(&probe, PutPayload::from_static(b"ok")).await.map_err(fail)?;
        self.store.get(&probe).await.map_err(fail)?.bytes().await.map_err(fail)?;
        self.store.delete(&probe).await.map_err(fail)
    }

    /// The local directory, when photos are kept in one.
    pub fn dir(&self) -> Option<&std::path::Path> {
        self.dir.as_deref()
    }

    fn path(&self, file: &str) -> Path {
        self.prefix.child(file)
    }

    fn full_name(key: &str) -> String {
        format!("{key}.jpg")
    }

    fn thumb_name(key: &str) -> String {
        format!("{key}_t.jpg")
    }

    pub async fn save(&self, key: &str, full: &[u8], thumb: &[u8]) -> AppResult<()> {
        debug_assert!(valid_key(key));
        for (name, bytes) in [(Self::full_name(key), full), (Self::thumb_name(key), thumb)] {
            let payload = PutPayload::from(bytes::Bytes::copy_from_slice(bytes));
            self.store.put(&self.path(&name), payload).await.map_err(storage_error)?;
        }
        Ok(())
    }

    /// Stores the files of `from` under the new key `to` as well (demo data reuses pictures).
    pub async fn copy(&self, from: &str, to: &str) -> AppResult<()> {
        for name in [Self::full_name, Self::thumb_name] {
            self.store.copy(&self.path(&name(from)), &self.path(&name(to))).await.map_err(storage_error)?;
        }
        Ok(())
    }

    pub async fn remove(&self, key: &str) {
        if valid_key(key) {
            for name in [Self::full_name(key), Self::thumb_name(key)] {
                if let Err(e) = self.store.delete(&self.path(&name)).await {
                    tracing::warn!(error = %e, "photo not removed");
                }
            }
        }
    }

    pub fn url(key: &str) -> String {
        format!("{PREFIX}/{}", Self::full_name(key))
    }

    pub fn thumb_url(key: &str) -> String {
        format!("{PREFIX}/{}", Self::thumb_name(key))
    }

    pub fn router(&self) -> Router {
        let router = match &self.dir {
            Some(dir) => Router::new().nest_service(PREFIX, ServeDir::new(dir)),
            None => Router::new().route(&format!("{PREFIX}/{{file}}"), get(serve_object)).with_state(self.clone()),
        };
        router.layer(SetResponseHeaderLayer::if_not_present(header::CACHE_CONTROL, HeaderValue::from_static(IMMUTABLE)))
    }
}

/// A photo from the object store. Unknown names are 404 (never a request to the store); a store
/// that cannot be reached is a 503 the browser may retry.
async fn serve_object(State(media): State<Media>, UrlPath(file): UrlPath<String>) -> Response {
    if !valid_file_name(&file) {
        return StatusCode::NOT_FOUND.into_response();
    }
    let fetched = match media.store.get(&media.path(&file)).await {
        Ok(found) => found.bytes().await,
        Err(e) => Err(e),
    };
    match fetched {
        Ok(bytes) => {
            ([(header::CONTENT_TYPE, HeaderValue::from_static("image/jpeg"))], Body::from(bytes)).into_response()
        }
        Err(object_store::Error::NotFound { .. }) => StatusCode::NOT_FOUND.into_response(),
        Err(e) => {
            tracing::error!(error = %e, "photo store unreachable");
            (StatusCode::SERVICE_UNAVAILABLE, [(header::CACHE_CONTROL, HeaderValue::from_static("no-store"))])
                .into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_photo_names_are_served() {
        let key = "0123456789abcdef0123456789abcdef";
        assert!(valid_file_name(&format!("{key}.jpg")));
        assert!(valid_file_name(&format!("{key}_t.jpg")));
        for bad in
            ["", ".jpg", "_t.jpg", "../etc/passwd", &format!("{key}.png"), &format!("{key}_x.jpg"), ".linli-probe"]
        {
            assert!(!valid_file_name(bad), "{bad}");
        }
    }

    #[test]
    fn urls_name_only_s3() {
        assert!(Media::from_url("file:///tmp").is_err());
        assert!(Media::from_url("s3:///prefix").is_err());
    }
}
