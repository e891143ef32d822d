"""In-process training session driven from TypeScript through pythonia.

Training runs in a daemon thread; its events (begin, metrics, checkpoint, finished, error) go to a queue that the
TypeScript side polls with ``TrainingSession.poll``. Every method that pythonia calls returns a JSON string and never
raises, so errors arrive as data carrying the Python traceback. A stop request makes ``StopCallback`` save a checkpoint
and end training at the next optimizer-step boundary (all ranks agree through an all-reduce under torchrun).

Only the standard library is imported at module level: pythonia imports this module in a call of its own, and the
heavy imports (torch, transformers, LLaMA-Factory) happen inside the training thread.
"""

from __future__ import annotations

import json
import math
import os
import queue
import sys
import threading
import time
import traceback
from typing import Any, Callable

STOP_FILE_ENV = "ENTROPO_STOP_FILE"


def metrics_from_logs(logs: dict[str, Any]) -> dict[str, float | str]:
    """Numeric entries of a Trainer ``on_log`` dict; non-finite values become strings ("nan"), as JSON has no NaN."""
    metrics: dict[str, float | str] = {}
    for key, value in logs.items():
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            continue
        metrics[key] = float(value) if math.isfinite(float(value)) else str(float(value))
    return metrics


def _all_ranks_agree(flag: bool) -> bool:
    """True when any rank raised the flag (MAX all-reduce under torch.distributed; the flag itself otherwise)."""
    import torch.distributed as dist

    if not (dist.is_available() and dist.is_initialized()) or dist.get_world_size() == 1:
        return flag
    import torch

    tensor = torch.tensor([1 if flag else 0], dtype=torch.int64)  # shape [1]
    if dist.get_backend() == "nccl":
        tensor = tensor.cuda()
    dist.all_reduce(tensor, op=dist.ReduceOp.MAX)
    return bool(tensor.item())


def make_callbacks(emit: Callable[[dict[str, Any]], None], should_stop: Callable[[], bool]) -> list[Any]:
    """Trainer callbacks: one that reports events through ``emit``, one that stops at a step boundary on request."""
    from transformers import TrainerCallback

    class EventCallback(TrainerCallback):
        """Forwards Trainer progress as plain dicts (rank 0 only)."""

        def on_train_begin(self, args, state, control, **kwargs):
            if state.is_world_process_zero:
                emit({"type": "begin", "step": state.global_step, "totalSteps": state.max_steps})

        def on_log(self, args, state, control, logs=None, **kwargs):
            if state.is_world_process_zero and logs:
                emit({"type": "metrics", "step": state.global_step, "totalSteps": state.max_steps,
                      "metrics": metrics_from_logs(logs)})

        def on_save(self, args, state, control, **kwargs):
            if state.is_world_process_zero:
                path = os.path.join(args.output_dir, f"checkpoint-{state.global_step}")
                emit({"type": "checkpoint", "step": state.global_step, "path": path})

    class StopCallback(TrainerCallback):
        """Saves a checkpoint and ends training at the next step boundary once a stop is requested."""

        def __init__(self) -> None:
            self.stopped_at: int | None = None

        def on_step_end(self, args, state, control, **kwargs):
            if _all_ranks_agree(should_stop()):
                control.should_save = True
                control.should_training_stop = True
                self.stopped_at = state.global_step
            return control

    return [EventCallback(), StopCallback()]


def stop_file_callbacks() -> list[Any]:
    """Callbacks for subprocess training: a checkpoint and a stop at the next step once $ENTROPO_STOP_FILE exists."""
    stop_file = os.environ.get(STOP_FILE_ENV)
    if not stop_file:
        return []
    return make_callbacks(lambda _event: None, lambda: os.path.exists(stop_file))[1:]


def _run_training(args: dict[str, Any], callbacks: list[Any]) -> None:
    """Applies the EntroPO patch and runs LLaMA-Factory's run_exp (entropo_trainer.runner)."""
    from entropo_trainer.runner import run_training

    run_training(args, callbacks)


