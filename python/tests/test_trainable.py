"""cutoff_len that cuts every assistant turn away: counted, warned about, and fatal before training when no row of
the dataset keeps a trainable token."""

from __future__ import annotations

from pathlib import Path

import pytest

from entropo_trainer.trainable import IGNORE_INDEX, NothingToTrainError, check_trainable, note_cut, reset_needed


class _Logger:
    def __init__(self) -> None:
        self.warnings: list[str] = []

    def warning_rank0(self, message: str) -> None:
        self.warnings.append(message)


@pytest.mark.parametrize("stage", ["kto", "dpo"])
def test_all_rows_cut_to_nothing_fail_before_training(stage: str, project_root: Path, tiny_model_dir: Path, tmp_path):
    from entropo_trainer.runner import load_config, run_training

    config_file = "entropo_kto.yaml" if stage == "kto" else "entropo_dpo.yaml"
    out = tmp_path / stage
    config = load_config(
        str(project_root / "llamafactory-configs/tiny" / config_file),
        [f"model_name_or_path={tiny_model_dir}", f"output_dir={out}", "cutoff_len=8", "max_steps=1"],
    )
    with pytest.raises(NothingToTrainError) as caught:
        run_training(config)
    message = str(caught.value)
    assert message.startswith("cutoff_len: 8 cuts every assistant turn away: all ")
    needed = int(message.split("need cutoff_len >= ")[1].split(" ")[0])
    assert needed > 8
    assert not (out / "trainer_log.jsonl").exists()


def test_some_rows_cut_to_nothing_are_counted_in_a_warning() -> None:
    from datasets import Dataset

    reset_needed()
    note_cut([IGNORE_INDEX] * 5 + [7, 8], cutoff_len=4)  # first trainable token at index 5: needs 6
    note_cut([IGNORE_INDEX] * 2 + [7], cutoff_len=4)  # keeps one: nothing recorded
    rows = {
        "input_ids": [[1, 2, 3], [1, 2, 3], [1, 2, 3]],
        "labels": [[IGNORE_INDEX] * 3, [IGNORE_INDEX, 5, 6], [IGNORE_INDEX, IGNORE_INDEX, 6]],
    }
    logger = _Logger()
    check_trainable(Dataset.from_dict(rows), 4, logger)
    assert logger.warnings == [
        "cutoff_len: 4 cuts every assistant turn away in 1 of 3 training examples; they add no gradient; the rows "
        "need cutoff_len >= 6 to keep their first assistant token"
    ]
    trainable = Dataset.from_dict({"input_ids": rows["input_ids"][1:], "labels": rows["labels"][1:]})
    check_trainable(trainable, 4, logger)
    assert len(logger.warnings) == 1


def test_a_pair_with_one_empty_side_counts_as_untrainable() -> None:
    from datasets import Dataset

    reset_needed()
    rows = {"chosen_labels": [[IGNORE_INDEX, 3]], "rejected_labels": [[IGNORE_INDEX, IGNORE_INDEX]]}
    with pytest.raises(NothingToTrainError, match="all 1 training examples have no trainable token"):
        check_trainable(Dataset.from_dict(rows), 2, _Logger())
