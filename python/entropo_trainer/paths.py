"""Paths a config names that entropo can supply: LLaMA-Factory's `examples/deepspeed/*.json` (the project keeps copies
in llamafactory-configs/deepspeed/) and the tiny offline model (built on demand at runs/tiny-qwen3)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEEPSPEED_DIR = PROJECT_ROOT / "llamafactory-configs" / "deepspeed"
TINY_MODEL_DIR = PROJECT_ROOT / "runs" / "tiny-qwen3"


def project_deepspeed(value: str) -> Path | None:
    """The project's copy of a LLaMA-Factory repository path `[...]/examples/deepspeed/NAME`, if it has one."""
    parts = Path(value).parts
    if len(parts) < 3 or parts[-3:-1] != ("examples", "deepspeed"):
        return None
    candidate = DEEPSPEED_DIR / parts[-1]
    return candidate if candidate.is_file() else None


def resolve_deepspeed(value: Any, bases: list[Path]) -> tuple[Any, str | None]:
    """A relative `deepspeed` path: the first base it exists under, else the project's copy of
    examples/deepspeed/NAME (with a note to log), else unchanged. Returns (value, note or None)."""
    if not isinstance(value, str) or value == "" or os.path.isabs(value):
        return value, None
    for base in bases:
        if (base / value).is_file():
            return str((base / value).resolve()), None
    copy = project_deepspeed(value)
    if copy is None:
        return value, None
    where = " or ".join(str(base) for base in bases)
    return str(copy), f"deepspeed: {value} does not exist under {where}; using entropo's copy {copy}"


def is_local_path(value: Any) -> bool:
    """Whether a model value names a local directory (absolute, ./ or ../) rather than a hub id."""
    return isinstance(value, str) and (os.path.isabs(value) or value.startswith(("./", "../")))


def ensure_model(config: dict[str, Any], log: Any) -> None:
    """model_name_or_path must exist when it is a local path: the tiny model (runs/tiny-qwen3) is built on demand;
    any other missing directory raises ConfigError naming it."""
    from .validate import ConfigError

    value = config.get("model_name_or_path")
    if not is_local_path(value) or Path(value).exists():
        return
    if Path(value).resolve() == TINY_MODEL_DIR:
        log(f"model_name_or_path: {value} does not exist; building the tiny model there "
            f"(python -m entropo_trainer make-tiny-model {value})")
        build_tiny_model(TINY_MODEL_DIR)
        return
    raise ConfigError(
        f"model_name_or_path: {value} does not exist (a local model directory is expected; the tiny offline model is "
        f"built with: python -m entropo_trainer make-tiny-model {value})"
    )


def build_tiny_model(out_dir: Path, seed: int = 0) -> Path:
    """Build the tiny model into a temporary sibling, then rename it into place (a concurrent builder may win)."""
    from .tiny_model import make_tiny_model

    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = out_dir.with_name(f"{out_dir.name}.tmp-{os.getpid()}")
    make_tiny_model(str(tmp), seed=seed)
    try:
        os.replace(tmp, out_dir)
    except OSError:  # another process built it first (the directory exists and is not empty)
        shutil.rmtree(tmp, ignore_errors=True)
    return out_dir
