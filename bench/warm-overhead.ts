import { fork } from 'node:child_process';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { childEnv } from './lambda-env';
import { PROJECT_ROOT } from './paths';
import { type BenchHandler, type FlowScenario, lambdaContext, missedHappyPath } from './scenarios';
import { installReplies } from './sdk-mocks';

/** The target for a warm invocation with AWS answering instantly. */
export const WARM_P99_TARGET_US = 1_000;

export interface WarmOverhead {
  readonly iterations: number;
  /** Wall time per invocation: the measure. */
  readonly p50Us: number;
  readonly p99Us: number;
  readonly meanUs: number;
  /**
   * Invocations during which the OS preempted the process (an involuntary context switch). On a
   * busy shared machine each costs a few ms of waiting, not work, and they make up the wall p99.
   */
  readonly preempted: number;
  /** p99 over the invocations that were not preempted: the handler's own work. */
  readonly unpreemptedP99Us: number;
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
  handler: BenchHandler,
  scenario: FlowScenario,
  { warmup = 2_000, iterations = 10_000 } = {},
): Promise<WarmOverhead> {
  installReplies(scenario.replies, async (_command, answer) => answer());
  const context = lambdaContext(handlerName);
  const wallUs = new Float64Array(iterations);
  const preempted = new Uint8Array(iterations);
  const invoke = async (sample: number) => {
    const switches = process.resourceUsage().involuntaryContextSwitches;
    const started = performance.now();
    const response = await handler(scenario.event as never, context);
    const elapsedUs = (performance.now() - started) * 1_000;
    const wasPreempted = process.resourceUsage().involuntaryContextSwitches > switches;
    const missed = missedHappyPath(scenario, response);
    if (missed) throw new Error(`${handlerName}: ${missed}`);
    if (sample >= 0) [wallUs[sample], preempted[sample]] = [elapsedUs, wasPreempted ? 1 : 0];
  };
  for (let i = 0; i < warmup; i += 1) await invoke(-1);
  for (let i = 0; i < iterations; i += 1) await invoke(i);
  const unpreempted = wallUs.filter((_, i) => preempted[i] === 0).sort();
  wallUs.sort();
  return {
    iterations,
    p50Us: percentile(wallUs, 0.5),
    p99Us: percentile(wallUs, 0.99),
    meanUs: wallUs.reduce((sum, value) => sum + value, 0) / iterations,
    preempted: preempted.reduce((sum, value) => sum + value, 0),
    unpreemptedP99Us: percentile(unpreempted, 0.99),
  };
}

/**
 * Measures one handler in a fresh process (its own JIT state and module-scope clients) with the
 * Lambda environment at `logLevel`, on its happy path or its worst case. The handler's stdout, its
 * log stream, goes to /dev/null.
 */
export function measureWarmOverheadInChild(handlerName: string, logLevel: string, iterations = 10_000, variant?: 'worst-case'): Promise<WarmOverhead> {
  return new Promise((resolve, reject) => {
    const child = fork(path.join(__dirname, 'warm-worker.ts'), [handlerName, String(iterations), ...(variant ? [variant] : [])], {
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
