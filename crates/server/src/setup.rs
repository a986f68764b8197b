//! The first moderator of a fresh install. Not whoever signs up first: `linli-server serve` on
//! a database without a moderator prints a one-time set-up code (stored hashed, valid for
//! [`CODE_TTL_SECS`]); the account that signs up with it becomes moderator. The command line
//! (`linli-server grant-role`) works too.

use crate::db::{now, Db};
use crate::error::AppResult;
use rand::Rng;
use sha2::{Digest, Sha256};

pub const CODE_TTL_SECS: i64 = 24 * 3600;

fn hash(code: &str) -> String {
    let canonical: String =
        code.chars().filter(|c| c.is_ascii_alphanumeric()).map(|c| c.to_ascii_uppercase()).collect();
    let digest = Sha256::digest(canonical.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

pub async fn has_moderator(db: &Db) -> AppResult<bool> {
    let n: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM user_roles WHERE role = 'moderator'").fetch_one(db.pool()).await?;
    Ok(n > 0)
}

/// A fresh code when there is no moderator (any older code stops working), else `None`.
pub async fn issue_if_needed(db: &Db) -> AppResult<Option<String>> {
    if has_moderator(db).await? {
        return Ok(None);
    }
    // 15 characters of a 32-letter alphabet without look-alikes: 75 bits.
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut rng = rand::rngs::OsRng;
    let raw: String = (0..15).map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())] as char).collect();
    let code = format!("{}-{}-{}", &raw[0..5], &raw[5..10], &raw[10..15]);
    sqlx::query("DELETE FROM setup_codes").execute(db.pool()).await?;
    sqlx::query("INSERT INTO setup_codes (code_hash, expires_at) VALUES ($1, $2)")
        .bind(hash(&code))
        .bind(now() + CODE_TTL_SECS)
        .execute(db.pool())
        .await?;
    Ok(Some(code))
}

/// True while a set-up code can still make the first moderator (the register page then
/// shows its set-up code field).
pub async fn pending(db: &Db) -> AppResult<bool> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM setup_codes WHERE expires_at > $1 \
         AND NOT EXISTS (SELECT 1 FROM user_roles WHERE role = 'moderator')",
    )
    .bind(now())
    .fetch_one(db.pool())
    .await?;
    Ok(n > 0)
}

/// Whether `code` is currently valid (checked before the account is created).
pub async fn is_valid(db: &Db, code: &str) -> AppResult<bool> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM setup_codes WHERE code_hash = $1 AND expires_at > $2")
        .bind(hash(code))
        .bind(now())
        .fetch_one(db.pool())
        .await?;
    Ok(n > 0 && !has_moderator(db).await?)
}

/// Uses the code up; true when this call did (exactly one caller wins).
pub async fn redeem(db: &Db, code: &str) -> AppResult<bool> {
    let removed = sqlx::query(
        "DELETE FROM setup_codes WHERE code_hash = $1 AND expires_at > $2 \
         AND NOT EXISTS (SELECT 1 FROM user_roles WHERE role = 'moderator')",
    )
    .bind(hash(code))
    .bind(now())
    .execute(db.pool())
    .await?
    .rows_affected();
    Ok(removed == 1)
}
