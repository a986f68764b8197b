//! Serialising the few decisions that read before they write, across every server.
//!
//! SQLite has one writer at a time, so a transaction that writes first already runs alone. On
//! PostgreSQL (READ COMMITTED) two transactions may both read the state before either commits;
//! where a decision depends on other rows (the first account, the last moderator) the
//! transaction first takes a transaction-scoped advisory lock, held until it commits, so the
//! next one's statements see what the first committed.

use super::{Backend, Db};
use crate::error::AppResult;
use sqlx::pool::PoolConnection;
use sqlx::{Any, AnyConnection};

/// The decisions that take a lock; the value is the advisory lock's key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(i64)]
pub enum Lock {
    /// Sign-up: whether this is the first account (which becomes moderator).
    FirstAccount = 0x4c49_4e4c_0001,
    /// Revoking moderator: whether another moderator remains.
    Moderators = 0x4c49_4e4c_0002,
    /// The background sweep: one server sweeps at a time (each due item would move once
    /// anyway; this spares the others the reads and the trust computation).
    Sweep = 0x4c49_4e4c_0003,
}

/// Takes `lock` for the rest of the transaction `conn` is in (PostgreSQL); nothing on SQLite.
pub async fn take(db: &Db, conn: &mut AnyConnection, lock: Lock) -> AppResult<()> {
    if db.backend() == Backend::Postgres {
        sqlx::query("SELECT pg_advisory_xact_lock($1)").bind(lock as i64).execute(&mut *conn).await?;
    }
    Ok(())
}

/// A lock held by this server beyond one transaction (on a connection of its own) until
/// [`release`]d; PostgreSQL frees it if the server dies.
pub enum Held {
    /// SQLite: one server per file, nothing to hold.
    Alone,
    Postgres(PoolConnection<Any>, Lock),
}

/// Takes `lock` if no other server holds it (`None` when one does).
pub async fn try_hold(db: &Db, lock: Lock) -> AppResult<Option<Held>> {
    if db.backend() != Backend::Postgres {
        return Ok(Some(Held::Alone));
    }
    let mut conn = db.pool().acquire().await?;
    let taken: bool =
        sqlx::query_scalar("SELECT pg_try_advisory_lock($1)").bind(lock as i64).fetch_one(&mut *conn).await?;
    Ok(taken.then_some(Held::Postgres(conn, lock)))
}

pub async fn release(held: Held) {
    if let Held::Postgres(mut conn, lock) = held {
        let unlocked = sqlx::query("SELECT pg_advisory_unlock($1)").bind(lock as i64).execute(&mut *conn).await;
        if unlocked.is_err() {
            // The lock must not outlive a failed unlock in a pooled connection.
            conn.close_on_drop();
        }
    }
}
