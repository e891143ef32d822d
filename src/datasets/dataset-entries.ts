// dataset_info.json entries for each dataset kind (formats agreed with the trainer).
import type { DatasetInfoEntry } from "./dataset-info.js";
import type { KtoWeights } from "./kto-weights.js";
import type { RowContext, RowKind } from "./row-handlers.js";

/** The entry describing a built file: sharegpt; ranking for DPO; kto_tag column and suggested weights for KTO. */
export function entryFor(kind: RowKind, fileName: string, context: Pick<RowContext, "toolsSeen" | "kto">, weights?: KtoWeights): DatasetInfoEntry {
  if (kind === "dpo") {
    return {
      file_name: fileName,
      formatting: "sharegpt",
      ranking: true,
      columns: { messages: "conversations", chosen: "chosen", rejected: "rejected" },
      description: "entropo multi-turn DPO: conversations = [system, first user]; chosen/rejected = whole divergent trajectories (message lists)",
    };
  }
  if (kind === "kto") {
    const w = weights ?? { desirable: 1, undesirable: 1, ratio: Number.NaN };
    return {
      file_name: fileName,
      formatting: "sharegpt",
      columns: context.toolsSeen ? { messages: "conversations", kto_tag: "kto_tag", tools: "tools" } : { messages: "conversations", kto_tag: "kto_tag" },
      description: `entropo multi-turn KTO: ${context.kto.desirable} desirable, ${context.kto.undesirable} undesirable; suggested kto_chosen_weight=${w.desirable} kto_rejected_weight=${w.undesirable}`,
    };
  }
  const columns: Record<string, string> = { messages: "conversations" };
  if (kind === "sft" && context.toolsSeen) columns.tools = "tools";
  return {
    file_name: fileName,
    formatting: "sharegpt",
    columns,
    description: kind === "verifier" ? "entropo execution-free verifier SFT (R2E judge prompt, <judgement>YES|NO</judgement>)" : "entropo multi-turn agent SFT (resolved trajectories)",
  };
}
