// The layout's rules, checked on the sources: production code never imports test support (testing/ folders are left
// out of dist/), and the ink UI imports no outside-system code (it only renders the event stream).
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { describe, expect, it } from "vitest";

const src = import.meta.dirname;

/** Every .ts/.tsx file under `directory`, recursively. */
function sources(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return sources(path);
    return /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/** Relative imports of a file that are loaded at run time (`import type` excluded), resolved to paths under src/. */
function runtimeImports(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const specifiers = [...text.matchAll(/^\s*(?:import|export)\s+(?!type\b)[^"';]*?from\s+"(\.[^"]+)"/gm), ...text.matchAll(/import\("(\.[^"]+)"\)/g)];
  return specifiers.map((match) => relative(src, resolve(dirname(file), match[1] ?? "")));
}

const isTestFile = (path: string): boolean => /\.test\.tsx?$/.test(path);
const inTestSupport = (path: string): boolean => path.split(sep).some((part) => part === "testing");

describe("layout rules", () => {
  const files = sources(src).map((file) => relative(src, file));

  it("production modules import nothing from testing/ folders (they are left out of dist/)", () => {
    const offenders = files
      .filter((file) => !isTestFile(file) && !inTestSupport(file))
      .flatMap((file) => runtimeImports(join(src, file)).filter(inTestSupport).map((target) => `${file} → ${target}`));
    expect(offenders).toEqual([]);
  });

  it("the ink UI loads no Docker, Python, HTTP or training code", () => {
    const forbidden = ["sandbox", "training", "llm", "agent", "rollouts", "tasks", "hub"];
    const offenders = files
      .filter((file) => file.startsWith(`ui${sep}`) && !isTestFile(file))
      .flatMap((file) => runtimeImports(join(src, file)).filter((target) => forbidden.includes(target.split(sep)[0] ?? "")).map((target) => `${file} → ${target}`));
    expect(offenders).toEqual([]);
  });

  it("finds the imports it checks (the scan itself works)", () => {
    expect(runtimeImports(join(src, "cli", "main.ts"))).toContain(join("cli", "register-commands.js"));
    expect(runtimeImports(join(src, "ui", "dashboard.tsx"))).toContain(join("ui", "dashboard-state.js"));
  });
});
