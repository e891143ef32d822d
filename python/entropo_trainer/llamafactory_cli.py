"""What `llamafactory-cli train X.yaml` does with an EntroPO config before LLaMA-Factory parses it (autopatch.py):
validate (exit 2 naming the key), resolve `examples/deepspeed/*.json`, check/build the model, apply the patch."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any


def _command_line_source() -> tuple[str | None, set[str]]:
    """The YAML/JSON file LLaMA-Factory read from sys.argv and the keys of its key=value overrides."""
    argv = sys.argv[1:]
    if not argv or not argv[0].endswith((".yaml", ".yml", ".json")):
        return None, set()
    return argv[0], {item.split("=", 1)[0].lstrip("-") for item in argv[1:] if "=" in item}


def prepare_args(config: Any, from_command_line: bool) -> Any:
    """Validate and complete EntroPO arguments, then apply the patch; returns the arguments for run_exp.

    config: what LLaMA-Factory's read_args returned (a dict, or an argv list of `--key value`, which its own
    argparse parser type-checks). from_command_line: errors exit the process with code 2 (else they raise).
    """
    from .args import EntroPOArgumentError
    from .log import get_logger
    from .patch import apply_patch
    from .paths import ensure_model, resolve_deepspeed
    from .validate import ConfigError, validate_config

    logger = get_logger()
    if isinstance(config, dict):
        config = dict(config)
        source, overrides = _command_line_source() if from_command_line else (None, set())
        try:
            validate_config(config, source, overrides)
            if "deepspeed" in config:  # relative to the working directory, as LLaMA-Factory reads it
                config["deepspeed"], note = resolve_deepspeed(config["deepspeed"], [Path.cwd()])
                if note:
                    logger.info_rank0(note)
            ensure_model(config, logger.info_rank0)
        except (ConfigError, EntroPOArgumentError) as err:
            if not from_command_line:
                raise
            print(f"error: {err}", file=sys.stderr)
            sys.exit(2)
    apply_patch()
    return config
