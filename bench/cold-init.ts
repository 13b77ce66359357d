import { execFileSync } from 'node:child_process';
import { childEnv } from './lambda-env';

/** The target: (handler init - empty init) <= 1.2 x (baseline init - empty init). */
export const INIT_RATIO_TARGET = 1.2;

/** Loads one module and prints how long `require` took, like the Lambda runtime loading the handler file. */
const PROBE = [
  "const { performance } = require('node:perf_hooks');",
  'const cpu = process.cpuUsage();',
  'const started = performance.now();',
  'require(process.argv[1]);',
  'const wallMs = performance.now() - started;',
  'const { user, system } = process.cpuUsage(cpu);',
  "process.stdout.write('\\nBENCH_INIT=' + JSON.stringify({ wallMs, cpuMs: (user + system) / 1000 }) + '\\n');",
].join('\n');

/** One module load: wall-clock time, and CPU time (user + system, all threads), which other load on the machine barely moves. */
export interface InitSample {
  readonly wallMs: number;
  readonly cpuMs: number;
}

export interface InitTiming {
  /** Median wall time over the fresh processes. */
  readonly wallMs: number;
  /** Median CPU time over the same processes. */
  readonly cpuMs: number;
  readonly runs: InitSample[];
}

/** Time to `require` `file` in a fresh Node process with the Lambda environment (one sample). */
export function initOnce(file: string): InitSample {
  const output = execFileSync(process.execPath, ['-e', PROBE, file], { env: childEnv(), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const match = /BENCH_INIT=(\{.*\})/.exec(output);
  if (!match) throw new Error(`no timing from ${file}: ${output.slice(-500)}`);
  return JSON.parse(match[1]) as InitSample;
}

/**
 * Median init time of each module over `runs` fresh processes. Runs are interleaved (module A, B,
 * C, A, B, C, ...) after one discarded warm-up round, so disk cache and machine load hit all alike.
 */
export function measureColdInit(files: Record<string, string>, runs: number): Record<string, InitTiming> {
  const ids = Object.keys(files);
  for (const id of ids) initOnce(files[id]);
  const samples = new Map<string, InitSample[]>(ids.map((id) => [id, []]));
  for (let run = 0; run < runs; run += 1) {
    for (const id of ids) samples.get(id)?.push(initOnce(files[id]));
  }
  return Object.fromEntries(
    ids.map((id) => {
      const taken = samples.get(id) ?? [];
      return [id, { wallMs: median(taken.map((s) => s.wallMs)), cpuMs: median(taken.map((s) => s.cpuMs)), runs: taken }];
    }),
  );
}

/** The middle value (mean of the two middle values for an even count). */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
