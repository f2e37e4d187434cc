#!/usr/bin/env python
"""Inference speed on the CPU, every row measured in the same run, in interleaved rounds (best round kept).

Per backbone (default: `tf_efficientnet_lite0` and `efficientnet_b4`, 224 px, batch 8): the bare timm model, the full
detector with its default branches, and the full detector with the original branches (whole-image DCT, edge CNN from
full resolution, every multi-scale stage projected at full resolution), each in PyTorch eager, `channels_last` and
ONNX Runtime. Goal: the full detector >= 0.9x the bare backbone in ONNX Runtime (the branches cost <= 10%).
`--breakdown` adds where the detector's eager time goes; `--ablation` times the detector without each branch in turn.
`--pipeline` times `predict_batch` end to end (JPEG files: decode, resize, forward, softmax) with its defaults and
without them (one stream, no prefetching, worker processes), against the forward pass alone on the same decoded
batches (the faster of one call on all cores and one single-threaded call per core side by side), in PyTorch and in
ONNX Runtime. Goal: >= 85% of the model's own speed with the defaults, never slower than without.
`--break-even` times what `fastest_runtime`'s export and check cost against what ONNX Runtime saves per image: the
number of images from which `onnx_min_images()` lets `predict_batch` export; with glibc's default allocation and with
freed memory kept (`keep_freed_memory`, as the console scripts do), each in processes of its own, in turn.

    python bench/inference.py [--backbones tf_efficientnet_lite0 efficientnet_b4] [--size 224] [--batch 8]
                              [--iters 5] [--rounds 3] [--breakdown] [--pipeline [--files 64]] [--ablation]
    python bench/inference.py --break-even --backbones tf_efficientnet_lite0 --size 128 --batch 32
"""
import argparse, contextlib, copy, io, json, logging, tempfile, warnings
from concurrent.futures import ThreadPoolExecutor
import machine
from machine import in_fresh_process, interleaved, seconds
from pathlib import Path
import numpy as np, torch, timm
from deepfake_nbdev.model import ORIGINAL_BRANCHES, EnhancedRobustDeepfakeDetector
from deepfake_nbdev.inference import export_onnx

def cpu_line() -> str:
    "CPU model, cores available, torch threads."
    return f"{machine.cpu_line()}, torch {torch.__version__} with {torch.get_num_threads()} threads"

def ort_session(model, x, folder):
    "An ONNX Runtime session of `model` (all cores, full graph optimisation)."
    import onnxruntime as ort
    with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):
        warnings.simplefilter('ignore'); logging.getLogger('torch.onnx').setLevel(logging.ERROR)
        p = export_onnx(model, Path(folder)/f'{id(model)}.onnx', image_size=x.shape[-1], batch_size=x.shape[0])
    so = ort.SessionOptions(); so.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    return ort.InferenceSession(str(p), so, providers=['CPUExecutionProvider'])

def forward_fns(backbone: str, x: torch.Tensor, folder) -> dict:
    "{(model, path): callable} for the bare backbone and the detector with the default and the original branches."
    models = {f'bare {backbone}': timm.create_model(backbone, num_classes=2),
              'detector': EnhancedRobustDeepfakeDetector(backbone),
              'detector, original branches': EnhancedRobustDeepfakeDetector(backbone, **ORIGINAL_BRANCHES)}
    fns, xcl, xn = {}, x.contiguous(memory_format=torch.channels_last), x.numpy()
    for name, m in models.items():
        m.eval(); mcl = copy.deepcopy(m).to(memory_format=torch.channels_last)
        sess = ort_session(m, x, folder)
        fns[(name, 'eager')] = lambda m=m: m(x)
        fns[(name, 'channels_last')] = lambda m=mcl: m(xcl)
        fns[(name, 'ONNX Runtime')] = lambda s=sess: s.run(None, {'image': xn})
    return fns, models['detector']

def breakdown(det, x, iters):
    "Milliseconds per batch in the backbone (with intermediates) and in each branch, eager."
    final, stages = det.backbone.forward_intermediates(x, indices=det.stage_indices)
    f = torch.cat(list(det.forward_features(x).values()), 1)
    parts = {'backbone + stages': lambda: det.backbone.forward_intermediates(x, indices=det.stage_indices),
             'multi-scale': lambda: det.multiscale(stages), 'frequency': lambda: det.frequency(x),
             'edge': lambda: det.edge(x), 'attention + head': lambda: det.head(det.attention(f))}
    return {k: 1000 * seconds(fn, iters) for k, fn in parts.items()}

