//! The `places` stage.

use dyad_doc::{Doc, Layer, LayerSet, Stage, StageError};

use crate::Error;
use crate::gazetteer::Gazetteer;
use crate::geocode::{Geocoder, Layers};

/// Fills [`Doc::places`] from the text, using entities and tags when the
/// document has them.
#[derive(Debug, Clone, Copy)]
pub struct PlaceStage {
    gaz: &'static Gazetteer,
}

impl PlaceStage {
    /// The stage over the embedded gazetteer (loaded once per process).
    pub fn new() -> Result<PlaceStage, Error> {
        let gaz = Gazetteer::embedded().map_err(Error::Embedded)?;
        Ok(PlaceStage { gaz })
    }

    /// The stage over a gazetteer of the caller's (leak or keep it for the
    /// life of the process).
    pub fn with_gazetteer(gaz: &'static Gazetteer) -> PlaceStage {
        PlaceStage { gaz }
    }
}

impl Stage for PlaceStage {
    fn name(&self) -> &'static str {
        "places"
    }

    fn needs(&self) -> LayerSet {
        LayerSet::EMPTY
    }

    fn adds(&self) -> LayerSet {
        LayerSet::of(&[Layer::Places])
    }

    fn process(&self, doc: &mut Doc) -> Result<(), StageError> {
        let layers = Layers {
            entities: if doc.has(Layer::Entities) {
                &doc.entities
            } else {
                &[]
            },
            tokens: if doc.has(Layer::Tags) {
                &doc.tokens
            } else {
                &[]
            },
        };
        let places = Geocoder::new(self.gaz).geocode(doc.text(), layers);
        doc.places = places;
        Ok(())
    }
}
