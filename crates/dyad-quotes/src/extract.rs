//! From text to attributions: analysis, tagging and assembly of tagged
//! chunks into [`Quote`]s.

use dyad_doc::{Quote, Span};

use crate::accept::Acceptor;
use crate::deps::Parse;
use crate::eval::content_kind;
use crate::lexicon::{is_speech_cue, word_class};
use crate::roles::{CONJOINED, RoleScorer};
use crate::table::{CUE_LABELS, Joint, Row};
use crate::tagger::{Context, Label, Model, ModelError, each_features_hinted, features};
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
    /// The pipeline's dependency parse aligned to the tokens, when given.
    pub parse: Option<Parse>,
    inq: Vec<bool>,
}

impl Analysis {
    /// Analyse `text` with the pipeline's tokens of it (their parts of
    /// speech, heads and relations become features; tokens without a parse
    /// give the same analysis as [`Analysis::new`]).
    pub fn with_tokens(text: &str, tokens: &[dyad_doc::Token]) -> Analysis {
        let mut an = Analysis::new(text);
        an.parse = Parse::align(&an.toks, tokens);
        an
    }

    /// Analyse `text` alone (no parse).
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
        Analysis {
            toks,
            sents,
            paras,
            quotes,
            upos,
            parse: None,
            inq,
        }
    }

    /// Whether token `i` lies inside a quotation (marks included).
    pub fn in_quote(&self, i: usize) -> bool {
        self.inq[i]
    }

    /// What the features look at.
    pub fn context(&self) -> Context<'_> {
        Context::new(
            &self.toks,
            &self.sents,
            &self.quotes,
            &self.upos,
            self.parse.as_ref(),
        )
    }

    /// Hashed features per token.
    pub fn features(&self) -> Vec<Vec<u64>> {
        features(&self.context())
    }

    /// The tokens the role pass reads for a cue at tokens `cue`: the cue's
    /// paragraph, cut to [`CUE_WINDOW`] tokens either side of the cue so
    /// that text without paragraph breaks (a whole article on one line)
    /// costs O(cues × window), not O(cues × text). News paragraphs are far
    /// shorter than the window, so it changes nothing there.
    pub fn cue_window(&self, cue: &Range) -> Range {
        let full = &self.paras[self.para_of(cue.start)];
        full.start.max(cue.start.saturating_sub(CUE_WINDOW))
            ..full.end.min(cue.end.saturating_add(CUE_WINDOW))
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
    let span = |c: &Chunk| {
        Span::from_trusted(an.toks[c.start].span.start(), an.toks[c.end - 1].span.end())
    };
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
        out.push(make_quote(
            text,
            content,
            vec![span(&ch[q])],
            sources,
            an.sentence_of(ch[q].start),
        ));
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
        out.push(make_quote(
            text,
            content,
            vec![],
            vec![],
            an.sentence_of(ch[k].start),
        ));
    }
    out.sort_by_key(|q| {
        (
            q.content.first().map(|s| s.start()),
            q.cue.first().map(|s| s.start()),
        )
    });
    out
}

