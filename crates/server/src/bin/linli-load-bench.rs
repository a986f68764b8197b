//! `linli-load-bench [DATABASE_URL]`: listing reads and writes per second through the real
//! server over loopback HTTP, 10 keep-alive connections at once (`cargo xtask bench` runs it
//! in release mode on SQLite and on a throw-away PostgreSQL and prints both rows).
//!
//! Reads: `GET /api/v1/listings/{id}` for a few seconds; writes: `POST /api/v1/listings`
//! (photos are registered directly in the database beforehand, so the figure is the listing's
//! own write, not JPEG decoding). Both from tasks in this process and then, when it is
//! installed, from `wrk` (a second row).

use linli_contract::community::{Community, Localized};
use linli_server::db::{communities, photos, Db};
use linli_server::media::Media;
use linli_server::{app, AppState, Config};
use serde_json::{json, Value};
use std::net::SocketAddr;
use std::time::{Duration, Instant};

const CONNECTIONS: usize = 10;
const READ_SECS: u64 = 5;
const WRITES: usize = 3_000;

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn listing_body(photo: &str, i: usize) -> String {
    json!({
        "title": format!("压测台灯 {i}"),
        "description": "九成新，北门自提",
        "category": "furniture",
        "condition": "lightly_used",
        "offer": {"mode": "sell", "price_fen": 3000},
        "community_id": 1,
        "pickup_note": "",
        "photos": [photo],
    })
    .to_string()
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    tracing_subscriber::fmt().with_env_filter("linli_server=error").init();
    let dir = tempfile_dir()?;
    let url = std::env::args().nth(1).unwrap_or_else(|| format!("sqlite://{}?mode=rwc", dir.join("load.db").display()));
    let db = Db::connect(&url).await?;
    let loc = |s: &str| Localized { zh: s.into(), en: s.into() };
    let community = Community {
        id: 0,
        slug: "bench".into(),
        name: loc("压测社区"),
        city: loc("上海"),
        district: loc("徐汇"),
        lat: 31.17,
        lng: 121.42,
    };
    communities::insert(&db, &community).await?;
    let config = Config {
        signups_per_ip: i64::MAX,
        write_limits: linli_server::limits::WriteLimits::default().scaled(1_000_000),
        ..Config::default()
    };
    let state = AppState::new(db.clone(), config, Media::new(dir.join("media"))?);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let base = format!("http://{}", listener.local_addr()?);
    // Stopped before the pool closes (`finish`): requests wrk left in flight end first instead
    // of failing on a closed pool.
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(async move {
        let _ = axum::serve(listener, app(state).into_make_service_with_connect_info::<SocketAddr>())
            .with_graceful_shutdown(async {
                let _ = stopped.await;
            })
            .await;
    });
    let server = Server { stop, server };

    let client = reqwest::Client::new();
    let res = client
        .post(format!("{base}/api/v1/auth/register"))
        .header("content-type", "application/json")
        .body(
            json!({"display_name": "压测用户", "contact": "load@example.com", "password": "correct horse 42"})
                .to_string(),
        )
        .send()
        .await?;
    if res.status() != 201 {
        return Err(format!("register: {}", res.text().await?).into());
    }
    let cookie = res.headers()["set-cookie"].to_str()?.split(';').next().unwrap_or_default().to_string();
    let me: Value = client.get(format!("{base}/api/v1/me")).header("cookie", &cookie).send().await?.json().await?;
    let owner = me["id"].as_i64().ok_or("no user id")?;
    let mut keys = Vec::with_capacity(WRITES + 1);
    for _ in 0..=WRITES {
        let key = linli_server::media::new_key();
        photos::insert(&db, &key, owner, 800, 600).await?;
        keys.push(key);
    }
    let create = |client: reqwest::Client, body: String, cookie: String, base: String| async move {
        client
            .post(format!("{base}/api/v1/listings"))
            .header("content-type", "application/json")
            .header("cookie", cookie)
            .body(body)
            .send()
            .await
    };
    let res = create(client.clone(), listing_body(&keys[WRITES], 0), cookie.clone(), base.clone()).await?;
    let id = res.json::<Value>().await?["id"].as_i64().ok_or("no listing id")?;

    // Reads: each task its own client (one keep-alive connection each).
    let deadline = Instant::now() + Duration::from_secs(READ_SECS);
    let mut tasks = Vec::new();
    for _ in 0..CONNECTIONS {
        let url = format!("{base}/api/v1/listings/{id}");
        tasks.push(tokio::spawn(async move {
            let client = reqwest::Client::builder().pool_max_idle_per_host(1).build().expect("client");
            let mut times = Vec::new();
            while Instant::now() < deadline {
                let t = Instant::now();
                let res = client.get(&url).send().await.expect("read");
                assert_eq!(res.status(), 200);
                res.bytes().await.expect("body");
                times.push(t.elapsed().as_secs_f64() * 1000.0);
            }
            times
        }));
    }
    let mut reads = Vec::new();
    for t in tasks {
        reads.extend(t.await?);
    }
    reads.sort_by(|a, b| a.total_cmp(b));

    // Writes: the prepared photos shared out among the connections.
    let started = Instant::now();
    let mut tasks = Vec::new();
    for c in 0..CONNECTIONS {
        let mine: Vec<(usize, String)> =
            keys[..WRITES].iter().enumerate().skip(c).step_by(CONNECTIONS).map(|(i, k)| (i, k.clone())).collect();
        let (cookie, base) = (cookie.clone(), base.clone());
        tasks.push(tokio::spawn(async move {
            let client = reqwest::Client::builder().pool_max_idle_per_host(1).build().expect("client");
            let mut times = Vec::new();
            for (i, key) in mine {
                let t = Instant::now();
                let res = create(client.clone(), listing_body(&key, i + 1), cookie.clone(), base.clone())
                    .await
                    .expect("write");
                let status = res.status();
                let text = res.text().await.unwrap_or_default();
                assert_eq!(status, 201, "{text}");
                times.push(t.elapsed().as_secs_f64() * 1000.0);
            }
            times
        }));
    }
    let mut writes = Vec::new();
    for t in tasks {
        writes.extend(t.await?);
    }
    let write_secs = started.elapsed().as_secs_f64();
    writes.sort_by(|a, b| a.total_cmp(b));

    let read_rate = reads.len() as f64 / READ_SECS as f64;
    let write_rate = writes.len() as f64 / write_secs;
    println!(
        "{:<11} {:>10.0} {:>9.2} {:>9.2} {:>11.0} {:>9.2}   read {} / write {}",
        db.backend().name(),
        read_rate,
        percentile(&reads, 0.5),
        percentile(&reads, 0.99),
        write_rate,
        percentile(&writes, 0.99),
        if read_rate >= 5_000.0 && percentile(&reads, 0.99) <= 5.0 { "within" } else { "OVER" },
        if write_rate >= 1_000.0 { "within" } else { "OVER" },
    );
    // The same reads and writes from wrk, a load generator in its own process, when it is
    // installed (Debian's `wrk`): the figures without the generator's work on the server's
    // runtime and cores. Its writes take photos registered beforehand, one each, in turn (a Lua
    // script, `wrk_writes_script`).
    let url = format!("{base}/api/v1/listings/{id}");
    let read = match tokio::task::spawn_blocking(move || wrk(&url, None)).await? {
        Ok(Some(read)) => read,
        Ok(None) => return finish(server, db, &dir).await,
        Err(e) => return Err(e.to_string().into()),
    };
    let mut keys = Vec::with_capacity(WRK_WRITES);
    for _ in 0..WRK_WRITES {
        let key = linli_server::media::new_key();
        photos::insert(&db, &key, owner, 800, 600).await?;
        keys.push(key);
    }
    let script = dir.join("writes.lua");
    std::fs::write(&script, wrk_writes_script(&keys, &cookie))?;
    let url = format!("{base}/api/v1/listings");
    let (write_rate, _, write_p99) = tokio::task::spawn_blocking(move || wrk(&url, Some(&script)))
        .await?
        .map_err(|e| e.to_string())?
        .unwrap_or_default();
    let (rate, p50, p99) = read;
    println!(
        "{:<11} {:>10.0} {:>9.2} {:>9.2} {:>11.0} {:>9.2}   read {} / write {}",
        format!("{} wrk", db.backend().name()),
        rate,
        p50,
        p99,
        write_rate,
        write_p99,
        if rate >= 5_000.0 && p99 <= 5.0 { "within" } else { "OVER" },
        if write_rate >= 1_000.0 { "within" } else { "OVER" },
    );
    finish(server, db, &dir).await
}

