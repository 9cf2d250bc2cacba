//! `dyad bench`: throughput and memory of each prefix of the pipeline.

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result, bail};
use dyad_doc::{Doc, Layer, LayerSet, Meta};

use crate::usage::{cpu_seconds, peak_rss_mib};

/// Load the benchmark texts: every `.txt` file of a directory (sorted), or
/// the `text` field of every line of a JSONL file.
pub fn load_texts(path: &Path) -> Result<Vec<String>> {
    if path.is_dir() {
        let mut files: Vec<PathBuf> = std::fs::read_dir(path)
            .with_context(|| format!("{}", path.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .collect();
        files.sort();
        if files.is_empty() {
            bail!("{}: no .txt files", path.display());
        }
        files
            .iter()
            .map(|f| {
                let bytes = std::fs::read(f).with_context(|| format!("{}", f.display()))?;
                Ok(String::from_utf8_lossy(&bytes).into_owned())
            })
            .collect()
    } else {
        let text = std::fs::read_to_string(path).with_context(|| format!("{}", path.display()))?;
        let mut out = Vec::new();
        for (i, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let v: serde_json::Value = serde_json::from_str(line)
                .with_context(|| format!("{}:{}: malformed JSON", path.display(), i + 1))?;
            match v.get("text").and_then(|t| t.as_str()) {
                Some(t) => out.push(t.to_string()),
                None => bail!("{}:{}: record has no \"text\"", path.display(), i + 1),
            }
        }
        Ok(out)
    }
}

/// One measured configuration.
pub struct Row {
    pub name: String,
    pub docs: usize,
    pub tokens: usize,
    pub sentences: usize,
    pub wall: f64,
    pub cpu: f64,
}

impl Row {
    pub fn tokens_per_cpu_second(&self) -> f64 {
        self.tokens as f64 / self.cpu.max(1e-9)
    }
}

/// Run the pipeline prefix that produces `layers` over `texts`, `repeat`
/// times, single-threaded.
pub fn measure(name: &str, layers: LayerSet, texts: &[String], repeat: usize) -> Result<Row> {
    measure_pipeline(name, &crate::until(layers)?, texts, repeat)
}

/// Tokenizing and splitting by dyad-text alone (`dyad_text::TokenizeStage`,
/// which reads no part-of-speech tags), for comparison with the standard
/// first stage, which tags the paragraphs its splitter is unsure of.
pub fn measure_plain_split(texts: &[String], repeat: usize) -> Result<Row> {
    let pipeline = dyad_doc::Pipeline::new().with(dyad_text::TokenizeStage::new())?;
    measure_pipeline("tokenize+split, plain", &pipeline, texts, repeat)
}

/// [`measure`] for a pipeline already built.
fn measure_pipeline(
    name: &str,
    pipeline: &dyad_doc::Pipeline,
    texts: &[String],
    repeat: usize,
) -> Result<Row> {
    let mut tokens = 0;
    let mut sentences = 0;
    let mut docs = 0;
    let wall0 = Instant::now();
    let cpu0 = cpu_seconds();
    for _ in 0..repeat.max(1) {
        for t in texts {
            let mut doc = Doc::new(t.as_str(), Meta::default());
            let stats = dyad_pipeline::run_chunked(pipeline, &mut doc, &Default::default())?;
            tokens += stats.tokens;
            sentences += doc.sentences.len();
            docs += 1;
        }
    }
    Ok(Row {
        name: name.to_string(),
        docs,
        tokens,
        sentences,
        wall: wall0.elapsed().as_secs_f64(),
        cpu: cpu_seconds() - cpu0,
    })
}

/// The configurations `dyad bench` measures, in pipeline order, limited to
/// what the pipeline can produce.
pub fn configurations() -> Vec<(&'static str, LayerSet)> {
    let all = [
        (
            "tokenize+split",
            LayerSet::of(&[Layer::Tokens, Layer::Sentences]),
        ),
        ("+tag+lemma", LayerSet::of(&[Layer::Tags, Layer::Lemmas])),
        ("+parse", LayerSet::of(&[Layer::Heads])),
        ("+entities", LayerSet::of(&[Layer::Entities])),
        ("+actors", LayerSet::of(&[Layer::Actors])),
        ("+timexes", LayerSet::of(&[Layer::Timexes])),
        ("+places", LayerSet::of(&[Layer::Places])),
        ("+quotes", LayerSet::of(&[Layer::Quotes])),
        ("+events", LayerSet::of(&[Layer::Events])),
    ];
    let available = dyad_pipeline::available();
    let mut out = Vec::new();
    let mut acc = LayerSet::EMPTY;
    for (name, layers) in all {
        acc = acc.union(layers);
        if available.is_superset(layers) {
            out.push((name, acc));
        }
    }
    out
}

/// Print the table.
pub fn print(rows: &[Row]) {
    println!(
        "{:<22} {:>7} {:>10} {:>9} {:>9} {:>14} {:>12}",
        "pipeline", "docs", "tokens", "wall s", "cpu s", "tokens/cpu-s", "sent/cpu-s"
    );
    for r in rows {
        println!(
            "{:<22} {:>7} {:>10} {:>9.3} {:>9.3} {:>14.0} {:>12.0}",
            r.name,
            r.docs,
            r.tokens,
            r.wall,
            r.cpu,
            r.tokens_per_cpu_second(),
            r.sentences as f64 / r.cpu.max(1e-9)
        );
    }
    println!("peak RSS: {:.1} MiB", peak_rss_mib());
}

/// Linear-cost check: the full pipeline on one document made of the texts
/// once, then ten times over. Returns (time ratio, size ratio).
pub fn linearity(texts: &[String]) -> Result<(Row, Row)> {
    let base: String = texts.join("\n\n");
    let big = [base.as_str(); 10].join("\n\n");
    let full = dyad_pipeline::available();
    let one = measure("1x one document", full, std::slice::from_ref(&base), 3)?;
    let ten = measure("10x one document", full, std::slice::from_ref(&big), 3)?;
    Ok((one, ten))
}

/// The full pipeline on one single-line document of about `mb` megabytes.
pub fn huge_line(texts: &[String], mb: usize) -> Result<Row> {
    let target = mb * 1_000_000;
    let mut line = String::with_capacity(target + 4096);
    'fill: loop {
        for t in texts {
            for piece in t.split(['\n', '\r']) {
                if line.len() >= target {
                    break 'fill;
                }
                line.push_str(piece);
                line.push(' ');
            }
        }
        if texts.iter().all(|t| t.trim().is_empty()) {
            bail!("the benchmark texts are empty");
        }
    }
    let full = dyad_pipeline::available();
    measure(
        &format!("{mb} MB single line"),
        full,
        std::slice::from_ref(&line),
        1,
    )
}

/// CPU seconds spent in each stage of the full pipeline over `texts`, in
/// pipeline order (the per-stage view of the last row of [`print`]).
pub fn per_stage(texts: &[String]) -> Result<(Vec<(&'static str, f64)>, usize)> {
    let pipeline = crate::standard()?;
    let mut times: Vec<(&'static str, f64)> =
        pipeline.stages().iter().map(|s| (s.name(), 0.0)).collect();
    let mut sentences = 0;
    for t in texts {
        let mut doc = Doc::new(t.as_str(), Meta::default());
        for (i, stage) in pipeline.stages().iter().enumerate() {
            let c0 = cpu_seconds();
            stage.process(&mut doc)?;
            doc.mark(stage.adds());
            times[i].1 += cpu_seconds() - c0;
        }
        sentences += doc.sentences.len();
    }
    Ok((times, sentences))
}

/// Start-up: CPU and wall seconds to build each stage of the full
/// pipeline (loading its model, knowledge base or gazetteer), in order.
pub fn startup() -> Result<Vec<(&'static str, f64, f64)>> {
    let mut out = Vec::new();
    for e in dyad_pipeline::builders(dyad_pipeline::available()) {
        let (c0, w0) = (cpu_seconds(), Instant::now());
        let stage = (e.make)()?;
        out.push((stage.name(), cpu_seconds() - c0, w0.elapsed().as_secs_f64()));
    }
    Ok(out)
}

/// Print start-up times, with the running total (the start-up of each
/// pipeline prefix).
pub fn print_startup(rows: &[(&'static str, f64, f64)]) {
    println!(
        "{:<22} {:>9} {:>9} {:>14}",
        "start-up: stage", "cpu ms", "wall ms", "prefix cpu ms"
    );
    let mut total = 0.0;
    for (name, cpu, wall) in rows {
        total += cpu;
        println!(
            "{:<22} {:>9.1} {:>9.1} {:>14.1}",
            name,
            cpu * 1e3,
            wall * 1e3,
            total * 1e3
        );
    }
}

/// Print per-stage times with their share of the total and the sentences
/// per CPU-second of each stage alone (given the layers before it).
pub fn print_stages(times: &[(&'static str, f64)], sentences: usize) {
    let total: f64 = times.iter().map(|t| t.1).sum();
    println!(
        "{:<22} {:>9} {:>7} {:>16}",
        "stage", "cpu s", "share", "stage sent/cpu-s"
    );
    for (name, t) in times {
        println!(
            "{:<22} {:>9.3} {:>6.1}% {:>16.0}",
            name,
            t,
            100.0 * t / total.max(1e-9),
            sentences as f64 / t.max(1e-9)
        );
    }
}
