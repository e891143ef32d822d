// SWE-bench's per-repository, per-version specifications: what an instance's environment holds and how it is tested.
import { swebenchSpecsByRepo } from "./swebench-specs-data.js";

/** One entry of SWE-bench's MAP_REPO_VERSION_TO_SPECS (field names camel-cased). */
export type SwebenchSpec = {
  /** Python version of the `testbed` conda environment. */
  python: string;
  /** "requirements.txt" (the repo's requirement files), "environment.yml" (conda) or conda package names. */
  packages?: string;
  /** `pip install`ed after the environment is created. */
  pipPackages?: string[];
  /** Shell steps run in /testbed before the install step (apt-get, sed on setup files). */
  preInstall?: string[];
  /** Installs the repository into the environment; the eval script repeats it before testing. */
  install?: string;
  /** Shell steps the eval script runs right after activating the environment (django's locale). */
  evalCommands?: string[];
  /** The test command; the eval script appends the test files of the test patch. */
  testCmd: string;
  /** xarray: `conda create` then `conda env update` instead of `conda env create`. */
  noUseEnv?: boolean;
};

/** The spec of `repo` at `version`, or undefined when SWE-bench 4.1.0 has none (an unknown repo or version). */
export function swebenchSpec(repo: string, version: string): SwebenchSpec | undefined {
  const table = swebenchSpecsByRepo[repo];
  return table === undefined || !Object.hasOwn(table, version) ? undefined : table[version];
}

/** MAP_REPO_TO_REQS_PATHS: where `packages: requirements.txt` is read, first existing path wins. */
export const requirementsPaths: Record<string, string[]> = {
  "dbt-labs/dbt-core": ["dev-requirements.txt", "dev_requirements.txt"],
  "django/django": ["tests/requirements/py3.txt"],
  "matplotlib/matplotlib": ["requirements/dev/dev-requirements.txt", "requirements/testing/travis_all.txt"],
  "pallets/flask": ["requirements/dev.txt"],
  "pylint-dev/pylint": ["requirements_test.txt"],
  "pyvista/pyvista": ["requirements_test.txt", "requirements.txt"],
  "sqlfluff/sqlfluff": ["requirements_dev.txt"],
  "sympy/sympy": ["requirements-dev.txt", "requirements-test.txt"],
};

/** SWE-bench's test files are every file of the test patch except these data extensions (NON_TEST_EXTS). */
export const nonTestExtensions = [".json", ".png", "csv", ".txt", ".md", ".jpg", ".jpeg", ".pkl", ".yml", ".yaml", ".toml"];

/** Repositories graded fail-only by SWE-bench 4.1.0 (JavaScript runners that only report failures). */
export const failOnlyRepos: Record<"4.1.0" | "5.0.2", readonly string[]> = {
  "4.1.0": ["chartjs/Chart.js", "processing/p5.js", "markedjs/marked"],
  "5.0.2": ["chartjs/Chart.js", "processing/p5.js", "markedjs/marked", "bpmn-io/bpmn-js", "openlayers/openlayers", "eslint/eslint"],
};
