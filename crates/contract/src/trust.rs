//! Trust (可信度): how far a trader is vouched for by people met in person, as a property of the
//! whole graph of completed trades. The credit score ([`crate::credit`]) weighs each rating by
//! its rater's trust, so ratings from a ring of fake accounts (刷单炒信) barely count however
//! patiently the ring trades.
//!
//! # Threat model
//!
//! An attacker controls any number of accounts (5 to 50 and more), of any age, and completes
//! trades among them in any shape — a clique, a chain, a star, each pair once or a few times —
//! all rated five stars. They can also complete a few genuine trades with real neighbours
//! ("attack edges"), or recruit one real resident who sells to many of them. What they cannot
//! do cheaply is be *met in person*: a resident checked in at a community market by its
//! organiser, an organiser, a moderator, or an account a moderator verified. Those are the
//! trust seeds, spread over every community.
//!
//! # The computation
//!
//! Trust is personalised PageRank from the seeds (the "pre-trusted peers" of EigenTrust, the
//! seeded random walk of SybilRank), on the graph whose vertices are accounts and whose edges
//! join two accounts that completed at least one trade together (repeating a pair adds no
//! edge: repetition creates no trust). Each round every account keeps nothing and hands its
//! trust equally to its partners, and a share [`RESTART`] of all trust returns to the seeds:
//!
//! `t(v) = RESTART · s(v) + (1 − RESTART) · Σ_{u ∈ N(v)} t(u) / deg(u)`
//!
//! iterated to a fixed point (power iteration, [`ROUNDS`] rounds at most). We chose the
//! restart walk over SybilRank's early-terminated walk because its bound does not depend on
//! the number of rounds: trust can enter a group of accounts without seeds only across the
//! edges that join it to the rest, so the group's total trust is at most
//! `(1 − RESTART) / RESTART` times the trust per edge of the honest accounts it traded with,
//! times the number of those edges — however many accounts, trades or months the group
//! adds. An honest community with seeds in it is refilled every round.
//!
//! A rater's weight is the trust they *hold*, not per partner: the group bound above is a bound
//! on held trust, so twenty ring accounts with one trade each hold together no more than the
//! trust that entered the ring, while per-partner trust would count each of them as a full
//! neighbour. The unit is the trust an account with [`FULL_WEIGHT_PARTNERS`] partners holds
//! where trust actually is (the trust-weighted average of `t / deg` over the accounts that are
//! not seeds, so accounts with little trust, however many, do not move it); a rater holding
//! one unit or more counts fully. Seen from the rated trader X, the trust a rater received
//! from X's circle (X and X's partners) is taken away first ([`Trust::weight_seen_by`]): trust
//! that circulates inside a group cannot come back to it as good ratings (a star of accounts
//! around one hub, or a clique, vouches only with what entered it from outside). What a seed
//! holds as a seed is not taken away: it was given by people who met them.
//!
//! [`RESTART`] is 0.5, a short walk: the bound above is then one unit of held trust per unit
//! that crosses into a group, and the property tests (`tests/credit_rings.rs`) show honest
//! neighbours a few trades from a seed still count fully.
//!
//! The credit function then also asks that a level above "fair" rests on enough distinct
//! *trusted* counterparties ([`crate::credit::MIN_TRUSTED_COUNTERPARTIES`]): a member of a
//! ring with a genuine trade or two still has only those one or two people vouching for it.

use serde::{Deserialize, Serialize};
use std::collections::{HashMap, VecDeque};

/// Whether an account is a trust seed, as a moderator sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SeedStatus {
    pub user_id: i64,
    /// Its trust counts as met in person now (organiser, moderator, checked in or verified).
    pub seed: bool,
    /// A moderator verified the person.
    pub verified: bool,
    /// A moderator withdrew the seed status.
    pub revoked: bool,
}

/// A moderator makes an account a seed (met the person) or withdraws its seed status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SeedUpdate {
    pub seed: bool,
    /// Why, for the audit log (1–500 characters).
    pub reason: String,
}

/// Most characters of a moderator's reason.
pub const REASON_MAX: usize = 500;

/// A moderator's reason for a seed change: required, one text rule, at most [`REASON_MAX`].
pub fn reason(raw: &str) -> Result<(), crate::ErrorCode> {
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return Err(crate::ErrorCode::Required);
    }
    if trimmed.chars().count() > REASON_MAX {
        return Err(crate::ErrorCode::NoteTooLong);
    }
    crate::text::check(trimmed, crate::text::TextKind::MultiLine)
}

