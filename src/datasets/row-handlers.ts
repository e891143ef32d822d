// Per-kind row builders: turn one canonical record into a dataset row (or a drop reason).
import { isResolved } from "../trajectories/record-facts.js";
import type { TrajectoryRecord } from "../trajectories/record.js";
import { renderConversation } from "./chat-template.js";
import type { DpoPairer, PairOrigin } from "./dpo-pairs.js";
import type { KtoInterleaver } from "./kto-interleave.js";
import type { PairScope } from "./recipes.js";
import type { RolloutNumbering } from "./record-rows.js";
import type { RowWriter } from "./row-writer.js";
import { toShareGpt, withSystem, type ActionFormat, type ShareGptMessage } from "./sharegpt.js";
import type { TokenCounter } from "./token-counter.js";
import { buildVerifierMessages, verifierLabel } from "./verifier-prompt.js";

export type RowKind = "sft" | "dpo" | "kto" | "verifier" | "records";

export type RowContext = {
  kind: RowKind;
  template: string;
  cutoffLen: number | undefined;
  counter: TokenCounter | undefined;
  writer: RowWriter;
  pairer: DpoPairer | undefined;
  /** SFT: keep failed trajectories too (default: resolved only). */
  includeFailed: boolean;
  /** DPO/KTO: a trajectory without a reward counts as failed (default: skipped as "no reward"). */
  missingRewardAsFailed: boolean;
  pairScope: PairScope;
  /** DPO: rows carry tools and pair only trajectories with the same tools (false: tools are dropped, as the authors do). */
  dpoTools: boolean;
  verifierMaxTokens: number;
  kto: { desirable: number; undesirable: number };
  /** KTO: rows are collected here and written interleaved by instance (LLaMA-Factory's KL pairs are neighbours). */
  interleaver?: KtoInterleaver | undefined;
  /** How tool calls are written: LLaMA-Factory function_call turns (native) or R2E `<function=...>` text. */
  actionFormat: ActionFormat;
  /** Set when a row carried tools (the dataset_info entry then maps the tools column). */
  toolsSeen: boolean;
  /** Records: unique rollout indexes per instance. */
  numbering?: RolloutNumbering;
};

/** Tokens of a rendered conversation, or undefined when no counter is loaded. */
export function conversationTokens(context: Pick<RowContext, "counter" | "template">, messages: ShareGptMessage[], tools: string | null): number | undefined {
  return context.counter?.count(renderConversation(messages, context.template, tools));
}

function overBudget(context: RowContext, tokens: number | undefined): boolean {
  return context.cutoffLen !== undefined && tokens !== undefined && tokens > context.cutoffLen;
}

async function verifierRow(record: TrajectoryRecord, context: RowContext): Promise<string | undefined> {
  // A YES label on an empty [PATCH] would teach the judge that doing nothing resolves issues (an import that lost the
  // patch, or a reward joined to the wrong record).
  if (isResolved(record) && record.output_patch.trim() === "") return "resolved but no output patch";
  const counter = context.counter;
  const prompt = buildVerifierMessages(record, counter === undefined ? {} : { countTokens: (text) => counter.count(text), maxTokens: context.verifierMaxTokens });
  const conversations: ShareGptMessage[] = [
    { from: "system", value: prompt.system },
    { from: "human", value: prompt.user },
    { from: "gpt", value: verifierLabel(isResolved(record)) },
  ];
  if (overBudget(context, conversationTokens(context, conversations, null))) return "over --cutoff-len";
  await context.writer.add({ conversations });
  return undefined;
}

/** Where a record came from: the input source it was read from (its label or path) and its file. */
export type RecordOrigin = { source: string; file: string };

/** The DPO pairing origin of a record under the context's pair scope. */
function pairOrigin(record: TrajectoryRecord, context: RowContext, origin: RecordOrigin): PairOrigin {
  const scope = context.pairScope === "source" ? `source:${origin.source}` : context.pairScope === "model" ? `model:${record.model}` : "";
  return { scope, file: origin.file };
}

/** Handles one record for the context's kind; returns the reason it was dropped, or undefined when used. */
export async function handleRecord(record: TrajectoryRecord, context: RowContext, origin: RecordOrigin = { source: "", file: "" }): Promise<string | undefined> {
  if (context.kind === "records") {
    await context.writer.add(context.numbering?.assign(record) ?? record);
    return undefined;
  }
  const resolved = isResolved(record);
  if (context.kind === "dpo") context.pairer?.supersede(record.instance_id, pairOrigin(record, context, origin));
  if (context.kind !== "sft" && record.reward === null && !context.missingRewardAsFailed) return "no reward";
  if (context.kind === "sft" && !resolved && !context.includeFailed) return "not resolved";
  if (context.kind === "verifier") return verifierRow(record, context);
  const conversion = toShareGpt(record.messages, { actionFormat: context.actionFormat, source: record.source });
  if (!conversion.ok) return conversion.reason;
  const conversations = withSystem(conversion);
  // R2E-format rows describe their tools in the system prompt as text; only native rows carry the schemas.
  const tools = context.actionFormat === "native" ? record.tools : null;
  if (overBudget(context, conversationTokens(context, conversations, tools))) return "over --cutoff-len";
  if (tools !== null && (context.kind !== "dpo" || context.dpoTools)) context.toolsSeen = true;
  if (context.kind === "dpo") {
    const [firstHuman, ...remainder] = conversion.turns;
    const prompt = conversion.system === undefined ? [firstHuman as ShareGptMessage] : [conversion.system, firstHuman as ShareGptMessage];
    await context.pairer?.add(record.instance_id, prompt, remainder, resolved, pairOrigin(record, context, origin), context.dpoTools ? tools : null);
    return undefined;
  }
  const row = tools === null ? { conversations } : { conversations, tools };
  if (context.kind === "kto") {
    if (resolved) context.kto.desirable += 1;
    else context.kto.undesirable += 1;
    const ktoRow = { ...row, kto_tag: resolved };
    if (context.interleaver !== undefined) await context.interleaver.add(record.instance_id, JSON.stringify(ktoRow));
    else await context.writer.add(ktoRow);
    return undefined;
  }
  await context.writer.add(row);
  return undefined;
}
