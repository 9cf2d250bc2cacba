//! The recogniser: features, BILOU labels, greedy constrained decoding and
//! the model file.

use std::path::Path;

use dyad_doc::{Doc, Entity, EntityLabel, Layer, Span, Upos};
use dyad_learn::{
    Container, ContainerWriter, KeyMap, ModelError, Perceptron, combine, feature, feature_ids,
    hash_bytes, read_file,
};

/// Model kind written in the container header.
pub const MODEL_KIND: &str = "ner";
/// Version of the feature set and file layout; bump when features change.
pub const MODEL_VERSION: u32 = 4;
/// Origin used in errors for models loaded from bytes.
pub const ORIGIN_EMBEDDED: &str = "<embedded ner model>";

/// Longest gazetteer phrase, in tokens.
pub(crate) const GAZ_MAX: usize = 6;
/// Seed of gazetteer phrase hashes.
const GAZ_SEED: u64 = 0x6761_7a65_7474_6565;
/// Bit set on a gazetteer key that is a proper prefix of a longer phrase.
pub(crate) const GAZ_PREFIX: u32 = 1 << 8;

/// Gazetteer classes (bit positions in a gazetteer value).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum GazClass {
    /// A person's full name or surname.
    Person = 0,
    /// An organisation.
    Org = 1,
    /// A country, first-level division or city.
    Gpe = 2,
    /// A continent, region or sea.
    Loc = 3,
    /// A nationality adjective or demonym.
    Norp = 4,
    /// A building used as a metonym (the Kremlin).
    Fac = 5,
    /// A title or office word (President).
    Title = 6,
    /// A given name.
    First = 7,
}

/// Hash of one lower-cased word, as used by gazetteer phrase keys.
pub(crate) fn word_key(lower: &str) -> u64 {
    hash_bytes(7, lower.as_bytes())
}

/// Extend a gazetteer phrase key by one word key.
pub(crate) fn gaz_extend(h: Option<u64>, word: u64) -> u64 {
    combine(h.unwrap_or(GAZ_SEED), word)
}

/// A BILOU tag: `O`, or a position in an entity of some label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tag {
    O,
    B(EntityLabel),
    I(EntityLabel),
    L(EntityLabel),
    U(EntityLabel),
}

impl Tag {
    /// All classes in a fixed order: O, then B/I/L/U for each label.
    #[cfg(feature = "train")]
    pub(crate) fn all() -> Vec<Tag> {
        let mut v = vec![Tag::O];
        for l in EntityLabel::ALL {
            v.extend([Tag::B(l), Tag::I(l), Tag::L(l), Tag::U(l)]);
        }
        v
    }

    #[cfg(feature = "train")]
    pub(crate) fn name(self) -> String {
        match self {
            Tag::O => "O".to_string(),
            Tag::B(l) => format!("B-{}", l.as_str()),
            Tag::I(l) => format!("I-{}", l.as_str()),
            Tag::L(l) => format!("L-{}", l.as_str()),
            Tag::U(l) => format!("U-{}", l.as_str()),
        }
    }

    pub(crate) fn parse(s: &str) -> Option<Tag> {
        if s == "O" {
            return Some(Tag::O);
        }
        let (p, l) = s.split_once('-')?;
        let l = EntityLabel::parse(l)?;
        Some(match p {
            "B" => Tag::B(l),
            "I" => Tag::I(l),
            "L" => Tag::L(l),
            "U" => Tag::U(l),
            _ => return None,
        })
    }

    /// Whether an entity is open after this tag.
    fn open(self) -> Option<EntityLabel> {
        match self {
            Tag::B(l) | Tag::I(l) => Some(l),
            _ => None,
        }
    }

    /// Whether `self` may follow `prev`; `last` says this is the sentence's
    /// final token.
    pub(crate) fn valid_after(self, prev: Tag, last: bool) -> bool {
        let ok = match (prev.open(), self) {
            (Some(p), Tag::I(l) | Tag::L(l)) => p == l,
            (Some(_), _) => false,
            (None, Tag::I(_) | Tag::L(_)) => false,
            (None, _) => true,
        };
        ok && !(last && self.open().is_some())
    }
}

/// Per-word hashed attributes, computed once per sentence.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct WordFeats {
    lower: u64,
    form: u64,
    shape: u64,
    short: u64,
    pre3: u64,
    suf2: u64,
    suf3: u64,
    suf4: u64,
    /// Gazetteer bits: class * 4 + position (B, I, L, U).
    gaz: u32,
    /// 1 = starts upper case, 2 = all upper, 4 = has digit, 8 = has letter.
    caps: u8,
    /// Hashed UPOS tag; 0 when the sentence has no tags.
    pos: u64,
    /// How the word is usually written in the training text (see
    /// [`lex_class`]); 0 when unseen.
    lex: u8,
}

