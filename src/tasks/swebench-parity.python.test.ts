// Parity with the official `swebench` package as the oracle: the 4.1.0 spec table, the eval scripts of all 300 Lite rows
// and the verdicts of 4.1.0 and 5.0.2 on a corpus of logs written per repository (every runner format and hazard).
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { sharedDataDir } from "../util/paths.js";
import { swebenchEvalScript41 } from "./swebench-eval.js";
import { gradeSwebenchLog } from "./swebench-grading.js";
import { swebenchRowSchema, type SwebenchRow } from "./swebench-row.js";
import { swebenchSpecsByRepo } from "./swebench-specs-data.js";
import { swebenchVersions } from "./swebench-version.js";
import { buildLogCorpus, corpusRows, type CorpusCase } from "./testing/swebench-log-corpus.js";
import { oracleEvalScripts, oracleGrade, oracleMissing, oracleSpecs, type OracleVerdict } from "./testing/swebench-oracle.js";

const liteFile = join(sharedDataDir(), "swe-bench", "swe-bench-lite.json");
const missing = oracleMissing() ?? (existsSync(liteFile) ? null : `${liteFile} is absent`);
if (missing !== null) console.warn(`skipping the SWE-bench parity tests: ${missing}`);

const loadLite = (): SwebenchRow[] => (JSON.parse(readFileSync(liteFile, "utf8")) as unknown[]).map((row) => swebenchRowSchema.parse(row));

describe.skipIf(missing !== null)("parity with the swebench package", () => {
  let lite: SwebenchRow[] = [];
  beforeAll(() => {
    lite = loadLite();
  });

  it("the spec table equals swebench 4.1.0's MAP_REPO_VERSION_TO_SPECS for every Python repository and version", async () => {
    const official = await oracleSpecs();
    const camel: Record<string, string> = { pip_packages: "pipPackages", pre_install: "preInstall", eval_commands: "evalCommands", test_cmd: "testCmd", no_use_env: "noUseEnv" };
    const renamed = Object.fromEntries(
      Object.entries(official)
        .filter(([repo]) => repo !== "dbt-labs/dbt-core" && repo !== "swe-bench/humaneval")
        .map(([repo, table]) => [repo, Object.fromEntries(Object.entries(table).map(([version, spec]) => [version, Object.fromEntries(Object.entries(spec).map(([key, value]) => [camel[key] ?? key, value]))]))]),
    );
    expect(swebenchSpecsByRepo).toEqual(renamed);
  });

  it("the eval scripts of all 300 SWE-bench Lite rows equal swebench 4.1.0's, byte for byte", async () => {
    const official = await oracleEvalScripts(lite);
    const equal = lite.filter((row, index) => swebenchEvalScript41(row) === official[index]?.script);
    console.log(`eval scripts equal to swebench 4.1.0's: ${equal.length}/${lite.length}`);
    const first = lite.find((row, index) => swebenchEvalScript41(row) !== official[index]?.script);
    if (first !== undefined) expect(swebenchEvalScript41(first)).toBe(official[lite.indexOf(first)]?.script);
    expect(equal).toHaveLength(300);
  });

  describe("verdicts on the log corpus", () => {
    let corpus: CorpusCase[] = [];
    beforeAll(() => {
      corpus = buildLogCorpus(corpusRows(lite));
    });

    for (const version of swebenchVersions) {
      it(`entropo's --grading swebench --swebench-version ${version} agrees with swebench ${version} on every log`, async () => {
        const official: OracleVerdict[] = await oracleGrade(version, corpus.map(({ row, log }) => ({ row, log })));
        const disagreements: string[] = [];
        let lenientAgree = 0;
        corpus.forEach((entry, index) => {
          const oracle = official[index] as OracleVerdict;
          const ours = gradeSwebenchLog(entry.row, entry.log, { mode: "swebench", version });
          const lenient = gradeSwebenchLog(entry.row, entry.log, { mode: "lenient", version });
          if (lenient.resolved === oracle.resolved) lenientAgree += 1;
          const sameStatuses = oracle.error !== null || JSON.stringify(Object.fromEntries(ours.statuses)) === JSON.stringify(oracle.statuses);
          if (ours.resolved !== oracle.resolved || ours.found !== oracle.found || !sameStatuses) {
            disagreements.push(`${entry.id}: ours resolved=${ours.resolved} found=${ours.found}, swebench resolved=${oracle.resolved} found=${oracle.found} ${oracle.error ?? ""}`);
          }
        });
        const resolvedCount = official.filter((verdict) => verdict.resolved).length;
        console.log(
          `swebench ${version}: ${corpus.length - disagreements.length}/${corpus.length} logs agree (--grading swebench); ` +
            `--grading lenient agrees on ${lenientAgree}/${corpus.length}; ${resolvedCount} resolved by swebench`,
        );
        expect(disagreements).toEqual([]);
        // The corpus is not one-sided, and the lenient rules really differ from the official ones on it.
        expect(resolvedCount).toBeGreaterThan(corpus.length / 10);
        expect(resolvedCount).toBeLessThan(corpus.length);
        expect(lenientAgree).toBeLessThan(corpus.length);
      });
    }
  });
});
