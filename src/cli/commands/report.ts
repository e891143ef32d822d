// `entropo report`: turns run directories into the paper's tables and figures, the paper's numbers beside the user's.
import type { Command } from "commander";
import { ExitCode } from "../../core/errors.js";
import { withoutUndefined } from "../../core/options.js";
import { buildReport, type ReportFormat } from "../../reports/build-report.js";
import { reportOptionsFromFlags } from "../../reports/report-options.js";
import { renderTablesForTerminal } from "../../reports/format-terminal.js";
import type { CommandState } from "../register-commands.js";
import { runEventCommand } from "../run-command.js";

/** Parses `--format md,html` into a list of formats; an unknown one is an option error. */
export function parseFormats(value: string): ReportFormat[] {
  return reportOptionsFromFlags({ out: ".", format: value }).formats;
}

/** Registers `entropo report --runs DIR... [--experiment FILE...] --out DIR [--format md,html] [--json]`. */
export function registerReportCommand(program: Command, state: CommandState): void {
  program
    .command("report")
    .description("write the paper's tables and figures (Markdown/HTML, SVG and PNG) from run directories, with the paper's numbers beside yours")
    .option("--runs <dirs...>", "run directories (each with run.json and trajectories.jsonl), or folders of them", [])
    .option("--experiment <files...>", "result.json of `entropo experiment entropy` (adds its section)", [])
    .requiredOption("--out <dir>", "output folder for report.md, report.html, report.json and figures/")
    .option("--format <list>", "report formats: md, html or md,html", "md")
    .option("--json", "print events as NDJSON")
    .action(async (flags: Record<string, unknown>) => {
      const json = flags.json === true;
      state.exitCode = await runEventCommand(
        json,
        "report",
        async function* ({ signal }) {
          yield* buildReport({ ...withoutUndefined(reportOptionsFromFlags(flags)), signal });
        },
        (data) => {
          if (!json && data !== undefined) {
            process.stdout.write("\n" + renderTablesForTerminal(data.report).join("\n\n") + `\n\nreport: ${data.reportPath}\n`);
          }
          return ExitCode.ok;
        },
      );
    });
}
