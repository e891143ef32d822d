// `npm run bench -- sandbox [iterations]`: overhead of a tool call through entropo versus a bare `docker exec` of the
// equivalent command through the Engine API (same container, interleaved, same run), per tool kind and pooled; entropo
// beside mini-swe-agent's Docker environment (the package from the index: `docker exec` per command) per command and
// for start + first command + teardown; and steps/second of 16 parallel replayed rollouts.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import Docker from "dockerode";
import { executeAssistantText } from "../src/agent/execute-call.js";
import { parseResponse } from "../src/agent/parse-response.js";
import { prepareRepository } from "../src/agent/repo-base.js";
import { runAgent } from "../src/agent/run-agent.js";
import { scriptedLlm } from "../src/llm/testing/scripted-llm.js";
import { runHelperTool } from "../src/agent/tools/helper-tools.js";
import { existingToolServer } from "../src/agent/tools/tool-server.js";
import { baseImage } from "../src/util/paths.js";
import { createDockerSandboxFactory, removeRunContainers } from "../src/sandbox/docker-sandbox.js";
import type { SandboxFactory } from "../src/sandbox/sandbox.js";
import { startMiniDriver, type MiniDriver } from "./mini-swe-agent.js";

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};

/** A bare exec through the Engine API: create, start, drain both streams, inspect the exit code. */
async function bareExec(docker: Docker, id: string, command: string): Promise<number> {
  const exec = await docker.getContainer(id).exec({ Cmd: ["/bin/sh", "-c", command], AttachStdout: true, AttachStderr: true, WorkingDir: "/testbed" });
  const stream = await exec.start({ hijack: true, stdin: false });
  const sink = () => new Writable({ write: (_chunk, _encoding, done) => done() });
  await new Promise<void>((resolve) => {
    docker.modem.demuxStream(stream, sink(), sink());
    stream.on("end", resolve);
    stream.on("close", resolve);
  });
  return (await exec.inspect()).ExitCode ?? -1;
}

async function timed(operation: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await operation();
  return performance.now() - started;
}

const CALC = "def add(a, b):\n    return a - b\n";
const rolloutScript = [
  "Look.\n<function=file_editor>\n<parameter=command>view</parameter>\n<parameter=path>/testbed/calc.py</parameter>\n</function>",
  "Run.\n<function=execute_bash>\n<parameter=cmd>python3 -c 'import calc; print(calc.add(1, 2))'</parameter>\n</function>",
  "Search.\n<function=search>\n<parameter=search_term>return</parameter>\n<parameter=path>/testbed</parameter>\n</function>",
  "Fix.\n<function=file_editor>\n<parameter=command>str_replace</parameter>\n<parameter=path>/testbed/calc.py</parameter>\n<parameter=old_str>a - b</parameter>\n<parameter=new_str>a + b</parameter>\n</function>",
  "Check.\n<function=execute_bash>\n<parameter=cmd>python3 -c 'import calc; assert calc.add(1, 2) == 3'</parameter>\n</function>",
  "Done.\n<function=finish>\n<parameter=command>submit</parameter>\n</function>",
];

/** A tool kind: the call through entropo, text its observation must contain, and the equivalent bare command. */
type Kind = { name: string; entropo: string; expect: string; bare: string };

const call = (fn: string, parameters: Record<string, string>) =>
  `<function=${fn}>\n${Object.entries(parameters)
    .map(([key, value]) => `<parameter=${key}>${value}</parameter>`)
    .join("\n")}\n</function>`;

/** Each tool kind beside a bare exec of the equivalent shell command (same container, same run, interleaved). */
const KINDS: Kind[] = [
  { name: "execute_bash", entropo: call("execute_bash", { cmd: "ls -la /testbed" }), expect: "calc.py", bare: "ls -la /testbed" },
  { name: "file_editor_view", entropo: call("file_editor", { command: "view", path: "/testbed/calc.py" }), expect: "     2     return a", bare: "cat -n /testbed/calc.py" },
  {
    name: "search",
    entropo: call("search", { search_term: "return", path: "/testbed" }),
    expect: "./calc.py (1 matches)",
    bare: "grep -rn --include='*.py' return /testbed",
  },
  {
    // Alternates direction so every call edits: entropo turns - into +, the bare sed turns it back.
    name: "file_editor_str_replace",
    entropo: call("file_editor", { command: "str_replace", path: "/testbed/calc.py", old_str: "a - b", new_str: "a + b" }),
    expect: "has been edited",
    bare: "sed -i 's/a + b/a - b/' /testbed/calc.py",
  },
];

