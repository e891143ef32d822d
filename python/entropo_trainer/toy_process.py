"""The controlled two-turn process of the entropy experiment: K action letters per assistant turn, a deterministic
observation between the turns, a peaked non-uniform reference and known utilities (docs/science-check.md).

Turn 1 picks a_1 from ACTIONS; the observation is `result <a_1>`; turn 2 picks a_2. The reference the SFT stage
imitates is REFERENCE_FIRST for a_1 and REFERENCE_SECOND rotated by a_1 for a_2 (each first action has its own habitual
follow-up). Utilities: four different trajectories solve the task (u = 3), the habitual (A, A) half-solves it (u = 1),
the rest fail (u = 0); Bradley-Terry preferences P(tau > tau') = sigma(u(tau) - u(tau')).
"""

from __future__ import annotations

import torch

ACTIONS = ("A", "B", "C", "D", "E")
PROMPT = "Pick an action."
REFERENCE_FIRST = (0.70, 0.15, 0.08, 0.05, 0.02)
REFERENCE_SECOND = (0.70, 0.15, 0.08, 0.05, 0.02)  # over actions rotated by the first action's index
SOLUTIONS = (("A", "C"), ("B", "B"), ("C", "D"), ("D", "A"))
SOLVED, HALF_SOLVED = 3.0, 1.0
HABIT = ("A", "A")
SINGLE_TURN_UTILITY = (0.0, 1.0, 3.0, 2.0, 3.0)  # the single-turn check: reference REFERENCE_FIRST, these utilities


def observation(first: str) -> str:
    """The deterministic observation after the first action."""
    return f"result {first}"


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
