//! Demo data, so a newcomer lands in a lively app: communities and one account per role.
//! Each feature adds its own demo data (in a submodule).

mod demo_disputes;
mod demo_listings;
mod demo_markets;
pub mod demo_recycling;
mod demo_trades;

use crate::db::{communities, users, Db};
use crate::error::AppResult;
use crate::media::Media;
use crate::password;
use linli_contract::auth::Role;
use linli_contract::community::{Community, Localized};
use linli_contract::validate;

/// The password of every demo account (printed by `cargo xtask run`).
pub const DEMO_PASSWORD: &str = "linli-demo-2026";

pub struct DemoAccount {
    pub display_name: &'static str,
    pub contact: &'static str,
    pub role: Role,
}

pub const DEMO_ACCOUNTS: [DemoAccount; 3] = [
    DemoAccount { display_name: "管理员小周", contact: "moderator@linli.demo", role: Role::Moderator },
    DemoAccount { display_name: "组织者李姐", contact: "13800000002", role: Role::Organiser },
    DemoAccount { display_name: "居民王芳", contact: "13800000001", role: Role::Resident },
];

/// More residents, so the feed shows many sellers.
pub const DEMO_NEIGHBOURS: [DemoAccount; 6] = [
    DemoAccount { display_name: "陈阿姨", contact: "13800000003", role: Role::Resident },
    DemoAccount { display_name: "小林", contact: "13800000004", role: Role::Resident },
    DemoAccount { display_name: "赵老师", contact: "13800000005", role: Role::Resident },
    DemoAccount { display_name: "Emma", contact: "emma@linli.demo", role: Role::Resident },
    DemoAccount { display_name: "刘师傅", contact: "13800000006", role: Role::Resident },
    DemoAccount { display_name: "周周妈妈", contact: "13800000007", role: Role::Resident },
];

fn loc(zh: &str, en: &str) -> Localized {
    Localized { zh: zh.into(), en: en.into() }
}

fn demo_communities() -> Vec<Community> {
    let c = |slug: &str, name: (&str, &str), city: (&str, &str), district: (&str, &str), lat, lng| Community {
        id: 0,
        slug: slug.into(),
        name: loc(name.0, name.1),
        city: loc(city.0, city.1),
        district: loc(district.0, district.1),
        lat,
        lng,
    };
    vec![
        c("sh-tianlin", ("田林社区", "Tianlin"), ("上海", "Shanghai"), ("徐汇区", "Xuhui"), 31.170, 121.425),
        c("sh-lianyang", ("联洋社区", "Lianyang"), ("上海", "Shanghai"), ("浦东新区", "Pudong"), 31.225, 121.555),
        c("hz-wenxin", ("文新社区", "Wenxin"), ("杭州", "Hangzhou"), ("西湖区", "Xihu"), 30.290, 120.110),
        c("bj-wangjing", ("望京社区", "Wangjing"), ("北京", "Beijing"), ("朝阳区", "Chaoyang"), 39.995, 116.470),
        c("cd-yulin", ("玉林社区", "Yulin"), ("成都", "Chengdu"), ("武侯区", "Wuhou"), 30.630, 104.060),
    ]
}

/// Seeds an empty database; a database that already has accounts is left alone, so running
/// the app again keeps what people did. Returns whether it seeded.
pub async fn seed_if_empty(db: &Db, media: &Media) -> AppResult<bool> {
    if users::count(db).await? > 0 {
        return Ok(false);
    }
    let mut community_ids = Vec::new();
    for community in demo_communities() {
        community_ids.push(communities::insert(db, &community).await?);
    }
    let hash = password::hash(DEMO_PASSWORD.to_string()).await?;
    let mut user_ids = Vec::new();
    for account in DEMO_ACCOUNTS.iter().chain(DEMO_NEIGHBOURS.iter()) {
        let contact = validate::contact(account.contact).expect("demo contacts are valid");
        let id = users::insert(
            db,
            users::NewUser { display_name: account.display_name, contact: &contact, password_hash: &hash },
        )
        .await?;
        if account.role != Role::Resident {
            users::grant_role(db, id, account.role, None).await?;
        }
        user_ids.push(id);
    }
    demo_listings::seed(db, media, &user_ids, &community_ids).await?;
    demo_trades::seed(db, media, &user_ids, &community_ids, &hash).await?;
    demo_markets::seed(db, &user_ids, &community_ids, crate::db::now()).await?;
    demo_disputes::seed(db, media).await?;
    demo_recycling::seed(db, user_ids[1], &user_ids[2..], &community_ids).await?;
    // Market check-ins made new trust seeds and decided disputes moved credit: bring trust
    // and the credit it feeds up to date before anyone looks.
    crate::db::trust::recompute_in_full(db, crate::db::now()).await?;
    Ok(true)
}

/// What `serve --seed` prints so a newcomer can log in.
pub fn demo_accounts_text() -> String {
    let mut out = String::from("Demo accounts (password for all: ");
    out.push_str(DEMO_PASSWORD);
    out.push_str(")\n");
    for a in &DEMO_ACCOUNTS {
        out.push_str(&format!("  {:<10} {:<22} {}\n", a.role.as_str(), a.contact, a.display_name));
    }
    out
}
