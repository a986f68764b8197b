//! A parsed query (concepts with alternatives), its database conditions and the ranking.

use super::lexicon::{lexicon, normalise};
use super::{is_cjk, runs, Run};
use std::collections::HashSet;

/// One indexed word to look for; Latin words the searcher typed match as prefixes.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Token {
    pub text: String,
    pub prefix: bool,
}

/// How an alternative relates to what was typed: the ranking prefers the typed word.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    Exact,
    Synonym,
    Typo,
}

impl Kind {
    fn weight(self) -> f64 {
        match self {
            Kind::Exact => 1.0,
            Kind::Synonym => 0.8,
            Kind::Typo => 0.6,
        }
    }
}

/// Words that must all be present (a phrase or a long Chinese word as its bigrams).
#[derive(Debug, Clone, PartialEq)]
pub struct Alt {
    pub tokens: Vec<Token>,
    pub kind: Kind,
}

/// Something the searcher asked for: any of its alternatives matches it.
#[derive(Debug, Clone, PartialEq)]
pub struct Concept {
    /// What was typed (normalised), for typo correction and suggestions.
    pub typed: String,
    /// Known words within the allowed edits of what was typed, nearest first.
    pub corrections: Vec<String>,
    pub alts: Vec<Alt>,
}

/// A parsed query.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Query {
    pub concepts: Vec<Concept>,
}

/// Words that say nothing about the item (dropped when the query has other words).
const STOP: &[&str] = &[
    "的", "了", "和", "与", "及", "是", "在", "有", "个", "一个", "出", "卖", "转", "转让", "出售", "求", "求购", "急",
    "便宜", "the", "a", "an", "and", "or", "for", "of", "with", "to", "in", "on",
];

const MAX_CONCEPTS: usize = 8;

fn latin_tokens(phrase: &str) -> Vec<Token> {
    runs(phrase, false)
        .into_iter()
        .flat_map(|r| match r {
            Run::Word(w) => vec![Token { text: w, prefix: false }],
            Run::Cjk(chars) => cjk_alts(&chars.iter().collect::<String>()).into_iter().next().unwrap_or_default(),
        })
        .collect()
}

/// The ways a Chinese word can be found: whole (a unigram, a bigram or a jieba word), and a
/// word of three or more characters also as all its bigrams.
fn cjk_alts(word: &str) -> Vec<Vec<Token>> {
    let chars: Vec<char> = word.chars().collect();
    let whole = vec![Token { text: word.to_string(), prefix: false }];
    if chars.len() <= 2 {
        return vec![whole];
    }
    let bigrams = chars.windows(2).map(|w| Token { text: w.iter().collect(), prefix: false }).collect();
    vec![whole, bigrams]
}

/// A noun with the suffix 子 is also found by its first character, as in compounds: 梯子 by
/// 人字梯, 镜子 by 全身镜, 靴子 by 马丁靴.
fn noun_stem(word: &str, kind: Kind) -> Vec<Alt> {
    let chars: Vec<char> = word.chars().collect();
    match chars[..] {
        [first, '子'] if first != '孩' && first != '日' => {
            vec![Alt { tokens: vec![Token { text: first.to_string(), prefix: false }], kind }]
        }
        _ => Vec::new(),
    }
}

/// The alternatives of a synonym (any language): its words, exact.
fn synonym_alts(word: &str, kind: Kind) -> Vec<Alt> {
    if word.chars().all(is_cjk) {
        let mut alts: Vec<Alt> = cjk_alts(word).into_iter().map(|tokens| Alt { tokens, kind }).collect();
        alts.extend(noun_stem(word, kind));
        alts
    } else {
        let tokens = latin_tokens(word);
        if tokens.is_empty() {
            Vec::new()
        } else {
            vec![Alt { tokens, kind }]
        }
    }
}