/// Bucket of how often a word is written in lower case (outside sentence
/// starts) in the training text: 1 = almost never (a name), 2 = sometimes,
/// 3 = mostly, 4 = almost always (a common word). 0 = seen too rarely.
#[cfg(feature = "train")]
pub(crate) fn lex_class(lower_count: usize, total: usize) -> u32 {
    if total < 3 {
        return 0;
    }
    let r = lower_count as f64 / total as f64;
    if r < 0.1 {
        1
    } else if r < 0.5 {
        2
    } else if r < 0.9 {
        3
    } else {
        4
    }
}

pub(crate) const PAD: usize = 2;

/// Reusable buffers for feature extraction and decoding.
#[derive(Debug, Default)]
pub struct Scratch {
    pub(crate) words: Vec<WordFeats>,
    lower: String,
    shape: String,
    pub(crate) feats: Vec<u64>,
    pub(crate) scores: Vec<f32>,
    pub(crate) tags: Vec<u16>,
}

fn shapes(w: &str, lower: &str, out: &mut String) -> (u64, u64, u8) {
    out.clear();
    let mut caps = 0u8;
    let (mut up, mut letters) = (0usize, 0usize);
    let mut last = '\0';
    let mut run = 0;
    for (i, c) in w.chars().enumerate() {
        let k = if c.is_uppercase() {
            up += 1;
            letters += 1;
            if i == 0 {
                caps |= 1;
            }
            'X'
        } else if c.is_lowercase() {
            letters += 1;
            'x'
        } else if c.is_ascii_digit() {
            caps |= 4;
            'd'
        } else if c.is_alphabetic() {
            letters += 1;
            'a'
        } else {
            c
        };
        if k == last {
            run += 1;
            if run > 2 {
                continue;
            }
        } else {
            run = 0;
            last = k;
        }
        if out.len() < 16 {
            out.push(k);
        }
    }
    if letters > 0 {
        caps |= 8;
        if up == letters && letters > 1 {
            caps |= 2;
        }
    }
    let shape = feature(12, out);
    // Short shape: runs collapsed to one character.
    let mut short = 0u64;
    let mut prev = '\0';
    for c in out.chars() {
        if c != prev {
            short = combine(short, c as u64);
            prev = c;
        }
    }
    let _ = lower;
    (shape, combine(short, 13), caps)
}

fn affix(word: &str, n: usize, suffix: bool, template: u32) -> u64 {
    let count = word.chars().count();
    if count <= n {
        return feature(template, word);
    }
    let s = if suffix {
        let start = word.char_indices().nth(count - n).map(|x| x.0).unwrap_or(0);
        &word[start..]
    } else {
        let end = word
            .char_indices()
            .nth(n)
            .map(|x| x.0)
            .unwrap_or(word.len());
        &word[..end]
    };
    feature(template, s)
}

/// Tokens longer than this are hashed by their first bytes only.
const MAX_WORD: usize = 64;

fn clip(w: &str) -> &str {
    if w.len() <= MAX_WORD {
        return w;
    }
    let mut end = MAX_WORD;
    while !w.is_char_boundary(end) {
        end -= 1;
    }
    &w[..end]
}

