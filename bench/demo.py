#!/usr/bin/env python
"""The README's demo figures: run `deepfake-demo` as a user would, time it, and print its results as tables.

Runs `deepfake-demo --output-dir DIR` in a fresh folder (the demo data is made anew), measures the command's wall time
(start-up, data, training, evaluation and predictions), reads the `demo_report.json` it writes and prints, with the CPU
model and the cores:

1. the test split at the threshold calibrated on validation: ROC-AUC, AP, EER, accuracy and ROC-AUC per kind of fake;
2. the original training script's per-class table (precision, recall, F1; specificity, sensitivity);
3. whole pictures, as a user would pass them to `deepfake-predict`: the share predicted Real among the pictures
   that ship inside installed packages the demo never trained on (goal >= 90%), and among the pictures of the demo's
   own packages (seen in training only as crops and regions), with the least real-looking ones named.

Goals: accuracy >= 0.95, every class's precision and recall >= 0.94, ROC-AUC >= 0.985, every kind >= 0.97,
demo <= 6 min.

    python bench/demo.py [--keep DIR] [extra deepfake-demo flags]
    python bench/demo.py --model demo_run/best_deepfake_detector.pth   # table 3 alone, for a trained detector
"""
import json, site, subprocess, sys, tempfile, time
from pathlib import Path
from machine import cpu_line

MIN_SIDE = 96   # pictures with a shorter side (icons) are not photographs a user would check

def installed_pictures(exclude: tuple) -> list[Path]:
    "Readable pictures (short side >= MIN_SIDE) in the site-packages of this environment, outside `exclude` packages."
    from PIL import Image
    from deepfake_nbdev.data import is_image_file
    out = []
    for sp in {Path(p) for p in site.getsitepackages()}:
        for f in sorted(sp.rglob('*')):
            if not is_image_file(f) and f.suffix.lower() != '.gif' or f.relative_to(sp).parts[0] in exclude: continue
            try:
                with Image.open(f) as im: ok = min(im.size) >= MIN_SIDE
            except Exception: ok = False
            if ok: out.append(f)
    return out

def demo_pictures() -> list[Path]:
    "The pictures `make_demo_dataset` draws from, as files."
    from deepfake_nbdev.augment import package_photos, photo_path
    return [photo_path(n) for n in package_photos()]

def whole_picture_rows(model_path: Path) -> list[str]:
    "Markdown rows: share of whole pictures predicted Real, unseen packages and the demo's own."
    from deepfake_nbdev.augment import DEMO_PHOTO_DIRS
    from deepfake_nbdev.inference import predict_batch
    from deepfake_nbdev.checkpoint import load_trained_model
    model = load_trained_model(model_path)
    rows = []
    for name, files in [('pictures in other installed packages (never trained on)', installed_pictures(
            tuple(DEMO_PHOTO_DIRS))), ("the demo's own pictures, whole", demo_pictures())]:
        res = predict_batch(model, files, progress=False)
        real = [r for r in res if str(r.get('prediction')).lower() == 'real']
        worst = sorted(res, key=lambda r: -r['probabilities']['fake'])[:3]
        rows.append(f"| {name} | {len(res)} | {len(real) / len(res):.3f} | "
                    + ', '.join(f"{Path(r['path']).name} {r['probabilities']['fake']:.2f}" for r in worst) + ' |')
    return rows

def main(argv: list[str]):
    from deepfake_nbdev.evaluate import class_table
    if '--model' in argv:
        print('| whole pictures | n | predicted Real | most fake-looking (P(fake)) |\n|---|---:|---:|---|')
        return print('\n'.join(whole_picture_rows(Path(argv[argv.index('--model') + 1]))))
    keep = argv[argv.index('--keep') + 1] if '--keep' in argv else None
    extra = [a for i, a in enumerate(argv) if a != '--keep' and (i == 0 or argv[i - 1] != '--keep')]
    out = Path(keep or tempfile.mkdtemp())/'demo_run'
    t0 = time.perf_counter()
    subprocess.run(['deepfake-demo', '--output-dir', str(out), '--no-progress', *extra], check=True)
    wall = time.perf_counter() - t0
    r = json.loads((out/'demo_report.json').read_text())
    t, kinds = r['test_metrics'], r['by_kind']
    print(f"\n`deepfake-demo` on {cpu_line()}: {wall:.0f} s wall ({r['train_time_s']:.0f} s training)\n")
    print('| test split | ROC-AUC | AP | EER | accuracy | ' + ' | '.join(f'{k} AUC' for k in kinds) + ' |')
    print('|---|' + '---:|' * (4 + len(kinds)))
    print(
        f"| {t['n']} images | {t['roc_auc']:.3f} | {t['average_precision']:.3f} | {t['eer']:.3f} | "
        f"{t['accuracy']:.3f} | "
        + ' | '.join(f"{m['roc_auc']:.3f}" for m in kinds.values())
        + ' |'
    )
    print('\n' + class_table(t) + '\n')
    print('| whole pictures | n | predicted Real | most fake-looking (P(fake)) |\n|---|---:|---:|---|')
    print('\n'.join(whole_picture_rows(out/'best_deepfake_detector.pth')))

if __name__ == '__main__': main(sys.argv[1:])
