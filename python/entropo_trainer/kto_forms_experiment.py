"""Experiment: the two EntroPO-KTO forms on real LLaMA-Factory runs of the tiny model (CPU), for docs/trainer.md.

`python -m entropo_trainer experiment kto-forms [--out FILE] [--steps N]`

1. Tiny model, full SFT on synthetic agent trajectories (the paper's recipe starts KTO from the SFT model).
2. Multi-turn KTO (LoRA, per-device batch 1 as the authors' qwen3_kto.yaml) in the authors' form at alpha 0.10
   (= beta), 0.11, 0.15 and learning rates 1e-5 (theirs) and 1e-3: how many steps have the reference point
   clamp(mean(alpha L^KL - beta L_ref^KL), 0) at exactly 0 (logged as z0).
3. Gradients of both forms on one batch of 16 rows (the paper's effective batch: 1 x 2 accumulation x 8 GPUs, one
   shared reference point), at the SFT model (fresh LoRA) and after the lr 1e-3 alpha 0.11 run: cosine in LoRA
   parameter space and the ratio of norms.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml

from .synthetic import kto_rows, sft_rows

BETA = 0.1
ALPHAS = (0.10, 0.11, 0.15)
LEARNING_RATES = (1.0e-5, 1.0e-3)
DATASET_INFO = {
    "x_sft": {"file_name": "sft.json", "formatting": "sharegpt", "columns": {"messages": "conversations"}},
    "x_kto": {"file_name": "kto.json", "formatting": "sharegpt",
              "columns": {"messages": "conversations", "kto_tag": "kto_tag"}},
}
COMMON = {
    "do_train": True, "template": "qwen3_nothink", "cutoff_len": 1024, "overwrite_cache": True,
    "dataloader_num_workers": 0, "overwrite_output_dir": True, "logging_steps": 1, "save_steps": 100000,
    "report_to": "none", "lr_scheduler_type": "cosine", "warmup_ratio": 0.1, "seed": 0,
}


def _run(work: Path, name: str, config: dict[str, Any]) -> Path:
    """Train one config with `python -m entropo_trainer train`; returns its output_dir."""
    out = work / name
    path = work / f"{name}.yaml"
    path.write_text(yaml.safe_dump({**COMMON, **config, "dataset_dir": str(work / "data"), "output_dir": str(out)}))
    env = {**os.environ, "CUDA_VISIBLE_DEVICES": "", "DISABLE_VERSION_CHECK": "1", "HF_HUB_OFFLINE": "1"}
    result = subprocess.run([sys.executable, "-m", "entropo_trainer", "train", str(path)], env=env,
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"{name} failed:\n{result.stderr[-3000:]}")
    return out


def _logged_steps(out: Path) -> list[dict[str, Any]]:
    lines = [json.loads(line) for line in (out / "trainer_log.jsonl").read_text().splitlines() if line]
    return [line for line in lines if "loss" in line]


def _messages(row: dict[str, Any]) -> tuple[str, list[dict[str, str]], list[dict[str, str]]]:
    """(system, [task], trajectory) of a synthetic KTO row, in LLaMA-Factory's role names."""
    roles = {"human": "user", "gpt": "assistant", "function_call": "function", "observation": "observation"}
    conversation = row["conversations"]
    turns = [{"role": roles[m["from"]], "content": m["value"]} for m in conversation[1:]]
    return conversation[0]["value"], turns[:1], turns[1:]


def gradient_comparison(base: Path, adapter: Path | None, rows: list[dict[str, Any]], alpha: float) -> dict[str, float]:
    """Cosine and norm ratio (authors / paper) of the two forms' LoRA gradients on one batch of `rows`."""
    import torch
    from llamafactory.data.template import get_template_and_fix_tokenizer
    from peft import LoraConfig, PeftModel, get_peft_model
    from transformers import AutoModelForCausalLM, AutoTokenizer

    from .args import EntroDataArguments
    from .logps import summed_logps
    from .losses import entropo_kto_loss
    from .processors import encode_trajectory

    tokenizer = AutoTokenizer.from_pretrained(base)
    template = get_template_and_fix_tokenizer(tokenizer, EntroDataArguments(template="qwen3_nothink"))
    model = AutoModelForCausalLM.from_pretrained(base, dtype=torch.float32)
    if adapter is None:
        model = get_peft_model(model, LoraConfig(r=8, lora_alpha=16, target_modules="all-linear"))
    else:
        model = PeftModel.from_pretrained(model, str(adapter), is_trainable=True)
    parts = [_messages(row) for row in rows]
    targets = [encode_trajectory(template, tokenizer, task, traj, system, "", 1024) for system, task, traj in parts]
    kl = [encode_trajectory(template, tokenizer, task, parts[i - 1][2], system, "", 1024)
          for i, (system, task, _) in enumerate(parts)]

    def logps(encoded: list[tuple[list[int], list[int]]]) -> torch.Tensor:
        values = []
        for ids, labels in encoded:
            logits = model(input_ids=torch.tensor([ids])).logits
            values.append(summed_logps(logits, torch.tensor([labels]))[0][0])
        return torch.stack(values)  # (n,)

    tags = torch.tensor([row["kto_tag"] for row in rows])
    with torch.no_grad(), model.disable_adapter():
        ref, ref_kl = logps(targets), logps(kl)
    with torch.no_grad():
        policy_kl = logps(kl)
    grads = {}
    for form in ("paper", "authors"):
        model.zero_grad()
        policy = logps(targets)
        losses = entropo_kto_loss(policy[tags], policy[~tags], policy_kl, ref[tags], ref[~tags], ref_kl,
                                  alpha=alpha, beta=BETA, form=form)[0]
        losses.nanmean().backward()
        grads[form] = torch.cat([p.grad.flatten() for p in model.parameters() if p.grad is not None])
    cosine = torch.nn.functional.cosine_similarity(grads["paper"], grads["authors"], dim=0)
    return {"cosine": float(cosine), "norm_ratio_authors_over_paper": float(grads["authors"].norm() / grads["paper"].norm())}


