import { randomBytes, randomUUID } from 'node:crypto';

/** Time source, injected so tests can freeze or advance it. */
export type Clock = () => Date;

/** Id generator, injected so tests can predict ids. */
export type IdGenerator = () => string;

/** Cryptographically strong random bytes, injected so tests can predict secrets. */
export type RandomBytes = (size: number) => Buffer;

/** Waits `ms` milliseconds; injected so tests of timing floors run instantly. */
export type Sleep = (ms: number) => Promise<void>;

export const systemClock: Clock = () => new Date();
export const randomIds: IdGenerator = () => randomUUID();
export const secureRandomBytes: RandomBytes = (size) => randomBytes(size);
export const timerSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
