//! Turning a meaning into a TimeML value against the document date and the
//! tense of the governing verb.

use chrono::{Datelike, Days, NaiveDate};

use crate::grammar::{days_in_month, duration_value};
use crate::lexicon::Unit;
use crate::sem::{Holiday, Rel, Sem, YearSpec};

/// The tense of the verb that governs an expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tense {
    /// Past or present perfect ("met", "has met").
    Past,
    /// Simple present ("meets", "is").
    Present,
    /// Future or planned ("will meet", "plans to meet").
    Future,
    /// No cue found.
    Unknown,
}

/// The reference times an expression may lean on: the last date and the
/// last quarter mentioned before it (index of the timex and its value).
#[derive(Debug, Clone, Default)]
pub(crate) struct RefTimes {
    /// Last timex with a calendar value ("1995-05-22", "1998-06", "1996").
    pub date: Option<(usize, String)>,
    /// Last timex naming a quarter: (index, year, quarter).
    pub quarter: Option<(usize, i64, u32)>,
}

impl RefTimes {
    /// Remember the value of timex `idx`.
    /// Only quarters of the document's reporting period (its year, or the
    /// fourth quarter just closed) become reference quarters: "a year
    /// earlier" after "the 1988 period" still means the year before now.
    pub fn note(&mut self, idx: usize, value: &str, dct: Option<NaiveDate>) {
        let b = value.as_bytes();
        let digits =
            |r: std::ops::Range<usize>| r.clone().all(|i| b.get(i).is_some_and(u8::is_ascii_digit));
        if b.len() == 7 && digits(0..4) && &value[4..6] == "-Q" && (b'1'..=b'4').contains(&b[6]) {
            let q = u32::from(b[6] - b'0');
            if let Ok(y) = value[..4].parse::<i64>() {
                let current = dct.is_none_or(|d| {
                    let dy = d.year() as i64;
                    y == dy || (q == 4 && y == dy - 1)
                });
                if current {
                    self.quarter = Some((idx, y, q));
                }
            }
            return;
        }
        let calendar = (b.len() == 4 && digits(0..4))
            || (b.len() == 7 && digits(0..4) && b[4] == b'-' && digits(5..7))
            || (b.len() == 10
                && digits(0..4)
                && b[4] == b'-'
                && digits(5..7)
                && b[7] == b'-'
                && digits(8..10));
        if calendar {
            self.date = Some((idx, value.to_string()));
        }
    }
}

/// What a value is computed from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Anchor {
    /// Computed from an earlier timex (its index).
    Timex(usize),
    /// Complete as written.
    Absolute,
    /// Computed from the document date.
    Document,
    /// Needs no anchor (durations, sets).
    None,
}

const NO_DCT: &str = "relative to the document date, which is unknown";

type Out = Result<(String, Anchor), String>;

