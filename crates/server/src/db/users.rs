//! Accounts and their roles.

use super::{is_unique_violation, now, Db};
use crate::error::{AppError, AppResult};
use linli_contract::auth::{Role, UserSummary};
use linli_contract::ErrorCode;
use linli_contract::{validate::Contact, Field};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct UserRow {
    pub id: i64,
    pub display_name: String,
    pub contact: String,
    pub password_hash: String,
    pub created_at: i64,
    pub suspended_at: Option<i64>,
    pub credit_level: String,
}

impl UserRow {
    pub fn level(&self) -> linli_contract::credit::Level {
        linli_contract::credit::Level::parse(&self.credit_level)
    }
}

const USER_COLUMNS: &str = "id, display_name, contact, password_hash, created_at, suspended_at, credit_level";

pub struct NewUser<'a> {
    pub display_name: &'a str,
    pub contact: &'a Contact,
    pub password_hash: &'a str,
}

/// The key under which display names must be unique by how they look: the Unicode (UTS #39)
/// confusable skeleton of the lower-cased name, so `Ｔom`, `Тom` (Cyrillic) and `tom` collide.
pub fn name_skeleton(display_name: &str) -> String {
    // Before and after lower-casing: `Т` (Cyrillic) looks like `T`, but `т` not like `t`.
    let once = unicode_security::skeleton(display_name.trim()).collect::<String>().to_lowercase();
    unicode_security::skeleton(&once).collect::<String>().to_lowercase()
}

