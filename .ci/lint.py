#!/usr/bin/env python
"""ruff over the package, bench/ and .ci/ (settings in pyproject.toml: pyflakes + lines over 120 characters).

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
found = [f for f in json.loads(out.stdout) if not generated_all(f)]
for f in found:
    print(f"{Path(f['filename']).relative_to(Path.cwd())}:{f['location']['row']}: {f['code']} {f['message']}")
print(f"lint: {len(found)} finding(s)")
sys.exit(1 if found else 0)
