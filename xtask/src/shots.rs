//! `cargo xtask shots`: screenshots of Browse, a listing, Sell, Me and a trade, in Chinese and
//! English at 360 px, for review (not committed). The real app on a fresh seeded SQLite
//! database, photographed by Playwright (tests/shots/shots.spec.js) into target/shots/.

use super::{build_web, cargo, free_port, root, sh, step, target_dir, tempdir, tools, Result, TestServer};
use std::process::Command;

pub fn run() -> Result {
    tools::ensure_all()?;
    tools::ensure_browser()?;
    build_web()?;
    sh(cargo().args(["build", "-p", "linli-server"]))?;
    let out = target_dir().join("shots");
    let _ = std::fs::remove_dir_all(&out);
    std::fs::create_dir_all(&out)?;
    step("screenshots (Playwright, 360 px, zh and en)");
    let data = tempdir("shots")?;
    let database_url = format!("sqlite://{}/linli.db?mode=rwc", data.display());
    let port = free_port()?;
    let url = format!("http://127.0.0.1:{port}");
    let server = TestServer::start(&data, port, &database_url)?;
    server.wait_ready(&url)?;
    let result = sh(Command::new(root().join("tests/node_modules/.bin/playwright"))
        .args(["test", "--config", "shots.config.js"])
        .current_dir(root().join("tests"))
        .env("LINLI_URL", &url)
        .env("LINLI_SHOTS", &out));
    drop(server);
    let _ = std::fs::remove_dir_all(&data);
    result?;
    println!("\nScreenshots in {}", out.display());
    Ok(())
}
