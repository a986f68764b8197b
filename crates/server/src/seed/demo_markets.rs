//! Demo markets across the communities: weekly, fortnightly, monthly on the n-th weekday and a
//! one-off; one date cancelled, one moved; the busiest full with a waitlist, booked by the demo
//! residents. Dates are relative to today, so the Markets tab is always lively.

use crate::calendar;
use crate::db::markets;
use crate::db::Db;
use crate::error::{AppError, AppResult};
use linli_contract::listing::Category;
use linli_contract::market::{BookingAction, MarketInput, Recurrence, Schedule, Weekday};

struct Demo {
    name: &'static str,
    description: &'static str,
    venue: &'static str,
    address: &'static str,
    community: usize,
    recurrence: Recurrence,
    months: i64,
    start: &'static str,
    end: &'static str,
    stalls: u32,
    categories: &'static [Category],
    /// Residents (indexes into the demo accounts) booking the first date, in order.
    bookers: &'static [usize],
}

fn demos() -> Vec<Demo> {
    use Category::*;
    vec![
        Demo {
            name: "田林周六二手市集",
            description: "每周六上午在社区广场，闲置衣物、图书、小家电都欢迎。",
            venue: "田林社区中心广场",
            address: "徐汇区田林路 200 号",
            community: 0,
            recurrence: Recurrence::Weekly { weekdays: vec![Weekday::Sat], every_weeks: 1 },
            months: 6,
            start: "09:00",
            end: "12:00",
            stalls: 4,
            categories: &[Clothing, Books, Appliances],
            bookers: &[2, 3, 4, 5, 6, 7],
        },
        Demo {
            name: "联洋双周换物集市",
            description: "Every other Sunday: swap, don't shop. 以物换物为主。",
            venue: "联洋花园草坪",
            address: "浦东新区芳甸路 300 号",
            community: 1,
            recurrence: Recurrence::Weekly { weekdays: vec![Weekday::Sun], every_weeks: 2 },
            months: 6,
            start: "14:00",
            end: "17:00",
            stalls: 10,
            categories: &[BabyKids, Sports, Other],
            bookers: &[8, 5],
        },
        Demo {
            name: "文新月度跳蚤市场",
            description: "每月第二个周六，西湖边的社区跳蚤市场。",
            venue: "文新社区文化家园",
            address: "西湖区文一西路 88 号",
            community: 2,
            recurrence: Recurrence::MonthlyNth { nth: 2, weekday: Weekday::Sat },
            months: 12,
            start: "09:30",
            end: "11:30",
            stalls: 15,
            categories: &[Furniture, Books],
            bookers: &[4],
        },
        Demo {
            name: "望京图书交换日",
            description: "每月最后一个周日，带上读过的书来换。",
            venue: "望京街道图书室",
            address: "朝阳区望京西路 9 号",
            community: 3,
            recurrence: Recurrence::MonthlyNth { nth: -1, weekday: Weekday::Sun },
            months: 12,
            start: "10:00",
            end: "12:00",
            stalls: 6,
            categories: &[Books],
            bookers: &[6, 2],
        },
        Demo {
            name: "玉林社区春季换物会",
            description: "一次性的大型换物会。",
            venue: "玉林社区活动中心",
            address: "武侯区玉林北路 1 号",
            community: 4,
            recurrence: Recurrence::Once,
            months: 0,
            start: "15:00",
            end: "18:00",
            stalls: 20,
            categories: &[],
            bookers: &[7],
        },
    ]
}

pub async fn seed(db: &Db, accounts: &[i64], community_ids: &[i64], now: i64) -> AppResult<()> {
    let tz = calendar::zone("Asia/Shanghai").map_err(|e| AppError::internal(format!("{e:?}")))?;
    let today = calendar::local_day(tz, now);
    let communities = crate::db::communities::all(db).await?;
    let organiser = accounts[1];
    for (n, demo) in demos().into_iter().enumerate() {
        let first = today + chrono::Duration::days(1 + n as i64 % 3);
        let last = first + chrono::Duration::days(demo.months * 30);
        let community = community_ids[demo.community];
        let (lat, lng) = communities.iter().find(|c| c.id == community).map_or((31.17, 121.42), |c| (c.lat, c.lng));
        let input = MarketInput {
            name: demo.name.into(),
            description: demo.description.into(),
            venue_name: demo.venue.into(),
            venue_address: demo.address.into(),
            lat: lat + 0.002,
            lng: lng + 0.002,
            schedule: Schedule {
                recurrence: demo.recurrence.clone(),
                first_date: calendar::ymd(first),
                last_date: calendar::ymd(last),
                start_time: demo.start.into(),
                end_time: demo.end.into(),
                time_zone: String::new(),
            },
            stalls: demo.stalls,
            categories: demo.categories.to_vec(),
            rules: "请自带桌布，不售卖食品。Bring a cloth; no food sales.".into(),
            contact: "13800000002".into(),
            from_date: String::new(),
        };
        let (text, rows) =
            calendar::new_dates(&input.schedule, None).map_err(|e| AppError::internal(format!("{e:?}")))?;
        let id = markets::create(db, now, organiser, &input, &text, &rows).await?;
        let first_date = &rows[0].date;
        for (i, who) in demo.bookers.iter().enumerate() {
            let brings = ["旧书一箱", "童装和玩具", "小家电两件", "Kitchenware", "手工饰品", "绿植"][i % 6];
            // Every other stallholder links what they have listed, as residents do.
            let linked: Vec<i64> = if i % 2 == 0 {
                sqlx::query_scalar(
                    "SELECT id FROM listings WHERE seller_id = $1 AND status = 'active' ORDER BY id LIMIT 2",
                )
                .bind(accounts[*who])
                .fetch_all(db.pool())
                .await?
            } else {
                Vec::new()
            };
            markets::book(db, now, id, first_date, accounts[*who], brings, &linked).await?;
        }
        match n {
            // The weekly market: one cancelled by a resident (the first waiting is promoted),
            // and its third date moved to Sunday.
            0 => {
                if let Some(b) = markets::of_user_in(db, accounts[3], id).await?.first() {
                    markets::act(db, now, b, BookingAction::Cancel, None, None).await?;
                }
                if let Some(third) = rows.get(2) {
                    let day = calendar::parse_ymd(&third.date).unwrap_or(first) + chrono::Duration::days(1);
                    markets::move_date(
                        db,
                        now,
                        id,
                        &third.date,
                        &calendar::ymd(day),
                        demo.start,
                        demo.end,
                        calendar::instant(tz, day, demo.start),
                        calendar::instant(tz, day, demo.end),
                        "场地周六有活动，改到周日",
                    )
                    .await?;
                }
            }
            // The fortnightly market: its second date cancelled for rain.
            1 => {
                if let Some(second) = rows.get(1) {
                    markets::cancel_date(db, now, id, &second.date, "暴雨预警，本场取消").await?;
                }
            }
            _ => {}
        }
    }
    Ok(())
}
