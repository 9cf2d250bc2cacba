//! Scoring gold against itself, rebuilt as a processed `Doc`, gives 100 on
//! every metric: catches index mix-ups between sentence-level gold heads and
//! document-level predicted heads.

use dyad_doc::{Doc, Meta, Sentence, Token, Upos};

const GOLD: &str = "# newdoc id = d1
# text = Trump spoke with Putin.
1\tTrump\tTrump\tPROPN\tNNP\t_\t2\tnsubj\t_\t_
2\tspoke\tspeak\tVERB\tVBD\t_\t0\troot\t_\t_
3\twith\twith\tADP\tIN\t_\t4\tcase\t_\t_
4\tPutin\tPutin\tPROPN\tNNP\t_\t2\tobl\t_\tSpaceAfter=No
5\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_

# text = Talks begin today.
1\tTalks\ttalk\tNOUN\tNNS\t_\t2\tnsubj\t_\t_
2\tbegin\tbegin\tVERB\tVBP\t_\t0\troot\t_\t_
3\ttoday\ttoday\tNOUN\tNN\t_\t2\tobl:tmod\t_\tSpaceAfter=No
4\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_

";

#[test]
fn gold_scored_against_itself_is_perfect() {
    let gold = dyad_conllu::documents(dyad_conllu::read_str(GOLD, "gold").unwrap());
    let g = &gold[0];
    let mut doc = Doc::new(g.text.clone(), Meta::default());
    for (si, s) in g.sentences.iter().enumerate() {
        let start = doc.tokens.len();
        for (wi, w) in s.words.iter().enumerate() {
            let mut t = Token::new(g.word_spans[si][wi]);
            t.upos = Upos::parse(&w.upos);
            t.xpos = Some(w.xpos.clone());
            t.lemma = Some(w.lemma.clone());
            t.head = (w.head > 0).then(|| start + w.head - 1);
            t.deprel = Some(w.deprel.clone());
            doc.tokens.push(t);
        }
        doc.sentences.push(Sentence {
            span: g.sentence_spans[si],
            token_start: start,
            token_end: doc.tokens.len(),
            new_paragraph: si == 0,
        });
    }
    let r = dyad_eval::ud::score_docs(&gold, &[doc]).unwrap();
    let text = r.to_string();
    for metric in [&r.tokens, &r.sentences, &r.words] {
        assert_eq!(metric.f1(), 1.0, "{text}");
    }
    for m in [r.upos, r.xpos, r.lemmas, r.uas, r.las] {
        assert_eq!(m.expect("present").f1(), 1.0, "{text}");
    }
}
