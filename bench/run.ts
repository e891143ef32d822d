// Benchmark harness: `npm run bench -- NAME [args]` runs bench/NAME.ts's default export and writes bench/results/NAME.json.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { writeJsonAtomic } from "../src/util/jsonl.js";
import { projectRoot } from "../src/util/paths.js";

type BenchModule = { default?: (args: string[]) => Promise<unknown> };

/** Runs one benchmark by name; the returned summary is printed and stored as bench/results/NAME.json. */
async function runBenchmark(name: string | undefined, args: string[]): Promise<void> {
  if (name === undefined || !/^[\w-]+$/.test(name) || name === "run") {
    throw new Error("usage: npm run bench -- NAME [args]   (runs bench/NAME.ts)");
  }
  const file = join(projectRoot(), "bench", `${name}.ts`);
  if (!existsSync(file)) throw new Error(`no benchmark ${file}`);
  const module = (await import(pathToFileURL(file).href)) as BenchModule;
  if (typeof module.default !== "function") throw new Error(`${file} has no default export (async (args: string[]) => summary)`);
  const summary = await module.default(args);
  if (summary === undefined) return;
  await writeJsonAtomic(join(projectRoot(), "bench", "results", `${name}.json`), summary);
  process.stdout.write(JSON.stringify(summary, null, 2) + "\n");
}

runBenchmark(process.argv[2], process.argv.slice(3)).then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