/// A Latin word's singular-ish stem for matching and synonym look-up ("sofas" → "sofa").
fn stem(word: &str) -> &str {
    if word.len() >= 4 && word.ends_with('s') && !word.ends_with("ss") && word.is_ascii() {
        &word[..word.len() - 1]
    } else {
        word
    }
}

impl Concept {
    fn push(&mut self, alts: Vec<Alt>) {
        for a in alts {
            if !self.alts.iter().any(|b| b.tokens == a.tokens) {
                self.alts.push(a);
            }
        }
    }

    fn add_synonyms(&mut self, word: &str, kind: Kind) {
        let lex = lexicon();
        for s in lex.synonyms(word) {
            self.push(synonym_alts(s, kind));
        }
    }

    fn cjk(word: &str) -> Concept {
        let mut c = Concept {
            typed: word.to_string(),
            corrections: Vec::new(),
            alts: cjk_alts(word).into_iter().map(|tokens| Alt { tokens, kind: Kind::Exact }).collect(),
        };
        c.push(noun_stem(word, Kind::Synonym));
        c.add_synonyms(word, Kind::Synonym);
        c
    }

    fn latin(words: &[String]) -> Concept {
        let phrase = words.join(" ");
        let tokens: Vec<Token> = if words.len() == 1 {
            let part_stem = stem(&words[0]);
            vec![Token { text: part_stem.to_string(), prefix: true }]
        } else {
            words.iter().map(|w| Token { text: w.clone(), prefix: false }).collect()
        };
        let mut c =
            Concept { typed: phrase.clone(), corrections: Vec::new(), alts: vec![Alt { tokens, kind: Kind::Exact }] };
        c.add_synonyms(&phrase, Kind::Synonym);
        if words.len() == 1 && stem(&phrase) != phrase {
            c.add_synonyms(stem(&phrase), Kind::Synonym);
        }
        c
    }

    /// Latin words of 5+ letters typed in this concept, for typo correction.
    pub fn typo_word(&self) -> Option<&str> {
        let w = self.typed.as_str();
        (w.len() >= 5 && w.chars().all(|c| c.is_ascii_lowercase())).then_some(w)
    }

    /// Adds the words of `vocabulary` within the allowed edits of what was typed (one for 5+
    /// letters, two for 9+; the first letter must match), and their synonyms.
    pub fn add_corrections<'a>(&mut self, vocabulary: impl IntoIterator<Item = &'a str>) {
        let Some(typed) = self.typo_word().map(str::to_string) else { return };
        let max = if typed.len() >= 9 { 2 } else { 1 };
        let mut found: Vec<(usize, String)> = Vec::new();
        for w in vocabulary {
            if w.len().abs_diff(typed.len()) > max || w.as_bytes().first() != typed.as_bytes().first() {
                continue;
            }
            let d = edit_distance(&typed, w);
            if d > 0 && d <= max && !found.iter().any(|(_, f)| f == w) {
                found.push((d, w.to_string()));
            }
        }
        found.sort();
        found.truncate(4);
        self.corrections = found.iter().map(|(_, w)| w.clone()).collect();
        for (_, w) in found {
            self.push(vec![Alt { tokens: vec![Token { text: w.clone(), prefix: false }], kind: Kind::Typo }]);
            let syns: Vec<&str> = lexicon().synonyms(&w);
            for s in syns {
                self.push(synonym_alts(s, Kind::Typo));
            }
        }
    }
}

/// A phrase of the table typed without its space ("ricecooker", "powerbank"), as its words.
fn split_compound(word: &str) -> Option<Vec<String>> {
    let lex = lexicon();
    if word.len() < 6 || !word.is_ascii() || lex.has_phrase(word) || lex.is_latin_word(word) {
        return None;
    }
    (3..=word.len() - 3)
        .map(|k| format!("{} {}", &word[..k], &word[k..]))
        .find(|phrase| lex.has_phrase(phrase))
        .map(|phrase| phrase.split(' ').map(str::to_string).collect())
}

