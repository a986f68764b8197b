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
    render()
}

/// Fresh pages per side for the cold figures (a single first run varies by half).
const RENDER_PAGES: usize = 11;
/// The render budget: the app at most this many times the browser's own parsing.
const RENDER_BUDGET: f64 = 1.3;

/// Rendering 1,000 feed cards against the browser parsing the same markup
/// (tests/render_bench.rs), cold and warm. Each test runs alone in a fresh page, several times:
/// the cold figures are the medians of the pages' first runs.
pub fn render() -> Result {
    step("rendering 1,000 feed cards in headless Chromium (release build)");
    tools::ensure_browser()?;
    // `gc()` between timed runs, so no run pays for the garbage of the one before.
    let webdriver = target_dir().join("render-bench-webdriver.json");
    std::fs::write(&webdriver, r#"{"goog:chromeOptions": {"args": ["--js-flags=--expose-gc"]}}"#)?;
    let run = |test: &str| -> Result<String> {
        let out = cargo()
            .current_dir(root())
            .args(["test", "--release", "-p", "linli-web", "--target", "wasm32-unknown-unknown"])
            .args(["--test", "render_bench", "--", "--nocapture", "--exact", test])
            .env("PATH", tools::path_with_tools())
            .env("CHROMEDRIVER", tools::CHROMEDRIVER)
            .env("WASM_BINDGEN_TEST_WEBDRIVER_JSON", &webdriver)
            .output()?;
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        if !out.status.success() {
            return Err(format!("render bench {test} failed:\n{text}{}", String::from_utf8_lossy(&out.stderr)).into());
        }
        Ok(text)
    };
    // `BENCH <what> first=… median=…`: the named figure of the first such line.
    let figure = |text: &str, what: &str, name: &str| -> Result<f64> {
        text.lines()
            .filter_map(|l| l.trim().strip_prefix("BENCH "))
            .find_map(|l| l.strip_prefix(what).filter(|rest| rest.starts_with(' ')))
            .and_then(|rest| rest.split_whitespace().find_map(|kv| kv.strip_prefix(name)?.strip_prefix('=')))
            .and_then(|v| v.parse().ok())
            .ok_or_else(|| format!("no `BENCH {what} {name}=` in:\n{text}").into())
    };
    let (mut app_cold, mut app_warm, mut parse_cold, mut parse_warm) = (vec![], vec![], vec![], vec![]);
    for _ in 0..RENDER_PAGES {
        let app = run("feed_renders_1000_cards")?;
        if !app.contains("gc=true") {
            println!("(garbage could not be collected between runs: the figures are noisier)");
        }
        app_cold.push(figure(&app, "app", "first")?);
        app_warm.push(figure(&app, "app", "median")?);
        parse_warm.push(figure(&app, "parse_warm", "median")?);
        parse_cold.push(figure(&run("same_markup_parse")?, "parse", "first")?);
    }
    let list = |v: &[f64]| v.iter().map(|x| format!("{x:.0}")).collect::<Vec<_>>().join(" ");
    println!("first runs, ms: app {} / browser parse {}", list(&app_cold), list(&parse_cold));
    let median = |v: &mut Vec<f64>| {
        v.sort_by(|a, b| a.total_cmp(b));
        v[v.len() / 2]
    };
    let (app_cold, app_warm) = (median(&mut app_cold), median(&mut app_warm));
    let (parse_cold, parse_warm) = (median(&mut parse_cold), median(&mut parse_warm));
    let verdict = |ratio: f64| if ratio <= RENDER_BUDGET { "within" } else { "OVER" };
    println!(
        "{:<6} {:>9} {:>16} {:>7}   ({RENDER_PAGES} fresh pages each; budget {RENDER_BUDGET}x)",
        "", "app ms", "browser parse ms", "ratio"
    );
    for (name, app, parse) in [("cold", app_cold, parse_cold), ("warm", app_warm, parse_warm)] {
        println!("{name:<6} {app:>9.1} {parse:>16.1} {:>6.2}x   {}", app / parse, verdict(app / parse));
    }
    Ok(())
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
