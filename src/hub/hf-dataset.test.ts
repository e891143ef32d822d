import { createHash } from "node:crypto";
import { lstat, mkdtemp, readFile, readlink, writeFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { projectRoot } from "../util/paths.js";
import { readTrajectories } from "../trajectories/read-trajectories.js";
import { parseHfRef, resolveHfInput } from "./hf-dataset.js";

const commit = "0123456789abcdef0123456789abcdef01234567";
const repo = "entropo-test/tiny-trajs";
const rows = [
  { instance_id: "t1", reward: 1, messages: [{ role: "user", content: "fix" }, { role: "assistant", content: "done" }] },
  { instance_id: "t1", reward: 0, messages: [{ role: "user", content: "fix" }, { role: "assistant", content: "nope" }] },
];

type Served = { path: string; bytes: Buffer };
const served: Served[] = [];
const authorizations: string[] = [];
let server: Server;
let endpoint: string;

function oid(bytes: Buffer): string {
  return createHash("sha1").update(bytes).digest("hex");
}

/** Mimics the routes @huggingface/hub calls: revision info, tree listing, and resolve (with Range). */
function handle(request: IncomingMessage, response: ServerResponse): void {
  authorizations.push(request.headers.authorization ?? "");
  const url = new URL(request.url ?? "/", endpoint);
  const send = (status: number, body: string | Buffer, headers: Record<string, string> = {}): void => {
    response.writeHead(status, headers);
    response.end(body);
  };
  if (url.pathname === `/api/datasets/${repo}/revision/main`) {
    send(200, JSON.stringify({ _id: "x", id: repo, sha: commit, private: false, downloads: 0, likes: 0, gated: false, lastModified: "2025-01-01T00:00:00Z" }), { "content-type": "application/json" });
    return;
  }
  if (url.pathname === `/api/datasets/${repo}/tree/${commit}`) {
    const listing = served.map((file) => ({ type: "file", path: file.path, size: file.bytes.length, oid: oid(file.bytes) }));
    send(200, JSON.stringify([{ type: "file", path: "README.md", size: 3, oid: "r" }, ...listing]), { "content-type": "application/json" });
    return;
  }
  const prefix = `/datasets/${repo}/resolve/${commit}/`;
  const file = served.find((candidate) => url.pathname === prefix + candidate.path);
  if (file === undefined) {
    send(404, "not found", { "x-error-code": "EntryNotFound" });
    return;
  }
  const range = /bytes=(\d+)-(\d+)/.exec(request.headers.range ?? "");
  const headers = { etag: `"${oid(file.bytes)}"`, "content-type": "application/octet-stream" };
  if (range === null) {
    send(200, file.bytes, headers);
    return;
  }
  const start = Number(range[1]);
  const end = Math.min(Number(range[2]), file.bytes.length - 1);
  send(206, file.bytes.subarray(start, end + 1), { ...headers, "content-range": `bytes ${start}-${end}/${file.bytes.length}` });
}

/** Two rows of instance p1, written by pyarrow 26 with one row per row group (see testing/fixtures/README.md). */
const parquetFixture = join(projectRoot(), "src", "hub", "testing", "fixtures", "tiny-trajs.parquet");

beforeAll(async () => {
  served.push({ path: "data/train.jsonl", bytes: Buffer.from(rows.map((row) => JSON.stringify(row)).join("\n") + "\n") });
  served.push({ path: "data/train-00000.parquet", bytes: await readFile(parquetFixture) });
  server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe("hf: datasets through @huggingface/hub", () => {
  it("parses ids and rejects malformed ones naming the option", () => {
    expect(parseHfRef("hf:a/b@v1.0")).toEqual({ name: "a/b", revision: "v1.0" });
    expect(parseHfRef("hf:a/b")).toEqual({ name: "a/b", revision: "main" });
    expect(() => parseHfRef("hf:nope")).toThrow("option --input expects hf:OWNER/NAME[@REVISION]");
  });

  it("downloads into the standard HF cache layout, sends HF_TOKEN, then works offline from the cache", async () => {
    const cacheDir = await mkdtemp(join(tmpdir(), "entropo-hf-"));
    const files = await resolveHfInput(`hf:${repo}`, { hubUrl: endpoint, cacheDir, accessToken: "hf_secret_test", offline: false });
    const repoDir = join(cacheDir, "datasets--entropo-test--tiny-trajs");
    expect(files).toContain(join(repoDir, "snapshots", commit, "data", "train.jsonl"));
    expect(files).toHaveLength(served.length);
    expect((await readFile(join(repoDir, "refs", "main"), "utf8")).trim()).toBe(commit);
    const pointer = join(repoDir, "snapshots", commit, "data", "train.jsonl");
    expect((await lstat(pointer)).isSymbolicLink()).toBe(true);
    const jsonl = served[0] as Served;
    expect(await readlink(pointer)).toBe(join("..", "..", "..", "blobs", oid(jsonl.bytes)));
    expect(await readFile(pointer)).toEqual(jsonl.bytes);
    expect(authorizations.filter((value) => value !== "").every((value) => value === "Bearer hf_secret_test")).toBe(true);
    expect(authorizations.some((value) => value !== "")).toBe(true);

    // Offline: no request reaches the server, the cache answers.
    const before = authorizations.length;
    const offline = await resolveHfInput(`hf:${repo}`, { hubUrl: endpoint, cacheDir, offline: true });
    expect(offline.sort()).toEqual(files.sort());
    expect(authorizations.length).toBe(before);

    const records = [];
    for await (const item of readTrajectories([`hf:${repo}`], { hub: { cacheDir, offline: true } })) records.push(item.record);
    const expectedIds = ["p1", "p1", "t1", "t1"];
    expect(records.map((record) => record.instance_id).sort()).toEqual(expectedIds);
    expect(records.filter((record) => record.reward === 1)).toHaveLength(expectedIds.length / 2);
    expect(records.every((record) => record.messages.length === 2)).toBe(true);
  });

  it("fails clearly offline when the dataset is not cached", async () => {
    const cacheDir = await mkdtemp(join(tmpdir(), "entropo-hf-empty-"));
    await writeFile(join(cacheDir, "unrelated"), "");
    await expect(resolveHfInput("hf:someone/missing@v2", { cacheDir, offline: true })).rejects.toThrow(
      `HF_HUB_OFFLINE=1 and hf:someone/missing@v2 is not in the cache at ${join(cacheDir, "datasets--someone--missing")}`,
    );
  });

  it("reports a hub error with the dataset id", async () => {
    const cacheDir = await mkdtemp(join(tmpdir(), "entropo-hf-err-"));
    await expect(resolveHfInput("hf:entropo-test/absent", { hubUrl: endpoint, cacheDir, offline: false })).rejects.toThrow("hf:entropo-test/absent@main");
  });
});
