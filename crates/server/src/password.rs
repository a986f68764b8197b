//! Password hashing with argon2id (the crate's defaults: m = 19 MiB, t = 2, p = 1, as OWASP
//! recommends), off the async threads.

use crate::error::{AppError, AppResult};
use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use std::sync::OnceLock;

pub async fn hash(password: String) -> AppResult<String> {
    tokio::task::spawn_blocking(move || hash_blocking(&password)).await.map_err(AppError::internal)?
}

pub fn hash_blocking(password: &str) -> AppResult<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default().hash_password(password.as_bytes(), &salt).map(|h| h.to_string()).map_err(AppError::internal)
}

/// Checks a password against a stored hash. With `None` it still spends the time of a real
/// check, so response times do not reveal whether an account exists.
pub async fn verify(password: String, stored: Option<String>) -> AppResult<bool> {
    tokio::task::spawn_blocking(move || {
        let (stored, real) = match &stored {
            Some(s) => (s.as_str(), true),
            None => (dummy_hash(), false),
        };
        let parsed = PasswordHash::new(stored).map_err(AppError::internal)?;
        let ok = Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok();
        Ok(ok && real)
    })
    .await
    .map_err(AppError::internal)?
}

fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| hash_blocking("not-a-real-password").unwrap_or_default())
}
