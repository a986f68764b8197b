//! Communities (社区).

use super::Db;
use crate::error::AppResult;
use linli_contract::community::{Community, Localized};

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    slug: String,
    name_zh: String,
    name_en: String,
    city_zh: String,
    city_en: String,
    district_zh: String,
    district_en: String,
    lat: f64,
    lng: f64,
}

impl From<Row> for Community {
    fn from(r: Row) -> Self {
        Community {
            id: r.id,
            slug: r.slug,
            name: Localized { zh: r.name_zh, en: r.name_en },
            city: Localized { zh: r.city_zh, en: r.city_en },
            district: Localized { zh: r.district_zh, en: r.district_en },
            lat: r.lat,
            lng: r.lng,
        }
    }
}

pub async fn all(db: &Db) -> AppResult<Vec<Community>> {
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT id, slug, name_zh, name_en, city_zh, city_en, district_zh, district_en, lat, lng \
         FROM communities ORDER BY city_en, name_en",
    )
    .fetch_all(db.pool())
    .await?;
    Ok(rows.into_iter().map(Community::from).collect())
}

pub async fn find(db: &Db, id: i64) -> AppResult<Option<Community>> {
    let row: Option<Row> = sqlx::query_as(
        "SELECT id, slug, name_zh, name_en, city_zh, city_en, district_zh, district_en, lat, lng \
         FROM communities WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(db.pool())
    .await?;
    Ok(row.map(Community::from))
}

pub async fn insert(db: &Db, c: &Community) -> AppResult<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO communities (slug, name_zh, name_en, city_zh, city_en, district_zh, district_en, lat, lng) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(&c.slug)
    .bind(&c.name.zh)
    .bind(&c.name.en)
    .bind(&c.city.zh)
    .bind(&c.city.en)
    .bind(&c.district.zh)
    .bind(&c.district.en)
    .bind(c.lat)
    .bind(c.lng)
    .fetch_one(db.pool())
    .await?)
}
