#!/usr/bin/env python3
"""Token and word (multiword token) mismatches of `dyad tokenize` against a
CoNLL-U gold file, by class (a development aid for the tokenizer).

    python3 crates/dyad-text/tools/token_diff.py GOLD.conllu \
        [--dyad target/release/dyad] [--top 15] [--save run.json] \
        [--compare old.json] [--list CLASS]

Each gold document is rebuilt as raw text the way `dyad eval` does it
(`dyad_conllu::documents`: surface tokens with their SpaceAfter, sentences
joined by a space, paragraphs by a blank line) and given to
`dyad tokenize` alone. dyad's words (TokenRange, character offsets) are
grouped into surface tokens the way `dyad_text::surface_groups` does (a
clitic, a possessive apostrophe after "s" unless it closes a single
quotation, or the second half of a fused or contextual form or an
apostrophe-less possessive, read from src/lexicon.rs and src/tokenize.rs). A gold surface token is
right when a predicted surface token has the same span and the same
words (lower-cased); otherwise it is a token error (`TOK`: no predicted
token with its span) or a word error (`WORD`: same span, other words).
Errors are listed by class with the most frequent gold -> predicted
pairs. `--save` writes the set of wrong gold tokens; `--compare` reads a
saved run and counts, per class, the gold tokens fixed and broken since
(so a change can be checked for more fixed than broken).
"""

import argparse
import collections
import json
import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
LEXICON = os.path.join(HERE, "..", "src", "lexicon.rs")
TOKENIZE = os.path.join(HERE, "..", "src", "tokenize.rs")
APOS = "'’ʼ`"
# Opening brackets and quotation marks (a mark glued after one opens a quote).
OPENING = "([{<\"'`“‘«‹„‚¿¡「『（【〈《〔"


def read_gold(path):
    """Documents as (id, text, [(start, end, [word forms])]) in characters."""
    docs = []
    cur = None
    with open(path, encoding="utf-8") as f:
        block = []
        for line in f:
            line = line.rstrip("\n")
            if line:
                block.append(line)
                continue
            if block:
                cur = add_sentence(docs, cur, block)
                block = []
        if block:
            add_sentence(docs, cur, block)
    return docs


def add_sentence(docs, cur, block):
    newdoc = None
    newpar = False
    rows = []
    for line in block:
        if line.startswith("#"):
            if line.startswith("# newdoc"):
                newdoc = line.split("=", 1)[1].strip() if "=" in line else ""
            if line.startswith("# newpar"):
                newpar = True
            continue
        rows.append(line.split("\t"))
    if newdoc is not None or not docs:
        docs.append({"id": newdoc or "", "text": [], "len": 0, "tokens": []})
    doc = docs[-1]
    if doc["len"]:
        sep = "\n\n" if newpar else " "
        doc["text"].append(sep)
        doc["len"] += len(sep)
    words = {}
    for r in rows:
        if r[0].isdigit():
            words[int(r[0])] = r[1]
    skip_until = 0
    pieces = []
    for r in rows:
        rid = r[0]
        if "." in rid:
            continue
        space = "SpaceAfter=No" not in r[9]
        if "-" in rid:
            a, b = map(int, rid.split("-"))
            pieces.append((r[1], [words[k] for k in range(a, b + 1)], space))
            skip_until = b
            continue
        if int(rid) <= skip_until:
            continue
        pieces.append((r[1], [r[1]], space))
    for form, ws, space in pieces:
        a = doc["len"]
        doc["text"].append(form)
        doc["len"] += len(form)
        doc["tokens"].append((a, doc["len"], ws))
        if space:
            doc["text"].append(" ")
            doc["len"] += 1
    # Trailing spaces are not part of the sentence.
    while doc["text"] and doc["text"][-1] == " ":
        doc["text"].pop()
        doc["len"] -= 1
    return doc


def lexicon_forms():
    """Fused and contextual forms with their split offsets, read from
    lexicon.rs so the grouping follows the code."""
    src = open(LEXICON, encoding="utf-8").read()
    forms = {}
    for name in ("FUSED", "CONTEXTUAL"):
        m = re.search(r"const %s: &\[\(&str, usize\)\] = &\[(.*?)\];" % name, src, re.S)
        if m:
            for w, k in re.findall(r'\("([a-z]+)",\s*(\d+)\)', m.group(1)):
                forms[w] = int(k)
    tok = open(TOKENIZE, encoding="utf-8").read()
    m = re.search(r"const POSSESSIVE_S: &\[&str\] = &\[(.*?)\];", tok, re.S)
    if m:
        for w in re.findall(r'"([a-z]+)"', m.group(1)):
            forms[w] = len(w) - 1
    return forms


