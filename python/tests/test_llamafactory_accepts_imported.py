"""LLaMA-Factory loads datasets built from other scaffolds' trajectories (OpenAI tool_calls rows, SWE-agent 1.x,
mini-swe-agent, OpenHands) with its own `get_dataset`: native `function_call`/`observation` turns with the `tools`
column (SFT, multi-turn DPO and KTO through entropo_trainer's patch) and `--action-format r2e` text.

Fixtures: src/trajectories/testing/fixtures, written for entropo in each tool's output shape.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from test_llamafactory_accepts_datasets import build, load

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "src" / "trajectories" / "testing" / "fixtures"
TOOL_ROWS = [FIXTURES / "openai-tool-rows.jsonl", FIXTURES / "swe-smith-tool-rows.jsonl"]

pytestmark = [
    pytest.mark.skipif(shutil.which("node") is None, reason="node is absent: cannot run the TypeScript builder"),
]


@pytest.fixture(scope="module")
def datasets(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("entropo-imported")
    assert build("sft", [FIXTURES], out, "all_sft", "--include-failed")["rows"] == 10
    assert build("sft", TOOL_ROWS, out, "tools_sft")["rows"] == 2
    assert build("sft", [FIXTURES / "openai-tool-rows.jsonl", FIXTURES / "statskit__statskit-42.v1.traj.json"], out, "r2e_sft", "--include-failed", "--action-format", "r2e")["rows"] == 3
    assert build("dpo", TOOL_ROWS, out, "tools_dpo")["rows"] == 2
    assert build("kto", TOOL_ROWS, out, "tools_kto")["rows"] == 4
    return out


def decoded_labels(tokenizer, ids, labels) -> str:
    return tokenizer.decode([token for token, label in zip(ids, labels) if label != -100], skip_special_tokens=False)


def test_sft_rows_of_every_scaffold_load_with_function_calls_as_targets(datasets, tiny_model_dir, tmp_path) -> None:
    dataset, tokenizer = load(datasets, "all_sft", "sft", tiny_model_dir, tmp_path)
    rows = json.loads((datasets / "all_sft.json").read_text())
    assert len(dataset) == len(rows)
    for row, example in zip(rows, dataset):
        calls = sum(1 for turn in row["conversations"] if turn["from"] == "function_call")
        targets = decoded_labels(tokenizer, example["input_ids"], example["labels"])
        # Every structured call is a training target, written in Qwen's tool format.
        assert targets.count("<tool_call>\n{") >= calls


def test_tools_column_reaches_the_system_prompt_and_thoughts_stay_before_the_call(datasets, tiny_model_dir, tmp_path) -> None:
    dataset, tokenizer = load(datasets, "tools_sft", "sft", tiny_model_dir, tmp_path)
    text = tokenizer.decode(dataset[0]["input_ids"], skip_special_tokens=False)
    assert "# Tools" in text and '"name": "execute_bash"' in text
    # Parallel calls of one turn: two <tool_call> blocks in one assistant message.
    assert '<tool_call>\n{"name": "execute_bash", "arguments": {"command": "grep -n \\"def wrap\\" -r /workspace/textkit__textkit__0.3"}}\n</tool_call>\n<tool_call>\n{"name": "str_replace_editor"' in text
    assert 'A width of zero never advances; I will reject it.\n<tool_call>\n{"name": "str_replace_editor"' in text
    assert "<tool_response>\n/workspace/textkit__textkit__0.3/textkit/wrap.py:1:def wrap(text, width):" in text


def test_r2e_action_format_rows_load_as_plain_text_turns(datasets, tiny_model_dir, tmp_path) -> None:
    dataset, tokenizer = load(datasets, "r2e_sft", "sft", tiny_model_dir, tmp_path)
    targets = "".join(decoded_labels(tokenizer, row["input_ids"], row["labels"]) for row in dataset)
    assert "<function=execute_bash>\n  <parameter=cmd>grep -rn \"def median\" statskit</parameter>\n</function>" in targets
    assert "<tool_call>" not in targets


def test_multi_turn_dpo_with_tools_loads_through_the_patch(patched, datasets, tiny_model_dir, tmp_path) -> None:
    dataset, tokenizer = load(datasets, "tools_dpo", "rm", tiny_model_dir, tmp_path)
    assert len(dataset) == 2
    for row in dataset:
        chosen = decoded_labels(tokenizer, row["chosen_input_ids"], row["chosen_labels"])
        rejected = decoded_labels(tokenizer, row["rejected_input_ids"], row["rejected_labels"])
        assert "<tool_call>" in chosen and "<tool_call>" in rejected and chosen != rejected


def test_multi_turn_kto_with_tools_loads_through_the_patch(patched, datasets, tiny_model_dir, tmp_path) -> None:
    dataset, _ = load(datasets, "tools_kto", "kto", tiny_model_dir, tmp_path)
    rows = json.loads((datasets / "tools_kto.json").read_text())
    assert list(dataset["kto_tags"]) == [row["kto_tag"] for row in rows]


@pytest.fixture(scope="module")
def patched():
    from entropo_trainer.patch import apply_patch

    apply_patch()
