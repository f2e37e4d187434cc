#!/usr/bin/env python
"""Face detectors side by side on hard cases made from photographs that ship in installed packages.

Three faces ship inside packages this library installs: scikit-image's astronaut and cameraman (a face turned towards
his camera) and matplotlib's Grace Hopper, each also mirrored. Each is pasted twice per case into 640x480 scenes cut
from photographs without faces (scikit-image, scikit-learn), at a known place and size, then degraded: small,
rotated in the image plane, JPEG at quality 20, blurred, dark, several faces at once, cut by the frame, and scenes
with no face at all.
The reference box and landmarks of each face are MTCNN's on the clean full-resolution photograph (checked by eye in
00a_faces), carried through the same geometry; so box IoU and landmark error measure how well a backend keeps the face
under each degradation, and Haar's boxes, shaped differently from MTCNN's, get a lower IoU even when they are right.

A face counts as found when a detected box's centre lies within 0.35 of the face's side from the reference centre and
its side is between 0.6 and 1.7 times the reference side. Every other box is a false box. Backends run interleaved,
frame by frame (ABAB...), best of `--rounds` for the times. `--video` also times `prepare_video` (deepfake-prepare's
work for one video) on a 300-frame 1280x720 clip with 32 frames sampled, per backend, interleaved.

    python bench/faces.py [--rounds 2] [--video]
"""
from __future__ import annotations
import argparse, sys, tempfile, time
from pathlib import Path

import cv2, numpy as np, torch
from PIL import Image
import matplotlib.cbook, skimage.data

sys.path.insert(0, str(Path(__file__).parent))
from machine import cores, cpu_line  # noqa: E402
from deepfake_nbdev.augment import demo_photo, jpeg_roundtrip  # noqa: E402
from deepfake_nbdev.faces import Face, HaarFaceDetector, MtcnnFaceDetector  # noqa: E402

W, H = 640, 480
BACKGROUNDS = ['coffee.png', 'rocket.jpg', 'sklearn:china.jpg', 'sklearn:flower.jpg', 'brick.png', 'chelsea.png',
               'motorcycle_left.png', 'grass.png']
MATCH_CENTRE, MATCH_SIDE = 0.35, (0.6, 1.7)   # a detection matches a face: centre distance / side, side ratio

def source_faces() -> list[tuple[np.ndarray, Face]]:
    "(photo, reference face) for each shipped face and its mirror image."
    hopper = np.asarray(Image.open(matplotlib.cbook.get_sample_data('grace_hopper.jpg')).convert('RGB'))
    photos = [skimage.data.astronaut(), hopper, np.stack([skimage.data.camera()] * 3, -1)]
    ref = MtcnnFaceDetector(min_size=20, device='cpu')
    out = []
    for p in photos:
        for img in (p, np.ascontiguousarray(p[:, ::-1])):
            out.append((img, ref.detect(img)[0]))
    return out

def background(i: int) -> np.ndarray:
    "A 640x480 scene without faces."
    return cv2.resize(demo_photo(BACKGROUNDS[i % len(BACKGROUNDS)]), (W, H), interpolation=cv2.INTER_AREA)

def paste(scene: np.ndarray, photo: np.ndarray, face: Face, side: float, centre: tuple, angle: float = 0.0) -> Face:
    "Paste the face (with context around it) into `scene` at `centre` with face side `side`; the reference face there."
    s = side / face.side
    ang = np.deg2rad(angle)
    M = np.float32([[s * np.cos(ang), s * np.sin(ang), 0], [-s * np.sin(ang), s * np.cos(ang), 0]])
    c = np.float32(face.center)
    M[:, 2] = np.float32(centre) - M[:, :2] @ c
    warped = cv2.warpAffine(photo, M, (W, H), flags=cv2.INTER_AREA if s < 1 else cv2.INTER_LINEAR,
                            borderMode=cv2.BORDER_REFLECT_101)
    region = np.zeros((H, W), np.float32)
    cv2.circle(region, (int(centre[0]), int(centre[1])), int(side * 1.1), 1.0, -1)
    region = cv2.GaussianBlur(region, (0, 0), side * 0.08)[..., None]
    scene[:] = (region * warped + (1 - region) * scene).astype(np.uint8)
    return face.transformed(M)

