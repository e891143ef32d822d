"""Label masks of the patched LLaMA-Factory converter + processors on rendered multi-turn trajectories."""

from __future__ import annotations

import json

import pytest

from entropo_trainer.processors import IGNORE_INDEX
from entropo_trainer.tiny_data import DATASET_INFO

SYSTEM = "You fix bugs."
USER = "Fix add in utils.py."
CALL_1 = {"name": "execute_bash", "arguments": {"cmd": "pytest -q"}}
OBS_1 = "1 failed"
CALL_2 = {"name": "file_editor", "arguments": {"command": "view", "path": "utils.py"}}
OBS_2 = "def add(a, b): return a - b"
FINAL = "Fixed the sign; tests pass."
BAD_FINAL = "Looks fine. Done."


def _fc(call: dict) -> dict:
    return {"from": "function_call", "value": json.dumps(call)}


def _render_call(call: dict) -> str:
    return "<tool_call>\n" + json.dumps(call, ensure_ascii=False) + "\n</tool_call><|im_end|>\n"


def _render_obs(text: str) -> str:
    return f"<|im_start|>user\n<tool_response>\n{text}\n</tool_response><|im_end|>\n<|im_start|>assistant\n"


HEAD = f"<|im_start|>system\n{SYSTEM}<|im_end|>\n<|im_start|>user\n{USER}<|im_end|>\n<|im_start|>assistant\n"
GOOD = [_fc(CALL_1), {"from": "observation", "value": OBS_1}, _fc(CALL_2), {"from": "observation", "value": OBS_2},
        {"from": "gpt", "value": FINAL}]  # 3 assistant turns
GOOD_TARGETS = [_render_call(CALL_1), _render_call(CALL_2), FINAL + "<|im_end|>\n"]
GOOD_TEXT = HEAD + GOOD_TARGETS[0] + _render_obs(OBS_1) + GOOD_TARGETS[1] + _render_obs(OBS_2) + GOOD_TARGETS[2]
BAD = [_fc(CALL_2), {"from": "observation", "value": OBS_2}, {"from": "gpt", "value": BAD_FINAL}]
BAD_TARGETS = [_render_call(CALL_2), BAD_FINAL + "<|im_end|>\n"]
BAD_TEXT = HEAD + BAD_TARGETS[0] + _render_obs(OBS_2) + BAD_TARGETS[1]


@pytest.fixture(scope="module")
def parts(tiny_model_dir):
    from entropo_trainer.patch import apply_patch

    apply_patch()
    from llamafactory.data.template import get_template_and_fix_tokenizer
    from transformers import AutoTokenizer

    from entropo_trainer.args import EntroDataArguments

    tokenizer = AutoTokenizer.from_pretrained(tiny_model_dir)
    data_args = EntroDataArguments(template="qwen3_nothink", cutoff_len=1024, multi_turn_kto=True)
    template = get_template_and_fix_tokenizer(tokenizer, data_args)
    return tokenizer, template, data_args


def _convert(rows: list[dict], dataset: str, data_args) -> dict[str, list]:
    from llamafactory.data.converter import SharegptDatasetConverter
    from llamafactory.data.parser import DatasetAttr

    attr = DatasetAttr("file", dataset)
    attr.join(DATASET_INFO[dataset])  # the dataset_info entries exactly as shipped
    converter = SharegptDatasetConverter(attr, data_args)
    aligned = [converter(row) for row in rows]
    return {key: [row[key] for row in aligned] for key in aligned[0]}


def _spans(ids: list[int], labels: list[int], tokenizer) -> list[str]:
    """Decode each contiguous run of labelled tokens, checking labels equal the inputs there."""
    spans, current = [], []
    for token, label in zip(ids, labels):
        if label == IGNORE_INDEX:
            if current:
                spans.append(current)
                current = []
        else:
            assert label == token
            current.append(label)
    if current:
        spans.append(current)
    return [tokenizer.decode(span, skip_special_tokens=False) for span in spans]


