// The list of sub-commands: one line per command module (each lives in ./commands/<name>.ts).
import type { Command } from "commander";
import { registerDashboardCommand } from "./commands/dashboard.js";
import { registerDataCommand } from "./commands/data.js";
import { registerDemoCommand } from "./commands/demo.js";
import { registerDoctorCommand } from "./commands/doctor.js";
import { registerExperimentCommand } from "./commands/experiment.js";
import { registerGcCommand } from "./commands/gc.js";
import { registerPredictionsCommand } from "./commands/predictions.js";
import { registerReplayServerCommand } from "./commands/replay-server.js";
import { registerReportCommand } from "./commands/report.js";
import { registerRolloutCommand } from "./commands/rollout.js";
import { registerRunCommand } from "./commands/run.js";
import { registerSelectCommand } from "./commands/select.js";
import { registerTasksCommand } from "./commands/tasks.js";
import { registerToolCommand } from "./commands/tool.js";
import { registerVerifyCommand } from "./commands/verify.js";
import { registerTrainCommand } from "./commands/train.js";

export type CommandState = { exitCode: number };

/** Adds every sub-command to the program. */
export function registerCommands(program: Command, state: CommandState): void {
  registerDoctorCommand(program, state);
  registerDataCommand(program, state);
  registerPredictionsCommand(program, state);
  registerReplayServerCommand(program, state);
  registerReportCommand(program, state);
  registerRolloutCommand(program, state);
  registerRunCommand(program, state);
  registerSelectCommand(program, state);
  registerVerifyCommand(program, state);
  registerDashboardCommand(program, state);
  registerDemoCommand(program, state);
  registerToolCommand(program, state);
  registerGcCommand(program, state);
  registerTrainCommand(program, state);
  registerTasksCommand(program, state);
  registerExperimentCommand(program, state);
}
