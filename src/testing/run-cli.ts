// Test support: runs the entropo CLI in-process (main with argv) and captures what it writes to stdout and stderr.
import { vi } from "vitest";
import { main } from "../cli/main.js";

export type CliRun = { code: number; stdout: string; stderr: string };

/** Runs `entropo ARGS` in this process; stdout/stderr writes are captured (not printed) and restored afterwards. */
export async function runCliInProcess(args: string[]): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const out = vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  const err = vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  try {
    const code = await main(["node", "entropo", ...args]);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}
