"""The controlled two-turn process of the entropy experiment: K action letters per assistant turn, a deterministic
observation between the turns, a peaked non-uniform reference and known utilities (docs/science-check.md).

The user says PROMPT; turn 1 picks a_1 from ACTIONS; the tool's observation echoes a_1; turn 2 picks a_2. The reference the SFT stage
imitates is REFERENCE_FIRST for a_1 and REFERENCE_SECOND rotated by a_1 for a_2 (each first action has its own habitual
follow-up). Utilities: four different trajectories solve the task (u = 3), the habitual (A, A) half-solves it (u = 1),
the rest fail (u = 0); Bradley-Terry preferences P(tau > tau') = sigma(u(tau) - u(tau')).
"""

from __future__ import annotations

import math
import random
from typing import Any

import torch

ACTIONS = ("A", "B", "C", "D", "E")
PROMPT = "Go"
REFERENCE_FIRST = (0.70, 0.15, 0.08, 0.05, 0.02)
REFERENCE_SECOND = (0.70, 0.15, 0.08, 0.05, 0.02)  # over actions rotated by the first action's index
SOLUTIONS = (("A", "C"), ("B", "B"), ("C", "D"), ("D", "A"))
SOLVED, HALF_SOLVED = 3.0, 1.0
HABIT = ("A", "A")
SINGLE_TURN_UTILITY = (0.0, 1.0, 3.0, 2.0, 3.0)  # the single-turn check: reference REFERENCE_FIRST, these utilities


def observation(first: str) -> str:
    """The deterministic observation after the first action (the tool echoes it)."""
    return first


def reference_log_tables() -> list[torch.Tensor]:
    """[log pi_ref(a_1) (K,), log pi_ref(a_2 | a_1) (K, K)] of the designed reference, float64."""
    first = torch.tensor(REFERENCE_FIRST, dtype=torch.float64)
    second = torch.tensor(REFERENCE_SECOND, dtype=torch.float64)
    rows = torch.stack([second.roll(index) for index in range(len(ACTIONS))])  # row a_1: mode at a_2 = a_1
    return [first.log(), rows.log()]


def utility_table() -> torch.Tensor:
    """u(a_1, a_2), shape (K, K), float64."""
    index = {action: position for position, action in enumerate(ACTIONS)}
    table = torch.zeros(len(ACTIONS), len(ACTIONS), dtype=torch.float64)
    for first, second in SOLUTIONS:
        table[index[first], index[second]] = SOLVED
    table[index[HABIT[0]], index[HABIT[1]]] = HALF_SOLVED
    return table


def single_turn() -> tuple[list[torch.Tensor], torch.Tensor]:
    """The single-turn check: ([log pi_ref (K,)], u (K,))."""
    return [torch.tensor(REFERENCE_FIRST, dtype=torch.float64).log()], torch.tensor(SINGLE_TURN_UTILITY,
                                                                                    dtype=torch.float64)


def trajectory_names() -> list[str]:
    """'AB'-style names of the K^2 trajectories in row-major (a_1, a_2) order."""
    return [first + second for first in ACTIONS for second in ACTIONS]


def trajectory(first: str, second: str) -> list[dict[str, str]]:
    """The ShareGPT messages after the prompt: gpt a_1, observation, gpt a_2."""
    return [{"from": "gpt", "value": first}, {"from": "observation", "value": observation(first)},
            {"from": "gpt", "value": second}]


def sft_rows(count: int, seed: int) -> list[dict[str, Any]]:
    """`count` SFT conversations whose actions are drawn from the designed reference (the policy SFT imitates)."""
    rng = random.Random(seed)
    first_probs, second_probs = (table.exp() for table in reference_log_tables())
    rows = []
    for _ in range(count):
        first = rng.choices(range(len(ACTIONS)), weights=first_probs.tolist())[0]
        second = rng.choices(range(len(ACTIONS)), weights=second_probs[first].tolist())[0]
        rows.append({"conversations": [{"from": "human", "value": PROMPT}]
                     + trajectory(ACTIONS[first], ACTIONS[second])})
    return rows


def preference_pairs(count: int, seed: int) -> list[tuple[int, int]]:
    """`count` (chosen, rejected) trajectory indices: two distinct trajectories drawn uniformly, the first chosen
    with the Bradley-Terry probability sigma(u(first) - u(second)). Indices are row-major over (a_1, a_2)."""
    rng = random.Random(seed)
    utility = utility_table().reshape(-1).tolist()
    pairs = []
    for _ in range(count):
        first, second = rng.sample(range(len(utility)), 2)
        if rng.random() >= 1.0 / (1.0 + math.exp(-(utility[first] - utility[second]))):
            first, second = second, first
        pairs.append((first, second))
    return pairs


def _messages(index: int) -> list[dict[str, str]]:
    first, second = divmod(index, len(ACTIONS))
    return trajectory(ACTIONS[first], ACTIONS[second])


def dpo_rows(pairs: list[tuple[int, int]]) -> list[dict[str, Any]]:
    """Multi-turn DPO rows (whole trajectories as chosen / rejected) of the pairs."""
    return [{"conversations": [{"from": "human", "value": PROMPT}], "chosen": _messages(chosen),
             "rejected": _messages(rejected)} for chosen, rejected in pairs]


def kto_rows(pairs: list[tuple[int, int]], seed: int) -> list[dict[str, Any]]:
    """Multi-turn KTO rows of the same pairs: the chosen trajectory desirable, the rejected one undesirable
    (shuffled, so that batches mix both labels)."""
    rows = []
    for chosen, rejected in pairs:
        rows.append({"conversations": [{"from": "human", "value": PROMPT}] + _messages(chosen), "kto_tag": True})
        rows.append({"conversations": [{"from": "human", "value": PROMPT}] + _messages(rejected), "kto_tag": False})
    random.Random(seed).shuffle(rows)
    return rows


def pair_counts(pairs: list[tuple[int, int]]) -> torch.Tensor:
    """W[i, j] = how many pairs have i chosen over j: shape (K^2, K^2), float64 (the tabular fit's weights)."""
    size = len(ACTIONS) ** 2
    counts = torch.zeros(size, size, dtype=torch.float64)
    for chosen, rejected in pairs:
        counts[chosen, rejected] += 1
    return counts
