// InputErrors across threads: sent as data, rebuilt on the main thread with the same message, location and hint.
import { formatLocation, InputError } from "../../core/errors.js";
import type { InputErrorData } from "./protocol.js";

/** An InputError as data: its message without the FILE:LINE: field prefix that the rebuilt InputError adds back. */
export function inputErrorData(error: InputError): InputErrorData {
  const prefix = formatLocation({ file: error.file, line: error.line, field: error.field });
  return {
    message: error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message,
    ...(error.file !== undefined ? { file: error.file } : {}),
    ...(error.line !== undefined ? { line: error.line } : {}),
    ...(error.field !== undefined ? { field: error.field } : {}),
    ...(error.hint !== undefined ? { hint: error.hint } : {}),
  };
}

/** The InputError that {@link inputErrorData} describes. */
export function inputErrorFrom(data: InputErrorData): InputError {
  const { message, ...location } = data;
  return new InputError(message, location);
}
