//! Demo trades and ratings, so traders show different credit levels: a lively community of
//! established neighbours (good and very good levels, one with mixed ratings), one new trader,
//! and two collusion rings the score sees through: brand-new accounts rating each other five
//! stars over and over, and a patient ring of old accounts that trade each pair only once and
//! add two genuine trades with neighbours.

use std::collections::HashMap;

use crate::db::{credit, listings, now, photos, ratings, trades, trust, users, Db};
use crate::error::AppResult;
use crate::media::{self, Media};
use linli_contract::listing::{Category, Condition, ListingInput, Offer};
use linli_contract::trade::{RatingInput, RatingTag, TradeAction};
use linli_contract::validate;

const DAY: i64 = 86_400;

/// Established neighbours who trade with many different people.
const NEIGHBOURS: [(&str, &str); 6] = [
    ("张先生", "13800000011"),
    ("孙老师", "13800000012"),
    ("吴阿姨", "13800000013"),
    ("郑同学", "13800000014"),
    ("何师傅", "13800000015"),
    ("林姐", "13800000016"),
];

/// A ring: new accounts that only trade with each other, always five stars (刷单炒信).
const RING: [(&str, &str); 5] = [
    ("好物速卖01", "13800000021"),
    ("好物速卖02", "13800000022"),
    ("好物速卖03", "13800000023"),
    ("好物速卖04", "13800000024"),
    ("好物速卖05", "13800000025"),
];

/// A patient ring (刷单炒信): accounts months old, each pair trading once.
const PATIENT_RING: [(&str, &str); 6] = [
    ("优选闲置01", "13800000031"),
    ("优选闲置02", "13800000032"),
    ("优选闲置03", "13800000033"),
    ("优选闲置04", "13800000034"),
    ("优选闲置05", "13800000035"),
    ("优选闲置06", "13800000036"),
];

pub(super) const GOODS: [(&str, Category); 8] = [
    ("旧台灯", Category::Other),
    ("儿童绘本一套", Category::Books),
    ("蓝牙耳机", Category::Electronics),
    ("电饭煲", Category::Appliances),
    ("折叠椅", Category::Furniture),
    ("羽毛球拍", Category::Sports),
    ("冬季外套", Category::Clothing),
    ("婴儿背带", Category::BabyKids),
];

async fn account(db: &Db, name: &str, contact: &str, hash: &str, age_days: i64) -> AppResult<i64> {
    let contact = validate::contact(contact).expect("demo contacts are valid");
    let id = users::insert(db, users::NewUser { display_name: name, contact: &contact, password_hash: hash }).await?;
    age(db, id, age_days).await?;
    Ok(id)
}

async fn age(db: &Db, user_id: i64, days: i64) -> AppResult<()> {
    sqlx::query("UPDATE users SET created_at = $1 WHERE id = $2")
        .bind(now() - days * DAY)
        .bind(user_id)
        .execute(db.pool())
        .await?;
    Ok(())
}

/// A listing by `seller` that `buyer` took, completed `days_ago`, rated by both sides.
#[allow(clippy::too_many_arguments)]
async fn deal(
    db: &Db,
    media: &Media,
    photos_of: &mut HashMap<&'static str, String>,
    n: usize,
    seller: i64,
    buyer: i64,
    community_id: i64,
    days_ago: i64,
    stars: (u8, u8),
) -> AppResult<()> {
    let (title, category) = GOODS[n % GOODS.len()];
    // Each kind of item is drawn once; later deals of the same item copy its photo.
    let key = match photos_of.get(title) {
        Some(from) => {
            let key = media::new_key();
            media.copy(from, &key).await?;
            photos::insert(db, &key, seller, 1200, 900).await?;
            key
        }
        None => {
            let key = super::demo_listings::store_picture(db, media, seller, (title, category), n as u32, 0).await?;
            photos_of.insert(title, key.clone());
            key
        }
    };
    let offer =
        if n.is_multiple_of(5) { Offer::GiveAway } else { Offer::Sell { price_fen: ((n % 9) as i64 + 1) * 1000 } };
    let input = ListingInput {
        title: title.into(),
        description: "已交易".into(),
        category,
        condition: Condition::Used,
        offer,
        community_id,
        pickup_note: String::new(),
        photos: vec![key],
    };
    let at = now() - days_ago * DAY - 3600;
    let listing = listings::insert(db, seller, &input, Some(at - 2 * DAY)).await?;
    // The story happens at `at`, through the same moves as in the app.
    let trade = trades::request(db, at, listing, seller, buyer, "", "").await?;
    trades::act(db, at, trade, seller, TradeAction::Accept, None).await?;
    trades::act(db, at, trade, buyer, TradeAction::Confirm, None).await?;
    trades::act(db, at, trade, seller, TradeAction::Confirm, None).await?;
    let tags = |s: u8| if s >= 4 { vec![RatingTag::OnTime, RatingTag::AsDescribed] } else { vec![RatingTag::Late] };
    let comment = |s: u8| if s >= 4 { "很顺利，谢谢！" } else { "约好的时间迟到了半小时" };
    ratings::rate(
        db,
        at,
        trade,
        buyer,
        seller,
        &RatingInput { stars: stars.0, tags: tags(stars.0), comment: comment(stars.0).into() },
    )
    .await?;
    ratings::rate(
        db,
        at,
        trade,
        seller,
        buyer,
        &RatingInput { stars: stars.1, tags: tags(stars.1), comment: comment(stars.1).into() },
    )
    .await?;
    // Back-date the story so profiles show it over time.
    sqlx::query(
        "UPDATE trades SET created_at = $1, updated_at = $1, accepted_at = $1, completed_at = $1, \
         buyer_confirmed_at = $1, seller_confirmed_at = $1 WHERE id = $2",
    )
    .bind(at)
    .bind(trade)
    .execute(db.pool())
    .await?;
    sqlx::query("UPDATE ratings SET created_at = $1, visible_at = $1 WHERE trade_id = $2")
        .bind(at + 3600)
        .bind(trade)
        .execute(db.pool())
        .await?;
    Ok(())
}

