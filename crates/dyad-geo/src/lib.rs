//! dyad-geo: the gazetteer and the toponym recogniser/resolver.
//!
//! The gazetteer is GeoNames data (CC BY 4.0, <https://www.geonames.org/>)
//! converted by `scripts/gazetteer/build.py` into `data/gazetteer/geonames.tsv`,
//! plus hand-written `countries.tsv` and `regions.tsv`; all three are embedded
//! in the binary. [`PlaceStage`] fills [`dyad_doc::Doc::places`].

#![warn(missing_docs)]

mod eval;
mod fold;
mod gazetteer;
mod geocode;
mod stage;
mod words;

pub use eval::{GeoReport, eval_geowebnews, eval_geowebnews_with};
pub use fold::{Folded, fold};
pub use gazetteer::{
    Admin1, COUNTRIES_TSV, Entry, Feature, GEONAMES_TSV, Gazetteer, GazetteerError, INDEX_BIN,
    NameKind, Posting, REGIONS_TSV,
};
pub use geocode::{Geocoder, Layers};
pub use stage::PlaceStage;

/// Errors of this crate.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The gazetteer could not be loaded.
    #[error(transparent)]
    Gazetteer(#[from] GazetteerError),
    /// The embedded gazetteer could not be loaded.
    #[error("embedded gazetteer: {0}")]
    Embedded(&'static GazetteerError),
    /// An evaluation file could not be read.
    #[error("{file}: {source}")]
    Io {
        /// The file.
        file: String,
        /// The I/O error.
        source: std::io::Error,
    },
    /// An evaluation file is malformed.
    #[error("{file}:{line}: {message}")]
    Data {
        /// The file.
        file: String,
        /// 1-based line (0 when unknown).
        line: usize,
        /// What is wrong.
        message: String,
    },
}
