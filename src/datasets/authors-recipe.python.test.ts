// `entropo data --recipe authors` against the oracle: the authors' own generate_*.py scripts run unmodified on the same rows.
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sharedDataDir } from "../util/paths.js";
import { runCliInProcess } from "../testing/run-cli.js";
import { authorsRunGroup, authorsSftGroup, r2eChats, type AuthorsRow } from "./testing/authors-rows.js";
import { authorsDatasetNames, authorsScriptsUnavailable, runAuthorsScript, writeParquet, type AuthorsKind } from "./testing/authors-scripts.js";

const r2eDir = join(sharedDataDir(), "r2e-trajectories");
const unavailable = existsSync(r2eDir) ? await authorsScriptsUnavailable() : `the shared R2E trajectories are absent at ${r2eDir}`;
if (unavailable !== undefined) console.warn(`skipping the authors' dataset-script comparison: ${unavailable}`);

type Row = Record<string, unknown>;
/** Source label of each run dataset for `--input LABEL=FILE`: the authors pair `X` with `X_1`. */
const sourceOf = (name: string): string => name.replace(/^hubert233\//, "").replace(/_\d+$/, "");

/** Rows as canonical JSON texts, sorted: equality of multisets of rows. */
function canonical(rows: readonly Row[]): string[] {
  const sortKeys = (value: unknown): unknown =>
    Array.isArray(value) ? value.map(sortKeys) : typeof value === "object" && value !== null ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, sortKeys(v)])) : value;
  return rows.map((row) => JSON.stringify(sortKeys(row))).sort();
}

async function readRows(file: string): Promise<Row[]> {
  return JSON.parse(await readFile(file, "utf8")) as Row[];
}

describe.skipIf(unavailable !== undefined)("entropo data --recipe authors equals the authors' generate_*.py on the same rows", () => {
  const parquet: Record<string, string> = {};
  const authors: Partial<Record<AuthorsKind, Row[]>> = {};
  let work = "";

  /** `entropo data KIND` through the CLI on the same parquet files; returns its rows. */
  async function entropo(kind: AuthorsKind, name: string, ...flags: string[]): Promise<Row[]> {
    const inputs = kind === "sft" ? [parquet["hubert233/EntroPO-SFT"] as string] : authorsDatasetNames.runs.map((dataset) => `${sourceOf(dataset)}=${parquet[dataset] as string}`);
    const run = await runCliInProcess(["data", kind, "--input", ...inputs, "--out", join(work, "entropo"), "--name", name, ...flags]);
    expect(run.code, run.stderr).toBe(0);
    return readRows(join(work, "entropo", `${name}.json`));
  }

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), "entropo-authors-"));
    const cache = join(work, "hf-cache");
    const chats = await r2eChats([r2eDir]);
    const runNames = authorsDatasetNames.runs.map((name) => name.replace(/^hubert233\//, ""));
    const runs = new Map<string, AuthorsRow[]>(runNames.map((name) => [name, []]));
    for (let group = 0; group < 3; group += 1) {
      for (const [name, rows] of authorsRunGroup(chats, group, { datasets: runNames, seed: "authors-test" })) runs.get(name)?.push(...rows);
    }
    // Some run rows carry a tools string (their KTO script keeps it; their DPO script drops it).
    const files = new Map<string, AuthorsRow[]>([...runs].map(([name, rows]) => [`hubert233/${name}`, rows.map((row, index) => (index % 7 === 3 ? { ...row, tools: '[{"name": "finish"}]' } : row))]));
    files.set("hubert233/EntroPO-SFT", [0, 1].flatMap((group) => authorsSftGroup(chats, group, { seed: "authors-test", variants: true })));
    const pairs: Array<[string, string]> = [];
    for (const [name, rows] of files) {
      const stem = join(work, name.replace("/", "__"));
      await writeFile(`${stem}.jsonl`, rows.map((row) => JSON.stringify(row)).join("\n") + "\n");
      pairs.push([`${stem}.jsonl`, `${stem}.parquet`]);
      parquet[name] = `${stem}.parquet`;
    }
    await writeParquet(pairs, cache);
    for (const kind of ["sft", "dpo", "kto"] as const) {
      const names: readonly string[] = kind === "sft" ? authorsDatasetNames.sft : authorsDatasetNames.runs;
      const mapping = Object.fromEntries(names.map((name) => [name, [parquet[name] as string]]));
      authors[kind] = await readRows((await runAuthorsScript(kind, mapping, join(work, "authors"), cache)).file);
    }
  });

  afterAll(async () => {
    if (work !== "") await rm(work, { recursive: true, force: true });
  });

  it("sft: the same rows in the same order (exit reason agent, reward ignored, system column prepended, tools kept)", async () => {
    const expected = authors.sft as Row[];
    expect(expected.length).toBeGreaterThan(20);
    expect(expected.some((row) => "tools" in row)).toBe(true);
    expect(await entropo("sft", "sft", "--recipe", "authors")).toEqual(expected);
  });

  it("dpo: the same pairs (one row per instance and dataset, the last; paired within one source: X with X_1)", async () => {
    const expected = authors.dpo as Row[];
    expect(expected.length).toBeGreaterThan(10);
    expect(canonical(await entropo("dpo", "dpo", "--recipe", "authors"))).toEqual(canonical(expected));
    // Without the source scope entropo also pairs across models sharing an instance id: more pairs than the authors.
    const acrossSources = await entropo("dpo", "dpo_all", "--recipe", "authors", "--pair-scope", "instance");
    expect(acrossSources.length).toBeGreaterThan(expected.length);
  });

  it("kto: the same rows (a missing reward counts as undesirable, tools kept)", async () => {
    const expected = authors.kto as Row[];
    expect(expected.some((row) => "tools" in row)).toBe(true);
    expect(canonical(await entropo("kto", "kto", "--recipe", "authors"))).toEqual(canonical(expected));
    // entropo's own default skips trajectories without a reward instead of labelling them undesirable.
    const own = await entropo("kto", "kto_own", "--exit-reason", "agent");
    expect(own.length).toBeLessThan(expected.length);
  });
});
