//! Keyword search that works for Chinese and English, and finds what people mean.
//!
//! Indexing. Chinese has no spaces between words and most words are two characters (冰箱, 沙发,
//! 手机), so we index every CJK character and every pair of neighbouring characters (uni- and
//! bigrams), plus the longer words jieba finds (好孩子, 婴儿推车, with a user dictionary of
//! second-hand goods, `data/search/goods-dict.txt`), and Latin/digit words lower-cased. The
//! words are computed here, in Rust, and stored pre-split, so the database only needs a plain
//! word index: FTS5 `unicode61` on SQLite, a `simple` text-search vector on PostgreSQL.
//!
//! Querying ([`Query::parse`]). The query is cut into concepts (jieba words, Latin words or
//! phrases of the synonym table). Each concept has alternatives, any of which matches: the word
//! itself (a Chinese word of three or more characters also as all its bigrams, so 婴儿车 finds
//! 婴儿推车 through 婴儿 + 推车 … and partial words match), its synonyms and translations from
//! the bilingual table ([`lexicon`]), and for Latin words of 5+ letters the indexed words one
//! edit away (two for 9+), as Meilisearch does. The database finds the candidates (any concept
//! matching, newest first, capped); [`rank`] keeps those that match most of the concepts and
//! orders them: more concepts matched first, then more of them in the title, then a BM25-like
//! score (rarer concepts weigh more, the title twice the description, the typed word above a
//! synonym above a typo correction), then newest. The ranking is computed here, so SQLite and
//! PostgreSQL give the same order.

pub mod lexicon;
mod query;

pub use lexicon::lexicon;
pub use query::{edit_distance, rank, Alt, Concept, Kind, Query, Token};

pub(crate) fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F // ideographs
        | 0x3040..=0x30FF // kana
        | 0xAC00..=0xD7AF) // hangul
}

enum Run {
    Cjk(Vec<char>),
    Word(String),
}

/// Splits text into CJK runs and words. When indexing (`join_spaces`), spaces inside Chinese
/// text do not end a run ("蓝牙音箱 小米" indexes "箱小" too), so a query typed without the
/// space still matches; in a query, a space the searcher typed does separate words.
fn runs(text: &str, join_spaces: bool) -> Vec<Run> {
    let mut out = Vec::new();
    let mut cjk = Vec::new();
    let mut word = String::new();
    for c in text.chars() {
        if is_cjk(c) {
            if !word.is_empty() {
                out.push(Run::Word(std::mem::take(&mut word)));
            }
            cjk.push(c);
            continue;
        }
        if join_spaces && c.is_whitespace() && word.is_empty() {
            continue; // a CJK run, if any, stays open across spaces
        }
        if !cjk.is_empty() {
            out.push(Run::Cjk(std::mem::take(&mut cjk)));
        }
        if c.is_alphanumeric() {
            word.extend(c.to_lowercase());
        } else if !word.is_empty() {
            out.push(Run::Word(std::mem::take(&mut word)));
        }
    }
    if !cjk.is_empty() {
        out.push(Run::Cjk(cjk));
    }
    if !word.is_empty() {
        out.push(Run::Word(word));
    }
    out
}

/// Letters and digits of a mixed word apart too: "iphone13" is also "iphone" and "13".
fn word_parts(word: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut current = String::new();
    let mut digit = None;
    for c in word.chars() {
        let d = c.is_ascii_digit();
        if digit.is_some_and(|was| was != d) {
            parts.push(std::mem::take(&mut current));
        }
        digit = Some(d);
        current.push(c);
    }
    parts.push(current);
    if parts.len() > 1 {
        parts
    } else {
        Vec::new()
    }
}

/// The singular of an English plural, so "boxes" is found by "box" ("sofas" by "sofa").
fn singulars(word: &str) -> Vec<String> {
    if word.len() < 4 || !word.is_ascii() || !word.ends_with('s') || word.ends_with("ss") {
        return Vec::new();
    }
    let mut out = vec![word[..word.len() - 1].to_string()];
    for suffix in ["xes", "ches", "shes", "sses"] {
        if word.ends_with(suffix) {
            out.push(word[..word.len() - 2].to_string());
        }
    }
    out
}

/// The words stored in the index for a text.
pub fn index_words(text: &str) -> String {
    let mut words: Vec<String> = Vec::new();
    for run in runs(text, true) {
        match run {
            Run::Cjk(chars) => {
                words.extend(chars.iter().map(|c| c.to_string()));
                words.extend(chars.windows(2).map(|w| w.iter().collect()));
                // Longer words as jieba finds them (the shorter ones are bigrams already).
                let run: String = chars.iter().collect();
                for token in lexicon().jieba.cut_for_search(&run, false) {
                    if token.word.chars().count() >= 3 {
                        words.push(token.word.to_string());
                    }
                }
            }
            Run::Word(w) => {
                words.extend(word_parts(&w));
                words.extend(singulars(&w));
                words.push(w);
            }
        }
    }
    let mut seen = std::collections::HashSet::new();
    words.retain(|w| seen.insert(w.clone()));
    words.join(" ")
}

