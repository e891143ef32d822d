"""The entropy experiment's tiny model and how its trajectory log-probs are measured.

The model is a Qwen3-architecture causal LM (hidden 32, 2 layers, 2 heads / 1 KV head, untied input and output
embeddings, ~59k parameters) with the project's tiny BPE tokenizer, in which every action letter is one token.
Untied embeddings matter: with tied ones the action letters' input and output vectors are one parameter, and DPO on
this task stalls for a hundred steps before it moves (measured while building the experiment).
"""

from __future__ import annotations

from pathlib import Path

import torch

from . import toy_process
from .logps import IGNORE_INDEX, summed_logps

TEMPLATE = "qwen3_nothink"


def build_model(out_dir: Path, seed: int = 0) -> Path:
    """Write the experiment's randomly initialised model + tokenizer to out_dir (deterministic for a seed)."""
    from transformers import Qwen3Config, Qwen3ForCausalLM

    from .synthetic import corpus
    from .tiny_model import build_tokenizer

    tokenizer = build_tokenizer(corpus())
    for action in toy_process.ACTIONS:
        if len(tokenizer.tokenize(action)) != 1:
            raise RuntimeError(f"action {action!r} is not one token of the tiny tokenizer")
    torch.manual_seed(seed)
    config = Qwen3Config(
        vocab_size=len(tokenizer), hidden_size=32, intermediate_size=64, num_hidden_layers=2, num_attention_heads=2,
        num_key_value_heads=1, head_dim=16, max_position_embeddings=256, tie_word_embeddings=False,
        eos_token_id=tokenizer.eos_token_id, pad_token_id=tokenizer.pad_token_id, bos_token_id=None,
    )
    out_dir.mkdir(parents=True, exist_ok=True)
    Qwen3ForCausalLM(config).save_pretrained(out_dir, safe_serialization=True)
    tokenizer.save_pretrained(out_dir)
    return out_dir


def trajectory_batch(tokenizer) -> tuple[torch.Tensor, torch.Tensor]:
    """input_ids and labels (K^2, t) of every trajectory, encoded with LLaMA-Factory's template exactly as the
    multi-turn processors encode a training row (assistant turns labelled, prompt and observation -100)."""
    from llamafactory.data.template import get_template_and_fix_tokenizer
    from llamafactory.hparams import DataArguments

    template = get_template_and_fix_tokenizer(tokenizer, DataArguments(template=TEMPLATE))
    rows = []
    for name in toy_process.trajectory_names():
        messages = [{"role": "user", "content": toy_process.PROMPT},
                    {"role": "assistant", "content": name[0]},
                    {"role": "observation", "content": toy_process.observation(name[0])},
                    {"role": "assistant", "content": name[1]}]
        ids, labels = [], []
        for source, target in template.encode_multiturn(tokenizer, messages):
            ids += source + target
            labels += [IGNORE_INDEX] * len(source) + target
        rows.append((ids, labels))
    length = {len(ids) for ids, _ in rows}
    if len(length) != 1:
        raise RuntimeError(f"trajectories encode to different lengths {sorted(length)}")
    return torch.tensor([ids for ids, _ in rows]), torch.tensor([labels for _, labels in rows])


@torch.no_grad()
def trajectory_logps(model_dir: Path) -> torch.Tensor:
    """Summed log-probs of every trajectory's labelled tokens under the model: shape (K, K), float64, indexed
    (a_1, a_2). The same sums the DPO/KTO losses see (logps.summed_logps, LLaMA-Factory's convention)."""
    from transformers import AutoModelForCausalLM, AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(model_dir)
    model = AutoModelForCausalLM.from_pretrained(model_dir, dtype=torch.float32).eval()
    input_ids, labels = trajectory_batch(tokenizer)
    logits = model(input_ids=input_ids, attention_mask=torch.ones_like(input_ids)).logits.double()
    sums, _ = summed_logps(logits, labels)
    size = len(toy_process.ACTIONS)
    return sums.reshape(size, size)


def support_tables(logps: torch.Tensor) -> tuple[list[torch.Tensor], float]:
    """Per-turn log-prob tables of the distribution restricted to the K^2 trajectories ([turn 1 (K,), turn 2
    (K, K)]) and the probability mass the model puts on them (the rest goes to other token sequences)."""
    total = torch.logsumexp(logps.reshape(-1), 0)
    within = logps - total
    first = torch.logsumexp(within, dim=1)
    return [first, within - first[:, None]], float(total.exp())
