"""Runs the EntroPO authors' dataset scripts unmodified on local files (the reference for `entropo data --recipe authors`).

The authors' `generate_sft_data.py`, `generate_dpo_qwen.py` and `generate_kto_qwen.py` (../shared/data/authors-recipe/
llamafactory-train) read Hugging Face datasets by name with `datasets.load_dataset(NAME)`. This harness replaces
`datasets.load_dataset` with a function that loads a mapped local parquet/JSONL file through the real
`datasets.load_dataset("parquet"|"json", data_files=...)` (so rows are decoded exactly as from the hub), then
executes the script file with runpy as `__main__`. Their scripts catch and print loading errors and go on; the
harness instead exits 3 when a requested name has no mapping or a mapped name was never loaded.

Usage (HF_DATASETS_CACHE chooses the Arrow cache; nothing is downloaded):
  python authors-script-harness.py parquet ROWS.jsonl OUT.parquet...   # write rows as `datasets` writes parquet
  python authors-script-harness.py warm NAME=FILE...                    # build the Arrow cache (a "warm cache")
  python authors-script-harness.py run SCRIPT.py --cwd DIR NAME=FILE... [-- SCRIPT ARGS]
"""

from __future__ import annotations

import argparse
import os
import runpy
import sys


def parse_mapping(items: list[str]) -> dict[str, list[str]]:
    """NAME=FILE pairs (a name may repeat: its files form one dataset) -> {name: [absolute files]}."""
    table: dict[str, list[str]] = {}
    for item in items:
        name, sep, file = item.partition("=")
        if not sep or not name or not file:
            raise SystemExit(f"mapping {item!r}: expected NAME=FILE (e.g. hubert233/R2E-GLM45=/tmp/glm45.parquet)")
        table.setdefault(name, []).append(os.path.abspath(file))
    return table


def builder_of(files: list[str]) -> str:
    """The `datasets` packaged builder for the files: parquet or json (JSON Lines)."""
    return "parquet" if all(file.endswith(".parquet") for file in files) else "json"


def install_local_loader(table: dict[str, list[str]]) -> tuple[set[str], list[str]]:
    """Replaces datasets.load_dataset; returns (names loaded, names requested without a mapping)."""
    import datasets

    real_load_dataset = datasets.load_dataset
    loaded: set[str] = set()
    unmapped: list[str] = []

    def local_load_dataset(path, *args, **kwargs):
        files = table.get(path)
        if files is None:
            unmapped.append(path)
            raise FileNotFoundError(f"harness: no local file mapped for dataset {path!r}")
        result = real_load_dataset(builder_of(files), *args, data_files={"train": files}, **kwargs)
        loaded.add(path)
        return result

    datasets.load_dataset = local_load_dataset
    return loaded, unmapped


def command_parquet(pairs: list[str]) -> None:
    """Writes each JSONL file to parquet the way `datasets` does (features inferred by Dataset.from_json)."""
    import datasets

    if len(pairs) % 2 != 0:
        raise SystemExit(f"parquet: expected ROWS.jsonl OUT.parquet pairs, got {len(pairs)} paths")
    for rows, out in zip(pairs[::2], pairs[1::2]):
        datasets.Dataset.from_json(rows).to_parquet(out)


def command_warm(table: dict[str, list[str]]) -> None:
    """Loads every mapped dataset once so that later runs find the Arrow cache."""
    import datasets

    for files in table.values():
        datasets.load_dataset(builder_of(files), data_files={"train": files})


def command_run(script: str, cwd: str, table: dict[str, list[str]], script_args: list[str]) -> int:
    """Executes the authors' script unmodified as __main__ in cwd; 3 when a dataset was not served from a mapping."""
    loaded, unmapped = install_local_loader(table)
    script = os.path.abspath(script)
    os.makedirs(cwd, exist_ok=True)
    os.chdir(cwd)
    sys.argv = [script, *script_args]
    runpy.run_path(script, run_name="__main__")
    missing = sorted(set(table) - loaded)
    if unmapped or missing:
        print(f"harness: unmapped datasets requested: {unmapped}; mapped but not loaded: {missing}", file=sys.stderr)
        return 3
    return 0


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    to_parquet = commands.add_parser("parquet")
    to_parquet.add_argument("pairs", nargs="+")
    warm = commands.add_parser("warm")
    warm.add_argument("mapping", nargs="+")
    run = commands.add_parser("run")
    run.add_argument("script")
    run.add_argument("--cwd", required=True)
    run.add_argument("mapping", nargs="+")
    own, script_args = split_at_dashes(argv)
    args = parser.parse_args(own)
    if args.command == "parquet":
        command_parquet(args.pairs)
        return 0
    if args.command == "warm":
        command_warm(parse_mapping(args.mapping))
        return 0
    return command_run(args.script, args.cwd, parse_mapping(args.mapping), script_args)


def split_at_dashes(argv: list[str]) -> tuple[list[str], list[str]]:
    """Splits argv at the first `--`: the harness's own arguments, then the script's."""
    if "--" not in argv:
        return argv, []
    index = argv.index("--")
    return argv[:index], argv[index + 1 :]


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
