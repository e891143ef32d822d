// Resolves `hf:OWNER/NAME[@REV]` to local data files: downloads into the HF cache (online) or reads it (HF_HUB_OFFLINE=1).
import { createWriteStream } from "node:fs";
import { mkdir, readFile, readdir, rename, rm, stat, symlink } from "node:fs/promises";
import { dirname, extname, join, relative } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { datasetInfo, downloadFile, listFiles } from "@huggingface/hub";
import { badOptionValue, ExternalError, InputError, throwIfAborted } from "../core/errors.js";
import { writeFileAtomic } from "../util/jsonl.js";
import { cachePaths, commitHashPattern, datasetRepoFolder, hfHubCacheDir } from "./hf-cache.js";

export type HubOptions = {
  /** Hub endpoint; defaults to $HF_ENDPOINT, else https://huggingface.co. */
  hubUrl?: string;
  fetch?: typeof fetch;
  /** Defaults to $HF_TOKEN (never written anywhere). */
  accessToken?: string;
  /** Defaults to HF_HUB_OFFLINE=1. */
  offline?: boolean;
  cacheDir?: string;
  signal?: AbortSignal;
};

export type HfDatasetRef = { name: string; revision: string };

const dataFileExtensions = new Set([".parquet", ".jsonl", ".json", ".traj"]);

/** Parses `hf:OWNER/NAME[@REVISION]`; a malformed id names the option and what it expects. */
export function parseHfRef(input: string): HfDatasetRef {
  const match = /^hf:([\w.-]+\/[\w.-]+)(?:@([\w./-]+))?$/.exec(input);
  if (match?.[1] === undefined) throw badOptionValue("--input", "hf:OWNER/NAME[@REVISION]", input);
  return { name: match[1], revision: match[2] ?? "main" };
}

async function listSnapshotFiles(snapshot: string): Promise<string[]> {
  const entries = await readdir(snapshot, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => !entry.isDirectory() && dataFileExtensions.has(extname(entry.name)) && entry.name !== "dataset_info.json")
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

/** Cache-only resolution: the revision's commit from refs/ (or the hash itself), then its snapshot's data files. */
async function resolveOffline(ref: HfDatasetRef, cacheDir: string): Promise<string[]> {
  const repo = datasetRepoFolder(cacheDir, ref.name);
  const commit = commitHashPattern.test(ref.revision)
    ? ref.revision
    : (await readFile(join(repo, "refs", ref.revision), "utf8").catch(() => "")).trim();
  const snapshot = join(repo, "snapshots", commit);
  const exists = commit !== "" && (await stat(snapshot).catch(() => undefined)) !== undefined;
  if (!exists) {
    throw new ExternalError(`HF_HUB_OFFLINE=1 and hf:${ref.name}@${ref.revision} is not in the cache at ${repo}`, {
      code: "HF_OFFLINE_MISSING",
      hint: "run once with network access (unset HF_HUB_OFFLINE) to download it, or set HF_HOME to the cache that holds it",
    });
  }
  return listSnapshotFiles(snapshot);
}

type Credentials = { hubUrl: string; fetch?: typeof fetch; accessToken?: string };

/** Downloads one file into blobs/<etag> (via .incomplete + rename) and links snapshots/<commit>/<path> to it. */
async function downloadToCache(ref: HfDatasetRef, commit: string, path: string, etag: string, paths: ReturnType<typeof cachePaths>, credentials: Credentials): Promise<string> {
  const pointer = join(paths.snapshot, path);
  if ((await stat(pointer).catch(() => undefined)) !== undefined) return pointer;
  const blob = join(paths.blobs, etag);
  await mkdir(paths.blobs, { recursive: true });
  if ((await stat(blob).catch(() => undefined)) === undefined) {
    const file = await downloadFile({ repo: { type: "dataset", name: ref.name }, path, revision: commit, ...credentials });
    if (file === null) throw new ExternalError(`hf:${ref.name}: ${path} not found at ${commit}`);
    const incomplete = `${blob}.incomplete`;
    await pipeline(Readable.fromWeb(file.stream() as WebReadableStream<Uint8Array>), createWriteStream(incomplete));
    await rename(incomplete, blob);
  }
  await mkdir(dirname(pointer), { recursive: true });
  await rm(pointer, { force: true });
  await symlink(relative(dirname(pointer), blob), pointer);
  return pointer;
}

async function resolveOnline(ref: HfDatasetRef, cacheDir: string, options: HubOptions): Promise<string[]> {
  const hubUrl = options.hubUrl ?? process.env.HF_ENDPOINT ?? "https://huggingface.co";
  const token = options.accessToken ?? process.env.HF_TOKEN;
  const credentials: Credentials = { hubUrl, ...(options.fetch ? { fetch: options.fetch } : {}), ...(token ? { accessToken: token } : {}) };
  const repo = { type: "dataset" as const, name: ref.name };
  let commit = ref.revision;
  try {
    if (!commitHashPattern.test(commit)) {
      const info = await datasetInfo<"sha">({ name: ref.name, revision: ref.revision, additionalFields: ["sha"], ...credentials });
      commit = info.sha;
    }
    const paths = cachePaths(cacheDir, ref.name, commit);
    if (commit !== ref.revision) await writeFileAtomic(join(paths.refs, ref.revision), commit);
    const files: string[] = [];
    for await (const entry of listFiles({ repo, revision: commit, recursive: true, ...credentials })) {
      throwIfAborted(options.signal);
      if (entry.type !== "file" || !dataFileExtensions.has(extname(entry.path)) || entry.path.endsWith("dataset_info.json")) continue;
      const etag = entry.lfs?.oid ?? entry.oid ?? entry.xetHash;
      if (etag === undefined) throw new ExternalError(`hf:${ref.name}: no oid for ${entry.path}`);
      files.push(await downloadToCache(ref, commit, entry.path, etag, paths, credentials));
    }
    return files.sort();
  } catch (error) {
    if (error instanceof ExternalError || error instanceof InputError) throw error;
    throw new ExternalError(`hf:${ref.name}@${ref.revision}: ${(error as Error).message}`, {
      code: "HF_HUB",
      hint: "check the dataset id, HF_TOKEN for private or gated datasets, and HF_ENDPOINT; HF_HUB_OFFLINE=1 uses the cache only",
      cause: error,
    });
  }
}

/** Local data files (parquet/jsonl/json/traj) of `hf:OWNER/NAME[@REV]`, downloading into the standard HF cache. */
export async function resolveHfInput(input: string, options: HubOptions = {}): Promise<string[]> {
  const ref = parseHfRef(input);
  const cacheDir = options.cacheDir ?? hfHubCacheDir();
  const offline = options.offline ?? ["1", "true", "yes"].includes((process.env.HF_HUB_OFFLINE ?? "").toLowerCase());
  return offline ? resolveOffline(ref, cacheDir) : resolveOnline(ref, cacheDir, options);
}
