#!/usr/bin/env python
"""The demo's training on the CPU: what its loader workers, depthwise weight gradients and frozen stages cost.

1. The depthwise convolutions of EfficientNet-Lite0's last stages at the demo's 128 px (batch 64, channels_last): the
   forward pass, oneDNN's weight gradient and the weight gradient summed tap by tap (`depthwise_weight_grad`,
   03c_devices), in ms.
2. Training steps of the demo's detector as `train` runs them (`start_run` + `train_step` with 09_cli's `DEMO_CONFIG`),
   each fed by the demo's loader from demo data written for the bench: with 2 loader workers and oneDNN's depthwise
   gradients (the demo's settings before), with the batches loaded in the training process, and with that and the
   depthwise gradients by taps where the kernel outgrows the map (`small_map_depthwise`), and with that and each
   convolution of the frozen stages run with its batch norm as one oneDNN call (`fuse_conv_bn`, the demo's settings
   now).

3. The strided convolutions of EfficientNet-Lite0 at the demo's 128 px (batch 64, channels_last), with TensorFlow's
   uneven "same" padding: as timm runs them (the input copied into a zero-filled, padded tensor, then the
   convolution) and as the fused frozen stages run them (a zero tap in front of the filter and an even padding the
   convolution applies itself, `symmetric_same_padding`), in ms.

Every figure is the best of `--rounds` interleaved rounds (A, B, C, A, B, C, ...), so a machine whose speed drifts
cannot favour one; the tables print ratios to the first row.

    python bench/cpu_training.py [--steps 12] [--rounds 3] [--per-class 600]
"""
import argparse, shutil, tempfile, time
from pathlib import Path
from machine import cpu_line, in_fresh_process, interleaved

