//! A hand-written, bounded-lookahead grammar over scanned words.
//!
//! At each word the matchers look ahead a bounded number of words and the
//! longest match wins; the scan then resumes after it. Total work is linear
//! in the number of words.

use dyad_doc::TimexType;

use crate::lexicon::{self, Unit};
use crate::scan::{Kind, Word};
use crate::sem::{Holiday, Rel, Sem, YearSpec};

mod clock;
mod dates;
mod durations;
mod relative;

/// Order of the first two numbers in "2/12/2025".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DateOrder {
    /// US style: month/day/year (the default for English news).
    #[default]
    MonthFirst,
    /// Day/month/year (British, European, most of the world).
    DayFirst,
}

/// A recognised expression: words `start..end` and what they mean.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Match {
    pub start: usize,
    pub end: usize,
    pub sem: Sem,
    pub kind: TimexType,
}

/// The grammar over one run of words.
pub(crate) struct Grammar<'a> {
    w: &'a [Word],
    order: DateOrder,
    /// Whether the sentence of each word mentions a fiscal quarter.
    quarter_ctx: &'a [bool],
}

type R = Option<(usize, Sem, TimexType)>;

const D: TimexType = TimexType::Date;

impl<'a> Grammar<'a> {
    pub fn new(w: &'a [Word], order: DateOrder, quarter_ctx: &'a [bool]) -> Self {
        Grammar {
            w,
            order,
            quarter_ctx,
        }
    }

