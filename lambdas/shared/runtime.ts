import { randomUUID } from 'node:crypto';

/** Time source, injected so tests can freeze or advance it. */
export type Clock = () => Date;

/** Id generator, injected so tests can predict ids. */
export type IdGenerator = () => string;

export const systemClock: Clock = () => new Date();
export const randomIds: IdGenerator = () => randomUUID();
