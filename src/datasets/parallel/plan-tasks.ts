// Cuts the inputs of `entropo data` into worker tasks, in input order: JSONL line chunks, parquet row groups, documents.
import { open } from "node:fs/promises";
import { extname } from "node:path";
import { afterLastNewline, lineRanges } from "../../util/line-ranges.js";
import type { HubOptions } from "../../hub/hf-dataset.js";
import { isJsonLines } from "../../trajectories/json-text.js";
import { expandInputs } from "../../trajectories/expand-inputs.js";
import type { LabelledInput } from "../labelled-inputs.js";
import type { RecordTask } from "./protocol.js";

/** Bytes of JSONL per task (whole lines: a longer line makes a longer task). */
export const lineChunkBytes = 1 << 22;

/** A task without its id, with the source label of its input; or the error met while planning, at its place in the order. */
export type PlannedTask = (DistributiveOmit<RecordTask, "id"> & { source: string }) | { type: "error"; error: unknown };
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** Complete lines of a JSONL file in chunks of about `chunkBytes`, each in its own transferable buffer, with its first line number. */
export async function* jsonlChunks(file: string, chunkBytes = lineChunkBytes): AsyncGenerator<{ firstLine: number; bytes: Buffer }> {
  const handle = await open(file, "r");
  try {
    let carry = Buffer.alloc(0);
    let firstLine = 1;
    for (;;) {
      const fresh = Buffer.allocUnsafe(chunkBytes);
      const { bytesRead } = await handle.read(fresh, 0, chunkBytes, null);
      if (bytesRead === 0) {
        if (carry.length > 0) yield { firstLine, bytes: carry };
        return;
      }
      const data = carry.length === 0 ? fresh.subarray(0, bytesRead) : Buffer.concat([carry, fresh.subarray(0, bytesRead)]);
      const cut = afterLastNewline(data);
      if (cut === 0) {
        carry = data;
        continue;
      }
      // The rest is copied out: the chunk's whole buffer is transferred to a worker.
      carry = Buffer.from(data.subarray(cut));
      const bytes = data.subarray(0, cut);
      const lines = lineRanges(bytes).length;
      yield { firstLine, bytes };
      firstLine += lines;
    }
  } finally {
    await handle.close();
  }
}

/** The tasks of one file. */
async function* fileTasks(file: string, source: string, chunkBytes: number): AsyncGenerator<PlannedTask> {
  if (extname(file) === ".parquet") {
    const { parquetRowGroupSizes } = await import("../../hub/parquet-rows.js");
    let firstRow = 0;
    for (const [rowGroup, rows] of (await parquetRowGroupSizes(file)).entries()) {
      yield { type: "parquet", file, rowGroup, firstRow, source };
      firstRow += rows;
    }
  } else if (await isJsonLines(file)) {
    for await (const { firstLine, bytes } of jsonlChunks(file, chunkBytes)) yield { type: "lines", file, firstLine, bytes, source };
  } else yield { type: "file", file, source };
}

/**
 * The tasks of every input in order (directories expanded, hf: datasets resolved, as readTrajectories does). An error
 * while planning (an unreadable parquet footer, a hub failure) is yielded in place and ends the plan: the build fails
 * there, after the records before it, as the serial reader would.
 */
export async function* planTasks(inputs: readonly LabelledInput[], hub: HubOptions = {}, chunkBytes = lineChunkBytes): AsyncGenerator<PlannedTask> {
  try {
    for (const input of inputs) {
      const { files } = await expandInputs([input.path], hub);
      for (const file of files) yield* fileTasks(file, input.source, chunkBytes);
    }
  } catch (error) {
    yield { type: "error", error };
  }
}
