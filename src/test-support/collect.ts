// Moved to src/testing/collect.ts; this re-export keeps the trajectory tests of a concurrent branch compiling until
// they import the new path (then delete this folder).
export * from "../testing/collect.js";
