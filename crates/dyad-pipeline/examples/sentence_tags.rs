//! Measure a clause signal from the tagger in the sentence splitter
//! (dyad-text's `train_sentence_model_classed` / `segment_pieces`): the
//! same 5-fold train cross-validation as `dyad-text/examples/cv_sentence.rs`
//! (contiguous document blocks per genre) and dev, for the baseline (no
//! tags) and for tag-template masks, every model trained on the same bag of
//! shuffling orders.
//!
//! Tags are what the tagger gives at run time: each paragraph's pieces (the
//! tokenizer's words between line breaks) are tagged as one sequence. A
//! training document in fold f is tagged by `TAGDIR/tagger_minus{f}.bin`,
//! a tagger trained on EWT train without fold f (jackknife; the same
//! tagger tags fold f when it is held out), dev by `DEVTAGGER`.
//!
//! `cargo run --release -p dyad-pipeline --example sentence_tags -- TRAIN DEV TAGDIR DEVTAGGER BAG MASK…`
//! (MASK: bits of `dyad_text::tag_templates`; 0: no tags, the baseline).
//! With `DYAD_NEWS_DIRS=DIR:DIR…`, the model trained on all of TRAIN also
//! splits every `.txt` file there (tagged by DEVTAGGER), and the counts
//! of `dyad-text/examples/news_check.rs` are printed (sentences, those
//! ending unpunctuated inside a paragraph, those starting in lower case)
//! with the number of sentence ends that differ from the first MASK's.
//! With `DYAD_BENCH=DIR:PASSES`, the same model also splits every `.txt`
//! file of DIR and the EWT dev documents read as layout PASSES times, and
//! tokens per CPU-second are printed: tokenize + split, and (with tags)
//! tokenize + tag each paragraph + split, with the tagging alone.
//! With `DYAD_TAG_FINITE`, the tags are relabelled from the Penn tags
//! first (see `finite_classes`).
//! With `DYAD_GATE=m,m…` (the first MASK must be 0), every later mask is
//! also scored behind the first mask's plain models by
//! `dyad_text::segment_gated` at each margin m (train-CV, dev, and with
//! `DYAD_NEWS_DIRS` the news counts, the pieces tagged and the sentence
//! ends that differ from the ungated model); `DYAD_GATE_MASK` gives the
//! gated split `Upos::X` outside the paragraphs it asked for, as the
//! shipped stage does.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::path::Path;

use dyad_conllu::GoldDoc;
use dyad_doc::Upos;
use dyad_tagger::Tagger;
use dyad_text::{ClassesOf, Piece, SentenceModel};

const FOLDS: usize = 5;

/// The tags of `pieces`, one `dyad_pipeline::paragraph_runs` run at a
/// time (as the shipped stage tags them), mapped by `clause_class` with
/// `DYAD_TAG_FINITE`.
fn tag_pieces(tagger: &Tagger, text: &str, pieces: &[Piece]) -> Vec<Upos> {
    if !finite_classes() {
        return dyad_pipeline::tag_paragraphs(tagger, text, pieces);
    }
    let mut out = Vec::with_capacity(pieces.len());
    for run in dyad_pipeline::paragraph_runs(text, pieces) {
        let words: Vec<&str> = pieces[run].iter().map(|w| w.span.slice(text)).collect();
        out.extend(
            tagger
                .tag(&words)
                .into_iter()
                .map(|t| dyad_text::clause_class(t.upos, &t.xpos)),
        );
    }
    out
}

/// `DYAD_GATE_MASK`: the gated split (`DYAD_GATE`) sees the tags of the
/// paragraphs it asked for only, `Upos::X` elsewhere, as the shipped
/// stage tags them.
fn mask_untagged() -> bool {
    std::env::var_os("DYAD_GATE_MASK").is_some()
}

