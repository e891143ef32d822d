// Parses YAML keeping node positions, so a validation error can name the line of the offending field.
import { LineCounter, parseDocument, isNode, type Document } from "yaml";
import type { z } from "zod";
import { InputError } from "../core/errors.js";
import { firstIssueOf, safeParseReporting } from "./zod-issue.js";

export type LocatedYaml = { document: Document; lineCounter: LineCounter; value: unknown };

/** Parses YAML text; a syntax error names the file and line. */
export function parseYamlWithLines(text: string, file: string): LocatedYaml {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter });
  const first = document.errors[0];
  if (first !== undefined) {
    const line = first.linePos?.[0]?.line;
    throw new InputError(`invalid YAML: ${first.message.split("\n")[0]}`, line === undefined ? { file } : { file, line });
  }
  return { document, lineCounter, value: document.toJS() as unknown };
}

/** The 1-based line of the node at exactly `path`, or undefined when the document has no such node. */
export function lineOfNode(located: LocatedYaml, path: readonly (string | number)[]): number | undefined {
  const node = located.document.getIn(path, true);
  return isNode(node) && node.range ? located.lineCounter.linePos(node.range[0]).line : undefined;
}

/** The 1-based line of the node at `path`, or of its nearest existing parent. */
export function lineOfPath(located: LocatedYaml, path: (string | number)[]): number | undefined {
  for (let length = path.length; length >= 0; length -= 1) {
    const line = lineOfNode(located, path.slice(0, length));
    if (line !== undefined) return line;
  }
  return undefined;
}

/** Validates located YAML with a zod schema; errors name file, line and field path. */
export function validateLocated<T extends z.ZodType>(schema: T, located: LocatedYaml, file: string): z.infer<T> {
  const result = safeParseReporting(schema, located.value);
  if (result.success) return result.data;
  const { path, message } = firstIssueOf(result.error);
  const line = lineOfPath(located, path);
  const field = path.length === 0 ? "(root)" : path.join(".");
  throw new InputError(message, line === undefined ? { file, field } : { file, line, field });
}
