//! The credit rating (信用): a pure function from a trader's verified history to a score, a level
//! and the reasons for it. It lives here, once, so the server stores it and the app explains it
//! with the same numbers.
//!
//! # The formula
//!
//! Only ratings on *completed* trades count, each from the trade's counterparty. The score is a
//! Bayesian average of the stars, starting from a prior of [`PRIOR_STARS`] worth
//! [`PRIOR_WEIGHT`] ratings, so a few ratings move it only a little and many move it a lot.
//! Each rating carries a weight, the product of:
//!
//! * **repetition** — the k-th rating from the same counterparty weighs `1 / k²`: the second
//!   trade with the same person counts a quarter of the first (pairs cannot farm stars);
//! * **rater maturity** — a rater whose account is younger than [`MATURE_AFTER_DAYS`] or who has
//!   completed fewer than [`MATURE_AFTER_TRADES`] trades weighs proportionally less (at least
//!   [`MIN_MATURITY`]): throw-away accounts cannot vouch;
//! * **independence** — a ring (刷单炒信) is a group whose members trade *mostly with one
//!   another* and *over and over with the same few*. For the rater, the *closed share* is the
//!   share of their completed trades that were with the rated trader or the rated trader's other
//!   counterparties, and *repetition* is their trades per distinct partner. Insularity is
//!   `closed share × min(1, (repetition − 1) / 2)` and the weight `(1 − insularity)²` (at least
//!   [`MIN_INDEPENDENCE`]). Ring members vouch for each other with almost no weight, while
//!   neighbours in a small, lively community (who share partners but rarely repeat them) keep
//!   theirs.
//!
//! * **trust** — the rater's trust in the graph of completed trades, seen from the rated
//!   trader ([`crate::trust`]): ratings from accounts that neighbours met in person vouch for
//!   count fully; ratings from a group that only trades among itself count next to nothing,
//!   however old its accounts and however rarely its pairs repeat.
//!
//! A level above [`Level::Fair`] also needs [`MIN_TRUSTED_COUNTERPARTIES`] distinct trusted
//! counterparties (each counted by its trust): a ring member with one or two genuine trades has
//! only those one or two people vouching for it.
//!
//! Each dispute lost subtracts [`DISPUTE_PENALTY`] points (disputes arrive with the disputes
//! feature; the input is already here). The stars map to 0–100 (1★ = 0, 5★ = 100). Traders with
//! fewer than [`MIN_COUNTERPARTIES`] distinct counterparties are shown as new traders whatever
//! their score.

use crate::lang::Lang;
use serde::{Deserialize, Serialize};

pub const PRIOR_STARS: f64 = 3.5;
pub const PRIOR_WEIGHT: f64 = 3.0;
pub const MATURE_AFTER_DAYS: f64 = 60.0;
pub const MATURE_AFTER_TRADES: f64 = 5.0;
pub const MIN_MATURITY: f64 = 0.1;
pub const MIN_INDEPENDENCE: f64 = 0.05;
pub const DISPUTE_PENALTY: f64 = 8.0;
pub const MIN_COUNTERPARTIES: u32 = 3;
pub const MIN_TRUSTED_COUNTERPARTIES: f64 = 4.5;

/// One rating the trader received, with what is known about the rater.
#[derive(Debug, Clone, PartialEq)]
pub struct RatingFact {
    pub rater_id: i64,
    /// 1–5.
    pub stars: u8,
    /// The rater's account age when the score is computed, in days.
    pub rater_age_days: f64,
    /// How many trades the rater has completed in all.
    pub rater_trades: u32,
    /// With how many different people.
    pub rater_partners: u32,
    /// How many of those were with the rated trader or the rated trader's other counterparties.
    pub rater_trades_in_circle: u32,
    /// The rater's trust seen from the rated trader, 0–1 ([`crate::trust::weight`]).
    pub rater_trust: f64,
}

/// A trader's verified history: the only input of the score.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct History {
    /// Visible ratings, oldest first (the order decides which repeat is "second").
    pub ratings: Vec<RatingFact>,
    pub completed_trades: u32,
    pub distinct_counterparties: u32,
    /// The distinct counterparties, each counted by its trust seen from the trader (0–1 each).
    pub trusted_counterparties: f64,
    pub disputes_lost: u32,
}

/// The level shown as a badge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// Fewer than [`MIN_COUNTERPARTIES`] distinct counterparties: not enough to judge.
    NewTrader,
    Poor,
    Fair,
    Good,
    VeryGood,
    Excellent,
}

