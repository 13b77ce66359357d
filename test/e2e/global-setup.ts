import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import type { TestProject } from 'vitest/node';
import type { LocalApiInfo } from '../../local/local-api-info';
import { startLocalApiProcess } from '../../local/local-api-process';
import { TRIGGER_MODULES_ENV } from '../../local/cognito-triggers';
import { requireMoto } from '../../local/moto-server';
import { TEST_TRIGGER_FUNCTION } from './support/test-trigger';

declare module 'vitest' {
  export interface ProvidedContext {
    localApi: LocalApiInfo;
    /** The local API's console output (handler logs included). */
    localApiLog: string;
  }
}

const ROOT = path.join(__dirname, '..', '..');

/**
 * Starts the local API (`npm start`'s entry: moto, resources, first admin, sample practitioners)
 * once per test run, on a free port, and hands its coordinates to the tests. Its console (handler
 * logs, outbox) goes to .local/e2e/local-api.log (checked by support/log-hygiene.ts).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  requireMoto(); // a missing emulator fails here with the one-line install command
  const logDir = path.join(ROOT, '.local', 'e2e');
  mkdirSync(logDir, { recursive: true });
  const logFile = path.join(logDir, 'local-api.log');
  // The plugin's trigger tests name this function in their pools' LambdaConfig.
  process.env[TRIGGER_MODULES_ENV] = JSON.stringify({ [TEST_TRIGGER_FUNCTION]: 'test/e2e/support/test-trigger.ts' });
  const localApi = await startLocalApiProcess(logFile);
  project.provide('localApi', localApi.info);
  project.provide('localApiLog', logFile);
  return () => localApi.stop();
}
