//! The same corpus and the same queries on SQLite (FTS5) and PostgreSQL (GIN word vectors) give
//! the same results in the same order, for every sort and across pages. Runs when
//! `LINLI_TEST_POSTGRES` names a PostgreSQL server (`cargo xtask test` does).

mod common;

use linli_contract::listing::{Category, Condition, ListingInput, Offer, SearchQuery, Sort};
use linli_server::db::{communities, listings, photos, users, Db};

const CORPUS: &[(&str, &str)] = &[
    ("海尔双门冰箱", "九成新，搬家出"),
    ("冰红茶一箱", "没开封"),
    ("小米蓝牙音箱", "音质很好 小米"),
    ("蓝牙音箱 小米", "白色"),
    ("九成新iPhone13 128G", "电池健康 90%"),
    ("iPhone 12 手机", "换 自行车"),
    ("Grey sofa, IKEA", "Three seats, some wear"),
    ("Grey sofas x2", "沙发两张"),
    ("宜家沙发", "灰色 sofa bed"),
    ("Sofa bed", "folds out"),
    ("儿童自行车", "16寸 bike"),
    ("Bike helmet", "儿童 自行车 头盔"),
    ("冰箱贴", "旅游纪念品"),
    ("双门冰柜", "商用"),
    ("Books: Harry Potter 1-7", "英文原版 books"),
    ("哈利波特 全集", "中文版"),
    ("MacBook Air 2020", "M1 8G 256G"),
    ("macbook charger", "原装 充电器"),
    ("婴儿推车", "可折叠 stroller"),
    ("Stroller, foldable", "婴儿 推车"),
    ("电视机 55寸", "小米电视"),
    ("TV stand", "电视柜 宜家"),
    ("羽毛球拍", "尤尼克斯 badminton"),
    ("Badminton rackets", "一对"),
];

const QUERIES: &[&str] = &[
    "冰箱",
    "箱",
    "双门冰箱",
    "冰柜",
    "音箱 小米",
    "蓝牙音箱小米",
    "iphone",
    "iPhone13",
    "13",
    "九成新 128g",
    "sofa",
    "Sof",
    "grey sofa",
    "sofa bed",
    "沙发",
    "自行车",
    "bike",
    "books",
    "mac",
    "128g",
    "婴儿",
    "stroller",
    "电视",
    "宜家",
    "b",
    "小",
    "nothing-matches-this",
    "!!!",
];

async fn corpus_db(url: &str) -> Db {
    let db = Db::connect(url).await.unwrap();
    let c = linli_contract::community::Community {
        id: 0,
        slug: "sh".into(),
        name: linli_contract::community::Localized { zh: "田林".into(), en: "Tianlin".into() },
        city: linli_contract::community::Localized { zh: "城".into(), en: "City".into() },
        district: linli_contract::community::Localized { zh: "区".into(), en: "District".into() },
        lat: 31.17,
        lng: 121.42,
    };
    let community = communities::insert(&db, &c).await.unwrap();
    let contact = linli_contract::validate::contact("seller@example.com").unwrap();
    let seller = users::insert(&db, users::NewUser { display_name: "Seller", contact: &contact, password_hash: "x" })
        .await
        .unwrap();
    for (i, (title, description)) in CORPUS.iter().enumerate() {
        let key = format!("k{i}");
        photos::insert(&db, &key, seller, 10, 10).await.unwrap();
        let input = ListingInput {
            title: title.to_string(),
            description: description.to_string(),
            category: Category::Other,
            condition: Condition::Used,
            offer: Offer::Sell { price_fen: 100 * (1 + (i as i64 * 7) % 5) },
            community_id: community,
            pickup_note: String::new(),
            photos: vec![key],
        };
        listings::insert(&db, seller, &input, Some(1_700_000_000 + i as i64)).await.unwrap();
    }
    db
}

/// Every page of a search, as titles.
async fn all_pages(db: &Db, q: &str, sort: Sort) -> Vec<String> {
    let mut titles = Vec::new();
    let mut cursor = None;
    loop {
        let query = SearchQuery { q: Some(q.into()), sort: Some(sort), limit: Some(3), cursor, ..Default::default() };
        let page = listings::search(db, &query).await.unwrap();
        titles.extend(page.items.into_iter().map(|c| c.title));
        match page.next_cursor {
            Some(c) => cursor = Some(c),
            None => return titles,
        }
    }
}

#[tokio::test]
async fn the_same_queries_find_the_same_listings_in_the_same_order_on_both_databases() {
    let Some(server) = common::postgres_server() else {
        eprintln!("LINLI_TEST_POSTGRES is not set: search parity skipped");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let sqlite = corpus_db(&format!("sqlite://{}?mode=rwc", dir.path().join("s.db").display())).await;
    let postgres = corpus_db(&common::create_postgres_database(&server).await).await;
    let mut found = 0;
    for q in QUERIES {
        for sort in [Sort::BestMatch, Sort::Newest, Sort::PriceAsc, Sort::PriceDesc] {
            let (s, p) = (all_pages(&sqlite, q, sort).await, all_pages(&postgres, q, sort).await);
            assert_eq!(s, p, "query {q:?}, {sort:?}: SQLite left, PostgreSQL right");
            found += s.len();
        }
    }
    assert!(found > 100, "the corpus and queries find things ({found})");
}
