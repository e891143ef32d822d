"""EntroPO losses (arXiv 2509.12434), pure torch: entropy-enhanced multi-turn DPO and KTO.

All log-prob inputs are sequence-level sums over the labelled (assistant) tokens of a whole trajectory, shape (n,).
alpha = entro_alpha, beta = pref_beta, alpha >= beta > 0. Implicit reward r = L_theta - (beta/alpha) * L_ref.

EntroPO-KTO comes in two forms (`entropo_kto_form`): "paper" follows the paper's equations; "authors" reproduces the
released code (sherdencooper/LLaMA-Factory@b3e49cb, train/kto/trainer.py `entropo_kto_loss`). docs/trainer.md
compares them.
"""

from __future__ import annotations

from collections.abc import Callable

import torch
import torch.nn.functional as F


def check_alpha_beta(alpha: float, beta: float) -> None:
    """Raise ValueError unless alpha >= beta > 0 (EntroPO's entropy weight alpha - beta must be non-negative)."""
    if not (beta > 0):
        raise ValueError(f"pref_beta must be > 0 for EntroPO, got {beta}")
    if not (alpha >= beta):
        raise ValueError(
            f"entro_alpha must be >= pref_beta (EntroPO needs alpha >= beta > 0), got entro_alpha={alpha}, "
            f"pref_beta={beta}"
        )


