// Benchmark: `entropo data sft|dpo|kto --recipe authors` against the EntroPO authors' generate_*.py on the same rows.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { projectPython, projectRoot, sharedDataDir } from "../src/util/paths.js";
import { authorsDatasetNames, authorsOutputs, authorsScriptCommand, authorsScriptsUnavailable, harnessEnv, warmAuthorsCache, type AuthorsKind } from "../src/datasets/testing/authors-scripts.js";
import { writeCorpus, type Corpus } from "./datasets-corpus.js";

type Measure = { seconds: number; cpu_seconds: number; peak_rss_mb: number };
type Tool = "authors" | "authors_cold" | "entropo" | "entropo_jsonl" | "entropo_nocache";
const tools: Tool[] = ["authors", "authors_cold", "entropo", "entropo_jsonl", "entropo_nocache"];
const kinds: AuthorsKind[] = ["sft", "dpo", "kto"];

function flag(args: string[], name: string): string | undefined {
  const index = args.indexOf(name);
  return index < 0 ? undefined : args[index + 1];
}

/** Runs a command under bench/measure-process.py (wall time, peak RSS of the process tree's main process). */
function measure(command: readonly string[], env: NodeJS.ProcessEnv): Measure {
  const stdout = execFileSync(projectPython(), [join(projectRoot(), "bench", "measure-process.py"), ...command], { encoding: "utf8", env, maxBuffer: 1 << 24 });
  const result = JSON.parse(stdout.trim().split("\n").at(-1) as string) as Measure & { code: number };
  if (result.code !== 0) throw new Error(`${command.join(" ")} exited ${result.code}`);
  return { seconds: result.seconds, cpu_seconds: result.cpu_seconds, peak_rss_mb: result.peak_rss_mb };
}

/** Label of a run dataset for `--input LABEL=FILE`: the authors pair `X` with `X_1` (one source). */
function sourceOf(name: string): string {
  return name.replace(/^hubert233\//, "").replace(/_\d+$/, "");
}

/** `node bin/entropo.js data KIND --recipe authors` on the corpus (parquet, or the same rows as JSONL). */
function entropoCommand(kind: AuthorsKind, corpus: Corpus, out: string, format: "parquet" | "jsonl"): string[] {
  const file = (name: string): string => (corpus.files[name] as { parquet: string; jsonl: string })[format];
  const inputs = kind === "sft" ? authorsDatasetNames.sft.map(file) : kind === "dpo" ? authorsDatasetNames.runs.map((name) => `${sourceOf(name)}=${file(name)}`) : authorsDatasetNames.runs.map(file);
  return [process.execPath, join(projectRoot(), "bin", "entropo.js"), "data", kind, "--input", ...inputs, "--out", out, "--name", `${kind}_${format}`, "--recipe", "authors"];
}

/** Rows of a JSON-array dataset file as sorted canonical texts (key order normalised). */
function canonicalRows(file: string): string[] {
  const sortKeys = (value: unknown): unknown =>
    Array.isArray(value) ? value.map(sortKeys) : typeof value === "object" && value !== null ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, sortKeys(v)])) : value;
  return (JSON.parse(readFileSync(file, "utf8")) as unknown[]).map((row) => JSON.stringify(sortKeys(row))).sort();
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

/**
 * One input size: generate, warm the authors' Arrow cache and entropo's prepared-record cache (one untimed run per kind
 * and input format), then `repeats` interleaved rounds of every (kind, tool); `entropo_nocache` runs with the cache off,
 * `authors_cold` with an empty Arrow cache of its own (a first run: `datasets` converts the parquet files to Arrow).
 */
