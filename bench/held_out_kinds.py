#!/usr/bin/env python
"""Generalisation to a manipulation never seen in training: the demo recipe trained on three kinds of fake, tested on
the fourth, for each kind in turn.

For each held-out kind K: `deepfake-demo --demo-kinds <the other three>` (the demo's recipe, data and calibration), then
the saved detector scores a test split written by `make_demo_dataset(kinds=(K,))` from the held-out region of
the pictures (no training pixel): ROC-AUC of K's fakes against the real images and both classes' recall at the
calibrated threshold, beside the ROC-AUC on the three kinds it trained on.
Goal: held-out ROC-AUC >= 0.85 for every kind.

    python bench/held_out_kinds.py [--kinds sbi upsample double_jpeg swap] [--test-per-class 450] [--keep DIR]
                                   [--variant NAME] [--novelty] [extra deepfake-demo flags]

`--variant NAME` trains with one of `bench/demo_variants.py`'s variants of the recipe instead (each in a process of
its own). `--novelty` adds a column: how far the held-out fakes lie from the real training images in the detector's
own features, each branch's (Mahalanobis distance under a Ledoit-Wolf Gaussian of 2,000 training reals) ranked
against the real test images' by ROC-AUC; the best branch is printed.
"""
import argparse, json, subprocess, sys, tempfile, time
from pathlib import Path
import numpy as np
from machine import cpu_line
from demo_variants import VARIANTS

def held_out_split(folder: Path, kind: str, per_class: int) -> tuple[list, list]:
    "About `per_class` real and `kind` test images each, written from the held-out region of the pictures."
    from deepfake_nbdev.augment import make_demo_dataset
    from deepfake_nbdev.data import find_images
    n = int(per_class / 0.98) + 1
    root = make_demo_dataset(folder, n_per_class=n, kinds=(kind,), seed=1, split_fracs=(0.01, 0.01, 0.98))
    return find_images(root/'Test'/'Real'), find_images(root/'Test'/'Fake')

def held_out_scores(model, real: list, fake: list) -> dict:
    "ROC-AUC and accuracy of the detector on real images against fakes of the held-out kind."
    from deepfake_nbdev.evaluate import compute_metrics
    from deepfake_nbdev.inference import predict_batch
    p = [r['probabilities']['fake'] for r in predict_batch(model, real + fake, progress=False)]
    return compute_metrics([0] * len(real) + [1] * len(fake), np.array(p), model.config.threshold)

def branch_features(model, paths: list) -> dict:
    "Each branch's feature vectors (`forward_features`) of the images at `paths`, as arrays by branch name."
    import torch
    from deepfake_nbdev.data import load_image_rgb
    from deepfake_nbdev.model import model_transform
    tf, out = model_transform(model), {}
    with torch.inference_mode():
        for i in range(0, len(paths), 64):
            x = torch.stack([tf(image=load_image_rgb(p))['image'] for p in paths[i:i + 64]])
            for k, v in model.forward_features(x).items(): out.setdefault(k, []).append(v.float().numpy())
    return {k: np.concatenate(v) for k, v in out.items()}

def novelty_auc(model, run: Path, real: list, fake: list, n_train: int = 2000) -> tuple[str, float]:
    "The branch whose features best set `fake` apart from `real` by distance from the training reals, and its ROC-AUC."
    from sklearn.covariance import LedoitWolf
    from sklearn.metrics import roc_auc_score
    from deepfake_nbdev.data import find_images
    train = find_images(run/'demo_data'/'Train'/'Real')
    train = [train[i] for i in np.random.default_rng(0).choice(len(train), min(n_train, len(train)), replace=False)]
    ref, test = branch_features(model, train), branch_features(model, real + fake)
    y = [0] * len(real) + [1] * len(fake)
    aucs = {k: roc_auc_score(y, LedoitWolf().fit(ref[k]).mahalanobis(test[k])) for k in ref}
    return max(aucs.items(), key=lambda kv: kv[1])

def train_without(kind: str, out: Path, variant: str | None, extra: list) -> dict:
    "The demo's recipe (or `variant` of it) trained in `out` on every kind but `kind` (a finished run is reused)."
    from deepfake_nbdev.augment import DEMO_MANIPULATIONS
    seen = ','.join(k for k in DEMO_MANIPULATIONS if k != kind)
    trainer = ([sys.executable, str(Path(__file__).with_name('demo_variants.py')), '--run', variant] if variant
               else ['deepfake-demo'])
    if not (out/'demo_report.json').exists():
        subprocess.run([*trainer, '--output-dir', str(out), '--no-progress', '--demo-kinds', seen, *extra],
                       check=True, stdout=subprocess.DEVNULL)
    return json.loads((out/'demo_report.json').read_text())

def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--kinds', nargs='+', default=['sbi', 'upsample', 'double_jpeg', 'swap'])
    ap.add_argument('--test-per-class', type=int, default=450)
    ap.add_argument('--keep', help='keep the runs in this folder (and reuse those it holds)')
    ap.add_argument('--variant', choices=list(VARIANTS), help="a variant of the recipe from bench/demo_variants.py")
    ap.add_argument('--novelty', action='store_true', help="add the held-out fakes' distance from the training reals")
    a, extra = ap.parse_known_args(argv)
    from deepfake_nbdev.checkpoint import load_trained_model
    base, rows = Path(a.keep or tempfile.mkdtemp()), []
    for kind in a.kinds:
        out, t0 = base/f'without_{kind}', time.perf_counter()
        report = train_without(kind, out, a.variant, extra)
        model = load_trained_model(out/'best_deepfake_detector.pth').eval()   # loaded once for both scores
        real, fake = held_out_split(base/f'test_{kind}', kind, a.test_per_class)
        m = held_out_scores(model, real, fake)
        seen = ', '.join(report['by_kind'])
        row = (f"| {kind} | {seen} | {report['test_metrics']['roc_auc']:.3f} | {m['roc_auc']:.3f} | "
               f"{m['recall_fake']:.3f} | {m['recall_real']:.3f} |")
        if a.novelty:
            branch, auc = novelty_auc(model, out, real, fake)
            row += f" {auc:.3f} ({branch}) |"
        rows.append(row + f" {time.perf_counter() - t0:.0f} s |")
        print(rows[-1], flush=True)
    print(f"\nHeld-out kinds, the demo recipe{f' ({a.variant})' if a.variant else ''} on {cpu_line()}:\n")
    novelty = ' feature distance from reals, ROC-AUC (branch) |' if a.novelty else ''
    print(f'| held out | trained on | ROC-AUC, seen kinds | ROC-AUC, held-out kind | recall fake (held out) | '
          f'recall real |{novelty} time |\n|---|---|---:|---:|---:|---:|{"---:|" * bool(novelty)}---:|')
    print('\n'.join(rows))

if __name__ == '__main__': main(sys.argv[1:])
