// Renders an entropy experiment's result.json into DIR/report.md with its figures (DIR/figures/*.svg|png).
import { join, relative } from "node:path";
import type { PipelineEvent } from "../core/events.js";
import { writeFileAtomic } from "../util/jsonl.js";
import { entropySection } from "../reports/entropy-section.js";
import { formatMarkdown } from "../reports/format-markdown.js";
import { writeFigureFiles } from "../reports/render-figure.js";
import type { ReportFigure } from "../reports/report-types.js";
import { readEntropyResult, type EntropyResult } from "./entropy-result.js";

export type EntropyReport = { result: EntropyResult; reportPath: string; figures: ReportFigure[] };

/** Reads `resultPath`, writes `outDir/report.md` and the figures; yields artifact events, returns what it wrote. */
export async function* writeEntropyReport(resultPath: string, outDir: string, now: Date = new Date()): AsyncGenerator<PipelineEvent, EntropyReport> {
  const result = await readEntropyResult(resultPath);
  const section = entropySection(result, relative(outDir, resultPath) || resultPath);
  const figures: ReportFigure[] = [];
  for (const figure of section.figures) {
    const files = await writeFigureFiles(join(outDir, "figures"), figure.id, figure.spec);
    figures.push({ id: figure.id, title: figure.title, caption: figure.caption, svg: relative(outDir, files.svgPath), png: relative(outDir, files.pngPath), width: files.width, height: files.height });
    yield { type: "artifact", kind: "figure", path: files.pngPath, description: figure.title };
  }
  const reportPath = join(outDir, "report.md");
  const report = { title: "entropo experiment entropy", generatedAt: now.toISOString(), runDirs: [], notices: [], sections: [{ ...section, figures }] };
  await writeFileAtomic(reportPath, formatMarkdown(report).replace(/^Generated .* from 0 run directories\.$/m, `Generated ${now.toISOString()} from ${relative(outDir, resultPath)}.`));
  yield { type: "artifact", kind: "report", path: reportPath, description: "entropy experiment report" };
  return { result, reportPath, figures };
}
