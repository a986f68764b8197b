//! Disputes against the contract's table: who may open one on which trade (and when), every
//! (state, action, role) of the dispute table answered as the table says, the answer deadline
//! with the injectable clock, decisions moving the trade and the listing, the loser's credit,
//! the audit entry, and the append-only audit log in the database itself.

mod common;

use axum::http::StatusCode;
use common::TestApp;
use linli_contract::dispute::{DisputeAction, DisputeFacts, DisputeRole, DisputeState, ANSWER_SECS};
use linli_contract::lifecycle::decide;
use linli_contract::trade::limits::DISPUTE_WINDOW_SECS;
use serde_json::{json, Value};

struct Trade {
    app: TestApp,
    moderator: String,
    seller: String,
    buyer: String,
    stranger: String,
    seller_id: i64,
    buyer_id: i64,
    listing: i64,
    trade: i64,
}

/// A listing requested and accepted; `complete` also confirms the hand-over on both sides.
async fn trade(complete: bool) -> Trade {
    let (app, moderator) = TestApp::with_moderator().await;
    let (seller_id, seller) = app.register("Seller", "s@example.com").await;
    let (buyer_id, buyer) = app.register("Buyer", "b@example.com").await;
    let (_, stranger) = app.register("Stranger", "x@example.com").await;
    let listing = app.listing(&seller, "电饭煲", "九成新", 80).await;
    let res = app.post(&format!("/api/v1/listings/{listing}/trades"), Some(&buyer), json!({})).await;
    let trade = res.body["id"].as_i64().unwrap();
    let mut steps = vec![(&seller, "accept")];
    if complete {
        steps.extend([(&buyer, "confirm"), (&seller, "confirm")]);
    }
    for (who, step) in steps {
        let res = app.post(&format!("/api/v1/trades/{trade}/{step}"), Some(who), json!({})).await;
        assert!(res.status.is_success(), "{step}: {}", res.text);
    }
    Trade { app, moderator, seller, buyer, stranger, seller_id, buyer_id, listing, trade }
}

async fn open(t: &Trade, who: &str, photos: Vec<String>) -> common::Answer {
    t.app
        .post(
            &format!("/api/v1/trades/{}/disputes", t.trade),
            Some(who),
            json!({"reason": "not_as_described", "description": "内胆有划痕，和描述不符", "photos": photos}),
        )
        .await
}

async fn trade_state(t: &Trade, who: &str) -> Value {
    t.app.get(&format!("/api/v1/trades/{}", t.trade), Some(who)).await.body
}

async fn listing_status(t: &Trade) -> String {
    sqlx::query_scalar("SELECT status FROM listings WHERE id = $1")
        .bind(t.listing)
        .fetch_one(t.app.db.pool())
        .await
        .unwrap()
}

