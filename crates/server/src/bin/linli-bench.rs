//! `linli-bench [N] [DATABASE_URL]`: search and feed latency at scale, through the real router
//! (`cargo xtask bench` runs it in release mode on SQLite and on a throw-away PostgreSQL).
//! Generates N listings once (into a SQLite file kept between runs, or into the given empty
//! database), then times typical queries and prints p50 / p95 / max per query.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use linli_contract::community::{Community, Localized};
use linli_contract::listing::{Category, Condition, ListingInput, Offer};
use linli_server::db::{communities, listings, now, photos, users, Db};
use linli_server::media::Media;
use linli_server::{app, AppState, Config};
use std::path::PathBuf;
use std::time::Instant;
use tower::ServiceExt;

/// Bump when the generated data changes, so old files are not reused.
const DATA_VERSION: u32 = 2;

const GOODS_ZH: &[&str] = &[
    "冰箱",
    "洗衣机",
    "电饭煲",
    "微波炉",
    "空调",
    "电风扇",
    "笔记本电脑",
    "显示器",
    "耳机",
    "手机",
    "平板",
    "沙发",
    "书桌",
    "椅子",
    "衣柜",
    "台灯",
    "羽绒服",
    "运动鞋",
    "书包",
    "绘本",
    "教辅",
    "小说",
    "婴儿车",
    "儿童床",
    "积木",
    "自行车",
    "滑板车",
    "瑜伽垫",
    "哑铃",
    "帐篷",
    "行李箱",
    "收纳箱",
    "绿萝",
    "花盆",
    "餐桌",
    "电热水壶",
    "豆浆机",
];
const BRANDS: &[&str] =
    &["海尔", "美的", "格力", "小米", "华为", "联想", "宜家", "优衣库", "好孩子", "捷安特", "九阳", "苏泊尔"];
const ADJ_ZH: &[&str] =
    &["九成新", "双门", "大容量", "便携", "实木", "加厚", "儿童", "全新", "二手", "闲置", "折叠", "迷你"];
const GOODS_EN: &[&str] =
    &["sofa", "fridge", "laptop", "bike", "desk", "chair", "lamp", "stroller", "tent", "kettle", "monitor", "books"];
const PHRASES: &[&str] = &[
    "用了两年，功能正常",
    "搬家出，需自提",
    "有轻微划痕",
    "配件齐全",
    "孩子大了用不上",
    "买来没怎么用",
    "可小刀",
    "周末可看货",
    "works perfectly",
    "moving out soon",
    "minor scratches",
    "pick up only",
];

/// A small deterministic generator (no dependency, same data every run).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn pick<'a>(&mut self, items: &'a [&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
}

fn listing(rng: &mut Lcg, photo: &str, community_id: i64) -> ListingInput {
    let title = if rng.next().is_multiple_of(10) {
        format!("{} {}", rng.pick(&["Grey", "Small", "Used", "IKEA", "Kids"]), rng.pick(GOODS_EN))
    } else {
        format!("{}{}{}", rng.pick(BRANDS), rng.pick(ADJ_ZH), rng.pick(GOODS_ZH))
    };
    let description = format!("{}，{}。{}", rng.pick(PHRASES), rng.pick(PHRASES), rng.pick(GOODS_ZH));
    let offer = match rng.next() % 10 {
        0 => Offer::GiveAway,
        1 => Offer::Swap { swap_for: rng.pick(GOODS_ZH).to_string() },
        _ => Offer::Sell { price_fen: ((rng.next() % 3000) as i64 + 1) * 100 },
    };
    ListingInput {
        title,
        description,
        category: Category::ALL[(rng.next() % Category::ALL.len() as u64) as usize],
        condition: Condition::ALL[(rng.next() % Condition::ALL.len() as u64) as usize],
        offer,
        community_id,
        pickup_note: String::new(),
        photos: vec![photo.to_string()],
    }
}

