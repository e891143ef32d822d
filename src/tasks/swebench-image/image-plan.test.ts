// The offline image recipe: SWE-bench's env/repo setup steps per spec, refusals for what cannot be built offline, and the
// conda-compatible activation under `set -euo pipefail` in bash and POSIX sh.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { swebenchRowSchema } from "../swebench-row.js";
import { swebenchSpec, type SwebenchSpec } from "../swebench-specs.js";
import { condaProfileScript } from "./conda-shim.js";
import { planImage } from "./image-plan.js";

const row = (repo: string, version: string) =>
  swebenchRowSchema.parse({ instance_id: `${repo.replace("/", "__")}-1`, repo, version, base_commit: "abc", problem_statement: "", test_patch: "", FAIL_TO_PASS: "[]", PASS_TO_PASS: "[]" });
const plan = (repo: string, version: string) => planImage(row(repo, version), swebenchSpec(repo, version) as SwebenchSpec, "3.11");

describe("planImage", () => {
  it("flask 2.3: requirements.txt, then pip_packages, then the editable install and the SWE-bench commit", () => {
    const flask = plan("pallets/flask", "2.3");
    expect(flask.usesRequirements).toBe(true);
    expect(flask.warnings).toEqual([]);
    expect(flask.envScript.split("\n")).toEqual(
      expect.arrayContaining(["python -m pip install -r $HOME/requirements.txt", "python -m pip install setuptools==70.0.0 click==8.1.3 itsdangerous==2.1.2 Jinja2==3.1.2 MarkupSafe==2.1.1 Werkzeug==2.3.7"]),
    );
    const repoSteps = flask.repoScript.split("\n");
    expect(repoSteps.indexOf("python -m pip install -e .")).toBeLessThan(repoSteps.indexOf("git commit --allow-empty -am SWE-bench"));
    expect(repoSteps.slice(0, 2)).toEqual(["#!/bin/bash", "set -euxo pipefail"]);
  });

  it("requests 2.10: the conda package list goes through pip, Python 3.9 becomes the image's 3.11 (both reported)", () => {
    const requests = plan("psf/requests", "2.10");
    expect(requests.packageSets).toEqual([{ label: "packages", specifiers: ["pytest"] }]);
    expect(requests.warnings.join("\n")).toMatch(/asks for Python 3\.9; the offline base image has 3\.11/);
    expect(requests.warnings.join("\n")).toMatch(/installs "pytest" with conda/);
    expect(plan("astropy/astropy", "4.3").installExtras).toBe("[test]");
    expect(plan("scikit-learn/scikit-learn", "1.3").packageSets[0]?.specifiers).toContain("pandas<2.0.0");
  });

  it("refuses conda environment.yml specs and pre-install steps that need the network, naming the instance", () => {
    expect(() => plan("matplotlib/matplotlib", "3.5")).toThrow(/matplotlib__matplotlib-1 .*environment\.yml/);
    expect(() => plan("sphinx-doc/sphinx", "7.2")).toThrow(/pre-install step needs the network \(apt-get update/);
    expect(plan("sphinx-doc/sphinx", "3.5").repoScript).toContain("sed -i 's/pytest/pytest -rA/' tox.ini");
  });
});

describe("conda-compatible activation", () => {
  const root = mkdtempSync(join(tmpdir(), "entropo-conda-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  mkdirSync(join(root, "bin"), { recursive: true });
  mkdirSync(join(root, "envs", "testbed", "bin"), { recursive: true });
  symlinkSync("/bin/true", join(root, "bin", "python"));
  symlinkSync("/bin/true", join(root, "envs", "testbed", "bin", "python"));
  writeFileSync(join(root, "conda.sh"), condaProfileScript.replace("_entropo_conda_root=/opt/miniconda3", `_entropo_conda_root=${root}`));
  const script = `. ${root}/conda.sh; conda activate base; conda activate testbed; conda activate testbed; echo "$PATH|$CONDA_DEFAULT_ENV|$VIRTUAL_ENV"; conda deactivate; echo "$PATH|$CONDA_DEFAULT_ENV"; conda activate missing || echo refused`;

  for (const shell of [["bash", "-c", `set -euo pipefail; ${script}`], ["sh", "-c", `set -eu; ${script}`]]) {
    it(`${shell[0]}: activate puts one env bin first, deactivate removes it, an unknown env is refused`, () => {
      const output = execFileSync(shell[0] as string, shell.slice(1), { env: { PATH: "/usr/bin:/bin" }, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim().split("\n");
      expect(output).toEqual([`${root}/envs/testbed/bin:/usr/bin:/bin|testbed|${root}/envs/testbed`, "/usr/bin:/bin|base", "refused"]);
    });
  }
});
