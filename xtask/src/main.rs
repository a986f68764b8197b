//! `cargo xtask run | test | bench`: the whole Linli set-up on a fresh machine.
//!
//! Each command first installs what is missing (the wasm32 target, trunk, a wasm-bindgen CLI of
//! exactly the version in Cargo.lock, npm's tools including a working wasm-opt) and reuses
//! what is already there.

mod api_fuzz;
mod bench;
mod fuzz;
mod lighthouse;
mod postgres;
mod precompress;
mod short_imports;
mod shots;
mod split;
mod tools;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

type Result<T = ()> = std::result::Result<T, Box<dyn std::error::Error>>;

const USAGE: &str = "\
usage: cargo xtask <command>

  run [--no-seed]   build the web app and start the server with a demo database
                    (LINLI_ADDR, default 127.0.0.1:8080; DATABASE_URL, default sqlite://data/linli.db)
  test              every check and test: fmt, clippy, unit, server (on SQLite and on a
                    throw-away PostgreSQL), browser component and end-to-end tests in
                    headless Chromium (on PostgreSQL when installed; --e2e-sqlite for SQLite),
                    and Schemathesis over the API
                    --e2e-only [FILTER…]: only the end-to-end step (Playwright file/title filters)
  pgtest [ARGS…]    `cargo test -p linli-server ARGS…` on a throw-away PostgreSQL
  api               only the Schemathesis step of test
  fuzz [SECS]       cargo-fuzz targets (contract validators, photo pipeline), SECS each (60)
  bench             every measured figure: download sizes, Lighthouse, search, load, credit,
                    markets, recycling, rendering 1,000 cards
  bench render      only the 1,000-card rendering step
  lighthouse        only the Lighthouse step of bench (mobile preset, median of 3)

  shots             screenshots of the main pages, zh and en at 360 px, into target/shots/";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("run") => run(&args[1..]),
        Some("test") => test(&args[1..]),
        Some("bench") if args.get(1).map(String::as_str) == Some("render") => {
            tools::ensure_all().and_then(|()| bench::render())
        }
        Some("bench") => bench::bench(),
        Some("api") => api_only(),
        Some("pgtest") => pg_test(&args[1..]),
        Some("fuzz") => fuzz::run(&args[1..]),
        Some("lighthouse") => build_web().and_then(|()| lighthouse::run()),
        Some("shots") => shots::run(),
        // trunk's post-build hook (Trunk.toml), not for people.
        Some("split") if args.get(1).map(String::as_str) == Some("--stats") => {
            split::stats(args.get(2).map(String::as_str))
        }
        Some("split") => split::hook(),
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("\nxtask failed: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root (xtask's parent directory).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask is in the workspace").to_path_buf()
}

/// Where cargo puts build output (`CARGO_TARGET_DIR` or `target/`).
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| root().join("target"))
}

pub fn step(what: &str) {
    println!("\n==> {what}");
}

/// Runs a command (in the workspace root unless it names a directory); fails with its name
/// when it fails.
pub fn sh(cmd: &mut Command) -> Result {
    if cmd.get_current_dir().is_none() {
        cmd.current_dir(root());
    }
    let status = cmd.status().map_err(|e| format!("cannot start {cmd:?}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{cmd:?} failed ({status})").into())
    }
}

pub fn cargo() -> Command {
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
}

fn run(args: &[String]) -> Result {
    let seed = !args.iter().any(|a| a == "--no-seed");
    tools::ensure_all()?;
    build_web()?;
    step("building the server (release)");
    sh(cargo().args(["build", "--release", "-p", "linli-server"]))?;
    step("starting the server");
    let server = target_dir().join("release/linli-server");
    let mut cmd = Command::new(server);
    cmd.args(["serve", "--dist", "dist"]);
    if seed {
        cmd.arg("--seed");
    }
    sh(&mut cmd)
}

