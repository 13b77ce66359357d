/**
 * Child process for one warm-overhead measurement: `node --import tsx bench/warm-worker.ts <handler>
 * <iterations> [worst-case]` (its happy path, or its scenario in WORST_CASES),
 * started with the Lambda environment (and its log level) by `runWarmWorker`. The result goes
 * back over IPC because stdout is the handler's log stream (sent to /dev/null).
 */
import { loadHandler } from './handlers';
import { SCENARIOS, WORST_CASES } from './scenarios';
import { measureWarmOverhead } from './warm-overhead';

async function main(): Promise<void> {
  const [handlerName, iterations, variant] = process.argv.slice(2);
  const scenario = (variant === 'worst-case' ? WORST_CASES : SCENARIOS)[handlerName];
  if (!scenario) throw new Error(`no ${variant ?? 'happy-path'} scenario for ${handlerName}`);
  const result = await measureWarmOverhead(handlerName, await loadHandler(handlerName), scenario, { iterations: Number(iterations) });
  process.send?.(result);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
