//! Table-driven tests for each family of temporal expressions: text, document
//! date → expected extent, type and value.

use dyad_doc::{NaiveDate, TimexType};
use dyad_time::annotate;

/// Thursday 13 February 2025, the date of the peace-talks example.
fn feb13() -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(2025, 2, 13)
}

fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

use TimexType::{Date as D, Duration as U, Set as S, Time as T};

/// (sentence, document date, expected extent, type, value)
type Case = (
    &'static str,
    Option<NaiveDate>,
    &'static str,
    TimexType,
    &'static str,
);

fn check(cases: &[Case]) {
    let mut failures = Vec::new();
    for &(text, dct, extent, kind, value) in cases {
        let got = annotate(text, dct);
        let hit = got.iter().find(|t| &text[t.span.range()] == extent);
        match hit {
            Some(t) if t.kind == kind && t.value.as_deref() == Some(value) => {}
            _ => failures.push(format!(
                "{text:?}: want {extent:?} {kind:?} {value}, got {:?}",
                got.iter()
                    .map(|t| (&text[t.span.range()], t.kind, t.value.clone()))
                    .collect::<Vec<_>>()
            )),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn weekdays_follow_tense() {
    check(&[
        (
            "He spoke with Putin on Wednesday.",
            feb13(),
            "Wednesday",
            D,
            "2025-02-12",
        ),
        (
            "Zelensky said he would meet Vance in Munich on Friday.",
            feb13(),
            "Friday",
            D,
            "2025-02-14",
        ),
        (
            "Zelensky will meet Vance on Friday.",
            feb13(),
            "Friday",
            D,
            "2025-02-14",
        ),
        (
            "An interview published on Tuesday drew attention.",
            feb13(),
            "Tuesday",
            D,
            "2025-02-11",
        ),
        (
            "Hegseth told a NATO gathering earlier on Thursday that it was unlikely.",
            feb13(),
            "earlier on Thursday",
            D,
            "2025-02-13",
        ),
        (
            "The talks ended last Friday.",
            feb13(),
            "last Friday",
            D,
            "2025-02-07",
        ),
        (
            "The talks resume next Monday.",
            feb13(),
            "next Monday",
            D,
            "2025-02-17",
        ),
        (
            "The ministers met on Monday.",
            feb13(),
            "Monday",
            D,
            "2025-02-10",
        ),
        (
            "They are going to vote on Saturday.",
            feb13(),
            "Saturday",
            D,
            "2025-02-15",
        ),
        (
            "Wednesday's call lasted long.",
            feb13(),
            "Wednesday",
            D,
            "2025-02-12",
        ),
        (
            "Troops crossed the border Friday morning.",
            feb13(),
            "Friday morning",
            T,
            "2025-02-07TMO",
        ),
        (
            "He met Putin on Thursday, Feb. 6.",
            feb13(),
            "Thursday, Feb. 6",
            D,
            "2025-02-06",
        ),
    ]);
}

#[test]
fn day_words_and_relative_units() {
    check(&[
        ("The vote is today.", feb13(), "today", D, "2025-02-13"),
        (
            "The vote was yesterday.",
            feb13(),
            "yesterday",
            D,
            "2025-02-12",
        ),
        (
            "The vote is tomorrow.",
            feb13(),
            "tomorrow",
            D,
            "2025-02-14",
        ),
        ("He spoke tonight.", feb13(), "tonight", T, "2025-02-13TNI"),
        (
            "He spoke last night.",
            feb13(),
            "last night",
            T,
            "2025-02-12TNI",
        ),
        (
            "Prices rose last month.",
            feb13(),
            "last month",
            D,
            "2025-01",
        ),
        (
            "Prices rose this month.",
            feb13(),
            "this month",
            D,
            "2025-02",
        ),
        (
            "Prices will rise next month.",
            feb13(),
            "next month",
            D,
            "2025-03",
        ),
        ("Prices rose last year.", feb13(), "last year", D, "2024"),
        (
            "Prices will rise next year.",
            feb13(),
            "next year",
            D,
            "2026",
        ),
        (
            "It happened earlier this year.",
            feb13(),
            "earlier this year",
            D,
            "2025",
        ),
        ("They met last week.", feb13(), "last week", D, "2025-W06"),
        ("They meet this week.", feb13(), "this week", D, "2025-W07"),
        (
            "They met over the weekend.",
            feb13(),
            "the weekend",
            D,
            "2025-W06-WE",
        ),
        (
            "Sales fell in the last decade.",
            feb13(),
            "the last decade",
            D,
            "201",
        ),
        (
            "Sales fell last quarter.",
            feb13(),
            "last quarter",
            D,
            "2024-Q4",
        ),
    ]);
}

#[test]
fn ago_and_offsets() {
    check(&[
        (
            "Russia launched an invasion nearly three years ago.",
            feb13(),
            "nearly three years ago",
            D,
            "2022",
        ),
        (
            "It began two weeks ago.",
            feb13(),
            "two weeks ago",
            D,
            "2025-W05",
        ),
        (
            "It began ten days ago.",
            feb13(),
            "ten days ago",
            D,
            "2025-02-03",
        ),
        (
            "It began six months ago.",
            feb13(),
            "six months ago",
            D,
            "2024-08",
        ),
        ("It began a decade ago.", feb13(), "a decade ago", D, "2015"),
        (
            "It ends two years from now.",
            feb13(),
            "two years from now",
            D,
            "2027",
        ),
        (
            "It began several years ago.",
            feb13(),
            "several years ago",
            D,
            "PAST_REF",
        ),
    ]);
}

#[test]
fn explicit_dates_in_news_styles() {
    check(&[
        ("They met on Feb. 12.", feb13(), "Feb. 12", D, "2025-02-12"),
        (
            "They met on 12 February 2025.",
            feb13(),
            "12 February 2025",
            D,
            "2025-02-12",
        ),
        (
            "They met on February 12, 2025.",
            feb13(),
            "February 12, 2025",
            D,
            "2025-02-12",
        ),
        (
            "They met on 2/12/2025.",
            feb13(),
            "2/12/2025",
            D,
            "2025-02-12",
        ),
        (
            "They met on 25/12/2024.",
            feb13(),
            "25/12/2024",
            D,
            "2024-12-25",
        ),
        (
            "They met on 12.02.2025.",
            feb13(),
            "12.02.2025",
            D,
            "2025-02-12",
        ),
        (
            "They met on 2025-02-12.",
            feb13(),
            "2025-02-12",
            D,
            "2025-02-12",
        ),
        (
            "They met on the 12th.",
            feb13(),
            "the 12th",
            D,
            "2025-02-12",
        ),
        (
            "They met on the 12th of February.",
            feb13(),
            "the 12th of February",
            D,
            "2025-02-12",
        ),
        (
            "They met in March 2022.",
            feb13(),
            "March 2022",
            D,
            "2022-03",
        ),
        ("They met in December.", feb13(), "December", D, "2024-12"),
        ("They will meet in March.", feb13(), "March", D, "2025-03"),
        (
            "Talks planned for week 2025-W07.",
            feb13(),
            "2025-W07",
            D,
            "2025-W07",
        ),
        (
            "He was born in nineteen ninety-six.",
            feb13(),
            "nineteen ninety-six",
            D,
            "1996",
        ),
        (
            "It was a good July last year.",
            feb13(),
            "July last year",
            D,
            "2024-07",
        ),
        (
            "They met on Christmas Day.",
            feb13(),
            "Christmas Day",
            D,
            "2024-12-25",
        ),
        (
            "They will meet at Easter.",
            feb13(),
            "Easter",
            D,
            "2025-04-20",
        ),
    ]);
}

#[test]
fn years_decades_centuries() {
    check(&[
        (
            "After the ousting of the leader in 2014, Moscow annexed Crimea.",
            feb13(),
            "2014",
            D,
            "2014",
        ),
        (
            "Ukraine will not reclaim its pre-2014 frontiers.",
            feb13(),
            "2014",
            D,
            "2014",
        ),
        (
            "Prices soared in the 1990s.",
            feb13(),
            "the 1990s",
            D,
            "199",
        ),
        ("Prices soared in the '80s.", feb13(), "the '80s", D, "198"),
        (
            "Prices soared in the mid-1990s.",
            feb13(),
            "the mid-1990s",
            D,
            "199",
        ),
        (
            "It was the worst war of the 20th century.",
            feb13(),
            "the 20th century",
            D,
            "19",
        ),
        (
            "Results for fiscal 2024 were weak.",
            feb13(),
            "fiscal 2024",
            D,
            "2024",
        ),
        (
            "It grew in the third quarter.",
            feb13(),
            "the third quarter",
            D,
            "2024-Q3",
        ),
        (
            "It grew in the first half of 2023.",
            feb13(),
            "the first half of 2023",
            D,
            "2023-H1",
        ),
        (
            "It snowed last winter.",
            feb13(),
            "last winter",
            D,
            "2023-WI",
        ),
        (
            "It will be hot this summer.",
            feb13(),
            "this summer",
            D,
            "2025-SU",
        ),
    ]);
}

#[test]
fn durations() {
    check(&[
        (
            "The call lasted nearly ninety minutes.",
            feb13(),
            "nearly ninety minutes",
            U,
            "PT90M",
        ),
        (
            "The discussion lasted an hour.",
            feb13(),
            "an hour",
            U,
            "PT1H",
        ),
        (
            "Russia's 11 years of hostilities.",
            feb13(),
            "11 years",
            U,
            "P11Y",
        ),
        (
            "They talked for two and a half hours.",
            feb13(),
            "two and a half hours",
            U,
            "PT2H30M",
        ),
        (
            "They talked for an hour and a half.",
            feb13(),
            "an hour and a half",
            U,
            "PT1H30M",
        ),
        (
            "They stayed 2 1/2 years.",
            feb13(),
            "2 1/2 years",
            U,
            "P2Y6M",
        ),
        (
            "Prices fell over the past two months.",
            feb13(),
            "the past two months",
            U,
            "P2M",
        ),
        (
            "Profit rose in the first nine months.",
            feb13(),
            "the first nine months",
            U,
            "P9M",
        ),
        ("A two-year deal was signed.", feb13(), "two-year", U, "P2Y"),
        ("A 16-hour shift ended.", feb13(), "16-hour", U, "PT16H"),
        ("It lasted several days.", feb13(), "several days", U, "PXD"),
        ("It took two decades.", feb13(), "two decades", U, "P20Y"),
        (
            "It will run for at least 20 more years.",
            feb13(),
            "at least 20 more years",
            U,
            "P20Y",
        ),
        ("It lasted 30 seconds.", feb13(), "30 seconds", U, "PT30S"),
    ]);
}

#[test]
fn sets() {
    check(&[
        (
            "Officials meet every week.",
            feb13(),
            "every week",
            S,
            "P1W",
        ),
        ("The paper is published daily.", feb13(), "daily", S, "P1D"),
        (
            "They meet each Thursday.",
            feb13(),
            "each Thursday",
            S,
            "XXXX-WXX-4",
        ),
        (
            "The festival is held each July.",
            feb13(),
            "each July",
            S,
            "XXXX-07",
        ),
        ("The board meets twice a year.", feb13(), "a year", S, "P1Y"),
        (
            "Shops close on Sundays.",
            feb13(),
            "Sundays",
            S,
            "XXXX-WXX-7",
        ),
        (
            "Elections are held every other year.",
            feb13(),
            "every other year",
            S,
            "P2Y",
        ),
    ]);
}

#[test]
fn references_and_fuzzy() {
    check(&[
        (
            "Bessent is currently in Kyiv.",
            feb13(),
            "currently",
            D,
            "PRESENT_REF",
        ),
        (
            "The war is now in its fourth year.",
            feb13(),
            "now",
            D,
            "PRESENT_REF",
        ),
        (
            "He recently visited Kyiv.",
            feb13(),
            "recently",
            D,
            "PAST_REF",
        ),
        ("He will soon visit Kyiv.", feb13(), "soon", D, "FUTURE_REF"),
        (
            "The line would be monitored in the future.",
            feb13(),
            "the future",
            D,
            "FUTURE_REF",
        ),
        (
            "Send it as soon as possible.",
            feb13(),
            "as soon as possible",
            D,
            "FUTURE_REF",
        ),
    ]);
}

#[test]
fn clock_times_and_zones() {
    check(&[
        (
            "The blast occurred at 10:35 a.m.",
            feb13(),
            "10:35 a.m.",
            T,
            "2025-02-13T10:35",
        ),
        (
            "The deadline is 5 p.m. EST Friday.",
            feb13(),
            "5 p.m. EST Friday",
            T,
            "2025-02-14T17:00",
        ),
        (
            "The vote closed at 14:00 GMT.",
            feb13(),
            "14:00 GMT",
            T,
            "2025-02-13T14:00",
        ),
        (
            "The session opens at 9am.",
            feb13(),
            "9am",
            T,
            "2025-02-13T09:00",
        ),
        (
            "The talks start at noon.",
            feb13(),
            "noon",
            T,
            "2025-02-13T12:00",
        ),
        (
            "They left Tuesday at 3 p.m.",
            feb13(),
            "Tuesday at 3 p.m.",
            T,
            "2025-02-11T15:00",
        ),
        (
            "They left at 4 in the morning.",
            feb13(),
            "4 in the morning",
            T,
            "2025-02-13T04:00",
        ),
    ]);
}

#[test]
fn ranges_give_both_ends() {
    check(&[
        (
            "The summit runs March 3-5.",
            feb13(),
            "March 3",
            D,
            "2025-03-03",
        ),
        ("The summit runs March 3-5.", feb13(), "5", D, "2025-03-05"),
        ("Output grew from 1990 to 1995.", feb13(), "1990", D, "1990"),
        ("Output grew from 1990 to 1995.", feb13(), "1995", D, "1995"),
        ("Output grew in 1990-95.", feb13(), "95", D, "1995"),
    ]);
}

#[test]
fn other_document_dates() {
    check(&[
        // a Sunday ends its ISO week: "last week" is the week before it
        // (TimeBank APW19980301: "last week" = 1998-W08, three times)
        (
            "Officials met last week.",
            date(1998, 3, 22),
            "last week",
            D,
            "1998-W11",
        ),
        (
            "Officials meet this week.",
            date(1998, 3, 22),
            "this week",
            D,
            "1998-W12",
        ),
        // "payable Nov. 15" in October is this year, despite the past tense
        (
            "The company said the dividend was payable Nov. 15.",
            date(1989, 10, 26),
            "Nov. 15",
            D,
            "1989-11-15",
        ),
        // deadlines ahead with "by"
        (
            "It had to repay the loan by February.",
            date(1989, 10, 30),
            "February",
            D,
            "1990-02",
        ),
        (
            "Results fell from a year earlier.",
            date(1989, 10, 26),
            "a year earlier",
            D,
            "1988",
        ),
        (
            "Third-quarter net income fell from a year earlier.",
            date(1989, 10, 26),
            "a year earlier",
            D,
            "1988-Q3",
        ),
        (
            "Net fell in the latest quarter.",
            date(1989, 10, 26),
            "the latest quarter",
            D,
            "1989-Q3",
        ),
        (
            "Net fell in the year-earlier quarter.",
            date(1989, 10, 26),
            "the year-earlier quarter",
            D,
            "1988-Q3",
        ),
        (
            "It was Thanksgiving Day.",
            date(1999, 11, 30),
            "Thanksgiving Day",
            D,
            "1999-11-25",
        ),
    ]);
}

#[test]
fn periods_a_year_back() {
    // in results reports "the corresponding period last year" is the
    // reporting quarter a year earlier (TimeBank: 1988-Q3 in October 1989)
    let oct26 = date(1989, 10, 26);
    check(&[
        (
            "Net rose from $1.8 million for the corresponding period last year.",
            oct26,
            "the corresponding period last year",
            D,
            "1988-Q3",
        ),
        (
            "U.K. sales for last year's quarter were about $3 million.",
            oct26,
            "last year's quarter",
            D,
            "1988-Q3",
        ),
        (
            "For the quarter a year ago, Columbia reported earnings of $16.3 million.",
            oct26,
            "the quarter a year ago",
            D,
            "1988-Q3",
        ),
        (
            "Sales matched the same period of last year.",
            oct26,
            "the same period of last year",
            D,
            "1988-Q3",
        ),
    ]);
}

#[test]
fn determiners_before_a_full_date() {
    check(&[
        (
            "He was shot to death last Oct. 23 at his home.",
            date(1999, 4, 19),
            "last Oct. 23",
            D,
            "1998-10-23",
        ),
        (
            "The vote is set for next March 3.",
            feb13(),
            "next March 3",
            D,
            "2025-03-03",
        ),
    ]);
}

#[test]
fn tense_of_passives_and_plans() {
    check(&[
        // a passive participle after "would be" looks ahead
        (
            "The dividend would be paid on a still unspecified date in January.",
            date(1989, 10, 26),
            "January",
            D,
            "1990-01",
        ),
        (
            "Protesters were planning to drive around the airport on Monday.",
            date(2000, 1, 7),
            "Monday",
            D,
            "2000-01-10",
        ),
    ]);
}

#[test]
fn clock_time_dated_past_an_aside() {
    check(&[
        (
            "The blast occurred at about 10:35 a.m. (0735 GMT) Friday, toppling a building.",
            date(1998, 8, 8),
            "10:35 a.m.",
            T,
            "1998-08-07T10:35",
        ),
        (
            "This father will leave at 4 in the morning (4 a.m. EDT Thursday).",
            date(2000, 4, 5),
            "4 in the morning",
            T,
            "2000-04-06T04:00",
        ),
    ]);
}

/// Words that are no temporal expression here: titles and names, idioms,
/// rates, and "soon" inside a past narrative.
#[test]
fn names_rates_and_past_soon_are_not_timexes() {
    let cases: &[(&str, &str)] = &[
        (
            "Baker said on ABC News' \"This Week\" that the request helps.",
            "Week",
        ),
        (
            "Gonzalez said on CBS's ''60 Minutes'' that they abuse him.",
            "Minutes",
        ),
        ("This is VOA Today.", "Today"),
        (
            "The poster showed Gary Cooper from the film High Noon.",
            "Noon",
        ),
        ("For the people of Poland, high noon comes today.", "noon"),
        ("Qantas flies four flights a week to Bombay.", "a week"),
        (
            "This will add nearly 700 seats a week on the route.",
            "a week",
        ),
        ("He was soon released and appeared healthy.", "soon"),
        ("A trickle of cash from Miami soon became a flood.", "soon"),
    ];
    let mut failures = Vec::new();
    for &(text, word) in cases {
        let got = annotate(text, feb13());
        let start = text.find(word).unwrap_or(0);
        if got
            .iter()
            .any(|t| t.span.start() <= start && start < t.span.end())
        {
            failures.push(format!("{text:?}: {word:?} was marked"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // the same words in running use still count
    check(&[
        (
            "He will come back this week.",
            feb13(),
            "this week",
            D,
            "2025-W07",
        ),
        (
            "The talks start at noon.",
            feb13(),
            "noon",
            T,
            "2025-02-13T12:00",
        ),
        ("They will meet soon.", feb13(), "soon", D, "FUTURE_REF"),
        ("It took a week to repair.", feb13(), "a week", U, "P1W"),
        (
            "Thanksgiving Day fell on a Thursday.",
            date(1999, 12, 1),
            "Thanksgiving Day",
            D,
            "1999-11-25",
        ),
    ]);
}

#[test]
fn spoken_years_year_end_and_bare_parts_of_day() {
    let mar6 = date(1998, 3, 6);
    check(&[
        (
            "Atlanta nineteen ninety-six. A bomb blast shocks the games.",
            mar6,
            "nineteen ninety-six",
            D,
            "1996",
        ),
        (
            "He claimed a nineteen ninety-seven attack on a lounge.",
            mar6,
            "nineteen ninety-seven",
            D,
            "1997",
        ),
        (
            "Rules should be in place by year's end.",
            date(1989, 10, 26),
            "year's end",
            D,
            "1989",
        ),
        (
            "By mid afternoon, officials said the operation was over.",
            mar6,
            "mid afternoon",
            T,
            "1998-03-06TAF",
        ),
        (
            "Talks resumed in the late afternoon.",
            mar6,
            "late afternoon",
            T,
            "1998-03-06TAF",
        ),
    ]);
}

#[test]
fn first_two_quarters_and_march_as_a_name() {
    check(&[(
        "Weakness should last through at least the first two quarters of 1990.",
        date(1989, 10, 26),
        "the first two quarters of 1990",
        D,
        "1990-H1",
    )]);
    let text = "Elian was at the head of the ``March of the Combatant Mothers,'' in Havana.";
    let got = annotate(text, date(2000, 1, 15));
    assert!(got.is_empty(), "{got:?}");
}

#[test]
fn previous_weekday_and_recent_deadlines() {
    check(&[
        // "the previous Friday" is the Friday before the last date named
        (
            "As of Friday's close the index was down 4.5% from the previous Friday.",
            date(1989, 10, 30),
            "the previous Friday",
            D,
            "1989-10-20",
        ),
        // with no earlier date, the Friday before the document date
        (
            "Prices rose from the previous Friday.",
            date(1989, 10, 30),
            "the previous Friday",
            D,
            "1989-10-27",
        ),
        // a deadline a day past stays in this year
        (
            "The ruling told the INS to repatriate the child by Jan. 14.",
            date(2000, 1, 15),
            "Jan. 14",
            D,
            "2000-01-14",
        ),
        (
            "He will visit on Jan. 2.",
            date(2000, 3, 15),
            "Jan. 2",
            D,
            "2001-01-02",
        ),
    ]);
}

#[test]
fn comparisons_and_speeds_are_not_timexes() {
    for (text, word) in [
        (
            "The quarter-to-quarter comparison was enhanced by charges.",
            "quarter",
        ),
        (
            "Intel clocks the chip at 15 million instructions per second.",
            "second",
        ),
    ] {
        let got = annotate(text, date(1989, 11, 1));
        let at = text.find(word).unwrap_or(0);
        assert!(
            !got.iter()
                .any(|t| t.span.start() <= at && at < t.span.end()),
            "{text:?}: {got:?}"
        );
    }
    check(&[
        (
            "Profit rose in the quarter.",
            date(1989, 11, 1),
            "the quarter",
            D,
            "1989-Q3",
        ),
        ("They meet twice per week.", feb13(), "per week", S, "P1W"),
    ]);
}

#[test]
fn past_plans_look_back() {
    check(&[
        (
            "The offer had been due to expire Friday evening.",
            date(1989, 10, 30),
            "Friday evening",
            T,
            "1989-10-27TEV",
        ),
        (
            "The vote was scheduled to take place on Tuesday.",
            feb13(),
            "Tuesday",
            D,
            "2025-02-11",
        ),
        (
            "The vote is due to take place on Tuesday.",
            feb13(),
            "Tuesday",
            D,
            "2025-02-18",
        ),
    ]);
}

#[test]
fn later_is_a_signal_after_a_duration() {
    check(&[
        (
            "Three days later, the index was down.",
            feb13(),
            "Three days",
            U,
            "P3D",
        ),
        (
            "A few days later, he resigned.",
            feb13(),
            "A few days",
            U,
            "PXD",
        ),
    ]);
}

#[test]
fn more_duration_shapes() {
    let d = date(1989, 10, 26);
    check(&[
        (
            "Over the next couple of years we expect growth.",
            d,
            "the next couple of years",
            U,
            "P2Y",
        ),
        (
            "Eight trading days after Oct. 12, the index was lower.",
            d,
            "Eight trading days",
            U,
            "P8D",
        ),
        (
            "The business grew for the first time in years.",
            d,
            "years",
            U,
            "PXY",
        ),
        (
            "Over the years many more patients died.",
            d,
            "the years",
            U,
            "PXY",
        ),
        (
            "In the years that followed, the guerrillas waged war.",
            d,
            "the years",
            U,
            "PXY",
        ),
        (
            "Investors may sell junk bonds in the weeks ahead.",
            d,
            "the weeks ahead",
            U,
            "PXW",
        ),
        (
            "Lawyers emerged from their third day-long meeting.",
            d,
            "day-long",
            U,
            "P1D",
        ),
        (
            "It is the government's decades-long battle with exiles.",
            d,
            "decades-long",
            U,
            "PXDE",
        ),
        (
            "They held a two-week-long strike.",
            d,
            "two-week-long",
            U,
            "P2W",
        ),
    ]);
    // "in years of" is no duration; ages stay unmarked
    for text in [
        "He was in years of decline.",
        "A 6-year-old boy was rescued.",
    ] {
        let got = annotate(text, d);
        assert!(got.is_empty(), "{text:?}: {got:?}");
    }
}

#[test]
fn early_seasons_and_latest_fiscal_year() {
    let d = date(1989, 10, 26);
    check(&[
        (
            "He would not be traveling at this crucial moment otherwise.",
            d,
            "this crucial moment",
            D,
            "PRESENT_REF",
        ),
        (
            "The company will raise the money at a later date.",
            d,
            "a later date",
            D,
            "FUTURE_REF",
        ),
        (
            "Orders rose from the low levels of the early summer.",
            d,
            "the early summer",
            D,
            "1989-SU",
        ),
        (
            "It had C$7.38 billion in sales in the latest fiscal year.",
            d,
            "the latest fiscal year",
            D,
            "1988",
        ),
    ]);
}

#[test]
fn counted_day_of_an_ongoing_event_is_today() {
    let d = date(1998, 3, 6);
    check(&[
        (
            "It's the second day of an offensive by the security forces.",
            d,
            "the second day",
            D,
            "1998-03-06",
        ),
        (
            "In Saudi Arabia, today is the eighth day of the operation.",
            d,
            "the eighth day",
            D,
            "1998-03-06",
        ),
    ]);
}

#[test]
fn rates_with_frequency_adverbs_are_not_sets() {
    for text in [
        "Sales should rise 8.5% annually through 1992.",
        "The plant would produce about 10,000 units annually.",
    ] {
        let got = annotate(text, feb13());
        assert!(
            !got.iter()
                .any(|t| text[t.span.range()].contains("annually")),
            "{text:?}: {got:?}"
        );
    }
    check(&[
        (
            "The festival is held here annually.",
            feb13(),
            "annually",
            S,
            "P1Y",
        ),
        (
            "The board meets twice annually.",
            feb13(),
            "annually",
            S,
            "P1Y",
        ),
    ]);
}

#[test]
fn rates_of_units_are_not_durations() {
    let text = "Station marshals outside every home, 24 hours a day, seven days a week.";
    let got = annotate(text, feb13());
    assert!(got.is_empty(), "{got:?}");
    check(&[
        (
            "They will live without power for a while.",
            feb13(),
            "a while",
            U,
            "PXX",
        ),
        ("They worked for 24 hours.", feb13(), "24 hours", U, "PT24H"),
        ("He waited a day and left.", feb13(), "a day", U, "P1D"),
    ]);
}
