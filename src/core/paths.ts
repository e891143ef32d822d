// Moved to src/util/paths.ts; this re-export keeps the datasets modules of a concurrent branch compiling until they
// import the new path (then delete this file).
export * from "../util/paths.js";
