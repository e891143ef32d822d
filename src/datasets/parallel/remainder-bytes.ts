// DPO remainders stored as tagged UTF-8 values and escaped into JSON only for the trajectories that end up in a pair.
import type { ShareGptMessage, ShareGptRole } from "../sharegpt.js";
import type { BatchEncoder } from "./batch-encoder.js";
import { isWellFormed, writeJsonUtf8 } from "./json-string-bytes.js";
import type { ByteRange } from "./protocol.js";
import { messageListMaxBytes, writeMessageList } from "./row-json.js";

/** First byte of the compact form (a JSON text starts with "["). */
const compactTag = 0x01;
const roles: readonly ShareGptRole[] = ["system", "human", "gpt", "function_call", "observation"];
const roleJson = roles.map((role) => Buffer.from(`{"from":${JSON.stringify(role)},"value":`));
const comma = 0x2c;

/** Most bytes {@link writeRemainder} writes for these messages. */
export function remainderMaxBytes(messages: readonly ShareGptMessage[]): number {
  let bytes = 1;
  for (const message of messages) bytes += 5 + message.value.length * 3;
  return Math.max(bytes, messageListMaxBytes(messages));
}

/**
 * Writes a DPO remainder (the turns after the prompt) in compact form: the tag, then per message its role index and
 * its value as length-prefixed UTF-8. Escaping it into JSON costs more than everything else a worker does with a
 * trajectory, and most trajectories never pair, so {@link remainderJson} escapes only those that do. A value with a
 * lone surrogate (which UTF-8 cannot carry) makes the remainder JSON at once.
 */
export function writeRemainder(encoder: BatchEncoder, messages: readonly ShareGptMessage[]): ByteRange {
  const start = encoder.position;
  if (messages.some((message) => !isWellFormed(message.value))) writeMessageList(encoder, messages);
  else {
    encoder.putByte(compactTag);
    for (const message of messages) {
      encoder.putByte(roles.indexOf(message.from));
      encoder.putSizedText(message.value);
    }
  }
  return [start, encoder.position - start];
}

/** The JSON text (`JSON.stringify(messages)`) of a stored remainder: JSON as it is, the compact form escaped. */
export function remainderJson(bytes: Buffer): Buffer {
  if (bytes[0] !== compactTag) return bytes;
  let bound = 2;
  for (let position = 1; position < bytes.length; ) {
    const length = bytes.readUInt32LE(position + 1);
    bound += 40 + length * 6; // ,{"from":"function_call","value":"…"} around the escaped value
    position += 5 + length;
  }
  const json = Buffer.allocUnsafe(bound);
  let out = 0;
  json[out++] = 0x5b; // [
  for (let position = 1; position < bytes.length; ) {
    const role = roleJson[bytes[position] as number];
    const length = bytes.readUInt32LE(position + 1);
    if (role === undefined) throw new Error(`stored DPO remainder has an unknown role code ${bytes[position]}`);
    if (out > 1) json[out++] = comma;
    out += role.copy(json, out);
    out += writeJsonUtf8(bytes, position + 5, position + 5 + length, json, out);
    json[out++] = 0x7d; // }
    position += 5 + length;
  }
  json[out++] = 0x5d; // ]
  return json.subarray(0, out);
}
