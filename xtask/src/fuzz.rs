//! `cargo xtask fuzz [SECS]`: each cargo-fuzz target (`fuzz/`, outside the workspace) for a
//! bounded time (default 60 s), printing the executions libFuzzer reached. cargo-fuzz needs a
//! nightly toolchain; it is installed on first use.
//!
//! No sanitizer: the code under test is safe Rust, so the targets look for panics and broken
//! invariants, and an AddressSanitizer build of the server took longer than a fuzzing run.

use crate::{root, sh, step, Result};
use std::process::Command;

const TARGETS: &[&str] = &["validators", "photo"];

pub fn run(args: &[String]) -> Result {
    let secs: u64 = args.first().map(|s| s.parse()).transpose()?.unwrap_or(60);
    let has_fuzz =
        Command::new("cargo").args(["+nightly", "fuzz", "--version"]).output().is_ok_and(|o| o.status.success());
    if !has_fuzz {
        step("installing cargo-fuzz");
        sh(Command::new("cargo").args(["install", "--locked", "cargo-fuzz@0.13.2"]))?;
    }
    for target in TARGETS {
        step(&format!("fuzz {target} for {secs} s"));
        sh(Command::new("cargo").current_dir(root().join("fuzz")).args([
            "+nightly",
            "fuzz",
            "run",
            "--sanitizer",
            "none",
            target,
            "--",
            &format!("-max_total_time={secs}"),
            "-print_final_stats=1",
        ]))?;
    }
    Ok(())
}
