"""Per-step metric buffers on a trainer (policy_entropy and its chosen/rejected split, z0), averaged across micro-batches and processes at log."""

from __future__ import annotations

from typing import Any

import torch

BUFFERED_KEYS = ("policy_entropy", "policy_entropy/chosen", "policy_entropy/rejected", "z0")


def record(trainer: Any, key: str, total: float, count: int = 1) -> None:
    """Add (total, count) for `key` to the trainer's current train/eval buffer."""
    split = "train" if trainer.model.training else "eval"
    buffers = trainer.__dict__.setdefault("_entropo_buffers", {"train": {}, "eval": {}})
    old_total, old_count = buffers[split].get(key, (0.0, 0))
    buffers[split][key] = (old_total + total, old_count + count)


def drain(trainer: Any, split: str) -> dict[str, float]:
    """Pop the split's buffers, reduce (sum, count) over processes, return {key: mean} for keys seen anywhere."""
    buffers = trainer.__dict__.setdefault("_entropo_buffers", {"train": {}, "eval": {}})
    local = buffers[split]
    buffers[split] = {}
    values = []
    for key in BUFFERED_KEYS:
        total, count = local.get(key, (0.0, 0))
        values += [float(total), float(count)]
    stats = torch.tensor(values, dtype=torch.float64, device=trainer.accelerator.device)  # (2 * keys,)
    if trainer.accelerator.num_processes > 1:
        stats = trainer.accelerator.reduce(stats, "sum")
    out = {}
    for index, key in enumerate(BUFFERED_KEYS):
        total, count = float(stats[2 * index]), float(stats[2 * index + 1])
        if count > 0:
            out[key] = total / count
    return out
