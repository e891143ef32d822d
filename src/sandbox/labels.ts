// Container labels that tie a sandbox to its run, its owning process and host (for cleanup and `entropo gc`).
import { hostname } from "node:os";

export const LABEL_RUN = "entropo.run";
export const LABEL_PID = "entropo.pid";
export const LABEL_OWNER = "entropo.owner";

/** The owner label value of this machine. */
export function ownerName(): string {
  return hostname();
}

/** Labels every sandbox container of `runId` created by this process carries. */
export function sandboxLabels(runId: string, extra: Record<string, string> = {}): Record<string, string> {
  return { ...extra, [LABEL_RUN]: runId, [LABEL_PID]: String(process.pid), [LABEL_OWNER]: ownerName() };
}
