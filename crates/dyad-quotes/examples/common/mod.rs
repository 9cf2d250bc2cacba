//! Shared by the examples: the pipeline's parse of PolNeAR articles.

use dyad_doc::{Doc, Layer, LayerSet, Meta, Pipeline, Token};
use dyad_quotes::GoldArticle;

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
        Err(_) => dyad_parser::ParserStage::from_bytes(dyad_pipeline::PARSER_MODEL)?,
    };
    Ok(Pipeline::new()
        .with(dyad_text::TokenizeStage::new())?
        .with(tagger)?
        .with(parser)?)
}

/// The tokens (with tags and heads) of the pipeline's tokenizer, tagger and
/// parser for each article.
pub fn parsed(articles: &[GoldArticle]) -> Result<Vec<Vec<Token>>, Box<dyn std::error::Error>> {
    let pipeline = parse_pipeline()?;
    let mut out = Vec::with_capacity(articles.len());
    for a in articles {
        let mut doc = Doc::new(a.text.as_str(), Meta::default());
        pipeline.run(&mut doc)?;
        out.push(doc.tokens);
    }
    Ok(out)
}
