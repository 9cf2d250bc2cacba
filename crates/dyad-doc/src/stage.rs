//! The `Stage` trait and the `Pipeline` that runs stages in order.

use crate::doc::Doc;
use crate::layer::{Layer, LayerSet};

/// An error raised by a stage while processing a document.
#[derive(Debug, thiserror::Error)]
#[error("stage {stage}: {message}")]
pub struct StageError {
    /// The stage's name.
    pub stage: &'static str,
    /// What went wrong.
    pub message: String,
}

impl StageError {
    /// Make an error for `stage`.
    pub fn new(stage: &'static str, message: impl Into<String>) -> StageError {
        StageError {
            stage,
            message: message.into(),
        }
    }
}

/// An error in how a pipeline is put together or run.
#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    /// A stage needs layers that no earlier stage adds.
    #[error("stage {stage} needs layers {missing} that no earlier stage adds")]
    MissingLayers {
        /// The stage.
        stage: &'static str,
        /// What is missing.
        missing: LayerSet,
    },
    /// A stage changed a layer it did not declare.
    #[error("stage {stage} changed layer {layer} without declaring it")]
    Undeclared {
        /// The stage.
        stage: &'static str,
        /// The layer it touched.
        layer: &'static str,
    },
    /// A stage failed.
    #[error(transparent)]
    Stage(#[from] StageError),
}

/// One step of processing: reads some layers of a [`Doc`], adds others.
///
/// Stages are shared across threads (`Send + Sync`) and hold their models
/// immutably; per-document state lives on the stack of [`Stage::process`].
pub trait Stage: Send + Sync {
    /// A short, stable name ("tokenize", "tagger"…).
    fn name(&self) -> &'static str;
    /// Layers that must be present before this stage runs.
    fn needs(&self) -> LayerSet;
    /// Layers this stage fills.
    fn adds(&self) -> LayerSet;
    /// Process one document.
    fn process(&self, doc: &mut Doc) -> Result<(), StageError>;
}

/// Stages run in order, with their declarations checked.
#[derive(Default)]
pub struct Pipeline {
    stages: Vec<Box<dyn Stage>>,
}

impl std::fmt::Debug for Pipeline {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list()
            .entries(self.stages.iter().map(|s| s.name()))
            .finish()
    }
}

impl Pipeline {
    /// An empty pipeline.
    pub fn new() -> Pipeline {
        Pipeline::default()
    }

    /// Append a stage, checking that every layer it needs is added by an
    /// earlier stage.
    pub fn push(&mut self, stage: Box<dyn Stage>) -> Result<(), PipelineError> {
        let missing = stage.needs().difference(self.provides());
        if !missing.is_empty() {
            return Err(PipelineError::MissingLayers {
                stage: stage.name(),
                missing,
            });
        }
        self.stages.push(stage);
        Ok(())
    }

    /// Builder form of [`Pipeline::push`].
    pub fn with(mut self, stage: impl Stage + 'static) -> Result<Pipeline, PipelineError> {
        self.push(Box::new(stage))?;
        Ok(self)
    }

    /// Layers the whole pipeline adds.
    pub fn provides(&self) -> LayerSet {
        self.stages
            .iter()
            .fold(LayerSet::EMPTY, |acc, s| acc.union(s.adds()))
    }

    /// Names of the stages, in order.
    pub fn stage_names(&self) -> Vec<&'static str> {
        self.stages.iter().map(|s| s.name()).collect()
    }

    /// The stages, in order.
    pub fn stages(&self) -> &[Box<dyn Stage>] {
        &self.stages
    }

    /// Run every stage over `doc`.
    ///
    /// After each stage the pipeline checks that the document-level layers it
    /// did not declare were left as they were (by length), and marks its
    /// declared layers as present.
    pub fn run(&self, doc: &mut Doc) -> Result<(), PipelineError> {
        for stage in &self.stages {
            let before = Counts::of(doc);
            stage.process(doc)?;
            let after = Counts::of(doc);
            before.check(&after, stage.name(), stage.adds())?;
            doc.mark(stage.adds());
        }
        Ok(())
    }
}

