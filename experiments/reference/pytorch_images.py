#!/usr/bin/python3
"""PyTorch at the workbench's image-scale benchmark sizes (784 dimensions): one training step of each
model and the IWAE bound, the mirror of experiments/src/main/java/dgm/experiments/bench/ImageStepBenchmark.java
and ImageBoundBenchmark.java. Not part of the build or the tests. On this project's machine (Debian 12):

    apt-get install python3-torch libopenblas0-pthread       # PyTorch 1.13.1
    OMP_NUM_THREADS=1 GLIBC_TUNABLES=glibc.malloc.mmap_threshold=1073741824:glibc.malloc.trim_threshold=4294967296 \
        /usr/bin/python3 experiments/reference/pytorch_images.py float32 [THREADS] [WORK,...]

Prints CSV rows `benchmark,dtype,threads,ms_per_op` with the workbench's row names. Times are medians
over 7 rounds of the mean per call, in ms (JMH reports means). The GLIBC_TUNABLES line keeps glibc
from returning freed tensors to the kernel on every step (docs/performance.md), PyTorch's best showing.

The models (seeded standard-normal inputs; the costs do not depend on the values):
- maf_step/dim=784: 5 MAF layers, ActNorm before each, MADE 784->64->64->2*784 (ReLU), log-scale
  s = 2 tanh(r / 2), reverse permutations, N(0, I) base, batch 256, Adam 1e-3, clipping at 10;
- maf_step/dim=784,wide: the same with MADE 784->512->2*784, batch 128;
- realnvp_step/dim=784: 4 affine couplings on alternating halves, conditioner 392->64->64->2*392 (the
  workbench's coupling reads the conditioning half only), batch 256;
- vae_step/dim=784: encoder 784->256->256->16, decoder 8->256->256->2*784 (Gaussian mean and
  log-variance, the variance floored at 0.01²), ELBO, batch 128, clipping at 100;
- fgan_step/dim=784: KL, generator 64->256->256->784, critic 784->256->256->1, batch 256, one critic
  update on [real; fake] and one generator update, Adam (0.5, 0.999) 2e-4, clipping at 10;
- vae_iwae_k1000/dim=784: the VAE's bound with k = 1000 of 100 points, ms for the 100.
"""
import math
import os
import sys

import torch
import torch.nn as nn

import torch.nn.functional as F

from torch_bench import mlp, time_it

D = 784
if len(sys.argv) < 2 or sys.argv[1] not in ('float64', 'float32'):
    sys.exit("usage: pytorch_images.py float32|float64 [THREADS] [WORK,...]")
DT = {'float64': torch.float64, 'float32': torch.float32}[sys.argv[1]]
THREADS = int(sys.argv[2]) if len(sys.argv) > 2 else 1
torch.set_num_threads(THREADS)
torch.set_default_dtype(DT)
torch.manual_seed(0)


class MaskedLinear(nn.Linear):
    def __init__(self, n_in, n_out, mask):
        super().__init__(n_in, n_out)
        self.register_buffer('mask', mask)

    def forward(self, x):
        return F.linear(x, self.weight * self.mask, self.bias)


def made(d, hidden, depth):
    """MADE d -> hidden^depth -> 2d with the natural ordering; hidden degrees cycle through 1..d-1."""
    degrees = [torch.arange(1, d + 1)]
    for _ in range(depth):
        degrees.append(torch.arange(hidden) % (d - 1) + 1)
    layers = []
    for l in range(depth):
        mask = (degrees[l + 1][:, None] >= degrees[l][None, :]).to(DT)
        layers += [MaskedLinear(degrees[l].numel(), hidden, mask), nn.ReLU()]
    out = torch.cat([degrees[0], degrees[0]])
    mask = (out[:, None] > degrees[-1][None, :]).to(DT)
    layers.append(MaskedLinear(hidden, 2 * d, mask))
    return nn.Sequential(*layers)


