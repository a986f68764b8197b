//! Serialising the few decisions that read before they write, across every server.
//!
//! SQLite has one writer at a time, so a transaction that writes first already runs alone. On
//! PostgreSQL (READ COMMITTED) two transactions may both read the state before either commits;
//! where a decision depends on other rows (the first account, the last moderator) the
//! transaction first takes a transaction-scoped advisory lock, held until it commits, so the
//! next one's statements see what the first committed.

use super::{Backend, Db};
use crate::error::AppResult;
use sqlx::AnyConnection;

/// The decisions that take a lock; the value is the advisory lock's key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(i64)]
pub enum Lock {
    /// Sign-up: whether this is the first account (which becomes moderator).
    FirstAccount = 0x4c49_4e4c_0001,
    /// Revoking moderator: whether another moderator remains.
    Moderators = 0x4c49_4e4c_0002,
}

/// Takes `lock` for the rest of the transaction `conn` is in (PostgreSQL); nothing on SQLite.
pub async fn take(db: &Db, conn: &mut AnyConnection, lock: Lock) -> AppResult<()> {
    if db.backend() == Backend::Postgres {
        sqlx::query("SELECT pg_advisory_xact_lock($1)").bind(lock as i64).execute(&mut *conn).await?;
    }
    Ok(())
}
