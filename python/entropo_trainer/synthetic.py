"""Deterministic synthetic agent trajectories (ShareGPT rows) for the tiny configs and tests; its corpus trains
the tiny tokenizer."""

from __future__ import annotations

import json
import random
from typing import Any

SYSTEM = "You are a software engineering agent. Fix the bug with the tools, run the tests, then finish."
FUNCTIONS = ("add", "mean", "clamp", "parse_date", "merge", "slugify", "median", "flatten", "retry", "chunk")
MODULES = ("utils", "core", "io", "text", "mathx", "cache")
BUGS = ("off by one", "wrong sign", "missing return", "bad default", "swapped arguments", "empty input")


def _call(name: str, **arguments: str) -> dict[str, str]:
    return {"from": "function_call", "value": json.dumps({"name": name, "arguments": arguments})}


def _obs(text: str) -> dict[str, str]:
    return {"from": "observation", "value": text}


def task_prompt(rng: random.Random) -> tuple[str, str, str, str]:
    """(user task text, module, function, bug)."""
    module, function, bug = rng.choice(MODULES), rng.choice(FUNCTIONS), rng.choice(BUGS)
    text = f"In {module}.py the function {function} has a bug ({bug}). Make tests/test_{module}.py pass."
    return text, module, function, bug


def good_trajectory(module: str, function: str, bug: str) -> list[dict[str, str]]:
    """Inspect, fix, test, finish: the successful multi-turn trajectory (assistant turn first and last)."""
    return [
        _call("execute_bash", cmd=f"python -m pytest -q tests/test_{module}.py"),
        _obs(f"FAILED tests/test_{module}.py::test_{function} - {bug}"),
        _call("file_editor", command="view", path=f"{module}.py"),
        _obs(f"def {function}(xs):\n    return xs  # {bug}"),
        _call("file_editor", command="str_replace", path=f"{module}.py", old_str="return xs", new_str="return fixed(xs)"),
        _obs("The file has been edited."),
        _call("execute_bash", cmd=f"python -m pytest -q tests/test_{module}.py"),
        _obs("3 passed"),
        {"from": "gpt", "value": f"Fixed the {bug} in {function}; the tests pass."},
    ]


def bad_trajectory(module: str, function: str, bug: str) -> list[dict[str, str]]:
    """Gives up early without running the tests: the failed trajectory."""
    return [
        _call("file_editor", command="view", path=f"{module}.py"),
        _obs(f"def {function}(xs):\n    return xs  # {bug}"),
        {"from": "gpt", "value": f"The {function} function looks fine to me. Done."},
    ]


def dpo_rows(count: int, seed: int) -> list[dict[str, Any]]:
    """Multi-turn DPO rows: conversations [system, first user], chosen/rejected whole trajectories."""
    rng = random.Random(seed)
    rows = []
    for _ in range(count):
        text, module, function, bug = task_prompt(rng)
        rows.append(
            {
                "conversations": [{"from": "system", "value": SYSTEM}, {"from": "human", "value": text}],
                "chosen": good_trajectory(module, function, bug),
                "rejected": bad_trajectory(module, function, bug),
            }
        )
    return rows


def kto_rows(count: int, seed: int) -> list[dict[str, Any]]:
    """Multi-turn KTO rows: full conversation + kto_tag, alternating desirable / undesirable."""
    rng = random.Random(seed)
    rows = []
    for index in range(count):
        text, module, function, bug = task_prompt(rng)
        good = index % 2 == 0
        trajectory = (good_trajectory if good else bad_trajectory)(module, function, bug)
        rows.append(
            {
                "conversations": [{"from": "system", "value": SYSTEM}, {"from": "human", "value": text}] + trajectory,
                "kto_tag": good,
            }
        )
    return rows


def sft_rows(count: int, seed: int) -> list[dict[str, Any]]:
    """Multi-turn SFT rows (successful trajectories)."""
    rng = random.Random(seed)
    rows = []
    for _ in range(count):
        text, module, function, bug = task_prompt(rng)
        conversation = [{"from": "system", "value": SYSTEM}, {"from": "human", "value": text}]
        rows.append({"conversations": conversation + good_trajectory(module, function, bug)})
    return rows


def corpus() -> list[str]:
    """Text the tiny tokenizer is trained on: every rendered message of the synthetic sets, plus chat markup."""
    lines = [SYSTEM, "<tool_call>", "</tool_call>", "<tool_response>", "</tool_response>", "user", "assistant"]
    for row in sft_rows(60, 1) + dpo_rows(30, 2):
        for message in row["conversations"] + row.get("rejected", []):
            lines.append(message["value"])
    lines += ["0123456789 abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ .,:;!?()[]{}<>=+-*/_'\"#\n"]
    return lines