def run_kto_forms_experiment(out_path: str | None = None, work_dir: str | None = None, steps: int = 32) -> dict[str, Any]:
    """Run the experiment end to end; print Markdown tables and return (and optionally write) the JSON result."""
    from .tiny_model import make_tiny_model

    work = Path(work_dir or tempfile.mkdtemp(prefix="entropo-kto-forms-"))
    model = make_tiny_model(str(work / "model"))
    (work / "data").mkdir(parents=True, exist_ok=True)
    (work / "data" / "sft.json").write_text(json.dumps(sft_rows(64, 31)))
    kto = kto_rows(64, 32)
    (work / "data" / "kto.json").write_text(json.dumps(kto))
    (work / "data" / "dataset_info.json").write_text(json.dumps(DATASET_INFO))
    sft = _run(work, "sft", {"model_name_or_path": str(model), "stage": "sft", "finetuning_type": "full",
                             "dataset": "x_sft", "per_device_train_batch_size": 4, "learning_rate": 2.0e-3,
                             "max_steps": 60})
    sft_loss = _logged_steps(sft)[-1]["loss"]
    clamp_rows = []
    adapters: dict[tuple[float, float], Path] = {}
    for lr in LEARNING_RATES:
        for alpha in ALPHAS:
            out = _run(work, f"kto-a{alpha}-lr{lr}", {
                "model_name_or_path": str(sft), "stage": "kto", "finetuning_type": "lora", "lora_rank": 8,
                "lora_alpha": 16, "lora_target": "all", "dataset": "x_kto", "multi_turn_kto": True,
                "per_device_train_batch_size": 1, "learning_rate": lr, "max_steps": steps, "pref_beta": BETA,
                "entro_alpha": alpha, "entropo_kto_form": "authors"})
            adapters[(alpha, lr)] = out
            logged = _logged_steps(out)
            zeros = sum(1 for line in logged if line["z0"] == 0.0)
            clamp_rows.append({"alpha": alpha, "learning_rate": lr, "steps": len(logged), "clamped_steps": zeros,
                               "max_reference_point": max(line["z0"] for line in logged),
                               "max_kl": max(line.get("kl", 0.0) for line in logged),
                               "mean_logps_chosen": _mean(line.get("logps/chosen") for line in logged)})
    batch = kto[:16]
    gradient_rows = []
    for alpha in (0.10, 0.11, 0.15):
        for label, adapter in (("SFT model, fresh LoRA", None), ("after the lr 1e-3 alpha 0.11 run", adapters[(0.11, 1.0e-3)])):
            gradient_rows.append({"alpha": alpha, "at": label, **gradient_comparison(sft, adapter, batch, alpha)})
    result = {"beta": BETA, "steps": steps, "sft_final_loss": sft_loss, "clamp": clamp_rows, "gradients": gradient_rows}
    print("| alpha | lr | steps with reference point 0 | max reference point | max kl |")
    print("|---|---|---|---|---|")
    for row in clamp_rows:
        print(f"| {row['alpha']} | {row['learning_rate']:g} | {row['clamped_steps']} of {row['steps']} | "
              f"{row['max_reference_point']:.4g} | {row['max_kl']:.4g} |")
    print("| alpha | at | cosine(paper, authors) | norm authors / paper |")
    print("|---|---|---|---|")
    for row in gradient_rows:
        print(f"| {row['alpha']} | {row['at']} | {row['cosine']:.3f} | {row['norm_ratio_authors_over_paper']:.3f} |")
    if out_path:
        Path(out_path).write_text(json.dumps(result, indent=2) + "\n")
    return result


def _mean(values: Any) -> float | None:
    present = [float(value) for value in values if value is not None]
    return sum(present) / len(present) if present else None
