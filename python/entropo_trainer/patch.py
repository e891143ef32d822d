"""Applies the EntroPO plugin to LLaMA-Factory 0.9.5 in this process (idempotent; every torchrun rank calls it).

- arguments: `entro_alpha`, `pref_loss: entropo`, `multi_turn_kto` (validated, see args.py);
- data: list-valued DPO chosen/rejected and multi-turn KTO rows (converter.py, processors.py);
- losses: CustomDPOTrainer.compute_preference_loss and CustomKTOTrainer.kto_loss -> losses.py when entro_alpha set
  (DPO keeps LLaMA-Factory's BCO term as the authors do; KTO in the form `entropo_kto_form` names);
- parsed arguments: `entropo_kto_form` reaches the data processors, and the loss in use is logged and written to
  `<output_dir>/entropo_loss.json` (run_info.py);
- metrics: policy_entropy (chunked, no-grad) on the policy's labelled tokens, also split into policy_entropy/chosen
  and policy_entropy/rejected (DPO sides; KTO desirable / undesirable rows), z0 (KTO), step counters, into the
  trainer's logs (callbacks' on_log) and LLaMA-Factory's trainer_log.jsonl (callbacks.py).
"""

from __future__ import annotations

from typing import Any

from . import metrics as step_metrics
from .logps import masked_entropy_sum

_APPLIED = False


def _entropo_alpha(trainer: Any) -> float | None:
    return getattr(trainer.finetuning_args, "entro_alpha", None)


def _kto_form(trainer: Any) -> str:
    return getattr(trainer.finetuning_args, "entropo_kto_form", "paper")


def _record_entropy(trainer: Any, logits: Any, labels: Any, side: str | None = None) -> None:
    """Add the labelled tokens' entropy to `policy_entropy` and, for side "chosen"/"rejected", to
    `policy_entropy/<side>` (chosen = KTO's desirable rows, rejected = undesirable)."""
    total, count = masked_entropy_sum(logits.detach(), labels)
    if count:
        step_metrics.record(trainer, "policy_entropy", total, count)
        if side is not None:
            step_metrics.record(trainer, f"policy_entropy/{side}", total, count)


def install_argument_classes() -> None:
    """Swap LLaMA-Factory's FinetuningArguments/DataArguments for the EntroPO subclasses in every parser list."""
    import llamafactory.hparams.parser as parser
    from llamafactory.hparams.data_args import DataArguments
    from llamafactory.hparams.finetuning_args import FinetuningArguments

    from .args import EntroDataArguments, EntroFinetuningArguments

    replacements = {FinetuningArguments: EntroFinetuningArguments, DataArguments: EntroDataArguments}
    for value in vars(parser).values():
        if isinstance(value, list):
            for index, item in enumerate(value):
                if item in replacements:
                    value[index] = replacements[item]


def install_dpo_patch() -> None:
    """EntroPO-DPO loss and policy entropy on CustomDPOTrainer."""
    from llamafactory.train.dpo.trainer import CustomDPOTrainer

    from .losses import entropo_dpo_loss

    original_loss = CustomDPOTrainer.compute_preference_loss
    original_forward = CustomDPOTrainer.concatenated_forward

    def compute_preference_loss(self, policy_chosen_logps, policy_rejected_logps, ref_chosen_logps, ref_rejected_logps):
        alpha = _entropo_alpha(self)
        if alpha is None:
            return original_loss(self, policy_chosen_logps, policy_rejected_logps, ref_chosen_logps, ref_rejected_logps)
        losses, chosen_rewards, rejected_rewards = entropo_dpo_loss(
            policy_chosen_logps, policy_rejected_logps, ref_chosen_logps, ref_rejected_logps, alpha=alpha, beta=self.beta
        )
        bco_weight = getattr(self, "bco_gemma", 0.0)
        if bco_weight > 1e-6:  # the authors' EntroPO-DPO adds BCO unnormalised (b3e49cb train/dpo/trainer.py)
            bco = self.bco_loss(policy_chosen_logps, policy_rejected_logps, ref_chosen_logps, ref_rejected_logps)
            losses = losses + bco_weight * bco
        return losses, chosen_rewards, rejected_rewards

    def concatenated_forward(self, model, batch, is_ref_model=False):
        labels = batch["labels"]  # (2n, t): chosen rows then rejected rows
        output = original_forward(self, model, batch, is_ref_model=is_ref_model)
        if not is_ref_model:
            half = labels.size(0) // 2
            _record_entropy(self, output["chosen_logits"], labels[:half], "chosen")
            _record_entropy(self, output["rejected_logits"], labels[half:], "rejected")
        return output

    CustomDPOTrainer.compute_preference_loss = compute_preference_loss
    CustomDPOTrainer.concatenated_forward = concatenated_forward