/// Resolve `sem` against `dct` under `tense`.
pub(crate) fn resolve(sem: &Sem, dct: Option<NaiveDate>, tense: Tense, refs: &RefTimes) -> Out {
    let doc = |v: String| Ok((v, Anchor::Document));
    let need = || dct.ok_or_else(|| NO_DCT.to_string());
    match sem {
        Sem::Ref(v) => Ok((v.to_string(), Anchor::Document)),
        Sem::Literal(v) => Ok((v.clone(), Anchor::Absolute)),
        Sem::Year(y) => Ok((year4(*y), Anchor::Absolute)),
        Sem::Decade(d) => Ok((format!("{d:03}"), Anchor::Absolute)),
        Sem::Century(c) => Ok((format!("{c:02}"), Anchor::Absolute)),
        Sem::Invalid(r) => Err(r.clone()),
        Sem::Duration { n, unit } => Ok((duration_value(*n, *unit), Anchor::None)),
        Sem::DurationLiteral(v) | Sem::Set(v) => Ok((v.clone(), Anchor::None)),
        Sem::Date { y, m, d, rel } => {
            if let YearSpec::Explicit(y) = y {
                return Ok((ymd(*y, *m, *d)?, Anchor::Absolute));
            }
            let dct = need()?;
            let y = infer_month_year(dct, *y, *m, *d, *rel, tense);
            doc(ymd(y, *m, *d)?)
        }
        Sem::DayRel(k) => doc(day(shift_days(need()?, *k)?)),
        Sem::DayOfMonth(d) => {
            let dct = need()?;
            let (mut y, mut m) = (dct.year() as i64, dct.month());
            if tense == Tense::Future && *d < dct.day() {
                (y, m) = add_months(y, m, 1);
            } else if tense != Tense::Future && *d > dct.day() {
                (y, m) = add_months(y, m, -1);
            }
            doc(ymd(y, m, Some(*d))?)
        }
        Sem::Weekday { wd, rel } => doc(day(weekday_date(need()?, *wd, *rel, tense)?)),
        Sem::UnitRel { unit, off } => doc(unit_rel(need()?, *unit, *off)?),
        Sem::Weekend { off } => {
            let dct = need()?;
            let cur = dct.weekday().number_from_monday() as i64;
            let off = off.unwrap_or(match tense {
                Tense::Future => 0,
                _ if cur >= 6 => 0,
                _ => -1,
            });
            let d = shift_days(dct, off * 7)?;
            let w = d.iso_week();
            doc(format!("{}-W{:02}-WE", year4(w.year() as i64), w.week()))
        }
        Sem::Ago { n, unit, sign } => {
            let dct = need()?;
            let n = n.ok_or_else(|| "unknown amount".to_string())?;
            let n = i64::try_from(n).map_err(|_| "implausible amount".to_string())?;
            let k = n.checked_mul(*sign).ok_or("implausible amount")?;
            match unit {
                Unit::Decade => doc(in_range(dct.year() as i64 + k * 10)?),
                Unit::Century => doc(in_range(dct.year() as i64 + k * 100)?),
                u if u.is_clock() => Err("needs the document's time of day".to_string()),
                u => doc(unit_rel(dct, *u, k)?),
            }
        }
        Sem::Quarter { q, y } => {
            let dct = need_unless_explicit(dct, *y)?;
            let y = match (*y, dct) {
                (YearSpec::Explicit(y), _) => y,
                (YearSpec::Rel(o), Some(d)) => d.year() as i64 + o,
                (_, Some(d)) => {
                    let cur = (d.month() - 1) / 3 + 1;
                    let y = d.year() as i64;
                    if *q > cur && tense == Tense::Past {
                        y - 1
                    } else {
                        y
                    }
                }
                (_, None) => return Err(NO_DCT.to_string()),
            };
            doc(format!("{}-Q{q}", year4(y)))
        }
        Sem::Half { h, y } => {
            let dct = need_unless_explicit(dct, *y)?;
            let y = match (*y, dct) {
                (YearSpec::Explicit(y), _) => y,
                (YearSpec::Rel(o), Some(d)) => d.year() as i64 + o,
                (_, Some(d)) => {
                    let cur = if d.month() <= 6 { 1 } else { 2 };
                    let y = d.year() as i64;
                    if *h > cur && tense == Tense::Past {
                        y - 1
                    } else {
                        y
                    }
                }
                (_, None) => return Err(NO_DCT.to_string()),
            };
            doc(format!("{}-H{h}", year4(y)))
        }
        Sem::Season { s, y, rel } => {
            if let YearSpec::Explicit(y) = y {
                return Ok((format!("{}-{s}", year4(*y)), Anchor::Absolute));
            }
            let dct = need()?;
            let cur = season_index(match dct.month() {
                3..=5 => "SP",
                6..=8 => "SU",
                9..=11 => "FA",
                _ => "WI",
            });
            let si = season_index(s) as i64;
            let cur = cur as i64;
            // January and February belong to the winter that began in December
            let ys = dct.year() as i64 - i64::from(dct.month() <= 2);
            let key = ys * 4 + cur;
            let last = (key - si - 1).div_euclid(4);
            let next = (key - si).div_euclid(4) + 1;
            let this = if s == &"WI" { ys } else { dct.year() as i64 };
            let y = match (y, rel) {
                (YearSpec::Rel(o), _) => dct.year() as i64 + o,
                (_, Rel::Last) => last,
                (_, Rel::Next) => next,
                (_, Rel::This) => this,
                _ if tense == Tense::Past && si > cur => last,
                _ if tense == Tense::Future && si < cur => next,
                _ => this,
            };
            doc(format!("{}-{s}", year4(y)))
        }
        Sem::Anchored { unit, off, part } => {
            let (idx, v) = refs
                .date
                .as_ref()
                .ok_or_else(|| "no earlier date to anchor to".to_string())?;
            let v = anchored(v, *unit, *off)?;
            let v = match part {
                Some(p) => format!("{v}T{p}"),
                None => v,
            };
            Ok((v, Anchor::Timex(*idx)))
        }
        Sem::LastQuarter {
            years_back,
            year: None,
            anchor: true,
        } if refs.quarter.is_some() => {
            let (idx, y, q) = refs.quarter.unwrap_or_default();
            Ok((
                format!("{}-Q{q}", year4(y - years_back)),
                Anchor::Timex(idx),
            ))
        }
        Sem::LastQuarter {
            years_back, year, ..
        } => {
            let d = need()?;
            let cur = (d.month() - 1) / 3 + 1;
            let (y, q) = if cur == 1 {
                (d.year() as i64 - 1, 4)
            } else {
                (d.year() as i64, cur - 1)
            };
            doc(format!("{}-Q{q}", year4(year.unwrap_or(y - years_back))))
        }
        Sem::Time { day: d, h, m, zone } => {
            let date = match d {
                Some(s) => resolve(s, dct, tense, refs)?.0,
                None => day(need()?),
            };
            // TimeML values keep the local clock time as written: the
            // TimeBank and TempEval-3 annotations never carry a zone offset
            // ("5 p.m. EST Nov. 9" is 1989-11-09T17:00), so a named zone
            // is part of the extent only
            let _ = zone;
            Ok((format!("{date}T{h:02}:{m:02}"), Anchor::Document))
        }
        Sem::Holiday { h, y, rel } => {
            let y = match (y, dct) {
                (YearSpec::Explicit(y), _) => return Ok((day(holiday(*h, *y)?), Anchor::Absolute)),
                (_, None) => return Err(NO_DCT.to_string()),
                (YearSpec::Rel(o), Some(d)) => d.year() as i64 + o,
                (YearSpec::Infer, Some(d)) => {
                    let this = holiday(*h, d.year() as i64)?;
                    let y0 = d.year() as i64;
                    match rel {
                        Rel::Last => y0 - i64::from(this >= d),
                        Rel::Next => y0 + i64::from(this <= d),
                        Rel::This => y0,
                        Rel::None => match tense {
                            Tense::Future if this < d => y0 + 1,
                            Tense::Past if this > d => y0 - 1,
                            _ => y0,
                        },
                    }
                }
            };
            doc(day(holiday(*h, y)?))
        }
        Sem::PrevWeekday { wd } => {
            let anchor = refs.date.as_ref().and_then(|(idx, v)| {
                let d = NaiveDate::parse_from_str(v.get(..10)?, "%Y-%m-%d").ok()?;
                Some((*idx, d))
            });
            match anchor {
                Some((idx, d)) => Ok((
                    day(weekday_date(d, *wd, Rel::Last, tense)?),
                    Anchor::Timex(idx),
                )),
                None => doc(day(weekday_date(need()?, *wd, Rel::Last, tense)?)),
            }
        }
        Sem::PartOfDay { day: d, part } => {
            let (date, a) = resolve(d, dct, tense, refs)?;
            Ok((format!("{date}T{part}"), a))
        }
    }
}

