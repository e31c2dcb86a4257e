#!/usr/bin/env python3
"""Would the CMU 3-gram model separate right spin edits from false ones better than the shipped
bigram margin? An offline probe, not part of the build (docs/spin.md, "Missing").

Usage (pocketsphinx from PyPI reads the model of Debian's pocketsphinx-en-us, BSD-2):
  python3 -m venv /tmp/psv && /tmp/psv/bin/pip install pocketsphinx==5.1.1
  apt-get download pocketsphinx-en-us && dpkg -x pocketsphinx-en-us_*.deb /tmp/ps
  bash scripts/eval_spin.sh --keep /tmp/ev
  /tmp/psv/bin/python scripts/probe_trigram.py --model /tmp/ps/usr/share/pocketsphinx/model/en-us/en-us.lm.bin \
      --keep /tmp/ev [--raw] half-mined+curated-odd half-mined+curated-even dev syn
(run folders of eval_spin.sh --keep: in/ or input/, gold/, and dict.tsv when they used their own
dictionary).

For every applied spin edit (confidence >= 0.5) it scores the clause window (two words either
side) with the replacement and as written, log10 P(w | two previous words) summed over the phrase
and the two words after it, minus the phrase's own probability (--raw: without that), and reports
the AUC of that margin, of the bigram margin in the edit's reason, and of their sum, for telling
right edits from false edits (edits where the gold changes nothing).
"""
import argparse, sys, re, os, json, math
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import spin_errors as se
import pocketsphinx as ps
ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
ap.add_argument("--model", required=True)
ap.add_argument("--keep", required=True)
ap.add_argument("--raw", action="store_true")
ap.add_argument("runs", nargs="+")
args = ap.parse_args()
lm=ps.NGramModel(ps.Config(), ps.LogMath(), args.model)
L=math.log10(1.0001)
W=re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")
def words(s): return [w.replace('’',"'") for w in W.findall(s.lower())]
def score(seq, lo, hi):
    # sum of log10 P(w_i | w_{i-2} w_{i-1}) for i in [lo, hi)
    t=0
    for i in range(lo,hi):
        t+=lm.prob(seq[max(0,i-2):i+1])*L
    return t
OWN = 0.0 if args.raw else 1.0
K, runs = args.keep, args.runs
rows=[]
for r in runs:
    inp,gold=f"{K}/{r}/in",f"{K}/{r}/gold"
    if not os.path.isdir(inp):
        inp=f"{K}/{r}/input"  # the synthetic protocol's folder names
    d=[f"{K}/{r}/dict.tsv"] if os.path.exists(f"{K}/{r}/dict.tsv") else None
    props=se.proposals(os.path.join(se.ROOT,'target','release','unspin'),inp,d)
    for fi,fg in zip(se.files(inp),se.files(gold)):
        a,g=open(fi).read(),open(fg).read()
        bl=se.line_props(a,props.get(os.path.basename(fi),[]))
        for ln,(la,lg) in enumerate(zip(a.split("\n"),g.split("\n")),1):
            toks=se.tokens_with_offsets(la); src=[t for t,_,_ in toks]
            ge=se.diff_edits(src,[t for t,_,_ in se.tokens_with_offsets(lg)])
            for p in bl.get(ln,[]):
                if p['confidence']<0.5: continue
                t0,t1=se.token_range(toks,p['lstart'],p['lend'])
                cov=[x for x in ge if x[0]<=t0 and t1<=x[1]]
                rep=[t for t,_,_ in se.tokens_with_offsets(p['after'])]
                ok = bool(cov) and " ".join(rep) in " ".join(cov[0][2])
                hg = bool([x for x in ge if x[0]<t1 and x[1]>t0])
                # clause context: cut at punctuation
                left=re.split(r"[^\w\s'’-]", la[:p['lstart']])[-1]; right=re.split(r"[^\w\s'’-]", la[p['lend']:])[0]
                lw=words(left)[-2:]; rw=words(right)[:2]
                def win(ph):
                    pw=words(ph); seq=lw+pw+rw
                    return score(seq, len(lw), len(seq)) - OWN*score(pw,0,len(pw))
                m3=win(p['after'])-win(p['before'])
                m=re.search(r"LM context margin ([-+0-9.]+)",p['reason']); m2=float(m.group(1)) if m else 0
                rows.append((ok,hg,m2,m3,p['confidence'],p['before'],p['after']))
def auc(xs):
    pos=[x for ok,hg,x in xs if ok]; neg=[x for ok,hg,x in xs if not hg]
    n=0;c=0
    for a_ in pos:
        for b_ in neg:
            n+=1; c+= 1 if a_>b_ else (0.5 if a_==b_ else 0)
    return c/n if n else float('nan'), len(pos), len(neg)
print("bigram margin AUC (right vs false-edit):", auc([(r[0],r[1],r[2]) for r in rows]))
print("trigram margin AUC:", auc([(r[0],r[1],r[3]) for r in rows]))
print("sum AUC:", auc([(r[0],r[1],r[2]+r[3]) for r in rows]))
