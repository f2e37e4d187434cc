#!/usr/bin/env python
"""Manipulations no demo recipe trains on: how a demo detector ranks eight kinds of fake made only in this bench.

The demo's four kinds (`DEMO_MANIPULATIONS`) are each one family of traces. The kinds here are others a detector meets
in practice: a region blurred, sharpened, recoloured, given other noise, rotated, copied from elsewhere in the picture
or filled in (object removal), and a whole picture denoised the way generated images look smooth. Each fake starts
from a view of the held-out region of the pictures (no training pixel), drawn as the demo draws its fakes'
starting points, and is finished as the demo finishes its images (maybe JPEG'd once); the real images are the demo's
real views of the same region. Printed: each kind's ROC-AUC against the reals and its recall at the detector's
calibrated threshold, and the mean over kinds.

    python bench/unseen_kinds.py [--model PATH | extra deepfake-demo flags] [--per-class 300] [--keep DIR]

Without `--model`, `deepfake-demo` trains the detector first (in DIR/demo when `--keep DIR` is given; a finished run
there is reused), and its own per-kind ROC-AUC on the demo's test split is printed too. Trained on the demo's real
images alone: `python bench/unseen_kinds.py --real-only --sbi-face-detector none [--sbi-one-change 0]`.
"""
import argparse, json, sys, tempfile
from dataclasses import replace
from pathlib import Path
import cv2
import numpy as np
from machine import cpu_line
from demo_runs import trained

