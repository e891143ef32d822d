// The zod schema of a SWE-bench instance row (FAIL_TO_PASS / PASS_TO_PASS as JSON strings or arrays).
import { z } from "zod";

const testList = z.union([
  z.array(z.string()),
  z.string().transform((text, context) => {
    try {
      const value: unknown = JSON.parse(text);
      if (Array.isArray(value) && value.every((item) => typeof item === "string")) return value as string[];
    } catch {
      // reported below
    }
    context.addIssue({ code: "custom", message: "must be a JSON array of test ids" });
    return z.NEVER;
  }),
]);

export const swebenchRowSchema = z.looseObject({
  instance_id: z.string().min(1),
  repo: z.string().regex(/^[^/\s]+\/[^/\s]+$/, "must be owner/name"),
  base_commit: z.string().min(1),
  problem_statement: z.string(),
  version: z.union([z.string(), z.number()]).transform(String),
  test_patch: z.string(),
  patch: z.string().optional(),
  FAIL_TO_PASS: testList,
  PASS_TO_PASS: testList,
  environment_setup_commit: z.string().optional(),
  /** SWE-bench 5.x datasets: the instance's own eval script, log parser name and eval type. */
  eval_script: z.string().optional(),
  log_parser: z.string().optional(),
  eval_type: z.enum(["pass_and_fail", "fail_only"]).optional(),
});

export type SwebenchRow = z.infer<typeof swebenchRowSchema>;