/// `DYAD_TAG_FINITE`: the tags are `dyad_text::clause_class` of the
/// tagger's UPOS and Penn tags (finite verbs and modals as AUX, other
/// verbs as VERB, PRP$ as DET) instead of its UPOS.
fn finite_classes() -> bool {
    std::env::var_os("DYAD_TAG_FINITE").is_some()
}

fn read(path: &str) -> Vec<GoldDoc> {
    match dyad_conllu::read_path(Path::new(path)) {
        Ok(s) => dyad_conllu::documents(s),
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    }
}

fn load(path: &str) -> Tagger {
    Tagger::load(Path::new(path)).unwrap_or_else(|e| {
        eprintln!("error: {e}");
        std::process::exit(1)
    })
}

/// Add `d`'s gold sentences, the predicted ones (`pred`: byte spans) and
/// those both have to `c`.
fn count(c: &mut [usize; 3], d: &GoldDoc, pred: &HashSet<(usize, usize)>) {
    c[0] += d.sentence_spans.len();
    c[1] += pred.len();
    c[2] += d
        .sentence_spans
        .iter()
        .filter(|s| pred.contains(&(s.start(), s.end())))
        .count();
}

/// Gold, predicted and correct sentences of `docs` with `model`; the
/// tags from `tags` (by text) when `classed`.
fn score(
    model: &SentenceModel,
    docs: &[&GoldDoc],
    tags: &ClassesOf<'_>,
    dump: Option<&str>,
) -> [usize; 3] {
    let mut c = [0usize; 3];
    for d in docs {
        let pieces = dyad_text::tokenize_pieces(&d.text);
        let cls = tags(d, &d.text, &pieces);
        let (_, ss) = match choice() {
            None => dyad_text::segment_pieces(model, &d.text, pieces, None, cls.as_deref()),
            Some((a, b)) => {
                let (paras, closed) = dyad_text::Prepared::new(&d.text, &pieces).paragraphs();
                let layout = !pieces.is_empty() && b * closed < a * paras;
                let prose_tags = model.tag_templates & dyad_text::tag_templates::PROSE != 0;
                let cls = if layout || prose_tags {
                    cls.as_deref()
                } else {
                    None
                };
                dyad_text::segment_pieces(model, &d.text, pieces, Some(layout), cls)
            }
        };
        let pred: HashSet<_> = ss.iter().map(|s| (s.span.start(), s.span.end())).collect();
        if let Some(set) = dump {
            let pe: HashSet<usize> = ss.iter().map(|s| s.span.end()).collect();
            let ge: HashSet<usize> = d.sentence_spans.iter().map(|s| s.end()).collect();
            for &g in ge.difference(&pe) {
                eprintln!("{set} MISS {} {}", &d.id[..5], around(&d.text, g));
            }
            for &g in pe.difference(&ge) {
                eprintln!("{set} EXTRA {} {}", &d.id[..5], around(&d.text, g));
            }
        }
        count(&mut c, d, &pred);
    }
    c
}

/// Gold, predicted and correct sentences of `docs` split by
/// `dyad_text::segment_gated` with `plain`, `tagged` (tags from `tags`)
/// and `margin`, with the pieces of prose texts the gate tagged and all
/// pieces of prose texts.
fn score_gated(
    plain: &SentenceModel,
    tagged: &SentenceModel,
    docs: &[&GoldDoc],
    tags: &ClassesOf<'_>,
    margin: f32,
) -> ([usize; 3], usize, usize) {
    let mut c = [0usize; 3];
    let (mut asked, mut prose) = (0, 0);
    for d in docs {
        let pieces = dyad_text::tokenize_pieces(&d.text);
        let n = pieces.len();
        if !dyad_text::reads_as_layout(&d.text, &pieces) {
            prose += n;
        }
        let (_, ss) = dyad_text::segment_gated(plain, &d.text, pieces, margin, |p, paras| {
            if !(paras.len() == 1 && paras[0] == (0..n)) {
                asked += paras.iter().map(|r| r.len()).sum::<usize>();
            }
            let mut cls = tags(d, &d.text, p).unwrap_or_default();
            if mask_untagged() {
                let mut keep = vec![false; cls.len()];
                for r in paras {
                    keep[r.clone()].iter_mut().for_each(|k| *k = true);
                }
                for (c, k) in cls.iter_mut().zip(keep) {
                    if !k {
                        *c = Upos::X;
                    }
                }
            }
            Ok::<_, ()>((tagged, cls))
        })
        .expect("tags");
        let pred: HashSet<_> = ss.iter().map(|s| (s.span.start(), s.span.end())).collect();
        count(&mut c, d, &pred);
    }
    (c, asked, prose)
}

