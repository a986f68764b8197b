//! `linli-recycling-bench N`: nearest-points and what-goes-where latency through the real
//! router (`cargo xtask bench` runs it in release mode with 10,000 points). Generates N points
//! spread over a city into a fresh SQLite file, then prints p50 / p95 / max per query.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use linli_contract::recycling::{Material, PointKind};
use linli_server::db::recycling::{insert_point, NewPoint};
use linli_server::db::{now, Db};
use linli_server::media::Media;
use linli_server::{app, AppState, Config};
use std::time::Instant;
use tower::ServiceExt;

const HOURS: &[&str] = &[
    "24/7",
    "Mo-Su 07:00-21:00",
    "Tu-Su 08:30-17:30",
    "Mo-Sa 08:00-18:00; PH off",
    "Mo-Fr 12:00-20:00; Sa-Su 10:00-20:00",
    "Mo-Su 18:00-02:00",
];

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

async fn time(router: &axum::Router, label: &str, paths: &[String]) {
    let mut ms = Vec::new();
    for path in paths {
        let started = Instant::now();
        let res = router.clone().oneshot(Request::get(path).body(Body::empty()).unwrap()).await.unwrap();
        let status = res.status();
        let _ = res.into_body().collect().await.unwrap();
        ms.push(started.elapsed().as_secs_f64() * 1000.0);
        assert_eq!(status, StatusCode::OK, "{path}");
    }
    ms.sort_by(f64::total_cmp);
    println!(
        "{label:<44} p50 {:>7.2} ms   p95 {:>7.2} ms   max {:>7.2} ms   ({} requests)",
        percentile(&ms, 0.5),
        percentile(&ms, 0.95),
        ms[ms.len() - 1],
        ms.len()
    );
}

#[tokio::main]
async fn main() {
    let n: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let dir = tempfile_dir();
    let url = format!("sqlite://{}/bench.db?mode=rwc", dir.display());
    let db = Db::connect(&url).await.expect("database");
    let at = now();
    // A deterministic spread over ~40 × 40 km around Shanghai's centre.
    let mut seed: u64 = 42;
    let mut next = move || {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (seed >> 33) as f64 / (1u64 << 31) as f64
    };
    let started = Instant::now();
    for i in 0..n {
        let m: Vec<Material> = (0..4).map(|k| Material::ALL[(i * 7 + k * 5) % Material::ALL.len()]).collect::<Vec<_>>();
        let mut m = m;
        m.sort();
        m.dedup();
        let point = NewPoint {
            name: format!("回收点 {i}"),
            kind: PointKind::ALL[i % PointKind::ALL.len()],
            materials: m,
            pickup_materials: Vec::new(),
            opening_hours: HOURS[i % HOURS.len()].into(),
            timezone: "Asia/Shanghai".into(),
            address: String::new(),
            contact: String::new(),
            lat: 31.05 + next() * 0.36,
            lng: 121.25 + next() * 0.42,
        };
        insert_point(&db, at, None, &point).await.expect("insert");
    }
    println!("generated {n} points in {:.1} s", started.elapsed().as_secs_f64());
    let media = Media::new(dir.join("media")).expect("media");
    let router = app(AppState::new(db, Config::default(), media));

    let mut near = Vec::new();
    let mut battery_open = Vec::new();
    for i in 0..200 {
        let lat = 31.1 + (i % 20) as f64 * 0.013;
        let lng = 121.3 + (i / 20) as f64 * 0.03;
        near.push(format!("/api/v1/recycling/points?lat={lat:.4}&lng={lng:.4}&limit=20"));
        battery_open
            .push(format!("/api/v1/recycling/points?lat={lat:.4}&lng={lng:.4}&material=batteries&open_now=true"));
    }
    let words = [
        "%E6%97%A7%E7%94%B5%E6%B1%A0",
        "microwve",
        "%E5%BF%AB%E9%80%92%E7%BA%B8%E7%AE%B1",
        "sofa",
        "%E5%85%85%E7%94%B5",
    ];
    let lookups: Vec<String> = (0..200)
        .map(|i| format!("/api/v1/recycling/lookup?q={}&lat=31.2&lng=121.45", words[i % words.len()]))
        .collect();
    let lookups_no_position: Vec<String> =
        (0..200).map(|i| format!("/api/v1/recycling/lookup?q={}", words[i % words.len()])).collect();
    time(&router, "nearest 20 points (20 km box)", &near).await;
    time(&router, "nearest open points taking batteries", &battery_open).await;
    time(&router, "what goes where + nearest points", &lookups).await;
    time(&router, "what goes where, table only", &lookups_no_position).await;
    let _ = std::fs::remove_dir_all(&dir);
}

fn tempfile_dir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("linli-recycling-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}
