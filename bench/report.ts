import { mkdirSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BUNDLE_RATIO_TARGET, type Addition } from './bundle-size';
import type { CallRounds } from './call-rounds';
import { INIT_RATIO_TARGET } from './cold-init';
import { RESULTS_DIR } from './paths';
import { WARM_P99_TARGET_US, type WarmOverhead } from './warm-overhead';
import { WEB_JS_GZIP_TARGET_BYTES, type WebAppSize } from './web-app';

/** Median init of one module over the fresh processes. */
export interface InitMedians {
  readonly wallMs: number;
  readonly cpuMs: number;
}

export interface HandlerResult {
  readonly handler: string;
  readonly flow?: string;
  bundle?: {
    readonly bytes: number;
    readonly baselineBytes: number;
    readonly ratio: number;
    readonly runtimeSdkBytes: number;
    readonly baselineSdk: { module: string; names: string[] }[];
    readonly additions: Addition[];
    /** Whether `cdk synth` produced a byte-identical bundle (set after the synth). */
    identicalToCdkAsset?: boolean;
  };
  init?: {
    readonly shipped: InitMedians;
    readonly baseline: InitMedians;
    readonly runtimeSdk: InitMedians;
    /** (handler - empty) / (baseline - empty), on wall time: the issue's measure. */
    readonly wallRatio: number;
    /** The same on CPU time, which other load on a shared machine disturbs far less. */
    readonly cpuRatio: number;
  };
  warm?: {
    /** POWERTOOLS_LOG_LEVEL=SILENT, as the issue asks. */
    readonly silent: WarmOverhead;
    /** POWERTOOLS_LOG_LEVEL=INFO as deployed, records written to /dev/null. */
    readonly info: WarmOverhead;
  };
  rounds?: CallRounds;
  /** Its scenario in WORST_CASES, if it has one. */
  worstCase?: { readonly flow: string; warm?: WarmOverhead; rounds?: CallRounds };
  readonly errors: string[];
}

export interface BenchResults {
  readonly date: string;
  readonly command: string;
  readonly machine: { cpus: number; cpuModel: string; memoryGb: number; node: string; platform: string };
  readonly emptyInit: InitMedians;
  readonly initRuns: number;
  readonly synthSeconds?: number;
  readonly synthCommand: string;
  readonly sdkDecision: string;
  /** 1-minute load average when the run started and ended: other work on the machine adds noise. */
  readonly load: { readonly start: number; readonly end: number };
  readonly handlers: HandlerResult[];
  /** The web app's production bundle (absent in results written before it existed). */
  readonly webApp?: WebAppSize;
}

/** The machine the numbers come from. */
export function machine(): BenchResults['machine'] {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.platform()} ${os.arch()}`,
  };
}

const kb = (bytes: number) => (bytes / 1024).toFixed(1);
const ms = (value: number) => value.toFixed(1);
const us = (value: number) => value.toFixed(0);
const mark = (ok: boolean) => (ok ? '✓' : '✗');
const ratio = (value: number) => `${value.toFixed(2)} ${mark(value <= INIT_RATIO_TARGET)}`;
/** A p99 in µs against the warm target. */
const p99 = (value: number) => `${us(value)} ${mark(value <= WARM_P99_TARGET_US)}`;
/** Sequential rounds against the flow's target. */
const roundsVsTarget = (rounds: CallRounds) => `${rounds.rounds} (≤ ${rounds.maxRounds}) ${mark(rounds.rounds <= rounds.maxRounds)}`;

/** The results as a Markdown table plus notes (the same text goes to the terminal and bench/README.md). */
export function formatMarkdown(results: BenchResults): string {
  const header = [
    'handler',
    'flow',
    'bundle KB',
    'SDK-only KB',
    `size ratio (≤ ${BUNDLE_RATIO_TARGET})`,
    'init ms wall / CPU',
    'SDK-only init ms wall / CPU',
    `init ratio wall / CPU (≤ ${INIT_RATIO_TARGET})`,
    'init ms wall, runtime SDK',
    `warm p50 / p99 µs (≤ ${WARM_P99_TARGET_US})`,
    'p99 µs not preempted',
    'p99 µs, INFO logs / not preempted',
    'AWS rounds (target)',
  ];
  const rows = results.handlers.map((result) => {
    const { bundle, init, warm, rounds } = result;
    // The ratios compare a function with the SDK it loads; one that loads none has no baseline to be compared with.
    const sdkFree = bundle !== undefined && bundle.baselineSdk.length === 0;
    return [
      result.handler,
      result.flow ?? '(no scenario)',
      bundle ? kb(bundle.bytes) : '-',
      bundle ? kb(bundle.baselineBytes) : '-',
      sdkFree ? NO_SDK : bundle ? `${bundle.ratio.toFixed(3)} ${mark(bundle.ratio <= BUNDLE_RATIO_TARGET)}` : '-',
      init ? `${ms(init.shipped.wallMs)} / ${ms(init.shipped.cpuMs)}` : '-',
      init ? `${ms(init.baseline.wallMs)} / ${ms(init.baseline.cpuMs)}` : '-',
      sdkFree ? NO_SDK : init ? `${ratio(init.wallRatio)} / ${ratio(init.cpuRatio)}` : '-',
      init ? ms(init.runtimeSdk.wallMs) : '-',
      warm ? `${us(warm.silent.p50Us)} / ${p99(warm.silent.p99Us)}` : '-',
      warm ? p99(warm.silent.unpreemptedP99Us) : '-',
      warm ? `${us(warm.info.p99Us)} / ${us(warm.info.unpreemptedP99Us)}` : '-',
      rounds ? roundsVsTarget(rounds) : '-',
    ];
  });
  const table = [header, header.map(() => '---'), ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
  const m = results.machine;
  const notes = [
    `Empty module init: ${ms(results.emptyInit.wallMs)} ms wall / ${ms(results.emptyInit.cpuMs)} ms CPU; every init figure is the median of ${results.initRuns} fresh processes per module, interleaved.`,
    `\`${results.synthCommand}\`: ${results.synthSeconds === undefined ? 'failed' : `${results.synthSeconds.toFixed(1)} s`}.`,
    `SDK: ${results.sdkDecision}`,
    `Handler bundles byte-identical to the Lambda assets of that synth: ${results.handlers.map((r) => `${r.handler} ${r.bundle?.identicalToCdkAsset ? 'yes' : 'NO'}`).join(', ')}.`,
    ...results.handlers.flatMap((result) => [
      ...(result.bundle?.baselineSdk.length === 0 ? [sdkFreeNote(result, results.handlers)] : []),
      ...(result.rounds ? [`${result.handler} rounds: ${sequence(result.rounds)}`] : []),
      ...(result.worstCase ? [worstCaseNote(result.handler, result.worstCase)] : []),
      ...(result.bundle
        ? [
            `${result.handler} bytes over SDK-only: ${result.bundle.additions
              .filter((a) => a.bytes >= 100)
              .slice(0, 5)
              .map((a) => `${a.source} ${kb(a.bytes)} KB`)
              .join(', ')}`,
          ]
        : []),
      ...result.errors.map((error) => `${result.handler} ERROR: ${error}`),
    ]),
    `Machine: ${m.cpus} × ${m.cpuModel}, ${m.memoryGb} GB, Node ${m.node}, ${m.platform}; load average ${results.load.start.toFixed(1)} → ${results.load.end.toFixed(1)}; ${results.date}.`,
  ];
  return `${table}\n\n${webAppTable(results.webApp)}${notes.map((note) => `- ${note}`).join('\n')}\n`;
}

