"""Part 2 of the entropy experiment: the same question through the real stack (LLaMA-Factory 0.9.5 + the EntroPO
patch, full fine-tuning of the tiny model), one run per (loss, alpha, seed), each measured against pi*.

Reference: the tiny model SFT'd on conversations drawn from toy_process's peaked reference (shared by all runs).
Data per seed: preference pairs drawn from the Bradley-Terry model (toy_process.preference_pairs); DPO trains on
them as (chosen, rejected) rows, KTO on the same pairs as desirable / undesirable rows.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import torch

from . import toy_process
from .experiment_fixed_point import COVERAGE_THRESHOLD, summarize
from .fixed_point import fit_dpo, max_abs_logprob_error, optimal_policy, trajectory_entropy, trajectory_logps

LOSSES = ("dpo", "kto-paper", "kto-authors")


@dataclass(frozen=True)
class StackSettings:
    """What one stack sweep trains; QUICK and FULL below."""

    ratios: tuple[float, ...] = (1.0, 1.1, 2.0)
    seeds: tuple[int, ...] = (0, 1, 2)
    losses: tuple[str, ...] = LOSSES
    beta: float = 1.0
    pairs: int = 1024
    batch_size: int = 128
    steps: int = 300
    learning_rate: float = 2e-3
    sft_rows: int = 512
    sft_epochs: float = 8.0

    def run_ids(self) -> list[tuple[str, float, int]]:
        """(loss, ratio, seed) of every run, seed-major so that a partial sweep covers every cell early."""
        return [(loss, ratio, seed) for seed in self.seeds for loss in self.losses for ratio in self.ratios]


QUICK = StackSettings(losses=("dpo",), batch_size=64, steps=150, learning_rate=3e-3)
FULL = StackSettings()


def run_name(loss: str, ratio: float, seed: int) -> str:
    """Directory name of one run, e.g. dpo-a1.1-s0."""
    return f"{loss}-a{ratio:g}-s{seed}"


def _write_atomic(path: Path, text: str) -> None:
    partial = path.with_name(path.name + f".{os.getpid()}.partial")
    partial.write_text(text)
    partial.replace(path)


def _write_dataset(directory: Path, seed: int, pairs: list[tuple[int, int]]) -> None:
    """dpo.json, kto.json and dataset_info.json of one seed (each file replaced atomically: runs read them)."""
    directory.mkdir(parents=True, exist_ok=True)
    _write_atomic(directory / "dpo.json", json.dumps(toy_process.dpo_rows(pairs)))
    _write_atomic(directory / "kto.json", json.dumps(toy_process.kto_rows(pairs, seed)))
    _write_atomic(directory / "dataset_info.json", json.dumps({
        "toy_dpo": {"file_name": "dpo.json", "formatting": "sharegpt", "ranking": True,
                    "columns": {"messages": "conversations", "chosen": "chosen", "rejected": "rejected"}},
        "toy_kto": {"file_name": "kto.json", "formatting": "sharegpt",
                    "columns": {"messages": "conversations", "kto_tag": "kto_tag"}},
    }))


def write_seed_dataset(settings: StackSettings, work: Path, seed: int) -> Path:
    """work/data/seed-N with the seed's DPO and KTO rows (written once; the sweep writes them before any run)."""
    data = work / "data" / f"seed-{seed}"
    if not (data / "dataset_info.json").exists():
        _write_dataset(data, seed, toy_process.preference_pairs(settings.pairs, seed))
    return data


def _common_config(model: Path, data: Path, out: Path, seed: int) -> dict[str, Any]:
    return {
        "model_name_or_path": str(model), "do_train": True, "finetuning_type": "full", "template": "qwen3_nothink",
        "dataset_dir": str(data), "cutoff_len": 64, "overwrite_cache": True, "preprocessing_num_workers": None,
        "dataloader_num_workers": 0, "output_dir": str(out), "overwrite_output_dir": True, "logging_steps": 10,
        "save_strategy": "no", "report_to": "none", "disable_tqdm": True, "seed": seed, "plot_loss": False,
        "lr_scheduler_type": "cosine", "warmup_ratio": 0.05,
    }


def sft_config(settings: StackSettings, model: Path, data: Path, out: Path) -> dict[str, Any]:
    """LLaMA-Factory config of the reference's SFT (full fine-tuning until the action frequencies are learned)."""
    return {**_common_config(model, data, out, 0), "stage": "sft", "dataset": "toy_sft",
            "per_device_train_batch_size": 32, "learning_rate": 3e-3, "num_train_epochs": settings.sft_epochs}


