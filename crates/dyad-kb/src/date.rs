//! Dates of possibly reduced precision (`YYYY-MM-DD`, `YYYY-MM`, `YYYY`).

use chrono::NaiveDate;

/// Parse a KB date. `end` selects the exclusive-end reading of a reduced
/// precision date (the first day after the month or year).
pub(crate) fn parse_kb_date(s: &str, end: bool) -> Result<NaiveDate, String> {
    let bad = || format!("bad date {s:?} (want YYYY-MM-DD, YYYY-MM or YYYY)");
    let parts: Vec<&str> = s.split('-').collect();
    let num = |p: &str, len: usize| -> Result<u32, String> {
        if p.len() != len || !p.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        p.parse::<u32>().map_err(|_| bad())
    };
    let year = num(parts[0], 4)? as i32;
    match parts.len() {
        1 => {
            let y = if end { year + 1 } else { year };
            NaiveDate::from_ymd_opt(y, 1, 1).ok_or_else(bad)
        }
        2 => {
            let month = num(parts[1], 2)?;
            if !(1..=12).contains(&month) {
                return Err(bad());
            }
            let (y, m) = match (end, month) {
                (true, 12) => (year + 1, 1),
                (true, m) => (year, m + 1),
                (false, m) => (year, m),
            };
            NaiveDate::from_ymd_opt(y, m, 1).ok_or_else(bad)
        }
        3 => {
            let (m, d) = (num(parts[1], 2)?, num(parts[2], 2)?);
            NaiveDate::from_ymd_opt(year, m, d).ok_or_else(bad)
        }
        _ => Err(bad()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kb_dates() {
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
        let cases: &[(&str, bool, Option<NaiveDate>)] = &[
            ("2025-01-20", false, Some(d(2025, 1, 20))),
            ("2025-01-20", true, Some(d(2025, 1, 20))),
            ("2023-05", false, Some(d(2023, 5, 1))),
            ("2023-05", true, Some(d(2023, 6, 1))),
            ("2023-12", true, Some(d(2024, 1, 1))),
            ("2022", false, Some(d(2022, 1, 1))),
            ("2022", true, Some(d(2023, 1, 1))),
            ("2022-13", false, None),
            ("2022-02-30", false, None),
            ("22-02-03", false, None),
            ("2022/02/03", false, None),
            ("", false, None),
        ];
        for (s, end, want) in cases {
            assert_eq!(parse_kb_date(s, *end).ok(), *want, "{s} end={end}");
        }
    }
}