impl<'de> Deserialize<'de> for Level {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        crate::wire::from_name(d, Level::find)
    }
}

impl Level {
    pub const ALL: [Level; 6] =
        [Level::NewTrader, Level::Poor, Level::Fair, Level::Good, Level::VeryGood, Level::Excellent];

    pub fn from_score(score: f64, distinct_counterparties: u32, trusted_counterparties: f64) -> Level {
        let level = Level::from_points(score, distinct_counterparties);
        if trusted_counterparties < MIN_TRUSTED_COUNTERPARTIES {
            level.min(Level::Fair)
        } else {
            level
        }
    }

    fn from_points(score: f64, distinct_counterparties: u32) -> Level {
        match score {
            _ if distinct_counterparties < MIN_COUNTERPARTIES => Level::NewTrader,
            s if s >= 90.0 => Level::Excellent,
            s if s >= 80.0 => Level::VeryGood,
            s if s >= 70.0 => Level::Good,
            s if s >= 55.0 => Level::Fair,
            _ => Level::Poor,
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Level::NewTrader => "new_trader",
            Level::Poor => "poor",
            Level::Fair => "fair",
            Level::Good => "good",
            Level::VeryGood => "very_good",
            Level::Excellent => "excellent",
        }
    }

    pub fn parse(key: &str) -> Level {
        Level::find(key).unwrap_or(Level::NewTrader)
    }

    fn find(key: &str) -> Option<Level> {
        Level::ALL.into_iter().find(|l| l.key() == key)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Level::NewTrader => lang.pick("新手", "New trader"),
            Level::Poor => lang.pick("信用较差", "Poor credit"),
            Level::Fair => lang.pick("信用一般", "Fair credit"),
            Level::Good => lang.pick("信用良好", "Good credit"),
            Level::VeryGood => lang.pick("信用优秀", "Very good credit"),
            Level::Excellent => lang.pick("信用极好", "Excellent credit"),
        }
    }
}

/// One reason behind a score, in words the profile page shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Factor {
    /// How much history there is.
    Counterparties {
        distinct: u32,
        trades: u32,
    },
    /// The weighted average of the stars.
    Ratings {
        count: u32,
        average_stars: f64,
    },
    /// Ratings from people already rated count less (share of weight lost, 0–1).
    RepeatPartners {
        discounted: f64,
    },
    /// Ratings from young or inexperienced accounts count less.
    YoungRaters {
        discounted: f64,
    },
    /// Ratings from accounts that mostly trade with each other barely count.
    ClosedCircle {
        discounted: f64,
    },
    /// Ratings from accounts that people met in person do not vouch for count little.
    Unvouched {
        discounted: f64,
    },
    /// A level above fair needs more distinct counterparties who are vouched for.
    FewTrustedCounterparties {
        trusted: f64,
        needed: f64,
    },
    DisputesLost {
        count: u32,
        penalty: f64,
    },
    /// Too few distinct counterparties to show a level.
    TooFewCounterparties {
        needed: u32,
    },
}

impl Factor {
    pub fn text(&self, lang: Lang) -> String {
        let pct = |d: &f64| (d * 100.0).round() as i64;
        match self {
            Factor::Counterparties { distinct, trades } => match lang {
                Lang::Zh => format!("已完成 {trades} 笔交易，交易对象 {distinct} 人"),
                Lang::En => format!("{trades} completed trades with {distinct} different people"),
            },
            Factor::Ratings { count, average_stars } => match lang {
                Lang::Zh => format!("{count} 条评价，加权平均 {average_stars:.1} 星"),
                Lang::En => format!("{count} ratings, weighted average {average_stars:.1} stars"),
            },
            Factor::RepeatPartners { discounted } => match lang {
                Lang::Zh => format!("与同一人重复交易的评价权重较低（减少 {}%）", pct(discounted)),
                Lang::En => format!("Repeat ratings from the same person count less ({}% less weight)", pct(discounted)),
            },
            Factor::YoungRaters { discounted } => match lang {
                Lang::Zh => format!("部分评价来自新注册或很少交易的账号，权重较低（减少 {}%）", pct(discounted)),
                Lang::En => format!("Some ratings come from new or inexperienced accounts ({}% less weight)", pct(discounted)),
            },
            Factor::ClosedCircle { discounted } => match lang {
                Lang::Zh => format!("部分评价来自彼此频繁互相交易的账号圈，几乎不计入（减少 {}%）", pct(discounted)),
                Lang::En => format!(
                    "Some ratings come from accounts that mostly trade with each other and barely count ({}% less weight)",
                    pct(discounted)
                ),
            },
            Factor::Unvouched { discounted } => match lang {
                Lang::Zh => format!(
                    "与在市集上见过面的邻居有交易往来的人，评价最有分量；只在小圈子内互相交易的账号，评价几乎不计入（减少 {}%）",
                    pct(discounted)
                ),
                Lang::En => format!(
                    "Ratings from neighbours who trade with people met at markets count most; ratings from a closed group count little ({}% less weight)",
                    pct(discounted)
                ),
            },
            Factor::FewTrustedCounterparties { trusted, needed } => match lang {
                Lang::Zh => format!(
                    "可信的交易对象约 {trusted:.1} 人，需至少 {needed:.0} 人才能显示高于“信用一般”的等级"
                ),
                Lang::En => format!(
                    "About {trusted:.1} vouched-for counterparties; a level above fair needs at least {needed:.0}"
                ),
            },
            Factor::DisputesLost { count, penalty } => match lang {
                Lang::Zh => format!("纠纷败诉 {count} 次，扣 {penalty:.0} 分"),
                Lang::En => format!("Lost {count} disputes: −{penalty:.0} points"),
            },
            Factor::TooFewCounterparties { needed } => match lang {
                Lang::Zh => format!("与至少 {needed} 位不同的邻居完成交易后显示信用等级"),
                Lang::En => format!("A level shows after trades with at least {needed} different people"),
            },
        }
    }
}

