# Ninth session (2026-11-29): a learned choice of weight set per text.
# Reads the DOC lines that cv_sentence prints with DYAD_SENT_ORACLE=1 and
# DYAD_SENT_DOCS=1 (2026-11-29-doc-lines.patch) and EWT train/dev (paths
# relative to the repository root); prints the current switch, the
# per-document oracle, and a one-feature rule (stumps over paragraph
# statistics of the raw text, alone / or / and with the current switch)
# chosen on four folds and scored on the fifth (nested), then on dev.
# Usage: python3 switch_rules.py DOCLINES.txt
import re, sys, itertools, math
def read_docs(path):
    docs=[]; cur=None; para=None
    for line in open(path, encoding='utf-8'):
        line=line.rstrip('\n')
        if line.startswith('# newdoc id'):
            cur={'id':line.split('=',1)[1].strip(),'paras':[]}; docs.append(cur); para=None
        elif line.startswith('# newpar'):
            para=[]; cur['paras'].append(para)
        elif line.startswith('# text ='):
            if para is None:
                para=[]; cur['paras'].append(para)
            para.append(line.split('=',1)[1].strip())
    return docs
TERM=set('.!?')
def feats(d):
    paras=[' '.join(p) for p in d['paras'] if p]
    n=len(paras)
    closed=sum(1 for p in paras if p and (p[-1] in TERM or p[-1] in '"”’\')' or p.endswith('...')))
    words=sum(len(p.split()) for p in paras)
    marks=sum(len(re.findall(r'[.!?]+(\s|$)', p)) for p in paras)
    lowstart=sum(1 for p in paras if p[:1].islower())
    short=sum(1 for p in paras if len(p.split())<=4)
    return dict(n=n, closed=closed/max(n,1), wpp=words/max(n,1), mpw=100*marks/max(words,1),
                low=lowstart/max(n,1), short=short/max(n,1), words=words)
def load(path, set_):
    out={}
    for line in open(path):
        if line.startswith('DOC '+set_+' '):
            _,_,i,l,g,pp,pc,lp,lc=line.split()[:9]
            g,pp,pc,lp,lc=map(int,(g,pp,pc,lp,lc))
            out[i]=dict(layout=int(l), g=g, ep=g+pp-2*pc, el=g+lp-2*lc, pp=pp,pc=pc,lp=lp,lc=lc)
    return out
train=read_docs('../shared/data/ud-en-ewt/en_ewt-ud-train.conllu')
dev=read_docs('../shared/data/ud-en-ewt/en_ewt-ud-dev.conllu')
res=load(sys.argv[1],'cv'); resd=load(sys.argv[1],'dev')
def folds(docs,k=5):
    g=lambda d:d['id'].split('-')[0]
    f={}
    for gen in sorted(set(map(g,docs))):
        mem=[d for d in docs if g(d)==gen]
        for j,d in enumerate(mem): f[d['id']]=j*k//len(mem)
    return f
fo=folds(train)
T=[(d['id'],feats(d),res[d['id']]) for d in train if d['id'] in res]
D=[(d['id'],feats(d),resd[d['id']]) for d in dev if d['id'] in resd]
def f1(rows, choose):
    g=p=c=0
    for i,f,r in rows:
        lay=choose(f,r)
        g+=r['g']; p+=r['lp'] if lay else r['pp']; c+=r['lc'] if lay else r['pc']
    return 200*c/(g+p)
cur=lambda f,r: r['layout']==1
print('current train-cv %.2f dev %.2f'%(f1(T,cur),f1(D,cur)))
print('oracle  train-cv %.2f dev %.2f'%(f1(T,lambda f,r:r['el']<r['ep']),f1(D,lambda f,r:r['el']<r['ep'])))
# rule family: layout iff (closed < a) or (feature op b) ... stumps over one feature, and conjunction with current
keys=['n','closed','wpp','mpw','low','short','words']
def cands():
    for k in keys:
        vals=sorted(set(f[k] for _,f,_ in T))
        qs=[vals[int(q*(len(vals)-1))] for q in [i/20 for i in range(21)]]
        for b in sorted(set(qs)):
            for op in ('lt','ge'):
                for comb in ('alone','or','and'):
                    yield (k,b,op,comb)
def rule(c):
    k,b,op,comb=c
    def ch(f,r):
        s=(f[k]<b) if op=='lt' else (f[k]>=b)
        cu=r['layout']==1
        return s if comb=='alone' else (cu or s) if comb=='or' else (cu and s)
    return ch
allc=list(cands())
# nested CV: choose on 4 folds, apply on held
g=p=c=0
for k in range(5):
    tr=[x for x in T if fo[x[0]]!=k]; te=[x for x in T if fo[x[0]]==k]
    best=max(allc,key=lambda cc:f1(tr,rule(cc)))
    ch=rule(best)
    for i,f,r in te:
        lay=ch(f,r); g+=r['g']; p+=r['lp'] if lay else r['pp']; c+=r['lc'] if lay else r['pc']
    print('fold',k,best)
print('nested-cv learned switch %.2f'%(200*c/(g+p)))
best=max(allc,key=lambda cc:f1(T,rule(cc)))
print('best on all train-cv', best, '%.2f'%f1(T,rule(best)), 'dev %.2f'%f1(D,rule(best)))
