// Ships entropo's Python tool helper (file_editor, search, execute_bash slow path) and its persistent server into a
// sandbox, once per sandbox.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ExternalError } from "../../core/errors.js";
import { projectRoot } from "../../util/paths.js";
import type { Sandbox } from "../../sandbox/sandbox.js";
import { shlexQuote } from "../py-text.js";

/** Where the helper lives inside every sandbox. */
const HELPER_PATH = "/usr/local/lib/entropo/r2e_tools.py";
/** The persistent server's module, beside the helper (`python r2e_tools.py --serve` imports it). */
const SERVER_MODULE_PATH = "/usr/local/lib/entropo/r2e_serve.py";

/** Interpreters tried in order: R2E's venv link, R2E/SWE-bench environments, then the system python3. */
const INTERPRETERS = [
  "/root/.venv/bin/python",
  "/testbed/.venv/bin/python",
  "/opt/miniconda3/envs/testbed/bin/python",
  "python3",
  "python",
];

const PROBE =
  `for p in ${INTERPRETERS.join(" ")}; do ` +
  `if command -v "$p" >/dev/null 2>&1 && "$p" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 6) else 1)' ` +
  `>/dev/null 2>&1; then command -v "$p"; exit 0; fi; done; exit 1`;

const sources = new Map<string, string>();

/** A Python file shipped with this module (beside it in src/, or in the package's src/ when running from dist/). */
function shippedSource(name: string): string {
  let source = sources.get(name);
  if (source === undefined) {
    const beside = fileURLToPath(new URL(`./${name}`, import.meta.url));
    source = readFileSync(existsSync(beside) ? beside : join(projectRoot(), "src", "agent", "tools", name), "utf8");
    sources.set(name, source);
  }
  return source;
}

/** The helper's source text. */
export function helperScript(): string {
  return shippedSource("r2e-tools.py");
}

const installed = new WeakMap<Sandbox, Promise<string>>();

/** Installs the helper (first call) and returns the shell prefix `PYTHON HELPER` to run it with. */
export function helperCommand(sandbox: Sandbox): Promise<string> {
  let pending = installed.get(sandbox);
  if (pending === undefined) {
    pending = (async () => {
      await Promise.all([
        sandbox.writeFile(HELPER_PATH, helperScript(), 0o755),
        sandbox.writeFile(SERVER_MODULE_PATH, shippedSource("r2e-serve.py"), 0o644),
      ]);
      const probe = await sandbox.exec(PROBE, { timeoutSeconds: 60 });
      const interpreter = probe.output.trim().split("\n").pop() ?? "";
      if (probe.exitCode !== 0 || interpreter === "") {
        throw new ExternalError(`sandbox ${sandbox.id} has no python >= 3.6 for the file_editor/search tools`);
      }
      return `${shlexQuote(interpreter)} ${HELPER_PATH}`;
    })();
    pending.catch(() => installed.delete(sandbox));
    installed.set(sandbox, pending);
  }
  return pending;
}