def speed_table(a):
    "Print the forward-pass table of every backbone and its goal line."
    x = torch.randn(a.batch, 3, a.size, a.size, generator=torch.Generator().manual_seed(0))
    print(f"{cpu_line()}; {a.size}px, batch {a.batch}, best of {a.rounds} interleaved rounds of median-of-{a.iters}")
    with tempfile.TemporaryDirectory() as d, torch.inference_mode():
        for bb in a.backbones:
            fns, det = forward_fns(bb, x, d)
            t = interleaved(fns, a.rounds, a.iters)
            bare_ort = t[(f'bare {bb}', 'ONNX Runtime')]
            print(f"\n| {bb} | path | img/s | vs bare, same path |\n|---|---|---:|---:|")
            for (name, path), s in t.items():
                print(f"| {name} | {path} | {a.batch / s:.1f} | {t[(f'bare {bb}', path)] / s:.2f}x |")
            print(
                f"goal: detector / bare in ONNX Runtime = {bare_ort / t[('detector', 'ONNX Runtime')]:.2f}x (>= 0.9x); "
                f"original branches {bare_ort / t[('detector, original branches', 'ONNX Runtime')]:.2f}x"
            )
            if a.breakdown:
                print("where the detector's eager time goes (ms per batch): " +
                      ', '.join(f"{k} {v:.1f}" for k, v in breakdown(det, x, a.iters).items()))

ABLATIONS = {'detector': {}, 'without multi-scale': dict(use_multiscale=False),
             'without frequency': dict(use_frequency=False), 'without edge': dict(use_edge=False),
             'without attention': dict(use_attention=False),
             'multi-scale projected before pooling': dict(multiscale_project_pooled=False)}

def ablation(a):
    "What each branch costs in ONNX Runtime: the detector without it, against the bare backbone, interleaved."
    x = torch.randn(a.batch, 3, a.size, a.size, generator=torch.Generator().manual_seed(0)); xn = x.numpy()
    print(f"{cpu_line()}; {a.size}px, batch {a.batch}, ONNX Runtime, best of {a.rounds} interleaved rounds")
    with tempfile.TemporaryDirectory() as d:
        for bb in a.backbones:
            models = {'bare': timm.create_model(bb, num_classes=2)}
            models.update({k: EnhancedRobustDeepfakeDetector(bb, **kw) for k, kw in ABLATIONS.items()})
            fns = {k: (lambda s=ort_session(m.eval(), x, d): s.run(None, {'image': xn})) for k, m in models.items()}
            t = interleaved(fns, a.rounds, a.iters)
            print(f"\n| {bb} | img/s | vs bare |\n|---|---:|---:|")
            for k, s_ in t.items(): print(f"| {k} | {a.batch / s_:.1f} | {t['bare'] / s_:.2f}x |")

def pipeline_runs(det, onnx, x, files: list, b: int) -> dict:
    "{(runtime, pipeline): callable}: the rows of the `--pipeline` table."
    from deepfake_nbdev.inference import predict_batch, torch_threads
    n, xn = len(files), x.numpy()
    one = onnx.with_threads(1)
    def side_by_side(forward):
        with ThreadPoolExecutor(machine.cores()) as pool: list(pool.map(forward, range(0, n, b)))
    def torch_forward(i):
        with torch.inference_mode(): return det(x[i:i + b])             # grad mode is per thread
    def torch_side_by_side():
        with torch_threads(1): side_by_side(torch_forward)
    kw = dict(batch_size=b, progress=False, onnx=False)        # the runtime of the row, not the default's
    runs = {('PyTorch', 'forward alone'): lambda: [det(x[i:i + b]) for i in range(0, n, b)],
            ('PyTorch', 'forward alone, a thread per core'): torch_side_by_side,
            ('PyTorch', 'predict_batch, defaults'): lambda: predict_batch(det, files, **kw),
            ('PyTorch', 'predict_batch, one stream'): lambda: predict_batch(det, files, streams=1, **kw),
            ('PyTorch', 'predict_batch, one stream, no prefetching'): lambda: predict_batch(
                det, files, streams=1, decode_threads=0, **kw),
            ('PyTorch', 'predict_batch, 2 worker processes'): lambda: predict_batch(
                det, files, num_workers=2, **kw),
            ('ONNX Runtime', 'forward alone'): lambda: [onnx(xn[i:i + b]) for i in range(0, n, b)],
            ('ONNX Runtime', 'forward alone, a session per core'): lambda: side_by_side(
                lambda i: one(xn[i:i + b])),
            ('ONNX Runtime', 'predict_batch, defaults'): lambda: predict_batch(onnx, files, **kw),
            ('ONNX Runtime', 'predict_batch, one stream'): lambda: predict_batch(onnx, files, streams=1, **kw),
            ('ONNX Runtime', 'predict_batch, one stream, no prefetching'): lambda: predict_batch(
                onnx, files, streams=1, decode_threads=0, **kw),
            ('ONNX Runtime', 'predict_batch, 2 worker processes'): lambda: predict_batch(
                onnx, files, num_workers=2, **kw)}
    return runs

