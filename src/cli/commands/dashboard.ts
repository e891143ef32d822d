// `entropo` with no arguments: the ink dashboard for ./entropo.yaml on a terminal, a status listing otherwise.
import { createElement } from "react";
import type { Command } from "commander";
import { loadPipeline } from "../../pipeline/pipeline-config.js";
import { pipelineStatus } from "../../pipeline/pipeline-status.js";
import { runPipeline } from "../../pipeline/run-pipeline.js";
import { stageOutcomes } from "../../pipeline/stage-outcome.js";
import { reportError } from "../render-events.js";
import type { CommandState } from "../register-commands.js";

/**
 * Imports ink for an interactive terminal. Ink reads CI/CONTINUOUS_INTEGRATION once at import and then draws only the
 * last frame; a user who opens the dashboard in a real terminal wants it live, so both are hidden during the import.
 */
async function importInkForTerminal() {
  const saved = { CI: process.env.CI, CONTINUOUS_INTEGRATION: process.env.CONTINUOUS_INTEGRATION };
  delete process.env.CI;
  delete process.env.CONTINUOUS_INTEGRATION;
  try {
    return await Promise.all([import("ink"), import("../../ui/dashboard.js")]);
  } finally {
    for (const [key, value] of Object.entries(saved)) if (value !== undefined) process.env[key] = value;
  }
}

/** Opens the dashboard (TTY) or prints each stage's status (no TTY); returns the exit code. */
async function openDashboard(file: string): Promise<number> {
  try {
    const pipeline = await loadPipeline(file);
    const rows = await pipelineStatus(pipeline);
    if (!process.stdout.isTTY || !process.stdin.isTTY) {
      process.stdout.write(`${pipeline.name}: ${pipeline.file}\n`);
      for (const row of rows) process.stdout.write(`${row.upToDate ? "done   " : "pending"}  ${row.name} (${row.kind})${row.reason ? `: ${row.reason}` : ""}\n`);
      process.stdout.write("run it with: entropo run (or open a terminal for the dashboard)\n");
      return 0;
    }
    const [{ render }, { Dashboard }] = await importInkForTerminal();
    const outcomes = await stageOutcomes(pipeline);
    const stages = rows.map((row) => ({ name: row.name, kind: row.kind, status: row.upToDate ? ("skipped" as const) : ("pending" as const), outcome: outcomes.get(row.name) ?? null }));
    const app = render(createElement(Dashboard, { title: pipeline.name, stages, start: (signal: AbortSignal) => runPipeline({ pipeline, signal }) }), {
      exitOnCtrlC: true,
    });
    await app.waitUntilExit();
    return 0;
  } catch (error) {
    return reportError(error, { json: false });
  }
}

/** Registers `entropo dashboard [FILE]` (also what `entropo` alone runs). */
export function registerDashboardCommand(program: Command, state: CommandState): void {
  program
    .command("dashboard")
    .description("interactive dashboard of a pipeline (default when entropo runs with no arguments)")
    .argument("[file]", "pipeline file", "entropo.yaml")
    .action(async (file: string) => {
      state.exitCode = await openDashboard(file);
    });
}
