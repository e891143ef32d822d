"""EntroPO's optimum in closed form (arXiv 2509.12434 §3, Prop. 3.2 single turn, Prop. 3.3 multi-turn) and tabular
policies trained to it with the project's own loss (`losses.entropo_dpo_loss`), pure torch, float64.

The process: H turns, K actions per turn, deterministic observations, so the state before turn h is the prefix
(a_1, ..., a_{h-1}) and a trajectory is tau = (a_1, ..., a_H) with utility u(tau). A policy is a list of H
log-prob tables; table h has shape (K,) * h: the prefix's dims, then the action's dim (last), normalised on it.
Objective (paper eq. 1): max_pi E_pi[u(tau)] + alpha H(pi) - beta H(pi, pi_ref), i.e.
E_pi[u - alpha sum_h log pi(a_h|s_h) + beta sum_h log pi_ref(a_h|s_h)]. Derivation of the optimum in
docs/science-check.md ("The claim, and the theory it comes from").
"""

from __future__ import annotations

import math

import torch

from .losses import entropo_dpo_loss

DTYPE = torch.float64


def _expand(table: torch.Tensor, turns: int) -> torch.Tensor:
    """A turn-h table (K,)*h viewed with trailing singleton dims to broadcast over (K,)*turns trajectories."""
    return table.reshape(table.shape + (1,) * (turns - table.dim()))


def trajectory_logps(log_tables: list[torch.Tensor]) -> torch.Tensor:
    """log P(tau) = sum_h log pi(a_h | a_<h) for every trajectory: shape (K,) * H."""
    turns = len(log_tables)
    total = torch.zeros((), dtype=log_tables[0].dtype)
    for table in log_tables:
        total = total + _expand(table, turns)
    return total


def trajectory_entropy(log_tables: list[torch.Tensor]) -> float:
    """Entropy (nats) of the trajectory distribution, -sum_tau P(tau) log P(tau)."""
    logp = trajectory_logps(log_tables)
    return float(-(logp.exp() * logp).sum())


def optimal_policy(ref_log_tables: list[torch.Tensor], utility: torch.Tensor, *, alpha: float,
                   beta: float) -> list[torch.Tensor]:
    """pi* by backward induction (Prop. 3.3): V_{H+1} = u; for h = H..1,
    log pi*(a_h|s_h) = [beta log pi_ref(a_h|s_h) + V_{h+1}(s_h, a_h)] / alpha - log Z_h(s_h),
    V_h(s_h) = alpha log Z_h(s_h). With H = 1 this is Prop. 3.2: pi* ∝ pi_ref^(beta/alpha) exp(u/alpha).

    ref_log_tables: H tables (K,)*h of log pi_ref; utility: (K,)*H. Returns H tables of log pi*."""
    turns = len(ref_log_tables)
    if utility.dim() != turns:
        raise ValueError(f"utility: expected {turns} dims (one per turn), got shape {tuple(utility.shape)}")
    value = utility.to(DTYPE)  # V_{h+1}(prefix, a_h), shape (K,)*h
    tables: list[torch.Tensor] = [torch.empty(0)] * turns
    for h in reversed(range(turns)):
        scores = (beta * ref_log_tables[h].to(DTYPE) + value) / alpha  # (K,)*(h+1)
        log_z = torch.logsumexp(scores, dim=-1, keepdim=True)
        tables[h] = scores - log_z
        value = alpha * log_z.squeeze(-1)  # V_h(prefix), shape (K,)*h
    return tables


def gibbs_trajectory_logps(ref_log_tables: list[torch.Tensor], utility: torch.Tensor, *, alpha: float,
                           beta: float) -> torch.Tensor:
    """The same optimum computed independently on whole trajectories: log of P_ref(tau)^(beta/alpha) exp(u/alpha) / Z."""
    scores = (beta * trajectory_logps([t.to(DTYPE) for t in ref_log_tables]) + utility.to(DTYPE)) / alpha
    return scores - torch.logsumexp(scores.reshape(-1), dim=0)


