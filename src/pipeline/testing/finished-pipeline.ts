// Test support: a finished pipeline directory made by the real writers on their test doubles: runRollouts on
// local-directory sandboxes, train() on the scripted launcher (a recorded real run), selectRuns, and the pipeline state.
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadPipeline, pipelineVariables, type PipelineConfig } from "../pipeline-config.js";
import { writeState, type PipelineState } from "../pipeline-state.js";
import { checkStage } from "../pipeline-status.js";
import { scriptedLlm } from "../../llm/testing/scripted-llm.js";
import { runRollouts } from "../../rollouts/run-rollouts.js";
import { fixtureTask, heldAgent } from "../../rollouts/testing/fixture-agent.js";
import { createLocalDirSandboxFactory } from "../../sandbox/testing/local-dir-sandbox.js";
import { selectRuns } from "../../selection/select-runs.js";
import { collectAll } from "../../testing/collect.js";
import { train } from "../../training/train.js";
import { scriptedLauncher } from "../../training/testing/scripted-launcher.js";
import { readTrainerScript, trainerScriptFixture } from "../../training/testing/trainer-script.js";
import { tinyConfig } from "../../training/testing/train-helpers.js";

/** When every stage of the fixture finished (2026-11-30 19:00 UTC) and how long each took (seconds). */
export const finishedAt = Date.UTC(2026, 10, 30, 19, 0);
const seconds: Record<string, number> = { "sft-data": 2, sft: 95, "eval-rollouts": 125, select: 1, report: 3 };

const pipelineYaml = `version: 1
name: finished-demo
out: out
stages:
  - name: sft-data
    kind: data
    outputs: ["\${out}/datasets/demo_sft.json"]
    with: { kind: sft, inputs: ["data/samples"], out_dir: "\${out}/datasets", name: demo_sft }
  - name: sft
    kind: train
    outputs: ["\${out}/checkpoints/sft/adapter_config.json"]
    with: { config: sft.yaml, set: ["output_dir=\${out}/checkpoints/sft"] }
  - name: eval-rollouts
    kind: rollout
    outputs: ["\${out}/rollouts/eval/trajectories.jsonl"]
    with: { tasks: builtin, teacher: scripted, n: 2, out: "\${out}/rollouts/eval" }
  - name: select
    kind: select
    outputs: ["\${out}/rollouts/eval/predictions.jsonl"]
    with: { runs: ["\${out}/rollouts/eval"], strategy: oracle, out: "\${out}/rollouts/eval/predictions.jsonl" }
  - name: report
    kind: report
    outputs: ["\${out}/report/report.md"]
    with: { runs: ["\${out}/rollouts/eval"], out: "\${out}/report" }
  - name: never-run
    kind: command
    outputs: ["\${out}/never/done.txt"]
    with: { run: ["true"] }
`;

/** Writes the finished pipeline into a temp directory and returns it loaded (every stage but `never-run` done). */
export async function finishedPipeline(): Promise<PipelineConfig> {
  const root = await mkdtemp(join(tmpdir(), "entropo-finished-pipeline-"));
  await writeFile(join(root, "entropo.yaml"), pipelineYaml);
  const out = join(root, "out");
  const rows = [1, 2, 3].map((index) => ({ conversations: [{ from: "human", value: `task ${index}` }, { from: "gpt", value: "done" }], system: "s", tools: "[]" }));
  await mkdir(join(out, "datasets"), { recursive: true });
  await writeFile(join(out, "datasets", "demo_sft.json"), JSON.stringify(rows, null, 2));

  const model = await mkdtemp(join(tmpdir(), "entropo-model-"));
  const outputDir = join(out, "checkpoints", "sft");
  const launcher = scriptedLauncher(await readTrainerScript(trainerScriptFixture("tiny-sft-bridge")));
  await collectAll(train({ config: tinyConfig("sft"), set: [`model_name_or_path=${model}`, `output_dir=${outputDir}`], launcher }));
  await writeFile(join(outputDir, "adapter_config.json"), "{}\n");

  const runDir = join(out, "rollouts", "eval");
  const agent = heldAgent(new Set(["alpha", "gamma"]));
  ["alpha", "beta", "gamma"].forEach((id) => [0, 1].forEach((n) => agent.release(`${id}#${n}`)));
  const tasks = ["alpha", "beta", "gamma"].map(fixtureTask);
  await collectAll(runRollouts({ tasks, llm: scriptedLlm([]), n: 2, concurrency: 2, outDir: runDir, model: "tiny-qwen3-entropo-kto", agentKind: "scripted-teacher", runAgent: agent.runAgent, sandboxFactory: createLocalDirSandboxFactory() }));
  const selection = selectRuns({ runs: [runDir], strategy: "oracle", out: join(runDir, "predictions.jsonl"), bestOfKTrials: 0 });
  for (let step = await selection.next(); step.done !== true; step = await selection.next());

  await mkdir(join(out, "report"), { recursive: true });
  await writeFile(join(out, "report", "report.md"), "# entropo report\n");

  const pipeline = await loadPipeline(join(root, "entropo.yaml"));
  const variables = pipelineVariables(pipeline);
  const state: PipelineState = { stages: {} };
  for (const stage of pipeline.stages.filter((candidate) => candidate.name !== "never-run")) {
    const { hash } = await checkStage(pipeline, stage, variables, state);
    state.stages[stage.name] = { hash, finishedAt, seconds: seconds[stage.name] ?? 0 };
  }
  await writeState(out, state);
  return pipeline;
}
