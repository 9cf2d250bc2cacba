//! Human agreement on PolNeAR, measured with dyad's own attribution scorer:
//! every article of a compartment annotated by two or more annotators is
//! scored once per ordered pair of its annotators, the first as gold and
//! the second as prediction, and the counts are pooled. The table has the
//! lines of `dyad eval attribution`, so it reads as a ceiling for them:
//! how often two trained annotators give the same span.
//!
//! `cargo run --release -p dyad-quotes --example agreement -- [DATA]`
//! (DATA as for the other examples: `$DYAD_DATA`, else `../shared/data`;
//! the compartment is `DATA/polnear/train`: dev has one annotator per
//! article). One line per article comes first, then the pooled table.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use dyad_doc::{Quote, QuoteKind, Span};
use dyad_quotes::brat::{GoldAttribution, parse_ann};

/// Byte spans of `text` for code-point ranges (ranges outside the text
/// are dropped, as the scorer drops them for predictions).
fn byte_spans(text: &str, byte_at: &[usize], ranges: &[(usize, usize)]) -> Vec<Span> {
    ranges
        .iter()
        .filter_map(|&(a, b)| {
            let (a, b) = (*byte_at.get(a)?, *byte_at.get(b)?);
            Span::new(text, a, b).ok()
        })
        .collect()
}

/// One annotator's attributions as the stage's quotes, so that the scorer
/// reads them as predictions (kind and sentence are not scored).
fn as_quotes(text: &str, atts: &[GoldAttribution]) -> Vec<Quote> {
    let byte_at: Vec<usize> = text
        .char_indices()
        .map(|(b, _)| b)
        .chain([text.len()])
        .collect();
    atts.iter()
        .map(|a| Quote {
            kind: QuoteKind::Indirect,
            content: byte_spans(text, &byte_at, &a.content),
            cue: byte_spans(text, &byte_at, &a.cue),
            source: byte_spans(text, &byte_at, &a.source),
            speaker: None,
            sentence: 0,
        })
        .collect()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let data = args
        .get(1)
        .cloned()
        .or_else(|| std::env::var("DYAD_DATA").ok())
        .unwrap_or_else(|| "../shared/data".into());
    let dir = PathBuf::from(data).join("polnear/train");
    if !dir.exists() {
        eprintln!("agreement: {} is absent; nothing to measure", dir.display());
        return Ok(());
    }
    // Annotation files by article: `NAME_ANNOTATOR.ann`.
    let ann_dir = dir.join("attributions");
    let mut by_article: BTreeMap<String, Vec<PathBuf>> = BTreeMap::new();
    let mut files: Vec<String> = std::fs::read_dir(&ann_dir)?
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".ann"))
        .collect();
    files.sort();
    for f in files {
        let stem = f.trim_end_matches(".ann");
        if let Some((name, _who)) = stem.rsplit_once('_') {
            by_article
                .entry(name.to_string())
                .or_default()
                .push(ann_dir.join(&f));
        }
    }
    let mut total = dyad_quotes::eval::AttributionReport::default();
    let (mut articles, mut pairs) = (0, 0);
    for (name, anns) in by_article.iter().filter(|(_, v)| v.len() > 1) {
        let text_path = dir.join("text").join(format!("{name}.txt"));
        let text = std::fs::read_to_string(&text_path)
            .map_err(|e| format!("{}: {e}", text_path.display()))?;
        let read = |p: &Path| -> Result<Vec<GoldAttribution>, Box<dyn std::error::Error>> {
            Ok(parse_ann(p, &std::fs::read_to_string(p)?)?)
        };
        let sets = anns
            .iter()
            .map(|p| read(p))
            .collect::<Result<Vec<_>, _>>()?;
        articles += 1;
        let mut here = dyad_quotes::eval::AttributionReport::default();
        for (i, gold) in sets.iter().enumerate() {
            for (j, other) in sets.iter().enumerate() {
                if i != j {
                    pairs += 1;
                    let pred = as_quotes(&text, other);
                    here.merge(&dyad_quotes::eval::score_article(&text, gold, &pred));
                }
            }
        }
        let f1 = |p: (f64, f64, f64)| p.2;
        println!(
            "{name}: {} annotators, exact source {:.1} cue {:.1} content {:.1}, attribution overlap {:.1}",
            sets.len(),
            f1(here.source.exact_prf()),
            f1(here.cue.exact_prf()),
            f1(here.content.exact_prf()),
            f1(here.all.overlap_prf()),
        );
        total.merge(&here);
    }
    println!(
        "human agreement: {articles} articles of {} with 2+ annotators, {pairs} ordered annotator pairs",
        dir.display()
    );
    println!("{total}");
    Ok(())
}
