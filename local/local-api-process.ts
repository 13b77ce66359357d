import { fork } from 'node:child_process';
import { openSync } from 'node:fs';
import * as path from 'node:path';
import type { LocalApiInfo } from './local-api-info';

const START_SCRIPT = path.join(__dirname, 'start.ts');
const STARTUP_TIMEOUT_MS = 240_000;

export interface LocalApiProcess {
  readonly info: LocalApiInfo;
  /** Stops the local API (and with it moto) and waits for it to exit. */
  stop(): Promise<void>;
}

/**
 * Runs `npm start`'s entry (local/start.ts) as a child process on a free port and resolves with what
 * it reports once ready (over IPC). Its console (handler logs, outbox, banner) goes to `logFile`.
 */
export async function startLocalApiProcess(logFile: string): Promise<LocalApiProcess> {
  const log = openSync(logFile, 'w');
  const child = fork(START_SCRIPT, [], {
    cwd: path.join(__dirname, '..'),
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

  return {
    info,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
