//! Feeding the contract's trust computation ([`linli_contract::trust`]) from the database:
//! the graph of completed trades and the trust seeds in, each account's trust out, then the
//! credit of everyone whose raters' trust moved is refreshed.

use super::{credit, Db};
use crate::error::AppResult;
use linli_contract::trust::{Graph, SeedStatus, Trust, Walk};
use std::collections::{HashMap, HashSet};

/// People met in person: residents checked in at a market by its organiser, organisers,
/// moderators and accounts a moderator verified, unless a moderator withdrew their seed status.
const SEEDS: &str = "SELECT u.id FROM users u WHERE u.seed_revoked_at IS NULL AND (u.verified_at IS NOT NULL \
     OR EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id AND r.role IN ('organiser', 'moderator')) \
     OR EXISTS (SELECT 1 FROM market_checkins c WHERE c.resident_id = u.id))";

/// A change smaller than this does not refresh anyone's credit.
const NOTICEABLE: f64 = 1e-4;

/// What one update did.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    pub accounts: usize,
    pub trades: usize,
    /// Seeds and power-iteration rounds (a computation over the whole graph; 0 for a local
    /// update).
    pub seeds: usize,
    pub rounds: usize,
    /// Accounts whose trust changed.
    pub changed: usize,
    /// Accounts whose credit was refreshed.
    pub refreshed: usize,
}

/// What this server keeps of the last computation: the walk, the accounts it covers and the
/// completed trades it has taken in.
#[derive(Debug)]
pub struct Cache {
    seeds: String,
    completed: i64,
    ids: Vec<i64>,
    index: HashMap<i64, u32>,
    walk: Walk,
    /// Recently completed trades already taken in (by id), with when they completed.
    recent: HashMap<i64, i64>,
    /// The (trust, share) stored for each account.
    stored: Vec<(f64, f64)>,
}

/// How far back a sweep looks for newly completed trades (a trade that completed while the
/// previous sweep read may carry an earlier time).
const LOOK_BACK_SECS: i64 = 600;

/// Brings every account's trust up to date: nothing when the graph and the seeds are as this
/// server last saw them; a local update when only new trades completed; a computation over
/// the whole graph otherwise (first run, seeds changed, a completed trade was undone).
/// Several servers may run it at once: each writes the same values.
pub async fn recompute_if_changed(db: &Db, now: i64) -> AppResult<Option<Run>> {
    let mut cache = db.trust.lock().await;
    let (seeds, completed) = graph_state(db).await?;
    if let Some(c) = cache.as_mut().filter(|c| c.seeds == seeds && c.completed <= completed) {
        if c.completed == completed {
            return Ok(None);
        }
        if let Some(run) = take_in_new_trades(db, c, completed, now).await? {
            return Ok(Some(run));
        }
    }
    let (run, fresh) = recompute(db, now, seeds, completed).await?;
    *cache = Some(fresh);
    Ok(Some(run))
}

/// What decides whether the kept walk is current: the seeds' fingerprint and the number of
/// completed trades.
async fn graph_state(db: &Db) -> AppResult<(String, i64)> {
    let completed: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM trades WHERE state = 'completed'").fetch_one(db.pool()).await?;
    Ok((seed_fingerprint(db).await?, completed))
}

/// The seeds, summarised: equal fingerprints, equal seeds.
async fn seed_fingerprint(db: &Db) -> AppResult<String> {
    let (seeds, seed_sum): (i64, Option<i64>) =
        sqlx::query_as(&format!("SELECT COUNT(*), CAST(SUM(id) AS BIGINT) FROM ({SEEDS}) s"))
            .fetch_one(db.pool())
            .await?;
    Ok(format!("{seeds}:{}", seed_sum.unwrap_or(0)))
}

/// The local update; `None` when the new trades do not account for the new count (then the
/// caller computes in full).
async fn take_in_new_trades(db: &Db, c: &mut Cache, completed: i64, now: i64) -> AppResult<Option<Run>> {
    let since = c.recent.values().copied().max().unwrap_or(0) - LOOK_BACK_SECS;
    let rows: Vec<(i64, i64, i64, i64)> = sqlx::query_as(
        "SELECT id, seller_id, buyer_id, completed_at FROM trades WHERE state = 'completed' AND completed_at >= $1",
    )
    .bind(since)
    .fetch_all(db.pool())
    .await?;
    let new: Vec<&(i64, i64, i64, i64)> = rows.iter().filter(|r| !c.recent.contains_key(&r.0)).collect();
    if c.completed + new.len() as i64 != completed {
        return Ok(None);
    }
    let accounts: Vec<i64> = sqlx::query_scalar("SELECT id FROM users WHERE id > $1 ORDER BY id")
        .bind(c.ids.last().copied().unwrap_or(0))
        .fetch_all(db.pool())
        .await?;
    for id in accounts {
        let v = c.walk.add_account();
        c.index.insert(id, v);
        c.ids.push(id);
        c.stored.push((0.0, 0.0));
    }
    let mut pairs = 0;
    for &&(id, seller, buyer, at) in &new {
        if let (Some(&a), Some(&b)) = (c.index.get(&seller), c.index.get(&buyer)) {
            c.walk.add_trade(a, b);
            pairs += 1;
        }
        c.recent.insert(id, at);
    }
    let horizon = c.recent.values().copied().max().unwrap_or(0) - 2 * LOOK_BACK_SECS;
    c.recent.retain(|_, at| *at >= horizon);
    c.completed = completed;
    let (changed, refreshed) = store(db, &c.ids, c.walk.graph(), &c.walk.trust(), &mut c.stored, now).await?;
    Ok(Some(Run { accounts: c.ids.len(), trades: pairs, seeds: 0, rounds: 0, changed, refreshed }))
}

