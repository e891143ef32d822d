// Drives the real `entropo` binary in tmux: the dashboard opens on ./entropo.yaml, shows the stages, `q` exits 0.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../util/paths.js";
import { pollUntil } from "../testing/poll.js";

const hasTmux = (() => {
  try {
    execFileSync("tmux", ["-V"]);
    return true;
  } catch {
    console.warn("dashboard-tmux.test: tmux not installed (scripts/setup.sh installs it); test skipped");
    return false;
  }
})();

describe.runIf(hasTmux)("dashboard in a real terminal", () => {
  it("opens, lists the stages within 80x24, and quits with q and exit code 0", async () => {
    const binary = join(projectRoot(), "bin", "entropo.js");
    expect(existsSync(join(projectRoot(), "dist", "cli", "main.js")), "run `npm run build` first").toBe(true);
    const directory = await mkdtemp(join(tmpdir(), "entropo-tmux-"));
    await writeFile(
      join(directory, "entropo.yaml"),
      `version: 1\nname: tmux-check\nout: out\nstages:\n  - name: first-stage\n    kind: command\n    outputs: [out/x]\n    with: { run: ["true"] }\n  - name: second-stage\n    kind: command\n    outputs: [out/y]\n    with: { run: ["true"] }\n`,
    );
    const session = `entropo-test-${process.pid}`;
    const exitFile = join(directory, "exit-code");
    execFileSync("tmux", [
      "new-session", "-d", "-s", session, "-x", "80", "-y", "24", "-c", directory,
      `${process.execPath} ${binary}; echo $? > ${exitFile}; sleep 30`,
    ]);
    try {
      const capture = () => execFileSync("tmux", ["capture-pane", "-p", "-t", session], { encoding: "utf8" });
      const screen = await pollUntil(() => {
        const text = capture();
        return text.includes("first-stage") && text.includes("second-stage") && text.includes("q quit") ? text : null;
      }, "the dashboard to draw its stage list");
      expect(screen).toContain("tmux-check");
      for (const line of screen.split("\n")) expect(line.length).toBeLessThanOrEqual(80);
      execFileSync("tmux", ["send-keys", "-t", session, "q"]);
      const code = await pollUntil(async () => (existsSync(exitFile) ? (await readFile(exitFile, "utf8")).trim() : null), "entropo to exit");
      expect(code).toBe("0");
    } finally {
      execFileSync("tmux", ["kill-session", "-t", session]);
    }
  });
});
