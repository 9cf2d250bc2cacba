//! States that did not exist yet on a date (`kb/successions.tsv`): the
//! shared line checks, and [`Successions`], the table on its own for code
//! that has country codes but no compiled [`crate::Kb`] (the gazetteer).

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::date::parse_kb_date;
use crate::error::KbError;
use crate::tsv::{self, Row};

/// The header of a successions file.
pub(crate) const HEADER: &[&str] = &["successor", "predecessor", "from", "source"];

/// One checked line: successor, predecessor, first day of the successor,
/// line number.
pub(crate) type Line<T> = (T, T, NaiveDate, usize);

/// Check the rows of a successions file; `code` resolves a country code.
/// Errors name `file` and the line.
pub(crate) fn check<T: Copy + PartialEq>(
    file: &str,
    rows: &[Row<'_>],
    code: impl Fn(&str) -> Option<T>,
) -> Result<Vec<Line<T>>, KbError> {
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let f = &r.fields;
        if f[..3].iter().any(|c| c.is_empty()) {
            return Err(KbError::syntax(
                file,
                r.line,
                "a succession needs successor, predecessor and from",
            ));
        }
        let code = |c: &str| {
            code(c)
                .ok_or_else(|| KbError::syntax(file, r.line, format!("unknown country code {c:?}")))
        };
        let (succ, pred) = (code(f[0])?, code(f[1])?);
        if succ == pred {
            return Err(KbError::syntax(
                file,
                r.line,
                format!("{} cannot succeed itself", f[0]),
            ));
        }
        let from = parse_kb_date(f[2], false).map_err(|m| KbError::syntax(file, r.line, m))?;
        out.push((succ, pred, from, r.line));
    }
    Ok(out)
}

/// The successions table keyed by country code (alpha-3 and alpha-2), for
/// callers that hold codes rather than a [`crate::Kb`]. A successor listed
/// twice keeps its first line ([`crate::Kb`] reports the second).
#[derive(Debug, Clone, Default)]
pub struct Successions {
    /// Successor code → (predecessor code in the same form, first day).
    map: HashMap<String, (String, NaiveDate)>,
}

impl Successions {
    /// The built-in table (`kb/successions.tsv` over `kb/countries.tsv`),
    /// parsed once per process.
    pub fn builtin() -> Result<&'static Successions, &'static KbError> {
        static S: std::sync::OnceLock<Result<Successions, KbError>> = std::sync::OnceLock::new();
        S.get_or_init(|| {
            let (cf, ct) = crate::kb::DEFAULTS[0];
            let sf = crate::kb::DEFAULTS
                .iter()
                .find(|(n, _)| n.ends_with("successions.tsv"))
                .copied()
                .unwrap_or(("kb/successions.tsv", ""));
            Successions::from_texts(&[(cf, ct)], &[sf])
        })
        .as_ref()
    }

    /// Build the table from countries files (`(name, text)`; the `code` and
    /// `alpha2` columns are used) and successions files. Errors name file
    /// and line.
    pub fn from_texts(
        countries: &[(&str, &str)],
        successions: &[(&str, &str)],
    ) -> Result<Successions, KbError> {
        let mut a2: HashMap<&str, &str> = HashMap::new();
        for (file, text) in countries {
            for r in tsv::read(file, text)?.rows {
                a2.entry(r.fields[0]).or_insert(r.fields[1]);
            }
        }
        let mut map = HashMap::new();
        for (file, text) in successions {
            let t = tsv::read(file, text)?;
            if t.header.as_slice() != HEADER {
                return Err(KbError::syntax(
                    file,
                    1,
                    format!("not a successions file: header {:?}", t.header.join(" ")),
                ));
            }
            let known = |c: &str| a2.get_key_value(c).map(|(k, _)| *k);
            for (succ, pred, from, _) in check(file, &t.rows, known)? {
                map.entry(succ.to_string())
                    .or_insert((pred.to_string(), from));
                map.entry(a2[succ].to_string())
                    .or_insert((a2[pred].to_string(), from));
            }
        }
        Ok(Successions { map })
    }

    /// The code of the country a place in `code` (alpha-3 or alpha-2)
    /// belonged to on `date`, in the same form: the predecessor while the
    /// successor did not exist yet ("SS" in 2005 → "SD"), followed through
    /// chains; `code` itself otherwise.
    pub fn country_on<'a>(&'a self, code: &'a str, date: NaiveDate) -> &'a str {
        let mut cur = code;
        for _ in 0..8 {
            match self.map.get(cur) {
                Some((pred, from)) if date < *from => cur = pred,
                _ => break,
            }
        }
        cur
    }
}
