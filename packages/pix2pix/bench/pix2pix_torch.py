#!/usr/bin/env python3
"""Reference pix2pix training step in PyTorch (CPU), for side-by-side speed comparison with gankit's.

The networks are those of @gankit/pix2pix at 64x64x3 (built by `unet-generator` and
`patchgan-discriminator` with the options below), written the way the pix2pix authors' code writes them:

  G (U-Net, depth 6, filters f): encoder Conv(4, s2) to f, 2f, 4f, 8f, 8f, 8f channels (64 -> 1 px),
    LeakyReLU(0.2) before every conv but the first, InstanceNorm(affine) after every conv but the first
    and the innermost; decoder ReLU, ConvTranspose(4, s2), InstanceNorm, (Dropout 0.5 on the innermost
    decoder level when depth >= 6), concat with the encoder level of the same size; last ReLU,
    ConvTranspose(4, s2) to 3 channels, tanh. Dropout is left out of both implementations' timing
    difference: gankit's U-Net at depth 6 drops on one level, as this one does.
  D (PatchGAN, 3 layers, filters f): concat(A, B) (6 channels), Conv(4, s2, f), LeakyReLU(0.2);
    Conv(4, s2, 2f), IN, LReLU; Conv(4, s2, 4f), IN, LReLU; Conv(4, s1, 8f), IN, LReLU; Conv(4, s1, 1).

One step: 1. D update on (A, B) vs (A, G(A).detach()), loss 0.5 * [BCE(D(A,B), 1) + BCE(D(A,G(A)), 0)];
          2. G update, loss BCE(D(A, G(A)), 1) + 100 * |G(A) - B|. Adam(2e-4, 0.5, 0.999) for both.
So G runs forward twice per step, as in gankit's step. Padding: PyTorch pads 4x4 stride-2 convs by 1 on
each side; tfjs's 'same' pads 1 before and 2 after: the same output sizes and FLOPs.

Usage: python3 pix2pix_torch.py [--batch 8] [--size 64] [--filters 64] [--steps 5] [--threads 2] [--json]
Needs python3 with torch (on Debian: apt-get install python3-torch).
"""
import argparse
import json
import time

import torch
import torch.nn as nn


class UNet(nn.Module):
    def __init__(self, channels, filters, depth):
        super().__init__()
        width = [filters * min(2 ** i, 8) for i in range(depth)]
        self.down = nn.ModuleList()
        c_in = channels
        for i in range(depth):
            layers = [] if i == 0 else [nn.LeakyReLU(0.2)]
            layers.append(nn.Conv2d(c_in, width[i], 4, 2, 1, bias=(i == 0 or i == depth - 1)))
            if 0 < i < depth - 1:
                layers.append(nn.InstanceNorm2d(width[i], affine=True))
            self.down.append(nn.Sequential(*layers))
            c_in = width[i]
        self.up = nn.ModuleList()
        drop_levels = max(0, min(3, depth - 5))
        for k, i in enumerate(range(depth - 1, 0, -1)):
            c_in = width[i] if i == depth - 1 else 2 * width[i]
            layers = [nn.ReLU(), nn.ConvTranspose2d(c_in, width[i - 1], 4, 2, 1, bias=False), nn.InstanceNorm2d(width[i - 1], affine=True)]
            if k < drop_levels:
                layers.append(nn.Dropout(0.5))
            self.up.append(nn.Sequential(*layers))
        self.out = nn.Sequential(nn.ReLU(), nn.ConvTranspose2d(2 * width[0], channels, 4, 2, 1), nn.Tanh())

    def forward(self, x):
        skips = []
        for layer in self.down:
            x = layer(x)
            skips.append(x)
        for k, layer in enumerate(self.up):
            x = torch.cat([skips[-2 - k], layer(x)], 1)
        return self.out(x)


def patchgan(channels, filters, n_layers=3):
    layers = [nn.Conv2d(2 * channels, filters, 4, 2, 1), nn.LeakyReLU(0.2)]
    c = filters
    for i in range(1, n_layers + 1):
        f = filters * min(2 ** i, 8)
        layers += [nn.Conv2d(c, f, 4, 2 if i < n_layers else 1, 1, bias=False), nn.InstanceNorm2d(f, affine=True), nn.LeakyReLU(0.2)]
        c = f
    layers.append(nn.Conv2d(c, 1, 4, 1, 1))
    return nn.Sequential(*layers)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--batch', type=int, default=8)
    ap.add_argument('--size', type=int, default=64)
    ap.add_argument('--filters', type=int, default=64)
    ap.add_argument('--steps', type=int, default=5)
    ap.add_argument('--threads', type=int, default=2)
    ap.add_argument('--json', action='store_true')
    a = ap.parse_args()
    torch.manual_seed(0)
    torch.set_num_threads(a.threads)
    depth = 0
    s = a.size
    while s % 2 == 0 and s >= 2 and depth < 8:
        s //= 2
        depth += 1
    G, D = UNet(3, a.filters, depth), patchgan(3, a.filters)
    g_opt = torch.optim.Adam(G.parameters(), 2e-4, betas=(0.5, 0.999))
    d_opt = torch.optim.Adam(D.parameters(), 2e-4, betas=(0.5, 0.999))
    bce = nn.BCEWithLogitsLoss()
    A = torch.rand(a.batch, 3, a.size, a.size) * 2 - 1
    B = torch.rand(a.batch, 3, a.size, a.size) * 2 - 1

    def step():
        fake = G(A)
        real_scores = D(torch.cat([A, B], 1))
        fake_scores = D(torch.cat([A, fake.detach()], 1))
        d_loss = 0.5 * (bce(real_scores, torch.ones_like(real_scores)) + bce(fake_scores, torch.zeros_like(fake_scores)))
        d_opt.zero_grad(); d_loss.backward(); d_opt.step()
        fake = G(A)
        scores = D(torch.cat([A, fake], 1))
        g_loss = bce(scores, torch.ones_like(scores)) + 100 * (fake - B).abs().mean()
        g_opt.zero_grad(); g_loss.backward(); g_opt.step()

    step()  # warm-up
    t0 = time.perf_counter()
    for _ in range(a.steps):
        step()
    sec = (time.perf_counter() - t0) / a.steps
    params = sum(p.numel() for p in G.parameters()) + sum(p.numel() for p in D.parameters())
    out = {
        'impl': 'pytorch-cpu', 'torch': torch.__version__, 'threads': torch.get_num_threads(), 'batch': a.batch,
        'size': a.size, 'filters': a.filters, 'depth': depth, 'parameters': params, 'steps': a.steps,
        'ms_per_step': round(sec * 1000, 1), 'images_per_s': round(a.batch / sec, 2),
    }
    print(json.dumps(out) if a.json else ' '.join(f'{k}={v}' for k, v in out.items()))


if __name__ == '__main__':
    main()
