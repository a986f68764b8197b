//! ~40 demo listings across every category, mode and community, mostly in Chinese with a few
//! in English, each with pictures drawn by the project (nothing downloaded), posted over the
//! past weeks so "time ago" and the feed order look real.

use crate::db::{listings, now, photos, Db};
use crate::error::{AppError, AppResult};
use crate::media::{self, Media};
use crate::{images, seed_pictures};
use linli_contract::listing::{Category, Condition, ListingInput, Offer};

use Category::*;
use Condition::*;

struct Demo {
    title: &'static str,
    description: &'static str,
    category: Category,
    condition: Condition,
    offer: Offer,
    pickup: &'static str,
    photos: u32,
}

fn sell(yuan: i64) -> Offer {
    Offer::Sell { price_fen: yuan * 100 }
}

fn swap(what: &str) -> Offer {
    Offer::Swap { swap_for: what.into() }
}

fn demos() -> Vec<Demo> {
    let d = |title, description, category, condition, offer, pickup, photos| Demo {
        title,
        description,
        category,
        condition,
        offer,
        pickup,
        photos,
    };
    vec![
        d(
            "海尔双门冰箱 206升",
            "搬家出，用了两年，制冷正常，冷冻室有一点划痕。需自己搬运，三楼无电梯。",
            Appliances,
            LightlyUsed,
            sell(450),
            "小区北门，周末下午",
            3,
        ),
        d(
            "美的滚筒洗衣机 8公斤",
            "功能正常，换了大容量的所以出。带进水管和排水管。",
            Appliances,
            Used,
            sell(300),
            "工作日晚上 7 点后",
            2,
        ),
        d("小熊电饭煲 2升", "一个人用刚好，内胆无涂层脱落。", Appliances, LikeNew, sell(60), "快递柜旁自提", 1),
        d(
            "格力电风扇 免费送",
            "落地扇，摇头有点响，还能用，送给需要的邻居。",
            Appliances,
            Used,
            Offer::GiveAway,
            "放在 3 号楼门厅",
            1,
        ),
        d("九阳豆浆机", "用过三四次，太懒不想洗，配件齐全。", Appliances, LikeNew, swap("电热水壶"), "", 2),
        d(
            "联想小新笔记本 i5 16G",
            "2022 年买的，电池健康 90%，屏幕无坏点，送电脑包。",
            Electronics,
            LightlyUsed,
            sell(2300),
            "可当面验机",
            3,
        ),
        d("戴尔 24 寸显示器", "办公用，IPS 屏，带 HDMI 线。", Electronics, LightlyUsed, sell(380), "", 2),
        d(
            "Kindle Paperwhite 第十代",
            "Works perfectly, small scratch on the back. Comes with a case.",
            Electronics,
            Used,
            sell(260),
            "Metro exit 2, evenings",
            2,
        ),
        d("蓝牙音箱 小米", "声音洪亮，续航还行，换物也可以。", Electronics, Used, swap("台灯或者书"), "", 1),
        d(
            "九成新 iPhone13 128G",
            "国行，电池 86%，一直带壳贴膜，无拆修。",
            Phones,
            LightlyUsed,
            sell(2600),
            "可以去营业厅验机",
            3,
        ),
        d("华为 Mate 30 备用机", "屏幕有一道细划痕，功能都正常，适合当备用机。", Phones, Used, sell(700), "", 2),
        d(
            "旧手机 仅零件",
            "主板坏了开不了机，屏幕完好，适合拆零件或者维修练手。",
            Phones,
            ForParts,
            Offer::GiveAway,
            "小区快递站",
            1,
        ),
        d(
            "宜家灰色三人沙发",
            "买了一年多，布面可拆洗，无宠物无烟。需要自提，可以帮忙抬下楼。",
            Furniture,
            LightlyUsed,
            sell(600),
            "周六全天",
            3,
        ),
        d(
            "Grey sofa, IKEA Klippan",
            "Two-seater grey sofa, washable cover, moving out next week so it must go.",
            Furniture,
            Used,
            sell(350),
            "Building 5, weekend",
            2,
        ),
        d("实木书桌 120cm", "桌面有少量使用痕迹，很结实。", Furniture, Used, sell(200), "", 2),
        d("儿童椅子两把 免费送", "孩子大了用不上，塑料的，洗干净了。", Furniture, Used, Offer::GiveAway, "放门卫处", 1),
        d("折叠餐桌", "小户型好用，折叠后很薄，想换一个书架。", Furniture, LightlyUsed, swap("书架"), "", 2),
        d("优衣库羽绒服 女 M", "穿过一季，干洗过，颜色是藏青色。", Clothing, LightlyUsed, sell(120), "地铁站附近", 2),
        d("男士西装 175/92A", "只穿过一次婚礼，几乎全新。", Clothing, LikeNew, sell(300), "", 2),
        d(
            "儿童冬衣一袋",
            "110-120 码，五六件，都洗干净了，免费送给有需要的家庭。",
            Clothing,
            Used,
            Offer::GiveAway,
            "周末上午",
            1,
        ),
        d(
            "Running shoes, size 42",
            "Worn twice, too small for me. Original box included.",
            Clothing,
            LikeNew,
            swap("size 43 running shoes"),
            "",
            1,
        ),
        d("高中数学教辅一套", "人教版，部分有笔记，适合复习用。", Books, Used, sell(30), "小区图书角", 2),
        d("三体 全三册", "看完了，书况很好，无折角。", Books, LikeNew, sell(45), "", 1),
        d("儿童绘本 20 本", "适合 3-6 岁，有几本封面有点旧。", Books, Used, swap("拼图或积木"), "", 2),
        d(
            "English novels, 6 books",
            "Paperbacks, mixed authors, good for practice reading. Free to a good home.",
            Books,
            Used,
            Offer::GiveAway,
            "Lobby shelf",
            1,
        ),
        d("考研英语真题 2024", "只做了前两套，后面是新的。", Books, LightlyUsed, sell(25), "", 1),
        d("好孩子婴儿推车", "可坐可躺，刹车正常，篮子有点褪色。", BabyKids, Used, sell(220), "一楼车库", 3),
        d("乐高积木一箱", "混装的，大概有两千块，没有说明书。", BabyKids, Used, sell(150), "", 2),
        d("婴儿床 带床垫", "实木的，床垫只用了半年，可以拆装。", BabyKids, LightlyUsed, sell(280), "需自己拆运", 2),
        d("儿童滑板车", "三轮的，轮子会发光，孩子长大了。", BabyKids, Used, Offer::GiveAway, "", 1),
        d("捷安特山地车", "27 速，骑了三年，刚换过刹车片。", Sports, Used, sell(800), "可以试骑", 3),
        d("瑜伽垫 加厚", "用过几次，附背带。", Sports, LikeNew, sell(35), "", 1),
        d("篮球 斯伯丁", "室外用过，气很足。", Sports, Used, swap("羽毛球拍"), "小区篮球场", 1),
        d("哑铃一对 10kg", "包胶的，不伤地板。", Sports, LightlyUsed, sell(90), "", 1),
        d(
            "Camping tent, 2 people",
            "Used on three trips, all poles and pegs included, no holes.",
            Sports,
            LightlyUsed,
            sell(180),
            "",
            2,
        ),
        d("绿萝一大盆", "长得太好了，分一盆出来，带花盆。", Other, New, Offer::GiveAway, "自己来拿", 1),
        d("落地灯", "暖光，可调亮度，灯罩有一点黄。", Other, Used, sell(50), "", 2),
        d("收纳箱 5 个", "透明的，搬家用剩的，送给需要的邻居。", Other, LikeNew, Offer::GiveAway, "放在 2 号楼门口", 1),
        d("行李箱 24 寸", "万向轮，密码锁正常，外壳有划痕。", Other, Used, sell(80), "", 2),
        d("电热水壶 全新未拆", "单位发的，家里已经有了，想换个豆浆机。", Appliances, New, swap("豆浆机"), "", 1),
        d(
            "台式电脑主机",
            "i7-8700 16G 内存 GTX1060，办公打游戏都可以。",
            Electronics,
            Used,
            sell(1500),
            "可上门看机",
            2,
        ),
        d("童书《神奇校车》全套", "孩子很喜欢，但看完了，书况良好。", Books, LightlyUsed, sell(80), "", 1),
    ]
}

