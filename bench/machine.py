"""What a benchmark ran on (the CPU model and the cores this process may use, printed beside every figure) and how it
times: every candidate once per round, round after round (A B C A B C ...), the best round kept, so a machine whose
speed drifts cannot favour one."""
import json, os, statistics, subprocess, sys, time
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

def seconds(fn, iters: int, warmup: bool = True) -> float:
    "Median seconds of `fn()` over `iters` calls, after one untimed call unless `warmup` is False."
    if warmup: fn()
    ts = []
    for _ in range(iters):
        t = time.perf_counter(); fn(); ts.append(time.perf_counter() - t)
    return statistics.median(ts)

def interleaved(fns: dict, rounds: int, iters: int = 1, warmup: bool = True) -> dict:
    "{name: best median seconds}: every callable timed once per round, round after round (A B C A B C ...)."
    best = {}
    for _ in range(rounds):
        for k, fn in fns.items(): best[k] = min(best.get(k, float('inf')), seconds(fn, iters, warmup))
    return best

def in_fresh_process(script: str, *args: str):
    "Run `script` with `args` in a new Python process; returns the last line it prints, read as JSON."
    out = subprocess.run([sys.executable, script, *args], capture_output=True, text=True)
    if out.returncode: sys.exit(f"{script} {' '.join(args)} failed:\n{out.stderr.strip()[-2000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])
