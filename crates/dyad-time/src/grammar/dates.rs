//! Explicit calendar dates: "February 12, 2025", "12 Feb", "2/12/2025", "the 12th",
//! years, decades and holidays.

use super::*;

impl Grammar<'_> {
    /// Dates of every kind, without an opening modifier. Longest wins.
    pub(super) fn date(&self, i: usize) -> R {
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

    /// "2025-02-12", "2025-W07", "2/12/2025", "12.02.2025".
    pub(super) fn numeric_date(&self, i: usize) -> R {
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
    pub(super) fn month_word(&self, i: usize) -> Option<(usize, u32)> {
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
    pub(super) fn may_ok(&self, i: usize, next_is_number: bool) -> bool {
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
    pub(super) fn day_num(&self, i: usize) -> Option<(usize, u32)> {
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
    pub(super) fn trailing_year(&self, i: usize) -> Option<(usize, i64)> {
        let k = if self.is(i, ",") { i + 1 } else { i };
        if let Some(y) = self.year(k) {
            return Some((k + 1, y));
        }
        self.spelled_year(k)
    }

    /// "nineteen ninety-six", "two thousand", "two thousand and one".
    pub(super) fn spelled_year(&self, i: usize) -> Option<(usize, i64)> {
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
    pub(super) fn month_first(&self, i: usize) -> R {
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
    pub(super) fn day_first(&self, i: usize) -> R {
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
    pub(super) fn anchored(&self, i: usize) -> R {
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
    pub(super) fn part_then_day(&self, i: usize) -> R {
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
    pub(super) fn holiday(&self, i: usize) -> R {
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
    pub(super) fn day_of_month(&self, i: usize) -> R {
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
    pub(super) fn year_expr(&self, i: usize) -> R {
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
    pub(super) fn decade(&self, i: usize) -> R {
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
}
