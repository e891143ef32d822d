"""Part 1 of the entropy experiment: tabular policies trained with the project's EntroPO-DPO loss on the expected
Bradley-Terry preference loss reach the closed-form optimum pi* (single turn and two turns), for alpha/beta in
ALPHA_RATIOS; the optimum's trajectory entropy rises with alpha."""

from __future__ import annotations

from typing import Any

import torch

from . import toy_process
from .fixed_point import (bradley_terry_pair_weights, fit_dpo, max_abs_logprob_error, optimal_policy,
                          trajectory_entropy, trajectory_logps)

ALPHA_RATIOS = (1.0, 1.1, 2.0, 5.0)
TOLERANCE = 1e-3
COVERAGE_THRESHOLD = 0.01


def coverage(log_table: torch.Tensor, threshold: float = COVERAGE_THRESHOLD) -> float:
    """Mean over the table's states of how many actions keep probability >= threshold."""
    keep = (log_table.exp() >= threshold).sum(-1).to(torch.float64)
    return float(keep.mean())


def summarize(log_tables: list[torch.Tensor], utility: torch.Tensor) -> dict[str, Any]:
    """Entropy, expected utility, per-turn coverage and distributions of a tabular policy (float values, lists)."""
    logp = trajectory_logps(log_tables)
    return {
        "entropy": trajectory_entropy(log_tables),
        "expected_utility": float((logp.exp() * utility).sum()),
        "coverage_by_turn": [coverage(table) for table in log_tables],
        "trajectory_coverage": int((logp.exp() >= COVERAGE_THRESHOLD).sum()),
        "first_turn": log_tables[0].exp().tolist(),
        "trajectories": logp.exp().reshape(-1).tolist(),
    }


def check_process(ref_tables: list[torch.Tensor], utility: torch.Tensor, *, beta: float, ratio: float,
                  pair_sampling: str) -> dict[str, Any]:
    """Fit the tabular policy for alpha = ratio * beta and compare it with pi* (backward induction)."""
    alpha = ratio * beta
    sampling = trajectory_logps(ref_tables) if pair_sampling == "reference" else None
    weights = bradley_terry_pair_weights(utility, sampling)
    learned, stats = fit_dpo(ref_tables, weights, alpha=alpha, beta=beta)
    optimum = optimal_policy(ref_tables, utility, alpha=alpha, beta=beta)
    return {
        "alpha": alpha, "beta": beta, "turns": len(ref_tables), "pair_sampling": pair_sampling,
        "max_abs_logprob_error": max_abs_logprob_error(learned, optimum),
        "final_loss": stats["loss"], "grad_norm": stats["grad_norm"],
        "learned": summarize(learned, utility), "optimal": summarize(optimum, utility),
        "entropy": trajectory_entropy(learned), "optimal_entropy": trajectory_entropy(optimum),
    }


def run_fixed_point(beta: float = 1.0, ratios: tuple[float, ...] = ALPHA_RATIOS) -> dict[str, Any]:
    """Both processes (single turn, two turns) x alpha ratios; pairs drawn from the reference (as in the paper's
    on-policy data) for the single-turn process and uniformly for the two-turn process."""
    processes = [(toy_process.single_turn(), "reference"),
                 ((toy_process.reference_log_tables(), toy_process.utility_table()), "uniform")]
    rows = []
    for (ref_tables, utility), sampling in processes:
        for ratio in ratios:
            rows.append(check_process(ref_tables, utility, beta=beta, ratio=ratio, pair_sampling=sampling))
    reference = {str(len(tables)): summarize(tables, utility) for (tables, utility), _ in processes}
    return {
        "max_abs_logprob_error": max(row["max_abs_logprob_error"] for row in rows),
        "tolerance": TOLERANCE,
        "beta": beta,
        "entropy_by_alpha": rows,
        "reference": reference,
        "actions": list(toy_process.ACTIONS),
    }