/// A demo photo: the drawing made for the item `title` names (the category's drawing only for
/// a title no drawing is made for; the tests allow none).
fn picture(title: &str, category: Category, variant: u32, view: u32) -> image::RgbImage {
    match seed_pictures::subject_for(title) {
        Some(subject) => seed_pictures::draw_subject(subject, variant, view),
        None => seed_pictures::draw(category, variant, view),
    }
}

/// Draws, processes and stores a demo photo of `title` as `owner`'s upload; returns its key.
pub(super) async fn store_picture(
    db: &Db,
    media: &Media,
    owner: i64,
    (title, category): (&str, Category),
    variant: u32,
    view: u32,
) -> AppResult<String> {
    let original = images::jpeg(&picture(title, category, variant, view), 90).map_err(AppError::from)?;
    let processed = images::process(&original).map_err(AppError::from)?;
    let key = media::new_key();
    media.save(&key, &processed.full, &processed.thumb).await?;
    photos::insert(db, &key, owner, processed.width, processed.height).await?;
    Ok(key)
}

/// Posts the demo listings, oldest first (ids then follow time), with their pictures.
pub async fn seed(db: &Db, media: &Media, user_ids: &[i64], community_ids: &[i64]) -> AppResult<()> {
    let demos = demos();
    let start = now() - 21 * 24 * 3600;
    let step = 21 * 24 * 3600 / demos.len() as i64;
    // Residents (not the moderator, the first account) sell.
    let sellers = &user_ids[1..];
    for (i, demo) in demos.iter().enumerate() {
        let seller = sellers[(i * 7 + i / 3) % sellers.len()];
        let mut keys = Vec::new();
        for view in 0..demo.photos {
            keys.push(store_picture(db, media, seller, (demo.title, demo.category), i as u32, view).await?);
        }
        let input = ListingInput {
            title: demo.title.into(),
            description: demo.description.into(),
            category: demo.category,
            condition: demo.condition,
            offer: demo.offer.clone(),
            community_id: community_ids[(i * 3 + 1) % community_ids.len()],
            pickup_note: demo.pickup.into(),
            photos: keys,
        };
        listings::insert(db, seller, &input, Some(start + step * i as i64 + (i as i64 * 977) % 3600)).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use seed_pictures::Subject::{self, *};

    /// Every demo title and the drawing made for it, written out by hand: a new demo listing
    /// needs its row here (and its drawing), or this test fails.
    const EXPECTED: &[(&str, Subject)] = &[
        ("海尔双门冰箱 206升", Fridge),
        ("美的滚筒洗衣机 8公斤", Washer),
        ("小熊电饭煲 2升", RiceCooker),
        ("格力电风扇 免费送", Fan),
        ("九阳豆浆机", SoyMilkMaker),
        ("联想小新笔记本 i5 16G", Laptop),
        ("戴尔 24 寸显示器", Monitor),
        ("Kindle Paperwhite 第十代", EReader),
        ("蓝牙音箱 小米", Speaker),
        ("九成新 iPhone13 128G", Phone),
        ("华为 Mate 30 备用机", Phone),
        ("旧手机 仅零件", Phone),
        ("宜家灰色三人沙发", Sofa),
        ("Grey sofa, IKEA Klippan", Sofa),
        ("实木书桌 120cm", Table),
        ("儿童椅子两把 免费送", Chair),
        ("折叠餐桌", Table),
        ("优衣库羽绒服 女 M", Jacket),
        ("男士西装 175/92A", Jacket),
        ("儿童冬衣一袋", TShirt),
        ("Running shoes, size 42", Shoes),
        ("高中数学教辅一套", BookStack),
        ("三体 全三册", BookRow),
        ("儿童绘本 20 本", BookStack),
        ("English novels, 6 books", BookRow),
        ("考研英语真题 2024", BookStack),
        ("好孩子婴儿推车", Stroller),
        ("乐高积木一箱", Blocks),
        ("婴儿床 带床垫", Crib),
        ("儿童滑板车", Scooter),
        ("捷安特山地车", Bicycle),
        ("瑜伽垫 加厚", YogaMat),
        ("篮球 斯伯丁", Ball),
        ("哑铃一对 10kg", Dumbbells),
        ("Camping tent, 2 people", Tent),
        ("绿萝一大盆", Plant),
        ("落地灯", Lamp),
        ("收纳箱 5 个", Boxes),
        ("行李箱 24 寸", Suitcase),
        ("电热水壶 全新未拆", Kettle),
        ("台式电脑主机", PcTower),
        ("童书《神奇校车》全套", BookRow),
    ];

    #[test]
    fn every_demo_listing_is_drawn_as_its_own_item() {
        let demos = demos();
        assert_eq!(demos.len(), EXPECTED.len(), "every demo listing has a row in EXPECTED");
        for demo in &demos {
            let expected = EXPECTED.iter().find(|(t, _)| *t == demo.title).map(|(_, s)| *s);
            assert!(expected.is_some(), "no expected drawing for {}", demo.title);
            assert_eq!(seed_pictures::subject_for(demo.title), expected, "{}", demo.title);
        }
        // The seed draws exactly that subject.
        let first = &demos[0];
        assert!(picture(first.title, first.category, 0, 0) == seed_pictures::draw_subject(EXPECTED[0].1, 0, 0));
    }
}
