// Valid training-config keys (generated from LLaMA-Factory + entropo_trainer dataclasses) and closest-key suggestions.
import { editDistance } from "../util/edit-distance.js";
import { llamafactoryKeys } from "./llamafactory-keys.js";

/** The value kind of a known key ("bool", "int", "float", "str", "any", "?" = nullable), or undefined. */
export function keyKind(key: string): string | undefined {
  return Object.hasOwn(llamafactoryKeys, key) ? llamafactoryKeys[key] : undefined;
}

/** The known key nearest to `key` by edit distance (ties: the alphabetically first). */
export function closestKey(key: string): string {
  let best = "";
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of Object.keys(llamafactoryKeys)) {
    const distance = editDistance(key, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** Whether a value fits a key kind; returns the expected kind as text when it does not. */
export function kindMismatch(kind: string, value: unknown): string | undefined {
  const nullable = kind.endsWith("?");
  const base = nullable ? kind.slice(0, -1) : kind;
  if (value === null) return nullable || base === "any" ? undefined : base;
  const fits =
    base === "any" ||
    (base === "bool" && typeof value === "boolean") ||
    (base === "int" && Number.isInteger(value)) ||
    (base === "float" && typeof value === "number" && Number.isFinite(value)) ||
    (base === "str" && typeof value === "string");
  if (fits) return undefined;
  const names: Record<string, string> = { bool: "a boolean", int: "an integer", float: "a number", str: "a string" };
  return (names[base] ?? base) + (nullable ? " or null" : "");
}