def region(img: np.ndarray, src: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    "`src` blended into `img` through a random soft blob, as the demo's swaps are (`blend_mask`, `blend_through`)."
    from deepfake_nbdev.augment import blend_mask, blend_through
    return blend_through(blend_mask(*img.shape[:2], rng), src, img)

def blurred(img, rng): return cv2.GaussianBlur(img, (0, 0), rng.uniform(1.0, 2.5))

def sharpened(img, rng):
    return cv2.addWeighted(img, 1 + (a := rng.uniform(0.8, 2.0)), blurred(img, rng), -a, 0)

def recoloured(img, rng):
    hsv = cv2.cvtColor(img, cv2.COLOR_RGB2HSV).astype(np.float32)
    hsv[..., 0] = (hsv[..., 0] + rng.choice([-1, 1]) * rng.uniform(6, 15)) % 180
    hsv[..., 1] = np.clip(hsv[..., 1] * rng.uniform(0.7, 1.4), 0, 255)
    return cv2.cvtColor(hsv.astype(np.uint8), cv2.COLOR_HSV2RGB)

def noisier(img, rng): return np.clip(img + rng.normal(0, rng.uniform(4, 10), img.shape), 0, 255).astype(np.uint8)

def rotated(img, rng):
    h, w = img.shape[:2]
    M = cv2.getRotationMatrix2D((w / 2, h / 2), rng.choice([-1, 1]) * rng.uniform(4, 12), rng.uniform(0.9, 1.1))
    return cv2.warpAffine(img, M, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REFLECT_101)

def copied(img, rng):
    h, w = img.shape[:2]
    return np.roll(img, (int(rng.uniform(0.25, 0.5) * h), int(rng.uniform(0.25, 0.5) * w)), (0, 1))

def inpainted(img, rng):
    from deepfake_nbdev.augment import blend_mask
    hole = (blend_mask(*img.shape[:2], rng) > 0.5).astype(np.uint8)
    return cv2.inpaint(img, hole, int(rng.integers(3, 8)), (cv2.INPAINT_TELEA, cv2.INPAINT_NS)[int(rng.integers(2))])

def denoised(img, rng): return cv2.fastNlMeansDenoisingColored(np.ascontiguousarray(img), None, *rng.uniform(5, 12, 2))

UNSEEN_KINDS = {'blurred region': lambda i, r: region(i, blurred(i, r), r),
                'sharpened region': lambda i, r: region(i, sharpened(i, r), r),
                'recoloured region': lambda i, r: region(i, recoloured(i, r), r),
                'noisier region': lambda i, r: region(i, noisier(i, r), r),
                'rotated region': lambda i, r: region(i, rotated(i, r), r),
                'copy-move': lambda i, r: region(i, copied(i, r), r),
                'inpainted': inpainted,
                'denoised picture': denoised}

def write_split(folder: Path, per_class: int, size: int, seed: int = 3) -> tuple[list, dict]:
    "Real views and each unseen kind's fakes of the held-out picture region, as PNGs: (reals, {kind: fakes})."
    from deepfake_nbdev.augment import (MIN_PHOTO_SIDE, DemoViews, demo_photo, demo_region, finish_view,
                                        package_photos, picture_view, write_png)
    rng, views = np.random.default_rng(seed), DemoViews()
    regions = [demo_region(demo_photo(n), 'test') for n in package_photos()]
    regions = [r for r in regions if min(r.shape[:2]) >= MIN_PHOTO_SIDE // 2]   # as make_demo_dataset
    folder.mkdir(parents=True, exist_ok=True)
    real = [write_png(folder/f'real_{i:04d}.png', finish_view(picture_view(regions, size, rng, views), rng, views))
            for i in range(per_class)]
    photo = lambda: picture_view(regions, size, rng, replace(views, flat=0.0))
    fakes = {k: [write_png(folder/f"{k.replace(' ', '_')}_{i:04d}.png", finish_view(f(photo(), rng), rng, views))
                 for i in range(per_class)] for k, f in UNSEEN_KINDS.items()}
    return real, fakes

def kind_scores(model, real: list, fakes: dict) -> tuple[dict, float]:
    "{kind: (ROC-AUC against the reals, recall at the calibrated threshold)}, and the reals' recall."
    from deepfake_nbdev.inference import predict_batch
    from deepfake_nbdev.metrics import compute_metrics
    prob = lambda files: [r['probabilities']['fake'] for r in predict_batch(model, files, progress=False)]
    pr, out = prob(real), {}
    for kind, files in fakes.items():
        m = compute_metrics([0] * len(real) + [1] * len(files), np.array(pr + prob(files)), model.config.threshold)
        out[kind] = (m['roc_auc'], m['recall_fake'])
    return out, m['recall_real']

def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--model', help='score this detector instead of training one with deepfake-demo')
    ap.add_argument('--per-class', type=int, default=300, help='real images, and fakes of each kind')
    ap.add_argument('--keep', help='keep the images (and the run) in this folder')
    a, extra = ap.parse_known_args(argv)
    from deepfake_nbdev.devices import keep_freed_memory
    keep_freed_memory()                                          # as the console scripts predict
    base = Path(a.keep or tempfile.mkdtemp())
    model = Path(a.model) if a.model else trained(base/'demo', extra)
    from deepfake_nbdev.checkpoint import load_trained_model
    detector = load_trained_model(model)
    real, fakes = write_split(base/'unseen', a.per_class, detector.config.image_size)
    rows, recall_real = kind_scores(detector, real, fakes)
    print(f"Unseen kinds of fake, {model} on {cpu_line()}; {len(real)} real images, {a.per_class} fakes per kind\n")
    print('| kind | ROC-AUC | recall fake |\n|---|---:|---:|')
    for kind, (auc, rec) in rows.items(): print(f'| {kind} | {auc:.3f} | {rec:.3f} |')
    aucs, recs = zip(*rows.values())
    print(f'| mean | {np.mean(aucs):.3f} | {np.mean(recs):.3f} |\n\nrecall real: {recall_real:.3f}')
    if (report := model.parent/'demo_report.json').exists():            # the demo's own kinds, as deepfake-demo scored
        by_kind = json.loads(report.read_text())['by_kind']
        print('the demo test split, ROC-AUC by kind: '
              + ' | '.join(f"{k} {v['roc_auc']:.3f}" for k, v in by_kind.items()))
    print(json.dumps({'kinds': rows, 'recall_real': recall_real}))

if __name__ == '__main__': main(sys.argv[1:])
