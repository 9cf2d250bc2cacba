//! Shared by the examples: the pipeline's parse of PolNeAR articles.

use dyad_doc::{Doc, Layer, LayerSet, Meta, Token};
use dyad_quotes::GoldArticle;

/// The tokens (with tags and heads) of the standard pipeline's tokenizer,
/// tagger and parser for each article.
pub fn parsed(articles: &[GoldArticle]) -> Result<Vec<Vec<Token>>, Box<dyn std::error::Error>> {
    let pipeline = dyad_pipeline::until(LayerSet::of(&[Layer::Heads]))?;
    let mut out = Vec::with_capacity(articles.len());
    for a in articles {
        let mut doc = Doc::new(a.text.as_str(), Meta::default());
        pipeline.run(&mut doc)?;
        out.push(doc.tokens);
    }
    Ok(out)
}
