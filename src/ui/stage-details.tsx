// Details of the selected stage: live loss and policy-entropy sparklines, rollout counters, recent log lines; for a
// stage not run in this session, what its last finished run produced.
import { Box, Text } from "ink";
import type { StageView } from "./dashboard-state.js";
import { outcomeLines } from "./outcome-lines.js";
import { sparkline } from "./sparkline.js";

/** Renders the details box, at most `height` lines tall. */
export function StageDetails({ stage, height }: { stage: StageView; height: number }) {
  const lines: { key: string; text: string; color?: string }[] = [];
  if (stage.loss.length > 0) lines.push({ key: "loss", text: `loss    ${sparkline(stage.loss, 40)} ${stage.loss.at(-1)?.toFixed(4)}` });
  if (stage.entropy.length > 0) lines.push({ key: "entropy", text: `entropy ${sparkline(stage.entropy, 40)} ${stage.entropy.at(-1)?.toFixed(3)}` });
  if (stage.rollouts !== null) {
    const r = stage.rollouts;
    lines.push({ key: "rollouts", text: `rollouts ${r.done}/${r.total}  resolved ${r.resolved}  containers ${r.containers}  tokens ${r.tokens}` });
  }
  if (stage.progress !== null && stage.rollouts === null && stage.loss.length === 0) {
    lines.push({ key: "progress", text: `${stage.progress.task}: ${stage.progress.done}${stage.progress.total === null ? "" : `/${stage.progress.total}`}` });
  }
  if (stage.error !== null) lines.push({ key: "error", text: `error: ${stage.error.split("\n")[0] ?? ""}`, color: "red" });
  if (stage.outcome !== null && lines.length === 0) lines.push(...outcomeLines(stage.outcome));
  const logRoom = Math.max(0, height - lines.length);
  stage.logs.slice(-logRoom).forEach((log, index) => lines.push({ key: `log${index}`, text: log, color: "gray" }));
  return (
    <Box flexDirection="column" borderStyle="round" paddingX={1} height={height + 2}>
      {lines.length === 0 ? <Text color="gray">{stage.name}: no activity yet</Text> : null}
      {lines.slice(0, height).map((line) => (
        <Text key={line.key} color={line.color} wrap="truncate">
          {line.text}
        </Text>
      ))}
    </Box>
  );
}