def entropo_dpo_loss(
    policy_chosen_logps: torch.Tensor,  # (n,)
    policy_rejected_logps: torch.Tensor,  # (n,)
    reference_chosen_logps: torch.Tensor,  # (n,)
    reference_rejected_logps: torch.Tensor,  # (n,)
    *,
    alpha: float,
    beta: float,
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """EntroPO-DPO per example: -log sigma(alpha (L+ - L-) - beta (Lref+ - Lref-)); rewards alpha L - beta Lref."""
    check_alpha_beta(alpha, beta)
    logits = alpha * (policy_chosen_logps - policy_rejected_logps) - beta * (
        reference_chosen_logps - reference_rejected_logps
    )  # (n,)
    losses = -F.logsigmoid(logits)  # (n,)
    chosen_rewards = (alpha * policy_chosen_logps - beta * reference_chosen_logps).detach()  # (n,)
    rejected_rewards = (alpha * policy_rejected_logps - beta * reference_rejected_logps).detach()  # (n,)
    return losses, chosen_rewards, rejected_rewards


def _mean_across_processes(value: torch.Tensor) -> torch.Tensor:
    """Average a 0-dim tensor over torch.distributed ranks (identity when not distributed)."""
    if torch.distributed.is_available() and torch.distributed.is_initialized():
        value = value.clone()
        torch.distributed.all_reduce(value, op=torch.distributed.ReduceOp.SUM)
        value = value / torch.distributed.get_world_size()
    return value


def entropo_z0(
    policy_kl_logps: torch.Tensor,  # (m,) mismatched (prompt, other trajectory) pairs under the policy
    reference_kl_logps: torch.Tensor,  # (m,) the same pairs under the reference
    *,
    alpha: float,
    beta: float,
) -> torch.Tensor:
    """z0 = (beta/alpha) max(0, mean(L_theta^KL - L_ref^KL)) + (1 - beta/alpha) mean(L_theta^KL), detached, 0-dim."""
    ratio = beta / alpha
    kl = _mean_across_processes((policy_kl_logps - reference_kl_logps).mean().detach()).clamp(min=0)  # ()
    if ratio == 1.0:
        return kl
    mean_logp = _mean_across_processes(policy_kl_logps.mean().detach())  # () = -H estimate of pi_theta
    return ratio * kl + (1.0 - ratio) * mean_logp


KTO_FORMS = ("paper", "authors")


def _kto_side(
    logps: torch.Tensor, margin: Callable[[], torch.Tensor], reward: Callable[[], torch.Tensor], device: torch.device
) -> tuple[torch.Tensor, torch.Tensor]:
    """(1 - sigmoid(margin()), reward() detached) for a non-empty side (desirable or undesirable) of a KTO batch;
    empty tensors for an empty side (never empty lists across processes: accelerate's gather would hang, as TRL)."""
    if logps.shape[0] == 0:
        return torch.tensor([], device=device), torch.tensor([], device=device)
    return 1 - torch.sigmoid(margin()), reward().detach()


def authors_reference_point(
    policy_kl_logps: torch.Tensor,  # (m,)
    reference_kl_logps: torch.Tensor,  # (m,)
    *,
    alpha: float,
    beta: float,
) -> torch.Tensor:
    """The authors' KTO reference point: clamp(mean over processes of mean(alpha L_theta^KL - beta L_ref^KL), min 0),
    detached, 0-dim (b3e49cb train/kto/trainer.py `kl_entropy`; gathered before the mean, as accelerate does)."""
    point = (alpha * policy_kl_logps - beta * reference_kl_logps).mean().detach()  # ()
    return _mean_across_processes(point).clamp(min=0)


def _authors_kto_loss(
    policy_chosen_logps: torch.Tensor,  # (n_desirable,)
    policy_rejected_logps: torch.Tensor,  # (n_undesirable,)
    policy_kl_logps: torch.Tensor,  # (m,)
    reference_chosen_logps: torch.Tensor,  # (n_desirable,)
    reference_rejected_logps: torch.Tensor,  # (n_undesirable,)
    reference_kl_logps: torch.Tensor,  # (m,)
    alpha: float,
    beta: float,
    desirable_weight: float,
    undesirable_weight: float,
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]:
    """The released EntroPO-KTO: KTO's log-ratio reward beta (L_theta - L_ref) against the reference point z_ref =
    authors_reference_point(...): desirable w+ (1 - sigma(beta (L_theta - L_ref - z_ref))), undesirable
    w- (1 - sigma(beta (z_ref - (L_theta - L_ref)))); returns (losses, beta-scaled rewards, TRL's clamped KL)."""
    device = policy_kl_logps.device
    kl = _mean_across_processes((policy_kl_logps - reference_kl_logps).mean().detach()).clamp(min=0)  # () logged
    z_ref = authors_reference_point(policy_kl_logps, reference_kl_logps, alpha=alpha, beta=beta)  # ()
    chosen_ratio = lambda: policy_chosen_logps - reference_chosen_logps  # noqa: E731  (n_d,)
    rejected_ratio = lambda: policy_rejected_logps - reference_rejected_logps  # noqa: E731  (n_u,)
    chosen_losses, chosen_rewards = _kto_side(
        policy_chosen_logps, lambda: beta * (chosen_ratio() - z_ref), lambda: beta * chosen_ratio(), device
    )
    rejected_losses, rejected_rewards = _kto_side(
        policy_rejected_logps, lambda: beta * (z_ref - rejected_ratio()), lambda: beta * rejected_ratio(), device
    )
    losses = torch.cat((desirable_weight * chosen_losses, undesirable_weight * rejected_losses), 0)
    return losses, chosen_rewards, rejected_rewards, kl


def entropo_kto_loss(
    policy_chosen_logps: torch.Tensor,  # (n_desirable,)
    policy_rejected_logps: torch.Tensor,  # (n_undesirable,)
    policy_kl_logps: torch.Tensor,  # (m,)
    reference_chosen_logps: torch.Tensor,  # (n_desirable,)
    reference_rejected_logps: torch.Tensor,  # (n_undesirable,)
    reference_kl_logps: torch.Tensor,  # (m,)
    *,
    alpha: float,
    beta: float,
    desirable_weight: float = 1.0,
    undesirable_weight: float = 1.0,
    form: str = "paper",
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]:
    """EntroPO-KTO; returns (losses [desirable then undesirable], chosen_rewards, rejected_rewards, scalar).

    form="paper" (the paper's equations): desirable w+ (1 - sigma(alpha (r - z0))), undesirable
    w- (1 - sigma(alpha (z0 - r))), rewards alpha L_theta - beta L_ref, scalar = z0 (entropo_z0).
    form="authors" (the released code, b3e49cb): see _authors_kto_loss; rewards beta (L_theta - L_ref),
    scalar = TRL's clamped KL estimate (the `kl` the authors log). Raises ValueError for another form or
    unless alpha >= beta > 0.
    """
    check_alpha_beta(alpha, beta)
    if form == "authors":
        return _authors_kto_loss(
            policy_chosen_logps, policy_rejected_logps, policy_kl_logps, reference_chosen_logps,
            reference_rejected_logps, reference_kl_logps, alpha, beta, desirable_weight, undesirable_weight,
        )
    if form != "paper":
        raise ValueError(f"entropo_kto_form: expected one of {', '.join(KTO_FORMS)}, got {form!r}")
    device = policy_kl_logps.device
    z0 = entropo_z0(policy_kl_logps, reference_kl_logps, alpha=alpha, beta=beta)  # ()
    chosen_scaled = lambda: alpha * policy_chosen_logps - beta * reference_chosen_logps  # noqa: E731  (n_d,) alpha r
    rejected_scaled = lambda: alpha * policy_rejected_logps - beta * reference_rejected_logps  # noqa: E731  (n_u,)
    chosen_losses, chosen_rewards = _kto_side(
        policy_chosen_logps, lambda: chosen_scaled() - alpha * z0, chosen_scaled, device
    )
    rejected_losses, rejected_rewards = _kto_side(
        policy_rejected_logps, lambda: alpha * z0 - rejected_scaled(), rejected_scaled, device
    )
    losses = torch.cat((desirable_weight * chosen_losses, undesirable_weight * rejected_losses), 0)
    return losses, chosen_rewards, rejected_rewards, z0