#[tokio::test]
async fn a_party_opens_one_dispute_with_photos_which_freezes_the_trade() {
    let t = trade(false).await;
    let photo = t.app.photo(&t.buyer).await;
    // Outsiders: 404, nothing changed.
    let res = open(&t, &t.stranger, vec![]).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    let res = open(&t, &t.buyer, vec![photo.clone()]).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    let id = res.body["id"].as_i64().unwrap();
    assert_eq!(res.body["state"], "awaiting_answer");
    assert_eq!(res.body["my_role"], "filer");
    assert_eq!(res.body["filer_side"], "buyer");
    assert_eq!(res.body["posts"][0]["kind"], "filing");
    assert_eq!(res.body["posts"][0]["photos"][0]["key"], photo.as_str());
    assert_eq!(res.body["answer_due_at"].as_i64().unwrap(), t.app.clock.now() + ANSWER_SECS);

    // The trade is frozen: only messages; it names its dispute.
    let view = trade_state(&t, &t.seller).await;
    assert_eq!(view["state"], "disputed");
    assert_eq!(view["actions"], json!(["message"]));
    assert_eq!(view["dispute_id"], id);
    for step in ["confirm", "cancel"] {
        let res = t
            .app
            .post(&format!("/api/v1/trades/{}/{step}", t.trade), Some(&t.seller), json!({"reason": "不卖了"}))
            .await;
        assert_eq!(res.status, StatusCode::CONFLICT, "{step} on a disputed trade: {}", res.text);
    }
    // The other side is told (badge).
    let unread = t.app.get("/api/v1/me/unread", Some(&t.seller)).await;
    assert_eq!(unread.body["actions"], 1, "{}", unread.text);

    // A second dispute by either side is refused.
    for who in [&t.buyer, &t.seller] {
        let res = open(&t, who, vec![]).await;
        assert_eq!((res.status, res.code()), (StatusCode::CONFLICT, "dispute_open"), "{}", res.text);
    }
    // A photo is used once.
    let res = t.app.get(&format!("/api/v1/disputes/{id}"), Some(&t.stranger)).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND, "outsiders cannot see it");
    let res = t
        .app
        .post(&format!("/api/v1/disputes/{id}/answer"), Some(&t.seller), json!({"body": "没有划痕", "photos": [photo]}))
        .await;
    assert_eq!((res.status.as_u16(), res.field()), (422, "photos"), "{}", res.text);
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM disputes").fetch_one(t.app.db.pool()).await.unwrap();
    assert_eq!(count, 1);
}

#[tokio::test]
async fn disputes_open_on_accepted_or_recently_completed_trades_only() {
    // Requested: not yet.
    let (app, _) = TestApp::with_moderator().await;
    let (_, seller) = app.register("Seller", "s@example.com").await;
    let (_, buyer) = app.register("Buyer", "b@example.com").await;
    let listing = app.listing(&seller, "书架", "", 50).await;
    let requested = app.post(&format!("/api/v1/listings/{listing}/trades"), Some(&buyer), json!({})).await.body["id"]
        .as_i64()
        .unwrap();
    let res = app
        .post(
            &format!("/api/v1/trades/{requested}/disputes"),
            Some(&buyer),
            json!({"reason": "other", "description": "x"}),
        )
        .await;
    assert_eq!((res.status, res.code()), (StatusCode::CONFLICT, "trade_state_invalid"));

    // Completed: within 7 days yes, after no.
    let t = trade(true).await;
    t.app.clock.advance(DISPUTE_WINDOW_SECS);
    let res = open(&t, &t.buyer, vec![]).await;
    assert_eq!((res.status, res.code()), (StatusCode::CONFLICT, "dispute_window_closed"), "{}", res.text);
    assert_eq!(trade_state(&t, &t.buyer).await["state"], "completed");
    let t = trade(true).await;
    t.app.clock.advance(DISPUTE_WINDOW_SECS - 1);
    let res = open(&t, &t.seller, vec![]).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    assert_eq!(trade_state(&t, &t.buyer).await["actions"], json!(["message"]), "no rating while disputed");
}