/// The share of all trust that returns to the seeds each round.
pub const RESTART: f64 = 0.5;
/// At most this many rounds; the iteration usually stops earlier, at [`TOLERANCE`].
pub const ROUNDS: usize = 60;
/// The iteration stops when a round moves less than this share of all trust (summed over
/// accounts); a local update stops when what is left to push is below this share spread over
/// every account.
pub const TOLERANCE: f64 = 1e-6;
/// A rater holding the trust of an average account with this many partners counts fully.
pub const FULL_WEIGHT_PARTNERS: f64 = 3.0;

/// The trust of every account, computed from the graph of completed trades.
#[derive(Debug, Clone, PartialEq)]
pub struct Trust {
    /// Trust relative to an even spread, in units of an average account with
    /// [`FULL_WEIGHT_PARTNERS`] partners (1.0 and more count fully).
    pub relative: Vec<f64>,
    /// What each account hands each partner per round of the trust it earned from partners
    /// (a seed's restart left out), in the units of `relative`.
    pub earned_share: Vec<f64>,
    /// Distinct partners of each account.
    pub degree: Vec<u32>,
    /// Rounds the power iteration took.
    pub rounds: usize,
}

/// The graph of completed trades: each account's distinct partners, sorted.
#[derive(Debug, Clone, Default)]
pub struct Graph {
    partners: Vec<Vec<u32>>,
}

impl Graph {
    /// From the completed trades as pairs of account indices below `n` (any order, repeats
    /// allowed, self-pairs ignored).
    pub fn new(n: usize, trades: &[(u32, u32)]) -> Graph {
        let mut partners: Vec<Vec<u32>> = vec![Vec::new(); n];
        for &(a, b) in trades {
            if a != b && (a as usize) < n && (b as usize) < n {
                partners[a as usize].push(b);
                partners[b as usize].push(a);
            }
        }
        for list in &mut partners {
            list.sort_unstable();
            list.dedup();
        }
        Graph { partners }
    }

    pub fn len(&self) -> usize {
        self.partners.len()
    }

    pub fn is_empty(&self) -> bool {
        self.partners.is_empty()
    }

    pub fn partners(&self, v: usize) -> &[u32] {
        &self.partners[v]
    }

    pub fn degree(&self, v: usize) -> u32 {
        self.partners[v].len() as u32
    }

    /// A new account without trades; its index.
    pub fn add_account(&mut self) -> u32 {
        self.partners.push(Vec::new());
        (self.partners.len() - 1) as u32
    }

    /// One more completed trade; whether it joined a new pair (a repeat changes nothing).
    pub fn add_trade(&mut self, a: u32, b: u32) -> bool {
        let n = self.len();
        if a == b || a as usize >= n || b as usize >= n {
            return false;
        }
        match self.partners[a as usize].binary_search(&b) {
            Ok(_) => false,
            Err(at) => {
                self.partners[a as usize].insert(at, b);
                let at = self.partners[b as usize].binary_search(&a).unwrap_or_else(|at| at);
                self.partners[b as usize].insert(at, a);
                true
            }
        }
    }
}

/// Trust from the seeds (account indices).
pub fn compute(graph: &Graph, seeds: &[u32]) -> Trust {
    Walk::new(graph.clone(), seeds).trust()
}

/// The walk's whole state, kept between computations so that a new trade is taken in by a
/// local update ([`Walk::add_trade`]) instead of a computation over the whole graph.
#[derive(Debug, Clone)]
pub struct Walk {
    graph: Graph,
    /// Each seed's share of the restart (seeds without trades hold theirs and pass nothing on).
    seed_share: Vec<f64>,
    /// Raw trust, summing to at most 1.
    t: Vec<f64>,
    rounds: usize,
}