/// Fill `s.words` for a sentence (with padding) from its word strings.
pub(crate) fn word_feats(
    words: &[&str],
    upos: Option<&[Option<Upos>]>,
    gaz: &KeyMap,
    lex: &KeyMap,
    s: &mut Scratch,
) {
    s.words.clear();
    let pad = WordFeats {
        lower: 1,
        form: 1,
        shape: 1,
        short: 1,
        ..WordFeats::default()
    };
    s.words.extend([pad; PAD]);
    let mut keys: Vec<u64> = Vec::with_capacity(words.len());
    for (i, w) in words.iter().enumerate() {
        let pos = upos
            .and_then(|u| u.get(i).copied().flatten())
            .map_or(0, |u| combine(0x0070_6f73, u as u64 + 1));
        let w = clip(w);
        s.lower.clear();
        for c in w.chars() {
            s.lower.extend(c.to_lowercase());
        }
        let lower = s.lower.as_str();
        let (shape, short, caps) = shapes(w, lower, &mut s.shape);
        let key = word_key(lower);
        keys.push(key);
        s.words.push(WordFeats {
            lex: lex.get(key).unwrap_or(0) as u8,
            pos,
            lower: feature(2, lower),
            form: feature(3, w),
            shape,
            short,
            pre3: affix(w, 3, false, 9),
            suf2: affix(w, 2, true, 10),
            suf3: affix(w, 3, true, 8),
            suf4: affix(w, 4, true, 11),
            gaz: 0,
            caps,
        });
    }
    s.words.extend([pad; PAD]);
    // Gazetteer phrases: longest-first marking is not needed, every match
    // adds its bits.
    if !gaz.is_empty() {
        for i in 0..keys.len() {
            let mut h = None;
            for n in 1..=GAZ_MAX.min(keys.len() - i) {
                let k = gaz_extend(h, keys[i + n - 1]);
                h = Some(k);
                let Some(v) = gaz.get(k) else { break };
                for class in 0..8u32 {
                    if v & (1 << class) == 0 {
                        continue;
                    }
                    for j in 0..n {
                        let pos = if n == 1 {
                            3
                        } else if j == 0 {
                            0
                        } else if j == n - 1 {
                            2
                        } else {
                            1
                        };
                        s.words[PAD + i + j].gaz |= 1 << (class * 4 + pos);
                    }
                }
                if v & GAZ_PREFIX == 0 {
                    break;
                }
            }
        }
    }
}

/// Whether a sentence looks like an all-caps headline.
pub(crate) fn headline(words: &[WordFeats]) -> bool {
    let (mut letters, mut upper) = (0, 0);
    for w in words {
        if w.caps & 8 != 0 {
            letters += 1;
            if w.caps & 2 != 0 {
                upper += 1;
            }
        }
    }
    letters >= 3 && upper * 10 >= letters * 7
}

/// Features of word `i` (0-based, unpadded) given the two previous tags.
pub(crate) fn features(
    words: &[WordFeats],
    i: usize,
    prev: u64,
    prev2: u64,
    head: bool,
    out: &mut Vec<u64>,
) {
    out.clear();
    let j = i + PAD;
    let w0 = &words[j];
    let (wm1, wm2, wp1, wp2) = (&words[j - 1], &words[j - 2], &words[j + 1], &words[j + 2]);
    let hd = head as u64;
    let first = (i == 0) as u64;
    let cap0 = (w0.caps & 3) as u64;
    let shape0 = combine(w0.shape, hd);
    out.extend([
        feature_ids(1, &[]),
        w0.form,
        feature_ids(2, &[w0.lower, cap0, hd]),
        combine(wm1.lower, 4),
        combine(wp1.lower, 5),
        combine(wm2.lower, 6),
        combine(wp2.lower, 7),
        w0.suf3,
        w0.pre3,
        w0.suf2,
        w0.suf4,
        shape0,
        combine(wm1.short, 131 + hd),
        combine(wp1.short, 141 + hd),
        feature_ids(15, &[wm1.short, w0.short, wp1.short, hd]),
        feature_ids(16, &[prev]),
        feature_ids(17, &[prev2, prev]),
        feature_ids(18, &[prev, w0.lower, cap0]),
        feature_ids(19, &[wm1.lower, w0.form]),
        feature_ids(20, &[w0.form, wp1.lower]),
        feature_ids(23, &[first, shape0]),
        feature_ids(24, &[prev, w0.short, hd]),
        feature_ids(25, &[wm1.lower, w0.short, hd]),
        feature_ids(26, &[w0.short, wp1.lower, hd]),
        feature_ids(27, &[first, w0.form]),
        feature_ids(28, &[prev, wp1.lower]),
        feature_ids(29, &[wm2.lower, wm1.lower, w0.short]),
        feature_ids(30, &[w0.suf3, wp1.short]),
        feature_ids(34, &[wm1.short, w0.short, hd]),
        feature_ids(35, &[w0.short, wp1.short, hd]),
        feature_ids(36, &[w0.lex as u64, cap0, first, hd]),
        feature_ids(37, &[w0.lex as u64, cap0, prev]),
        feature_ids(
            38,
            &[w0.lex as u64, wm1.lex as u64, cap0, (wm1.caps & 3) as u64],
        ),
        feature_ids(
            39,
            &[w0.lex as u64, wp1.lex as u64, cap0, (wp1.caps & 3) as u64],
        ),
    ]);
    if w0.pos != 0 {
        out.extend([
            feature_ids(40, &[w0.pos]),
            feature_ids(41, &[w0.pos, cap0, first]),
            feature_ids(42, &[wm1.pos, w0.pos]),
            feature_ids(43, &[w0.pos, wp1.pos]),
            feature_ids(44, &[w0.pos, prev]),
            feature_ids(45, &[wm1.pos, w0.pos, wp1.pos]),
        ]);
    }
    for b in 0..32u64 {
        if w0.gaz & (1 << b) != 0 {
            out.push(feature_ids(21, &[b, cap0]));
            out.push(feature_ids(31, &[b, cap0, hd]));
            out.push(feature_ids(32, &[b, prev]));
        }
        if wm1.gaz & (1 << b) != 0 {
            out.push(feature_ids(22, &[b, (wm1.caps & 3) as u64]));
        }
        if wp1.gaz & (1 << b) != 0 {
            out.push(feature_ids(33, &[b, (wp1.caps & 3) as u64]));
        }
    }
}

