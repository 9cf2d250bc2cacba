//! Score the embedded quote model on a PolNeAR compartment and print the
//! scorer's report; with `--show N`, also print gold and predicted
//! attributions of the first N articles.
//!
//! `cargo run --release -p dyad-quotes --example eval -- DIR [--show N]`

use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let dir = PathBuf::from(args.get(1).ok_or("usage: eval DIR [--show N]")?);
    let show: usize = match args.iter().position(|a| a == "--show") {
        Some(i) => args.get(i + 1).ok_or("--show N")?.parse()?,
        None => 0,
    };
    let stage = dyad_quotes::QuoteStage::new()?;
    let articles = dyad_quotes::brat::read_dir(&dir)?;
    let words: usize = articles
        .iter()
        .map(|a| a.text.split_whitespace().count())
        .sum();
    let report = dyad_quotes::eval_articles(&articles, |text| stage.extract(text));
    println!("{report}");
    // Speed of extraction alone (best of three passes, one thread).
    let mut best = f64::INFINITY;
    let mut n = 0;
    for _ in 0..3 {
        let t = std::time::Instant::now();
        for a in &articles {
            n += stage.extract(&a.text).len();
        }
        best = best.min(t.elapsed().as_secs_f64());
    }
    println!(
        "speed: {words} words (whitespace-separated) in {best:.3} s: {:.0} words/s ({} quotes per pass)",
        words as f64 / best,
        n / 3
    );
    if let Some(i) = args.iter().position(|a| a == "--diff") {
        let n: usize = args.get(i + 1).ok_or("--diff N")?.parse()?;
        diff(&stage, &articles, n);
    }
    for a in articles.iter().take(show) {
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
        for q in stage.extract(&a.text) {
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
fn diff(stage: &dyad_quotes::QuoteStage, articles: &[dyad_quotes::GoldArticle], n: usize) {
    use std::collections::BTreeMap;
    let mut cats: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for a in articles {
        let chars: Vec<char> = a.text.chars().collect();
        let mut b2c = vec![0usize; a.text.len() + 1];
        for (ci, (b, _)) in a.text.char_indices().enumerate() {
            b2c[b] = ci;
        }
        b2c[a.text.len()] = chars.len();
        let preds = stage.extract(&a.text);
        let pc = |v: &[dyad_doc::Span]| -> Vec<(usize, usize)> {
            v.iter().map(|s| (b2c[s.start()], b2c[s.end()])).collect()
        };
        let txt = |fr: &[(usize, usize)]| {
            fr.iter()
                .map(|&(x, y)| chars[x..y].iter().collect::<String>())
                .collect::<Vec<_>>()
                .join(" | ")
                .trim()
                .to_string()
        };
        let ov = |x: &[(usize, usize)], y: &[(usize, usize)]| -> usize {
            x.iter()
                .flat_map(|&(a, b)| {
                    y.iter()
                        .map(move |&(c, d)| b.min(d).saturating_sub(a.max(c)))
                })
                .sum()
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
