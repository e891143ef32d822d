// Moved to src/util/seeded-random.ts; this re-export keeps the datasets modules of a concurrent branch compiling until they
// import the new path (then delete this file).
export * from "../util/seeded-random.js";
