//! Shared by the examples: the pipeline's parse of PolNeAR articles.

use dyad_doc::{Doc, Layer, LayerSet, Meta, Pipeline, Token};
use dyad_quotes::GoldArticle;

/// The data directory: the first argument, else `$DYAD_DATA`, else
/// `../shared/data`.
#[allow(dead_code)]
pub fn data_dir(args: &[String]) -> String {
    args.get(1)
        .cloned()
        .or_else(|| std::env::var("DYAD_DATA").ok())
        .unwrap_or_else(|| "../shared/data".into())
}

/// Where an example writes a model: the file after `--out` in `args`,
/// else the repository's `models/quotes.bin`.
#[allow(dead_code)]
pub fn out_path(args: &[String]) -> std::path::PathBuf {
    args.iter()
        .position(|a| a == "--out")
        .and_then(|i| args.get(i + 1))
        .map_or_else(
            || std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../models/quotes.bin"),
            std::path::PathBuf::from,
        )
}

/// The fold (of `n`) of an article, by an FNV-1a hash of its name.
#[allow(dead_code)]
pub fn fold_of(name: &str, n: u64) -> u64 {
    let h = name.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    h % n.max(1)
}

/// The pipeline up to the parse: the standard one, or with the tagger and
/// parser models read from `$DYAD_TAGGER_MODEL` and `$DYAD_PARSER_MODEL`
/// when set (to train against models that are being replaced).
fn parse_pipeline() -> Result<Pipeline, Box<dyn std::error::Error>> {
    let Ok(path) = std::env::var("DYAD_TAGGER_MODEL") else {
        return Ok(dyad_pipeline::until(LayerSet::of(&[Layer::Heads]))?);
    };
    let tagger = dyad_tagger::TaggerStage::from_bytes(&std::fs::read(&path)?)?;
    let parser = match std::env::var("DYAD_PARSER_MODEL") {
        Ok(p) => dyad_parser::ParserStage::from_bytes(&std::fs::read(p)?)?,
        Err(_) => dyad_parser::ParserStage::from_bytes(dyad_pipeline::parser_model())?,
    };
    Ok(Pipeline::new()
        .with(dyad_text::TokenizeStage::new())?
        .with(tagger)?
        .with(parser)?)
}

/// The tokens (with tags and heads) of the pipeline's tokenizer, tagger and
/// parser for each article. With `$DYAD_QUOTES_CONLLU` set to a directory,
/// they are read from `DIR/NAME.conllu` instead (the output of
/// `dyad parse text/NAME.txt`), so a fixed parse can be reused while the
/// tagger or parser change.
pub fn parsed(articles: &[GoldArticle]) -> Result<Vec<Vec<Token>>, Box<dyn std::error::Error>> {
    if let Ok(dir) = std::env::var("DYAD_QUOTES_CONLLU") {
        return articles
            .iter()
            .map(|a| {
                let path = std::path::Path::new(&dir).join(format!("{}.conllu", a.name));
                read_conllu(&a.text, &std::fs::read_to_string(&path)?)
                    .map_err(|e| format!("{}: {e}", path.display()).into())
            })
            .collect();
    }
    let pipeline = parse_pipeline()?;
    let mut out = Vec::with_capacity(articles.len());
    for a in articles {
        let mut doc = Doc::new(a.text.as_str(), Meta::default());
        pipeline.run(&mut doc)?;
        out.push(doc.tokens);
    }
    Ok(out)
}

/// Tokens of `dyad parse` output for `text` (`TokenRange` character
/// offsets in MISC; heads are sentence-local).
fn read_conllu(text: &str, conllu: &str) -> Result<Vec<Token>, String> {
    let byte_at: Vec<usize> = text
        .char_indices()
        .map(|(b, _)| b)
        .chain([text.len()])
        .collect();
    let mut out: Vec<Token> = Vec::new();
    let mut base = 0;
    for (n, line) in conllu.lines().enumerate() {
        if line.starts_with('#') {
            continue;
        }
        if line.is_empty() {
            base = out.len();
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() != 10 || f[0].contains(['-', '.']) {
            continue;
        }
        let bad = || format!("line {}: {line}", n + 1);
        let range = f[9]
            .split('|')
            .find_map(|m| m.strip_prefix("TokenRange="))
            .ok_or_else(bad)?;
        let (a, b) = range.split_once(':').ok_or_else(bad)?;
        let (a, b): (usize, usize) = (a.parse().map_err(|_| bad())?, b.parse().map_err(|_| bad())?);
        let (a, b) = (
            *byte_at.get(a).ok_or_else(bad)?,
            *byte_at.get(b).ok_or_else(bad)?,
        );
        let head: usize = f[6].parse().map_err(|_| bad())?;
        let mut t =
            Token::new(dyad_doc::Span::new(text, a, b).map_err(|e| format!("{}: {e}", bad()))?);
        t.upos = dyad_doc::Upos::parse(f[3]);
        t.xpos = Some(f[4].to_string());
        t.lemma = Some(f[2].to_string());
        t.head = (head > 0).then(|| base + head - 1);
        t.deprel = Some(f[7].to_string());
        out.push(t);
    }
    Ok(out)
}