async fn generate(db: &Db, n: usize) -> Result<(), Box<dyn std::error::Error>> {
    let mut community_ids = Vec::new();
    for i in 0..20 {
        let loc = |s: String| Localized { zh: s.clone(), en: s };
        let c = Community {
            id: 0,
            slug: format!("c{i}"),
            name: loc(format!("社区{i}")),
            city: loc("上海".into()),
            district: loc("区".into()),
            lat: 31.0 + i as f64 * 0.05,
            lng: 121.0 + i as f64 * 0.03,
        };
        community_ids.push(communities::insert(db, &c).await?);
    }
    let contact = linli_contract::validate::contact("bench@example.com").expect("valid");
    let seller =
        users::insert(db, users::NewUser { display_name: "Bench", contact: &contact, password_hash: "x" }).await?;
    let mut rng = Lcg(42);
    let start = now() - n as i64 * 30;
    for i in 0..n {
        let key = linli_server::media::new_key();
        photos::insert(db, &key, seller, 800, 600).await?;
        let input = listing(&mut rng, &key, community_ids[i % community_ids.len()]);
        listings::insert(db, seller, &input, Some(start + i as i64 * 30)).await?;
        if i % 10_000 == 0 {
            eprintln!("  generated {i} / {n}");
        }
    }
    Ok(())
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let n: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(100_000);
    let dir = PathBuf::from(std::env::var("LINLI_BENCH_DIR").unwrap_or_else(|_| "target/bench-data".into()));
    std::fs::create_dir_all(&dir)?;
    let url = std::env::args().nth(2).unwrap_or_else(|| {
        format!("sqlite://{}?mode=rwc", dir.join(format!("search-{n}-v{DATA_VERSION}.db")).display())
    });
    let db = Db::connect(&url).await?;
    let media = Media::new(dir.join("media"))?;
    if listings::search(&db, &Default::default()).await?.items.is_empty() {
        eprintln!("generating {n} listings (once)…");
        let t = Instant::now();
        generate(&db, n).await?;
        eprintln!("  done in {:.1} s", t.elapsed().as_secs_f64());
    }
    let router = app(AppState::new(db.clone(), Config::default(), media));

    let queries: &[(&str, &str)] = &[
        ("feed, newest", ""),
        ("keyword 冰箱 (2 chars, common)", "q=%E5%86%B0%E7%AE%B1"),
        ("keyword 双门冰箱 (phrase)", "q=%E5%8F%8C%E9%97%A8%E5%86%B0%E7%AE%B1"),
        ("keyword 海尔 冰箱 (two words)", "q=%E6%B5%B7%E5%B0%94+%E5%86%B0%E7%AE%B1"),
        ("keyword sofa (English prefix)", "q=sofa"),
        ("keyword, no match", "q=%E6%81%90%E9%BE%99"),
        ("keyword + newest sort", "q=%E6%B2%99%E5%8F%91&sort=newest"),
        ("filter category", "category=furniture"),
        ("filter category + condition + mode", "category=books&condition=used&mode=sell"),
        ("filter price range", "min_price_fen=10000&max_price_fen=20000"),
        ("filter community", "community_id=7"),
        ("sort price ascending", "sort=price_asc"),
        ("sort nearest", "sort=nearest&lat=31.2&lng=121.3"),
        ("keyword 冰箱 + price ascending", "q=%E5%86%B0%E7%AE%B1&sort=price_asc"),
        ("keyword 冰箱 + nearest", "q=%E5%86%B0%E7%AE%B1&sort=nearest&lat=31.2&lng=121.3"),
        ("keyword + category + price", "q=%E6%A1%8C&category=furniture&max_price_fen=50000"),
        ("keyword fridge (finds 冰箱: translation)", "q=fridge"),
        ("keyword laptob (typo of laptop)", "q=laptob"),
        ("keyword 婴儿车 (synonyms, partial words)", "q=%E5%A9%B4%E5%84%BF%E8%BD%A6"),
        (
            "keyword 九成新 海尔 冰箱 (three words)",
            "q=%E4%B9%9D%E6%88%90%E6%96%B0+%E6%B5%B7%E5%B0%94+%E5%86%B0%E7%AE%B1",
        ),
    ];
    const RUNS: usize = 200;
    let backend = db.backend().name();
    println!("\nsearch at {n} listings ({backend}, through the router, {RUNS} runs each, after 20 warm-up runs)");
    println!("{:<40} {:>9} {:>9} {:>9} {:>6}", "query", "p50 ms", "p95 ms", "max ms", "items");
    let mut worst_p95: f64 = 0.0;
    for (name, qs) in queries {
        let uri = format!("/api/v1/listings?{qs}");
        let mut times = Vec::with_capacity(RUNS);
        let mut items = 0;
        for i in 0..RUNS + 20 {
            let t = Instant::now();
            let res = router.clone().oneshot(Request::get(&uri).body(Body::empty())?).await?;
            let status = res.status();
            let body = res.into_body().collect().await?.to_bytes();
            let elapsed = t.elapsed().as_secs_f64() * 1000.0;
            if status != StatusCode::OK {
                return Err(format!("{uri}: {status} {}", String::from_utf8_lossy(&body)).into());
            }
            if i >= 20 {
                times.push(elapsed);
            }
            if i == 0 {
                let page: serde_json::Value = serde_json::from_slice(&body)?;
                items = page["items"].as_array().map(Vec::len).unwrap_or(0);
            }
        }
        times.sort_by(|a, b| a.total_cmp(b));
        let p95 = percentile(&times, 0.95);
        worst_p95 = worst_p95.max(p95);
        println!("{name:<40} {:>9.2} {:>9.2} {:>9.2} {items:>6}", percentile(&times, 0.5), p95, times[times.len() - 1]);
    }
    let verdict = if worst_p95 <= 20.0 { "within" } else { "OVER" };
    println!("worst p95 on {backend}: {worst_p95:.2} ms (budget 20 ms): {verdict}");
    Ok(())
}
