// The shipped key list (llamafactory-keys.ts) must equal what the installed LLaMA-Factory + entropo_trainer accept.
import { join } from "node:path";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../util/paths.js";
import { llamafactoryKeys } from "./llamafactory-keys.js";
import { trainingEnv } from "./python-env.js";
import { trainingPythonOrSkip } from "./testing/train-helpers.js";

const python = trainingPythonOrSkip();

describe.skipIf(python === undefined)("llamafactory-keys.ts", () => {
  it("is in sync with the venv (regenerate: python scripts/generate-llamafactory-keys.py --write src/training/llamafactory-keys.ts)", async () => {
    const { stdout } = await execa(python ?? "", [join(projectRoot(), "scripts", "generate-llamafactory-keys.py")], { env: trainingEnv() });
    const fromVenv = JSON.parse(stdout) as Record<string, string>;
    expect(Object.keys(fromVenv).length).toBeGreaterThan(200);
    expect(fromVenv.entro_alpha).toBe("float?");
    expect({ ...llamafactoryKeys }).toEqual(fromVenv);
  });
});