const NO_SDK = 'n/a (no AWS SDK)';

/** A function that imports no AWS SDK has no SDK-only baseline: its absolute size and init, against the smallest baseline of the others. */
function sdkFreeNote(result: HandlerResult, all: readonly HandlerResult[]): string {
  const baselines = all.filter((other) => other.bundle && other.bundle.baselineSdk.length > 0);
  const smallestBytes = Math.min(...baselines.map((other) => other.bundle?.baselineBytes ?? Number.POSITIVE_INFINITY));
  const smallestInit = Math.min(...baselines.map((other) => other.init?.baseline.wallMs ?? Number.POSITIVE_INFINITY));
  const init = result.init ? `${ms(result.init.shipped.wallMs)} ms init` : 'init not measured';
  return `${result.handler} imports no AWS SDK, so the ratio targets do not apply: ${kb(result.bundle?.bytes ?? 0)} KB and ${init}, against the smallest SDK-only baseline of the others, ${kb(smallestBytes)} KB and ${ms(smallestInit)} ms.`;
}

/** The rounds in order, the calls of one round joined by `+` (n of the same command as `Command × n`). */
function sequence(rounds: CallRounds): string {
  const counted = (round: readonly string[]) =>
    [...new Set(round)].map((command) => {
      const times = round.filter((name) => name === command).length;
      return times > 1 ? `${command} × ${times}` : command;
    });
  return rounds.sequence.map((round) => counted(round).join(' + ')).join(' → ');
}

function worstCaseNote(handler: string, { flow, warm, rounds }: NonNullable<HandlerResult['worstCase']>): string {
  const warmText = warm ? `warm p50 / p99 µs ${us(warm.p50Us)} / ${p99(warm.p99Us)} (${us(warm.unpreemptedP99Us)} not preempted)` : 'warm not measured';
  const roundsText = rounds ? `rounds ${roundsVsTarget(rounds)}: ${sequence(rounds)}` : 'rounds not measured';
  return `${handler} worst case (${flow}): ${warmText}; ${roundsText}`;
}

/** The web app's files, raw and gzipped, and the JavaScript total against its budget. */
function webAppTable(webApp: WebAppSize | undefined): string {
  if (!webApp) return '';
  const target = `≤ ${kb(WEB_JS_GZIP_TARGET_BYTES)}`;
  const rows = [
    ['web app file', 'KB', 'gzip KB'],
    ['---', '---', '---'],
    ...webApp.files.map((file) => [file.path, kb(file.bytes), kb(file.gzipBytes)]),
    [`**JavaScript total** (${target} gzip)`, '', `${kb(webApp.jsGzipBytes)} ${mark(webApp.jsGzipBytes <= WEB_JS_GZIP_TARGET_BYTES)}`],
    ['all files', '', kb(webApp.totalGzipBytes)],
  ];
  return `${rows.map((cells) => `| ${cells.join(' | ')} |`).join('\n')}\n\n`;
}

/** Writes the results as bench-results/latest.{json,md} and a dated JSON copy; returns the JSON path. */
export function writeResults(results: BenchResults): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const json = `${JSON.stringify(results, null, 2)}\n`;
  const latest = path.join(RESULTS_DIR, 'latest.json');
  writeFileSync(latest, json);
  writeFileSync(path.join(RESULTS_DIR, `bench-${results.date.replace(/[:.]/g, '-')}.json`), json);
  writeFileSync(path.join(RESULTS_DIR, 'latest.md'), formatMarkdown(results));
  return latest;
}