class ActNorm(nn.Module):
    def __init__(self, d):
        super().__init__()
        self.loc = nn.Parameter(torch.zeros(d))
        self.log_scale = nn.Parameter(torch.zeros(d))

    def forward(self, x):
        return (x - self.loc) * torch.exp(-self.log_scale), -self.log_scale.sum().expand(x.shape[0])


class Maf(nn.Module):
    def __init__(self, layers, hidden, depth, bound=2.0):
        super().__init__()
        self.norms = nn.ModuleList([ActNorm(D) for _ in range(layers)])
        self.mades = nn.ModuleList([made(D, hidden, depth) for _ in range(layers)])
        self.c = bound

    def nll(self, x):
        log_det = torch.zeros(x.shape[0])
        for norm, net in zip(self.norms, self.mades):
            x, ld = norm(x)
            log_det = log_det + ld
            r, t = net(x).chunk(2, 1)
            s = self.c * torch.tanh(r / self.c)
            x = (x - t) * torch.exp(-s)
            log_det = log_det - s.sum(1)
            x = x.flip(1)   # reverse permutation
        log_base = -0.5 * (x * x).sum(1) - 0.5 * D * math.log(2 * math.pi)
        return -(log_base + log_det).mean()


class RealNvp(nn.Module):
    """The workbench's couplings: the conditioner reads the conditioning half only (392 -> 64 -> 64 -> 2*392),
    the halves alternating (first half, then second half conditioned on)."""

    def __init__(self, layers=4, hidden=64, bound=2.0):
        super().__init__()
        self.h = D // 2
        self.nets = nn.ModuleList([mlp(self.h, hidden, 2 * (D - self.h)) for _ in range(layers)])
        self.c = bound

    def nll(self, x):
        log_det = torch.zeros(x.shape[0])
        for k, net in enumerate(self.nets):
            a, b = (x[:, :self.h], x[:, self.h:]) if k % 2 == 0 else (x[:, self.h:], x[:, :self.h])
            t, r = net(a).chunk(2, 1)
            s = self.c * torch.tanh(r / self.c)
            b = b * torch.exp(s) + t
            log_det = log_det + s.sum(1)
            x = torch.cat([a, b], 1) if k % 2 == 0 else torch.cat([b, a], 1)
        log_base = -0.5 * (x * x).sum(1) - 0.5 * D * math.log(2 * math.pi)
        return -(log_base + log_det).mean()


def flow_step(model, batch, clip=10.0):
    opt = torch.optim.Adam(model.parameters(), 1e-3)
    xs = [torch.randn(batch, D) for _ in range(8)]
    it = [0]

    def step():
        k = it[0] % 8
        it[0] += 1
        opt.zero_grad(set_to_none=False)
        model.nll(xs[k]).backward()
        nn.utils.clip_grad_norm_(model.parameters(), clip)
        opt.step()
    return step


class Vae(nn.Module):
    def __init__(self):
        super().__init__()
        self.enc, self.dec = mlp(D, 256, 16), mlp(8, 256, 2 * D)

    def log_px(self, x, z):
        mean, log_v = self.dec(z).chunk(2, -1)
        var = torch.exp(log_v) + 1e-4   # the workbench's variance with its floor min_scale² (0.01²)
        return (-0.5 * (x - mean) ** 2 / var - 0.5 * torch.log(var) - 0.5 * math.log(2 * math.pi)).sum(-1)

    def elbo(self, x, eps):
        mu, log_var = self.enc(x).chunk(2, 1)
        z = mu + torch.exp(0.5 * log_var) * eps
        kl = 0.5 * (mu * mu + log_var.exp() - 1 - log_var).sum(1)
        return (self.log_px(x, z) - kl).mean()

    @torch.no_grad()
    def iwae(self, x, k):
        out = []
        for i in range(x.shape[0]):
            mu, log_var = self.enc(x[i:i + 1]).chunk(2, 1)
            std = torch.exp(0.5 * log_var)
            eps = torch.randn(k, 8)
            z = mu + std * eps
            log_q = (-0.5 * eps * eps - 0.5 * log_var - 0.5 * math.log(2 * math.pi)).sum(1)
            log_p = (-0.5 * z * z - 0.5 * math.log(2 * math.pi)).sum(1)
            log_w = self.log_px(x[i], z) + log_p - log_q
            out.append(torch.logsumexp(log_w, 0) - math.log(k))
        return torch.stack(out)


