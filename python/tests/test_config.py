"""Config loading, overrides, path resolution and EntroPO option validation (clear messages)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from entropo_trainer.runner import ConfigError, load_config, parse_override


def test_load_config_resolves_paths_against_the_file(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "cfg").mkdir()
    (tmp_path / "model").mkdir()
    config_file = tmp_path / "cfg" / "x.yaml"
    config_file.write_text(
        "model_name_or_path: ../model\nref_model: Qwen/Qwen3-8B\ndataset_dir: ../data\noutput_dir: out\n"
        "deepspeed: ds.json\nresume_from_checkpoint: true\nlearning_rate: 1.0e-5\n"
    )
    monkeypatch.chdir(tmp_path)
    config = load_config(str(config_file), ["entro_alpha=0.11", "output_dir=elsewhere", "max_steps=3", "bf16=false"])
    assert config["model_name_or_path"] == str(tmp_path / "model")
    assert config["ref_model"] == "Qwen/Qwen3-8B"  # a hub id stays a hub id
    assert config["dataset_dir"] == str(tmp_path / "data")
    assert config["deepspeed"] == str(tmp_path / "cfg" / "ds.json")
    assert config["output_dir"] == str(tmp_path / "elsewhere")  # override: relative to the current directory
    assert config["resume_from_checkpoint"] is True
    assert config["entro_alpha"] == 0.11 and config["max_steps"] == 3 and config["bf16"] is False
    assert config["learning_rate"] == 1e-5


def test_bad_configs_name_the_file_and_override(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        load_config(str(tmp_path / "missing.yaml"), [])
    bad = tmp_path / "bad.yaml"
    bad.write_text("- a\n- b\n")
    with pytest.raises(ConfigError, match="bad.yaml: expected a mapping"):
        load_config(str(bad), [])
    with pytest.raises(ConfigError, match="expected key=value"):
        parse_override("entro_alpha")


@pytest.mark.parametrize(
    ("stage", "pref_loss", "alpha", "beta", "message"),
    [
        ("dpo", "entropo", 0.05, 0.1, "entro_alpha: expected a number >= pref_beta \\(0.1\\).*got 0.05"),
        ("dpo", "entropo", None, 0.1, "entro_alpha: expected a number >= pref_beta with pref_loss: entropo"),
        ("dpo", "sigmoid", 0.2, 0.1, "pref_loss: expected 'entropo' when entro_alpha is set"),
        ("kto", "sigmoid", 0.2, 0.0, "pref_beta: expected a number > 0"),
        ("dpo", "bogus", None, 0.1,
         'pref_loss: expected one of sigmoid, hinge, ipo, kto_pair, orpo, simpo, entropo, received "bogus"'),
    ],
)
def test_validation_messages(stage, pref_loss, alpha, beta, message) -> None:
    from entropo_trainer.args import EntroPOArgumentError, validate_entropo_options

    with pytest.raises(EntroPOArgumentError, match=message):
        validate_entropo_options(stage, pref_loss, alpha, beta, None)


def test_valid_options_pass() -> None:
    from entropo_trainer.args import validate_entropo_options

    validate_entropo_options("dpo", "entropo", 0.11, 0.1, None)
    validate_entropo_options("kto", "sigmoid", 0.1, 0.1, None)
    validate_entropo_options("dpo", "sigmoid", None, 0.1, None)  # plain LLaMA-Factory


def test_cli_rejects_alpha_below_beta_with_clear_message(project_root: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(project_root / "python")}
    result = subprocess.run(
        [sys.executable, "-m", "entropo_trainer", "train", "llamafactory-configs/tiny/entropo_dpo.yaml",
         "entro_alpha=0.05", "output_dir=/tmp/entropo-never-written"],
        cwd=project_root, env=env, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 2
    assert "error: entro_alpha: expected a number >= pref_beta (0.1)" in result.stderr
    assert "got 0.05" in result.stderr
    assert not Path("/tmp/entropo-never-written/trainer_log.jsonl").exists()


@pytest.mark.parametrize("name", ["sft", "entropo_dpo", "entropo_kto", "verifier_sft"])
def test_paper_configs_carry_the_recipe_and_validate(name: str, project_root: Path) -> None:
    from transformers import HfArgumentParser

    from entropo_trainer.args import EntroDataArguments, EntroFinetuningArguments

    config = load_config(str(project_root / "llamafactory-configs/qwen3-coder-30b" / f"{name}.yaml"), [])
    assert (config["lora_rank"], config["lora_alpha"], config["lora_target"]) == (8, 16, "all")
    assert (config["cutoff_len"], config["learning_rate"], config["num_train_epochs"]) == (18000, 1e-5, 1.0)
    assert config["lr_scheduler_type"] == "cosine" and config["warmup_ratio"] == 0.1 and config["bf16"] is True
    assert config["template"] == "qwen3_coder"
    assert Path(config["deepspeed"]).is_file()
    if name.startswith("entropo"):
        assert (config["pref_loss"], config["entro_alpha"], config["pref_beta"]) == ("entropo", 0.11, 0.1)
    finetuning, data = HfArgumentParser([EntroFinetuningArguments, EntroDataArguments]).parse_dict(
        config, allow_extra_keys=True
    )
    assert finetuning.stage == config["stage"]
    assert data.multi_turn_kto is (name == "entropo_kto")


def test_qwen3_coder_template_renders_xml_tool_calls(tiny_model_dir: Path) -> None:
    from entropo_trainer.patch import apply_patch

    apply_patch()
    from llamafactory.data.template import get_template_and_fix_tokenizer
    from transformers import AutoTokenizer

    from entropo_trainer.args import EntroDataArguments

    tokenizer = AutoTokenizer.from_pretrained(tiny_model_dir)
    template = get_template_and_fix_tokenizer(tokenizer, EntroDataArguments(template="qwen3_coder"))
    call = '{"name": "execute_bash", "arguments": {"cmd": "ls"}}'
    messages = [{"role": "user", "content": "go"}, {"role": "function", "content": call}]
    _, response = template.encode_oneturn(tokenizer, messages)
    text = tokenizer.decode(response, skip_special_tokens=False)
    assert text == "<tool_call>\n<function=execute_bash>\n<parameter=cmd>\nls\n</parameter>\n</function>\n</tool_call><|im_end|>\n"
