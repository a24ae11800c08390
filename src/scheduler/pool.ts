/**
 * Runs `work` over `items` with at most `limit` in flight. A weekly batch must leave room in
 * Discord's 50 requests/s for interaction follow-ups, so sends are never all queued at once.
 * Once `signal` aborts (shutdown), nothing new starts; what is in flight finishes.
 */
export async function forEachBounded<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>, signal?: AbortSignal): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length && !signal?.aborted) {
      const item = items[next++]!;
      await work(item);
    }
  });
  await Promise.all(lanes);
}
