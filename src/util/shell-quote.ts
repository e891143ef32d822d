// Quoting for /bin/sh command lines that entropo writes (test commands, launchers, scripted teacher calls).

/** Wraps text in single quotes for /bin/sh, escaping embedded single quotes as '\''. */
export function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}
