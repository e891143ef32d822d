// The system prompt against the one recorded in real R2E-Gym trajectories (shared data): same function-block markers,
// same call-format example and closing reminder, byte for byte.
import { readdir, readFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { sharedDataDir } from "../util/paths.js";
import { SYSTEM_PROMPT, instancePrompt } from "./prompts.js";

const r2eDir = join(sharedDataDir(), "r2e-trajectories");
const haveShared = existsSync(r2eDir);
if (!haveShared) console.warn(`prompts.test: ${r2eDir} is absent; the comparison with recorded R2E prompts is skipped`);

/** The system prompt recorded in the first shared R2E trajectory (agent_args.system_prompt). */
async function recordedSystemPrompt(): Promise<string> {
  const file = (await readdir(r2eDir)).filter((name) => name.startsWith("trajectory_") && name.endsWith(".json")).sort()[0];
  const record = JSON.parse(await readFile(join(r2eDir, file ?? ""), "utf8")) as { agent_args: { system_prompt: string } };
  return record.agent_args.system_prompt;
}

const markers = (prompt: string) => prompt.split("\n").filter((line) => /FUNCTION #\d/.test(line));

describe("R2E prompts", () => {
  it("puts the issue inside <github_issue> in the instance prompt", () => {
    expect(instancePrompt("Bug: x")).toContain("<github_issue>\nBug: x\n</github_issue>");
  });

  it.runIf(haveShared)("uses the recorded function-block markers (U+2013 dashes) in the same order", async () => {
    const recorded = await recordedSystemPrompt();
    expect(markers(SYSTEM_PROMPT)).toEqual(markers(recorded));
    expect(markers(SYSTEM_PROMPT)[0]).toBe("\u2013\u2013 BEGIN FUNCTION #1: file_editor \u2013\u2013");
  });

  it.runIf(haveShared)("ends with the recorded call-format example and reminder, byte for byte", async () => {
    const recorded = await recordedSystemPrompt();
    const tail = (prompt: string) => prompt.slice(prompt.indexOf("If you choose to call a function ONLY reply"));
    expect(tail(SYSTEM_PROMPT)).toBe(tail(recorded));
    expect(SYSTEM_PROMPT.startsWith(recorded.slice(0, recorded.indexOf("\n")))).toBe(true);
  });
});
