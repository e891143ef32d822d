// Doctor checks that need no engine: Node versions, the table with its fixes, free disk.
import { describe, expect, it } from "vitest";
import { checkDisk, checkNode, formatDoctorTable, isHealthy } from "./checks.js";

describe("doctor", () => {
  it("rejects Node versions older than 20.19 and accepts newer ones", () => {
    expect(checkNode("20.18.3").status).toBe("fail");
    expect(checkNode("20.19.0").status).toBe("ok");
    expect(checkNode("22.1.0").status).toBe("ok");
  });

  it("prints a fix for every failing row and says the stack is not usable", () => {
    const table = formatDoctorTable([
      { name: "node", status: "ok", detail: "v20", fix: null },
      { name: "docker engine", status: "fail", detail: "down", fix: "start dockerd" },
    ]);
    expect(table).toContain("fix: start dockerd");
    expect(table).toContain("NOT usable");
    expect(isHealthy([{ name: "x", status: "warn", detail: "", fix: null }])).toBe(true);
  });

  it("reports free disk space", async () => {
    const row = await checkDisk();
    expect(row.detail).toMatch(/GiB free/);
  });

});
