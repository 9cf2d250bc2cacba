//! CoNLL-U for dyad.
//!
//! - [`read_str`] / [`read_path`] parse a treebank into [`Sentence`]s of
//!   [`Word`]s, keeping multiword tokens, `# text`, `# newdoc` and `# newpar`.
//! - [`documents`] rebuilds the raw text of each document the way the CoNLL
//!   2018 shared task did (sentences joined by a space, paragraphs by a blank
//!   line) and gives every gold token, word and sentence its byte span in it,
//!   so tokenizers and parsers can be scored on raw text.
//! - [`write_doc`] writes a processed [`dyad_doc::Doc`] as CoNLL-U with
//!   `TokenRange=start:end` character offsets in MISC.

#![warn(missing_docs)]

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use dyad_doc::{CharOffsets, Doc, Span};

/// A CoNLL-U reading error, naming the file (if any) and line.
#[derive(Debug, thiserror::Error)]
pub enum ConlluError {
    /// The file could not be read.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// A line is not valid CoNLL-U.
    #[error("{origin}:{line}: {message}")]
    Syntax {
        /// File name or `<input>`.
        origin: String,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        message: String,
    },
}

/// One syntactic word of a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// 1-based word index in the sentence.
    pub id: usize,
    /// Word form.
    pub form: String,
    /// Lemma.
    pub lemma: String,
    /// Universal POS tag.
    pub upos: String,
    /// Language-specific POS tag.
    pub xpos: String,
    /// Morphological features.
    pub feats: String,
    /// Head word index (0 = root).
    pub head: usize,
    /// Dependency relation.
    pub deprel: String,
    /// MISC column.
    pub misc: String,
}

impl Word {
    /// Whether MISC says `SpaceAfter=No`.
    pub fn space_after(&self) -> bool {
        !misc_has(&self.misc, "SpaceAfter=No")
    }
}

fn misc_has(misc: &str, item: &str) -> bool {
    misc.split('|').any(|m| m == item)
}

/// A multiword token line (`3-4  don't`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MultiWord {
    /// First word index.
    pub first: usize,
    /// Last word index (inclusive).
    pub last: usize,
    /// Surface form.
    pub form: String,
    /// MISC column.
    pub misc: String,
}

/// One sentence.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sentence {
    /// `# sent_id`.
    pub sent_id: Option<String>,
    /// `# text`.
    pub text: Option<String>,
    /// `# newdoc id` (or `Some("")` for a bare `# newdoc`).
    pub newdoc: Option<String>,
    /// Whether `# newpar` was present.
    pub newpar: bool,
    /// Syntactic words.
    pub words: Vec<Word>,
    /// Multiword tokens.
    pub multiwords: Vec<MultiWord>,
}

impl Sentence {
    /// Surface tokens in order: `(form, first word index, last word index,
    /// space after)`. A multiword token yields one entry covering its words.
    pub fn surface_tokens(&self) -> Vec<(&str, usize, usize, bool)> {
        let mut out = Vec::with_capacity(self.words.len());
        let mut mw = self.multiwords.iter().peekable();
        let mut i = 0;
        while i < self.words.len() {
            let w = &self.words[i];
            if let Some(m) = mw.peek()
                && m.first == w.id
            {
                let m = mw.next().expect("peeked");
                out.push((
                    m.form.as_str(),
                    m.first,
                    m.last,
                    !misc_has(&m.misc, "SpaceAfter=No"),
                ));
                i += m.last - m.first + 1;
                continue;
            }
            out.push((w.form.as_str(), w.id, w.id, w.space_after()));
            i += 1;
        }
        out
    }
}

/// Read a CoNLL-U file.
pub fn read_path(path: &Path) -> Result<Vec<Sentence>, ConlluError> {
    let text = std::fs::read_to_string(path).map_err(|source| ConlluError::Io {
        path: path.to_owned(),
        source,
    })?;
    read_str(&text, &path.display().to_string())
}