/// The Latin words of indexed text worth remembering for typo correction (3+ letters).
pub fn vocabulary_words(index_words: &str) -> Vec<&str> {
    index_words
        .split(' ')
        .filter(|w| w.len() >= 3 && w.len() <= 32 && w.chars().all(|c| c.is_ascii_lowercase()))
        .collect()
}

/// The words a query must all match: CJK bigrams (or the single character), Latin words as
/// prefixes. Empty when the query has nothing searchable.
pub fn query_terms(query: &str) -> Vec<(String, bool)> {
    let mut terms: Vec<(String, bool)> = Vec::new();
    for run in runs(query, false) {
        match run {
            Run::Cjk(chars) if chars.len() == 1 => terms.push((chars[0].to_string(), false)),
            Run::Cjk(chars) => terms.extend(chars.windows(2).map(|w| (w.iter().collect(), false))),
            Run::Word(w) => terms.push((w, true)),
        }
    }
    terms.dedup();
    terms.truncate(16);
    terms
}

/// An FTS5 MATCH expression for the terms (quoted: user input never becomes syntax).
pub fn fts5_expr(terms: &[(String, bool)]) -> String {
    terms
        .iter()
        .map(|(t, prefix)| format!("\"{}\"{}", t.replace('"', "\"\""), if *prefix { "*" } else { "" }))
        .collect::<Vec<_>>()
        .join(" AND ")
}

/// PostgreSQL's word vector of a listing: a stored column generated from the stored words taken
/// as they are, with a GIN index (migrations/postgres/0015_feed_indexes.sql). Stored, so a row
/// checked outside the index costs a lookup, not splitting its text again.
pub const PG_ALL_VECTOR: &str = "l.search_vector";

/// A tsquery for the terms: `'冰箱' & 'sofa':*`. Quoted, so user input never becomes syntax.
pub fn tsquery(terms: &[(String, bool)]) -> String {
    terms
        .iter()
        .map(|(t, prefix)| {
            format!("'{}'{}", t.replace('\\', "\\\\").replace('\'', "''"), if *prefix { ":*" } else { "" })
        })
        .collect::<Vec<_>>()
        .join(" & ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(doc: &str, query: &str) -> bool {
        let words: Vec<String> = index_words(doc).split(' ').map(str::to_string).collect();
        let terms = query_terms(query);
        !terms.is_empty()
            && terms
                .iter()
                .all(|(t, prefix)| words.iter().any(|w| if *prefix { w.starts_with(t.as_str()) } else { w == t }))
    }

    #[test]
    fn two_character_chinese_words_are_found_inside_longer_text() {
        assert!(matches("海尔双门冰箱", "冰箱"));
        assert!(matches("海尔双门冰箱", "双门冰箱"));
        assert!(matches("海尔双门冰箱", "箱"));
        assert!(!matches("海尔双门冰箱", "冰柜"));
        assert!(!matches("冰红茶一箱", "冰箱"), "characters must be neighbours");
    }

    #[test]
    fn spaces_between_chinese_words_do_not_matter() {
        assert!(matches("蓝牙音箱 小米", "蓝牙音箱小米"));
        assert!(matches("蓝牙音箱小米", "音箱 小米"));
        assert!(!matches("冰箱，小米", "箱小"), "punctuation still separates");
        assert!(matches("海尔九成新冰箱", "海尔 冰箱"), "a typed space separates query words");
    }

    #[test]
    fn english_words_match_by_prefix_and_case_insensitively() {
        assert!(matches("Grey sofa, IKEA", "sofa"));
        assert!(matches("Grey sofa, IKEA", "Sof"));
        assert!(matches("Grey sofas", "grey sofa"));
        assert!(!matches("Grey sofa", "sofa bed"));
    }

    #[test]
    fn mixed_text_and_model_numbers() {
        assert!(matches("九成新iPhone13 128G", "iphone"));
        assert!(matches("九成新iPhone13 128G", "iPhone13"));
        assert!(matches("九成新iPhone13 128G", "13"));
        assert!(matches("九成新iPhone13 128G", "九成新 128g"));
    }

    #[test]
    fn punctuation_alone_searches_nothing_and_quotes_stay_literal() {
        assert!(query_terms("!!! ，。").is_empty());
        assert_eq!(fts5_expr(&query_terms("sofa \"OR\" 冰箱")), "\"sofa\"* AND \"or\"* AND \"冰箱\"");
        assert_eq!(tsquery(&query_terms("sofa \"OR\" 冰箱")), "'sofa':* & 'or':* & '冰箱'");
        assert_eq!(tsquery(&[("a'b\\".into(), false)]), "'a''b\\\\'");
    }
}