impl Walk {
    /// Power iteration to the fixed point, [`ROUNDS`] rounds at most.
    pub fn new(graph: Graph, seeds: &[u32]) -> Walk {
        let n = graph.len();
        let mut seed_share = vec![0.0; n];
        let mut unique: Vec<usize> = seeds.iter().map(|&s| s as usize).filter(|&s| s < n).collect();
        unique.sort_unstable();
        unique.dedup();
        for &s in &unique {
            seed_share[s] = 1.0 / unique.len() as f64;
        }
        let mut t = seed_share.clone();
        let mut next = vec![0.0; n];
        let mut share = vec![0.0; n];
        let mut rounds = 0;
        while rounds < ROUNDS && !unique.is_empty() {
            rounds += 1;
            for v in 0..n {
                let d = graph.degree(v);
                share[v] = if d > 0 { t[v] / f64::from(d) } else { 0.0 };
            }
            let mut moved: f64 = 0.0;
            for v in 0..n {
                let incoming: f64 = graph.partners(v).iter().map(|&u| share[u as usize]).sum();
                next[v] = RESTART * seed_share[v] + (1.0 - RESTART) * incoming;
                moved += (next[v] - t[v]).abs();
            }
            std::mem::swap(&mut t, &mut next);
            if moved < TOLERANCE {
                break;
            }
        }
        Walk { graph, seed_share, t, rounds }
    }

    pub fn graph(&self) -> &Graph {
        &self.graph
    }

    /// A new account (not a seed, no trades).
    pub fn add_account(&mut self) -> u32 {
        self.seed_share.push(0.0);
        self.t.push(0.0);
        self.graph.add_account()
    }

    /// Takes one more completed trade in: only the two accounts' shares change, so only they
    /// and their partners are out of balance; the imbalance is pushed along the graph until
    /// what is left anywhere is negligible (the "push" method of Andersen, Chung and Lang).
    /// Returns how many pushes it took.
    pub fn add_trade(&mut self, a: u32, b: u32) -> usize {
        if !self.graph.add_trade(a, b) {
            return 0;
        }
        let tolerance = TOLERANCE / self.graph.len() as f64;
        let mut touched: Vec<u32> = vec![a, b];
        touched.extend_from_slice(self.graph.partners(a as usize));
        touched.extend_from_slice(self.graph.partners(b as usize));
        touched.sort_unstable();
        touched.dedup();
        let mut residual: HashMap<u32, f64> = HashMap::new();
        for &v in &touched {
            let r = self.balance(v as usize);
            if r.abs() > tolerance {
                residual.insert(v, r);
            }
        }
        let mut queue: VecDeque<u32> = residual.keys().copied().collect();
        let mut pushes = 0;
        while let Some(v) = queue.pop_front() {
            let Some(r) = residual.remove(&v) else { continue };
            pushes += 1;
            self.t[v as usize] += r;
            let d = self.graph.degree(v as usize);
            if d == 0 {
                continue;
            }
            let passed = (1.0 - RESTART) * r / f64::from(d);
            for &u in self.graph.partners(v as usize) {
                let e = residual.entry(u).or_insert(0.0);
                let was_queued = e.abs() > tolerance;
                *e += passed;
                if !was_queued && e.abs() > tolerance {
                    queue.push_back(u);
                }
            }
        }
        pushes
    }

    /// What account `v` should hold given its partners, minus what it holds.
    fn balance(&self, v: usize) -> f64 {
        let incoming: f64 =
            self.graph.partners(v).iter().map(|&u| self.t[u as usize] / f64::from(self.graph.degree(u as usize))).sum();
        RESTART * self.seed_share[v] + (1.0 - RESTART) * incoming - self.t[v]
    }

    /// Every account's trust in the units the credit rating uses.
    pub fn trust(&self) -> Trust {
        let n = self.graph.len();
        let t = &self.t;
        let degree: Vec<u32> = (0..n).map(|v| self.graph.degree(v)).collect();
        // The reference: the trust per partner where trust actually is — the average of t/deg
        // over the accounts that are not seeds, each weighted by its trust. Accounts with little
        // trust (however many) barely move it; seeds are left out, they hold the restart.
        let (mut num, mut den) = (0.0, 0.0);
        for v in 0..n {
            if self.seed_share[v] == 0.0 && degree[v] > 0 {
                num += t[v] * t[v] / f64::from(degree[v]);
                den += t[v];
            }
        }
        if num <= 0.0 {
            return Trust { relative: vec![0.0; n], earned_share: vec![0.0; n], degree, rounds: self.rounds };
        }
        let unit = num / den * FULL_WEIGHT_PARTNERS;
        let relative = (0..n).map(|v| t[v] / unit).collect();
        let earned_share = (0..n)
            .map(|v| {
                if degree[v] > 0 {
                    ((t[v] - RESTART * self.seed_share[v]) / unit).max(0.0) / f64::from(degree[v])
                } else {
                    0.0
                }
            })
            .collect();
        Trust { relative, earned_share, degree, rounds: self.rounds }
    }
}

