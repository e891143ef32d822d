"""CLI: `python -m entropo_trainer train CONFIG.yaml [key=value ...]` (also under torchrun),
`make-tiny-model OUT_DIR`, `make-tiny-data OUT_DIR`, `experiment entropy --out DIR [--quick]`,
`experiment kto-forms [--out FILE]`."""

from __future__ import annotations

import argparse
import os
import sys


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m entropo_trainer", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    train = commands.add_parser("train", help="train with LLaMA-Factory + the EntroPO patch")
    train.add_argument("config", help="LLaMA-Factory YAML config")
    train.add_argument("overrides", nargs="*", help="key=value overrides")
    tiny = commands.add_parser("make-tiny-model", help="build the tiny offline Qwen3 model + tokenizer")
    tiny.add_argument("out_dir")
    tiny.add_argument("--seed", type=int, default=0)
    tiny.add_argument("--if-missing", action="store_true", help="build (atomically) only when OUT_DIR does not exist")
    data = commands.add_parser("make-tiny-data", help="write the synthetic tiny SFT/DPO/KTO sets + dataset_info.json")
    data.add_argument("out_dir")
    experiment = commands.add_parser("experiment", help="run a recorded experiment")
    experiment.add_argument("name", choices=["entropy", "kto-forms"])
    experiment.add_argument("--out", default=None,
                            help="entropy: output directory (result.json, work/); kto-forms: the result JSON file")
    experiment.add_argument("--work-dir", default=None, help="kto-forms: scratch directory (default: a temp dir)")
    experiment.add_argument("--steps", type=int, default=None, help="kto-forms: training steps (32)")
    experiment.add_argument("--quick", action="store_true", help="entropy: the CI-sized sweep (DPO only, fewer steps)")
    experiment.add_argument("--jobs", type=int, default=None, help="entropy: training processes side by side")
    experiment.add_argument("--seeds", type=int, default=None,
                            help="entropy: seeds per (loss, alpha) (default 3; 0 = the fixed-point part only)")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the process exit code (2 for bad input)."""
    args = _parser().parse_args(argv)
    os.environ.setdefault("DISABLE_VERSION_CHECK", "1")
    if args.command == "make-tiny-model":
        from pathlib import Path

        from .paths import build_tiny_model
        from .tiny_model import make_tiny_model

        if args.if_missing:
            out = Path(args.out_dir).resolve()
            print(out if out.exists() else build_tiny_model(out, seed=args.seed))
        else:
            print(make_tiny_model(args.out_dir, seed=args.seed))
        return 0
    if args.command == "make-tiny-data":
        from .tiny_data import write_tiny_data

        print(write_tiny_data(args.out_dir))
        return 0
    if args.command == "experiment" and args.name == "kto-forms":
        from .kto_forms_experiment import run_kto_forms_experiment

        run_kto_forms_experiment(out_path=args.out, work_dir=args.work_dir, steps=args.steps or 32)
        return 0
    if args.command == "experiment":
        from .experiment import ExperimentError, run_entropy_experiment

        if args.out is None:
            print("error: --out: expected the output directory of the entropy experiment, got nothing", file=sys.stderr)
            return 2
        try:
            run_entropy_experiment(args.out, quick=args.quick, jobs=args.jobs, seeds=args.seeds)
        except ExperimentError as err:
            print(f"error: {err}", file=sys.stderr)
            return 2
        except KeyboardInterrupt:
            print("interrupted: finished runs are kept; run the same command again to resume", file=sys.stderr)
            return 130
        return 0
    from .args import EntroPOArgumentError
    from .runner import ConfigError, load_checked_config, run_training

    try:
        config = load_checked_config(args.config, args.overrides)
        run_training(config)
    except (ConfigError, EntroPOArgumentError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
