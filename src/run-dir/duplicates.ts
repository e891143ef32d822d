// The one rule for a rollout recorded twice in a trajectories file: every reader (select, verify, predictions, the
// report, the resume of `entropo rollout`) stops with an error naming both places, so none silently keeps one of them.
// `entropo predictions` applies it across all its inputs too (which of two rollouts K of a task would it submit?).
import { InputError } from "../core/errors.js";
import { rolloutKey } from "../trajectories/record.js";

type Place = { file: string; line: number };

/** The rollout keys (`instance_id#rollout_index`) seen so far in one run's trajectories. */
export class RolloutKeys {
  private readonly seen = new Map<string, Place>();

  /** Records one rollout; one seen before is an InputError naming this line, the earlier one and the field. */
  add(rollout: { instance_id: string; rollout_index: number }, place: Place): void {
    const key = rolloutKey(rollout);
    const first = this.seen.get(key);
    if (first !== undefined) {
      const sameFile = first.file === place.file;
      throw new InputError(`rollout ${key} is recorded twice (first on ${sameFile ? `line ${first.line}` : `${first.file}:${first.line}`})`, {
        ...place,
        field: "rollout_index",
        hint: sameFile
          ? "entropo writes each rollout once, so the file was edited or concatenated: keep one of the two lines"
          : "the inputs overlap: pass runs whose tasks do not overlap (shards of one run), or pool rollouts with `entropo select`",
      });
    }
    this.seen.set(key, place);
  }

  /** The keys recorded, as `instance_id#rollout_index`. */
  keys(): Set<string> {
    return new Set(this.seen.keys());
  }
}
