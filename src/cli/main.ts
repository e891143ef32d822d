// The `entropo` command: builds the commander program from the registered commands and runs it.
import { Command, CommanderError } from "commander";
import type { CommandState } from "./register-commands.js";

type Register = (program: Command, state: CommandState) => void;

/**
 * Commands registered alone when they are the one invoked, so that they do not load every other command's modules
 * (ink, dockerode, openai, ...): `entropo data` then starts in about a tenth of the time and memory.
 */
const standalone: Record<string, () => Promise<Register>> = {
  data: async () => (await import("./commands/data.js")).registerDataCommand,
};

/** Builds the program; each command's action stores its exit code in `state`. */
async function buildProgram(state: CommandState, command: string | undefined): Promise<Command> {
  const program = new Command();
  program
    .name("entropo")
    .description("EntroPO orchestrator: rollouts, datasets, EntroPO training, test-time selection, reports")
    .version("0.1.0")
    .exitOverride()
    .showHelpAfterError();
  const load = command === undefined ? undefined : standalone[command];
  if (load !== undefined) (await load())(program, state);
  else (await import("./register-commands.js")).registerCommands(program, state);
  return program;
}

/** Runs the CLI with the given argv and resolves to the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const state = { exitCode: 0 };
  if (argv.length <= 2) argv = [...argv, "dashboard"];
  const program = await buildProgram(state, argv[2]);
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    throw error;
  }
  return state.exitCode;
}
