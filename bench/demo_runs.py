"""A finished `deepfake-demo` run in a folder, trained only when the folder does not hold one already."""
import subprocess
from pathlib import Path

def trained(folder: Path, flags: list) -> Path:
    "The checkpoint of `deepfake-demo FLAGS` in `folder`, trained unless the folder holds a finished run."
    if not (folder/'demo_report.json').exists():
        subprocess.run(['deepfake-demo', '--output-dir', str(folder), '--no-progress', *flags], check=True,
                       stdout=subprocess.DEVNULL)
    return folder/'best_deepfake_detector.pth'
