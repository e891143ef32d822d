// Seeded pseudo-random numbers (mulberry32), string-seeded streams and hashing, so samples and bootstraps reproduce.
import { createHash } from "node:crypto";

/** Returns a generator of uniform floats in [0, 1) fully determined by the 32-bit seed (mulberry32). */
export function createRng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A generator of floats in [0, 1) fully determined by a text seed (mulberry32 seeded from its SHA-256). */
export function seededRandom(seed: string): () => number {
  return createRng(createHash("sha256").update(seed).digest().readUInt32LE(0));
}

/** FNV-1a hash of a string mixed with a seed: a stable 32-bit value per (seed, text). */
export function hashSeed(seed: number, text: string): number {
  let hash = (0x811c9dc5 ^ (seed >>> 0)) >>> 0;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** Picks `count` items without replacement, keeping their original order (all of them when count >= length). */
export function sampleInOrder<T>(items: readonly T[], count: number, random: () => number): T[] {
  if (count >= items.length) return [...items];
  const indexes = items.map((_, index) => index);
  for (let index = indexes.length - 1; index > 0; index -= 1) {
    const other = Math.floor(random() * (index + 1));
    [indexes[index], indexes[other]] = [indexes[other] as number, indexes[index] as number];
  }
  return indexes
    .slice(0, count)
    .sort((a, b) => a - b)
    .map((index) => items[index] as T);
}
