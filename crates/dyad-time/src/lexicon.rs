//! Hand-written English word lists for temporal expressions.
//!
//! Source: written for dyad from general knowledge of English (month and day
//! names, number words, time units, tense cues); no third-party list copied.

/// Time units, smallest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Unit {
    Second,
    Minute,
    Hour,
    Day,
    Week,
    Month,
    Quarter,
    Year,
    Decade,
    Century,
}

impl Unit {
    /// Whether the unit is written after `T` in an ISO duration.
    pub fn is_clock(self) -> bool {
        matches!(self, Unit::Second | Unit::Minute | Unit::Hour)
    }
}

/// A unit word, singular or plural ("years" → (Year, true)).
pub(crate) fn unit(w: &str) -> Option<(Unit, bool)> {
    Some(match w {
        "second" | "sec" => (Unit::Second, false),
        "seconds" | "secs" => (Unit::Second, true),
        "minute" | "min" => (Unit::Minute, false),
        "minutes" | "mins" => (Unit::Minute, true),
        "hour" | "hr" => (Unit::Hour, false),
        "hours" | "hrs" => (Unit::Hour, true),
        "day" => (Unit::Day, false),
        "days" => (Unit::Day, true),
        "week" => (Unit::Week, false),
        "weeks" => (Unit::Week, true),
        "month" => (Unit::Month, false),
        "months" => (Unit::Month, true),
        "quarter" => (Unit::Quarter, false),
        "quarters" => (Unit::Quarter, true),
        "year" | "yr" => (Unit::Year, false),
        "years" | "yrs" => (Unit::Year, true),
        "decade" => (Unit::Decade, false),
        "decades" => (Unit::Decade, true),
        "century" => (Unit::Century, false),
        "centuries" => (Unit::Century, true),
        _ => return None,
    })
}

/// Month number from a full name or an abbreviation.
pub(crate) fn month(w: &str) -> Option<u32> {
    Some(match w {
        "january" | "jan" => 1,
        "february" | "feb" => 2,
        "march" | "mar" => 3,
        "april" | "apr" => 4,
        "may" => 5,
        "june" | "jun" => 6,
        "july" | "jul" => 7,
        "august" | "aug" => 8,
        "september" | "sept" | "sep" => 9,
        "october" | "oct" => 10,
        "november" | "nov" => 11,
        "december" | "dec" => 12,
        _ => return None,
    })
}

/// Whether a month word is an abbreviation (which may take a full stop).
pub(crate) fn is_month_abbrev(w: &str) -> bool {
    w.len() <= 4 && w != "june" && w != "july" && w != "may"
}

/// ISO weekday number (Monday = 1) from a day name.
pub(crate) fn weekday(w: &str) -> Option<u32> {
    Some(match w {
        "monday" => 1,
        "tuesday" => 2,
        "wednesday" => 3,
        "thursday" => 4,
        "friday" => 5,
        "saturday" => 6,
        "sunday" => 7,
        _ => return None,
    })
}

/// Weekday from a plural form ("mondays").
pub(crate) fn weekday_plural(w: &str) -> Option<u32> {
    w.strip_suffix('s').and_then(weekday)
}

/// Part of the day and its TimeML code.
pub(crate) fn part_of_day(w: &str) -> Option<&'static str> {
    Some(match w {
        "morning" => "MO",
        "afternoon" => "AF",
        "evening" => "EV",
        "night" => "NI",
        _ => return None,
    })
}

/// Season code.
pub(crate) fn season(w: &str) -> Option<&'static str> {
    Some(match w {
        "spring" => "SP",
        "summer" => "SU",
        "fall" | "autumn" => "FA",
        "winter" => "WI",
        _ => return None,
    })
}

/// Cardinal number words below one hundred.
pub(crate) fn small_number(w: &str) -> Option<u64> {
    Some(match w {
        "zero" => 0,
        "one" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" => 12,
        "thirteen" => 13,
        "fourteen" => 14,
        "fifteen" => 15,
        "sixteen" => 16,
        "seventeen" => 17,
        "eighteen" => 18,
        "nineteen" => 19,
        "twenty" => 20,
        "thirty" => 30,
        "forty" => 40,
        "fifty" => 50,
        "sixty" => 60,
        "seventy" => 70,
        "eighty" => 80,
        "ninety" => 90,
        "dozen" => 12,
        _ => return None,
    })
}

