/**
 * A short-lived in-process cache for what every task reads and rarely changes (a committee's rulebook
 * with its seats, its representation records). Entries live a few seconds and are dropped at once when
 * this process changes them; other processes (Lambda containers) see a change within the TTL.
 */
const entries = new Map<string, { until: number; value: Promise<unknown> }>();
const TTL_MS = 5_000;

export function cached<T>(key: string, load: () => Promise<T>): Promise<T> {
  const now = performance.now();
  const hit = entries.get(key);
  if (hit && hit.until > now) return hit.value as Promise<T>;
  const value = load();
  entries.set(key, { until: now + TTL_MS, value });
  value.catch(() => entries.delete(key));
  return value;
}

export function invalidate(prefix: string): void {
  for (const key of entries.keys()) if (key.startsWith(prefix)) entries.delete(key);
}