/// A trained entity recogniser.
#[derive(Debug, Clone)]
pub struct Ner {
    pub(crate) model: Perceptron,
    pub(crate) gaz: KeyMap,
    pub(crate) lex: KeyMap,
    pub(crate) tags: Vec<Tag>,
    pub(crate) tag_hash: Vec<u64>,
    pub(crate) info: String,
}

/// Hashes of the previous-tag features (index = tag id; start = len).
pub(crate) fn tag_hashes(n: usize) -> Vec<u64> {
    (0..=n as u64).map(|t| combine(0x0074_6167, t)).collect()
}

impl Ner {
    /// Build from parts (used by training).
    pub(crate) fn from_parts(model: Perceptron, gaz: KeyMap, lex: KeyMap, info: String) -> Ner {
        let tags: Vec<Tag> = model
            .labels()
            .iter()
            .map(|l| Tag::parse(l).unwrap_or(Tag::O))
            .collect();
        let tag_hash = tag_hashes(tags.len());
        Ner {
            model,
            gaz,
            lex,
            tags,
            tag_hash,
            info,
        }
    }

    /// Load a model from bytes (for example `include_bytes!("…/ner.bin")`).
    pub fn from_bytes(bytes: &[u8]) -> Result<Ner, ModelError> {
        Ner::from_bytes_named(bytes, ORIGIN_EMBEDDED)
    }

    /// Load a model from bytes; `origin` names them in errors.
    pub fn from_bytes_named(bytes: &[u8], origin: &str) -> Result<Ner, ModelError> {
        let c = Container::parse(bytes, origin, MODEL_KIND, MODEL_VERSION)?;
        let model = Perceptron::from_section(&c, "tags")?;
        for l in model.labels() {
            if Tag::parse(l).is_none() {
                return Err(ModelError::Corrupt {
                    origin: origin.to_string(),
                    section: "tags".into(),
                    message: format!("unknown entity tag {l:?}"),
                });
            }
        }
        let gaz = KeyMap::from_bytes(c.section("gazetteer")?, origin, "gazetteer")?;
        let lex = KeyMap::from_bytes(c.section("lexicon")?, origin, "lexicon")?;
        let info = std::str::from_utf8(c.section("info")?)
            .map_err(|_| ModelError::Corrupt {
                origin: origin.to_string(),
                section: "info".into(),
                message: "not UTF-8".into(),
            })?
            .to_string();
        Ok(Ner::from_parts(model, gaz, lex, info))
    }

    /// Load a model file.
    pub fn load(path: &Path) -> Result<Ner, ModelError> {
        let bytes = read_file(path)?;
        Ner::from_bytes_named(&bytes, &path.display().to_string())
    }

