//! The date in force at a point of the text: the date the sentence's
//! temporal expressions name, else the document's.

use dyad_doc::{Doc, Layer, NaiveDate, TimexType};

/// Per sentence, the date that holds there: the value of its DATE timexes
/// when they all name the same day, month or year ("In 1999, troops
/// entered Pristina"; a month or year counts from its first day), else the
/// document date. Built once per document in one pass over sentences and
/// timexes; [`DatesInForce::at`] is a binary search.
#[derive(Debug, Clone)]
pub struct DatesInForce {
    /// End byte of each sentence (the whole text when there are none).
    ends: Vec<usize>,
    /// The date named in each sentence, if one.
    named: Vec<Option<NaiveDate>>,
    /// The document date.
    doc: Option<NaiveDate>,
}

impl DatesInForce {
    /// The dates of `doc` (its sentences and timexes when it has them).
    pub fn new(doc: &Doc) -> DatesInForce {
        let ends: Vec<usize> = if doc.has(Layer::Sentences) && !doc.sentences.is_empty() {
            doc.sentences.iter().map(|s| s.span.end()).collect()
        } else {
            vec![doc.text().len()]
        };
        // None: no date yet; Some(None): conflicting dates.
        let mut seen: Vec<Option<Option<NaiveDate>>> = vec![None; ends.len()];
        if doc.has(Layer::Timexes) {
            for t in doc.timexes.iter().filter(|t| t.kind == TimexType::Date) {
                let Some(d) = t.value.as_deref().and_then(timex_date) else {
                    continue;
                };
                let i = ends.partition_point(|&e| e <= t.span.start());
                if let Some(slot) = seen.get_mut(i) {
                    *slot = match *slot {
                        None => Some(Some(d)),
                        Some(Some(p)) if p == d => Some(Some(d)),
                        _ => Some(None),
                    };
                }
            }
        }
        DatesInForce {
            ends,
            named: seen.into_iter().map(Option::flatten).collect(),
            doc: doc.meta.date,
        }
    }

    /// The date in force at byte `at`.
    pub fn at(&self, at: usize) -> Option<NaiveDate> {
        let i = self.ends.partition_point(|&e| e <= at);
        self.named.get(i).copied().flatten().or(self.doc)
    }
}

/// The first day of a TIMEX3 date value `YYYY-MM-DD`, `YYYY-MM` or `YYYY`
/// (other values: weeks, seasons, `PRESENT_REF`… are not dates in force).
fn timex_date(v: &str) -> Option<NaiveDate> {
    let num = |s: &str| {
        (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u32>().ok())
            .flatten()
    };
    let mut parts = v.split('-');
    let y = parts.next().filter(|y| y.len() == 4).and_then(num)?;
    let m = match parts.next() {
        Some(m) if m.len() == 2 => num(m)?,
        Some(_) => return None,
        None => 1,
    };
    let d = match parts.next() {
        Some(d) if d.len() == 2 => num(d)?,
        Some(_) => return None,
        None => 1,
    };
    if parts.next().is_some() {
        return None;
    }
    NaiveDate::from_ymd_opt(y as i32, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timex_values() {
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd);
        let cases: &[(&str, Option<NaiveDate>)] = &[
            ("1999-06-12", d(1999, 6, 12)),
            ("1999-06", d(1999, 6, 1)),
            ("1991", d(1991, 1, 1)),
            ("1999-W23", None),
            ("1999-SU", None),
            ("XXXX-06-12", None),
            ("PRESENT_REF", None),
            ("199", None),
            ("1999-13", None),
            ("1999-06-12-1", None),
        ];
        for (v, want) in cases {
            assert_eq!(timex_date(v), *want, "{v}");
        }
    }
}
