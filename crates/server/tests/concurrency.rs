//! The guarantees that must hold with real concurrent connections (and, on PostgreSQL, under
//! READ COMMITTED with several servers): simultaneous ratings are revealed, two moderators
//! revoking each other do not both succeed, two first sign-ups make one moderator, and a due
//! sweep item is handled by exactly one of several servers.

mod common;

use axum::http::{Method, StatusCode};
use common::TestApp;
use linli_server::db::{Backend, Db};

// kept_write_connection_only: the cut-off tests below are about SQLite's connection kept for
// writes. On PostgreSQL, cutting a write off while sqlx is mid-query once left its pooled
// connection holding the write's locks past the 30 s request timeout (1 run in 3); that is
// sqlx's cancellation of a PostgreSQL query, not this code, and is open.
use serde_json::json;
use std::sync::Arc;

async fn completed_trade(app: &TestApp, seller: &str, buyer: &str, title: &str) -> i64 {
    let listing = app.listing(seller, title, "", 50).await;
    let res = app.post(&format!("/api/v1/listings/{listing}/trades"), Some(buyer), json!({})).await;
    let trade = res.body["id"].as_i64().expect("a trade");
    for (who, action) in [(seller, "accept"), (buyer, "confirm"), (seller, "confirm")] {
        let res = app.call(Method::POST, &format!("/api/v1/trades/{trade}/{action}"), Some(who), None).await;
        assert_eq!(res.status, StatusCode::OK, "{action}: {}", res.text);
    }
    trade
}

