//! The two languages Linli speaks: Chinese (default) and English.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Lang {
    #[default]
    #[serde(rename = "zh-CN")]
    Zh,
    #[serde(rename = "en")]
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Zh, Lang::En];

    /// BCP 47 tag, as used in `<html lang>` and `Accept-Language`.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "zh" => Some(Lang::Zh),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// Picks the language from an `Accept-Language` header: the first supported tag with the
    /// highest quality wins; Chinese when nothing matches (our users' default).
    pub fn from_accept_language(header: &str) -> Lang {
        let mut best: Option<(f32, Lang)> = None;
        for part in header.split(',') {
            let mut pieces = part.split(';');
            let Some(lang) = pieces.next().and_then(Lang::from_tag) else {
                continue;
            };
            let q = pieces.find_map(|p| p.trim().strip_prefix("q=")).and_then(|q| q.parse::<f32>().ok()).unwrap_or(1.0);
            if best.is_none_or(|(bq, _)| q > bq) {
                best = Some((q, lang));
            }
        }
        best.map(|(_, l)| l).unwrap_or_default()
    }

    /// Picks the text in this language.
    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_prefers_highest_quality_supported_tag() {
        assert_eq!(Lang::from_accept_language("en-US,en;q=0.9,zh-CN;q=0.8"), Lang::En);
        assert_eq!(Lang::from_accept_language("fr;q=1, zh-CN;q=0.5, en;q=0.4"), Lang::Zh);
        assert_eq!(Lang::from_accept_language("de"), Lang::Zh);
        assert_eq!(Lang::from_accept_language(""), Lang::Zh);
        assert_eq!(Lang::from_accept_language("zh-TW"), Lang::Zh);
    }

    #[test]
    fn serialises_as_bcp47_tags() {
        assert_eq!(serde_json::to_string(&Lang::Zh).unwrap(), "\"zh-CN\"");
        assert_eq!(serde_json::from_str::<Lang>("\"en\"").unwrap(), Lang::En);
    }
}
