//! Score the embedded quote model on a PolNeAR compartment and print the
//! scorer's report; with `--show N`, also print gold and predicted
//! attributions of the first N articles.
//!
//! `cargo run --release -p dyad-quotes --example eval -- DIR [--show N]
//! [--diff N] [--edges N] [--brief] [--fold-models F0,F1,… [--fold-accepts A0,A1,…]] [--no-parse] [--bench] [--dump FILE] [--passes N] [--model FILE [--cue-bias B]]
//! [--accept FILE [--accept-threshold T] [--accept-threshold-extra X] [--accept-threshold-unparsed U]]
//! [--extra-cues MIN|none]`
//!
//! `--edges N` counts the edge differences of matched pairs per role;
//! with `EDGE_CLASS=1` set, differences longer than three words are
//! counted by class (`SENT` when they cross a sentence end, else the word
//! next to the shared part and a length bucket), as in the boundary
//! analysis of `models/quotes.md`.
//!
//! `--accept FILE` reads another acceptance model (`/dev/null`: none, and
//! then no extra cues either); `--extra-cues` sets the extra cue
//! candidates' least cue-pass score.
//!
//! `--dump FILE` writes, one JSON line per article, its name, text, the
//! stage's tokens with the aligned parse (code-point start and end, UPOS,
//! relation, head index), the paired quotations (code-point start and end,
//! closed, single), and gold and predicted attributions (code-point
//! fragments per role), for analysis outside Rust.
//!
//! `--bench` also times the whole standard pipeline over the articles and
//! prints the quote stage's share of it.

use std::path::PathBuf;

use dyad_doc::Quote;