/// Two typed words that are a phrase of the table but for a typo in one of them, within the
/// edits allowed for a single word ("rice coker" → "rice cooker"), as the phrase's words.
fn near_phrase(a: &str, b: &str) -> Option<Vec<String>> {
    let lex = lexicon();
    let near = |typed: &str| -> Vec<&String> {
        let max = if typed.len() >= 9 { 2 } else { 1 };
        let first = typed.as_bytes().first().copied();
        lex.latin_words
            .iter()
            .filter(|w| w.as_bytes().first().copied() == first && w.len().abs_diff(typed.len()) <= max)
            .filter(|w| edit_distance(typed, w) <= max)
            .collect()
    };
    let typo = |w: &str| w.len() >= 5 && w.bytes().all(|c| c.is_ascii_lowercase()) && !lex.is_latin_word(w);
    if typo(b) {
        if let Some(fixed) = near(b).into_iter().find(|w| lex.has_phrase(&format!("{a} {w}"))) {
            return Some(vec![a.to_string(), fixed.clone()]);
        }
    }
    if typo(a) {
        if let Some(fixed) = near(a).into_iter().find(|w| lex.has_phrase(&format!("{w} {b}"))) {
            return Some(vec![fixed.clone(), b.to_string()]);
        }
    }
    None
}

/// Optimal string alignment distance (a swap of neighbours is one edit), on bytes (ASCII).
pub fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            d[i][j] = (d[i - 1][j] + 1).min(d[i][j - 1] + 1).min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
            }
        }
    }
    d[a.len()][b.len()]
}

impl Query {
    /// Cuts a query into concepts. Empty when nothing in it is searchable.
    pub fn parse(text: &str) -> Query {
        let lex = lexicon();
        let mut concepts: Vec<Concept> = Vec::new();
        let mut latin: Vec<String> = Vec::new();
        let flush = |latin: &mut Vec<String>, concepts: &mut Vec<Concept>| {
            // Longest phrases of the synonym table first ("rice cooker"), else word by word.
            let mut i = 0;
            while i < latin.len() {
                let mut n = lex.max_phrase_words.min(latin.len() - i).min(4);
                while n > 1 && !lex.has_phrase(&latin[i..i + n].join(" ")) {
                    n -= 1;
                }
                if n == 1 {
                    if let Some(words) = split_compound(&latin[i]) {
                        concepts.push(Concept::latin(&words));
                        i += 1;
                        continue;
                    }
                    if let Some(words) = latin.get(i + 1).and_then(|next| near_phrase(&latin[i], next)) {
                        let mut c = Concept::latin(&words);
                        c.corrections = vec![c.typed.clone()];
                        c.typed = latin[i..i + 2].join(" ");
                        concepts.push(c);
                        i += 2;
                        continue;
                    }
                }
                concepts.push(Concept::latin(&latin[i..i + n]));
                i += n;
            }
            latin.clear();
        };
        for run in runs(text, false) {
            match run {
                Run::Word(w) => latin.push(normalise(&w)),
                Run::Cjk(chars) => {
                    flush(&mut latin, &mut concepts);
                    let run: String = chars.iter().collect();
                    let mut pending = String::new();
                    for token in lex.jieba.cut(&run, false) {
                        // Single characters jieba could not place stay together (a name it
                        // does not know), matched as bigrams.
                        if token.word.chars().count() == 1 {
                            pending.push_str(token.word);
                            continue;
                        }
                        if !pending.is_empty() {
                            concepts.push(Concept::cjk(&std::mem::take(&mut pending)));
                        }
                        concepts.push(Concept::cjk(token.word));
                    }
                    if !pending.is_empty() {
                        concepts.push(Concept::cjk(&pending));
                    }
                }
            }
        }
        flush(&mut latin, &mut concepts);
        concepts.retain(|c| !c.typed.is_empty() && !c.alts.is_empty());
        let mut seen = HashSet::new();
        concepts.retain(|c| seen.insert(c.typed.clone()));
        if concepts.iter().any(|c| !STOP.contains(&c.typed.as_str())) {
            concepts.retain(|c| !STOP.contains(&c.typed.as_str()));
        }
        concepts.truncate(MAX_CONCEPTS);
        Query { concepts }
    }

