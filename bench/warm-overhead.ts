import { fork } from 'node:child_process';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { ApiHandler } from '../lambdas/shared/http/handler';
import { childEnv } from './lambda-env';
import { PROJECT_ROOT } from './paths';
import { type FlowScenario, lambdaContext } from './scenarios';
import { installReplies } from './sdk-mocks';

/** The target for a warm invocation with AWS answering instantly. */
export const WARM_P99_TARGET_US = 1_000;

export interface WarmOverhead {
  readonly iterations: number;
  readonly p50Us: number;
  readonly p99Us: number;
  readonly meanUs: number;
}

/** The value at percentile `p` (0..1) of ascending `sorted`, nearest-rank. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}

/**
 * Invokes the handler `warmup` times, then `iterations` times timing each call, with every AWS
 * call of the scenario resolving at once: what is left is our own per-request work (parsing,
 * validation, flow logic, logging, response mapping) plus the mock's dispatch.
 */
export async function measureWarmOverhead(
  handlerName: string,
  handler: ApiHandler,
  scenario: FlowScenario,
  { warmup = 2_000, iterations = 10_000 } = {},
): Promise<WarmOverhead> {
  installReplies(scenario.replies, async (_command, answer) => answer());
  const context = lambdaContext(handlerName);
  const invoke = async () => {
    const response = await handler(scenario.event, context);
    if (response.statusCode !== scenario.expectedStatus) throw new Error(`${handlerName}: status ${response.statusCode}: ${response.body}`);
  };
  for (let i = 0; i < warmup; i += 1) await invoke();
  const timesUs = new Float64Array(iterations);
  for (let i = 0; i < iterations; i += 1) {
    const started = performance.now();
    await invoke();
    timesUs[i] = (performance.now() - started) * 1_000;
  }
  timesUs.sort();
  const meanUs = timesUs.reduce((sum, value) => sum + value, 0) / iterations;
  return { iterations, p50Us: percentile(timesUs, 0.5), p99Us: percentile(timesUs, 0.99), meanUs };
}

/**
 * Measures one handler in a fresh process (its own JIT state and module-scope clients) with the
 * Lambda environment at `logLevel`. The handler's stdout, its log stream, goes to /dev/null.
 */
export function measureWarmOverheadInChild(handlerName: string, logLevel: string, iterations = 10_000): Promise<WarmOverhead> {
  return new Promise((resolve, reject) => {
    const child = fork(path.join(__dirname, 'warm-worker.ts'), [handlerName, String(iterations)], {
      cwd: PROJECT_ROOT,
      execArgv: ['--import', 'tsx'],
      env: childEnv(logLevel),
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    let result: WarmOverhead | undefined;
    child.on('message', (message) => {
      result = message as WarmOverhead;
    });
    child.on('error', reject);
    child.on('exit', (code) => (result ? resolve(result) : reject(new Error(`warm worker for ${handlerName} exited with ${code}`))));
  });
}
