#!/usr/bin/env python
"""Print `name==floor` for the named requirements of settings.ini (their `>=` lower bounds), for a floors install.

    pip install -e ".[dev]" $(python .ci/floors.py timm albumentations numpy)
"""
import configparser, re, shlex, sys
from pathlib import Path

def floors(names: list[str]) -> list[str]:
    "The `>=` bound of each named requirement in settings.ini as an exact pin; a name without one is an error."
    cfg = configparser.ConfigParser(delimiters=['=']); cfg.read(Path(__file__).resolve().parent.parent/'settings.ini')
    reqs = {re.split(r'[<>=!~\[; ]', r, maxsplit=1)[0].lower(): r for r in shlex.split(cfg['DEFAULT']['requirements'])}
    out = []
    for n in names:
        m = re.search(r'>=\s*([\w.]+)', reqs.get(n.lower(), ''))
        if not m: sys.exit(f"settings.ini: requirement {n!r} has no '>=' floor")
        out.append(f"{n}=={m.group(1)}")
    return out

if __name__ == '__main__': print(' '.join(floors(sys.argv[1:])))