class TrainingSession:
    """One training run in a background thread, observed through ``poll`` and stopped through ``request_stop``."""

    def __init__(self, args: dict[str, Any]) -> None:
        self.args = args
        self.events: queue.Queue[dict[str, Any]] = queue.Queue()
        self.stop_requested = threading.Event()
        self.thread: threading.Thread | None = None
        self.last_step = 0

    def _emit(self, event: dict[str, Any]) -> None:
        if "step" in event:
            self.last_step = max(self.last_step, int(event["step"]))
        self.events.put(event)

    def _target(self) -> None:
        try:
            callbacks = make_callbacks(self._emit, self.stop_requested.is_set)
            _run_training(self.args, callbacks)
            stopped_at = callbacks[1].stopped_at
            self.events.put({"type": "finished", "steps": self.last_step, "interrupted": stopped_at is not None})
        except BaseException as error:  # noqa: BLE001 - every failure must reach the TS side as data
            traceback.print_exc()  # into the run's log file
            self.events.put({"type": "error", "errorType": type(error).__name__, "message": str(error),
                             "traceback": traceback.format_exc()})

    def start(self) -> str:
        """Starts the training thread (daemon: the process exits when Node closes the bridge)."""
        if self.thread is not None:
            return json.dumps({"ok": False, "message": "session already started"})
        self.thread = threading.Thread(target=self._target, name="entropo-train", daemon=True)
        self.thread.start()
        return json.dumps({"ok": True, "pid": os.getpid()})

    def poll(self, wait_seconds: float) -> str:
        """JSON list of the events queued so far, waiting up to ``wait_seconds`` for the first one."""
        drained: list[dict[str, Any]] = []
        try:
            drained.append(self.events.get(timeout=max(0.0, float(wait_seconds))))
            while True:
                drained.append(self.events.get_nowait())
        except queue.Empty:
            pass
        return json.dumps(drained)

    def request_stop(self) -> str:
        """Asks training to save a checkpoint and stop at the next step boundary."""
        self.stop_requested.set()
        return json.dumps({"ok": True})

    def is_alive(self) -> bool:
        """Whether the training thread still runs."""
        return self.thread is not None and self.thread.is_alive()


def open_session(args_json: str) -> TrainingSession:
    """Creates a session from the resolved LLaMA-Factory arguments (a JSON object)."""
    return TrainingSession(json.loads(args_json))


def ping(payload: str) -> str:
    """Echo, used to measure the per-call latency of the bridge."""
    return payload


def versions() -> str:
    """JSON of the installed versions of the training stack (from package metadata, without importing torch)."""
    from importlib.metadata import PackageNotFoundError, version
    import platform

    found: dict[str, str | None] = {"python": platform.python_version()}
    for name in ("torch", "transformers", "llamafactory", "trl", "peft", "accelerate", "datasets"):
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = None
    return json.dumps(found)


def now() -> float:
    """Wall clock of the Python process (for latency checks)."""
    return time.time()


def main(argv: list[str]) -> int:
    """``python -m entropo_trainer.bridge train CONFIG [key=value ...]``: ``python -m entropo_trainer train`` plus the
    stop-file callback (torchrun launches this, so that Ctrl-C in entropo checkpoints every rank at one step)."""
    if len(argv) < 2 or argv[0] != "train":
        print("usage: python -m entropo_trainer.bridge train CONFIG.yaml [key=value ...]", file=sys.stderr)
        return 2
    os.environ.setdefault("DISABLE_VERSION_CHECK", "1")
    from entropo_trainer.args import EntroPOArgumentError
    from entropo_trainer.runner import ConfigError, load_checked_config, run_training

    try:
        config = load_checked_config(argv[1], argv[2:])
        run_training(config, stop_file_callbacks())
    except (ConfigError, EntroPOArgumentError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
