// mini-swe-agent's Docker environment as a benchmark peer: its driver (bench/mini-swe-agent-driver.py) runs in a pinned
// bench venv (scripts/bench-venv.sh) and answers one JSON line per request; the containers it started are removed at
// the end (its own cleanup stops them in the background, which takes ~10 s: `sleep` as PID 1 ignores SIGTERM).
import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { createInterface } from "node:readline";
import { join } from "node:path";
import Docker from "dockerode";
import { projectRoot } from "../src/util/paths.js";

export type MiniReply = { ms: number; returncode?: number; output?: string; container?: string };

export type MiniDriver = {
  version: string;
  request(body: Record<string, string>): Promise<MiniReply>;
  /** Ends the driver and force-removes every container it started. */
  close(): Promise<void>;
};

/** Starts the driver, building the bench venv first when needed; throws with the reason when it cannot. */
export async function startMiniDriver(): Promise<MiniDriver> {
  const root = projectRoot();
  const python = execFileSync("bash", [join(root, "scripts", "bench-venv.sh"), "mini-swe-agent"], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] }).trim();
  const version = execFileSync(python, ["-c", "import importlib.metadata as m; print(m.version('mini-swe-agent'))"], { encoding: "utf8" }).trim();
  const child: ChildProcessWithoutNullStreams = spawn(python, [join(root, "bench", "mini-swe-agent-driver.py")], { stdio: ["pipe", "pipe", "pipe"] });
  child.stderr.resume();
  const lines = createInterface({ input: child.stdout });
  const waiting: ((line: string) => void)[] = [];
  lines.on("line", (line) => waiting.shift()?.(line));
  const containers = new Set<string>();
  return {
    version,
    request(body) {
      return new Promise<MiniReply>((resolve, reject) => {
        const onExit = () => reject(new Error("the mini-swe-agent driver exited"));
        child.once("exit", onExit);
        waiting.push((line) => {
          child.off("exit", onExit);
          const reply = JSON.parse(line) as MiniReply;
          if (reply.container) containers.add(reply.container);
          resolve(reply);
        });
        child.stdin.write(JSON.stringify(body) + "\n");
      });
    },
    async close() {
      child.stdin.end();
      await new Promise((resolve) => (child.exitCode === null ? child.once("exit", resolve) : resolve(null)));
      const docker = new Docker();
      await Promise.all([...containers].map((id) => docker.getContainer(id).remove({ force: true }).catch(() => undefined)));
    },
  };
}
