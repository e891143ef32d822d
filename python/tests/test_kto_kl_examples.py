"""Multi-turn KTO KL (mismatched) examples: the paper form never borrows a trajectory of the row's own instance when
the batch holds another (4 rollouts per instance); the authors' form is their construction (b3e49cb feedback.py),
rendered here by hand in chatml."""

from __future__ import annotations

import pytest

from entropo_trainer.kl_pairs import other_instance_partners, previous_row_partners
from entropo_trainer.processors import IGNORE_INDEX
from entropo_trainer.tiny_data import DATASET_INFO

SYSTEM = "You fix bugs."


def test_partners_of_grouped_rows_are_a_permutation_of_other_instances() -> None:
    keys = [k for k in "abc" for _ in range(4)]  # 3 instances x 4 rollouts, grouped as a KTO file writes them
    partners, same = other_instance_partners(keys)
    assert same == 0
    assert all(keys[q] != keys[p] for p, q in enumerate(partners))
    assert sorted(partners) == list(range(12))  # every trajectory serves once
    assert previous_row_partners(12) == [11] + list(range(11))
    assert sum(keys[q] == keys[p] for p, q in enumerate(previous_row_partners(12))) == 9  # the stock rule: 9 of 12


def test_partners_with_one_instance_or_uneven_groups() -> None:
    assert other_instance_partners(["a"] * 3) == ([2, 0, 1], 3)  # no other instance: the previous row, counted
    keys = ["a"] * 5 + ["b"]
    partners, same = other_instance_partners(keys)
    assert same == 0 and all(keys[q] != keys[p] for p, q in enumerate(partners))
    assert other_instance_partners([]) == ([], 0)
    assert other_instance_partners(list("abab"))[0] == [3, 0, 1, 2]  # interleaved rows keep LLaMA-Factory's shift


@pytest.fixture(scope="module")
def kto_parts(tiny_model_dir):
    from entropo_trainer.patch import apply_patch

    apply_patch()
    from llamafactory.data.template import get_template_and_fix_tokenizer
    from transformers import AutoTokenizer

    from entropo_trainer.args import EntroDataArguments

    tokenizer = AutoTokenizer.from_pretrained(tiny_model_dir)
    template = get_template_and_fix_tokenizer(tokenizer, EntroDataArguments(template="qwen3_nothink"))
    return tokenizer, template


def _rows(instances: int, rollouts: int) -> list[dict]:
    """Grouped KTO rows: task `task-I`, trajectory `run I.R` / observation / `done I.R`, alternate tags."""
    rows = []
    for i in range(instances):
        for r in range(rollouts):
            rows.append({"conversations": [
                {"from": "system", "value": SYSTEM}, {"from": "human", "value": f"task-{i}"},
                {"from": "gpt", "value": f"run {i}.{r}"}, {"from": "human", "value": f"obs {i}.{r}"},
                {"from": "gpt", "value": f"done {i}.{r}"}], "kto_tag": r % 2 == 0})
    return rows


def _process(kto_parts, rows: list[dict], form: str | None, cutoff: int = 4096) -> dict:
    from llamafactory.data.converter import SharegptDatasetConverter
    from llamafactory.data.parser import DatasetAttr
    from llamafactory.data.processor.feedback import FeedbackDatasetProcessor

    from entropo_trainer.args import EntroDataArguments

    tokenizer, template = kto_parts
    data_args = EntroDataArguments(template="qwen3_nothink", cutoff_len=cutoff, multi_turn_kto=True)
    if form is not None:
        data_args.entropo_kto_form = form  # what the parsed-arguments hook sets from finetuning_args
    attr = DatasetAttr("file", "tiny_kto")
    attr.join(DATASET_INFO["tiny_kto"])
    aligned = [SharegptDatasetConverter(attr, data_args)(row) for row in rows]
    examples = {key: [row[key] for row in aligned] for key in aligned[0]}
    processor = FeedbackDatasetProcessor(template=template, tokenizer=tokenizer, processor=None, data_args=data_args)
    return processor.preprocess_dataset(examples)


def _text(kto_parts, ids: list[int]) -> str:
    return kto_parts[0].decode(ids, skip_special_tokens=False)


def _labelled(kto_parts, ids: list[int], labels: list[int]) -> str:
    return _text(kto_parts, [t for t, label in zip(ids, labels) if label != IGNORE_INDEX])


def _chatml(task: str, turns: list[str]) -> str:
    """system + user task, then assistant / user turns alternating (assistant first)."""
    text = f"<|im_start|>system\n{SYSTEM}<|im_end|>\n<|im_start|>user\n{task}<|im_end|>\n<|im_start|>assistant\n"
    for k, turn in enumerate(turns):
        text += f"{turn}<|im_end|>\n" if k % 2 == 0 else f"<|im_start|>user\n{turn}<|im_end|>\n<|im_start|>assistant\n"
    return text


@pytest.mark.parametrize("form", [None, "paper"])
def test_paper_form_with_four_rollouts_per_instance_has_no_same_instance_kl_example(kto_parts, form) -> None:
    out = _process(kto_parts, _rows(3, 4), form)
    assert len(out["kl_input_ids"]) == 12
    used = []
    for p in range(12):
        own = p // 4
        kl_text = _text(kto_parts, out["kl_input_ids"][p])
        assert kl_text.startswith(_chatml(f"task-{own}", [])), kl_text  # its own task prompt ...
        borrowed = [(i, r) for i in range(3) for r in range(4) if f"run {i}.{r}<" in kl_text]
        assert len(borrowed) == 1 and borrowed[0][0] != own  # ... with a whole trajectory of another instance
        i, r = borrowed[0]
        assert kl_text == _chatml(f"task-{own}", [f"run {i}.{r}", f"obs {i}.{r}", f"done {i}.{r}"])
        labelled = _labelled(kto_parts, out["kl_input_ids"][p], out["kl_labels"][p])
        assert labelled == f"run {i}.{r}<|im_end|>\ndone {i}.{r}<|im_end|>\n"
        used.append((i, r))
    assert len(set(used)) == 12  # grouped rows: a permutation, each trajectory once


def test_authors_form_reproduces_their_kl_construction(kto_parts) -> None:
    rows = _rows(2, 2)
    out = _process(kto_parts, rows, "authors")
    names = [(0, 0), (0, 1), (1, 0), (1, 1)]
    for p, (i, r) in enumerate(names):
        j, s = names[p - 1]  # row i-1 of the batch (row 0: the last row), same instance or not
        prompt = [f"run {i}.{r}", f"obs {i}.{r}"]
        assert _text(kto_parts, out["input_ids"][p]) == _chatml(f"task-{i}", [*prompt, f"done {i}.{r}"])
        assert _text(kto_parts, out["kl_input_ids"][p]) == _chatml(f"task-{i}", [*prompt, f"done {j}.{s}"])
        # every assistant turn is a target, in the KL example too (their _process_multiturn_pairs_kto)
        assert _labelled(kto_parts, out["kl_input_ids"][p], out["kl_labels"][p]) == (
            f"run {i}.{r}<|im_end|>\ndone {j}.{s}<|im_end|>\n"
        )
    assert out["kto_tags"] == [True, False, True, False]


def test_authors_form_truncates_both_sequences_to_a_prefix(kto_parts) -> None:
    full = _process(kto_parts, _rows(2, 2), "authors")
    cut = _process(kto_parts, _rows(2, 2), "authors", cutoff=20)
    for key in ("input_ids", "labels", "kl_input_ids", "kl_labels"):
        for whole, part in zip(full[key], cut[key]):
            assert part == whole[:20]
