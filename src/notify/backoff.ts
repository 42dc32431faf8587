// Exponential backoff with jitter, for syslog reconnects and webhook retries: waits of base,
// 2·base, 4·base… up to `maxMs`, each moved by up to ±20% at random so that many senders retrying
// together spread out.
export interface Backoff {
  baseMs: number;
  maxMs: number;
}

/** The wait before retry `retry` (1 for the first). */
export function backoffDelay({ baseMs, maxMs }: Backoff, retry: number, random: () => number = Math.random): number {
  const exponential = Math.min(maxMs, baseMs * 2 ** Math.max(0, retry - 1));
  return Math.round(exponential * (0.8 + 0.4 * random()));
}
