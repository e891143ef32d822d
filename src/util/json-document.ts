// Whole-file (multi-line) JSON documents: a syntax error names FILE:LINE:COLUMN, not V8's byte position.
import { InputError } from "../core/errors.js";

/** The 1-based line and column of character `offset` of `text`. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const lineStart = before.lastIndexOf("\n") + 1;
  return { line: before.split("\n").length, column: offset - lineStart + 1 };
}

/**
 * The offset of an "Unexpected token 'c', "…context…" is not valid JSON" error: V8 quotes the source from 10 characters
 * before the token to 10 after, with "..." where it cut; texts under 21 characters are quoted whole.
 */
function unexpectedTokenOffset(text: string, message: string): number | undefined {
  const match = /^Unexpected token '([\s\S])', (\.\.\.)?"([\s\S]*)"(\.\.\.)? is not valid JSON/.exec(message);
  if (!match) return undefined;
  const [, token = "", cutBefore, context = ""] = match;
  if (cutBefore === undefined && match[4] === undefined) return text.indexOf(token);
  const start = text.indexOf(context);
  if (start < 0) return undefined;
  return cutBefore === undefined ? context.length - 10 : start + 10;
}

/** Where V8's JSON.parse message puts the error: "at position N" (Node 20) or "(line L column C)" (Node 22+). */
function errorPlace(text: string, message: string): { line: number; column: number } | undefined {
  const lineColumn = /\(line (\d+) column (\d+)\)/.exec(message);
  if (lineColumn) return { line: Number(lineColumn[1]), column: Number(lineColumn[2]) };
  const position = /at position (\d+)/.exec(message);
  if (position) return lineAndColumn(text, Number(position[1]));
  if (/Unexpected end of JSON input/.test(message)) return lineAndColumn(text, text.length);
  const offset = unexpectedTokenOffset(text, message);
  return offset === undefined || offset < 0 ? undefined : lineAndColumn(text, offset);
}

/**
 * Parses the JSON document `text` of `file`; a syntax error is an InputError starting `FILE:LINE:COLUMN: invalid JSON`
 * (its `file` and `line` set, the column in the message, `hint` when given), with V8's reason minus the byte position.
 */
export function parseJsonDocument(text: string, file: string, hint?: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const message = (error as Error).message;
    const place = errorPlace(text, message);
    const reason = message
      .replace(/ (in JSON )?at position \d+/, "")
      .replace(/ ?\(line \d+ column \d+\)/, "")
      .replace(/^Unexpected token '([\s\S])', [\s\S]* is not valid JSON$/, (_, token: string) => `Unexpected token ${JSON.stringify(token)}`);
    if (place === undefined) throw new InputError(`invalid JSON (${reason})`, { file, hint });
    return throwAt(file, place, reason, hint);
  }
}

/** Throws the InputError of a JSON syntax error at `place`. */
function throwAt(file: string, place: { line: number; column: number }, reason: string, hint: string | undefined): never {
  const error = new InputError(`invalid JSON (${reason})`, { file, line: place.line, hint });
  error.message = `${file}:${place.line}:${place.column}: invalid JSON (${reason})`;
  throw error;
}
