//! The search index's upkeep: the Latin words seen (for typo correction) and re-indexing every
//! listing when the way text is split into words changes ([`INDEX_VERSION`]).

use super::sql::{Arg, Batch};
use super::Db;
use crate::error::AppResult;
use crate::search;

/// Bumped whenever `search::index_words` changes what it stores: listings indexed by an older
/// version are re-indexed when the server starts.
pub const INDEX_VERSION: i64 = 2;

/// Adds to `batch` what remembers the Latin words of an indexed listing (idempotent; nothing
/// when it has none).
pub fn remember(batch: &mut Batch, search_title: &str, search_body: &str) {
    let mut words: Vec<&str> = search::vocabulary_words(search_title);
    words.extend(search::vocabulary_words(search_body));
    words.sort_unstable();
    words.dedup();
    words.truncate(200);
    if words.is_empty() {
        return; // `VALUES` needs a row
    }
    batch.add(|insert| {
        insert.push("INSERT INTO search_words (word) VALUES ");
        for (i, w) in words.iter().enumerate() {
            insert.push(if i == 0 { "(" } else { ", (" }).arg(Arg::Text(w.to_string())).push(")");
        }
        insert.push(" ON CONFLICT (word) DO NOTHING");
    });
}

/// The words stored for a listing's title and its searchable body.
pub fn index_of(title: &str, description: &str, swap_for: Option<&str>) -> (String, String) {
    // What is wanted in a swap is searchable too ("换 自行车").
    let body = format!("{} {}", description, swap_for.unwrap_or(""));
    (search::index_words(title), search::index_words(&body))
}

/// Re-indexes every listing when the index is older than [`INDEX_VERSION`] (at start-up; a
/// second server starting at once does the same work again, harmlessly).
pub async fn reindex_if_needed(db: &Db) -> AppResult<()> {
    let version: Option<i64> =
        sqlx::query_scalar("SELECT version FROM search_index WHERE id = 1").fetch_optional(db.pool()).await?;
    if version.is_some_and(|v| v >= INDEX_VERSION) {
        return Ok(());
    }
    let mut after = 0i64;
    loop {
        let rows: Vec<(i64, String, String, Option<String>)> =
            sqlx::query_as("SELECT id, title, description, swap_for FROM listings WHERE id > $1 ORDER BY id LIMIT 500")
                .bind(after)
                .fetch_all(db.pool())
                .await?;
        let Some(last) = rows.last().map(|r| r.0) else { break };
        let mut tx = db.begin().await?;
        for (id, title, description, swap_for) in rows {
            let (t, b) = index_of(&title, &description, swap_for.as_deref());
            sqlx::query("UPDATE listings SET search_title = $1, search_body = $2 WHERE id = $3")
                .bind(&t)
                .bind(&b)
                .bind(id)
                .execute(&mut *tx)
                .await?;
            let mut batch = Batch::new(db.backend());
            remember(&mut batch, &t, &b);
            batch.run(&mut tx).await?;
        }
        tx.commit().await?;
        after = last;
    }
    sqlx::query(
        "INSERT INTO search_index (id, version) VALUES (1, $1) ON CONFLICT (id) DO UPDATE SET version = excluded.version",
    )
    .bind(INDEX_VERSION)
    .execute(db.pool())
    .await?;
    Ok(())
}
