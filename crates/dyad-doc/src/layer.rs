//! Names for annotation layers, and sets of them.

use std::fmt;

/// One annotation layer of a [`crate::Doc`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u16)]
pub enum Layer {
    /// `Doc::sentences`.
    Sentences = 1 << 0,
    /// `Doc::tokens` (spans only).
    Tokens = 1 << 1,
    /// `Token::upos` and `Token::xpos`.
    Tags = 1 << 2,
    /// `Token::lemma`.
    Lemmas = 1 << 3,
    /// `Token::head` and `Token::deprel`.
    Heads = 1 << 4,
    /// `Doc::entities`.
    Entities = 1 << 5,
    /// `Doc::actors`.
    Actors = 1 << 6,
    /// `Doc::timexes`.
    Timexes = 1 << 7,
    /// `Doc::places`.
    Places = 1 << 8,
    /// `Doc::quotes`.
    Quotes = 1 << 9,
    /// `Doc::events`.
    Events = 1 << 10,
}

impl Layer {
    /// Every layer, in pipeline order.
    pub const ALL: [Layer; 11] = [
        Layer::Sentences,
        Layer::Tokens,
        Layer::Tags,
        Layer::Lemmas,
        Layer::Heads,
        Layer::Entities,
        Layer::Actors,
        Layer::Timexes,
        Layer::Places,
        Layer::Quotes,
        Layer::Events,
    ];

    /// Lower-case name, as used by `--layers`.
    pub fn name(self) -> &'static str {
        match self {
            Layer::Sentences => "sentences",
            Layer::Tokens => "tokens",
            Layer::Tags => "tags",
            Layer::Lemmas => "lemmas",
            Layer::Heads => "heads",
            Layer::Entities => "entities",
            Layer::Actors => "actors",
            Layer::Timexes => "timexes",
            Layer::Places => "places",
            Layer::Quotes => "quotes",
            Layer::Events => "events",
        }
    }

    /// Parse a name given by [`Layer::name`].
    pub fn parse(name: &str) -> Option<Layer> {
        Layer::ALL.iter().copied().find(|l| l.name() == name)
    }
}

/// A set of [`Layer`]s.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct LayerSet(u16);

impl LayerSet {
    /// No layers.
    pub const EMPTY: LayerSet = LayerSet(0);

    /// A set of the given layers.
    pub const fn of(layers: &[Layer]) -> LayerSet {
        let mut bits = 0u16;
        let mut i = 0;
        while i < layers.len() {
            bits |= layers[i] as u16;
            i += 1;
        }
        LayerSet(bits)
    }

    /// Whether `layer` is in the set.
    pub fn contains(self, layer: Layer) -> bool {
        self.0 & layer as u16 != 0
    }

    /// Whether every layer of `other` is in the set.
    pub fn is_superset(self, other: LayerSet) -> bool {
        self.0 & other.0 == other.0
    }

    /// The union.
    pub fn union(self, other: LayerSet) -> LayerSet {
        LayerSet(self.0 | other.0)
    }

    /// Layers of `self` that are not in `other`.
    pub fn difference(self, other: LayerSet) -> LayerSet {
        LayerSet(self.0 & !other.0)
    }

    /// Whether the set is empty.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The layers, in pipeline order.
    pub fn iter(self) -> impl Iterator<Item = Layer> {
        Layer::ALL.into_iter().filter(move |l| self.contains(*l))
    }
}

impl fmt::Debug for LayerSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.iter().map(Layer::name)).finish()
    }
}

impl fmt::Display for LayerSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.iter().map(Layer::name).collect();
        f.write_str(&names.join(","))
    }
}