struct Server {
    stop: tokio::sync::oneshot::Sender<()>,
    server: tokio::task::JoinHandle<()>,
}

async fn finish(server: Server, db: Db, dir: &std::path::Path) -> Result<(), Box<dyn std::error::Error>> {
    let _ = server.stop.send(());
    server.server.await?;
    db.close().await;
    let _ = std::fs::remove_dir_all(dir);
    Ok(())
}

/// Photos registered for wrk's writes: more than it can post in [`WRITE_SECS`] (a photo is
/// taken once; one used up would answer 422 and fail the run).
const WRK_WRITES: usize = 12_000;
/// How long wrk posts listings.
const WRITE_SECS: u64 = 3;

/// wrk's script for the writes: each request posts a listing with the next unused photo.
fn wrk_writes_script(keys: &[String], cookie: &str) -> String {
    let keys: Vec<String> = keys.iter().map(|k| format!("\"{k}\"")).collect();
    let body = listing_body("%s", 0).replace('%', "%%").replace("%%s", "%s");
    format!(
        "local keys = {{{}}}\nlocal n = 0\n\
         request = function()\n  n = n + 1\n  local body = string.format('{body}', keys[n])\n  \
         return wrk.format('POST', nil, {{['Content-Type'] = 'application/json', ['Cookie'] = '{cookie}'}}, body)\nend\n",
        keys.join(","),
    )
}

