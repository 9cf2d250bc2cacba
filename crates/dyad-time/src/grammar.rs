//! A hand-written, bounded-lookahead grammar over scanned words.
//!
//! At each word the matchers look ahead a bounded number of words and the
//! longest match wins; the scan then resumes after it. Total work is linear
//! in the number of words.

use dyad_doc::TimexType;

use crate::lexicon::{self, Unit};
use crate::scan::{Kind, Word};
use crate::sem::{Holiday, Rel, Sem, YearSpec};

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

    /// Dates of every kind, without an opening modifier. Longest wins.
    fn date(&self, i: usize) -> R {
        let mut best: R = None;
        let mut take = |r: R| {
            if let Some(c) = r
                && best.as_ref().is_none_or(|b| c.0 > b.0)
            {
                best = Some(c);
            }
        };
        take(self.anchored(i));
        take(self.numeric_date(i));
        take(self.month_first(i));
        take(self.day_first(i));
        take(self.year_expr(i));
        take(self.decade(i));
        take(self.weekday_expr(i));
        take(self.relative_word(i));
        take(self.determined(i));
        take(self.quarter(i));
        take(self.ago(i));
        take(self.day_of_month(i));
        take(self.holiday(i));
        take(self.part_then_day(i));
        let (mut e, mut sem, kind) = best?;
        // "Friday, Oct. 23": the explicit date decides
        if let Sem::Weekday { rel: Rel::None, .. } = sem {
            let k = if self.is(e, ",") { e + 1 } else { e };
            if let Some((de, ds, _)) = self.month_first(k).or_else(|| self.day_first(k))
                && matches!(ds, Sem::Date { d: Some(_), .. } | Sem::Invalid(_))
            {
                e = de;
                sem = ds;
            }
        }
        // "Friday morning", "yesterday afternoon"
        if matches!(
            sem,
            Sem::Weekday { .. } | Sem::DayRel(_) | Sem::Date { d: Some(_), .. }
        ) && let Some(p) = lexicon::part_of_day(self.low(e))
        {
            return Some((
                e + 1,
                Sem::PartOfDay {
                    day: Box::new(sem),
                    part: p,
                },
                TimexType::Time,
            ));
        }
        // "Friday at 3 p.m."
        if matches!(
            sem,
            Sem::Weekday { .. } | Sem::DayRel(_) | Sem::Date { d: Some(_), .. }
        ) {
            let k = if self.is(e, "at") || self.is(e, ",") {
                e + 1
            } else {
                e
            };
            if let Some((te, h, m, zone)) = self.clock(k) {
                return Some((
                    te,
                    Sem::Time {
                        day: Some(Box::new(sem)),
                        h,
                        m,
                        zone,
                    },
                    TimexType::Time,
                ));
            }
        }
        Some((e, sem, kind))
    }

    // ---- explicit dates ----------------------------------------------

    /// "2025-02-12", "2025-W07", "2/12/2025", "12.02.2025".
    fn numeric_date(&self, i: usize) -> R {
        let a = self.num(i)?;
        let sep = self.low(i + 1);
        if !matches!(sep, "-" | "/" | ".") || !self.glued(i + 1) || !self.glued(i + 2) {
            return None;
        }
        let al = self.low(i).len();
        // ISO week "2025-W07"
        if al == 4 && sep == "-" && self.kind(i + 2) == Some(Kind::Mixed) {
            let wk = self.low(i + 2).strip_prefix('w')?;
            if wk.len() == 2 && wk.bytes().all(|b| b.is_ascii_digit()) {
                let n: u32 = wk.parse().ok()?;
                if (1..=53).contains(&n) {
                    return Some((i + 3, Sem::Literal(format!("{a:04}-W{n:02}")), D));
                }
                return Some((i + 3, Sem::Invalid(format!("no ISO week {n}")), D));
            }
            return None;
        }
        let b = self.num(i + 2)?;
        let bl = self.low(i + 2).len();
        let third = self.is(i + 3, sep) && self.glued(i + 3) && self.glued(i + 4);
        let c = if third { self.num(i + 4) } else { None };
        let cl = self.low(i + 4).len();
        if al == 4 && sep == "-" {
            // ISO year-month(-day)
            if bl != 2 {
                return None;
            }
            let y = a as i64;
            if let Some(d) = c.filter(|_| cl == 2) {
                return Some((i + 5, checked_date(y, b as u32, d as u32), D));
            }
            if (1..=12).contains(&b) {
                return Some((i + 3, Sem::Literal(format!("{y:04}-{b:02}")), D));
            }
            return None;
        }
        let c = c?;
        if al > 2 || bl > 2 || !(cl == 4 || cl == 2) || sep == "-" && cl != 4 {
            return None;
        }
        let y = if cl == 4 {
            c as i64
        } else if c < 50 {
            2000 + c as i64
        } else {
            1900 + c as i64
        };
        let (m, d) = if sep == "." || (a > 12 && b <= 12) {
            (b, a)
        } else if b > 12 && a <= 12 {
            (a, b)
        } else {
            match self.order {
                DateOrder::MonthFirst => (a, b),
                DateOrder::DayFirst => (b, a),
            }
        };
        Some((i + 5, checked_date(y, m as u32, d as u32), D))
    }

    /// A month name usable at word `i`, with the end of the word (and dot).
    fn month_word(&self, i: usize) -> Option<(usize, u32)> {
        let w = self.low(i);
        let m = lexicon::month(w)?;
        if !self.cap(i) {
            return None;
        }
        if lexicon::is_month_abbrev(w) && w != "march" && w != "april" {
            // "Feb." or "Feb 12"
            let e = self.dot(i + 1);
            if e == i + 1 && self.num(i + 1).is_none() {
                return None;
            }
            return Some((e, m));
        }
        Some((i + 1, m))
    }

    /// "May" is a month only in date-like company.
    fn may_ok(&self, i: usize, next_is_number: bool) -> bool {
        if self.low(i) != "may" {
            return true;
        }
        if next_is_number {
            return true;
        }
        i > 0
            && matches!(
                self.low(i - 1),
                "in" | "last"
                    | "next"
                    | "this"
                    | "since"
                    | "until"
                    | "by"
                    | "early"
                    | "late"
                    | "mid"
                    | "of"
                    | "through"
                    | "during"
                    | "from"
                    | "to"
                    | "before"
                    | "after"
                    | "-"
                    | "and"
                    | "or"
                    | "between"
                    | "on"
            )
    }

    /// A day number 1..=31 at `i` (digits or "12th"), with the end.
    fn day_num(&self, i: usize) -> Option<(usize, u32)> {
        if let Some(n) = self.num(i) {
            if self.low(i).len() <= 2 && (1..=31).contains(&n) {
                return Some((i + 1, n as u32));
            }
            return None;
        }
        if self.kind(i) == Some(Kind::Mixed) {
            let n = lexicon::ordinal(self.low(i))?;
            if (1..=31).contains(&n) {
                return Some((i + 1, n as u32));
            }
        }
        None
    }

    /// A trailing year after a date: ", 2025" or " 2025".
    fn trailing_year(&self, i: usize) -> Option<(usize, i64)> {
        let k = if self.is(i, ",") { i + 1 } else { i };
        if let Some(y) = self.year(k) {
            return Some((k + 1, y));
        }
        self.spelled_year(k)
    }

    /// "nineteen ninety-six", "two thousand", "two thousand and one".
    fn spelled_year(&self, i: usize) -> Option<(usize, i64)> {
        let w = self.low(i);
        if w == "two" && self.is(i + 1, "thousand") {
            let mut e = i + 2;
            if self.is(e, "and") {
                e += 1;
            }
            if let Some((ne, n)) = self.cardinal(e, false)
                && n < 100
            {
                return Some((ne, 2000 + n as i64));
            }
            return Some((i + 2, 2000));
        }
        let c = lexicon::small_number(w)?;
        if !(10..=20).contains(&c) || w == "dozen" {
            return None;
        }
        let (ne, n) = self.cardinal(i + 1, false)?;
        if !(10..100).contains(&n) || self.kind(i + 1) != Some(Kind::Alpha) {
            return None;
        }
        Some((ne, c as i64 * 100 + n as i64))
    }

    /// "Feb. 12", "February 12, 2025", "February 2025", "February".
    fn month_first(&self, i: usize) -> R {
        let (e, m) = self.month_word(i)?;
        // "February the 12th"
        let k = if self.is(e, "the") { e + 1 } else { e };
        if let Some((de, d)) = self.day_num(k) {
            // "May 1990" is a month and year, not a day
            if !self.may_ok(i, true) {
                return None;
            }
            let (end, y) = match self.trailing_year(de) {
                Some((ye, y)) => (ye, YearSpec::Explicit(y)),
                None => (de, YearSpec::Infer),
            };
            return Some((end, date_sem(y, m, Some(d)), D));
        }
        if let Some((ye, y)) = {
            let k = if self.is(e, "of") { e + 1 } else { e };
            self.trailing_year(k)
        } {
            return Some((ye, date_sem(YearSpec::Explicit(y), m, None), D));
        }
        // "July last year"
        if matches!(self.low(e), "last" | "this" | "next") && self.is(e + 1, "year") {
            let off = match self.low(e) {
                "last" => -1,
                "next" => 1,
                _ => 0,
            };
            return Some((e + 2, date_sem(YearSpec::Rel(off), m, None), D));
        }
        if !self.may_ok(i, false) {
            return None;
        }
        // "the March for Life", "the March of the Mothers"
        if matches!(self.low(e), "for" | "of")
            && (self.cap(e + 1) || (self.is(e + 1, "the") && self.cap(e + 2)))
        {
            return None;
        }
        if lexicon::is_month_abbrev(self.low(i)) && self.low(i) != "march" && e == i + 1 {
            return None;
        }
        Some((e, date_sem(YearSpec::Infer, m, None), D))
    }

    /// "12 February 2025", "the 12th of February".
    fn day_first(&self, i: usize) -> R {
        let k = if self.is(i, "the") { i + 1 } else { i };
        let (de, d) = self.day_num(k)?;
        let mk = if self.is(de, "of") { de + 1 } else { de };
        let (me, m) = self.month_word(mk)?;
        let (end, y) = match self.trailing_year(me) {
            Some((ye, y)) => (ye, YearSpec::Explicit(y)),
            None => (me, YearSpec::Infer),
        };
        Some((end, date_sem(y, m, Some(d)), D))
    }

    /// Dates relative to the last date mentioned: "that day", "the same
    /// week", "the following year", "the next morning", "the previous
    /// month", "the day after". ("Two days later" is a duration and a signal.)
    fn anchored(&self, i: usize) -> R {
        let mut k = i;
        let off = match self.low(k) {
            "that" => {
                k += 1;
                0
            }
            "the" => {
                k += 1;
                match self.low(k) {
                    "same" => 0,
                    "following" | "next" => 1,
                    "previous" | "preceding" => -1,
                    "day"
                        if matches!(self.low(k + 1), "before" | "after")
                            && !matches!(self.low(k + 2), "yesterday" | "tomorrow") =>
                    {
                        let off = if self.is(k + 1, "before") { -1 } else { 1 };
                        return Some((
                            k + 1,
                            Sem::Anchored {
                                unit: Unit::Day,
                                off,
                                part: None,
                            },
                            D,
                        ));
                    }
                    _ => return None,
                }
            }
            // "three days later": TimeML marks the amount ("three days",
            // a DURATION) and leaves "later" as a signal, as TimeBank does
            _ => return None,
        };
        if self.is(i, "the") {
            k += 1;
        }
        let w = self.low(k);
        if let Some(p) = lexicon::part_of_day(w) {
            let day_off = if self.is(i, "that") { 0 } else { off };
            return Some((
                k + 1,
                Sem::Anchored {
                    unit: Unit::Day,
                    off: day_off,
                    part: Some(p),
                },
                TimexType::Time,
            ));
        }
        let (unit, plural) = lexicon::unit(w)?;
        if plural || unit.is_clock() || matches!(unit, Unit::Decade | Unit::Century) {
            return None;
        }
        // "that quarter" is the last quarter mentioned
        if unit == Unit::Quarter {
            if off != 0 {
                return None;
            }
            return Some((
                k + 1,
                Sem::LastQuarter {
                    years_back: 0,
                    year: None,
                    anchor: true,
                },
                D,
            ));
        }
        Some((
            k + 1,
            Sem::Anchored {
                unit,
                off,
                part: None,
            },
            D,
        ))
    }

    /// "mid-afternoon yesterday", "early morning Friday".
    fn part_then_day(&self, i: usize) -> R {
        let mut k = i;
        if matches!(self.low(k), "mid" | "early" | "late") {
            k += 1;
            if self.is(k, "-") {
                k += 1;
            }
        }
        let part = lexicon::part_of_day(self.low(k))?;
        let d = k + 1;
        let (e, day) = match self.low(d) {
            "yesterday" => (d + 1, Sem::DayRel(-1)),
            "today" => (d + 1, Sem::DayRel(0)),
            "tomorrow" => (d + 1, Sem::DayRel(1)),
            w => match lexicon::weekday(w) {
                Some(wd) => (d + 1, Sem::Weekday { wd, rel: Rel::None }),
                // "by mid afternoon", "late morning": that part of the day
                None if k > i && !self.is(i, "early") => (d, Sem::DayRel(0)),
                None => return None,
            },
        };
        Some((
            e,
            Sem::PartOfDay {
                day: Box::new(day),
                part,
            },
            TimexType::Time,
        ))
    }

    /// Fixed and movable holidays common in news ("Thanksgiving Day",
    /// "Christmas Eve", "last Easter").
    fn holiday(&self, i: usize) -> R {
        let (k, rel) = match self.low(i) {
            "last" => (i + 1, Rel::Last),
            "next" => (i + 1, Rel::Next),
            "this" => (i + 1, Rel::This),
            _ => (i, Rel::None),
        };
        if !self.cap(k) {
            return None;
        }
        let w = self.low(k);
        let (h, e) = match w {
            "christmas" if self.is(k + 1, "eve") => (Holiday::ChristmasEve, k + 2),
            "christmas" => (
                Holiday::Christmas,
                if self.is(k + 1, "day") { k + 2 } else { k + 1 },
            ),
            "thanksgiving" => (
                Holiday::Thanksgiving,
                if self.is(k + 1, "day") { k + 2 } else { k + 1 },
            ),
            "easter" => (
                Holiday::Easter,
                if self.is(k + 1, "sunday") {
                    k + 2
                } else {
                    k + 1
                },
            ),
            "halloween" => (Holiday::Halloween, k + 1),
            "new" if self.is(k + 1, "year") && self.is(k + 2, "'") && self.is(k + 3, "s") => {
                match self.low(k + 4) {
                    "eve" => (Holiday::NewYearsEve, k + 5),
                    "day" => (Holiday::NewYearsDay, k + 5),
                    _ => return None,
                }
            }
            "valentine" if self.is(k + 1, "'") && self.is(k + 2, "s") && self.is(k + 3, "day") => {
                (Holiday::Valentines, k + 4)
            }
            "independence" if self.is(k + 1, "day") => (Holiday::July4, k + 2),
            "labor" | "labour" if self.is(k + 1, "day") => (Holiday::LaborDay, k + 2),
            "memorial" if self.is(k + 1, "day") => (Holiday::MemorialDay, k + 2),
            "election" if self.is(k + 1, "day") => (Holiday::ElectionDay, k + 2),
            _ => return None,
        };
        let (end, y) = match self.trailing_year(e) {
            Some((ye, y)) => (ye, YearSpec::Explicit(y)),
            None => (e, YearSpec::Infer),
        };
        Some((end, Sem::Holiday { h, y, rel }, D))
    }

    /// "on the 12th" (a day of the document's month).
    fn day_of_month(&self, i: usize) -> R {
        if !self.is(i, "the") || i == 0 || !self.is(i - 1, "on") {
            return None;
        }
        if self.kind(i + 1) != Some(Kind::Mixed) {
            return None;
        }
        let d = lexicon::ordinal(self.low(i + 1))?;
        if !(1..=31).contains(&d) || self.kind(i + 2) == Some(Kind::Alpha) {
            return None;
        }
        Some((i + 2, Sem::DayOfMonth(d as u32), D))
    }

    /// "1998", "fiscal 1989", "fiscal year 1990".
    fn year_expr(&self, i: usize) -> R {
        if self.is(i, "fiscal") {
            let k = if self.is(i + 1, "year") { i + 2 } else { i + 1 };
            let y = self.year(k)?;
            return Some((k + 1, Sem::Year(y), D));
        }
        if self.is(i, "the") && self.is(i + 1, "year") {
            let (e, y) = self
                .year(i + 2)
                .map(|y| (i + 3, y))
                .or_else(|| self.spelled_year(i + 2))?;
            return Some((e, Sem::Year(y), D));
        }
        if i > 0
            && (matches!(self.low(i - 1), "in" | "since" | "of" | "until" | "by")
                || matches!(self.low(i), "nineteen" | "eighteen"))
            && let Some((e, y)) = self.spelled_year(i)
        {
            return Some((e, Sem::Year(y), D));
        }
        let y = self.year(i)?;
        // years far from now need a cue ("in 1462")
        let cued = i > 0
            && matches!(
                self.low(i - 1),
                "in" | "since"
                    | "by"
                    | "from"
                    | "until"
                    | "to"
                    | "before"
                    | "after"
                    | "year"
                    | "of"
                    | "and"
                    | "between"
                    | "through"
                    | "circa"
                    | "around"
            );
        if !(1900..=2099).contains(&y) && !cued {
            return None;
        }
        // a count of units ("2000 years") is a duration, found elsewhere
        if lexicon::unit(self.low(i + 1)).is_some() {
            return None;
        }
        // "1990-95", "1990 to 1995" are handled as ranges by the caller
        Some((i + 1, Sem::Year(y), D))
    }

    /// "the 1990s", "the '90s", "the nineties", "the 20th century".
    fn decade(&self, i: usize) -> R {
        let k = if self.is(i, "the") { i + 1 } else { i };
        let w = self.low(k);
        // 1990s
        if self.kind(k) == Some(Kind::Mixed)
            && let Some(d) = w.strip_suffix('s')
            && d.len() == 4
            && d.ends_with('0')
            && let Ok(y) = d.parse::<i64>()
            && (1000..=2190).contains(&y)
        {
            return Some((k + 1, Sem::Decade(y / 10), D));
        }
        // '90s
        if w == "'"
            && self.kind(k + 1) == Some(Kind::Mixed)
            && let Some(d) = self.low(k + 1).strip_suffix('s')
            && d.len() == 2
            && d.ends_with('0')
            && let Ok(n) = d.parse::<i64>()
        {
            return Some((k + 2, Sem::Decade(190 + n / 10), D));
        }
        let named = match w {
            "twenties" => Some(192),
            "thirties" => Some(193),
            "forties" => Some(194),
            "fifties" => Some(195),
            "sixties" => Some(196),
            "seventies" => Some(197),
            "eighties" => Some(198),
            "nineties" => Some(199),
            _ => None,
        };
        if let Some(d) = named
            && k > i
        {
            return Some((k + 1, Sem::Decade(d), D));
        }
        // the 20th century
        if let Some(n) = lexicon::ordinal(w)
            && self.is(k + 1, "century")
            && (1..=30).contains(&n)
        {
            return Some((k + 2, Sem::Century(n as i64 - 1), D));
        }
        None
    }

    // ---- weekdays and relative words -------------------------------------

    /// "Friday", "last Friday", "this coming Friday".
    fn weekday_expr(&self, i: usize) -> R {
        if self.is(i, "the")
            && matches!(self.low(i + 1), "previous" | "preceding")
            && let Some(wd) = lexicon::weekday(self.low(i + 2))
        {
            return Some((i + 3, Sem::PrevWeekday { wd }, D));
        }
        let (k, rel) = match self.low(i) {
            "last" | "past" | "previous" => (i + 1, Rel::Last),
            "next" | "coming" => (i + 1, Rel::Next),
            "this" if self.is(i + 1, "coming") || self.is(i + 1, "past") => (
                i + 2,
                if self.is(i + 1, "past") {
                    Rel::Last
                } else {
                    Rel::Next
                },
            ),
            "this" => (i + 1, Rel::This),
            _ => (i, Rel::None),
        };
        let wd = lexicon::weekday(self.low(k))?;
        Some((k + 1, Sem::Weekday { wd, rel }, D))
    }

    /// "today", "yesterday", "tomorrow", "tonight", "last night".
    fn relative_word(&self, i: usize) -> R {
        let t = TimexType::Time;
        let pod = |d: i64, p: &'static str| Sem::PartOfDay {
            day: Box::new(Sem::DayRel(d)),
            part: p,
        };
        match self.low(i) {
            "today" => Some((i + 1, Sem::DayRel(0), D)),
            // "today is the eighth day of", "it's the second day of an
            // offensive": the day counted is the present one
            "the"
                if i > 0
                    && (matches!(self.low(i - 1), "is")
                        || i >= 2 && self.is(i - 1, "s") && self.is(i - 2, "'"))
                    && self.kind(i + 1) != Some(Kind::Num)
                    && lexicon::ordinal(self.low(i + 1)).is_some_and(|n| n >= 2)
                    && self.is(i + 2, "day")
                    && self.is(i + 3, "of") =>
            {
                Some((i + 3, Sem::DayRel(0), D))
            }
            "yesterday" => Some((i + 1, Sem::DayRel(-1), D)),
            "tomorrow" => Some((i + 1, Sem::DayRel(1), D)),
            "tonight" => Some((i + 1, pod(0, "NI"), t)),
            "the"
                if self.is(i + 1, "day")
                    && self.is(i + 2, "before")
                    && self.is(i + 3, "yesterday") =>
            {
                Some((i + 4, Sem::DayRel(-2), D))
            }
            "the"
                if self.is(i + 1, "day")
                    && self.is(i + 2, "after")
                    && self.is(i + 3, "tomorrow") =>
            {
                Some((i + 4, Sem::DayRel(2), D))
            }
            "last" if self.is(i + 1, "night") => Some((i + 2, pod(-1, "NI"), t)),
            "this" => {
                let p = lexicon::part_of_day(self.low(i + 1))?;
                Some((i + 2, pod(0, p), t))
            }
            _ => None,
        }
    }

    /// "last month", "this week", "next year", "last November", "the
    /// weekend", "this summer", "last year's".
    fn determined(&self, i: usize) -> R {
        let mut k = i;
        let mut the = false;
        if self.is(k, "the") {
            the = true;
            k += 1;
        }
        // "the latest fiscal year": the last one closed
        let latest_year = the
            && self.is(k, "latest")
            && (self.is(k + 1, "year") || self.is(k + 1, "fiscal") && self.is(k + 2, "year"));
        let rel = match self.low(k) {
            "last" | "past" | "previous" => Rel::Last,
            "latest" if latest_year => Rel::Last,
            "this" | "current" => Rel::This,
            "next" | "coming" => Rel::Next,
            _ => Rel::None,
        };
        let off = match rel {
            Rel::Last => -1,
            Rel::Next => 1,
            _ => 0,
        };
        if rel != Rel::None {
            k += 1;
            if the && self.is(k - 1, "this") {
                return None;
            }
        }
        if rel != Rel::None && self.is(k, "fiscal") {
            k += 1;
        }
        let w = self.low(k);
        if w == "weekend" {
            let off = if rel == Rel::None { None } else { Some(off) };
            if rel == Rel::None && !the {
                return None;
            }
            return Some((k + 1, Sem::Weekend { off }, D));
        }
        if let Some(s) = lexicon::season(w) {
            // "the early summer": "the" before the modifier
            let the_early = i >= 2
                && matches!(self.low(i - 1), "early" | "late" | "mid" | "-")
                && (self.is(i - 2, "the") || i >= 3 && self.is(i - 3, "the"));
            let ok = rel != Rel::None
                || the
                || the_early
                || (i > 0 && matches!(self.low(i - 1), "in" | "during" | "by"))
                    && !matches!(s, "FA" | "SP");
            if !ok {
                return None;
            }
            // "the fall of 1989", "summer 2024"
            let kk = if self.is(k + 1, "of") { k + 2 } else { k + 1 };
            if let Some((ye, y)) = self.trailing_year(kk) {
                return Some((
                    ye,
                    Sem::Season {
                        s,
                        y: YearSpec::Explicit(y),
                        rel: Rel::None,
                    },
                    D,
                ));
            }
            return Some((
                k + 1,
                Sem::Season {
                    s,
                    y: YearSpec::Infer,
                    rel,
                },
                D,
            ));
        }
        if rel == Rel::None {
            // "the full year" is this year
            if the && w == "full" && self.is(k + 1, "year") {
                return Some((
                    k + 2,
                    Sem::UnitRel {
                        unit: Unit::Year,
                        off: 0,
                    },
                    D,
                ));
            }
            // "the fiscal year"
            if the && w == "fiscal" && self.is(k + 1, "year") {
                return Some((
                    k + 2,
                    Sem::Duration {
                        n: Some(1),
                        unit: Unit::Year,
                    },
                    TimexType::Duration,
                ));
            }
            // "for the year": a year-long duration
            if the
                && w == "year"
                && !matches!(self.low(k + 1), "-" | "'" | "ago" | "earlier" | "before")
            {
                return Some((
                    k + 1,
                    Sem::Duration {
                        n: Some(1),
                        unit: Unit::Year,
                    },
                    TimexType::Duration,
                ));
            }
            return None;
        }
        if let Some(m) = lexicon::month(w)
            && self.cap(k)
        {
            // "last Oct. 23": the month's day, in the year the determiner picks
            if let Some((e, sem @ Sem::Date { d: Some(_), .. }, _)) = self.month_first(k) {
                return Some((e, sem.with_rel(rel), D));
            }
            return Some((k + 1, date_sem(YearSpec::Infer, m, None).with_rel(rel), D));
        }
        let (unit, plural) = lexicon::unit(w)?;
        if plural || unit.is_clock() {
            return None;
        }
        // "last year's"
        Some((k + 1, Sem::UnitRel { unit, off }, D))
    }

    // ---- financial quarters and halves -------------------------------------

    /// "the third quarter", "third-quarter", "the latest quarter", "the
    /// year-earlier quarter", "this year's first half", "a year earlier" (in
    /// a sentence about quarters).
    fn quarter(&self, i: usize) -> R {
        let mut k = i;
        if self.is(k, "the") {
            k += 1;
        }
        let mut y = YearSpec::Infer;
        let mut back = None;
        // "this year's", "last year's", "next year's", "1989's"
        if matches!(self.low(k), "this" | "last" | "next")
            && self.is(k + 1, "year")
            && self.is(k + 2, "'")
            && self.is(k + 3, "s")
        {
            let off = match self.low(k) {
                "last" => -1,
                "next" => 1,
                _ => 0,
            };
            y = YearSpec::Rel(off);
            k += 4;
        } else if let Some(yy) = self.year(k)
            && self.is(k + 1, "'")
            && self.is(k + 2, "s")
        {
            y = YearSpec::Explicit(yy);
            k += 3;
        }
        if matches!(self.low(k), "comparable" | "corresponding" | "same") {
            k += 1;
        }
        // "the corresponding period last year", "the quarter a year ago",
        // "last year's quarter": the reporting quarter a year back
        if k > i && matches!(self.low(k), "quarter" | "period") {
            let tail = self.year_back_tail(k + 1);
            if tail.is_some() || y == YearSpec::Rel(-1) {
                return Some((
                    tail.unwrap_or(k + 1),
                    Sem::LastQuarter {
                        years_back: 1,
                        year: None,
                        anchor: true,
                    },
                    D,
                ));
            }
        }
        // "the 1988 third quarter", "the 1988 period"
        if k > i
            && let Some(yy) = self.year(k)
            && !self.is(k + 1, "'")
        {
            if matches!(self.low(k + 1), "quarter" | "period") {
                return Some((
                    k + 2,
                    Sem::LastQuarter {
                        years_back: 0,
                        year: Some(yy),
                        anchor: false,
                    },
                    D,
                ));
            }
            if let Some(n) = lexicon::ordinal(self.low(k + 1))
                && (1..=4).contains(&n)
                && self.is(k + 2, "quarter")
            {
                return Some((
                    k + 3,
                    Sem::Quarter {
                        q: n as u32,
                        y: YearSpec::Explicit(yy),
                    },
                    D,
                ));
            }
        }
        // year-earlier / year-ago
        if self.is(k, "year") && self.is(k + 1, "-") && matches!(self.low(k + 2), "earlier" | "ago")
        {
            back = Some(1);
            k += 3;
        } else if self.is(k, "last") && self.is(k + 1, "half") {
            // "the last half of 1989"
            let (end, y) = match self
                .is(k + 2, "of")
                .then(|| self.trailing_year(k + 3))
                .flatten()
            {
                Some((ye, y)) => (ye, YearSpec::Explicit(y)),
                None => (k + 2, YearSpec::Infer),
            };
            return Some((end, Sem::Half { h: 2, y }, D));
        } else if matches!(self.low(k), "latest" | "last" | "recent" | "most") {
            if self.is(k, "most") {
                if !self.is(k + 1, "recent") {
                    return None;
                }
                k += 1;
            }
            back = Some(0);
            k += 1;
        } else if matches!(self.low(k), "current") {
            back = Some(-1);
            k += 1;
        }
        if self.is(k, "fiscal") {
            k += 1;
        }
        // ordinal quarter / half
        if let Some(n) = lexicon::ordinal(self.low(k)) {
            // "the first two quarters" (of 1990) is the first half
            let two = self.is(k, "first") && self.is(k + 1, "two") && self.is(k + 2, "quarters");
            let h = if two || self.is(k + 1, "-") {
                k + 2
            } else {
                k + 1
            };
            let noun = if two { "half" } else { self.low(h) };
            let (q, is_half) = match (noun, n) {
                ("quarter" | "quarters", 1..=4) => (n as u32, false),
                ("half", 1..=2) => (n as u32, true),
                _ => return None,
            };
            let mut end = h + 1;
            if let Some(b) = back {
                if b > 0 {
                    y = YearSpec::Rel(-b);
                } else if b < 0 {
                    y = YearSpec::Rel(0);
                }
            }
            // "the third quarter of 1989", "the fourth quarter of last year"
            if self.is(end, "of") {
                if let Some(yy) = self.year(end + 1) {
                    y = YearSpec::Explicit(yy);
                    end += 2;
                } else if matches!(self.low(end + 1), "this" | "last" | "next")
                    && self.is(end + 2, "year")
                {
                    y = YearSpec::Rel(match self.low(end + 1) {
                        "last" => -1,
                        "next" => 1,
                        _ => 0,
                    });
                    end += 3;
                }
            } else if let Some(yy) = self.year(end) {
                // "third quarter 1989"
                y = YearSpec::Explicit(yy);
                end += 1;
            }
            // a bare "second" or "first" needs the noun; checked above
            let sem = if is_half {
                Sem::Half { h: q, y }
            } else {
                Sem::Quarter { q, y }
            };
            return Some((end, sem, D));
        }
        // "the latest quarter", "the year-earlier period"
        if let Some(b) = back
            && b >= 0
        {
            if matches!(self.low(k), "quarter" | "period") {
                return Some((
                    k + 1,
                    Sem::LastQuarter {
                        years_back: b,
                        year: None,
                        anchor: b == 1,
                    },
                    D,
                ));
            }
            if b == 1 && k > i {
                // bare "year-earlier" / "year-ago" (adjective)
                if matches!(self.low(k), "nine" | "six" | "three") && self.is(k + 1, "months") {
                    let n = lexicon::small_number(self.low(k))?;
                    return Some((
                        k + 2,
                        Sem::Duration {
                            n: Some(n),
                            unit: Unit::Month,
                        },
                        TimexType::Duration,
                    ));
                }
                return Some((
                    k,
                    Sem::LastQuarter {
                        years_back: 1,
                        year: None,
                        anchor: true,
                    },
                    D,
                ));
            }
            if b == 0 && matches!(self.low(k), "nine" | "six" | "three") && self.is(k + 1, "months")
            {
                let n = lexicon::small_number(self.low(k))?;
                return Some((
                    k + 2,
                    Sem::Duration {
                        n: Some(n),
                        unit: Unit::Month,
                    },
                    TimexType::Duration,
                ));
            }
            return None;
        }
        // "the quarter-to-quarter comparison" compares, it names no quarter
        if self.is(i, "the")
            && self.is(i + 1, "quarter")
            && !self.is(i + 2, "of")
            && !(self.is(i + 2, "-") && self.is(i + 3, "to"))
        {
            return Some((
                i + 2,
                Sem::LastQuarter {
                    years_back: 0,
                    year: None,
                    anchor: false,
                },
                D,
            ));
        }
        None
    }

    /// "last year", "a year ago", "a year earlier", "of last year" after a
    /// period noun at `i` (not "last year's"): the end.
    fn year_back_tail(&self, i: usize) -> Option<usize> {
        let k = if self.is(i, "of") { i + 1 } else { i };
        if self.is(k, "last") && self.is(k + 1, "year") && !self.is(k + 2, "'") {
            return Some(k + 2);
        }
        if matches!(self.low(k), "a" | "one")
            && self.is(k + 1, "year")
            && matches!(self.low(k + 2), "ago" | "earlier" | "before")
            && k == i
        {
            return Some(k + 3);
        }
        None
    }

    /// "three years ago", "a year earlier", "two weeks from now".
    fn ago(&self, i: usize) -> R {
        let mut k = i;
        while lexicon::is_approximator(self.low(k)) && k < i + 2 {
            k += 1;
        }
        if matches!(self.low(k), "more" | "less") && self.is(k + 1, "than") {
            k += 2;
        }
        let (ne, n) = self.amount(k)?;
        let (unit, _) = lexicon::unit(self.low(ne))?;
        let mut e = ne + 1;
        // "a week or so ago"
        if self.is(e, "or") && self.is(e + 1, "so") {
            e += 2;
        }
        let sign = match self.low(e) {
            "ago" | "earlier" => -1,
            "from" if self.is(e + 1, "now") => {
                e += 1;
                1
            }
            "hence" => 1,
            _ => return None,
        };
        if n.is_none() && self.is(e, "ago") {
            return Some((e + 1, Sem::Ref("PAST_REF"), D));
        }
        let n = n?;
        if n == 0 || n > max_amount(unit) {
            return Some((
                e + 1,
                Sem::Invalid(format!("implausible offset of {n} units")),
                D,
            ));
        }
        if sign < 0 && unit == Unit::Year && n == 1 && self.in_quarter_ctx(i) {
            return Some((
                e + 1,
                Sem::LastQuarter {
                    years_back: 1,
                    year: None,
                    anchor: true,
                },
                D,
            ));
        }
        Some((
            e + 1,
            Sem::Ago {
                n: Some(n),
                unit,
                sign,
            },
            D,
        ))
    }

    /// An amount of units: a number, "a", or a vague word ("several").
    /// `None` inside means "unknown amount".
    fn amount(&self, i: usize) -> Option<(usize, Option<u64>)> {
        let w = self.low(i);
        if (w == "a" || w == "the") && self.is(i + 1, "few") {
            return Some((i + 2, None));
        }
        // "the next couple of years"
        if w == "couple" && self.is(i + 1, "of") {
            return Some((i + 2, Some(2)));
        }
        if lexicon::is_vague_amount(w) {
            return Some((i + 1, None));
        }
        let (e, n) = self.cardinal(i, true)?;
        Some((e, Some(n)))
    }

    // ---- durations -----------------------------------------------------

    /// "nearly ninety minutes", "an hour", "11 years", "the past two
    /// months", "two-year", "the first nine months", "for years".
    fn duration(&self, i: usize) -> R {
        let dur = TimexType::Duration;
        // "for a while": a stretch of unknown amount and unit
        if i > 0
            && matches!(self.low(i - 1), "for" | "in" | "after")
            && self.is(i, "a")
            && self.is(i + 1, "while")
        {
            return Some((i + 2, Sem::DurationLiteral("PXX".to_string()), dur));
        }
        let mut k = i;
        let mut approx = false;
        // "at least", "more than", "less than", "up to", "no more than"
        loop {
            let w = self.low(k);
            if (matches!(w, "more" | "less" | "fewer") && self.is(k + 1, "than"))
                || (w == "at" && self.is(k + 1, "least"))
                || (w == "up" && self.is(k + 1, "to"))
            {
                k += 2;
            } else if lexicon::is_approximator(w) && w != "some" {
                k += 1;
            } else {
                break;
            }
            approx = true;
            if k > i + 3 {
                return None;
            }
        }
        let mut the = false;
        if self.is(k, "the") {
            // "over the past two months": "over" is a preposition here
            if approx {
                return None;
            }
            the = true;
            k += 1;
        }
        let mut det = false;
        if matches!(
            self.low(k),
            "past"
                | "last"
                | "next"
                | "first"
                | "coming"
                | "latest"
                | "previous"
                | "final"
                | "following"
                | "recent"
        ) {
            det = true;
            k += 1;
        }
        // "recent years", "the coming months", "the past few weeks"
        let amount = self.amount(k);
        let (ne, n) = match amount {
            Some(a) => a,
            None => {
                let (unit, plural) = lexicon::unit(self.low(k))?;
                // "day-long", "decades-long": a duration as an adjective
                if self.is(k + 1, "-") && self.is(k + 2, "long") && k == i {
                    let n = if plural { None } else { Some(1) };
                    return Some((k + 3, Sem::Duration { n, unit }, dur));
                }
                if !plural {
                    return None;
                }
                // "for years", "within weeks", "the weeks ahead", "for the
                // first time in years"
                // "over the years", "in the years that followed"
                let span_of = the
                    && i > 0
                    && (self.is(i - 1, "over")
                        || (self.is(i - 1, "in")
                            && matches!(self.low(k + 1), "that" | "since")
                            && matches!(self.low(k + 2), "followed" | "since" | "then")));
                let vague_ok = det
                    || span_of
                    || (i > 0 && matches!(self.low(i - 1), "for" | "within"))
                    || self.is(k + 1, "ahead")
                    || (i > 0
                        && !the
                        && self.is(i - 1, "in")
                        && !matches!(self.low(k + 1), "of" | "-" | "'"));
                if !vague_ok || approx {
                    return None;
                }
                // "the weeks ahead"
                let e = if self.is(k + 1, "ahead") {
                    k + 2
                } else {
                    k + 1
                };
                if self.is(i + usize::from(the), "recent") && unit >= Unit::Year {
                    return Some((e, Sem::Ref("PAST_REF"), D));
                }
                return Some((e, Sem::Duration { n: None, unit }, dur));
            }
        };
        // "two and a half hours"
        if let Some(n) = n
            && self.is(ne, "and")
            && self.is(ne + 1, "a")
            && self.is(ne + 2, "half")
            && let Some((unit, _)) = lexicon::unit(self.low(ne + 3))
        {
            return Some((ne + 4, half_more(n, unit), dur));
        }
        let (un, hyph) = if self.is(ne, "-") {
            (ne + 1, true)
        } else {
            (ne, false)
        };
        // "two to three weeks": take the first number
        let (un, hyph) = if !hyph
            && matches!(self.low(un), "to" | "or")
            && let Some((e2, _)) = self.cardinal(un + 1, false)
            && lexicon::unit(self.low(e2)).is_some()
        {
            (e2, false)
        } else {
            (un, hyph)
        };
        // "2 1/2 years"
        if let Some(n) = n
            && self.is(ne, "1")
            && self.is(ne + 1, "/")
            && self.is(ne + 2, "2")
            && let Some((unit, _)) = lexicon::unit(self.low(ne + 3))
        {
            return Some((ne + 4, half_more(n, unit), dur));
        }
        // "20 more years", "an additional year"
        let un = if matches!(
            self.low(un),
            "more"
                | "additional"
                | "extra"
                | "straight"
                | "consecutive"
                | "trading"
                | "business"
                | "working"
        ) {
            un + 1
        } else {
            un
        };
        let (unit, plural) = lexicon::unit(self.low(un))?;
        let article = matches!(self.low(k), "a" | "an");
        if article && matches!(unit, Unit::Second | Unit::Quarter) {
            return None;
        }
        if n == Some(1) && plural && !hyph {
            return None;
        }
        // "two-year" is singular; "three-quarters" is a fraction
        if hyph && plural && !self.is(un + 1, "-") {
            return None;
        }
        // "the first nine months" needs a count; "the first year" is not ours
        if det && self.is(k - 1, "first") && n.is_none() {
            return None;
        }
        let mut e = un + 1;
        // ages ("6-year-old", "52 years old") and "year-earlier" are not durations
        if self.is(e, "old")
            || (self.is(e, "-") && matches!(self.low(e + 1), "old" | "olds" | "earlier" | "ago"))
        {
            return None;
        }
        if matches!(unit, Unit::Second | Unit::Quarter)
            && n.is_some_and(|n| (1000..=2199).contains(&n))
        {
            return None;
        }
        // "an hour and a half", "a minute and a half"
        if self.is(e, "and")
            && self.is(e + 1, "a")
            && self.is(e + 2, "half")
            && let Some(n) = n
        {
            let v = half_more(n, unit);
            return Some((e + 3, v, dur));
        }
        // "two-week-long"
        if hyph && self.is(e, "-") && self.is(e + 1, "long") {
            e += 2;
        }
        // "years old" stays a duration with "old" outside
        if self.is(e, "ago")
            || self.is(e, "earlier")
            || (self.is(e, "from") && self.is(e + 1, "now"))
        {
            return None; // an "ago" date, matched elsewhere
        }
        if self.is(e, "or") && self.is(e + 1, "so") {
            e += 2;
        }
        if let Some(n) = n {
            if n == 0 || n > max_amount(unit) {
                return Some((
                    e,
                    Sem::Invalid(format!("implausible duration of {n} units")),
                    dur,
                ));
            }
        }
        // a bare "a year" after an amount of money or a count is a rate
        if article && i > 0 && self.rate_context(i) {
            return None;
        }
        // "24 hours a day", "a day" in it: a rate of one unit per another
        let per_unit = |k: usize| {
            matches!(self.low(k), "a" | "an" | "per")
                && lexicon::unit(self.low(k + 1)).is_some_and(|(u, pl)| !pl && u > unit)
        };
        let rate_of_units = per_unit(e)
            || (article
                && i >= 2
                && lexicon::unit(self.low(i - 1)).is_some_and(|(u, pl)| pl && u < unit)
                && (self.num(i - 2).is_some() || lexicon::small_number(self.low(i - 2)).is_some()));
        if n.is_some() && rate_of_units {
            return None;
        }
        Some((e, Sem::Duration { n, unit }, dur))
    }

    /// Whether word `i` ("a"/"per") follows a number, so "a year" is a rate.
    fn rate_context(&self, i: usize) -> bool {
        let p = self.low(i - 1);
        // "four flights a week", "700 seats a week"
        let counted_noun = i >= 2
            && self.kind(i - 1) == Some(Kind::Alpha)
            && p.len() > 3
            && p.ends_with('s')
            && lexicon::unit(p).is_none()
            && (self.num(i - 2).is_some() || lexicon::small_number(self.low(i - 2)).is_some());
        counted_noun
            || self.kind(i - 1) == Some(Kind::Num)
            || matches!(
                p,
                "once"
                    | "twice"
                    | "times"
                    | "%"
                    | "percent"
                    | "cents"
                    | "dollars"
                    | "million"
                    | "billion"
            )
    }

    // ---- sets --------------------------------------------------------------

    /// "every week", "each Thursday", "daily", "$5 a year", "twice a week".
    fn set(&self, i: usize) -> R {
        let s = TimexType::Set;
        let w = self.low(i);
        let word = match w {
            "daily" | "nightly" if !(i > 0 && matches!(self.low(i - 1), "average" | "party")) => {
                Some("P1D")
            }
            "weekly" => Some("P1W"),
            "monthly" => Some("P1M"),
            "yearly" | "annually" => Some("P1Y"),
            "hourly" => Some("PT1H"),
            _ => None,
        };
        if let Some(v) = word {
            // "rise 8.5% annually", "10,000 units annually": a rate, which
            // TimeML leaves alone like "$5 a year"
            let rate = i > 0
                && !matches!(self.low(i - 1), "once" | "twice" | "thrice" | "times")
                && self.rate_context(i);
            if rate {
                return None;
            }
            return Some((i + 1, Sem::Set(v.to_string()), s));
        }
        // "twice a week" is a set; "$5 a year" or "700 seats a week" is a
        // rate, which TimeML leaves alone
        let frequency = i > 0 && matches!(self.low(i - 1), "once" | "twice" | "thrice" | "times");
        // "15 million instructions per second" is a speed, not a set
        if matches!(w, "every" | "each") || (matches!(w, "a" | "an" | "per") && frequency) {
            let mut k = i + 1;
            if self.is(k, "other") {
                k += 1;
            }
            let other = k > i + 1;
            let (n, ke) = match self.cardinal(k, false) {
                Some((e, n)) if w != "a" && w != "an" => (n, e),
                _ => (1, k),
            };
            let n = if other { 2 * n } else { n };
            if let Some(wd) = lexicon::weekday(self.low(ke)) {
                return Some((ke + 1, Sem::Set(format!("XXXX-WXX-{wd}")), s));
            }
            if let Some(m) = lexicon::month(self.low(ke))
                && self.cap(ke)
            {
                return Some((ke + 1, Sem::Set(format!("XXXX-{m:02}")), s));
            }
            if let Some(p) = lexicon::part_of_day(self.low(ke)) {
                return Some((ke + 1, Sem::Set(format!("XXXX-XX-XXT{p}")), s));
            }
            let (unit, _) = lexicon::unit(self.low(ke))?;
            if n == 0 || n > max_amount(unit) {
                return None;
            }
            return Some((ke + 1, Sem::Set(duration_value(Some(n), unit)), s));
        }
        if let Some(wd) = lexicon::weekday_plural(w) {
            let e = i + 1;
            if let Some(p) = lexicon::part_of_day(self.low(e).strip_suffix('s').unwrap_or("")) {
                return Some((e + 1, Sem::Set(format!("XXXX-WXX-{wd}T{p}")), s));
            }
            return Some((e, Sem::Set(format!("XXXX-WXX-{wd}")), s));
        }
        None
    }

    // ---- references ------------------------------------------------------

    /// "now", "currently", "recently", "soon", "the future", "the past".
    fn reference(&self, i: usize) -> R {
        let r = |e: usize, v: &'static str| Some((e, Sem::Ref(v), D));
        match self.low(i) {
            "now" | "currently" | "nowadays" => r(i + 1, "PRESENT_REF"),
            "current"
                if self.kind(i + 1) == Some(Kind::Alpha)
                    && !matches!(
                        self.low(i + 1),
                        "account" | "accounts" | "affairs" | "events"
                    ) =>
            {
                r(i + 1, "PRESENT_REF")
            }
            "these" if self.is(i + 1, "days") => r(i + 2, "PRESENT_REF"),
            // "at this (crucial) moment"
            "this" if self.is(i + 1, "moment") => r(i + 2, "PRESENT_REF"),
            "this" if self.kind(i + 1) == Some(Kind::Alpha) && self.is(i + 2, "moment") => {
                r(i + 3, "PRESENT_REF")
            }
            // "at a later date", "a future date"
            "a" if matches!(self.low(i + 1), "later" | "future") && self.is(i + 2, "date") => {
                r(i + 3, "FUTURE_REF")
            }
            "at" if self.is(i + 1, "present") => r(i + 2, "PRESENT_REF"),
            "recently" | "lately" => r(i + 1, "PAST_REF"),
            "recent" if lexicon::unit(self.low(i + 1)).is_none() => r(i + 1, "PAST_REF"),
            "soon"
                if !(self.is(i + 1, "after")
                    || (i > 0 && self.is(i - 1, "as") && self.is(i + 1, "as"))) =>
            {
                r(i + 1, "FUTURE_REF")
            }
            "as" if self.is(i + 1, "soon")
                && self.is(i + 2, "as")
                && self.is(i + 3, "possible") =>
            {
                r(i + 4, "FUTURE_REF")
            }
            "future" if i > 0 && matches!(self.low(i - 1), "in" | "near") => r(i + 1, "FUTURE_REF"),
            "the" => match self.low(i + 1) {
                "future" => r(i + 2, "FUTURE_REF"),
                "near" | "distant" if self.is(i + 2, "future") => r(i + 3, "FUTURE_REF"),
                "near" | "long" | "short" if self.is(i + 2, "term") => r(i + 3, "FUTURE_REF"),
                "past"
                    if lexicon::unit(self.low(i + 2)).is_none()
                        && self.cardinal(i + 2, false).is_none()
                        && !lexicon::is_vague_amount(self.low(i + 2)) =>
                {
                    r(i + 2, "PAST_REF")
                }
                "present" => r(i + 2, "PRESENT_REF"),
                _ => None,
            },
            _ => None,
        }
    }

    // ---- clock times -------------------------------------------------------

    /// "10:35 a.m.", "9 p.m. EST", "14:00 GMT", "noon", "midnight".
    /// Returns (end, hour, minute, zone offset in minutes).
    fn clock(&self, i: usize) -> Option<(usize, u32, u32, Option<i32>)> {
        let w = self.low(i);
        let (mut e, mut h, mut m, mut had_ampm) = match w {
            "noon" | "midday" => (i + 1, 12, 0, true),
            "midnight" => (i + 1, 24, 0, true),
            _ => {
                // "9am", "10pm"
                if self.kind(i) == Some(Kind::Mixed) {
                    let (d, ap) = if let Some(d) = w.strip_suffix("am") {
                        (d, false)
                    } else if let Some(d) = w.strip_suffix("pm") {
                        (d, true)
                    } else {
                        return None;
                    };
                    let h: u32 = d.parse().ok().filter(|h| (1..=12).contains(h))?;
                    let h = to_24(h, ap);
                    (i + 1, h, 0, true)
                } else {
                    let h = self.num(i)?;
                    if self.low(i).len() > 2 || h > 24 {
                        return None;
                    }
                    let mut e = i + 1;
                    let mut m = 0;
                    let mut colon = false;
                    if self.is(e, ":") && self.glued(e) && self.glued(e + 1) {
                        m = self.num_len(e + 1, 2)?;
                        if m > 59 {
                            return None;
                        }
                        e += 2;
                        colon = true;
                    }
                    let (ae, ampm) = self.ampm(e);
                    if let Some(pm) = ampm {
                        if !(1..=12).contains(&h) {
                            return None;
                        }
                        (ae, to_24(h as u32, pm), m as u32, true)
                    } else if colon
                        || (self.is(e, "in")
                            && self.is(e + 1, "the")
                            && lexicon::part_of_day(self.low(e + 2)).is_some())
                        || (self.is(e, "o") && self.is(e + 1, "'") && self.is(e + 2, "clock"))
                    {
                        (e, h as u32, m as u32, false)
                    } else {
                        return None;
                    }
                }
            }
        };
        // "4 in the morning"
        if !had_ampm
            && (1..=12).contains(&h)
            && m == 0
            && self.is(e, "in")
            && self.is(e + 1, "the")
            && let Some(p) = lexicon::part_of_day(self.low(e + 2))
        {
            h = to_24(h, p != "MO");
            e += 3;
            had_ampm = true;
        }
        // "o'clock"
        if self.is(e, "o") && self.is(e + 1, "'") && self.is(e + 2, "clock") {
            e += 3;
            had_ampm = true;
        }
        let mut zone = None;
        if let Some(z) = lexicon::zone(self.low(e))
            && (self.cap(e) || self.low(e).len() == 1)
        {
            zone = Some(z);
            e += 1;
        } else if let Some((ze, z)) = self.offset_zone(e) {
            zone = Some(z);
            e = ze;
        }
        if !had_ampm && zone.is_none() && h > 23 {
            return None;
        }
        if h == 24 {
            h = 24;
            m = 0;
        }
        Some((e, h, m, zone))
    }

    /// "a.m.", "am", "p.m", "pm" at `i`; Some(true) for p.m.
    fn ampm(&self, i: usize) -> (usize, Option<bool>) {
        match self.low(i) {
            "am" => (self.dot(i + 1), Some(false)),
            "pm" => (self.dot(i + 1), Some(true)),
            "a" | "p" if self.is(i + 1, ".") && self.is(i + 2, "m") => {
                (self.dot(i + 3), Some(self.is(i, "p")))
            }
            _ => (i, None),
        }
    }

    /// "UTC+3", "GMT-05:00".
    fn offset_zone(&self, i: usize) -> Option<(usize, i32)> {
        if !matches!(self.low(i), "utc" | "gmt") {
            return None;
        }
        let sign = match self.low(i + 1) {
            "+" => 1,
            "-" => -1,
            _ => return Some((i + 1, 0)),
        };
        let h = self.num(i + 2)? as i32;
        if h > 14 {
            return None;
        }
        Some((i + 3, sign * h * 60))
    }

    /// A clock time, then optionally its day ("9 a.m. Tuesday", "5 p.m.
    /// EST, Nov. 6").
    fn time_then_day(&self, i: usize) -> R {
        let (e, h, m, zone) = self.clock(i)?;
        // "10:35 a.m. (0735 GMT) Friday": the day follows the aside
        let e2 = if self.is(e, "(") {
            (e + 1..(e + 12).min(self.w.len()))
                .find(|&k| self.is(k, ")"))
                .map_or(e, |k| k + 1)
        } else {
            e
        };
        let k = if self.is(e2, ",") || self.is(e2, "on") {
            e2 + 1
        } else {
            e2
        };
        let is_day = |(_, s, _): &(usize, Sem, TimexType)| {
            matches!(
                s,
                Sem::Weekday { .. } | Sem::DayRel(_) | Sem::Date { d: Some(_), .. }
            )
        };
        // "4 in the morning (4 a.m. EDT Thursday)": the aside names the day
        let inside = (e2 > e)
            .then(|| (e + 1..e2 - 1).find_map(|j| lexicon::weekday(self.low(j))))
            .flatten()
            .map(|wd| (e, Sem::Weekday { wd, rel: Rel::None }, D));
        let day = self.date(k).filter(is_day).or(inside);
        let (end, day) = match day {
            // past an aside, the day is its own expression: it dates the
            // time without joining its extent
            Some((_, s, _)) if e2 > e => (e, Some(Box::new(s))),
            Some((de, s, _)) => (de, Some(Box::new(s))),
            None => (e, None),
        };
        Some((end, Sem::Time { day, h, m, zone }, TimexType::Time))
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
