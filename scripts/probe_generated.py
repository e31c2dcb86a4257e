#!/usr/bin/env python3
"""Can generated candidates (reverse thesaurus + LM + document signals) be right with high precision?

Usage:
  bash scripts/eval_spin.sh --keep /tmp/ev
  python3 scripts/probe_generated.py /tmp/ev

Offline probe, not part of unspin. For every lowercase word of a spun text that no entry of the
protocol's dictionary renders, every thesaurus term listing it (WordNet, Moby, inflected; one word,
absent from the document, not an original the dictionary renders another way) is a candidate,
labelled right when the gold edit is exactly that swap. Features: frequency gain, the rendering's
frequency, the bigram context margin, thesaurus links, number of candidates, chain (the word is an
original the map rewrites), count in the document, shared suffix. A logistic regression is trained
on one protocol and ranks the other's words by their best candidate (cross-protocol: never tested
on what it was trained on): split-half (real spinner, the half's mined+curated dictionary) and
the synthetic copies with 20 % of the map hidden. Prints precision at the top of each ranking.
"""
import collections, difflib, glob, json, math, os, random, re, sys
R=os.path.join(os.path.dirname(os.path.abspath(__file__)), '..') + '/'
TOKEN = re.compile(r"\w+(?:[-'’]\w+)*|[^\w\s]", re.UNICODE)
uni={}
for l in open(R+'dictionaries/lm/unigrams.tsv'):
    w,c=l.rstrip('\n').split('\t'); uni[w]=int(c)
TOT=sum(uni.values()); MINU=min(uni.values())
bi={}; bsum=collections.Counter()
for l in open(R+'dictionaries/lm/bigrams.tsv'):
    k,c=l.rstrip('\n').split('\t'); c=int(c); bi[k]=c; bsum[k.split(' ')[0]]+=c
SCALE=sum(bi.values())/TOT
def lp(w): return math.log10(uni.get(w, MINU/10)/TOT)
def lpn(p,w):
    if p not in uni or not bsum[p]: return lp(w)
    ctx=max(uni[p]*SCALE, bsum[p]*1.05)
    c=bi.get(p+' '+w)
    if c: return math.log10(c/ctx)
    return math.log10(min((1-bsum[p]/ctx)*10**lp(w), 1000/ctx))
def load(p):
    d=collections.defaultdict(set)
    for l in open(p):
        t,_,s=l.rstrip('\n').partition('\t')
        for x in s.split('|'): d[t].add(x)
    return d
TH={n:load(R+f'dictionaries/thesaurus/{n}.tsv') for n in ('wordnet','moby','inflected')}
rev=collections.defaultdict(set)
for n,d in TH.items():
    for t,ss in d.items():
        for s in ss: rev[s].add(t)
def syn(a,b): return [n for n,d in TH.items() if b in d.get(a,())]
def loaddict(paths):
    d=collections.defaultdict(set)
    for p in paths:
        for l in open(p):
            if l.startswith('#') or not l.strip(): continue
            c=l.rstrip('\n').split('\t'); d[c[0].lower()].add(c[1].lower())
    return d
def examples(spun_lines, gold_lines, dictpaths, tag):
    D=loaddict(dictpaths)
    spunwords=set(); 
    for k in D: spunwords.update(k.split())
    origs=collections.defaultdict(set)
    for k,vs in D.items():
        for v in vs: origs[v].add(k)
    text='\n'.join(spun_lines)
    present=collections.Counter(t for t in TOKEN.findall(text) if t.islower())
    out=[]
    for la,lg in zip(spun_lines,gold_lines):
        a=TOKEN.findall(la); g=TOKEN.findall(lg)
        gold={}
        skip=set()
        for op,i1,i2,j1,j2 in difflib.SequenceMatcher(None,a,g,autojunk=False).get_opcodes():
            if op=='equal': continue
            if op=='replace' and i2-i1==1 and j2-j1==1: gold[i1]=g[j1].lower()
            else: skip.update(range(i1,max(i2,i1+1)))
        for i,w in enumerate(a):
            if not (w.isalpha() and w.islower() and len(w)>=3) or i in skip: continue
            if w in spunwords: continue   # covered-ish by the dictionary
            prev=a[i-1].lower() if i>0 and a[i-1].isalpha() else None
            nxt=a[i+1].lower() if i+1<len(a) and a[i+1].isalpha() else None
            y=gold.get(i)
            cands=[o for o in rev.get(w,()) if ' ' not in o and o.isalpha() and o.islower() and o!=w]
            for o in cands:
                if present[o]: continue
                if o in origs: continue  # the spinner renders o another way
                f={}
                f['gain']=lp(o)-lp(w)
                f['lw']=lp(w)
                jo=(lpn(prev,o)-lp(o) if prev else 0)+(lpn(o,nxt) if nxt else 0)
                jw=(lpn(prev,w)-lp(w) if prev else 0)+(lpn(w,nxt) if nxt else 0)
                f['cm']=jo-jw
                s=syn(o,w); s2=syn(w,o)
                f['wn']=int('wordnet' in s or 'wordnet' in s2)
                f['moby']=int('moby' in s)
                f['mutual']=int(bool(s) and bool(s2))
                f['inf']=int('inflected' in s or 'inflected' in s2)
                f['ncand']=len(cands)
                f['wchain']=int(w in origs)   # w itself is rewritten by the spinner
                f['cnt']=present[w]
                f['suf']=int(w[-2:]==o[-2:])
                out.append(dict(tag=tag,w=w,o=o,y=int(y==o),spun=int(y is not None),**f))
    return out