/// Lengths of the document-level layers, to catch undeclared writes.
#[derive(Debug, PartialEq, Eq)]
struct Counts([usize; 8]);

impl Counts {
    const LAYERS: [Layer; 8] = [
        Layer::Sentences,
        Layer::Tokens,
        Layer::Entities,
        Layer::Actors,
        Layer::Timexes,
        Layer::Places,
        Layer::Quotes,
        Layer::Events,
    ];

    fn of(doc: &Doc) -> Counts {
        Counts([
            doc.sentences.len(),
            doc.tokens.len(),
            doc.entities.len(),
            doc.actors.len(),
            doc.timexes.len(),
            doc.places.len(),
            doc.quotes.len(),
            doc.events.len(),
        ])
    }

    fn check(
        &self,
        after: &Counts,
        stage: &'static str,
        declared: LayerSet,
    ) -> Result<(), PipelineError> {
        for (i, layer) in Counts::LAYERS.iter().enumerate() {
            if self.0[i] != after.0[i] && !declared.contains(*layer) {
                return Err(PipelineError::Undeclared {
                    stage,
                    layer: layer.name(),
                });
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Meta, Span, Token};

    struct Whitespace;
    impl Stage for Whitespace {
        fn name(&self) -> &'static str {
            "ws"
        }
        fn needs(&self) -> LayerSet {
            LayerSet::EMPTY
        }
        fn adds(&self) -> LayerSet {
            LayerSet::of(&[Layer::Tokens])
        }
        fn process(&self, doc: &mut Doc) -> Result<(), StageError> {
            let mut spans = Vec::new();
            let mut start = None;
            for (i, c) in doc.text().char_indices() {
                match (c.is_whitespace(), start) {
                    (false, None) => start = Some(i),
                    (true, Some(s)) => {
                        spans.push(Span::from_trusted(s, i));
                        start = None;
                    }
                    _ => {}
                }
            }
            if let Some(s) = start {
                spans.push(Span::from_trusted(s, doc.text().len()));
            }
            doc.tokens = spans.into_iter().map(Token::new).collect();
            Ok(())
        }
    }

    struct NeedsHeads;
    impl Stage for NeedsHeads {
        fn name(&self) -> &'static str {
            "needs-heads"
        }
        fn needs(&self) -> LayerSet {
            LayerSet::of(&[Layer::Tokens, Layer::Heads])
        }
        fn adds(&self) -> LayerSet {
            LayerSet::of(&[Layer::Events])
        }
        fn process(&self, _doc: &mut Doc) -> Result<(), StageError> {
            Ok(())
        }
    }

    struct Sneaky;
    impl Stage for Sneaky {
        fn name(&self) -> &'static str {
            "sneaky"
        }
        fn needs(&self) -> LayerSet {
            LayerSet::EMPTY
        }
        fn adds(&self) -> LayerSet {
            LayerSet::of(&[Layer::Quotes])
        }
        fn process(&self, doc: &mut Doc) -> Result<(), StageError> {
            doc.tokens.clear();
            Ok(())
        }
    }

    #[test]
    fn runs_and_marks_layers() {
        let p = Pipeline::new().with(Whitespace).unwrap();
        let mut doc = Doc::new("two words", Meta::default());
        p.run(&mut doc).unwrap();
        assert_eq!(doc.tokens.len(), 2);
        assert!(doc.has(Layer::Tokens));
        assert!(!doc.has(Layer::Heads));
    }

    #[test]
    fn rejects_unmet_needs() {
        let err = Pipeline::new()
            .with(Whitespace)
            .unwrap()
            .with(NeedsHeads)
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "stage needs-heads needs layers heads that no earlier stage adds"
        );
    }

    #[test]
    fn catches_undeclared_writes() {
        let p = Pipeline::new()
            .with(Whitespace)
            .unwrap()
            .with(Sneaky)
            .unwrap();
        let mut doc = Doc::new("a b", Meta::default());
        let err = p.run(&mut doc).unwrap_err();
        assert!(matches!(
            err,
            PipelineError::Undeclared {
                stage: "sneaky",
                layer: "tokens"
            }
        ));
    }
}
