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
        country_on(&mut places, &crate::DatesInForce::new(doc))?;
        doc.places = places;
        Ok(())
    }
}

/// A place in a state that did not exist yet on the date in force there
/// (Juba in 2005) gets the predecessor's code (`kb/successions.tsv`); a
/// country itself keeps its own (East Timor was a territory before it was
/// a state).
fn country_on(
    places: &mut [dyad_doc::Place],
    dates: &crate::DatesInForce,
) -> Result<(), StageError> {
    let table =
        dyad_kb::Successions::builtin().map_err(|e| StageError::new("places", e.to_string()))?;
    for p in places.iter_mut().filter(|p| p.feature != "country") {
        let (Some(date), Some(c)) = (dates.at(p.span.start()), &p.country) else {
            continue;
        };
        let now = table.country_on(c, date);
        if now != c {
            p.country = Some(now.to_string());
        }
    }
    Ok(())
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

    #[test]
    fn places_take_the_country_of_the_date() {
        // (text, date, place, country)
        let cases: &[(&str, &str, &str, &str)] = &[
            ("Rebels shelled Juba.", "2005-03-01", "Juba", "SD"),
            ("Rebels shelled Juba.", "2015-03-01", "Juba", "SS"),
            ("Troops entered Pristina.", "1999-06-12", "Pristina", "RS"),
            ("Troops entered Pristina.", "2012-06-12", "Pristina", "XK"),
            ("Talks opened in Asmara.", "1990-01-01", "Asmara", "ET"),
            ("Talks opened in Asmara.", "1999-01-01", "Asmara", "ER"),
            // The date the sentence names is in force there.
            (
                "In 1999, troops entered Pristina.",
                "2012-06-12",
                "Pristina",
                "RS",
            ),
            (
                "In 2012, troops entered Pristina.",
                "1999-06-12",
                "Pristina",
                "XK",
            ),
            (
                "In 1999 or 2012, troops entered Pristina.",
                "2012-06-12",
                "Pristina",
                "XK",
            ),
        ];
        let p = Pipeline::new()
            .with(dyad_time::TimexStage::new())
            .unwrap()
            .with(PlaceStage::new().unwrap())
            .unwrap();
        for (text, date, place, want) in cases {
            let meta = Meta {
                date: dyad_doc::NaiveDate::parse_from_str(date, "%Y-%m-%d").ok(),
                ..Meta::default()
            };
            let mut doc = Doc::new(*text, meta);
            p.run(&mut doc).unwrap();
            let got = doc
                .places
                .iter()
                .find(|p| doc.slice(p.span) == *place)
                .and_then(|p| p.country.as_deref());
            assert_eq!(got, Some(*want), "{text} on {date}");
        }
    }
}