/// Ordinal words and suffixed digits ("third", "3rd", "21st").
pub(crate) fn ordinal(w: &str) -> Option<u64> {
    let named = match w {
        "first" => Some(1),
        "second" => Some(2),
        "third" => Some(3),
        "fourth" => Some(4),
        "fifth" => Some(5),
        "sixth" => Some(6),
        "seventh" => Some(7),
        "eighth" => Some(8),
        "ninth" => Some(9),
        "tenth" => Some(10),
        "eleventh" => Some(11),
        "twelfth" => Some(12),
        "thirteenth" => Some(13),
        "fourteenth" => Some(14),
        "fifteenth" => Some(15),
        "sixteenth" => Some(16),
        "seventeenth" => Some(17),
        "eighteenth" => Some(18),
        "nineteenth" => Some(19),
        "twentieth" => Some(20),
        "thirtieth" => Some(30),
        _ => None,
    };
    if named.is_some() {
        return named;
    }
    let digits = w
        .strip_suffix("st")
        .or_else(|| w.strip_suffix("nd"))
        .or_else(|| w.strip_suffix("rd"))
        .or_else(|| w.strip_suffix("th"))?;
    if digits.is_empty() || digits.len() > 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// Words that stand for an unknown plural amount ("several years").
pub(crate) fn is_vague_amount(w: &str) -> bool {
    matches!(
        w,
        "several" | "few" | "many" | "some" | "numerous" | "multiple"
    )
}

/// Approximators that may open a duration or an "ago" phrase.
pub(crate) fn is_approximator(w: &str) -> bool {
    matches!(
        w,
        "nearly"
            | "almost"
            | "about"
            | "around"
            | "roughly"
            | "approximately"
            | "some"
            | "over"
            | "just"
            | "only"
            | "barely"
            | "under"
            | "exactly"
    )
}

/// Time-zone abbreviations and their UTC offsets in minutes.
pub(crate) fn zone(w: &str) -> Option<i32> {
    Some(match w {
        "utc" | "gmt" | "z" => 0,
        "bst" => 60,
        "cet" => 60,
        "cest" => 120,
        "eet" => 120,
        "eest" => 180,
        "msk" => 180,
        "est" => -300,
        "edt" => -240,
        "cst" => -360,
        "cdt" => -300,
        "mst" => -420,
        "mdt" => -360,
        "pst" => -480,
        "pdt" => -420,
        "ist" => 330,
        "jst" => 540,
        _ => return None,
    })
}

/// Irregular past-tense verb forms common in news.
pub(crate) fn is_irregular_past(w: &str) -> bool {
    matches!(
        w,
        "said"
            | "told"
            | "met"
            | "went"
            | "came"
            | "took"
            | "made"
            | "saw"
            | "gave"
            | "spoke"
            | "wrote"
            | "held"
            | "began"
            | "left"
            | "lost"
            | "won"
            | "got"
            | "found"
            | "fell"
            | "rose"
            | "sold"
            | "bought"
            | "paid"
            | "led"
            | "ran"
            | "sent"
            | "struck"
            | "knew"
            | "thought"
            | "brought"
            | "became"
            | "kept"
            | "felt"
            | "stood"
            | "meant"
            | "chose"
            | "drove"
            | "flew"
            | "fought"
            | "grew"
            | "broke"
            | "spent"
            | "sought"
            | "shot"
            | "threw"
            | "withdrew"
            | "overtook"
            | "was"
            | "were"
            | "had"
            | "did"
            | "ago"
            | "earlier"
            | "yesterday"
            | "last"
    )
}

/// Words ending in "-ed" that are not past-tense verbs.
pub(crate) fn is_false_ed(w: &str) -> bool {
    matches!(
        w,
        "need"
            | "speed"
            | "red"
            | "bed"
            | "hundred"
            | "indeed"
            | "united"
            | "feed"
            | "seed"
            | "bred"
            | "shed"
            | "fled"
            | "proceed"
            | "exceed"
            | "succeed"
            | "breed"
            | "greed"
            | "weed"
            | "tweed"
            | "creed"
            | "deed"
    )
}

/// Future cues.
pub(crate) fn is_future_cue(w: &str) -> bool {
    matches!(
        w,
        "will"
            | "ll"
            | "shall"
            | "would"
            | "tomorrow"
            | "upcoming"
            | "scheduled"
            | "expected"
            | "plans"
            | "plan"
            | "planned"
            | "intends"
            | "due"
            | "later"
            | "going"
            | "soon"
    )
}

/// Present cues.
pub(crate) fn is_present_cue(w: &str) -> bool {
    matches!(
        w,
        "is" | "are" | "am" | "says" | "say" | "does" | "do" | "has" | "have"
    )
}

/// Abbreviations that end in a full stop without ending a sentence.
pub(crate) fn is_abbreviation(w: &str) -> bool {
    month(w).is_some()
        || w.len() == 1
        || matches!(
            w,
            "mr" | "mrs"
                | "ms"
                | "dr"
                | "st"
                | "inc"
                | "corp"
                | "co"
                | "ltd"
                | "jr"
                | "sr"
                | "gen"
                | "gov"
                | "sen"
                | "rep"
                | "no"
                | "vs"
                | "lt"
                | "col"
                | "capt"
                | "sgt"
                | "prof"
                | "rev"
                | "ft"
                | "mt"
                | "dept"
                | "est"
                | "approx"
                | "tues"
                | "thurs"
                | "wed"
                | "fri"
                | "mon"
                | "sat"
                | "sun"
                | "pp"
                | "cf"
        )
}
