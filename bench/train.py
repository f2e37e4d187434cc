#!/usr/bin/env python
"""Training throughput and peak memory on the CPU: images/s and peak resident memory for one training step of the
full detector (EfficientNet-B4 backbone by default) at 224 px, batch 16, in three modes, each in its own process so that
peak memory is measured per mode: eager (contiguous), channels_last, and bf16 autocast. Printed as ratios to eager.

    python bench/train.py [--backbone efficientnet_b4] [--size 224] [--batch 16] [--steps 3]
"""
import argparse, json, resource, subprocess, sys, time

def one_mode(mode, backbone, size, batch, steps):
    import torch, torch.nn.functional as F
    from deepfake_nbdev.model import EnhancedRobustDeepfakeDetector
    from deepfake_nbdev.loss import AdaptiveFocalLoss
    torch.manual_seed(0)
    m = EnhancedRobustDeepfakeDetector(backbone).train()
    x, y = torch.randn(batch, 3, size, size), torch.randint(0, 2, (batch,))
    if mode == 'channels_last': m, x = m.to(memory_format=torch.channels_last), x.contiguous(memory_format=torch.channels_last)
    opt, loss_fn = torch.optim.AdamW(m.parameters(), 1e-4), AdaptiveFocalLoss()
    def step():
        with torch.autocast('cpu', dtype=torch.bfloat16, enabled=mode == 'bf16'):
            logits = m(x)
        loss = loss_fn(logits.float(), y); opt.zero_grad(); loss.backward(); opt.step()
    step()                                                     # warm-up
    t = time.perf_counter()
    for _ in range(steps): step()
    ips = batch * steps / (time.perf_counter() - t)
    return {'mode': mode, 'img_s': ips, 'peak_rss_mb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--backbone', default='efficientnet_b4'); ap.add_argument('--size', type=int, default=224)
    ap.add_argument('--batch', type=int, default=16); ap.add_argument('--steps', type=int, default=3)
    ap.add_argument('--mode', help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.mode: print(json.dumps(one_mode(a.mode, a.backbone, a.size, a.batch, a.steps))); return
    rows = []
    for mode in ('eager', 'channels_last', 'bf16'):
        out = subprocess.run([sys.executable, __file__, '--mode', mode, '--backbone', a.backbone, '--size', str(a.size),
                              '--batch', str(a.batch), '--steps', str(a.steps)], capture_output=True, text=True, check=True)
        rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
    base = rows[0]
    print(f"training step of the full detector ({a.backbone}), {a.size}px, batch {a.batch}, CPU, mean of {a.steps} steps after a warm-up")
    print("| mode | img/s | vs eager | peak RSS MB | vs eager |\n|---|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r['mode']} | {r['img_s']:.2f} | {r['img_s'] / base['img_s']:.2f}x | {r['peak_rss_mb']:.0f} | {r['peak_rss_mb'] / base['peak_rss_mb']:.2f}x |")

if __name__ == '__main__': main()
