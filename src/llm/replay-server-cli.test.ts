// `entropo replay-server` as a child process: serves a recorded trajectory's assistant turns, stops on SIGINT.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { afterAll, describe, expect, it } from "vitest";
import { projectRoot } from "../util/paths.js";
import { createOpenAiClient } from "./openai-client.js";
import { replayScriptFromTrajectories } from "./replay-trajectories.js";

const directory = mkdtempSync(join(tmpdir(), "entropo-replay-cli-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const record = {
  instance_id: "t1",
  rollout_index: 0,
  trajectory_steps: [],
  messages: [
    { role: "system", content: "sys" },
    { role: "user", content: "Fix the parser\nSteps Remaining: 5" },
    { role: "assistant", content: "look\n\n<function=finish>\n  <parameter=command>submit</parameter>\n</function>" },
  ],
};

describe("replay trajectories", () => {
  it("builds conversations from records and names FILE:LINE on a bad record", async () => {
    const good = join(directory, "good.jsonl");
    writeFileSync(good, JSON.stringify(record) + "\n");
    const script = await replayScriptFromTrajectories(good);
    expect(script.conversations?.[0]).toMatchObject({ id: "t1#0", firstUserMessage: "Fix the parser\nSteps Remaining: 5" });
    const bad = join(directory, "bad.jsonl");
    writeFileSync(bad, JSON.stringify(record) + "\n" + JSON.stringify({ ...record, instance_id: 7 }) + "\n");
    await expect(replayScriptFromTrajectories(bad)).rejects.toThrow(`${bad}:2: field instance_id`);
  });

  it("serves them over HTTP from the CLI until SIGINT", async () => {
    if (!existsSync(join(projectRoot(), "dist", "cli", "commands", "replay-server.js"))) throw new Error("dist/ is not built: run `npm run build` first");
    const file = join(directory, "trajectories.jsonl");
    writeFileSync(file, JSON.stringify(record) + "\n");
    const child = spawn(process.execPath, [join(projectRoot(), "bin", "entropo.js"), "replay-server", "--trajectories", file, "--json"], { stdio: ["ignore", "pipe", "inherit"] });
    const closed = new Promise<number | null>((resolve) => child.on("close", resolve));
    const url = await new Promise<string>((resolve) => {
      createInterface({ input: child.stdout }).on("line", (line) => {
        const event = JSON.parse(line) as { type: string; data?: { url: string } };
        if (event.type === "result" && event.data) resolve(event.data.url);
      });
    });
    const client = createOpenAiClient({ baseUrl: url, model: "replay", env: {}, maxRetries: 0 });
    const answer = await client.complete([
      { role: "system", content: "sys" },
      { role: "user", content: "Fix the parser\nSteps Remaining: 40" },
    ]);
    expect(answer.content).toContain("<function=finish>");
    child.kill("SIGINT");
    expect(await closed).toBe(130);
  });
});
