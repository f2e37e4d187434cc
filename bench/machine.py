"""What a benchmark ran on: the CPU model and the cores this process may use, printed beside every figure."""
import os
from pathlib import Path

def cpu_line() -> str:
    "'<CPU model>, <N> cores' as the kernel reports them."
    info = Path('/proc/cpuinfo').read_text().splitlines() if Path('/proc/cpuinfo').exists() else []
    model = next((l.split(':', 1)[1].strip() for l in info if l.startswith('model name')), 'unknown CPU')
    return f"{model}, {cores()} cores"

def cores() -> int:
    "The CPU cores this process may run on."
    return len(os.sched_getaffinity(0)) if hasattr(os, 'sched_getaffinity') else os.cpu_count()