mod common;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let dir = PathBuf::from(args.get(1).ok_or("usage: eval DIR [--show N]")?);
    let show: usize = match args.iter().position(|a| a == "--show") {
        Some(i) => args.get(i + 1).ok_or("--show N")?.parse()?,
        None => 0,
    };
    let opt = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
    };
    let t0 = std::time::Instant::now();
    let stage = match opt("--model") {
        None => dyad_quotes::QuoteStage::new()?,
        Some(m) => {
            let mut models = dyad_quotes::extract::Models::from_bytes(&std::fs::read(m)?)?;
            if let Some(b) = opt("--cue-bias") {
                models.set_cue_bias(b.parse()?);
            }
            dyad_quotes::QuoteStage::with_models(models)
        }
    };
    let stage = match opt("--accept") {
        None => stage,
        Some(path) => {
            let mut c = stage.compiled().clone();
            let mut a = dyad_quotes::accept::Acceptor::parse(&std::fs::read_to_string(path)?)
                .map_err(|e| format!("{path}: {e}"))?;
            if let Some(t) = opt("--accept-threshold") {
                a.threshold = t.parse()?;
            }
            if let Some(t) = opt("--accept-threshold-extra") {
                a.threshold_extra = t.parse()?;
            }
            if let Some(t) = opt("--accept-threshold-unparsed") {
                a.threshold_unparsed = t.parse()?;
            }
            c.accept = (!a.is_empty()).then_some(a);
            c.extra_cue_min = c
                .accept
                .as_ref()
                .map(|_| dyad_quotes::extract::EXTRA_CUE_MIN);
            dyad_quotes::QuoteStage::with_compiled(c)
        }
    };
    // `--extra-cues MIN` / `--extra-cues none`: another least score of the
    // extra cue candidates, or none.
    let stage = match opt("--extra-cues") {
        None => stage,
        Some(m) => {
            let mut c = stage.compiled().clone();
            c.extra_cue_min = if m == "none" { None } else { Some(m.parse()?) };
            dyad_quotes::QuoteStage::with_compiled(c)
        }
    };
    // Model read and compiled, cluster table and acceptance model loaded.
    let startup = t0.elapsed().as_secs_f64();
    let articles = dyad_quotes::brat::read_dir(&dir)?;
    let words: usize = articles
        .iter()
        .map(|a| a.text.split_whitespace().count())
        .sum();
    // With the pipeline's parse (as the stage runs in `dyad`), unless
    // `--no-parse`.
    let tokens = if args.iter().any(|a| a == "--no-parse") {
        vec![Vec::new(); articles.len()]
    } else {
        common::parsed(&articles)?
    };
    // `--fold-models F0,F1,…`: each article is read by the model of its
    // fold (`train --fold K/N`, N the number of files), which has not seen
    // it: a cross-validated score of PolNeAR train. The B-cue bias, the
    // acceptance model and the extra cues are the stage's.
    // `--fold-accepts A0,A1,…` (with `--fold-models`): fold K also reads
    // its own acceptance model (`train_accept --skip-fold K/N`), with the
    // stage's thresholds.
    let accepts: Vec<Option<&str>> = match opt("--fold-accepts") {
        None => Vec::new(),
        Some(list) => list.split(',').map(Some).collect(),
    };
    let folds: Vec<dyad_quotes::QuoteStage> = match opt("--fold-models") {
        None => Vec::new(),
        Some(list) => list
            .split(',')
            .enumerate()
            .map(|(k, f)| -> Result<_, Box<dyn std::error::Error>> {
                let c = stage.compiled();
                let mut m = dyad_quotes::extract::Models::from_bytes(&std::fs::read(f)?)?;
                m.set_cue_bias(c.models.cue_bias());
                let mut x = dyad_quotes::extract::Compiled::new(m);
                x.accept = c.accept.clone();
                if let (Some(Some(path)), Some(a)) = (accepts.get(k), &c.accept) {
                    let mut own =
                        dyad_quotes::accept::Acceptor::parse(&std::fs::read_to_string(path)?)
                            .map_err(|e| format!("{path}: {e}"))?;
                    own.threshold = a.threshold;
                    own.threshold_extra = a.threshold_extra;
                    own.threshold_unparsed = a.threshold_unparsed;
                    x.accept = Some(own);
                }
                x.extra_cue_min = c.extra_cue_min;
                Ok(dyad_quotes::QuoteStage::with_compiled(x))
            })
            .collect::<Result<_, _>>()?,
    };
    let stage_of = |name: &str| {
        if folds.is_empty() {
            &stage
        } else {
            &folds[common::fold_of(name, folds.len() as u64) as usize]
        }
    };
    let preds: Vec<Vec<Quote>> = articles
        .iter()
        .zip(&tokens)
        .map(|(a, t)| stage_of(&a.name).extract_parsed(&a.text, t))
        .collect();
    let mut k = 0;
    let report = dyad_quotes::eval_articles(&articles, |_| {
        k += 1;
        preds[k - 1].clone()
    });
    println!("{report}");
    // Two decimals and the counts, for A/B runs.
    if args.iter().any(|a| a == "--brief") {
        let r = &report;
        let f = |p: (f64, f64, f64)| p.2;
        println!(
            "brief: overlap {:.2} ({}/{}/{}) exact src {:.2} cue {:.2} content {:.2} att {:.2}",
            f(r.all.overlap_prf()),
            r.all.overlap,
            r.all.gold,
            r.all.pred,
            f(r.source.exact_prf()),
            f(r.cue.exact_prf()),
            f(r.content.exact_prf()),
            f(r.all.exact_prf()),
        );
    }
    // Speed of extraction alone (best of three passes, one thread).
    let mut best = f64::INFINITY;
    let mut n = 0;
    let passes: usize = opt("--passes").map_or(Ok(3), |p| p.parse())?;
    for _ in 0..passes {
        let t = std::time::Instant::now();
        for (a, t) in articles.iter().zip(&tokens) {
            n += stage.extract_parsed(&a.text, t).len();
        }
        best = best.min(t.elapsed().as_secs_f64());
    }
    println!(
        "speed: {words} words (whitespace-separated) in {best:.3} s: {:.0} words/s ({} quotes per pass)",
        words as f64 / best,
        n / passes.max(1)
    );
    if args.iter().any(|a| a == "--bench") {
        // The whole standard pipeline (best of two passes) against the
        // quote stage's share (given the parse).
        let pipeline = dyad_pipeline::standard()?;
        let mut full = f64::INFINITY;
        for _ in 0..2 {
            let t = std::time::Instant::now();
            for a in &articles {
                let mut doc = dyad_doc::Doc::new(a.text.as_str(), dyad_doc::Meta::default());
                pipeline.run(&mut doc)?;
            }
            full = full.min(t.elapsed().as_secs_f64());
        }
        // Where the stage's time goes.
        let models = dyad_quotes::extract::Compiled::new(dyad_quotes::extract::Models::from_bytes(
            &std::fs::read(
                PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../models/quotes.bin"),
            )?,
        )?);
        let mut t = [0.0f64; 4];
        for (a, toks) in articles.iter().zip(&tokens) {
            let t0 = std::time::Instant::now();
            let an = dyad_quotes::extract::Analysis::with_tokens(&a.text, toks);
            let t2 = std::time::Instant::now();
            let (sums, base, labels) = models.tag(&an);
            let t3 = std::time::Instant::now();
            let q =
                dyad_quotes::extract::assemble_by_cue(&an, &base, &sums, &labels, &models, &a.text);
            let t4 = std::time::Instant::now();
            // The assembly rules once more on the output (their share of
            // the assembly; the output is already ruled, so this is an
            // upper bound of what they cost).
            let mut again = q.clone();
            let t5 = std::time::Instant::now();
            dyad_quotes::rules::cue_prepositions(&an, &mut again);
            dyad_quotes::rules::subject_sources(&an, &mut again);
            dyad_quotes::rules::later_quotations(&an, &mut again);
            let t6 = std::time::Instant::now();
            std::hint::black_box((q, again));
            for (k, (x, y)) in [(t0, t2), (t2, t3), (t3, t4), (t5, t6)].iter().enumerate() {
                t[k] += (*y - *x).as_secs_f64();
            }
        }
        println!(
            "stage parts: analysis {:.3} s, features + cue pass {:.3} s, role pass + assembly {:.3} s (of which rules {:.4} s)",
            t[0], t[1], t[2], t[3]
        );
        println!("start-up: {:.1} ms (wall)", 1000.0 * startup);
        println!(
            "pipeline: {words} words in {full:.3} s: {:.0} words/s; quote stage {best:.3} s = {:.1}% of it",
            words as f64 / full,
            100.0 * best / full
        );
    }
    if let Some(i) = args.iter().position(|a| a == "--diff") {
        let n: usize = args.get(i + 1).ok_or("--diff N")?.parse()?;
        diff(&articles, &preds, n);
    }
    if let Some(i) = args.iter().position(|a| a == "--edges") {
        let n: usize = args.get(i + 1).ok_or("--edges N")?.parse()?;
        edges(&articles, &preds, n);
    }
    if let Some(path) = opt("--dump") {
        dump(std::path::Path::new(path), &articles, &tokens, &preds)?;
    }
    for (a, pred) in articles.iter().zip(&preds).take(show) {
        println!("=== {}", a.name);
        let chars: Vec<char> = a.text.chars().collect();
        let s = |fr: &[(usize, usize)]| {
            fr.iter()
                .map(|&(x, y)| chars[x..y].iter().collect::<String>())
                .collect::<Vec<_>>()
                .join(" | ")
        };
        for g in &a.attributions {
            println!("G [{}] [{}] [{}]", s(&g.source), s(&g.cue), s(&g.content));
        }
        for q in pred {
            let j = |v: &[dyad_doc::Span]| {
                v.iter()
                    .map(|x| x.slice(&a.text))
                    .collect::<Vec<_>>()
                    .join(" | ")
            };
            println!("P [{}] [{}] [{}]", j(&q.source), j(&q.cue), j(&q.content));
        }
    }
    Ok(())
}

