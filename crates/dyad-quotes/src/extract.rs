//! From text to attributions: analysis, tagging and assembly of tagged
//! chunks into [`Quote`]s.

use dyad_doc::{Quote, Span};

use crate::eval::content_kind;
use crate::lexicon::{is_speech_cue, word_class};
use crate::roles::{ROLE_LABELS, role_features};
use crate::tagger::{Context, Label, Model, ModelError, features};
use crate::text::{
    QuoteRegion, Range, Tok, pair_quotes, pair_single_quotes, paragraphs, sentences, tokenize,
};

/// The stage's own analysis of a text.
pub struct Analysis {
    /// Tokens.
    pub toks: Vec<Tok>,
    /// Sentences (token ranges).
    pub sents: Vec<Range>,
    /// Paragraphs (token ranges).
    pub paras: Vec<Range>,
    /// Paired quotations.
    pub quotes: Vec<QuoteRegion>,
    /// Word class of each token (closed-class lexicon, else shape).
    pub upos: Vec<&'static str>,
    /// Lower-cased word of each token.
    pub lemma: Vec<String>,
    inq: Vec<bool>,
}

impl Analysis {
    /// Analyse `text`.
    pub fn new(text: &str) -> Analysis {
        let mut toks = tokenize(text);
        let sents = sentences(&toks);
        let paras = paragraphs(&toks);
        let mut quotes = pair_quotes(&mut toks, &sents, &paras, &is_speech_cue);
        quotes.extend(pair_single_quotes(&mut toks, &paras));
        let mut inq = vec![false; toks.len()];
        for q in &quotes {
            for x in &mut inq[q.open..q.end.min(toks.len())] {
                *x = true;
            }
        }
        let upos: Vec<&'static str> = toks.iter().map(word_class).collect();
        let lemma: Vec<String> = toks.iter().map(|t| t.lower.clone()).collect();
        Analysis {
            toks,
            sents,
            paras,
            quotes,
            upos,
            lemma,
            inq,
        }
    }

    /// Whether token `i` lies inside a quotation (marks included).
    pub fn in_quote(&self, i: usize) -> bool {
        self.inq[i]
    }

    /// Hashed features per token.
    pub fn features(&self) -> Vec<Vec<u64>> {
        let ctx = Context::new(&self.toks, &self.sents, &self.quotes, &self.upos, &self.lemma);
        features(&ctx)
    }

    /// Tag every paragraph with `model`.
    pub fn tag(&self, model: &Model, feats: &[Vec<u64>]) -> Vec<Label> {
        let mut out = vec![Label::O; self.toks.len()];
        for p in &self.paras {
            let labels = model.decode(&feats[p.clone()]);
            out[p.clone()].copy_from_slice(&labels);
        }
        out
    }

    /// Sentence index of token `i`.
    pub fn sentence_of(&self, i: usize) -> usize {
        self.sents.partition_point(|s| s.end <= i)
    }

