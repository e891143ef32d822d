// Typed errors of the training launchers: a Python exception (with its traceback) and a dead trainer process.
import { EntropoError, ExitCode, ExternalError } from "../core/errors.js";

/** Training raised in Python; carries the exception type, its message and the full Python traceback. */
export class PythonTrainingError extends EntropoError {
  readonly pythonType: string;
  readonly pythonMessage: string;
  readonly pythonTraceback: string;

  constructor(pythonType: string, message: string, pythonTraceback: string, logFile: string) {
    super(`training failed in Python: ${pythonType}: ${message}`, {
      code: "PYTHON_ERROR",
      exitCode: ExitCode.failure,
      hint: `the Python traceback is in ${logFile}`,
    });
    this.pythonType = pythonType;
    this.pythonMessage = message;
    this.pythonTraceback = pythonTraceback;
  }
}

/** The trainer process ended without reporting an outcome (killed, crashed, out of memory). */
export class TrainerDiedError extends ExternalError {
  /** What died ("torchrun", "the Python bridge process"). */
  readonly process: string;
  /** The process's exit code (null when a signal ended it). */
  readonly processExitCode: number | null;
  /** The signal that ended it (null when it exited). */
  readonly processSignal: string | null;

  constructor(what: string, code: number | null, signal: string | null, logFile: string) {
    const how = signal !== null ? `was killed by ${signal}` : `exited with code ${code ?? "?"}`;
    super(`${what} ${how} before training finished`, {
      code: "TRAINER_DIED",
      hint: `see ${logFile}; an exit by SIGKILL is often the out-of-memory killer`,
    });
    this.process = what;
    this.processExitCode = code;
    this.processSignal = signal;
  }
}

/** The error for a trainer process that ended without reporting an outcome. */
export function trainerDiedError(what: string, code: number | null, signal: string | null, logFile: string): TrainerDiedError {
  return new TrainerDiedError(what, code, signal, logFile);
}