def preference_config(settings: StackSettings, loss: str, alpha: float, model: Path, data: Path, out: Path,
                      seed: int) -> dict[str, Any]:
    """LLaMA-Factory config of one EntroPO run: DPO (pref_loss entropo) or multi-turn KTO in either form; the
    reference model is the SFT model itself (full fine-tuning: LLaMA-Factory loads a frozen copy)."""
    config = {**_common_config(model, data, out, seed), "per_device_train_batch_size": settings.batch_size,
              "learning_rate": settings.learning_rate, "max_steps": settings.steps, "pref_beta": settings.beta,
              "entro_alpha": alpha}
    if loss == "dpo":
        return {**config, "stage": "dpo", "dataset": "toy_dpo", "pref_loss": "entropo"}
    return {**config, "stage": "kto", "dataset": "toy_kto", "multi_turn_kto": True,
            "entropo_kto_form": loss.removeprefix("kto-")}


def prepare_reference(settings: StackSettings, work: Path) -> Path:
    """Build the tiny model and SFT it into work/reference/sft (skipped when already complete); returns the SFT dir."""
    from .experiment_model import build_model
    from .runner import run_training

    root = work / "reference"
    sft_dir = root / "sft"
    if (root / "done.json").exists():
        return sft_dir
    model = build_model(root / "init", seed=0)
    data = root / "data"
    data.mkdir(parents=True, exist_ok=True)
    (data / "sft.json").write_text(json.dumps(toy_process.sft_rows(settings.sft_rows, seed=0)))
    (data / "dataset_info.json").write_text(json.dumps({"toy_sft": {
        "file_name": "sft.json", "formatting": "sharegpt", "columns": {"messages": "conversations"}}}))
    run_training(sft_config(settings, model, data, sft_dir))
    (root / "done.json").write_text(json.dumps({"settings": asdict(settings)}) + "\n")
    return sft_dir


def _logged(out: Path, key: str) -> list[float]:
    """Every numeric value of `key` in the run's trainer_log.jsonl, in order."""
    log = out / "trainer_log.jsonl"
    if not log.exists():
        return []
    values = [json.loads(line).get(key) for line in log.read_text().splitlines() if line.strip()]
    return [float(value) for value in values if isinstance(value, (int, float))]


def training_log_summary(out: Path) -> dict[str, Any]:
    """Final loss and, for KTO, the logged reference point z0: mean, last, share of logged steps where it is 0
    (clamped) - in the authors' form alpha only acts through z0, so a z0 clamped at 0 means alpha had no effect."""
    losses = _logged(out, "loss")
    summary: dict[str, Any] = {"final_loss": losses[-1] if losses else None}
    z0 = _logged(out, "z0")
    if z0:
        summary["z0"] = {"mean": sum(z0) / len(z0), "last": z0[-1],
                         "zero_fraction": sum(1 for value in z0 if value == 0.0) / len(z0)}
    return summary


def _compare(tables: list[torch.Tensor], target: list[torch.Tensor]) -> dict[str, float]:
    learned, optimum = trajectory_logps(tables).reshape(-1), trajectory_logps(target).reshape(-1)
    return {"max_abs_logprob_error": max_abs_logprob_error(tables, target),
            "total_variation": 0.5 * float((learned.exp() - optimum.exp()).abs().sum())}


def measure_run(settings: StackSettings, loss: str, ratio: float, seed: int, model_dir: Path,
                reference: list[torch.Tensor], pairs: list[tuple[int, int]]) -> dict[str, Any]:
    """Everything the report needs about one trained policy, against pi* (population) and, for DPO, against the
    optimum of the same loss on the run's own finite sample of pairs (pi*_data, tabular fit)."""
    from .experiment_model import support_tables, trajectory_logps as model_logps

    alpha = ratio * settings.beta
    utility = toy_process.utility_table()
    tables, mass = support_tables(model_logps(model_dir))
    optimum = optimal_policy(reference, utility, alpha=alpha, beta=settings.beta)
    result: dict[str, Any] = {
        "loss": loss, "alpha": alpha, "beta": settings.beta, "seed": seed, "support_mass": mass,
        "learned": summarize(tables, utility), "vs_optimal": _compare(tables, optimum),
        "turn_two": [row.exp().tolist() for row in tables[1]],
    }
    if loss == "dpo":
        fitted, stats = fit_dpo(reference, toy_process.pair_counts(pairs), alpha=alpha, beta=settings.beta)
        result["optimal_data"] = {"entropy": trajectory_entropy(fitted), "grad_norm": stats["grad_norm"],
                                  **_compare(tables, fitted)}
    return result


