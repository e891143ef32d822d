// The committed parquet fixture of the hub test holds what pyarrow (the oracle) reads from it: two p1 rows, one per row group.
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { projectPython, projectRoot } from "../util/paths.js";

const fixture = join(projectRoot(), "src", "hub", "testing", "fixtures", "tiny-trajs.parquet");

describe("tiny-trajs.parquet", () => {
  it("pyarrow reads two p1 message rows in two row groups", async () => {
    const script = "import json,sys,pyarrow.parquet as pq; f=pq.ParquetFile(sys.argv[1]); print(json.dumps({'groups': f.num_row_groups, 'rows': f.read().to_pylist()}))";
    const { stdout } = await promisify(execFile)(projectPython(), ["-c", script, fixture]);
    expect(JSON.parse(stdout)).toEqual({
      groups: 2,
      rows: [
        { instance_id: "p1", reward: 1, messages: [{ role: "user", content: "fix" }, { role: "assistant", content: "done" }] },
        { instance_id: "p1", reward: 0, messages: [{ role: "user", content: "fix" }, { role: "assistant", content: "nope" }] },
      ],
    });
  });
});
