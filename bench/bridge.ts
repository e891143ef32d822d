// `npm run bench -- bridge [repeats]`: the tiny SFT config through `entropo train` (real CLI, pythonia bridge) and
// through `python -m entropo_trainer train`, interleaved in one run; ratio of median wall times + bridge call latency.
import { mkdtempSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { projectPython, projectRoot } from "../src/util/paths.js";
import { measureBridgeLatency } from "../src/training/bridge-trainer.js";
import { trainingEnv, trainingEnvOverrides } from "../src/training/python-env.js";
import { makeTinyModel, tinyConfig } from "../src/training/testing/train-helpers.js";

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};

async function timed(command: string, args: string[]): Promise<number> {
  const started = performance.now();
  await execa(command, args, { env: trainingEnv({ HF_HUB_OFFLINE: "1" }), extendEnv: false });
  return (performance.now() - started) / 1000;
}

/** Runs the comparison and returns the summary stored in bench/results/bridge.json. */
export default async function bridgeBenchmark(args: string[]): Promise<unknown> {
  const repeats = Number(args[0] ?? 3);
  const python = projectPython();
  const work = mkdtempSync(join(tmpdir(), "entropo-bench-bridge-"));
  const model = await makeTinyModel(python, work);
  const config = tinyConfig("sft");
  const sets = (out: string) => [`model_name_or_path=${model}`, `output_dir=${join(work, out)}`];
  const direct: number[] = [];
  const viaEntropo: number[] = [];
  for (let index = 0; index < repeats; index += 1) {
    direct.push(await timed(python, ["-m", "entropo_trainer", "train", config, ...sets(`direct-${index}`)]));
    viaEntropo.push(await timed(process.execPath, [join(projectRoot(), "bin", "entropo.js"), "train", "--json", "--config", config, ...sets(`entropo-${index}`).flatMap((item) => ["--set", item])]));
  }
  const latencies = await measureBridgeLatency({ python, logFile: join(work, "latency.log"), env: trainingEnvOverrides() }, 500);
  const sortedLatencies = [...latencies].sort((a, b) => a - b);
  return {
    benchmark: "bridge",
    config: "llamafactory-configs/tiny/sft.yaml (tiny Qwen3, 4 steps, LoRA, CPU)",
    repeats,
    direct_seconds: direct,
    entropo_seconds: viaEntropo,
    ratio_vs_direct: median(viaEntropo) / median(direct),
    goal_ratio_vs_direct: 1.05,
    bridge_call_latency_ms: { calls: latencies.length, median: median(latencies), p95: sortedLatencies[Math.floor(0.95 * sortedLatencies.length)] ?? 0, max: sortedLatencies.at(-1) ?? 0 },
    machine: { cpus: cpus().length, loadavg_1m: loadavg()[0] },
    note: "entropo's time includes Node start, config validation, the interpreter check and pythonia; measured interleaved on one machine",
  };
}
