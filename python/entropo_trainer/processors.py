"""Dataset-processor patches: whole multi-turn trajectories as targets for DPO (pairwise) and KTO (feedback).

Every assistant turn (gpt and function_call, with its end-of-turn token) of a trajectory is labelled; system,
tools, user and observation tokens are IGNORE_INDEX. Shared context turns before the trajectory stay masked.
Sequences longer than cutoff_len keep a contiguous prefix. Multi-turn KTO's KL examples follow `entropo_kto_form`
(paper: another instance's trajectory; authors: b3e49cb data/processor/feedback.py exactly).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from .converter import split_trajectories
from .kl_pairs import other_instance_partners
from .trainable import note_cut

IGNORE_INDEX = -100


def encode_trajectory(
    template: Any,
    tokenizer: Any,
    prompt: list[dict[str, str]],
    trajectory: list[dict[str, str]],
    system: str | None,
    tools: str | None,
    cutoff_len: int,
) -> tuple[list[int], list[int]]:
    """Tokenize prompt + trajectory with `encode_multiturn`; label the trajectory's assistant turns only.

    prompt: odd length, ends with a user/observation turn; trajectory: odd length, assistant first and last.
    The whole sequence is built, then cut to its first `cutoff_len` tokens: a contiguous prefix, so the model never
    sees an assistant turn after a truncated observation (the authors' rule, b3e49cb data/processor/pairwise.py).
    Returns (input_ids, labels), equal lengths <= cutoff_len.
    """
    pairs = template.encode_multiturn(tokenizer, prompt + trajectory, system, tools)
    context_pairs = len(prompt) // 2  # (user, assistant) pairs entirely inside the shared prompt
    input_ids, labels = label_turns(template, tokenizer, pairs, first_target_turn=context_pairs)
    note_cut(labels, cutoff_len)
    return input_ids[:cutoff_len], labels[:cutoff_len]


def label_turns(template: Any, tokenizer: Any, pairs: list, first_target_turn: int) -> tuple[list[int], list[int]]:
    """Concatenate encode_multiturn's (source, target) pairs; targets of turns >= first_target_turn are labels,
    sources (system, tools, user, observation) and earlier targets are IGNORE_INDEX (efficient_eos as upstream)."""
    input_ids: list[int] = []
    labels: list[int] = []
    for turn_idx, (source_ids, target_ids) in enumerate(pairs):
        if template.efficient_eos and turn_idx != 0:
            source_label = [tokenizer.eos_token_id] + [IGNORE_INDEX] * (len(source_ids) - 1)
        else:
            source_label = [IGNORE_INDEX] * len(source_ids)
        target_label = list(target_ids) if turn_idx >= first_target_turn else [IGNORE_INDEX] * len(target_ids)
        input_ids += list(source_ids) + list(target_ids)
        labels += source_label + target_label
    if template.efficient_eos:
        input_ids += [tokenizer.eos_token_id]
        labels += [tokenizer.eos_token_id]
    return input_ids, labels


def split_task_and_trajectory(messages: list[dict[str, str]]) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """A full KTO conversation (user, assistant, ..., assistant) -> (task prompt [first user], agent trajectory)."""
    return messages[:1], messages[1:]


def _kto_full_conversation(prompt: list[dict[str, str]], response: list[dict[str, str]]) -> tuple[list, bool]:
    """LLaMA-Factory's KTO alignment ([resp, ""] desirable / ["", resp] undesirable) -> (messages, kto_tag)."""
    if response[0]["content"]:
        return prompt + [response[0]], True
    return prompt + [response[1]], False


def pairwise_encode(self: Any, prompt, response, system, tools, images, videos, audios, original) -> tuple:
    """PairwiseDatasetProcessor._encode_data_example for trajectory rows; stock behaviour otherwise."""
    split = split_trajectories(response)
    if split is None:
        return original(self, prompt, response, system, tools, images, videos, audios)
    chosen, rejected = split
    encoded = []
    for trajectory in (chosen, rejected):
        messages = self.template.mm_plugin.process_messages(prompt + trajectory, images, videos, audios, self.processor)
        encoded.append(
            encode_trajectory(
                self.template, self.tokenizer, messages[: len(prompt)], messages[len(prompt) :], system, tools,
                self.data_args.cutoff_len,
            )
        )
    (chosen_ids, chosen_labels), (rejected_ids, rejected_labels) = encoded
    return chosen_ids, chosen_labels, rejected_ids, rejected_labels


def instance_key(system: str | None, tools: str | None, task: list[dict[str, str]]) -> tuple:
    """What identifies a row's instance inside a preprocessing batch: its system prompt, tools and task prompt."""
    return (system or "", tools or "", tuple((message["role"], message["content"]) for message in task))


def _append_kto_example(model_inputs, examples, i, ids_labels, kl_ids_labels, kto_tag) -> None:
    """Add one encoded KTO row (target and KL sequences) to the processor's output columns."""
    (input_ids, labels), (kl_ids, kl_labels) = ids_labels, kl_ids_labels
    model_inputs["input_ids"].append(input_ids)
    model_inputs["attention_mask"].append([1] * len(input_ids))
    model_inputs["labels"].append(labels)
    model_inputs["kl_input_ids"].append(kl_ids)
    model_inputs["kl_attention_mask"].append([1] * len(kl_ids))
    model_inputs["kl_labels"].append(kl_labels)
    model_inputs["kto_tags"].append(kto_tag)
    for key in ("images", "videos", "audios"):
        model_inputs[key].append(examples[f"_{key}"][i])


def _valid_kto_rows(examples: dict[str, list[Any]], logger: Any) -> list[int]:
    """Indices of rows with an odd prompt and a two-slot response (LLaMA-Factory's check; others are dropped)."""
    valid = []
    for i in range(len(examples["_prompt"])):
        prompt, response = examples["_prompt"][i], examples["_response"][i]
        if len(prompt) % 2 != 1 or len(response) < 2:
            logger.warning_rank0("Dropped invalid example: {}".format(prompt + response))
            continue
        valid.append(i)
    return valid


def _paper_kto(self: Any, examples: dict[str, list[Any]], logger: Any) -> dict[str, list[Any]]:
    """Target: system + task prompt + the row's trajectory; KL: the same task prompt + the trajectory of a row of
    another instance (kl_pairs.other_instance_partners) whenever the preprocessing batch holds one."""
    rows = []
    for i in _valid_kto_rows(examples, logger):
        messages, kto_tag = _kto_full_conversation(examples["_prompt"][i], examples["_response"][i])
        task, trajectory = split_task_and_trajectory(messages)
        rows.append((i, task, trajectory, kto_tag))
    keys = [instance_key(examples["_system"][i], examples["_tools"][i], task) for i, task, _, _ in rows]
    partners, same = other_instance_partners(keys)
    if same:
        logger.warning_rank0(
            f"multi-turn KTO: {same} of {len(rows)} KL examples use a trajectory of their own instance "
            "(no other instance in the preprocessing batch)"
        )
    model_inputs: dict[str, list[Any]] = defaultdict(list)
    cutoff = self.data_args.cutoff_len
    for position, (i, task, trajectory, kto_tag) in enumerate(rows):
        system, tools = examples["_system"][i], examples["_tools"][i]
        kl_trajectory = rows[partners[position]][2]
        target = encode_trajectory(self.template, self.tokenizer, task, trajectory, system, tools, cutoff)
        kl = encode_trajectory(self.template, self.tokenizer, task, kl_trajectory, system, tools, cutoff)
        _append_kto_example(model_inputs, examples, i, target, kl, kto_tag)
    return model_inputs


def _authors_encode(self: Any, messages: list[dict[str, str]], i: int, examples: dict[str, list[Any]]) -> tuple:
    """The authors' multi-turn KTO encoding: every assistant turn of the conversation is labelled."""
    images, videos, audios = (examples[f"_{key}"][i] or [] for key in ("images", "videos", "audios"))
    messages = self.template.mm_plugin.process_messages(messages, images, videos, audios, self.processor)
    pairs = self.template.encode_multiturn(self.tokenizer, messages, examples["_system"][i], examples["_tools"][i])
    input_ids, labels = label_turns(self.template, self.tokenizer, pairs, first_target_turn=0)
    input_ids, _ = self.template.mm_plugin.process_token_ids(
        input_ids, None, images, videos, audios, self.tokenizer, self.processor
    )
    return input_ids, labels


def _authors_kto(self: Any, examples: dict[str, list[Any]], logger: Any) -> dict[str, list[Any]]:
    """The authors' construction (b3e49cb data/processor/feedback.py, multi_turn_kto): target = prompt + final message,
    KL = the same prompt (the whole trajectory but its last message) + the final message of row i-1 of the
    preprocessing batch (row 0: the last row; rotated before invalid rows are dropped), both cut to cutoff_len.
    One deviation: where row i-1 has no response (their code raises IndexError) the nearest earlier row with one
    is used."""
    responses = examples["_response"]
    valid = _valid_kto_rows(examples, logger)
    model_inputs: dict[str, list[Any]] = defaultdict(list)
    cutoff = self.data_args.cutoff_len
    same = 0
    for i in valid:
        prompt, response = examples["_prompt"][i], responses[i]
        j = next(((i - back) % len(responses) for back in range(1, len(responses) + 1) if responses[i - back]), i)
        kl_response = responses[j]
        kto_tag = bool(response[0]["content"])
        final = response[0] if kto_tag else response[1]
        kl_final = kl_response[0] if kl_response[0]["content"] else kl_response[1]
        input_ids, labels = _authors_encode(self, prompt + [final], i, examples)
        kl_ids, kl_labels = _authors_encode(self, prompt + [kl_final], i, examples)
        keep = min(cutoff, max(len(input_ids), len(kl_ids)))
        note_cut(labels, keep)
        target, kl = (input_ids[:keep], labels[:keep]), (kl_ids[:keep], kl_labels[:keep])
        own = instance_key(examples["_system"][i], examples["_tools"][i], prompt[:1])
        same += instance_key(examples["_system"][j], examples["_tools"][j], examples["_prompt"][j][:1]) == own
        _append_kto_example(model_inputs, examples, i, target, kl, kto_tag)
    if same:
        logger.warning_rank0(
            f"multi-turn KTO (authors' form): {same} of {len(valid)} KL examples pair a prompt with a final message "
            "of the same instance"
        )
    return model_inputs


def feedback_preprocess_multiturn(self: Any, examples: dict[str, list[Any]]) -> dict[str, list[Any]]:
    """FeedbackDatasetProcessor.preprocess_dataset with multi_turn_kto: whole trajectories as targets; the KL example
    follows `entropo_kto_form` (paper: another instance's trajectory; authors: their construction, exactly)."""
    from llamafactory.extras import logging

    logger = logging.get_logger(__name__)
    if getattr(self.data_args, "entropo_kto_form", "paper") == "authors":
        model_inputs = _authors_kto(self, examples, logger)
    else:
        model_inputs = _paper_kto(self, examples, logger)
    desirable = sum(1 for tag in model_inputs["kto_tags"] if tag)
    if desirable == 0 or desirable == len(model_inputs["kto_tags"]):
        logger.warning_rank0("Your dataset only has one preference type.")
    return model_inputs


def install_processor_patches() -> None:
    """Patch LLaMA-Factory's pairwise and feedback processors (idempotent)."""
    from llamafactory.data.processor.feedback import FeedbackDatasetProcessor
    from llamafactory.data.processor.pairwise import PairwiseDatasetProcessor

    if getattr(PairwiseDatasetProcessor._encode_data_example, "_entropo", False):
        return
    original_encode = PairwiseDatasetProcessor._encode_data_example
    original_feedback = FeedbackDatasetProcessor.preprocess_dataset

    def _encode_data_example(self, prompt, response, system, tools, images, videos, audios):
        return pairwise_encode(self, prompt, response, system, tools, images, videos, audios, original_encode)

    def preprocess_dataset(self, examples):
        if getattr(self.data_args, "multi_turn_kto", False):
            return feedback_preprocess_multiturn(self, examples)
        return original_feedback(self, examples)

    _encode_data_example._entropo = True  # type: ignore[attr-defined]
    PairwiseDatasetProcessor._encode_data_example = _encode_data_example
    FeedbackDatasetProcessor.preprocess_dataset = preprocess_dataset
