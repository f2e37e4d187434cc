"""What a benchmark ran on: the CPU model and the cores this process may use, printed beside every figure."""
import os
from pathlib import Path

def cpu_line() -> str:
    "'<CPU model>, <N> cores, <torch's CPU kernels>' ('AVX2', 'AVX512': the same model can come with either)."
    import torch
    info = Path('/proc/cpuinfo').read_text().splitlines() if Path('/proc/cpuinfo').exists() else []
    model = next((l.split(':', 1)[1].strip() for l in info if l.startswith('model name')), 'unknown CPU')
    return f"{model}, {cores()} cores, {torch.backends.cpu.get_cpu_capability()} kernels"

def cores() -> int:
    "The CPU cores this process may run on."
    return len(os.sched_getaffinity(0)) if hasattr(os, 'sched_getaffinity') else os.cpu_count()
