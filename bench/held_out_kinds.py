#!/usr/bin/env python
"""Generalisation to a manipulation never seen in training: the demo recipe trained on three kinds of fake, tested on
the fourth, for each kind in turn.

For each held-out kind K: `deepfake-demo --demo-kinds <the other three>` (the demo's recipe, data and calibration), then
the saved detector scores a test split written by `make_demo_dataset(kinds=(K,))` from the held-out region of
the pictures (no training pixel): ROC-AUC of K's fakes against the real images and both classes' recall at the
calibrated threshold, beside the ROC-AUC on the three kinds it trained on.
Goal: held-out ROC-AUC >= 0.85 for every kind.

    python bench/held_out_kinds.py [--kinds sbi upsample double_jpeg swap] [--test-per-class 450] [--keep DIR]
                                   [extra deepfake-demo flags]
"""
import argparse, json, subprocess, sys, tempfile, time
from pathlib import Path
import numpy as np
from machine import cpu_line

def held_out_split(folder: Path, kind: str, per_class: int) -> tuple[list, list]:
    "About `per_class` real and `kind` test images each, written from the held-out region of the pictures."
    from deepfake_nbdev.augment import make_demo_dataset
    from deepfake_nbdev.data import find_images
    n = int(per_class / 0.98) + 1
    root = make_demo_dataset(folder, n_per_class=n, kinds=(kind,), seed=1, split_fracs=(0.01, 0.01, 0.98))
    return find_images(root/'Test'/'Real'), find_images(root/'Test'/'Fake')

def held_out_scores(model_path: Path, kind: str, folder: Path, per_class: int) -> dict:
    "ROC-AUC and accuracy of the detector on a demo test split whose fakes are all `kind`."
    from deepfake_nbdev.evaluate import compute_metrics
    from deepfake_nbdev.inference import predict_batch
    from deepfake_nbdev.checkpoint import load_trained_model
    real, fake = held_out_split(folder, kind, per_class)
    model = load_trained_model(model_path)
    p = [r['probabilities']['fake'] for r in predict_batch(model, real + fake, progress=False)]
    return compute_metrics([0] * len(real) + [1] * len(fake), np.array(p), model.config.threshold)

def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--kinds', nargs='+', default=['sbi', 'upsample', 'double_jpeg', 'swap'])
    ap.add_argument('--test-per-class', type=int, default=450)
    ap.add_argument('--keep', help='keep the runs in this folder')
    a, extra = ap.parse_known_args(argv)
    from deepfake_nbdev.augment import DEMO_MANIPULATIONS
    base = Path(a.keep or tempfile.mkdtemp())
    rows = []
    for kind in a.kinds:
        seen = ','.join(k for k in DEMO_MANIPULATIONS if k != kind)
        out = base/f'without_{kind}'
        t0 = time.perf_counter()
        subprocess.run(['deepfake-demo', '--output-dir', str(out), '--no-progress', '--demo-kinds', seen, *extra],
                       check=True, stdout=subprocess.DEVNULL)
        r = json.loads((out/'demo_report.json').read_text())
        m = held_out_scores(out/'best_deepfake_detector.pth', kind, base/f'test_{kind}', a.test_per_class)
        rows.append(f"| {kind} | {seen.replace(',', ', ')} | {r['test_metrics']['roc_auc']:.3f} | {m['roc_auc']:.3f} | "
                    f"{m['recall_fake']:.3f} | {m['recall_real']:.3f} | {time.perf_counter() - t0:.0f} s |")
        print(rows[-1], flush=True)
    print(f"\nHeld-out kinds, the demo recipe on {cpu_line()}:\n")
    print('| held out | trained on | ROC-AUC, seen kinds | ROC-AUC, held-out kind | recall fake (held out) | '
          'recall real | time |\n|---|---|---:|---:|---:|---:|---:|')
    print('\n'.join(rows))

if __name__ == '__main__': main(sys.argv[1:])