/// A computation over the whole graph now, whatever changed (tests compare it with the local
/// update).
pub async fn recompute_in_full(db: &Db, now: i64) -> AppResult<Run> {
    let mut cache = db.trust.lock().await;
    let (seeds, completed) = graph_state(db).await?;
    let (run, fresh) = recompute(db, now, seeds, completed).await?;
    *cache = Some(fresh);
    Ok(run)
}

/// Computes every account's trust over the whole graph, stores what changed and refreshes the
/// credit of the accounts it concerns.
async fn recompute(db: &Db, now: i64, seeds_fingerprint: String, completed: i64) -> AppResult<(Run, Cache)> {
    let ids: Vec<(i64, f64, f64)> =
        sqlx::query_as("SELECT id, trust, trust_share FROM users ORDER BY id").fetch_all(db.pool()).await?;
    let index: HashMap<i64, u32> = ids.iter().enumerate().map(|(i, (id, _, _))| (*id, i as u32)).collect();
    let trades: Vec<(i64, i64, i64, i64)> =
        sqlx::query_as("SELECT id, seller_id, buyer_id, completed_at FROM trades WHERE state = 'completed'")
            .fetch_all(db.pool())
            .await?;
    let edges: Vec<(u32, u32)> =
        trades.iter().filter_map(|(_, a, b, _)| Some((*index.get(a)?, *index.get(b)?))).collect();
    let seeds: Vec<u32> = sqlx::query_scalar::<_, i64>(SEEDS)
        .fetch_all(db.pool())
        .await?
        .iter()
        .filter_map(|id| index.get(id).copied())
        .collect();
    let walk = Walk::new(Graph::new(ids.len(), &edges), &seeds);
    let result = walk.trust();
    let mut stored: Vec<(f64, f64)> = ids.iter().map(|&(_, held, share)| (held, share)).collect();
    let ids: Vec<i64> = ids.into_iter().map(|(id, _, _)| id).collect();
    let (changed, refreshed) = store(db, &ids, walk.graph(), &result, &mut stored, now).await?;
    let latest = trades.iter().map(|t| t.3).max().unwrap_or(0);
    let recent = trades.iter().filter(|t| t.3 >= latest - LOOK_BACK_SECS).map(|t| (t.0, t.3)).collect();
    let run = Run {
        accounts: ids.len(),
        trades: trades.len(),
        seeds: seeds.len(),
        rounds: result.rounds,
        changed,
        refreshed,
    };
    Ok((run, Cache { seeds: seeds_fingerprint, completed, ids, index, walk, recent, stored }))
}

/// Writes the trust that moved and refreshes the credit of the accounts it concerns: the
/// changed ones and their partners (a trader's credit reads the trust of the trader and of the
/// trader's partners only). Returns (changed, refreshed).
async fn store(
    db: &Db,
    ids: &[i64],
    graph: &Graph,
    result: &Trust,
    stored: &mut [(f64, f64)],
    now: i64,
) -> AppResult<(usize, usize)> {
    let changed: Vec<usize> = (0..ids.len())
        .filter(|&v| {
            (result.relative[v] - stored[v].0).abs() > NOTICEABLE
                || (result.earned_share[v] - stored[v].1).abs() > NOTICEABLE
        })
        .collect();
    let mut tx = db.begin().await?;
    for &v in &changed {
        sqlx::query("UPDATE users SET trust = $1, trust_share = $2 WHERE id = $3")
            .bind(result.relative[v])
            .bind(result.earned_share[v])
            .bind(ids[v])
            .execute(&mut *tx)
            .await?;
        stored[v] = (result.relative[v], result.earned_share[v]);
    }
    tx.commit().await?;
    let mut concerned: HashSet<usize> = HashSet::new();
    for &v in &changed {
        concerned.insert(v);
        concerned.extend(graph.partners(v).iter().map(|&p| p as usize));
    }
    let mut concerned: Vec<usize> = concerned.into_iter().filter(|&v| graph.degree(v) > 0).collect();
    concerned.sort_unstable();
    for &v in &concerned {
        credit::refresh(db, ids[v], now).await?;
    }
    Ok((changed.len(), concerned.len()))
}

/// A moderator makes an account a trust seed (met in person) or withdraws its seed status.
pub async fn set_seed(db: &Db, user_id: i64, seed: bool, now: i64) -> AppResult<()> {
    let sql = if seed {
        "UPDATE users SET verified_at = $1, seed_revoked_at = NULL WHERE id = $2"
    } else {
        "UPDATE users SET verified_at = NULL, seed_revoked_at = $1 WHERE id = $2"
    };
    sqlx::query(sql).bind(now).bind(user_id).execute(db.pool()).await?;
    Ok(())
}

/// Whether the account is a trust seed now, and why; `None` for no such account.
pub async fn seed_status(db: &Db, user_id: i64) -> AppResult<Option<SeedStatus>> {
    let row: Option<(Option<i64>, Option<i64>, i64)> = sqlx::query_as(&format!(
        "SELECT u.verified_at, u.seed_revoked_at, (SELECT COUNT(*) FROM ({SEEDS}) s WHERE s.id = u.id) \
         FROM users u WHERE u.id = $1"
    ))
    .bind(user_id)
    .fetch_optional(db.pool())
    .await?;
    Ok(row.map(|(verified, revoked, seed)| SeedStatus {
        user_id,
        seed: seed > 0,
        verified: verified.is_some(),
        revoked: revoked.is_some(),
    }))
}