def cases(faces, rng) -> dict:
    "{case: [(640x480 scene, [reference faces])]}: each degradation applied to every face."
    def one(k, i, side, angle=0.0, centre=None, post=None):
        scene = background(k + i).copy()
        centre = centre or (rng.uniform(side, W - side), rng.uniform(side, H - side))
        ref = paste(scene, *faces[i % len(faces)], side, centre, angle)
        return (post(scene) if post else scene), [ref]
    n = 2 * len(faces)                                 # each face twice per case, at other places and sizes
    out = {
        'large (120-200 px)': [one(0, i, rng.uniform(120, 200)) for i in range(n)],
        'small (40-56 px)': [one(1, i, rng.uniform(40, 56)) for i in range(n)],
        'rotated 15-35 deg': [one(2, i, rng.uniform(80, 140), rng.choice([-1, 1]) * rng.uniform(15, 35))
                              for i in range(n)],
        'JPEG quality 20': [one(3, i, rng.uniform(60, 120), post=lambda s: jpeg_roundtrip(s, 20)) for i in range(n)],
        'blurred (sigma 2)': [one(4, i, rng.uniform(60, 120), post=lambda s: cv2.GaussianBlur(s, (0, 0), 2))
                              for i in range(n)],
        'dark (gamma 2.2, x0.4)': [one(5, i, rng.uniform(60, 120), post=lambda s: (255 * 0.4 * (s / 255.0) ** 2.2)
                                       .astype(np.uint8)) for i in range(n)],
        'cut by the frame (~30% out)': [one(6, i, side := rng.uniform(90, 140), centre=(side * 0.25, H / 2))
                                        for i in range(n)],
    }
    out['groups (4 faces)'] = [group(faces, k, rng) for k in range(6)]
    out['no face'] = [(background(k), []) for k in range(len(BACKGROUNDS))] + [
        (cv2.flip(background(k), 1), []) for k in range(len(BACKGROUNDS))]
    return out

def group(faces, k, rng) -> tuple:
    "A scene with four faces of 50-110 px on a 2x2 grid."
    scene, refs = background(k).copy(), []
    for j, (cx, cy) in enumerate([(160, 120), (480, 120), (160, 360), (480, 360)]):
        side = rng.uniform(50, 110)
        refs.append(paste(scene, *faces[(k + j) % len(faces)], side, (cx + rng.uniform(-30, 30), cy)))
    return scene, refs

def match(found: list[Face], refs: list[list[Face]]) -> tuple[list, int]:
    "([(reference, its detection or None)], number of false boxes); each face may have several reference boxes."
    used, pairs = set(), []
    for alts in refs:
        best = None
        for r in alts:
            for j, f in enumerate(found):
                d = np.hypot(*np.subtract(f.center, r.center)) / r.side
                if j not in used and d < MATCH_CENTRE and MATCH_SIDE[0] < f.side / r.side < MATCH_SIDE[1]:
                    if best is None or d < best[0]: best = (d, j)
        if best: used.add(best[1])
        pairs.append((alts[0], found[best[1]] if best else None))
    return pairs, len(found) - len(used)

