"""entropo_trainer's logger: a child of LLaMA-Factory's library logger, so its lines share LLaMA-Factory's handler
and format (`[INFO|date] llamafactory.entropo_trainer:LINE >> message`) and its rank-0 helpers."""

from __future__ import annotations

from typing import Any

LOGGER_NAME = "llamafactory.entropo_trainer"


def get_logger() -> Any:
    """The configured logger (LLaMA-Factory's `_Logger` with info_rank0 / warning_rank0)."""
    from llamafactory.extras import logging

    return logging.get_logger(LOGGER_NAME)
