#!/usr/bin/env python
"""`deepfake-app` in a real browser: upload -> verdict and overlay, a corrupt upload -> its message, no foreign request.

    python .ci/app_test.py [--screenshot nbs/images/app.png]

Starts `deepfake-app` on 127.0.0.1 with a small detector saved by `save_pretrained`, opens the page in headless
Chromium (selenium), uploads a photograph that ships with scikit-image, waits for the verdict, checks that the faces
image and the Grad-CAM overlay are shown, uploads a truncated JPEG and waits for the error message naming it, then reads
the browser's network log: every request must have gone to 127.0.0.1. Without Chromium and its driver it exits with
status 3 (SKIPPED), which CI counts as skipped."""
import argparse, json, os, shutil, socket, subprocess, sys, tempfile, time
from pathlib import Path
from urllib.parse import urlparse
from urllib.request import urlopen

sys.path.insert(0, str(Path(__file__).parent))
from docs_test import SKIPPED, browser  # noqa: E402

LOCAL = {'127.0.0.1', 'localhost', ''}

def free_port() -> int:
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0)); return s.getsockname()[1]

def make_files(d: Path) -> tuple[Path, Path, Path]:
    "(a detector folder, a photograph, a truncated JPEG)."
    import skimage.data
    from PIL import Image
    from deepfake_nbdev.model import DetectorConfig, EnhancedRobustDeepfakeDetector
    from deepfake_nbdev.checkpoint import save_pretrained
    model = EnhancedRobustDeepfakeDetector(DetectorConfig('test_efficientnet', image_size=96)).eval()
    folder = save_pretrained(model, d/'detector', metrics={'roc_auc': 0.5}, data='Untrained: a test of the page.')
    Image.fromarray(skimage.data.astronaut()).save(d/'astronaut.jpg', quality=92)
    (d/'broken.jpg').write_bytes((d/'astronaut.jpg').read_bytes()[:4000])
    return folder, d/'astronaut.jpg', d/'broken.jpg'

def wait_for_server(url: str, proc, timeout: float = 120) -> float:
    "Seconds until `url` answers."
    t0 = time.time()
    while time.time() - t0 < timeout:
        if proc.poll() is not None: sys.exit(f"deepfake-app exited with {proc.returncode}")
        try:
            urlopen(url, timeout=2); return time.time() - t0
        except OSError: time.sleep(0.25)
    sys.exit(f"deepfake-app did not answer within {timeout:.0f} s")

def upload(drv, path: Path):
    "Put `path` into the page's file input and press Analyse."
    from selenium.webdriver.common.by import By
    inp = drv.find_element(By.CSS_SELECTOR, 'input[type=file]')
    drv.execute_script("arguments[0].style.display = 'block'; arguments[0].style.visibility = 'visible';", inp)
    inp.send_keys(str(path))
    time.sleep(1.0)                                       # the upload itself
    drv.find_element(By.ID, 'analyse').click()

def wait_until(drv, cond, what: str, timeout: float = 90) -> float:
    t0 = time.time()
    while time.time() - t0 < timeout:
        if cond(drv): return time.time() - t0
        time.sleep(0.2)
    drv.save_screenshot('app_failure.png')
    sys.exit(f"timed out waiting for {what} (screenshot: app_failure.png)")

def save_screenshot(drv, path: Path, width: int = 1000):
    "The page as a JPEG of `width` pixels (light enough for the docs)."
    from PIL import Image
    png = path.with_suffix('.tmp.png'); path.parent.mkdir(parents=True, exist_ok=True); drv.save_screenshot(str(png))
    im = Image.open(png).convert('RGB'); im = im.resize((width, round(im.height * width / im.width)), Image.LANCZOS)
    im.save(path, quality=85); png.unlink()

def foreign_requests(drv) -> list[str]:
    "URLs of every request the page made to a host other than this machine."
    urls = []
    for entry in drv.get_log('performance'):
        msg = json.loads(entry['message'])['message']
        if msg.get('method') == 'Network.requestWillBeSent': urls.append(msg['params']['request']['url'])
    web = [u for u in urls if urlparse(u).scheme in ('http', 'https', 'ws', 'wss')]
    return [u for u in web if urlparse(u).hostname not in LOCAL]

def check_refusal_and_privacy(drv, url: str, broken: Path):
    "A truncated upload is refused with a message naming it, and no request of the page left 127.0.0.1."
    from selenium.webdriver.common.by import By
    drv.get(url); wait_until(drv, lambda b: b.find_elements(By.ID, 'analyse'), 'the page again')
    upload(drv, broken)
    wait_until(drv, lambda b: 'broken.jpg' in b.find_element(By.TAG_NAME, 'body').text, 'the error message')
    print("PASSED a truncated JPEG is refused with a message naming it")
    foreign = foreign_requests(drv)
    assert not foreign, f"requests left the machine: {foreign[:5]}"
    print("PASSED no request went to a host other than 127.0.0.1")

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--screenshot', help='save a screenshot of the page after the upload here')
    a = ap.parse_args()
    missing = [b for b in ('chromium', 'chromedriver') if not shutil.which(b)]
    if missing:
        print(f"app browser test skipped: {', '.join(missing)} not installed (apt-get install chromium "
              "chromium-driver)")
        sys.exit(SKIPPED)
    from selenium.webdriver.common.by import By
    d = Path(tempfile.mkdtemp()); folder, photo, broken = make_files(d)
    port = free_port(); url = f'http://127.0.0.1:{port}/'
    env = {**os.environ, 'GRADIO_ANALYTICS_ENABLED': 'False', 'HF_HUB_OFFLINE': '1'}
    t0 = time.time()
    proc = subprocess.Popen(['deepfake-app', '--model', str(folder), '--port', str(port)], env=env, cwd=d,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    drv = None
    try:
        wait_for_server(url, proc); ready = time.time() - t0
        drv = browser('1400,1300', network_log=True); drv.get(url)
        wait_until(drv, lambda b: b.find_elements(By.ID, 'analyse'), 'the page')
        upload(drv, photo)
        verdict = lambda b: 'P(fake)' in b.find_element(By.ID, 'verdict').text
        took = wait_until(drv, verdict, 'the verdict')
        text = drv.find_element(By.ID, 'verdict').text
        imgs = {k: drv.find_elements(By.CSS_SELECTOR, f'#{k} img') for k in ('faces', 'gradcam')}
        assert all(imgs.values()), f"faces / Grad-CAM images shown: { {k: len(v) for k, v in imgs.items()} }"
        print(f"PASSED upload -> verdict in {took:.1f} s after the click (app ready {ready:.1f} s): "
              f"{text.splitlines()[0]}; faces and Grad-CAM images shown")
        if a.screenshot: save_screenshot(drv, Path(a.screenshot))
        check_refusal_and_privacy(drv, url, broken)
    finally:
        if drv: drv.quit()
        proc.terminate(); proc.wait(10)
        shutil.rmtree(d, ignore_errors=True)

if __name__ == '__main__': main()
