"""The entropy experiment's stack part, piece by piece (the whole sweep runs in src/experiments/*.test.ts):
Bradley-Terry sampling, the measured sequences vs LLaMA-Factory's own dataset loading, the per-cell statistics."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
import torch

from entropo_trainer import toy_process
from entropo_trainer.experiment_model import build_model, support_tables, trajectory_batch
from entropo_trainer.experiment_stack import QUICK, _write_dataset, aggregate, preference_config


def test_preference_labels_follow_bradley_terry() -> None:
    """Over many draws, the chosen share of each utility gap matches sigma(gap) (binomial 5-sigma bounds)."""
    pairs = toy_process.preference_pairs(20000, seed=7)
    utility = toy_process.utility_table().reshape(-1)
    wins: dict[float, list[int]] = {}
    for chosen, rejected in pairs:
        gap = float(utility[chosen] - utility[rejected])
        key = abs(gap)
        wins.setdefault(key, [0, 0])
        wins[key][0] += gap > 0 or (gap == 0 and chosen < rejected)
        wins[key][1] += 1
    for gap, (won, total) in wins.items():
        expected = 1 / (1 + math.exp(-gap)) if gap else 0.5
        assert abs(won / total - expected) <= 5 * math.sqrt(expected * (1 - expected) / total) + 1e-9, gap
    assert {0.0, 1.0, 2.0, 3.0} <= set(wins)


def test_sft_rows_follow_the_designed_reference() -> None:
    rows = toy_process.sft_rows(20000, seed=3)
    first = [row["conversations"][1]["value"] for row in rows]
    for action, probability in zip(toy_process.ACTIONS, toy_process.REFERENCE_FIRST):
        share = first.count(action) / len(first)
        assert abs(share - probability) <= 5 * math.sqrt(probability * (1 - probability) / len(first))
    assert all(row["conversations"][2] == {"from": "observation", "value": row["conversations"][1]["value"]}
               for row in rows[:50])


@pytest.fixture(scope="module")
def experiment_model(tmp_path_factory) -> Path:
    return build_model(tmp_path_factory.mktemp("experiment-model"))


def test_measured_sequences_are_what_llamafactory_trains_on(experiment_model: Path, tmp_path: Path) -> None:
    """Oracle: LLaMA-Factory's get_dataset (with the project's patch) on the experiment's DPO rows yields, for every
    row, exactly the ids and labels that trajectory_batch scores for its chosen and rejected trajectories."""
    from llamafactory.data import get_dataset, get_template_and_fix_tokenizer
    from llamafactory.hparams import get_train_args
    from llamafactory.model import load_tokenizer

    from entropo_trainer.patch import apply_patch

    apply_patch()
    pairs = toy_process.preference_pairs(12, seed=1)
    _write_dataset(tmp_path / "data", 1, pairs)
    config = preference_config(QUICK, "dpo", 1.1, experiment_model, tmp_path / "data", tmp_path / "out", 0)
    model_args, data_args, training_args, _, _ = get_train_args({**config, "stage": "dpo"})
    tokenizer_module = load_tokenizer(model_args)
    template = get_template_and_fix_tokenizer(tokenizer_module["tokenizer"], data_args)
    dataset = get_dataset(template, model_args, data_args, training_args, "rm", **tokenizer_module)["train_dataset"]
    ids, labels = trajectory_batch(tokenizer_module["tokenizer"])
    assert len(dataset) == len(pairs)
    for row, (chosen, rejected) in zip(dataset, pairs):
        assert row["chosen_input_ids"] == ids[chosen].tolist()
        assert row["chosen_labels"] == labels[chosen].tolist()
        assert row["rejected_input_ids"] == ids[rejected].tolist()
        assert row["rejected_labels"] == labels[rejected].tolist()
    assert all(int((row != -100).sum()) == 6 for row in labels)  # two turns x (action, <|im_end|>, newline)


def test_kto_rows_are_the_same_pairs_labelled() -> None:
    pairs = toy_process.preference_pairs(40, seed=2)
    rows = toy_process.kto_rows(pairs, seed=2)
    assert len(rows) == 80 and sum(row["kto_tag"] for row in rows) == 40
    names = toy_process.trajectory_names()
    desirable = sorted(row["conversations"][1]["value"] + row["conversations"][3]["value"]
                       for row in rows if row["kto_tag"])
    assert desirable == sorted(names[chosen] for chosen, _ in pairs)


def test_kto_forms_reach_the_config() -> None:
    for loss, form in (("kto-paper", "paper"), ("kto-authors", "authors")):
        config = preference_config(QUICK, loss, 2.0, Path("m"), Path("d"), Path("o"), 0)
        assert config["entropo_kto_form"] == form and config["stage"] == "kto" and config["multi_turn_kto"]
    assert preference_config(QUICK, "dpo", 2.0, Path("m"), Path("d"), Path("o"), 0)["pref_loss"] == "entropo"


def test_support_tables_renormalise_and_report_the_mass() -> None:
    logps = torch.log(torch.full((5, 5), 0.5 / 25, dtype=torch.float64))
    tables, mass = support_tables(logps)
    assert mass == pytest.approx(0.5)
    torch.testing.assert_close(tables[0].exp(), torch.full((5,), 0.2, dtype=torch.float64))
    torch.testing.assert_close(tables[1].exp().sum(-1), torch.ones(5, dtype=torch.float64))


def test_aggregate_reports_mean_and_sample_std_over_seeds() -> None:
    reference = toy_process.reference_log_tables()

    def run(seed: int, entropy: float) -> dict:
        learned = {"entropy": entropy, "expected_utility": 1.0, "coverage_by_turn": [4.0, 5.0],
                   "trajectory_coverage": 9, "first_turn": [0.2] * 5}
        return {"loss": "dpo", "alpha": 1.0, "seed": seed, "support_mass": 0.5, "learned": learned,
                "vs_optimal": {"max_abs_logprob_error": 0.1, "total_variation": 0.2},
                "optimal_data": {"entropy": 1.5, "total_variation": 0.1}}

    settings = QUICK.__class__(ratios=(1.0,), seeds=(0, 1, 2), losses=("dpo",))
    stack = aggregate(settings, [run(0, 1.0), run(1, 2.0), run(2, 3.0)], reference, 0.9)
    (cell,) = stack["entropy_by_alpha"]
    assert cell["seeds"] == [0, 1, 2] and cell["mean"] == pytest.approx(2.0) and cell["std"] == pytest.approx(1.0)
    assert cell["loss"] == "dpo" and cell["alpha"] == 1.0 and cell["beta"] == 1.0
    assert cell["optimal_data_entropy"] == {"mean": pytest.approx(1.5), "std": pytest.approx(0.0)}
    json.dumps(stack)  # JSON-serialisable as written to result.json
