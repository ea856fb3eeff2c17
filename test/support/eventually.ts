/**
 * Polls until `check` stops throwing (or returns a truthy value other than `false`), then returns
 * its result. Tests wait for conditions, never for fixed times: fixed sleeps are either too short
 * on a loaded CI machine or waste time everywhere else.
 */
export async function expectEventually<T>(
  check: () => T | Promise<T>,
  timeoutMs = 5_000,
  intervalMs = 50,
): Promise<Exclude<T, false>> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const result = await check();
      if (result !== false) return result as Exclude<T, false>;
      lastError = new Error('condition returned false');
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const reason = lastError instanceof Error ? lastError.message : String(lastError);
      throw new Error(`expectEventually: not true after ${timeoutMs} ms: ${reason}`, { cause: lastError });
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
