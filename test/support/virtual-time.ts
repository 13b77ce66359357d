/**
 * A virtual clock for timing-floor tests: each fake port advances it by its "latency" (`spend`), and
 * `sleep` advances it instead of waiting.
 */
export function virtualTime() {
  let now = Date.parse('2026-11-23T10:00:00.000Z');
  const sleeps: number[] = [];
  return {
    clock: () => new Date(now),
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
    /** Simulates a dependency call taking `ms`. */
    spend: (ms: number) => {
      now += ms;
    },
    elapsedSince: (start: number) => now - start,
    now: () => now,
    sleeps,
  };
}