/// Parse CoNLL-U text; `origin` names it in errors.
pub fn read_str(text: &str, origin: &str) -> Result<Vec<Sentence>, ConlluError> {
    let err = |line: usize, message: String| ConlluError::Syntax {
        origin: origin.to_string(),
        line,
        message,
    };
    let mut out = Vec::new();
    let mut cur = Sentence::default();
    let mut started = false;
    for (n, line) in text.lines().enumerate() {
        let lineno = n + 1;
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.is_empty() {
            if started {
                out.push(std::mem::take(&mut cur));
                started = false;
            }
            continue;
        }
        started = true;
        if let Some(comment) = line.strip_prefix('#') {
            let comment = comment.trim_start();
            if let Some(v) = comment.strip_prefix("text = ") {
                cur.text = Some(v.to_string());
            } else if let Some(v) = comment.strip_prefix("sent_id = ") {
                cur.sent_id = Some(v.to_string());
            } else if let Some(rest) = comment.strip_prefix("newdoc") {
                cur.newdoc = Some(rest.trim_start().trim_start_matches("id = ").to_string());
                cur.newpar = true;
            } else if comment.starts_with("newpar") {
                cur.newpar = true;
            }
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != 10 {
            return Err(err(
                lineno,
                format!("expected 10 columns, found {}", cols.len()),
            ));
        }
        let id = cols[0];
        if id.contains('.') {
            continue; // empty node of the enhanced graph
        }
        if let Some((a, b)) = id.split_once('-') {
            let first = a
                .parse()
                .map_err(|_| err(lineno, format!("bad range id {id:?}")))?;
            let last = b
                .parse()
                .map_err(|_| err(lineno, format!("bad range id {id:?}")))?;
            if last < first {
                return Err(err(lineno, format!("inverted range id {id:?}")));
            }
            cur.multiwords.push(MultiWord {
                first,
                last,
                form: cols[1].to_string(),
                misc: cols[9].to_string(),
            });
            continue;
        }
        let id: usize = id
            .parse()
            .map_err(|_| err(lineno, format!("bad word id {id:?}")))?;
        if id != cur.words.len() + 1 {
            return Err(err(lineno, format!("word id {id} out of sequence")));
        }
        let head = if cols[6] == "_" {
            0
        } else {
            cols[6]
                .parse()
                .map_err(|_| err(lineno, format!("bad head {:?}", cols[6])))?
        };
        cur.words.push(Word {
            id,
            form: cols[1].to_string(),
            lemma: cols[2].to_string(),
            upos: cols[3].to_string(),
            xpos: cols[4].to_string(),
            feats: cols[5].to_string(),
            head,
            deprel: cols[7].to_string(),
            misc: cols[9].to_string(),
        });
    }
    if started {
        out.push(cur);
    }
    for (i, s) in out.iter().enumerate() {
        if s.words.iter().any(|w| w.head > s.words.len()) {
            return Err(err(
                0,
                format!("sentence {} has a head out of range", i + 1),
            ));
        }
    }
    Ok(out)
}

/// A gold document rebuilt as raw text with the byte span of every unit.
#[derive(Debug, Clone)]
pub struct GoldDoc {
    /// `# newdoc id`.
    pub id: String,
    /// Raw text: sentences joined by a space, paragraphs by `"\n\n"`.
    pub text: String,
    /// The gold sentences.
    pub sentences: Vec<Sentence>,
    /// Byte span of each sentence.
    pub sentence_spans: Vec<Span>,
    /// Byte span of each surface token, per sentence.
    pub token_spans: Vec<Vec<Span>>,
    /// Byte span of each word, per sentence (words of a multiword token
    /// share its span).
    pub word_spans: Vec<Vec<Span>>,
}

/// `text` hard-wrapped at `column` characters, the way e-mail clients and
/// `conllu_to_text.pl` wrap: spaces turned into line breaks greedily so
/// that no line is longer than `column` unless one word is. Paragraph
/// breaks (`"\n\n"`) are kept, and every byte keeps its offset (a space
/// becomes a `'\n'`), so a [`GoldDoc`]'s spans hold in the wrapped text.
pub fn hard_wrap(text: &str, column: usize) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, para) in text.split("\n\n").enumerate() {
        if i > 0 {
            out.push_str("\n\n");
        }
        let mut width = 0;
        for (j, word) in para.split(' ').enumerate() {
            let w = word.chars().count();
            if j > 0 {
                if width + 1 + w > column {
                    out.push('\n');
                    width = 0;
                } else {
                    out.push(' ');
                    width += 1;
                }
            }
            out.push_str(word);
            width += w;
        }
    }
    out
}

