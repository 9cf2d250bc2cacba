//! The standard pipeline's first stage: splitting with part-of-speech tags
//! (`dyad_pipeline::TaggedTokenizeStage`, model `models/sentence-tags.bin`).

use dyad_pipeline::{
    MAX_RUN, TagModelError, TagModels, segment_tagged, tag_paragraphs, tokenize_stage,
};
use dyad_tagger::Tagger;

fn tagger() -> Tagger {
    Tagger::from_static(dyad_pipeline::tagger_model(), "models/tagger.bin").expect("tagger")
}

/// Each paragraph is tagged on its own, and every piece gets one tag.
#[test]
fn paragraphs_are_tagged_alone() {
    let tagger = tagger();
    let cases = [
        (
            "thanks for the help\n\nwe will meet at noon",
            "thanks for the help",
            "we will meet at noon",
        ),
        ("Call me later\nI am out", "Call me later", "I am out"),
        (
            "great food\r\n\r\nslow service though",
            "great food",
            "slow service though",
        ),
    ];
    for (text, a, b) in cases {
        let pieces = dyad_text::tokenize_pieces(text);
        let tags = tag_paragraphs(&tagger, text, &pieces);
        assert_eq!(tags.len(), pieces.len(), "{text:?}");
        let alone = |t: &str| tag_paragraphs(&tagger, t, &dyad_text::tokenize_pieces(t));
        let mut joined = alone(a);
        joined.extend(alone(b));
        assert_eq!(tags, joined, "{text:?}");
    }
}

/// A paragraph longer than MAX_RUN pieces is tagged in runs: one tag per
/// piece, nothing lost.
#[test]
fn long_paragraphs_are_tagged_in_runs() {
    let tagger = tagger();
    let text = "we went home and the dog slept ".repeat(MAX_RUN / 3);
    let pieces = dyad_text::tokenize_pieces(&text);
    assert!(pieces.len() > 2 * MAX_RUN);
    assert_eq!(tag_paragraphs(&tagger, &text, &pieces).len(), pieces.len());
}

/// News (read as prose) is split exactly as dyad-text's built-in model
/// splits it, without loading the tag models; a text read as layout loads
/// them, and the shipped tag-reading model reads tags.
#[test]
fn prose_is_split_without_tags() {
    let stage = tokenize_stage();
    let builtin = dyad_text::SentenceModel::builtin();
    let news = "Talks began in Riyadh on Tuesday. \"We are ready,\" the minister said.\n\n\
                The U.S. delegation arrived late. Officials declined to comment.";
    let pieces = dyad_text::tokenize_pieces(news);
    assert!(!dyad_text::reads_as_layout(news, &pieces));
    let never = || -> Result<&TagModels, TagModelError> { panic!("tag models asked for news") };
    let split = segment_tagged(builtin, never, news).expect("split");
    assert_eq!(split, dyad_text::segment_with(builtin, news));
    assert_eq!(split.1.len(), 4);

    let mail = "hi all\n\nthe meeting moved to room 5 see you there\n\nthanks\nAnn";
    assert!(dyad_text::reads_as_layout(
        mail,
        &dyad_text::tokenize_pieces(mail)
    ));
    let models = stage.tag_models().expect("embedded tag models");
    assert_ne!(
        models.splitter.tag_templates, 0,
        "the shipped model reads tags"
    );
    let mut asked = false;
    let split = segment_tagged(
        builtin,
        || -> Result<&TagModels, TagModelError> {
            asked = true;
            Ok(models)
        },
        mail,
    )
    .expect("split");
    assert!(asked);
    assert_eq!(split.1.first().map(|s| s.token_start), Some(0));
    assert_eq!(split.1.last().map(|s| s.token_end), Some(split.0.len()));
}

/// On EWT dev (whole documents from raw text) the tag-reading stage splits
/// better than the splitter alone (91.34), at the level the card reports.
#[test]
fn ewt_dev_sentences() {
    let Some(dev) = dyad_testdata::path("ud-en-ewt/en_ewt-ud-dev.conllu") else {
        return;
    };
    let tagged = tokenize_stage();
    let with = dyad_eval::eval_stages(&dev, &[&tagged]).expect("eval");
    let without = dyad_eval::eval_stages(&dev, &[&dyad_text::TokenizeStage::new()]).expect("eval");
    let (w, wo) = (100.0 * with.sentences.f1(), 100.0 * without.sentences.f1());
    eprintln!("EWT dev sentence F1: with tags {w:.2}, without {wo:.2}");
    assert!(w > wo + 0.2, "with tags {w:.2}, without {wo:.2}");
    assert!(w >= 91.5, "with tags {w:.2}");
    assert!(with.tokens.f1() >= 0.996, "tokens {:.4}", with.tokens.f1());
}

/// A tag model that cannot be loaded is an error naming it for the texts
/// that need it, and no error for news, which does not.
#[test]
fn unloadable_tag_models_are_reported() {
    use dyad_doc::{Doc, Meta, Stage};
    let stage = dyad_pipeline::TaggedTokenizeStage::new(|| {
        Err(TagModelError {
            model: "broken-tags.bin",
            message: "not a dyad sentence model".to_string(),
        })
    });
    let mut news = Doc::new(
        "Talks began on Tuesday. Officials declined to comment.".to_string(),
        Meta::default(),
    );
    stage.process(&mut news).expect("news needs no tag models");
    assert_eq!(news.sentences.len(), 2);
    let mut mail = Doc::new(
        "hi all\n\nroom 5 at noon\n\nthanks\nAnn".to_string(),
        Meta::default(),
    );
    let err = stage
        .process(&mut mail)
        .expect_err("layout text needs the tag models");
    assert!(err.to_string().contains("broken-tags.bin"), "{err}");
}
