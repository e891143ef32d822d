// `docker build --network none` of a prepared context, with each Dockerfile step reported as it starts.
import { execa } from "execa";
import { ExternalError } from "../../core/errors.js";

/** Labels of an image (empty when the image does not exist). */
export async function imageLabels(image: string): Promise<Record<string, string>> {
  const result = await execa("docker", ["image", "inspect", image, "--format", "{{json .Config.Labels}}"], { reject: false });
  if (result.exitCode !== 0) return {};
  return (JSON.parse(result.stdout) as Record<string, string> | null) ?? {};
}

/** The id of an image, or an error naming it (the base image must exist locally: nothing is pulled). */
export async function imageId(image: string): Promise<string> {
  const result = await execa("docker", ["image", "inspect", image, "--format", "{{.Id}}"], { reject: false });
  if (result.exitCode !== 0) throw new ExternalError(`image ${image} is not present locally`, { hint: "build it with bash scripts/build-base-image.sh" });
  return result.stdout.trim();
}

/** `python3 --version` (major.minor) inside an image, run with no network. */
export async function imagePythonVersion(image: string): Promise<string> {
  const result = await execa("docker", ["run", "--rm", "--network", "none", image, "python3", "-c", "import sys; print('%d.%d' % sys.version_info[:2])"], { reject: false });
  if (result.exitCode !== 0) throw new ExternalError(`cannot run python3 in ${image}: ${result.stderr.trim()}`);
  return result.stdout.trim();
}

/**
 * Builds `context` (its Dockerfile) into `tag` with no network. `onStep(done, total, instruction)` fires as each step
 * starts; a failure is an ExternalError holding the build's last lines.
 */
export async function dockerBuild(context: string, tag: string, options: { signal?: AbortSignal; onStep?: (done: number, total: number, instruction: string) => void }): Promise<void> {
  const child = execa("docker", ["build", "--network", "none", "--rm", "--force-rm", "--tag", tag, context], {
    reject: false,
    all: true,
    buffer: { all: true },
    cancelSignal: options.signal,
    env: { DOCKER_BUILDKIT: "0" },
  });
  for await (const line of child.iterable({ from: "all" })) {
    const step = /^Step (\d+)\/(\d+) : (.*)$/.exec(String(line));
    if (step !== null) options.onStep?.(Number(step[1]) - 1, Number(step[2]), step[3] ?? "");
  }
  const result = await child;
  if (result.isCanceled) throw new ExternalError(`docker build of ${tag}: cancelled`);
  if (result.exitCode !== 0) {
    const tail = String(result.all ?? "").split("\n").slice(-25).join("\n");
    throw new ExternalError(`docker build of ${tag} failed (exit ${result.exitCode}):\n${tail}`);
  }
}