def op_table(rounds: int):
    import torch, torch.nn.functional as F
    from deepfake_nbdev.devices import depthwise_weight_grad
    print(f"depthwise convolutions of the demo's detector (batch 64, channels_last) on {cpu_line()}; "
          f"ms, median of 5 calls, best of {rounds} interleaved rounds")
    print("| map | channels | kernel | forward | weight gradient, oneDNN | by taps | oneDNN / taps |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for c, side, k in [(1152, 4, 5), (1152, 4, 3), (672, 8, 5), (480, 8, 3)]:
        cl = torch.channels_last
        x = torch.randn(64, c, side, side).contiguous(memory_format=cl)
        w, gy, p = torch.randn(c, 1, k, k), torch.randn(64, c, side, side).contiguous(memory_format=cl), k // 2
        fns = {'forward': lambda: F.conv2d(x, w, padding=p, groups=c),
               'onednn': lambda: torch.ops.aten.convolution_backward(gy, x, w, None, (1, 1), (p, p), (1, 1), False,
                                                                     (0, 0), c, (False, True, False)),
               'taps': lambda: depthwise_weight_grad(x, gy, (k, k), (p, p))}
        b = {k: 1000 * v for k, v in interleaved(fns, rounds, 5).items()}
        print(f"| {side}×{side} | {c} | {k}×{k} | {b['forward']:.1f} | {b['onednn']:.1f} | {b['taps']:.1f} | "
              f"{b['onednn'] / b['taps']:.2f}x |")

def padding_table(rounds: int):
    import torch, torch.nn.functional as F
    from timm.layers import pad_same
    from deepfake_nbdev.devices import keep_freed_memory, symmetric_same_padding
    keep_freed_memory()                                              # as `train` runs on a CPU
    print(f"\nstrided convolutions with TensorFlow's padding (batch 64, channels_last, freed memory kept) on "
          f"{cpu_line()}; ms, median of 5 calls, best of {rounds} interleaved rounds")
    print("| layer | map | channels | kernel | padded copy + convolution | zero tap, even padding | copy / tap |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, c_in, c, side, k in [('stem (dense)', 3, 32, 128, 3), ('stage 1, depthwise', 96, 96, 64, 3),
                                   ('stage 2, depthwise', 144, 144, 32, 5), ('stage 3, depthwise', 240, 240, 16, 3),
                                   ('stage 5, depthwise', 672, 672, 8, 5)]:
        g = 1 if c_in != c else c
        x = torch.randn(64, c_in, side, side).contiguous(memory_format=torch.channels_last)
        w = torch.randn(c, c_in // g, k, k)
        w2, pad = symmetric_same_padding(w, (side, side), (2, 2), (1, 1))
        fns = {'copy': lambda: F.conv2d(pad_same(x, (k, k), (2, 2)), w, stride=2, groups=g),
               'tap': lambda: F.conv2d(x, w2, stride=2, padding=pad, groups=g)}
        b = {n: 1000 * v for n, v in interleaved(fns, rounds, 5).items()}
        print(f"| {name} | {side}×{side} | {c} | {k}×{k} | {b['copy']:.1f} | {b['tap']:.1f} | "
              f"{b['copy'] / b['tap']:.2f}x |")

MODES = {'2 loader workers, oneDNN depthwise gradients (before)': dict(num_workers=2, small_map_depthwise=False,
                                                                          fuse_conv_bn=False),
         'batches loaded in the training process': dict(num_workers=0, small_map_depthwise=False, fuse_conv_bn=False),
         'that + depthwise gradients by taps': dict(num_workers=0, small_map_depthwise=True, fuse_conv_bn=False),
         'that + frozen stages fused (now)': dict(num_workers=0, small_map_depthwise=True, fuse_conv_bn=True)}

def one_mode(mode: str, data: str, steps: int) -> float:
    "ms per training step of the demo's detector in `mode`, fed by its loader from `data`, after a warm-up step."
    import itertools
    from deepfake_nbdev.cli import DEMO_CONFIG
    from deepfake_nbdev.config import train_config
    from deepfake_nbdev.train import start_run, train_step, epoch_loader
    settings = {k: v for k, v in DEMO_CONFIG.items() if k not in ('demo', 'demo_per_class')}
    run = start_run(train_config(**{**settings, **MODES[mode], 'data_dir': data, 'progress': False,
                                    'output_dir': str(Path(data).parent/'run')}))
    run.model.train(); [m.eval() for m in run.frozen]
    batches = iter(epoch_loader(run, 0))
    x, y = next(batches); train_step(run, x, y)                      # warm-up; the workers are running
    t, done = time.perf_counter(), 0
    for x, y in itertools.islice(batches, steps): train_step(run, x, y); done += 1
    if done < steps: raise SystemExit(f"{data}: {done + 1} batches, fewer than --steps {steps} + 1: raise --per-class")
    return (time.perf_counter() - t) / steps * 1000

def step_table(steps: int, rounds: int, per_class: int):
    from deepfake_nbdev.augment import make_demo_dataset
    from deepfake_nbdev.cli import DEMO_CONFIG
    data = Path(tempfile.mkdtemp(prefix='cpu_training_'))/'data'
    make_demo_dataset(data, per_class, DEMO_CONFIG['image_size'])
    best = {}
    try:
        for _ in range(rounds):                                      # each measurement in a fresh process
            for mode in MODES:
                ms = in_fresh_process(__file__, '--mode', mode, '--data', str(data), '--steps', str(steps))
                best[mode] = min(best.get(mode, float('inf')), ms)
    finally: shutil.rmtree(data.parent)
    c, first = DEMO_CONFIG, next(iter(best.values()))
    print(f"\nthe demo's training steps fed by its loader ({c['backbone']}, {c['image_size']} px, "
          f"batch {c['batch_size']}, {c['freeze_stages']} stages frozen) on {cpu_line()}; best of {rounds} "
          f"interleaved rounds of {steps} steps, each in a process of its own")
    print("| setting | ms/step | img/s | speed-up |\n|---|---:|---:|---:|")
    for name, ms in best.items():
        print(f"| {name} | {ms:.0f} | {c['batch_size'] / ms * 1000:.1f} | {first / ms:.2f}x |")

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--steps', type=int, default=12); ap.add_argument('--rounds', type=int, default=3)
    ap.add_argument('--per-class', type=int, default=600, help='demo images per class written for the loader')
    ap.add_argument('--mode', help=argparse.SUPPRESS); ap.add_argument('--data', help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.mode: print(one_mode(a.mode, a.data, a.steps)); return
    op_table(a.rounds)
    padding_table(a.rounds)
    step_table(a.steps, a.rounds, a.per_class)

if __name__ == '__main__': main()