/// `accounts`: the demo accounts and neighbours already created (the moderator first).
pub async fn seed(db: &Db, media: &Media, accounts: &[i64], community_ids: &[i64], hash: &str) -> AppResult<()> {
    let mut photos_of = HashMap::new();

    // Everyone but the moderator and 周周妈妈 (the last demo neighbour, left as a new trader).
    let mut honest: Vec<i64> = accounts[1..accounts.len() - 1].to_vec();
    for (i, (name, contact)) in NEIGHBOURS.iter().enumerate() {
        honest.push(account(db, name, contact, hash, 200 + 40 * i as i64).await?);
    }
    for (i, id) in honest.iter().enumerate() {
        age(db, *id, 150 + 30 * i as i64).await?;
    }
    // Each neighbour trades with six different people; 小林 (index 3) gets mixed ratings.
    let n = honest.len();
    let mut count = 0;
    for i in 0..n {
        for step in [1, 2, 4] {
            let (seller, buyer) = (honest[i], honest[(i + step) % n]);
            let stars_for_seller = if i == 3 { [2, 3, 4][step % 3] } else { [5, 4, 5][step % 3] };
            let community = community_ids[(i + step) % community_ids.len()];
            deal(
                db,
                media,
                &mut photos_of,
                count,
                seller,
                buyer,
                community,
                5 + (count as i64 * 3) % 120,
                (stars_for_seller, 5),
            )
            .await?;
            count += 1;
        }
    }
    // The ring: 40 trades among 5 new accounts, cycling through every pair, all five stars.
    let mut ring = Vec::new();
    for (name, contact) in RING {
        ring.push(account(db, name, contact, hash, 4).await?);
    }
    let pairs: Vec<(usize, usize)> = (0..5).flat_map(|a| (a + 1..5).map(move |b| (a, b))).collect();
    for t in 0..40 {
        let (a, b) = pairs[t % pairs.len()];
        let (seller, buyer) = if t % 2 == 0 { (ring[a], ring[b]) } else { (ring[b], ring[a]) };
        deal(db, media, &mut photos_of, count, seller, buyer, community_ids[0], (t % 3) as i64, (5, 5)).await?;
        count += 1;
    }
    // The patient ring: every pair once (15 trades) over five months, and two genuine trades
    // with neighbours.
    let mut patient = Vec::new();
    for (i, (name, contact)) in PATIENT_RING.iter().enumerate() {
        patient.push(account(db, name, contact, hash, 220 + 30 * i as i64).await?);
    }
    for a in 0..patient.len() {
        for b in a + 1..patient.len() {
            let days_ago = 10 + (count as i64 * 7) % 150;
            deal(db, media, &mut photos_of, count, patient[a], patient[b], community_ids[1], days_ago, (5, 5)).await?;
            count += 1;
        }
    }
    for (k, &member) in patient.iter().take(2).enumerate() {
        deal(db, media, &mut photos_of, count, member, honest[k * 5], community_ids[1], 30 + k as i64, (5, 5)).await?;
        count += 1;
    }
    // Two neighbours the moderator met in person at the community office (trust seeds, with
    // the organisers and moderators).
    for &id in [honest[honest.len() - 6], honest[honest.len() - 2]].iter() {
        trust::set_seed(db, id, true, now()).await?;
    }
    trust::recompute_if_changed(db, now()).await?;
    for id in honest.iter().chain(&ring).chain(&patient) {
        credit::refresh(db, *id, now()).await?;
    }
    Ok(())
}
