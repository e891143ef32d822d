// requirements.txt of an instance image equals what swebench 4.1.0's get_requirements assembles (its GitHub reads served
// from the same local clone), on the real flask bundle at both environment setup commits.
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { sharedDataDir } from "../../util/paths.js";
import { swebenchRowSchema } from "../swebench-row.js";
import { oracleMissing, oracleRequirements } from "../testing/swebench-oracle.js";
import { swebenchRequirements } from "./requirements.js";
import { cloneRepository } from "./testbed-clone.js";

const liteFile = join(sharedDataDir(), "swe-bench", "swe-bench-lite.json");
const bundle = join(sharedDataDir(), "swe-bench", "repos", "pallets__flask.bundle");
const missing = oracleMissing() ?? (existsSync(liteFile) && existsSync(bundle) ? null : `${liteFile} or ${bundle} is absent`);
if (missing !== null) console.warn(`skipping the requirements parity test: ${missing}`);

describe.skipIf(missing !== null)("swebenchRequirements", () => {
  const directory = mkdtempSync(join(tmpdir(), "entropo-requirements-"));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it("equals swebench 4.1.0's get_requirements for flask 2.3 and 2.0 (one level of -r, exclusions, order)", async () => {
    await cloneRepository(bundle, join(directory, "flask"));
    const rows = (JSON.parse(readFileSync(liteFile, "utf8")) as { instance_id: string }[])
      .filter((row) => ["pallets__flask-4992", "pallets__flask-4045"].includes(row.instance_id))
      .map((row) => swebenchRowSchema.parse(row));
    const official = await oracleRequirements(rows.map((row) => ({ row, repoDir: join(directory, "flask") })));
    for (const [index, row] of rows.entries()) {
      const ours = await swebenchRequirements(join(directory, "flask"), row.repo, row.environment_setup_commit ?? row.base_commit);
      expect(official[index]?.error).toBeNull();
      expect(ours).toBe(official[index]?.requirements);
      expect(ours).toMatch(/^pytest==/m);
    }
  });
});
