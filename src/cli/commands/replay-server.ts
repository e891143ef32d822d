// `entropo replay-server`: serves recorded trajectories' assistant turns over an OpenAI-compatible API on 127.0.0.1.
import type { Command } from "commander";
import { numberOption } from "../../core/options.js";
import { startReplayServer } from "../../llm/replay-server.js";
import { replayScriptFromTrajectories } from "../../llm/replay-trajectories.js";
import type { CommandState } from "../register-commands.js";
import { runEventCommand } from "../run-command.js";

type ReplayServerCliOptions = { trajectories: string; port: string; model: string; json?: boolean };

/** Registers `entropo replay-server --trajectories FILE [--port P] [--model NAME]`; runs until SIGINT. */
export function registerReplayServerCommand(program: Command, state: CommandState): void {
  program
    .command("replay-server")
    .description("serve the assistant turns of recorded trajectories as an OpenAI-compatible endpoint on 127.0.0.1 (until Ctrl-C)")
    .requiredOption("--trajectories <file>", "trajectories JSONL (entropo records or R2E lines)")
    .option("--port <port>", "TCP port (0 picks a free one)", "0")
    .option("--model <name>", "model id it reports", "replay")
    .option("--json", "print events as NDJSON")
    .action(async (options: ReplayServerCliOptions) => {
      state.exitCode = await runEventCommand(Boolean(options.json), "replay-server", async function* ({ signal }) {
        const port = numberOption("--port", options.port, "an integer in [0, 65535]", (value) => Number.isInteger(value) && value >= 0 && value <= 65535);
        const script = await replayScriptFromTrajectories(options.trajectories, options.model);
        const server = await startReplayServer({ responses: script, port });
        yield { type: "log", level: "info", message: `replaying ${script.conversations?.length ?? 0} trajectories at ${server.url} (Ctrl-C to stop)`, source: "replay-server" };
        yield { type: "result", command: "replay-server", data: { url: server.url, trajectories: script.conversations?.length ?? 0 } };
        await new Promise<void>((resolve) => (signal.aborted ? resolve() : signal.addEventListener("abort", () => resolve(), { once: true })));
        await server.close();
        yield { type: "log", level: "info", message: `stopped after ${server.requests} requests`, source: "replay-server" };
      });
    });
}
