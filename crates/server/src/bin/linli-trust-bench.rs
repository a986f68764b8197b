//! `linli-trust-bench`: the credit rating's trust computation at scale (`cargo xtask bench`
//! runs it in release mode): a generated town of N accounts and M completed trades, the full
//! computation's time and the process's peak memory, then the local update after one more
//! trade (p50 / p95 / max over 200 trades).

use linli_contract::trust::{Graph, Walk};
use std::time::{Duration, Instant};

/// A small deterministic generator.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

/// Peak resident memory of this process (Linux), in MB.
fn peak_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn main() {
    let mut args = std::env::args().skip(1).map(|a| a.parse::<usize>().ok());
    let accounts = args.next().flatten().unwrap_or(100_000);
    let trades = args.next().flatten().unwrap_or(1_000_000);
    // Communities of 500 neighbours who mostly trade among themselves; one in twenty was met
    // in person at a market.
    let mut rng = Rng(2026);
    let community = 500.min(accounts) as u64;
    let pairs: Vec<(u32, u32)> = (0..trades)
        .map(|_| {
            let a = rng.below(accounts as u64);
            let b = if rng.below(10) == 0 {
                rng.below(accounts as u64)
            } else {
                (a / community * community + rng.below(community)).min(accounts as u64 - 1)
            };
            (a as u32, b as u32)
        })
        .collect();
    let seeds: Vec<u32> = (0..accounts as u32).filter(|v| v % 20 == 0).collect();
    println!("trust: {accounts} accounts, {trades} completed trades, {} seeds", seeds.len());

    let started = Instant::now();
    let graph = Graph::new(accounts, &pairs);
    let built = started.elapsed();
    let walk_started = Instant::now();
    let mut walk = Walk::new(graph, &seeds);
    let trust = walk.trust();
    let walked = walk_started.elapsed();
    let total = started.elapsed();
    println!(
        "  full computation: {} (graph {}, walk {} in {} rounds); peak memory {:.0} MB (budget 10 s, 500 MB)",
        ms(total),
        ms(built),
        ms(walked),
        trust.rounds,
        peak_mb().unwrap_or(f64::NAN)
    );

    let mut times = Vec::new();
    let mut pushes = Vec::new();
    for _ in 0..200 {
        let (a, b) = (rng.below(accounts as u64) as u32, rng.below(accounts as u64) as u32);
        let t = Instant::now();
        pushes.push(walk.add_trade(a, b));
        let _ = walk.trust();
        times.push(t.elapsed());
    }
    times.sort();
    pushes.sort();
    println!(
        "  local update after one trade: p50 {} / p95 {} / max {} (budget 50 ms); pushes p50 {} / max {}",
        ms(times[times.len() / 2]),
        ms(times[times.len() * 95 / 100]),
        ms(times[times.len() - 1]),
        pushes[pushes.len() / 2],
        pushes[pushes.len() - 1]
    );
}
