//! Clock times ("3:30 p.m. EST", "noon", "10 a.m. on Friday").

use super::*;

impl Grammar<'_> {
    /// "10:35 a.m.", "9 p.m. EST", "14:00 GMT", "noon", "midnight".
    /// Returns (end, hour, minute, zone offset in minutes).
    pub(super) fn clock(&self, i: usize) -> Option<(usize, u32, u32, Option<i32>)> {
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
    pub(super) fn ampm(&self, i: usize) -> (usize, Option<bool>) {
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
    pub(super) fn offset_zone(&self, i: usize) -> Option<(usize, i32)> {
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
    pub(super) fn time_then_day(&self, i: usize) -> R {
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
}
