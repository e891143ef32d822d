"""One validation of a training config for every Python entry point (python -m entropo_trainer, llamafactory-cli with
EntroPO keys, the torchrun bridge), run before any model loads; `entropo train` applies the same kinds in TypeScript
(src/training/config-schema.ts, from the same config_keys). Errors name the file, line, key, expected and received."""

from __future__ import annotations

import difflib
import json
from pathlib import Path
from typing import Any

KIND_NAMES = {"bool": "a boolean", "int": "an integer", "float": "a number", "str": "a string"}


class ConfigError(ValueError):
    """A bad training config: names the file (and line) and the key."""


def kind_mismatch(kind: str, value: Any) -> str | None:
    """None when `value` fits `kind` ("float", "int?", ...); else the expected kind in words (as config-keys.ts)."""
    nullable = kind.endswith("?")
    base = kind[:-1] if nullable else kind
    if value is None:
        return None if nullable or base == "any" else base
    is_number = isinstance(value, (int, float)) and not isinstance(value, bool)
    fits = (
        base == "any"
        or (base == "bool" and isinstance(value, bool))
        or (base == "int" and is_number and float(value).is_integer())
        or (base == "float" and is_number and value == value and abs(value) != float("inf"))
        or (base == "str" and isinstance(value, str))
    )
    if fits:
        return None
    return KIND_NAMES.get(base, base) + (" or null" if nullable else "")


def key_lines(path: str | None) -> dict[str, int]:
    """1-based line of each top-level key of a YAML file (empty when unreadable)."""
    if not path:
        return {}
    import yaml

    try:
        node = yaml.compose(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return {}
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {key.value: key.start_mark.line + 1 for key, _ in node.value if isinstance(key, yaml.ScalarNode)}


def _where(source: str | None, lines: dict[str, int], key: str, overrides: set[str]) -> str:
    if key in overrides:
        return f"override {key}: "
    if source is None:
        return f"{key}: "
    line = lines.get(key)
    return f"{source}:{line}: {key}: " if line else f"{source}: {key}: "


def validate_config(config: dict[str, Any], source: str | None = None, overrides: set[str] | None = None) -> None:
    """Raise ConfigError for the first unknown key or value of the wrong kind, EntroPOArgumentError (a ValueError)
    for EntroPO's rules (alpha >= beta > 0, pref_loss, entropo_kto_form, pref_bco_weight with pref_ftx)."""
    from .args import validate_entropo_options
    from .config_keys import known_keys

    kinds = known_keys()
    lines = key_lines(source)
    overrides = overrides or set()
    for key, value in config.items():
        kind = kinds.get(key)
        if kind is None:
            close = difflib.get_close_matches(key, list(kinds), n=1)
            hint = f'; did you mean "{close[0]}"?' if close else ""
            raise ConfigError(f'{_where(source, lines, key, overrides)}unknown key "{key}"{hint}')
        expected = kind_mismatch(kind, value)
        if expected is not None:
            raise ConfigError(
                f"{_where(source, lines, key, overrides)}expected {expected}, received {json.dumps(value, default=str)}"
            )
    validate_entropo_options(
        config.get("stage", "sft"), config.get("pref_loss", "sigmoid"), config.get("entro_alpha"),
        config.get("pref_beta", 0.1), config.get("ld_alpha"), kto_form=config.get("entropo_kto_form", "paper"),
        bco_weight=config.get("pref_bco_weight", 0.0), ftx=config.get("pref_ftx", 0.0),
    )
