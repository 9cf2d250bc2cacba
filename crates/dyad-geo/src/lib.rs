//! dyad-geo: the gazetteer and the toponym recogniser/resolver.
//!
//! The gazetteer is GeoNames data (CC BY 4.0, <https://www.geonames.org/>)
//! converted by `scripts/gazetteer/build.py` into `data/gazetteer/geonames.tsv`,
//! plus hand-written `countries.tsv` and `regions.tsv`; the build script
//! compiles the three into one binary blob (entries + FST), embedded in the
//! binary. [`PlaceStage`] fills [`dyad_doc::Doc::places`].
//!
//! Recognition walks the FST from every capitalised word of the folded text
//! (leftmost-longest, word-boundary checked), then filters common words,
//! people's names and codes unless there is evidence (an NER GPE/LOC label, a
//! PROPN tag, a "Place, Region" pair). Resolution scores each candidate by
//! population and feature, local cues ("X region", "X's president",
//! "Paris, Texas", a dateline) and the document's other places, one sense per
//! name. A place in a state that did not exist yet on the date in force
//! ([`DatesInForce`]: the sentence's date, else the document's) gets the
//! predecessor's country (`kb/successions.tsv`, via [`dyad_kb::Successions`]).
//! Everything is linear in the text.
//!
//! ```
//! let gaz = dyad_geo::Gazetteer::embedded().expect("embedded gazetteer");
//! let text = "Shelling hit Kharkov; Russia's Kursk region was quiet.";
//! let places = dyad_geo::Geocoder::new(gaz).geocode(text, dyad_geo::Layers::default());
//! let names: Vec<&str> = places.iter().map(|p| p.name.as_str()).collect();
//! assert_eq!(names, ["Kharkiv", "Russia", "Kursk Oblast"]);
//! ```

#![warn(missing_docs)]

mod dates;
mod eval;
mod fold;
mod gazetteer;
mod geocode;
mod stage;
mod words;

pub use dates::DatesInForce;
pub use eval::{GeoReport, eval_geowebnews, eval_geowebnews_with};
pub use fold::{Folded, fold};
pub use gazetteer::{Admin1, Entry, Feature, Gazetteer, GazetteerError, NameKind, Posting};
pub use geocode::{Geocoder, Layers, Tuning};
pub use stage::PlaceStage;

/// The compiled gazetteer (entries, FST name index, postings), compiled from
/// `data/gazetteer/{geonames,countries,regions}.tsv` by this crate's build
/// script and embedded so dyad stays one binary. (A function never inlined,
/// not a `static`: rustc would copy a static's bytes into this crate's
/// metadata too.)
#[inline(never)]
pub fn index_bin() -> &'static [u8] {
    include_bytes!(concat!(env!("OUT_DIR"), "/gazetteer.bin"))
}

impl Gazetteer {
    /// The gazetteer embedded in the binary, loaded once per process.
    pub fn embedded() -> Result<&'static Gazetteer, &'static GazetteerError> {
        static G: std::sync::OnceLock<Result<Gazetteer, GazetteerError>> =
            std::sync::OnceLock::new();
        G.get_or_init(|| Gazetteer::from_compiled(index_bin()))
            .as_ref()
    }
}

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