/// `value` (a calendar date, month or year) shifted by `off` `unit`s, at
/// the granularity of `unit`.
fn anchored(value: &str, unit: Unit, off: i64) -> Result<String, String> {
    let too_coarse = || format!("the earlier date {value} is too coarse");
    let y: i64 = value
        .get(..4)
        .and_then(|s| s.parse().ok())
        .ok_or_else(too_coarse)?;
    let m: Option<u32> = value.get(5..7).and_then(|s| s.parse().ok());
    let d: Option<u32> = value.get(8..10).and_then(|s| s.parse().ok());
    match unit {
        Unit::Year => Ok(year4(y + off)),
        Unit::Month => {
            let (y, m) = add_months(y, m.ok_or_else(too_coarse)?, off);
            Ok(format!("{}-{m:02}", year4(y)))
        }
        Unit::Quarter => {
            let m = m.ok_or_else(too_coarse)?;
            let idx = y * 4 + (m as i64 - 1) / 3 + off;
            Ok(format!(
                "{}-Q{}",
                year4(idx.div_euclid(4)),
                idx.rem_euclid(4) + 1
            ))
        }
        Unit::Week | Unit::Day => {
            let (m, d) = (m.ok_or_else(too_coarse)?, d.ok_or_else(too_coarse)?);
            let date = i32::try_from(y)
                .ok()
                .and_then(|y| NaiveDate::from_ymd_opt(y, m, d))
                .ok_or_else(too_coarse)?;
            if unit == Unit::Day {
                return Ok(day(shift_days(date, off)?));
            }
            let w = shift_days(date, off.checked_mul(7).ok_or("date out of range")?)?.iso_week();
            Ok(format!("{}-W{:02}", year4(w.year() as i64), w.week()))
        }
        _ => Err(too_coarse()),
    }
}