/// `DYAD_SPLIT_CHOICE=a/b`: a text is read with the layout weights (and
/// its tags) when fewer than a in b of its paragraphs end closed, instead
/// of dyad-text's own choice (3/4); prose texts are split without tags,
/// as `TaggedTokenizeStage` does, unless the model reads tags in prose
/// too (`tag_templates::PROSE`).
fn choice() -> Option<(usize, usize)> {
    let v = std::env::var("DYAD_SPLIT_CHOICE").ok()?;
    let (a, b) = v.split_once('/')?;
    Some((a.parse().ok()?, b.parse().ok()?))
}

/// `text` around byte `at` (about 40 bytes each side, line breaks shown
/// as ⏎), the boundary marked ‖.
fn around(text: &str, at: usize) -> String {
    let floor = |mut i: usize| {
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let (a, b) = (
        floor(at.saturating_sub(40)),
        floor((at + 44).min(text.len())),
    );
    format!("{}‖{}", &text[a..at], &text[at..b]).replace('\n', "⏎")
}

fn f1([g, p, c]: [usize; 3]) -> String {
    format!(
        "P {:.2} R {:.2} F1 {:.2} (gold {g} pred {p} correct {c})",
        100.0 * c as f64 / p as f64,
        100.0 * c as f64 / g as f64,
        200.0 * c as f64 / (g + p) as f64
    )
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 6 {
        eprintln!("usage: sentence_tags TRAIN DEV TAGDIR DEVTAGGER BAG MASK…");
        std::process::exit(2);
    }
    let docs = read(&args[0]);
    let dev = read(&args[1]);
    let taggers: Vec<Tagger> = (0..FOLDS)
        .map(|f| load(&format!("{}/tagger_minus{f}.bin", args[2])))
        .collect();
    let dev_tagger = load(&args[3]);
    let bag: u64 = args[4].parse().unwrap_or(0);
    let masks: Vec<u32> = args[5..].iter().filter_map(|m| m.parse().ok()).collect();
    let seeds = dyad_text::order_seeds(dyad_text::RUNS, bag);
    let dump = std::env::var("DYAD_SENT_DUMP").is_ok();
    // Folds as cv_sentence cuts them.
    let fold_of = dyad_text::genre_folds(&docs, FOLDS);
    let fold_by_id: HashMap<&str, usize> = docs
        .iter()
        .zip(&fold_of)
        .map(|(d, &f)| (d.id.as_str(), f))
        .collect();
    let dev_ids: HashSet<&str> = dev.iter().map(|d| d.id.as_str()).collect();
    // Tags by text, computed once: train documents by their fold's
    // tagger, dev documents by the dev tagger.
    let memo: RefCell<HashMap<String, Vec<Upos>>> = RefCell::new(HashMap::new());
    let tagged = |d: &GoldDoc, text: &str, pieces: &[Piece]| -> Option<Vec<Upos>> {
        if let Some(t) = memo.borrow().get(text) {
            return Some(t.clone());
        }
        let tagger = match fold_by_id.get(d.id.as_str()) {
            Some(&f) if !dev_ids.contains(d.id.as_str()) => &taggers[f],
            _ => &dev_tagger,
        };
        let t = tag_pieces(tagger, text, pieces);
        memo.borrow_mut().insert(text.to_string(), t.clone());
        Some(t)
    };
    let none = |_: &GoldDoc, _: &str, _: &[Piece]| -> Option<Vec<Upos>> { None };
    let dev_refs: Vec<&GoldDoc> = dev.iter().collect();
    let mut first_ends: Option<Vec<HashSet<usize>>> = None;
    // `DYAD_BLEND=s,s…`: each later mask's fold and full models are also
    // scored blended with the first mask's (`SentenceModel::blend`, the
    // later model's share s).
    let shares: Vec<f32> = std::env::var("DYAD_BLEND")
        .map(|v| v.split(',').filter_map(|x| x.parse().ok()).collect())
        .unwrap_or_default();
    let mut first_models: Vec<Option<SentenceModel>> = Vec::new();
    // `DYAD_GATE=m,m…`: each later mask's fold and full models are also
    // scored behind the first mask's (which must read no tags) by
    // `dyad_text::segment_gated` with margin m.
    let gates: Vec<f32> = std::env::var("DYAD_GATE")
        .map(|v| v.split(',').filter_map(|x| x.parse().ok()).collect())
        .unwrap_or_default();
    for (mi, &mask) in masks.iter().enumerate() {
        let mut blend_cv = vec![[0usize; 3]; shares.len()];
        let mut gate_cv = vec![([0usize; 3], 0usize, 0usize); gates.len()];
        let tags: &ClassesOf<'_> = if mask == 0 { &none } else { &tagged };
        let mut cv = [0usize; 3];
        for f in 0..FOLDS {
            let held: Vec<&GoldDoc> = (0..docs.len())
                .filter(|&i| fold_of[i] == f)
                .map(|i| &docs[i])
                .collect();
            let rest: Vec<GoldDoc> = (0..docs.len())
                .filter(|&i| fold_of[i] != f)
                .map(|i| docs[i].clone())
                .collect();
            let Some(model) = dyad_text::train_sentence_model_classed(&rest, 2, &seeds, mask, tags)
            else {
                continue;
            };
            let c = score(&model, &held, tags, dump.then_some("cv"));
            println!("mask {mask} bag {bag} fold {f}: {}", f1(c));
            for j in 0..3 {
                cv[j] += c[j];
            }
            if mi > 0
                && let Some(Some(a)) = first_models.get(f)
            {
                for (sum, &m) in gate_cv.iter_mut().zip(&gates) {
                    let (c, asked, prose) = score_gated(a, &model, &held, &tagged, m);
                    for (s, c) in sum.0.iter_mut().zip(c) {
                        *s += c;
                    }
                    sum.1 += asked;
                    sum.2 += prose;
                }
            }
            if mi == 0 {
                first_models.push(Some(model));
            } else if let Some(Some(a)) = first_models.get(f) {
                for (k, &s) in shares.iter().enumerate() {
                    let c = score(&a.blend(&model, s), &held, &tagged, None);
                    for j in 0..3 {
                        blend_cv[k][j] += c[j];
                    }
                }
            }
        }
        println!("mask {mask} bag {bag} train-cv {}", f1(cv));
        for (k, &m) in gates.iter().enumerate() {
            let (c, asked, prose) = gate_cv[k];
            println!(
                "mask {mask} gate {m} bag {bag} train-cv {} (prose pieces tagged {asked} of {prose})",
                f1(c)
            );
        }
        if mi > 0 {
            for (k, &s) in shares.iter().enumerate() {
                println!(
                    "mask {mask} blend {s} bag {bag} train-cv {}",
                    f1(blend_cv[k])
                );
            }
        }
        let model = dyad_text::train_sentence_model_classed(&docs, 2, &seeds, mask, tags)
            .expect("training examples");
        if mi > 0
            && let Some(Some(a)) = first_models.get(FOLDS)
        {
            for &m in &gates {
                let (c, asked, prose) = score_gated(a, &model, &dev_refs, &tagged, m);
                println!(
                    "mask {mask} gate {m} bag {bag} dev {} (prose pieces tagged {asked} of {prose})",
                    f1(c)
                );
            }
        }
        if mi == 0 {
            first_models.push(Some(model.clone()));
        } else if let Some(Some(a)) = first_models.get(FOLDS) {
            for &s in &shares {
                let c = score(&a.blend(&model, s), &dev_refs, &tagged, None);
                println!("mask {mask} blend {s} bag {bag} dev {}", f1(c));
            }
        }
        let c = score(&model, &dev_refs, tags, dump.then_some("dev"));
        println!(
            "mask {mask} bag {bag} dev {} ({} weights, {} bytes)",
            f1(c),
            model.len(),
            model.to_bytes().len()
        );
        if let Ok(spec) = std::env::var("DYAD_BENCH") {
            let (dir, passes) = spec.split_once(':').unwrap_or((&spec, "20"));
            let passes = passes.parse().unwrap_or(20);
            let news = texts_of(dir);
            let layout: Vec<String> = dev
                .iter()
                .filter(|d| {
                    dyad_text::reads_as_layout(&d.text, &dyad_text::tokenize_pieces(&d.text))
                })
                .map(|d| d.text.clone())
                .collect();
            for (name, texts) in [("news", &news), ("ewt-dev-layout", &layout)] {
                bench(&model, &dev_tagger, texts, passes, mask, name);
            }
        }
        if let Ok(dirs) = std::env::var("DYAD_NEWS_DIRS") {
            let ends = news(
                &model,
                &dev_tagger,
                &dirs,
                mask,
                bag,
                first_ends.as_ref(),
                None,
            );
            if mi > 0
                && let Some(Some(a)) = first_models.get(FOLDS)
            {
                for &m in &gates {
                    let full = Some((a, m, &ends));
                    news(
                        &model,
                        &dev_tagger,
                        &dirs,
                        mask,
                        bag,
                        first_ends.as_ref(),
                        full,
                    );
                }
            }
            first_ends.get_or_insert(ends);
        }
    }
}

/// The `.txt` files of `dir`, in name order.
fn texts_of(dir: &str) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        eprintln!("error: cannot read {dir}");
        std::process::exit(1);
    };
    let mut files: Vec<std::path::PathBuf> = entries.flatten().map(|e| e.path()).collect();
    files.sort();
    files
        .iter()
        .filter(|f| f.extension().is_some_and(|e| e == "txt"))
        .filter_map(|f| std::fs::read_to_string(f).ok())
        .collect()
}