/// Error categories: for each gold attribution, the predicted one sharing
/// most content, and what differs.
fn diff(articles: &[dyad_quotes::GoldArticle], all: &[Vec<Quote>], n: usize) {
    use std::collections::BTreeMap;
    let mut cats: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for (a, preds) in articles.iter().zip(all) {
        let (chars, b2c) = char_spans(&a.text);
        let pc = |v: &[dyad_doc::Span]| code_points(&b2c, v);
        let txt = |fr: &[(usize, usize)]| {
            fr.iter()
                .map(|&(x, y)| chars[x..y].iter().collect::<String>())
                .collect::<Vec<_>>()
                .join(" | ")
                .trim()
                .to_string()
        };
        let mut used = vec![false; preds.len()];
        for g in &a.attributions {
            let best = (0..preds.len())
                .map(|j| (ov(&g.content, &pc(&preds[j].content)), j))
                .filter(|x| x.0 > 0)
                .max();
            let line;
            let cat = match best {
                None => {
                    line = format!(
                        "[{}] [{}] [{}]",
                        txt(&g.source),
                        txt(&g.cue),
                        txt(&g.content)
                    );
                    "miss"
                }
                Some((_, j)) => {
                    used[j] = true;
                    let p = &preds[j];
                    let (ps, pq, pn) =
                        (txt(&pc(&p.source)), txt(&pc(&p.cue)), txt(&pc(&p.content)));
                    let (gs, gq, gn) = (txt(&g.source), txt(&g.cue), txt(&g.content));
                    line = format!("G [{gs}] [{gq}] [{gn}]\n    P [{ps}] [{pq}] [{pn}]");
                    if gq != pq {
                        "cue"
                    } else if gs != ps {
                        "source"
                    } else if gn != pn {
                        "content"
                    } else {
                        "ok"
                    }
                }
            };
            cats.entry(cat).or_default().push(line);
        }
        for (j, p) in preds.iter().enumerate() {
            if !used[j] {
                cats.entry("spurious").or_default().push(format!(
                    "[{}] [{}] [{}]",
                    txt(&pc(&p.source)),
                    txt(&pc(&p.cue)),
                    txt(&pc(&p.content))
                ));
            }
        }
    }
    for (cat, lines) in &cats {
        println!("## {cat}: {}", lines.len());
        if *cat != "ok" {
            for l in lines.iter().take(n) {
                println!("  {l}");
            }
        }
    }
}

