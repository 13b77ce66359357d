import { fork } from 'node:child_process';
import { mkdirSync, openSync } from 'node:fs';
import * as path from 'node:path';
import type { TestProject } from 'vitest/node';
import type { LocalApiInfo } from '../../local/local-api-info';
import { requireMoto } from '../../local/moto-server';

declare module 'vitest' {
  export interface ProvidedContext {
    localApi: LocalApiInfo;
    /** The local API's console output (handler logs included). */
    localApiLog: string;
  }
}

const ROOT = path.join(__dirname, '..', '..');
const STARTUP_TIMEOUT_MS = 120_000;

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
  const log = openSync(logFile, 'w');
  const child = fork(path.join(ROOT, 'local', 'start.ts'), [], {
    cwd: ROOT,
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, LOCAL_API_PORT: '0' },
    stdio: ['ignore', log, log, 'ipc'],
  });

  const info = await new Promise<LocalApiInfo>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The local API did not start within ${STARTUP_TIMEOUT_MS} ms; see ${logFile}`)), STARTUP_TIMEOUT_MS);
    child.on('message', (message: { type?: string; info?: LocalApiInfo }) => {
      if (message.type !== 'ready' || !message.info) return;
      clearTimeout(timer);
      resolve(message.info);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The local API exited with code ${code} while starting; see ${logFile}`));
    });
  });
  project.provide('localApi', info);
  project.provide('localApiLog', logFile);

  return async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  };
}