def bradley_terry_pair_weights(utility: torch.Tensor, sampling_logps: torch.Tensor | None = None) -> torch.Tensor:
    """W[i, j] = mu(i, j) * sigma(u_i - u_j): the probability that a drawn pair is (i chosen, j rejected).

    mu(i, j) ∝ q(i) q(j) for i != j with q = exp(sampling_logps) (uniform when None). Shape (N, N), N = K^H."""
    u = utility.reshape(-1).to(DTYPE)
    q = torch.ones_like(u) if sampling_logps is None else sampling_logps.reshape(-1).to(DTYPE).exp()
    mu = q[:, None] * q[None, :]
    mu.fill_diagonal_(0.0)
    return mu / mu.sum() * torch.sigmoid(u[:, None] - u[None, :])


def dpo_objective(logit_tables: list[torch.Tensor], ref_log_tables: list[torch.Tensor], pair_weights: torch.Tensor,
                  *, alpha: float, beta: float) -> torch.Tensor:
    """Expected EntroPO-DPO loss sum_ij W_ij loss(i chosen, j rejected) / sum W, through `entropo_dpo_loss` on the
    trajectories' summed log-probs (policy = log_softmax of the tables' logits)."""
    policy = trajectory_logps([t.log_softmax(-1) for t in logit_tables]).reshape(-1)
    reference = trajectory_logps(ref_log_tables).reshape(-1)
    chosen, rejected = pair_weights.nonzero(as_tuple=True)
    losses, _, _ = entropo_dpo_loss(policy[chosen], policy[rejected], reference[chosen], reference[rejected],
                                    alpha=alpha, beta=beta)
    weights = pair_weights[chosen, rejected]
    return (weights * losses).sum() / weights.sum()


def fit_dpo(ref_log_tables: list[torch.Tensor], pair_weights: torch.Tensor, *, alpha: float, beta: float,
            max_rounds: int = 20, grad_tolerance: float = 1e-10) -> tuple[list[torch.Tensor], dict[str, float]]:
    """Minimise `dpo_objective` over tabular logits (full batch, L-BFGS with strong Wolfe line search, float64),
    starting from the reference. Returns (log-prob tables, {"loss", "grad_norm", "rounds"})."""
    params = [t.detach().to(DTYPE).clone().requires_grad_(True) for t in ref_log_tables]
    refs = [t.detach().to(DTYPE) for t in ref_log_tables]
    optimizer = torch.optim.LBFGS(params, lr=1.0, max_iter=200, history_size=50, tolerance_grad=grad_tolerance,
                                  tolerance_change=1e-16, line_search_fn="strong_wolfe")

    def closure() -> torch.Tensor:
        optimizer.zero_grad()
        loss = dpo_objective(params, refs, pair_weights, alpha=alpha, beta=beta)
        loss.backward()
        return loss

    rounds, grad_norm, previous = 0, math.inf, math.inf
    for rounds in range(1, max_rounds + 1):
        loss = float(optimizer.step(closure).detach())
        closure()
        grad_norm = max(float(p.grad.abs().max()) for p in params)
        if grad_norm <= grad_tolerance or previous - loss <= 1e-15 * max(1.0, abs(loss)):
            break
        previous = loss
    with torch.no_grad():
        loss = float(dpo_objective(params, refs, pair_weights, alpha=alpha, beta=beta))
    tables = [p.detach().log_softmax(-1) for p in params]
    return tables, {"loss": loss, "grad_norm": grad_norm, "rounds": rounds}


def max_abs_logprob_error(tables: list[torch.Tensor], target: list[torch.Tensor]) -> float:
    """max over turns, prefixes and actions of |log pi(a|s) - log pi*(a|s)|."""
    return max(float((a - b).abs().max()) for a, b in zip(tables, target))