/// Edge differences of matched pairs, per role: what gold has (`+`) or the
/// prediction has (`-`) beyond the other at the left and right edges (up to
/// three words shown, longer differences as `+long` / `-long`), counted.
fn edges(articles: &[dyad_quotes::GoldArticle], all: &[Vec<Quote>], n: usize) {
    use std::collections::HashMap;
    let mut counts: [HashMap<String, usize>; 3] = Default::default();
    for (a, preds) in articles.iter().zip(all) {
        let (chars, b2c) = char_spans(&a.text);
        let pc = |v: &[dyad_doc::Span]| code_points(&b2c, v);
        let hull = |v: &[(usize, usize)]| -> Option<(usize, usize)> {
            let mut it = v.iter().filter(|(a, b)| a < b);
            let f = *it.next()?;
            Some(it.fold(f, |(a, b), &(c, d)| (a.min(c), b.max(d))))
        };
        let show = |x: usize, y: usize, right: bool| -> String {
            let s: String = chars[x..y].iter().collect();
            let s = s.split_whitespace().collect::<Vec<_>>();
            // `EDGE_CLASS`: a long difference by class, the edge word next
            // to the shared part and a length bucket, or `SENT` when it
            // crosses a sentence end (the boundary classes of
            // models/quotes.md).
            let crosses = s
                .windows(2)
                .any(|w| w[0].ends_with(['.', '?', '!']) && w[1].starts_with(char::is_uppercase));
            if s.len() > 3 && std::env::var("EDGE_CLASS").is_ok() {
                let edge = if right { s[0] } else { s[s.len() - 1] };
                if crosses {
                    "SENT".to_string()
                } else {
                    format!("{edge}…{}", if s.len() > 8 { "9+" } else { "4-8" })
                }
            } else if s.len() > 3 && std::env::var("EDGE_LONG").is_err() {
                "long".to_string()
            } else if s.len() > 8 {
                format!("{} … {}", s[..4].join(" "), s[s.len() - 4..].join(" "))
            } else {
                s.join(" ")
            }
        };
        for g in &a.attributions {
            let Some((_, j)) = (0..preds.len())
                .map(|j| (ov(&g.content, &pc(&preds[j].content)), j))
                .filter(|x| x.0 > 0)
                .max()
            else {
                continue;
            };
            let p = &preds[j];
            for (r, (gv, pv)) in [
                (g.source.clone(), pc(&p.source)),
                (g.cue.clone(), pc(&p.cue)),
                (g.content.clone(), pc(&p.content)),
            ]
            .into_iter()
            .enumerate()
            {
                let (Some((gs, ge)), Some((ps, pe))) = (hull(&gv), hull(&pv)) else {
                    continue;
                };
                if ov(&gv, &pv) == 0 {
                    *counts[r].entry("disjoint".into()).or_default() += 1;
                    continue;
                }
                let mut key = String::new();
                if gs < ps {
                    key += &format!("L+[{}] ", show(gs, ps, false));
                } else if ps < gs {
                    key += &format!("L-[{}] ", show(ps, gs, false));
                }
                if ge > pe {
                    key += &format!("R+[{}]", show(pe, ge, true));
                } else if pe > ge {
                    key += &format!("R-[{}]", show(ge, pe, true));
                }
                if key.is_empty() {
                    if gv.len() != pv.len() {
                        key = "fragments".into();
                    } else {
                        continue;
                    }
                }
                *counts[r].entry(key.trim().to_string()).or_default() += 1;
            }
        }
    }
    for (r, name) in ["source", "cue", "content"].iter().enumerate() {
        let mut v: Vec<_> = counts[r].iter().collect();
        v.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        let total: usize = v.iter().map(|x| x.1).sum();
        println!("## {name} edge differences: {total}");
        for (k, c) in v.iter().take(n) {
            println!("  {c:5}  {k}");
        }
    }
}

