// Moved to src/util/jsonl.ts; this re-export keeps the datasets modules of a concurrent branch compiling until they
// import the new path (then delete this file).
export * from "../util/jsonl.js";
