// Benchmark: every QuixBugs task graded in a real container with the buggy program (expect 0) and the gold patch (expect 1).
import { existsSync } from "node:fs";
import { join } from "node:path";
import { sharedDataDir } from "../src/util/paths.js";
import { createDockerSandboxFactory, removeRunContainers } from "../src/sandbox/docker-sandbox.js";
import { loadTasks } from "../src/tasks/load-tasks.js";
import { applyPatch, mapLimited } from "../src/tasks/testing/task-sandbox.js";

type TaskOutcome = { id: string; buggyReward: number; correctReward: number; buggySeconds: number; correctSeconds: number; buggyTests: number; correctTests: number };

/** Grades all QuixBugs tasks buggy and fixed and returns the summary (the harness stores bench/results/quixbugs.json). */
export async function runQuixbugsBenchmark(options: { concurrency?: number; buggyTimeoutSeconds?: number } = {}): Promise<Record<string, unknown>> {
  const root = join(sharedDataDir(), "quixbugs");
  if (!existsSync(root)) throw new Error(`QuixBugs not found at ${root}`);
  const runId = `bench-quixbugs-${process.pid}`;
  const factory = createDockerSandboxFactory({ runId });
  const tasks = await loadTasks(`quixbugs:${root}`);
  const started = performance.now();
  try {
    const outcomes = await mapLimited(tasks, options.concurrency ?? 2, async (task): Promise<TaskOutcome> => {
      const sandbox = await factory.create({ image: task.image, runId, memoryMb: 1024, cpus: 1 });
      try {
        await task.prepare(sandbox);
        const buggy = await task.grade(sandbox, { timeoutSeconds: options.buggyTimeoutSeconds ?? 20 });
        await sandbox.exec("git checkout -q . && git clean -fdq", { workdir: "/testbed" });
        await applyPatch(sandbox, task.goldPatch ?? "");
        const correct = await task.grade(sandbox, { timeoutSeconds: 120 });
        const outcome = {
          id: task.id,
          buggyReward: buggy.reward,
          correctReward: correct.reward,
          buggySeconds: Number(buggy.seconds.toFixed(2)),
          correctSeconds: Number(correct.seconds.toFixed(2)),
          buggyTests: Object.keys(buggy.tests).length,
          correctTests: Object.keys(correct.tests).length,
        };
        console.log(`${task.id}: buggy ${outcome.buggyReward} (${outcome.buggySeconds}s), correct ${outcome.correctReward} (${outcome.correctSeconds}s)`);
        return outcome;
      } finally {
        await sandbox.close();
      }
    });
    const summary = {
      benchmark: "quixbugs",
      tasks: outcomes.length,
      correct_graded_1: outcomes.filter((outcome) => outcome.correctReward === 1).length,
      buggy_graded_0: outcomes.filter((outcome) => outcome.buggyReward === 0).length,
      all_ok: outcomes.every((outcome) => outcome.correctReward === 1 && outcome.buggyReward === 0),
      wall_seconds: Number(((performance.now() - started) / 1000).toFixed(1)),
      buggy_timeout_seconds: options.buggyTimeoutSeconds ?? 20,
      outcomes,
    };
    return summary;
  } finally {
    await removeRunContainers(runId);
  }
}

/** `npm run bench -- quixbugs [--concurrency N] [--buggy-timeout SECONDS]`. */
export default async function quixbugsBench(args: string[]): Promise<Record<string, unknown>> {
  const valueOf = (flag: string): number | undefined => {
    const index = args.indexOf(flag);
    if (index < 0) return undefined;
    const value = Number(args[index + 1]);
    if (!Number.isInteger(value) || value < 1) throw new Error(`option ${flag} expects a positive integer, received ${JSON.stringify(args[index + 1])}`);
    return value;
  };
  return runQuixbugsBenchmark({ concurrency: valueOf("--concurrency"), buggyTimeoutSeconds: valueOf("--buggy-timeout") });
}
