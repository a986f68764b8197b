//! Demo disputes and moderation history: open disputes in each state (awaiting an answer,
//! answered, overdue), decided ones (for the buyer, dismissed), reports on a few listings and
//! on one account, a suspended account, warnings — all through the same functions the routes
//! use, so the audit log has the history.

use crate::db::{credit, disputes, listings, moderation, now, trades, users, Db};
use crate::error::{AppError, AppResult};
use crate::media::Media;
use linli_contract::dispute::{DisputeReason, Outcome};
use linli_contract::listing::{Category, Condition, ListingInput, Offer, ReportReason};
use linli_contract::trade::TradeAction;

const DAY: i64 = 86_400;

/// The disputed items, in the order the stories below use them.
const GOODS: [&str; 5] = ["微波炉", "电热水壶", "空气净化器", "吸尘器", "电风扇"];

async fn id_of(db: &Db, contact: &str) -> AppResult<i64> {
    users::find_by_login(db, contact).await?.map(|u| u.id).ok_or_else(|| AppError::internal(format!("no {contact}")))
}

/// A listing by `seller` accepted by `buyer` at `at` (and completed when `complete`).
#[allow(clippy::too_many_arguments)]
async fn trade(
    db: &Db,
    media: &Media,
    title: &str,
    seller: i64,
    buyer: i64,
    at: i64,
    complete: bool,
) -> AppResult<trades::TradeRow> {
    let key =
        super::demo_listings::store_picture(db, media, seller, (title, Category::Appliances), seller as u32, 0).await?;
    let community: i64 = sqlx::query_scalar("SELECT MIN(id) FROM communities").fetch_one(db.pool()).await?;
    let input = ListingInput {
        title: title.into(),
        description: "纠纷演示".into(),
        category: Category::Appliances,
        condition: Condition::Used,
        offer: Offer::Sell { price_fen: 6000 },
        community_id: community,
        pickup_note: String::new(),
        photos: vec![key],
    };
    let listing = listings::insert(db, seller, &input, Some(at - DAY)).await?;
    let t = trades::request(db, at, listing, seller, buyer, "", "").await?;
    trades::act(db, at, t, seller, TradeAction::Accept, None).await?;
    if complete {
        trades::act(db, at, t, buyer, TradeAction::Confirm, None).await?;
        trades::act(db, at, t, seller, TradeAction::Confirm, None).await?;
    }
    trades::find(db, t, buyer).await?.ok_or_else(|| AppError::internal("seeded trade"))
}

