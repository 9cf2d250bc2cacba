//! Durations ("three weeks", "a decade and a half") and sets ("every Monday",
//! "twice a year").

use super::*;

impl Grammar<'_> {
    /// An amount of units: a number, "a", or a vague word ("several").
    /// `None` inside means "unknown amount".
    pub(super) fn amount(&self, i: usize) -> Option<(usize, Option<u64>)> {
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
    pub(super) fn duration(&self, i: usize) -> R {
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
    pub(super) fn rate_context(&self, i: usize) -> bool {
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
    pub(super) fn set(&self, i: usize) -> R {
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
}
