//! `cargo xtask bench`: measured figures, never timed tests.

use crate::{build_web, cargo, root, sh, step, target_dir, tools, Result};
use std::io::Write;
use std::process::Command;

/// Budget for the finished app's initial download (WASM + JS), brotli.
const BUDGET_BROTLI: usize = 150 * 1024;

pub fn bench() -> Result {
    tools::ensure_all()?;
    build_web()?;
    sizes()?;
    crate::lighthouse::run()?;
    search()?;
    step("search relevance: recall@5 over the relevance test set (tests/data, SQLite)");
    sh(cargo().args(["test", "-p", "linli-server", "--test", "search_relevance", "--", "--nocapture"]))?;
    load()?;
    step("credit trust computation (100,000 accounts, 1,000,000 trades, release build)");
    sh(cargo().args(["build", "--release", "-p", "linli-server", "--bin", "linli-trust-bench"]))?;
    sh(&mut Command::new(target_dir().join("release/linli-trust-bench")))?;
    step("markets list latency (1,000 markets, 100,000 bookings on SQLite, release build)");
    sh(cargo().args(["build", "--release", "-p", "linli-server", "--bin", "linli-bench-markets"]))?;
    sh(&mut Command::new(target_dir().join("release/linli-bench-markets")))?;
    step("recycling: nearest points and what goes where (10,000 points on SQLite, release build)");
    sh(cargo().args(["build", "--release", "-p", "linli-server", "--bin", "linli-recycling-bench"]))?;
    sh(Command::new(target_dir().join("release/linli-recycling-bench")).arg("10000"))?;
    step("rendering 1,000 feed cards in headless Chromium (release build)");
    tools::ensure_browser()?;
    sh(cargo()
        .args(["test", "--release", "-p", "linli-web", "--target", "wasm32-unknown-unknown", "--test", "render_bench"])
        .args(["--", "--nocapture"])
        .env("PATH", tools::path_with_tools())
        .env("CHROMEDRIVER", tools::CHROMEDRIVER))
}

/// Search and feed latency at 100,000 listings, on SQLite and (when installed) PostgreSQL.
fn search() -> Result {
    step("search and feed latency (100,000 listings on SQLite and PostgreSQL, release build)");
    sh(cargo().args(["build", "--release", "-p", "linli-server", "--bin", "linli-bench"]))?;
    let bin = target_dir().join("release/linli-bench");
    sh(Command::new(&bin).arg("100000"))?;
    match crate::postgres::Postgres::start()? {
        Some(pg) => sh(Command::new(&bin).arg("100000").arg(&pg.url)),
        None => {
            println!("postgres: not installed (/usr/lib/postgresql/*/bin/initdb is missing)");
            Ok(())
        }
    }
}

/// Listing reads and writes per second over loopback, on SQLite and (when installed) PostgreSQL.
fn load() -> Result {
    step("listing read / write load (real server over loopback HTTP, 10 connections, release build)");
    sh(cargo().args(["build", "--release", "-p", "linli-server", "--bin", "linli-load-bench"]))?;
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    println!("{cores} cores; budgets: reads >= 5,000/s with p99 <= 5 ms, writes >= 1,000/s");
    if Command::new("wrk").arg("--version").output().is_err() {
        println!("(wrk is not installed: reads from this process only; `apt-get install wrk` adds a row)");
    }
    println!("{:<11} {:>10} {:>9} {:>9} {:>11} {:>9}", "database", "reads/s", "p50 ms", "p99 ms", "writes/s", "p99 ms");
    let bin = target_dir().join("release/linli-load-bench");
    sh(&mut Command::new(&bin))?;
    match crate::postgres::Postgres::start()? {
        Some(pg) => sh(Command::new(&bin).arg(&pg.url))?,
        None => println!("postgres    (not installed: /usr/lib/postgresql/*/bin/initdb is missing)"),
    }
    Ok(())
}

struct Size {
    name: String,
    raw: usize,
    gzip: usize,
    brotli: usize,
}

fn measure(name: String, bytes: &[u8]) -> Result<Size> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(bytes)?;
    let gzip = gz.finish()?.len();
    let mut br = Vec::new();
    let params = brotli::enc::BrotliEncoderParams { quality: 11, lgwin: 22, ..Default::default() };
    brotli::BrotliCompress(&mut &bytes[..], &mut br, &params)?;
    Ok(Size { name, raw: bytes.len(), gzip, brotli: br.len() })
}