fn make_quote(
    text: &str,
    content: Vec<Span>,
    cue: Vec<Span>,
    source: Vec<Span>,
    sentence: usize,
) -> Quote {
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

/// The two models: the first pass tags cues, the second tags one cue's
/// source and content. (With an empty role model, the first pass's own
/// source and content tags are assembled instead.)
#[derive(Debug, Clone, Default)]
pub struct Models {
    /// First pass: every label over each paragraph.
    pub cues: Model,
    /// Second pass: source and content for one cue.
    pub roles: Model,
}

const MAGIC3: &[u8; 4] = b"DYQ3";

impl Models {
    /// Score added to the B-cue label at decoding (tuned on dev: more
    /// cues, each checked by the role pass).
    pub fn cue_bias(&self) -> f32 {
        self.cues.bias[Label::BCue as usize]
    }

    /// Set the B-cue bias.
    pub fn set_cue_bias(&mut self, b: f32) {
        self.cues.bias[Label::BCue as usize] = b;
    }

    /// Serialize: magic, cue bias, length of the first model, both models.
    pub fn to_bytes(&self) -> Vec<u8> {
        let a = self.cues.to_bytes();
        let b = self.roles.to_bytes();
        let mut out = Vec::with_capacity(16 + a.len() + b.len());
        out.extend_from_slice(MAGIC3);
        out.extend_from_slice(&self.cue_bias().to_le_bytes());
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
        if b.len() < 16 || &b[..4] != MAGIC3 {
            return Err(ModelError("bad magic or truncated header".into()));
        }
        let bias = f32::from_le_bytes([b[4], b[5], b[6], b[7]]);
        let mut n = [0u8; 8];
        n.copy_from_slice(&b[8..16]);
        let n =
            usize::try_from(u64::from_le_bytes(n)).map_err(|_| ModelError("bad length".into()))?;
        let first = b
            .get(16..16usize.saturating_add(n))
            .ok_or_else(|| ModelError("truncated".into()))?;
        let mut m = Models {
            cues: Model::from_bytes(first)?,
            roles: Model::from_bytes(&b[16 + n..])?,
        };
        m.set_cue_bias(bias);
        Ok(m)
    }
}

/// Least cue-pass score (B-cue emission relative to O, with the bias) of
/// an extra cue candidate (tuned on dev with the acceptance model: −150,
/// −250 and −300 give 0.1 less attribution overlap F1 than −200).
pub const EXTRA_CUE_MIN: f32 = -200.0;

/// Extra cue candidates for the role pass: with the parse, each cue-lexicon
/// word the cue pass left outside any cue (and not beside one) whose B-cue
/// score is at least `min` becomes a one-token cue. The role pass reads
/// them like the others; the acceptance model then keeps their
/// attributions only above [`Acceptor::threshold_extra`]. `None` without a
/// parse or when no token qualifies.
pub fn extra_cues(
    an: &Analysis,
    sums: &[Row],
    labels: &[Label],
    min: f32,
    bias: f32,
) -> Option<Vec<Label>> {
    an.parse.as_ref()?;
    let is_cue = |l: Label| matches!(l, Label::BCue | Label::ICue);
    let mut out: Option<Vec<Label>> = None;
    for i in 0..labels.len() {
        if labels[i] != Label::O
            || (i > 0 && is_cue(labels[i - 1]))
            || labels.get(i + 1).is_some_and(|&l| is_cue(l))
            || sums[i].cue()[Label::BCue as usize] + bias < min
            || crate::lexicon::cue_class(&an.toks[i].lower).is_none()
        {
            continue;
        }
        out.get_or_insert_with(|| labels.to_vec())[i] = Label::BCue;
    }
    out
}

/// Tokens on each side of a cue that the second pass reads.
const CUE_WINDOW: usize = 250;

/// Second pass over each cue chunk of `labels` (and over the
/// [`extra_cues`] when `models.extra_cue_min` is set): its source and
/// content. `base` holds the first [`CONJOINED`] features of each token
/// (flat) and `sums` each token's features summed in the compiled table
/// ([`Joint::sum`]), as [`Compiled::tag`] gives them. The acceptance model,
/// if any, then drops unlikely attributions.
pub fn assemble_by_cue(
    an: &Analysis,
    base: &[u64],
    sums: &[Row],
    labels: &[Label],
    models: &Compiled,
    text: &str,
) -> Vec<Quote> {
    let Scored {
        mut quotes,
        extras,
        signed,
        nested,
    } = assemble_scored(an, (sums, base, labels), models, text);
    if let Some(a) = &models.accept {
        // Signed quotations are unambiguous: always kept.
        let sets = (extras.as_slice(), signed.as_slice());
        crate::accept::filter(an, sums, models.models.cue_bias(), sets, a, &mut quotes);
        // An attribution dropped for its cue inside another's content comes
        // back when that content was not accepted and it is accepted itself.
        if !nested.is_empty() {
            let contents =
                crate::rules::Spans::new(quotes.iter().flat_map(|q| q.content.iter().copied()));
            let mut back: Vec<Quote> = nested
                .into_iter()
                .filter(|q| !q.cue.iter().any(|c| contents.overlaps(*c)))
                .collect();
            crate::accept::filter(an, sums, models.models.cue_bias(), sets, a, &mut back);
            if !back.is_empty() {
                quotes.extend(back);
                drop_nested(&mut quotes);
                quotes.sort_by_key(|q| {
                    (
                        q.content.first().map(|s| s.start()),
                        q.cue.first().map(|s| s.start()),
                    )
                });
            }
        }
        // The continuation rules look at the other attributions (another
        // cue between a quote and the next quotation, a quotation already
        // in another content): read again among the accepted ones only, a
        // dropped attribution no longer keeps a quotation from its quote.
        // (Quotes already continued are left as they are.)
        crate::rules::later_quotations(an, &mut quotes);
        crate::rules::quoted_paragraphs(an, &mut quotes);
    }
    // A content that opens a quotation closes it (among the kept ones) …
    crate::rules::open_quotations(an, text, &mut quotes);
    // … one that closes a quotation opens it, a bare `that` takes the next.
    crate::rules::closed_quotations(an, text, &mut quotes);
    crate::rules::that_quotations(an, text, &mut quotes);
    // `told | reporters | that …`: the addressee leaves the content.
    crate::rules::telling_addressees(an, text, &mut quotes);
    // `X said A and warned B`: two attributions.
    crate::rules::conjoined_cues(an, text, &mut quotes);
    // `Acts of protest, Mr. Obama said, are …`: the subject joins.
    crate::rules::parenthetical_subjects(an, text, &mut quotes);
    // `a finish that | he said | defied expectations`: the pronoun joins.
    crate::rules::relative_subjects(an, text, &mut quotes);
    // `an | assertion that …`: no source.
    crate::rules::determiner_sources(an, &mut quotes);
    // `the actress has | said`: the auxiliary leaves the source.
    crate::rules::source_auxiliaries(an, &mut quotes);
    // `which | Judge Curiel`, `who | last year`: the relative pronoun.
    crate::rules::source_relative_pronouns(an, &mut quotes);
    // `Even | Rendell`: a sentence adverb leaves the source.
    crate::rules::source_adverbs(an, &mut quotes);
    // `has | repeatedly asked`: the verb group joins the cue.
    crate::rules::cue_auxiliaries(an, &mut quotes);
    // `Moscow supported pro-Russian insurgents`: an act.
    crate::physical::drop_armed_support(&mut quotes, text);
    quotes
}

/// What [`assemble_scored`] gives: the attributions, and where the cues
/// the acceptance model treats apart start.
#[derive(Debug, Clone, Default)]
pub struct Scored {
    /// The attributions, sorted by content then cue.
    pub quotes: Vec<Quote>,
    /// Byte offsets where the extra candidate cues start (sorted).
    pub extras: Vec<usize>,
    /// Byte offsets where the cues of quotations signed with a dash
    /// ([`dash_signatures`]) start (sorted).
    pub signed: Vec<usize>,
    /// Attributions [`drop_nested`] took out (their cue lies inside
    /// another attribution's content), with the rules applied that read
    /// only their own words.
    pub nested: Vec<Quote>,
}

/// [`assemble_by_cue`] without the acceptance model, given the sums,
/// base features and labels of [`Compiled::tag`].
pub fn assemble_scored(
    an: &Analysis,
    (sums, base, labels): (&[Row], &[u64], &[Label]),
    models: &Compiled,
    text: &str,
) -> Scored {
    let extra = models
        .extra_cue_min
        .and_then(|min| extra_cues(an, sums, labels, min, models.models.cue_bias()));
    let extras: Vec<usize> = extra.as_ref().map_or_else(Vec::new, |x| {
        (0..labels.len())
            .filter(|&i| x[i] != labels[i])
            .map(|i| an.toks[i].span.start())
            .collect()
    });
    let labels: &[Label] = extra.as_deref().unwrap_or(labels);
    let ch = chunks(labels);
    let mut out = Vec::new();
    let mut scorer = RoleScorer::new(&models.models.roles, &models.joint, base, sums);
    for c in ch.iter().filter(|c| c.role == Role::Cue) {
        let cue = c.start..c.end;
        let para = an.cue_window(&cue);

        let tags = scorer.decode(an, &para, &cue);
        let span = |c: &Chunk| {
            Span::from_trusted(
                an.toks[para.start + c.start].span.start(),
                an.toks[para.start + c.end - 1].span.end(),
            )
        };
        let mut found = chunks(&tags);
        // Content never ends (or starts) with bare punctuation in PolNeAR.
        // (Sources keep theirs: `Brian Fallon, the campaign’s press secretary,`.)
        for k in found.iter_mut().filter(|k| k.role == Role::Content) {
            let bare = |i: usize| {
                let t = &an.toks[para.start + i];
                t.mark.is_none()
                    && matches!(t.lower.as_str(), "," | "." | ";" | ":" | "—" | "–" | "-")
            };
            while k.end - k.start > 1 && bare(k.end - 1) {
                k.end -= 1;
            }
            while k.end - k.start > 1 && bare(k.start) {
                k.start += 1;
            }
        }
        let cue_rel = Chunk {
            role: Role::Cue,
            start: c.start - para.start,
            end: c.end - para.start,
        };
        // Source: the chunk nearest the cue.
        let source_chunk = found
            .iter()
            .filter(|k| k.role == Role::Source)
            .min_by_key(|k| (dist(k, &cue_rel), k.start))
            .cloned();
        // Content: the chunk nearest the cue, plus chunks separated from it
        // only by the cue, the source, punctuation and at most two words
        // (“It is time,” Trump wrote, “to end this war.”).
        let mut contents: Vec<Chunk> = found
            .iter()
            .filter(|k| k.role == Role::Content)
            .cloned()
            .collect();
        contents.sort_by_key(|k| (dist(k, &cue_rel), k.start));
        let Some(first) = contents.first().cloned() else {
            // `X said:` closing a paragraph introduces the next one.
            if let Some(q) =
                colon_next_paragraph(an, &para, c, source_chunk.as_ref().map(span), text)
            {
                out.push(q);
            }
            continue;
        };
        let mut kept = vec![first];
        for k in contents.iter().skip(1) {
            let lo = kept.iter().map(|x| x.start).min().unwrap_or(0);
            let hi = kept.iter().map(|x| x.end).max().unwrap_or(0);
            let gap = if k.end <= lo {
                k.end..lo
            } else if k.start >= hi {
                hi..k.start
            } else {
                0..0
            };
            let in_role = |i: usize| {
                (cue_rel.start..cue_rel.end).contains(&i)
                    || source_chunk
                        .as_ref()
                        .is_some_and(|s| (s.start..s.end).contains(&i))
            };
            let others = gap
                .clone()
                .filter(|&i| {
                    !in_role(i) && an.toks[para.start + i].shape != crate::text::Shape::Punct
                })
                .count();
            let holds_cue = gap.contains(&cue_rel.start);
            if holds_cue && others <= 2 {
                kept.push(k.clone());
            }
        }
        kept.sort_by_key(|k| k.start);
        // Snap edges that stop one or two tokens short of a quotation's
        // marks to the marks (direct content includes them).
        for k in kept.iter_mut() {
            let (a, b) = (para.start + k.start, para.start + k.end);
            for r in an
                .quotes
                .iter()
                .filter(|r| !r.single && r.closed && r.end <= para.end)
            {
                if r.open >= a.saturating_sub(2)
                    && r.open <= a
                    && r.end > a
                    && r.end <= b + 2
                    && r.end >= b
                {
                    k.start = r.open.max(para.start) - para.start;
                    k.end = r.end - para.start;
                }
            }
        }
        quote_fragments(
            an,
            labels,
            &para,
            &cue_rel,
            source_chunk.as_ref(),
            &mut kept,
        );
        let mut content: Vec<Span> = kept.iter().map(span).collect();
        // A quotation that runs on into the next paragraphs takes them along.
        if let Some(last) = kept.last() {
            let end_tok = para.start + last.end - 1;
            if let Some(r) = an
                .quotes
                .iter()
                .find(|r| !r.single && r.open <= end_tok && r.end > para.end)
            {
                if let Some(x) = content.last_mut() {
                    *x = x.cover(an.toks[r.end - 1].span);
                }
            }
        }
        let source: Vec<Span> = source_chunk.iter().map(span).collect();
        let cue_span =
            Span::from_trusted(an.toks[c.start].span.start(), an.toks[c.end - 1].span.end());
        out.push(make_quote(
            text,
            content,
            vec![cue_span],
            source,
            an.sentence_of(c.start),
        ));
    }
    // `Pat Caddell: Democrat Voters Worried…`: the model often tags the
    // same colon; one attribution per cue.
    let cues = crate::rules::Spans::new(out.iter().flat_map(|q| q.cue.iter().copied()));
    out.extend(
        colon_attributions(an, text)
            .into_iter()
            .filter(|q| !q.cue.iter().any(|c| cues.overlaps(*c))),
    );
    // A signed quotation is unambiguous: it replaces whatever the model
    // made of the same words.
    let signed = dash_signatures(an, text);
    out.retain(|q| {
        !signed
            .iter()
            .any(|d| q.content.iter().any(|c| c.overlaps(d.content[0])))
    });
    let mut signed_cues: Vec<usize> = signed
        .iter()
        .filter_map(|q| q.cue.first().map(|c| c.start()))
        .collect();
    signed_cues.sort_unstable();
    out.extend(signed);
    let covered = crate::rules::Spans::new(out.iter().flat_map(|q| q.cue.iter().copied()));
    out.extend(
        according_to(an, text)
            .into_iter()
            .chain(parenthetical_cues(an, text))
            .filter(|q| !q.cue.iter().any(|c| covered.overlaps(*c))),
    );
    let mut nested = drop_nested(&mut out);
    crate::rules::cue_prepositions(an, &mut nested);
    crate::rules::subject_sources(an, &mut nested);
    crate::rules::source_commas(an, &mut nested);
    crate::rules::source_weekdays(an, &mut nested);
    // PolNeAR conventions the model misses (measured one by one).
    crate::rules::cue_prepositions(an, &mut out);
    crate::rules::subject_sources(an, &mut out);
    crate::rules::later_quotations(an, &mut out);
    crate::rules::quoted_paragraphs(an, &mut out);
    crate::rules::source_commas(an, &mut out);
    crate::rules::source_weekdays(an, &mut out);
    out.sort_by_key(|q| {
        (
            q.content.first().map(|s| s.start()),
            q.cue.first().map(|s| s.start()),
        )
    });
    Scored {
        quotes: out,
        extras,
        signed: signed_cues,
        nested,
    }
}

/// Fragments of direct speech. When the content holds a quotation,
/// fragments without any quote mark are dropped (`As a phone rang, “…”
/// the announcer said`), and a quotation that follows the cue and source
/// directly (`“A,” Tester said, “B.”`, `“A,” she said. “B.”`) joins the
/// content unless a cue follows it (it is then another attribution's).
fn quote_fragments(
    an: &Analysis,
    labels: &[Label],
    para: &Range,
    cue: &Chunk,
    source: Option<&Chunk>,
    kept: &mut Vec<Chunk>,
) {
    let marked = |k: &Chunk| (k.start..k.end).any(|i| an.toks[para.start + i].mark.is_some());
    let is_quote = |k: &Chunk| {
        an.quotes
            .iter()
            .any(|r| !r.single && r.open == para.start + k.start && r.end == para.start + k.end)
    };
    if kept.len() > 1 && kept.iter().any(is_quote) {
        kept.retain(|k| marked(k));
    }
    let Some(last) = kept.last().cloned() else {
        return;
    };
    if !is_quote(&last) || last.end > cue.start {
        return;
    }
    let mut after = cue
        .end
        .max(source.map_or(0, |s| if s.start >= cue.end { s.end } else { 0 }));
    while para.start + after < para.end
        && matches!(an.toks[para.start + after].lower.as_str(), "," | "." | ":")
    {
        after += 1;
    }
    let at = para.start + after;
    let Some(r) = an
        .quotes
        .iter()
        .find(|r| !r.single && r.closed && r.open == at && r.end <= para.end)
    else {
        return;
    };
    let next_cue =
        (r.end..(r.end + 4).min(para.end)).any(|i| matches!(labels[i], Label::BCue | Label::ICue));
    if !next_cue {
        kept.push(Chunk {
            role: Role::Content,
            start: r.open - para.start,
            end: r.end - para.start,
        });
    }
}

fn colon_next_paragraph(
    an: &Analysis,
    para: &Range,
    cue: &Chunk,
    source: Option<Span>,
    text: &str,
) -> Option<Quote> {
    if an.toks[para.end - 1].lower != ":" {
        return None;
    }
    let next = an.paras.get(an.para_of(para.end - 1) + 1)?;
    let first = &an.toks[next.start];
    let end = if first.mark.is_some() {
        an.quotes
            .iter()
            .find(|r| r.open == next.start)
            .map_or(next.end, |r| r.end)
    } else {
        next.end
    };
    let content = Span::from_trusted(first.span.start(), an.toks[end - 1].span.end());
    let cue_span = Span::from_trusted(
        an.toks[cue.start].span.start(),
        an.toks[cue.end - 1].span.end(),
    );
    Some(make_quote(
        text,
        vec![content],
        vec![cue_span],
        source.into_iter().collect(),
        an.sentence_of(cue.start),
    ))
}

/// The span of tokens `a..b` without bare punctuation at either end.
pub(crate) fn trimmed_span(toks: &[Tok], mut a: usize, mut b: usize) -> Option<Span> {
    while a < b && is_bare_punct(&toks[a]) {
        a += 1;
    }
    while b > a && is_bare_punct(&toks[b - 1]) {
        b -= 1;
    }
    (a < b).then(|| Span::from_trusted(toks[a].span.start(), toks[b - 1].span.end()))
}

fn is_bare_punct(t: &Tok) -> bool {
    t.mark.is_none()
        && matches!(
            t.lower.as_str(),
            "," | "." | ";" | ":" | "—" | "–" | "-" | "!" | "?"
        )
}

/// `According to X, CONTENT.` and `CONTENT, according to X.`: the source
/// runs from `to` to the next comma or the sentence end; the content is the
/// rest of the sentence on either side.
pub fn according_to(an: &Analysis, text: &str) -> Vec<Quote> {
    let mut out = Vec::new();
    let toks = &an.toks;
    for i in 0..toks.len().saturating_sub(2) {
        if toks[i].lower != "according" || toks[i + 1].lower != "to" || an.in_quote(i) {
            continue;
        }
        let s = an.sents[an.sentence_of(i)].clone();
        if i + 2 >= s.end {
            continue;
        }
        let mut j = i + 2;
        while j < s.end && j < i + 14 && !is_bare_punct(&toks[j]) && toks[j].mark.is_none() {
            j += 1;
        }
        if j == i + 2 {
            continue;
        }
        let source = Span::from_trusted(toks[i + 2].span.start(), toks[j - 1].span.end());
        let mut content = Vec::new();
        content.extend(trimmed_span(toks, s.start, i));
        if j < s.end && toks[j].lower == "," {
            content.extend(trimmed_span(toks, j + 1, s.end));
        }
        if content.is_empty() {
            continue;
        }
        let cue = Span::from_trusted(toks[i].span.start(), toks[i + 1].span.end());
        out.push(make_quote(
            text,
            content,
            vec![cue],
            vec![source],
            an.sentence_of(i),
        ));
    }
    out
}

/// `CONTENT, our reporter added, CONTENT.` and `CONTENT, X observed.`: a
/// short source (one to four words opening with a determiner, possessive
/// or capital) and a speech verb between a comma and a comma or the
/// sentence end, outside quotations. The content is the rest of the
/// sentence (two fragments when the cue sits inside it).
pub fn parenthetical_cues(an: &Analysis, text: &str) -> Vec<Quote> {
    let mut out = Vec::new();
    let toks = &an.toks;
    for s in &an.sents {
        for c in s.clone() {
            if toks[c].lower != "," || an.in_quote(c) {
                continue;
            }
            // source words, then the verb
            let Some(v) = (c + 2..(c + 6).min(s.end)).find(|&k| {
                matches!(
                    crate::lexicon::cue_class(&toks[k].lower),
                    Some(crate::lexicon::CueClass::Speech)
                )
            }) else {
                continue;
            };
            let src = &toks[c + 1..v];
            let first_ok = matches!(word_class(&src[0]), "DET" | "PRON" | "Cap" | "TITLE");
            if !first_ok || src.iter().any(|t| t.shape == crate::text::Shape::Punct) {
                continue;
            }
            let after = v + 1;
            let closes = after >= s.end
                || toks[after].lower == ","
                || (is_bare_punct(&toks[after]) && after + 1 >= s.end);
            if !closes || c == s.start {
                continue;
            }
            let mut content = Vec::new();
            content.extend(trimmed_span(toks, s.start, c));
            if after < s.end && toks[after].lower == "," {
                content.extend(trimmed_span(toks, after + 1, s.end));
            }
            if content.is_empty() {
                continue;
            }
            let source = Span::from_trusted(src[0].span.start(), src[src.len() - 1].span.end());
            out.push(make_quote(
                text,
                content,
                vec![toks[v].span],
                vec![source],
                an.sentence_of(v),
            ));
        }
    }
    out
}

/// Attributions marked by a colon after a speaker at the start of a
/// paragraph: transcripts (`PENCE: Well, look…`, speaker in capitals) and
/// the headline (`Pat Caddell: Democrat Voters Worried…`, one to four
/// capitalised words). The content runs to the paragraph end.
pub fn colon_attributions(an: &Analysis, text: &str) -> Vec<Quote> {
    let mut out = Vec::new();
    for (pi, p) in an.paras.iter().enumerate() {
        // Transcripts may open each turn with a quote mark.
        let first = p.start + usize::from(an.toks[p.start].mark.is_some());
        let Some(colon) = (first + 1..(first + 5).min(p.end)).find(|&k| an.toks[k].lower == ":")
        else {
            continue;
        };
        if colon + 3 > p.end {
            continue;
        }
        let speaker = &an.toks[first..colon];
        let caps = speaker.iter().all(|t| {
            let w = t.span.slice(text);
            w.chars().any(char::is_alphabetic) && !w.chars().any(char::is_lowercase)
        });
        let names = speaker.iter().all(|t| t.shape == crate::text::Shape::Upper)
            && speaker
                .iter()
                .all(|t| matches!(word_class(t), "Cap" | "TITLE"));
        if !(caps || (pi == 0 && names)) {
            continue;
        }
        let source = Span::from_trusted(
            speaker[0].span.start(),
            speaker[speaker.len() - 1].span.end(),
        );
        let mut last = p.end - 1;
        if pi == 0 && an.toks[last].lower == "." {
            last -= 1; // headlines carry no final period in the annotation
        }
        let content = Span::from_trusted(an.toks[colon + 1].span.start(), an.toks[last].span.end());
        out.push(make_quote(
            text,
            vec![content],
            vec![an.toks[colon].span],
            vec![source],
            an.sentence_of(colon),
        ));
    }
    out
}

/// Quotations signed with a dash, a paragraph each, as in testimonials,
/// reader comments and epigraphs: `“He cannot answer a question.” ― Esther
/// Tapia`. The paragraph opens with a quote mark, a quote mark comes right
/// before the dash (―, —, – or -), and one to six words after it, the first
/// capitalised, end the paragraph (a final period aside). The content runs
/// from the opening to the closing mark, the dash is the cue, the name the
/// source.
pub fn dash_signatures(an: &Analysis, text: &str) -> Vec<Quote> {
    let quote_mark = |k: usize| {
        let l = an.toks[k].lower.as_str();
        l.chars().count() == 1
            && l.chars()
                .all(|c| matches!(c, '"' | '“' | '”' | '„' | '«' | '»'))
    };
    let mut out = Vec::new();
    for p in &an.paras {
        if p.end < p.start + 4 || !quote_mark(p.start) {
            continue;
        }
        let mut last = p.end - 1;
        if an.toks[last].lower == "." {
            last -= 1;
        }
        // The dash: at most six tokens before the paragraph's end.
        let Some(dash) = (last.saturating_sub(6).max(p.start + 2)..last)
            .rev()
            .find(|&k| matches!(an.toks[k].lower.as_str(), "―" | "—" | "–" | "-"))
        else {
            continue;
        };
        let name = &an.toks[dash + 1..=last];
        let is_name = name[0].shape == crate::text::Shape::Upper
            && name.iter().all(|t| {
                let w = t.span.slice(text);
                w == "." || w.chars().next().is_some_and(char::is_alphabetic)
            });
        if !is_name || !quote_mark(dash - 1) {
            continue;
        }
        let content =
            Span::from_trusted(an.toks[p.start].span.start(), an.toks[dash - 1].span.end());
        let source = Span::from_trusted(name[0].span.start(), name[name.len() - 1].span.end());
        out.push(make_quote(
            text,
            vec![content],
            vec![an.toks[dash].span],
            vec![source],
            an.sentence_of(dash),
        ));
    }
    out
}

/// PolNeAR is univocal: a cue inside another attribution's content belongs
/// to that content. Drop attributions whose cue lies inside the content of
/// another attribution (unless each holds the other's cue), and return
/// them (in their order).
pub fn drop_nested(quotes: &mut Vec<Quote>) -> Vec<Quote> {
    let inside =
        |cue: &[Span], content: &[Span]| cue.iter().any(|c| content.iter().any(|s| s.contains(*c)));
    let keep: Vec<bool> = (0..quotes.len())
        .map(|b| {
            !(0..quotes.len()).any(|a| {
                a != b
                    && inside(&quotes[b].cue, &quotes[a].content)
                    && !inside(&quotes[a].cue, &quotes[b].content)
            })
        })
        .collect();
    let (kept, dropped) = std::mem::take(quotes)
        .into_iter()
        .zip(keep)
        .partition::<Vec<_>, _>(|(_, k)| *k);
    *quotes = kept.into_iter().map(|(q, _)| q).collect();
    dropped.into_iter().map(|(q, _)| q).collect()
}

/// Models compiled for decoding: the models and their [`Joint`] table.
#[derive(Debug, Clone)]
pub struct Compiled {
    /// The models (transitions and biases are read from them).
    pub models: Models,
    /// Both models' emission weights in one table.
    pub joint: Joint,
    /// The acceptance model applied to the assembled attributions (none:
    /// every attribution is kept).
    pub accept: Option<Acceptor>,
    /// Least cue-pass score of the [`extra_cues`] offered to the role pass
    /// (none: no extra cues).
    pub extra_cue_min: Option<f32>,
}

impl Compiled {
    /// Compile `models` (after any pruning or bias change), with the
    /// embedded acceptance model when it has weights, and then extra cue
    /// candidates at [`EXTRA_CUE_MIN`].
    pub fn new(models: Models) -> Compiled {
        let joint = Joint::new(&models.cues, &models.roles);
        let accept = Some(Acceptor::embedded()).filter(|a| !a.is_empty());
        Compiled {
            models,
            joint,
            extra_cue_min: accept.as_ref().map(|_| EXTRA_CUE_MIN),
            accept,
        }
    }

    /// Each token's features summed in the joint table, the first
    /// [`CONJOINED`] features of each token (flat, what the role pass
    /// conjoins with each cue's side), and the cue pass's labels (decoded
    /// over each paragraph). Features are not kept beyond that, so little
    /// memory is touched.
    pub fn tag(&self, an: &Analysis) -> (Vec<Row>, Vec<u64>, Vec<Label>) {
        let n = an.toks.len();
        let mut sums = Vec::with_capacity(n);
        let mut base = Vec::with_capacity(n * CONJOINED);
        let joint = &self.joint;
        each_features_hinted(
            &an.context(),
            |h| joint.prefetch(h),
            |_, f| {
                sums.push(self.joint.sum(f));
                base.extend_from_slice(&f[..CONJOINED]);
            },
        );
        let mut labels = vec![Label::O; n];
        let mut e = Vec::new();
        for p in &an.paras {
            e.clear();
            e.extend(sums[p.clone()].iter().map(Row::cue));
            let l = self.models.cues.decode_emissions(&e, &CUE_LABELS);
            labels[p.clone()].copy_from_slice(&l);
        }
        (sums, base, labels)
    }
}

/// Extract quotes from `text` (byte spans into `text`; `sentence` indexes
/// the stage's own sentences), without a parse.
pub fn extract(text: &str, models: &Compiled) -> (Analysis, Vec<Quote>) {
    let an = Analysis::new(text);
    let quotes = extract_analysed(&an, text, models);
    (an, quotes)
}

/// Extract quotes from an analysed `text` (see [`Analysis::with_tokens`]).
pub fn extract_analysed(an: &Analysis, text: &str, models: &Compiled) -> Vec<Quote> {
    let (sums, base, labels) = models.tag(an);
    if models.models.roles.w.is_empty() {
        assemble(an, &labels, text)
    } else {
        assemble_by_cue(an, &base, &sums, &labels, models, text)
    }
}