/// The dispute's own table, route by route: for each situation, each action by each role is
/// answered as `decide` says, and refused moves change nothing.
#[tokio::test]
async fn every_dispute_state_action_and_role_is_answered_as_the_table_says() {
    #[derive(Debug, Clone, Copy)]
    enum Situation {
        Awaiting,
        Answered,
        Overdue,
        Decided,
    }
    let mut checked = 0;
    for situation in [Situation::Awaiting, Situation::Answered, Situation::Overdue, Situation::Decided] {
        for action in [DisputeAction::Answer, DisputeAction::Message, DisputeAction::Decide] {
            for role in [Some(DisputeRole::Filer), Some(DisputeRole::Respondent), Some(DisputeRole::Moderator), None] {
                let t = trade(false).await;
                let id = open(&t, &t.buyer, vec![]).await.body["id"].as_i64().unwrap();
                let path = |p: &str| format!("/api/v1/disputes/{id}/{p}");
                match situation {
                    Situation::Awaiting => {}
                    Situation::Answered => {
                        let r = t.app.post(&path("answer"), Some(&t.seller), json!({"body": "已当面验货"})).await;
                        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
                    }
                    Situation::Overdue => t.app.clock.advance(ANSWER_SECS),
                    Situation::Decided => {
                        t.app.clock.advance(ANSWER_SECS);
                        let r = t
                            .app
                            .post(
                                &format!("/api/v1/moderation/disputes/{id}/decide"),
                                Some(&t.moderator),
                                json!({"outcome": "dismissed", "reason": "证据不足，驳回"}),
                            )
                            .await;
                        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
                    }
                }
                let row = linli_server::db::disputes::find(&t.app.db, id).await.unwrap().unwrap();
                let facts: DisputeFacts = row.facts();
                let now = t.app.clock.now();
                let who = match role {
                    Some(DisputeRole::Filer) => &t.buyer,
                    Some(DisputeRole::Respondent) => &t.seller,
                    Some(DisputeRole::Moderator) => &t.moderator,
                    None => &t.stranger,
                };
                let before: (String, i64) = sqlx::query_as(
                    "SELECT state, (SELECT COUNT(*) FROM dispute_posts WHERE dispute_id = $1) FROM disputes WHERE id = $1",
                )
                .bind(id)
                .fetch_one(t.app.db.pool())
                .await
                .unwrap();
                let res = match action {
                    DisputeAction::Answer => t.app.post(&path("answer"), Some(who), json!({"body": "我的说明"})).await,
                    DisputeAction::Message => t.app.post(&path("messages"), Some(who), json!({"body": "补充"})).await,
                    DisputeAction::Decide => {
                        t.app
                            .post(
                                &format!("/api/v1/moderation/disputes/{id}/decide"),
                                Some(who),
                                json!({"outcome": "favour_buyer", "reason": "卖家未按描述发货"}),
                            )
                            .await
                    }
                };
                let expected = role.map(|r| decide(&facts, &[r], action, now));
                match expected {
                    // A moderation route answers 403 to non-moderators before looking; the
                    // parties' routes answer 404 to outsiders.
                    None if action == DisputeAction::Decide => assert_eq!(res.status, StatusCode::FORBIDDEN),
                    None => assert_eq!(res.status, StatusCode::NOT_FOUND, "{situation:?} {action:?} by a stranger"),
                    Some(Ok(mv)) => {
                        assert!(res.status.is_success(), "{situation:?} {action:?} by {role:?}: {}", res.text);
                        assert_eq!(res.body["state"], mv.to.key(), "{situation:?} {action:?}");
                    }
                    Some(Err(code)) => {
                        let status = if action == DisputeAction::Decide && role != Some(DisputeRole::Moderator) {
                            403
                        } else {
                            code.status()
                        };
                        assert_eq!(res.status.as_u16(), status, "{situation:?} {action:?} by {role:?}: {}", res.text);
                        let after: (String, i64) = sqlx::query_as(
                            "SELECT state, (SELECT COUNT(*) FROM dispute_posts WHERE dispute_id = $1) FROM disputes WHERE id = $1",
                        )
                        .bind(id)
                        .fetch_one(t.app.db.pool())
                        .await
                        .unwrap();
                        assert_eq!(after, before, "a refused move changes nothing");
                    }
                }
                checked += 1;
            }
        }
    }
    assert_eq!(checked, 4 * 3 * 4);
}

