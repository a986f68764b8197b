//! Installing the build and test tools that are missing, at the versions the project needs.

use crate::{cargo, root, sh, step, Result};
use std::path::Path;
use std::process::Command;

/// trunk 0.22 needs a newer rustc than the machines have.
const TRUNK_VERSION: &str = "0.21.14";
pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

pub fn ensure_all() -> Result {
    ensure_wasm_target()?;
    ensure_size_toolchain()?;
    ensure_trunk()?;
    ensure_wasm_bindgen()?;
    ensure_npm_tools()
}

/// The output of `cmd --version`, or None when it is not installed.
fn version_of(cmd: &str) -> Option<String> {
    let out = Command::new(cmd).arg("--version").env("PATH", path_with_tools()).output().ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

fn ensure_wasm_target() -> Result {
    let out = Command::new("rustup").args(["target", "list", "--installed"]).output()?;
    if !String::from_utf8_lossy(&out.stdout).lines().any(|l| l.trim() == "wasm32-unknown-unknown") {
        step("installing the wasm32-unknown-unknown target");
        sh(Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]))?;
    }
    Ok(())
}

/// The toolchain of the web app's release build: a pinned nightly, which rebuilds the standard
/// library for size with panics that stop at once (no formatting or unwinding code: the first
/// download ~18 KB brotli smaller). Everything else builds on stable.
pub const SIZE_TOOLCHAIN: &str = "nightly-2026-05-20";

fn ensure_size_toolchain() -> Result {
    let ready = Command::new("rustup")
        .arg(format!("+{SIZE_TOOLCHAIN}"))
        .args(["component", "list", "--installed"])
        .output()
        .is_ok_and(|o| {
            let installed = String::from_utf8_lossy(&o.stdout);
            o.status.success()
                && installed.lines().any(|l| l.starts_with("rust-src"))
                && installed.lines().any(|l| l.starts_with("rust-std-wasm32-unknown-unknown"))
        });
    if !ready {
        step(&format!("installing the {SIZE_TOOLCHAIN} toolchain for the web app's release build (once)"));
        sh(Command::new("rustup").args([
            "toolchain",
            "install",
            SIZE_TOOLCHAIN,
            "--profile",
            "minimal",
            "--component",
            "rust-src",
            "--target",
            "wasm32-unknown-unknown",
        ]))?;
    }
    // The web build runs offline (trunk --offline) and rebuilds the standard library, whose own
    // dependencies (its Cargo.lock in rust-src) are downloaded here (at once when present).
    let sysroot = Command::new("rustc").arg(format!("+{SIZE_TOOLCHAIN}")).args(["--print", "sysroot"]).output()?;
    let library = Path::new(String::from_utf8_lossy(&sysroot.stdout).trim()).join("lib/rustlib/src/rust/library");
    sh(Command::new("cargo")
        .arg(format!("+{SIZE_TOOLCHAIN}"))
        .arg("fetch")
        .arg("--manifest-path")
        .arg(library.join("Cargo.toml")))?;
    Ok(())
}

fn ensure_trunk() -> Result {
    if version_of("trunk").is_some_and(|v| v.ends_with(TRUNK_VERSION)) {
        return Ok(());
    }
    step(&format!("installing trunk {TRUNK_VERSION} (a few minutes, once)"));
    sh(cargo().args(["install", "trunk", "--locked", "--version", TRUNK_VERSION]))
}

/// The wasm-bindgen version the web app is built with, from Cargo.lock.
pub fn locked_version(package: &str) -> Result<String> {
    let lock = std::fs::read_to_string(root().join("Cargo.lock"))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == format!("name = \"{package}\"") {
            if let Some(v) = lines.next().and_then(|l| l.strip_prefix("version = \"")) {
                return Ok(v.trim_end_matches('"').to_string());
            }
        }
    }
    Err(format!("{package} is not in Cargo.lock").into())
}

fn ensure_wasm_bindgen() -> Result {
    let version = locked_version("wasm-bindgen")?;
    if version_of("wasm-bindgen").is_some_and(|v| v.split_whitespace().nth(1) == Some(version.as_str())) {
        return Ok(());
    }
    step(&format!("installing wasm-bindgen-cli {version} (a few minutes, once)"));
    // Not --locked: one of its locked dependencies is no longer on the registry.
    sh(cargo().args(["install", "wasm-bindgen-cli", "--version", &version]))
}

/// npm's tools: binaryen's wasm-opt (Debian's 108 breaks the binary), terser, Playwright, axe-core.
fn ensure_npm_tools() -> Result {
    let tests = root().join("tests");
    let installed = tests.join("node_modules/.package-lock.json");
    let up_to_date = match (std::fs::metadata(&installed), std::fs::metadata(tests.join("package-lock.json"))) {
        (Ok(i), Ok(l)) => i.modified()? >= l.modified()?,
        _ => false,
    };
    let bin = |tool: &str| tests.join("node_modules/.bin").join(tool).exists();
    if !up_to_date || !bin("wasm-opt") || !bin("terser") {
        step("installing npm tools (wasm-opt, terser, Playwright)");
        sh(Command::new("npm").args(["ci", "--no-audit", "--no-fund"]).current_dir(&tests))?;
    }
    Ok(())
}

/// Headless Chromium and chromedriver come from Debian's packages (.ci/run installs them).
pub fn ensure_browser() -> Result {
    for path in [CHROMIUM, CHROMEDRIVER] {
        if !Path::new(path).exists() {
            return Err(format!(
                "{path} is missing: install Debian's chromium and chromium-driver \
                 (sudo apt-get install -y chromium chromium-driver)"
            )
            .into());
        }
    }
    Ok(())
}

/// PATH with npm's tools first (their wasm-opt wins over any system one) and cargo's bin.
pub fn path_with_tools() -> String {
    let npm_bin = root().join("tests/node_modules/.bin");
    let cargo_bin = std::env::var("CARGO_HOME")
        .map(|h| Path::new(&h).join("bin"))
        .unwrap_or_else(|_| Path::new(&std::env::var("HOME").unwrap_or_default()).join(".cargo/bin"));
    let old = std::env::var("PATH").unwrap_or_default();
    format!("{}:{}:{old}", npm_bin.display(), cargo_bin.display())
}
