// The warden: one idle /bin/sh per container, started with the container and reading scripts from its stdin. It runs
// the kill script (kill-tree.ts) with builtins only, so a command's tree is killed even when that tree holds every pid
// of the container and no new exec could start (a fork bomb that left its process group).
import { randomBytes } from "node:crypto";
import type Docker from "dockerode";
import { spawnInContainer } from "./docker-spawn.js";
import type { SandboxProcess } from "./sandbox.js";

/** Milliseconds a warden script may take before the caller falls back to an exec. */
const SCRIPT_TIMEOUT_MS = 60_000;

export class Warden {
  private output = "";
  private wake: (() => void) | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private dead = false;

  private constructor(private process: SandboxProcess | undefined) {}

  /** Starts the warden in `container`; resolves to a warden that is already dead when the start failed. */
  static async start(docker: Docker, container: Docker.Container, workdir: string): Promise<Warden> {
    const warden = new Warden(undefined);
    try {
      warden.process = await spawnInContainer(docker, container, "exec /bin/sh -s", {
        defaultWorkdir: workdir,
        onStdout: (chunk) => warden.receive(chunk.toString("latin1")),
      });
      void warden.process.exited.then(() => warden.markDead());
      // Docker answers an exec's start before its process exists: wait for the shell's first answer, so the warden is
      // running (and counted among the container's processes) before any command starts.
      await warden.run(":");
    } catch {
      warden.markDead();
    }
    return warden;
  }

  /** False once the warden's shell ended, failed to start or stopped answering. */
  get alive(): boolean {
    return !this.dead;
  }

  /** Runs `script` in the warden's shell; resolves with what it printed, or undefined when the warden is gone. */
  run(script: string): Promise<string | undefined> {
    const next = this.queue.then(() => this.runNow(script));
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Kills the warden (the container's removal ends it too). */
  async stop(): Promise<void> {
    this.markDead();
    await this.process?.kill();
  }

  private async runNow(script: string): Promise<string | undefined> {
    if (this.dead || this.process === undefined) return undefined;
    const end = `entropo-warden-${randomBytes(6).toString("hex")}`;
    this.output = "";
    // A subshell would fork: the script runs in the warden itself, so it must only set variables it owns.
    this.process.write(Buffer.from(`${script}\necho ${end}\n`, "utf8"));
    const deadline = Date.now() + SCRIPT_TIMEOUT_MS;
    while (!this.output.includes(`${end}\n`)) {
      if (this.dead || Date.now() >= deadline) {
        this.markDead();
        void this.process.kill();
        return undefined;
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, deadline - Date.now());
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    return this.output.slice(0, this.output.indexOf(`${end}\n`));
  }

  private receive(text: string): void {
    this.output += text;
    this.wake?.();
  }

  private markDead(): void {
    this.dead = true;
    this.wake?.();
  }
}
