// `entropo tasks build-image`: SWE-bench instance images built offline from a local repository and host-downloaded
// wheels, tagged with SWE-bench's own image names so the rows' tasks run in them unchanged.
import { createHash } from "node:crypto";
import { copyFile, link, mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { execa } from "execa";
import { InputError, throwIfAborted } from "../../core/errors.js";
import { log, type PipelineEvent } from "../../core/events.js";
import { EventChannel } from "../../util/event-channel.js";
import { loadSwebenchRows } from "../grade-logs.js";
import { specOfRow, swebenchImageName } from "../swebench-eval.js";
import type { SwebenchRow } from "../swebench-row.js";
import { bashrc, condaActivateScript, condaProfileScript } from "./conda-shim.js";
import { resolveBuildEnvironment, type BuildEnvironment } from "./base-image.js";
import { dockerBuild, imageLabels } from "./docker-build.js";
import { downloadWheels, type WheelSet } from "./host-wheels.js";
import { bootstrapPins, dockerfile, planImage, type ImagePlan } from "./image-plan.js";
import { gitShow, swebenchRequirements } from "./requirements.js";
import { cloneRepository, pruneToBaseCommit } from "./testbed-clone.js";

export type BuildImagesOptions = {
  /** --tasks: SWE-bench rows. */
  tasks: string;
  ids: string[];
  /** --repo: a git bundle, a mirror or a checkout holding the instances' commits. */
  repo: string;
  /** Host interpreter whose pip downloads the wheels (default: python<X.Y> of the image's Python on PATH). */
  python?: string;
  /** Base image (default: the Debian suite whose python3 is the spec's Python, when the host has it; else bookworm). */
  baseImage?: string;
  /** Rebuild even when an image with the same recipe key exists. */
  rebuild?: boolean;
  /** Where wheels are cached (default $ENTROPO_CACHE/swebench-wheels). */
  cacheDir?: string;
  signal?: AbortSignal;
};

export type BuiltImage = {
  instance_id: string;
  image: string;
  /** The base image and the Python of the `testbed` environment. */
  base: string;
  python: string;
  cached: boolean;
  seconds: number;
  warnings: string[];
};

/** Bump when the recipe changes in a way its inputs do not show. */
const builderVersion = 1;
const keyLabel = "entropo.swebench.key";

const defaultCacheDir = (): string => join(process.env.ENTROPO_CACHE ?? join(process.env.HOME ?? tmpdir(), ".cache", "entropo"), "swebench-wheels");

/** Hard-links (or copies) every wheel of `from` into `to`. */
async function linkAll(from: string, to: string): Promise<void> {
  await mkdir(to, { recursive: true });
  for (const name of (await readdir(from)).filter((file) => file.endsWith(".whl"))) {
    await link(join(from, name), join(to, name)).catch(() => copyFile(join(from, name), join(to, name)));
  }
}

/** The build backend requirements of the checkout (pyproject's build-system.requires, else setuptools + wheel). */
async function buildRequires(python: string, checkout: string, baseCommit: string): Promise<string[]> {
  const pyproject = await gitShow(checkout, baseCommit, "pyproject.toml");
  if (pyproject === null) return ["setuptools>=40.8.0", "wheel"];
  const script = "import json,sys,tomllib; print(json.dumps(tomllib.loads(sys.stdin.read()).get('build-system', {}).get('requires', ['setuptools>=40.8.0', 'wheel'])))";
  const result = await execa(python, ["-c", script], { input: pyproject, reject: false });
  if (result.exitCode !== 0) throw new InputError(`pyproject.toml at ${baseCommit} does not parse: ${result.stderr.trim().split("\n").at(-1) ?? ""}`);
  return JSON.parse(result.stdout) as string[];
}

/** The recipe key: everything that defines the image except the repository content (fixed by base_commit). */
function recipeKey(row: SwebenchRow, plan: ImagePlan, baseId: string): string {
  const inputs = {
    builderVersion,
    baseId,
    row: [row.instance_id, row.repo, row.version, row.base_commit, row.environment_setup_commit ?? null],
    spec: specOfRow(row),
    bootstrapPins,
    scripts: [plan.envScript, plan.repoScript, condaProfileScript, condaActivateScript, dockerfile("BASE", {})],
  };
  return createHash("sha256").update(JSON.stringify(inputs)).digest("hex").slice(0, 16);
}

type Context = { options: BuildImagesOptions; cacheDir: string };

/** Writes the build context of one instance (clone, requirements, wheels, scripts, Dockerfile) into `directory`. */
async function* prepareContext(context: Context, environment: BuildEnvironment, row: SwebenchRow, plan: ImagePlan, key: string, directory: string): AsyncGenerator<PipelineEvent> {
  const task = `build-image ${row.instance_id}`;
  yield { type: "progress", task, done: 0, total: 4, unit: "phases", detail: `cloning ${context.options.repo} at ${row.base_commit.slice(0, 12)}` };
  const testbed = join(directory, "testbed");
  await cloneRepository(context.options.repo, testbed, context.options.signal);
  // Requirements come from the environment setup commit, which may be newer than base_commit: read before pruning.
  const requirements = plan.usesRequirements ? await swebenchRequirements(testbed, row.repo, row.environment_setup_commit ?? row.base_commit) : null;
  await pruneToBaseCommit(testbed, row.base_commit, context.options.repo, context.options.signal);
  const envSets: WheelSet[] = [{ label: "pip, setuptools, wheel", args: bootstrapPins }];
  await mkdir(join(directory, "env"), { recursive: true });
  const requirementsFile = join(directory, "env", "requirements.txt");
  if (requirements !== null) {
    await writeFile(requirementsFile, requirements + "\n");
    const lines = requirements.split("\n").map((line) => line.trim()).filter((line) => line !== "" && !line.startsWith("#") && !line.startsWith("-"));
    envSets.push({ label: "requirements.txt", args: ["-r", requirementsFile], identity: requirements, lines });
  }
  for (const set of plan.packageSets) envSets.push({ label: set.label, args: set.specifiers });
  yield { type: "progress", task, done: 1, total: 4, unit: "phases", detail: "downloading the environment's wheels on the host" };
  const progress = { python: environment.hostPython, cacheDir: context.cacheDir, ...(context.options.signal === undefined ? {} : { signal: context.options.signal }) };
  const envWheels = await downloadWheels(envSets, environment.pythonVersion, progress);
  if (requirements !== null && envWheels.dropped.length > 0) {
    // SWE-bench's requirements.txt, minus the pins that cannot exist on this Python (commented, with the reason).
    const dropped = new Map(envWheels.dropped.map((entry) => [entry.requirement, entry.reason]));
    const kept = requirements.split("\n").map((line) => (dropped.has(line.trim()) ? `# entropo: left out on Python ${environment.pythonVersion} (${dropped.get(line.trim())}): ${line.trim()}` : line));
    await writeFile(requirementsFile, kept.join("\n") + "\n");
  }
  for (const entry of envWheels.dropped) {
    const warning = `${row.instance_id}: ${entry.set} pin ${entry.requirement} left out: it cannot be installed on Python ${environment.pythonVersion} (${entry.reason})`;
    plan.warnings.push(warning);
    yield log("warn", warning, "build-image");
  }
  await linkAll(envWheels.dir, join(directory, "env-wheels"));
  yield { type: "progress", task, done: 2, total: 4, unit: "phases", detail: `downloading the repository's build and install requirements${envWheels.cached ? " (environment wheels cached)" : ""}` };
  const repoSets: WheelSet[] = [
    { label: "build requirements", args: await buildRequires(environment.hostPython, testbed, row.base_commit) },
    { label: "the repository's dependencies", args: [`${testbed}${plan.installExtras}`], identity: `${row.base_commit}${plan.installExtras}` },
  ];
  const repoWheels = await downloadWheels(repoSets, environment.pythonVersion, progress);
  await linkAll(repoWheels.dir, join(directory, "repo-wheels"));
  await mkdir(join(directory, "conda", "bin"), { recursive: true });
  await mkdir(join(directory, "conda", "etc", "profile.d"), { recursive: true });
  await mkdir(join(directory, "conda", "envs"), { recursive: true });
  await mkdir(join(directory, "repo"), { recursive: true });
  await writeFile(join(directory, "conda", "bin", "activate"), condaActivateScript);
  await writeFile(join(directory, "conda", "etc", "profile.d", "conda.sh"), condaProfileScript);
  await writeFile(join(directory, "conda", "bashrc"), bashrc);
  await writeFile(join(directory, "env", "setup_env.sh"), plan.envScript);
  await writeFile(join(directory, "repo", "setup_repo.sh"), plan.repoScript);
  await writeFile(join(directory, "Dockerfile"), dockerfile(environment.base, { [keyLabel]: key, "entropo.swebench.instance": row.instance_id }));
}

/** Builds one instance image unless an image with its recipe key exists. */
async function* buildOne(context: Context, row: SwebenchRow): AsyncGenerator<PipelineEvent, BuiltImage> {
  const started = performance.now();
  const image = swebenchImageName(row.instance_id);
  const spec = specOfRow(row);
  const notes: string[] = [];
  const environment = await resolveBuildEnvironment(spec.python, {
    ...(context.options.baseImage === undefined ? {} : { baseImage: context.options.baseImage }),
    ...(context.options.python === undefined ? {} : { python: context.options.python }),
    onBuild: (message) => notes.push(message),
  });
  for (const note of notes) yield log("info", note, "build-image");
  const plan = planImage(row, spec, environment.pythonVersion);
  for (const warning of plan.warnings) yield log("warn", warning, "build-image");
  const key = recipeKey(row, plan, environment.baseId);
  const seconds = (): number => Math.round((performance.now() - started) / 100) / 10;
  if (!context.options.rebuild && (await imageLabels(image))[keyLabel] === key) {
    yield log("info", `${image} is up to date (recipe ${key})`, "build-image");
    return { instance_id: row.instance_id, image, base: environment.base, python: environment.pythonVersion, cached: true, seconds: seconds(), warnings: plan.warnings };
  }
  const directory = await mkdtemp(join(tmpdir(), `entropo-image-${row.instance_id}-`));
  try {
    yield* prepareContext(context, environment, row, plan, key, directory);
    throwIfAborted(context.options.signal);
    const task = `build-image ${row.instance_id}`;
    yield { type: "progress", task, done: 3, total: 4, unit: "phases", detail: "docker build --network none" };
    const steps = new EventChannel<PipelineEvent>();
    const build = dockerBuild(directory, image, {
      ...(context.options.signal === undefined ? {} : { signal: context.options.signal }),
      onStep: (done, total, instruction) => steps.push({ type: "progress", task: `docker build ${row.instance_id}`, done, total, unit: "steps", detail: instruction.slice(0, 100) }),
    }).finally(() => steps.close());
    build.catch(() => undefined); // awaited below, after the steps are drained
    yield* steps;
    await build;
    yield { type: "progress", task, done: 4, total: 4, unit: "phases", detail: `built ${image}` };
    return { instance_id: row.instance_id, image, base: environment.base, python: environment.pythonVersion, cached: false, seconds: seconds(), warnings: plan.warnings };
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

/** Builds (or finds cached) the images of the selected instances; yields progress and a final `result` event. */
export async function* buildSwebenchImages(options: BuildImagesOptions): AsyncGenerator<PipelineEvent, BuiltImage[]> {
  if (options.ids.length === 0) throw new InputError("option --ids expects one or more instance ids, received none");
  const rows = await loadSwebenchRows(options.tasks);
  const selected = options.ids.map((id) => {
    const row = rows.find((candidate) => candidate.instance_id === id);
    if (row === undefined) throw new InputError(`option --ids: no row "${id}" in ${options.tasks}`);
    return row;
  });
  const context: Context = { options: { ...options, repo: resolve(options.repo) }, cacheDir: options.cacheDir ?? defaultCacheDir() };
  const built: BuiltImage[] = [];
  for (const row of selected) {
    throwIfAborted(options.signal);
    built.push(yield* buildOne(context, row));
  }
  yield { type: "result", command: "tasks build-image", data: { images: built } };
  return built;
}
