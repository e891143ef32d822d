// Replacement prompts from an R2E agent config or a recorded trajectory; bad files name the field.
import { existsSync } from "node:fs";
import { mkdtemp, readdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { sharedDataDir } from "../util/paths.js";
import { loadAgentPrompts } from "./load-prompts.js";
import { instancePrompt } from "./prompts.js";

const directory = await mkdtemp(join(tmpdir(), "entropo-prompts-"));
const r2eDir = join(sharedDataDir(), "r2e-trajectories");

describe("loadAgentPrompts", () => {
  it("reads system_prompt and instance_prompt from an agent config YAML", async () => {
    const file = join(directory, "agent.yaml");
    await writeFile(file, "system_prompt: |-\n  You fix bugs.\ninstance_prompt: |-\n  Issue:\n  {problem_statement}\n  Go.\n");
    const prompts = await loadAgentPrompts(file);
    expect(prompts.system).toBe("You fix bugs.");
    expect(instancePrompt("X broke", prompts.instanceTemplate)).toBe("Issue:\nX broke\nGo.");
  });

  it("names the field that is missing or lacks the placeholder", async () => {
    const file = join(directory, "bad.yaml");
    await writeFile(file, "system_prompt: hi\ninstance_prompt: no placeholder\n");
    await expect(loadAgentPrompts(file)).rejects.toThrow(/bad\.yaml: field instance_prompt: expected a string containing \{problem_statement\}/);
    await writeFile(file, "instance_prompt: '{problem_statement}'\n");
    await expect(loadAgentPrompts(file)).rejects.toThrow(/field system_prompt: expected a non-empty string/);
  });

  it.runIf(existsSync(r2eDir))("reads the prompts a real R2E trajectory recorded in agent_args", async () => {
    const name = (await readdir(r2eDir)).filter((entry) => entry.startsWith("trajectory_")).sort()[0] ?? "";
    const prompts = await loadAgentPrompts(join(r2eDir, name));
    expect(prompts.system).toMatch(/^You are a programming agent/);
    expect(prompts.instanceTemplate).toContain("<github_issue>\n{problem_statement}\n</github_issue>");
  });
});
