"""End to end: the tiny SFT / EntroPO-DPO / EntroPO-KTO configs through `python -m entropo_trainer train` on CPU."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest

CONFIGS = {
    "sft": ("sft.yaml", ()),
    "entropo_dpo": ("entropo_dpo.yaml", ("rewards/chosen", "rewards/rejected", "rewards/margins")),
    "entropo_kto": ("entropo_kto.yaml", ("z0",)),
}


def _train(project_root: Path, config: str, *overrides: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(project_root / "python"), "CUDA_VISIBLE_DEVICES": ""}
    return subprocess.run(
        [sys.executable, "-m", "entropo_trainer", "train", str(project_root / "llamafactory-configs/tiny" / config),
         *overrides],
        cwd=project_root, env=env, capture_output=True, text=True, timeout=600,
    )


def _log_lines(output_dir: Path) -> list[dict]:
    lines = [json.loads(line) for line in (output_dir / "trainer_log.jsonl").read_text().splitlines() if line]
    return [line for line in lines if "loss" in line]


def _lora_b_norm(adapter_dir: Path) -> float:
    from safetensors.torch import load_file

    weights = load_file(str(adapter_dir / "adapter_model.safetensors"))
    lora_b = [t for name, t in weights.items() if "lora_B" in name]
    assert lora_b, f"no LoRA B weights in {adapter_dir}"
    return float(sum(t.float().norm() for t in lora_b))


@pytest.mark.parametrize("name", list(CONFIGS))
def test_tiny_config_trains_checkpoints_and_resumes(name: str, project_root: Path, tiny_model_dir: Path, tmp_path):
    config, extra_keys = CONFIGS[name]
    out = tmp_path / name
    base = [f"model_name_or_path={tiny_model_dir}", f"output_dir={out}", "max_steps=4", "save_steps=2"]
    first = _train(project_root, config, *base)
    assert first.returncode == 0, first.stderr[-4000:]
    logs = _log_lines(out)
    assert [line["current_steps"] for line in logs] == [1, 2, 3, 4]
    for line in logs:
        assert math.isfinite(line["loss"])
        assert math.isfinite(line["policy_entropy"]) and 0 < line["policy_entropy"] < math.log(2000)
        assert line["total_steps"] == 4 and "lr" in line and "epoch" in line
        for key in extra_keys:
            assert math.isfinite(line[key]), key
    if name == "entropo_kto":  # a random batch of 2 may hold one preference type only: rewards appear per type
        assert any("rewards/chosen" in line for line in logs) and any("rewards/rejected" in line for line in logs)
    if name != "sft":  # the split: policy_entropy is the token-weighted mean of its chosen and rejected parts
        for line in logs:
            sides = [line[key] for key in ("policy_entropy/chosen", "policy_entropy/rejected") if key in line]
            assert all(math.isfinite(side) and side > 0 for side in sides)
            if len(sides) == 2:
                assert min(sides) - 1e-6 <= line["policy_entropy"] <= max(sides) + 1e-6
        assert any("policy_entropy/chosen" in line for line in logs)
        assert any("policy_entropy/rejected" in line for line in logs)
    if name == "entropo_dpo":  # EntroPO rewards: alpha L_theta - beta L_ref, margins = chosen - rejected
        assert all(abs(ln["rewards/margins"] - (ln["rewards/chosen"] - ln["rewards/rejected"])) < 1e-3 for ln in logs)
    assert (out / "checkpoint-2").is_dir() and (out / "checkpoint-4").is_dir()
    assert _lora_b_norm(out) > 0  # LoRA B starts at zero: any norm means the adapter was trained
    first_losses = {line["current_steps"]: line["loss"] for line in logs}

    resumed = _train(
        project_root, config, *base, f"resume_from_checkpoint={out / 'checkpoint-2'}", "overwrite_output_dir=false"
    )
    assert resumed.returncode == 0, resumed.stderr[-4000:]
    resumed_logs = [line for line in _log_lines(out)][4:]  # appended after the first run's lines
    assert [line["current_steps"] for line in resumed_logs] == [3, 4]
    for line in resumed_logs:  # same data order and weights after resuming: same losses
        assert line["loss"] == pytest.approx(first_losses[line["current_steps"]], rel=1e-3, abs=1e-5)


def test_callbacks_receive_entropo_metrics_in_process(project_root: Path, tiny_model_dir: Path, tmp_path) -> None:
    from transformers import TrainerCallback

    from entropo_trainer.runner import load_config, run_training

    seen: list[dict] = []

    class Collect(TrainerCallback):
        def on_log(self, args, state, control, logs=None, **kwargs):
            seen.append(dict(logs or {}))

    config = load_config(
        str(project_root / "llamafactory-configs/tiny/entropo_dpo.yaml"),
        [f"model_name_or_path={tiny_model_dir}", f"output_dir={tmp_path / 'dpo'}", "max_steps=2", "save_steps=100"],
    )
    run_training(config, [Collect()])
    steps = [log for log in seen if "loss" in log]
    assert [log["current_steps"] for log in steps] == [1, 2]
    for log in steps:
        for key in ("loss", "rewards/chosen", "rewards/rejected", "rewards/margins", "policy_entropy",
                    "learning_rate", "lr", "total_steps", "epoch"):
            assert key in log and math.isfinite(log[key]), key
