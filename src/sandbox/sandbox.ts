// The Sandbox interface: an isolated /testbed where tools and tests run (implemented by the Docker sandbox).

export type ExecOptions = {
  /** Seconds before the whole process tree is killed; R2E's per-step default is 90. */
  timeoutSeconds?: number;
  workdir?: string;
  env?: Record<string, string>;
  /** Bytes of output kept (stdout and stderr interleaved); the rest is dropped and `truncated` is set. */
  maxOutputBytes?: number;
};

export type ExecResult = {
  exitCode: number;
  /** stdout and stderr interleaved, as R2E's runtime sees them (no demux). */
  output: string;
  /** stdout alone (the Docker sandbox fills it; execute_bash formats R2E's [STDOUT] block from it). */
  stdout?: string;
  /** stderr alone. */
  stderr?: string;
  timedOut: boolean;
  truncated: boolean;
  durationMs: number;
};

export type SpawnOptions = {
  workdir?: string;
  env?: Record<string, string>;
  /** Receives stdout bytes in arrival order. */
  onStdout: (chunk: Buffer) => void;
  /** Receives stderr bytes (diagnostics). */
  onStderr?: (chunk: Buffer) => void;
};

/** A long-lived process in a sandbox with stdin and stdout attached (entropo's tool server). */
export interface SandboxProcess {
  /** Writes bytes to the process's stdin. */
  write(data: Uint8Array): void;
  /** Resolves with the exit code once the process has ended and all its output was delivered (-1 if unknown). */
  readonly exited: Promise<number>;
  /** SIGKILLs the process, its process group and every process started under it, then detaches (twice is fine). */
  kill(): Promise<void>;
}

export type SandboxSpec = {
  image: string;
  workdir?: string;
  /** Network access; off by default. */
  network?: boolean;
  memoryMb?: number;
  cpus?: number;
  pidsLimit?: number;
  runId: string;
  /** Extra labels (the implementation adds owner run and pid labels). */
  labels?: Record<string, string>;
  env?: Record<string, string>;
};

export interface Sandbox {
  readonly id: string;
  /** Runs `command` with /bin/sh -c in the sandbox. */
  exec(command: string, options?: ExecOptions): Promise<ExecResult>;
  /** Writes a file (parents created). */
  writeFile(path: string, content: string | Uint8Array, mode?: number): Promise<void>;
  /** Reads a file; rejects when it does not exist. */
  readFile(path: string): Promise<Buffer>;
  /**
   * Starts `command` with /bin/sh -c and keeps it running with stdin/stdout attached (optional: sandboxes without it
   * run every tool call as a separate command). Its processes are killed by `kill()` or `close()`.
   */
  spawn?(command: string, options: SpawnOptions): Promise<SandboxProcess>;
  /**
   * Kills the whole process tree of a command that was started under the exec wrapper with `marker`
   * (kill-tree.ts: `execWrapperScript`), e.g. by a persistent in-sandbox runner, and resolves once it is gone
   * (optional: without it such runners are not used).
   */
  killTree?(marker: string): Promise<void>;
  /** Copies a host directory's contents into a sandbox directory. */
  copyIn(hostDirectory: string, sandboxDirectory: string): Promise<void>;
  /** Stops and removes the sandbox; safe to call twice. */
  close(): Promise<void>;
}

export interface SandboxFactory {
  create(spec: SandboxSpec): Promise<Sandbox>;
  /** Number of sandboxes this factory holds open now. */
  alive(): number;
}
