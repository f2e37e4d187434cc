#!/usr/bin/env python
"""What a detector that learnt double JPEG makes of real photos compressed again: the share of real images, JPEG'd
once more at each quality, that it calls Real at its calibrated threshold.

Three detectors of the demo recipe: `deepfake-demo` (all four kinds of fake), `deepfake-demo --demo-kinds
sbi,upsample,swap` (never shown a double JPEG, as in `bench/held_out_kinds.py`) and `deepfake-demo --demo-jpeg-quality
30,96` (all four kinds, its views JPEG'd at any quality from 30 instead of 75). All score the same real images, from
a test split written from the held-out region of the pictures (no training pixel), as they are and compressed once
more at each quality; beside them, the ROC-AUC of double-JPEG fakes against the untouched reals.

    python bench/compressed_reals.py [--qualities 90 70 50 30] [--per-class 450] [--keep DIR]
                                     [extra deepfake-demo flags]

With `--keep DIR`, the runs already in DIR (a folder per detector, named as in `RUNS`) are reused.
"""
import argparse, json, sys, tempfile
from pathlib import Path
import numpy as np
from machine import cpu_line
from demo_runs import trained
from held_out_kinds import held_out_split

RUNS = {'all_kinds': ['--demo-kinds', 'sbi,upsample,double_jpeg,swap'],   # the demo's own
        'without_double_jpeg': ['--demo-kinds', 'sbi,upsample,swap'],
        'all_kinds_heavy_jpeg': ['--demo-jpeg-quality', '30,96']}   # views JPEG'd at quality 30-95, not 75-95

def scores(model_path: Path, real: list, fake: list, qualities: list) -> dict:
    "{column: value}: double-JPEG ROC-AUC, and the share of reals called Real as they are and JPEG'd at each quality."
    from deepfake_nbdev.augment import jpeg_roundtrip
    from deepfake_nbdev.checkpoint import load_trained_model
    from deepfake_nbdev.data import load_image_rgb
    from deepfake_nbdev.metrics import compute_metrics
    from deepfake_nbdev.inference import predict_batch, predict_image
    model = load_trained_model(model_path)
    p = [r['probabilities']['fake'] for r in predict_batch(model, real + fake, progress=False)]
    out = {'double JPEG ROC-AUC': compute_metrics([0] * len(real) + [1] * len(fake), np.array(p))['roc_auc'],
           'reals as they are': float(np.mean([q < model.config.threshold for q in p[:len(real)]]))}
    imgs = [load_image_rgb(f) for f in real]
    for q in qualities:
        out[f'reals JPEG {q}'] = float(np.mean([predict_image(model, jpeg_roundtrip(i, q))['prediction'] == 'Real'
                                                for i in imgs]))
    return out

def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--qualities', nargs='+', type=int, default=[90, 70, 50, 30])
    ap.add_argument('--per-class', type=int, default=450)
    ap.add_argument('--keep', help='keep the runs in this folder (and reuse those it holds)')
    a, extra = ap.parse_known_args(argv)
    from deepfake_nbdev.devices import keep_freed_memory
    keep_freed_memory()                                          # as the console scripts predict
    base = Path(a.keep or tempfile.mkdtemp())
    real, fake = held_out_split(base/'test', 'double_jpeg', a.per_class)   # as bench/held_out_kinds.py tests
    rows = {name: scores(trained(base/name, flags + extra), real, fake, a.qualities) for name, flags in RUNS.items()}
    cols = list(next(iter(rows.values())))
    print(f"Real images compressed again, the demo recipe on {cpu_line()}; {len(real)} real, {len(fake)} double JPEG\n")
    print(f"| detector | {' | '.join(cols)} |\n|---|{'---:|' * len(cols)}")
    for name, r in rows.items():
        print(f"| {name.replace('_', ' ')} | {' | '.join(f'{v:.3f}' for v in r.values())} |")
    print(json.dumps(rows))

if __name__ == '__main__': main(sys.argv[1:])
