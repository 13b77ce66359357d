import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { PROJECT_ROOT, RESULTS_DIR } from './paths';

const SYNTH_OUT = path.join(RESULTS_DIR, 'cdk.out');

/** The synth command as timed (output kept under bench-results/ so it never clobbers a cdk.out in use). */
export const SYNTH_COMMAND = ['npx', 'cdk', 'synth', '--quiet', '--output', path.relative(PROJECT_ROOT, SYNTH_OUT)];

/** Wall time of one `cdk synth` (app start, every handler bundled by esbuild, template written), in seconds. */
export function measureSynthSeconds(): number {
  const started = performance.now();
  execFileSync(SYNTH_COMMAND[0], SYNTH_COMMAND.slice(1), { cwd: PROJECT_ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  return (performance.now() - started) / 1_000;
}

/** SHA-256 of a file's bytes, hex. */
export function sha256File(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/** SHA-256 of every Lambda bundle the last synth wrote (`asset.<hash>/index.js`): proof the bench bundles what CDK ships. */
export function synthesizedBundleHashes(): Set<string> {
  const bundles = readdirSync(SYNTH_OUT)
    .filter((entry) => entry.startsWith('asset.'))
    .map((entry) => path.join(SYNTH_OUT, entry, 'index.js'))
    .filter((file) => existsSync(file));
  return new Set(bundles.map(sha256File));
}
