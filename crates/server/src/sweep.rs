//! The background sweep: persists what time has decided (expired requests, lapsed hand-overs,
//! ratings whose window closed) so reads never have to write. Each due item is moved by one
//! guarded update, so several servers sweeping at once move it once. It also recomputes
//! trust in the graph of completed trades when the graph or its seeds changed.

use crate::db::{credit, trades, trust, Db};
use crate::error::AppResult;

/// How often each server sweeps.
pub const EVERY_SECS: u64 = 60;

pub async fn run_once(db: &Db, now: i64) -> AppResult<()> {
    trades::sweep(db, now).await?;
    credit::reveal_due(db, now).await?;
    trust::recompute_if_changed(db, now).await?;
    Ok(())
}
