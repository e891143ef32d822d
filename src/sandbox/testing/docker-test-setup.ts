// Test support: is a Docker engine (and an image) usable here, a sandbox factory for tests, and a run's containers.
import Docker from "dockerode";
import { baseImage } from "../../util/paths.js";
import { createDockerSandboxFactory } from "../docker-sandbox.js";
import type { SandboxFactory } from "../sandbox.js";
import { LABEL_RUN } from "../labels.js";

const docker = new Docker();

export type DockerTestSetup = { factory: SandboxFactory; docker: Docker; image: string } | { skip: string };

/** null when the engine answers and `image` (when given) is present locally; otherwise why tests must skip. */
export async function dockerUnavailableReason(image?: string): Promise<string | null> {
  try {
    await docker.ping();
  } catch (error) {
    return `no Docker engine reachable (${(error as Error).message})`;
  }
  if (image === undefined) return null;
  try {
    await docker.getImage(image).inspect();
    return null;
  } catch {
    return `image ${image} is missing (run scripts/build-base-image.sh)`;
  }
}

/** Resolves the factory for `runId` with the base image, or `{skip}` naming why Docker tests cannot run here. */
export async function dockerTestSetup(runId: string): Promise<DockerTestSetup> {
  const unavailable = await dockerUnavailableReason(baseImage);
  if (unavailable !== null) return { skip: unavailable };
  return { factory: createDockerSandboxFactory({ runId }), docker, image: baseImage };
}

/** Ids of containers (any state) that carry the run label. */
export async function containersOfRun(runId: string): Promise<string[]> {
  const list = await docker.listContainers({ all: true, filters: { label: [`${LABEL_RUN}=${runId}`] } });
  return list.map((info) => info.Id);
}