/// Group sentences into documents (at `# newdoc`) and rebuild their text.
pub fn documents(sentences: Vec<Sentence>) -> Vec<GoldDoc> {
    let mut docs: Vec<GoldDoc> = Vec::new();
    for s in sentences {
        if s.newdoc.is_some() || docs.is_empty() {
            docs.push(GoldDoc {
                id: s.newdoc.clone().unwrap_or_default(),
                text: String::new(),
                sentences: Vec::new(),
                sentence_spans: Vec::new(),
                token_spans: Vec::new(),
                word_spans: Vec::new(),
            });
        }
        let doc = docs.last_mut().expect("pushed above");
        if !doc.text.is_empty() {
            doc.text.push_str(if s.newpar { "\n\n" } else { " " });
        }
        let start = doc.text.len();
        let mut toks = Vec::new();
        let mut words = vec![Span::default(); s.words.len()];
        for (form, first, last, space) in s.surface_tokens() {
            let a = doc.text.len();
            doc.text.push_str(form);
            let span = Span::from_trusted(a, doc.text.len());
            toks.push(span);
            for w in first..=last {
                if let Some(slot) = words.get_mut(w - 1) {
                    *slot = span;
                }
            }
            if space {
                doc.text.push(' ');
            }
        }
        // Trailing space after the last token is not part of the sentence.
        while doc.text.ends_with(' ') {
            doc.text.pop();
        }
        doc.sentence_spans
            .push(Span::from_trusted(start, doc.text.len()));
        doc.token_spans.push(toks);
        doc.word_spans.push(words);
        doc.sentences.push(s);
    }
    docs
}

