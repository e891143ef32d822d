"""EntroPO's optimum (paper Prop. 3.2/3.3): tabular policies trained with the project's EntroPO-DPO loss on
Bradley-Terry preferences converge to pi* ∝ pi_ref^(beta/alpha) exp(u/alpha), single turn and two turns."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch

from entropo_trainer import toy_process
from entropo_trainer.experiment_fixed_point import ALPHA_RATIOS, TOLERANCE, run_fixed_point
from entropo_trainer.fixed_point import (bradley_terry_pair_weights, dpo_objective, fit_dpo, gibbs_trajectory_logps,
                                         max_abs_logprob_error, optimal_policy, trajectory_logps)


def _numpy_single_turn_optimum(ref: np.ndarray, utility: np.ndarray, alpha: float, beta: float) -> np.ndarray:
    weights = ref ** (beta / alpha) * np.exp(utility / alpha)
    return weights / weights.sum()


@pytest.mark.parametrize("ratio", ALPHA_RATIOS)
def test_single_turn_optimum_is_the_closed_form(ratio: float) -> None:
    (ref,), utility = toy_process.single_turn()
    (table,) = optimal_policy([ref], utility, alpha=ratio, beta=1.0)
    expected = _numpy_single_turn_optimum(np.exp(ref.numpy()), utility.numpy(), ratio, 1.0)
    np.testing.assert_allclose(table.exp().numpy(), expected, rtol=1e-12, atol=0)


@pytest.mark.parametrize("ratio", ALPHA_RATIOS)
def test_backward_induction_equals_the_trajectory_level_gibbs_distribution(ratio: float) -> None:
    refs, utility = toy_process.reference_log_tables(), toy_process.utility_table()
    tables = optimal_policy(refs, utility, alpha=ratio * 0.5, beta=0.5)
    by_turns = trajectory_logps(tables)
    direct = gibbs_trajectory_logps(refs, utility, alpha=ratio * 0.5, beta=0.5)
    torch.testing.assert_close(by_turns, direct, atol=1e-12, rtol=0)
    for table in tables:  # every turn's table is a normalised distribution
        torch.testing.assert_close(table.exp().sum(-1), torch.ones(table.shape[:-1], dtype=table.dtype))


def test_alpha_equal_beta_is_the_dpo_optimum() -> None:
    refs, utility = toy_process.reference_log_tables(), toy_process.utility_table()
    direct = trajectory_logps(refs) + utility / 0.7
    torch.testing.assert_close(trajectory_logps(optimal_policy(refs, utility, alpha=0.7, beta=0.7)),
                               direct - torch.logsumexp(direct.reshape(-1), 0), atol=1e-12, rtol=0)


def test_expected_loss_is_stationary_at_the_optimum() -> None:
    refs, utility = toy_process.reference_log_tables(), toy_process.utility_table()
    weights = bradley_terry_pair_weights(utility)
    optimum = [t.clone().requires_grad_(True) for t in optimal_policy(refs, utility, alpha=2.0, beta=1.0)]
    loss = dpo_objective(optimum, refs, weights, alpha=2.0, beta=1.0)
    grads = torch.autograd.grad(loss, optimum)
    assert max(float(g.abs().max()) for g in grads) < 1e-12
    generator = torch.Generator().manual_seed(0)
    for _ in range(5):
        moved = [t.detach() + 0.05 * torch.randn(t.shape, generator=generator, dtype=t.dtype) for t in optimum]
        assert float(dpo_objective(moved, refs, weights, alpha=2.0, beta=1.0)) > float(loss.detach())


@pytest.mark.parametrize("beta", [1.0, 0.1])
def test_trained_tabular_policies_reach_the_optimum_and_entropy_rises_with_alpha(beta: float) -> None:
    result = run_fixed_point(beta=beta)
    rows = result["entropy_by_alpha"]
    assert len(rows) == 2 * len(ALPHA_RATIOS)
    assert result["tolerance"] == TOLERANCE
    assert result["max_abs_logprob_error"] <= TOLERANCE
    for turns in (1, 2):
        mine = [row for row in rows if row["turns"] == turns]
        assert [row["alpha"] for row in mine] == pytest.approx([r * beta for r in ALPHA_RATIOS])
        for row in mine:
            assert row["max_abs_logprob_error"] <= TOLERANCE
            assert row["entropy"] == pytest.approx(row["optimal_entropy"], abs=1e-6)
        entropies = [row["optimal_entropy"] for row in mine]
        assert all(b > a + 1e-3 for a, b in zip(entropies, entropies[1:])), entropies


def test_the_check_can_fail_a_wrong_exponent() -> None:
    """Negative control: at alpha = 2 beta the fitted policy is far from pi_ref^1 exp(u/alpha) (the wrong form)."""
    refs, utility = toy_process.reference_log_tables(), toy_process.utility_table()
    learned, _ = fit_dpo(refs, bradley_terry_pair_weights(utility), alpha=2.0, beta=1.0)
    wrong = optimal_policy(refs, utility, alpha=2.0, beta=2.0)  # beta/alpha = 1
    assert max_abs_logprob_error(learned, wrong) > 0.1
    assert math.isfinite(max_abs_logprob_error(learned, optimal_policy(refs, utility, alpha=2.0, beta=1.0)))
