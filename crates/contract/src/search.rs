//! Search suggestions as you type (`GET /search/suggest`).

use serde::{Deserialize, Serialize};

/// Longest query the suggestions look at (longer input is cut, never an error).
pub const MAX_SUGGEST_QUERY: usize = 50;

/// `GET /search/suggest` query.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
pub struct SuggestQuery {
    /// What has been typed so far, Chinese or English.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
}

/// Completions for what has been typed, and a corrected query when a word looks mistyped.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Suggestions {
    /// Words of the synonym table and titles of matching listings, best first (at most 8).
    pub suggestions: Vec<String>,
    /// The query with its mistyped words corrected ("laptob" → "laptop"), when there are any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub did_you_mean: Option<String>,
}
