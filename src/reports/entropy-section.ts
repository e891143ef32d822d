// The entropy experiment's report section: tables and figures (entropy vs α with error bars; learned vs optimal actions).
import type { EntropyResult, StackCell } from "../experiments/entropy-result.js";
import { barChartSpec, lineChartSpec, type Bar, type LineSeries } from "./chart-specs.js";
import type { SectionDraft } from "./report-types.js";

const lossLabels: Record<string, string> = { dpo: "EntroPO-DPO", "kto-paper": "EntroPO-KTO (paper form)", "kto-authors": "EntroPO-KTO (authors' form)" };

const lossLabel = (loss: string): string => lossLabels[loss] ?? loss;
const f3 = (value: number): string => value.toFixed(3);
const pm = (stats: { mean: number; std: number }, digits = 3): string => `${stats.mean.toFixed(digits)} ± ${stats.std.toFixed(digits)}`;
const ratioOf = (alpha: number, beta: number): number => Math.round((alpha / beta) * 1000) / 1000;
const alphaLabel = (ratio: number): string => (ratio === 1 ? "α=β" : `α=${ratio}β`);

function fixedPointTable(result: EntropyResult): SectionDraft["tables"][number] {
  const fixed = result.fixed_point;
  return {
    id: "entropy-fixed-point",
    title: "Fixed point: tabular policies trained with the EntroPO-DPO loss vs the closed-form optimum π*",
    columns: ["Turns", "α/β", "max |log π − log π*|", "Entropy learned (nats)", "Entropy π* (nats)", "Actions ≥ 1% (turn 1)", "E[u] under π*"],
    rows: fixed.entropy_by_alpha.map((row) => [
      String(row.turns),
      String(ratioOf(row.alpha, row.beta)),
      row.max_abs_logprob_error.toExponential(1),
      f3(row.entropy),
      f3(row.optimal_entropy),
      `${row.learned.coverage_by_turn[0] ?? 0} of ${fixed.actions.length}`,
      f3(row.optimal.expected_utility),
    ]),
    notes: [
      `β = ${fixed.beta}; expected Bradley–Terry loss, full batch, L-BFGS in float64. Largest error ${fixed.max_abs_logprob_error.toExponential(2)} (tolerance ${fixed.tolerance}). Entropy: of the whole trajectory.`,
    ],
  };
}

function stackTable(cells: readonly StackCell[], result: EntropyResult): SectionDraft["tables"][number] {
  const settings = result.stack?.settings;
  return {
    id: "entropy-stack",
    title: "Through LLaMA-Factory + EntroPO: trajectory entropy and coverage after training (mean ± std over seeds)",
    columns: ["Loss", "α/β", "Seeds", "Entropy (nats)", "π* entropy", "Actions ≥ 1% turn 1", "Trajectories ≥ 1%", "TV to π*", "E[u]", "Mass on the K² trajectories", "π*_data entropy", "TV to π*_data", "KTO z0 = 0 (share of steps)"],
    rows: cells.map((cell) => [
      lossLabel(cell.loss),
      String(ratioOf(cell.alpha, cell.beta)),
      String(cell.seeds.length),
      pm(cell),
      f3(cell.optimal_entropy),
      pm(cell.first_turn_coverage, 2),
      pm(cell.trajectory_coverage, 1),
      pm(cell.total_variation),
      pm(cell.expected_utility),
      pm(cell.support_mass),
      cell.optimal_data_entropy === undefined ? "—" : pm(cell.optimal_data_entropy),
      cell.total_variation_vs_optimal_data === undefined ? "—" : pm(cell.total_variation_vs_optimal_data),
      cell.z0_zero_fraction === undefined ? "—" : pm(cell.z0_zero_fraction, 2),
    ]),
    notes: [
      `Sample standard deviation (n − 1) over seeds. Distributions are restricted to the K² action trajectories (the mass column says how much probability the model keeps on them). π*: the optimum for the measured SFT reference; π*_data: the optimum of the same loss on the run's own sampled pairs (DPO only). KTO's logged reference point z0 clamped at 0 means the authors' form ignores α there.${settings === undefined ? "" : ` ${settings.pairs} pairs per seed, batch ${settings.batch_size}, ${settings.steps} steps, learning rate ${settings.learning_rate}.`}`,
    ],
  };
}