fn kb(n: usize) -> String {
    format!("{:.1} KB", n as f64 / 1024.0)
}

/// Sizes of what the browser downloads to start the app (the main module, its JS glue, the
/// loader of the lazily loaded pages, the CSS), and of the pages' chunks loaded later.
fn sizes() -> Result {
    let dist = root().join("dist");
    let mut rows = Vec::new();
    let mut later = Vec::new();
    for entry in std::fs::read_dir(&dist)? {
        let path = entry?.path();
        let name = path.file_name().unwrap_or_default().to_string_lossy().to_string();
        let initial =
            name.ends_with("_bg.wasm") || name.ends_with(".css") || (name.ends_with(".js") && name != "sw.js");
        if initial {
            rows.push(measure(name, &std::fs::read(&path)?)?);
        } else if name.ends_with(".wasm") {
            later.push(measure(name, &std::fs::read(&path)?)?);
        }
    }
    rows.sort_by_key(|r| std::cmp::Reverse(r.raw));
    println!("\n{:<44} {:>10} {:>10} {:>10}", "initial download", "raw", "gzip", "brotli");
    for r in &rows {
        println!("{:<44} {:>10} {:>10} {:>10}", r.name, kb(r.raw), kb(r.gzip), kb(r.brotli));
    }
    let code: Vec<&Size> = rows.iter().filter(|r| !r.name.ends_with(".css")).collect();
    let (raw, gzip, brotli) = code.iter().fold((0, 0, 0), |(a, b, c), r| (a + r.raw, b + r.gzip, c + r.brotli));
    println!("{:<44} {:>10} {:>10} {:>10}", "WASM + JS", kb(raw), kb(gzip), kb(brotli));
    let verdict = if brotli <= BUDGET_BROTLI { "within" } else { "OVER" };
    println!("budget for the finished app: {} brotli WASM + JS: {verdict}", kb(BUDGET_BROTLI));
    if !later.is_empty() {
        let (raw, gzip, brotli) = later.iter().fold((0, 0, 0), |(a, b, c), r| (a + r.raw, b + r.gzip, c + r.brotli));
        let pages: Vec<&Size> = later.iter().filter(|r| r.name.contains(".split_")).collect();
        println!(
            "loaded later: {} page modules + {} shared chunks, together {} raw / {} gzip / {} brotli",
            pages.len(),
            later.len() - pages.len(),
            kb(raw),
            kb(gzip),
            kb(brotli)
        );
        let mut pages = pages;
        pages.sort_by_key(|r| std::cmp::Reverse(r.brotli));
        for p in pages.iter().take(5) {
            println!("  {:<70} {:>10} brotli", p.name, kb(p.brotli));
        }
        for p in pages.iter().filter(|p| p.name.contains("Market") || p.name.contains("Bookings")) {
            println!("  markets: {:<61} {:>10} raw {:>10} brotli", p.name, kb(p.raw), kb(p.brotli));
        }
    }
    code_requests(&dist, &later)
}

/// The code requests each group of lazy pages makes when first opened (written by the split
/// step, `crate::split::REQUESTS_FILE`), and their bytes.
fn code_requests(dist: &std::path::Path, later: &[Size]) -> Result {
    let Ok(json) = std::fs::read_to_string(dist.join(crate::split::REQUESTS_FILE)) else {
        return Ok(());
    };
    println!("code requests when a page group is first opened (goal: at most 6):");
    // `{"group":["file",…],…}`: names without quotes, commas or brackets.
    for entry in json.trim_matches(|c| c == '{' || c == '}').split("],") {
        let Some((group, files)) = entry.split_once(":[") else { continue };
        let files: Vec<&str> = files.trim_end_matches(']').split(',').map(|f| f.trim_matches('"')).collect();
        let brotli: usize = later.iter().filter(|s| files.contains(&s.name.as_str())).map(|s| s.brotli).sum();
        println!("  {:<20} {:>2} requests {:>10} brotli", group.trim_matches('"'), files.len(), kb(brotli));
    }
    Ok(())
}
