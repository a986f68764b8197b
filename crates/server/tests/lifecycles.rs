//! The lifecycles against the contract's transition tables: every (situation, action, actor)
//! of a trade answered as the table says, moderator hiding as an overlay on the sale, the
//! hand-over deadline, reads that never write, and random sequences of moves by everyone with
//! the invariants checked after each step.

mod common;

use axum::http::{Method, StatusCode};
use common::TestApp;
use linli_contract::lifecycle::decide;
use linli_contract::trade::limits::{HANDOVER_GRACE_SECS, HANDOVER_SECS, REQUEST_TTL_SECS};
use linli_contract::trade::{Side, TradeAction};
use serde_json::{json, Value};

async fn request(app: &TestApp, buyer: &str, listing: i64) -> i64 {
    let res = app.post(&format!("/api/v1/listings/{listing}/trades"), Some(buyer), json!({})).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    res.body["id"].as_i64().unwrap()
}

async fn act(app: &TestApp, who: &str, trade: i64, action: TradeAction) -> common::Answer {
    let path = |p: &str| format!("/api/v1/trades/{trade}/{p}");
    match action {
        TradeAction::Accept => app.call(Method::POST, &path("accept"), Some(who), None).await,
        TradeAction::Decline => app.call(Method::POST, &path("decline"), Some(who), None).await,
        TradeAction::Confirm => app.call(Method::POST, &path("confirm"), Some(who), None).await,
        TradeAction::Cancel => app.post(&path("cancel"), Some(who), json!({"reason": "有事去不了"})).await,
        TradeAction::Rate => app.post(&path("rating"), Some(who), json!({"stars": 5})).await,
        TradeAction::Message => app.post(&path("messages"), Some(who), json!({"body": "你好"})).await,
        TradeAction::Dispute => {
            app.post(&path("disputes"), Some(who), json!({"reason": "no_show", "description": "没来"})).await
        }
    }
}

/// Where a trade is put before the move under test.
#[derive(Debug, Clone, Copy)]
enum Situation {
    Requested,
    RequestExpired,
    Accepted,
    BuyerConfirmed,
    BuyerConfirmedOverdue,
    Lapsed,
    Completed,
    RatedByBuyer,
    RatingClosed,
    Declined,
    Cancelled,
    /// Accepted, then the buyer opened a dispute.
    Disputed,
    /// Completed, and the dispute window closed.
    DisputeWindowClosed,
}

struct People {
    seller: String,
    buyer: String,
    stranger: String,
}

async fn situate(app: &TestApp, p: &People, s: Situation) -> i64 {
    use Situation::*;
    let listing = app.listing(&p.seller, "台灯", "", 30).await;
    let t = request(app, &p.buyer, listing).await;
    let step = |who: &str, a| {
        let who = who.to_string();
        async move {
            let res = act(app, &who, t, a).await;
            assert!(res.status.is_success(), "{a:?}: {}", res.text);
        }
    };
    match s {
        Requested => {}
        RequestExpired => app.clock.advance(REQUEST_TTL_SECS),
        Declined => step(&p.seller, TradeAction::Decline).await,
        Cancelled => step(&p.buyer, TradeAction::Cancel).await,
        _ => step(&p.seller, TradeAction::Accept).await,
    }
    match s {
        BuyerConfirmed | BuyerConfirmedOverdue | Completed | RatedByBuyer | RatingClosed | DisputeWindowClosed => {
            step(&p.buyer, TradeAction::Confirm).await
        }
        Lapsed => app.clock.advance(HANDOVER_SECS + HANDOVER_GRACE_SECS),
        _ => {}
    }
    match s {
        BuyerConfirmedOverdue => app.clock.advance(HANDOVER_SECS),
        Completed | RatedByBuyer | RatingClosed | DisputeWindowClosed => step(&p.seller, TradeAction::Confirm).await,
        _ => {}
    }
    match s {
        RatedByBuyer => step(&p.buyer, TradeAction::Rate).await,
        RatingClosed => app.clock.advance(14 * 86_400),
        DisputeWindowClosed => app.clock.advance(linli_contract::trade::limits::DISPUTE_WINDOW_SECS),
        Disputed => step(&p.buyer, TradeAction::Dispute).await,
        _ => {}
    }
    t
}

async fn facts(app: &TestApp, trade: i64) -> linli_contract::trade::TradeFacts {
    linli_server::db::trades::find(&app.db, trade, 0).await.unwrap().unwrap().facts()
}