    pub fn is_empty(&self) -> bool {
        self.concepts.is_empty()
    }

    /// How many concepts a listing must match to be shown: most of them.
    pub fn required(&self) -> usize {
        let n = self.concepts.len();
        (n - n / 2).max(1)
    }

    /// The FTS5 MATCH expression: concepts joined by `op` ("OR": any, "AND": every one).
    pub fn fts5(&self, op: &str) -> String {
        let quote = |t: &Token| format!("\"{}\"{}", t.text.replace('"', "\"\""), if t.prefix { "*" } else { "" });
        self.expression(quote, ("AND", "OR"), op)
    }

    /// The tsquery literal (PostgreSQL), the same shape: `|` for any, `&` for every concept.
    pub fn tsquery(&self, op: &str) -> String {
        let quote = |t: &Token| {
            format!("'{}'{}", t.text.replace('\\', "\\\\").replace('\'', "''"), if t.prefix { ":*" } else { "" })
        };
        self.expression(quote, ("&", "|"), op)
    }

    /// Concepts joined by `op`; each concept any of its alternatives (`or`), each alternative
    /// all of its tokens (`and`), every token written by `quote`.
    fn expression(&self, quote: impl Fn(&Token) -> String, (and, or): (&str, &str), op: &str) -> String {
        let alternative =
            |a: &Alt| format!("({})", a.tokens.iter().map(&quote).collect::<Vec<_>>().join(&format!(" {and} ")));
        self.concepts
            .iter()
            .map(|c| format!("({})", c.needed_alts().map(alternative).collect::<Vec<_>>().join(&format!(" {or} "))))
            .collect::<Vec<_>>()
            .join(&format!(" {op} "))
    }
}

impl Concept {
    /// The alternatives the database must look for: one that needs every token of another
    /// (笔记 记本 本电 电脑 beside 笔记 记本) finds nothing more, and each one costs PostgreSQL
    /// time on every listing it checks. The ranking still sees them all.
    fn needed_alts(&self) -> impl Iterator<Item = &Alt> {
        let covers = |small: &Alt, big: &Alt| small.tokens.iter().all(|t| big.tokens.contains(t));
        self.alts
            .iter()
            .enumerate()
            .filter(move |(i, a)| {
                !self.alts.iter().enumerate().any(|(j, b)| j != *i && covers(b, a) && (!covers(a, b) || j < *i))
            })
            .map(|(_, a)| a)
    }
}

/// A listing's indexed words, split.
struct Fields<'a> {
    title: HashSet<&'a str>,
    body: HashSet<&'a str>,
    title_len: usize,
}

fn has(words: &HashSet<&str>, t: &Token) -> bool {
    words.contains(t.text.as_str()) || (t.prefix && words.iter().any(|w| w.starts_with(t.text.as_str())))
}

/// Where a concept matched a listing: (in the title, best kind's weight), or None.
fn concept_match(c: &Concept, f: &Fields) -> Option<(bool, f64)> {
    let mut best: Option<(bool, f64)> = None;
    for a in &c.alts {
        let in_title = a.tokens.iter().all(|t| has(&f.title, t));
        let anywhere = in_title || a.tokens.iter().all(|t| has(&f.title, t) || has(&f.body, t));
        if !anywhere {
            continue;
        }
        let w = a.kind.weight() * if in_title { 2.0 } else { 1.0 };
        if best.is_none_or(|(_, bw)| w > bw) {
            best = Some((in_title, w));
        }
    }
    best
}

