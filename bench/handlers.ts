import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { HANDLERS_DIR } from '../lib/constructs/api-function';
import type { BenchHandler } from './scenarios';

/** Every handler entry in `lambdas/handlers/` (file names without `.ts`), sorted: new handlers are picked up as they appear. */
export function discoverHandlers(): string[] {
  return readdirSync(HANDLERS_DIR)
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts') && !file.endsWith('.test.ts'))
    .map((file) => file.slice(0, -'.ts'.length))
    .sort();
}

/** The entry file CDK bundles for `handler`. */
export function handlerEntry(handler: string): string {
  return path.join(HANDLERS_DIR, `${handler}.ts`);
}

/** Imports the handler's source module in this process (env must already hold what it reads at import). */
export async function loadHandler(handler: string): Promise<BenchHandler> {
  const module = (await import(handlerEntry(handler))) as { handler: BenchHandler };
  return module.handler;
}