    /// All matches, left to right, non-overlapping.
    pub fn run(&self) -> Vec<Match> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < self.w.len() {
            match self.at(i) {
                Some((end, ref sem, _))
                    if end > i && !matches!(sem, Sem::Holiday { .. }) && self.in_name(i, end) =>
                {
                    i = end
                }
                Some((end, sem, kind)) if end > i => {
                    let range = self.range_tail(end, &sem);
                    out.push(Match {
                        start: i,
                        end,
                        sem,
                        kind,
                    });
                    i = end;
                    if let Some(m) = range {
                        i = m.end;
                        out.push(m);
                    }
                }
                _ => i += 1,
            }
        }
        out
    }

    /// Whether words `a..b` are part of a title or name ("ABC's \"This
    /// Week\"", "CBS's \"60 Minutes\"", "VOA Today", "High Noon"): a word
    /// that is lower-case in running text (a unit, "today", "noon") written
    /// with a capital where no sentence starts. TimeML leaves temporal words
    /// inside proper names unmarked.
    fn in_name(&self, a: usize, b: usize) -> bool {
        let common = |w: &str| {
            lexicon::unit(w).is_some()
                || matches!(
                    w,
                    "today" | "tomorrow" | "yesterday" | "tonight" | "noon" | "midnight"
                )
        };
        if matches!(self.low(a), "noon" | "midnight") && a > 0 && self.is(a - 1, "high") {
            return true;
        }
        (a..b).any(|k| {
            self.cap(k)
                && common(self.low(k))
                && k > 0
                && (k > a || matches!(self.kind(k - 1), Some(Kind::Alpha)))
        })
    }

    // ---- word helpers -------------------------------------------------

    fn low(&self, i: usize) -> &str {
        self.w.get(i).map_or("", |w| w.low.as_str())
    }

    fn is(&self, i: usize, s: &str) -> bool {
        self.low(i) == s
    }

    fn kind(&self, i: usize) -> Option<Kind> {
        self.w.get(i).map(|w| w.kind)
    }

    fn cap(&self, i: usize) -> bool {
        self.w.get(i).is_some_and(|w| w.cap)
    }

    /// Word `i` is glued to word `i - 1` (no space between).
    fn glued(&self, i: usize) -> bool {
        i > 0 && i < self.w.len() && self.w[i].start == self.w[i - 1].end
    }

    fn num(&self, i: usize) -> Option<u64> {
        if self.kind(i) != Some(Kind::Num) {
            return None;
        }
        let s = self.low(i);
        if s.len() > 12 {
            return None;
        }
        s.parse().ok()
    }

    /// Digits of word `i` with exactly `n` characters.
    fn num_len(&self, i: usize, n: usize) -> Option<u64> {
        (self.low(i).len() == n).then(|| self.num(i)).flatten()
    }

    /// Skip an optional full stop glued to word `i - 1`.
    fn dot(&self, i: usize) -> usize {
        if self.is(i, ".") && self.glued(i) {
            i + 1
        } else {
            i
        }
    }

    fn in_quarter_ctx(&self, i: usize) -> bool {
        self.quarter_ctx.get(i).copied().unwrap_or(false)
    }

    // ---- numbers ------------------------------------------------------

    /// A cardinal: digits ("11", "1,000"), words ("ninety", "twenty-five"),
    /// "a"/"an" when `article` is set. Returns (end, value).
    fn cardinal(&self, i: usize, article: bool) -> Option<(usize, u64)> {
        let w = self.low(i);
        if article && (w == "a" || w == "an") {
            if self.is(i + 1, "hundred") {
                return Some((i + 2, 100));
            }
            if self.is(i + 1, "thousand") {
                return Some((i + 2, 1000));
            }
            if self.is(i + 1, "dozen") {
                return Some((i + 2, 12));
            }
            if self.is(i + 1, "couple") && self.is(i + 2, "of") {
                return Some((i + 3, 2));
            }
            return Some((i + 1, 1));
        }
        if let Some(mut v) = self.num(i) {
            let mut j = i + 1;
            // thousands separators: "1,000"
            while self.is(j, ",") && self.glued(j) && self.glued(j + 1) {
                match self.num_len(j + 1, 3) {
                    Some(k) => {
                        v = v.checked_mul(1000)?.checked_add(k)?;
                        j += 2;
                    }
                    None => break,
                }
            }
            // decimals "1.5" are not counts of units
            if self.is(j, ".") && self.glued(j) && self.num(j + 1).is_some() && self.glued(j + 1) {
                return None;
            }
            return Some((j, v));
        }
        let v = lexicon::small_number(w)?;
        if w == "dozen" {
            return None;
        }
        // "twenty-five", "twenty five"
        if v >= 20 && v % 10 == 0 {
            let k = if self.is(i + 1, "-") { i + 2 } else { i + 1 };
            if let Some(u) = lexicon::small_number(self.low(k))
                && (1..10).contains(&u)
            {
                return Some((k + 1, v + u));
            }
        }
        if self.is(i + 1, "hundred") {
            return Some((i + 2, v * 100));
        }
        if self.is(i + 1, "thousand") {
            return Some((i + 2, v * 1000));
        }
        Some((i + 1, v))
    }

    /// A year written with four digits (1000–2199, not money or a count).
    fn year(&self, i: usize) -> Option<i64> {
        let y = self.num_len(i, 4)? as i64;
        if !(1000..=2199).contains(&y) {
            return None;
        }
        if i > 0 && matches!(self.low(i - 1), "$" | "#" | "£" | "€" | "no" | "nos") {
            return None;
        }
        if i > 0 && (self.low(i - 1) == "," || self.low(i - 1) == ".") && self.glued(i) {
            return None;
        }
        if self.is(i + 1, ".")
            && self.glued(i + 1)
            && self.num(i + 2).is_some()
            && self.glued(i + 2)
        {
            return None;
        }
        if self.is(i + 1, "%") || self.is(i + 1, "percent") {
            return None;
        }
        if self.is(i + 1, ",") && self.glued(i + 1) && self.num_len(i + 2, 3).is_some() {
            return None;
        }
        Some(y)
    }

    // ---- the top level ------------------------------------------------

    /// The longest match starting at word `i`.
    fn at(&self, i: usize) -> R {
        let w = self.w.get(i)?;
        if w.kind == Kind::Punct && !matches!(w.low.as_str(), "'" | "-") {
            return None;
        }
        let mut best: R = None;
        let mut take = |r: R| {
            if let Some(c) = r
                && best.as_ref().is_none_or(|b| c.0 > b.0)
            {
                best = Some(c);
            }
        };
        take(self.modified(i));
        // "mid afternoon": a modifier that opens a part of the day
        take(self.part_then_day(i));
        take(self.duration(i));
        take(self.set(i));
        take(self.reference(i));
        take(self.time_then_day(i));
        best
    }

    /// A date, optionally opened by a modifier that keeps its value
    /// ("early", "late", "mid-", "earlier", "the end of"…).
    fn modified(&self, i: usize) -> R {
        let mut j;
        match self.low(i) {
            "early" | "late" | "earlier" | "later" | "mid" | "middle" => {
                j = i + 1;
                if self.is(j, "-") {
                    j += 1;
                }
                // "earlier on Thursday"
                if self.is(j, "on") && lexicon::weekday(self.low(j + 1)).is_some() {
                    j += 1;
                }
                if self.is(j, "in") && self.is(j + 1, "the") && self.is(j + 2, "year") {
                    return Some((
                        j + 3,
                        Sem::UnitRel {
                            unit: Unit::Year,
                            off: 0,
                        },
                        D,
                    ));
                }
            }
            "the" | "by" | "at" | "until" | "before" | "after" => {
                let k = if self.is(i, "the") { i + 1 } else { i };
                if matches!(self.low(k + 1), "of")
                    && matches!(
                        self.low(k),
                        "end" | "beginning" | "start" | "middle" | "close" | "turn"
                    )
                    && self.is(i, "the")
                {
                    j = k + 2;
                    if matches!(self.low(j), "the")
                        && matches!(self.low(j + 1), "year" | "month" | "week" | "quarter")
                    {
                        let unit = lexicon::unit(self.low(j + 1)).map(|u| u.0)?;
                        return Some((j + 2, Sem::UnitRel { unit, off: 0 }, D));
                    }
                } else if self.is(i, "the")
                    && matches!(self.low(i + 1), "early" | "late" | "mid" | "middle")
                {
                    j = i + 2;
                    if self.is(j, "-") {
                        j += 1;
                    }
                } else {
                    return self.date(i);
                }
            }
            "year"
                if self.is(i + 1, "end")
                    || self.is(i + 1, "-") && self.is(i + 2, "end")
                    || self.is(i + 1, "'") && self.is(i + 2, "s") && self.is(i + 3, "end") =>
            {
                // "year end", "year-end", "year's end"
                let e = if self.is(i + 1, "end") {
                    i + 2
                } else if self.is(i + 1, "-") {
                    i + 3
                } else {
                    i + 4
                };
                return Some((
                    e,
                    Sem::UnitRel {
                        unit: Unit::Year,
                        off: 0,
                    },
                    D,
                ));
            }
            _ => return self.date(i),
        }
        let (e, sem, kind) = self.date(j)?;
        // a bare "later"/"earlier" must open a relative date, not a name
        Some((e, sem, kind))
    }

    // ---- ranges ------------------------------------------------------------

    /// The second end of a range after a match: "March 3-5", "1990-95",
    /// "1990 to 1995".
    fn range_tail(&self, e: usize, sem: &Sem) -> Option<Match> {
        let dash = self.is(e, "-") || self.is(e, "/");
        if !dash && !matches!(self.low(e), "to" | "through" | "and" | "until") {
            return None;
        }
        let k = e + 1;
        match sem {
            Sem::Date {
                y, m, d: Some(_), ..
            } => {
                let (de, d2) = self.day_num(k)?;
                // "March 3 to April 5" is two full dates, found anyway
                if self.month_word(de).is_some() {
                    return None;
                }
                let (end, y2) = match self.trailing_year(de) {
                    Some((ye, yy)) => (ye, YearSpec::Explicit(yy)),
                    None => (de, *y),
                };
                Some(Match {
                    start: k,
                    end,
                    sem: date_sem(y2, *m, Some(d2)),
                    kind: D,
                })
            }
            Sem::Year(y1) => {
                if let Some(y2) = self.year(k) {
                    return Some(Match {
                        start: k,
                        end: k + 1,
                        sem: Sem::Year(y2),
                        kind: D,
                    });
                }
                // "1990-95"
                if dash && self.glued(k) {
                    let n = self.num_len(k, 2)? as i64;
                    let y2 = y1 / 100 * 100 + n;
                    let y2 = if y2 <= *y1 { y2 + 100 } else { y2 };
                    return Some(Match {
                        start: k,
                        end: k + 1,
                        sem: Sem::Year(y2),
                        kind: D,
                    });
                }
                None
            }
            _ => None,
        }
    }
}