/// The result: 0–100, its level and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreditReport {
    pub score: f64,
    pub level: Level,
    pub completed_trades: u32,
    pub distinct_counterparties: u32,
    pub factors: Vec<Factor>,
}

fn stars_to_points(stars: f64) -> f64 {
    ((stars - 1.0) / 4.0 * 100.0).clamp(0.0, 100.0)
}

/// The parts of each rating's weight: repeat decay, maturity, independence, trust.
fn weights(h: &History) -> Vec<[f64; 4]> {
    let mut seen: std::collections::HashMap<i64, u32> = std::collections::HashMap::new();
    h.ratings
        .iter()
        .map(|r| {
            let k = seen.entry(r.rater_id).and_modify(|k| *k += 1).or_insert(1);
            let decay = 1.0 / f64::from(*k * *k);
            let age = (r.rater_age_days / MATURE_AFTER_DAYS).min(1.0);
            let experience = (f64::from(r.rater_trades) / MATURE_AFTER_TRADES).min(1.0);
            let maturity = (age * experience).max(MIN_MATURITY);
            let (closed, repeat_ratio) = if r.rater_trades == 0 {
                (1.0, 1.0)
            } else {
                let trades = f64::from(r.rater_trades);
                ((f64::from(r.rater_trades_in_circle) / trades).min(1.0), trades / f64::from(r.rater_partners.max(1)))
            };
            let insularity = closed * ((repeat_ratio - 1.0) / 2.0).clamp(0.0, 1.0);
            let independence = ((1.0 - insularity) * (1.0 - insularity)).max(MIN_INDEPENDENCE);
            [decay, maturity, independence, r.rater_trust.clamp(0.0, 1.0)]
        })
        .collect()
}