/// The date of holiday `h` in year `y`.
fn holiday(h: Holiday, y: i64) -> Result<NaiveDate, String> {
    let yi = i32::try_from(y).map_err(|_| "year out of range".to_string())?;
    let fixed = |m: u32, d: u32| NaiveDate::from_ymd_opt(yi, m, d);
    // the n-th weekday (Monday = 0) of a month; n = 5 means the last
    let nth = |m: u32, wd: u32, n: u32| -> Option<NaiveDate> {
        let first = NaiveDate::from_ymd_opt(yi, m, 1)?;
        let off = (wd + 7 - first.weekday().num_days_from_monday()) % 7;
        let mut d = first.checked_add_days(Days::new(u64::from(off + 7 * (n - 1))))?;
        while d.month() != m {
            d = d.checked_sub_days(Days::new(7))?;
        }
        Some(d)
    };
    let d = match h {
        Holiday::NewYearsDay => fixed(1, 1),
        Holiday::NewYearsEve => fixed(12, 31),
        Holiday::Valentines => fixed(2, 14),
        Holiday::July4 => fixed(7, 4),
        Holiday::Halloween => fixed(10, 31),
        Holiday::ChristmasEve => fixed(12, 24),
        Holiday::Christmas => fixed(12, 25),
        Holiday::MemorialDay => nth(5, 0, 5),
        Holiday::LaborDay => nth(9, 0, 1),
        Holiday::Thanksgiving => nth(11, 3, 4),
        // the Tuesday after the first Monday of November
        Holiday::ElectionDay => nth(11, 0, 1).and_then(|d| d.checked_add_days(Days::new(1))),
        Holiday::Easter => easter(yi),
    };
    d.ok_or_else(|| "date out of range".to_string())
}

/// Gregorian Easter Sunday (the anonymous Gregorian computus).
fn easter(y: i32) -> Option<NaiveDate> {
    let a = y.rem_euclid(19);
    let b = y.div_euclid(100);
    let c = y.rem_euclid(100);
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15).rem_euclid(30);
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k).rem_euclid(7);
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(y, month as u32, day as u32)
}

fn need_unless_explicit(dct: Option<NaiveDate>, y: YearSpec) -> Result<Option<NaiveDate>, String> {
    match (y, dct) {
        (YearSpec::Explicit(_), d) => Ok(d),
        (_, Some(d)) => Ok(Some(d)),
        (_, None) => Err(NO_DCT.to_string()),
    }
}

fn season_index(s: &str) -> u32 {
    match s {
        "SP" => 1,
        "SU" => 2,
        "FA" => 3,
        _ => 4,
    }
}

/// A year TimeML can write (0000–9999), or why not.
fn in_range(y: i64) -> Result<String, String> {
    if (0..=9999).contains(&y) {
        Ok(year4(y))
    } else {
        Err(format!("year {y} is out of range"))
    }
}

/// A year as TimeML writes it: four digits.
fn year4(y: i64) -> String {
    if (0..=9999).contains(&y) {
        format!("{y:04}")
    } else {
        y.to_string()
    }
}

fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn ymd(y: i64, m: u32, d: Option<u32>) -> Result<String, String> {
    if !(1..=12).contains(&m) {
        return Err(format!("no month {m}"));
    }
    match d {
        None => Ok(format!("{}-{m:02}", year4(y))),
        Some(d) if d >= 1 && d <= days_in_month(y, m) => Ok(format!("{}-{m:02}-{d:02}", year4(y))),
        Some(d) => Err(format!("no such day: {}-{m:02}-{d:02}", year4(y))),
    }
}

fn shift_days(d: NaiveDate, k: i64) -> Result<NaiveDate, String> {
    let r = if k >= 0 {
        d.checked_add_days(Days::new(k as u64))
    } else {
        d.checked_sub_days(Days::new(k.unsigned_abs()))
    };
    r.ok_or_else(|| "date out of range".to_string())
}

fn add_months(y: i64, m: u32, k: i64) -> (i64, u32) {
    let idx = y * 12 + (m as i64 - 1) + k;
    (idx.div_euclid(12), (idx.rem_euclid(12) + 1) as u32)
}

/// How many months ahead a past-tense sentence may still point.
const PAST_REACH: u32 = 3;