/// The SPA, release mode, into dist/ (trunk never downloads: every tool is installed first).
/// Its cargo build runs on [`tools::SIZE_TOOLCHAIN`] with the standard library rebuilt for size
/// and panics that abort at once (`src/crash.rs` still says so on the page); trunk's hook
/// (Trunk.toml) runs `cargo xtask split` without these settings, on the usual toolchain.
pub fn build_web() -> Result {
    step("building the web app (trunk build --release)");
    sh(Command::new("trunk")
        .args(["build", "--release", "--offline"])
        .env("PATH", tools::path_with_tools())
        .env("RUSTUP_TOOLCHAIN", tools::SIZE_TOOLCHAIN)
        .env("CARGO_UNSTABLE_BUILD_STD", "std,panic_abort")
        .env("CARGO_UNSTABLE_BUILD_STD_FEATURES", "optimize_for_size")
        // Replaces .cargo/config.toml's flags for the target, so its --emit-relocs is repeated.
        // `{:?}` prints nothing and panics carry no file and line (nobody reads either in the
        // release build: a panic stops at once): 3 KB brotli less.
        .env(
            "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS",
            "-Clink-args=--emit-relocs -Zunstable-options -Cpanic=immediate-abort -Zfmt-debug=none \
             -Zlocation-detail=none",
        ))
}

fn test(args: &[String]) -> Result {
    let only_e2e = args.iter().any(|a| a == "--e2e-only");
    tools::ensure_all()?;
    tools::ensure_browser()?;
    if !only_e2e {
        step("format");
        sh(cargo().args(["fmt", "--all", "--check"]))?;
        step("clippy (host crates)");
        sh(cargo().args(["clippy", "--workspace", "--all-targets", "--exclude", "linli-web", "--", "-D", "warnings"]))?;
        step("clippy (web app, wasm32)");
        sh(cargo().args([
            "clippy",
            "-p",
            "linli-web",
            "--target",
            "wasm32-unknown-unknown",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ]))?;
        step("unit and server tests (SQLite)");
        sh(cargo().args(["test", "-p", "linli-contract", "-p", "linli-server", "-p", "xtask", "-p", "linli-markup"]))?;
        server_tests_on_postgres()?;
        step("browser component tests (wasm-bindgen-test in headless Chromium)");
        sh(cargo()
            .args(["test", "-p", "linli-web", "--target", "wasm32-unknown-unknown"])
            .env("PATH", tools::path_with_tools())
            .env("CHROMEDRIVER", tools::CHROMEDRIVER)
            .env("WASM_BINDGEN_TEST_TIMEOUT", "120"))?;
    }
    build_web()?;
    sh(cargo().args(["build", "-p", "linli-server"]))?;
    // The end-to-end suite runs on PostgreSQL when it is installed (CI installs it; the server
    // tests cover SQLite and PostgreSQL alike), on SQLite otherwise or with --e2e-sqlite.
    let pg = if args.iter().any(|a| a == "--e2e-sqlite") { None } else { postgres::Postgres::start()? };
    step(&format!(
        "end-to-end tests (Playwright, headless Chromium, real server, {})",
        if pg.is_some() { "PostgreSQL" } else { "SQLite" }
    ));
    let data = tempdir("e2e")?;
    let database_url = match &pg {
        Some(pg) => pg.url.clone(),
        None => format!("sqlite://{}/linli.db?mode=rwc", data.display()),
    };
    let port = free_port()?;
    let url = format!("http://127.0.0.1:{port}");
    let server = TestServer::start(&data, port, &database_url)?;
    server.wait_ready(&url)?;
    // With --e2e-only, the other plain arguments are Playwright's filters (spec files, titles).
    let filters: Vec<&String> =
        if only_e2e { args.iter().filter(|a| !a.starts_with("--")).collect() } else { Vec::new() };
    let result = sh(Command::new(root().join("tests/node_modules/.bin/playwright"))
        .arg("test")
        .args(filters)
        .current_dir(root().join("tests"))
        .env("LINLI_URL", &url)
        .env("LINLI_DATA", &data)
        // Specs that need a server of their own (a fresh deploy, the default limits) start this one.
        .env("LINLI_SERVER_BIN", target_dir().join("debug/linli-server")));
    drop(server);
    drop(pg);
    let _ = std::fs::remove_dir_all(&data);
    result?;
    let data = tempdir("api")?;
    let result = api_fuzz::run(&data, free_port()?);
    let _ = std::fs::remove_dir_all(&data);
    result?;
    println!("\nAll tests passed.");
    Ok(())
}