/// The stored row, to prove a refused move changed nothing.
async fn stored(app: &TestApp, trade: i64) -> (String, Option<i64>, Option<i64>, i64) {
    sqlx::query_as(
        "SELECT state, buyer_confirmed_at, seller_confirmed_at, \
        (SELECT COUNT(*) FROM ratings WHERE trade_id = $1) FROM trades WHERE id = $1",
    )
    .bind(trade)
    .fetch_one(app.db.pool())
    .await
    .unwrap()
}

#[tokio::test]
async fn every_situation_action_and_actor_is_answered_as_the_table_says() {
    use Situation::*;
    let situations = [
        Requested,
        RequestExpired,
        Accepted,
        BuyerConfirmed,
        BuyerConfirmedOverdue,
        Lapsed,
        Completed,
        RatedByBuyer,
        RatingClosed,
        Declined,
        Cancelled,
        Disputed,
        DisputeWindowClosed,
    ];
    let actions = [
        TradeAction::Accept,
        TradeAction::Decline,
        TradeAction::Confirm,
        TradeAction::Rate,
        TradeAction::Cancel,
        TradeAction::Message,
        TradeAction::Dispute,
    ];
    let mut checked = 0;
    for situation in situations {
        // A fresh app per situation: its clock moves only for this one.
        let (app, _) = TestApp::with_moderator().await;
        let people = People {
            seller: app.register("Seller", "s@example.com").await.1,
            buyer: app.register("Buyer", "b@example.com").await.1,
            stranger: app.register("Stranger", "x@example.com").await.1,
        };
        let shared = situate(&app, &people, situation).await;
        for action in actions {
            for (who, side) in
                [(&people.seller, Some(Side::Seller)), (&people.buyer, Some(Side::Buyer)), (&people.stranger, None)]
            {
                let now = app.clock.now();
                let f = facts(&app, shared).await;
                let expected = side.map(|s| decide(&f, &[s], action, now));
                // An allowed move changes the trade: try it on a trade of its own.
                let trade =
                    if matches!(expected, Some(Ok(_))) { situate(&app, &people, situation).await } else { shared };
                let before = stored(&app, trade).await;
                let view = if side.is_some() {
                    app.get(&format!("/api/v1/trades/{trade}"), Some(who)).await.body
                } else {
                    Value::Null
                };
                let res = act(&app, who, trade, action).await;
                let offered = view["actions"].as_array().is_some_and(|a| a.contains(&json!(action)));
                match expected {
                    None => assert_eq!(res.status, StatusCode::NOT_FOUND, "{situation:?} {action:?} by a stranger"),
                    Some(Ok(_)) => {
                        assert!(res.status.is_success(), "{situation:?} {action:?} by {side:?}: {}", res.text);
                        assert!(offered, "{situation:?}: {action:?} allowed but not offered to {side:?}");
                    }
                    Some(Err(code)) => {
                        assert_eq!(
                            (res.status.as_u16(), res.code()),
                            (code.status(), serde_json::to_value(code).unwrap().as_str().unwrap()),
                            "{situation:?} {action:?} by {side:?}"
                        );
                        assert!(!offered, "{situation:?}: {action:?} refused but offered to {side:?}");
                        assert_eq!(stored(&app, trade).await, before, "a refused move changes nothing");
                    }
                }
                checked += 1;
            }
        }
    }
    assert_eq!(checked, 13 * 7 * 3);
}

