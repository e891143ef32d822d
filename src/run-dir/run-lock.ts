// A pid lock file in the run directory, so two runners never append to one trajectories file at once.
import { readFileSync } from "node:fs";
import { mkdir, open, rm } from "node:fs/promises";
import { join } from "node:path";
import { InputError } from "../core/errors.js";
import { processAlive } from "../util/process-alive.js";
import { runFiles } from "./layout.js";

/** Takes `<dir>/.lock`; a lock left by a dead process (kill -9) is taken over. Returns the release function. */
export async function acquireRunLock(directory: string): Promise<() => Promise<void>> {
  await mkdir(directory, { recursive: true });
  const file = join(directory, runFiles.lock);
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const handle = await open(file, "wx");
      await handle.write(String(process.pid));
      await handle.close();
      return () => rm(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const owner = Number(readFileSafe(file));
      if (owner !== process.pid && processAlive(owner)) {
        throw new InputError(`run directory is in use by process ${owner}`, { file, hint: "wait for it to finish or stop it" });
      }
      await rm(file, { force: true });
    }
  }
  throw new InputError("could not take the run lock", { file });
}

function readFileSafe(file: string): string {
  try {
    return readFileSync(file, "utf8").trim();
  } catch {
    return "";
  }
}
