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

/** SHA-256 of every Lambda bundle (`index.js` of each zip asset) in the asset manifests the last synth wrote. */
export function synthesizedBundleHashes(): Set<string> {
  const manifests = readdirSync(SYNTH_OUT).filter((entry) => entry.endsWith('.assets.json'));
  const bundles = manifests.flatMap((manifest) => {
    const { files } = JSON.parse(readFileSync(path.join(SYNTH_OUT, manifest), 'utf8')) as AssetManifest;
    return Object.values(files)
      .filter(({ source }) => source.packaging === 'zip')
      .map(({ source }) => path.join(SYNTH_OUT, source.path, 'index.js'));
  });
  return new Set(bundles.filter((file) => existsSync(file)).map(sha256File));
}

interface AssetManifest {
  readonly files: Record<string, { readonly source: { readonly path: string; readonly packaging?: string } }>;
}
