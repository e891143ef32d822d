"""EntroPO's extra LLaMA-Factory arguments (entro_alpha, pref_loss: entropo, multi_turn_kto) and their validation."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Literal

from llamafactory.hparams.data_args import DataArguments
from llamafactory.hparams.finetuning_args import FinetuningArguments

# LLaMA-Factory 0.9.5's pref_loss choices (hparams/finetuning_args.py) plus entropo; config-schema.ts has the same list.
PREF_LOSSES = ("sigmoid", "hinge", "ipo", "kto_pair", "orpo", "simpo", "entropo")
KTO_FORMS = ("paper", "authors")


class EntroPOArgumentError(ValueError):
    """An invalid EntroPO option: names the option, the expected value and the value received."""


def validate_entropo_options(
    stage: str,
    pref_loss: str,
    entro_alpha: float | None,
    pref_beta: float,
    ld_alpha: float | None,
    *,
    kto_form: str = "paper",
    bco_weight: float = 0.0,
    ftx: float = 0.0,
) -> None:
    """Check EntroPO's options: alpha >= beta > 0, pref_loss: entropo needs entro_alpha (and vice versa for DPO),
    entropo_kto_form is paper or authors, pref_bco_weight is not combined with pref_ftx under EntroPO-DPO."""
    if pref_loss not in PREF_LOSSES:
        raise EntroPOArgumentError(
            f"pref_loss: expected one of {', '.join(PREF_LOSSES)}, received {json.dumps(pref_loss)}"
        )
    if kto_form not in KTO_FORMS:
        raise EntroPOArgumentError(
            f"entropo_kto_form: expected one of {', '.join(KTO_FORMS)}, received {json.dumps(kto_form)}"
        )
    if entro_alpha is None:
        if pref_loss == "entropo":
            raise EntroPOArgumentError("entro_alpha: expected a number >= pref_beta with pref_loss: entropo, got null")
        return
    if stage == "dpo" and pref_loss != "entropo":
        raise EntroPOArgumentError(
            f"pref_loss: expected 'entropo' when entro_alpha is set for stage dpo, got {pref_loss!r}"
        )
    if not pref_beta > 0:
        raise EntroPOArgumentError(f"pref_beta: expected a number > 0 for EntroPO, got {pref_beta}")
    if not entro_alpha >= pref_beta:
        raise EntroPOArgumentError(
            f"entro_alpha: expected a number >= pref_beta ({pref_beta}) (EntroPO needs alpha >= beta > 0), "
            f"got {entro_alpha}"
        )
    if ld_alpha is not None:
        raise EntroPOArgumentError(
            f"ld_alpha: expected null with EntroPO (labels span several assistant turns), got {ld_alpha}"
        )
    if stage == "dpo" and bco_weight > 1e-6 and ftx > 1e-6:
        raise EntroPOArgumentError(
            f"pref_bco_weight: expected 0 when pref_ftx is set with EntroPO-DPO (the authors' code divides the sum by "
            f"1 + pref_ftx + pref_bco_weight, LLaMA-Factory 0.9.5 does not; set one of them to 0), got {bco_weight}"
        )


@dataclass
class EntroFinetuningArguments(FinetuningArguments):
    """LLaMA-Factory's FinetuningArguments plus `entro_alpha` and `pref_loss: entropo`."""

    pref_loss: Literal["sigmoid", "hinge", "ipo", "kto_pair", "orpo", "simpo", "entropo"] = field(
        default="sigmoid",
        metadata={"help": "The type of DPO loss to use; `entropo` is EntroPO's entropy-enhanced loss."},
    )
    entro_alpha: float | None = field(
        default=None,
        metadata={"help": "EntroPO's alpha (>= pref_beta); alpha - beta is the entropy weight. null = off."},
    )
    entropo_kto_form: Literal["paper", "authors"] = field(
        default="paper",
        metadata={
            "help": "EntroPO-KTO loss: `paper` (the paper's equations) or `authors` (the released code, "
            "sherdencooper/LLaMA-Factory@b3e49cb, with its KL-example construction). See docs/trainer.md."
        },
    )

    def __post_init__(self):
        super().__post_init__()
        validate_entropo_options(
            self.stage, self.pref_loss, self.entro_alpha, self.pref_beta, self.ld_alpha,
            kto_form=self.entropo_kto_form, bco_weight=self.pref_bco_weight, ftx=self.pref_ftx,
        )

    @property
    def entropo_enabled(self) -> bool:
        """True when the EntroPO loss replaces the stage's preference loss."""
        return self.entro_alpha is not None


@dataclass
class EntroDataArguments(DataArguments):
    """LLaMA-Factory's DataArguments plus `multi_turn_kto` (every assistant turn of a KTO row is a target)."""

    multi_turn_kto: bool = field(
        default=False,
        metadata={"help": "KTO rows are whole trajectories: label every assistant turn, KL pairs across rows."},
    )