const round = (value: number, digits = 3) => Number(value.toFixed(digits));

/** Starts mini-swe-agent's driver, or says why it cannot run here. */
async function miniOrReason(): Promise<MiniDriver | string> {
  try {
    return await startMiniDriver();
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/**
 * Start + first command + teardown, interleaved: entropo (create the sandbox with its warden, one execute_bash call,
 * close) beside mini-swe-agent (DockerEnvironment(), execute(), cleanup()).
 */
async function startTeardown(factory: SandboxFactory, runId: string, mini: MiniDriver | string, trials: number) {
  const entropo: number[] = [];
  const other: number[] = [];
  for (let trial = 0; trial < trials; trial += 1) {
    entropo.push(
      await timed(async () => {
        const box = await factory.create({ image: baseImage, runId, workdir: "/testbed" });
        const observation = await executeAssistantText(box, KINDS[0]?.entropo ?? "");
        if (!observation.startsWith("Exit code: 0")) throw new Error(`start_teardown: unexpected observation ${JSON.stringify(observation)}`);
        await box.close();
      }),
    );
    if (typeof mini !== "string") {
      const reply = await mini.request({ op: "trial", image: baseImage, cwd: "/testbed", command: KINDS[0]?.bare ?? "" });
      if (reply.returncode !== 0) throw new Error(`mini-swe-agent trial failed: ${JSON.stringify(reply)}`);
      other.push(reply.ms);
    }
  }
  return { entropo: median(entropo), mini: other.length > 0 ? median(other) : null };
}

/** Runs the benchmark and returns the summary stored in bench/results/sandbox.json. */
export default async function benchSandbox(args: string[]): Promise<unknown> {
  const iterations = Number(args[0] ?? 30);
  const runId = `bench-sandbox-${process.pid}`;
  const docker = new Docker();
  const factory = createDockerSandboxFactory({ runId });
  const repo = await mkdtemp(join(tmpdir(), "entropo-bench-"));
  await writeFile(join(repo, "calc.py"), CALC);
  const loadBefore = loadavg()[0] ?? 0;
  const mini = await miniOrReason();
  try {
    const sandbox = await factory.create({ image: baseImage, runId });
    await prepareRepository(sandbox, repo);
    const viewAction = parseResponse(KINDS[1]?.entropo ?? "").action;
    const firstCallMs = await timed(() => executeAssistantText(sandbox, KINDS[1]?.entropo ?? "")); // installs the helper, starts the server
    const samples = new Map(KINDS.map((kind) => [kind.name, { entropo: [] as number[], bare: [] as number[] }]));
    const separateView: number[] = [];
    const miniBash: number[] = [];
    if (typeof mini !== "string") {
      await mini.request({ op: "start", image: baseImage, cwd: "/testbed" });
      await mini.request({ op: "exec", command: `printf '%s' '${CALC}' > /testbed/calc.py` });
    }
    for (let index = 0; index < iterations; index += 1) {
      for (const kind of KINDS) {
        const sample = samples.get(kind.name);
        let observation = "";
        sample?.entropo.push(await timed(async () => (observation = await executeAssistantText(sandbox, kind.entropo))));
        if (!observation.includes(kind.expect)) throw new Error(`${kind.name}: unexpected observation ${JSON.stringify(observation)}`);
        sample?.bare.push(await timed(() => bareExec(docker, sandbox.id, kind.bare)));
        if (kind.name === "execute_bash" && typeof mini !== "string") {
          const reply = await mini.request({ op: "exec", command: kind.bare });
          if (!(reply.output ?? "").includes(kind.expect)) throw new Error(`mini-swe-agent: unexpected output ${JSON.stringify(reply)}`);
          miniBash.push(reply.ms);
        }
      }
      // The previous implementation (one helper process per call), for comparison in the same run.
      separateView.push(await timed(() => runHelperTool(sandbox, "file_editor", viewAction, 90, { separateProcess: true })));
    }
    const serverStarts = existingToolServer(sandbox)?.starts;
    await sandbox.close();
    if (typeof mini !== "string") await mini.request({ op: "stop" });
    const trials = Math.max(5, Math.round(iterations / 4));
    const lifecycle = await startTeardown(factory, runId, mini, trials);

    const parallel = 16;
    const started = performance.now();
    const outcomes = await Promise.all(
      Array.from({ length: parallel }, async () => {
        const box = await factory.create({ image: baseImage, runId });
        try {
          await prepareRepository(box, repo);
          return await runAgent({ sandbox: box, llm: scriptedLlm(rolloutScript), problemStatement: "add subtracts" });
        } finally {
          await box.close();
        }
      }),
    );
    const wallSeconds = (performance.now() - started) / 1000;
    const steps = outcomes.reduce((sum, outcome) => sum + outcome.steps.length, 0);
    const perKind = Object.fromEntries(
      [...samples].map(([name, sample]) => {
        const entropo = median(sample.entropo);
        const bare = median(sample.bare);
        return [name, { entropo_median_ms: round(entropo, 2), bare_exec_median_ms: round(bare, 2), ratio: round(entropo / bare) }];
      }),
    );
    const pooled = (key: "entropo" | "bare") => median([...samples.values()].flatMap((sample) => sample[key]));
    const bareView = median(samples.get("file_editor_view")?.bare ?? []);
    const entropoBash = median(samples.get("execute_bash")?.entropo ?? []);
    return {
      machine: {
        cpus: cpus().length,
        image: baseImage,
        load_average_1m_before: round(loadBefore, 2),
        load_average_1m_after: round(loadavg()[0] ?? 0, 2),
        note: "a shared 2-core machine, loaded by other jobs while this ran: compare ratios within one run, not times across runs",
      },
      iterations,
      tool_call_ms: perKind,
      ratio_vs_bare_exec: round(pooled("entropo") / pooled("bare")),
      ratio_definition: "median of all tool calls through entropo / median of all bare Engine API execs of the equivalent commands (equal count per kind)",
      worst_kind_ratio: round(Math.max(...Object.values(perKind).map((kind) => kind.ratio))),
      ratio_vs_mini_swe_agent:
        typeof mini === "string"
          ? { execute_bash: null, start_teardown: null, skipped: mini }
          : {
              execute_bash: round(entropoBash / median(miniBash)),
              start_teardown: lifecycle.mini === null ? null : round(lifecycle.entropo / lifecycle.mini),
            },
      mini_swe_agent: {
        version: typeof mini === "string" ? null : mini.version,
        environment: "minisweagent.environments.docker.DockerEnvironment (defaults: docker run -d --rm, docker exec ... bash -lc per command, cleanup = background docker stop)",
        execute_bash_median_ms: miniBash.length > 0 ? round(median(miniBash), 2) : null,
        execute_bash_definition: "DockerEnvironment.execute of the same command in its own container, timed inside its Python process, interleaved with entropo's calls",
        start_teardown_ms: { entropo_median: round(lifecycle.entropo, 2), mini_median: lifecycle.mini === null ? null : round(lifecycle.mini, 2), trials },
        start_teardown_definition:
          "entropo: factory.create (container + warden) + one execute_bash + close (container removed); mini: DockerEnvironment() + execute() + cleanup() (returns at once; its container lingers ~10 s until `docker stop` kills it)",
      },
      tool_server: {
        note: "file_editor/search run in one persistent helper process per sandbox; execute_bash commands are started by it as separate processes (an exec's wrapper, timeout and tree kill)",
        first_call_ms: round(firstCallMs, 2),
        first_call_note: "first file_editor call of a sandbox: ships the helper, probes python, starts the server (a first execute_bash runs as an exec meanwhile)",
        server_starts: serverStarts,
        separate_process_view_median_ms: round(median(separateView), 2),
        separate_process_view_ratio_vs_bare_cat: round(median(separateView) / bareView),
      },
      goal_ratio: 1.2,
      goal_execute_bash_ratio_vs_bare_exec: 0.25,
      parallel_rollouts: {
        rollouts: parallel,
        steps,
        wall_seconds: Number(wallSeconds.toFixed(2)),
        steps_per_second: Number((steps / wallSeconds).toFixed(3)),
        exit_reasons: [...new Set(outcomes.map((outcome) => outcome.exitReason))],
        all_patched: outcomes.every((outcome) => outcome.outputPatch.includes("+    return a + b")),
        note: "each rollout includes container start, repo copy + base commit, 6 steps, patch extraction and removal",
      },
    };
  } finally {
    await removeRunContainers(runId);
    if (typeof mini !== "string") await mini.close();
    await rm(repo, { recursive: true, force: true });
  }
}