def train_one(settings: StackSettings, work: Path, loss: str, ratio: float, seed: int) -> dict[str, Any]:
    """Train and measure one run; writes work/runs/<name>/result.json (a finished run is read back, not retrained)."""
    from .experiment_model import support_tables, trajectory_logps as model_logps
    from .runner import run_training

    run_dir = work / "runs" / run_name(loss, ratio, seed)
    done = run_dir / "result.json"
    if done.exists():
        return json.loads(done.read_text())
    started = time.monotonic()
    sft_dir = work / "reference" / "sft"
    pairs = toy_process.preference_pairs(settings.pairs, seed)
    data = write_seed_dataset(settings, work, seed)
    out = run_dir / "model"
    run_training(preference_config(settings, loss, ratio * settings.beta, sft_dir, data, out, seed))
    reference, _ = support_tables(model_logps(sft_dir))
    result = measure_run(settings, loss, ratio, seed, out, reference, pairs)
    result.update(training_log_summary(out))
    result["seconds"] = time.monotonic() - started
    for weights in out.glob("*.safetensors"):  # the measurement is kept; the weights are not needed again
        weights.unlink()
    done.write_text(json.dumps(result, indent=1) + "\n")
    return result


def _stats(values: list[float]) -> dict[str, float]:
    tensor = torch.tensor(values, dtype=torch.float64)
    std = float(tensor.std(unbiased=True)) if len(values) > 1 else 0.0
    return {"mean": float(tensor.mean()), "std": std}


def aggregate(settings: StackSettings, runs: list[dict[str, Any]], reference: list[torch.Tensor],
              reference_mass: float) -> dict[str, Any]:
    """result.json's "stack" part: per (loss, alpha) mean and sample std (n-1) over seeds."""
    utility = toy_process.utility_table()
    cells = []
    for loss in settings.losses:
        for ratio in settings.ratios:
            alpha = ratio * settings.beta
            mine = sorted((run for run in runs if run["loss"] == loss and abs(run["alpha"] - alpha) < 1e-12),
                          key=lambda run: run["seed"])
            if not mine:
                continue
            entropy = _stats([run["learned"]["entropy"] for run in mine])
            cell = {
                "alpha": alpha, "beta": settings.beta, "loss": loss, "seeds": [run["seed"] for run in mine],
                "mean": entropy["mean"], "std": entropy["std"],
                "optimal_entropy": trajectory_entropy(optimal_policy(reference, utility, alpha=alpha,
                                                                     beta=settings.beta)),
                "first_turn_coverage": _stats([run["learned"]["coverage_by_turn"][0] for run in mine]),
                "second_turn_coverage": _stats([run["learned"]["coverage_by_turn"][1] for run in mine]),
                "trajectory_coverage": _stats([float(run["learned"]["trajectory_coverage"]) for run in mine]),
                "expected_utility": _stats([run["learned"]["expected_utility"] for run in mine]),
                "max_abs_logprob_error": _stats([run["vs_optimal"]["max_abs_logprob_error"] for run in mine]),
                "total_variation": _stats([run["vs_optimal"]["total_variation"] for run in mine]),
                "support_mass": _stats([run["support_mass"] for run in mine]),
                "first_turn": [_stats([run["learned"]["first_turn"][a] for run in mine])["mean"]
                               for a in range(len(toy_process.ACTIONS))],
            }
            if all("optimal_data" in run for run in mine):
                cell["optimal_data_entropy"] = _stats([run["optimal_data"]["entropy"] for run in mine])
                cell["total_variation_vs_optimal_data"] = _stats(
                    [run["optimal_data"]["total_variation"] for run in mine])
            if all("z0" in run for run in mine):
                cell["z0_mean"] = _stats([run["z0"]["mean"] for run in mine])
                cell["z0_zero_fraction"] = _stats([run["z0"]["zero_fraction"] for run in mine])
            cells.append(cell)
    optimal = {f"{ratio:g}": summarize(optimal_policy(reference, utility, alpha=ratio * settings.beta,
                                                      beta=settings.beta), utility) for ratio in settings.ratios}
    return {
        "entropy_by_alpha": cells,
        "reference": {**summarize(reference, utility), "support_mass": reference_mass},
        "optimal": optimal,
        "runs": runs,
        "settings": {**asdict(settings), "coverage_threshold": COVERAGE_THRESHOLD, "actions": list(toy_process.ACTIONS),
                     "utility": utility.tolist()},
    }
