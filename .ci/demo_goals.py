#!/usr/bin/env python
"""Check the demo's goals on the `demo_report.json` that `deepfake-demo` writes: test ROC-AUC, each kind's ROC-AUC
and the accuracy at the calibrated threshold (regression guards, below the figures the README reports).

    python .ci/demo_goals.py demo_run/demo_report.json [--auc 0.97] [--kind-auc 0.95] [--accuracy 0.94]
"""
import argparse, json, sys

def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument('report')
    p.add_argument('--auc', type=float, default=0.97)
    p.add_argument('--kind-auc', type=float, default=0.95)
    p.add_argument('--accuracy', type=float, default=0.94)
    a = p.parse_args()
    r = json.load(open(a.report))
    t = r['test_metrics']
    checks = [('test ROC-AUC', t['roc_auc'], a.auc), ('test accuracy', t['accuracy'], a.accuracy)]
    checks += [(f'{k} ROC-AUC', m['roc_auc'], a.kind_auc) for k, m in r['by_kind'].items()]
    bad = [(n, v, g) for n, v, g in checks if not v >= g]
    for n, v, g in checks: print(f"{'ok  ' if v >= g else 'MISS'} {n} {v:.4f} (goal >= {g})")
    print(f"demo wall time {r['wall_s']:.0f} s")
    print('made with ' + ', '.join(f'{k} {v}' for k, v in r['versions'].items()))   # the figures move with these
    sys.exit(1 if bad else 0)

if __name__ == '__main__': main()