/// The year of a month (and day) written without one.
fn infer_month_year(
    dct: NaiveDate,
    y: YearSpec,
    m: u32,
    d: Option<u32>,
    rel: Rel,
    tense: Tense,
) -> i64 {
    let y0 = dct.year() as i64;
    if let YearSpec::Rel(o) = y {
        return y0 + o;
    }
    let c = dct.month();
    // months ahead of the document's month, 0..=11
    let ahead = (m + 12 - c) % 12;
    let later = m > c || (m == c && d.is_some_and(|d| d > dct.day()));
    let earlier = m < c || (m == c && d.is_some_and(|d| d < dct.day()));
    match rel {
        Rel::Last => {
            if m + 1 < c {
                y0
            } else {
                y0 - 1
            }
        }
        Rel::Next => {
            if m > dct.month() {
                y0
            } else {
                y0 + 1
            }
        }
        Rel::This => y0,
        // the nearest occurrence, leaning with the tense: a past verb
        // still reaches a few months ahead ("payable Nov. 15"), a future
        // one reaches into next year
        Rel::None => match tense {
            // a deadline a few days past ("by Jan. 14" on Jan. 15) is this
            // year's, not next year's
            Tense::Future if earlier && !just_past(dct, m, d) => y0 + 1,
            Tense::Past if later && ahead > PAST_REACH => y0 - 1,
            Tense::Present | Tense::Unknown if later && ahead > 6 => y0 - 1,
            Tense::Present | Tense::Unknown if earlier && ahead > 0 && ahead <= 3 => y0 + 1,
            _ => y0,
        },
    }
}

/// Whether month `m`, day `d` of the document's year lies at most two weeks
/// before `dct`.
fn just_past(dct: NaiveDate, m: u32, d: Option<u32>) -> bool {
    let Some(d) = d else { return false };
    NaiveDate::from_ymd_opt(dct.year(), m, d)
        .is_some_and(|x| x <= dct && (dct - x).num_days() <= 14)
}

/// The date of weekday `wd` (Monday = 1) near `dct`.
fn weekday_date(dct: NaiveDate, wd: u32, rel: Rel, tense: Tense) -> Result<NaiveDate, String> {
    let cur = dct.weekday().number_from_monday() as i64;
    let wd = wd as i64;
    let back = (cur - wd).rem_euclid(7);
    let fwd = (wd - cur).rem_euclid(7);
    let k = match rel {
        Rel::Last => -(if back == 0 { 7 } else { back }),
        Rel::Next => {
            if fwd == 0 {
                7
            } else {
                fwd
            }
        }
        Rel::This | Rel::None => match tense {
            Tense::Future | Tense::Present => fwd,
            _ => -back,
        },
    };
    shift_days(dct, k)
}

/// The current `unit` shifted by `off` units.
fn unit_rel(dct: NaiveDate, unit: Unit, off: i64) -> Result<String, String> {
    let y = dct.year() as i64;
    // every unit below moves the year by at most `off` (times 100)
    in_range(y + off.clamp(-100_000, 100_000))?;
    Ok(match unit {
        Unit::Year => year4(y + off),
        Unit::Month => {
            let (y, m) = add_months(y, dct.month(), off);
            format!("{}-{m:02}", year4(y))
        }
        Unit::Week => {
            // ISO weeks run Monday to Sunday: a Sunday belongs to the week
            // it ends, so "this week" on a Sunday is that week and "last
            // week" the one before it
            let d = shift_days(dct, off.checked_mul(7).ok_or("date out of range")?)?;
            let w = d.iso_week();
            format!("{}-W{:02}", year4(w.year() as i64), w.week())
        }
        Unit::Day => day(shift_days(dct, off)?),
        Unit::Quarter => {
            let idx = y * 4 + ((dct.month() as i64 - 1) / 3) + off;
            format!("{}-Q{}", year4(idx.div_euclid(4)), idx.rem_euclid(4) + 1)
        }
        Unit::Decade => format!("{:03}", (y + off * 10) / 10),
        Unit::Century => format!("{:02}", (y + off * 100) / 100),
        _ => return Err("needs the document's time of day".to_string()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn holidays() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(easter(2025), Some(d(2025, 4, 20)));
        assert_eq!(easter(2024), Some(d(2024, 3, 31)));
        assert_eq!(holiday(Holiday::Thanksgiving, 1999), Ok(d(1999, 11, 25)));
        assert_eq!(holiday(Holiday::ElectionDay, 1998), Ok(d(1998, 11, 3)));
        assert_eq!(holiday(Holiday::MemorialDay, 2025), Ok(d(2025, 5, 26)));
        assert_eq!(holiday(Holiday::LaborDay, 2025), Ok(d(2025, 9, 1)));
    }

    #[test]
    fn month_arithmetic_wraps_years() {
        assert_eq!(add_months(2025, 1, -1), (2024, 12));
        assert_eq!(add_months(2025, 12, 1), (2026, 1));
        assert_eq!(add_months(2025, 2, -14), (2023, 12));
    }
}