def vae_step(batch=128):
    model = Vae()
    opt = torch.optim.Adam(model.parameters(), 1e-3)
    xs = [torch.randn(batch, D) for _ in range(8)]
    eps = [torch.randn(batch, 8) for _ in range(8)]
    it = [0]

    def step():
        k = it[0] % 8
        it[0] += 1
        opt.zero_grad(set_to_none=False)
        (-model.elbo(xs[k], eps[k])).backward()
        nn.utils.clip_grad_norm_(model.parameters(), 100)
        opt.step()
    return step


def vae_iwae():
    model = Vae()
    x = torch.randn(100, D)
    return lambda: model.iwae(x, 1000)


def fgan_step(batch=256):
    """KL f-GAN: critic output v, g_f(v) = v, f*(t) = exp(t - 1); generator loss -E[g_f(V(G(z)))]."""
    gen, critic = mlp(64, 256, D), mlp(D, 256, 1)
    opt_c = torch.optim.Adam(critic.parameters(), 2e-4, betas=(0.5, 0.999))
    opt_g = torch.optim.Adam(gen.parameters(), 2e-4, betas=(0.5, 0.999))
    xs = [torch.randn(batch, D) for _ in range(8)]
    zc = [torch.randn(batch, 64) for _ in range(8)]
    zg = [torch.randn(batch, 64) for _ in range(8)]
    it = [0]

    def step():
        k = it[0] % 8
        it[0] += 1
        opt_c.zero_grad(set_to_none=False)
        with torch.no_grad():
            fake = gen(zc[k])
        v = critic(torch.cat([xs[k], fake]))   # one pass on 2B rows, as the workbench's FGan.criticStep
        loss_c = -(v[:batch].mean() - torch.exp(v[batch:] - 1).mean())
        loss_c.backward()
        nn.utils.clip_grad_norm_(critic.parameters(), 10)
        opt_c.step()
        opt_g.zero_grad(set_to_none=False)
        for p in critic.parameters():
            p.requires_grad_(False)
        (-critic(gen(zg[k])).mean()).backward()
        for p in critic.parameters():
            p.requires_grad_(True)
        nn.utils.clip_grad_norm_(gen.parameters(), 10)
        opt_g.step()
    return step


WORKS = {
    'maf_step/dim=784': lambda: flow_step(Maf(5, 64, 2), 256),
    'maf_step/dim=784,wide': lambda: flow_step(Maf(5, 512, 1), 128),
    'realnvp_step/dim=784': lambda: flow_step(RealNvp(), 256),
    'vae_step/dim=784': vae_step,
    'fgan_step/dim=784': fgan_step,
    'vae_iwae_k1000/dim=784': vae_iwae,
}

only = sys.argv[3].split(',') if len(sys.argv) > 3 else None
print('# torch', torch.__version__, 'threads', torch.get_num_threads(), 'GLIBC_TUNABLES',
      os.environ.get('GLIBC_TUNABLES'), flush=True)
print('benchmark,dtype,threads,ms_per_op', flush=True)
for name, make in WORKS.items():
    if only and not any(o in name for o in only):
        continue
    f = make()
    print(f"{name},{sys.argv[1]},{THREADS},{time_it(f, warm=2.0, per_round=1.0, min_warm_calls=3, min_reps=2):.3f}", flush=True)