pub async fn seed(db: &Db, media: &Media) -> AppResult<()> {
    let now = now();
    let moderator = id_of(db, "moderator@linli.demo").await?;
    let [zhang, sun, wu, zheng, he, lin] = [
        id_of(db, "13800000011").await?,
        id_of(db, "13800000012").await?,
        id_of(db, "13800000013").await?,
        id_of(db, "13800000014").await?,
        id_of(db, "13800000015").await?,
        id_of(db, "13800000016").await?,
    ];
    let ring01 = id_of(db, "13800000021").await?;
    let ring02 = id_of(db, "13800000022").await?;
    let ring03 = id_of(db, "13800000023").await?;
    let ring05 = id_of(db, "13800000025").await?;

    // Awaiting an answer: filed an hour ago.
    let t = trade(db, media, GOODS[0], zhang, sun, now - DAY, false).await?;
    disputes::open(
        db,
        now - 3600,
        &t,
        sun,
        DisputeReason::NoShow,
        "约好周六上午在北门交接，卖家没有来，也不回消息。",
        &[],
    )
    .await?;

    // Answered.
    let t = trade(db, media, GOODS[1], wu, zheng, now - 3 * DAY, false).await?;
    let d = disputes::open(db, now - 2 * DAY, &t, zheng, DisputeReason::Defective, "烧水时底座漏电跳闸。", &[]).await?;
    let row = disputes::find(db, d).await?.ok_or_else(|| AppError::internal("dispute"))?;
    disputes::answer(db, now - DAY, &row, wu, "卖之前一直正常使用，交接时当面试过。", &[]).await?;

    // Overdue: the answer deadline passed without an answer.
    let t = trade(db, media, GOODS[2], he, lin, now - 6 * DAY, false).await?;
    disputes::open(db, now - 4 * DAY, &t, lin, DisputeReason::NotAsDescribed, "说是九成新，实际滤网已经发黑。", &[])
        .await?;

    // Decided for the buyer: the seller (a ring account) loses.
    let t = trade(db, media, GOODS[3], ring01, zhang, now - 6 * DAY, true).await?;
    let d = disputes::open(db, now - 5 * DAY, &t, zhang, DisputeReason::Fraud, "收到的是坏的，和照片不是同一台。", &[])
        .await?;
    let row = disputes::find(db, d).await?.ok_or_else(|| AppError::internal("dispute"))?;
    disputes::answer(db, now - 4 * DAY, &row, ring01, "发货时是好的。", &[]).await?;
    let row = disputes::find(db, d).await?.ok_or_else(|| AppError::internal("dispute"))?;
    disputes::decide(
        db,
        now - 3 * DAY,
        &row,
        &t,
        moderator,
        Outcome::FavourBuyer,
        "照片显示序列号与原商品不同，支持买方。",
    )
    .await?;

    // Decided and dismissed: nobody is penalised.
    let t = trade(db, media, GOODS[4], sun, wu, now - 6 * DAY, true).await?;
    let d = disputes::open(db, now - 5 * DAY, &t, wu, DisputeReason::Other, "风扇有点响。", &[]).await?;
    let row = disputes::find(db, d).await?.ok_or_else(|| AppError::internal("dispute"))?;
    disputes::decide(
        db,
        now - DAY,
        &row,
        &t,
        moderator,
        Outcome::Dismissed,
        "二手风扇有轻微噪音属正常使用痕迹，驳回。",
    )
    .await?;

    // Reports on a few listings and on one account.
    let reported: Vec<i64> =
        sqlx::query_scalar("SELECT id FROM listings WHERE status = 'active' ORDER BY id DESC LIMIT 3")
            .fetch_all(db.pool())
            .await?;
    for (i, listing) in reported.iter().enumerate() {
        for reporter in [zhang, sun, wu].iter().take(3 - i) {
            listings::report(db, *listing, *reporter, ReportReason::Misleading.key(), "价格和描述对不上").await?;
        }
    }
    for reporter in [zheng, he] {
        moderation::report_user(db, now - DAY, ring02, reporter, ReportReason::Fraud, "和几个账号互相刷好评").await?;
    }

    // A suspended account, a warning, and dismissed reports: audit history.
    moderation::suspend(db, now - 2 * DAY, moderator, ring05, "刷单炒信，停用 30 天", Some(30)).await?;
    moderation::warn(db, now - 2 * DAY, moderator, ring03, "请勿与固定账号互相刷好评").await?;
    if let Some(last) = reported.last() {
        moderation::dismiss_reports(
            db,
            now - DAY,
            moderator,
            linli_contract::moderation::ReportTarget::Listing,
            *last,
            "经核实描述无误",
        )
        .await?;
    }

    for id in [zhang, sun, wu, zheng, he, lin, ring01] {
        credit::refresh(db, id, now).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::seed_pictures::{subject_for, Subject::*};

    /// Every seeded item that is not a demo listing (disputed and traded goods) has a drawing
    /// of its own, written out by hand.
    #[test]
    fn every_disputed_and_traded_item_is_drawn_as_itself() {
        let expected = [Microwave, Kettle, AirPurifier, Vacuum, Fan];
        for (title, subject) in super::GOODS.iter().zip(expected) {
            assert_eq!(subject_for(title), Some(subject), "{title}");
        }
        let traded = [DeskLamp, BookStack, Headphones, RiceCooker, Chair, Racket, Jacket, BabyCarrier];
        assert_eq!(traded.len(), super::super::demo_trades::GOODS.len());
        for ((title, _), subject) in super::super::demo_trades::GOODS.iter().zip(traded) {
            assert_eq!(subject_for(title), Some(subject), "{title}");
        }
    }
}
