/**
 * Runs `work` over `items` with at most `limit` in flight. A weekly batch must leave room in
 * Discord's 50 requests/s for interaction follow-ups, so sends are never all queued at once.
 */
export async function forEachBounded<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++]!;
      await work(item);
    }
  });
  await Promise.all(lanes);
}
