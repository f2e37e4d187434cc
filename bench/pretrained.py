#!/usr/bin/env python
"""A training checkpoint against the `save_pretrained` folder made from it: size on disk and P(fake) on real images.

    python bench/pretrained.py demo_run/best_deepfake_detector.pth [--images demo_run/demo_data/Test]
"""
from __future__ import annotations
import argparse, sys, tempfile
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).parent))
from machine import cpu_line  # noqa: E402
from deepfake_nbdev.data import find_images  # noqa: E402
from deepfake_nbdev.inference import predict_batch  # noqa: E402
from deepfake_nbdev.model import save_pretrained  # noqa: E402
from deepfake_nbdev.checkpoint import from_pretrained, load_trained_model

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('checkpoint')
    ap.add_argument('--images', help='a folder of images to predict (default: the demo test split beside it)')
    a = ap.parse_args()
    ck = Path(a.checkpoint)
    images = find_images(a.images or ck.parent/'demo_data'/'Test')
    folder = save_pretrained(load_trained_model(ck, 'cpu'), Path(tempfile.mkdtemp())/'detector')
    weights = folder/'model.safetensors'
    p = {}
    for name, model in (('checkpoint', load_trained_model(ck, 'cpu')), ('folder', from_pretrained(folder, 'cpu'))):
        with torch.no_grad():
            p[name] = [r['probabilities']['fake'] for r in predict_batch(model, images, onnx=False, progress=False)]
    diff = max(abs(x - y) for x, y in zip(p['checkpoint'], p['folder']))
    print(f"{cpu_line()}; {len(images)} images")
    print("| | size (MB) | ratio |\n|---|---:|---:|")
    print(f"| training checkpoint | {ck.stat().st_size / 1e6:.1f} | 1 |")
    w, c = weights.stat().st_size, ck.stat().st_size
    print(f"| model.safetensors | {w / 1e6:.1f} | {w / c:.3f} |")
    print(f"\nlargest |P(fake) from the folder - P(fake) from the checkpoint| in PyTorch: {diff:.1e} (goal <= 1e-6)")

if __name__ == '__main__': main()