def pipeline(a):
    "predict_batch end to end in PyTorch and ONNX Runtime, with its defaults and without, vs the forward pass alone."
    from PIL import Image
    from deepfake_nbdev.augment import demo_photo
    from deepfake_nbdev.inference import fastest_runtime, model_input
    photo = np.asarray(Image.fromarray(demo_photo('astronaut.png')).resize((512, 512)))
    det = EnhancedRobustDeepfakeDetector(a.backbones[0], image_size=a.size).eval()
    onnx = fastest_runtime(det, onnx=True)                       # one session on all cores
    n, b = a.files, a.batch
    with tempfile.TemporaryDirectory() as d:
        files = []
        for i in range(n):
            f = Path(d)/f'{i}.jpg'; Image.fromarray(np.roll(photo, 7 * i, axis=1)).save(f, quality=90); files.append(f)
        decoded = [np.asarray(Image.open(f).convert('RGB')) for f in files]
        x = model_input(det, decoded)
        runs = pipeline_runs(det, onnx, x, files, b)
        with torch.inference_mode(): t = interleaved(runs, a.rounds, max(2, a.iters // 2))
    print(f"{cpu_line()}; best of {a.rounds} interleaved rounds")
    print(f"\npredict_batch end to end, {n} JPEG files of 512x512, {a.backbones[0]} detector at {a.size}px, batch {b}")
    print("| runtime | pipeline | img/s | share of the model's speed |\n|---|---|---:|---:|")
    for (rt, name), s in t.items():
        fastest = min(s_ for (rt_, k), s_ in t.items() if rt_ == rt and k.startswith('forward alone'))
        print(f"| {rt} | {name} | {n / s:.1f} | {fastest / s:.0%} |")

MEMORY = {'default': "glibc's defaults", 'kept': 'freed memory kept'}   # `--memory`: how the process allocates

def break_even_times(a) -> dict:
    "{backbone: {step: seconds}}: an export + check, and the median PyTorch and ONNX Runtime batch, in this process."
    from deepfake_nbdev.devices import keep_freed_memory
    from deepfake_nbdev.inference import fastest_runtime
    if a.memory == 'kept': keep_freed_memory()
    x, out = torch.randn(a.batch, 3, a.size, a.size, generator=torch.Generator().manual_seed(0)), {}
    for bb in a.backbones:
        det = EnhancedRobustDeepfakeDetector(bb, image_size=a.size).eval()
        def export():                                  # an in-place change of the weights makes it export again
            with torch.no_grad(): det.head[-1].bias.add_(0)
            return fastest_runtime(det, onnx=True)
        onnx = export()
        with torch.inference_mode():
            out[bb] = {'export': seconds(export, 1), 'torch': seconds(lambda: det(x), a.iters),
                       'onnx': seconds(lambda: onnx(x.numpy()), a.iters)}
    return out

def break_even(a):
    "Export + check seconds, ms per image in each runtime and the images that repay an export, per allocator setting."
    best = {}
    for _ in range(a.rounds):                          # each setting in processes of its own, in turn: A B A B
        for mem in MEMORY:
            r = in_fresh_process(__file__, '--break-even', '--memory', mem, '--size', str(a.size),
                                 '--batch', str(a.batch), '--iters', str(a.iters), '--backbones', *a.backbones)
            for bb, t in r.items():
                b = best.setdefault((bb, mem), t)
                for k, v in t.items(): b[k] = min(b[k], v)
    print(f"{cpu_line()}; {a.size}px, batch {a.batch}, median of {a.iters} batches, best of {a.rounds} interleaved "
          "rounds, each setting in processes of its own")
    print("| detector | allocation | export + check (s) | PyTorch ms/img | PyTorch vs glibc's defaults | "
          "ONNX Runtime ms/img | images that repay the export |\n|---|---|---:|---:|---:|---:|---:|")
    for (bb, mem), t in sorted(best.items(), key=lambda kv: a.backbones.index(kv[0][0])):
        saved = (t['torch'] - t['onnx']) / a.batch
        repay = f"{t['export'] / saved:.0f}" if saved > 0 else 'never'
        print(f"| {bb} | {MEMORY[mem]} | {t['export']:.1f} | {1000 * t['torch'] / a.batch:.1f} | "
              f"{best[(bb, 'default')]['torch'] / t['torch']:.2f}x | {1000 * t['onnx'] / a.batch:.1f} | {repay} |")

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--backbones', nargs='+', default=['tf_efficientnet_lite0', 'efficientnet_b4'])
    ap.add_argument('--size', type=int, default=224); ap.add_argument('--batch', type=int, default=8)
    ap.add_argument('--iters', type=int, default=5); ap.add_argument('--rounds', type=int, default=3)
    ap.add_argument('--files', type=int, default=64, help='JPEG files predict_batch reads (--pipeline)')
    ap.add_argument('--breakdown', action='store_true')
    ap.add_argument('--pipeline', action='store_true', help='time predict_batch end to end, not the forward table')
    ap.add_argument('--ablation', action='store_true', help='what each branch costs in ONNX Runtime')
    ap.add_argument('--break-even', action='store_true', help='how many images repay an ONNX export')
    ap.add_argument('--memory', choices=list(MEMORY), help=argparse.SUPPRESS)   # --break-even's child processes
    a = ap.parse_args()
    torch.manual_seed(0)
    if a.break_even and a.memory: return print(json.dumps(break_even_times(a)))
    if a.break_even: return break_even(a)
    pipeline(a) if a.pipeline else ablation(a) if a.ablation else speed_table(a)

if __name__ == '__main__': main()