def test_dpo_trajectories_label_every_assistant_turn(parts) -> None:
    from llamafactory.data.processor.pairwise import PairwiseDatasetProcessor

    tokenizer, template, data_args = parts
    row = {"conversations": [{"from": "system", "value": SYSTEM}, {"from": "human", "value": USER}],
           "chosen": GOOD, "rejected": BAD}
    processor = PairwiseDatasetProcessor(template=template, tokenizer=tokenizer, processor=None, data_args=data_args)
    out = processor.preprocess_dataset(_convert([row], "tiny_dpo", data_args))
    chosen_ids, chosen_labels = out["chosen_input_ids"][0], out["chosen_labels"][0]
    rejected_ids, rejected_labels = out["rejected_input_ids"][0], out["rejected_labels"][0]
    assert tokenizer.decode(chosen_ids, skip_special_tokens=False) == GOOD_TEXT
    assert tokenizer.decode(rejected_ids, skip_special_tokens=False) == BAD_TEXT
    assert _spans(chosen_ids, chosen_labels, tokenizer) == GOOD_TARGETS
    assert _spans(rejected_ids, rejected_labels, tokenizer) == BAD_TARGETS
    labelled = [t for t, label in zip(chosen_ids, chosen_labels) if label != IGNORE_INDEX]
    expected = sum((tokenizer.encode(t, add_special_tokens=False) for t in GOOD_TARGETS), [])
    assert labelled == expected


def test_single_dict_dpo_rows_keep_stock_behaviour(parts) -> None:
    from llamafactory.data.processor.pairwise import PairwiseDatasetProcessor

    tokenizer, template, data_args = parts
    row = {"conversations": [{"from": "human", "value": USER}, {"from": "gpt", "value": "earlier"},
                             {"from": "human", "value": "again"}],
           "chosen": {"from": "gpt", "value": "GOOD"}, "rejected": {"from": "gpt", "value": "BAD"}}
    processor = PairwiseDatasetProcessor(template=template, tokenizer=tokenizer, processor=None, data_args=data_args)
    out = processor.preprocess_dataset(_convert([row], "tiny_dpo", data_args))
    assert _spans(out["chosen_input_ids"][0], out["chosen_labels"][0], tokenizer) == ["GOOD<|im_end|>\n"]
    assert _spans(out["rejected_input_ids"][0], out["rejected_labels"][0], tokenizer) == ["BAD<|im_end|>\n"]


def test_invalid_trajectory_row_is_dropped(parts) -> None:
    from llamafactory.data.processor.pairwise import PairwiseDatasetProcessor

    tokenizer, template, data_args = parts
    row = {"conversations": [{"from": "human", "value": USER}],
           "chosen": GOOD[:2], "rejected": BAD}  # chosen ends with an observation: invalid
    processor = PairwiseDatasetProcessor(template=template, tokenizer=tokenizer, processor=None, data_args=data_args)
    out = processor.preprocess_dataset(_convert([row], "tiny_dpo", data_args))
    assert len(out.get("chosen_input_ids", [])) == 0


def test_multi_turn_kto_labels_and_kl_pairs(parts) -> None:
    from llamafactory.data.processor.feedback import FeedbackDatasetProcessor

    tokenizer, template, data_args = parts
    head = [{"from": "system", "value": SYSTEM}, {"from": "human", "value": USER}]
    rows = [{"conversations": head + GOOD, "kto_tag": True}, {"conversations": head + BAD, "kto_tag": False}]
    processor = FeedbackDatasetProcessor(template=template, tokenizer=tokenizer, processor=None, data_args=data_args)
    out = processor.preprocess_dataset(_convert(rows, "tiny_kto", data_args))
    assert out["kto_tags"] == [True, False]
    assert tokenizer.decode(out["input_ids"][0], skip_special_tokens=False) == GOOD_TEXT
    assert _spans(out["input_ids"][0], out["labels"][0], tokenizer) == GOOD_TARGETS
    assert _spans(out["input_ids"][1], out["labels"][1], tokenizer) == BAD_TARGETS
    # KL pairs: own task prompt + the previous row's whole trajectory (row 0 takes the last row's)
    assert tokenizer.decode(out["kl_input_ids"][0], skip_special_tokens=False) == BAD_TEXT
    assert _spans(out["kl_input_ids"][0], out["kl_labels"][0], tokenizer) == BAD_TARGETS
    assert _spans(out["kl_input_ids"][1], out["kl_labels"][1], tokenizer) == GOOD_TARGETS


