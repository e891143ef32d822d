// The spill store reads back exactly what it was given, whether it copied the bytes or points into a referenced file.
import { existsSync } from "node:fs";
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SpillStore } from "./spill-store.js";

let work = "";
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "entropo-spill-test-"));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/** Open descriptors of this process. */
const openFds = async (): Promise<number> => (await readdir("/proc/self/fd")).length;

describe("SpillStore", () => {
  it("interleaves own and referenced bytes; a referenced name is removed once opened and its file still reads", async () => {
    const fds = await openFds();
    const file = join(work, "entry-a");
    await writeFile(file, "HEADER|first-batch|second-batch|TAIL");
    const store = new SpillStore();
    const own1 = store.putBytes(Buffer.from("own-one"));
    const first = store.reference(file, 7, 11);
    const own2 = await store.put("own-two é");
    expect(existsSync(file)).toBe(false);
    const second = store.reference(file, 19, 12);
    expect(store.openReferences).toBe(1);
    expect(store.bytesInPlace).toBe(11 + 12);
    expect(store.bytes).toBe(7 + 11 + Buffer.byteLength("own-two é") + 12);
    expect([own1, first, own2, second].map((ref) => store.getBytes(ref).toString("utf8"))).toEqual(["own-one", "first-batch", "own-two é", "second-batch"]);
    // Offsets are consecutive, and a part of a referenced run reads from the right place.
    expect(first.offset).toBe(own1.offset + own1.length);
    expect(store.getBytes({ offset: first.offset + 6, length: 5 }).toString()).toBe("batch");
    expect(() => store.getBytes({ offset: store.bytes + 1, length: 1 })).toThrow(/never stored/);
    await store.dispose();
    expect(await openFds()).toBe(fds);
  });

  it("past its limit of open files it copies the bytes instead, leaving the name to the caller", async () => {
    const fds = await openFds();
    const store = new SpillStore(1);
    const files = [join(work, "b1"), join(work, "b2")];
    await writeFile(files[0] as string, "0123456789");
    await writeFile(files[1] as string, "abcdefghij");
    const kept = store.reference(files[0] as string, 2, 3);
    const copied = store.reference(files[1] as string, 4, 4);
    expect(store.openReferences).toBe(1);
    expect(store.bytesInPlace).toBe(3);
    expect(files.map((file) => existsSync(file))).toEqual([false, true]);
    await rm(files[1] as string);
    expect(store.getBytes(kept).toString()).toBe("234");
    expect(store.getBytes(copied).toString()).toBe("efgh");
    await store.dispose();
    expect(await openFds()).toBe(fds);
  });

  it("a missing or short referenced file is an error naming it", async () => {
    const store = new SpillStore(0);
    const short = join(work, "short");
    await writeFile(short, "abc");
    expect(() => store.reference(join(work, "missing"), 0, 1)).toThrow(/missing/);
    expect(() => store.reference(short, 1, 5)).toThrow(`${short} ended at 3 (expected 6)`);
    await store.dispose();
    // Kept open, then found shorter when read: the label names it and says what to do.
    const kept = new SpillStore();
    await writeFile(short, "abc");
    const ref = kept.reference(short, 1, 5, { name: "cache entry K", hint: "; rerun with --no-cache" });
    expect(() => kept.getBytes(ref)).toThrow("cache entry K ended at 3 (expected 6); rerun with --no-cache");
    await kept.dispose();
  });
});