function entropyFigure(result: EntropyResult): SectionDraft["figures"][number] {
  const series: LineSeries[] = [];
  const stack = result.stack;
  if (stack === null) {
    const twoTurn = result.fixed_point.entropy_by_alpha.filter((row) => row.turns === 2);
    series.push({ label: "π* (designed reference)", reference: true, points: twoTurn.map((row) => ({ x: ratioOf(row.alpha, row.beta), y: row.optimal_entropy })) });
    series.push({ label: "tabular EntroPO-DPO (fixed point)", points: twoTurn.map((row) => ({ x: ratioOf(row.alpha, row.beta), y: row.entropy })) });
  } else {
    const losses = [...new Set(stack.entropy_by_alpha.map((cell) => cell.loss))];
    const first = stack.entropy_by_alpha.filter((cell) => cell.loss === losses[0]);
    series.push({ label: "π* (SFT reference)", reference: true, points: first.map((cell) => ({ x: ratioOf(cell.alpha, cell.beta), y: cell.optimal_entropy })) });
    series.push({ label: "π_ref (SFT reference)", reference: true, points: first.map((cell) => ({ x: ratioOf(cell.alpha, cell.beta), y: stack.reference.entropy })) });
    for (const loss of losses) {
      const cells = stack.entropy_by_alpha.filter((cell) => cell.loss === loss);
      series.push({ label: `${lossLabel(loss)} (mean ± std)`, points: cells.map((cell) => ({ x: ratioOf(cell.alpha, cell.beta), y: cell.mean, low: cell.mean - cell.std, high: cell.mean + cell.std })) });
    }
  }
  return {
    id: "entropy-vs-alpha",
    title: "Trajectory entropy vs α/β",
    caption: "Entropy (nats) of the two-turn action trajectories: the optimum π* (dashed) and the trained policies (error bars: ± one sample std over seeds).",
    spec: lineChartSpec({ title: "Trajectory entropy vs α/β", xTitle: "α / β", yTitle: "entropy (nats)", series, scheme: "tableau10" }),
  };
}

function distributionFigure(result: EntropyResult): SectionDraft["figures"][number] {
  const actions = result.fixed_point.actions;
  const bars: Bar[] = [];
  const add = (category: string, probabilities: readonly number[]): void => {
    probabilities.forEach((value, index) => bars.push({ group: actions[index] ?? String(index), category, value }));
  };
  const stack = result.stack;
  if (stack === null) {
    const twoTurn = result.fixed_point.entropy_by_alpha.filter((row) => row.turns === 2);
    add("π_ref", result.fixed_point.reference["2"]?.first_turn ?? []);
    for (const row of twoTurn) add(`π* ${alphaLabel(ratioOf(row.alpha, row.beta))}`, row.optimal.first_turn);
  } else {
    const loss = stack.entropy_by_alpha[0]?.loss ?? "dpo";
    add("π_ref (SFT)", stack.reference.first_turn);
    for (const cell of stack.entropy_by_alpha.filter((candidate) => candidate.loss === loss)) {
      const ratio = ratioOf(cell.alpha, cell.beta);
      add(`π* ${alphaLabel(ratio)}`, stack.optimal[String(ratio)]?.first_turn ?? []);
      add(`${lossLabel(loss)} ${alphaLabel(ratio)}`, cell.first_turn);
    }
  }
  return {
    id: "entropy-actions",
    title: "First-turn action distribution: learned vs optimal",
    caption: "Probability of each first action (marginal over the second). Learned: mean over seeds.",
    spec: barChartSpec({ title: "First-turn action distribution: learned vs optimal", yTitle: "probability", bars }),
  };
}

/** The section for one experiment result (`source` names the result file in the text). */
export function entropySection(result: EntropyResult, source: string): SectionDraft {
  const paragraphs = [
    `EntroPO's optimum for Bradley–Terry preferences with utilities u is π* ∝ π_ref^(β/α)·exp(u/α) (paper Prop. 3.2; by backward induction over turns, Prop. 3.3): a Gibbs distribution at temperature α, whose entropy rises with α. The fixed-point part trains tabular policies with the project's own loss to that optimum; the stack part trains the tiny model through LLaMA-Factory with the EntroPO patch on preferences sampled from the same model. Source: ${source}${result.quick ? " (--quick)" : ""}, ${Math.round(result.seconds)} s. See docs/science-check.md for the set-up and the full run.`,
  ];
  if (result.stack === null) paragraphs.push("This result has the fixed-point part only; `entropo experiment entropy --quick --out DIR` adds the training-stack part (≥ 3 seeds).");
  else if (result.stack.entropy_by_alpha.every((cell) => cell.seeds.length < 2)) paragraphs.push("One seed per cell: no standard deviation (the error bars are empty). `entropo experiment entropy --quick` runs three.");
  const tables = [fixedPointTable(result), ...(result.stack === null ? [] : [stackTable(result.stack.entropy_by_alpha, result)])];
  return { id: "entropy-experiment", title: "EntroPO's effect on entropy (controlled experiment)", paragraphs, tables, figures: [entropyFigure(result), distributionFigure(result)] };
}