def collect(keep):
    dev = os.path.join(R, '..', 'shared', 'data', 'spin', 'dev', '000_cadbfd06963b8beb')
    S = open(dev + '.txt', encoding='utf-8').read().split('\n')
    G = open(dev + '.gold.txt', encoding='utf-8').read().split('\n')
    ex = []
    for train, test in (('odd', 'even'), ('even', 'odd')):
        keep_line = (lambda n: n % 2 == 0) if test == 'even' else (lambda n: n % 2 == 1)
        sl = [l for i, l in enumerate(S, 1) if keep_line(i)]
        gl = [l for i, l in enumerate(G, 1) if keep_line(i)]
        ex += examples(sl, gl, [f'{keep}/half-mined+curated-{train}/dict.tsv'], 'half-' + test)
    for f in sorted(glob.glob(f'{keep}/syn/input/*.txt')):
        g = f.replace('/input/', '/gold/')
        ex += examples(open(f, encoding='utf-8').read().split('\n'), open(g, encoding='utf-8').read().split('\n'),
                       [f'{keep}/holdout.tsv'], 'hold-' + os.path.basename(f))
    return ex
F=['gain','lw','cm','wn','moby','mutual','inf','ncand_l','wchain','cnt','suf','gain_pos','cm_pos']
def fv(e):
    e['ncand_l']=math.log(1+e['ncand']); e['gain_pos']=max(e['gain'],0); e['cm_pos']=max(e['cm'],0)
    return [1.0]+[float(e[k]) for k in F]
def train(data, epochs=30, lr=0.05, l2=1e-3):
    X=[fv(e) for e in data]; Y=[e['y'] for e in data]
    w=[0.0]*len(X[0]); pos=sum(Y); wpos=(len(Y)-pos)/max(pos,1)
    idx=list(range(len(X))); random.seed(1)
    for ep in range(epochs):
        random.shuffle(idx)
        for i in idx:
            z=sum(a*b for a,b in zip(w,X[i])); p=1/(1+math.exp(-max(min(z,30),-30)))
            g=(p-Y[i])*(wpos if Y[i] else 1.0)
            for j in range(len(w)): w[j]-=lr*(g*X[i][j]+l2*w[j])/ (wpos**0.5)
    return w
def evaluate(w,data,name):
    byword=collections.defaultdict(list)
    for e in data:
        byword[(e['tag'],id(e) if False else e['w'], )].append(e)
    # per occurrence: group by (tag, w) is approximate; use every candidate, top per (tag,w)
    best=[]
    for k,es in byword.items():
        s=[(sum(a*b for a,b in zip(w,fv(e))),e) for e in es]
        z,e=max(s,key=lambda t:t[0]); best.append((z,e['y'],e['spun'],e['w'],e['o']))
    best.sort(key=lambda t:-t[0])
    npos=len({(e['tag'],e['w']) for e in data if e['y']})
    print(name, 'words',len(best),'positive words',npos)
    tp=0
    for k,(z,y,sp,ww,o) in enumerate(best[:60],1):
        tp+=y
        if k in (5,10,20,30,40,60): print(f'  top{k}: right {tp} prec {tp/k:.2f} z {z:.2f}')
    return best

if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    ex = collect(sys.argv[1])
    half=[e for e in ex if e['tag'].startswith('half')]; hold=[e for e in ex if e['tag'].startswith('hold')]
    w=train(hold,epochs=3)
    print('weights', dict(zip(['b']+F,[round(x,2) for x in w])))
    b=evaluate(w,half,'train synthetic-hold -> test split-half')
    for z,y,sp,ww,o in b[:25]: print(f'   {z:.2f} {y} spun={sp} {ww}->{o}')
    w2=train(half,epochs=5)
    print('weights', dict(zip(['b']+F,[round(x,2) for x in w2])))
    evaluate(w2,hold,'train split-half -> test synthetic-hold')

