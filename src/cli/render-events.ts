// Prints a core event stream: NDJSON with --json, a live status line on a TTY, plain lines otherwise.
import type { PipelineEvent, ResultEvent } from "../core/events.js";
import { EntropoError, ExitCode } from "../core/errors.js";
import { formatEvent } from "./format-event.js";
import { StatusLine, statusOf } from "./status-line.js";

export type RenderOptions = { json: boolean; out?: NodeJS.WritableStream; err?: NodeJS.WritableStream; tty?: boolean };

/** Consumes the stream, prints it, and returns its last result event (or undefined). */
export async function renderEvents(events: AsyncIterable<PipelineEvent>, options: RenderOptions): Promise<ResultEvent | undefined> {
  const out = options.out ?? process.stdout;
  let result: ResultEvent | undefined;
  const tty = !options.json && (options.tty ?? (out as NodeJS.WriteStream).isTTY === true);
  const status = tty ? new StatusLine(out) : null;
  try {
    for await (const event of events) {
      if (event.type === "result") result = event;
      if (options.json) {
        out.write(JSON.stringify(event) + "\n");
        continue;
      }
      const statusText = status === null ? null : statusOf(event);
      if (status !== null && statusText !== null) {
        status.set(statusText);
        continue;
      }
      const line = formatEvent(event);
      if (line === null) continue;
      if (status === null) out.write(line + "\n");
      else status.print(line);
    }
  } finally {
    status?.clear();
  }
  return result;
}

/** Prints an error (with its hint) and returns the exit code it maps to. */
export function reportError(error: unknown, options: { json: boolean; err?: NodeJS.WritableStream; out?: NodeJS.WritableStream }): number {
  const err = options.err ?? process.stderr;
  const entropoError = error instanceof EntropoError ? error : undefined;
  const message = error instanceof Error ? error.message : String(error);
  if (options.json) {
    (options.out ?? process.stdout).write(
      JSON.stringify({ type: "error", code: entropoError?.code ?? "INTERNAL", message, hint: entropoError?.hint ?? null }) + "\n",
    );
  }
  err.write(`entropo: ${message}\n`);
  if (entropoError?.hint) err.write(`  fix: ${entropoError.hint}\n`);
  if (entropoError === undefined && error instanceof Error && process.env.ENTROPO_DEBUG) err.write(`${error.stack}\n`);
  return entropoError?.exitCode ?? ExitCode.failure;
}