#[tokio::test]
async fn the_answer_deadline_comes_from_the_clock() {
    let t = trade(false).await;
    let id = open(&t, &t.buyer, vec![]).await.body["id"].as_i64().unwrap();
    let decide_path = format!("/api/v1/moderation/disputes/{id}/decide");
    let body = json!({"outcome": "favour_seller", "reason": "买家证据不足"});
    let res = t.app.post(&decide_path, Some(&t.moderator), body.clone()).await;
    assert_eq!((res.status, res.code()), (StatusCode::CONFLICT, "dispute_state_invalid"), "not before the deadline");
    let queue = t.app.get("/api/v1/moderation/disputes", Some(&t.moderator)).await;
    assert_eq!(queue.body[0]["state"], "awaiting_answer");
    assert_eq!(queue.body[0]["decidable"], false);

    t.app.clock.advance(ANSWER_SECS - 1);
    let view = t.app.get(&format!("/api/v1/disputes/{id}"), Some(&t.seller)).await;
    assert_eq!(view.body["state"], "awaiting_answer");
    assert_eq!(view.body["actions"], json!(["answer", "message"]));
    t.app.clock.advance(1);
    let view = t.app.get(&format!("/api/v1/disputes/{id}"), Some(&t.seller)).await;
    assert_eq!(view.body["state"], "overdue", "derived at read");
    assert_eq!(view.body["actions"], json!(["message"]));
    let stored: String = sqlx::query_scalar("SELECT state FROM disputes WHERE id = $1")
        .bind(id)
        .fetch_one(t.app.db.pool())
        .await
        .unwrap();
    assert_eq!(stored, "awaiting_answer", "reads never write");
    let res =
        t.app.post(&format!("/api/v1/disputes/{id}/answer"), Some(&t.seller), json!({"body": "迟到的回应"})).await;
    assert_eq!(res.code(), "dispute_state_invalid");
    let queue = t.app.get("/api/v1/moderation/disputes", Some(&t.moderator)).await;
    assert_eq!((queue.body[0]["state"].clone(), queue.body[0]["decidable"].clone()), (json!("overdue"), json!(true)));

    // Decided without the answer: for the seller, the trade completes.
    let res = t.app.post(&decide_path, Some(&t.moderator), body.clone()).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert_eq!(res.body["decision"]["outcome"], "favour_seller");
    assert_eq!(trade_state(&t, &t.buyer).await["state"], "completed");
    assert_eq!(listing_status(&t).await, "sold");
    // Deciding a closed dispute: refused, nothing changed.
    let res =
        t.app.post(&decide_path, Some(&t.moderator), json!({"outcome": "favour_buyer", "reason": "改判一下"})).await;
    assert_eq!((res.status, res.code()), (StatusCode::CONFLICT, "dispute_state_invalid"));
    assert_eq!(trade_state(&t, &t.buyer).await["state"], "completed");
    let queue = t.app.get("/api/v1/moderation/disputes", Some(&t.moderator)).await;
    assert_eq!(queue.body, json!([]), "decided disputes leave the queue");
}

async fn level_and_score(t: &Trade, user: i64) -> (String, f64) {
    let p = t.app.get(&format!("/api/v1/users/{user}"), None).await;
    (p.body["credit"]["level"].as_str().unwrap().to_string(), p.body["credit"]["score"].as_f64().unwrap())
}

