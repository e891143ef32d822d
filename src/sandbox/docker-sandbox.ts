// Docker implementation of the Sandbox interface: one container per sandbox, no network by default, resource limits,
// labels for cleanup, exec with a per-command timeout, and file transfer through tar archives.
import { randomBytes } from "node:crypto";
import { posix } from "node:path";
import type Docker from "dockerode";
import { ExternalError } from "../core/errors.js";
import { forceRemove, removeRunContainers, trackContainer, untrackContainer, gcDeadRuns } from "./docker-cleanup.js";
import { execInContainer, execPlain, killTree } from "./docker-exec.js";
import { spawnInContainer } from "./docker-spawn.js";
import { leastLoaded, resolveDockerHosts, type DockerHost } from "./docker-hosts.js";
import { sandboxLabels } from "./labels.js";
import type { ExecOptions, ExecResult, Sandbox, SandboxFactory, SandboxProcess, SandboxSpec, SpawnOptions } from "./sandbox.js";
import { directoryEntries, firstFileOfTar, packEntries } from "./tar-archive.js";
import { Warden } from "./warden.js";

export { removeRunContainers, gcDeadRuns };

/** Limits applied when the spec leaves them out. */
const SANDBOX_DEFAULTS = {
  workdir: "/testbed",
  memoryMb: 4096,
  cpus: 1,
  pidsLimit: 1024,
  commandTimeoutSeconds: 90,
} as const;

export type DockerSandboxFactoryOptions = {
  runId: string;
  /** DOCKER_HOST values; several spread sandboxes to the least-loaded engine. Default: $DOCKER_HOST (comma list). */
  hosts?: string[];
  defaults?: Partial<SandboxSpec>;
  /** Seconds a command may run when exec() gets no timeout (R2E: 90). */
  commandTimeoutSeconds?: number;
};

class DockerSandbox implements Sandbox {
  private closed = false;
  private readonly processes = new Set<SandboxProcess>();
  /** The container's warden (kills timed-out trees without a new process); replaced when it died. */
  private warden: Promise<Warden>;

  constructor(
    readonly id: string,
    private readonly host: DockerHost,
    private readonly container: Docker.Container,
    private readonly workdir: string,
    private readonly env: Record<string, string>,
    private readonly timeoutSeconds: number,
    private readonly onClose: () => void,
    warden: Warden,
  ) {
    this.warden = Promise.resolve(warden);
  }

  async exec(command: string, options: ExecOptions = {}): Promise<ExecResult> {
    return execInContainer(this.host.docker, this.container, command, {
      ...options,
      defaultTimeoutSeconds: this.timeoutSeconds,
      defaultWorkdir: this.workdir,
      baseEnv: this.env,
      warden: await this.liveWarden(),
    });
  }

  async killTree(marker: string): Promise<void> {
    if (this.closed) return;
    await killTree(this.container, marker, { byStartTime: true, warden: await this.liveWarden() });
  }

  /** The warden, started again first when the last one died (e.g. the agent ran `kill -9 -1`). */
  private async liveWarden(): Promise<Warden> {
    const current = await this.warden;
    if (current.alive || this.closed) return current;
    this.warden = Warden.start(this.host.docker, this.container, this.workdir);
    return this.warden;
  }

  async spawn(command: string, options: SpawnOptions): Promise<SandboxProcess> {
    if (this.closed) throw new ExternalError(`sandbox ${this.id} is closed`);
    const process = await spawnInContainer(this.host.docker, this.container, command, {
      ...options,
      defaultWorkdir: this.workdir,
      baseEnv: this.env,
    });
    this.processes.add(process);
    void process.exited.then(() => this.processes.delete(process));
    return process;
  }

  async writeFile(path: string, content: string | Uint8Array, mode = 0o644): Promise<void> {
    const absolute = posix.resolve(this.workdir, path);
    const archive = await packEntries([{ kind: "file", path: posix.basename(absolute), content: Buffer.from(content), mode }]);
    await this.putArchiveAt(posix.dirname(absolute), archive);
  }

