//! What a recognised expression means, before it is resolved against the
//! document date.

use crate::lexicon::Unit;

/// How the year of a partial date is given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum YearSpec {
    /// Written out ("1998").
    Explicit(i64),
    /// Relative to the document's year ("last year's" = -1).
    Rel(i64),
    /// Not given: from the document date and the tense.
    Infer,
}

/// A relative determiner before a name ("last Friday", "next March").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Rel {
    /// No determiner.
    None,
    /// "last", "past", "previous".
    Last,
    /// "this".
    This,
    /// "next", "coming".
    Next,
}

/// A named holiday.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Holiday {
    NewYearsDay,
    NewYearsEve,
    Valentines,
    Easter,
    MemorialDay,
    July4,
    LaborDay,
    Halloween,
    ElectionDay,
    Thanksgiving,
    ChristmasEve,
    Christmas,
}

/// The meaning of a temporal expression.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Sem {
    /// A fixed TimeML token ("PRESENT_REF", "PAST_REF", "FUTURE_REF").
    Ref(&'static str),
    /// A month, optionally with a day, in a year given or to be inferred.
    Date {
        y: YearSpec,
        m: u32,
        d: Option<u32>,
        rel: Rel,
    },
    /// A calendar year.
    Year(i64),
    /// A decade, by its first three digits (199 = the 1990s).
    Decade(i64),
    /// A century, by its first two digits (19 = the 20th century).
    Century(i64),
    /// A value complete as written ("2025-02-12", "2025-W07").
    Literal(String),
    /// Days from the document date (yesterday = -1).
    DayRel(i64),
    /// A day of the month without month ("on the 12th").
    DayOfMonth(u32),
    /// A weekday (Monday = 1).
    Weekday { wd: u32, rel: Rel },
    /// The current unit shifted by `off` ("last month" = (Month, -1)).
    UnitRel { unit: Unit, off: i64 },
    /// A weekend; `None` to infer from tense.
    Weekend { off: Option<i64> },
    /// `n` units before (`sign` -1) or after (+1) the document date.
    Ago {
        n: Option<u64>,
        unit: Unit,
        sign: i64,
    },
    /// A calendar quarter.
    Quarter { q: u32, y: YearSpec },
    /// A half year.
    Half { h: u32, y: YearSpec },
    /// A season ("SU", "FA"…).
    Season {
        s: &'static str,
        y: YearSpec,
        rel: Rel,
    },
    /// The last completed quarter, `years_back` years earlier
    /// ("the latest quarter" = 0, "the year-earlier quarter" = 1), or the
    /// same quarter of an explicit `year` ("the 1988 period"). With
    /// `anchor`, the last quarter named earlier in the text is used instead
    /// of the document's when there is one ("the quarter", "a year ago").
    LastQuarter {
        years_back: i64,
        year: Option<i64>,
        anchor: bool,
    },
    /// A duration of `n` units (`None` = unknown amount).
    Duration { n: Option<u64>, unit: Unit },
    /// A duration written out in ISO form already.
    DurationLiteral(String),
    /// A recurring time, complete as written ("P1W", "XXXX-WXX-2").
    Set(String),
    /// A clock time, on a day given or the document's.
    Time {
        day: Option<Box<Sem>>,
        h: u32,
        m: u32,
        zone: Option<i32>,
    },
    /// A part of a day ("Friday morning").
    PartOfDay { day: Box<Sem>, part: &'static str },
    /// Relative to the last date mentioned before it ("the following
    /// year", "that day", "the day after"); `part` adds a part of day.
    Anchored {
        unit: Unit,
        off: i64,
        part: Option<&'static str>,
    },
    /// "the previous Friday": the weekday before the last date mentioned
    /// (before the document date when none was).
    PrevWeekday { wd: u32 },
    /// A holiday in a year given or to be inferred.
    Holiday { h: Holiday, y: YearSpec, rel: Rel },
    /// Recognised but impossible or absurd; the reason.
    Invalid(String),
}
