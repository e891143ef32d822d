// Shared runner for commands: wires signals, renders the event stream and maps errors to exit codes.
import type { CommandName, CommandResults } from "../core/command-results.js";
import { isResultOf, type PipelineEvent } from "../core/events.js";
import { CancelledError, ExitCode } from "../core/errors.js";
import { renderEvents, reportError } from "./render-events.js";
import { abortOnSignals } from "./signals.js";

export type CommandContext = { signal: AbortSignal; json: boolean };

/**
 * Runs the core operation of `command` and returns the process exit code (0, 2 bad input, 3 external, 130 cancelled);
 * `exitCodeFor` gets the data of the command's result event, typed (undefined when the stream ended without one).
 */
export async function runEventCommand<Name extends CommandName>(
  json: boolean,
  command: Name,
  operation: (context: CommandContext) => AsyncIterable<PipelineEvent>,
  exitCodeFor: (result: CommandResults[Name] | undefined) => number = () => ExitCode.ok,
): Promise<number> {
  const { signal, dispose } = abortOnSignals();
  try {
    const last = await renderEvents(operation({ signal, json }), { json });
    if (signal.aborted) return ExitCode.cancelled;
    return exitCodeFor(last !== undefined && isResultOf(last, command) ? last.data : undefined);
  } catch (error) {
    if (signal.aborted && !(error instanceof CancelledError)) return reportError(new CancelledError(), { json });
    return reportError(error, { json });
  } finally {
    dispose();
  }
}