def install_kto_patch() -> None:
    """EntroPO-KTO loss, z0 and policy entropy on CustomKTOTrainer (the class kto/workflow.py uses)."""
    from llamafactory.train.kto.trainer import CustomKTOTrainer

    from .losses import authors_reference_point, entropo_kto_loss

    original_kto_loss = CustomKTOTrainer.kto_loss
    original_forward = CustomKTOTrainer.forward
    original_ref = CustomKTOTrainer.compute_reference_log_probs
    original_metrics = CustomKTOTrainer.get_batch_loss_metrics

    def kto_loss(self, pc, pr, pkl, rc, rr, rkl):
        alpha = _entropo_alpha(self)
        if alpha is None:
            return original_kto_loss(self, pc, pr, pkl, rc, rr, rkl)
        form = _kto_form(self)
        result = entropo_kto_loss(
            pc, pr, pkl, rc, rr, rkl, alpha=alpha, beta=self.beta,
            desirable_weight=self.desirable_weight, undesirable_weight=self.undesirable_weight, form=form,
        )
        z0 = result[3] if form == "paper" else authors_reference_point(pkl, rkl, alpha=alpha, beta=self.beta)
        step_metrics.record(self, "z0", float(z0))
        return result

    def forward(self, model, batch, prefix=""):
        output = original_forward(self, model, batch, prefix=prefix)
        if prefix == "" and not getattr(self, "_entropo_in_reference", False):
            desirable = batch["kto_tags"]  # (b,) bool
            _record_entropy(self, output[0][desirable], batch["labels"][desirable], "chosen")
            _record_entropy(self, output[0][~desirable], batch["labels"][~desirable], "rejected")
        return output

    def compute_reference_log_probs(self, model, batch):
        self._entropo_in_reference = True
        try:
            return original_ref(self, model, batch)
        finally:
            self._entropo_in_reference = False

    def get_batch_loss_metrics(self, model, batch, *args, **kwargs):
        losses, metrics = original_metrics(self, model, batch, *args, **kwargs)
        if _entropo_alpha(self) is not None and _kto_form(self) == "paper":
            metrics.pop("kl", None)  # the paper form returns z0 there, logged as z0; the authors' form logs kl
        return losses, metrics

    CustomKTOTrainer.kto_loss = kto_loss
    CustomKTOTrainer.forward = forward
    CustomKTOTrainer.compute_reference_log_probs = compute_reference_log_probs
    CustomKTOTrainer.get_batch_loss_metrics = get_batch_loss_metrics


def install_sft_patch() -> None:
    """Policy entropy on the labelled tokens for CustomSeq2SeqTrainer (SFT)."""
    from llamafactory.train.sft.trainer import CustomSeq2SeqTrainer

    original = CustomSeq2SeqTrainer.compute_loss

    def compute_loss(self, model, inputs, return_outputs=False, *args, **kwargs):
        labels = inputs.get("labels")
        if self.finetuning_args.use_asft_loss or labels is None:
            return original(self, model, inputs, return_outputs, *args, **kwargs)
        loss, outputs = original(self, model, inputs, True, *args, **kwargs)
        logits = outputs["logits"] if isinstance(outputs, dict) else getattr(outputs, "logits", None)
        if logits is not None:
            _record_entropy(self, logits, labels)
        return (loss, outputs) if return_outputs else loss

    CustomSeq2SeqTrainer.compute_loss = compute_loss


def install_log_patch(trainer_cls: Any) -> None:
    """Add policy_entropy, z0, current_steps, total_steps and lr to every log of `trainer_cls`."""
    original = trainer_cls.log

    def log(self, logs, *args, **kwargs):
        is_train = "loss" in logs
        prefix = "" if is_train else "eval_"
        if is_train or "eval_loss" in logs:
            for key, value in step_metrics.drain(self, "train" if is_train else "eval").items():
                logs[f"{prefix}{key}"] = value
        if is_train:
            logs.setdefault("current_steps", self.state.global_step)
            logs.setdefault("total_steps", self.state.max_steps)
            if "learning_rate" in logs:
                logs.setdefault("lr", logs["learning_rate"])
        return original(self, logs, *args, **kwargs)

    trainer_cls.log = log


def install_parsed_arguments_hook() -> None:
    """Wrap get_train_args where the tuner calls it: entropo_kto_form reaches data_args (the processors see only
    data_args), and the loss in use is logged and recorded (run_info.record_loss)."""
    import llamafactory.train.tuner as tuner

    from .run_info import record_loss

    original = tuner.get_train_args
    if getattr(original, "_entropo", False):
        return

    def get_train_args(*args, **kwargs):
        parsed = original(*args, **kwargs)
        _, data_args, training_args, finetuning_args, _ = parsed
        data_args.entropo_kto_form = getattr(finetuning_args, "entropo_kto_form", "paper")
        record_loss(finetuning_args, data_args, training_args)
        return parsed

    get_train_args._entropo = True  # type: ignore[attr-defined]
    tuner.get_train_args = get_train_args


def apply_patch() -> None:
    """Patch LLaMA-Factory in this process (idempotent)."""
    global _APPLIED
    if _APPLIED:
        return
    from llamafactory.train.dpo.trainer import CustomDPOTrainer
    from llamafactory.train.kto.trainer import CustomKTOTrainer
    from llamafactory.train.sft.trainer import CustomSeq2SeqTrainer

    from .callbacks import install_trainer_log_patch
    from .converter import install_converter_patch
    from .processors import install_processor_patches
    from .template import register_qwen3_coder_template
    from .trainable import install_trainable_check

    install_argument_classes()
    install_parsed_arguments_hook()
    register_qwen3_coder_template()
    install_converter_patch()
    install_processor_patches()
    install_trainable_check()
    install_dpo_patch()
    install_kto_patch()
    install_sft_patch()
    for trainer_cls in (CustomDPOTrainer, CustomKTOTrainer, CustomSeq2SeqTrainer):
        install_log_patch(trainer_cls)
    install_trainer_log_patch()
    _APPLIED = True
