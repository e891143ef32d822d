// Predictions apply: a rollout that edits a CRLF file, changes a binary file, writes a pickle and leaves Python
// bytecode behind gives an output patch whose predictions (--patch r2e and raw) pass `git apply --check` against the
// base commit in a fresh sandbox and, applied, reproduce the rollout's files. A record taken without --binary (older
// runs, imported trajectories) still gives a raw prediction that applies: its data-less binary entries are dropped.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runAgent, type AgentOutcome } from "../agent/run-agent.js";
import { scriptedLlm } from "../llm/testing/scripted-llm.js";
import { sandboxWithRepo, writeTempRepo } from "../agent/testing/repo-sandbox.js";
import { containersOfRun, dockerTestSetup } from "../sandbox/testing/docker-test-setup.js";
import type { Sandbox } from "../sandbox/sandbox.js";
import { trajectoryRecordSchema } from "../trajectories/record.js";
import type { Prediction } from "../run-dir/predictions.js";
import { writePredictions } from "./predictions.js";

const runId = `predictions-apply-test-${process.pid}`;
const setup = await dockerTestSetup(runId);
if ("skip" in setup) console.warn(`skipping prediction apply tests: ${setup.skip}`);

const call = (fn: string, parameters: Record<string, string>) =>
  `Next.\n<function=${fn}>\n${Object.entries(parameters)
    .map(([key, value]) => `<parameter=${key}>${value}</parameter>`)
    .join("\n")}\n</function>`;
const bash = (cmd: string) => call("execute_bash", { cmd });
const FILES = "pkg/mod.py win.py data.bin cache.pkl";

describe.skipIf("skip" in setup)("predictions pass git apply --check against the base commit", () => {
  let repo: string;
  let runDir: string;
  let worked: Sandbox;
  let outcome: AgentOutcome;
  let legacyPatch: string;

  beforeAll(async () => {
    if ("skip" in setup) return;
    repo = await writeTempRepo("entropo-predictions-", {
      "pkg/__init__.py": "",
      "pkg/mod.py": "def area(w, h):\n    return w + h\n",
      "win.py": "def f():\r\n    x = 1\r\n    return x\r\n",
      "data.bin": new Uint8Array(Array.from({ length: 256 }, (_, i) => i)),
    });
    worked = await sandboxWithRepo(setup, runId, repo);
    const llm = scriptedLlm([
      call("file_editor", { command: "str_replace", path: "/testbed/pkg/mod.py", old_str: "return w + h", new_str: "return w * h" }),
      call("file_editor", { command: "str_replace", path: "/testbed/win.py", old_str: "x = 1\n    return x", new_str: "x = 2\n    return x * 2" }),
      bash("python3 -c 'import pkg.mod' && python3 -c \"import pickle; pickle.dump({'a': 1}, open('cache.pkl', 'wb'))\""),
      bash("printf '\\377\\000\\001' >> data.bin && mkdir -p .pytest_cache/v && echo x > .pytest_cache/v/lastfailed"),
      call("finish", { command: "submit" }),
    ]);
    outcome = await runAgent({ sandbox: worked, llm, problemStatement: "area is wrong" });
    legacyPatch = (await worked.exec("git add -A && git diff --cached")).stdout ?? "";
    runDir = await mkdtemp(join(tmpdir(), "entropo-predictions-run-"));
    const records = [
      { instance_id: "binary-task", output_patch: outcome.outputPatch, output_patch_dropped: outcome.outputPatchDropped.length },
      { instance_id: "legacy-task", output_patch: legacyPatch },
    ].map((fields) => JSON.stringify(trajectoryRecordSchema.parse({ ...fields, trajectory_steps: outcome.steps, exit_reason: "agent" })));
    await writeFile(join(runDir, "trajectories.jsonl"), records.join("\n") + "\n");
  }, 240_000);

  afterAll(async () => {
    if ("skip" in setup) return;
    await worked?.close();
    await rm(repo, { recursive: true, force: true });
    await rm(runDir, { recursive: true, force: true });
    expect(await containersOfRun(runId)).toEqual([]);
  });

  /** The predictions of the run under a patch mode, by instance id. */
  async function predictions(patch: "r2e" | "raw"): Promise<Map<string, string>> {
    const out = join(runDir, `predictions-${patch}.jsonl`);
    for await (const event of writePredictions({ runs: [runDir], out, patch })) void event;
    const rows = (await readFile(out, "utf8")).trim().split("\n").map((line) => JSON.parse(line) as Prediction);
    return new Map(rows.map((row) => [row.instance_id, row.model_patch]));
  }

  /** Checks and applies `patch` at the base commit of a fresh sandbox; returns a checksum of FILES there. */
  async function applyAtBase(patch: string): Promise<{ check: number; sums: string }> {
    if ("skip" in setup) throw new Error("unreachable");
    const fresh = await sandboxWithRepo(setup, runId, repo);
    try {
      await fresh.writeFile("/tmp/prediction.patch", patch);
      const check = await fresh.exec("git apply --check /tmp/prediction.patch");
      expect(check.output).toBe("");
      await fresh.exec("git apply /tmp/prediction.patch");
      return { check: check.exitCode, sums: (await fresh.exec(`md5sum ${FILES} 2>&1`)).output };
    } finally {
      await fresh.close();
    }
  }

  it("records a binary diff without bytecode or test caches, with the dropped count", () => {
    expect(outcome.exitReason).toBe("agent");
    expect(outcome.outputPatchDropped.some((path) => /^pkg\/__pycache__\/mod\..*\.pyc$/.test(path))).toBe(true);
    expect(outcome.outputPatchDropped).toContain(".pytest_cache/v/lastfailed");
    expect(outcome.outputPatch).not.toMatch(/__pycache__|\.pytest_cache|Binary files/);
    expect(outcome.outputPatch.match(/^GIT binary patch$/gm)).toHaveLength(2); // data.bin and cache.pkl
    expect(legacyPatch).toMatch(/^Binary files \/dev\/null and b\/pkg\/__pycache__\/mod\..*\.pyc differ$/m);
  });

  it("gives raw predictions that apply at the base commit and reproduce the rollout's files (legacy record too)", async () => {
    const raw = await predictions("raw");
    const rollout = (await worked.exec(`md5sum ${FILES} 2>&1`)).output;
    expect(await applyAtBase(raw.get("binary-task") ?? "")).toEqual({ check: 0, sums: rollout });
    const legacy = raw.get("legacy-task") ?? "";
    expect(legacy).not.toMatch(/Binary files/);
    expect(legacy).toContain("+    return w * h");
    expect((await applyAtBase(legacy)).check).toBe(0);
  });

  it("gives r2e predictions (.py files edited with str_replace) that apply at the base commit", async () => {
    const r2e = await predictions("r2e");
    for (const id of ["binary-task", "legacy-task"]) {
      const patch = r2e.get(id) ?? "";
      expect(patch).toContain("-    x = 1\r\n-    return x\r\n+    x = 2\r\n+    return x * 2\r\n");
      expect((await applyAtBase(patch)).check).toBe(0);
    }
  });
});