/// Orders candidates `(id, search_title, search_body)` by relevance and drops those that match
/// fewer than [`Query::required`] concepts. Deterministic: ties go to the newest (highest id).
pub fn rank(query: &Query, candidates: &[(i64, String, String)]) -> Vec<i64> {
    let docs: Vec<(i64, Fields)> = candidates
        .iter()
        .map(|(id, t, b)| {
            let title: HashSet<&str> = t.split(' ').filter(|w| !w.is_empty()).collect();
            let title_len = title.len();
            (*id, Fields { title, body: b.split(' ').filter(|w| !w.is_empty()).collect(), title_len })
        })
        .collect();
    let matches: Vec<Vec<Option<(bool, f64)>>> =
        docs.iter().map(|(_, f)| query.concepts.iter().map(|c| concept_match(c, f)).collect()).collect();
    let n = docs.len() as f64;
    let idf: Vec<f64> = (0..query.concepts.len())
        .map(|i| {
            let df = matches.iter().filter(|m| m[i].is_some()).count() as f64;
            (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
        })
        .collect();
    let avg_len = (docs.iter().map(|(_, f)| f.title_len).sum::<usize>() as f64 / n.max(1.0)).max(1.0);
    let required = query.required();
    let mut scored: Vec<(usize, usize, usize, f64, i64)> = docs
        .iter()
        .zip(&matches)
        .filter_map(|((id, f), m)| {
            let coverage = m.iter().filter(|x| x.is_some()).count();
            if coverage < required {
                return None;
            }
            let in_title = m.iter().filter(|x| x.is_some_and(|(t, _)| t)).count();
            // Concepts found as typed (weight of an exact match, title or not).
            let exact = m.iter().filter(|x| x.is_some_and(|(t, w)| w >= if t { 2.0 } else { 1.0 })).count();
            let norm = 0.75 + 0.25 * f.title_len as f64 / avg_len;
            let score: f64 = m.iter().zip(&idf).filter_map(|(x, idf)| x.map(|(_, w)| w * idf)).sum::<f64>() / norm;
            // Rounded, so float noise never decides an order.
            Some((coverage, in_title, exact, (score * 1e6).round(), *id))
        })
        .collect();
    scored.sort_by(|a, b| {
        b.0.cmp(&a.0).then(b.1.cmp(&a.1)).then(b.2.cmp(&a.2)).then(b.3.total_cmp(&a.3)).then(b.4.cmp(&a.4))
    });
    scored.into_iter().map(|s| s.4).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::index_words;

    /// Ranks titles (no description) for a query, as titles.
    fn search(docs: &[&str], q: &str) -> Vec<String> {
        let rows: Vec<(i64, String, String)> =
            docs.iter().enumerate().map(|(i, d)| (i as i64 + 1, index_words(d), String::new())).collect();
        let mut query = Query::parse(q);
        let vocab: Vec<String> =
            rows.iter().flat_map(|r| crate::search::vocabulary_words(&r.1).into_iter().map(str::to_string)).collect();
        for c in &mut query.concepts {
            c.add_corrections(vocab.iter().map(String::as_str).chain(lexicon().latin_words.iter().map(String::as_str)));
        }
        rank(&query, &rows).into_iter().map(|id| docs[id as usize - 1].to_string()).collect()
    }

    const DOCS: &[&str] = &[
        "好孩子婴儿推车 可折叠",
        "海尔双门冰箱",
        "Bosch fridge freezer",
        "宜家三人沙发",
        "Grey sofa, IKEA",
        "美的电饭煲 4L",
        "Rice cooker, Panasonic",
        "ThinkPad laptop 14 inch",
        "苹果手机 iPhone 12",
        "冰红茶一箱",
        "儿童自行车 16寸",
    ];

    #[test]
    fn the_issue_examples_find_the_item() {
        assert!(search(DOCS, "婴儿车").contains(&DOCS[0].to_string()), "{:?}", search(DOCS, "婴儿车"));
        let fridge = search(DOCS, "fridge");
        assert!(fridge.contains(&DOCS[1].to_string()) && fridge.contains(&DOCS[2].to_string()), "{fridge:?}");
        assert_eq!(fridge[0], DOCS[2], "the typed word ranks above its translation");
        let sofa = search(DOCS, "sofa");
        assert!(sofa.contains(&DOCS[3].to_string()) && sofa.contains(&DOCS[4].to_string()), "{sofa:?}");
        let sofa = search(DOCS, "沙发");
        assert!(sofa.contains(&DOCS[3].to_string()) && sofa.contains(&DOCS[4].to_string()), "{sofa:?}");
        let rice = search(DOCS, "电饭锅");
        assert!(rice.contains(&DOCS[5].to_string()) && rice.contains(&DOCS[6].to_string()), "{rice:?}");
        assert_eq!(search(DOCS, "laptob"), vec![DOCS[7].to_string()]);
        assert!(!search(DOCS, "冰箱").contains(&DOCS[9].to_string()), "characters must be neighbours");
    }

    #[test]
    fn most_words_are_enough_and_rank_below_all_words() {
        let r = search(DOCS, "海尔 冰箱");
        assert_eq!(r[0], DOCS[1]);
        assert!(r.contains(&DOCS[2].to_string()), "{r:?}");
        assert!(search(DOCS, "iphone 12").starts_with(&[DOCS[8].to_string()]));
    }

    #[test]
    fn a_phrase_typed_without_its_space_or_with_a_typo_is_the_phrase() {
        let titles = ["Midea rice cooker 4L", "Philips air fryer", "rice noodles"];
        for q in ["ricecooker", "rice coker", "电饭煲"] {
            assert_eq!(search(&titles, q).first().map(String::as_str), Some("Midea rice cooker 4L"), "{q}");
        }
        assert_eq!(search(&titles, "airfryer").first().map(String::as_str), Some("Philips air fryer"));
        let q = Query::parse("rice coker");
        assert_eq!(
            (q.concepts[0].typed.as_str(), q.concepts[0].corrections.clone()),
            ("rice coker", vec!["rice cooker".to_string()])
        );
    }

    #[test]
    fn typos_one_edit_from_five_letters_two_from_nine() {
        assert_eq!(edit_distance("laptob", "laptop"), 1);
        assert_eq!(edit_distance("fridge", "firdge"), 1);
        assert!(search(DOCS, "fridg").contains(&DOCS[2].to_string()), "a prefix");
        assert!(search(DOCS, "sofq").is_empty(), "four letters: no typo allowed");
        assert!(!search(DOCS, "rifrigerater").is_empty(), "two edits at 9+ letters");
        assert!(search(DOCS, "lapdob").is_empty(), "two edits at 6 letters");
    }

    #[test]
    fn conditions_quote_user_input() {
        let q = Query::parse("sofa \"NEAR\" it's 冰箱");
        assert!(q.fts5("AND").contains("(\"near\"*)"), "{}", q.fts5("AND"));
        assert!(q.tsquery("&").contains("('near':*)"), "{}", q.tsquery("&"));
        assert!(Query::parse("!!! ，。").is_empty());
    }

    #[test]
    fn the_database_is_not_asked_for_alternatives_another_one_already_finds() {
        let q = Query::parse("笔记本电脑");
        let all: Vec<&Alt> = q.concepts[0].alts.iter().collect();
        let needed: Vec<&Alt> = q.concepts[0].needed_alts().collect();
        assert!(needed.len() < all.len(), "{all:?}");
        let expr = q.tsquery("|");
        assert!(expr.contains("('笔记' & '记本')"), "{expr}");
        assert!(!expr.contains("'笔记' & '记本' & '本电' & '电脑'"), "{expr}");
        // Whatever an alternative left out matches, one that is kept matches too.
        for a in &all {
            assert!(needed.iter().any(|n| n.tokens.iter().all(|t| a.tokens.contains(t))), "{a:?}");
        }
    }
}
