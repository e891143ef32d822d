// Turns a unified diff into R2E tool calls (file_editor create/str_replace, execute_bash) that reproduce it.
import { shellQuote } from "../util/shell-quote.js";
import { parseUnifiedDiff, type DiffFile } from "./unified-diff.js";

export type ToolCall = { name: string; parameters: [string, string][] };
export type TeacherStep = { thought: string; call: ToolCall };

/** Formats a call in R2E's normalized XML (`to_xml_string`). */
function formatToolCall(call: ToolCall): string {
  const parameters = call.parameters.map(([key, value]) => `  <parameter=${key}>${value}</parameter>\n`).join("");
  return `<function=${call.name}>\n${parameters}</function>`;
}

/** The assistant text of a step: thought, blank line, call (what R2E stores in history). */
export function formatStep(step: TeacherStep): string {
  return `${step.thought}\n\n${formatToolCall(step.call)}`;
}

export const finishStep: TeacherStep = {
  thought: "[scripted teacher] The reference patch is applied; submitting.",
  call: { name: "finish", parameters: [["command", "submit"]] },
};

/** One execute_bash call that writes the whole patch (base64, so no quoting issue) and `git apply`s it on a clean tree. */
export function applyWholePatchStep(patch: string): TeacherStep {
  const encoded = Buffer.from(patch.endsWith("\n") ? patch : patch + "\n", "utf8").toString("base64");
  const cmd =
    "cd /testbed && git checkout -q -- . && git clean -fdq && " +
    `echo ${encoded} | base64 -d > /tmp/entropo-teacher.patch && ` +
    "git apply --whitespace=nowarn /tmp/entropo-teacher.patch && rm -f /tmp/entropo-teacher.patch && git status --short";
  return { thought: "[scripted teacher] Applying the reference patch in one step with git apply.", call: { name: "execute_bash", parameters: [["cmd", cmd]] } };
}

/** Marker that identifies the whole-patch fallback step in a conversation. */
export const wholePatchMarker = "/tmp/entropo-teacher.patch";

/**
 * Plans the edits of a patch as file_editor calls, one per hunk, then finish. Falls back to one `git apply` step when
 * a hunk cannot survive R2E's parameter stripping (leading/trailing whitespace differs, empty old text) or the diff
 * holds binary files, renames or text that would close an XML parameter.
 */
export function planFromPatch(patch: string, testbed = "/testbed"): TeacherStep[] {
  let files: DiffFile[];
  try {
    files = parseUnifiedDiff(patch);
  } catch {
    return [applyWholePatchStep(patch), finishStep];
  }
  if (files.length === 0) return [finishStep];
  const steps: TeacherStep[] = [];
  for (const file of files) {
    const path = `${testbed}/${file.path}`;
    if (file.unsupported || file.hunks.some((hunk) => hasXmlBreak(hunk.oldText) || hasXmlBreak(hunk.newText))) {
      return [applyWholePatchStep(patch), finishStep];
    }
    if (file.kind === "delete") {
      steps.push({ thought: `[scripted teacher] Removing ${file.path} as the reference patch does.`, call: { name: "execute_bash", parameters: [["cmd", `rm -f ${shellQuote(path)}`]] } });
      continue;
    }
    if (file.kind === "create") {
      const text = file.hunks.map((hunk) => hunk.newText).join("\n");
      steps.push({
        thought: `[scripted teacher] Creating ${file.path} from the reference patch.`,
        call: { name: "file_editor", parameters: [["command", "create"], ["path", path], ["file_text", text]] },
      });
      continue;
    }
    for (const [index, hunk] of file.hunks.entries()) {
      if (!survivesStripping(hunk.oldText, hunk.newText)) return [applyWholePatchStep(patch), finishStep];
      steps.push({
        thought: `[scripted teacher] Applying hunk ${index + 1}/${file.hunks.length} of the reference patch to ${file.path}.`,
        call: { name: "file_editor", parameters: [["command", "str_replace"], ["path", path], ["old_str", hunk.oldText], ["new_str", hunk.newText]] },
      });
    }
  }
  return [...steps, finishStep];
}

/** R2E strips parameter values; a replacement stays exact only when both sides lose the same outer whitespace. */
function survivesStripping(oldText: string, newText: string): boolean {
  if (oldText.trim() === "") return false;
  const lead = (text: string) => /^\s*/.exec(text)?.[0] ?? "";
  const trail = (text: string) => /\s*$/.exec(text)?.[0] ?? "";
  return lead(oldText) === lead(newText) && trail(oldText) === trail(newText);
}

function hasXmlBreak(text: string): boolean {
  return text.includes("</parameter>") || text.includes("</function>") || text.includes("<parameter=");
}
