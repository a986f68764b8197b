//! Lighthouse on the built app (`tests/bench/lighthouse.mjs`): the release server on a fresh
//! seeded database, each page beside a static copy of itself, median of 3.

use crate::{cargo, root, sh, step, target_dir, tools, Result};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

pub fn run() -> Result {
    step("Lighthouse mobile: Browse, a listing, Sell, Markets, Recycle beside static copies (release build)");
    if !root().join("tests/node_modules/lighthouse").exists() {
        sh(Command::new("npm").args(["ci", "--no-audit", "--no-fund"]).current_dir(root().join("tests")))?;
    }
    sh(cargo().args(["build", "--release", "-p", "linli-server", "--bin", "linli-server"]))?;
    let data = std::env::temp_dir().join(format!("linli-lighthouse-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&data);
    std::fs::create_dir_all(&data)?;
    let port = std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
    let log = std::fs::File::create(data.join("server.log"))?;
    let mut server = Command::new(target_dir().join("release/linli-server"))
        .current_dir(root())
        .args(["serve", "--seed", "--dist", "dist"])
        .env("LINLI_ADDR", format!("127.0.0.1:{port}"))
        .env("DATABASE_URL", format!("sqlite://{}/linli.db?mode=rwc", data.display()))
        .env("LINLI_MEDIA_DIR", data.join("media"))
        .stdout(log.try_clone()?)
        .stderr(log)
        .stdin(Stdio::null())
        .spawn()?;
    let url = format!("http://127.0.0.1:{port}");
    let started = Instant::now();
    let result = (|| -> Result {
        // Ready when the seeded API answers.
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            if started.elapsed() > Duration::from_secs(120) {
                return Err(format!("the server did not start on {url}").into());
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        sh(Command::new("node")
            .arg("bench/lighthouse.mjs")
            .current_dir(root().join("tests"))
            .env("PATH", tools::path_with_tools())
            .env("LINLI_URL", &url)
            .env("LINLI_DIST", root().join("dist"))
            .env("CHROME_PATH", "/usr/bin/chromium"))
    })();
    let _ = server.kill();
    let _ = server.wait();
    let _ = std::fs::remove_dir_all(&data);
    result
}