/// CPU time of this thread in seconds, from /proc (Linux); wall time elsewhere.
fn cpu_seconds(start: std::time::Instant) -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<f64>().ok())
        .map(|ns| ns / 1e9)
        .unwrap_or_else(|| start.elapsed().as_secs_f64())
}

/// Tokens per CPU-second of tokenizing + (tagging +) splitting `texts`.
fn bench(
    model: &SentenceModel,
    tagger: &Tagger,
    texts: &[String],
    passes: usize,
    mask: u32,
    name: &str,
) {
    let start = std::time::Instant::now();
    let (mut tokens, mut tag_time) = (0usize, 0.0);
    let t0 = cpu_seconds(start);
    for _ in 0..passes {
        for text in texts {
            let pieces = dyad_text::tokenize_pieces(text);
            let cls = (mask != 0).then(|| {
                let a = cpu_seconds(start);
                let c = tag_pieces(tagger, text, &pieces);
                tag_time += cpu_seconds(start) - a;
                c
            });
            let (w, _) = dyad_text::segment_pieces(model, text, pieces, None, cls.as_deref());
            tokens += w.len();
        }
    }
    let total = cpu_seconds(start) - t0;
    println!(
        "mask {mask} bench {name}: {} texts x {passes}: {:.0}k tokens per CPU-second ({:.2} s; tagging {:.2} s, without it {:.0}k/s)",
        texts.len(),
        tokens as f64 / total / 1e3,
        total,
        tag_time,
        tokens as f64 / (total - tag_time) / 1e3
    );
}

