# Ninth session (2026-11-29): a learned choice of weight set per text.
# Reads the DOC lines that cv_sentence prints with DYAD_SENT_ORACLE=1 and
# DYAD_SENT_DOCS=1 (2026-11-29-doc-lines.patch) and EWT train/dev (paths
# relative to the repository root); prints the current switch, the
# per-document oracle, and a one-feature rule (stumps over paragraph
# statistics of the raw text, alone / or / and with the current switch)
# chosen on four folds and scored on the fifth (nested), then on dev.
# 2026-11-29-switch_margins.py reuses it with other features.
# Usage: python3 2026-11-29-switch_rules.py DOCLINES.txt
import re
import sys

EWT = '../shared/data/ud-en-ewt/en_ewt-ud-'
TERM = set('.!?')


def read_docs(path):
    """Documents as lists of paragraphs (lists of sentence texts)."""
    docs, cur, para = [], None, None
    for line in open(path, encoding='utf-8'):
        line = line.rstrip('\n')
        if line.startswith('# newdoc id'):
            cur = {'id': line.split('=', 1)[1].strip(), 'paras': []}
            docs.append(cur)
            para = None
        elif line.startswith('# newpar'):
            para = []
            cur['paras'].append(para)
        elif line.startswith('# text ='):
            if para is None:
                para = []
                cur['paras'].append(para)
            para.append(line.split('=', 1)[1].strip())
    return docs


def text_features(d):
    """Paragraph statistics a splitter can see in the raw text."""
    paras = [' '.join(p) for p in d['paras'] if p]
    n = max(len(paras), 1)
    closed = sum(1 for p in paras if p[-1] in TERM or p[-1] in '"”’\')')
    words = sum(len(p.split()) for p in paras)
    marks = sum(len(re.findall(r'[.!?]+(\s|$)', p)) for p in paras)
    return dict(n=len(paras), closed=closed / n, wpp=words / n,
                mpw=100 * marks / max(words, 1),
                low=sum(1 for p in paras if p[:1].islower()) / n,
                short=sum(1 for p in paras if len(p.split()) <= 4) / n,
                words=words)


def doc_lines(path, set_):
    """DOC lines: gold, predicted and correct with each weight set."""
    out = {}
    for line in open(path):
        if line.startswith('DOC ' + set_ + ' '):
            _, _, i, l, g, pp, pc, lp, lc = line.split()[:9]
            out[i] = dict(layout=int(l), g=int(g), pp=int(pp), pc=int(pc),
                          lp=int(lp), lc=int(lc), line=line)
    return out


def cv_folds(docs, k=5):
    """As dyad_text::cv_folds: contiguous blocks per genre."""
    genre = lambda d: d['id'].split('-')[0]
    f = {}
    for gen in sorted(set(map(genre, docs))):
        mem = [d for d in docs if genre(d) == gen]
        for j, d in enumerate(mem):
            f[d['id']] = j * k // len(mem)
    return f


def f1(rows, choose):
    g = p = c = 0
    for _, f, r in rows:
        lay = choose(f, r)
        g += r['g']
        p += r['lp'] if lay else r['pp']
        c += r['lc'] if lay else r['pc']
    return 200 * c / (g + p)


def stumps(rows, keys, steps):
    """One feature against a cut point, alone or with the current switch."""
    for k in keys:
        vals = sorted(set(f[k] for _, f, _ in rows))
        cuts = sorted(set(vals[int(q * (len(vals) - 1) / steps)] for q in range(steps + 1)))
        for b in cuts:
            for op in ('lt', 'ge'):
                for comb in ('alone', 'or', 'and'):
                    yield (k, b, op, comb)


def rule(c):
    k, b, op, comb = c

    def choose(f, r):
        s = f[k] < b if op == 'lt' else f[k] >= b
        cur = r['layout'] == 1
        return s if comb == 'alone' else (cur or s) if comb == 'or' else (cur and s)
    return choose


def run(path, extra=lambda r: {}, keys=None, steps=20):
    train = read_docs(EWT + 'train.conllu')
    dev = read_docs(EWT + 'dev.conllu')
    res, resd = doc_lines(path, 'cv'), doc_lines(path, 'dev')
    fo = cv_folds(train)
    rows = lambda docs, r: [(d['id'], {**text_features(d), **extra(r[d['id']])}, r[d['id']])
                            for d in docs if d['id'] in r]
    T, D = rows(train, res), rows(dev, resd)
    cur = lambda f, r: r['layout'] == 1
    oracle = lambda f, r: r['g'] + r['lp'] - 2 * r['lc'] < r['g'] + r['pp'] - 2 * r['pc']
    print('current train-cv %.2f dev %.2f' % (f1(T, cur), f1(D, cur)))
    print('oracle  train-cv %.2f dev %.2f' % (f1(T, oracle), f1(D, oracle)))
    allc = list(stumps(T, keys or ['n', 'closed', 'wpp', 'mpw', 'low', 'short', 'words'], steps))
    g = p = c = 0
    for k in range(5):
        tr = [x for x in T if fo[x[0]] != k]
        best = max(allc, key=lambda cc: f1(tr, rule(cc)))
        for _, f, r in (x for x in T if fo[x[0]] == k):
            lay = rule(best)(f, r)
            g += r['g']
            p += r['lp'] if lay else r['pp']
            c += r['lc'] if lay else r['pc']
        print('fold', k, best)
    print('nested-cv learned switch %.2f' % (200 * c / (g + p)))
    best = max(allc, key=lambda cc: f1(T, rule(cc)))
    print('best on all train-cv', best, '%.2f' % f1(T, rule(best)), 'dev %.2f' % f1(D, rule(best)))


if __name__ == '__main__':
    run(sys.argv[1])
