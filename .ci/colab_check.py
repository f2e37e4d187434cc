#!/usr/bin/env python
"""Run each notebook's Colab install cell against a locally built wheel, then the notebook's import cells.

For every notebook given: the cell holding `%pip install` must install `deepfake_nbdev[notebooks]` from the repository
URL of settings.ini (`git+<git_url>.git`); its pip command runs with that URL replaced by the wheel, in the current
environment (where torch is already installed, as on Colab); then the code cells between the install cell and the
notebook's first section run in a fresh interpreter. Prints one line per notebook and `N passed, N failed`.

    python .ci/colab_check.py WHEEL nbs/04_train.ipynb nbs/05_eval.ipynb nbs/06_inference.ipynb
"""
import configparser, json, re, shlex, subprocess, sys, tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

def repo_spec() -> str:
    cfg = configparser.ConfigParser(delimiters=['=']); cfg.read(ROOT/'settings.ini')
    return f"deepfake_nbdev[notebooks] @ git+{cfg['DEFAULT']['git_url']}.git"

def cells(nb: Path) -> list[dict]:
    return json.loads(nb.read_text(encoding='utf-8'))['cells']

def install_args(nb: Path) -> tuple[int, list[str]]:
    "(index of the install cell, the arguments of its `%pip install`)."
    for i, c in enumerate(cells(nb)):
        for line in ''.join(c['source']).splitlines():
            if c['cell_type'] == 'code' and line.startswith('%pip install'): return i, shlex.split(line)[2:]
    raise ValueError(f"{nb}: no '%pip install' cell")

def import_code(nb: Path, start: int) -> str:
    "The code cells after the install cell and before the first section heading, without nbdev directives."
    out = []
    for c in cells(nb)[start + 1:]:
        src = ''.join(c['source'])
        if c['cell_type'] == 'markdown' and src.lstrip().startswith('## '): break
        if c['cell_type'] == 'code': out += [l for l in src.splitlines() if not l.startswith('#|')]
    return '\n'.join(out)

def check(nb: Path, wheel: Path) -> str | None:
    "None if the notebook's install and import cells work, else what failed."
    i, args = install_args(nb)
    spec = repo_spec()
    if spec not in args: return f"the install cell does not install {spec!r}: {args}"
    args = [a if a != spec else f"deepfake_nbdev[notebooks] @ {wheel.resolve().as_uri()}" for a in args]
    r = subprocess.run([sys.executable, '-m', 'pip', 'install', *args], capture_output=True, text=True)
    if r.returncode: return f"pip install failed:\n{r.stdout[-2000:]}{r.stderr[-2000:]}"
    with tempfile.TemporaryDirectory() as d:     # outside the source tree: the installed package, not the clone
        r = subprocess.run([sys.executable, '-c', import_code(nb, i)], capture_output=True, text=True, cwd=d)
    return f"the import cells failed:\n{r.stderr[-2000:]}" if r.returncode else None

def repo_links_agree() -> str | None:
    "None if every GitHub/Colab link to this project in the README and the notebooks names settings.ini's repository."
    cfg = configparser.ConfigParser(delimiters=['=']); cfg.read(ROOT/'settings.ini')
    want = cfg['DEFAULT']['git_url'].split('github.com/', 1)[1]
    found = set()
    for f in [ROOT/'README.md', *sorted((ROOT/'nbs').glob('*.ipynb'))]:
        found |= {
            (f.name, m) for m in re.findall(r'github(?:\.com)?/([\w.-]+/deepfake[\w.-]*?)(?:\.git|/|\b)', f.read_text())
        }
    wrong = sorted(x for x in found if x[1] != want)
    return f"links to another repository than {want}: {wrong}" if wrong else None

def main():
    wheel, nbs = Path(sys.argv[1]), [Path(p) for p in sys.argv[2:]]
    err = repo_links_agree()
    print(f"{'PASSED' if err is None else 'FAILED'} one repository URL in settings.ini, README and notebooks"
          + (f": {err}" if err else ''))
    failed = err is not None
    for nb in nbs:
        err = check(nb, wheel)
        print(
            f"{'PASSED' if err is None else 'FAILED'} Colab install + imports of {nb.name}"
            + (f": {err}" if err else '')
        )
        failed += err is not None
    print(f"{len(nbs) + 1 - failed} passed, {failed} failed")
    sys.exit(1 if failed else 0)

if __name__ == '__main__': main()
