#!/usr/bin/env python
"""Variants of the demo's recipe that make its blended fakes more varied: the demo's accuracy against its ranking of
the kinds of fake that no recipe here makes (`bench/unseen_kinds.py`).

Each variant is `deepfake-demo` in a process of its own, with one change:

* `demo`: none (the demo as it ships);
* `one_change_self_blends`: the demo data's self-blended fakes change their source in one way only half the time
  (`self_blend(one_change=SBI_ONE_CHANGE)`, as training on real images alone does);
* `fresh_self_blends`: the demo data as it is, but in training a quarter of the fakes are replaced, each time they are
  drawn, by a fresh self-blend of a real training image (`deepfake-demo --self-blend-share 0.25
  --sbi-face-detector none`: 01_augment's `MixedSelfBlendDataset`, its sources changed in one way only half the time);
* `stacked_upsampling` (not run by default; `bench/held_out_kinds.py --variant` uses it): the generator up-sampling
  fakes go through one to three x2 steps, as a generator's decoder stacks them, each an uneven transposed convolution
  with the detail of its scale added back, so their checkerboards repeat every 2, 4 or 8 pixels.

Printed per variant: the demo's test accuracy at its calibrated threshold, its self-blend ROC-AUC, and the mean
ROC-AUC over `bench/unseen_kinds.py`'s eight kinds.

    python bench/demo_variants.py [--variants demo one_change_self_blends fresh_self_blends] [--keep DIR]

Any other flag goes to `deepfake-demo`.
"""
import argparse, json, subprocess, sys, tempfile
from functools import partial
from pathlib import Path
import numpy as np
from machine import cpu_line

DECODER_STEPS = 3    # stacked_upsampling: at most this many x2 steps

def one_change_self_blends():
    "The demo data's self-blends change their source in one way only as often as real-only training's do."
    import deepfake_nbdev.augment as aug
    aug.self_blend = partial(aug.self_blend, one_change=aug.SBI_ONE_CHANGE)

def stacked_upsampling():
    "The generator up-sampling fakes come from a decoder of one to `DECODER_STEPS` uneven x2 up-samplings."
    import cv2
    import deepfake_nbdev.augment as aug
    one_step = aug.upsample_like_generator     # x2 down, then x2 up through an uneven transposed convolution
    def transposed(img, rng):                  # the x2 down of a x2 nearest up is `img` itself: only the up is left
        return one_step(cv2.resize(img, (img.shape[1] * 2, img.shape[0] * 2), interpolation=cv2.INTER_NEAREST), rng)
    def decoder(img, rng):
        steps = int(rng.integers(1, DECODER_STEPS + 1))
        scales = [img.astype(np.float32)]
        for _ in range(steps):
            h, w = scales[-1].shape[:2]
            scales.append(cv2.resize(scales[-1], (max(1, w // 2), max(1, h // 2)), interpolation=cv2.INTER_AREA))
        out = scales[-1]
        for finer, coarser in zip(scales[-2::-1], scales[:0:-1]):
            size = finer.shape[1], finer.shape[0]
            up = cv2.resize(transposed(np.clip(out, 0, 255).astype(np.uint8), rng), size,
                            interpolation=cv2.INTER_NEAREST).astype(np.float32)
            detail = finer - cv2.resize(coarser, size, interpolation=cv2.INTER_LINEAR)
            out = up if finer is scales[0] else up + detail
        return np.clip(out, 0, 255).astype(np.uint8)
    aug.upsample_like_generator = decoder

VARIANTS = {'demo': (lambda: None, []), 'one_change_self_blends': (one_change_self_blends, []),
            'fresh_self_blends': (lambda: None, ['--self-blend-share', '0.25', '--sbi-face-detector', 'none']),
            'stacked_upsampling': (stacked_upsampling, [])}   # name: (patch applied first, deepfake-demo flags)
COMPARED = ['demo', 'one_change_self_blends', 'fresh_self_blends']   # the variants run by default

def run_variant(name: str, demo_args: list):
    "In this process: apply variant `name`, then run `deepfake-demo DEMO_ARGS`."
    patch, flags = VARIANTS[name]
    patch()
    from deepfake_nbdev.cli import demo_cli
    demo_cli([*flags, *demo_args])

def scores(folder: Path, unseen: Path, per_class: int) -> dict:
    "The variant's demo figures and its mean ROC-AUC over the unseen kinds."
    from unseen_kinds import kind_scores, write_split
    from deepfake_nbdev.checkpoint import load_trained_model
    report = json.loads((folder/'demo_report.json').read_text())
    detector = load_trained_model(folder/'best_deepfake_detector.pth')
    rows, _ = kind_scores(detector, *write_split(unseen, per_class, detector.config.image_size))
    return {'test accuracy': report['test_metrics']['accuracy'],
            'self-blend ROC-AUC': report['by_kind']['sbi']['roc_auc'],
            'unseen kinds, mean ROC-AUC': float(np.mean([auc for auc, _ in rows.values()]))}

def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--variants', nargs='+', choices=list(VARIANTS), default=COMPARED)
    ap.add_argument('--per-class', type=int, default=300, help='unseen kinds: real images, and fakes of each kind')
    ap.add_argument('--keep', help='keep the runs in this folder (and reuse those it holds)')
    ap.add_argument('--run', choices=list(VARIANTS), help=argparse.SUPPRESS)   # the child process of one variant
    a, extra = ap.parse_known_args(argv)
    if a.run: return run_variant(a.run, extra)
    from deepfake_nbdev.devices import keep_freed_memory
    keep_freed_memory()                                          # as the console scripts predict
    base, rows = Path(a.keep or tempfile.mkdtemp()), {}
    for name in a.variants:
        if not (base/name/'demo_report.json').exists():
            subprocess.run([sys.executable, __file__, '--run', name, '--output-dir', str(base/name), '--no-progress',
                            *extra], check=True, stdout=subprocess.DEVNULL)
        rows[name] = scores(base/name, base/'unseen', a.per_class)
        print(name, rows[name], flush=True)
    cols = list(next(iter(rows.values())))
    print(f"\nVariants of the demo's recipe on {cpu_line()}\n")
    print(f"| variant | {' | '.join(cols)} |\n|---|{'---:|' * len(cols)}")
    for name, r in rows.items(): print(f"| {name} | {' | '.join(f'{v:.3f}' for v in r.values())} |")

if __name__ == '__main__': main(sys.argv[1:])
