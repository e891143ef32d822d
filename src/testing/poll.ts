// Polls a condition until it holds or a deadline passes (for waiting on real processes; never a fixed sleep).

/** Resolves with the first truthy value of `probe`, checking every `intervalMs`; rejects after `timeoutMs`. */
export async function pollUntil<T>(probe: () => Promise<T | null | undefined | false> | T | null | undefined | false, what: string, timeoutMs = 30_000, intervalMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
