// events.ndjson: the rollout runner's event stream as it happened, one line per event with its time (a log for people
// and tools; the run's data is trajectories.jsonl). One schema for the writer and the readers.
import { open } from "node:fs/promises";
import { z } from "zod";
import { pipelineEventTypes, type PipelineEvent } from "../core/events.js";
import { parseWithSchema, readJsonl } from "../util/jsonl.js";
import { maskSecrets } from "../util/redact.js";

/** One line: the ISO time it was written, the event's type, and the event's own fields. */
export const eventLineSchema = z.looseObject({ time: z.iso.datetime(), type: z.enum(pipelineEventTypes) });
export type EventLine = z.infer<typeof eventLineSchema>;

/** Appends one event with the current time, known secret values masked (no fsync: events are a log). */
export async function appendEventLine(file: string, event: PipelineEvent, secrets: readonly string[]): Promise<void> {
  const line = { time: new Date().toISOString(), ...event };
  parseWithSchema(eventLineSchema, line, { file });
  const handle = await open(file, "a");
  try {
    await handle.write(maskSecrets(JSON.stringify(line), [...secrets]) + "\n");
  } finally {
    await handle.close();
  }
}

/** Yields the validated lines of an events file; a bad line names FILE:LINE and the field. */
export async function* readEventLines(file: string): AsyncGenerator<EventLine> {
  for await (const { record } of readJsonl(file, eventLineSchema)) yield record;
}
