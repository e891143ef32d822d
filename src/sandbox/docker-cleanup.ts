// Removal of sandbox containers: a whole run, dead runs (`entropo gc`), and every live one on process exit or signal.
import { execFileSync } from "node:child_process";
import type Docker from "dockerode";
import { resolveDockerHosts } from "./docker-hosts.js";
import { processAlive } from "../util/process-alive.js";
import { LABEL_OWNER, LABEL_PID, LABEL_RUN, ownerName } from "./labels.js";

type Tracked = { id: string; docker: Docker; hostLabel: string };
const live = new Map<string, Tracked>();
let hooksInstalled = false;

/** Remembers a container so it is removed if the process exits or is signalled. */
export function trackContainer(id: string, docker: Docker, hostLabel: string): void {
  live.set(id, { id, docker, hostLabel });
  installExitHooks();
}

/** Forgets a container that was removed normally. */
export function untrackContainer(id: string): void {
  live.delete(id);
}

/** Removes (force) one container; a missing one counts as removed. */
export async function forceRemove(docker: Docker, id: string): Promise<void> {
  try {
    await docker.getContainer(id).remove({ force: true, v: true });
  } catch (error) {
    const status = (error as { statusCode?: number }).statusCode;
    if (status !== 404 && status !== 409) throw error;
  }
}

/** Removes every container labelled with `runId` on the given engines (default: DOCKER_HOST / local). */
export async function removeRunContainers(runId: string, hosts?: string[]): Promise<string[]> {
  const removed: string[] = [];
  for (const host of resolveDockerHosts(hosts)) {
    const containers = await host.docker.listContainers({ all: true, filters: { label: [`${LABEL_RUN}=${runId}`] } });
    for (const info of containers) {
      await forceRemove(host.docker, info.Id);
      untrackContainer(info.Id);
      removed.push(info.Id);
    }
  }
  return removed;
}

/** Removes containers of this machine whose owning process is dead (leftovers of killed runs). */
export async function gcDeadRuns(hosts?: string[]): Promise<{ removed: string[] }> {
  const removed: string[] = [];
  for (const host of resolveDockerHosts(hosts)) {
    const containers = await host.docker.listContainers({ all: true, filters: { label: [`${LABEL_OWNER}=${ownerName()}`] } });
    for (const info of containers) {
      const pid = Number(info.Labels[LABEL_PID]);
      if (processAlive(pid)) continue;
      await forceRemove(host.docker, info.Id);
      removed.push(info.Id);
    }
  }
  return { removed };
}

/** Synchronous last-chance removal (the 'exit' event cannot wait for promises): uses the docker CLI. */
function removeAllSync(): void {
  for (const tracked of live.values()) {
    try {
      const env = tracked.hostLabel.startsWith("unix:///var/run/docker.sock")
        ? process.env
        : { ...process.env, DOCKER_HOST: tracked.hostLabel };
      execFileSync("docker", ["rm", "-f", "-v", tracked.id], { stdio: "ignore", env, timeout: 20_000 });
    } catch {
      // best effort: `entropo gc` removes what is left
    }
  }
  live.clear();
}

/** Removes all tracked containers through the Engine API. */
async function removeAllTracked(): Promise<void> {
  const all = [...live.values()];
  await Promise.all(all.map((tracked) => forceRemove(tracked.docker, tracked.id).catch(() => undefined)));
  for (const tracked of all) live.delete(tracked.id);
}

function installExitHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.on("exit", removeAllSync);
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      // When the CLI owns the signal (it aborts the run and closes sandboxes), only clean up on the way out.
      if (process.listenerCount(signal) > 1) return;
      void removeAllTracked().finally(() => process.exit(signal === "SIGINT" ? 130 : 143));
    });
  }
}