    /// The model file's bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = ContainerWriter::new(MODEL_KIND, MODEL_VERSION);
        w.section("tags", self.model.to_bytes());
        w.section("gazetteer", self.gaz.to_bytes());
        w.section("lexicon", self.lex.to_bytes());
        w.section("info", self.info.as_bytes().to_vec());
        w.to_bytes()
    }

    /// The training summary stored in the model.
    pub fn info(&self) -> &str {
        &self.info
    }

    /// Number of gazetteer phrases (and prefixes) in the model.
    pub fn gazetteer_len(&self) -> usize {
        self.gaz.len()
    }

    /// Greedy constrained decoding of one sentence; tag ids into `s.tags`.
    pub(crate) fn decode(&self, words: &[&str], upos: Option<&[Option<Upos>]>, s: &mut Scratch) {
        word_feats(words, upos, &self.gaz, &self.lex, s);
        let head = headline(&s.words[PAD..s.words.len() - PAD]);
        s.tags.clear();
        let start = self.tag_hash[self.tags.len()];
        let (mut prev, mut prev2) = (start, start);
        let mut prev_tag = Tag::O;
        let n = words.len();
        for i in 0..n {
            features(&s.words, i, prev, prev2, head, &mut s.feats);
            self.model.scores(&s.feats, &mut s.scores);
            let last = i + 1 == n;
            let tags = &self.tags;
            let best =
                dyad_learn::argmax(&s.scores, |c| tags[c].valid_after(prev_tag, last)).unwrap_or(0);
            s.tags.push(best as u16);
            prev2 = prev;
            prev = self.tag_hash[best];
            prev_tag = self.tags[best];
        }
    }

    /// Entities of one sentence given as words, their spans and, if known,
    /// their UPOS tags (one per word), appended to `out`.
    pub fn recognise_words(
        &self,
        words: &[&str],
        spans: &[Span],
        upos: Option<&[Option<Upos>]>,
        scratch: &mut Scratch,
        out: &mut Vec<Entity>,
    ) {
        self.decode(words, upos, scratch);
        let first = out.len();
        // Token index just past the last entity pushed for this sentence.
        let mut last_end = None;
        let mut push = |out: &mut Vec<Entity>, b: usize, e: usize, label: EntityLabel| {
            // Two PERSON names one space apart are one name split by the
            // greedy decoder ("Volodymyr" + "Zelensky"): join them.
            if label == EntityLabel::Person
                && last_end == Some(b)
                && out.len() > first
                && let Some(prev) = out.last_mut()
                && prev.label == EntityLabel::Person
                && spans[b].start() == prev.span.end() + 1
            {
                prev.span = prev.span.cover(spans[e]);
            } else {
                out.push(Entity {
                    span: spans[b].cover(spans[e]),
                    label,
                });
            }
            last_end = Some(e + 1);
        };
        let mut open: Option<(usize, EntityLabel)> = None;
        for (i, &t) in scratch.tags.iter().enumerate() {
            match self.tags[t as usize] {
                Tag::U(l) => push(out, i, i, l),
                Tag::B(l) => open = Some((i, l)),
                Tag::L(l) => {
                    if let Some((b, ol)) = open.take()
                        && ol == l
                    {
                        push(out, b, i, l);
                    }
                }
                Tag::I(_) => {}
                Tag::O => open = None,
            }
        }
    }

    /// Fill `doc.entities` (replacing what was there) from its sentences
    /// and tokens, using the tokens' UPOS tags when the document has the
    /// tags layer. Tokens outside every sentence are not labelled.
    pub fn annotate(&self, doc: &mut Doc) {
        let mut scratch = Scratch::default();
        let mut out = Vec::new();
        let mut words: Vec<&str> = Vec::new();
        let mut spans: Vec<Span> = Vec::new();
        let mut tags: Vec<Option<Upos>> = Vec::new();
        let tagged = doc.has(Layer::Tags) || doc.tokens.iter().any(|t| t.upos.is_some());
        let text = doc.text();
        for s in &doc.sentences {
            let range = s.token_start.min(doc.tokens.len())..s.token_end.min(doc.tokens.len());
            // Very long "sentences" are labelled in windows of this many
            // tokens so memory stays bounded; cost is linear either way.
            for chunk in doc.tokens[range].chunks(CHUNK) {
                words.clear();
                spans.clear();
                tags.clear();
                for t in chunk {
                    words.push(t.span.slice(text));
                    spans.push(t.span);
                    tags.push(t.upos);
                }
                let upos = tagged.then_some(tags.as_slice());
                self.recognise_words(&words, &spans, upos, &mut scratch, &mut out);
            }
        }
        doc.entities = out;
    }

    /// Tokenize and split `text` with dyad-text, then recognise entities
    /// (without POS tags).
    pub fn recognise_text(&self, text: &str) -> Vec<Entity> {
        self.recognise_with(text, |_| {})
    }

    /// Tokenize and split `text` with dyad-text, run `prepare` on the
    /// document (for example a tagger), then recognise entities.
    pub fn recognise_with(&self, text: &str, prepare: impl Fn(&mut Doc)) -> Vec<Entity> {
        let mut doc = Doc::new(text, dyad_doc::Meta::default());
        let (pieces, sentences) = dyad_text::segment(text);
        doc.tokens = pieces
            .into_iter()
            .map(|p| dyad_doc::Token::new(p.span))
            .collect();
        doc.sentences = sentences;
        prepare(&mut doc);
        self.annotate(&mut doc);
        doc.entities
    }
}

/// Sentences longer than this many tokens are labelled in chunks.
pub const CHUNK: usize = 1000;