/// Write `doc` as CoNLL-U: one block per sentence, `# text`, token lines with
/// whatever layers are present (`_` otherwise), `TokenRange=start:end` in
/// character offsets and `SpaceAfter=No` in MISC.
pub fn write_doc(doc: &Doc, out: &mut String) {
    let offsets = CharOffsets::new(doc.text());
    if let Some(id) = (!doc.meta.id.is_empty()).then_some(&doc.meta.id) {
        let _ = writeln!(out, "# newdoc id = {id}");
    }
    for (si, sent) in doc.sentences.iter().enumerate() {
        if sent.new_paragraph {
            let _ = writeln!(out, "# newpar");
        }
        let _ = writeln!(out, "# sent_id = {}", si + 1);
        let text = doc.slice(sent.span).replace(['\n', '\r'], " ");
        let _ = writeln!(out, "# text = {text}");
        for ti in sent.tokens() {
            let tok = &doc.tokens[ti];
            let id = ti - sent.token_start + 1;
            let form = doc.slice(tok.span).replace(['\t', '\n', '\r'], " ");
            let lemma = tok.lemma.as_deref().unwrap_or("_");
            let upos = tok.upos.map(|u| u.as_str()).unwrap_or("_");
            let xpos = tok.xpos.as_deref().unwrap_or("_");
            let (head, deprel) = match (&tok.deprel, tok.head) {
                (Some(rel), Some(h)) if sent.tokens().contains(&h) => {
                    ((h - sent.token_start + 1).to_string(), rel.as_str())
                }
                (Some(rel), _) => ("0".to_string(), rel.as_str()),
                (None, _) => ("_".to_string(), "_"),
            };
            let mut misc = format!(
                "TokenRange={}:{}",
                offsets.char_offset(tok.span.start()),
                offsets.char_offset(tok.span.end())
            );
            let next_start = doc
                .tokens
                .get(ti + 1)
                .map(|t| t.span.start())
                .unwrap_or(doc.text().len());
            if next_start == tok.span.end() && ti + 1 < sent.token_end {
                misc.push_str("|SpaceAfter=No");
            }
            let _ = writeln!(
                out,
                "{id}\t{form}\t{lemma}\t{upos}\t{xpos}\t_\t{head}\t{deprel}\t_\t{misc}"
            );
        }
        out.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dyad_doc::{Meta, Sentence as DocSentence, Token};

    #[test]
    fn hard_wrap_moves_no_byte() {
        // (text, column, wrapped)
        let cases = [
            ("one two three four", 9, "one two\nthree\nfour"),
            ("one two three four", 100, "one two three four"),
            // A word longer than the column stands alone on its line.
            ("a extraordinary b", 5, "a\nextraordinary\nb"),
            // Paragraph breaks stay; each paragraph starts a new line count.
            ("aa bb\n\ncc dd", 5, "aa bb\n\ncc dd"),
            // Characters, not bytes, are counted.
            ("été été été", 7, "été été\nété"),
            ("", 10, ""),
        ];
        for (text, column, want) in cases {
            let got = hard_wrap(text, column);
            assert_eq!(got, want, "{text:?} at {column}");
            assert_eq!(got.len(), text.len());
            assert_eq!(got.replace('\n', " "), text.replace('\n', " "));
        }
    }

    const SAMPLE: &str = "# newdoc id = d1
# newpar id = p1
# text = I don't know.
1\tI\tI\tPRON\tPRP\t_\t4\tnsubj\t_\t_
2-3\tdon't\t_\t_\t_\t_\t_\t_\t_\t_
2\tdo\tdo\tAUX\tVBP\t_\t4\taux\t_\t_
3\tn't\tnot\tPART\tRB\t_\t4\tadvmod\t_\t_
4\tknow\tknow\tVERB\tVB\t_\t0\troot\t_\tSpaceAfter=No
5\t.\t.\tPUNCT\t.\t_\t4\tpunct\t_\t_

# text = Fine.
1\tFine\tfine\tADJ\tJJ\t_\t0\troot\t_\tSpaceAfter=No
2\t.\t.\tPUNCT\t.\t_\t1\tpunct\t_\t_

# newpar id = p2
# text = Ok
1\tOk\tok\tINTJ\tUH\t_\t0\troot\t_\t_

";

    #[test]
    fn reads_and_rebuilds() {
        let sents = read_str(SAMPLE, "sample").unwrap();
        assert_eq!(sents.len(), 3);
        assert_eq!(sents[0].surface_tokens().len(), 4);
        let docs = documents(sents);
        assert_eq!(docs.len(), 1);
        let d = &docs[0];
        assert_eq!(d.text, "I don't know. Fine.\n\nOk");
        let toks: Vec<&str> = d.token_spans[0].iter().map(|s| s.slice(&d.text)).collect();
        assert_eq!(toks, ["I", "don't", "know", "."]);
        assert_eq!(d.word_spans[0][2].slice(&d.text), "don't");
        assert_eq!(d.sentence_spans[2].slice(&d.text), "Ok");
    }

    #[test]
    fn errors_name_the_line() {
        let bad = "# text = x\n1\tx\tx\n";
        let e = read_str(bad, "f.conllu").unwrap_err().to_string();
        assert_eq!(e, "f.conllu:2: expected 10 columns, found 3");
        let bad = "1\tx\tx\tX\tX\t_\tzz\tdep\t_\t_\n";
        assert!(
            read_str(bad, "f")
                .unwrap_err()
                .to_string()
                .contains("bad head")
        );
        let bad = "2\tx\tx\tX\tX\t_\t0\troot\t_\t_\n";
        assert!(
            read_str(bad, "f")
                .unwrap_err()
                .to_string()
                .contains("out of sequence")
        );
    }

    #[test]
    fn writes_token_ranges_in_characters() {
        let text = "Київ said no.";
        let mut doc = Doc::new(text, Meta::default());
        let spans = [(0, 8), (9, 13), (14, 16), (16, 17)];
        doc.tokens = spans
            .iter()
            .map(|&(a, b)| Token::new(doc.span(a, b).unwrap()))
            .collect();
        doc.sentences.push(DocSentence {
            span: doc.span(0, text.len()).unwrap(),
            token_start: 0,
            token_end: 4,
            new_paragraph: true,
        });
        let mut out = String::new();
        write_doc(&doc, &mut out);
        assert!(
            out.contains("1\tКиїв\t_\t_\t_\t_\t_\t_\t_\tTokenRange=0:4\n"),
            "{out}"
        );
        assert!(out.contains("3\tno\t_\t_\t_\t_\t_\t_\t_\tTokenRange=10:12|SpaceAfter=No\n"));
        assert!(out.contains("4\t.\t_\t_\t_\t_\t_\t_\t_\tTokenRange=12:13\n"));
    }

    #[test]
    fn ewt_dev_if_present() {
        let Some(path) = dyad_testdata::path("ud-en-ewt/en_ewt-ud-dev.conllu") else {
            return;
        };
        let sents = read_path(&path).unwrap();
        assert_eq!(sents.len(), 2001);
        let docs = documents(sents);
        // Every rebuilt sentence equals its `# text`.
        for d in &docs {
            for (s, span) in d.sentences.iter().zip(&d.sentence_spans) {
                assert_eq!(Some(span.slice(&d.text)), s.text.as_deref());
            }
        }
    }
}
