"""Every key LLaMA-Factory's training parser accepts (with entropo_trainer's arguments) and its coarse value kind.

One source for both validators: `validate.py` checks configs with it in Python, and
`scripts/generate-llamafactory-keys.py` writes it to src/training/llamafactory-keys.ts for `entropo train`.
"""

from __future__ import annotations

import dataclasses
import functools
import types
import typing


def kind_of(annotation: object) -> str:
    """bool | int | float | str | any, with "?" appended when None is allowed (Literal choices are "str")."""
    optional = False
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        members = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
        optional = len(members) < len(typing.get_args(annotation))
        annotation = members[0] if len(members) == 1 else object
    if typing.get_origin(annotation) is typing.Literal:
        return "str" + ("?" if optional else "")
    names = {bool: "bool", int: "int", float: "float", str: "str"}
    return names.get(annotation, "any") + ("?" if optional else "")  # type: ignore[call-overload]


def train_argument_classes() -> list[type]:
    """LLaMA-Factory's _TRAIN_ARGS, with entropo_trainer.args' subclasses (entro_alpha, multi_turn_kto) in place."""
    from llamafactory.hparams import parser

    from . import args as entropo_args

    extensions = [
        value for value in vars(entropo_args).values() if dataclasses.is_dataclass(value) and isinstance(value, type)
    ]
    classes = []
    for cls in parser._TRAIN_ARGS:
        subclasses = [ext for ext in extensions if ext is not cls and issubclass(ext, cls)]
        classes.append(subclasses[0] if subclasses else cls)
    return classes


@functools.cache
def known_keys() -> dict[str, str]:
    """Field name -> kind over the training-argument dataclasses, sorted by name."""
    keys: dict[str, str] = {}
    for cls in train_argument_classes():
        hints = typing.get_type_hints(cls)
        for field in dataclasses.fields(cls):
            if field.init:
                keys[field.name] = kind_of(hints.get(field.name, object))
    return dict(sorted(keys.items()))
