// Text forms of structured tool calls: decoded arguments, R2E's `<function=...>` XML, and Python-style JSON.
import type { ToolCall } from "./record.js";

/** The decoded arguments of a call, or undefined when its JSON text is not an object. */
export function toolArguments(call: ToolCall): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(call.function.arguments === "" ? "{}" : call.function.arguments);
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Python's `str(value)` for JSON values, as R2E's `Action` turns parameters into text (`[1, 20]`, `True`, `None`). */
export function pythonStr(value: unknown): string {
  if (typeof value === "string") return value;
  if (value === null || value === undefined) return "None";
  if (typeof value === "boolean") return value ? "True" : "False";
  if (typeof value === "number") return String(value);
  return pythonJson(value);
}

/** `json.dumps(value, ensure_ascii=False)` of Python: ", " and ": " separators (LLaMA-Factory writes tool calls so). */
export function pythonJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => pythonJson(item)).join(", ")}]`;
  if (typeof value === "object" && value !== null) {
    return `{${Object.entries(value).map(([key, item]) => `${JSON.stringify(key)}: ${pythonJson(item)}`).join(", ")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/**
 * R2E's normalized action text (`Action.to_xml_string`): `<function=NAME>\n`, one `  <parameter=K>V</parameter>\n`
 * per argument in order, `</function>`. Arguments that are not a JSON object are kept whole as `<parameter=arguments>`.
 */
export function functionXml(name: string, args: Record<string, unknown> | undefined, rawArguments = ""): string {
  let xml = `<function=${name}>\n`;
  if (args === undefined) xml += `  <parameter=arguments>${rawArguments}</parameter>\n`;
  else for (const [key, value] of Object.entries(args)) xml += `  <parameter=${key}>${pythonStr(value)}</parameter>\n`;
  return `${xml}</function>`;
}

/** The step action of a turn's calls, each rendered as R2E XML under its own (native) name, joined by newlines. */
export function toolCallsAction(calls: readonly ToolCall[]): string {
  return calls.map((call) => functionXml(call.function.name, toolArguments(call), call.function.arguments)).join("\n");
}

/** True when a call ends the episode in the scaffolds' conventions (a name containing finish or submit, as R2E decides). */
export function isFinishToolCall(call: ToolCall): boolean {
  const name = call.function.name.toLowerCase();
  return name.includes("finish") || name.includes("submit");
}
