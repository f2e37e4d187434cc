#!/usr/bin/env python
"""Run every notebook's tests (as `nbdev_test` does) and close with the line `N passed, N failed` that CI reads.

One notebook is one test: a notebook passes when all of its cells run without an exception (its `test_*` and `assert`
cells included). A notebook without any test cell still runs, but counts as skipped, not passed.
Cells flagged with a `tst_flags` flag (`cuda`, `slow`) are skipped unless named with `--flags`."""
import argparse, os, sys, tempfile, time
from pathlib import Path
from fastcore.parallel import parallel
from nbdev.config import get_config
from nbdev.test import test_nb

def _count_test_cells(fn):
    import json
    cells = json.loads(Path(fn).read_text(encoding='utf-8'))['cells']
    return sum(c['cell_type'] == 'code' and any(t in ''.join(c['source']) for t in ('test_', 'assert ')) for c in cells)

def run(files, cfg, a):
    "Test `files` in `a.n_workers` processes: a list of (passed, seconds)."
    # the default start method (fork on Linux), as nbdev_test uses: DataLoader workers inside a notebook must be able to
    # reach classes the notebook defined, which a spawned process cannot
    return parallel(test_nb, files, skip_flags=cfg.tst_flags.split(), force_flags=a.flags.split(),
                    n_workers=a.n_workers, basepath=cfg.config_path, pause=0.01)

def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument('notebooks', nargs='*', help='notebooks to test (default: all in nbs/)')
    p.add_argument('--flags', default='', help='space-separated tst_flags to run anyway, e.g. "slow"')
    p.add_argument('--n_workers', type=int, default=2)
    a = p.parse_args()
    cfg = get_config()
    files = [Path(f).absolute() for f in a.notebooks] or sorted(cfg.nbs_path.glob('[0-9]*.ipynb')) + [
        cfg.nbs_path / 'index.ipynb'
    ]
    files = [f for f in files if f.exists()]
    start = time.time()
    # the notebooks write their examples under tempfile's folder and leave them for the reader to look at: here they
    # go to one folder that is removed at the end (several hundred MB per run would otherwise pile up in /tmp)
    with tempfile.TemporaryDirectory(prefix='nbtests-') as tmp:
        os.environ['TMPDIR'] = tempfile.tempdir = tmp
        res = run(files, cfg, a)
    ok = failed = skipped = 0
    for f, (passed, secs) in zip(files, res):
        n = _count_test_cells(f)
        verdict = 'FAILED' if not passed else 'PASSED' if n else 'SKIPPED'
        ok += verdict == 'PASSED'; failed += verdict == 'FAILED'; skipped += verdict == 'SKIPPED'
        print(f"{verdict} {f.name} ({n} test cells, {secs:.0f} s)")
    print(f"notebook tests finished in {time.time() - start:.0f} s")
    print(f"{ok} passed, {failed} failed, {skipped} skipped")
    sys.exit(1 if failed else 0)

if __name__ == '__main__': main()
