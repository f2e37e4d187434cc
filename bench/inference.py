#!/usr/bin/env python
"""Inference speed on the CPU: images/s at 224 px, batch 8, all in one run, printed as ratios to bare B4 eager.

Rows: bare timm `efficientnet_b4` (eager, channels_last, ONNX Runtime) and the full `EnhancedRobustDeepfakeDetector`
(the same three paths). Goals: the detector's fastest path >= 2.2x bare-B4 eager, and >= 0.9x bare B4 in
ONNX Runtime (the three branches cost <= 10%). `--breakdown` adds where the detector's eager time goes.

    python bench/inference.py [--backbone efficientnet_b4] [--size 224] [--batch 8] [--iters 6] [--breakdown] [--pipeline]

`--pipeline` adds `predict_batch` end to end (decode to verdict) against the forward pass alone (goal: the
pipeline keeps the model >= 85% busy), and the ONNX Runtime predictor through the same `predict_batch`.
"""
import argparse, logging, os, statistics, sys, tempfile, time, warnings
from pathlib import Path
import torch, timm
from deepfake_nbdev.model import EnhancedRobustDeepfakeDetector, export_onnx

def time_it(fn, x, iters, warmup=2):
    "Images/s of `fn(x)`: median over `iters` timed calls after `warmup` calls."
    for _ in range(warmup): fn(x)
    ts = []
    for _ in range(iters):
        t = time.perf_counter(); fn(x); ts.append(time.perf_counter() - t)
    return x.shape[0] / statistics.median(ts)

def torch_paths(model, x, iters):
    "img/s eager (contiguous) and channels_last."
    model.eval()
    with torch.inference_mode():
        eager = time_it(model, x, iters)
        model = model.to(memory_format=torch.channels_last)
        cl = time_it(model, x.contiguous(memory_format=torch.channels_last), iters)
        model.to(memory_format=torch.contiguous_format)
    return eager, cl

def ort_path(model, x, iters, folder):
    "img/s in ONNX Runtime (all cores, full graph optimisation)."
    import onnxruntime as ort
    with warnings.catch_warnings():
        warnings.simplefilter('ignore'); logging.getLogger('torch.onnx').setLevel(logging.ERROR)
        p = export_onnx(model, Path(folder)/f'{id(model)}.onnx', image_size=x.shape[-1], batch_size=x.shape[0])
    so = ort.SessionOptions(); so.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    so.intra_op_num_threads = torch.get_num_threads()
    sess = ort.InferenceSession(str(p), so, providers=['CPUExecutionProvider'])
    xn = x.numpy()
    return time_it(lambda a: sess.run(None, {'image': a}), xn, iters)

def breakdown(det, x, iters):
    "Milliseconds per batch in the backbone (with intermediates) and in each branch, eager."
    det.eval(); out = {}; b = x.shape[0]
    with torch.inference_mode():
        out['backbone + stages'] = 1000 * b / time_it(lambda a: det.backbone.forward_intermediates(a, indices=det.stage_indices), x, iters)
        final, stages = det.backbone.forward_intermediates(x, indices=det.stage_indices)
        out['multi-scale'] = 1000 * b / time_it(lambda a: det.multiscale(stages), x, iters)
        out['frequency'] = 1000 * b / time_it(det.frequency, x, iters)
        out['edge'] = 1000 * b / time_it(det.edge, x, iters)
        f = torch.cat(list(det.forward_features(x).values()), 1)
        out['attention + head'] = 1000 * b / time_it(lambda a: det.head(det.attention(f)), x, iters)
    return out

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--backbone', default='efficientnet_b4'); ap.add_argument('--size', type=int, default=224)
    ap.add_argument('--batch', type=int, default=8); ap.add_argument('--iters', type=int, default=6)
    ap.add_argument('--breakdown', action='store_true')
    ap.add_argument('--pipeline', action='store_true', help='also time predict_batch end to end vs the forward pass alone')
    a = ap.parse_args()
    torch.manual_seed(0)
    x = torch.randn(a.batch, 3, a.size, a.size)
    bare = timm.create_model(a.backbone, num_classes=2).eval()
    det = EnhancedRobustDeepfakeDetector(a.backbone).eval()
    rows = []
    with tempfile.TemporaryDirectory() as d:
        for name, m in [(f'bare {a.backbone}', bare), ('full detector', det)]:
            eager, cl = torch_paths(m, x, a.iters)
            rows += [(name, 'eager', eager), (name, 'channels_last', cl), (name, 'ONNX Runtime', ort_path(m, x, a.iters, d))]
    base = rows[0][2]; bare_ort = rows[2][2]
    print(f"CPU, {torch.get_num_threads()} threads, torch {torch.__version__}, {a.size}px, batch {a.batch}, median of {a.iters}")
    print("| model | path | img/s | vs bare eager | vs bare ONNX Runtime |\n|---|---|---:|---:|---:|")
    for n, p, v in rows: print(f"| {n} | {p} | {v:.1f} | {v / base:.2f}x | {v / bare_ort:.2f}x |")
    best = max(v for n, p, v in rows if n == 'full detector')
    print(f"\ngoal 1: detector's fastest path / bare eager = {best / base:.2f}x (goal >= 2.2x)")
    print(f"goal 2: detector's fastest path / bare ONNX Runtime = {best / bare_ort:.2f}x (goal >= 0.9x)")
    if a.breakdown:
        print("\nwhere the detector's eager time goes (ms per batch):")
        for k, v in breakdown(det, x, a.iters).items(): print(f"  {k:<18} {v:8.1f}")
    if a.pipeline: pipeline(a)

