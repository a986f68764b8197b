//! "What goes where" (这个怎么扔): the bilingual item table `data/recycling-items.tsv`, searched
//! with the listings' tokenisation ([`crate::search`]): CJK uni- and bigrams, Latin words by
//! prefix. Lookups are forgiving where listings are strict: an item matches when at least
//! half of the query's terms do (so "旧电池" finds "电池"), and a Latin word one or two
//! letters off still counts ("microwve", "batery"). The table is small and read-only, so it
//! lives in memory.

use crate::search::{index_words, query_terms};
use linli_contract::community::Localized;
use linli_contract::recycling::{Material, WasteClass};
use linli_contract::Lang;
use std::sync::LazyLock;

const DATA: &str = include_str!("../data/recycling-items.tsv");

#[derive(Debug, Clone)]
pub struct Item {
    /// Names as written, synonyms separated by `/` (the first is the display name).
    pub zh: String,
    pub en: String,
    pub materials: Vec<Material>,
    pub class: WasteClass,
    pub reusable: bool,
    pub tip: Localized,
    /// Indexed words of every name (both languages).
    words: Vec<String>,
    /// Indexed words of each name on its own, for ranking exact hits first.
    names: Vec<String>,
}

impl Item {
    pub fn name(&self) -> Localized {
        let first = |s: &str| s.split('/').next().unwrap_or(s).trim().to_string();
        Localized { zh: first(&self.zh), en: first(&self.en) }
    }
}

/// A material's tip when the item has none of its own.
pub fn default_tip(materials: &[Material], class: WasteClass, lang: Lang) -> &'static str {
    use Material::*;
    match materials.first() {
        Some(Paper | Newspaper | Books) => lang.pick("保持干燥，叠放整齐", "Keep it dry and stack it flat"),
        Some(Cardboard | BeverageCartons) => lang.pick("清空压扁", "Empty and flatten it"),
        Some(PlasticBottles | PlasticPackaging | Plastic | Cans | GlassBottles | Glass) => {
            lang.pick("倒空并冲洗干净", "Empty and rinse it")
        }
        Some(ScrapMetal) => lang.pick("去掉非金属部分", "Take off any non-metal parts"),
        Some(Clothes | Shoes | Textiles) => lang.pick("洗净晾干后装袋", "Wash, dry and bag it"),
        Some(SmallAppliances | ElectricalAppliances | Computers | MobilePhones) => {
            lang.pick("保持完整，不要拆解；先清除个人数据", "Keep it whole, do not dismantle it; wipe personal data")
        }
        Some(Batteries | CarBatteries) => lang.pick("用胶带封住电极", "Tape over the contacts"),
        Some(LowEnergyBulbs | HazardousWaste) => lang.pick("完整投放，不要打碎", "Drop it off whole, do not break it"),
        Some(CookingOil) => lang.pick("冷却后装瓶密封", "Cool it and seal it in a bottle"),
        Some(Wood | Furniture) => lang.pick("拔掉钉子等金属件", "Pull out nails and other metal"),
        Some(Tyres) => lang.pick("交给汽修店或回收站", "Take it to a garage or a station"),
        None => match class {
            WasteClass::Kitchen => lang.pick("沥干水分后投入湿垃圾桶", "Drain it and put it in the kitchen-waste bin"),
            WasteClass::Hazardous => lang.pick("投入有害垃圾箱", "Put it in the hazardous-waste bin"),
            _ => lang.pick("投入干垃圾（其他垃圾）桶", "Put it in the residual-waste bin"),
        },
    }
}

/// A line of the table that could not be read: its number (1-based) and why.
#[derive(Debug)]
pub struct BadLine(pub usize, pub &'static str);

/// Reads the table. Every line must be well-formed (the test of the shipped file says so).
pub fn parse(data: &str) -> (Vec<Item>, Vec<BadLine>) {
    let mut items = Vec::new();
    let mut bad = Vec::new();
    for (n, line) in data.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() != 5 && f.len() != 7 {
            bad.push(BadLine(n + 1, "expected 5 or 7 tab-separated fields"));
            continue;
        }
        let materials: Option<Vec<Material>> =
            if f[2] == "-" { Some(Vec::new()) } else { f[2].split(',').map(Material::parse).collect() };
        let (Some(materials), Some(class)) = (materials, WasteClass::parse(f[3])) else {
            bad.push(BadLine(n + 1, "unknown material or class"));
            continue;
        };
        let tip = if f.len() == 7 {
            Localized { zh: f[5].into(), en: f[6].into() }
        } else {
            Localized {
                zh: default_tip(&materials, class, Lang::Zh).into(),
                en: default_tip(&materials, class, Lang::En).into(),
            }
        };
        let all = format!("{} {}", f[0].replace('/', " "), f[1].replace('/', " "));
        let names = f[0].split('/').chain(f[1].split('/')).map(|s| s.trim().to_lowercase()).collect();
        items.push(Item {
            zh: f[0].into(),
            en: f[1].into(),
            materials,
            class,
            reusable: f[4] == "1",
            tip,
            words: index_words(&all).split(' ').map(str::to_string).collect(),
            names,
        });
    }
    (items, bad)
}

