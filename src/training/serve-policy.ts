// Starts and stops LLaMA-Factory's own OpenAI-compatible API server (`llamafactory-cli api`) for a checkpoint under test.
import { createWriteStream } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { execa } from "execa";
import { stringify } from "yaml";
import { CancelledError, ExternalError } from "../core/errors.js";
import { freePort } from "../util/free-port.js";
import { projectPython } from "../util/paths.js";

export type PolicyServerOptions = {
  model: string;
  adapter?: string;
  template: string;
  /** Directory for the server's config and log file. */
  workDir: string;
  servedName?: string;
  maxNewTokens?: number;
  startupTimeoutSeconds?: number;
  signal?: AbortSignal;
};

export type PolicyServer = { url: string; model: string; logFile: string; close: () => Promise<void> };

/** Launches the API server on 127.0.0.1 and resolves once GET /v1/models answers. */
export async function startPolicyServer(options: PolicyServerOptions): Promise<PolicyServer> {
  await mkdir(options.workDir, { recursive: true });
  const config = {
    model_name_or_path: options.model,
    ...(options.adapter === undefined ? {} : { adapter_name_or_path: options.adapter, finetuning_type: "lora" }),
    template: options.template,
    infer_backend: "huggingface",
    trust_remote_code: true,
    ...(options.maxNewTokens === undefined ? {} : { max_new_tokens: options.maxNewTokens }),
  };
  const configFile = join(options.workDir, "policy-server.yaml");
  await writeFile(configFile, stringify(config));
  const port = await freePort();
  const servedName = options.servedName ?? "policy";
  const logFile = join(options.workDir, "policy-server.log");
  // `python -m llamafactory.cli api` is `llamafactory-cli api` with the project's interpreter (ENTROPO_PYTHON honoured).
  const child = execa(projectPython(), ["-m", "llamafactory.cli", "api", configFile], {
    env: { API_HOST: "127.0.0.1", API_PORT: String(port), API_MODEL_NAME: servedName, HF_HUB_OFFLINE: "1", DISABLE_VERSION_CHECK: "1" },
    all: true,
    reject: false,
    detached: true,
    forceKillAfterDelay: 3000,
  });
  child.all?.pipe(createWriteStream(logFile));
  const url = `http://127.0.0.1:${port}/v1`;
  const killGroup = (signal: NodeJS.Signals) => {
    if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
    try {
      process.kill(-child.pid, signal);
    } catch {
      child.kill(signal);
    }
  };
  // The server runs in its own process group: never let it outlive entropo, even on an abrupt exit.
  const killOnExit = () => killGroup("SIGKILL");
  process.once("exit", killOnExit);
  const close = async () => {
    killGroup("SIGTERM");
    await child;
    process.off("exit", killOnExit);
  };
  const deadline = Date.now() + (options.startupTimeoutSeconds ?? 300) * 1000;
  let exited = false;
  void child.then(() => (exited = true));
  while (Date.now() < deadline) {
    if (options.signal?.aborted) break;
    if (exited) throw new ExternalError(`policy server exited during start-up; see ${logFile}`);
    try {
      const response = await fetch(`${url}/models`);
      if (response.ok) return { url, model: servedName, logFile, close };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  await close();
  if (options.signal?.aborted) throw new CancelledError();
  throw new ExternalError(`policy server did not answer on ${url} in time; see ${logFile}`);
}