    /// Paragraph index of token `i`.
    pub fn para_of(&self, i: usize) -> usize {
        self.paras.partition_point(|p| p.end <= i)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Source,
    Cue,
    Content,
}

#[derive(Debug, Clone)]
struct Chunk {
    role: Role,
    start: usize,
    end: usize,
}

fn chunks(labels: &[Label]) -> Vec<Chunk> {
    let mut out: Vec<Chunk> = Vec::new();
    for (i, l) in labels.iter().enumerate() {
        let role = match l {
            Label::O => continue,
            Label::BSource | Label::ISource => Role::Source,
            Label::BCue | Label::ICue => Role::Cue,
            Label::BContent | Label::IContent => Role::Content,
        };
        let begin = matches!(l, Label::BSource | Label::BCue | Label::BContent);
        match out.last_mut() {
            Some(c) if !begin && c.role == role && c.end == i => c.end = i + 1,
            _ => out.push(Chunk {
                role,
                start: i,
                end: i + 1,
            }),
        }
    }
    out
}

fn dist(a: &Chunk, b: &Chunk) -> usize {
    if a.end <= b.start {
        b.start - a.end
    } else {
        a.start.saturating_sub(b.end)
    }
}

/// Assemble tagged chunks into quotes with byte spans.
pub fn assemble(an: &Analysis, labels: &[Label], text: &str) -> Vec<Quote> {
    let ch = chunks(labels);
    let cues: Vec<usize> = (0..ch.len()).filter(|&k| ch[k].role == Role::Cue).collect();
    // Attachment of each non-cue chunk to a cue chunk (index into `ch`).
    let mut owner: Vec<Option<usize>> = vec![None; ch.len()];
    let nearest = |k: usize, same_sentence: bool| -> Option<usize> {
        let c = &ch[k];
        let (s, p) = (an.sentence_of(c.start), an.para_of(c.start));
        cues.iter()
            .copied()
            .filter(|&q| {
                if same_sentence {
                    an.sentence_of(ch[q].start) == s || an.sentence_of(ch[q].end - 1) == s
                } else {
                    an.para_of(ch[q].start) == p
                }
            })
            .min_by_key(|&q| (dist(c, &ch[q]), q))
    };
    for k in 0..ch.len() {
        if ch[k].role == Role::Cue {
            continue;
        }
        owner[k] = nearest(k, true).or_else(|| nearest(k, false));
    }
    // Content chunks that open a paragraph with no cue continue the
    // previous paragraph's last content (multi-paragraph quotes).
    let mut cont_of: Vec<Option<usize>> = vec![None; ch.len()];
    for k in 0..ch.len() {
        if ch[k].role != Role::Content || owner[k].is_some() {
            continue;
        }
        let p = an.para_of(ch[k].start);
        if p == 0 || an.paras[p].start != ch[k].start {
            continue;
        }
        if let Some(prev) = (0..k).rev().find(|&j| ch[j].role == Role::Content) {
            if an.para_of(ch[prev].start) + 1 == p && an.toks[ch[k].start].mark.is_some() {
                cont_of[k] = Some(prev);
                owner[k] = owner[prev];
            }
        }
    }
    let span = |c: &Chunk| Span::from_trusted(an.toks[c.start].span.start(), an.toks[c.end - 1].span.end());
    let mut out = Vec::new();
    // Attributions headed by a cue.
    for &q in &cues {
        let contents: Vec<usize> = (0..ch.len())
            .filter(|&k| ch[k].role == Role::Content && owner[k] == Some(q))
            .collect();
        if contents.is_empty() {
            continue;
        }
        let sources: Vec<Span> = (0..ch.len())
            .filter(|&k| ch[k].role == Role::Source && owner[k] == Some(q))
            .map(|k| span(&ch[k]))
            .collect();
        let content: Vec<Span> = contents.iter().map(|&k| span(&ch[k])).collect();
        out.push(make_quote(text, content, vec![span(&ch[q])], sources, an.sentence_of(ch[q].start)));
    }
    // Contents without a cue: kept, cue-less, continuations joined.
    let mut root: Vec<usize> = (0..ch.len()).collect();
    for k in 0..ch.len() {
        if let Some(prev) = cont_of[k] {
            root[k] = root[prev];
        }
    }
    for k in 0..ch.len() {
        if ch[k].role != Role::Content || owner[k].is_some() || root[k] != k {
            continue;
        }
        let content: Vec<Span> = (k..ch.len())
            .filter(|&j| ch[j].role == Role::Content && owner[j].is_none() && root[j] == k)
            .map(|j| span(&ch[j]))
            .collect();
        out.push(make_quote(text, content, vec![], vec![], an.sentence_of(ch[k].start)));
    }
    out.sort_by_key(|q| (q.content.first().map(|s| s.start()), q.cue.first().map(|s| s.start())));
    out
}

fn make_quote(text: &str, content: Vec<Span>, cue: Vec<Span>, source: Vec<Span>, sentence: usize) -> Quote {
    let frags: Vec<&str> = content.iter().map(|s| s.slice(text)).collect();
    Quote {
        kind: content_kind(&frags),
        content,
        cue,
        source,
        speaker: None,
        sentence,
    }
}

/// The two models: the first pass tags cues (and roles, used only when no
/// role model is given), the second tags one cue's source and content.
#[derive(Debug, Clone, Default)]
pub struct Models {
    /// First pass: every label over each paragraph.
    pub cues: Model,
    /// Second pass: source and content for one cue.
    pub roles: Model,
}

const MAGIC2: &[u8; 4] = b"DYQ2";

impl Models {
    /// Serialize: magic, length of the first model, both models.
    pub fn to_bytes(&self) -> Vec<u8> {
        let a = self.cues.to_bytes();
        let b = self.roles.to_bytes();
        let mut out = Vec::with_capacity(12 + a.len() + b.len());
        out.extend_from_slice(MAGIC2);
        out.extend_from_slice(&(a.len() as u64).to_le_bytes());
        out.extend_from_slice(&a);
        out.extend_from_slice(&b);
        out
    }

