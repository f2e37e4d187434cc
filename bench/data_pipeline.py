#!/usr/bin/env python
"""Data pipeline throughput on one CPU core: decode + augment + normalize, images/s.

Ours: `load_image_rgb` (OpenCV, reduced-scale JPEG decoding when the file is much larger than the model input)
followed by `train_transform` (Albumentations). Baseline: the plain PIL + torchvision pipeline doing the same work
(`Image.open().convert('RGB')`, then the torchvision equivalents of the same augmentation steps, resize, normalize).
Both run side by side in one process, on the same files, in alternating rounds; the table prints the ratio.

    python bench/data_pipeline.py [--n 60] [--rounds 3]
"""
import argparse, os, tempfile, time
os.environ.setdefault('OMP_NUM_THREADS', '1')
from pathlib import Path
import cv2, numpy as np, torch
from PIL import Image
import torchvision.transforms as T
from deepfake_nbdev.data import load_image_rgb, IMAGENET_MEAN, IMAGENET_STD
from deepfake_nbdev.augment import train_transform, demo_photo

torch.set_num_threads(1); cv2.setNumThreads(1)

def make_files(folder: Path, n: int, side: tuple, quality=90):
    "n JPEG files of size `side` (w, h) cut from a bundled photograph, as camera frames would be."
    photo = cv2.resize(demo_photo('astronaut.png'), side, interpolation=cv2.INTER_CUBIC)
    rng = np.random.default_rng(0)
    files = []
    for i in range(n):
        img = np.roll(photo, int(rng.integers(0, side[0])), axis=1)
        f = folder/f'{side[0]}x{side[1]}_{i}.jpg'; Image.fromarray(img).save(f, quality=quality); files.append(f)
    return files

def torchvision_pipeline(size):
    "The same steps in torchvision, on PIL images: crop, flips, rotation, colour, blur, then resize + normalize."
    return T.Compose([
        T.RandomApply([T.RandomResizedCrop(size, scale=(0.7, 1.0), ratio=(0.9, 1.1))], p=0.5), T.Resize((size, size)),
        T.RandomHorizontalFlip(0.5), T.RandomVerticalFlip(0.05),
        T.RandomApply([T.RandomAffine(10, translate=(0.05, 0.05), scale=(0.9, 1.1))], p=0.3),
        T.RandomApply([T.ColorJitter(0.2, 0.2, 0.15, 0.02)], p=0.4),
        T.RandomGrayscale(0.05), T.RandomApply([T.GaussianBlur(5, (0.3, 1.5))], p=0.3),
        T.RandomAdjustSharpness(1.5, p=0.1),
        T.ToTensor(), T.Normalize(IMAGENET_MEAN, IMAGENET_STD), T.RandomErasing(p=0.2, scale=(0.01, 0.05))])

def run_ours(files, size):
    tf = train_transform(size, seed=0)
    for f in files: tf(image=load_image_rgb(f, min_size=size))['image']

def run_baseline(files, size):
    tf = torchvision_pipeline(size)
    for f in files: tf(Image.open(f).convert('RGB'))

def bench(fn, files, size, rounds):
    best = 0
    for _ in range(rounds):
        t = time.perf_counter(); fn(files, size); best = max(best, len(files) / (time.perf_counter() - t))
    return best

def main():
    p = argparse.ArgumentParser()
    p.add_argument('--n', type=int, default=60)
    p.add_argument('--rounds', type=int, default=3)
    p.add_argument('--size', type=int, default=224)
    a = p.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as d:
        for side in [(1920, 1080), (1024, 1024), (512, 512), (256, 256)]:
            files = make_files(Path(d), a.n, side)
            run_ours(files[:3], a.size); run_baseline(files[:3], a.size)          # warm-up
            ours = bench(run_ours, files, a.size, a.rounds); base = bench(run_baseline, files, a.size, a.rounds)
            rows.append((f'{side[0]}x{side[1]} JPEG', base, ours, ours / base))
    print(f"decode + augment + normalize to {a.size}px, one core, {a.n} files, best of {a.rounds} rounds")
    print("| input | PIL + torchvision img/s | deepfake_nbdev img/s | ratio |\n|---|---:|---:|---:|")
    for r in rows: print(f"| {r[0]} | {r[1]:.1f} | {r[2]:.1f} | {r[3]:.2f}x |")

if __name__ == '__main__': main()