def pipeline(a):
    "predict_batch (decode, transform, forward, softmax) vs the forward pass alone on the same, pre-decoded images."
    import numpy as np, cv2
    from PIL import Image
    from deepfake_nbdev.augment import _demo_photo
    from deepfake_nbdev.data import eval_transform, load_image_rgb
    from deepfake_nbdev.inference import predict_batch, OnnxDetector
    det = EnhancedRobustDeepfakeDetector(a.backbone, image_size=a.size).eval()
    n = 4 * a.batch
    with tempfile.TemporaryDirectory() as d:
        photo = _demo_photo('astronaut.png'); files = []
        for i in range(n):
            f = Path(d)/f'{i}.jpg'; Image.fromarray(np.roll(photo, 7 * i, axis=1)).save(f, quality=90); files.append(f)
        x = torch.stack([eval_transform(a.size, det.config.mean, det.config.std)(image=load_image_rgb(f))['image'] for f in files])
        with torch.inference_mode():
            det(x[:a.batch]); t = time.perf_counter()
            for i in range(0, n, a.batch): det(x[i:i + a.batch])
            fwd = n / (time.perf_counter() - t)
        predict_batch(det, files[:a.batch], batch_size=a.batch, progress=False)
        rows = []
        for workers in (0, 2):
            t = time.perf_counter(); predict_batch(det, files, batch_size=a.batch, num_workers=workers, progress=False)
            rows.append((f'predict_batch, PyTorch eager, {workers} workers', n / (time.perf_counter() - t)))
        with warnings.catch_warnings():
            warnings.simplefilter('ignore'); logging.getLogger('torch.onnx').setLevel(logging.ERROR)
            onnx = OnnxDetector.from_model(det, Path(d)/'m.onnx')
        predict_batch(onnx, files[:a.batch], batch_size=a.batch, progress=False)
        t = time.perf_counter(); onnx(x[:a.batch].numpy())
        for i in range(0, n, a.batch): onnx(x[i:i + a.batch].numpy())
        rows.append(('ONNX Runtime forward alone', n / (time.perf_counter() - t)))
        for workers in (0, 2):
            t = time.perf_counter(); predict_batch(onnx, files, batch_size=a.batch, num_workers=workers, progress=False)
            rows.append((f'predict_batch, ONNX Runtime, {workers} workers', n / (time.perf_counter() - t)))
    print(f"\nend to end, {n} JPEG files of 512x512, batch {a.batch}: forward alone (PyTorch eager) {fwd:.1f} img/s")
    print("| pipeline | img/s | share of forward-alone speed |\n|---|---:|---:|")
    for name, v in rows: print(f"| {name} | {v:.1f} | {v / fwd:.0%} |")

if __name__ == '__main__': main()
