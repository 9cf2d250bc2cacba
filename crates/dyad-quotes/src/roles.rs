//! Second pass: given one cue, tag its source and content within the cue's
//! paragraph. Features are the first pass's token features conjoined with
//! the token's position relative to that cue, so each cue gets its own
//! reading of the paragraph.

use crate::extract::Analysis;
use crate::tagger::{Label, NL, bucket, fnv};
use crate::text::Range;

/// Labels the role pass may output (no cue labels).
pub const ROLE_LABELS: [bool; NL] = [true, true, true, false, false, true, true];

fn signed_bucket(d: isize) -> String {
    if d < 0 {
        format!("-{}", bucket((-d) as usize))
    } else {
        format!("+{}", bucket(d as usize))
    }
}

/// Features of the tokens of `para` relative to the cue `cue` (token
/// ranges). `base` holds the first pass's features of every token.
pub fn role_features(an: &Analysis, base: &[Vec<u64>], para: &Range, cue: &Range) -> Vec<Vec<u64>> {
    let toks = &an.toks;
    let cue_sent = an.sentence_of(cue.start);
    let cue_word = toks[cue.start].lower.as_str();
    let cue_last = toks[cue.end - 1].lower.as_str();
    let after_cue = toks.get(cue.end).map_or("</s>", |t| t.lower.as_str());
    let before_cue = if cue.start > para.start {
        toks[cue.start - 1].lower.as_str()
    } else {
        "<s>"
    };
    // Commas and quote marks between each token and the cue.
    let mut punct_before = vec![0u32; para.len() + 1];
    for (k, i) in para.clone().enumerate() {
        let t = &toks[i];
        punct_before[k + 1] =
            punct_before[k] + u32::from(t.lower == "," || t.lower == ":" || t.mark.is_some());
    }
    let cue_k = cue.start - para.start;
    let mut out = Vec::with_capacity(para.len());
    for (k, i) in para.clone().enumerate() {
        let mut f: Vec<u64> = Vec::with_capacity(base[i].len() * 2 + 16);
        let rel: String = if cue.contains(&i) {
            "cue".to_string()
        } else if i < cue.start {
            signed_bucket(i as isize - cue.start as isize)
        } else {
            signed_bucket(i as isize - cue.end as isize + 1)
        };
        let side: &[u8] = if cue.contains(&i) {
            b"C"
        } else if i < cue.start {
            b"L"
        } else {
            b"R"
        };
        let sd = an.sentence_of(i) as isize - cue_sent as isize;
        let sds = sd.clamp(-3, 3).to_string();
        let between = if i < cue.start {
            punct_before[cue_k] - punct_before[k + 1]
        } else if i >= cue.end {
            punct_before[k] - punct_before[cue.end - para.start]
        } else {
            0
        };
        let bw = bucket(between as usize);
        // Base features conjoined with the side and sentence distance.
        for h in &base[i] {
            f.push(*h);
            f.push(fnv(&[b"R", side, sds.as_bytes(), &h.to_le_bytes()]));
        }
        f.push(fnv(&[b"rel", rel.as_bytes()]));
        f.push(fnv(&[b"relsd", rel.as_bytes(), sds.as_bytes()]));
        f.push(fnv(&[b"sd", sds.as_bytes()]));
        f.push(fnv(&[b"sdbw", sds.as_bytes(), side, bw.as_bytes()]));
        f.push(fnv(&[b"cw", side, cue_word.as_bytes()]));
        f.push(fnv(&[b"cwl", side, cue_last.as_bytes()]));
        f.push(fnv(&[b"cwsd", side, sds.as_bytes(), cue_word.as_bytes()]));
        f.push(fnv(&[b"after", side, after_cue.as_bytes()]));
        f.push(fnv(&[b"before", side, before_cue.as_bytes()]));
        f.push(fnv(&[b"relw", rel.as_bytes(), toks[i].lower.as_bytes()]));
        f.push(fnv(&[b"relp", rel.as_bytes(), an.upos[i].as_bytes()]));
        f.push(fnv(&[
            b"sidep",
            side,
            sds.as_bytes(),
            an.upos[i].as_bytes(),
            bw.as_bytes(),
        ]));
        f.push(fnv(&[
            b"sdq",
            sds.as_bytes(),
            side,
            if an.in_quote(i) { b"q" } else { b"-" },
        ]));
        out.push(f);
    }
    out
}

/// Gold labels of `para` for one attribution (source and content only;
/// everything else is O).
pub fn role_gold(all: &[Label], mine: &[bool], para: &Range) -> Vec<Label> {
    para.clone()
        .map(|i| {
            if !mine[i] {
                return Label::O;
            }
            match all[i] {
                Label::BSource | Label::ISource | Label::BContent | Label::IContent => all[i],
                _ => Label::O,
            }
        })
        .collect()
}
