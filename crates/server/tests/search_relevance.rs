//! Search relevance: realistic queries (Chinese, English, mixed, typos, partial words,
//! synonyms, across languages) over a test corpus of a few hundred listings in every category
//! (`tests/data/search-corpus.tsv`, not the demo seed), each query with the listings a searcher
//! means (`tests/data/search-queries.tsv`). Recall@5 — of the meant listings (at most five), how
//! many are among the first five results — averaged over the queries, must stay above a floor,
//! on SQLite and (when `LINLI_TEST_POSTGRES` names a server) PostgreSQL, with the same results.

mod common;

use linli_contract::listing::{Category, Condition, ListingInput, Offer, SearchQuery, Sort};
use linli_server::db::{communities, listings, photos, users, Db};
use std::collections::HashMap;

/// The floor, just under what the search achieves (printed by the test).
const FLOOR: f64 = 0.95;

const CORPUS: &str = include_str!("data/search-corpus.tsv");
const QUERIES: &str = include_str!("data/search-queries.tsv");

fn rows(text: &str) -> impl Iterator<Item = Vec<&str>> {
    text.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()).map(|l| l.split('\t').collect())
}

/// A database with the corpus; the listing id of each corpus key.
async fn corpus_db(url: &str) -> (Db, HashMap<i64, String>) {
    let db = Db::connect(url).await.unwrap();
    let c = linli_contract::community::Community {
        id: 0,
        slug: "tl".into(),
        name: linli_contract::community::Localized { zh: "田林".into(), en: "Tianlin".into() },
        city: linli_contract::community::Localized { zh: "上海".into(), en: "Shanghai".into() },
        district: linli_contract::community::Localized { zh: "徐汇".into(), en: "Xuhui".into() },
        lat: 31.17,
        lng: 121.42,
    };
    let community = communities::insert(&db, &c).await.unwrap();
    let contact = linli_contract::validate::contact("seller@example.com").unwrap();
    let seller = users::insert(&db, users::NewUser { display_name: "Seller", contact: &contact, password_hash: "x" })
        .await
        .unwrap();
    let mut keys = HashMap::new();
    for (i, row) in rows(CORPUS).enumerate() {
        let [key, category, title, description] = row[..] else { panic!("bad corpus row {row:?}") };
        let photo = format!("p{i}");
        photos::insert(&db, &photo, seller, 10, 10).await.unwrap();
        let input = ListingInput {
            title: title.to_string(),
            description: description.to_string(),
            category: serde_json::from_value::<Category>(serde_json::json!(category)).unwrap(),
            condition: Condition::Used,
            offer: Offer::Sell { price_fen: 1000 + 100 * i as i64 },
            community_id: community,
            pickup_note: String::new(),
            photos: vec![photo],
        };
        let id = listings::insert(&db, seller, &input, Some(1_700_000_000 + i as i64)).await.unwrap();
        keys.insert(id, key.to_string());
    }
    (db, keys)
}

/// Recall@5 over every query, and the first five keys each query found.
async fn recall(db: &Db, keys: &HashMap<i64, String>) -> (f64, Vec<(String, Vec<String>, f64)>) {
    let mut total = 0.0;
    let mut per_query = Vec::new();
    for row in rows(QUERIES) {
        let [query, meant] = row[..] else { panic!("bad query row {row:?}") };
        let meant: Vec<&str> = meant.split(',').collect();
        let q =
            SearchQuery { q: Some(query.into()), sort: Some(Sort::BestMatch), limit: Some(5), ..Default::default() };
        let page = listings::search(db, &q).await.unwrap();
        let found: Vec<String> = page.items.iter().map(|c| keys[&c.id].clone()).collect();
        let hits = meant.iter().filter(|k| found.iter().any(|f| f == *k)).count();
        let r = hits as f64 / meant.len().min(5) as f64;
        total += r;
        per_query.push((query.to_string(), found, r));
    }
    (total / per_query.len() as f64, per_query)
}

fn report(name: &str, recall: f64, per_query: &[(String, Vec<String>, f64)]) {
    for (q, found, r) in per_query.iter().filter(|(_, _, r)| *r < 1.0) {
        eprintln!("{name}: {q:?} recall {r:.2}, found {found:?}");
    }
    println!("search recall@5 ({name}, {} queries): {recall:.3}", per_query.len());
}

#[tokio::test]
async fn recall_at_5_stays_above_the_floor_on_both_databases() {
    assert!(rows(QUERIES).count() >= 150, "at least 150 queries");
    assert!(rows(CORPUS).count() >= 200, "a few hundred listings");
    let dir = tempfile::tempdir().unwrap();
    let (sqlite, keys) = corpus_db(&format!("sqlite://{}?mode=rwc", dir.path().join("r.db").display())).await;
    let (r, per_query) = recall(&sqlite, &keys).await;
    report("sqlite", r, &per_query);
    assert!(r >= FLOOR, "recall@5 on SQLite {r:.3} is below {FLOOR}");
    let Some(server) = common::postgres_server() else {
        eprintln!("LINLI_TEST_POSTGRES is not set: the PostgreSQL half of the relevance test is skipped");
        return;
    };
    let (postgres, pg_keys) = corpus_db(&common::create_postgres_database(&server).await).await;
    let (pr, pg_per_query) = recall(&postgres, &pg_keys).await;
    report("postgres", pr, &pg_per_query);
    for ((q, s, _), (_, p, _)) in per_query.iter().zip(&pg_per_query) {
        assert_eq!(s, p, "query {q:?}: SQLite left, PostgreSQL right");
    }
    assert!(pr >= FLOOR, "recall@5 on PostgreSQL {pr:.3} is below {FLOOR}");
}
