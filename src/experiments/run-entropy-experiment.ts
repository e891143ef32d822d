// `entropo experiment entropy`: runs `python -m entropo_trainer experiment entropy` (its JSON progress lines become
// events), then renders result.json into a report with figures. Abort stops the sweep; re-running resumes it.
import { mkdir, readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { execa } from "execa";
import { z } from "zod";
import { badOptionValue, CancelledError, ExitCode, ExternalError, InputError } from "../core/errors.js";
import { log, type PipelineEvent } from "../core/events.js";
import { projectPython } from "../util/paths.js";
import { checkTrainingPython, trainingEnv } from "../training/python-env.js";
import { writeEntropyReport } from "./entropy-report.js";

export type EntropyExperimentOptions = {
  out: string;
  /** The CI-sized sweep (DPO only, fewer steps): about 3 minutes on 2 quiet cores. */
  quick: boolean;
  /** Training processes side by side (default: min(2, cores)). */
  jobs?: number;
  /** Seeds per (loss, α) cell; 0 runs the fixed-point part only. */
  seeds?: number;
  python?: string;
  signal?: AbortSignal;
};

/** Set on the Python process and inherited by its workers: names the output directory (tests find leftovers by it). */
export const experimentMarkerEnv = "ENTROPO_EXPERIMENT_OUT";

/** The `result` event's data. */
export type EntropyExperimentResult = { out: string; resultPath: string; reportPath: string; figures: string[]; maxAbsLogprobError: number; tolerance: number; seconds: number };

const progressLine = z.looseObject({
  event: z.enum(["progress", "log", "result"]),
  task: z.string().optional(),
  done: z.number().optional(),
  total: z.number().optional(),
  unit: z.string().optional(),
  detail: z.string().optional(),
  message: z.string().optional(),
});

/** One stdout line of the Python side as an event (JSON progress lines) or a debug log (anything else). */
export function eventOfLine(line: string): PipelineEvent | undefined {
  if (line.trim() === "") return undefined;
  let parsed: z.infer<typeof progressLine> | undefined;
  try {
    const candidate = progressLine.safeParse(JSON.parse(line));
    parsed = candidate.success ? candidate.data : undefined;
  } catch {
    parsed = undefined;
  }
  if (parsed === undefined) return log("debug", line, "experiment");
  if (parsed.event === "progress" && parsed.task !== undefined && parsed.done !== undefined) {
    return {
      type: "progress",
      task: `experiment.${parsed.task}`,
      done: parsed.done,
      ...(parsed.total === undefined ? {} : { total: parsed.total }),
      ...(parsed.unit === undefined ? {} : { unit: parsed.unit }),
      ...(parsed.detail === undefined ? {} : { detail: parsed.detail }),
    };
  }
  if (parsed.event === "result") return log("debug", `result written: ${line}`, "experiment");
  return log("info", parsed.message ?? parsed.detail ?? line, "experiment");
}

/** The Python side's last `error: ...` line in its log (it names the option or file), or a pointer to the log. */
async function lastErrorLine(file: string): Promise<string> {
  const text = await readFile(file, "utf8").catch(() => "");
  const line = text.split("\n").reverse().find((candidate) => candidate.startsWith("error: "));
  return line === undefined ? `entropy experiment refused its input (see ${file})` : line.slice("error: ".length);
}

function checkCount(option: string, value: number | undefined, min: number): void {
  if (value !== undefined && !(Number.isInteger(value) && value >= min)) throw badOptionValue(option, `an integer >= ${min}`, value);
}

/** Runs the experiment into `out` (result.json, work/, report.md, figures/); yields progress, artifacts and a result. */
export async function* runEntropyExperiment(options: EntropyExperimentOptions): AsyncGenerator<PipelineEvent> {
  checkCount("--jobs", options.jobs, 1);
  checkCount("--seeds", options.seeds, 0);
  const out = resolve(options.out);
  const python = options.python ?? projectPython();
  await checkTrainingPython(python);
  await mkdir(out, { recursive: true });
  const stderrFile = join(out, "experiment.log");
  const args = ["-m", "entropo_trainer", "experiment", "entropy", "--out", out];
  if (options.quick) args.push("--quick");
  if (options.jobs !== undefined) args.push("--jobs", String(options.jobs));
  if (options.seeds !== undefined) args.push("--seeds", String(options.seeds));
  yield log("info", `entropy experiment${options.quick ? " (--quick)" : ""} → ${out}; training logs in ${join(out, "work", "logs")}`, "experiment");
  const child = execa(python, args, {
    env: trainingEnv({ HF_HUB_OFFLINE: "1", CUDA_VISIBLE_DEVICES: "", [experimentMarkerEnv]: out }),
    extendEnv: false,
    stdin: "ignore",
    stderr: { file: stderrFile, append: true },
    cancelSignal: options.signal,
    killSignal: "SIGINT",
    forceKillAfterDelay: 15_000,
    reject: false,
  });
  for await (const line of child.iterable({ from: "stdout" })) {
    const event = eventOfLine(line);
    if (event !== undefined) yield event;
  }
  const finished = await child;
  if (finished.isCanceled || options.signal?.aborted || finished.exitCode === ExitCode.cancelled) throw new CancelledError("entropy experiment interrupted: finished runs are kept; run the same command again to resume");
  if (finished.exitCode === ExitCode.badInput) throw new InputError(await lastErrorLine(stderrFile), { hint: `the experiment's log: ${stderrFile}` });
  if (finished.exitCode !== 0) throw new ExternalError(`python -m entropo_trainer experiment entropy exited with ${String(finished.exitCode ?? finished.signal)}; its log: ${stderrFile}`);
  const resultPath = join(out, "result.json");
  const written = yield* writeEntropyReport(resultPath, out);
  const data: EntropyExperimentResult = {
    out,
    resultPath,
    reportPath: written.reportPath,
    figures: written.figures.map((figure) => join(out, figure.png)),
    maxAbsLogprobError: written.result.fixed_point.max_abs_logprob_error,
    tolerance: written.result.fixed_point.tolerance,
    seconds: written.result.seconds,
  };
  yield log("info", `entropy experiment done in ${Math.round(written.result.seconds)} s; report: ${written.reportPath}`, "experiment");
  yield { type: "result", command: "experiment", data };
}
