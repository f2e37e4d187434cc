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
    python bench/demo.py --errors demo_run nbs/images/demo_errors.jpg    # the test errors of a demo run, as a picture
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

ERRORS_SHOWN = 8   # per row of the error picture

def error_picture(run: Path, path: Path) -> Path:
    "The demo run's most confident test errors: real images called fake (top row), fakes called real (bottom row)."
    import matplotlib; matplotlib.use('Agg')
    import matplotlib.pyplot as plt
    from deepfake_nbdev.checkpoint import load_trained_model
    from deepfake_nbdev.cli import demo_fake_kind
    from deepfake_nbdev.data import find_images, load_image_rgb
    from deepfake_nbdev.inference import predict_batch
    model = load_trained_model(run/'best_deepfake_detector.pth')
    res = predict_batch(model, find_images(run/'demo_data'/'Test'/'Real') + find_images(run/'demo_data'/'Test'/'Fake'),
                        progress=False)
    wrong = [r for r in res if (r['prediction'] == 'Fake') != bool(demo_fake_kind(r['path']))]
    rows = [sorted((r for r in wrong if not demo_fake_kind(r['path'])), key=lambda r: -r['probabilities']['fake']),
            sorted((r for r in wrong if demo_fake_kind(r['path'])), key=lambda r: r['probabilities']['fake'])]
    fig, axes = plt.subplots(2, ERRORS_SHOWN, figsize=(ERRORS_SHOWN * 1.6, 2 * 1.85), squeeze=False)
    for ax_row, row in zip(axes, rows):
        for ax, r in zip(ax_row, row[:ERRORS_SHOWN] + [None] * ERRORS_SHOWN):
            ax.axis('off')
            if r is None: continue
            kind = demo_fake_kind(r['path']) or 'real'
            ax.imshow(load_image_rgb(r['path'])); ax.set_title(f"{kind} {r['probabilities']['fake']:.2f}", fontsize=8)
    fig.tight_layout(); path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=80, pil_kwargs={'quality': 85}); plt.close(fig)
    print(f"{len(rows[0])} real images called fake, {len(rows[1])} fakes called real "
          f"(threshold {model.config.threshold:.3f}) -> {path}")
    return path

def main(argv: list[str]):
    from deepfake_nbdev.evaluate import class_table
    if '--errors' in argv:
        i = argv.index('--errors')
        return error_picture(Path(argv[i + 1]), Path(argv[i + 2]))
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
