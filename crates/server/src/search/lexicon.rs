//! The words search knows: jieba's dictionary with second-hand goods words added, and the
//! bilingual synonym table (hand-curated marketplace words plus goods nouns derived from
//! CC-CEDICT, `data/search/`). Loaded once per process.

use jieba_rs::Jieba;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

/// Second-hand goods words jieba should keep whole (one word a line, `word [freq]`).
const GOODS_DICT: &str = include_str!("../../data/search/goods-dict.txt");
/// Hand-curated synonym groups: `word|word|…` a line.
const MARKETPLACE: &str = include_str!("../../data/search/marketplace-synonyms.tsv");
/// Goods nouns from CC-CEDICT: `simplified<TAB>gloss|gloss…` a line.
const CEDICT: &str = include_str!("../../data/search/cedict-goods.tsv");

pub struct Lexicon {
    pub jieba: Jieba,
    /// Groups of words that mean the same thing (normalised: lower case, single spaces).
    groups: Vec<Vec<String>>,
    /// Word → the groups it is in.
    by_word: HashMap<String, Vec<u32>>,
    /// Latin words of the synonym table, for typo correction.
    pub latin_words: Vec<String>,
    /// The longest phrase of the table in Latin words.
    pub max_phrase_words: usize,
    /// How many of the groups are hand-curated (they come first).
    curated: usize,
}

/// Lower case, single spaces, no surrounding punctuation.
pub fn normalise(word: &str) -> String {
    word.split(|c: char| !(c.is_alphanumeric() || super::is_cjk(c)))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

fn is_cjk_word(w: &str) -> bool {
    w.chars().all(super::is_cjk)
}

impl Lexicon {
    fn load() -> Lexicon {
        let mut groups: Vec<Vec<String>> = Vec::new();
        for line in MARKETPLACE.lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            groups.push(line.split('|').map(normalise).filter(|w| !w.is_empty()).collect());
        }
        let curated = groups.len();
        for line in CEDICT.lines() {
            if line.starts_with('#') {
                continue;
            }
            let Some((zh, en)) = line.split_once('\t') else { continue };
            let mut group = vec![normalise(zh)];
            group.extend(en.split('|').map(normalise).filter(|w| !w.is_empty()));
            groups.push(group);
        }
        let mut by_word: HashMap<String, Vec<u32>> = HashMap::new();
        let mut latin: HashSet<String> = HashSet::new();
        let mut max_phrase_words = 1;
        for (i, group) in groups.iter().enumerate() {
            for w in group {
                let ids = by_word.entry(w.clone()).or_default();
                if !ids.contains(&(i as u32)) {
                    ids.push(i as u32);
                }
                if !is_cjk_word(w) {
                    max_phrase_words = max_phrase_words.max(w.split(' ').count());
                    latin.extend(
                        w.split(' ')
                            .filter(|p| p.len() >= 3 && p.chars().all(|c| c.is_ascii_alphabetic()))
                            .map(str::to_string),
                    );
                }
            }
        }
        let mut jieba = Jieba::new();
        for line in GOODS_DICT.lines() {
            let mut parts = line.split_whitespace();
            if let Some(word) = parts.next().filter(|w| !w.starts_with('#')) {
                let freq = parts.next().and_then(|f| f.parse().ok());
                jieba.add_word(word, freq, None);
            }
        }
        // Every Chinese word of the synonym table is a word for jieba too, so a query keeps it
        // whole and finds its synonyms.
        for w in by_word.keys().filter(|w| w.chars().count() >= 2 && is_cjk_word(w)) {
            if !jieba.has_word(w) {
                jieba.add_word(w, None, None);
            }
        }
        let mut latin_words: Vec<String> = latin.into_iter().collect();
        latin_words.sort();
        Lexicon { jieba, groups, by_word, latin_words, max_phrase_words, curated }
    }

    /// The words that mean the same as `word` (normalised), itself excluded, in table order.
    pub fn synonyms(&self, word: &str) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for &g in self.by_word.get(word).map(Vec::as_slice).unwrap_or(&[]) {
            for w in &self.groups[g as usize] {
                if w != word && !out.contains(&w.as_str()) {
                    out.push(w);
                }
            }
        }
        out.truncate(24);
        out
    }

    pub fn has_phrase(&self, phrase: &str) -> bool {
        self.by_word.contains_key(phrase)
    }

    /// Whether a Latin word is one of the table's (alone or inside a phrase).
    pub fn is_latin_word(&self, word: &str) -> bool {
        self.latin_words.binary_search_by(|w| w.as_str().cmp(word)).is_ok()
    }

    /// How many groups the table has.
    pub fn len(&self) -> usize {
        self.groups.len()
    }

    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }

    /// Whether a word is in a hand-curated group (marketplace words, suggested first).
    pub fn is_curated(&self, word: &str) -> bool {
        self.by_word.get(word).is_some_and(|g| g.iter().any(|&i| (i as usize) < self.curated))
    }

    /// Every word of the table (for suggestions), in no particular order.
    pub fn words(&self) -> impl Iterator<Item = &str> {
        self.by_word.keys().map(String::as_str)
    }
}

/// The lexicon, loaded on first use (jieba's dictionary takes a moment: once per process).
pub fn lexicon() -> &'static Lexicon {
    static LEXICON: LazyLock<Lexicon> = LazyLock::new(Lexicon::load);
    &LEXICON
}
