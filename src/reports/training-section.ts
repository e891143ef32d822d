// Training curves (loss, rewards, policy entropy) from the trainer_log.jsonl files found next to the runs.
import { lineChartSpec, type LineSeries } from "./chart-specs.js";
import type { MeasuredRun } from "./run-groups.js";
import type { FigureDraft, SectionDraft } from "./report-types.js";
import { describeLoss, type TrainerLog, type TrainerLogPoint } from "./trainer-log.js";

type Metric = keyof Omit<TrainerLogPoint, "step">;

function seriesOf(label: string, log: TrainerLog, metric: Metric, suffix = ""): LineSeries[] {
  const points = log.points.flatMap((point) => (point[metric] === undefined ? [] : [{ x: point.step, y: point[metric] }]));
  return points.length === 0 ? [] : [{ label: `${label}${suffix}`, points }];
}

function figure(id: string, title: string, yTitle: string, series: LineSeries[]): FigureDraft[] {
  if (series.length === 0) return [];
  return [{ id, title, caption: `${title} per logged training step.`, spec: lineChartSpec({ title, xTitle: "step", yTitle, series }) }];
}

const last = (log: TrainerLog, metric: Metric): string => {
  const value = [...log.points].reverse().find((point) => point[metric] !== undefined)?.[metric];
  return value === undefined ? "—" : value.toFixed(4);
};

/** Builds the training-curves section; says so when no run has a trainer log next to it. */
export function trainingSection(runs: readonly MeasuredRun[]): SectionDraft {
  const section: SectionDraft = { id: "training", title: "Training curves", paragraphs: [], tables: [], figures: [] };
  const logs = new Map<string, { label: string; log: TrainerLog }>();
  for (const run of runs) {
    if (run.trainerLog !== undefined && !logs.has(run.trainerLog.path)) {
      const loss = run.trainerLog.loss === undefined ? "" : `, ${describeLoss(run.trainerLog.loss)}`;
      logs.set(run.trainerLog.path, { label: `${run.metadata.model} ${run.metadata.stage}${run.metadata.entro_alpha === undefined ? "" : ` α=${run.metadata.entro_alpha}`}${loss}`, log: run.trainerLog });
    }
  }
  if (logs.size === 0) {
    section.paragraphs.push("No trainer_log.jsonl was found next to the runs (run.json trainer_log, train_dir or checkpoint, or the run directory), so there are no training curves.");
    return section;
  }
  const entries = [...logs.values()];
  section.tables.push({
    id: "training-table",
    title: "Training logs",
    columns: ["Policy", "Log", "Steps", "Final loss", "Final margin", "Final z0", "Final policy entropy", "chosen", "rejected"],
    rows: entries.map(({ label, log }) => [
      label,
      log.path,
      String(log.points.at(-1)?.step ?? 0),
      last(log, "loss"),
      last(log, "rewardsMargins"),
      last(log, "z0"),
      last(log, "policyEntropy"),
      last(log, "policyEntropyChosen"),
      last(log, "policyEntropyRejected"),
    ]),
    notes: [
      "Values of the last logged step that carries each metric. Policy entropy: mean token entropy (nats) on the labelled tokens of the step's batches; chosen / rejected: the same on the chosen (DPO) or desirable (KTO) rows and on the rejected or undesirable rows only.",
      "The loss form (paper or authors' EntroPO-KTO) is read from entropo_loss.json beside each log; docs/trainer.md compares the two forms.",
    ],
  });
  section.figures.push(
    ...figure("training-loss", "Training loss", "loss", entries.flatMap(({ label, log }) => seriesOf(label, log, "loss"))),
    ...figure(
      "training-rewards",
      "Implicit rewards",
      "reward",
      entries.flatMap(({ label, log }) => [
        ...seriesOf(label, log, "rewardsChosen", " chosen"),
        ...seriesOf(label, log, "rewardsRejected", " rejected"),
        ...seriesOf(label, log, "rewardsMargins", " margin"),
      ]),
    ),
    ...figure(
      "training-policy-entropy",
      "Policy entropy",
      "policy entropy",
      entries.flatMap(({ label, log }) => [
        ...seriesOf(label, log, "policyEntropy"),
        ...seriesOf(label, log, "policyEntropyChosen", " chosen"),
        ...seriesOf(label, log, "policyEntropyRejected", " rejected"),
      ]),
    ),
  );
  return section;
}
