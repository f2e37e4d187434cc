#!/usr/bin/env python
"""The README's demo figures: run `deepfake-demo` as a user would, time it, and print its results as a table.

Runs `deepfake-demo --output-dir DIR` in a fresh folder (the demo data is made anew), measures the command's wall time
(start-up, data, training, evaluation and predictions), reads the `demo_report.json` it writes and prints one markdown
table with the CPU model and the cores, so the README's figures come from this command and nothing else.

    python bench/demo.py [--keep DIR] [extra deepfake-demo flags]
"""
import json, subprocess, sys, tempfile, time
from pathlib import Path
from machine import cpu_line

def main(argv: list[str]):
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

if __name__ == '__main__': main(sys.argv[1:])
