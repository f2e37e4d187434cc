#!/usr/bin/env python
"""`deepfake-app` timings: ready after the command, image upload -> verdict and overlay, a 10 s 720p clip -> verdict.

Starts `deepfake-app` as a user would (a subprocess, on 127.0.0.1) with a detector folder, waits until the page
answers, then sends requests through `gradio_client` (the page's own endpoint): one photograph at once (it waits
for the ONNX export the app makes in the background), then a 512x512 photograph and a 10-second
1280x720 clip (30 fps, MJPEG) with a face in every frame, `--rounds` times each, alternately; the best time of each.

    python bench/app.py [--model demo_run/detector] [--rounds 3]
"""
from __future__ import annotations
import argparse, os, socket, subprocess, sys, tempfile, time
from pathlib import Path
from urllib.request import urlopen

import cv2, skimage.data
from PIL import Image

sys.path.insert(0, str(Path(__file__).parent))
from machine import cpu_line  # noqa: E402

def free_port() -> int:
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0)); return s.getsockname()[1]

def make_inputs(d: Path) -> tuple[Path, Path, Path]:
    "(a detector folder if none is given, a photograph, a 10 s 720p clip)."
    from deepfake_nbdev.model import DetectorConfig, EnhancedRobustDeepfakeDetector
    from deepfake_nbdev.checkpoint import save_pretrained
    folder = save_pretrained(EnhancedRobustDeepfakeDetector(DetectorConfig('tf_efficientnet_lite0', image_size=128)),
                             d/'detector')
    astro = skimage.data.astronaut()
    Image.fromarray(astro).save(d/'photo.jpg', quality=92)
    vw = cv2.VideoWriter(str(d/'clip.avi'), cv2.VideoWriter_fourcc(*'MJPG'), 30, (1280, 720))
    scene = cv2.resize(skimage.data.coffee(), (1280, 720))
    for i in range(300):
        frame = scene.copy(); x = 100 + 2 * i
        frame[100:612, x:x + 512] = astro
        vw.write(cv2.cvtColor(frame, cv2.COLOR_RGB2BGR))
    vw.release()
    return folder, d/'photo.jpg', d/'clip.avi'

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--model', help='checkpoint or save_pretrained folder (default: an untrained lite0 detector)')
    ap.add_argument('--rounds', type=int, default=3)
    a = ap.parse_args()
    os.environ.update(GRADIO_ANALYTICS_ENABLED='False', HF_HUB_OFFLINE='1')
    from gradio_client import Client, handle_file
    d = Path(tempfile.mkdtemp()); folder, photo, clip = make_inputs(d)
    port, t0 = free_port(), time.time()
    proc = subprocess.Popen(['deepfake-app', '--model', a.model or str(folder), '--port', str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while True:
            try: urlopen(f'http://127.0.0.1:{port}/', timeout=2); break
            except OSError:
                if proc.poll() is not None or time.time() - t0 > 300: sys.exit("deepfake-app did not start")
                time.sleep(0.2)
        ready = time.time() - t0
        client = Client(f'http://127.0.0.1:{port}/', verbose=False)
        t = time.perf_counter(); client.predict(handle_file(str(photo)), None, api_name='/analyse')
        first = time.perf_counter() - t                   # waits for the ONNX export made while the page started
        best = {'image': float('inf'), 'video': float('inf')}
        for _ in range(a.rounds):
            for kind, f in (('image', photo), ('video', clip)):
                t = time.perf_counter()
                verdict = client.predict(handle_file(str(f)), None, api_name='/analyse')[0]
                best[kind] = min(best[kind], time.perf_counter() - t)
                assert 'P(fake)' in verdict, verdict
    finally:
        proc.terminate(); proc.wait(10)
    print(f"{cpu_line()}; detector {a.model or 'tf_efficientnet_lite0 at 128 px (untrained)'}")
    print("| step | seconds | goal |\n|---|---:|---:|")
    print(f"| `deepfake-app` command -> page answers | {ready:.1f} | 15 |")
    print(f"| first upload right after that (waits for the ONNX export) | {first:.1f} | |")
    print(f"| 512x512 photo upload -> verdict, faces, Grad-CAM (best of {a.rounds}) | {best['image']:.2f} | 2 |")
    print(f"| 10 s 1280x720 clip upload -> verdict, plot, frames (best of {a.rounds}) | {best['video']:.2f} | 15 |")

if __name__ == '__main__': main()
