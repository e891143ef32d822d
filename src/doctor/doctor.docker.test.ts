// Foundation checks: the doctor sees the real stack, and a command runs in a container of the base image via dockerode.
import Docker from "dockerode";
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { dockerUnavailableReason } from "../sandbox/testing/docker-test-setup.js";
import { baseImage } from "../util/paths.js";
import { checkDocker } from "./checks.js";

const docker = new Docker();
const unavailable = await dockerUnavailableReason();
const engineUp = unavailable === null;
if (!engineUp) console.warn(`doctor.docker.test: ${unavailable}; Docker tests skipped`);

describe("doctor with Docker", () => {
  it.runIf(engineUp)("finds the engine and the base image", async () => {
    const rows = await checkDocker(docker);
    expect(rows.map((row) => row.status)).toEqual(["ok", "ok"]);
  });

  it.runIf(engineUp)("runs a command in a container of the base image and reads its output", async () => {
    const container = await docker.createContainer({
      Image: baseImage,
      Cmd: ["/bin/sh", "-c", "python3 -c 'print(6*7)' && python3 -m pytest --version && git --version"],
      HostConfig: { NetworkMode: "none", AutoRemove: false },
      Labels: { "entropo.test": "doctor" },
    });
    try {
      const stream = await container.attach({ stream: true, stdout: true, stderr: true });
      const output = new PassThrough();
      const chunks: Buffer[] = [];
      output.on("data", (chunk: Buffer) => chunks.push(chunk));
      docker.modem.demuxStream(stream, output, output);
      await container.start();
      const status = (await container.wait()) as { StatusCode: number };
      const text = Buffer.concat(chunks).toString("utf8");
      expect(status.StatusCode).toBe(0);
      expect(text).toContain("42");
      expect(text).toMatch(/pytest \d+/);
      expect(text).toMatch(/git version \d+/);
    } finally {
      await container.remove({ force: true });
    }
  });
});