async fn rate(app: &TestApp, who: &str, trade: i64) -> StatusCode {
    app.post(&format!("/api/v1/trades/{trade}/rating"), Some(who), json!({"stars": 4, "tags": [], "comment": ""}))
        .await
        .status
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn both_parties_rating_at_the_same_moment_reveals_both() {
    let (app, _) = TestApp::with_moderator().await;
    let app = Arc::new(app);
    let (_, seller) = app.register("Seller", "s@example.com").await;
    let (_, buyer) = app.register("Buyer", "b@example.com").await;
    for round in 0..8 {
        let trade = completed_trade(&app, &seller, &buyer, &format!("Lamp {round}")).await;
        let (a, b) = tokio::join!(
            tokio::spawn({
                let (app, who) = (app.clone(), seller.clone());
                async move { rate(&app, &who, trade).await }
            }),
            tokio::spawn({
                let (app, who) = (app.clone(), buyer.clone());
                async move { rate(&app, &who, trade).await }
            })
        );
        assert_eq!((a.unwrap(), b.unwrap()), (StatusCode::OK, StatusCode::OK));
        let hidden: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM ratings WHERE trade_id = $1 AND visible_at IS NULL")
            .bind(trade)
            .fetch_one(app.db.pool())
            .await
            .unwrap();
        assert_eq!(hidden, 0, "round {round}: both rated, so both are visible");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_moderators_revoking_each_other_at_once_do_not_both_succeed() {
    for round in 0..5 {
        let (app, first) = TestApp::with_moderator().await;
        let app = Arc::new(app);
        let first_id = app.get("/api/v1/me", Some(&first)).await.body["id"].as_i64().unwrap();
        let (second_id, second) = app.register("Second", "second@example.com").await;
        let res = app
            .call(Method::PUT, &format!("/api/v1/admin/users/{second_id}/roles/moderator"), Some(&first), None)
            .await;
        assert_eq!(res.status, StatusCode::OK);
        let revoke = |who: String, target: i64| {
            let app = app.clone();
            tokio::spawn(async move {
                app.call(Method::DELETE, &format!("/api/v1/admin/users/{target}/roles/moderator"), Some(&who), None)
                    .await
                    .status
            })
        };
        let (a, b) = tokio::join!(revoke(first.clone(), second_id), revoke(second.clone(), first_id));
        let ok = [a.unwrap(), b.unwrap()].iter().filter(|s| **s == StatusCode::OK).count();
        let moderators: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM user_roles WHERE role = 'moderator'")
            .fetch_one(app.db.pool())
            .await
            .unwrap();
        assert!(ok <= 1, "round {round}: both revocations succeeded");
        assert!(moderators >= 1, "round {round}: no moderator left");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_sign_ups_with_the_set_up_code_at_once_make_exactly_one_moderator() {
    for round in 0..5 {
        let app = Arc::new(TestApp::new().await);
        let code = linli_server::setup::issue_if_needed(&app.db).await.unwrap().expect("a fresh install has a code");
        let sign_up = |name: &'static str, contact: &'static str| {
            let (app, code) = (app.clone(), code.clone());
            tokio::spawn(async move {
                let body =
                    json!({"display_name": name, "contact": contact, "password": common::PASSWORD, "setup_code": code});
                app.post("/api/v1/auth/register", None, body).await.status
            })
        };
        let (a, b) = tokio::join!(sign_up("Ada", "ada@example.com"), sign_up("Bo", "bo@example.com"));
        let (a, b) = (a.unwrap(), b.unwrap());
        assert!(a.is_client_error() || a == StatusCode::CREATED, "round {round}: {a}");
        assert!(b.is_client_error() || b == StatusCode::CREATED, "round {round}: {b}");
        let moderators: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM user_roles WHERE role = 'moderator'")
            .fetch_one(app.db.pool())
            .await
            .unwrap();
        assert_eq!(moderators, 1, "round {round}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_due_rating_is_revealed_by_exactly_one_of_several_servers() {
    let (app, _) = TestApp::with_moderator().await;
    let (_, seller) = app.register("Seller", "s@example.com").await;
    let mut buyers = Vec::new();
    for i in 0..6 {
        buyers.push(app.register(&format!("Buyer {i}"), &format!("b{i}@example.com")).await);
    }
    for (i, (_, buyer)) in buyers.iter().enumerate() {
        let trade = completed_trade(&app, &seller, buyer, &format!("Book {i}")).await;
        assert_eq!(rate(&app, &seller, trade).await, StatusCode::OK);
    }
    // Every lone rating's window closed.
    app.clock.advance(15 * 86_400);
    let now = app.clock.now();
    // Three "servers": separate connection pools on one database, sweeping at once.
    let mut servers = vec![app.db.clone()];
    for _ in 0..2 {
        servers.push(Db::connect(&app.url).await.unwrap());
    }
    let sweeps: Vec<_> = servers
        .iter()
        .flat_map(|db| (0..3).map(move |_| db.clone()))
        .map(|db| tokio::spawn(async move { linli_server::db::ratings::reveal_due(&db, now).await.unwrap() }))
        .collect();
    let mut revealed: Vec<i64> = Vec::new();
    for sweep in sweeps {
        revealed.extend(sweep.await.unwrap());
    }
    revealed.sort();
    let mut expected: Vec<i64> = buyers.iter().map(|(id, _)| *id).collect();
    expected.sort();
    assert_eq!(revealed, expected, "each due rating revealed once, by one sweep");
}

#[tokio::test]
async fn one_server_sweeps_at_a_time() {
    use linli_server::db::locks::{self, Lock};
    let app = TestApp::new().await;
    let other = Db::connect(&app.url).await.unwrap();
    let held = locks::try_hold(&app.db, Lock::Sweep).await.unwrap().expect("the lock is free");
    let swept = linli_server::sweep::run_once(&other, app.clock.now()).await.unwrap();
    // PostgreSQL: another server is sweeping, so this one skips. SQLite: one server per file.
    assert_eq!(swept, common::backend_name() == "sqlite");
    locks::release(held).await;
    assert!(linli_server::sweep::run_once(&other, app.clock.now()).await.unwrap(), "free again after release");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn simultaneous_writes_from_many_residents_all_succeed() {
    // SQLite once answered "database is locked" (a 500) when a transaction that had read first
    // tried to write while another writer went ahead.
    let app = Arc::new(TestApp::new().await);
    let mut sellers = Vec::new();
    for i in 0..16 {
        let (_, token) = app.register(&format!("Seller {i}"), &format!("s{i}@example.com")).await;
        let photo = app.photo(&token).await;
        sellers.push((token, photo));
    }
    let creates: Vec<_> = sellers
        .into_iter()
        .enumerate()
        .map(|(i, (token, photo))| {
            let app = app.clone();
            tokio::spawn(async move {
                let body = common::listing_json(&format!("Lamp {i}"), "", 30, &[photo]);
                app.post("/api/v1/listings", Some(&token), body).await
            })
        })
        .collect();
    for create in creates {
        let res = create.await.unwrap();
        assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    }
}

/// A listing write stopped at any point (its request dropped while the database works) leaves
/// all of it or nothing, and the writes after it go on: on SQLite its transaction is on a
/// connection sqlx does not know is inside one, which must not go on being used half-way.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_listing_write_cut_off_at_any_point_leaves_all_or_nothing() {
    let app = TestApp::new().await;
    if app.db.backend() == Backend::Postgres {
        return; // the pool's transaction, sqlx's own; see `kept_write_connection_only`
    }
    let (seller_id, token) = app.register("Seller", "seller@example.com").await;
    let mut cut_off = 0;
    for step in 0..30 {
        let key = app.photo(&token).await;
        let input: linli_contract::listing::ListingInput =
            serde_json::from_value(common::listing_json(&format!("Lamp {step}"), "", 30, std::slice::from_ref(&key)))
                .unwrap();
        let write = linli_server::db::listings::insert(&app.db, seller_id, &input, None);
        // Cut off after a different number of the scheduler's turns each time.
        let cut = async {
            for _ in 0..step {
                tokio::task::yield_now().await;
            }
        };
        tokio::select! {
            biased;
            done = write => { done.unwrap(); }
            _ = cut => cut_off += 1,
        }
    }
    assert!(cut_off > 0, "some writes were cut off");
    // Every listing has its photo and every attached photo its listing.
    let pairs: Vec<(i64, Option<i64>)> = sqlx::query_as(
        "SELECT l.id, p.listing_id FROM listings l LEFT JOIN photos p ON p.listing_id = l.id WHERE l.seller_id = $1",
    )
    .bind(seller_id)
    .fetch_all(app.db.pool())
    .await
    .unwrap();
    assert!(pairs.iter().all(|(id, photo)| *photo == Some(*id)), "{pairs:?}");
    let attached: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM photos WHERE owner_id = $1 AND listing_id IS NOT NULL")
            .bind(seller_id)
            .fetch_one(app.db.pool())
            .await
            .unwrap();
    assert_eq!(attached, pairs.len() as i64);
    // The next write and a read after it see a database nobody holds.
    let key = app.photo(&token).await;
    let res = app.post("/api/v1/listings", Some(&token), common::listing_json("After", "", 5, &[key])).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    let mine = app.get("/api/v1/me/listings", Some(&token)).await;
    assert_eq!(mine.body.as_array().unwrap().len(), pairs.len() + 1, "{}", mine.text);
}

/// A write transaction ended by neither commit nor rollback (an error returned early, its
/// request dropped at any point) leaves nothing, and the next write begins at once: on SQLite
/// it is rolled back on the connection kept for writes before the next writer's turn.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_write_transaction_dropped_at_any_point_leaves_nothing_and_the_next_goes_on() {
    let app = TestApp::new().await;
    if app.db.backend() == Backend::Postgres {
        return; // the pool's transaction, sqlx's own; see `kept_write_connection_only`
    }
    let (id, _) = app.register("Seller", "seller@example.com").await;
    let rename = |name: String| {
        let db = app.db.clone();
        async move {
            let mut tx = db.begin().await.unwrap();
            sqlx::query("UPDATE users SET display_name = $1 WHERE id = $2")
                .bind(&name)
                .bind(id)
                .execute(&mut *tx)
                .await
                .unwrap();
            name
        }
    };
    // Dropped once its statement ran, and cut off after 0..19 of the scheduler's turns.
    for step in 0..20 {
        let cut = async {
            for _ in 0..step {
                tokio::task::yield_now().await;
            }
        };
        tokio::select! {
            biased;
            _ = rename(format!("Dropped {step}")) => {}
            _ = cut => {}
        }
    }
    let name: String = sqlx::query_scalar("SELECT display_name FROM users WHERE id = $1")
        .bind(id)
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    assert_eq!(name, "Seller");
    // The next transaction is not kept waiting (the turn's wait is bounded at 10 s) and commits.
    let mut tx = tokio::time::timeout(std::time::Duration::from_secs(5), app.db.begin()).await.unwrap().unwrap();
    sqlx::query("UPDATE users SET display_name = 'Kept' WHERE id = $1").bind(id).execute(&mut *tx).await.unwrap();
    tx.commit().await.unwrap();
    let name: String = sqlx::query_scalar("SELECT display_name FROM users WHERE id = $1")
        .bind(id)
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    assert_eq!(name, "Kept");
}
