"""trainer_log.jsonl extension: LLaMA-Factory's LogCallback writes a fixed set of keys; this adds every numeric
metric of the step (rewards/*, z0, kl of the authors' KTO form, policy_entropy, learning_rate, ...) to the same
line."""

from __future__ import annotations

from typing import Any

EXTRA_KEY_PREFIXES = ("rewards/", "logps/", "eval_rewards/", "policy_entropy/", "eval_policy_entropy/")
EXTRA_KEYS = (
    "policy_entropy", "eval_policy_entropy", "z0", "eval_z0", "kl", "eval_kl", "learning_rate", "grad_norm", "eval_loss",
)


def extra_log_fields(last_log: dict[str, Any]) -> dict[str, float]:
    """The EntroPO-relevant numeric fields of a Trainer log entry."""
    return {
        key: value
        for key, value in last_log.items()
        if isinstance(value, (int, float)) and (key in EXTRA_KEYS or key.startswith(EXTRA_KEY_PREFIXES))
    }


def install_trainer_log_patch() -> None:
    """Wrap LogCallback.on_log so the extra fields reach the JSON line it writes (idempotent)."""
    from llamafactory.train.callbacks import LogCallback

    if getattr(LogCallback.on_log, "_entropo", False):
        return
    original = LogCallback.on_log

    def on_log(self, args, state, control, **kwargs):
        pool = self.thread_pool
        if pool is None or not state.log_history:
            return original(self, args, state, control, **kwargs)
        extras = extra_log_fields(state.log_history[-1])
        submit = pool.submit

        def submit_with_extras(fn, output_dir, logs):
            return submit(fn, output_dir, {**logs, **{k: v for k, v in extras.items() if k not in logs}})

        pool.submit = submit_with_extras
        try:
            return original(self, args, state, control, **kwargs)
        finally:
            del pool.submit

    on_log._entropo = True  # type: ignore[attr-defined]
    LogCallback.on_log = on_log
