"""The paper authors' own YAMLs (../shared/data/authors-recipe/llamafactory-train) through their own command,
`llamafactory-cli train`, in the project's venv, on the tiny model with only machine-specific keys overridden:
EntroPO configs train with EntroPO's metrics; the plain SFT config runs exactly as upstream (no EntroPO metrics)."""

from __future__ import annotations

import json
import math
import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
RECIPE = ROOT.parent / "shared" / "data" / "authors-recipe" / "llamafactory-train"
CLI = ROOT / ".venv" / "bin" / "llamafactory-cli"

pytestmark = [
    pytest.mark.skipif(not RECIPE.is_dir(), reason=f"the authors' recipe is missing: {RECIPE} (shared reference data)"),
    pytest.mark.skipif(not CLI.exists(), reason=f"{CLI} is missing (run scripts/setup.sh)"),
]


def _machine(model: Path, dataset: str, out: Path, steps: int) -> list[str]:
    """Their cluster paths, GPU-only switches (bf16, DeepSpeed, Liger, Unsloth) and run length, for a CPU."""
    return [f"model_name_or_path={model}", f"dataset={dataset}", f"dataset_dir={ROOT / 'data' / 'tiny'}",
            f"output_dir={out}", "bf16=false", "deepspeed=null", "enable_liger_kernel=false", "use_unsloth_gc=false",
            f"max_steps={steps}", "logging_steps=1", "save_steps=100"]


def _train(config: str, overrides: list[str], cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "CUDA_VISIBLE_DEVICES": "", "HF_HUB_OFFLINE": "1"}
    return subprocess.run([str(CLI), "train", str(RECIPE / config), *overrides], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=900)


def _steps(out: Path) -> list[dict]:
    lines = [json.loads(line) for line in (out / "trainer_log.jsonl").read_text().splitlines() if line]
    return [line for line in lines if "loss" in line]


@pytest.mark.parametrize(("config", "dataset", "form", "metrics"), [
    ("qwen3_dpo.yaml", "tiny_dpo", None, ("rewards/chosen", "rewards/margins", "policy_entropy")),
    ("qwen3_kto.yaml", "tiny_kto", None, ("z0", "policy_entropy")),
    ("qwen3_kto.yaml", "tiny_kto", "authors", ("z0", "kl", "policy_entropy")),
])
def test_entropo_configs_train_with_entropo_metrics(config, dataset, form, metrics, tiny_model_dir, tmp_path) -> None:
    out = tmp_path / "out"
    extra = [] if form is None else [f"entropo_kto_form={form}"]
    result = _train(config, _machine(tiny_model_dir, dataset, out, 2) + extra, tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    steps = _steps(out)
    assert [line["current_steps"] for line in steps] == [1, 2]
    for line in steps:
        for key in ("loss", *metrics):
            assert math.isfinite(line[key]), key
    record = json.loads((out / "entropo_loss.json").read_text())
    assert record["entro_alpha"] == 0.11 and record["pref_beta"] == 0.1
    if config == "qwen3_kto.yaml":
        assert record["entropo_kto_form"] == (form or "paper") and record["multi_turn_kto"] is True
        assert ("kl" in steps[0]) is (form == "authors")  # the authors' form logs their kl; the paper form z0 only
    assert "EntroPO: stage" in result.stdout + result.stderr


def test_plain_sft_config_runs_as_upstream(tiny_model_dir, tmp_path) -> None:
    out = tmp_path / "out"
    result = _train("qwen3_sft.yaml", _machine(tiny_model_dir, "tiny_sft", out, 1), tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    steps = _steps(out)
    assert [line["current_steps"] for line in steps] == [1] and math.isfinite(steps[0]["loss"])
    assert "policy_entropy" not in steps[0]  # the EntroPO patch was not applied
    assert not (out / "entropo_loss.json").exists()
