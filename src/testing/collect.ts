// Test support: drains an async stream (events, records) into an array.

/** Collects every item of `items` in order, calling `onEach` for each as it arrives. */
export async function collectAll<T>(items: AsyncIterable<T>, onEach?: (item: T) => void): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) {
    all.push(item);
    onEach?.(item);
  }
  return all;
}
