// The messages the Python trainer sends (bridge poll results and the torchrun events file): one zod schema.
import { z } from "zod";

const step = z.number().int().nonnegative();

/** One raw trainer message, as entropo_trainer.bridge emits it. */
export const trainerMessageSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("begin"), step, totalSteps: step }),
  z.object({ type: z.literal("metrics"), step, totalSteps: step, metrics: z.record(z.string(), z.union([z.number(), z.string()])) }),
  z.object({ type: z.literal("checkpoint"), step, path: z.string() }),
  z.object({ type: z.literal("finished"), steps: step, interrupted: z.boolean() }),
  z.object({ type: z.literal("error"), errorType: z.string(), message: z.string(), traceback: z.string() }),
]);

export type TrainerMessage = z.infer<typeof trainerMessageSchema>;

/** What a launcher yields: trainer messages plus the lines the Python processes printed. */
export type LauncherMessage = TrainerMessage | { type: "output"; line: string };

/** Parses one message; a malformed one becomes an error naming the offending field. */
export function parseTrainerMessage(value: unknown): TrainerMessage {
  const result = trainerMessageSchema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new Error(`malformed trainer message at ${issue?.path.join(".") || "(root)"}: ${issue?.message ?? "invalid"}: ${JSON.stringify(value)}`);
}
