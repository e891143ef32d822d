"""Config loading and the in-process training entry: apply the EntroPO patch, then LLaMA-Factory's run_exp."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import yaml

from .validate import ConfigError

# Keys whose relative values are always file-system paths (resolved against the config file's directory).
PATH_KEYS = ("output_dir", "dataset_dir", "deepspeed", "tokenized_path", "logging_dir", "media_dir", "cache_dir")
# Keys that may be a hub id or a path: resolved only when they look like a path ("./", "../") or exist on disk.
MODEL_KEYS = ("model_name_or_path", "adapter_name_or_path", "ref_model", "ref_model_adapters")


def parse_override(item: str) -> tuple[str, Any]:
    """Parse one `key=value` override; the value is read as YAML (so 1e-5, true, null keep their types)."""
    if "=" not in item:
        raise ConfigError(f"override {item!r}: expected key=value")
    key, raw = item.split("=", 1)
    key = key.strip().lstrip("-")
    if not key:
        raise ConfigError(f"override {item!r}: empty key")
    try:
        value = yaml.safe_load(raw) if raw != "" else ""
    except yaml.YAMLError:
        value = raw
    return key, value


def _resolve(value: Any, base: Path, maybe_hub_id: bool) -> Any:
    if not isinstance(value, str) or value == "" or value.startswith("REMOTE:") or os.path.isabs(value):
        return value
    candidate = (base / value).resolve()
    if not maybe_hub_id or value.startswith(("./", "../")) or candidate.exists():
        return str(candidate)
    return value


def resolve_paths(config: dict[str, Any], base: Path, notes: list[str] | None = None) -> dict[str, Any]:
    """Return a copy of `config` with relative path values made absolute against `base`; a `deepspeed` file missing
    there is looked up in the working directory, then in the project's copies of LLaMA-Factory's examples/deepspeed
    (each such substitution adds a line to `notes`)."""
    from .paths import resolve_deepspeed

    out = dict(config)
    if "deepspeed" in out:
        out["deepspeed"], note = resolve_deepspeed(out["deepspeed"], [base, Path.cwd()])
        if note and notes is not None:
            notes.append(note)
    for key in PATH_KEYS:
        if key in out:
            out[key] = _resolve(out[key], base, maybe_hub_id=False)
    for key in MODEL_KEYS:
        if key in out:
            out[key] = _resolve(out[key], base, maybe_hub_id=True)
    rfc = out.get("resume_from_checkpoint")
    if isinstance(rfc, str) and rfc.lower() not in ("true", "false", "none", "null"):
        out["resume_from_checkpoint"] = _resolve(rfc, base, maybe_hub_id=False)
    return out


def load_config(path: str, overrides: list[str]) -> dict[str, Any]:
    """Read a LLaMA-Factory YAML config plus `key=value` overrides; relative paths in the file are resolved
    against the file's directory, relative paths in overrides against the current directory."""
    file = Path(path)
    if not file.is_file():
        raise ConfigError(f"{path}: config file not found")
    try:
        loaded = yaml.safe_load(file.read_text(encoding="utf-8"))
    except yaml.YAMLError as err:
        raise ConfigError(f"{path}: invalid YAML: {err}") from err
    if loaded is None:
        loaded = {}
    if not isinstance(loaded, dict):
        raise ConfigError(f"{path}: expected a mapping of LLaMA-Factory arguments, got {type(loaded).__name__}")
    notes: list[str] = []
    config = resolve_paths(loaded, file.resolve().parent, notes)
    extra = dict(parse_override(item) for item in overrides)
    config.update(resolve_paths(extra, Path.cwd(), notes))
    for note in notes:
        print(f"[entropo_trainer] {note}", file=sys.stderr)
    return config


def load_checked_config(path: str, overrides: list[str]) -> dict[str, Any]:
    """load_config, then the checks every entry point runs before any model loads: validate_config (raises
    ConfigError / EntroPOArgumentError naming file, line and key) and ensure_model (builds the tiny model)."""
    from .paths import ensure_model
    from .validate import validate_config

    config = load_config(path, overrides)
    validate_config(config, path, {parse_override(item)[0] for item in overrides})
    ensure_model(config, lambda message: print(f"[entropo_trainer] {message}", file=sys.stderr))
    return config


def run_training(args: dict[str, Any], callbacks: list | None = None) -> None:
    """Apply the EntroPO patch (idempotent), then run LLaMA-Factory's `run_exp(args, callbacks)` in-process."""
    from .patch import apply_patch

    apply_patch()
    from llamafactory.train.tuner import run_exp

    run_exp(dict(args), callbacks=list(callbacks or []))
