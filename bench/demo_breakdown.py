#!/usr/bin/env python
"""Where the demo detector falls short: test ROC-AUC, AP and EER of each kind of demo fake against all real test images.

`deepfake-demo` writes `demo_run/` (the demo data and `best_deepfake_detector.pth`); the demo fakes carry their
manipulation in their file name (`fake_0001_swap.png`). This script scores the test split with the saved checkpoint
and prints one row per manipulation.

    python bench/demo_breakdown.py [demo_run]
"""
import sys
from pathlib import Path
import numpy as np
from deepfake_nbdev.augment import DEMO_MANIPULATIONS
from deepfake_nbdev.evaluate import compute_metrics
from deepfake_nbdev.inference import load_trained_model, predict_batch

def main(run='demo_run'):
    run = Path(run); test = run/'demo_data'/'Test'
    model = load_trained_model(run/'best_deepfake_detector.pth', 'cpu')
    files = sorted((test/'Real').glob('*.png')) + sorted((test/'Fake').glob('*.png'))
    res = [r for r in predict_batch(model, files, batch_size=64, progress=False) if 'error' not in r]
    p_fake = np.array([r['probabilities']['fake'] for r in res])
    names = [Path(r['path']).stem for r in res]
    is_fake = np.array([n.startswith('fake') for n in names])
    def row(name, sel):
        m = compute_metrics(is_fake[sel], p_fake[sel])
        print(f"| {name} | {(is_fake & sel).sum()} | {m['roc_auc']:.3f} | {m['average_precision']:.3f} | {m['eer']:.3f} |")
    print(f"| fakes (vs all {(~is_fake).sum()} real) | n | ROC-AUC | AP | EER |\n|---|---:|---:|---:|---:|")
    row('all', np.ones_like(is_fake))
    for kind in DEMO_MANIPULATIONS: row(kind, ~is_fake | np.array([n.endswith(f'_{kind}') for n in names]))

if __name__ == '__main__': main(*sys.argv[1:])
