#!/usr/bin/env python
"""ruff over the package, bench/ and .ci/ (settings in pyproject.toml: pyflakes + lines over 120 characters), and the
same line limit on the notebooks' code cells (the docs pages show them as code, where longer lines overflow).

The one finding not counted: the first line of an `__all__` list that nbdev writes (it wraps the list at 120 characters
and then puts `__all__ = ` in front); every other line, generated from the notebooks or not, must fit."""
import json, subprocess, sys
from pathlib import Path

out = subprocess.run(['ruff', 'check', '--output-format', 'json', 'deepfake_nbdev', 'bench', '.ci'],
                     capture_output=True, text=True)
if out.returncode not in (0, 1): sys.exit(out.stderr)
def generated_all(f: dict) -> bool:
    line = Path(f['filename']).read_text().splitlines()[f['location']['row'] - 1]
    return f['code'] == 'E501' and line.startswith('__all__ = ')
found = [f"{Path(f['filename']).relative_to(Path.cwd())}:{f['location']['row']}: {f['code']} {f['message']}"
         for f in json.loads(out.stdout) if not generated_all(f)]
for nb in sorted(Path('nbs').glob('*.ipynb')):
    code = [c for c in json.loads(nb.read_text())['cells'] if c['cell_type'] == 'code']
    found += [f"{nb}: cell {c.get('id')}: a code line of {len(line)} characters (> 120)"
              for c in code for line in ''.join(c['source']).splitlines() if len(line) > 120]
for f in found: print(f)
print(f"lint: {len(found)} finding(s)")
sys.exit(1 if found else 0)
