#!/usr/bin/env python
"""Build the documentation site into `_docs/`, offline: `python .ci/docs.py`.

nbdev's own `nbdev_docs` needs quarto, which is installed from GitHub and cannot be fetched offline. This script does
what it does without quarto: refresh `nbs/nbdev.yml` and `nbs/sidebar.yml`, process the notebooks into `_proc/`
(`show_doc` tables, directives, the top-level `_quarto.yml` through the `nbs/_quarto.yml` link), then render `_proc/`
with quarto when it is on PATH, else with the pure-Python `smalldocs`, and move the site to `_docs/`.
The GitHub deploy workflow keeps using quarto (`nbdev_docs`)."""
import shutil, subprocess, sys
from pathlib import Path

def main():
    from nbdev.config import get_config
    from nbdev.quarto import refresh_quarto_yml, nbdev_sidebar
    from nbdev.serve import proc_nbs
    import nbdev.doclinks
    cfg = get_config()
    root, nbs = cfg.config_path, cfg.nbs_path
    refresh_quarto_yml()
    nbdev.doclinks._build_modidx()
    nbdev_sidebar.__wrapped__(path=nbs)
    proc = Path(proc_nbs(nbs, n_workers=2))
    for extra in ('styles.css',):
        if (nbs/extra).exists(): shutil.copy(nbs/extra, proc/extra)
    out = root/cfg.doc_path.name
    if out.exists(): shutil.rmtree(out)
    if shutil.which('quarto'):
        subprocess.run(['quarto', 'render', str(proc)], check=True)
        built = proc/cfg.doc_path.name
    else:
        subprocess.run([sys.executable, '-m', 'smalldocs.cli', 'render', '--quiet', str(proc)], check=True)
        built = proc/cfg.doc_path.name
        if not built.exists(): built = proc/'_site'
    shutil.move(str(built), str(out))
    if not shutil.which('quarto'): _relink(out, nbs, cfg)
    print(f"docs built in {out} ({sum(1 for _ in out.rglob('*.html'))} pages)")

def _relink(out: Path, nbs: Path, cfg):
    "Point nbdev's absolute show_doc links (quarto's page names, branches.html) at smalldocs' pages (02_branches.html)."
    import re
    site = f"{cfg.doc_host.rstrip('/')}/{cfg.doc_baseurl.strip('/')}/"
    pages = {
        re.sub(r'^\d+[a-zA-Z0-9]*_', '', nb.stem) + '.html': nb.stem + '.html' for nb in nbs.glob('*.ipynb')
    }  # quarto drops the number
    for html in out.rglob('*.html'):
        t = html.read_text(encoding='utf-8')
        t2 = re.sub(re.escape(site) + r'([\w/]+\.html)', lambda m: pages.get(m.group(1), m.group(0)), t)
        if t2 != t: html.write_text(t2, encoding='utf-8')

if __name__ == '__main__': main()
