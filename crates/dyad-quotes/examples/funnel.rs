//! Where missed gold cues are lost: for each gold attribution that no
//! prediction touches (no shared cue or content character), the step of
//! the stage that drops it — the cue pass never proposes its cue (and
//! whether a cue-lexicon word is there), an extra candidate below the
//! least score or beside a cue, the role pass finding no content, the
//! acceptance model or the nesting filter — counted, with the cue words.
//!
//! `cargo run --release -p dyad-quotes --example funnel -- DIR [--show STEP] [--top N]`

use std::collections::HashMap;
use std::path::PathBuf;

use dyad_quotes::extract::{Analysis, assemble_by_cue, assemble_scored, extra_cues};
use dyad_quotes::lexicon::cue_class;
use dyad_quotes::tagger::Label;

mod common;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let dir = PathBuf::from(args.get(1).ok_or("usage: funnel DIR")?);
    let opt = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
    };
    let show = opt("--show").cloned();
    let top: usize = opt("--top").map_or(Ok(25), |s| s.parse())?;
    let stage = dyad_quotes::QuoteStage::new()?;
    let c = stage.compiled();
    let articles = dyad_quotes::brat::read_dir(&dir)?;
    let tokens = common::parsed(&articles)?;
    let mut steps: HashMap<String, HashMap<String, usize>> = HashMap::new();
    let mut total = 0;
    for (a, toks) in articles.iter().zip(&tokens) {
        let text = &a.text;
        let an = Analysis::with_tokens(text, toks);
        let byte: Vec<usize> = text
            .char_indices()
            .map(|(b, _)| b)
            .chain([text.len()])
            .collect();
        let (sums, base, labels) = c.tag(&an);
        let bias = c.models.cue_bias();
        let extra = c
            .extra_cue_min
            .and_then(|min| extra_cues(&an, &sums, &labels, min, bias));
        let scored = assemble_scored(&an, (&sums, &base, &labels), c, text);
        let fin = assemble_by_cue(&an, &base, &sums, &labels, c, text);
        let touches = |qs: &[dyad_doc::Quote], cue: &[(usize, usize)], cont: &[(usize, usize)]| {
            qs.iter().any(|q| {
                q.cue
                    .iter()
                    .any(|s| cue.iter().any(|&(x, y)| s.start() < y && x < s.end()))
                    || q.content
                        .iter()
                        .any(|s| cont.iter().any(|&(x, y)| s.start() < y && x < s.end()))
            })
        };
        let touches_cue = |qs: &[dyad_doc::Quote], cue: &[(usize, usize)]| {
            qs.iter().any(|q| {
                q.cue
                    .iter()
                    .any(|s| cue.iter().any(|&(x, y)| s.start() < y && x < s.end()))
            })
        };
        for g in &a.attributions {
            total += 1;
            let cue: Vec<(usize, usize)> = g.cue.iter().map(|&(x, y)| (byte[x], byte[y])).collect();
            let cont: Vec<(usize, usize)> =
                g.content.iter().map(|&(x, y)| (byte[x], byte[y])).collect();
            if touches(&fin, &cue, &cont) {
                continue;
            }
            let idx: Vec<usize> = (0..an.toks.len())
                .filter(|&i| {
                    let s = an.toks[i].span;
                    cue.iter().any(|&(x, y)| s.start() < y && x < s.end())
                })
                .collect();
            let words: Vec<&str> = idx.iter().map(|&i| an.toks[i].lower.as_str()).collect();
            let lex = idx.iter().any(|&i| cue_class(&an.toks[i].lower).is_some());
            let tagged = idx
                .iter()
                .any(|&i| matches!(labels[i], Label::BCue | Label::ICue));
            let extra_hit = extra.as_ref().is_some_and(|x| {
                idx.iter()
                    .any(|&i| x[i] == Label::BCue && labels[i] == Label::O)
            });
            let best = idx
                .iter()
                .map(|&i| sums[i].cue()[Label::BCue as usize] + bias)
                .fold(f32::NEG_INFINITY, f32::max);
            let step = if idx.is_empty() {
                "no-cue-tokens".to_string()
            } else if tagged || extra_hit {
                let src = if tagged { "tagged" } else { "extra" };
                if touches_cue(&scored.quotes, &cue) {
                    format!("{src}:accept-dropped")
                } else if touches_cue(&scored.nested, &cue) {
                    format!("{src}:nested")
                } else {
                    format!("{src}:no-content")
                }
            } else if lex {
                let b = ((best / 100.0).floor() as i32).clamp(-9, 9) * 100;
                format!("lex-not-proposed:score>={b}")
            } else {
                let b = ((best / 100.0).floor() as i32).clamp(-9, 9) * 100;
                format!("nolex:score>={b}")
            };
            let key = words.join(" ");
            if show.as_deref() == Some(step.as_str()) {
                let lo = cue.first().map_or(0, |c| c.0).saturating_sub(150);
                let hi = cue
                    .last()
                    .map_or(0, |c| c.1)
                    .saturating_add(100)
                    .min(text.len());
                let lo = (0..=lo)
                    .rev()
                    .find(|&b| text.is_char_boundary(b))
                    .unwrap_or(0);
                let hi = (hi..=text.len())
                    .find(|&b| text.is_char_boundary(b))
                    .unwrap_or(text.len());
                println!("[{key}] {best:.0} … {}", text[lo..hi].replace('\n', " ¶ "));
            }
            *steps.entry(step).or_default().entry(key).or_default() += 1;
        }
    }
    let mut rows: Vec<_> = steps.iter().collect();
    rows.sort_by_key(|(k, v)| (std::cmp::Reverse(v.values().sum::<usize>()), k.to_string()));
    let missed: usize = rows.iter().map(|(_, v)| v.values().sum::<usize>()).sum();
    println!("gold {total}, untouched {missed}");
    for (step, words) in rows {
        let n: usize = words.values().sum();
        let mut w: Vec<_> = words.iter().collect();
        w.sort_by_key(|(k, v)| (std::cmp::Reverse(**v), k.to_string()));
        let list: Vec<String> = w
            .iter()
            .take(top)
            .map(|(k, v)| format!("{k}:{v}"))
            .collect();
        println!("{n:5} {step}: {}", list.join(", "));
    }
    Ok(())
}
