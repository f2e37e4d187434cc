#!/usr/bin/env python
"""Give a fresh venv the named distributions (and what they require) that this interpreter has installed, as hard links.

    python .ci/link_dists.py VENV torch torchvision

CI needs torch in three venvs (the main one, the version floors', the wheel check's, which stands for a Colab runtime
that already has torch). A CUDA build of torch takes about 5.5 GB, so a copy per venv can fill a small CI disk. Hard
links take no space; pip in VENV then finds torch installed and leaves it alone. Where a hard link is impossible (VENV
on another file system), the file is copied."""
import importlib.metadata as md, os, shutil, subprocess, sys
from pathlib import Path
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

def closure(names: list[str]) -> list[md.Distribution]:
    "The installed distributions `names` and, recursively, those their requirements name (extras included)."
    seen, done, todo = {}, set(), [(n, '') for n in names]
    while todo:
        name, extra = todo.pop()
        if (canonicalize_name(name), extra) in done: continue
        done.add((canonicalize_name(name), extra))
        try: dist = seen.get(canonicalize_name(name)) or md.distribution(name)
        except md.PackageNotFoundError: sys.exit(f"link_dists: {name!r} is not installed in {sys.prefix}")
        seen[canonicalize_name(name)] = dist
        for r in map(Requirement, dist.requires or []):
            if r.marker is None or r.marker.evaluate({'extra': extra}):
                todo += [(r.name, '')] + [(r.name, e) for e in r.extras]
    return list(seen.values())

def link_tree(dist: md.Distribution, dest: Path) -> int:
    "Hard-link (or copy) the files of `dist` that lie inside its site-packages into `dest`; the number of files."
    site = Path(dist.locate_file('')).resolve(); n = 0
    for f in dist.files or []:
        src = (site/f).resolve()
        if not src.is_relative_to(site) or not src.is_file(): continue   # console scripts in bin/ stay behind
        out = dest/src.relative_to(site); out.parent.mkdir(parents=True, exist_ok=True)
        if out.exists(): continue
        try: os.link(src, out)
        except OSError: shutil.copy2(src, out)
        n += 1
    return n

def main():
    if len(sys.argv) < 3: sys.exit(__doc__)
    venv, names = Path(sys.argv[1]), sys.argv[2:]
    code = 'import sysconfig; print(sysconfig.get_paths()["purelib"])'
    dest = Path(subprocess.check_output([venv/'bin'/'python', '-c', code], text=True).strip())
    dists = closure(names)
    n = sum(link_tree(d, dest) for d in dists)
    print(f"linked {len(dists)} distributions ({n} files) into {dest}")

if __name__ == '__main__': main()
