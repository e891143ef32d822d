// Moved to src/testing/run-cli.ts; this re-export keeps the datasets tests of a concurrent branch compiling until
// they import the new path (then delete this folder).
export * from "../testing/run-cli.js";
