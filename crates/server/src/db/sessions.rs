//! Server-side sessions: the cookie holds a random token, the database only its SHA-256.

use super::{now, Db};
use crate::error::AppResult;
use base64::Engine;
use rand::RngCore;
use sha2::{Digest, Sha256};

/// How long a session lasts after log-in.
pub const SESSION_TTL_SECS: i64 = 30 * 24 * 3600;

pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

fn hash(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(digest)
}

/// Stores a new session and returns the token for the cookie.
pub async fn create(db: &Db, user_id: i64) -> AppResult<String> {
    let token = new_token();
    let now = now();
    sqlx::query("INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
        .bind(hash(&token))
        .bind(user_id)
        .bind(now)
        .bind(now + SESSION_TTL_SECS)
        .execute(db.pool())
        .await?;
    // Housekeeping on a path that is rare enough not to matter.
    sqlx::query("DELETE FROM sessions WHERE expires_at < $1").bind(now).execute(db.pool()).await?;
    Ok(token)
}

/// One row per role of a live session's account (see [`account`]).
pub type AccountRow = (i64, String, String, i64, Option<String>, i64);

/// The live session's account with its roles and whether a suspension is in force at `now`,
/// in one query: `(id, display_name, contact, created_at, role, suspended 0/1)` per role.
pub async fn account(db: &Db, token: &str, now: i64) -> AppResult<Vec<AccountRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT u.id, u.display_name, u.contact, u.created_at, r.role, \
         CAST(CASE WHEN {} THEN 1 ELSE 0 END AS BIGINT) AS suspended FROM sessions s \
         JOIN users u ON u.id = s.user_id LEFT JOIN user_roles r ON r.user_id = u.id \
         WHERE s.token_hash = $1 AND s.expires_at > $2 AND u.suspended_at IS NULL",
        super::moderation::suspended_at("u.id", "$3")
    ))
    .bind(hash(token))
    .bind(super::now())
    .bind(now)
    .fetch_all(db.pool())
    .await?)
}

pub async fn delete(db: &Db, token: &str) -> AppResult<()> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1").bind(hash(token)).execute(db.pool()).await?;
    Ok(())
}
