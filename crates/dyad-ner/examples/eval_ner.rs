//! Score the entity recogniser on re3d dev and UNER EWT dev, optionally
//! side by side with another system's predictions, and measure speed.
//!
//! ```text
//! cargo run --release -p dyad-ner --example eval_ner -- [--model models/ner.bin] [--data DIR]
//!     [--dump DIR]                      # write re3d-dev.jsonl / uner-dev.jsonl (texts + gold)
//!     [--pred-re3d F --pred-uner F]     # score these predictions too, side by side
//!     [--name spaCy]                    # name of the other system
//!     [--write-pred DIR]                # write dyad's predictions as JSON lines
//!     [--gold-jsonl F]                  # also score against this JSON-lines file
//!     [--tagger models/tagger.bin | --no-tagger]  # UPOS tags before NER (default: on)
//!     [--bench]                         # tokens per CPU-second over polnear/dev/text
//! ```

use std::path::PathBuf;
use std::time::Instant;

use dyad_doc::{Doc, Meta, Token};
use dyad_ner::{
    Ner, eval_ner_with, load_iob2, load_jsonl, load_re3d, re3d_split, score_by_id, side_by_side,
};

fn main() {
    if let Err(e) = run() {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}

fn cpu_seconds() -> f64 {
    // getrusage would need libc; process CPU time from /proc (Linux).
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit(')').next().unwrap_or("");
    let f: Vec<&str> = after.split_whitespace().collect();
    let ticks = |i: usize| f.get(i).and_then(|x| x.parse::<f64>().ok()).unwrap_or(0.0);
    (ticks(11) + ticks(12)) / 100.0
}

fn run() -> Result<(), Box<dyn std::error::Error>> {
    let mut data = std::env::var("DYAD_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|_| PathBuf::from("../shared/data"));
    let mut model = PathBuf::from("models/ner.bin");
    let (mut dump, mut pred_re3d, mut pred_uner) = (None, None, None);
    let mut other = "spaCy en_core_web_sm".to_string();
    let mut bench = false;
    let mut tagger_path = Some(PathBuf::from("models/tagger.bin"));
    let mut write_pred: Option<PathBuf> = None;
    let mut gold_jsonl: Vec<PathBuf> = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut val = || args.next().ok_or(format!("{a} needs a value"));
        match a.as_str() {
            "--data" => data = PathBuf::from(val()?),
            "--model" => model = PathBuf::from(val()?),
            "--dump" => dump = Some(PathBuf::from(val()?)),
            "--write-pred" => write_pred = Some(PathBuf::from(val()?)),
            "--pred-re3d" => pred_re3d = Some(PathBuf::from(val()?)),
            "--pred-uner" => pred_uner = Some(PathBuf::from(val()?)),
            "--name" => other = val()?,
            "--bench" => bench = true,
            "--tagger" => tagger_path = Some(PathBuf::from(val()?)),
            "--no-tagger" => tagger_path = None,
            "--gold-jsonl" => gold_jsonl.push(PathBuf::from(val()?)),
            a => return Err(format!("unknown argument {a}").into()),
        }
    }
    let t = Instant::now();
    let ner = Ner::load(&model)?;
    eprintln!(
        "loaded {} in {:.1} ms",
        model.display(),
        t.elapsed().as_secs_f64() * 1e3
    );
    // The tagger model belongs to dyad-tagger and may be mid-retraining:
    // without a loadable one, score without tags (the report names say so).
    let tagger = match &tagger_path {
        Some(p) => match dyad_tagger::Tagger::load(p) {
            Ok(t) => Some(t),
            Err(e) => {
                eprintln!("warning: {e}; scoring without POS tags");
                None
            }
        },
        None => None,
    };
    let prepare = |d: &mut Doc| {
        if let Some(t) = &tagger {
            t.tag_doc(d);
        }
    };
    let with = if tagger.is_some() {
        "tagger+NER"
    } else {
        "NER, no tags"
    };
    let re3d = load_re3d(&data.join("re3d"))?;
    let (_, re3d_dev) = re3d_split(&re3d);
    let (uner, unaligned) = load_iob2(&data.join("uner-en-ewt/en_ewt-ud-dev.iob2"))?;
    if unaligned > 0 {
        eprintln!("UNER dev: {unaligned} tokens not aligned to the text (their entities dropped)");
    }
    if let Some(dir) = &dump {
        std::fs::create_dir_all(dir)?;
        std::fs::write(
            dir.join("re3d-dev.jsonl"),
            dyad_ner::data::to_jsonl(&re3d_dev),
        )?;
        std::fs::write(dir.join("uner-dev.jsonl"), dyad_ner::data::to_jsonl(&uner))?;
        eprintln!("wrote {}/re3d-dev.jsonl and uner-dev.jsonl", dir.display());
    }
    for (name, gold, pred) in [
        ("re3d dev", &re3d_dev, &pred_re3d),
        ("UNER EWT dev", &uner, &pred_uner),
    ] {
        let ours = eval_ner_with(&ner, &format!("dyad {name} ({with})"), gold, prepare);
        if let Some(dir) = &write_pred {
            let docs: Vec<dyad_ner::GoldDoc> = gold
                .iter()
                .map(|g| dyad_ner::GoldDoc {
                    id: g.id.clone(),
                    text: g.text.clone(),
                    entities: ner
                        .recognise_with(&g.text, prepare)
                        .into_iter()
                        .map(|e| (e.span, e.label))
                        .collect(),
                })
                .collect();
            let file = dir.join(format!("{}.dyad.jsonl", name.replace(' ', "-")));
            std::fs::write(&file, dyad_ner::data::to_jsonl(&docs))?;
        }
        println!("{ours}");
        if let Some(p) = pred {
            let theirs = score_by_id(&format!("{other} {name}"), gold, &load_jsonl(p)?);
            println!("{theirs}");
            println!("{name}: dyad vs {other}");
            println!("{}", side_by_side(&ours, &theirs));
        }
    }
    for p in &gold_jsonl {
        let gold = load_jsonl(p)?;
        let name = format!("dyad ({with}) vs {}", p.display());
        println!("{}", eval_ner_with(&ner, &name, &gold, prepare));
    }
    if bench {
        let dir = data.join("polnear/dev/text");
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .map_err(|e| format!("{}: {e}", dir.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        files.sort();
        let texts: Vec<String> = files
            .iter()
            .filter_map(|p| std::fs::read_to_string(p).ok())
            .collect();
        // Tokenize once, then time NER alone; then tokenize+NER together.
        let mut docs: Vec<Doc> = texts
            .iter()
            .map(|t| {
                let mut d = Doc::new(t.as_str(), Meta::default());
                let (p, s) = dyad_text::segment(t);
                d.tokens = p.into_iter().map(|p| Token::new(p.span)).collect();
                d.sentences = s;
                prepare(&mut d);
                d
            })
            .collect();
        let n_tok: usize = docs.iter().map(|d| d.tokens.len()).sum();
        let reps = 5;
        let c0 = cpu_seconds();
        let w0 = Instant::now();
        for _ in 0..reps {
            for d in &mut docs {
                ner.annotate(d);
            }
        }
        let (c, w) = (cpu_seconds() - c0, w0.elapsed().as_secs_f64());
        let ents: usize = docs.iter().map(|d| d.entities.len()).sum();
        println!(
            "NER only ({with}; tags computed before timing): {} docs, {} tokens x{reps}: {:.0} tokens/CPU-s ({:.0} tokens/s wall), {} entities",
            docs.len(),
            n_tok,
            (n_tok * reps) as f64 / c.max(1e-9),
            (n_tok * reps) as f64 / w,
            ents
        );
        let c0 = cpu_seconds();
        let w0 = Instant::now();
        for _ in 0..reps {
            for t in &texts {
                std::hint::black_box(ner.recognise_with(t, prepare));
            }
        }
        let (c, w) = (cpu_seconds() - c0, w0.elapsed().as_secs_f64());
        println!(
            "tokenize+split+{with}: {:.0} tokens/CPU-s ({:.0} tokens/s wall)",
            (n_tok * reps) as f64 / c.max(1e-9),
            (n_tok * reps) as f64 / w
        );
    }
    Ok(())
}
