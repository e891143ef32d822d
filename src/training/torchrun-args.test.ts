// torchrun's argument list: node topology and the entry module (no Python needed).
import { describe, expect, it } from "vitest";
import { torchrunArgs } from "./torchrun-trainer.js";

describe("torchrun arguments", () => {
  it("passes the node topology and the entry module", () => {
    const base = { python: "py", configFile: "/c.yaml", outputDir: "/o", resuming: false, nproc: 4, logFile: "/l", stopFile: "/s", env: {}, redactedOverrides: ["hub_token=x"] };
    expect(torchrunArgs({ ...base, nnodes: 2, nodeRank: 1, masterAddr: "10.0.0.1" }, 29500)).toEqual([
      "-m", "torch.distributed.run", "--nproc_per_node", "4", "--nnodes", "2", "--node_rank", "1", "--master_addr", "10.0.0.1",
      "--master_port", "29500", "-m", "entropo_trainer.bridge", "train", "/c.yaml", "hub_token=x",
    ]);
    expect(torchrunArgs(base, 1234).slice(2, 8)).toEqual(["--nproc_per_node", "4", "--nnodes", "1", "--master_addr", "127.0.0.1"]);
  });
});
