// The result event is typed per command: narrowing on `command` types `data`, and the helpers keep that type.
import { describe, expect, expectTypeOf, it } from "vitest";
import type { PredictionsResult } from "../rollouts/predictions.js";
import type { VerifyRunsResult } from "../selection/verify-runs.js";
import { resultOf } from "../testing/result-of.js";
import { isResultOf, result, type PipelineEvent } from "./events.js";

const verify: VerifyRunsResult = { files: [], scored: 2, failed: 1 };
const predictions: PredictionsResult = { out: "/p.jsonl", predictions: 3, emptyPatches: 0, missing: 1, rolloutIndex: 0 };
const events: PipelineEvent[] = [{ type: "log", level: "info", message: "x" }, result("predictions", predictions), result("verify", verify)];

describe("result events", () => {
  it("narrow to the command's data on `command`", () => {
    const last = events.at(-1);
    if (last?.type !== "result" || last.command !== "verify") throw new Error("expected verify's result last");
    expectTypeOf(last.data).toEqualTypeOf<VerifyRunsResult>();
    expect(last.data.failed).toBe(1);
    expect(events.filter((event) => isResultOf(event, "predictions"))).toEqual([{ type: "result", command: "predictions", data: predictions }]);
  });

  it("resultOf picks the named command's data and names a missing one", () => {
    expectTypeOf(resultOf(events, "predictions")).toEqualTypeOf<PredictionsResult>();
    expect(resultOf(events, "verify")).toBe(verify);
    expect(() => resultOf(events, "report")).toThrow("no result event of report among 3 events");
  });
});