def iou(a: tuple, b: tuple) -> float:
    ix = max(0.0, min(a[2], b[2]) - max(a[0], b[0])); iy = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = ix * iy
    return inter / ((a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter)

def landmark_error(ref: Face, f: Face) -> float | None:
    "Mean landmark distance over the reference's inter-ocular distance (NME); None without landmarks."
    if f.landmarks is None or ref.landmarks is None: return None
    return float(np.linalg.norm(f.landmarks - ref.landmarks, axis=1).mean()
                 / np.linalg.norm(ref.landmarks[0] - ref.landmarks[1]))

def clipped(face: Face) -> Face:
    "The visible part of a reference box (a detector may box a face cut by the frame either way)."
    x0, y0, x1, y1 = face.box
    return Face((max(x0, 0), max(y0, 0), min(x1, W), min(y1, H)), face.score, face.landmarks)

def run(backends: dict, all_cases: dict, rounds: int) -> dict:
    "{(backend, case): stats}, every frame detected by each backend in turn, best of `rounds` per frame."
    stats = {}
    for case, frames in all_cases.items():
        for scene, refs in frames:
            for name, det in backends.items():
                best, found = float('inf'), None
                for _ in range(rounds):
                    t = time.perf_counter(); found = det.detect(scene); best = min(best, time.perf_counter() - t)
                s = stats.setdefault((name, case), {'faces': 0, 'found': 0, 'false': 0, 'ms': [], 'iou': [], 'nme': []})
                pairs, false = match(found, [[r, clipped(r)] for r in refs])   # a cut face: whole or visible
                s['faces'] += len(refs); s['false'] += false; s['ms'].append(best * 1000)
                for r, f in pairs:
                    if f is None: continue
                    s['found'] += 1
                    if not case.startswith(('rotated', 'cut')): s['iou'].append(iou(r.box, f.box))
                    if (e := landmark_error(r, f)) is not None: s['nme'].append(e)
    return stats

def print_table(stats: dict, backends: dict, cases_: list):
    fmt = lambda v, f: '-' if v is None or (isinstance(v, float) and np.isnan(v)) else f.format(v)
    print("| case | " + " | ".join(f"{b} recall | {b} IoU | {b} NME | {b} false/frame" for b in backends) + " |")
    print("|---|" + "---:|" * (4 * len(backends)))
    for case in cases_:
        row = []
        for b in backends:
            s = stats[(b, case)]
            rec = s['found'] / s['faces'] if s['faces'] else None
            row += [fmt(rec, '{:.2f}'), fmt(np.mean(s['iou']) if s['iou'] else None, '{:.2f}'),
                    fmt(np.mean(s['nme']) if s['nme'] else None, '{:.3f}'), f"{s['false'] / len(s['ms']):.2f}"]
        print(f"| {case} | " + " | ".join(row) + " |")
    print("\n| backend | recall, faces >= 40 px | recall, rotated <= 35 deg | false boxes / frame "
          "| ms / 640x480 frame |")
    print("|---|---:|---:|---:|---:|")
    for b in backends:
        ss = [stats[(b, c)] for c in cases_]
        found = sum(s['found'] for s in ss); faces = sum(s['faces'] for s in ss)
        rot = stats[(b, 'rotated 15-35 deg')]
        frames = sum(len(s['ms']) for s in ss)
        print(f"| {b} | {found / faces:.3f} | {rot['found'] / rot['faces']:.2f} | "
              f"{sum(s['false'] for s in ss) / frames:.3f} | {np.median([m for s in ss for m in s['ms']]):.0f} |")

def video_bench(backends: dict, rounds: int):
    "deepfake-prepare's work for one 300-frame 1280x720 video with 32 frames, per backend, interleaved."
    from deepfake_nbdev.protocol import VideoItem, prepare_video
    d = Path(tempfile.mkdtemp())
    photo, face = source_faces()[0]
    vw = cv2.VideoWriter(str(d/'clip.avi'), cv2.VideoWriter_fourcc(*'MJPG'), 30, (1280, 720))
    base = cv2.resize(demo_photo('sklearn:china.jpg'), (1280, 720))
    for i in range(300):
        small = cv2.resize(base, (W, H), interpolation=cv2.INTER_AREA)
        paste(small, photo, face, 110, (200 + i, 240))                     # a face walking across the frame
        vw.write(cv2.cvtColor(cv2.resize(small, (1280, 720), interpolation=cv2.INTER_CUBIC), cv2.COLOR_RGB2BGR))
    vw.release()
    times = {b: float('inf') for b in backends}
    for r in range(rounds):
        for b in backends:
            t = time.perf_counter()
            rec = prepare_video(VideoItem(d/'clip.avi', 0, 'train', 'bench', 'real', f'{b}{r}'), d/'out', 32, 256,
                                detector=b)
            times[b] = min(times[b], time.perf_counter() - t)
            print(f"  {b}: {len(rec['rows'])} of 32 frames with a face")
    print("\n| backend | deepfake-prepare, one 300-frame 720p video, 32 frames (s) |\n|---|---:|")
    for b, t in times.items(): print(f"| {b} | {t:.2f} |")

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--rounds', type=int, default=2)
    ap.add_argument('--video', action='store_true', help="also time deepfake-prepare's work for one video")
    a = ap.parse_args()
    torch.set_num_threads(cores())
    print(f"{cpu_line()}, torch {torch.__version__} with {torch.get_num_threads()} threads, OpenCV {cv2.__version__}")
    backends = {'mtcnn': MtcnnFaceDetector(device='cpu'), 'haar': HaarFaceDetector()}
    all_cases = cases(source_faces(), np.random.default_rng(0))
    for det in backends.values(): det.detect(all_cases['large (120-200 px)'][0][0])   # warm-up
    stats = run(backends, all_cases, a.rounds)
    print_table(stats, backends, list(all_cases))
    if a.video: video_bench({'mtcnn': None, 'haar': None}, a.rounds)

if __name__ == '__main__': main()
