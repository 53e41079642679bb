"""Helpers shared by the PyTorch mirror scripts of this folder (pytorch_steps.py, pytorch_images.py)."""
import time

import torch.nn as nn


def mlp(n_in, hidden, n_out, depth=2):
    """n_in -> hidden (ReLU) x depth -> n_out, the workbench's Mlp."""
    layers, d = [], n_in
    for _ in range(depth):
        layers += [nn.Linear(d, hidden), nn.ReLU()]
        d = hidden
    layers.append(nn.Linear(d, n_out))
    return nn.Sequential(*layers)


def time_it(f, warm=1.0, rounds=7, per_round=0.3, min_warm_calls=5, min_reps=3):
    """Median over rounds of the mean time per call (ms), after at least `warm` seconds (and
    `min_warm_calls` calls) of warm-up; each round makes at least `min_reps` calls."""
    t0, n = time.perf_counter(), 0
    while time.perf_counter() - t0 < warm or n < min_warm_calls:
        f()
        n += 1
    reps = max(min_reps, int(per_round / ((time.perf_counter() - t0) / n)))
    times = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        for _ in range(reps):
            f()
        times.append((time.perf_counter() - t0) / reps * 1e3)
    return sorted(times)[len(times) // 2]