FORMS = lexicon_forms()


def is_clitic(w):
    if len(w) > 5 or not w:
        return False
    rest = w[1:].lower()
    if w[0] in APOS:
        return rest in ("s", "m", "d", "re", "ve", "ll")
    if w[0] in "nN":
        return len(rest) == 2 and rest[0] in APOS and rest[1] == "t"
    return False


def joins_previous(prev, word):
    if not prev or not word:
        return False
    if is_clitic(word):
        return True
    if word in ("'", "’") and prev[-1] in "sS" and len(prev) > 1:
        return True
    whole = (prev + word).lower()
    return FORMS.get(whole) == len(prev)


def run_dyad(dyad, text):
    p = subprocess.run([dyad, "tokenize", "-"], input=text.encode("utf-8"),
                       capture_output=True, check=True)
    words = []
    for line in p.stdout.decode("utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        cols = line.split("\t")
        m = re.search(r"TokenRange=(\d+):(\d+)", cols[9])
        words.append((int(m.group(1)), int(m.group(2))))
    return words


def closing_quotes(text, words):
    """Indices of single quotation marks that close a quote after a word
    in "s" (src/tokenize/quotes.rs: they do not join the word)."""
    out = set()
    opened = None
    for k, (a, b) in enumerate(words):
        w = text[a:b]
        glued = k > 0 and words[k - 1][1] == a \
            and text[words[k - 1][0]:words[k - 1][1]][-1:] not in OPENING
        if k > 0 and re.search(r"[\n\r]", text[words[k - 1][1]:a]):
            opened = None
        if w == "‘":
            opened = a
        elif w in ("'", "’") and not glued:
            if w == "'" and k + 1 < len(words) and words[k + 1][0] == b \
                    and text[b:words[k + 1][1]][:1].isalnum():
                opened = a
        elif w in ("'", "’"):
            prev = text[words[k - 1][0]:words[k - 1][1]]
            if opened is not None and a - opened <= 300 and len(prev) > 1 \
                    and prev[-1] in "sS":
                out.add(k)
            opened = None
    return out


def group(text, words):
    toks = []
    closing = closing_quotes(text, words)
    for k, (a, b) in enumerate(words):
        w = text[a:b]
        if toks and toks[-1][1] == a and k not in closing \
                and joins_previous(text[toks[-1][3]:toks[-1][1]], w):
            t = toks[-1]
            toks[-1] = (t[0], b, t[2] + [w], a)
        else:
            toks.append((a, b, [w], a))
    return {(a, b): ws for a, b, ws, _ in toks}


def classify(kind, gold, pred_over):
    """A class name for a wrong gold token (its word forms), given whether
    the error is one of tokens or of words and the predicted tokens over
    its span."""
    form = "".join(gold)
    low = form.lower()
    g = [w.lower() for w in gold]
    p = [w.lower() for w in pred_over]
    if kind == "WORD":
        if low in ("its", "it's", "it’s"):
            return "MWT its/it's"
        last = g[-1] if len(g) > 1 else p[-1]
        if last in ("'s", "’s", "s"):
            return "MWT 's"
        if last in ("n't", "n’t", "nt", "not") or re.search(r"n['’]?t$", low):
            return "MWT n't/not"
        if (len(g) > 1 and g[-1][:1] not in APOS) or (len(p) > 1 and p[-1][:1] not in APOS):
            return "MWT fused (gonna, cannot, your…)"
        return "MWT other clitic"
    # A token error: dyad cuts the gold token ("split") or runs it into a
    # neighbour ("merged"); the class is read off the longer text.
    joined = "".join(pred_over)
    if len(pred_over) > 1 and joined == form:
        how, text = "split", form
    else:
        how = "merged"
        text = max([form] + list(pred_over), key=len)
    return "%s %s" % (content_class(text), how)


def content_class(form):
    if re.search(r"['’`]", form):
        return "apostrophe"
    if re.match(r"(?i)^(https?:|ftp:|www\.)", form) or re.search(
            r"(?i)\.(com|org|net|html?|gov|edu|doc|pdf|xls)\b", form):
        return "url/domain/file"
    if "@" in form:
        return "e-mail/handle"
    if re.fullmatch(r"[:;=8xX][-o^']?[()\[\]DPpO/\\|*3]+|[()\[\]][-']?[:;=]|<3|\^_?\^|-_-|[Tt]_[Tt]|[oO]_[oO]", form):
        return "emoticon"
    if re.search(r"\d", form) and re.search(r"[A-Za-z]", form):
        return "number+letters"
    if re.search(r"\d", form):
        return "number"
    if re.search(r"\w[-–]\w", form):
        return "hyphen"
    if re.search(r"\w/\w", form):
        return "slash"
    if re.fullmatch(r"(?:[A-Za-z]{1,5}\.)+[A-Za-z]{0,4}\.?", form):
        return "abbreviation."
    if re.fullmatch(r"[\W_]+", form):
        return "punctuation"
    if "." in form:
        return "period"
    if "&" in form:
        return "ampersand"
    return "words"


def analyse(dyad, docs, jobs):
    with ThreadPoolExecutor(jobs) as ex:
        runs = list(ex.map(lambda d: run_dyad(dyad, "".join(d["text"])), docs))
    wrong = {}
    n_tok = n_word = ok_tok = ok_word = 0
    pred_tok = pred_word = 0
    for di, (d, words) in enumerate(zip(docs, runs)):
        text = "".join(d["text"])
        pred = group(text, words)
        pred_tok += len(pred)
        pred_word += len(words)
        starts = sorted(pred)
        for a, b, gw in d["tokens"]:
            n_tok += 1
            n_word += len(gw)
            pw = pred.get((a, b))
            if pw is not None:
                ok_tok += 1
                if [w.lower() for w in pw] == [w.lower() for w in gw]:
                    ok_word += len(gw)
                    continue
                kind, over = "WORD", pw
            else:
                kind = "TOK"
                over = [text[s:e] for s, e in starts if s < b and e > a]
            ctx = text[max(0, a - 25):min(len(text), b + 25)].replace("\n", " ")
            key = "%d:%d:%d" % (di, a, b)
            wrong[key] = {
                "kind": kind,
                "class": classify(kind, gw, over),
                "gold": gw,
                "pred": over,
                "ctx": ctx,
            }
    stats = {
        "gold_tokens": n_tok, "gold_words": n_word,
        "pred_tokens": pred_tok, "pred_words": pred_word,
        "ok_tokens": ok_tok, "ok_words": ok_word,
    }
    return wrong, stats


def f1(ok, gold, pred):
    return 200.0 * ok / (gold + pred) if gold + pred else 0.0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("gold")
    ap.add_argument("--dyad", default="target/release/dyad")
    ap.add_argument("--top", type=int, default=12)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--save")
    ap.add_argument("--compare")
    ap.add_argument("--list", help="print every error of this class with context")
    args = ap.parse_args()
    docs = read_gold(args.gold)
    wrong, st = analyse(args.dyad, docs, args.jobs)
    print("gold tokens %d, words %d; predicted tokens %d, words %d" % (
        st["gold_tokens"], st["gold_words"], st["pred_tokens"], st["pred_words"]))
    print("wrong gold tokens: %d (TOK %d, WORD %d); approx token F1 %.2f" % (
        len(wrong), sum(1 for w in wrong.values() if w["kind"] == "TOK"),
        sum(1 for w in wrong.values() if w["kind"] == "WORD"),
        f1(st["ok_tokens"], st["gold_tokens"], st["pred_tokens"])))
    by = collections.defaultdict(list)
    for k, w in wrong.items():
        by[w["class"]].append(w)
    for cls, ws in sorted(by.items(), key=lambda x: -len(x[1])):
        print("\n== %s: %d (TOK %d, WORD %d)" % (
            cls, len(ws), sum(1 for w in ws if w["kind"] == "TOK"),
            sum(1 for w in ws if w["kind"] == "WORD")))
        pairs = collections.Counter(
            "%s %s -> %s" % (w["kind"], " ".join(w["gold"]), " | ".join(w["pred"]))
            for w in ws)
        for pair, n in pairs.most_common(args.top):
            print("  %4d  %s" % (n, pair))
    if args.list:
        print("\n== all of %s" % args.list)
        for w in by.get(args.list, []):
            print("  %s %s -> %s   «%s»" % (
                w["kind"], " ".join(w["gold"]), " | ".join(w["pred"]), w["ctx"]))
    if args.compare:
        old = json.load(open(args.compare, encoding="utf-8"))
        fixed = [old[k] for k in old if k not in wrong]
        broken = [wrong[k] for k in wrong if k not in old]
        print("\n== compared with %s: fixed %d, broken %d" % (args.compare, len(fixed), len(broken)))
        for name, ws in (("fixed", fixed), ("broken", broken)):
            for w in ws[:60]:
                print("  %s %s %s -> %s   «%s»" % (
                    name, w["kind"], " ".join(w["gold"]), " | ".join(w["pred"]), w["ctx"]))
    if args.save:
        with open(args.save, "w", encoding="utf-8") as f:
            json.dump(wrong, f, ensure_ascii=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
