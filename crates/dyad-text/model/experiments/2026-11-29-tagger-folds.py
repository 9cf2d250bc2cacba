# Write the 5 jackknife training files: EWT train minus fold f, folds = contiguous
# document blocks per genre (doc id up to its first '-'), as cv_sentence cuts them.
import sys, collections
src, out, folds = sys.argv[1], sys.argv[2], 5
blocks = open(src, encoding='utf-8').read().split('\n\n')
blocks = [b for b in blocks if b.strip()]
docs = []  # (id, [blocks])
for b in blocks:
    nd = [l for l in b.split('\n') if l.startswith('# newdoc id')]
    if nd or not docs:
        did = nd[0].split('=', 1)[1].strip() if nd else ''
        docs.append((did, []))
    docs[-1][1].append(b)
genre = lambda d: d.split('-')[0]
members = collections.defaultdict(list)
for i, (d, _) in enumerate(docs):
    members[genre(d)].append(i)
fold = [0] * len(docs)
for g, m in members.items():
    for j, i in enumerate(m):
        fold[i] = j * folds // len(m)
for f in range(folds):
    with open(f'{out}/train_minus{f}.conllu', 'w', encoding='utf-8') as w:
        for i, (d, bs) in enumerate(docs):
            if fold[i] != f:
                for b in bs:
                    w.write(b + '\n\n')
print(len(docs), 'docs', collections.Counter(fold))
