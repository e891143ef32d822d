// Rows' JSON texts written straight into a batch buffer: exactly JSON.stringify's text, without building it as a string.
import type { ShareGptMessage } from "../sharegpt.js";
import type { BatchEncoder } from "./batch-encoder.js";
import { jsonStringMaxBytes } from "./json-string-bytes.js";
import type { ByteRange } from "./protocol.js";

/** Most bytes of a ShareGPT message list's JSON text. */
export function messageListMaxBytes(messages: readonly ShareGptMessage[]): number {
  let bytes = 2;
  for (const message of messages) bytes += 24 + jsonStringMaxBytes(message.from) + jsonStringMaxBytes(message.value);
  return bytes;
}

/**
 * Writes `JSON.stringify(messages)` (`[{"from":..,"value":..},...]`: ShareGPT messages have exactly these two keys, in
 * this order, as toShareGpt builds them). Writing each value straight into the buffer builds no string of the whole
 * trajectory (large V8 objects on freshly mapped pages) and skips JSON.stringify's slower escaping.
 */
export function writeMessageList(encoder: BatchEncoder, messages: readonly ShareGptMessage[]): void {
  encoder.put("[");
  messages.forEach((message, index) => {
    encoder.put(index === 0 ? '{"from":' : ',{"from":');
    encoder.putJsonString(message.from);
    encoder.put(',"value":');
    encoder.putJsonString(message.value);
    encoder.put("}");
  });
  encoder.put("]");
}

/** Most bytes of an SFT/KTO row (see {@link writeRow}). */
export function rowMaxBytes(conversations: readonly ShareGptMessage[], tools: string | null): number {
  return 64 + messageListMaxBytes(conversations) + (tools === null ? 0 : jsonStringMaxBytes(tools));
}

/** Writes `JSON.stringify({conversations, tools?, kto_tag?})` (keys in this order, absent ones left out); returns its range. */
export function writeRow(encoder: BatchEncoder, conversations: readonly ShareGptMessage[], tools: string | null, ktoTag?: boolean): ByteRange {
  const start = encoder.position;
  encoder.put('{"conversations":');
  writeMessageList(encoder, conversations);
  if (tools !== null) {
    encoder.put(',"tools":');
    encoder.putJsonString(tools);
  }
  if (ktoTag !== undefined) encoder.put(`,"kto_tag":${ktoTag}`);
  encoder.put("}");
  return [start, encoder.position - start];
}
