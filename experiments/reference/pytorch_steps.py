#!/usr/bin/python3
"""PyTorch at the workbench's benchmark configurations: one training step, and the same GEMM calls alone.

Not part of the build or the tests: it measures the reference that `./workbench bench` is compared
with (docs/performance.md, session 6). On this project's machine (Debian 12):

    apt-get install python3-torch libopenblas0-pthread      # PyTorch 1.13.1, OpenBLAS 0.3.21
    OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 OPENBLAS_CORETYPE=SkylakeX \
    GLIBC_TUNABLES=glibc.malloc.mmap_threshold=1073741824:glibc.malloc.trim_threshold=4294967296 \
        /usr/bin/python3 experiments/reference/pytorch_steps.py float64 128,256,1024,4096

Without libopenblas Debian's PyTorch runs on the reference BLAS (4-20x slower). Without the
GLIBC_TUNABLES line glibc returns freed tensors to the kernel and PyTorch page-faults on every
step: at batch 1024 and above its steps become 2-9x slower and erratic, so the line gives PyTorch
its best showing. OPENBLAS_CORETYPE=SkylakeX matches the kernels the workbench's launcher picks.

The models mirror the workbench's benchmarks (experiments/src/main/java/dgm/experiments/bench):
RealNVP with 4 affine couplings whose conditioners are 1->64->64->2 (d = 2, tanh-bounded scale),
Adam, gradient clipping at 10; the VAE 64->256->256->16 / 8->256->256->64 with Bernoulli logits;
the f-GAN (KL) with generator 2->128->128->2 and critic 2->128->128->1, one critic and one generator
update; the RealNVP log-density of 10,000 points. "GEMM calls alone" makes each Linear layer's
products again (forward addmm, backward mm for the weight gradient and, where autograd needs it,
the input gradient) on preallocated tensors, nothing in between: PyTorch's counterpart of the
workbench's BlasReplayBenchmark, though not the same routines (the workbench uses GER for one-input
layers, a GEMV per column for layers of at most 4 outputs and a GEMV with a ones vector for bias
gradients; PyTorch uses GEMM and a reduction). Times are medians over 7 rounds of the mean per call,
in ms (JMH reports means).
"""
import math
import os
import sys

import torch
import torch.nn as nn

from torch_bench import mlp, time_it

torch.set_num_threads(1)
torch.manual_seed(0)
if len(sys.argv) < 3 or sys.argv[1] not in ('float64', 'float32'):
    sys.exit("usage: pytorch_steps.py float64|float32 BATCH[,BATCH...] [realnvp,vae,fgan,realnvp_logprob10k]")
DT = {'float64': torch.float64, 'float32': torch.float32}[sys.argv[1]]
torch.set_default_dtype(DT)


def linears(module):
    return [m for m in module.modules() if isinstance(m, nn.Linear)]


class RealNVP(nn.Module):
    """Affine couplings on d = 2 alternating the conditioned coordinate; s = c tanh(r / c)."""

    def __init__(self, hidden=64, layers=4, bound=2.0):
        super().__init__()
        self.nets = nn.ModuleList([mlp(1, hidden, 2) for _ in range(layers)])
        self.c = bound

    def nll(self, x):
        log_det = torch.zeros(x.shape[0])
        for k, net in enumerate(self.nets):
            a, b = (x[:, :1], x[:, 1:]) if k % 2 == 0 else (x[:, 1:], x[:, :1])
            r, t = net(a).chunk(2, 1)
            s = self.c * torch.tanh(r / self.c)
            b = b * torch.exp(s) + t
            log_det = log_det + s.sum(1)
            x = torch.cat([a, b], 1) if k % 2 == 0 else torch.cat([b, a], 1)
        log_base = -0.5 * (x * x).sum(1) - math.log(2 * math.pi)
        return -(log_base + log_det).mean()

    def gemm_specs(self):
        """(layer, needs its input gradient): only the first coupling's conditioner reads data; the
        later ones read the previous coupling's output, which depends on parameters."""
        specs = []
        for k, net in enumerate(self.nets):
            first, second, third = linears(net)
            specs += [(first, k > 0), (second, True), (third, True)]
        return specs


def gemm_replay(specs, batch, backward=True):
    """The layers' products alone on preallocated tensors: forward addmm, then backward (in reverse
    order) mm for the weight gradient and, where needed, mm for the input gradient."""
    bufs = []
    for layer, input_grad in specs:
        n_out, n_in = layer.weight.shape
        bufs.append((layer.weight.detach(), layer.bias.detach(), torch.randn(batch, n_in),
                     torch.empty(batch, n_out), torch.randn(batch, n_out), torch.empty(n_out, n_in),
                     torch.empty(batch, n_in), input_grad))

    def run():
        for w, b, x, y, dy, dw, dx, input_grad in bufs:
            torch.addmm(b, x, w.t(), out=y)
        if backward:
            for w, b, x, y, dy, dw, dx, input_grad in reversed(bufs):
                torch.mm(dy.t(), x, out=dw)
                if input_grad:
                    torch.mm(dy, w, out=dx)
    return run


