#!/usr/bin/env python
"""Run notebooks and save their outputs (pictures, tables, printed reports) into them, for the docs site.

`python .ci/execute_notebooks.py [NOTEBOOK ...]` (default: every notebook in nbs/), then `nbdev_clean`. Cells flagged
with a `tst_flags` flag (`cuda`, `slow`) are left as they are, as in the tests."""
import sys, time
from pathlib import Path
from execnb.nbio import read_nb, write_nb
from execnb.shell import CaptureShell
from fastcore.xtras import working_directory
from nbdev.config import get_config
from nbdev.process import NBProcessor

def execute(fn: Path, skip_flags):
    nb = read_nb(fn)
    proc = NBProcessor(fn, procs=[], process=True)          # parses directives (`#| cuda`) onto the cells
    def skip(cell):
        if cell.cell_type != 'code': return True
        d = getattr(cell, 'directives_', {}) or {}
        return (
            'nbdev_export(' in cell.source
            or d.get('eval:', [''])[0].lower() == 'false'
            or bool(set(skip_flags) & d.keys())
        )
    with working_directory(fn.parent):
        CaptureShell(fn).run_all(proc.nb, exc_stop=True, preproc=skip)
    for c, pc in zip(nb.cells, proc.nb.cells):
        if c.cell_type == 'code' and not skip(pc): c.outputs, c.execution_count = pc.outputs, pc.execution_count
    write_nb(nb, fn)

if __name__ == '__main__':
    cfg = get_config()
    files = [Path(f).absolute() for f in sys.argv[1:]] or sorted(cfg.nbs_path.glob('[0-9]*.ipynb'))
    for f in files:
        t = time.time(); execute(f, cfg.tst_flags.split()); print(f"executed {f.name} in {time.time() - t:.0f} s")
