//! A throw-away PostgreSQL server for the tests: `initdb` into a temporary directory, `pg_ctl`
//! on a free port of 127.0.0.1 (fsync off: the data is thrown away), stopped and deleted when
//! dropped. Uses Debian's `postgresql` package (`/usr/lib/postgresql/<version>/bin`) or the
//! binaries on PATH; as root, runs them as the `postgres` user (PostgreSQL refuses root).

use crate::{free_port, Result};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

pub struct Postgres {
    bin: PathBuf,
    dir: PathBuf,
    as_user: Option<String>,
    /// `postgres://postgres@127.0.0.1:<port>/postgres`
    pub url: String,
}

/// The directory of `initdb` and `pg_ctl`, newest version first; `None` when not installed.
pub fn binaries() -> Option<PathBuf> {
    let mut found: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| Some((e.file_name().to_str()?.parse::<u32>().ok()?, e.path().join("bin"))))
        .filter(|(_, bin)| bin.join("initdb").exists())
        .collect();
    found.sort();
    if let Some((_, bin)) = found.pop() {
        return Some(bin);
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).find(|d| d.join("initdb").exists() && d.join("pg_ctl").exists())
}

fn is_root() -> bool {
    Command::new("id").arg("-u").output().is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

impl Postgres {
    /// Starts a fresh server; `None` when PostgreSQL is not installed.
    pub fn start() -> Result<Option<Postgres>> {
        let Some(bin) = binaries() else { return Ok(None) };
        let dir = std::env::temp_dir().join(format!("linli-pg-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir)?;
        let as_user = is_root().then(|| "postgres".to_string());
        if let Some(user) = &as_user {
            crate::sh(Command::new("chown").arg(user).arg(&dir))?;
        }
        let port = free_port()?;
        let pg = Postgres { bin, dir, as_user, url: format!("postgres://postgres@127.0.0.1:{port}/postgres") };
        let data = pg.dir.join("data");
        pg.run("initdb", &["-D", path(&data), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8"])?;
        let options = format!("-F -h 127.0.0.1 -p {port} -k {} -c max_connections=300", pg.dir.display());
        let log = pg.dir.join("server.log");
        pg.run("pg_ctl", &["-D", path(&data), "-l", path(&log), "-o", &options, "-w", "-t", "60", "start"])?;
        Ok(Some(pg))
    }

    fn run(&self, tool: &str, args: &[&str]) -> Result {
        let exe = self.bin.join(tool);
        let mut cmd = match &self.as_user {
            Some(user) => {
                let mut c = Command::new("runuser");
                c.args(["-u", user, "--"]).arg(&exe);
                c
            }
            None => Command::new(&exe),
        };
        let out = cmd.args(args).current_dir(&self.dir).stdin(Stdio::null()).output()?;
        if out.status.success() {
            Ok(())
        } else {
            Err(format!(
                "{tool} failed: {}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            )
            .into())
        }
    }
}

fn path(p: &Path) -> &str {
    p.to_str().expect("temporary paths are UTF-8")
}

impl Drop for Postgres {
    fn drop(&mut self) {
        let data = self.dir.join("data");
        let _ = self.run("pg_ctl", &["-D", path(&data), "-m", "immediate", "-w", "stop"]);
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_throw_away_server_starts_answers_and_is_removed() {
        let Some(pg) = Postgres::start().unwrap() else {
            eprintln!("PostgreSQL is not installed: skipped");
            return;
        };
        let addr = pg.url.trim_start_matches("postgres://postgres@").trim_end_matches("/postgres").to_string();
        assert!(std::net::TcpStream::connect(&addr).is_ok(), "{addr}");
        let dir = pg.dir.clone();
        drop(pg);
        assert!(!dir.exists());
        assert!(std::net::TcpStream::connect(&addr).is_err(), "stopped");
    }
}