#[tokio::test]
async fn a_hidden_listing_stays_hidden_whatever_its_trades_do_and_is_sold_once() {
    let (app, moderator) = TestApp::with_moderator().await;
    let (_, seller) = app.register("Seller", "s@example.com").await;
    let (_, buyer) = app.register("Buyer", "b@example.com").await;
    let (_, other) = app.register("Other", "o@example.com").await;
    let listing = app.listing(&seller, "咖啡机", "", 200).await;
    let path = format!("/api/v1/listings/{listing}");
    let trade = request(&app, &buyer, listing).await;
    act(&app, &seller, trade, TradeAction::Accept).await;

    // Reserved, hidden, restored: still reserved, and its owner cannot edit what was agreed.
    let hide = app
        .post(&format!("/api/v1/admin/listings/{listing}/hide"), Some(&moderator), json!({"reason": "核实中"}))
        .await;
    assert_eq!(hide.body["status"], "reserved", "{}", hide.text);
    let unhide =
        app.call(Method::POST, &format!("/api/v1/admin/listings/{listing}/unhide"), Some(&moderator), None).await;
    assert_eq!((unhide.body["status"].as_str(), unhide.body["hidden"].as_bool()), (Some("reserved"), Some(false)));
    let owner_view = app.get(&path, Some(&seller)).await;
    assert_eq!(owner_view.body["actions"], json!([]), "no edit, no withdraw while reserved");
    let key = app.photo(&seller).await;
    let edit =
        app.call(Method::PUT, &path, Some(&seller), Some(common::listing_json("咖啡机", "", 99_999, &[key]))).await;
    assert_eq!((edit.status, edit.code()), (StatusCode::CONFLICT, "listing_not_editable"));
    assert_eq!(app.get(&path, Some(&seller)).await.body["offer"]["price_fen"], 20_000);

    // Hidden again, the trade completes: sold, and still hidden.
    app.post(&format!("/api/v1/admin/listings/{listing}/hide"), Some(&moderator), json!({"reason": "核实中"})).await;
    act(&app, &buyer, trade, TradeAction::Confirm).await;
    assert_eq!(act(&app, &seller, trade, TradeAction::Confirm).await.body["state"], "completed");
    assert_eq!(app.get(&path, Some(&other)).await.status, StatusCode::NOT_FOUND, "completing does not un-hide");
    let own = app.get(&path, Some(&seller)).await;
    assert_eq!((own.body["status"].as_str(), own.body["hidden"].as_bool()), (Some("sold"), Some(true)));

    // Restored, it is sold: it cannot be re-listed, requested or sold a second time.
    app.call(Method::POST, &format!("/api/v1/admin/listings/{listing}/unhide"), Some(&moderator), None).await;
    let relist = app.call(Method::POST, &format!("{path}/relist"), Some(&seller), None).await;
    assert_eq!(relist.status, StatusCode::CONFLICT);
    let again = app.post(&format!("{path}/trades"), Some(&other), json!({})).await;
    assert_eq!((again.status, again.code()), (StatusCode::CONFLICT, "listing_not_available"));
    let sales: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM trades WHERE listing_id = $1 AND state = 'completed'")
        .bind(listing)
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    assert_eq!(sales, 1);
}

#[tokio::test]
async fn after_the_hand_over_deadline_either_side_can_leave_and_the_sweep_frees_the_listing() {
    let (app, _) = TestApp::with_moderator().await;
    let (_, seller) = app.register("Seller", "s@example.com").await;
    let (_, buyer) = app.register("Buyer", "b@example.com").await;
    let listing = app.listing(&seller, "婴儿床", "", 300).await;
    let trade = request(&app, &buyer, listing).await;
    let accepted = act(&app, &seller, trade, TradeAction::Accept).await;
    let due = accepted.body["handover_due_at"].as_i64().unwrap();
    assert_eq!(due, app.clock.now() + HANDOVER_SECS, "the deadline is shown to both");
    act(&app, &buyer, trade, TradeAction::Confirm).await;
    // The buyer confirmed and then stops answering: the seller cannot leave before the deadline…
    let early = act(&app, &seller, trade, TradeAction::Cancel).await;
    assert_eq!((early.status, early.code()), (StatusCode::CONFLICT, "handover_started"));
    app.clock.advance(HANDOVER_SECS);
    // …and can after it.
    let view = app.get(&format!("/api/v1/trades/{trade}"), Some(&seller)).await;
    assert!(view.body["actions"].as_array().unwrap().contains(&json!("cancel")));
    assert_eq!(act(&app, &seller, trade, TradeAction::Cancel).await.body["state"], "cancelled");
    assert_eq!(app.get(&format!("/api/v1/listings/{listing}"), None).await.body["status"], "active");

    // A trade neither side finishes nor cancels lapses; reading it does not write, the sweep does.
    let second = request(&app, &buyer, listing).await;
    act(&app, &seller, second, TradeAction::Accept).await;
    app.clock.advance(HANDOVER_SECS + HANDOVER_GRACE_SECS);
    assert_eq!(app.get(&format!("/api/v1/trades/{second}"), Some(&buyer)).await.body["state"], "expired");
    assert_eq!(stored(&app, second).await.0, "accepted", "a GET never writes");
    app.sweep().await;
    assert_eq!(stored(&app, second).await.0, "expired");
    assert_eq!(app.get(&format!("/api/v1/listings/{listing}"), None).await.body["status"], "active");
}

/// A small deterministic generator (xorshift), so a failing sequence can be replayed by seed.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

