//! Two server processes (the real binary) on one database and one S3-protocol object store
//! (`s3rver` from npm, started here): a resident signs in through one and goes on through the
//! other; a photo uploaded through one is served by the other; a server whose photo store
//! cannot be reached refuses to start with one clear line.
//!
//! With `LINLI_TEST_POSTGRES` (as `cargo xtask test` sets it) the database is PostgreSQL;
//! otherwise both servers share one SQLite file.

mod common;

use common::{fresh_database_url, sample_jpeg, seed_communities};
use linli_server::db::Db;
use serde_json::{json, Value};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const BUCKET: &str = "linli-photos";

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// A child process killed when dropped.
struct Proc(Child, PathBuf);

impl Drop for Proc {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

impl Proc {
    fn log(&self) -> String {
        std::fs::read_to_string(&self.1).unwrap_or_default()
    }
}

fn s3rver_bin() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/node_modules/.bin/s3rver")
}

/// Polls `url` until it answers: a process start, not a clock (gives up after a minute).
async fn wait_until_up(client: &reqwest::Client, url: &str, proc: &mut Proc) {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if client.get(url).send().await.is_ok() {
            return;
        }
        if let Some(status) = proc.0.try_wait().unwrap() {
            panic!("{url}: the process exited ({status}):\n{}", proc.log());
        }
        assert!(Instant::now() < deadline, "{url} did not come up:\n{}", proc.log());
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

fn s3_env(cmd: &mut Command, endpoint: &str) {
    cmd.env("LINLI_MEDIA_URL", format!("s3://{BUCKET}/photos"))
        .env("AWS_ENDPOINT", endpoint)
        .env("AWS_ALLOW_HTTP", "true")
        .env("AWS_DEFAULT_REGION", "us-east-1")
        .env("AWS_ACCESS_KEY_ID", "S3RVER")
        .env("AWS_SECRET_ACCESS_KEY", "S3RVER");
}

fn server_command(dir: &Path, database_url: &str, port: u16, s3_endpoint: &str, log: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_linli-server"));
    let log = std::fs::File::create(log).unwrap();
    cmd.args(["serve", "--addr", &format!("127.0.0.1:{port}"), "--dist"])
        .arg(dir.join("dist"))
        .env("DATABASE_URL", database_url)
        .env("LINLI_MEDIA_DIR", dir.join("unused-media"))
        .env("RUST_LOG", "linli_server=info")
        .stdout(log.try_clone().unwrap())
        .stderr(log);
    s3_env(&mut cmd, s3_endpoint);
    cmd
}

fn body_of(v: &Value) -> String {
    serde_json::to_string(v).unwrap()
}

#[tokio::test]
async fn a_resident_goes_on_through_another_server_and_photos_are_shared() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("dist")).unwrap();
    let database_url = fresh_database_url(dir.path()).await;
    let db = Db::connect(&database_url).await.unwrap();
    seed_communities(&db).await;
    db.close().await;

    let client = reqwest::Client::builder().timeout(Duration::from_secs(30)).build().unwrap();
    let s3_port = free_port();
    let s3_log = dir.path().join("s3rver.log");
    let s3_dir = dir.path().join("s3");
    std::fs::create_dir_all(&s3_dir).unwrap();
    assert!(
        s3rver_bin().exists(),
        "{} is missing: run `npm ci` in tests/ (cargo xtask test does)",
        s3rver_bin().display()
    );
    let mut s3 = Proc(
        Command::new(s3rver_bin())
            .args(["-d"])
            .arg(&s3_dir)
            .args(["-a", "127.0.0.1", "-p", &s3_port.to_string(), "--silent", "--configure-bucket", BUCKET])
            .stdout(std::fs::File::create(&s3_log).unwrap())
            .stderr(Stdio::null())
            .spawn()
            .expect("start s3rver"),
        s3_log,
    );
    let endpoint = format!("http://127.0.0.1:{s3_port}");
    wait_until_up(&client, &endpoint, &mut s3).await;

    let mut servers = Vec::new();
    for name in ["a", "b"] {
        let port = free_port();
        let log = dir.path().join(format!("server-{name}.log"));
        let child = server_command(dir.path(), &database_url, port, &endpoint, &log).spawn().unwrap();
        let mut proc = Proc(child, log);
        let base = format!("http://127.0.0.1:{port}");
        wait_until_up(&client, &format!("{base}/api/v1/health"), &mut proc).await;
        servers.push((base, proc));
    }
    let (a, b) = (&servers[0].0, &servers[1].0);

    // Signed up through A ...
    let res = client
        .post(format!("{a}/api/v1/auth/register"))
        .header("content-type", "application/json")
        .body(body_of(
            &json!({"display_name": "双机用户", "contact": "two@example.com", "password": "correct horse 42"}),
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201, "{}", res.text().await.unwrap());
    let cookie = res.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_string();

    // ... uploads a photo and posts a listing through B, with the same session.
    let res = client
        .post(format!("{b}/api/v1/photos"))
        .header("cookie", &cookie)
        .header("content-type", "image/jpeg")
        .body(sample_jpeg(800, 600))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201, "upload through B");
    let photo: Value = res.json().await.unwrap();
    let key = photo["key"].as_str().unwrap().to_string();
    let listing = common::listing_json("两台服务器的台灯", "", 30, std::slice::from_ref(&key));
    let res = client
        .post(format!("{b}/api/v1/listings"))
        .header("cookie", &cookie)
        .header("content-type", "application/json")
        .body(body_of(&listing))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201, "listing through B: {}", res.text().await.unwrap());
    let id = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();

    // A shows the listing and serves its photo from the shared store.
    let detail: Value = client.get(format!("{a}/api/v1/listings/{id}")).send().await.unwrap().json().await.unwrap();
    let url = detail["photos"][0]["url"].as_str().expect("the listing has its photo").to_string();
    let thumb = detail["photos"][0]["thumb_url"].as_str().unwrap().to_string();
    let from_a = client.get(format!("{a}{url}")).send().await.unwrap();
    assert_eq!(from_a.status(), 200, "A serves the photo B stored");
    assert_eq!(from_a.headers()["content-type"], "image/jpeg");
    assert!(from_a.headers()["cache-control"].to_str().unwrap().contains("immutable"));
    let bytes_a = from_a.bytes().await.unwrap();
    let bytes_b = client.get(format!("{b}{url}")).send().await.unwrap().bytes().await.unwrap();
    assert_eq!(bytes_a, bytes_b, "both servers serve the same file");
    assert_eq!(&bytes_a[..2], &[0xFF, 0xD8], "a JPEG");
    assert_eq!(client.get(format!("{a}{thumb}")).send().await.unwrap().status(), 200);
    // The photo is in the bucket, not on either server's disk.
    assert!(!dir.path().join("unused-media").join(format!("{key}.jpg")).exists());
    // A name that is not a photo key never reaches the store.
    for bad in ["/media/..%2F..%2Fetc%2Fpasswd", "/media/.linli-probe", &format!("/media/{key}.png")] {
        assert_eq!(client.get(format!("{a}{bad}")).send().await.unwrap().status(), 404, "{bad}");
    }
    assert_eq!(client.get(format!("{a}/media/{}.jpg", "0".repeat(32))).send().await.unwrap().status(), 404);

    // Signing out through A ends the session on B too.
    let res = client.post(format!("{a}/api/v1/auth/logout")).header("cookie", &cookie).send().await.unwrap();
    assert!(res.status().is_success(), "logout: {}", res.status());
    let me = client.get(format!("{b}/api/v1/me")).header("cookie", &cookie).send().await.unwrap();
    assert_eq!(me.status(), 401, "the session ended everywhere");

    // With the store gone, photos are a retryable 503 (never a 500), and a new server will not start.
    drop(s3);
    let res = client.get(format!("{a}{url}")).send().await.unwrap();
    assert_eq!(res.status(), 503);
    let port = free_port();
    let log = dir.path().join("server-c.log");
    let status = server_command(dir.path(), &database_url, port, &endpoint, &log).status().unwrap();
    let said = std::fs::read_to_string(&log).unwrap();
    assert!(!status.success(), "a server without its photo store must not start");
    let errors: Vec<&str> = said.lines().filter(|l| l.starts_with("error:")).collect();
    assert_eq!(errors.len(), 1, "one clear line: {said}");
    assert!(errors[0].contains("photo store") && errors[0].contains(BUCKET), "{said}");
}
