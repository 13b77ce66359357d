import type { Clock, Sleep } from './runtime';

/**
 * Starts a timing floor: `hold()` resolves no earlier than `minMs` after this call. Answers that
 * must not be told apart by timing (user exists or not, password right or wrong) all wait for it.
 */
export function startResponseFloor(clock: Clock, sleep: Sleep, minMs: number): { hold: () => Promise<void> } {
  const notBefore = clock().getTime() + minMs;
  return {
    hold: async () => {
      const remaining = notBefore - clock().getTime();
      if (remaining > 0) await sleep(remaining);
    },
  };
}
