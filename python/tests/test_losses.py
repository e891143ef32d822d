"""EntroPO losses: alpha == beta identity with TRL/LLaMA-Factory's own losses; gradients vs the paper's formula."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
import torch

from entropo_trainer.losses import entropo_dpo_loss, entropo_kto_loss, entropo_z0

CPU = torch.device("cpu")


def _logps(seed: int, n: int = 6, scale: float = 40.0) -> list[torch.Tensor]:
    generator = torch.Generator().manual_seed(seed)
    return [-(torch.rand(n, generator=generator, dtype=torch.float64) * scale) for _ in range(4)]


@pytest.mark.parametrize("beta", [0.1, 0.5, 2.0])
def test_dpo_alpha_equals_beta_matches_trl_sigmoid(beta: float) -> None:
    from llamafactory.train.dpo.trainer import CustomDPOTrainer

    pc, pr, rc, rr = _logps(1)
    mock = SimpleNamespace(
        beta=beta, label_smoothing=0.0, reference_free=False, f_divergence_type="reverse_kl",
        f_divergence_params=None, accelerator=SimpleNamespace(device=CPU),
    )
    ref_losses, ref_chosen, ref_rejected = CustomDPOTrainer.dpo_loss(mock, pc, pr, rc, rr, loss_type="sigmoid")
    losses, chosen, rejected = entropo_dpo_loss(pc, pr, rc, rr, alpha=beta, beta=beta)
    torch.testing.assert_close(losses, ref_losses, atol=1e-6, rtol=0)
    torch.testing.assert_close(chosen, ref_chosen, atol=1e-6, rtol=0)
    torch.testing.assert_close(rejected, ref_rejected, atol=1e-6, rtol=0)


def _trl_kto_mock(beta: float, wd: float, wu: float) -> SimpleNamespace:
    return SimpleNamespace(
        beta=beta, calculate_KL=True, loss_type="kto", desirable_weight=wd, undesirable_weight=wu,
        accelerator=SimpleNamespace(device=CPU, gather_for_metrics=lambda t: t),
    )


@pytest.mark.parametrize(("beta", "wd", "wu", "kl_shift"), [(0.1, 1.0, 1.0, 3.0), (0.7, 1.5, 0.5, -2.0)])
def test_kto_alpha_equals_beta_matches_trl_kto(beta: float, wd: float, wu: float, kl_shift: float) -> None:
    from trl.trainer.kto_trainer import KTOTrainer

    pc, pr, rc, rr = _logps(2, n=3)
    pkl, rkl, _, _ = _logps(3, n=6)
    pkl = rkl + kl_shift + 0.1 * pkl / 40  # kl_shift < 0 exercises the clamp at 0
    ref = KTOTrainer.kto_loss(_trl_kto_mock(beta, wd, wu), pc, pr, pkl, rc, rr, rkl)
    got = entropo_kto_loss(pc, pr, pkl, rc, rr, rkl, alpha=beta, beta=beta, desirable_weight=wd, undesirable_weight=wu)
    for mine, theirs in zip(got, ref):
        torch.testing.assert_close(mine, theirs.to(mine.dtype).reshape(mine.shape), atol=1e-6, rtol=0)


def test_kto_empty_side_matches_trl() -> None:
    from trl.trainer.kto_trainer import KTOTrainer

    pc, _, rc, _ = _logps(4, n=2)
    empty = torch.tensor([], dtype=torch.float64)
    pkl, rkl, _, _ = _logps(5, n=2)
    ref = KTOTrainer.kto_loss(_trl_kto_mock(0.1, 1.0, 1.0), pc, empty, pkl, rc, empty, rkl)
    got = entropo_kto_loss(pc, empty, pkl, rc, empty, rkl, alpha=0.1, beta=0.1)
    assert got[0].shape == ref[0].shape == (2,)
    assert got[2].numel() == 0
    torch.testing.assert_close(got[0], ref[0], atol=1e-6, rtol=0)


def _paper_dpo(pc, pr, rc, rr, alpha, beta):
    """-log sigma(alpha [r+ - r-]) with r = L_theta - (beta/alpha) L_ref, written as softplus."""
    r_plus = pc - (beta / alpha) * rc
    r_minus = pr - (beta / alpha) * rr
    return torch.log1p(torch.exp(-alpha * (r_plus - r_minus)))


@pytest.mark.parametrize(("alpha", "beta"), [(0.11, 0.1), (0.3, 0.1), (1.0, 1.0)])
def test_dpo_gradients_match_independent_autograd(alpha: float, beta: float) -> None:
    pc, pr, rc, rr = _logps(6)
    a = [t.clone().requires_grad_(True) for t in (pc, pr)]
    b = [t.clone().requires_grad_(True) for t in (pc, pr)]
    losses, _, _ = entropo_dpo_loss(a[0], a[1], rc, rr, alpha=alpha, beta=beta)
    losses.sum().backward()
    expected = _paper_dpo(b[0], b[1], rc, rr, alpha, beta)
    expected.sum().backward()
    torch.testing.assert_close(losses.detach(), expected.detach(), atol=1e-9, rtol=1e-9)
    torch.testing.assert_close(a[0].grad, b[0].grad, atol=1e-9, rtol=1e-9)
    torch.testing.assert_close(a[1].grad, b[1].grad, atol=1e-9, rtol=1e-9)
    # closed form: d loss / d L_theta^+ = -alpha * sigma(-alpha (r+ - r-))
    x = alpha * ((pc - beta / alpha * rc) - (pr - beta / alpha * rr))
    torch.testing.assert_close(a[0].grad, -alpha * torch.sigmoid(-x), atol=1e-9, rtol=1e-9)


@pytest.mark.parametrize(("alpha", "beta"), [(0.11, 0.1), (0.5, 0.1)])
def test_kto_loss_and_gradients_match_paper_formula(alpha: float, beta: float) -> None:
    pc, pr, rc, rr = _logps(7, n=4)
    pkl, rkl, _, _ = _logps(8, n=8)
    # z0 = E[log pi_theta - (beta/alpha) log pi_ref] = (beta/alpha) KL - (1 - beta/alpha) H, KL clamped at 0
    kl = torch.clamp((pkl - rkl).mean(), min=0)
    entropy = -pkl.mean()
    z0 = (beta / alpha) * kl - (1 - beta / alpha) * entropy
    torch.testing.assert_close(entropo_z0(pkl, rkl, alpha=alpha, beta=beta), z0, atol=1e-9, rtol=1e-9)
    a = [t.clone().requires_grad_(True) for t in (pc, pr)]
    b = [t.clone().requires_grad_(True) for t in (pc, pr)]
    losses, chosen, rejected, got_z0 = entropo_kto_loss(
        a[0], a[1], pkl, rc, rr, rkl, alpha=alpha, beta=beta, desirable_weight=1.3, undesirable_weight=0.7
    )
    r_plus = b[0] - (beta / alpha) * rc
    r_minus = b[1] - (beta / alpha) * rr
    expected = torch.cat(
        (1.3 * (1 - torch.sigmoid(alpha * (r_plus - z0))), 0.7 * (1 - torch.sigmoid(alpha * (z0 - r_minus))))
    )
    torch.testing.assert_close(losses.detach(), expected.detach(), atol=1e-9, rtol=1e-9)
    losses.sum().backward()
    expected.sum().backward()
    torch.testing.assert_close(a[0].grad, b[0].grad, atol=1e-9, rtol=1e-9)
    torch.testing.assert_close(a[1].grad, b[1].grad, atol=1e-9, rtol=1e-9)
    assert not got_z0.requires_grad
    torch.testing.assert_close(chosen, (alpha * pc - beta * rc), atol=1e-9, rtol=1e-9)
    torch.testing.assert_close(rejected, (alpha * pr - beta * rr), atol=1e-9, rtol=1e-9)


@pytest.mark.parametrize(("alpha", "beta"), [(0.05, 0.1), (0.1, 0.0), (0.1, -1.0)])
def test_invalid_alpha_beta_is_rejected(alpha: float, beta: float) -> None:
    pc, pr, rc, rr = _logps(9)
    with pytest.raises(ValueError, match="entro_alpha must be >= pref_beta|pref_beta must be > 0"):
        entropo_dpo_loss(pc, pr, rc, rr, alpha=alpha, beta=beta)
    with pytest.raises(ValueError):
        entropo_kto_loss(pc, pr, pc, rc, rr, rc, alpha=alpha, beta=beta)


def test_patched_trainer_methods_route_to_entropo() -> None:
    """After apply_patch, CustomDPOTrainer/CustomKTOTrainer (unbound, mocked self) compute the EntroPO losses."""
    from entropo_trainer.patch import apply_patch

    apply_patch()
    from llamafactory.train.dpo.trainer import CustomDPOTrainer
    from llamafactory.train.kto.trainer import CustomKTOTrainer

    pc, pr, rc, rr = _logps(10)
    mock = SimpleNamespace(finetuning_args=SimpleNamespace(entro_alpha=0.3), beta=0.1)
    losses, _, _ = CustomDPOTrainer.compute_preference_loss(mock, pc, pr, rc, rr)
    torch.testing.assert_close(losses, _paper_dpo(pc, pr, rc, rr, 0.3, 0.1), atol=1e-9, rtol=1e-9)
    kto_mock = SimpleNamespace(
        finetuning_args=SimpleNamespace(entro_alpha=0.3), beta=0.1, desirable_weight=1.0, undesirable_weight=1.0,
        model=SimpleNamespace(training=True),
    )
    got = CustomKTOTrainer.kto_loss(kto_mock, pc, pr, pc, rc, rr, rc)
    torch.testing.assert_close(got[3], entropo_z0(pc, rc, alpha=0.3, beta=0.1))
