// The one place a zod issue becomes a message: the field's path and "expects E, received V" (or "missing"), whether the
// schema words the expected value itself (a custom message) or zod's default does (the issue's code and bounds).
import { z } from "zod";

type Issue = z.core.$ZodIssue;
export type DescribedIssue = { path: (string | number)[]; message: string };

const english = z.locales.en();
const longest = 80;

/** A received value as JSON, cut to `longest` characters. */
export function receivedText(value: unknown): string {
  const text = value === undefined ? "undefined" : (JSON.stringify(value) ?? String(value));
  return text.length > longest ? `${text.slice(0, longest - 1)}…` : text;
}

/** What zod's default message of `issue` expected, in words ("a number", "a number >= 0", "one of "a", "b""). */
function expectedByZod(issue: Issue): string {
  switch (issue.code) {
    case "invalid_type":
      return issue.expected === "nonoptional" ? "a value" : issue.expected === "array" || issue.expected === "object" ? `an ${issue.expected}` : `a ${issue.expected}`;
    case "too_small":
    case "too_big": {
      const bound = issue.code === "too_small" ? issue.minimum : issue.maximum;
      const sign = issue.code === "too_small" ? (issue.inclusive ? ">=" : ">") : issue.inclusive ? "<=" : "<";
      if (issue.origin === "array" || issue.origin === "set") return `${sign === ">=" || sign === ">" ? "at least" : "at most"} ${String(bound)} items`;
      if (issue.origin === "string") return `a text of ${sign === ">=" || sign === ">" ? "at least" : "at most"} ${String(bound)} characters`;
      return `a number ${sign} ${String(bound)}`;
    }
    case "invalid_value":
      return issue.values.length === 1 ? receivedText(issue.values[0]) : `one of ${issue.values.map(receivedText).join(", ")}`;
    case "invalid_format":
      return issue.format === "regex" && "pattern" in issue ? `a text matching ${String(issue.pattern)}` : `a ${issue.format}`;
    case "not_multiple_of":
      return `a multiple of ${String(issue.divisor)}`;
    case "invalid_union": {
      const options = issue.errors.map((branch) => (branch[0] === undefined ? "" : expectedOf(branch[0]))).filter((text) => text !== "");
      return options.length === 0 ? "a valid value" : [...new Set(options)].join(" or ");
    }
    default:
      return "a valid value";
  }
}

/** The expected value of `issue`: the schema's own message when it has one (this project's schemas word it so), else zod's. */
export function expectedOf(issue: Issue): string {
  const byZod = english.localeError({ ...issue, input: issue.input } as Parameters<typeof english.localeError>[0]);
  const defaultMessage = typeof byZod === "string" ? byZod : byZod?.message;
  return issue.message !== "" && issue.message !== defaultMessage ? issue.message : expectedByZod(issue);
}

/** The field path and message of one issue: `expects E, received V` (`must R, received V`), `missing (expects E)`, or `unknown field, received V`. */
export function describeIssue(issue: Issue): DescribedIssue {
  const path = issue.path.map((part) => (typeof part === "number" ? part : String(part)));
  if (issue.code === "unrecognized_keys") {
    const key = issue.keys[0] ?? "";
    const input = issue.input as Record<string, unknown> | undefined;
    return { path: [...path, key], message: `unknown field, received ${receivedText(input?.[key])}` };
  }
  const expected = expectedOf(issue);
  // A schema may word its rule as a requirement ("must be owner/name", "needs picks ...") rather than a value.
  const rule = /^(must|needs) /.test(expected) ? expected : `expects ${expected}`;
  if (issue.input === undefined) return { path, message: `missing (${rule})` };
  return { path, message: `${rule}, received ${receivedText(issue.input)}` };
}

/** The first issue of a failed parse (a parse made with `reportInput: true`, so the received value is known). */
export function firstIssueOf(error: z.ZodError): DescribedIssue {
  const issue = error.issues[0];
  return issue === undefined ? { path: [], message: "invalid value" } : describeIssue(issue);
}

/** `schema.safeParse` that records each issue's input, for {@link describeIssue}. */
export function safeParseReporting<T extends z.ZodType>(schema: T, value: unknown): z.ZodSafeParseResult<z.output<T>> {
  return schema.safeParse(value, { reportInput: true });
}
