#!/usr/bin/env python
"""Open every page of the built site (`_docs/`) in headless Chromium and check it as a reader would see it.

Checks that every public exported function, class and method has a docstring; then, per page: it loads; every image
has loaded (`naturalWidth > 0`); every internal link reaches an existing page
and anchor; on the API pages, every public symbol the notebook exports has its `show_doc` entry (a heading with its
name and its signature). Screenshots of the index and of one notebook page go to `_docs_screens/`.
Needs Debian's `chromium` and `chromium-driver` and the `selenium` package; without them it prints `skipped` and
exits with status 3 (SKIPPED), which CI counts as skipped, not passed.

    python .ci/docs_test.py [--site _docs] [--shots _docs_screens]
"""
import argparse, functools, http.server, re, shutil, sys, threading
from pathlib import Path
from urllib.parse import urldefrag, urlparse

def serve(folder: Path) -> tuple[str, http.server.ThreadingHTTPServer]:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *a): pass
    handler = functools.partial(Quiet, directory=str(folder))
    srv = http.server.ThreadingHTTPServer(('127.0.0.1', 0), handler)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{srv.server_address[1]}/", srv

def browser(window: str = '1280,1600', network_log: bool = False):
    "Headless Chromium through selenium; `network_log` records its requests (the 'performance' log)."
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    o = webdriver.ChromeOptions()
    o.binary_location = shutil.which('chromium')
    for a in [
        '--headless=new',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        f'--window-size={window}',
    ]: o.add_argument(a)
    if network_log: o.set_capability('goog:loggingPrefs', {'performance': 'ALL'})
    return webdriver.Chrome(service=Service(shutil.which('chromedriver')), options=o)

SKIPPED = 3   # exit status: the browser check could not run

def expected_symbols(root: Path) -> dict:
    "{page: [public top-level symbol names]} from nbdev's index of exported symbols (methods: with their class)."
    ns = {}
    exec((root/'deepfake_nbdev'/'_modidx.py').read_text(), ns)
    out = {}
    for mod, syms in ns['d']['syms'].items():
        for name, (doc, _) in syms.items():
            short = name[len(mod) + 1:]
            if '.' in short or short.startswith('_'): continue
            out.setdefault(doc.split('#')[0], []).append(short)
    return out

def missing_docstrings(root: Path) -> list[str]:
    "Public exported functions and classes (and their public methods) without a docstring."
    import importlib, inspect
    sys.path.insert(0, str(root))
    ns = {}; exec((root/'deepfake_nbdev'/'_modidx.py').read_text(), ns)
    out = []
    for mod, syms in ns['d']['syms'].items():
        m = importlib.import_module(mod)
        for name in syms:
            parts = name[len(mod) + 1:].split('.')
            if any(p.startswith('_') for p in parts): continue
            obj = m
            for p in parts: obj = getattr(obj, p, None)
            if obj is not None and (inspect.isfunction(obj) or inspect.isclass(obj)) and not inspect.getdoc(obj):
                out.append(name)
    return out

def check_page(drv, base: str, page: str, expect: list, shots: Path) -> tuple[list, set, set]:
    "Open one page: (failures, its element ids, the internal links it holds)."
    drv.get(base + page)
    fails, links = [], set()
    imgs = drv.execute_script(
        "return Array.from(document.images)"
        ".map(i => [i.getAttribute('src') || '', i.complete && i.naturalWidth > 0])"
    )
    bad = [s[:80] for s, ok in imgs if not ok]
    if bad: fails.append(f"{page}: {len(bad)} image(s) did not load: {bad[:3]}")
    ids = set(drv.execute_script("return Array.from(document.querySelectorAll('[id]')).map(e => e.id)"))
    for href in drv.execute_script("return Array.from(document.querySelectorAll('a[href]')).map(a => a.href)"):
        if urlparse(href).netloc == urlparse(base).netloc: links.add((page, href))
    found = set(drv.execute_script(
        "return Array.from(document.querySelectorAll('h3, h4')).map(h => h.textContent.trim())"))
    lost = [s for s in expect if s not in found]
    if lost: fails.append(f"{page}: no show_doc entry for {lost[:6]}{' ...' if len(lost) > 6 else ''}")
    print(f"{page}: {len(imgs)} images, {len(expect)} API entries checked")
    if page in ('index.html', '02_branches.html'): drv.save_screenshot(str(shots/page.replace('.html', '.png')))
    return fails, ids, links

def broken_links(site: Path, links: set, ids: dict) -> list[str]:
    "Internal links whose page or anchor does not exist."
    fails = []
    for page, href in sorted(links):
        url, frag = urldefrag(href)
        target = urlparse(url).path.lstrip('/') or 'index.html'
        if target.endswith('/'): target += 'index.html'
        if not (site/target).exists(): fails.append(f"{page}: broken link to {target}")
        elif frag and target in ids and frag not in ids[target]:
            fails.append(f"{page}: link to missing anchor {target}#{frag}")
    return fails

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--site', default='_docs')
    ap.add_argument('--shots', default='_docs_screens')
    a = ap.parse_args()
    root = Path(__file__).resolve().parent.parent
    site, shots = root/a.site, root/a.shots
    missing = [t for t in ('chromium', 'chromedriver') if not shutil.which(t)]
    try: import selenium  # noqa
    except ImportError: missing.append('selenium (pip)')
    undocumented = missing_docstrings(root)
    for n in undocumented: print('FAIL no docstring:', n)
    if missing:
        print(f"docs browser test skipped: {', '.join(missing)} not installed "
              "(apt-get install chromium chromium-driver)")
        sys.exit(1 if undocumented else SKIPPED)
    if not (site/'index.html').exists(): sys.exit(f"no site in {site}: run python .ci/docs.py first")
    base, srv = serve(site)
    pages = sorted(p.relative_to(site).as_posix() for p in site.glob('*.html'))
    modpages = {re.sub(r'^\d+[a-zA-Z0-9]*_', '', nb.stem) + '.html': nb.stem + '.html'
                for nb in (root/'nbs').glob('*.ipynb')}   # quarto name -> page
    expect = {modpages.get(k, k): v for k, v in expected_symbols(root).items()}
    drv, fails, ids, links = browser(), [f"no docstring: {n}" for n in undocumented], {}, set()
    shots.mkdir(exist_ok=True)
    try:
        for page in pages:
            page_fails, ids[page], page_links = check_page(drv, base, page, expect.get(page, []), shots)
            fails += page_fails; links |= page_links
        fails += broken_links(site, links, ids)
    finally:
        drv.quit(); srv.shutdown()
    print(f"checked {len(pages)} pages and {len(links)} internal links; screenshots in {shots}")
    for f in fails: print('FAIL', f)
    if fails: sys.exit(1)

if __name__ == '__main__': main()
