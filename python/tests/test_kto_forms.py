"""Both EntroPO-KTO forms against independent computations from their equations: values, closed-form gradients,
alpha == beta, the clamp of the reference point; the authors' form against TRL where the two must coincide."""

from __future__ import annotations

import math
from types import SimpleNamespace

import pytest
import torch

from entropo_trainer.losses import KTO_FORMS, authors_reference_point, entropo_kto_loss

TOL = {"atol": 1e-6, "rtol": 0}


def _sig(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def _inputs(seed: int, n_d: int = 3, n_u: int = 2, m: int = 5, scale: float = 60.0, kl_shift: float = 0.0):
    """Summed log-probs (negative), float64; the KL pairs' policy logps sit kl_shift above the reference's."""
    g = torch.Generator().manual_seed(seed)
    draw = lambda n: -(torch.rand(n, generator=g, dtype=torch.float64) * scale + 1.0)  # noqa: E731
    pc, pr, rc, rr = draw(n_d), draw(n_u), draw(n_d), draw(n_u)
    rkl = draw(m)
    pkl = rkl + kl_shift + torch.randn(m, generator=g, dtype=torch.float64)
    return pc, pr, pkl, rc, rr, rkl


def _authors_by_hand(pc, pr, pkl, rc, rr, rkl, alpha, beta, wd, wu):
    """The released code's equations, element by element in Python floats: (losses, d loss/d pc, d loss/d pr, z_ref,
    kl, chosen rewards, rejected rewards)."""
    m = len(pkl)
    z_ref = max(0.0, sum(alpha * float(pkl[k]) - beta * float(rkl[k]) for k in range(m)) / m)
    kl = max(0.0, sum(float(pkl[k]) - float(rkl[k]) for k in range(m)) / m)
    losses, grad_c, grad_r = [], [], []
    for p, r in zip(pc.tolist(), rc.tolist()):
        s = _sig(beta * ((p - r) - z_ref))
        losses.append(wd * (1 - s))
        grad_c.append(-wd * s * (1 - s) * beta)
    for p, r in zip(pr.tolist(), rr.tolist()):
        s = _sig(beta * (z_ref - (p - r)))
        losses.append(wu * (1 - s))
        grad_r.append(wu * s * (1 - s) * beta)
    rewards_c = [beta * (p - r) for p, r in zip(pc.tolist(), rc.tolist())]
    rewards_r = [beta * (p - r) for p, r in zip(pr.tolist(), rr.tolist())]
    return losses, grad_c, grad_r, z_ref, kl, rewards_c, rewards_r


def _paper_by_hand(pc, pr, pkl, rc, rr, rkl, alpha, beta, wd, wu):
    """The paper's equations: r = L - (beta/alpha) L_ref, z0 = (beta/alpha) max(0, mean KL) + (1 - beta/alpha) mean L^KL;
    desirable w+ (1 - sigma(alpha (r - z0))), undesirable w- (1 - sigma(alpha (z0 - r)))."""
    m = len(pkl)
    ratio = beta / alpha
    kl = max(0.0, sum(float(pkl[k]) - float(rkl[k]) for k in range(m)) / m)
    z0 = ratio * kl + (1 - ratio) * sum(float(x) for x in pkl) / m
    losses, grad_c, grad_r = [], [], []
    for p, r in zip(pc.tolist(), rc.tolist()):
        s = _sig(alpha * ((p - ratio * r) - z0))
        losses.append(wd * (1 - s))
        grad_c.append(-wd * s * (1 - s) * alpha)
    for p, r in zip(pr.tolist(), rr.tolist()):
        s = _sig(alpha * (z0 - (p - ratio * r)))
        losses.append(wu * (1 - s))
        grad_r.append(wu * s * (1 - s) * alpha)
    rewards_c = [alpha * p - beta * r for p, r in zip(pc.tolist(), rc.tolist())]
    rewards_r = [alpha * p - beta * r for p, r in zip(pr.tolist(), rr.tolist())]
    return losses, grad_c, grad_r, z0, rewards_c, rewards_r


def _run(form, pc, pr, pkl, rc, rr, rkl, alpha, beta, wd, wu):
    pc, pr = pc.clone().requires_grad_(True), pr.clone().requires_grad_(True)
    out = entropo_kto_loss(
        pc, pr, pkl, rc, rr, rkl, alpha=alpha, beta=beta, desirable_weight=wd, undesirable_weight=wu, form=form
    )
    out[0].sum().backward()
    return out, pc.grad, pr.grad


def _close(got: torch.Tensor, expected) -> None:
    torch.testing.assert_close(got.detach().to(torch.float64), torch.tensor(expected, dtype=torch.float64), **TOL)


# (alpha, beta, kl_shift): alpha > beta (clamped, the usual case), alpha == beta (both signs of the KL estimate),
# and a KL shift large enough that the authors' reference point is positive.
CASES = [(0.11, 0.1, 0.0), (0.15, 0.1, 0.5), (0.1, 0.1, 2.0), (0.1, 0.1, -2.0), (0.11, 0.1, 400.0), (0.5, 0.5, 3.0)]


@pytest.mark.parametrize(("alpha", "beta", "kl_shift"), CASES)
def test_authors_form_values_and_gradients(alpha: float, beta: float, kl_shift: float) -> None:
    inputs = _inputs(11, kl_shift=kl_shift)
    (losses, chosen, rejected, kl), grad_c, grad_r = _run("authors", *inputs, alpha, beta, 1.3, 0.7)
    e_losses, e_grad_c, e_grad_r, e_z_ref, e_kl, e_rc, e_rr = _authors_by_hand(*inputs, alpha, beta, 1.3, 0.7)
    _close(losses, e_losses)
    _close(grad_c, e_grad_c)
    _close(grad_r, e_grad_r)
    _close(chosen, e_rc)
    _close(rejected, e_rr)
    _close(kl, e_kl)
    _close(authors_reference_point(inputs[2], inputs[5], alpha=alpha, beta=beta), e_z_ref)
    assert not kl.requires_grad and kl.shape == ()


@pytest.mark.parametrize(("alpha", "beta", "kl_shift"), CASES)
def test_paper_form_values_and_gradients(alpha: float, beta: float, kl_shift: float) -> None:
    inputs = _inputs(12, kl_shift=kl_shift)
    (losses, chosen, rejected, z0), grad_c, grad_r = _run("paper", *inputs, alpha, beta, 1.3, 0.7)
    e_losses, e_grad_c, e_grad_r, e_z0, e_rc, e_rr = _paper_by_hand(*inputs, alpha, beta, 1.3, 0.7)
    _close(losses, e_losses)
    _close(grad_c, e_grad_c)
    _close(grad_r, e_grad_r)
    _close(chosen, e_rc)
    _close(rejected, e_rr)
    _close(z0, e_z0)


def test_default_form_is_paper_and_unknown_forms_are_rejected() -> None:
    inputs = _inputs(13)
    default = entropo_kto_loss(*inputs, alpha=0.11, beta=0.1)
    paper = entropo_kto_loss(*inputs, alpha=0.11, beta=0.1, form="paper")
    for a, b in zip(default, paper):
        torch.testing.assert_close(a, b, atol=0, rtol=0)
    assert KTO_FORMS == ("paper", "authors")
    with pytest.raises(ValueError, match="entropo_kto_form: expected one of paper, authors, got 'both'"):
        entropo_kto_loss(*inputs, alpha=0.11, beta=0.1, form="both")


def test_authors_reference_point_clamps_for_long_trajectories_when_alpha_exceeds_beta() -> None:
    # alpha L - beta L_ref = beta (L - L_ref) + (alpha - beta) L: with L ~ -2000 nats and a per-sequence KL of 10 nats,
    # 0.1 * 10 + 0.01 * (-2000) < 0, so the point is clamped to 0 ...
    rkl = torch.full((4,), -2010.0, dtype=torch.float64)
    pkl = rkl + 10.0
    assert float(authors_reference_point(pkl, rkl, alpha=0.11, beta=0.1)) == 0.0
    # ... while at alpha == beta it is beta * KL = 1.0, not KTO's KL (10.0)
    assert float(authors_reference_point(pkl, rkl, alpha=0.1, beta=0.1)) == pytest.approx(1.0, abs=1e-9)


def _trl_kto_trainer():
    """TRL's KTOTrainer, imported after LLaMA-Factory's trainers (importing trl.trainer.kto_trainer first breaks a
    later `from trl import DPOTrainer` in trl 0.24: its mergekit check returns a truthy tuple)."""
    import llamafactory.train.dpo.trainer  # noqa: F401
    import llamafactory.train.kto.trainer  # noqa: F401
    from trl.trainer.kto_trainer import KTOTrainer

    return KTOTrainer


def _trl(loss_type: str, beta: float, calculate_kl: bool) -> SimpleNamespace:
    cpu = torch.device("cpu")
    return SimpleNamespace(
        beta=beta, calculate_KL=calculate_kl, loss_type=loss_type, desirable_weight=1.0, undesirable_weight=1.0,
        accelerator=SimpleNamespace(device=cpu, gather_for_metrics=lambda t: t),
    )


def test_authors_form_equals_trl_apo_zero_unpaired_when_clamped() -> None:
    KTOTrainer = _trl_kto_trainer()  # noqa: N806

    inputs = _inputs(14)  # alpha > beta, L ~ -30: the reference point is 0
    assert float(authors_reference_point(inputs[2], inputs[5], alpha=0.11, beta=0.1)) == 0.0
    mine = entropo_kto_loss(*inputs, alpha=0.11, beta=0.1, form="authors")
    theirs = KTOTrainer.kto_loss(_trl("apo_zero_unpaired", 0.1, False), *inputs)
    for a, b in zip(mine[:3], theirs[:3]):
        torch.testing.assert_close(a, b.to(a.dtype), **TOL)


def test_authors_form_at_alpha_equal_beta_matches_trl_kto_only_when_the_kl_clamps() -> None:
    KTOTrainer = _trl_kto_trainer()  # noqa: N806

    negative = _inputs(15, kl_shift=-3.0)  # KL estimate < 0: both reference points are 0
    mine = entropo_kto_loss(*negative, alpha=0.1, beta=0.1, form="authors")
    theirs = KTOTrainer.kto_loss(_trl("kto", 0.1, True), *negative)
    for a, b in zip(mine, theirs):
        torch.testing.assert_close(a, b.to(a.dtype).reshape(a.shape), **TOL)
    positive = _inputs(15, kl_shift=30.0)  # KL ~ 30: KTO uses 30, the authors' form beta * 30 = 3
    mine = entropo_kto_loss(*positive, alpha=0.1, beta=0.1, form="authors")
    theirs = KTOTrainer.kto_loss(_trl("kto", 0.1, True), *positive)
    torch.testing.assert_close(mine[3], theirs[3].to(mine[3].dtype), **TOL)  # the logged kl is TRL's
    assert not torch.allclose(mine[0], theirs[0].to(mine[0].dtype), atol=1e-3)


def test_empty_sides_in_both_forms() -> None:
    pc, pr, pkl, rc, rr, rkl = _inputs(16)
    empty = torch.tensor([], dtype=torch.float64)
    for form in KTO_FORMS:
        losses, chosen, rejected, _ = entropo_kto_loss(pc, empty, pkl, rc, empty, rkl, alpha=0.11, beta=0.1, form=form)
        assert losses.shape == (3,) and chosen.shape == (3,) and rejected.numel() == 0


def test_patched_kto_trainer_uses_the_configured_form_and_records_z0() -> None:
    from entropo_trainer.patch import apply_patch

    apply_patch()
    from llamafactory.train.kto.trainer import CustomKTOTrainer

    inputs = _inputs(17, kl_shift=400.0)
    for form in KTO_FORMS:
        trainer = SimpleNamespace(
            finetuning_args=SimpleNamespace(entro_alpha=0.11, entropo_kto_form=form), beta=0.1,
            desirable_weight=1.0, undesirable_weight=1.0, model=SimpleNamespace(training=True),
        )
        got = CustomKTOTrainer.kto_loss(trainer, *inputs)
        expected = entropo_kto_loss(*inputs, alpha=0.11, beta=0.1, form=form)
        for a, b in zip(got, expected):
            torch.testing.assert_close(a, b, atol=0, rtol=0)
        total, count = trainer._entropo_buffers["train"]["z0"]
        reference = expected[3] if form == "paper" else authors_reference_point(inputs[2], inputs[5], alpha=0.11, beta=0.1)
        assert count == 1 and total == pytest.approx(float(reference), abs=1e-9)