#[tokio::test]
async fn random_moves_by_everyone_keep_the_invariants() {
    for seed in [7_u64, 1234, 98_765] {
        let mut rng = Rng(seed);
        let (app, moderator) = TestApp::with_moderator().await;
        let (_, seller) = app.register("Seller", "s@example.com").await;
        let (_, b1) = app.register("Buyer one", "b1@example.com").await;
        let (_, b2) = app.register("Buyer two", "b2@example.com").await;
        let (_, stranger) = app.register("Stranger", "x@example.com").await;
        let listing = app.listing(&seller, "自行车", "", 150).await;
        let path = format!("/api/v1/listings/{listing}");
        let people = [&seller, &b1, &b2, &stranger];
        let mut trades: Vec<i64> = Vec::new();
        for step in 0..60 {
            let ctx = format!("seed {seed} step {step}");
            match rng.below(6) {
                // A buyer asks (may be refused: hidden, sold, withdrawn, already asked).
                0 => {
                    let who = [&b1, &b2][rng.below(2)];
                    let res = app.post(&format!("{path}/trades"), Some(who), json!({})).await;
                    assert!(res.status.as_u16() < 500, "{ctx}: {}", res.text);
                    if res.status == StatusCode::CREATED {
                        trades.push(res.body["id"].as_i64().unwrap());
                    }
                }
                // Someone takes an action the server offers them on a trade: it must succeed.
                1 | 2 if !trades.is_empty() => {
                    let trade = trades[rng.below(trades.len())];
                    let who = people[rng.below(people.len())];
                    let view = app.get(&format!("/api/v1/trades/{trade}"), Some(who)).await;
                    if let Some(offered) = view.body["actions"].as_array().filter(|a| !a.is_empty()) {
                        let action: TradeAction =
                            serde_json::from_value(offered[rng.below(offered.len())].clone()).unwrap();
                        let res = act(&app, who, trade, action).await;
                        assert!(res.status.is_success(), "{ctx}: offered {action:?} refused: {}", res.text);
                    } else {
                        // Anything not offered is refused.
                        let action = [TradeAction::Accept, TradeAction::Confirm, TradeAction::Cancel][rng.below(3)];
                        let res = act(&app, who, trade, action).await;
                        assert!(res.status.is_client_error(), "{ctx}: {action:?} not offered but {}", res.status);
                    }
                }
                // The moderator hides or restores.
                3 => {
                    let which = if rng.below(2) == 0 { "hide" } else { "unhide" };
                    let res = app
                        .post(
                            &format!("/api/v1/admin/listings/{listing}/{which}"),
                            Some(&moderator),
                            json!({"reason": "检查"}),
                        )
                        .await;
                    assert!(res.status.as_u16() < 500, "{ctx}");
                }
                // The owner tries whatever their listing page offers, or edits the price.
                4 => {
                    let view = app.get(&path, Some(&seller)).await;
                    let offered: Vec<String> = serde_json::from_value(view.body["actions"].clone()).unwrap();
                    let key = app.photo(&seller).await;
                    let edit = app
                        .call(
                            Method::PUT,
                            &path,
                            Some(&seller),
                            Some(common::listing_json("自行车", "", 1 + step as i64, &[key])),
                        )
                        .await;
                    assert_eq!(edit.status.is_success(), offered.contains(&"edit".to_string()), "{ctx}: {}", edit.text);
                    for (a, url) in [("withdraw", "withdraw"), ("relist", "relist")] {
                        if offered.contains(&a.to_string()) && rng.below(2) == 0 {
                            let res = app.call(Method::POST, &format!("{path}/{url}"), Some(&seller), None).await;
                            assert!(res.status.is_success(), "{ctx}: offered {a} refused");
                            break;
                        }
                    }
                }
                // Time passes; sometimes the sweep runs.
                _ => {
                    app.clock.advance([3600, 86_400, 4 * 86_400][rng.below(3)]);
                    if rng.below(2) == 0 {
                        app.sweep().await;
                    }
                }
            }
            // Invariants.
            let (completed, holders): (i64, i64) = sqlx::query_as(
                "SELECT (SELECT COUNT(*) FROM trades WHERE listing_id = $1 AND state = 'completed'), \
                 (SELECT COUNT(*) FROM trades WHERE listing_id = $1 AND state = 'accepted')",
            )
            .bind(listing)
            .fetch_one(app.db.pool())
            .await
            .unwrap();
            assert!(
                completed <= 1 && holders <= 1 && completed + holders <= 1,
                "{ctx}: {completed} sold, {holders} holding"
            );
            let own = app.get(&path, Some(&seller)).await.body;
            let hidden = own["hidden"].as_bool().unwrap();
            let seen = app.get(&path, Some(&stranger)).await;
            assert_eq!(seen.status == StatusCode::NOT_FOUND, hidden, "{ctx}: hidden listings are 404 to others");
            let expected_status = if completed == 1 {
                Some("sold")
            } else if holders == 1 {
                Some("reserved")
            } else {
                None
            };
            if let Some(s) = expected_status {
                assert_eq!(own["status"].as_str(), Some(s), "{ctx}: the status follows the trades");
                assert!(
                    !own["actions"].as_array().unwrap().contains(&json!("edit")),
                    "{ctx}: held listings are not editable"
                );
            }
        }
    }
}
