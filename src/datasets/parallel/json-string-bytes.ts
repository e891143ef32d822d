// Writes a string as JSON text (the bytes of JSON.stringify(string)) straight into a buffer, without building it.
import { loadWasmEscaper, wasmTextAt, type WasmEscaper } from "./wasm-escape.js";

const quote = 0x22;
const backslash = 0x5c;
const hex = Buffer.from("0123456789abcdef");
/** The escape of each byte below 0x20 and of `"` and `\`, as JSON.stringify writes it; 0 for bytes written as they are. */
const shortEscape = new Uint8Array(256);
for (let byte = 0; byte < 0x20; byte += 1) shortEscape[byte] = 0x75; // "u": \u00XX
shortEscape[0x08] = 0x62; // \b
shortEscape[0x09] = 0x74; // \t
shortEscape[0x0a] = 0x6e; // \n
shortEscape[0x0c] = 0x66; // \f
shortEscape[0x0d] = 0x72; // \r
shortEscape[quote] = quote;
shortEscape[backslash] = backslash;

/** Texts up to this many UTF-16 units (bytes for UTF-8 input) go through WebAssembly (its memory holds 21 bytes each). */
const wasmMaxText = 1 << 18;
let wasmEscaper: WasmEscaper | null | undefined;
let scratch = Buffer.allocUnsafe(1 << 16);

/** String.prototype.isWellFormed (ES2024, in Node 20) is not in the ES2023 library types this project compiles against. */
type WellFormedCheck = { isWellFormed(): boolean };

/** Most bytes one string may take as JSON text: 6 per UTF-16 code unit (`\u001f`) plus the quotes. */
export function jsonStringMaxBytes(text: string): number {
  return text.length * 6 + 2;
}

/** True when the string has no lone surrogate (so UTF-8 carries it exactly). */
export function isWellFormed(text: string): boolean {
  return (text as unknown as WellFormedCheck).isWellFormed();
}

/** The WebAssembly escaper, loaded on first use (null where SIMD is unavailable: the JavaScript loop is used). */
function escaper(): WasmEscaper | undefined {
  if (wasmEscaper === undefined) wasmEscaper = loadWasmEscaper(shortEscape, hex) ?? null;
  return wasmEscaper ?? undefined;
}

/**
 * Writes `JSON.stringify(text)` as UTF-8 into `target` at `offset` (room for {@link jsonStringMaxBytes} is the
 * caller's); returns the bytes written. The text is UTF-8 encoded natively, then escaped: only `"`, `\` and bytes below
 * 0x20 are escaped (UTF-8 multi-byte sequences never contain them), with JSON.stringify's escapes (\b \t \n \f \r, else
 * \u00xx in lower case). A string with lone surrogates (which JSON.stringify escapes as \udxxx and UTF-8 cannot carry)
 * goes through JSON.stringify. json-string-bytes.test.ts checks it against JSON.stringify.
 */
export function writeJsonString(text: string, target: Buffer, offset: number): number {
  if (!isWellFormed(text)) return target.write(JSON.stringify(text), offset, "utf8");
  const wasm = text.length <= wasmMaxText ? escaper() : undefined;
  if (wasm !== undefined) {
    wasm.ensure(wasmTextAt + text.length * 21 + 64);
    const length = wasm.memory().write(text, wasmTextAt, "utf8");
    return escapeInWasm(wasm, length, target, offset);
  }
  if (scratch.length < text.length * 3) scratch = Buffer.allocUnsafe(Math.max(text.length * 3, scratch.length * 2));
  const length = scratch.write(text, 0, "utf8");
  return escapeInJavaScript(scratch, 0, length, target, offset);
}

/**
 * Writes the UTF-8 text `source[start, end)` as a JSON string (the bytes of JSON.stringify of the decoded text) into
 * `target` at `offset` (room for 6 bytes per source byte plus 2 is the caller's); returns the bytes written.
 */
export function writeJsonUtf8(source: Uint8Array, start: number, end: number, target: Buffer, offset: number): number {
  const wasm = end - start <= wasmMaxText ? escaper() : undefined;
  if (wasm === undefined) return escapeInJavaScript(source, start, end, target, offset);
  wasm.ensure(wasmTextAt + (end - start) * 7 + 64);
  wasm.memory().set(source.subarray(start, end), wasmTextAt);
  return escapeInWasm(wasm, end - start, target, offset);
}

/** Escapes the `length` UTF-8 bytes at wasmTextAt into `target` at `offset` as a JSON string; returns the bytes written. */
function escapeInWasm(wasm: WasmEscaper, length: number, target: Buffer, offset: number): number {
  const dst = wasmTextAt + length + (16 - (length % 16));
  const end = wasm.escape(wasmTextAt, length, dst);
  target[offset] = quote;
  target.set(wasm.memory().subarray(dst, end), offset + 1);
  target[offset + 1 + end - dst] = quote;
  return end - dst + 2;
}

/** The same escaping as the WebAssembly module, a byte at a time (where SIMD is unavailable, and for very long texts). */
export function escapeInJavaScript(source: Uint8Array, start: number, end: number, target: Buffer, offset: number): number {
  let out = offset;
  target[out++] = quote;
  let index = start;
  while (index < end) {
    const runStart = index;
    while (index < end && shortEscape[source[index] as number] === 0) index += 1;
    const run = index - runStart;
    if (run > 0) {
      if (run < 24) for (let copy = runStart; copy < index; copy += 1) target[out++] = source[copy] as number;
      else {
        target.set(source.subarray(runStart, index), out);
        out += run;
      }
    }
    if (index === end) break;
    const byte = source[index] as number;
    const escape = shortEscape[byte] as number;
    index += 1;
    target[out++] = backslash;
    target[out++] = escape;
    if (escape === 0x75) {
      target[out++] = 0x30;
      target[out++] = 0x30;
      target[out++] = hex[byte >> 4] as number;
      target[out++] = hex[byte & 15] as number;
    }
  }
  target[out++] = quote;
  return out - offset;
}
