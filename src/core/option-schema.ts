// One zod schema per operation's options, read from either entry point: the CLI's flags (strings from commander) and a
// pipeline stage's `with:` (YAML values, snake_case keys). Each field's error message is the value it expects, so both
// entry points word an error the same way: the option (flag, or file and field), the expected value and the one received.
import { z } from "zod";
import { badOptionValue, InputError } from "./errors.js";
import { withoutUndefined } from "./options.js";
import { expectedOf, receivedText } from "../util/zod-issue.js";

/** A number given as a number (YAML) or as its text (a flag); `accepts` bounds it; `expected` words the error. */
function numeric(expected: string, accepts: (value: number) => boolean): z.ZodType<number, string | number> {
  return z.union([z.number(), z.string()], { error: expected }).transform((value, context) => {
    const parsed = typeof value === "number" ? value : value.trim() === "" ? Number.NaN : Number(value);
    if (Number.isFinite(parsed) && accepts(parsed)) return parsed;
    context.addIssue({ code: "custom", message: expected });
    return z.NEVER;
  });
}

/** Field builders: each one's error message is the value it expects. */
export const optionValue = {
  /** An integer >= `minimum` ("an integer >= N" unless `expected` words it). */
  integer: (minimum = Number.NEGATIVE_INFINITY, expected = `an integer >= ${minimum}`) => numeric(expected, (value) => Number.isInteger(value) && value >= minimum),
  /** A finite number that `accepts` allows. */
  number: (expected: string, accepts: (value: number) => boolean = () => true) => numeric(expected, accepts),
  /** One of `values` ("a or b" unless `expected` words it). */
  oneOf: <const Values extends readonly [string, ...string[]]>(values: Values, expected = values.join(" or ")) => z.enum(values, { error: expected }),
  /** A non-empty string. */
  text: (expected = "a non-empty string") => z.string({ error: expected }).min(1, expected),
  /** A list of strings (a repeatable flag, or a YAML list). */
  texts: (expected = "a list of strings") => z.array(z.string({ error: expected }), { error: expected }),
  /** A switch: a flag given (true) or a YAML boolean. */
  flag: () => z.boolean({ error: "true or false" }),
};

/** How a field is named at each entry point: its flag (default `--kebab-case` of the key) and its pipeline key (snake_case). */
export type OptionNames<Key extends string> = Partial<Record<Key, { flag?: string; setting?: string }>>;

const kebab = (key: string): string => key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
const snake = (key: string): string => key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);

/** The flag of `key`: `--kebab-case` unless renamed. */
export function flagOf<Key extends string>(key: Key, names: OptionNames<Key> = {}): string {
  return names[key]?.flag ?? `--${kebab(key)}`;
}

/** The pipeline setting of `key`: snake_case unless renamed. */
export function settingOf<Key extends string>(key: Key, names: OptionNames<Key> = {}): string {
  return names[key]?.setting ?? snake(key);
}

type ObjectSchema = z.ZodObject<z.ZodRawShape>;

/** The first issue of a failed parse: the option's key, the path inside it and the expected value (util/zod-issue words it). */
function firstIssue(error: z.ZodError): { key: string; path: string; expected: string } {
  const issue = error.issues[0];
  const path = (issue?.path ?? []).map(String);
  return { key: path[0] ?? "", path: path.join("."), expected: issue === undefined ? "a valid value" : expectedOf(issue) };
}

/** The property commander stores a flag under: `--max-steps` → maxSteps, `--no-tokens` → tokens; an argument (`<kind>`) as is. */
function commanderKey(flag: string): string {
  if (!flag.startsWith("-")) return flag;
  return flag.replace(/^--?(no-)?/, "").replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
}

/**
 * Reads commander's values (unset flags undefined) with the operation's schema, each field from the property of its
 * flag (`--input` for `inputs` when renamed so); an error names the flag as badOptionValue does.
 */
export function parseFlags<Schema extends ObjectSchema>(schema: Schema, flags: Record<string, unknown>, names: OptionNames<Extract<keyof z.infer<Schema>, string>> = {}): z.infer<Schema> {
  const keys = Object.keys(schema.shape) as Extract<keyof z.infer<Schema>, string>[];
  const known = Object.fromEntries(keys.map((key) => [key, flags[key in flags ? key : commanderKey(flagOf(key, names))]]).filter(([, value]) => value !== undefined));
  const result = schema.safeParse(known);
  if (result.success) return result.data;
  const { key, expected } = firstIssue(result.error);
  throw badOptionValue(flagOf(key as Extract<keyof z.infer<Schema>, string>, names), expected, known[key] ?? null);
}

/** Where a stage's settings come from: the pipeline file, the field of its `with:` and, when known, the line of a setting's path. */
export type SettingsWhere = { file: string; field?: string; lineOf?: (path: readonly (string | number)[]) => number | undefined };

/** The InputError of a setting at `path` (inside `with:`): file, the setting's line when known, and field. */
export function settingError(message: string, where: SettingsWhere, path: readonly (string | number)[]): InputError {
  const name = path.join(".");
  const field = where.field === undefined ? name : name === "" ? where.field : `${where.field}.${name}`;
  const line = where.lineOf?.(path);
  return new InputError(message, line === undefined ? { file: where.file, field } : { file: where.file, line, field });
}

/**
 * Reads a pipeline stage's `with:` with the operation's schema: snake_case settings (renamed ones as `names` says);
 * an unknown setting or a bad value is an InputError naming the file, the field, the expected value and the one received.
 */
export function parseSettings<Schema extends ObjectSchema>(
  schema: Schema,
  settings: Record<string, unknown>,
  where: SettingsWhere,
  names: OptionNames<Extract<keyof z.infer<Schema>, string>> = {},
): z.infer<Schema> {
  const keys = Object.keys(schema.shape) as Extract<keyof z.infer<Schema>, string>[];
  const byName = new Map(keys.map((key) => [settingOf(key, names), key]));
  const values: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(settings)) {
    const key = byName.get(name);
    if (key === undefined) throw settingError(`unknown setting "${name}"; known: ${[...byName.keys()].join(", ")}`, where, [name]);
    values[key] = value;
  }
  const result = schema.safeParse(withoutUndefined(values));
  if (result.success) return result.data;
  const { key, path, expected } = firstIssue(result.error);
  const name = settingOf(key as Extract<keyof z.infer<Schema>, string>, names);
  const inner = path === key ? [] : path.slice(key.length + 1).split(".");
  const received = values[key] === undefined ? `missing (expects ${expected})` : `expects ${expected}, received ${receivedText(values[key])}`;
  throw settingError(received, where, [name, ...inner]);
}
