// Python's str semantics where they differ from JavaScript's, so ports of Python log parsers agree to the character.

/** Python's whitespace (str.isspace / re `\s` on str): JS `\s` lacks \x1c-\x1f and \x85 and adds \ufeff. */
export const pyWhitespaceClass = "\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";

const whitespaceRun = new RegExp(`[${pyWhitespaceClass}]+`);
const leadingWhitespace = new RegExp(`^[${pyWhitespaceClass}]+`);
const trailingWhitespace = new RegExp(`[${pyWhitespaceClass}]+$`);

/** Python's `s.split()`: runs of whitespace separate, no empty fields. */
export function pySplit(text: string): string[] {
  return text.split(whitespaceRun).filter((part) => part !== "");
}

/** Python's `s.strip()`. */
export function pyStrip(text: string): string {
  return text.replace(leadingWhitespace, "").replace(trailingWhitespace, "");
}

/** Python's `s.lstrip()`. */
export function pyLstrip(text: string): string {
  return text.replace(leadingWhitespace, "");
}

/** Python's `s.split(separator, 1)` when the separator occurs: the text before and after its first occurrence. */
export function splitOnce(text: string, separator: string): [string, string] | null {
  const index = text.indexOf(separator);
  return index < 0 ? null : [text.slice(0, index), text.slice(index + separator.length)];
}

/**
 * The text Python's `open(path).read()` returns: universal newlines turn "\r\n" and a lone "\r" into "\n"
 * (SWE-bench reads every test log this way before grading it).
 */
export function universalNewlines(text: string): string {
  return text.replace(/\r\n?/g, "\n");
}

/** The value of a string of Unicode decimal digits (Python's `int()` on what `\d+` matched). */
export function decimalValue(digits: string): number {
  let value = 0;
  for (const character of digits) {
    const codePoint = character.codePointAt(0) ?? 48;
    // Decimal digits come in runs of ten, zero first, sometimes back to back: the distance to the start of the
    // contiguous block, modulo ten, is the digit's value.
    let start = codePoint;
    while (start > 0 && /\p{Nd}/u.test(String.fromCodePoint(start - 1))) start -= 1;
    value = value * 10 + ((codePoint - start) % 10);
  }
  return value;
}