impl Trust {
    /// The weight (0–1) of `rater`'s word about `ratee`: the rater's relative trust without
    /// what it received straight from the ratee, capped at 1. `partners` says whether the two
    /// traded (when they did not, nothing is taken away).
    pub fn weight_seen_by(&self, graph: &Graph, rater: usize, ratee: usize) -> f64 {
        let in_circle = |u: u32| u as usize == ratee || graph.partners(ratee).binary_search(&u).is_ok();
        let from_circle: f64 =
            graph.partners(rater).iter().filter(|&&u| in_circle(u)).map(|&u| self.earned_share[u as usize]).sum();
        weight(self.relative[rater], from_circle)
    }
}

/// [`Trust::weight_seen_by`] from stored values: the rater's relative trust, and the sum of the
/// earned shares of the rater's partners in the rated trader's circle (the trader and their
/// partners): that trust came from the circle and cannot vouch for it.
pub fn weight(rater_relative: f64, earned_shares_from_circle: f64) -> f64 {
    (rater_relative - (1.0 - RESTART) * earned_shares_from_circle).clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trust_reaches_an_honest_community_and_not_an_isolated_group() {
        // 0–4 a community around seed 0; 5–7 a triangle with no tie to it.
        let g = Graph::new(8, &[(0, 1), (1, 2), (2, 3), (3, 4), (4, 0), (1, 3), (5, 6), (6, 7), (7, 5)]);
        let t = compute(&g, &[0]);
        for v in 0..5 {
            assert!(t.relative[v] > 0.1, "{v}: {:?}", t.relative);
        }
        for v in 5..8 {
            assert_eq!(t.relative[v], 0.0);
        }
    }

    #[test]
    fn repeating_a_pair_adds_no_trust() {
        let once = compute(&Graph::new(3, &[(0, 1), (1, 2)]), &[0]);
        let often = compute(&Graph::new(3, &[(0, 1), (1, 2), (1, 2), (2, 1), (1, 2)]), &[0]);
        assert_eq!(once, often);
    }

    #[test]
    fn no_seeds_means_no_trust() {
        let t = compute(&Graph::new(3, &[(0, 1), (1, 2)]), &[]);
        assert!(t.relative.iter().all(|&r| r == 0.0));
        // A seed without trades passes nothing on.
        let t = compute(&Graph::new(4, &[(0, 1), (1, 2)]), &[3]);
        assert!(t.relative.iter().all(|&r| r == 0.0));
    }

    #[test]
    fn a_star_hub_gets_nothing_back_from_its_leaves() {
        // Seed 0 traded with hub 1 once; the hub "traded" with leaves 2..12 only.
        let mut trades = vec![(0, 1)];
        trades.extend((2..12).map(|l| (1, l)));
        let g = Graph::new(12, &trades);
        let t = compute(&g, &[0]);
        for leaf in 2..12 {
            assert!(t.relative[leaf] > 0.0);
            assert!(t.weight_seen_by(&g, leaf, 1) < 1e-9, "leaf {leaf}");
        }
        assert!(t.weight_seen_by(&g, 0, 1) > 0.0, "the seed still vouches for the hub");
    }

    #[test]
    fn a_local_update_after_new_trades_matches_a_full_computation() {
        let trades: Vec<(u32, u32)> = (0..60).map(|i| (i % 31, (i * 7 + 3) % 31)).collect();
        let mut walk = Walk::new(Graph::new(31, &trades), &[0, 5]);
        let mut all = trades.clone();
        for (a, b) in [(4, 20), (30, 1), (4, 20), (12, 13)] {
            walk.add_trade(a, b);
            all.push((a, b));
        }
        let newcomer = walk.add_account();
        walk.add_trade(newcomer, 7);
        all.push((newcomer, 7));
        let full = compute(&Graph::new(32, &all), &[0, 5]);
        let local = walk.trust();
        for v in 0..32 {
            assert!(
                (local.relative[v] - full.relative[v]).abs() < 1e-4,
                "{v}: {} vs {}",
                local.relative[v],
                full.relative[v]
            );
            assert!((local.earned_share[v] - full.earned_share[v]).abs() < 1e-4);
        }
        assert!(local.relative[newcomer as usize] > 0.0);
    }
}
