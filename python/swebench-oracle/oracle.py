"""The official SWE-bench harness as a test oracle for entropo's TypeScript port.

Reads one JSON request on stdin and writes one JSON answer on stdout:

    {"version": "4.1.0" | "5.0.2", "task": "grade", "items": [{"row": {...}, "log": "..."}]}
        -> [{"resolved": bool, "found": bool, "statuses": {...}, "error": str | null}]
    {"version": "4.1.0", "task": "eval_script", "items": [{"row": {...}}]}
        -> [{"script": str | null, "error": str | null}]
    {"version": "4.1.0", "task": "specs"}
        -> {repo: {version: spec}} for SWE-bench's Python repositories
    {"version": "4.1.0", "task": "requirements", "items": [{"row": {...}, "repo_dir": "/path/to/clone"}]}
        -> [{"requirements": str | null, "error": str | null}] (get_requirements, its GitHub reads served by `git show`)

Grading calls swebench's own `get_eval_report` on the log written to a file, exactly as its harness does after a
run; eval scripts come from its `make_eval_script_list`. Run with the oracle venv's interpreter
(`.venv/swebench-oracle/bin/python`); swebench 4.1.0 lives in `<venv>/swebench-4.1.0` and is put first on sys.path.
"""

import contextlib
import json
import os
import sys
import tempfile


def load(version):
    """Imports the requested release (its module-level prints go to stderr)."""
    if version == "4.1.0":
        sys.path.insert(0, os.path.join(sys.prefix, "swebench-4.1.0"))
    with contextlib.redirect_stdout(sys.stderr):
        import swebench  # noqa: F401
        from swebench.harness import grading
    if swebench.__version__ != version:
        raise SystemExit(f"oracle: asked for swebench {version}, imported {swebench.__version__}")
    return grading


def test_spec_41(row):
    from swebench.harness.constants import MAP_REPO_VERSION_TO_SPECS
    from swebench.harness.test_spec.create_scripts import make_eval_script_list
    from swebench.harness.test_spec.test_spec import TestSpec

    specs = MAP_REPO_VERSION_TO_SPECS[row["repo"]][row["version"]]
    script = make_eval_script_list(row, specs, "testbed", "/testbed", row["base_commit"], row["test_patch"])
    return TestSpec(
        instance_id=row["instance_id"], repo=row["repo"], version=row["version"], repo_script_list=[],
        eval_script_list=script, env_script_list=[], arch="x86_64", FAIL_TO_PASS=as_list(row["FAIL_TO_PASS"]),
        PASS_TO_PASS=as_list(row["PASS_TO_PASS"]), language="py", docker_specs={}, namespace=None,
    )


def test_spec_50(row):
    from swebench.harness.constants import FAIL_ONLY_REPOS
    from swebench.harness.log_parsers import PARSER_REGISTRY
    from swebench.harness.log_parsers.python import MAP_REPO_TO_PARSER_PY
    from swebench.harness.utils import make_test_spec

    parser = row.get("log_parser")
    if not parser and row["repo"] in MAP_REPO_TO_PARSER_PY:
        parser = next(name for name, fn in PARSER_REGISTRY.items() if fn is MAP_REPO_TO_PARSER_PY[row["repo"]])
    eval_type = row.get("eval_type") or ("fail_only" if row["repo"] in FAIL_ONLY_REPOS else "pass_and_fail")
    instance = {**row, "image": "", "log_parser": parser or "", "eval_type": eval_type, "eval_script": row.get("eval_script", "")}
    return make_test_spec(instance)


def as_list(value):
    return json.loads(value) if isinstance(value, str) else value


def grade(grading, version, item):
    row = item["row"]
    with tempfile.NamedTemporaryFile("wb", suffix=".txt", delete=False) as handle:
        handle.write(item["log"].encode("utf-8"))
        path = handle.name
    try:
        spec = test_spec_41(row) if version == "4.1.0" else test_spec_50(row)
        statuses, found = grading.get_logs_eval(spec, path)
        prediction = {"instance_id": row["instance_id"], "model_name_or_path": "oracle", "model_patch": "diff"}
        report = grading.get_eval_report(spec, prediction, path, include_tests_status=True)[row["instance_id"]]
        return {"resolved": bool(report["resolved"]), "found": found, "statuses": statuses, "error": None}
    except Exception as error:  # the harness reports such an instance as an error: not resolved
        return {"resolved": False, "found": False, "statuses": {}, "error": f"{type(error).__name__}: {error}"}
    finally:
        os.unlink(path)


def eval_script(item):
    try:
        return {"script": test_spec_41(item["row"]).eval_script, "error": None}
    except Exception as error:
        return {"script": None, "error": f"{type(error).__name__}: {error}"}


class GitShowResponse:
    """What get_requirements_by_commit reads from requests.get: status_code and text."""

    def __init__(self, repo_dir, url):
        import subprocess

        prefix = "https://raw.githubusercontent.com/"
        owner, name, commit, path = url[len(prefix):].split("/", 3)
        result = subprocess.run(["git", "-C", repo_dir, "show", f"{commit}:{os.path.normpath(path)}"], capture_output=True, text=True)
        self.status_code = 200 if result.returncode == 0 else 404
        self.text = result.stdout


def requirements(item):
    from swebench.harness.test_spec import python as spec_python

    spec_python.get_requirements_by_commit.cache_clear()
    spec_python.requests.get = lambda url, headers=None: GitShowResponse(item["repo_dir"], url)
    try:
        return {"requirements": spec_python.get_requirements(item["row"]), "error": None}
    except Exception as error:
        return {"requirements": None, "error": f"{type(error).__name__}: {error}"}


def specs():
    from swebench.harness.constants.python import MAP_REPO_VERSION_TO_SPECS_PY

    keys = ("python", "packages", "pip_packages", "pre_install", "install", "eval_commands", "test_cmd", "no_use_env")
    return {
        repo: {version: {key: spec[key] for key in keys if key in spec} for version, spec in table.items()}
        for repo, table in MAP_REPO_VERSION_TO_SPECS_PY.items()
    }


def main():
    request = json.load(sys.stdin)
    version = request["version"]
    grading = load(version)
    if request["task"] == "grade":
        answer = [grade(grading, version, item) for item in request["items"]]
    elif request["task"] == "eval_script":
        answer = [eval_script(item) for item in request["items"]]
    elif request["task"] == "requirements":
        answer = [requirements(item) for item in request["items"]]
    else:
        answer = specs()
    json.dump(answer, sys.stdout)


if __name__ == "__main__":
    main()
