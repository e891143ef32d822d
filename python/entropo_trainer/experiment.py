"""`python -m entropo_trainer experiment entropy --out DIR [--quick] [--jobs N]`: does EntroPO's alpha raise the
policy's entropy the way the paper's optimum says it should? (docs/science-check.md)

1. fixed point: tabular policies trained with the project's loss reach pi* (experiment_fixed_point.py), seconds;
2. stack: the tiny model SFT'd to a peaked reference, then EntroPO-DPO / -KTO through LLaMA-Factory for every
   (loss, alpha, seed), in `jobs` worker processes (experiment_stack.py).

Progress goes to stdout as JSON lines ({"event": "progress" | "log" | "result", ...}); training logs go to
DIR/work/logs. Finished runs are kept in DIR/work, so an interrupted experiment resumes where it stopped.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import sys
import time
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any

from .experiment_stack import (FULL, QUICK, StackSettings, aggregate, prepare_reference, run_name, train_one,
                               write_seed_dataset)


class ExperimentError(ValueError):
    """Bad input to the experiment (names the file or option)."""


def emit(event: str, **fields: Any) -> None:
    """One progress line on stdout (the TypeScript side parses these)."""
    print(json.dumps({"event": event, **fields}), flush=True)


def _worker_init(log_dir: str) -> None:
    """Each worker: one torch thread (the sweep runs `jobs` processes side by side), its output to a log file."""
    os.environ.update({"OMP_NUM_THREADS": "1", "CUDA_VISIBLE_DEVICES": "", "HF_HUB_OFFLINE": "1",
                       "DISABLE_VERSION_CHECK": "1", "TOKENIZERS_PARALLELISM": "false"})
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides; it terminates the pool on interrupt
    import torch

    torch.set_num_threads(1)
    log = open(Path(log_dir) / f"worker-{os.getpid()}.log", "a", buffering=1)  # noqa: SIM115 (lives with the worker)
    os.dup2(log.fileno(), 1)
    os.dup2(log.fileno(), 2)
    sys.stdout = sys.stderr = log


def _prepare(settings: StackSettings, work: str) -> str:
    return str(prepare_reference(settings, Path(work)))


def _train(task: tuple[StackSettings, str, str, float, int]) -> dict[str, Any]:
    settings, work, loss, ratio, seed = task
    return train_one(settings, Path(work), loss, ratio, seed)


# What every run of a work dir must share; seeds, losses and ratios only name runs, so a sweep can be extended.
RUN_KEYS = ("beta", "pairs", "batch_size", "steps", "learning_rate", "sft_rows", "sft_epochs")


def _check_work_dir(work: Path, settings: StackSettings) -> None:
    """A work dir holds the runs of one set of training settings; resuming with others is an error, not a mix."""
    marker = work / "settings.json"
    wanted = json.loads(json.dumps(asdict(settings)))
    if marker.exists():
        found = json.loads(marker.read_text())
        changed = sorted(key for key in RUN_KEYS if found.get(key) != wanted[key])
        if changed:
            raise ExperimentError(f"{marker}: this work directory holds runs with other settings ({', '.join(changed)}"
                                  f" differ); use another --out, or delete {work} to start over")
    work.mkdir(parents=True, exist_ok=True)
    marker.write_text(json.dumps(wanted, indent=1) + "\n")


def run_stack(settings: StackSettings, work: Path, jobs: int) -> dict[str, Any]:
    """The stack sweep with `jobs` worker processes; progress lines as runs finish (work: checked by
    _check_work_dir)."""
    import torch

    from .experiment_model import support_tables, trajectory_logps

    logs = work / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    tasks = [(settings, str(work), loss, ratio, seed) for loss, ratio, seed in settings.run_ids()]
    for seed in settings.seeds:  # before any run, so that parallel runs of one seed only read them
        write_seed_dataset(settings, work, seed)
    context = multiprocessing.get_context("spawn")
    pool = context.Pool(processes=max(1, jobs), initializer=_worker_init, initargs=(str(logs),))
    try:
        emit("progress", task="reference", done=0, total=1, detail="tiny model + SFT to the peaked reference")
        sft_dir = Path(pool.apply(_prepare, (settings, str(work))))
        emit("progress", task="reference", done=1, total=1, detail=str(sft_dir))
        runs: list[dict[str, Any]] = []
        emit("progress", task="stack", done=0, total=len(tasks), unit="runs")
        for result in pool.imap_unordered(_train, tasks):
            runs.append(result)
            name = run_name(result["loss"], result["alpha"] / settings.beta, result["seed"])
            emit("progress", task="stack", done=len(runs), total=len(tasks), unit="runs",
                 detail=f"{name}: entropy {result['learned']['entropy']:.3f} nats")
        pool.close()
    finally:
        pool.terminate()
        pool.join()
    with torch.no_grad():
        reference, mass = support_tables(trajectory_logps(sft_dir))
    runs.sort(key=lambda run: (run["loss"], run["alpha"], run["seed"]))
    return aggregate(settings, runs, reference, mass)


def _versions() -> dict[str, str | None]:
    from importlib.metadata import PackageNotFoundError, version

    found: dict[str, str | None] = {}
    for name in ("torch", "transformers", "llamafactory", "trl"):
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = None
    return found


def _interrupt_on_sigterm() -> None:
    """SIGTERM ends the sweep like Ctrl-C (the pool's workers are terminated, finished runs stay on disk)."""

    def handler(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, handler)


def run_entropy_experiment(out_dir: str, quick: bool = False, jobs: int | None = None,
                           seeds: int | None = None) -> dict[str, Any]:
    """Run the experiment into out_dir (result.json, work/); seeds=0 runs the fixed-point part only."""
    from .experiment_fixed_point import run_fixed_point

    out = Path(out_dir).resolve()
    out.mkdir(parents=True, exist_ok=True)
    settings = QUICK if quick else FULL
    if seeds is not None:
        if seeds < 0:
            raise ExperimentError(f"--seeds: expected an integer >= 0, got {seeds}")
        settings = replace(settings, seeds=tuple(range(seeds)))
    _interrupt_on_sigterm()
    if settings.seeds:
        _check_work_dir(out / "work", settings)
    jobs = jobs if jobs is not None else min(2, os.cpu_count() or 1)
    if jobs < 1:
        raise ExperimentError(f"--jobs: expected an integer >= 1, got {jobs}")
    started = time.monotonic()
    emit("progress", task="fixed-point", done=0, total=1, detail="tabular EntroPO-DPO vs the closed form")
    fixed = run_fixed_point(beta=settings.beta)
    fixed_seconds = time.monotonic() - started
    emit("progress", task="fixed-point", done=1, total=1,
         detail=f"max |log pi - log pi*| = {fixed['max_abs_logprob_error']:.2e} (tolerance {fixed['tolerance']:g})")
    stack = run_stack(settings, out / "work", jobs) if settings.seeds else None
    result = {
        "experiment": "entropy", "quick": quick, "seeds": len(settings.seeds), "jobs": jobs,
        "seconds": time.monotonic() - started, "fixed_point_seconds": fixed_seconds,
        "cpu_count": os.cpu_count(), "versions": _versions(), "fixed_point": fixed, "stack": stack,
    }
    path = out / "result.json"
    partial = path.with_suffix(".json.partial")
    partial.write_text(json.dumps(result, indent=1) + "\n")
    partial.replace(path)
    emit("result", path=str(path), seconds=result["seconds"])
    return result
