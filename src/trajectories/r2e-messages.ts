// Rebuilds the exact chat history an R2E agent saw from a stored R2E trajectory (system, instance prompt, steps).
import type { ChatMessage, TrajectoryStep } from "./record.js";

export const stepsRemainingExhausted = "\nYou have reached the maximum number of steps. Please submit your answer NOW.";

/** R2E's `get_task_instruction()`: the text between [ISSUE] and [/ISSUE] (greedy), else the raw statement. */
export function taskInstruction(problemStatement: string): string {
  const match = /\[ISSUE\]([\s\S]*)\[\/ISSUE\]/.exec(problemStatement);
  return match?.[1] ?? problemStatement;
}

/** Python `str.format` for a template whose only field is `{problem_statement}` (`{{`/`}}` are literal braces). */
export function formatInstancePrompt(template: string, problemStatement: string): string {
  return template.replace(/\{\{|\}\}|\{problem_statement\}/g, (token) =>
    token === "{{" ? "{" : token === "}}" ? "}" : problemStatement,
  );
}

/** The note R2E appends, in place, to the last history message before every LLM call. */
export function stepsRemainingNote(stepsRemaining: number): string {
  return stepsRemaining > 0 ? `\nSteps Remaining: ${stepsRemaining}` : stepsRemainingExhausted;
}

/** The same note for a step limit and the steps taken so far. */
function stepsRemainingSuffix(maxSteps: number, stepCount: number): string {
  return stepsRemainingNote(maxSteps - stepCount);
}

export type R2eChatInputs = {
  systemPrompt: string;
  instancePrompt: string;
  problemStatement: string;
  steps: readonly TrajectoryStep[];
  /** The soft step limit; 0 or less means the record does not allow the "Steps Remaining" notes to be rebuilt. */
  maxSteps: number;
};

/** Rebuilds `[system, user, assistant, user, …]`: assistant = thought + "\n\n" + action, user = observation (+ notes). */
export function rebuildR2eMessages(inputs: R2eChatInputs): ChatMessage[] {
  const withNotes = inputs.maxSteps > 0;
  const firstUser = formatInstancePrompt(inputs.instancePrompt, inputs.problemStatement);
  const messages: ChatMessage[] = [
    { role: "system", content: inputs.systemPrompt },
    { role: "user", content: firstUser + (withNotes ? stepsRemainingSuffix(inputs.maxSteps, 0) : "") },
  ];
  inputs.steps.forEach((step, index) => {
    messages.push({ role: "assistant", content: `${step.thought}\n\n${step.action}` });
    const isLast = index === inputs.steps.length - 1;
    // The note is added before the NEXT LLM call, so the final observation never carries one.
    const note = withNotes && !isLast ? stepsRemainingSuffix(inputs.maxSteps, index + 1) : "";
    messages.push({ role: "user", content: step.observation + note });
  });
  return messages;
}

/** Removes a trailing "Steps Remaining" note from an observation (used when steps are derived from messages). */
export function stripStepsNote(content: string): string {
  if (content.endsWith(stepsRemainingExhausted)) return content.slice(0, -stepsRemainingExhausted.length);
  // The note is at the end: only the text after the last "\nSteps Remaining: " is matched (a regular expression
  // anchored at the end scanned every line break of long observations).
  const at = content.lastIndexOf(stepsNotePrefix);
  return at >= 0 && /^-?\d+$/.test(content.slice(at + stepsNotePrefix.length)) ? content.slice(0, at) : content;
}

const stepsNotePrefix = "\nSteps Remaining: ";