/// The credit score of a trader. Pure: same history, same report.
pub fn report(h: &History) -> CreditReport {
    let parts = weights(h);
    let weight = |p: &[f64; 4]| p.iter().product::<f64>();
    let total: f64 = parts.iter().map(weight).sum();
    let weighted_stars: f64 = h.ratings.iter().zip(&parts).map(|(r, p)| f64::from(r.stars) * weight(p)).sum();
    let stars = (PRIOR_STARS * PRIOR_WEIGHT + weighted_stars) / (PRIOR_WEIGHT + total);
    let penalty = f64::from(h.disputes_lost) * DISPUTE_PENALTY;
    let score = (stars_to_points(stars) - penalty).clamp(0.0, 100.0);
    let score = (score * 10.0).round() / 10.0;

    let mut factors = vec![Factor::Counterparties { distinct: h.distinct_counterparties, trades: h.completed_trades }];
    if !h.ratings.is_empty() {
        let average = if total > 0.0 { weighted_stars / total } else { 0.0 };
        factors.push(Factor::Ratings { count: h.ratings.len() as u32, average_stars: (average * 10.0).round() / 10.0 });
    }
    // How much weight each discount took away, relative to every rating counting fully.
    let n = parts.len() as f64;
    let lost = |i: usize| if n > 0.0 { 1.0 - parts.iter().map(|p| p[i]).sum::<f64>() / n } else { 0.0 };
    let (repeat, young, closed, unvouched) = (lost(0), lost(1), lost(2), lost(3));
    if repeat >= 0.1 {
        factors.push(Factor::RepeatPartners { discounted: round2(repeat) });
    }
    if young >= 0.1 {
        factors.push(Factor::YoungRaters { discounted: round2(young) });
    }
    if closed >= 0.1 {
        factors.push(Factor::ClosedCircle { discounted: round2(closed) });
    }
    if unvouched >= 0.1 {
        factors.push(Factor::Unvouched { discounted: round2(unvouched) });
    }
    if h.disputes_lost > 0 {
        factors.push(Factor::DisputesLost { count: h.disputes_lost, penalty });
    }
    if h.distinct_counterparties < MIN_COUNTERPARTIES {
        factors.push(Factor::TooFewCounterparties { needed: MIN_COUNTERPARTIES });
    } else if h.trusted_counterparties < MIN_TRUSTED_COUNTERPARTIES {
        factors.push(Factor::FewTrustedCounterparties {
            trusted: (h.trusted_counterparties * 10.0).floor() / 10.0,
            needed: MIN_TRUSTED_COUNTERPARTIES,
        });
    }
    CreditReport {
        score,
        level: Level::from_score(score, h.distinct_counterparties, h.trusted_counterparties),
        completed_trades: h.completed_trades,
        distinct_counterparties: h.distinct_counterparties,
        factors,
    }
}