/// Only the API contract step of `test` (Schemathesis), on a freshly built debug server.
fn api_only() -> Result {
    sh(cargo().args(["build", "-p", "linli-server"]))?;
    let data = tempdir("api")?;
    let result = api_fuzz::run(&data, free_port()?);
    let _ = std::fs::remove_dir_all(&data);
    result
}

/// Every server test again, each on a fresh database of a throw-away PostgreSQL server.
fn server_tests_on_postgres() -> Result {
    step("server tests (PostgreSQL)");
    let Some(pg) = postgres::Postgres::start()? else {
        println!(
            "\n!!! PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): the server tests \
             did NOT run on PostgreSQL. `apt-get install postgresql` (.ci/run does) to run them.\n"
        );
        return Ok(());
    };
    let started = Instant::now();
    // The same packages as the SQLite pass, so the same build is reused (another package set
    // unifies features differently and rebuilds the server).
    let result = sh(cargo()
        .args(["test", "-p", "linli-contract", "-p", "linli-server", "-p", "xtask", "-p", "linli-markup"])
        .env("LINLI_TEST_POSTGRES", &pg.url));
    println!("server tests on PostgreSQL took {:.0?}", started.elapsed());
    result
}

/// Chosen server tests on a throw-away PostgreSQL (the full pass is part of `test`).
fn pg_test(args: &[String]) -> Result {
    let Some(pg) = postgres::Postgres::start()? else {
        return Err("PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb)".into());
    };
    sh(cargo().args(["test", "-p", "linli-server"]).args(args).env("LINLI_TEST_POSTGRES", &pg.url))
}

fn tempdir(name: &str) -> Result<PathBuf> {
    let dir = std::env::temp_dir().join(format!("linli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}

fn free_port() -> Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// The debug server on a fresh seeded database, stopped when dropped.
struct TestServer(Child);

impl TestServer {
    fn start(data: &Path, port: u16, database_url: &str) -> Result<TestServer> {
        let log = std::fs::File::create(data.join("server.log"))?;
        let child = Command::new(target_dir().join("debug/linli-server"))
            .current_dir(root())
            .args(["serve", "--seed", "--dist", "dist"])
            .env("LINLI_ADDR", format!("127.0.0.1:{port}"))
            // Every test browser signs up from 127.0.0.1; the throttle has its own server test.
            .env("LINLI_SIGNUPS_PER_IP", "100000")
            // The demo accounts write far more in a test run than a resident does in an hour.
            .env("LINLI_WRITE_LIMIT_FACTOR", "1000")
            .env("DATABASE_URL", database_url)
            .env("LINLI_MEDIA_DIR", data.join("media"))
            .stdout(log.try_clone()?)
            .stderr(log)
            .stdin(Stdio::null())
            .spawn()?;
        Ok(TestServer(child))
    }

    fn wait_ready(&self, url: &str) -> Result {
        let addr = url.trim_start_matches("http://").to_string();
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(60) {
            if std::net::TcpStream::connect(&addr).is_ok() {
                return Ok(());
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        Err(format!("server did not start on {url}").into())
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Runs `work` on every item, one worker per core (the largest items first is the caller's
/// choice of order); the first error stops the rest.
pub fn on_every_core<T: Sync>(items: &[T], work: impl Fn(&T) -> std::result::Result<(), String> + Sync) -> Result {
    let workers = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2);
    let next = std::sync::atomic::AtomicUsize::new(0);
    std::thread::scope(|scope| -> Result {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| -> std::result::Result<(), String> {
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(item) = items.get(i) else { return Ok(()) };
                        work(item)?;
                    }
                })
            })
            .collect();
        for h in handles {
            h.join().map_err(|_| "a worker panicked")??;
        }
        Ok(())
    })
}