async function benchSize(megabytes: number, repeats: number, compare: boolean): Promise<Record<string, unknown>> {
  const work = await mkdtemp(join(tmpdir(), "entropo-bench-datasets-"));
  try {
    const cache = join(work, "hf-cache");
    const corpus = await writeCorpus(work, megabytes, cache);
    const mapping = (kind: AuthorsKind): Record<string, string[]> =>
      Object.fromEntries((kind === "sft" ? authorsDatasetNames.sft : authorsDatasetNames.runs).map((name) => [name, [(corpus.files[name] as { parquet: string }).parquet]]));
    await warmAuthorsCache({ ...mapping("sft"), ...mapping("dpo") }, cache);
    const env = harnessEnv(cache);
    // entropo's own cache lives (and goes) with the scratch folder; warmed as the authors' Arrow cache is.
    const entropoEnv = { ...env, ENTROPO_CACHE: join(work, "entropo-cache") };
    const noCacheEnv = { ...entropoEnv, ENTROPO_DATA_CACHE: "0" };
    for (const kind of kinds) {
      const out = join(work, "warm");
      await mkdir(out, { recursive: true });
      for (const format of ["parquet", "jsonl"] as const) measure(entropoCommand(kind, corpus, out, format), entropoEnv);
      await rm(out, { recursive: true, force: true });
    }
    const samples: Record<string, Record<Tool, Measure[]>> = Object.fromEntries(kinds.map((kind) => [kind, Object.fromEntries(tools.map((tool) => [tool, []])) as unknown as Record<Tool, Measure[]>]));
    const equal: Record<string, boolean> = {};
    for (let round = 0; round < repeats; round += 1) {
      for (const kind of kinds) {
        const out = join(work, `out-${round}`);
        await mkdir(out, { recursive: true });
        const cold = join(work, `hf-cold-${round}`);
        const runs: Array<[Tool, string[], NodeJS.ProcessEnv]> = [
          ["authors", authorsScriptCommand(kind, mapping(kind), out), env],
          ["authors_cold", authorsScriptCommand(kind, mapping(kind), out), harnessEnv(cold)],
          ["entropo", entropoCommand(kind, corpus, out, "parquet"), entropoEnv],
          ["entropo_jsonl", entropoCommand(kind, corpus, out, "jsonl"), entropoEnv],
          ["entropo_nocache", entropoCommand(kind, corpus, out, "parquet"), noCacheEnv],
        ];
        // Alternate the order between rounds so that drifting machine load does not favour one tool.
        for (const [tool, command, toolEnv] of round % 2 === 0 ? runs : [...runs].reverse()) {
          await rm(cold, { recursive: true, force: true });
          (samples[kind] as Record<Tool, Measure[]>)[tool].push(measure(command, toolEnv));
          process.stderr.write(`[bench datasets ${megabytes} MB] round ${round + 1}/${repeats} ${kind} ${tool}: ${JSON.stringify((samples[kind] as Record<Tool, Measure[]>)[tool].at(-1))}\n`);
        }
        if (round === 0 && compare) {
          const authors = canonicalRows(join(out, "dataset", authorsOutputs[kind]));
          equal[kind] = JSON.stringify(authors) === JSON.stringify(canonicalRows(join(out, `${kind}_parquet.json`))) && JSON.stringify(authors) === JSON.stringify(canonicalRows(join(out, `${kind}_jsonl.json`)));
        }
        await rm(out, { recursive: true, force: true });
        await rm(cold, { recursive: true, force: true });
      }
    }
    const summary = (kind: AuthorsKind, tool: Tool, key: keyof Measure): number => round(median((samples[kind] as Record<Tool, Measure[]>)[tool].map((sample) => sample[key])));
    const paired = (tool: Tool, key: keyof Measure, versus: Tool = "authors"): Record<string, number> =>
      Object.fromEntries(kinds.map((kind) => {
        const own = (samples[kind] as Record<Tool, Measure[]>)[tool];
        const theirs = (samples[kind] as Record<Tool, Measure[]>)[versus];
        return [kind, round(median(own.map((sample, index) => sample[key] / (theirs[index] as Measure)[key])))];
      }));
    return {
      input_mb: { sft: corpus.sftMb, runs: corpus.runsMb },
      input_rows: corpus.rows,
      seconds: Object.fromEntries(kinds.map((kind) => [kind, Object.fromEntries(tools.map((tool) => [tool, summary(kind, tool, "seconds")]))])),
      cpu_seconds: Object.fromEntries(kinds.map((kind) => [kind, Object.fromEntries(tools.map((tool) => [tool, summary(kind, tool, "cpu_seconds")]))])),
      peak_rss_mb: Object.fromEntries(kinds.map((kind) => [kind, Object.fromEntries(tools.map((tool) => [tool, summary(kind, tool, "peak_rss_mb")]))])),
      ratio_vs_authors_scripts: paired("entropo", "seconds"),
      rss_ratio_vs_authors_scripts: paired("entropo", "peak_rss_mb"),
      cpu_ratio_vs_authors_scripts: paired("entropo", "cpu_seconds"),
      jsonl_ratio_vs_authors_scripts: paired("entropo_jsonl", "seconds"),
      jsonl_rss_ratio_vs_authors_scripts: paired("entropo_jsonl", "peak_rss_mb"),
      nocache_ratio_vs_authors_scripts: paired("entropo_nocache", "seconds"),
      nocache_cpu_ratio_vs_authors_scripts: paired("entropo_nocache", "cpu_seconds"),
      // First runs on both sides: entropo without its cache against the authors with an empty Arrow cache.
      cold_ratio_vs_authors_scripts: paired("entropo_nocache", "seconds", "authors_cold"),
      cold_rss_ratio_vs_authors_scripts: paired("entropo_nocache", "peak_rss_mb", "authors_cold"),
      ...(compare ? { rows_equal_to_authors: equal } : {}),
      samples,
    };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/**
 * `npm run bench -- datasets [--sizes 200,1024] [--repeats 3] [--compare-up-to-mb 256]`: per size, the same rows as
 * parquet (what `datasets` writes) for the authors' scripts (datasets.load_dataset redirected to the local files,
 * Arrow cache warm, and empty for `authors_cold`) and for entropo (prepared-record cache warm, and off for
 * `entropo_nocache`), plus entropo on the same rows as JSONL. Ratios are medians of per-round ratios.
 */
export default async function benchDatasets(args: string[]): Promise<unknown> {
  const unavailable = existsSync(join(sharedDataDir(), "r2e-trajectories")) ? await authorsScriptsUnavailable() : "shared R2E trajectories absent";
  if (unavailable !== undefined) throw new Error(`cannot run the datasets benchmark: ${unavailable}`);
  const sizes = (flag(args, "--sizes") ?? "200,1024").split(",").map(Number);
  const repeats = Number(flag(args, "--repeats") ?? "3");
  const compareUpTo = Number(flag(args, "--compare-up-to-mb") ?? "256");
  const loadBefore = loadavg();
  const bySize: Record<string, Record<string, unknown>> = {};
  for (const size of sizes) bySize[String(size)] = await benchSize(size, repeats, size <= compareUpTo);
  const worst = (key: string): Record<string, number> =>
    Object.fromEntries(kinds.map((kind) => [kind, Math.max(...Object.values(bySize).map((result) => (result[key] as Record<string, number>)[kind] as number))]));
  return {
    benchmark: "datasets",
    note: "entropo = `node bin/entropo.js data KIND --recipe authors` (as users run it, no npx) on the same parquet files the authors' generate_*.py read through datasets.load_dataset (redirected to local files by src/datasets/testing/authors-script-harness.py, Arrow cache warmed first), its prepared-record cache warmed likewise by one untimed run per kind; entropo_jsonl = the same rows as JSONL (cache warm); entropo_nocache = entropo on the parquet files with ENTROPO_DATA_CACHE=0 (every record decoded and converted, as a first run); authors_cold = the authors' script with an empty Arrow cache of its own (a first run: datasets converts the parquet to Arrow), so cold_ratio_vs_authors_scripts = entropo_nocache / authors_cold compares first runs. Each size: SFT input = N MB of rows, DPO/KTO input = N MB over four run datasets. Rounds interleave the tools (order reversed every round); ratios are medians of per-round entropo/authors ratios; peak RSS is the process's ru_maxrss; CPU = user + system seconds of the process (a load-independent view of the work: under heavy load wall time is mostly waiting for a core). Headline ratios are the worst over sizes. The machine may be shared with other jobs (load average below): under load absolute seconds vary several-fold, the side-by-side ratios much less.",
    cpus: cpus().length,
    load_average_before: loadBefore.map(round),
    load_average_after: loadavg().map(round),
    repeats,
    ratio_vs_authors_scripts: worst("ratio_vs_authors_scripts"),
    rss_ratio_vs_authors_scripts: worst("rss_ratio_vs_authors_scripts"),
    cpu_ratio_vs_authors_scripts: worst("cpu_ratio_vs_authors_scripts"),
    nocache_ratio_vs_authors_scripts: worst("nocache_ratio_vs_authors_scripts"),
    cold_ratio_vs_authors_scripts: worst("cold_ratio_vs_authors_scripts"),
    cold_rss_ratio_vs_authors_scripts: worst("cold_rss_ratio_vs_authors_scripts"),
    goal: { ratio_vs_authors_scripts: 0.5, rss_ratio_vs_authors_scripts: 0.5 },
    by_size_mb: bySize,
  };
}