impl Sem {
    fn with_rel(self, rel: Rel) -> Sem {
        match self {
            Sem::Date { y, m, d, .. } => Sem::Date { y, m, d, rel },
            other => other,
        }
    }
}

fn to_24(h: u32, pm: bool) -> u32 {
    match (h, pm) {
        (12, false) => 0,
        (12, true) => 12,
        (h, true) => h + 12,
        (h, false) => h,
    }
}

/// The largest sensible count of a unit in a news duration.
fn max_amount(unit: Unit) -> u64 {
    match unit {
        Unit::Second | Unit::Minute => 1_000_000,
        Unit::Hour | Unit::Day | Unit::Week => 100_000,
        Unit::Month | Unit::Quarter => 10_000,
        Unit::Year => 100_000,
        Unit::Decade | Unit::Century => 1_000,
    }
}

/// "n units and a half" as a duration.
fn half_more(n: u64, unit: Unit) -> Sem {
    let s = match unit {
        Unit::Hour => format!("PT{n}H30M"),
        Unit::Minute => format!("PT{n}M30S"),
        Unit::Day => format!("P{n}DT12H"),
        Unit::Year => format!("P{n}Y6M"),
        _ => return Sem::Duration { n: Some(n), unit },
    };
    Sem::DurationLiteral(s)
}

