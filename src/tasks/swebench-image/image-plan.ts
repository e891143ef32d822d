// The offline build recipe of one SWE-bench instance image: SWE-bench's env and repo setup scripts (4.1.0's
// make_env_script_list_py / make_repo_script_list_py) over a venv, and the Dockerfile that runs them with --network none.
import { InputError } from "../../core/errors.js";
import type { SwebenchRow } from "../swebench-row.js";
import type { SwebenchSpec } from "../swebench-specs.js";

/** pip, setuptools and wheel of the `testbed` venv (what `conda create python=X` brought when SWE-bench's images were built). */
export const bootstrapPins = ["pip==24.0", "setuptools==69.5.1", "wheel==0.43.0"];

/** Shell steps that need the network, impossible in an offline build. */
const networkStep = /\b(apt-get|apt|wget|curl|conda)\b/;

export type ImagePlan = {
  /** `set -euxo pipefail` script that creates /opt/miniconda3/envs/testbed and installs the environment's packages. */
  envScript: string;
  /** `set -euxo pipefail` script run in /testbed: pre-install steps, install step, the "SWE-bench" commit. */
  repoScript: string;
  /** pip specifiers of the conda package list or pip_packages, in install order (for the host download). */
  packageSets: { label: string; specifiers: string[] }[];
  /** Whether the environment installs the repo's requirements.txt. */
  usesRequirements: boolean;
  /** `[extra,...]` the install step asks for (`pip install -e .[test]`), "" for none. */
  installExtras: string;
  /** Deviations from SWE-bench's image that the user should know about. */
  warnings: string[];
};

/** Shell words of a conda package list (`'numpy==1.19.2' pytest`), quotes removed. */
function packageWords(packages: string): string[] {
  return [...packages.matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g)].map((match) => match[1] ?? match[2] ?? match[3] ?? "");
}

/** The recipe for `row` with its 4.1.0 spec, on an image whose Python is `imagePython` (major.minor). */
export function planImage(row: SwebenchRow, spec: SwebenchSpec, imagePython: string): ImagePlan {
  const where = `${row.instance_id} (${row.repo} ${row.version})`;
  if (spec.packages === "environment.yml") {
    throw new InputError(`${where}: its SWE-bench environment is a conda environment.yml, which cannot be built offline without conda`, { field: "version" });
  }
  for (const step of spec.preInstall ?? []) {
    if (networkStep.test(step)) throw new InputError(`${where}: its pre-install step needs the network (${step.slice(0, 80)}), impossible in an offline build`, { field: "version" });
  }
  const warnings: string[] = [];
  if (spec.python !== imagePython) warnings.push(`${where}: SWE-bench's spec asks for Python ${spec.python}; the offline base image has ${imagePython}, so the environment uses ${imagePython}`);
  const packageSets: ImagePlan["packageSets"] = [];
  const usesRequirements = spec.packages === "requirements.txt";
  const env = [
    "source /opt/miniconda3/bin/activate",
    `python3 -m venv --without-pip /opt/miniconda3/envs/testbed`,
    "conda activate testbed",
    `python /opt/wheels/${bootstrapPins[0]?.replace("==", "-")}-py3-none-any.whl/pip install ${bootstrapPins.join(" ")}`,
  ];
  if (usesRequirements) env.push("python -m pip install -r $HOME/requirements.txt", "rm $HOME/requirements.txt");
  else if (spec.packages !== undefined && spec.packages.trim() !== "") {
    packageSets.push({ label: "packages", specifiers: packageWords(spec.packages) });
    env.push(`python -m pip install ${spec.packages}`);
    warnings.push(`${where}: SWE-bench installs "${spec.packages}" with conda; the offline image installs them with pip`);
  }
  env.push("conda activate testbed");
  if (spec.pipPackages !== undefined && spec.pipPackages.length > 0) {
    packageSets.push({ label: "pip_packages", specifiers: spec.pipPackages });
    env.push(`python -m pip install ${spec.pipPackages.join(" ")}`);
  }
  const repo = [
    "chmod -R 777 /testbed",
    "cd /testbed",
    "source /opt/miniconda3/bin/activate",
    "conda activate testbed",
    'echo "Current environment: $CONDA_DEFAULT_ENV"',
    ...(spec.preInstall ?? []),
    ...(spec.install === undefined ? [] : [spec.install]),
    "git config --global user.email setup@swebench.config",
    "git config --global user.name SWE-bench",
    "git commit --allow-empty -am SWE-bench",
  ];
  const script = (lines: string[]): string => ["#!/bin/bash", "set -euxo pipefail", ...lines].join("\n") + "\n";
  return {
    envScript: script(env),
    repoScript: script(repo),
    packageSets,
    usesRequirements,
    installExtras: /\.(\[[^\]\s'"]+\])/.exec(spec.install ?? "")?.[1] ?? "",
    warnings,
  };
}

/** The Dockerfile: base image + conda shim, env layer (shared by instances of one environment), then /testbed. */
export function dockerfile(baseImage: string, labels: Record<string, string>): string {
  return [
    `FROM ${baseImage}`,
    "ENV PATH=/opt/miniconda3/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \\",
    "    PIP_NO_INDEX=1 PIP_FIND_LINKS=/opt/wheels PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_PROGRESS_BAR=off",
    "COPY conda/ /opt/miniconda3/",
    "RUN ln -s /usr/bin/python3 /opt/miniconda3/bin/python && ln -s /usr/bin/python3 /opt/miniconda3/bin/python3 && mv /opt/miniconda3/bashrc /root/.bashrc",
    "COPY env-wheels/ /opt/wheels/",
    "COPY env/ /root/",
    "RUN /bin/bash /root/setup_env.sh",
    "COPY repo-wheels/ /opt/wheels/",
    "COPY testbed/ /testbed/",
    "COPY repo/ /root/",
    "RUN /bin/bash /root/setup_repo.sh",
    "WORKDIR /testbed/",
    `LABEL ${Object.entries(labels).map(([key, value]) => `${key}=${JSON.stringify(value)}`).join(" ")}`,
    "",
  ].join("\n");
}