  /** Extracts a tar archive into `directory`, creating it first when it does not exist. */
  private async putArchiveAt(directory: string, archive: Buffer): Promise<void> {
    try {
      await this.container.putArchive(archive, { path: directory });
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode !== 404) throw error;
      await execPlain(this.container, ["mkdir", "-p", directory]);
      await this.container.putArchive(archive, { path: directory });
    }
  }

  async readFile(path: string): Promise<Buffer> {
    const absolute = posix.resolve(this.workdir, path);
    let stream: NodeJS.ReadableStream;
    try {
      stream = await this.container.getArchive({ path: absolute });
    } catch (error) {
      throw new ExternalError(`sandbox ${this.id}: cannot read ${absolute}`, { cause: error });
    }
    const content = await firstFileOfTar(stream);
    if (content === null) throw new ExternalError(`sandbox ${this.id}: ${absolute} is not a regular file`);
    return content;
  }

  async copyIn(hostDirectory: string, sandboxDirectory: string): Promise<void> {
    const entries = await directoryEntries(hostDirectory);
    await this.putArchiveAt(posix.resolve(this.workdir, sandboxDirectory), await packEntries(entries));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await forceRemove(this.host.docker, this.id);
      // Removing the container ended every spawned process; kill() also detaches their streams.
      await Promise.all([...this.processes].map((process) => process.kill()));
      await (await this.warden).stop();
    } finally {
      untrackContainer(this.id);
      this.onClose();
    }
  }
}

/** Creates sandboxes as containers of the task image on the least-loaded of the configured Docker engines. */
export function createDockerSandboxFactory(options: DockerSandboxFactoryOptions): SandboxFactory {
  const hosts = resolveDockerHosts(options.hosts);
  let alive = 0;
  return {
    alive: () => alive,
    async create(requested: SandboxSpec): Promise<Sandbox> {
      const spec: SandboxSpec = { ...options.defaults, ...requested, runId: requested.runId || options.runId };
      const host = leastLoaded(hosts);
      const workdir = spec.workdir ?? SANDBOX_DEFAULTS.workdir;
      const memoryBytes = (spec.memoryMb ?? SANDBOX_DEFAULTS.memoryMb) * 1024 * 1024;
      const name = `entropo-${spec.runId.replace(/[^a-zA-Z0-9_.-]/g, "-").slice(0, 40)}-${randomBytes(5).toString("hex")}`;
      let container: Docker.Container;
      try {
        container = await host.docker.createContainer({
          name,
          Image: spec.image,
          Cmd: ["sleep", "infinity"],
          Entrypoint: [],
          WorkingDir: workdir,
          Labels: sandboxLabels(spec.runId, spec.labels),
          Env: Object.entries(spec.env ?? {}).map(([key, value]) => `${key}=${value}`),
          NetworkDisabled: !spec.network,
          HostConfig: {
            Init: true,
            NetworkMode: spec.network ? "bridge" : "none",
            Memory: memoryBytes,
            MemorySwap: memoryBytes,
            NanoCpus: Math.round((spec.cpus ?? SANDBOX_DEFAULTS.cpus) * 1e9),
            PidsLimit: spec.pidsLimit ?? SANDBOX_DEFAULTS.pidsLimit,
            SecurityOpt: ["no-new-privileges"],
          },
        });
      } catch (error) {
        throw new ExternalError(`cannot create a sandbox from image ${spec.image} on ${host.label}`, {
          cause: error,
          hint: "is the image present (docker images) and the engine reachable (entropo doctor)?",
        });
      }
      trackContainer(container.id, host.docker, host.label);
      host.alive += 1;
      alive += 1;
      const release = () => {
        host.alive -= 1;
        alive -= 1;
      };
      try {
        await container.start();
      } catch (error) {
        await forceRemove(host.docker, container.id).catch(() => undefined);
        untrackContainer(container.id);
        release();
        throw new ExternalError(`cannot start a sandbox from image ${spec.image} on ${host.label}`, { cause: error });
      }
      const timeout = options.commandTimeoutSeconds ?? SANDBOX_DEFAULTS.commandTimeoutSeconds;
      const warden = await Warden.start(host.docker, container, workdir);
      return new DockerSandbox(container.id, host, container, workdir, spec.env ?? {}, timeout, release, warden);
    },
  };
}
