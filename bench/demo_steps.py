#!/usr/bin/env python
"""The demo's work around training, each step timed both ways, interleaved (A B A B ..., best of rounds):

1. writing the demo data: `make_demo_dataset` with its PNG encoding on the calling thread (A) or on a second thread
   (B, the library's way); the files are compared byte for byte;
2. after training, on a finished `deepfake-demo` run: scoring validation and test again for the calibration and the
   evaluation, and scoring the test split once more with the saved detector for the per-kind table (A), or using the
   scores training kept and predicting only the four example verdicts with the saved detector, too few images to be
   worth an ONNX export (B, the library's way).

    python bench/demo_steps.py RUN_DIR [--per-class 3000] [--rounds 2]     # RUN_DIR: a deepfake-demo output folder
"""
import argparse, filecmp, sys, tempfile
from concurrent.futures import Future
from pathlib import Path
from machine import cpu_line, interleaved

class InlineExecutor:
    "An executor that runs each call at once, on the calling thread (`make_demo_dataset`'s writes without a thread)."
    def __init__(self, *args): pass
    def __enter__(self): return self
    def __exit__(self, *exc): return False
    def submit(self, fn, *args):
        f = Future(); f.set_result(fn(*args)); return f

def write_data(inline: bool, per_class: int) -> Path:
    import deepfake_nbdev.augment as aug
    from concurrent.futures import ThreadPoolExecutor
    aug.ThreadPoolExecutor = InlineExecutor if inline else ThreadPoolExecutor
    return aug.make_demo_dataset(Path(tempfile.mkdtemp())/'demo', n_per_class=per_class)

def same_files(a: Path, b: Path) -> bool:
    files = sorted(p.relative_to(a) for p in a.rglob('*.png'))
    return files == sorted(p.relative_to(b) for p in b.rglob('*.png')) and \
        all(filecmp.cmp(a/f, b/f, shallow=False) for f in files)

def evaluation_steps(run: Path):
    "(A, B): the demo's work after training, the old way and the library's way, on the run in `run`."
    from deepfake_nbdev.checkpoint import load_trained_model
    from deepfake_nbdev.data import BalancedDeepfakeDataset, find_images
    from deepfake_nbdev.evaluate import evaluation_report
    from deepfake_nbdev.inference import predict_batch
    from deepfake_nbdev.loaders import make_dataloader
    from deepfake_nbdev.model import model_transform, predict_logits
    m = load_trained_model(run/'best_deepfake_detector.pth')
    ds = {s: BalancedDeepfakeDataset(run/'demo_data'/s/'Real', run/'demo_data'/s/'Fake', transform=model_transform(m),
                                     balance_classes=False, max_samples_per_class=None) for s in ('Validation', 'Test')}
    kept = {k: predict_logits(m, make_dataloader(ds[s], 64, num_workers=2))           # what training keeps
            for k, s in (('val', 'Validation'), ('test', 'Test'))}
    test = find_images(run/'demo_data'/'Test'/'Real') + find_images(run/'demo_data'/'Test'/'Fake')
    report = lambda **kw: evaluation_report(m, ds['Validation'], ds['Test'], tempfile.mkdtemp(), batch_size=64,
                                            num_workers=2, sweep=False, **kw)
    saved = lambda: load_trained_model(run/'best_deepfake_detector.pth')                  # as the demo loads it
    def old(): report(); predict_batch(saved(), test, batch_size=64, progress=False)
    def new(): report(scores=kept); predict_batch(saved(), test[:2] + test[-2:], progress=False)
    return old, new

def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('run', type=Path, help='a deepfake-demo output folder (demo_run)')
    ap.add_argument('--per-class', type=int, default=3000)
    ap.add_argument('--rounds', type=int, default=2)
    a = ap.parse_args(argv)
    folders = {}
    write_data(False, 8)                                      # warm-up: imports, the packages' pictures
    data = interleaved({k: lambda k=k: folders.__setitem__(k, write_data(k == 'A', a.per_class)) for k in 'AB'},
                       a.rounds, warmup=False)
    assert same_files(folders['A'], folders['B']), 'the two ways wrote different files'
    old, new = evaluation_steps(a.run)
    ev = interleaved({'A': old, 'B': new}, a.rounds, warmup=False)
    print(f"\nThe demo's steps around training on {cpu_line()}, best of {a.rounds} interleaved rounds:\n")
    print('| step | A: before | B: now | A / B |\n|---|---:|---:|---:|')
    for name, t in [(f'demo data, {a.per_class} per class (same bytes)', data),
                    ('after training: calibration, evaluation, per-kind table', ev)]:
        print(f"| {name} | {t['A']:.1f} s | {t['B']:.1f} s | {t['A'] / t['B']:.1f}x |")

if __name__ == '__main__': main(sys.argv[1:])