#[tokio::test]
async fn deciding_for_the_buyer_cancels_returns_the_listing_and_penalises_the_seller() {
    let t = trade(false).await;
    let id = open(&t, &t.buyer, vec![]).await.body["id"].as_i64().unwrap();
    t.app.post(&format!("/api/v1/disputes/{id}/answer"), Some(&t.seller), json!({"body": "东西没问题"})).await;
    // Both parties' trade lists mark the trade as in dispute; nobody else's does.
    for who in [&t.buyer, &t.seller] {
        let mine = t.app.get("/api/v1/me/trades", Some(who)).await;
        assert_eq!(mine.body[0]["dispute"], json!({"id": id, "decided": false}), "{}", mine.text);
    }
    let theirs = t.app.get("/api/v1/me/trades", Some(&t.stranger)).await;
    assert_eq!(theirs.body, json!([]));
    let (_, seller_before) = level_and_score(&t, t.seller_id).await;
    let (_, buyer_before) = level_and_score(&t, t.buyer_id).await;
    let res = t
        .app
        .post(
            &format!("/api/v1/moderation/disputes/{id}/decide"),
            Some(&t.moderator),
            json!({"outcome": "favour_buyer", "reason": "照片显示内胆损坏，与描述不符"}),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    // Both see the decision with its reason.
    for who in [&t.buyer, &t.seller] {
        let v = t.app.get(&format!("/api/v1/disputes/{id}"), Some(who)).await;
        assert_eq!(v.body["state"], "decided");
        assert_eq!(v.body["decision"]["reason"], "照片显示内胆损坏，与描述不符");
    }
    assert_eq!(trade_state(&t, &t.buyer).await["state"], "cancelled");
    for who in [&t.buyer, &t.seller] {
        let mine = t.app.get("/api/v1/me/trades", Some(who)).await;
        assert_eq!(mine.body[0]["dispute"], json!({"id": id, "decided": true, "outcome": "favour_buyer"}));
    }
    assert_eq!(listing_status(&t).await, "active", "the listing is its owner's again");
    let (_, seller_after) = level_and_score(&t, t.seller_id).await;
    let (_, buyer_after) = level_and_score(&t, t.buyer_id).await;
    assert!(
        (seller_before - seller_after - linli_contract::credit::DISPUTE_PENALTY).abs() < 0.5,
        "{seller_before} -> {seller_after}"
    );
    assert!((buyer_before - buyer_after).abs() < 0.01, "the winner is not penalised");
    let profile = t.app.get(&format!("/api/v1/users/{}", t.seller_id), None).await;
    assert!(profile.text.contains("disputes_lost"), "{}", profile.text);

    // The audit log has the decision.
    let log = t.app.get("/api/v1/moderation/audit?target_kind=dispute", Some(&t.moderator)).await;
    assert_eq!(log.body[0]["action"], "decide_dispute", "{}", log.text);
    assert_eq!(log.body[0]["fact"], json!({"kind": "decided", "outcome": "favour_buyer"}), "{}", log.text);
    // Found by the outcome's name in either language.
    for q in ["%E6%94%AF%E6%8C%81%E4%B9%B0%E6%96%B9", "for%20the%20buyer"] {
        let found = t.app.get(&format!("/api/v1/moderation/audit?q={q}"), Some(&t.moderator)).await;
        let actions: Vec<&str> = found.body.as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
        assert_eq!(actions, ["decide_dispute"], "{q}: {}", found.text);
    }
}

#[tokio::test]
async fn completed_trades_decided_for_the_buyer_return_the_item_and_dismissed_penalises_nobody() {
    let t = trade(true).await;
    let id = open(&t, &t.buyer, vec![]).await.body["id"].as_i64().unwrap();
    t.app.clock.advance(ANSWER_SECS);
    let res = t
        .app
        .post(
            &format!("/api/v1/moderation/disputes/{id}/decide"),
            Some(&t.moderator),
            json!({"outcome": "favour_buyer", "reason": "卖家逾期未回应"}),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert_eq!(trade_state(&t, &t.buyer).await["state"], "cancelled");
    assert_eq!(listing_status(&t).await, "withdrawn");

    let t = trade(true).await;
    let id = open(&t, &t.seller, vec![]).await.body["id"].as_i64().unwrap();
    t.app.post(&format!("/api/v1/disputes/{id}/answer"), Some(&t.buyer), json!({"body": "我已付款"})).await;
    let before = (level_and_score(&t, t.seller_id).await, level_and_score(&t, t.buyer_id).await);
    let res = t
        .app
        .post(
            &format!("/api/v1/moderation/disputes/{id}/decide"),
            Some(&t.moderator),
            json!({"outcome": "dismissed", "reason": "双方说法一致，无需处理"}),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert_eq!(trade_state(&t, &t.buyer).await["state"], "completed", "dismissed: the trade is as it was");
    assert_eq!(listing_status(&t).await, "sold");
    let after = (level_and_score(&t, t.seller_id).await, level_and_score(&t, t.buyer_id).await);
    assert_eq!(before, after, "a dismissed dispute penalises nobody");
    let lost: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM disputes WHERE loser_id IS NOT NULL")
        .fetch_one(t.app.db.pool())
        .await
        .unwrap();
    assert_eq!(lost, 0);
    // Rating is possible again once the dispute is closed.
    assert!(trade_state(&t, &t.buyer).await["actions"].as_array().unwrap().contains(&json!("rate")));
    // The decision is final: neither side can file about this trade again.
    for who in [&t.buyer, &t.seller] {
        assert!(!trade_state(&t, who).await["actions"].as_array().unwrap().contains(&json!("dispute")));
        let res = open(&t, who, vec![]).await;
        assert_eq!((res.status, res.code()), (StatusCode::CONFLICT, "dispute_decided"), "{}", res.text);
    }
    assert_eq!(trade_state(&t, &t.buyer).await["state"], "completed", "the refusal changed nothing");
}

#[tokio::test]
async fn the_audit_log_refuses_updates_and_deletes_in_the_database() {
    let (app, _) = TestApp::with_moderator().await;
    sqlx::query("INSERT INTO audit_log (actor_id, action, target_kind, target_id, detail, at) VALUES (NULL, 'x', 'user', 1, 'd', 1)")
        .execute(app.db.pool())
        .await
        .unwrap();
    let update = sqlx::query("UPDATE audit_log SET detail = 'changed'").execute(app.db.pool()).await;
    assert!(update.is_err(), "UPDATE must fail on {}", common::backend_name());
    let delete = sqlx::query("DELETE FROM audit_log").execute(app.db.pool()).await;
    assert!(delete.is_err(), "DELETE must fail on {}", common::backend_name());
    let rows: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE detail = 'd'").fetch_one(app.db.pool()).await.unwrap();
    assert_eq!(rows, 1);
}

#[tokio::test]
async fn the_table_and_the_queue_agree_on_states() {
    // The stored states are the table's, never the derived one.
    let d = DisputeFacts { stored: DisputeState::AwaitingAnswer, answer_due_at: 10 };
    assert_eq!(
        linli_contract::lifecycle::from_states::<DisputeFacts>(DisputeAction::Decide),
        [DisputeState::Answered, DisputeState::Overdue]
    );
    assert!(d.is_open());
}

#[tokio::test]
async fn a_trade_completed_by_a_decision_credits_impact_by_the_same_rule() {
    // The pair already has the most credited trades the impact rule allows.
    let t = trade(true).await;
    let mut held = 0;
    for (i, title) in ["台灯", "书架"].into_iter().enumerate() {
        let listing = t.app.listing(&t.seller, title, "", 10).await;
        let res = t.app.post(&format!("/api/v1/listings/{listing}/trades"), Some(&t.buyer), json!({})).await;
        held = res.body["id"].as_i64().unwrap();
        let steps: &[(&str, &str)] = if i == 0 {
            &[(&t.seller, "accept"), (&t.buyer, "confirm"), (&t.seller, "confirm")]
        } else {
            &[(&t.seller, "accept")]
        };
        for (who, what) in steps {
            let res = t.app.post(&format!("/api/v1/trades/{held}/{what}"), Some(who), json!({})).await;
            assert!(res.status.is_success(), "{what}: {}", res.text);
        }
    }
    // The third is completed by a moderator's decision for the seller: it credits nothing.
    let res = t
        .app
        .post(
            &format!("/api/v1/trades/{held}/disputes"),
            Some(&t.seller),
            json!({"reason": "no_show", "description": "买家收货后不确认"}),
        )
        .await;
    let id = res.body["id"].as_i64().unwrap();
    t.app.clock.advance(ANSWER_SECS);
    let decide = format!("/api/v1/moderation/disputes/{id}/decide");
    let res =
        t.app.post(&decide, Some(&t.moderator), json!({"outcome": "favour_seller", "reason": "卖家已交付"})).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    let (state, points): (String, i64) = sqlx::query_as("SELECT state, points FROM trades WHERE id = $1")
        .bind(held)
        .fetch_one(t.app.db.pool())
        .await
        .unwrap();
    assert_eq!((state.as_str(), points), ("completed", 0), "over the pair's limit");
}
