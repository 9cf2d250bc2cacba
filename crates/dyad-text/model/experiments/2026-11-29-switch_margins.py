# Ninth session (2026-11-29): the per-text choice of weight set by the
# models' own confidence: DOC lines with both sets' margin counts
# (2026-11-29-switch-margins.patch instead of the doc-lines patch), stumps
# on their differences (share of candidates within 4 / 8 of the
# threshold, ratio of mean |score|), nested over the five folds.
# Usage: python3 2026-11-29-switch_margins.py DOCLINES.txt
import re, sys
sys.argv=[sys.argv[0], sys.argv[1]]
import os
src=open(os.path.join(os.path.dirname(os.path.abspath(__file__)), '2026-11-29-switch_rules.py')).read()
src=src.split("# rule family")[0]
exec(src)
def loadm(path,set_):
    out={}
    for line in open(path):
        if line.startswith('DOC '+set_+' '):
            m=re.findall(r'\[([^\]]*)\]', line)
            a=[float(x) for x in m[0].split(',')]; b=[float(x) for x in m[1].split(',')]
            n=max(a[0],1)
            out[line.split()[2]]=dict(du4=(b[1]-a[1])/n, du8=(b[2]-a[2])/n, dmean=(b[3]/n)/(a[3]/n+1e-9), du4a=b[1]-a[1], du8a=b[2]-a[2])
    return out
mt=loadm(sys.argv[1],'cv'); md=loadm(sys.argv[1],'dev')
T=[(i,{**f,**mt[i]},r) for i,f,r in T]
D=[(i,{**f,**md[i]},r) for i,f,r in D]
keys=['du4','du8','dmean','du4a','du8a']
def cands():
    for k in keys:
        vals=sorted(set(f[k] for _,f,_ in T))
        qs=[vals[int(q*(len(vals)-1))] for q in [i/40 for i in range(41)]]
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
