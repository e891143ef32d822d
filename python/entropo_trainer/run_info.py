"""What a training run used: the EntroPO loss and KTO form, logged at start and written to
`<output_dir>/entropo_loss.json` (read by `entropo report` beside trainer_log.jsonl)."""

from __future__ import annotations

import json
import os
from typing import Any

LOSS_RECORD = "entropo_loss.json"
AUTHORS_CODE = "sherdencooper/LLaMA-Factory@b3e49cb"


def loss_info(finetuning_args: Any, data_args: Any) -> dict[str, Any] | None:
    """The EntroPO settings of a parsed run, or None for a plain LLaMA-Factory run."""
    alpha = getattr(finetuning_args, "entro_alpha", None)
    multi_turn_kto = bool(getattr(data_args, "multi_turn_kto", False))
    stage = finetuning_args.stage
    if alpha is None and not multi_turn_kto:
        return None
    info: dict[str, Any] = {"stage": stage, "entro_alpha": alpha, "pref_beta": finetuning_args.pref_beta}
    if stage == "dpo":
        info["loss"] = "entropo_dpo" if alpha is not None else finetuning_args.pref_loss
        if finetuning_args.pref_bco_weight > 1e-6:
            info["pref_bco_weight"] = finetuning_args.pref_bco_weight
    elif stage == "kto":
        info["loss"] = "entropo_kto" if alpha is not None else "kto"
        info["multi_turn_kto"] = multi_turn_kto
        info["entropo_kto_form"] = getattr(finetuning_args, "entropo_kto_form", "paper")
        if info["entropo_kto_form"] == "authors":
            info["reference"] = AUTHORS_CODE
    else:
        info["loss"] = stage
    return info


def describe(info: dict[str, Any]) -> str:
    """One log line, e.g. `EntroPO: entropo_kto (authors' form, the released code ...), entro_alpha=0.11, ...`."""
    form = info.get("entropo_kto_form")
    what = info["loss"]
    if form == "authors":
        what += f" (authors' form: the released code, {AUTHORS_CODE})"
    elif form == "paper":
        what += " (paper form: the paper's equations)"
    return f"EntroPO: stage {info['stage']}, loss {what}, entro_alpha={info['entro_alpha']}, pref_beta={info['pref_beta']}"


def record_loss(finetuning_args: Any, data_args: Any, training_args: Any) -> dict[str, Any] | None:
    """Log the EntroPO settings and write them to <output_dir>/entropo_loss.json (main process only)."""
    info = loss_info(finetuning_args, data_args)
    if info is None:
        return None
    from .log import get_logger

    get_logger().info_rank0(describe(info))
    output_dir = getattr(training_args, "output_dir", None)
    if output_dir and getattr(training_args, "should_save", True):
        os.makedirs(output_dir, exist_ok=True)
        with open(os.path.join(output_dir, LOSS_RECORD), "w", encoding="utf-8") as file:
            json.dump(info, file, indent=2)
            file.write("\n")
    return info
