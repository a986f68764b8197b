//! Where photos live: a directory by default (`LINLI_MEDIA_DIR`, `data/media`). Files are named
//! by random keys, never change, and are served with long caching.

use axum::http::{header, HeaderValue};
use axum::Router;
use rand::RngCore;
use std::path::{Path, PathBuf};
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

/// URL prefix of the media files.
pub const PREFIX: &str = "/media";

#[derive(Clone, Debug)]
pub struct Media {
    dir: PathBuf,
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

impl Media {
    pub fn new(dir: impl Into<PathBuf>) -> std::io::Result<Media> {
        let dir = dir.into();
        std::fs::create_dir_all(&dir)?;
        Ok(Media { dir })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn full_path(&self, key: &str) -> PathBuf {
        self.dir.join(format!("{key}.jpg"))
    }

    fn thumb_path(&self, key: &str) -> PathBuf {
        self.dir.join(format!("{key}_t.jpg"))
    }

    pub async fn save(&self, key: &str, full: &[u8], thumb: &[u8]) -> std::io::Result<()> {
        debug_assert!(valid_key(key));
        tokio::fs::write(self.full_path(key), full).await?;
        tokio::fs::write(self.thumb_path(key), thumb).await
    }

    /// Stores the files of `from` under the new key `to` as well (demo data reuses pictures).
    pub async fn copy(&self, from: &str, to: &str) -> std::io::Result<()> {
        tokio::fs::copy(self.full_path(from), self.full_path(to)).await?;
        tokio::fs::copy(self.thumb_path(from), self.thumb_path(to)).await.map(|_| ())
    }

    pub async fn remove(&self, key: &str) {
        if valid_key(key) {
            let _ = tokio::fs::remove_file(self.full_path(key)).await;
            let _ = tokio::fs::remove_file(self.thumb_path(key)).await;
        }
    }

    pub fn url(key: &str) -> String {
        format!("{PREFIX}/{key}.jpg")
    }

    pub fn thumb_url(key: &str) -> String {
        format!("{PREFIX}/{key}_t.jpg")
    }

    pub fn router(&self) -> Router {
        Router::new().nest_service(PREFIX, ServeDir::new(&self.dir)).layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=31536000, immutable"),
        ))
    }
}
