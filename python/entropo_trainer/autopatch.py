"""EntroPO inside LLaMA-Factory's own entry points: `llamafactory-cli train X.yaml` and torchrun of
llamafactory/launcher.py, in the project's venv.

scripts/setup.sh adds `import entropo_trainer.autopatch; entropo_trainer.autopatch.install()` to the venv's
entropo.pth, so every interpreter of the venv runs install() at start-up. install() only adds an import hook (standard
library only: no torch, no LLaMA-Factory). When `llamafactory.train.tuner` is imported, its `run_exp` is wrapped:
the wrapper reads the arguments as LLaMA-Factory does and, only when they use an EntroPO key (`pref_loss: entropo`,
`entro_alpha`, `multi_turn_kto`, `entropo_kto_form`), validates them (exit 2 naming the key), resolves
`examples/deepspeed/*.json` and the tiny model, and applies the patch (llamafactory_cli.prepare_args). Any other
config runs exactly as upstream. `ENTROPO_AUTOPATCH=0` switches the hook off.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import os
import shutil
import sys
from typing import Any

TUNER = "llamafactory.train.tuner"
LAUNCHER = "llamafactory.launcher"
ENTROPO_KEYS = ("entro_alpha", "multi_turn_kto", "entropo_kto_form")


def uses_entropo(args: Any) -> bool:
    """Whether LLaMA-Factory arguments (a dict from YAML/JSON, or an argv list) use an EntroPO key."""
    if isinstance(args, dict):
        return args.get("pref_loss") == "entropo" or any(key in args for key in ENTROPO_KEYS)
    if isinstance(args, (list, tuple)):
        items = [str(item) for item in args]
        for index, item in enumerate(items):
            if not item.startswith("--"):
                continue
            key, _, value = item[2:].partition("=")
            if key in ENTROPO_KEYS:
                return True
            if key == "pref_loss" and (value or "".join(items[index + 1 : index + 2])) == "entropo":
                return True
    return False


def wrap_run_exp(tuner: Any) -> None:
    """Replace tuner.run_exp by a wrapper that prepares EntroPO configs and passes any other config through."""
    original = tuner.run_exp
    if getattr(original, "_entropo", False):
        return

    def run_exp(args: Any = None, callbacks: Any = None) -> None:
        config = tuner.read_args(args)
        if not uses_entropo(config):
            return original(args, callbacks)
        from .llamafactory_cli import prepare_args

        return original(prepare_args(config, from_command_line=args is None), callbacks)

    run_exp._entropo = True  # type: ignore[attr-defined]
    run_exp.__doc__ = original.__doc__
    tuner.run_exp = run_exp


def _venv_torchrun_on_path() -> None:
    """LLaMA-Factory's launcher re-executes `torchrun` from PATH; when none is there, use this venv's."""
    here = os.path.dirname(sys.executable)
    if shutil.which("torchrun") is None and os.path.isfile(os.path.join(here, "torchrun")):
        os.environ["PATH"] = here + os.pathsep + os.environ.get("PATH", "")


class _WrappingLoader(importlib.abc.Loader):
    """Runs the real loader, then the hook for the module."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner

    def create_module(self, spec: Any) -> Any:
        return self.inner.create_module(spec)

    def exec_module(self, module: Any) -> None:
        self.inner.exec_module(module)
        if module.__name__ == TUNER:
            wrap_run_exp(module)
        else:
            _venv_torchrun_on_path()


class _Finder(importlib.abc.MetaPathFinder):
    """Finds llamafactory.train.tuner / llamafactory.launcher with the path finder and wraps their loaders."""

    def find_spec(self, fullname: str, path: Any = None, target: Any = None) -> Any:
        if fullname not in (TUNER, LAUNCHER):
            return None
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        if spec is None or spec.loader is None:
            return None
        spec.loader = _WrappingLoader(spec.loader)
        return spec


def install() -> None:
    """Add the import hook (idempotent); wrap run_exp at once if the tuner is already imported."""
    if os.environ.get("ENTROPO_AUTOPATCH", "1") == "0":
        return
    if not any(isinstance(finder, _Finder) for finder in sys.meta_path):
        sys.meta_path.insert(0, _Finder())
    if TUNER in sys.modules:
        wrap_run_exp(sys.modules[TUNER])
