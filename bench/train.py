#!/usr/bin/env python
"""Training throughput and peak memory on the CPU: images/s and peak resident memory for one training step of the
full detector (EfficientNet-B4 backbone by default) at 224 px, batch 16, in five modes, each in its own process so that
peak memory is measured per mode: eager (contiguous), channels_last, channels_last with the backbone's stem and first
`--freeze` stages frozen, the same with freed memory kept for reuse (`keep_freed_memory`, as `train` does on a CPU:
the demo's setting), and bf16 autocast. All other modes allocate as glibc does by default. The modes run in rounds
(A, B, C, D, E, A, B, ...) and each keeps its best round, so a machine whose speed drifts cannot favour one; printed
as ratios to eager.

    python bench/train.py [--backbone efficientnet_b4] [--size 224] [--batch 16] [--steps 3] [--rounds 2] [--freeze 3]
"""
import argparse, json, resource, time
from machine import cpu_line, in_fresh_process

KEPT = ' + freed memory kept'

def one_mode(mode, backbone, size, batch, steps, freeze):
    import torch
    from deepfake_nbdev.model import EnhancedRobustDeepfakeDetector
    from deepfake_nbdev.loss import AdaptiveFocalLoss
    from deepfake_nbdev.optim import freeze_backbone_stages
    from deepfake_nbdev.devices import keep_freed_memory
    if mode.endswith(KEPT): keep_freed_memory()
    torch.manual_seed(0)
    m = EnhancedRobustDeepfakeDetector(backbone).train()
    x, y = torch.randn(batch, 3, size, size), torch.randint(0, 2, (batch,))
    if mode != 'eager' and mode != 'bf16':
        m, x = m.to(memory_format=torch.channels_last), x.contiguous(memory_format=torch.channels_last)
    frozen = freeze_backbone_stages(m, freeze) if mode.startswith('frozen') else []
    for f in frozen: f.eval()
    opt, loss_fn = torch.optim.AdamW([p for p in m.parameters() if p.requires_grad], 1e-4), AdaptiveFocalLoss()
    def step():
        with torch.autocast('cpu', dtype=torch.bfloat16, enabled=mode == 'bf16'):
            logits = m(x)
        loss = loss_fn(logits.float(), y); opt.zero_grad(); loss.backward(); opt.step()
    step()                                                     # warm-up
    t = time.perf_counter()
    for _ in range(steps): step()
    ips = batch * steps / (time.perf_counter() - t)
    return {'mode': mode, 'img_s': ips, 'peak_rss_mb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}

def run_mode(mode: str, a) -> dict:
    "One mode's measurement, in a fresh process."
    args = [f'--{k}={getattr(a, k)}' for k in ('backbone', 'size', 'batch', 'steps', 'freeze')]
    return in_fresh_process(__file__, '--mode', mode, *args)

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--backbone', default='efficientnet_b4'); ap.add_argument('--size', type=int, default=224)
    ap.add_argument('--batch', type=int, default=16); ap.add_argument('--steps', type=int, default=3)
    ap.add_argument('--rounds', type=int, default=2); ap.add_argument('--freeze', type=int, default=3)
    ap.add_argument('--mode', help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.mode: print(json.dumps(one_mode(a.mode, a.backbone, a.size, a.batch, a.steps, a.freeze))); return
    frozen = f'frozen {a.freeze} stages + channels_last'
    modes = ['eager', 'channels_last', frozen, f'{frozen}{KEPT}', 'bf16']
    best = {}
    for _ in range(a.rounds):
        for mode in modes:
            r = run_mode(mode, a)
            if mode not in best or r['img_s'] > best[mode]['img_s']: best[mode] = r
    base = best['eager']
    print(f"training step of the full detector ({a.backbone}), {a.size}px, batch {a.batch}, on {cpu_line()}; "
          f"best of {a.rounds} interleaved rounds of {a.steps} steps after a warm-up")
    print("| mode | img/s | vs eager | peak RSS MB | vs eager |\n|---|---:|---:|---:|---:|")
    for r in best.values():
        print(f"| {r['mode']} | {r['img_s']:.2f} | {r['img_s'] / base['img_s']:.2f}x | {r['peak_rss_mb']:.0f} | "
              f"{r['peak_rss_mb'] / base['peak_rss_mb']:.2f}x |")

if __name__ == '__main__': main()
