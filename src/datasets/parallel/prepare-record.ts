// Worker side of a record: the stateless part of the filter and of the row handler, with the row's JSON text encoded.
import { createHash } from "node:crypto";
import { isResolved } from "../../trajectories/record-facts.js";
import type { TrajectoryRecord } from "../../trajectories/record.js";
import { recordSummary } from "../dataset-stats.js";
import { promptDigest } from "../dpo-pairs.js";
import { toShareGpt, withSystem, type ShareGptMessage } from "../sharegpt.js";
import type { BatchEncoder, EncodedBatch } from "./batch-encoder.js";
import type { PreparedRecord, WorkerSettings } from "./protocol.js";
import { jsonStringMaxBytes } from "./json-string-bytes.js";
import { remainderMaxBytes, writeRemainder } from "./remainder-bytes.js";
import { rowMaxBytes, writeRow } from "./row-json.js";

/** Prompt digests this worker has already sent the texts of (the main thread keeps the first copy it receives). */
export type SentPrompts = Set<string>;

/**
 * Prepares one record as handleRecord (row-handlers.ts) handles it for SFT, DPO and KTO without a token budget, leaving
 * the stateful steps (dedup, DPO supersede and pairing, KTO interleaving, writing) to the main thread. Returns the
 * batch to post first when the record's texts did not fit in the current one.
 */
export function prepareRecord(
  record: TrajectoryRecord,
  line: number,
  settings: WorkerSettings,
  filter: (record: TrajectoryRecord) => string | undefined,
  encoder: BatchEncoder,
  sent: SentPrompts,
): EncodedBatch | undefined {
  const item: PreparedRecord = { type: "record", line, instance: record.instance_id };
  const filtered = filter(record);
  if (filtered !== undefined) return add(encoder, { ...item, filtered });
  if (settings.dedup) item.digest = createHash("sha256").update(JSON.stringify(record.messages)).digest("base64");
  const { kind } = settings;
  const resolved = isResolved(record);
  if (kind !== "sft" && record.reward === null && !settings.missingRewardAsFailed) return add(encoder, { ...item, dropped: "no reward" });
  if (kind === "sft" && !resolved && !settings.includeFailed) return add(encoder, { ...item, dropped: "not resolved" });
  const conversion = toShareGpt(record.messages, { actionFormat: settings.actionFormat, source: record.source });
  if (!conversion.ok) return add(encoder, { ...item, dropped: conversion.reason });
  item.summary = recordSummary(record);
  // R2E-format rows describe their tools in the system prompt as text; only native rows carry the schemas.
  const tools = settings.actionFormat === "native" ? record.tools : null;
  if (tools !== null && (kind !== "dpo" || settings.dpoTools)) item.toolsSeen = true;
  if (kind === "dpo") {
    const [firstHuman, ...remainder] = conversion.turns;
    const prompt = conversion.system === undefined ? [firstHuman as ShareGptMessage] : [conversion.system, firstHuman as ShareGptMessage];
    const pairTools = settings.dpoTools ? tools : null;
    const promptJson = JSON.stringify(prompt);
    const digest = promptDigest(promptJson, pairTools);
    const first = !sent.has(digest);
    const promptBytes = first ? promptJson.length * 3 + (pairTools === null ? 0 : jsonStringMaxBytes(pairTools)) : 0;
    const posted = encoder.reserve(remainderMaxBytes(remainder) + promptBytes);
    item.pair = { digest, resolved, remainder: writeRemainder(encoder, remainder) };
    if (first) {
      sent.add(digest);
      item.pair.prompt = encoder.put(promptJson);
      if (pairTools !== null) {
        const toolsStart = encoder.position;
        encoder.putJsonString(pairTools);
        item.pair.tools = [toolsStart, encoder.position - toolsStart];
      }
    }
    if (settings.pairScope === "model") item.model = record.model;
    encoder.add(item);
    return posted;
  }
  // JSON.stringify(row) for row = {conversations, tools?} (KTO: {...row, kto_tag}), as handleRecord writes it.
  const conversations = withSystem(conversion);
  const posted = encoder.reserve(rowMaxBytes(conversations, tools));
  item.row = writeRow(encoder, conversations, tools, kind === "kto" ? resolved : undefined);
  if (kind === "kto") item.resolved = resolved;
  encoder.add(item);
  return posted;
}

function add(encoder: BatchEncoder, item: PreparedRecord): undefined {
  encoder.add(item);
  return undefined;
}