/// Creates the account with the resident role only: no account becomes moderator by being
/// first (see [`crate::setup`]).
pub async fn insert(db: &Db, new: NewUser<'_>) -> AppResult<i64> {
    let now = now();
    let mut tx = db.begin().await?;
    // Two first sign-ups at once: the second waits, then sees the first account.
    super::locks::take(db, &mut tx, super::locks::Lock::FirstAccount).await?;
    let inserted = sqlx::query_scalar::<_, i64>(
        "INSERT INTO users (display_name, name_key, contact, password_hash, created_at, name_skeleton) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(new.display_name)
    .bind(linli_contract::validate::name_key(new.display_name))
    .bind(new.contact.as_str())
    .bind(new.password_hash)
    .bind(now)
    .bind(name_skeleton(new.display_name))
    .fetch_one(&mut *tx)
    .await;
    let id = match inserted {
        Ok(id) => id,
        Err(e) if is_unique_violation(&e, "name_key") => {
            return Err(AppError::field(Field::DisplayName, ErrorCode::NameTaken))
        }
        Err(e) if is_unique_violation(&e, "name_skeleton") => {
            drop(tx);
            let same: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE name_key = $1")
                .bind(linli_contract::validate::name_key(new.display_name))
                .fetch_one(db.pool())
                .await?;
            let code = if same > 0 { ErrorCode::NameTaken } else { ErrorCode::NameLooksLikeAnother };
            return Err(AppError::field(Field::DisplayName, code));
        }
        Err(e) if is_unique_violation(&e, "contact") => {
            return Err(AppError::field(Field::Contact, ErrorCode::ContactTaken))
        }
        Err(e) => return Err(e.into()),
    };
    sqlx::query("INSERT INTO user_roles (user_id, role, granted_at) VALUES ($1, 'resident', $2)")
        .bind(id)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(id)
}

/// Fills the skeleton of accounts made before it existed; a name that collides with another's
/// look keeps none (it was allowed then) and is reported in the log.
pub async fn backfill_skeletons(db: &Db) -> AppResult<()> {
    let rows: Vec<(i64, String)> =
        sqlx::query_as("SELECT id, display_name FROM users WHERE name_skeleton IS NULL").fetch_all(db.pool()).await?;
    for (id, name) in rows {
        let done = sqlx::query("UPDATE users SET name_skeleton = $1 WHERE id = $2")
            .bind(name_skeleton(&name))
            .bind(id)
            .execute(db.pool())
            .await;
        match done {
            Ok(_) => {}
            Err(e) if is_unique_violation(&e, "name_skeleton") => {
                tracing::warn!(user = id, "display name looks like another account's")
            }
            Err(e) => return Err(e.into()),
        }
    }
    Ok(())
}

pub async fn find(db: &Db, id: i64) -> AppResult<Option<UserRow>> {
    Ok(sqlx::query_as::<_, UserRow>(&format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1"))
        .bind(id)
        .fetch_optional(db.pool())
        .await?)
}

/// Finds an account by what a person types to log in: phone, e-mail or display name.
pub async fn find_by_login(db: &Db, login: &str) -> AppResult<Option<UserRow>> {
    let by_contact = linli_contract::validate::contact(login).ok();
    let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE contact = $1 OR name_key = $2");
    Ok(sqlx::query_as::<_, UserRow>(&sql)
        .bind(by_contact.as_ref().map(Contact::as_str).unwrap_or(""))
        .bind(linli_contract::validate::name_key(login))
        .fetch_optional(db.pool())
        .await?)
}

pub async fn roles(db: &Db, user_id: i64) -> AppResult<Vec<Role>> {
    let names: Vec<String> =
        sqlx::query_scalar("SELECT role FROM user_roles WHERE user_id = $1").bind(user_id).fetch_all(db.pool()).await?;
    let mut roles: Vec<Role> = names.iter().filter_map(|n| Role::parse(n)).collect();
    roles.sort();
    Ok(roles)
}

/// Users whose display name contains `q` (case-insensitive), newest first, at most 50.
pub async fn search(db: &Db, q: &str) -> AppResult<Vec<UserSummary>> {
    let pattern = format!("%{}%", escape_like(&linli_contract::validate::name_key(q)));
    let rows: Vec<(i64, String, i64)> = sqlx::query_as(
        "SELECT id, display_name, created_at FROM users WHERE name_key LIKE $1 ESCAPE '\\' \
         ORDER BY id DESC LIMIT 50",
    )
    .bind(pattern)
    .fetch_all(db.pool())
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    for (id, display_name, member_since) in rows {
        out.push(UserSummary { id, display_name, roles: roles(db, id).await?, member_since });
    }
    Ok(out)
}

pub(crate) fn escape_like(s: &str) -> String {
    s.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")
}

pub async fn summary(db: &Db, id: i64) -> AppResult<UserSummary> {
    let user = find(db, id).await?.ok_or(AppError::code(ErrorCode::NotFound))?;
    Ok(UserSummary { id, display_name: user.display_name, roles: roles(db, id).await?, member_since: user.created_at })
}

/// Grants a role; granting one the user already has changes nothing.
pub async fn grant_role(db: &Db, user_id: i64, role: Role, by: Option<i64>) -> AppResult<()> {
    sqlx::query(
        "INSERT INTO user_roles (user_id, role, granted_at, granted_by) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (user_id, role) DO NOTHING",
    )
    .bind(user_id)
    .bind(role.as_str())
    .bind(now())
    .bind(by)
    .execute(db.pool())
    .await?;
    Ok(())
}

/// Revokes a role; refuses to remove the last moderator, so the app stays administrable.
pub async fn revoke_role(db: &Db, user_id: i64, role: Role) -> AppResult<()> {
    if !role.is_grantable() {
        return Err(AppError::code(ErrorCode::Forbidden));
    }
    // One statement after the lock, so two moderators revoking each other at once cannot both
    // succeed (SQLite: one writer; PostgreSQL: the second counts after the first committed).
    let mut tx = db.begin().await?;
    super::locks::take(db, &mut tx, super::locks::Lock::Moderators).await?;
    let removed = sqlx::query(
        "DELETE FROM user_roles WHERE user_id = $1 AND role = $2 \
         AND ($2 <> 'moderator' OR (SELECT COUNT(*) FROM user_roles WHERE role = 'moderator') > 1)",
    )
    .bind(user_id)
    .bind(role.as_str())
    .execute(&mut *tx)
    .await?
    .rows_affected();
    tx.commit().await?;
    if removed == 0 && role == Role::Moderator && roles(db, user_id).await?.contains(&Role::Moderator) {
        return Err(AppError::code(ErrorCode::LastModerator));
    }
    Ok(())
}

pub async fn count(db: &Db) -> AppResult<i64> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM users").fetch_one(db.pool()).await?)
}
