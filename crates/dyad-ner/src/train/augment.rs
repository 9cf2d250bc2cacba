//! Augmentation: sentences recased for a pass (upper case for headlines,
//! lower case for web text), and short sign-off sentences made from the
//! training names ("Thanks John!"), with capitalised non-names as
//! negatives.

use dyad_doc::EntityLabel;
use dyad_learn::XorShift64;

use crate::model::Tag;

use super::{Corpus, Sent, TrainOptions, tag_id};

/// A draw in [0, 1) in steps of 1/10,000: every probability of the
/// training is decided this way.
pub(super) fn draw(rng: &mut XorShift64) -> f64 {
    (rng.next_u64() % 10_000) as f64 / 10_000.0
}

/// The words of a sentence as one pass shows them, given the pass's draw
/// `r` for it: upper-cased when `r < upper_rate` (headline robustness),
/// else lower-cased when `r < upper_rate + lower_rate` and the sentence
/// need not keep its case (web text robustness), else `None`: as written.
pub(super) fn recased(
    words: &[String],
    r: f64,
    opts: &TrainOptions,
    keep_case: bool,
) -> Option<Vec<String>> {
    if r < opts.upper_rate {
        Some(words.iter().map(|w| w.to_uppercase()).collect())
    } else if r < opts.upper_rate + opts.lower_rate && !keep_case {
        Some(words.iter().map(|w| w.to_lowercase()).collect())
    } else {
        None
    }
}

impl Corpus {
    /// Add [`signoffs`] made from the sentences so far to the data and to
    /// every pass, logging (and summarising) how many.
    pub(super) fn add_signoffs(
        &mut self,
        tags: &[Tag],
        opts: &TrainOptions,
        log: &mut dyn FnMut(&str),
    ) {
        let extra = signoffs(&self.data, tags, opts.signoff_rate, opts.seed);
        let line = format!("sign-off sentences: {}", extra.len());
        log(&line);
        self.summary.push(line);
        let base = self.data.len();
        self.data.extend(extra);
        self.order.extend(base..self.data.len());
    }
}

/// Short sign-off sentences made from the training data (see
/// [`TrainOptions::signoff_rate`]): each PERSON name, with probability
/// `rate`, alone or its first word alone, sometimes after a greeting word
/// and before a comma or "!"; and, as often, a capitalised word outside
/// every entity alone (labelled O). Deterministic given `seed`.
pub(super) fn signoffs(data: &[Sent], tags: &[Tag], rate: f64, seed: u64) -> Vec<Sent> {
    const GREET: [&str; 5] = ["Thanks", "Dear", "Hi", "Hey", "Regards"];
    const PUNCT: [&str; 5] = [",", "!", ".", ":", "-"];
    let person = |t: Tag| match t {
        Tag::B(l) | Tag::I(l) | Tag::L(l) | Tag::U(l) => l == EntityLabel::Person,
        Tag::O => false,
    };
    let id = |t: Tag| tag_id(tags, t);
    let mut rng = XorShift64::new(seed ^ 0x5167_0ff5);
    let mut unit = || draw(&mut rng);
    let mut out = Vec::new();
    for s in data {
        let mut i = 0;
        while i < s.tags.len() {
            let t = tags[s.tags[i] as usize];
            if matches!(t, Tag::B(EntityLabel::Person) | Tag::U(EntityLabel::Person)) {
                let mut e = i;
                while e + 1 < s.tags.len()
                    && person(tags[s.tags[e + 1] as usize])
                    && !matches!(tags[s.tags[e + 1] as usize], Tag::B(_) | Tag::U(_))
                {
                    e += 1;
                }
                if unit() < rate {
                    let v = (unit() * 16.0) as usize;
                    let name: Vec<String> = if v & 1 == 1 {
                        vec![s.words[i].clone()]
                    } else {
                        s.words[i..=e].to_vec()
                    };
                    let mut words = Vec::new();
                    let mut ts = Vec::new();
                    if v & 2 == 2 {
                        words.push(GREET[(unit() * 5.0) as usize % 5].to_string());
                        ts.push(id(Tag::O));
                    }
                    let n = name.len();
                    for (k, w) in name.into_iter().enumerate() {
                        words.push(w);
                        ts.push(id(match (n, k) {
                            (1, _) => Tag::U(EntityLabel::Person),
                            (_, 0) => Tag::B(EntityLabel::Person),
                            (_, k) if k + 1 == n => Tag::L(EntityLabel::Person),
                            _ => Tag::I(EntityLabel::Person),
                        }));
                    }
                    if v & 4 == 4 {
                        words.push(PUNCT[(unit() * 5.0) as usize % 5].to_string());
                        ts.push(id(Tag::O));
                    }
                    out.push(Sent {
                        words,
                        tags: ts,
                        upos: Vec::new(),
                    });
                }
                i = e + 1;
                continue;
            }
            i += 1;
        }
        // A negative: a capitalised word outside every entity, alone.
        if unit() < rate * 2.0 {
            let cands: Vec<usize> = (0..s.words.len())
                .filter(|&k| {
                    tags[s.tags[k] as usize] == Tag::O
                        && s.words[k].chars().next().is_some_and(char::is_uppercase)
                        && s.words[k].chars().all(char::is_alphabetic)
                })
                .collect();
            if !cands.is_empty() {
                let k = cands[(unit() * cands.len() as f64) as usize % cands.len()];
                let mut words = vec![s.words[k].clone()];
                if unit() < 0.5 {
                    words.push(PUNCT[(unit() * 5.0) as usize % 5].to_string());
                }
                let n = words.len();
                out.push(Sent {
                    words,
                    tags: vec![id(Tag::O); n],
                    upos: Vec::new(),
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signoffs_label_only_the_name() {
        let tags = Tag::all();
        let id = |t: Tag| tag_id(&tags, t);
        let p = EntityLabel::Person;
        let words = ["Yesterday", "Vince", "Kaminski", "met", "Traci", "."];
        let data = vec![Sent {
            words: words.iter().map(|w| w.to_string()).collect(),
            tags: vec![
                id(Tag::O),
                id(Tag::B(p)),
                id(Tag::L(p)),
                id(Tag::O),
                id(Tag::U(p)),
                id(Tag::O),
            ],
            upos: Vec::new(),
        }];
        let a = signoffs(&data, &tags, 1.0, 3);
        assert_eq!(a.len(), 3, "two names and one negative");
        for s in &a {
            assert_eq!(s.words.len(), s.tags.len());
            for (w, &t) in s.words.iter().zip(&s.tags) {
                let name = ["Vince", "Kaminski", "Traci"].contains(&w.as_str());
                assert_eq!(tags[t as usize] != Tag::O, name, "{w} in {:?}", s.words);
            }
        }
        let b = signoffs(&data, &tags, 1.0, 3);
        assert_eq!(
            a.iter().map(|s| &s.words).collect::<Vec<_>>(),
            b.iter().map(|s| &s.words).collect::<Vec<_>>()
        );
        assert!(signoffs(&data, &tags, 0.0, 3).is_empty());
    }
}
