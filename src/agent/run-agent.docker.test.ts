// The agent loop with a real Docker sandbox and a scripted LLM: history layout, Steps Remaining notes, exit reasons,
// output patch, and errors turned into exit reasons instead of exceptions.
import { rm } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { containersOfRun, dockerTestSetup } from "../sandbox/testing/docker-test-setup.js";
import { CONTINUE_MSG } from "./observation.js";
import { runAgent } from "./run-agent.js";
import { sandboxWithRepo, writeTempRepo } from "./testing/repo-sandbox.js";
import { scriptedLlm } from "../llm/testing/scripted-llm.js";

const runId = `agent-loop-test-${process.pid}`;
const setup = await dockerTestSetup(runId);
if ("skip" in setup) console.warn(`skipping agent loop tests: ${setup.skip}`);

const FIX =
  "I will fix the sign.\n<function=file_editor>\n<parameter=command>str_replace</parameter>\n" +
  "<parameter=path>/testbed/calc.py</parameter>\n<parameter=old_str>a - b</parameter>\n<parameter=new_str>a + b</parameter>\n</function>";
const FINISH = "Done.\n<function=finish>\n<parameter=command>submit</parameter>\n</function>";

describe.skipIf("skip" in setup)("runAgent in Docker", () => {
  let repo: string;
  const fresh = async () => {
    if ("skip" in setup) throw new Error("unreachable");
    return sandboxWithRepo(setup, runId, repo);
  };

  beforeAll(async () => {
    repo = await writeTempRepo("entropo-agent-", { "calc.py": "def add(a, b):\n    return a - b\n" });
  });

  afterAll(async () => {
    await rm(repo, { recursive: true, force: true });
    if ("skip" in setup) return;
    expect(await containersOfRun(runId)).toEqual([]);
  });

  it("fixes, finishes with exit reason agent, and records the exact history with Steps Remaining notes", async () => {
    const sandbox = await fresh();
    try {
      const llm = scriptedLlm(["thinking only", FIX, FINISH]);
      const outcome = await runAgent({ sandbox, llm, problemStatement: "[ISSUE]add subtracts[/ISSUE]", limits: { maxSteps: 5 } });
      expect(outcome.exitReason).toBe("agent");
      expect(outcome.finished).toBe(true);
      expect(outcome.steps.map((step) => step.step_count)).toEqual([1, 2, 3]);
      expect(outcome.steps[0]?.observation).toBe(CONTINUE_MSG);
      expect(outcome.steps[2]?.observation).toBe("<<< Finished >>>");
      expect(outcome.outputPatch).toContain("-    return a - b\n+    return a + b");
      expect(outcome.instancePrompt).toContain("<github_issue>\nadd subtracts\n</github_issue>");
      expect(outcome.messages.map((message) => message.role)).toEqual(["system", "user", "assistant", "user", "assistant", "user", "assistant", "user"]);
      expect(outcome.messages[1]?.content.endsWith("\nSteps Remaining: 5")).toBe(true);
      expect(outcome.messages[2]?.content).toBe("thinking only\n\n<function=>\n</function>");
      expect(outcome.messages[3]?.content).toBe(CONTINUE_MSG + "\nSteps Remaining: 4");
      expect(outcome.messages[4]?.content).toBe(
        "I will fix the sign.\n\n<function=file_editor>\n  <parameter=command>str_replace</parameter>\n" +
          "  <parameter=path>/testbed/calc.py</parameter>\n  <parameter=old_str>a - b</parameter>\n" +
          "  <parameter=new_str>a + b</parameter>\n</function>",
      );
      expect(outcome.messages[7]?.content).toBe("<<< Finished >>>");
      // what the model saw on its third call: the notes persisted in place
      expect(llm.received[2]?.[5]?.content.endsWith("\nSteps Remaining: 3")).toBe(true);
      expect(outcome.totalTokens).toBe(330);
    } finally {
      await sandbox.close();
    }
  });

  it("hits the hard step limit, the past-max finish rule, the token limit, and LLM errors without throwing", async () => {
    const sandbox = await fresh();
    try {
      const bash = "<function=execute_bash>\n<parameter=cmd>true</parameter>\n</function>";
      const abs = await runAgent({ sandbox, llm: scriptedLlm([bash, bash, bash]), problemStatement: "p", limits: { maxSteps: 1, maxStepsAbsolute: 2 } });
      expect(abs.exitReason).toBe("abs_step_limit");
      expect(abs.messages[3]?.content.endsWith("\nYou have reached the maximum number of steps. Please submit your answer NOW.")).toBe(true);
      const late = await runAgent({ sandbox, llm: scriptedLlm([bash, bash, FINISH]), problemStatement: "p", limits: { maxSteps: 1 } });
      expect(late.exitReason).toBe("agent_max_step_limit");
      expect(late.finished).toBe(true);
      const atMax = await runAgent({ sandbox, llm: scriptedLlm([bash, FINISH]), problemStatement: "p", limits: { maxSteps: 1 } });
      expect(atMax.exitReason).toBe("max_step_limit");
      const tokens = await runAgent({
        sandbox,
        llm: scriptedLlm([{ content: bash, usage: { promptTokens: 900, completionTokens: 200, totalTokens: 1100 } }]),
        problemStatement: "p",
        limits: { maxTokenLimit: 1000 },
      });
      expect(tokens.exitReason).toBe("token_limit");
      expect(tokens.finished).toBe(false);
      const broken = await runAgent({ sandbox, llm: scriptedLlm([bash, new Error("503 upstream")]), problemStatement: "p" });
      expect(broken.exitReason).toBe("llm_query_error");
      expect(broken.steps).toHaveLength(1);
      expect(broken.error).toContain("503 upstream");
      const controller = new AbortController();
      controller.abort();
      const cancelled = await runAgent({ sandbox, llm: scriptedLlm([bash]), problemStatement: "p", signal: controller.signal });
      expect(cancelled.exitReason).toBe("cancelled");
    } finally {
      await sandbox.close();
    }
  });
});