/// Split the news texts under `dirs`, print the proxy counts and how many
/// sentence ends differ from `first` (per text); return the ends.
fn news(
    model: &SentenceModel,
    tagger: &Tagger,
    dirs: &str,
    mask: u32,
    bag: u64,
    first: Option<&Vec<HashSet<usize>>>,
    gate: Option<(&SentenceModel, f32, &Vec<HashSet<usize>>)>,
) -> Vec<HashSet<usize>> {
    let mut from_full = 0;
    let mut all = Vec::new();
    let (mut asked, mut total) = (0usize, 0usize);
    let (mut sentences, mut unpunctuated, mut lower, mut differ) = (0, 0, 0, 0);
    let verbose = std::env::var("DYAD_NEWS_DUMP").is_ok();
    for dir in dirs.split(':') {
        let Ok(entries) = std::fs::read_dir(dir) else {
            eprintln!("error: cannot read {dir}");
            std::process::exit(1);
        };
        let mut files: Vec<std::path::PathBuf> = entries.flatten().map(|e| e.path()).collect();
        files.sort();
        for f in files
            .iter()
            .filter(|f| f.extension().is_some_and(|e| e == "txt"))
        {
            let Ok(text) = std::fs::read_to_string(f) else {
                continue;
            };
            let pieces = dyad_text::tokenize_pieces(&text);
            total += pieces.len();
            let (words, ss) = match gate {
                Some((plain, m, _)) => {
                    dyad_text::segment_gated(plain, &text, pieces, m, |p, paras| {
                        asked += paras.iter().map(|r| r.len()).sum::<usize>();
                        Ok::<_, ()>((model, tag_pieces(tagger, &text, p)))
                    })
                    .expect("tags")
                }
                None => {
                    let cls = (mask != 0).then(|| tag_pieces(tagger, &text, &pieces));
                    dyad_text::segment_pieces(model, &text, pieces, None, cls.as_deref())
                }
            };
            let ends: HashSet<usize> = ss.iter().map(|s| s.span.end()).collect();
            if let Some((_, _, full)) = gate
                && let Some(f) = full.get(all.len())
            {
                from_full += f.symmetric_difference(&ends).count();
            }
            if let Some(old) = first.and_then(|v| v.get(all.len())) {
                differ += old.symmetric_difference(&ends).count();
                if verbose {
                    for &e in old.symmetric_difference(&ends) {
                        let sign = if ends.contains(&e) { "+" } else { "-" };
                        eprintln!("NEWS {sign} {}", around(&text, e));
                    }
                }
            }
            all.push(ends);
            for (i, s) in ss.iter().enumerate() {
                sentences += 1;
                let next_in_para = ss.get(i + 1).is_some_and(|n| !n.new_paragraph);
                let last = words[s.token_end - 1].span.slice(&text);
                let c = last.chars().next_back().unwrap_or(' ');
                if next_in_para
                    && !(c.is_ascii_punctuation() || matches!(c, '”' | '’' | '…' | '—' | '–'))
                {
                    unpunctuated += 1;
                }
                let first = s.span.slice(&text).chars().next().unwrap_or(' ');
                if !s.new_paragraph && first.is_lowercase() {
                    lower += 1;
                }
            }
        }
    }
    let gate = gate.map_or(String::new(), |(_, m, _)| {
        format!(" gate {m} (pieces tagged {asked} of {total}; {from_full} ends differ from the mask ungated)")
    });
    println!(
        "mask {mask}{gate} bag {bag} news: {sentences} sentences, {unpunctuated} end unpunctuated inside a paragraph, {lower} start in lower case, {differ} ends differ from the first mask"
    );
    all
}
