// The demo: the repository's entropo.yaml (the EntroPO recipe on the built-in mini benchmark, tiny offline model) run
// into an output directory, ending with where its report is.
import { join, resolve } from "node:path";
import { isResultOf, result, type PipelineEvent } from "../core/events.js";
import { projectRoot } from "../util/paths.js";
import { loadPipeline } from "./pipeline-config.js";
import { runPipeline } from "./run-pipeline.js";

/** Variables that shrink the demo for CI: fewer tasks, rollouts and steps; the entropy experiment's fixed-point part only. */
const quickDemoVars = { task_limit: "4", eval_n: "2", student_max_steps: "2", experiment_seeds: "0" };

/** The `result` event's data of `entropo demo`: its output directory and its report. */
export type DemoResult = { out: string; report: string };

/** Runs the demo pipeline into `out` and ends with where the report is. */
export async function* runDemo(options: { out: string; quick: boolean; force?: boolean; signal: AbortSignal }): AsyncGenerator<PipelineEvent> {
  const out = resolve(options.out);
  const pipeline = await loadPipeline(join(projectRoot(), "entropo.yaml"), { out, vars: options.quick ? quickDemoVars : {} });
  yield {
    type: "log",
    level: "info",
    message: `entropo demo → ${out}${options.quick ? " (quick)" : ""}: a smoke run of the machinery with a tiny random model, not a result`,
  };
  for await (const event of runPipeline({ pipeline, force: options.force, signal: options.signal })) {
    if (isResultOf(event, "run")) {
      const report = join(out, "report", "report.md");
      yield { type: "log", level: "info", message: `demo finished; report: ${report}` };
      yield result("demo", { out, report });
      continue;
    }
    yield event;
  }
}
