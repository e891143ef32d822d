// Removes secrets (API keys, tokens, passwords) from values before they are stored or logged.

const secretKeyPattern = /(api[_-]?key|token|secret|password|authorization)/i;

/** Values of environment variables that look like secrets, longer than 7 characters. */
export function secretValuesFromEnv(env: NodeJS.ProcessEnv = process.env): string[] {
  return Object.entries(env)
    .filter(([key, value]) => secretKeyPattern.test(key) && typeof value === "string" && value.length > 7)
    .map(([, value]) => value as string);
}

/** Returns a deep copy with secret-named keys replaced and known secret values masked inside strings. */
export function redact<T>(value: T, secrets: string[] = secretValuesFromEnv()): T {
  return redactValue(value, secrets) as T;
}

function redactValue(value: unknown, secrets: string[]): unknown {
  if (typeof value === "string") return maskSecrets(value, secrets);
  if (Array.isArray(value)) return value.map((item) => redactValue(item, secrets));
  if (value !== null && typeof value === "object") {
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      copy[key] = secretKeyPattern.test(key) && item !== null && item !== undefined && item !== "" ? "[redacted]" : redactValue(item, secrets);
    }
    return copy;
  }
  return value;
}

/** Replaces every occurrence of each secret in a string. */
export function maskSecrets(text: string, secrets: string[] = secretValuesFromEnv()): string {
  let masked = text;
  for (const secret of secrets) if (secret.length > 0) masked = masked.split(secret).join("[redacted]");
  return masked;
}