def test_stock_kto_without_multi_turn_flag_labels_last_turn_only(parts) -> None:
    from llamafactory.data.processor.feedback import FeedbackDatasetProcessor

    from entropo_trainer.args import EntroDataArguments

    tokenizer, template, _ = parts
    data_args = EntroDataArguments(template="qwen3_nothink", cutoff_len=1024)
    head = [{"from": "system", "value": SYSTEM}, {"from": "human", "value": USER}]
    rows = [{"conversations": head + GOOD, "kto_tag": True}, {"conversations": head + BAD, "kto_tag": False}]
    processor = FeedbackDatasetProcessor(template=template, tokenizer=tokenizer, processor=None, data_args=data_args)
    out = processor.preprocess_dataset(_convert(rows, "tiny_kto", data_args))
    assert _spans(out["input_ids"][0], out["labels"][0], tokenizer) == [GOOD_TARGETS[-1]]


def test_truncation_drops_the_tail_within_cutoff(parts) -> None:
    from entropo_trainer.processors import encode_trajectory

    tokenizer, template, _ = parts
    prompt = [{"role": "user", "content": USER}]
    trajectory = [{"role": "assistant", "content": FINAL}, {"role": "user", "content": "more"},
                  {"role": "assistant", "content": FINAL}]
    full_ids, _ = encode_trajectory(template, tokenizer, prompt, trajectory, SYSTEM, "", 10_000)
    ids, labels = encode_trajectory(template, tokenizer, prompt, trajectory, SYSTEM, "", len(full_ids) - 5)
    assert len(ids) == len(labels) <= len(full_ids) - 5
    pairs = template.encode_multiturn(tokenizer, prompt + trajectory, SYSTEM, "")
    kept = sum(len(a) + len(b) for a, b in pairs[:-1])  # whole early turns are kept; only the tail is cut
    assert ids[:kept] == full_ids[:kept]
    assert labels[-1] != IGNORE_INDEX  # the cut last turn is still (partly) a target


def test_truncation_keeps_a_contiguous_prefix_and_never_splices_turns(parts) -> None:
    """Cut inside an observation: the result is the first cutoff_len tokens of the whole sequence (labels too), so no
    assistant turn follows a truncated observation (the old turn-by-turn budget put one right after it)."""
    from llamafactory.data.processor.pairwise import PairwiseDatasetProcessor

    from entropo_trainer.args import EntroDataArguments
    from entropo_trainer.processors import encode_trajectory

    tokenizer, template, _ = parts
    long_obs = " ".join(f"line{k}" for k in range(200))
    prompt = [{"role": "user", "content": USER}]
    trajectory = [{"role": "function", "content": '{"name": "execute_bash", "arguments": {"cmd": "cat f"}}'},
                  {"role": "observation", "content": long_obs}, {"role": "assistant", "content": FINAL}]
    full_ids, full_labels = encode_trajectory(template, tokenizer, prompt, trajectory, SYSTEM, "", 100_000)
    head = tokenizer.encode(HEAD + _render_call({"name": "execute_bash", "arguments": {"cmd": "cat f"}}),
                            add_special_tokens=False)
    cutoff = len(head) + 40  # inside the observation
    ids, labels = encode_trajectory(template, tokenizer, prompt, trajectory, SYSTEM, "", cutoff)
    assert (ids, labels) == (full_ids[:cutoff], full_labels[:cutoff])
    text = tokenizer.decode(ids, skip_special_tokens=False)
    assert text.endswith(tokenizer.decode(full_ids[cutoff - 5 : cutoff], skip_special_tokens=False))
    assert FINAL not in text and "line5" in text  # nothing after the cut observation
    # the DPO processor truncates chosen and rejected the same way
    row = {"conversations": [{"from": "system", "value": SYSTEM}, {"from": "human", "value": USER}],
           "chosen": [_fc({"name": "execute_bash", "arguments": {"cmd": "cat f"}}),
                      {"from": "observation", "value": long_obs}, {"from": "gpt", "value": FINAL}],
           "rejected": BAD}
    whole = PairwiseDatasetProcessor(template=template, tokenizer=tokenizer, processor=None, data_args=parts[2])
    data_args = EntroDataArguments(template="qwen3_nothink", cutoff_len=cutoff)
    cut = PairwiseDatasetProcessor(template=template, tokenizer=tokenizer, processor=None, data_args=data_args)
    full_out = whole.preprocess_dataset(_convert([row], "tiny_dpo", parts[2]))
    cut_out = cut.preprocess_dataset(_convert([row], "tiny_dpo", data_args))
    for key in ("chosen_input_ids", "chosen_labels", "rejected_input_ids", "rejected_labels"):
        assert cut_out[key][0] == full_out[key][0][:cutoff]
