// Builds the report: loads runs, computes tables, renders figures (Vega → SVG → PNG) and writes Markdown/HTML/JSON.
import { join, relative } from "node:path";
import { badOptionValue, throwIfAborted } from "../core/errors.js";
import { readEntropyResult } from "../experiments/entropy-result.js";
import { log, type PipelineEvent } from "../core/events.js";
import { writeFileAtomic, writeJsonAtomic } from "../util/jsonl.js";
import { bestOfKSection } from "./best-of-k-section.js";
import { discoverRunDirs } from "./discover-runs.js";
import { diversitySection } from "./diversity-section.js";
import { entropySection } from "./entropy-section.js";
import { formatHtml } from "./format-html.js";
import { formatMarkdown } from "./format-markdown.js";
import { loadRun } from "./load-run.js";
import { paperSection } from "./paper-section.js";
import { writeFigureFiles } from "./render-figure.js";
import type { Report, ReportFigure, ReportSection, ReportTable, SectionDraft } from "./report-types.js";
import { groupRuns, type MeasuredRun } from "./run-groups.js";
import { computeRunMetrics } from "./run-metrics.js";
import { alphaSection, temperatureSection } from "./sensitivity-section.js";
import { table1Section } from "./table1-section.js";
import { table2Section } from "./table2-section.js";
import { trainingSection } from "./training-section.js";

export type ReportFormat = "md" | "html";
export const reportFormats: readonly ReportFormat[] = ["md", "html"];

export type BuildReportOptions = {
  runs: string[];
  outDir: string;
  formats?: ReportFormat[];
  /** Notices printed first (e.g. the demo: "a smoke run of the machinery, not a result"). */
  notes?: string[];
  /** result.json files of `entropo experiment entropy`: each adds the experiment's section (tables, figures). */
  experiments?: string[];
  signal?: AbortSignal;
  now?: Date;
};

/** The `result` event's data: the main report file, every table and every rendered figure. */
export type ReportResult = { reportPath: string; files: string[]; tables: ReportTable[]; figures: ReportFigure[]; report: Report };

function notices(runs: readonly MeasuredRun[]): string[] {
  if (runs.length === 0) return ["No run directories were given, so there are no results of yours: only the paper's numbers are shown."];
  if (runs.length === 1) return ["Only one run was given: its numbers are single measurements, and no standard deviation is reported (that needs at least two runs of one model and stage)."];
  const groups = groupRuns(runs);
  if (groups.every((group) => group.runs.length === 1)) return ["Every model/stage has a single run: no standard deviation is reported (that needs at least two runs of one model and stage)."];
  return [];
}

function sectionsFor(runs: readonly MeasuredRun[]): SectionDraft[] {
  if (runs.length === 0) return [paperSection()];
  const groups = groupRuns(runs);
  return [
    table1Section(groups),
    table2Section(runs),
    bestOfKSection(groups),
    alphaSection(groups),
    temperatureSection(groups),
    diversitySection(groups),
    trainingSection(runs),
    paperSection(),
  ];
}

/** Loads runs, builds the paper's tables and figures beside the user's numbers, and writes the report files. */
export async function* buildReport(options: BuildReportOptions): AsyncGenerator<PipelineEvent> {
  const formats = options.formats ?? ["md"];
  for (const format of formats) if (!reportFormats.includes(format)) throw badOptionValue("--format", "a list of md, html", format);
  if (formats.length === 0) throw badOptionValue("--format", "a list of md, html", "");
  const runDirs = await discoverRunDirs(options.runs);
  const runs: MeasuredRun[] = [];
  for (const [index, dir] of runDirs.entries()) {
    throwIfAborted(options.signal);
    const run = await loadRun(dir);
    runs.push({ ...run, metrics: computeRunMetrics(run) });
    yield { type: "progress", task: "report.load", done: index + 1, total: runDirs.length, unit: "runs", detail: dir };
  }
  const drafts = sectionsFor(runs);
  for (const file of options.experiments ?? []) drafts.splice(drafts.length - 1, 0, entropySection(await readEntropyResult(file), relative(options.outDir, file)));
  const figureDir = join(options.outDir, "figures");
  const totalFigures = drafts.reduce((sum, draft) => sum + draft.figures.length, 0);
  const sections: ReportSection[] = [];
  let rendered = 0;
  for (const draft of drafts) {
    const figures: ReportFigure[] = [];
    for (const figure of draft.figures) {
      throwIfAborted(options.signal);
      const files = await writeFigureFiles(figureDir, figure.id, figure.spec);
      figures.push({ id: figure.id, title: figure.title, caption: figure.caption, svg: relative(options.outDir, files.svgPath), png: relative(options.outDir, files.pngPath), width: files.width, height: files.height });
      rendered += 1;
      yield { type: "artifact", kind: "figure", path: files.pngPath, description: figure.title };
      yield { type: "progress", task: "report.figures", done: rendered, total: totalFigures, unit: "figures", detail: figure.id };
    }
    sections.push({ ...draft, figures });
  }
  const report: Report = { title: "entropo report", generatedAt: (options.now ?? new Date()).toISOString(), runDirs, notices: [...(options.notes ?? []), ...notices(runs)], sections };
  for (const notice of report.notices) yield log("warn", notice, "report");
  const files: string[] = [];
  if (formats.includes("md")) files.push(join(options.outDir, "report.md"));
  if (formats.includes("html")) files.push(join(options.outDir, "report.html"));
  for (const file of files) {
    await writeFileAtomic(file, file.endsWith(".md") ? formatMarkdown(report) : formatHtml(report));
    yield { type: "artifact", kind: "report", path: file, description: file.endsWith(".md") ? "Markdown report" : "HTML report" };
  }
  const jsonPath = join(options.outDir, "report.json");
  await writeJsonAtomic(jsonPath, report);
  yield { type: "artifact", kind: "report-data", path: jsonPath, description: "report tables and figures as JSON" };
  const tables = sections.flatMap((section) => section.tables);
  const figures = sections.flatMap((section) => section.figures);
  const result: ReportResult = { reportPath: files[0] ?? jsonPath, files: [...files, jsonPath], tables, figures, report };
  yield { type: "result", command: "report", data: result };
}