pub static ITEMS: LazyLock<Vec<Item>> = LazyLock::new(|| parse(DATA).0);

/// Levenshtein distance, bounded: `None` when more than `max`.
fn within(a: &str, b: &str, max: usize) -> bool {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > max {
        return false;
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != cb)).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        if cur.iter().min().copied().unwrap_or(0) > max {
            return false;
        }
        prev = cur;
    }
    prev[b.len()] <= max
}

/// How a query term matches an item's word: exactly (CJK) or as a prefix (Latin), else with
/// a typo or two in a Latin word long enough to tell (4+ letters: one, 8+: two). The typo
/// may be in the part typed so far: "microwve" is one letter off "microwave".
fn term_score(term: &str, prefix: bool, words: &[String]) -> u32 {
    if !prefix {
        return if words.iter().any(|w| w == term) { 3 } else { 0 };
    }
    if words.iter().any(|w| w == term) {
        return 3;
    }
    if words.iter().any(|w| w.starts_with(term)) {
        return 2;
    }
    let n = term.chars().count();
    let max = match n {
        0..=3 => return 0,
        4..=7 => 1,
        _ => 2,
    };
    let typo = words.iter().any(|w| {
        w.is_ascii()
            && (within(term, w, max) || {
                // Against the word's start of about the same length (a typo in a prefix).
                let head: String = w.chars().take(n).collect();
                w.chars().count() > n && within(term, &head, max)
            })
    });
    u32::from(typo)
}

/// The best-matching items, best first, at most `limit`.
pub fn lookup(query: &str, limit: usize) -> Vec<&'static Item> {
    let terms = query_terms(query);
    if terms.is_empty() {
        return Vec::new();
    }
    let q = query.trim().to_lowercase();
    let mut scored: Vec<(u32, usize, usize, &Item)> = Vec::new();
    for (i, item) in ITEMS.iter().enumerate() {
        let scores: Vec<u32> = terms.iter().map(|(t, p)| term_score(t, *p, &item.words)).collect();
        let matched = scores.iter().filter(|s| **s > 0).count();
        // At least half the terms (and every one of a one- or two-term Latin query).
        let latin_only = terms.iter().all(|(_, p)| *p);
        let enough = if latin_only { matched == terms.len() } else { matched * 2 >= terms.len() };
        if matched == 0 || !enough {
            continue;
        }
        let mut score: u32 = scores.iter().sum::<u32>() * 10;
        if item.names.contains(&q) {
            score += 100; // the item's own name
        }
        let shortest = item.names.iter().map(|n| n.chars().count()).min().unwrap_or(99);
        scored.push((score, shortest, i, item));
    }
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    scored.into_iter().take(limit).map(|(_, _, _, item)| item).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_table_is_well_formed_and_large_enough() {
        let (items, bad) = parse(DATA);
        assert!(bad.is_empty(), "{bad:?}");
        assert!(items.len() >= 300, "{}", items.len());
    }

    fn first(q: &str) -> String {
        lookup(q, 3).first().map(|i| i.name().zh).unwrap_or_default()
    }

    #[test]
    fn finds_items_by_chinese_english_partial_and_typo() {
        assert_eq!(first("旧衣服"), "旧衣服");
        assert_eq!(first("充电宝"), "充电宝");
        assert_eq!(first("快递纸箱"), "快递纸箱");
        assert_eq!(first("microwave"), "微波炉");
        assert_eq!(first("Microwve"), "微波炉", "one letter missing");
        assert_eq!(first("batery"), "旧电池", "one letter missing");
        assert_eq!(first("旧电池"), "旧电池");
        assert_eq!(first("冰箱"), "冰箱");
        assert_eq!(first("微波"), "微波炉", "part of a Chinese word");
        assert!(lookup("zzzzqqq", 3).is_empty());
        assert!(lookup("？？", 3).is_empty());
    }
}
