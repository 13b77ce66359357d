/**
 * `npm run bench`: bundle size, cold init, warm overhead and AWS call rounds per handler, and the
 * `cdk synth` wall time. Prints a Markdown table and writes bench-results/latest.{json,md}.
 * Not part of `npm test`; test/unit/bench checks its core on one handler.
 */
import * as os from 'node:os';
import { BUNDLING } from '../lib/constructs/api-function';
import { bundle, bundleSource, measureBundleSizes } from './bundle-size';
import { measureCallRounds } from './call-rounds';
import { initOnce, measureColdInit, median } from './cold-init';
import { discoverHandlers, handlerEntry, loadHandler } from './handlers';
import { LAMBDA_ENV } from './lambda-env';
import { type BenchResults, formatMarkdown, type HandlerResult, machine, writeResults } from './report';
import { SCENARIOS, WORST_CASES } from './scenarios';
import { measureSynthSeconds, sha256File, SYNTH_COMMAND, synthesizedBundleHashes } from './synth';
import { measureWarmOverheadInChild } from './warm-overhead';
import { measureWebApp } from './web-app';

const INIT_RUNS = 25;
const WARM_ITERATIONS = 10_000;

function log(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

function failure(error: unknown): string {
  return (error as Error).message?.split('\n')[0] ?? String(error);
}

/** What `measure` measured, or `undefined` with its failure noted as one of the handler's errors (`label: ...`). */
async function recorded<T>(result: HandlerResult, label: string, measure: () => Promise<T>): Promise<T | undefined> {
  try {
    return await measure();
  } catch (error) {
    result.errors.push(`${label}: ${failure(error)}`);
    return undefined;
  }
}

async function main(): Promise<void> {
  const loadAtStart = os.loadavg()[0];
  const handlers = discoverHandlers();
  const results: HandlerResult[] = handlers.map((handler) => ({ handler, flow: SCENARIOS[handler]?.flow, errors: [] }));
  log(`handlers: ${handlers.join(', ')}`);

  // 1. Bundle sizes (and the bundles the init measurement loads).
  const initFiles: Record<string, string> = { empty: (await bundleSource('', 'empty')).file };
  for (const result of results) {
    try {
      const sizes = await measureBundleSizes(result.handler);
      result.bundle = {
        bytes: sizes.handler.bytes,
        baselineBytes: sizes.baseline.bytes,
        ratio: sizes.ratio,
        runtimeSdkBytes: sizes.handlerRuntimeSdk.bytes,
        baselineSdk: sizes.sdkImports,
        additions: sizes.additions,
      };
      for (const [variant, bundle] of [
        ['shipped', sizes.handler],
        ['baseline', sizes.baseline],
        ['runtimeSdk', sizes.handlerRuntimeSdk],
      ] as const) {
        initOnce(bundle.file); // fails fast (e.g. a missing env var) before the long interleaved run
        initFiles[`${result.handler}:${variant}`] = bundle.file;
      }
    } catch (error) {
      result.errors.push(`bundle/init: ${failure(error)}`);
    }
  }

  // 2. Cold init, interleaved over all modules in the same run.
  log(`cold init: ${Object.keys(initFiles).length} modules x ${INIT_RUNS} fresh processes`);
  const init = measureColdInit(initFiles, INIT_RUNS);
  const empty = init.empty;
  for (const result of results) {
    const [shipped, baseline, runtimeSdk] = ['shipped', 'baseline', 'runtimeSdk'].map((variant) => init[`${result.handler}:${variant}`]);
    if (!shipped || !baseline || !runtimeSdk) continue;
    const overEmpty = (key: 'wallMs' | 'cpuMs') => (shipped[key] - empty[key]) / (baseline[key] - empty[key]);
    result.init = {
      shipped: { wallMs: shipped.wallMs, cpuMs: shipped.cpuMs },
      baseline: { wallMs: baseline.wallMs, cpuMs: baseline.cpuMs },
      runtimeSdk: { wallMs: runtimeSdk.wallMs, cpuMs: runtimeSdk.cpuMs },
      wallRatio: overEmpty('wallMs'),
      cpuRatio: overEmpty('cpuMs'),
    };
  }

  // 3. AWS call rounds, in this process (one invocation each, logs silenced; metrics too, since
  // their EMF records would land in the Markdown on stdout, and publishing one makes no AWS call).
  Object.assign(process.env, LAMBDA_ENV, { POWERTOOLS_LOG_LEVEL: 'SILENT', POWERTOOLS_METRICS_DISABLED: 'true' });
  for (const result of results) {
    const scenario = SCENARIOS[result.handler];
    const worstCase = WORST_CASES[result.handler];
    // Loaded inside the measurement, so a handler that fails to load is reported, not fatal (imports are cached).
    const rounds = async (of: typeof scenario) => measureCallRounds(result.handler, await loadHandler(result.handler), of);
    if (scenario) result.rounds = await recorded(result, 'rounds', () => rounds(scenario));
    if (worstCase) {
      result.worstCase = { flow: worstCase.flow };
      result.worstCase.rounds = await recorded(result, 'worst-case rounds', () => rounds(worstCase));
    }
  }

  // 4. Warm overhead, one fresh process per handler and log level (worst cases: without logs).
  for (const result of results) {
    if (!SCENARIOS[result.handler]) continue;
    log(`warm: ${result.handler}`);
    result.warm = await recorded(result, 'warm', async () => ({
      silent: await measureWarmOverheadInChild(result.handler, 'SILENT', WARM_ITERATIONS),
      info: await measureWarmOverheadInChild(result.handler, 'INFO', WARM_ITERATIONS),
    }));
    if (result.worstCase) {
      result.worstCase.warm = await recorded(result, 'worst-case warm', () =>
        measureWarmOverheadInChild(result.handler, 'SILENT', WARM_ITERATIONS, 'worst-case'),
      );
    }
  }

  // 5. cdk synth, once, last (it competes for the CPU).
  log('cdk synth');
  let synthSeconds: number | undefined;
  try {
    synthSeconds = measureSynthSeconds();
    // Bundled again now, so code edited during the run (a shared working tree) is told apart from a real mismatch.
    const synthesized = synthesizedBundleHashes();
    for (const result of results) {
      if (!result.bundle) continue;
      const now = sha256File((await bundle(handlerEntry(result.handler), `${result.handler}.recheck`)).file);
      result.bundle.identicalToCdkAsset = synthesized.has(now);
      if (now !== sha256File(initFiles[`${result.handler}:shipped`])) result.errors.push('source changed during the run; rerun');
    }
  } catch (error) {
    log(`synth failed: ${failure(error)}`);
  }

  // 6. The web app's production bundle (what the stack deploys).
  log('web app bundle');
  const webApp = measureWebApp();

  const bench: BenchResults = {
    date: new Date().toISOString(),
    command: 'npm run bench',
    machine: machine(),
    emptyInit: { wallMs: empty.wallMs, cpuMs: empty.cpuMs },
    initRuns: INIT_RUNS,
    synthSeconds,
    synthCommand: SYNTH_COMMAND.join(' '),
    sdkDecision: sdkDecision(results),
    load: { start: loadAtStart, end: os.loadavg()[0] },
    handlers: results,
    webApp,
  };
  process.stdout.write(formatMarkdown(bench));
  log(`results: ${writeResults(bench)}`);
  if (results.some((result) => result.errors.length > 0)) process.exitCode = 1;
}

/** Bundled SDK vs the runtime's copy, decided by the median init time over all handlers. */
function sdkDecision(results: HandlerResult[]): string {
  const measured = results.flatMap((result) => (result.init ? [result.init] : []));
  if (measured.length === 0) return 'not measured';
  const bundled = median(measured.map((init) => init.shipped.wallMs));
  const runtime = median(measured.map((init) => init.runtimeSdk.wallMs));
  const current = BUNDLING.externalModules.length === 0 ? 'bundled' : 'runtime';
  const faster = bundled <= runtime ? 'bundled' : 'runtime';
  return (
    `init with the SDK bundled ${ms(bundled)} ms vs \`@aws-sdk/*\` external (loaded from node_modules as the runtime's copy would be) ` +
    `${ms(runtime)} ms (median over handlers): the ${faster} SDK is faster by ${ms(Math.abs(runtime - bundled))} ms; ` +
    `BUNDLING currently uses the ${current} SDK${current === faster ? ' (keep)' : ' (SWITCH)'}.`
  );
}

const ms = (value: number) => value.toFixed(1);

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
