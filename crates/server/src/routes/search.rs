//! Search suggestions as you type: anyone may ask (a read, like the feed).

use crate::db::listings;
use crate::error::AppResult;
use crate::extract::Json;
use crate::search;
use crate::AppState;
use axum::extract::{Query, State};
use linli_contract::listing::{SearchQuery, Sort};
use linli_contract::search::{SuggestQuery, Suggestions, MAX_SUGGEST_QUERY};
use linli_contract::ApiError;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(suggest))
}

/// At most this many suggestions.
const MAX: usize = 8;

/// Completions from the synonym table and from the titles of listings that match, and a
/// corrected query when a long Latin word is one or two edits from a known word.
#[utoipa::path(get, path = "/search/suggest", operation_id = "search_suggest", tag = "listings", params(SuggestQuery),
    responses((status = 200, body = Suggestions), (status = 422, body = ApiError)))]
async fn suggest(State(state): State<AppState>, Query(q): Query<SuggestQuery>) -> AppResult<Json<Suggestions>> {
    let typed: String = q.q.unwrap_or_default().chars().take(MAX_SUGGEST_QUERY).collect();
    let prefix = search::lexicon::normalise(&typed);
    if prefix.is_empty() {
        return Ok(Json(Suggestions::default()));
    }
    let mut out: Vec<String> = Vec::new();
    // Words of the synonym table that begin with what was typed: marketplace words first,
    // then shortest first.
    let lex = search::lexicon();
    let mut words: Vec<&str> = lex.words().filter(|w| w.starts_with(prefix.as_str()) && *w != prefix).collect();
    words.sort_by_key(|w| (!lex.is_curated(w), w.chars().count(), *w));
    out.extend(words.into_iter().take(MAX / 2).map(str::to_string));
    // Titles of the best matches.
    let query =
        SearchQuery { q: Some(typed.clone()), sort: Some(Sort::BestMatch), limit: Some(MAX), ..Default::default() };
    let page = listings::search_at(&state.db, &query, state.now()).await?;
    for card in page.items {
        if out.len() >= MAX {
            break;
        }
        if !out.contains(&card.title) {
            out.push(card.title);
        }
    }
    // Did you mean: each mistyped word replaced by its nearest known word.
    let parsed = listings::search_query(&state.db, &typed).await?;
    let mut corrected = prefix.clone();
    let mut changed = false;
    for c in &parsed.concepts {
        if let Some(best) = c.corrections.first() {
            if !listings::word_known(&state.db, &c.typed).await? {
                corrected = corrected.replace(&c.typed, best);
                changed = true;
            }
        }
    }
    // The vocabulary keeps the words of listings since withdrawn or hidden: a correction is
    // offered only when it finds something a visitor may see, so it reveals nothing else.
    if changed {
        let check = SearchQuery { q: Some(corrected.clone()), limit: Some(1), ..Default::default() };
        changed = !listings::search_at(&state.db, &check, state.now()).await?.items.is_empty();
    }
    Ok(Json(Suggestions { suggestions: out, did_you_mean: changed.then_some(corrected) }))
}