def input_grad_replay(layers, batch):
    """Backward through layers for the input gradient only (the critic inside the generator step)."""
    bufs = [(l.weight.detach(), torch.randn(batch, l.weight.shape[0]), torch.empty(batch, l.weight.shape[1]))
            for l in reversed(layers)]

    def run():
        for w, dy, dx in bufs:
            torch.mm(dy, w, out=dx)
    return run


def realnvp(batch):
    model = RealNVP()
    opt = torch.optim.Adam(model.parameters(), 1e-3)
    xs = [torch.randn(batch, 2) for _ in range(16)]
    it = [0]

    def step():
        x = xs[it[0] % 16]
        it[0] += 1
        opt.zero_grad(set_to_none=False)
        model.nll(x).backward()
        nn.utils.clip_grad_norm_(model.parameters(), 10)
        opt.step()
    return step, gemm_replay(model.gemm_specs(), batch)


def realnvp_logprob10k(batch):
    model = RealNVP()
    x = torch.randn(batch, 2)

    def log_prob():
        with torch.no_grad():
            model.nll(x)
    return log_prob, gemm_replay(model.gemm_specs(), batch, backward=False)


def vae(batch):
    enc, dec = mlp(64, 256, 16), mlp(8, 256, 64)
    params = list(enc.parameters()) + list(dec.parameters())
    opt = torch.optim.Adam(params, 1e-3)
    xs = [torch.rand(batch, 64) for _ in range(16)]
    eps = [torch.randn(batch, 8) for _ in range(16)]
    it = [0]

    def step():
        k = it[0] % 16
        it[0] += 1
        opt.zero_grad(set_to_none=False)
        mu, log_var = enc(xs[k]).chunk(2, 1)
        z = mu + torch.exp(0.5 * log_var) * eps[k]
        rec = nn.functional.binary_cross_entropy_with_logits(dec(z), xs[k], reduction='sum') / batch
        kl = 0.5 * (mu * mu + log_var.exp() - 1 - log_var).sum() / batch
        (rec + kl).backward()
        nn.utils.clip_grad_norm_(params, 100)
        opt.step()
    le, ld = linears(enc), linears(dec)
    specs = [(le[0], False), (le[1], True), (le[2], True), (ld[0], True), (ld[1], True), (ld[2], True)]
    return step, gemm_replay(specs, batch)


def fgan(batch):
    """KL f-GAN: critic output v, g_f(v) = v, f*(t) = exp(t - 1); generator loss -E[g_f(V(G(z)))]."""
    gen, critic = mlp(2, 128, 2), mlp(2, 128, 1)
    opt_c = torch.optim.Adam(critic.parameters(), 2e-4, betas=(0.5, 0.999))
    opt_g = torch.optim.Adam(gen.parameters(), 2e-4, betas=(0.5, 0.999))
    xs = [torch.randn(batch, 2) * 2 for _ in range(16)]
    zc = [torch.randn(batch, 2) for _ in range(16)]
    zg = [torch.randn(batch, 2) for _ in range(16)]
    it = [0]

    def step():
        k = it[0] % 16
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
    lg, lc = linears(gen), linears(critic)
    data_first = lambda layers: [(layers[0], False), (layers[1], True), (layers[2], True)]
    fakes = gemm_replay(data_first(lg), batch, backward=False)    # G forward for the critic step
    critic_both = gemm_replay(data_first(lc), 2 * batch)          # critic on [real; fake], weight gradients
    gen_fwd_bwd = gemm_replay(data_first(lg), batch)              # G forward and backward
    critic_fwd = gemm_replay(data_first(lc), batch, backward=False)
    critic_in = input_grad_replay(lc, batch)                      # critic backward, input gradient only

    def replay():
        fakes()
        critic_both()
        critic_fwd()
        critic_in()
        gen_fwd_bwd()
    return step, replay


print('# torch', torch.__version__, 'threads', torch.get_num_threads(), 'OPENBLAS_CORETYPE',
      os.environ.get('OPENBLAS_CORETYPE'), 'GLIBC_TUNABLES', os.environ.get('GLIBC_TUNABLES'), flush=True)
print('model,batch,dtype,step_ms,gemm_alone_ms,ratio', flush=True)
only = sys.argv[3].split(',') if len(sys.argv) > 3 else None
for name, mk in [('realnvp', realnvp), ('vae', vae), ('fgan', fgan), ('realnvp_logprob10k', realnvp_logprob10k)]:
    if only and name not in only:
        continue
    for batch in (map(int, sys.argv[2].split(',')) if name != 'realnvp_logprob10k' else [10000]):
        step, blas = mk(batch)
        ts, tb = time_it(step), time_it(blas)
        print(f"{name},{batch},{sys.argv[1]},{ts:.3f},{tb:.3f},{ts / tb:.2f}", flush=True)
