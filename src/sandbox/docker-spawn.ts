// A long-lived process in a container with stdin/stdout attached through the Engine API (hijacked exec stream). Docker
// makes every exec a session and process-group leader; the group id goes to a file and the exec's marker variable to
// every process it starts, so kill() reaches the whole tree with the same script the timeout path uses.
import { randomBytes } from "node:crypto";
import type { Duplex } from "node:stream";
import { Writable } from "node:stream";
import type Docker from "dockerode";
import { exitCodeOf, killTree } from "./docker-exec.js";
import { MARKER_VARIABLE, spawnWrapperScript } from "./kill-tree.js";
import type { SandboxProcess, SpawnOptions } from "./sandbox.js";

const sink = (listener: ((chunk: Buffer) => void) | undefined) =>
  new Writable({
    write: (chunk: Buffer, _encoding, done) => {
      listener?.(chunk);
      done();
    },
  });

/** Starts `command` (/bin/sh -c) in the container with stdin attached; see SandboxProcess. */
export async function spawnInContainer(
  docker: Docker,
  container: Docker.Container,
  command: string,
  options: SpawnOptions & { defaultWorkdir: string; baseEnv?: Record<string, string> },
): Promise<SandboxProcess> {
  const marker = randomBytes(8).toString("hex");
  const env = { ...(options.baseEnv ?? {}), ...(options.env ?? {}), [MARKER_VARIABLE]: marker };
  const exec = await container.exec({
    Cmd: ["/bin/sh", "-c", spawnWrapperScript(marker), "sh", command],
    Env: Object.entries(env).map(([key, value]) => `${key}=${value}`),
    WorkingDir: options.workdir ?? options.defaultWorkdir,
    AttachStdin: true,
    AttachStdout: true,
    AttachStderr: true,
    Tty: false,
  });
  const stream = (await exec.start({ hijack: true, stdin: true })) as Duplex & { unref?: () => void };
  // An idle server must not keep the host process alive; calls keep it alive with their own timers.
  stream.unref?.();
  docker.modem.demuxStream(stream, sink(options.onStdout), sink(options.onStderr));
  const exited = new Promise<number>((resolve) => {
    let settled = false;
    const done = () => {
      if (settled) return;
      settled = true;
      void exitCodeOf(exec).then(resolve);
    };
    stream.on("end", done);
    stream.on("close", done);
    stream.on("error", done);
  });
  let killing: Promise<void> | undefined;
  return {
    exited,
    write: (data) => {
      if (!stream.destroyed && stream.writable) stream.write(data);
    },
    kill: () => {
      killing ??= killTree(container, marker, { byStartTime: false })
        .catch(() => false)
        .then(() => {
          stream.destroy();
        });
      return killing;
    },
  };
}