/// An ISO 8601 duration for `n` units (`None`: unknown amount, "X").
pub(crate) fn duration_value(n: Option<u64>, unit: Unit) -> String {
    let (n, letter, scale) = match unit {
        Unit::Second => (n, "S", 1),
        Unit::Minute => (n, "M", 1),
        Unit::Hour => (n, "H", 1),
        Unit::Day => (n, "D", 1),
        Unit::Week => (n, "W", 1),
        Unit::Month => (n, "M", 1),
        Unit::Quarter => (n, "Q", 1),
        Unit::Year => (n, "Y", 1),
        Unit::Decade => (n, "Y", 10),
        Unit::Century => (n, "Y", 100),
    };
    let t = if unit.is_clock() { "T" } else { "" };
    match n {
        Some(n) => format!("P{t}{}{letter}", n.saturating_mul(scale)),
        None => match unit {
            Unit::Decade => "PXDE".to_string(),
            Unit::Century => "PXCE".to_string(),
            _ => format!("P{t}X{letter}"),
        },
    }
}

fn date_sem(y: YearSpec, m: u32, d: Option<u32>) -> Sem {
    if let Some(d) = d {
        let max = match y {
            YearSpec::Explicit(y) => days_in_month(y, m),
            _ => days_in_month(2000, m),
        };
        if d > max {
            return Sem::Invalid(format!("no such day: {} {d}", month_name(m)));
        }
    }
    Sem::Date {
        y,
        m,
        d,
        rel: Rel::None,
    }
}

fn checked_date(y: i64, m: u32, d: u32) -> Sem {
    if !(1..=12).contains(&m) {
        return Sem::Invalid(format!("no month {m} in {y}-{m}-{d}"));
    }
    if d == 0 || d > days_in_month(y, m) {
        return Sem::Invalid(format!("no such day: {y}-{m:02}-{d:02}"));
    }
    Sem::Date {
        y: YearSpec::Explicit(y),
        m,
        d: Some(d),
        rel: Rel::None,
    }
}

pub(crate) fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

fn month_name(m: u32) -> &'static str {
    const N: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    N.get(m.wrapping_sub(1) as usize).copied().unwrap_or("?")
}