fn round2(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An established, independent neighbour: 200 days old, 30 trades, none in the circle.
    fn honest(rater_id: i64, stars: u8) -> RatingFact {
        RatingFact {
            rater_id,
            stars,
            rater_age_days: 200.0,
            rater_trades: 30,
            rater_partners: 27,
            rater_trades_in_circle: 1,
            rater_trust: 1.0,
        }
    }

    fn history(ratings: Vec<RatingFact>) -> History {
        let mut ids: Vec<i64> = ratings.iter().map(|r| r.rater_id).collect();
        ids.sort();
        ids.dedup();
        History {
            completed_trades: ratings.len() as u32,
            distinct_counterparties: ids.len() as u32,
            trusted_counterparties: ids.len() as f64,
            ratings,
            disputes_lost: 0,
        }
    }

    /// 10 new accounts complete 200 trades among themselves, cycling through every pair, all
    /// rated 5 stars; the history of one of them.
    fn ring_member() -> History {
        let me = 1;
        let pairs: Vec<(i64, i64)> = (1..=10).flat_map(|a| (a + 1..=10).map(move |b| (a, b))).collect();
        let mut ratings = Vec::new();
        let mut trades = 0;
        for t in 0..200usize {
            let (a, b) = pairs[t % pairs.len()];
            trades += 1;
            if a == me || b == me {
                let other = if a == me { b } else { a };
                // Every ring member trades only inside the ring: 40 trades with its 9 fellows.
                ratings.push(RatingFact {
                    rater_id: other,
                    stars: 5,
                    rater_age_days: 6.0,
                    rater_trades: 40,
                    rater_partners: 9,
                    rater_trades_in_circle: 40,
                    rater_trust: 1.0,
                });
            }
        }
        assert!(trades > 150, "the ring really trades a lot");
        history(ratings)
    }

    #[test]
    fn a_ring_of_new_accounts_scores_below_an_honest_trader() {
        let ring = report(&ring_member());
        let honest_ratings: Vec<RatingFact> = (0..10).map(|i| honest(100 + i, if i < 6 { 5 } else { 4 })).collect(); // 4.6 stars
        let honest = report(&history(honest_ratings));
        assert_eq!(ring.distinct_counterparties, 9);
        assert!(ring.level >= Level::Poor, "the ring has enough partners to get a level: {ring:?}");
        assert!(honest.level >= Level::VeryGood, "{honest:?}");
        assert!(
            ring.level < honest.level,
            "ring {:?} ({}) vs honest {:?} ({})",
            ring.level,
            ring.score,
            honest.level,
            honest.score
        );
        assert!(ring.factors.iter().any(|f| matches!(f, Factor::ClosedCircle { .. })));
        assert!(ring.factors.iter().any(|f| matches!(f, Factor::YoungRaters { .. })));
        assert!(ring.factors.iter().any(|f| matches!(f, Factor::RepeatPartners { .. })));
    }

    #[test]
    fn neighbours_who_share_partners_but_rarely_repeat_them_keep_their_weight() {
        // A small lively community: each rater traded 10 times with 9 people, 6 of them also the
        // rated trader's partners.
        let neighbour = |id| RatingFact {
            rater_id: id,
            stars: 5,
            rater_age_days: 300.0,
            rater_trades: 10,
            rater_partners: 9,
            rater_trades_in_circle: 6,
            rater_trust: 1.0,
        };
        let community = report(&history((0..6).map(neighbour).collect()));
        assert!(community.level >= Level::VeryGood, "{community:?}");
        assert!(!community.factors.iter().any(|f| matches!(f, Factor::ClosedCircle { .. })));
    }

    #[test]
    fn the_second_trade_with_the_same_person_counts_much_less() {
        let once = report(&history(vec![honest(1, 1)]));
        let mut twice_history = history(vec![honest(1, 1), honest(1, 1)]);
        twice_history.completed_trades = 2;
        let twice = report(&twice_history);
        let two_people = report(&history(vec![honest(1, 1), honest(2, 1)]));
        let first_drop = report(&History::default()).score - once.score;
        let second_drop = once.score - twice.score;
        assert!(second_drop < first_drop / 3.0, "second {second_drop} vs first {first_drop}");
        assert!(two_people.score < twice.score);
    }

    #[test]
    fn one_bad_rating_moves_a_long_history_less_than_a_short_one() {
        let few: Vec<RatingFact> = (0..3).map(|i| honest(i, 5)).collect();
        let many: Vec<RatingFact> = (0..30).map(|i| honest(i, 5)).collect();
        let with_bad = |mut v: Vec<RatingFact>| {
            v.push(honest(999, 1));
            report(&history(v)).score
        };
        let drop_few = report(&history(few.clone())).score - with_bad(few);
        let drop_many = report(&history(many.clone())).score - with_bad(many);
        assert!(drop_many < drop_few, "{drop_many} vs {drop_few}");
        assert!(drop_many > 0.0);
    }

    /// A small deterministic generator for the property tests.
    struct Lcg(u64);
    impl Lcg {
        fn next(&mut self, n: u64) -> u64 {
            self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (self.0 >> 33) % n
        }
    }

    #[test]
    fn an_honest_good_rating_never_lowers_the_score() {
        let mut rng = Lcg(7);
        for case in 0..500 {
            let n = rng.next(25) as usize;
            let mut ratings = Vec::new();
            for _ in 0..n {
                let rater_trades = rng.next(50) as u32;
                ratings.push(RatingFact {
                    rater_id: rng.next(12) as i64,
                    stars: 1 + rng.next(5) as u8,
                    rater_age_days: rng.next(400) as f64,
                    rater_trades,
                    rater_partners: 1 + rng.next(u64::from(rater_trades) + 1) as u32,
                    rater_trades_in_circle: rng.next(u64::from(rater_trades) + 1) as u32,
                    rater_trust: rng.next(101) as f64 / 100.0,
                });
            }
            let before = history(ratings.clone());
            let mut after_ratings = ratings;
            after_ratings.push(honest(10_000 + case, 5));
            let after = history(after_ratings);
            assert!(report(&after).score >= report(&before).score, "case {case}");
        }
    }

    #[test]
    fn lost_disputes_subtract_and_are_explained() {
        let clean = history((0..5).map(|i| honest(i, 5)).collect());
        let mut disputed = clean.clone();
        disputed.disputes_lost = 2;
        let (a, b) = (report(&clean), report(&disputed));
        assert!((a.score - b.score - 2.0 * DISPUTE_PENALTY).abs() < 0.11);
        assert!(b.factors.iter().any(|f| matches!(f, Factor::DisputesLost { count: 2, .. })));
    }

    #[test]
    fn few_counterparties_make_a_new_trader_whatever_the_stars() {
        let r = report(&history(vec![honest(1, 5), honest(2, 5)]));
        assert_eq!(r.level, Level::NewTrader);
        assert!(r.factors.iter().any(|f| matches!(f, Factor::TooFewCounterparties { needed: 3 })));
        assert_eq!(report(&History::default()).score, 62.5, "the prior alone: 3.5 stars");
    }

    #[test]
    fn levels_are_ordered_and_round_trip() {
        for l in [Level::NewTrader, Level::Poor, Level::Fair, Level::Good, Level::VeryGood, Level::Excellent] {
            assert_eq!(Level::parse(l.key()), l);
        }
        assert!(Level::Excellent > Level::Good && Level::Poor > Level::NewTrader);
    }
}
