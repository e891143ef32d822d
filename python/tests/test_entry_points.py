"""One validation for every Python entry point (python -m entropo_trainer, llamafactory-cli, torchrun of LLaMA-Factory's
launcher): wrong types exit 2 naming file, line, key, expected and received, before any model loads; the hook patches
only configs that use EntroPO keys; examples/deepspeed and the tiny model are resolved; pref_bco_weight as the authors."""

from __future__ import annotations

import math
import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
import torch

from entropo_trainer.autopatch import uses_entropo
from entropo_trainer.validate import ConfigError, kind_mismatch, validate_config

VENV_BIN = Path(__file__).resolve().parents[2] / ".venv" / "bin"
TINY_DPO = "llamafactory-configs/tiny/entropo_dpo.yaml"


def _env(project_root: Path) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(project_root / "python"), "CUDA_VISIBLE_DEVICES": "", "HF_HUB_OFFLINE": "1"}


def _bad_config(tmp_path: Path, project_root: Path, line: str) -> Path:
    """The tiny EntroPO-KTO config (paths made absolute) with `line` replacing its key, appended as line 38."""
    key = line.split(":", 1)[0]
    text = (project_root / "llamafactory-configs/tiny/entropo_kto.yaml").read_text()
    text = text.replace("../../", f"{project_root}/")
    for name in ("output_dir", key):
        text = text.replace(f"\n{name}: ", f"\n# {name}: ")
    path = tmp_path / "bad.yaml"
    path.write_text(text + f"output_dir: {tmp_path / 'never'}\n{line}\n")
    return path


def test_kinds_and_messages() -> None:
    assert kind_mismatch("float?", "0.11") == "a number or null"
    assert kind_mismatch("bool", "false") == "a boolean"
    assert kind_mismatch("int", 2.0) is None and kind_mismatch("int", 2.5) == "an integer"
    assert kind_mismatch("float", True) == "a number" and kind_mismatch("str?", None) is None
    with pytest.raises(ConfigError, match='^entro_alpha: expected a number or null, received "0.11"$'):
        validate_config({"stage": "kto", "entro_alpha": "0.11"})
    with pytest.raises(ConfigError, match='^override multi_turn_kto: expected a boolean, received "false"$'):
        validate_config({"multi_turn_kto": "false"}, "x.yaml", {"multi_turn_kto"})
    with pytest.raises(ConfigError, match='unknown key "lerning_rate"; did you mean "learning_rate"\\?'):
        validate_config({"lerning_rate": 0.1})
    with pytest.raises(ValueError, match="pref_bco_weight: expected 0 when pref_ftx is set"):
        validate_config({"stage": "dpo", "pref_loss": "entropo", "entro_alpha": 0.11, "pref_bco_weight": 0.5,
                         "pref_ftx": 0.1})


def test_uses_entropo() -> None:
    assert uses_entropo({"entro_alpha": None}) and uses_entropo({"pref_loss": "entropo"})
    assert uses_entropo({"multi_turn_kto": False}) and uses_entropo({"entropo_kto_form": "authors"})
    assert not uses_entropo({"stage": "dpo", "pref_loss": "sigmoid"}) and not uses_entropo(None)
    assert uses_entropo(["--stage", "dpo", "--pref_loss", "entropo"]) and uses_entropo(["--entro_alpha=0.1"])
    assert not uses_entropo(["--stage", "dpo", "--pref_loss", "sigmoid", "--do_train", "entropo"])


def test_python_module_rejects_wrong_types_with_file_line_and_key(tmp_path: Path, project_root: Path) -> None:
    bad = _bad_config(tmp_path, project_root, 'multi_turn_kto: "false"')
    result = subprocess.run([sys.executable, "-m", "entropo_trainer", "train", str(bad)], cwd=project_root,
                            env=_env(project_root), capture_output=True, text=True, timeout=300)
    assert result.returncode == 2, result.stderr[-2000:]
    assert f'error: {bad}:38: multi_turn_kto: expected a boolean, received "false"' in result.stderr
    override = subprocess.run([sys.executable, "-m", "entropo_trainer", "train", TINY_DPO, 'entro_alpha="0.11"',
                               f"output_dir={tmp_path / 'never'}"], cwd=project_root, env=_env(project_root),
                              capture_output=True, text=True, timeout=300)
    assert override.returncode == 2
    assert 'error: override entro_alpha: expected a number or null, received "0.11"' in override.stderr
    assert not (tmp_path / "never").exists()


def _llamafactory_cli_or_skip() -> Path:
    cli = VENV_BIN / "llamafactory-cli"
    if not cli.exists():
        pytest.skip(f"{cli} is missing (run scripts/setup.sh)")
    return cli


