import { describe, expect, it } from "vitest";
import { seededRandom } from "../../util/seeded-random.js";
import type { ShareGptMessage } from "../sharegpt.js";
import { BatchEncoder } from "./batch-encoder.js";
import { escapeInJavaScript, jsonStringMaxBytes, writeJsonString, writeJsonUtf8 } from "./json-string-bytes.js";
import { loadWasmEscaper } from "./wasm-escape.js";
import { remainderJson, remainderMaxBytes, writeRemainder } from "./remainder-bytes.js";
import { rowMaxBytes, writeRow } from "./row-json.js";

/** Random strings over every kind of UTF-16 unit JSON.stringify treats differently, runs of each at random lengths. */
function randomString(random: () => number): string {
  const pick = (): string => {
    const kind = Math.floor(random() * 9);
    if (kind === 0) return String.fromCharCode(Math.floor(random() * 0x20)); // control characters
    if (kind === 1) return ['"', "\\", "/", "\u007f", "\u2028", "\u2029"][Math.floor(random() * 6)] as string;
    if (kind === 2) return String.fromCharCode(0x80 + Math.floor(random() * 0x780)); // 2-byte UTF-8
    if (kind === 3) return String.fromCharCode(0x800 + Math.floor(random() * 0xd000)); // 3-byte UTF-8 below surrogates
    if (kind === 4) return String.fromCodePoint(0x10000 + Math.floor(random() * 0x10000)); // surrogate pair
    if (kind === 5) return "x".repeat(Math.floor(random() * 70)); // runs of plain ASCII around the copy threshold
    return String.fromCharCode(0x20 + Math.floor(random() * 0x5f));
  };
  let text = "";
  const parts = Math.floor(random() * 40);
  for (let index = 0; index < parts; index += 1) text += pick();
  return text;
}

describe("writeJsonString", () => {
  it("writes exactly the UTF-8 bytes of JSON.stringify(text), within jsonStringMaxBytes", () => {
    const random = seededRandom("json-string-bytes");
    const target = Buffer.alloc(1 << 16);
    const cases = ["", "plain", "\u0000\u001f\b\f\n\r\t", 'quote " and \\ backslash', "é•😀", "a".repeat(5000) + "\n"];
    for (let trial = 0; trial < 3000; trial += 1) cases.push(randomString(random));
    for (const text of cases) {
      const written = writeJsonString(text, target, 3);
      expect(written).toBeLessThanOrEqual(jsonStringMaxBytes(text));
      expect(target.toString("utf8", 3, 3 + written)).toBe(JSON.stringify(text));
    }
  });

  it("escapes lone surrogates as JSON.stringify does (\\udxxx)", () => {
    const target = Buffer.alloc(256);
    for (const text of ["\ud800", "a\udfffb", "\udc00\ud800", "ok😀\ud83d"]) {
      const written = writeJsonString(text, target, 0);
      expect(target.toString("utf8", 0, written)).toBe(JSON.stringify(text));
    }
  });
});

describe("writeRow", () => {
  it("writes JSON.stringify of SFT and KTO rows (conversations, tools, kto_tag) byte for byte", () => {
    const random = seededRandom("rows");
    const encoder = new BatchEncoder();
    for (let trial = 0; trial < 300; trial += 1) {
      const roles = ["system", "human", "gpt", "function_call", "observation"] as const;
      const conversations: ShareGptMessage[] = Array.from({ length: Math.floor(random() * 6) }, () => ({ from: roles[Math.floor(random() * 5)] as ShareGptMessage["from"], value: randomString(random) }));
      const tools = random() < 0.5 ? null : randomString(random);
      const ktoTag = random() < 0.3 ? undefined : random() < 0.5;
      encoder.reserve(rowMaxBytes(conversations, tools));
      const [offset, length] = writeRow(encoder, conversations, tools, ktoTag);
      const row = tools === null ? { conversations } : { conversations, tools };
      const expected = JSON.stringify(ktoTag === undefined ? row : { ...row, kto_tag: ktoTag });
      const { buffer } = encoder.take();
      expect(Buffer.from(buffer as ArrayBuffer, offset, length).toString("utf8")).toBe(expected);
    }
  });
});

describe("DPO remainders in compact form", () => {
  it("turn back into JSON.stringify(messages) exactly (lone surrogates stored as JSON at once)", () => {
    const random = seededRandom("remainders");
    const encoder = new BatchEncoder();
    const roles = ["human", "gpt", "function_call", "observation", "system"] as const;
    for (let trial = 0; trial < 300; trial += 1) {
      const messages: ShareGptMessage[] = Array.from({ length: Math.floor(random() * 7) }, () => ({ from: roles[Math.floor(random() * 5)] as ShareGptMessage["from"], value: randomString(random) }));
      if (trial % 50 === 7) messages.push({ from: "gpt", value: "lone \ud800 surrogate" });
      encoder.reserve(remainderMaxBytes(messages));
      const [offset, length] = writeRemainder(encoder, messages);
      const { buffer } = encoder.take();
      const stored = Buffer.from(buffer as ArrayBuffer, offset, length);
      expect(remainderJson(stored).toString("utf8")).toBe(JSON.stringify(messages));
    }
  });
});

describe("the WebAssembly SIMD escaper", () => {
  it("loads on this Node and escapes every byte value at every position of a 16-byte step as the JavaScript loop does", () => {
    expect(loadWasmEscaper(new Uint8Array(256), new Uint8Array(16))).toBeDefined();
    const random = seededRandom("wasm-escape");
    const viaWasm = Buffer.alloc(4096);
    const viaJs = Buffer.alloc(4096);
    for (let trial = 0; trial < 2000; trial += 1) {
      // Mostly plain bytes with a few of each kind (controls, quote, backslash, high bytes), lengths around 16 and 32.
      const length = trial < 64 ? trial : Math.floor(random() * 300);
      const source = Uint8Array.from({ length }, () => (random() < 0.1 ? Math.floor(random() * 256) : random() < 0.5 ? 0x22 + Math.floor(random() * 2) * 0x3a : 0x61));
      const start = Math.floor(random() * Math.min(5, length + 1));
      const a = writeJsonUtf8(source, start, length, viaWasm, 1);
      const b = escapeInJavaScript(source, start, length, viaJs, 1);
      expect(viaWasm.subarray(1, 1 + a).equals(viaJs.subarray(1, 1 + b))).toBe(true);
    }
  });
});
