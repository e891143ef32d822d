// Test helper: runs buildReport to the end and returns its events and result.
import { isResultOf, type PipelineEvent } from "../../core/events.js";
import { collectAll } from "../../testing/collect.js";
import { buildReport, type BuildReportOptions, type ReportResult } from "../build-report.js";

/** Drains the report's event stream; returns all events and the result data. */
export async function collectReport(options: BuildReportOptions): Promise<{ events: PipelineEvent[]; result: ReportResult }> {
  const events = await collectAll(buildReport(options));
  const last = events.at(-1);
  if (last === undefined || !isResultOf(last, "report")) throw new Error("report did not end with a result event");
  return { events, result: last.data };
}