/// The characters of `text`, and the code-point index of each byte offset.
fn char_spans(text: &str) -> (Vec<char>, Vec<usize>) {
    let chars: Vec<char> = text.chars().collect();
    let mut b2c = vec![0usize; text.len() + 1];
    for (ci, (b, _)) in text.char_indices().enumerate() {
        b2c[b] = ci;
    }
    b2c[text.len()] = chars.len();
    (chars, b2c)
}

/// Byte spans as code-point spans.
fn code_points(b2c: &[usize], v: &[dyad_doc::Span]) -> Vec<(usize, usize)> {
    v.iter().map(|s| (b2c[s.start()], b2c[s.end()])).collect()
}

/// Characters shared by two sets of code-point spans.
fn ov(x: &[(usize, usize)], y: &[(usize, usize)]) -> usize {
    x.iter()
        .flat_map(|&(a, b)| {
            y.iter()
                .map(move |&(c, d)| b.min(d).saturating_sub(a.max(c)))
        })
        .sum()
}

/// JSON string literal.
fn json_str(s: &str) -> String {
    let mut o = String::with_capacity(s.len() + 2);
    o.push('"');
    for c in s.chars() {
        match c {
            '"' => o.push_str("\\\""),
            '\\' => o.push_str("\\\\"),
            c if (c as u32) < 0x20 => o.push_str(&format!("\\u{:04x}", c as u32)),
            c => o.push(c),
        }
    }
    o.push('"');
    o
}

/// See `--dump` in the module docs.
fn dump(
    path: &std::path::Path,
    articles: &[dyad_quotes::GoldArticle],
    tokens: &[Vec<dyad_doc::Token>],
    all: &[Vec<Quote>],
) -> Result<(), Box<dyn std::error::Error>> {
    use std::fmt::Write as _;
    let mut out = String::new();
    let frags = |v: &[(usize, usize)]| {
        let parts: Vec<String> = v.iter().map(|(a, b)| format!("[{a},{b}]")).collect();
        format!("[{}]", parts.join(","))
    };
    let att = |s: &[(usize, usize)], c: &[(usize, usize)], n: &[(usize, usize)]| {
        format!(
            "{{\"source\":{},\"cue\":{},\"content\":{}}}",
            frags(s),
            frags(c),
            frags(n)
        )
    };
    for ((a, toks), preds) in articles.iter().zip(tokens).zip(all) {
        let (_, b2c) = char_spans(&a.text);
        let an = dyad_quotes::extract::Analysis::with_tokens(&a.text, toks);
        let mut tk = Vec::with_capacity(an.toks.len());
        for (i, t) in an.toks.iter().enumerate() {
            let (u, r, h) = match &an.parse {
                Some(p) => (p.upos[i], p.rel[i], p.head[i].map_or(-1, |h| h as i64)),
                None => ("-", "-", -1),
            };
            tk.push(format!(
                "[{},{},\"{u}\",\"{r}\",{h}]",
                b2c[t.span.start()],
                b2c[t.span.end()]
            ));
        }
        let regions: Vec<String> = an
            .quotes
            .iter()
            .filter(|r| r.end > r.open)
            .map(|r| {
                format!(
                    "[{},{},{},{}]",
                    b2c[an.toks[r.open].span.start()],
                    b2c[an.toks[r.end - 1].span.end()],
                    r.closed,
                    r.single
                )
            })
            .collect();
        let gold: Vec<String> = a
            .attributions
            .iter()
            .map(|g| att(&g.source, &g.cue, &g.content))
            .collect();
        let pred: Vec<String> = preds
            .iter()
            .map(|q| {
                att(
                    &code_points(&b2c, &q.source),
                    &code_points(&b2c, &q.cue),
                    &code_points(&b2c, &q.content),
                )
            })
            .collect();
        writeln!(
            out,
            "{{\"name\":{},\"text\":{},\"toks\":[{}],\"quotes\":[{}],\"gold\":[{}],\"pred\":[{}]}}",
            json_str(&a.name),
            json_str(&a.text),
            tk.join(","),
            regions.join(","),
            gold.join(","),
            pred.join(",")
        )?;
    }
    std::fs::write(path, out)?;
    Ok(())
}
