//! The background sweep: persists what time has decided (expired requests, lapsed hand-overs,
//! ratings whose window closed) so reads never have to write. Each due item is moved by one
//! guarded update, so several servers sweeping at once move it once; an advisory lock lets one
//! server sweep at a time, so the others skip the reads. It also recomputes trust in the
//! graph of completed trades when the graph or its seeds changed.

use crate::db::locks::{self, Lock};
use crate::db::{credit, trades, trust, Db};
use crate::error::AppResult;

/// How often each server sweeps.
pub const EVERY_SECS: u64 = 60;

/// One sweep; `false` when another server is sweeping right now.
pub async fn run_once(db: &Db, now: i64) -> AppResult<bool> {
    let Some(held) = locks::try_hold(db, Lock::Sweep).await? else {
        return Ok(false);
    };
    let swept = sweep(db, now).await;
    locks::release(held).await;
    swept.map(|()| true)
}

async fn sweep(db: &Db, now: i64) -> AppResult<()> {
    trades::sweep(db, now).await?;
    credit::reveal_due(db, now).await?;
    trust::recompute_if_changed(db, now).await?;
    Ok(())
}