    /// Read [`Models::to_bytes`] output; an empty input gives empty models.
    pub fn from_bytes(b: &[u8]) -> Result<Models, ModelError> {
        if b.is_empty() {
            return Ok(Models::default());
        }
        if b.len() < 12 || &b[..4] != MAGIC2 {
            return Err(ModelError("bad magic".into()));
        }
        let mut n = [0u8; 8];
        n.copy_from_slice(&b[4..12]);
        let n = u64::from_le_bytes(n) as usize;
        let first = b
            .get(12..12usize.saturating_add(n))
            .ok_or_else(|| ModelError("truncated".into()))?;
        Ok(Models {
            cues: Model::from_bytes(first)?,
            roles: Model::from_bytes(&b[12 + n..])?,
        })
    }
}

/// Second pass over each cue chunk of `labels`: its source and content.
pub fn assemble_by_cue(
    an: &Analysis,
    base: &[Vec<u64>],
    labels: &[Label],
    roles: &Model,
    text: &str,
) -> Vec<Quote> {
    let ch = chunks(labels);
    let mut out = Vec::new();
    for c in ch.iter().filter(|c| c.role == Role::Cue) {
        let cue = c.start..c.end;
        let para = an.paras[an.para_of(c.start)].clone();
        let feats = role_features(an, base, &para, &cue);
        let tags = roles.decode_masked(&feats, &ROLE_LABELS);
        let span = |c: &Chunk| {
            Span::from_trusted(
                an.toks[para.start + c.start].span.start(),
                an.toks[para.start + c.end - 1].span.end(),
            )
        };
        let mut found = chunks(&tags);
        // Content never ends (or starts) with bare punctuation in PolNeAR.
        for k in found.iter_mut().filter(|k| k.role != Role::Cue) {
            let bare = |i: usize| {
                let t = &an.toks[para.start + i];
                t.mark.is_none() && matches!(t.lower.as_str(), "," | "." | ";" | ":" | "—" | "–" | "-")
            };
            while k.end - k.start > 1 && bare(k.end - 1) {
                k.end -= 1;
            }
            while k.end - k.start > 1 && bare(k.start) {
                k.start += 1;
            }
        }
        let content: Vec<Span> = found
            .iter()
            .filter(|k| k.role == Role::Content)
            .map(span)
            .collect();
        if content.is_empty() {
            continue;
        }
        let source: Vec<Span> = found
            .iter()
            .filter(|k| k.role == Role::Source)
            .map(span)
            .collect();
        let cue_span = Span::from_trusted(an.toks[c.start].span.start(), an.toks[c.end - 1].span.end());
        out.push(make_quote(text, content, vec![cue_span], source, an.sentence_of(c.start)));
    }
    drop_nested(&mut out);
    out.sort_by_key(|q| (q.content.first().map(|s| s.start()), q.cue.first().map(|s| s.start())));
    out
}

/// PolNeAR is univocal: a cue inside another attribution's content belongs
/// to that content. Drop attributions whose cue lies inside the content of
/// another attribution (unless each holds the other's cue).
pub fn drop_nested(quotes: &mut Vec<Quote>) {
    let inside = |cue: &[Span], content: &[Span]| {
        cue.iter().any(|c| content.iter().any(|s| s.contains(*c)))
    };
    let keep: Vec<bool> = (0..quotes.len())
        .map(|b| {
            !(0..quotes.len()).any(|a| {
                a != b
                    && inside(&quotes[b].cue, &quotes[a].content)
                    && !inside(&quotes[a].cue, &quotes[b].content)
            })
        })
        .collect();
    let mut k = 0;
    quotes.retain(|_| {
        k += 1;
        keep[k - 1]
    });
}

/// Extract quotes from `text` (byte spans into `text`; `sentence` indexes
/// the stage's own sentences).
pub fn extract(text: &str, models: &Models) -> (Analysis, Vec<Quote>) {
    let an = Analysis::new(text);
    let feats = an.features();
    let labels = an.tag(&models.cues, &feats);
    let quotes = if models.roles.w.is_empty() {
        assemble(&an, &labels, text)
    } else {
        assemble_by_cue(&an, &feats, &labels, &models.roles, text)
    };
    (an, quotes)
}
