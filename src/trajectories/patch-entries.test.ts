import { describe, expect, it } from "vitest";
import { applicablePatch, isJunkPath } from "./patch-entries.js";

const text = (path: string, body: string) => `diff --git a/${path} b/${path}\nindex 1111111..2222222 100644\n${body}`;
const edit = text("pkg/mod.py", "--- a/pkg/mod.py\n+++ b/pkg/mod.py\n@@ -1 +1 @@\n-a = 1\n+a = 2\n");
const bytecode = text("pkg/__pycache__/mod.cpython-311.pyc", "Binary files a/pkg/__pycache__/mod.cpython-311.pyc and b/pkg/__pycache__/mod.cpython-311.pyc differ\n");
const dataless = text("model.pkl", "Binary files a/model.pkl and b/model.pkl differ\n");
const withData = text("model.pkl", "GIT binary patch\nliteral 3\nKcmZQzWB>pF00IC2\n\nliteral 0\nHcmV?d00001\n\n");

describe("applicablePatch", () => {
  it("returns the patch unchanged when every entry applies", () => {
    expect(applicablePatch(edit + withData)).toEqual({ patch: edit + withData, dropped: [] });
  });

  it("drops bytecode, test caches and binary changes without data, naming them", () => {
    const cache = text(".pytest_cache/v/cache/lastfailed", "--- a/x\n+++ b/x\n@@ -1 +1 @@\n-{}\n+{\"t\": true}\n");
    expect(applicablePatch(bytecode + edit + dataless + cache)).toEqual({
      patch: edit,
      dropped: ["pkg/__pycache__/mod.cpython-311.pyc", "model.pkl", ".pytest_cache/v/cache/lastfailed"],
    });
  });

  it("tells junk paths from sources", () => {
    expect(["a/__pycache__/x.pyc", "x.pyo", "__pycache__/y.py", ".pytest_cache/README.md"].map(isJunkPath)).toEqual([true, true, true, true]);
    expect(["pycache.py", "src/x.py", "my__pycache__/x.py", "data.pkl"].map(isJunkPath)).toEqual([false, false, false, false]);
  });
});