type WrkError = Box<dyn std::error::Error + Send + Sync>;

/// `wrk` with the same connections: reading `url` for as long as the reads above, or with
/// `script` posting for [`WRITE_SECS`]: (requests per second, p50 ms, p99 ms), `None` when wrk
/// is not installed. Any non-2xx answer or socket error fails.
fn wrk(url: &str, script: Option<&std::path::Path>) -> Result<Option<(f64, f64, f64)>, WrkError> {
    let secs = if script.is_some() { WRITE_SECS } else { READ_SECS };
    let mut cmd = std::process::Command::new("wrk");
    cmd.args(["-t1", &format!("-c{CONNECTIONS}"), &format!("-d{secs}s"), "--latency"]);
    if let Some(script) = script {
        cmd.arg("-s").arg(script);
    }
    let out = match cmd.arg(url).output() {
        Ok(out) => out,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e.into()),
    };
    let text = String::from_utf8_lossy(&out.stdout);
    if !out.status.success() || text.contains("Non-2xx") || text.contains("Socket errors") {
        return Err(format!("wrk: {text}{}", String::from_utf8_lossy(&out.stderr)).into());
    }
    let field = |prefix: &str| {
        text.lines()
            .map(str::trim)
            .find_map(|line| line.strip_prefix(prefix))
            .map(str::trim)
            .ok_or_else(|| format!("wrk printed no `{prefix}`: {text}"))
    };
    let rate: f64 = field("Requests/sec:")?.parse()?;
    Ok(Some((rate, wrk_ms(field("50%")?)?, wrk_ms(field("99%")?)?)))
}

/// A wrk duration (`812.00us`, `1.23ms`, `1.02s`, `1.5m`) in milliseconds.
fn wrk_ms(value: &str) -> Result<f64, WrkError> {
    let (number, scale) = [("us", 0.001), ("ms", 1.0), ("s", 1000.0), ("m", 60_000.0)]
        .iter()
        .find_map(|(unit, scale)| value.strip_suffix(unit).map(|n| (n, *scale)))
        .ok_or_else(|| format!("wrk duration `{value}`"))?;
    Ok(number.parse::<f64>()? * scale)
}

fn tempfile_dir() -> std::io::Result<std::path::PathBuf> {
    let dir = std::env::temp_dir().join(format!("linli-load-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}
