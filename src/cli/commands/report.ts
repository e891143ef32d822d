// `entropo report`: turns run directories into the paper's tables and figures, the paper's numbers beside the user's.
import type { Command } from "commander";
import { badOptionValue, ExitCode } from "../../core/errors.js";
import { buildReport, reportFormats, type ReportFormat } from "../../reports/build-report.js";
import { renderTablesForTerminal } from "../../reports/format-terminal.js";
import type { CommandState } from "../register-commands.js";
import { runEventCommand } from "../run-command.js";

type ReportOptions = { runs?: string[]; experiment?: string[]; out: string; format: string; json?: boolean };

/** Parses `--format md,html` into a list of formats; an unknown one is an option error. */
export function parseFormats(value: string): ReportFormat[] {
  const formats = value.split(",").map((part) => part.trim()).filter((part) => part !== "");
  for (const format of formats) if (!(reportFormats as readonly string[]).includes(format)) throw badOptionValue("--format", "a comma-separated list of md, html", value);
  if (formats.length === 0) throw badOptionValue("--format", "a comma-separated list of md, html", value);
  return formats as ReportFormat[];
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
    .action(async (options: ReportOptions) => {
      const json = Boolean(options.json);
      state.exitCode = await runEventCommand(
        json,
        "report",
        async function* ({ signal }) {
          yield* buildReport({ runs: options.runs ?? [], experiments: options.experiment ?? [], outDir: options.out, formats: parseFormats(options.format), signal });
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
