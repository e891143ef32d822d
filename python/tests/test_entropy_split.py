"""policy_entropy split: the patched DPO/KTO forwards record the chosen/desirable and rejected/undesirable rows'
token entropy apart (checked against entropies known in closed form: uniform rows log V, one-hot-ish rows ~0)."""

from __future__ import annotations

import math
from types import SimpleNamespace

import pytest
import torch

from entropo_trainer import metrics

VOCAB, LENGTH = 16, 5


class FixedLogits(torch.nn.Module):
    """A stand-in model whose forward returns the given logits (the patch only reads `.logits`)."""

    def __init__(self, logits: torch.Tensor) -> None:
        super().__init__()
        self.logits = logits
        self.train()

    def forward(self, **_: object) -> SimpleNamespace:
        return SimpleNamespace(logits=self.logits)


def _rows(peaked: bool, count: int) -> torch.Tensor:
    """(count, LENGTH, VOCAB) logits: uniform rows (entropy log V) or peaked rows (entropy of softmax([20, 0, ...]))."""
    logits = torch.zeros(count, LENGTH, VOCAB)
    if peaked:
        logits[..., 0] = 20.0
    return logits


def _peaked_entropy() -> float:
    p = torch.softmax(torch.tensor([20.0] + [0.0] * (VOCAB - 1), dtype=torch.float64), 0)
    return float(-(p * p.log()).sum())


def _labels(count: int) -> torch.Tensor:
    labels = torch.full((count, LENGTH), -100)
    labels[:, 2:] = 1  # positions 1..3 predict labelled tokens: 3 per row
    return labels


def _buffers(trainer: SimpleNamespace) -> dict[str, float]:
    return {key: total / count for key, (total, count) in trainer._entropo_buffers["train"].items()}


@pytest.fixture(scope="module")
def patched() -> None:
    from entropo_trainer.patch import apply_patch

    apply_patch()


def test_dpo_records_chosen_and_rejected_entropy_apart(patched: None) -> None:
    from llamafactory.train.dpo.trainer import CustomDPOTrainer

    logits = torch.cat([_rows(True, 2), _rows(False, 2)])  # 2 chosen (peaked) then 2 rejected (uniform)
    model = FixedLogits(logits)
    trainer = SimpleNamespace(model=model, finetuning_args=SimpleNamespace(use_ref_model=False), ld_alpha=None,
                              loss_type="sigmoid")
    batch = {"input_ids": torch.zeros(4, LENGTH, dtype=torch.long), "labels": _labels(4)}
    CustomDPOTrainer.concatenated_forward(trainer, model, batch)
    seen = _buffers(trainer)
    assert seen["policy_entropy/chosen"] == pytest.approx(_peaked_entropy(), abs=1e-6)
    assert seen["policy_entropy/rejected"] == pytest.approx(math.log(VOCAB), abs=1e-6)
    assert seen["policy_entropy"] == pytest.approx((_peaked_entropy() + math.log(VOCAB)) / 2, abs=1e-6)
    assert trainer._entropo_buffers["train"]["policy_entropy/chosen"][1] == 6  # 2 rows x 3 labelled tokens


def test_kto_records_desirable_and_undesirable_entropy_apart(patched: None) -> None:
    from llamafactory.train.kto.trainer import CustomKTOTrainer

    tags = torch.tensor([False, True, True])  # row 0 undesirable (uniform), rows 1-2 desirable (peaked)
    logits = torch.cat([_rows(False, 1), _rows(True, 2)])
    model = FixedLogits(logits)
    trainer = SimpleNamespace(model=model)
    batch = {"input_ids": torch.zeros(3, LENGTH, dtype=torch.long), "attention_mask": torch.ones(3, LENGTH),
             "labels": _labels(3), "kto_tags": tags}
    CustomKTOTrainer.forward(trainer, model, batch)
    seen = _buffers(trainer)
    assert seen["policy_entropy/chosen"] == pytest.approx(_peaked_entropy(), abs=1e-6)
    assert seen["policy_entropy/rejected"] == pytest.approx(math.log(VOCAB), abs=1e-6)
    assert seen["policy_entropy"] == pytest.approx((2 * _peaked_entropy() + math.log(VOCAB)) / 3, abs=1e-6)
    CustomKTOTrainer.forward(trainer, model, {**batch, "kto_tags": torch.tensor([True, True, True])})
    assert trainer._entropo_buffers["train"]["policy_entropy/rejected"][1] == 3  # no undesirable row: unchanged


def test_drain_reports_the_split_keys() -> None:
    trainer = SimpleNamespace(model=SimpleNamespace(training=True),
                              accelerator=SimpleNamespace(device=torch.device("cpu"), num_processes=1))
    metrics.record(trainer, "policy_entropy/chosen", 3.0, 2)
    metrics.record(trainer, "policy_entropy/rejected", 1.0, 1)
    assert metrics.drain(trainer, "train") == {"policy_entropy/chosen": 1.5, "policy_entropy/rejected": 1.0}
