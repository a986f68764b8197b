//! `cargo xtask bench`'s markets figure: the Markets tab's list (`GET /api/v1/markets`, with a
//! position) through the real router, p50/p95, on SQLite with 1,000 markets (weekly, two
//! months of dates each) and 100,000 bookings.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use linli_contract::market::{MarketInput, Recurrence, Schedule, Weekday};
use linli_server::db::{markets, now, users, Db};
use linli_server::media::Media;
use linli_server::{app, calendar, AppState, Config};
use std::time::Instant;
use tower::ServiceExt;

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let n_markets: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(1_000);
    let n_bookings: usize = std::env::args().nth(2).and_then(|a| a.parse().ok()).unwrap_or(100_000);
    let dir = tempfile_dir()?;
    let db = Db::connect(&format!("sqlite://{}?mode=rwc", dir.join("markets.db").display())).await?;
    let t = Instant::now();
    let start = now();
    let tz = calendar::zone("Asia/Shanghai").map_err(|e| format!("{e:?}"))?;
    let today = calendar::local_day(tz, start);
    let contact = linli_contract::validate::contact("organiser@example.com").expect("valid");
    let organiser =
        users::insert(&db, users::NewUser { display_name: "Organiser", contact: &contact, password_hash: "x" }).await?;
    let residents: Vec<i64> = {
        let mut tx = db.begin().await?;
        let mut ids = Vec::new();
        for i in 0..400 {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO users (display_name, name_key, contact, password_hash, created_at) \
                 VALUES ($1, $1, $2, 'x', $3) RETURNING id",
            )
            .bind(format!("r{i}"))
            .bind(format!("r{i}@example.com"))
            .bind(start)
            .fetch_one(&mut *tx)
            .await?;
            ids.push(id);
        }
        tx.commit().await?;
        ids
    };
    let mut dates: Vec<(i64, String)> = Vec::new();
    for i in 0..n_markets {
        let first = today + chrono::Duration::days(1 + (i % 7) as i64);
        let input = MarketInput {
            name: format!("市集 {i}"),
            description: String::new(),
            venue_name: format!("广场 {i}"),
            venue_address: String::new(),
            lat: 30.0 + (i % 100) as f64 * 0.05,
            lng: 116.0 + (i / 100) as f64 * 0.5,
            schedule: Schedule {
                recurrence: Recurrence::Weekly { weekdays: vec![Weekday::ALL[i % 7]], every_weeks: 1 },
                first_date: calendar::ymd(first),
                last_date: calendar::ymd(first + chrono::Duration::days(62)),
                start_time: "09:00".into(),
                end_time: "12:00".into(),
                time_zone: String::new(),
            },
            stalls: 20,
            categories: Vec::new(),
            rules: String::new(),
            contact: String::new(),
            from_date: String::new(),
        };
        let (text, rows) = calendar::new_dates(&input.schedule, None).map_err(|e| format!("{e:?}"))?;
        let id = markets::create(&db, start, organiser, &input, &text, &rows).await?;
        dates.extend(rows.into_iter().map(|r| (id, r.date)));
    }
    // Bookings spread over the dates: the first 20 of a date hold stalls, the rest wait.
    let mut tx = db.begin().await?;
    for k in 0..n_bookings {
        let (market, date) = &dates[k % dates.len()];
        let nth = k / dates.len();
        let state = if nth < 20 { "booked" } else { "waitlisted" };
        sqlx::query(
            "INSERT INTO market_bookings (market_id, date, user_id, state, position, brings, checkin_code, \
             created_at, updated_at) VALUES ($1, $2, $3, $4, $5, 'books', '000000', $6, $6)",
        )
        .bind(market)
        .bind(date)
        .bind(residents[nth % residents.len()])
        .bind(state)
        .bind(nth as i64 + 1)
        .bind(start)
        .execute(&mut *tx)
        .await?;
    }
    sqlx::query(
        "UPDATE market_dates SET \
         booked = (SELECT COUNT(*) FROM market_bookings b WHERE b.market_id = market_dates.market_id \
                   AND b.date = market_dates.date AND b.state = 'booked'), \
         waitlisted = (SELECT COUNT(*) FROM market_bookings b WHERE b.market_id = market_dates.market_id \
                   AND b.date = market_dates.date AND b.state = 'waitlisted'), \
         waitlist_seq = (SELECT COUNT(*) FROM market_bookings b WHERE b.market_id = market_dates.market_id \
                   AND b.date = market_dates.date)",
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    eprintln!(
        "  generated {n_markets} markets, {} dates, {n_bookings} bookings in {:.1} s",
        dates.len(),
        t.elapsed().as_secs_f64()
    );

    let media = Media::new(dir.join("media"))?;
    let router = app(AppState::new(db.clone(), Config::default(), media));
    let mut times = Vec::new();
    for i in 0..200 {
        let uri =
            if i % 2 == 0 { "/api/v1/markets?lat=31.2&lng=121.4".to_string() } else { "/api/v1/markets".to_string() };
        let t = Instant::now();
        let res = router.clone().oneshot(Request::get(&uri).body(Body::empty())?).await?;
        let status = res.status();
        let body = res.into_body().collect().await?.to_bytes();
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        if status != StatusCode::OK {
            return Err(format!("{uri}: {status}").into());
        }
        if i == 0 {
            eprintln!("  one answer: {} KB", body.len() / 1024);
        }
    }
    times.sort_by(|a, b| a.total_cmp(b));
    println!(
        "markets list ({n_markets} markets, {n_bookings} bookings, SQLite): p50 {:.1} ms, p95 {:.1} ms",
        percentile(&times, 0.5),
        percentile(&times, 0.95)
    );
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

fn tempfile_dir() -> std::io::Result<std::path::PathBuf> {
    let dir = std::env::temp_dir().join(format!("linli-bench-markets-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}
