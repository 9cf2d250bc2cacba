#!/usr/bin/env python3
"""Near misses of source and cue spans, by class.

Reads the JSON lines of `cargo run --release -p dyad-quotes --example eval --
DIR --dump FILE` and, per role (source, cue), pairs gold and predicted values
of each article as the scorer does (greedy, most shared non-whitespace
characters first), keeps the pairs that overlap but are not exact (and whose
prediction matches no gold value of the article exactly), and prints the
edge differences: side (L/R), who has the extra words (`+` gold, `-` the
prediction), the words and their UPOS / relations.

    python3 crates/dyad-quotes/tools/span_classes.py FILE [--role source|cue] [--top N] [--raw]
"""
import collections
import json
import sys


def chars(text, frags):
    return frozenset(i for a, b in frags for i in range(a, b) if not text[i].isspace())


def greedy(gold, pred):
    cands = []
    for i, g in enumerate(gold):
        for j, p in enumerate(pred):
            w = len(g & p)
            if w:
                cands.append((-w, i, j))
    cands.sort()
    gu, pu, out = set(), set(), []
    for _, i, j in cands:
        if i not in gu and j not in pu:
            gu.add(i)
            pu.add(j)
            out.append((i, j))
    return out


def words(doc, lo, hi):
    """Tokens (text, upos, rel) lying in code points lo..hi."""
    out = []
    for t in doc["toks"]:
        a, b = t[0], t[1]
        if a >= lo and b <= hi:
            out.append((doc["text"][a:b], t[2], t[3]))
    return out


def classify(role, side, sign, ws):
    """A class name for an edge difference (gold-side view)."""
    texts = [w[0] for w in ws]
    low = [w.lower() for w in texts]
    ups = [w[1] for w in ws]
    rels = [w[2] for w in ws]
    if not ws:
        return "punct/partial-token"
    if all(u == "PUNCT" for u in ups):
        return "punct " + " ".join(texts)
    if role == "source":
        if side == "R" and low[0] == "," and len(ws) > 1:
            if low[1] in ("who", "which", "whose", "that"):
                return "relative clause"
            return "appositive (, X)"
        if side == "R" and low[0] in ("who", "which", "that"):
            return "relative clause"
        if side == "R" and low[0] in ("'s", "’s"):
            return "possessive 's"
        if side == "L" and low == ["the"] or (side == "L" and low and low[0] in ("the", "a", "an") and len(ws) == 1):
            return "determiner"
        if side == "L" and all(u in ("PROPN", "NOUN", "ADJ", "DET", "PUNCT") for u in ups) and ups[-1] in ("PROPN", "NOUN", "ADJ"):
            return "title/modifier before name"
        if side == "R" and ups[0] in ("ADP",):
            return "prep phrase after (" + low[0] + ")"
        if side == "R" and ups[0] in ("PROPN",):
            return "name tail"
        if side == "R" and ups[0] == "CCONJ":
            return "conjunct"
        return "other " + " ".join(ups[:4])
    # cue
    if side == "R" and low[0] == "according":
        return "according to"
    if low and low[-1] == ":" or low[0] == ":":
        return "colon"
    if side == "L" and all(u in ("AUX", "PART") for u in ups):
        if any(l in ("not", "n't", "never") for l in low):
            return "negation/aux left"
        return "auxiliary left"
    if any(l in ("not", "n't", "never") for l in low):
        return "negation"
    if all(u == "ADV" for u in ups):
        return "adverb " + side
    if side == "L" and ups[-1] == "ADV":
        return "aux+adverb left"
    if side == "R" and all(u in ("ADP",) for u in ups):
        return "preposition/particle R (" + low[0] + ")"
    if side == "R" and rels and rels[0] == "compound:prt":
        return "particle R"
    if side == "R" and ups[0] in ("PRON", "PROPN", "NOUN", "DET") and len(ws) <= 4:
        return "object R"
    if side == "R" and ups[0] == "PART" and low[0] == "to":
        return "to R"
    if side == "R" and ups[0] == "SCONJ":
        return "sconj R (" + low[0] + ")"
    if side == "R" and ups[0] == "ADP":
        return "prep phrase R (" + low[0] + ")"
    return "other " + side + " " + " ".join(ups[:4])


def main():
    path = sys.argv[1]
    role = "source"
    top = 40
    raw = "--raw" in sys.argv
    if "--role" in sys.argv:
        role = sys.argv[sys.argv.index("--role") + 1]
    if "--top" in sys.argv:
        top = int(sys.argv[sys.argv.index("--top") + 1])
    classes = collections.Counter()
    examples = collections.defaultdict(list)
    npairs = nexact = nnear = 0
    for line in open(path, encoding="utf-8"):
        doc = json.loads(line)
        text = doc["text"]
        gold = [chars(text, g[role]) for g in doc["gold"] if g[role]]
        gold = [g for g in gold if g]
        pred = [chars(text, p[role]) for p in doc["pred"] if p[role]]
        pred = [p for p in pred if p]
        gset = set(gold)
        for i, j in greedy(gold, pred):
            npairs += 1
            g, p = gold[i], pred[j]
            if g == p or p in gset:
                nexact += 1
                continue
            nnear += 1
            diffs = []
            gl, gh, pl, ph = min(g), max(g) + 1, min(p), max(p) + 1
            if gl < pl:
                diffs.append(("L", "+", gl, pl))
            elif pl < gl:
                diffs.append(("L", "-", pl, gl))
            if gh > ph:
                diffs.append(("R", "+", ph, gh))
            elif ph > gh:
                diffs.append(("R", "-", gh, ph))
            if not diffs:
                diffs.append(("M", "?", gl, gh))
            keys = []
            for side, sign, lo, hi in diffs:
                ws = words(doc, lo, hi)
                if raw:
                    k = " ".join(w[0] for w in ws[:5])
                    if len(ws) > 5:
                        k += " …"
                else:
                    k = classify(role, side, sign, ws)
                keys.append(f"{side}{sign} {k}")
            key = " & ".join(keys)
            classes[key] += 1
            if len(examples[key]) < 3:
                gt = text[gl:gh].replace("\n", " ")
                pt = text[pl:ph].replace("\n", " ")
                examples[key].append(f"G[{gt}] P[{pt}]")
    print(f"{role}: {npairs} pairs, {nexact} exact, {nnear} overlapping not exact")
    for k, c in classes.most_common(top):
        print(f"{c:5}  {k}")
        for e in examples[k]:
            print("         ", e[:200])


if __name__ == "__main__":
    main()
