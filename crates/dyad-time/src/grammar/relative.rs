//! Dates relative to the document date: weekdays ("on Wednesday"), "yesterday",
//! "next month", determined expressions ("the past week"), fiscal quarters and
//! halves, "two years ago", and references such as "now" and "recently".

use super::*;

impl Grammar<'_> {
    /// "Friday", "last Friday", "this coming Friday".
    pub(super) fn weekday_expr(&self, i: usize) -> R {
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
    pub(super) fn relative_word(&self, i: usize) -> R {
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
    pub(super) fn determined(&self, i: usize) -> R {
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
    pub(super) fn quarter(&self, i: usize) -> R {
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
                if let Some(months) = self.quarter_months(k) {
                    return Some(months);
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
            if b == 0 {
                return self.quarter_months(k);
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
    pub(super) fn year_back_tail(&self, i: usize) -> Option<usize> {
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
    pub(super) fn ago(&self, i: usize) -> R {
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

    // ---- references ------------------------------------------------------

    /// "now", "currently", "recently", "soon", "the future", "the past".
    pub(super) fn reference(&self, i: usize) -> R {
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

    /// "nine months", "six months", "three months" at `k` (a span of
    /// quarters in a financial report): the duration they name.
    fn quarter_months(&self, k: usize) -> R {
        if !(matches!(self.low(k), "nine" | "six" | "three") && self.is(k + 1, "months")) {
            return None;
        }
        let n = lexicon::small_number(self.low(k))?;
        Some((
            k + 2,
            Sem::Duration {
                n: Some(n),
                unit: Unit::Month,
            },
            TimexType::Duration,
        ))
    }
}
