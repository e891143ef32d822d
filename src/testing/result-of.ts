// Test support: the typed result of a command from its event stream (no cast at the call site).
import type { CommandName, CommandResults } from "../core/command-results.js";
import { isResultOf, type PipelineEvent } from "../core/events.js";

/** The data of `command`'s last result event in `events`; throws when the stream holds none. */
export function resultOf<Name extends CommandName>(events: readonly PipelineEvent[], command: Name): CommandResults[Name] {
  const found = events.filter((event) => isResultOf(event, command)).at(-1);
  if (found === undefined || !isResultOf(found, command)) throw new Error(`no result event of ${command} among ${events.length} events`);
  return found.data;
}