def test_llamafactory_cli_rejects_wrong_types_before_any_model_loads(tmp_path: Path, project_root: Path) -> None:
    cli = _llamafactory_cli_or_skip()
    bad = _bad_config(tmp_path, project_root, 'entro_alpha: "0.11"')
    result = subprocess.run([str(cli), "train", str(bad)], cwd=tmp_path, env=_env(project_root),
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 2, result.stderr[-2000:]
    assert f'error: {bad}:38: entro_alpha: expected a number or null, received "0.11"' in result.stderr
    assert not (tmp_path / "never").exists()


@pytest.mark.parametrize("launch", ["torchrun launcher.py", "FORCE_TORCHRUN=1 llamafactory-cli"])
def test_torchrun_launches_of_llamafactory_apply_the_same_validation(launch, tmp_path: Path, project_root: Path) -> None:
    """Each torchrun worker is a fresh interpreter of the venv: the hook validates there too. With FORCE_TORCHRUN the
    launcher re-executes `torchrun` by name; with no torchrun on PATH the hook gives it the venv's."""
    cli = _llamafactory_cli_or_skip()
    import llamafactory.launcher

    bad = _bad_config(tmp_path, project_root, 'multi_turn_kto: "false"')
    if launch.startswith("torchrun"):
        env = {**_env(project_root), "PATH": f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
        command = [str(VENV_BIN / "torchrun"), "--nproc_per_node", "1", "--master_port", "0",
                   llamafactory.launcher.__file__, str(bad)]
    else:
        env = {**_env(project_root), "FORCE_TORCHRUN": "1", "NPROC_PER_NODE": "1", "PATH": "/usr/bin:/bin"}
        command = [str(cli), "train", str(bad)]
    result = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode != 0
    assert f'error: {bad}:38: multi_turn_kto: expected a boolean, received "false"' in result.stderr


def test_prepare_args_resolves_examples_deepspeed_and_names_missing_models(tmp_path, project_root, monkeypatch,
                                                                          caplog, tiny_model_dir) -> None:
    from entropo_trainer.llamafactory_cli import prepare_args

    monkeypatch.chdir(tmp_path)
    config = {"stage": "dpo", "pref_loss": "entropo", "entro_alpha": 0.11, "model_name_or_path": str(tiny_model_dir),
              "deepspeed": "examples/deepspeed/ds_z3_config.json"}
    out = prepare_args(config, from_command_line=False)
    copy = project_root / "llamafactory-configs/deepspeed/ds_z3_config.json"
    assert out["deepspeed"] == str(copy)
    assert f"deepspeed: examples/deepspeed/ds_z3_config.json does not exist under {tmp_path}; using entropo's copy" in (
        caplog.text)
    (tmp_path / "examples/deepspeed").mkdir(parents=True)
    (tmp_path / "examples/deepspeed/ds_z3_config.json").write_text("{}")
    assert prepare_args(config, from_command_line=False)["deepspeed"] == str(tmp_path / "examples/deepspeed/ds_z3_config.json")
    with pytest.raises(ConfigError, match="model_name_or_path: /nowhere/model does not exist .*make-tiny-model /nowhere/model"):
        prepare_args({**config, "model_name_or_path": "/nowhere/model"}, from_command_line=False)


def test_the_tiny_model_is_built_on_demand(tmp_path: Path, monkeypatch) -> None:
    import entropo_trainer.paths as paths

    target = tmp_path / "runs" / "tiny-qwen3"
    monkeypatch.setattr(paths, "TINY_MODEL_DIR", target)
    seen: list[str] = []
    paths.ensure_model({"model_name_or_path": str(target)}, seen.append)
    assert (target / "config.json").is_file() and (target / "tokenizer.json").is_file()
    assert seen and "building the tiny model there" in seen[0]
    assert not list(tmp_path.glob("runs/*.tmp-*"))


def test_entropo_dpo_keeps_pref_bco_weight_as_the_authors() -> None:
    """EntroPO-DPO + w * BCO (b3e49cb: losses += bco * weight, BCO on beta log-ratios against running moments)."""
    from entropo_trainer.patch import apply_patch

    apply_patch()
    from llamafactory.train.dpo.trainer import CustomDPOTrainer
    from trl.trainer.utils import RunningMoments

    g = torch.Generator().manual_seed(3)
    pc, pr, rc, rr = (-(torch.rand(4, generator=g, dtype=torch.float64) * 50 + 1) for _ in range(4))
    alpha, beta, weight = 0.11, 0.1, 0.5
    trainer = SimpleNamespace(finetuning_args=SimpleNamespace(entro_alpha=alpha), beta=beta, bco_gemma=weight,
                              running=RunningMoments(SimpleNamespace(use_distributed=False)))
    trainer.bco_loss = lambda *args: CustomDPOTrainer.bco_loss(trainer, *args)
    losses, chosen, _ = CustomDPOTrainer.compute_preference_loss(trainer, pc, pr, rc, rr)
    sig = lambda x: 1 / (1 + math.exp(-x))  # noqa: E731
    rewards = [beta * float(a - b) for a, b in zip(pc, rc)] + [beta * float(a - b) for a, b in zip(pr, rr)]
    delta = sum(rewards) / len(rewards)  # the running mean after one update
    for k in range(4):
        logit = alpha * float(pc[k] - pr[k]) - beta * float(rc[k] - rr[k])
        entropo = -math.log(sig(logit))
        bco = -math.log(sig(beta * float(pc[k] - rc[k]) - delta)) - math.log(sig(-(beta * float(pr[k] - rr[k]) - delta)))
        assert float(losses[k]) == pytest.approx(entropo + weight * bco, abs=1e-6)
    torch.testing.assert_close(chosen, alpha * pc - beta * rc, atol=1e-9, rtol=0)


def test_autopatch_line_is_in_the_venv(project_root: Path) -> None:
    python = VENV_BIN / "python"
    if not python.exists():
        pytest.skip(f"{python} is missing (run scripts/setup.sh)")
    probe = "import sys; print(any(type(f).__name__ == '_Finder' for f in sys.meta_path), 'torch' in sys.modules)"
    result = subprocess.run([str(python), "-c", probe], capture_output=True, text=True, timeout=120)
    assert result.stdout.split() == ["True", "False"]  # the hook is installed, and nothing heavy is imported
    off = subprocess.run([str(python), "-c", probe], capture_output=True, text=True, timeout=120,
                         env={**os.environ, "ENTROPO_AUTOPATCH": "0"})
    assert off.stdout.split() == ["False", "False"]
