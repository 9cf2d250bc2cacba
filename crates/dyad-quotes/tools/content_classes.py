#!/usr/bin/env python3
"""Near misses of content spans, by class.

Reads the JSON lines of `cargo run --release -p dyad-quotes --example eval --
DIR --dump FILE`, pairs gold and predicted contents of each article as the
scorer does (greedy, most shared non-whitespace characters first), keeps the
pairs that overlap but are not exact (and whose prediction matches no gold
content of the article exactly), and counts

- edge differences: side (L/R, or I inside the shared stretch), who has the
  extra characters (`+` gold, `-` the prediction), and what they are
  (punctuation only, one word, 2-3 words, longer, or across a paragraph);
- fragment shapes: gold with two fragments against a one-fragment
  prediction, split by whether the gold cue lies between the fragments and
  which fragment the prediction covers (`cue-between pred=2nd` is the
  `Acts of protest, | Mr. Obama said, | are …` class).

    python3 crates/dyad-quotes/tools/content_classes.py FILE [--top N] [--show CLASS]

`--show CLASS` prints up to five examples of one class (as printed).
"""
import collections
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from span_classes import chars, greedy  # noqa: E402  (the scorer's sets and pairing)


def stretch(text, idx):
    idx = sorted(idx)
    return text[idx[0]:idx[-1] + 1] if idx else ""


def edge_class(text, side, gold_extra, pred_extra):
    if not gold_extra and not pred_extra:
        return None
    if gold_extra and pred_extra:
        return side + " both"
    who = "+" if gold_extra else "-"
    s = stretch(text, gold_extra or pred_extra)
    core = "".join(c for c in s if not c.isspace())
    if all(not c.isalnum() for c in core):
        return f"{side}{who} punct {core}"
    n = len(s.split())
    if "\n" in s:
        kind = "paragraph"
    elif n <= 1:
        kind = "word " + s.strip().lower()
    elif n <= 3:
        kind = "2-3 words"
    else:
        kind = "longer"
    return f"{side}{who} {kind}"


def fragment_class(text, g_att, p_att, p_set):
    (a1, b1), (a2, b2) = g_att["content"]
    cue = g_att["cue"]
    between = bool(cue) and b1 <= cue[0][0] < a2
    c1 = bool(chars(text, [(a1, b1)]) & p_set)
    c2 = bool(chars(text, [(a2, b2)]) & p_set)
    cover = "1st" if c1 and not c2 else "2nd" if c2 and not c1 else "both"
    return ("cue-between" if between else "no-cue-between") + " pred=" + cover


def main():
    args = sys.argv[1:]
    if not args:
        sys.exit(__doc__)
    top = int(args[args.index("--top") + 1]) if "--top" in args else 40
    show = args[args.index("--show") + 1] if "--show" in args else None
    counts, examples = collections.Counter(), collections.defaultdict(list)
    pairs = exact = 0
    with open(args[0]) as f:
        for line in f:
            d = json.loads(line)
            t = d["text"]
            ga = [a for a in d["gold"] if a["content"]]
            pa = [a for a in d["pred"] if a["content"]]
            gs = [chars(t, a["content"]) for a in ga]
            ps = [chars(t, a["content"]) for a in pa]
            gold_sets = set(gs)
            for i, j in greedy(gs, ps):
                g, p = gs[i], ps[j]
                pairs += 1
                if g == p:
                    exact += 1
                    continue
                if p in gold_sets:
                    continue
                shared = g & p
                lo, hi = min(shared), max(shared)
                classes = [
                    edge_class(t, "L", [c for c in g - p if c < lo], [c for c in p - g if c < lo]),
                    edge_class(t, "R", [c for c in g - p if c > hi], [c for c in p - g if c > hi]),
                    edge_class(
                        t, "I", [c for c in g - p if lo < c < hi], [c for c in p - g if lo < c < hi]
                    ),
                ]
                if len(ga[i]["content"]) == 2 and len(pa[j]["content"]) == 1:
                    classes.append("fragments " + fragment_class(t, ga[i], pa[j], p))
                for c in filter(None, classes):
                    counts[c] += 1
                    if len(examples[c]) < 5:
                        examples[c].append((d["name"], stretch(t, g), stretch(t, p)))
    print(f"content: {pairs} pairs, {exact} exact, {pairs - exact} overlapping not exact")
    for c, n in counts.most_common(top):
        print(f"{n:6d}  {c}")
    if show:
        for name, g, p in examples.get(show, []):
            print("==", name)
            print("   G:", g[:400].replace("\n", "/"))
            print("   P:", p[:400].replace("\n", "/"))


if __name__ == "__main__":
    main()
