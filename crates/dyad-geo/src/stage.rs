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
        let mut places = Geocoder::new(self.gaz).geocode(doc.text(), layers);
        if doc.has(Layer::Timexes) {
            drop_inside_timexes(&mut places, &doc.timexes);
        }
        doc.places = places;
        Ok(())
    }
}

/// A word inside a temporal expression ("March 6", "on Thursday") is not a
/// toponym (March, Cambridgeshire; Thursday Island). Both lists are in text
/// order, so one merge pass suffices.
fn drop_inside_timexes(places: &mut Vec<dyad_doc::Place>, timexes: &[dyad_doc::Timex]) {
    let mut spans: Vec<dyad_doc::Span> = timexes.iter().map(|t| t.span).collect();
    spans.sort_unstable();
    let mut i = 0;
    places.retain(|p| {
        while i < spans.len() && spans[i].end() <= p.span.start() {
            i += 1;
        }
        !spans[i..]
            .iter()
            .take_while(|t| t.start() < p.span.end())
            .any(|t| t.overlaps(p.span))
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use dyad_doc::{Meta, Pipeline};

    #[test]
    fn words_of_dates_are_not_places() {
        let text = "ISTANBUL, March 6 - Talks opened in Istanbul on Thursday and resume in March.";
        let mut doc = Doc::new(
            text,
            Meta {
                date: dyad_doc::NaiveDate::from_ymd_opt(2025, 3, 6),
                ..Meta::default()
            },
        );
        let p = Pipeline::new()
            .with(dyad_time::TimexStage::new())
            .unwrap()
            .with(PlaceStage::new().unwrap())
            .unwrap();
        p.run(&mut doc).unwrap();
        let names: Vec<&str> = doc.places.iter().map(|p| doc.slice(p.span)).collect();
        assert!(names.contains(&"Istanbul"), "{names:?}");
        assert!(!names.contains(&"Thursday"), "{names:?}");
        assert!(!names.contains(&"March"), "{names:?}");
    }
}
