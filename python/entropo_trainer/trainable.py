"""Rows left with nothing to learn: after cutting to cutoff_len (a contiguous prefix, processors.encode_trajectory),
a row whose labels are all IGNORE_INDEX adds no gradient. Every such row is counted; when no row of a DPO/KTO dataset
keeps a trainable token, training stops before it starts, naming cutoff_len and the length the rows need."""

from __future__ import annotations

from typing import Any

IGNORE_INDEX = -100
LABEL_COLUMNS = ("labels", "chosen_labels", "rejected_labels")

# Per process: the longest length any cut row needed to keep its first trainable token (filled by the processors).
_NEEDED = {"length": 0}


class NothingToTrainError(ValueError):
    """Every example of the dataset lost all its trainable tokens to cutoff_len."""


def note_cut(labels: list[int], cutoff_len: int) -> None:
    """Record the length `labels` (uncut) needs for its first trainable token when cutoff_len cuts them all away."""
    if any(label != IGNORE_INDEX for label in labels[:cutoff_len]):
        return
    first = next((i for i, label in enumerate(labels) if label != IGNORE_INDEX), None)
    if first is not None:
        _NEEDED["length"] = max(_NEEDED["length"], first + 1)


def reset_needed() -> None:
    """Forget the lengths recorded by earlier datasets of this process."""
    _NEEDED["length"] = 0


def untrainable_rows(dataset: Any) -> tuple[int, int]:
    """(rows with a label column that has no trainable token, rows) of a tokenized DPO/KTO dataset."""
    columns = [column for column in LABEL_COLUMNS if column in dataset.column_names]
    if not columns:
        return 0, len(dataset)
    empty = 0
    for values in zip(*(dataset[column] for column in columns)):
        empty += any(all(label == IGNORE_INDEX for label in labels) for labels in values)
    return empty, len(dataset)


def check_trainable(dataset: Any, cutoff_len: int, logger: Any) -> None:
    """Raise NothingToTrainError when no row keeps a trainable token; warn with the count when some rows keep none."""
    empty, total = untrainable_rows(dataset)
    if empty == 0:
        return
    needed = _NEEDED["length"]
    need = f"; the rows need cutoff_len >= {needed} to keep their first assistant token" if needed else ""
    if empty == total:
        raise NothingToTrainError(
            f"cutoff_len: {cutoff_len} cuts every assistant turn away: all {total} training examples have no trainable "
            f"token (truncation keeps a contiguous prefix){need}. Raise cutoff_len or shorten the rows."
        )
    logger.warning_rank0(
        f"cutoff_len: {cutoff_len} cuts every assistant turn away in {empty} of {total} training examples; they add "
        f"no gradient{need}"
    )


def install_trainable_check() -> None:
    """Wrap get_dataset where the DPO and KTO workflows call it: check its train_dataset after tokenizing."""
    import llamafactory.train.dpo.workflow as dpo_workflow
    import llamafactory.train.kto.workflow as kto_workflow
    from llamafactory.extras import logging

    logger = logging.get_logger(__name__)
    for module in (dpo_workflow, kto_workflow):
        original = module.get_dataset
        if getattr(original, "_entropo", False):
            continue

        def get_dataset(template, model_args, data_args, *args, _original=original, **kwargs):
            reset_needed()
            dataset_module = _original(template, model_args, data_args, *args, **kwargs)
            train = dataset_module.get("train_dataset")
            if train is not None and hasattr(train, "column_names"):
                check_trainable(train, data_args.cutoff_len, logger)
            return dataset_module

        get_dataset._entropo = True  # type: ignore[attr-defined]
        module.get_dataset = get_dataset
